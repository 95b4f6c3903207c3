<#
.SYNOPSIS
  Sign Folio's Windows bundle (every .exe, .dll and .pyd) and then its MSI with signtool.

.DESCRIPTION
  Run on the Windows build machine after `pyinstaller build.spec` and again after the
  MSI is built (docs/admin.md, "Windows build machine"): the files inside the MSI
  must be signed before they are packed, the MSI after. Two ways to reach the key,
  never a .pfx file on the build machine:

    -Thumbprint   a code-signing certificate in the machine's or user's certificate
                  store, its key on a hardware token or in a cloud HSM (DigiCert
                  KeyLocker, an EV token); signtool /sha1 picks it.
    -TrustedSigning  Azure Trusted Signing: -DlibPath to Azure.CodeSigning.Dlib.dll
                  (NuGet Microsoft.Trusted.Signing.Client) and -MetadataPath to a JSON
                  file naming Endpoint, CodeSigningAccountName and
                  CertificateProfileName; the runner signs in with its managed
                  identity or the AZURE_* environment of a service principal.

  Every signature is RFC 3161 timestamped, so it outlives the certificate. Files that
  already carry a valid signature (python3*.dll from python.org, the MSVC runtime)
  are left as they are. Afterwards every file is verified with `signtool verify /pa`.

  CI: the Windows release job runs this when its secrets hold a thumbprint or Trusted
  Signing metadata, and skips signing (with a warning in the job log) when they do
  not. It is not run by the Linux test suite; nothing here is claimed as tested.

.EXAMPLE
  .\packaging\windows\sign.ps1 -Path dist\folio -Thumbprint 0123456789ABCDEF0123456789ABCDEF01234567
  .\packaging\windows\sign.ps1 -Path folio-1.2.3.msi -Thumbprint 0123456789ABCDEF0123456789ABCDEF01234567
.EXAMPLE
  .\packaging\windows\sign.ps1 -Path dist\folio -TrustedSigning `
      -DlibPath C:\tools\Azure.CodeSigning.Dlib.dll -MetadataPath C:\tools\folio-signing.json
#>
[CmdletBinding(DefaultParameterSetName = "Thumbprint")]
param(
    # A folder (every .exe, .dll, .pyd under it) or one file (an .msi or .exe).
    [Parameter(Mandatory = $true)] [string] $Path,
    [Parameter(Mandatory = $true, ParameterSetName = "Thumbprint")] [string] $Thumbprint,
    [Parameter(Mandatory = $true, ParameterSetName = "TrustedSigning")] [switch] $TrustedSigning,
    [Parameter(Mandatory = $true, ParameterSetName = "TrustedSigning")] [string] $DlibPath,
    [Parameter(Mandatory = $true, ParameterSetName = "TrustedSigning")] [string] $MetadataPath,
    [string] $TimestampUrl = "http://timestamp.acs.microsoft.com",
    [string] $Description = "Folio",
    [string] $DescriptionUrl = "https://example.org/folio"
)
$ErrorActionPreference = "Stop"

function Find-SignTool {
    $onPath = Get-Command signtool.exe -ErrorAction SilentlyContinue
    if ($onPath) { return $onPath.Source }
    $kits = Join-Path ${env:ProgramFiles(x86)} "Windows Kits\10\bin"
    $found = Get-ChildItem $kits -Recurse -Filter signtool.exe -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -match "\\x64\\" } | Sort-Object FullName -Descending |
        Select-Object -First 1
    if (-not $found) { throw "signtool.exe not found: install the Windows 10/11 SDK" }
    return $found.FullName
}

$signtool = Find-SignTool
$item = Get-Item $Path
if ($item.PSIsContainer) {
    $candidates = Get-ChildItem $item.FullName -Recurse -File -Include *.exe, *.dll, *.pyd
} else {
    $candidates = @($item)
}
# Leave what is already validly signed (python.org's DLLs, the VC++ runtime) alone.
$toSign = @($candidates | Where-Object { (Get-AuthenticodeSignature $_.FullName).Status -ne "Valid" })
Write-Host "sign: $($toSign.Count) of $($candidates.Count) files need a signature"

$common = @("sign", "/fd", "SHA256", "/tr", $TimestampUrl, "/td", "SHA256",
            "/d", $Description, "/du", $DescriptionUrl)
if ($PSCmdlet.ParameterSetName -eq "Thumbprint") {
    $common += @("/sha1", $Thumbprint)
} else {
    $common += @("/dlib", $DlibPath, "/dmdf", $MetadataPath)
}

# signtool takes many files per call; batches keep the command line under its limit.
$batch = 50
for ($i = 0; $i -lt $toSign.Count; $i += $batch) {
    $files = $toSign[$i..([Math]::Min($i + $batch, $toSign.Count) - 1)] | ForEach-Object { $_.FullName }
    & $signtool @common @files
    if ($LASTEXITCODE -ne 0) { throw "signtool sign failed (exit $LASTEXITCODE)" }
}

$unsigned = @()
foreach ($file in $candidates) {
    & $signtool verify /pa /q $file.FullName | Out-Null
    if ($LASTEXITCODE -ne 0) { $unsigned += $file.FullName }
}
if ($unsigned.Count -gt 0) {
    throw "not validly signed after signing:`n$($unsigned -join "`n")"
}
Write-Host "sign: every file verifies (signtool verify /pa)"

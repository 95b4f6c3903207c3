<#
.SYNOPSIS
  The Windows release build: bundle, self-test, sign, MSI, sign again.

.DESCRIPTION
  For the Windows build runner (docs/admin.md, "Windows build machine"): Python 3.11
  x64 from python.org, Git, the WiX Toolset 3.14 (heat, candle, light on PATH) and
  the Windows SDK (signtool). Signing runs when -Thumbprint or the Trusted Signing
  parameters are given (CI passes them from its secrets when a certificate exists);
  without them the MSI is built unsigned and the script says so. PyInstaller does
  not cross-build, so this is the only place the Windows executables are made; the
  Linux CI checks the spec (tests/packaging/test_windows_build.py) and the MSI
  definition with wixl (test_msi.py), not this script.

.EXAMPLE
  .\packaging\windows\build.ps1 -Thumbprint 0123456789ABCDEF0123456789ABCDEF01234567
#>
param(
    [string] $Thumbprint = $env:FOLIO_SIGNING_THUMBPRINT,
    [string] $DlibPath = $env:FOLIO_TRUSTED_SIGNING_DLIB,
    [string] $MetadataPath = $env:FOLIO_TRUSTED_SIGNING_METADATA
)
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $root

function Invoke-Checked([string] $Exe, [string[]] $Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed (exit $LASTEXITCODE)" }
}

function Invoke-Sign([string] $Target) {
    $sign = Join-Path $PSScriptRoot "sign.ps1"
    if ($Thumbprint) {
        & $sign -Path $Target -Thumbprint $Thumbprint
    } elseif ($DlibPath -and $MetadataPath) {
        & $sign -Path $Target -TrustedSigning -DlibPath $DlibPath -MetadataPath $MetadataPath
    } else {
        Write-Warning "no signing certificate configured: $Target stays unsigned"
    }
}

if (-not (Test-Path .venv)) { Invoke-Checked py @("-3.11", "-m", "venv", ".venv") }
Invoke-Checked .venv\Scripts\python.exe @("-m", "pip", "install", "-q", "uv")
$env:UV_PROJECT_ENVIRONMENT = Join-Path $root ".venv"
Invoke-Checked .venv\Scripts\uv.exe @("sync", "-q", "--frozen", "--inexact", "--group", "dev")
Invoke-Checked .venv\Scripts\python.exe @("-m", "desktop.i18n_build")
Invoke-Checked .venv\Scripts\pyinstaller.exe @("--noconfirm", "build.spec")

$version = (& dist\folio\folio-cli.exe --version).Split(" ")[1]
$env:QT_QPA_PLATFORM = "offscreen"
$selfTest = & dist\folio\folio-cli.exe --self-test
if ($LASTEXITCODE -ne 0 -or -not ($selfTest -match "self-test passed")) {
    throw "the bundle's self-test failed:`n$selfTest"
}
Remove-Item Env:\QT_QPA_PLATFORM

Invoke-Sign "dist\folio"
Invoke-Checked heat.exe @("dir", "dist\folio", "-cg", "FolioFiles", "-dr", "INSTALLDIR", "-srd",
    "-gg", "-sfrag", "-var", "var.SourceDir", "-out", "build\files.wxs")
Invoke-Checked candle.exe @("-arch", "x64", "-dVersion=$version", "-dSourceDir=dist\folio",
    "-dWin64=yes", "-out", "build\", "packaging\windows\folio.wxs", "build\files.wxs")
Invoke-Checked light.exe @("build\folio.wixobj", "build\files.wixobj", "-o", "dist\folio-$version.msi")
Invoke-Sign "dist\folio-$version.msi"
Write-Host "built dist\folio-$version.msi"

#!/usr/bin/env bash
# Build folio-<version>.msi from a Windows bundle with wixl (msitools), on Linux.
#
#   packaging/windows/build-msi.sh BUNDLE_DIR VERSION OUT_DIR
#
# The release MSI is built on the Windows runner with the WiX Toolset from the same
# folio.wxs (docs/admin.md, "Windows build machine"); this script is how CI checks
# that definition on Linux (tests/packaging/test_msi.py), and builds a usable MSI
# where no Windows machine is at hand. BUNDLE_DIR is PyInstaller's dist\folio from a
# Windows build (Folio.exe, folio-cli.exe, _internal\...).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 3 ] || { echo "usage: build-msi.sh BUNDLE_DIR VERSION OUT_DIR" >&2; exit 2; }
bundle=$(cd "$1" && pwd)
version=$2
mkdir -p "$3"
out_dir=$(cd "$3" && pwd)
for exe in Folio.exe folio-cli.exe _internal/resources/icons/folio.ico; do
    [ -f "$bundle/$exe" ] || { echo "build-msi: $bundle/$exe is missing" >&2; exit 1; }
done
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# wixl-heat reads file paths on stdin, relative to the folder it runs in.
ln -s "$bundle" "$stage/folio"
(cd "$stage" && find -L folio -type f | LC_ALL=C sort |
    wixl-heat --var var.SourceDir -p folio/ --directory-ref INSTALLDIR \
              --component-group FolioFiles --win64 > files.wxs)
msi="$out_dir/folio-$version.msi"
# wixl warns about the WiX attributes it ignores (Secure, Platform); they are known.
(cd "$stage" && wixl -a x64 -D "SourceDir=folio" -D "Version=$version" -D Win64=yes \
    "$here/folio.wxs" files.wxs -o "$msi" 2> wixl.log) || { cat "$stage/wixl.log" >&2; exit 1; }
echo "$msi"

#!/usr/bin/env bash
# Build folio_<version>_<arch>.deb from the PyInstaller one-folder bundle.
#
#   packaging/linux/build-deb.sh [BUNDLE_DIR [OUT_DIR]]     (defaults: dist/folio, dist)
#
# The bundle goes to /opt/folio, /usr/bin/folio is a symlink to it, a .desktop file
# puts Folio in the menu with the app icon from the hicolor theme (PNG sizes and the
# SVG, taken from the bundle, where build.spec rendered them). Machine policy is IT's:
# /etc/folio/policy.toml is never shipped (an example is in the docs).
#
# Depends is what dpkg-shlibdeps derives from every ELF file in the bundle: each
# library the bundle links to and does not carry itself, with the version its
# symbols need (libc6 >= 2.36 for a bundle built on Debian 12, not a guess). The
# libraries the bundle carries resolve inside the package tree (their $ORIGIN
# RPATHs and -l for the bundle's folders), so they add nothing. Two packages no ELF
# file names are added by hand: fontconfig's configuration and a font (the bundled
# libfontconfig reads /etc/fonts; Qt finds no font without them), and the keyrings
# that hold the device secret (Recommends). What lintian says about an
# /opt bundle on purpose is in the overrides (packaging/linux/lintian-overrides).
#
# postinst runs `folio self-test` (a throwaway vault in a temp folder, a page
# rendered, the Qt platform plugins loaded offscreen), so a machine missing a
# library fails the install with the library's name instead of failing later at
# the reader's first start. FOLIO_SKIP_SELF_TEST=1 skips it (image builds in a chroot).
#
# Needs dpkg-deb >= 1.19 (--root-owner-group) and dpkg-dev (dpkg-shlibdeps); no
# root, no fakeroot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle=$(cd "${1:-dist/folio}" && pwd)
out_dir=${2:-dist}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

[ -x "$bundle/folio" ] || { echo "build-deb: $bundle/folio is missing; build the bundle first" >&2; exit 1; }
icons="$bundle/_internal/resources/icons"
[ -f "$icons/folio.svg" ] || { echo "build-deb: $icons/folio.svg is missing; rebuild the bundle" >&2; exit 1; }
version=$("$bundle/folio" --version | awk '{print $2}')
[ -n "$version" ] || { echo "build-deb: could not read the bundle's version" >&2; exit 1; }
arch=$(dpkg --print-architecture)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
doc="$root/usr/share/doc/folio"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" "$doc" \
         "$root/usr/share/lintian/overrides" "$root/usr/share/icons/hicolor/scalable/apps"
cp -a "$bundle" "$root/opt/folio"
ln -s /opt/folio/folio "$root/usr/bin/folio"
install -m 0644 "$here/folio.desktop" "$root/usr/share/applications/folio.desktop"
install -m 0644 "$here/policy.toml.example" "$doc/policy.toml.example"
install -m 0644 "$here/lintian-overrides" "$root/usr/share/lintian/overrides/folio"
install -m 0644 "$icons/folio.svg" "$root/usr/share/icons/hicolor/scalable/apps/folio.svg"
for png in "$icons"/folio-*.png; do
    size=$(basename "$png" .png)
    size=${size#folio-}
    mkdir -p "$root/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 0644 "$png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/folio.png"
done

# Debian's machine-readable copyright (DEP-5) and a changelog, as policy asks.
cat > "$doc/copyright" <<'COPYRIGHT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Folio
Source: https://example.org/folio

Files: *
Copyright: 2024-2026 The Folio developers
License: AGPL-3.0-or-later

Files: opt/folio/_internal/PySide6/* opt/folio/_internal/shiboken6/* opt/folio/_internal/libQt6*
Copyright: 2015-2026 The Qt Company Ltd. and other contributors
License: LGPL-3.0-only
 Qt for Python and the Qt libraries are used unmodified as shared libraries and
 can be replaced in /opt/folio/_internal. On Debian systems the full text of the
 GNU Lesser General Public License version 3 is in
 /usr/share/common-licenses/LGPL-3.

Files: opt/folio/_internal/pymupdf/*
Copyright: 2004-2026 Artifex Software, Inc.
License: AGPL-3.0-or-later

Files: opt/folio/_internal/sqlcipher3/*
Copyright: 2008-2026 Zetetic LLC
License: BSD-3-Clause
 Redistribution and use in source and binary forms, with or without modification,
 are permitted provided that the conditions in SQLCipher's LICENSE are met.

Files: opt/folio/_internal/libpython3* opt/folio/_internal/base_library.zip
Copyright: 2001-2026 Python Software Foundation
License: PSF-2.0
 The Python license is in /opt/folio/_internal/*.dist-info where bundled, and at
 https://docs.python.org/3/license.html.

Files: opt/folio/_internal/*.dist-info/*
Copyright: see each distribution's metadata
License: various
 Each bundled Python distribution's licence is in its .dist-info folder.

License: AGPL-3.0-or-later
 This program is free software: you can redistribute it and/or modify it under
 the terms of the GNU Affero General Public License as published by the Free
 Software Foundation, either version 3 of the License, or (at your option) any
 later version. The full text is at https://www.gnu.org/licenses/agpl-3.0.html.
COPYRIGHT
{
    echo "folio ($version) stable; urgency=medium"
    echo
    echo "  * Folio $version, built from the PyInstaller bundle."
    echo
    echo " -- The Folio developers <folio@example.org>  $(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")"
} | gzip -9n > "$doc/changelog.gz"  # a native package: its version has no Debian revision
chmod 0644 "$doc/changelog.gz" "$doc/copyright"

# Depends from the bundle's ELF files (see the header). dpkg-shlibdeps wants a
# debian/control beside it and the package tree (DEBIAN/ marks its root).
mkdir -p "$stage/debian"
printf 'Source: folio\n\nPackage: folio\nArchitecture: any\n' > "$stage/debian/control"
find "$root/opt/folio" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) -print0 |
    xargs -0 file --no-pad -0 | tr '\0' '\t' | awk -F'\t' '$2 ~ /ELF/ {print $1}' > "$stage/elf-files"
[ -s "$stage/elf-files" ] || { echo "build-deb: no ELF files in the bundle?" >&2; exit 1; }
libdirs=()
while IFS= read -r dir; do
    libdirs+=("-l${dir#"$root"}")
done < <(xargs -n1 dirname < "$stage/elf-files" | sort -u)
mapfile -t elf_files < "$stage/elf-files"
shlibs=$(cd "$stage" && dpkg-shlibdeps -O --ignore-missing-info "${libdirs[@]}" "${elf_files[@]}" 2> shlibdeps.log) ||
    { cat "$stage/shlibdeps.log" >&2; exit 1; }
depends=${shlibs#shlibs:Depends=}
[ -n "$depends" ] && [ "$depends" != "$shlibs" ] || { echo "build-deb: dpkg-shlibdeps gave no Depends" >&2; exit 1; }

cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
# Check the installed bundle once: a throwaway vault in a temp folder, the example
# meeting imported and rendered, the Qt platform plugins loaded offscreen. Nothing
# stays behind (its own HOME and data folder, removed again).
set -e
if [ "$1" = "configure" ] && [ "${FOLIO_SKIP_SELF_TEST:-0}" != "1" ]; then
    scratch=$(mktemp -d)
    if ! env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$scratch" TMPDIR="$scratch" \
            QT_QPA_PLATFORM=offscreen /opt/folio/folio --data-dir "$scratch/data" self-test \
            > "$scratch/self-test.log" 2>&1; then
        cat "$scratch/self-test.log" >&2
        rm -rf "$scratch"
        echo "folio: the installed app failed its self-test (above); see /usr/share/doc/folio" >&2
        exit 1
    fi
    rm -rf "$scratch"
fi
exit 0
POSTINST
chmod 0755 "$root/DEBIAN/postinst"

# Directories 0755, files keep their mode (executables 0755, data 0644); shared
# libraries need no execute bit (the wheels ship some with it).
find "$root" -type d -exec chmod 0755 {} +
find "$root/opt/folio/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) -exec chmod 0644 {} +
installed_kb=$(du -sk "$root/opt" "$root/usr" | awk '{s += $1} END {print s}')
(cd "$root" && find opt usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

cat > "$root/DEBIAN/control" <<CONTROL
Package: folio
Version: $version
Architecture: $arch
Maintainer: The Folio developers <folio@example.org>
Section: misc
Priority: optional
Installed-Size: $installed_kb
Depends: $depends, fontconfig-config, fonts-dejavu-core
Recommends: gnome-keyring | kwalletmanager
Homepage: https://example.org/folio
Description: Encrypted, offline meeting packs for boards and committees
 Read, annotate, comment and decide on meeting documents, offline. Everything
 is stored encrypted on the device. Configure centrally with
 /etc/folio/policy.toml (see /usr/share/doc/folio/policy.toml.example).
CONTROL

deb="$out_dir/folio_${version}_${arch}.deb"
# xz for releases (smallest); the CI packaging tier passes FOLIO_DEB_COMPRESSION=gzip
# (level 1: xz over 230 MB costs a minute; lintian refuses an uncompressed package).
compression=${FOLIO_DEB_COMPRESSION:-xz}
level=()
[ "$compression" = gzip ] && level=(-z1)  # the fast tier's choice; releases use xz
dpkg-deb --root-owner-group "-Z$compression" "${level[@]}" --build "$root" "$deb" >/dev/null
echo "$deb"

#!/usr/bin/env bash
# Build folio_<version>_<arch>.deb from the PyInstaller one-folder bundle.
#
#   packaging/linux/build-deb.sh [BUNDLE_DIR [OUT_DIR]]     (defaults: dist/folio, dist)
#
# The bundle goes to /opt/folio, /usr/bin/folio is a symlink to it, and a .desktop
# file puts Folio in the menu. Qt's platform libraries come from the system
# (Depends), so the X11/Wayland/GL stack matches the machine. Machine policy is
# IT's: /etc/folio/policy.toml is never shipped (an example is in the docs).
# Needs dpkg-deb >= 1.19 (--root-owner-group); no root, no fakeroot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bundle=$(cd "${1:-dist/folio}" && pwd)
out_dir=${2:-dist}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

[ -x "$bundle/folio" ] || { echo "build-deb: $bundle/folio is missing; build the bundle first" >&2; exit 1; }
version=$("$bundle/folio" --version | awk '{print $2}')
[ -n "$version" ] || { echo "build-deb: could not read the bundle's version" >&2; exit 1; }
arch=$(dpkg --print-architecture)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
         "$root/usr/share/doc/folio"
cp -a "$bundle" "$root/opt/folio"
ln -s /opt/folio/folio "$root/usr/bin/folio"
install -m 0644 "$here/folio.desktop" "$root/usr/share/applications/folio.desktop"
install -m 0644 "$here/policy.toml.example" "$root/usr/share/doc/folio/policy.toml.example"
cat > "$root/usr/share/doc/folio/copyright" <<'COPYRIGHT'
Folio: encrypted, offline meeting packs. License: AGPL-3.0-or-later.
Bundled: Qt for Python (LGPL-3.0), PyMuPDF (AGPL-3.0), SQLCipher (BSD-3-Clause),
Python (PSF-2.0) and the libraries listed in /opt/folio/_internal/*.dist-info.
COPYRIGHT
# Directories 0755, files keep their mode (executables 0755, data 0644).
find "$root" -type d -exec chmod 0755 {} +
installed_kb=$(du -sk "$root/opt" | cut -f1)

cat > "$root/DEBIAN/control" <<CONTROL
Package: folio
Version: $version
Architecture: $arch
Maintainer: The Folio developers <folio@example.org>
Section: office
Priority: optional
Installed-Size: $installed_kb
Depends: libc6 (>= 2.31), libegl1, libgl1, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xkb1, libx11-xcb1, libwayland-client0, libwayland-cursor0, libwayland-egl1, fonts-dejavu-core
Recommends: gnome-keyring | kwalletmanager
Homepage: https://example.org/folio
Description: Encrypted, offline meeting packs for boards and committees
 Read, annotate, comment and decide on meeting documents, offline. Everything
 is stored encrypted on the device. Configure centrally with
 /etc/folio/policy.toml (see /usr/share/doc/folio/policy.toml.example).
CONTROL

deb="$out_dir/folio_${version}_${arch}.deb"
# xz for releases (smallest); tests pass FOLIO_DEB_COMPRESSION=gzip for speed.
dpkg-deb --root-owner-group "-Z${FOLIO_DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "$deb"

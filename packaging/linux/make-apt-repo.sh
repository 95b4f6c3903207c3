#!/usr/bin/env bash
# Make (or refresh) a signed apt repository for a Linux fleet from Folio .deb files.
#
#   packaging/linux/make-apt-repo.sh REPO_DIR KEY_ID DEB...
#
# REPO_DIR is what your web server (or a file share) serves; KEY_ID names the OpenPGP
# key in gpg's keyring that signs the repository (keep it offline or in a smartcard;
# GNUPGHOME selects another keyring). Lays out the usual Debian structure:
#
#   REPO_DIR/pool/main/f/folio/folio_<version>_<arch>.deb
#   REPO_DIR/dists/stable/main/binary-<arch>/Packages(.gz)
#   REPO_DIR/dists/stable/Release, InRelease (clearsigned), Release.gpg (detached)
#   REPO_DIR/folio-archive-keyring.gpg  (the public key, for /etc/apt/keyrings)
#
# Tablets then use it with (docs/admin.md, "Linux fleet"):
#   deb [signed-by=/etc/apt/keyrings/folio-archive-keyring.gpg] https://apt.example.org/folio stable main
# Needs dpkg-dev (dpkg-scanpackages) and gpg; nothing is uploaded anywhere.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: make-apt-repo.sh REPO_DIR KEY_ID DEB..." >&2; exit 2; }
repo=$1
key=$2
shift 2
suite=stable
component=main
mkdir -p "$repo/pool/$component/f/folio"
for deb in "$@"; do
    [ "$(dpkg-deb --field "$deb" Package)" = folio ] || { echo "make-apt-repo: $deb is not folio" >&2; exit 1; }
    install -m 0644 "$deb" "$repo/pool/$component/f/folio/"
done
repo=$(cd "$repo" && pwd)
cd "$repo"

archs=$(for deb in pool/"$component"/f/folio/*.deb; do dpkg-deb --field "$deb" Architecture; done | sort -u)
for arch in $archs; do
    dir="dists/$suite/$component/binary-$arch"
    mkdir -p "$dir"
    dpkg-scanpackages --multiversion --arch "$arch" pool /dev/null > "$dir/Packages" 2>/dev/null
    gzip -9nc "$dir/Packages" > "$dir/Packages.gz"
done

release="dists/$suite/Release"
{
    echo "Origin: Folio"
    echo "Label: Folio"
    echo "Suite: $suite"
    echo "Codename: $suite"
    echo "Date: $(LC_ALL=C date -R -u)"
    echo "Architectures: $(echo "$archs" | tr '\n' ' ' | sed 's/ $//')"
    echo "Components: $component"
    echo "Description: Folio for this organisation's devices"
    for sum in SHA256 SHA512; do
        echo "$sum:"
        tool=$(echo "$sum" | tr '[:upper:]' '[:lower:]')sum
        (cd "dists/$suite" && find "$component" -type f -name 'Packages*' | LC_ALL=C sort |
            while read -r file; do
                printf ' %s %16d %s\n' "$($tool "$file" | cut -d' ' -f1)" "$(stat -c %s "$file")" "$file"
            done)
    done
} > "$release"
rm -f "dists/$suite/InRelease" "dists/$suite/Release.gpg"
gpg --batch --yes --local-user "$key" --digest-algo SHA512 --clearsign \
    --output "dists/$suite/InRelease" "$release"
gpg --batch --yes --local-user "$key" --digest-algo SHA512 --armor --detach-sign \
    --output "dists/$suite/Release.gpg" "$release"
gpg --batch --yes --export "$key" > folio-archive-keyring.gpg
echo "$repo"

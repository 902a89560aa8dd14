# shellcheck shell=bash
# Sourced, not run: one Debian trixie package unpacked into a cache folder, without touching the
# system's package state (scripts/private-apt.sh). Idempotent, and safe when test workers start
# it at once: one fetches under a lock, the others wait and then find the tree.

# shellcheck source=private-apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/private-apt.sh"

# fetch_deb CACHE PACKAGE FILE: unpacks PACKAGE into CACHE/PACKAGE-trixie unless FILE (a path in
# the package) is already there as an executable; prints the tree's path.
fetch_deb() {
  local cache=$1 package=$2 file=$3 tree=$1/$2-trixie
  if [ -x "$tree/$file" ]; then echo "$tree"; return 0; fi
  mkdir -p "$cache"
  exec 9>"$cache/.fetch-$package.lock"
  flock 9
  if [ -x "$tree/$file" ]; then echo "$tree"; return 0; fi
  private_apt "$cache/apt" trixie || { echo "fetch $package: apt-get update failed" >&2; return 1; }
  rm -f "$cache/debs/${package}"_*.deb
  private_download "$cache/debs" "$package" || { echo "fetch $package: apt-get download $package failed" >&2; return 1; }
  rm -rf "$tree.tmp" && mkdir -p "$tree.tmp"
  dpkg -x "$(ls "$cache/debs/${package}"_*.deb | tail -n 1)" "$tree.tmp"
  rm -rf "$tree" && mv "$tree.tmp" "$tree"
  echo "$tree"
}

#!/usr/bin/env bash
# Fetches Debian trixie's podman package and unpacks it into a cache folder, without touching the
# system's package state (scripts/private-apt.sh; REFERENCE: Quadlet 5.4.2 is trixie's). Prints
# the unpacked tree's path. Idempotent: a second run only prints the path.
#
# usage: scripts/fetch-podman.sh [CACHE_DIR]   (default: $MCQUAD_CACHE or .cache in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${MCQUAD_CACHE:-$here/.cache}}
tree=$cache/podman-trixie
if [ -x "$tree/usr/libexec/podman/quadlet" ]; then echo "$tree"; exit 0; fi

# Test workers may start this at once: one fetches, the others wait here and then find the tree.
mkdir -p "$cache"
exec 9>"$cache/.fetch-podman.lock"
flock 9
if [ -x "$tree/usr/libexec/podman/quadlet" ]; then echo "$tree"; exit 0; fi

# shellcheck source=private-apt.sh
source "$here/scripts/private-apt.sh"
private_apt "$cache/apt" trixie || { echo "fetch-podman: apt-get update failed" >&2; exit 1; }
rm -f "$cache"/debs/podman_*.deb
private_download "$cache/debs" podman || { echo "fetch-podman: apt-get download podman failed" >&2; exit 1; }
rm -rf "$tree.tmp" && mkdir -p "$tree.tmp"
dpkg -x "$(ls "$cache"/debs/podman_*.deb | tail -n 1)" "$tree.tmp"
rm -rf "$tree" && mv "$tree.tmp" "$tree"
echo "$tree"

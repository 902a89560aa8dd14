#!/usr/bin/env bash
# Fetches Debian trixie's shellcheck package and unpacks it into a cache folder, without touching
# the system's package state (scripts/private-apt.sh), for the tests of the generated shell
# scripts. Prints the binary's path. Idempotent: a second run only prints the path.
#
# usage: scripts/fetch-shellcheck.sh [CACHE_DIR]   (default: $MCQUAD_CACHE or .cache in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${MCQUAD_CACHE:-$here/.cache}}
tree=$cache/shellcheck-trixie
bin=$tree/usr/bin/shellcheck
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

mkdir -p "$cache"
exec 9>"$cache/.fetch-shellcheck.lock"
flock 9
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

# shellcheck source=private-apt.sh
source "$here/scripts/private-apt.sh"
private_apt "$cache/apt" trixie || { echo "fetch-shellcheck: apt-get update failed" >&2; exit 1; }
rm -f "$cache"/debs/shellcheck_*.deb
private_download "$cache/debs" shellcheck || { echo "fetch-shellcheck: apt-get download shellcheck failed" >&2; exit 1; }
rm -rf "$tree.tmp" && mkdir -p "$tree.tmp"
dpkg -x "$(ls "$cache"/debs/shellcheck_*.deb | tail -n 1)" "$tree.tmp"
rm -rf "$tree" && mv "$tree.tmp" "$tree"
echo "$bin"

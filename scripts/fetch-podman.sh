#!/usr/bin/env bash
# Fetches Debian trixie's podman package and unpacks it into a cache folder, without touching the
# system's package state: apt gets its own sources list, lists and cache (REFERENCE: Quadlet 5.4.2 is
# trixie's). Prints the unpacked tree's path. Idempotent: a second run only prints the path.
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

apt_dir=$cache/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$cache/debs"
echo 'deb http://deb.debian.org/debian trixie main' >"$apt_dir/sources.list"
apt_opts=(-q -oDir::Etc::SourceList="$apt_dir/sources.list" -oDir::Etc::SourceParts=/dev/null
  -oDir::State::Lists="$apt_dir/lists" -oDir::Cache="$apt_dir/cache"
  -oAPT::Sandbox::User=root)
# The archive is the only network dependency: retry it a few times.
for attempt in 1 2 3 4; do
  if apt-get "${apt_opts[@]}" update >&2; then break; fi
  [ "$attempt" = 4 ] && { echo "fetch-podman: apt-get update failed" >&2; exit 1; }
  sleep $((attempt * 5))
done
for attempt in 1 2 3 4; do
  if (cd "$cache/debs" && apt-get "${apt_opts[@]}" download podman >&2); then break; fi
  [ "$attempt" = 4 ] && { echo "fetch-podman: apt-get download podman failed" >&2; exit 1; }
  sleep $((attempt * 5))
done
rm -rf "$tree.tmp" && mkdir -p "$tree.tmp"
dpkg -x "$(ls "$cache"/debs/podman_*.deb | tail -n 1)" "$tree.tmp"
rm -rf "$tree" && mv "$tree.tmp" "$tree"
echo "$tree"

#!/usr/bin/env bash
# Fetches Debian trixie's systemd-analyze, the systemd the units run under (257; the guest and
# rift's generation), without touching the system's package state (scripts/fetch-tree.sh). It
# needs trixie's glibc, which may be newer than the host's, so it runs through trixie's own
# dynamic loader with only the tree's libraries: `usr/bin/systemd-analyze-trixie` in the tree is
# that command. Prints the tree's path. Idempotent.
#
# usage: scripts/fetch-systemd.sh [CACHE_DIR]   (default: $MCQUAD_CACHE or .cache in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=fetch-tree.sh
source "$here/scripts/fetch-tree.sh"

# systemd-analyze's shared libraries and theirs (readelf -d NEEDED, followed by hand; the
# loader's --list below fails the fetch when one is missing).
PACKAGES=(systemd libsystemd-shared libc6 libseccomp2 libacl1 libblkid1 libcap2 libcrypt1
  libmount1 libssl3t64 libpam0g libselinux1 libpcre2-8-0 libaudit1 libcap-ng0 libzstd1 zlib1g)

fetch_tree_finish() { # TMP_TREE FINAL_TREE
  local tmp=$1 tree=$2 loader lib
  loader=$(cd "$tmp" && ls usr/lib/*/ld-linux*.so.* | head -n 1)
  lib=$(dirname "$loader")
  check_libraries "$tmp" "$tmp/$loader" "$tmp/$lib:$tmp/$lib/systemd" "$tmp/usr/bin/systemd-analyze"
  # The loader is named explicitly, so the binary's own interpreter (the host's) is never used.
  cat >"$tmp/usr/bin/systemd-analyze-trixie" <<WRAPPER
#!/bin/sh
# Debian trixie's systemd-analyze through trixie's own loader and libraries (scripts/fetch-systemd.sh).
exec "$tree/$loader" --library-path "$tree/$lib:$tree/$lib/systemd" "$tree/usr/bin/systemd-analyze" "\$@"
WRAPPER
  chmod 755 "$tmp/usr/bin/systemd-analyze-trixie"
}

fetch_tree "${1:-${MCQUAD_CACHE:-$here/.cache}}" systemd-trixie usr/bin/systemd-analyze-trixie trixie "${PACKAGES[@]}"

#!/usr/bin/env bash
# Fetches Debian trixie's podman package and unpacks it into a cache folder, without touching the
# system's package state (scripts/fetch-deb.sh; REFERENCE: Quadlet 5.4.2 is trixie's). Prints
# the unpacked tree's path. Idempotent: a second run only prints the path.
#
# usage: scripts/fetch-podman.sh [CACHE_DIR]   (default: $MCQUAD_CACHE or .cache in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=fetch-deb.sh
source "$here/scripts/fetch-deb.sh"
fetch_deb "${1:-${MCQUAD_CACHE:-$here/.cache}}" podman usr/libexec/podman/quadlet

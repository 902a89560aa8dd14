#!/usr/bin/env bash
# Fetches Debian trixie's shellcheck and unpacks it into a cache folder, without touching the
# system's package state (scripts/fetch-tree.sh), for the tests of the generated shell scripts.
# Prints the binary's path. Idempotent: a second run only prints the path.
#
# usage: scripts/fetch-shellcheck.sh [CACHE_DIR]   (default: $MCQUAD_CACHE or .cache in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=fetch-tree.sh
source "$here/scripts/fetch-tree.sh"
tree=$(fetch_tree "${1:-${MCQUAD_CACHE:-$here/.cache}}" shellcheck-trixie usr/bin/shellcheck trixie shellcheck)
echo "$tree/usr/bin/shellcheck"

# Sourced, not run: unpacks Debian packages into a tree below the cache folder, without touching
# the system's package state (private-apt.sh; nothing is installed, only `dpkg -x`). Idempotent
# and safe to start from parallel test workers: one fetches under a lock, the others wait.

# shellcheck source=private-apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/private-apt.sh"

# fetch_tree CACHE TREE READY SUITE PACKAGE...: unpacks the packages of SUITE into CACHE/TREE
# unless CACHE/TREE/READY is already there; prints the tree's path. A caller that has more to do
# once the packages are unpacked defines fetch_tree_finish DIR (run before the tree is moved in).
fetch_tree() {
  local cache=$1 tree=$1/$2 ready=$3 suite=$4 deb
  shift 4
  if [ -e "$tree/$ready" ]; then echo "$tree"; return 0; fi
  mkdir -p "$cache"
  exec 9>"$cache/.fetch-$(basename "$tree").lock"
  flock 9
  if [ -e "$tree/$ready" ]; then echo "$tree"; return 0; fi
  private_apt "$cache/apt-$suite" "$suite" || { echo "fetch: apt-get update ($suite) failed" >&2; return 1; }
  rm -rf "$tree.debs" "$tree.tmp" && mkdir -p "$tree.tmp"
  private_download "$tree.debs" "$@" || { echo "fetch: apt-get download $* failed" >&2; return 1; }
  for deb in "$tree.debs"/*.deb; do dpkg -x "$deb" "$tree.tmp"; done
  if declare -F fetch_tree_finish >/dev/null; then fetch_tree_finish "$tree.tmp" "$tree" || return 1; fi
  rm -rf "$tree" "$tree.debs" && mv "$tree.tmp" "$tree"
  echo "$tree"
}

# check_libraries TREE LOADER LIBRARY_PATH BINARY: fails, naming them, when BINARY needs a shared
# library its tree does not hold (a host library would make the result depend on the host).
check_libraries() {
  local tree=$1 missing
  missing=$("$2" --library-path "$3" --list "$4" | awk -v t="$tree" '/=>/ && index($3, t) != 1 { print $1 }')
  [ -z "$missing" ] || { echo "fetch: $4 needs libraries outside its tree: $missing" >&2; return 1; }
}

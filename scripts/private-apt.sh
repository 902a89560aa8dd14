# Sourced, not run: downloading Debian packages without touching the system's package state.
# apt gets its own sources list, package lists and cache below a folder of ours; the host's
# apt.conf.d still applies (a proxy, say), but not its hooks after `update`, which would refresh
# the host's own caches (appstreamcli, PackageKit). Nothing is installed: callers `dpkg -x`.

# shellcheck source=debian-archive.sh
source "$(dirname "${BASH_SOURCE[0]}")/debian-archive.sh"

# retry N CMD...: the Debian archive is the only network dependency.
retry() {
  local n=$1 i
  shift
  for ((i = 1; i <= n; i++)); do "$@" && return 0; [ "$i" -lt "$n" ] && sleep $((i * 5)); done
  return 1
}

# private_apt DIR SUITE: sets PRIVATE_APT (apt-get options) for SUITE's main archive, lists in DIR.
private_apt() {
  local dir=$1 suite=$2 archive
  archive=$(debian_archive) || return 1
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
  echo "deb $archive $suite main" >"$dir/sources.list"
  printf '#clear APT::Update::Pre-Invoke;\n#clear APT::Update::Post-Invoke;\n#clear APT::Update::Post-Invoke-Success;\n' >"$dir/apt.conf"
  PRIVATE_APT=(-q -c "$dir/apt.conf" -oDir::Etc::SourceList="$dir/sources.list" -oDir::Etc::SourceParts=/dev/null
    -oDir::State::Lists="$dir/lists" -oDir::Cache="$dir/cache" -oAPT::Sandbox::User=root)
  retry 4 apt-get "${PRIVATE_APT[@]}" update >&2
}

# private_download DEST PACKAGE...: the .deb files into DEST (after private_apt).
private_download() {
  local dest=$1
  shift
  mkdir -p "$dest"
  (cd "$dest" && retry 4 apt-get "${PRIVATE_APT[@]}" download "$@" >&2)
}

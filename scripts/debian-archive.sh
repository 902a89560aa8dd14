# Sourced, not run: the Debian archive this machine's apt is configured with, so that nothing in
# the repository names a mirror and the tools work behind a local one too.
# debian_archive: prints the first non-security URI of the deb822 .sources files, else of the
# one-line sources.list format; fails when apt has none.
debian_archive() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk 'tolower($1)=="uris:" { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk '$1=="deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($i !~ /security/) { print $i; exit } } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return 0; }
  done
  echo "no Debian archive in /etc/apt/sources.list{,.d}: apt has nothing to download from" >&2
  return 1
}

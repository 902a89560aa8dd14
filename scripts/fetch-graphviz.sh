#!/usr/bin/env bash
# Fetches Debian trixie's Graphviz `dot`, to render the boot graph's DOT in the tests, without
# touching the system's package state (scripts/fetch-tree.sh). It runs through trixie's own
# dynamic loader with only the tree's libraries; `bin/dot` in the tree is that command, with
# GVBINDIR pointing at the tree's plugins. Prints the tree's path. Idempotent.
#
# usage: scripts/fetch-graphviz.sh [CACHE_DIR]   (default: $MCQUAD_CACHE or .cache in the repository)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=fetch-tree.sh
source "$here/scripts/fetch-tree.sh"

# dot, libgvc's core plugins (the SVG renderer, the dot layout) and their shared libraries
# (readelf -d NEEDED; check_libraries fails the fetch when one is missing). Not the pango, gd,
# xlib or webp plugins, whose X11 and image libraries an SVG of boxes and arrows does not need.
PACKAGES=(graphviz libgvc6 libcgraph6 libcdt5 libpathplan4 libxdot4 libexpat1 libltdl7 zlib1g
  libc6 libgcc-s1 libstdc++6)
PLUGINS=(core dot_layout)

fetch_tree_finish() { # TMP_TREE FINAL_TREE
  local tmp=$1 tree=$2 loader lib p keep
  loader=$(cd "$tmp" && ls usr/lib/*/ld-linux*.so.* | head -n 1)
  lib=$(dirname "$loader")
  for p in "$tmp/$lib"/graphviz/libgvplugin_*; do
    keep=no
    for k in "${PLUGINS[@]}"; do [[ $(basename "$p") == "libgvplugin_$k.so"* ]] && keep=yes; done
    [ "$keep" = yes ] || rm -f "$p"
  done
  check_libraries "$tmp" "$tmp/$loader" "$tmp/$lib" "$tmp/usr/bin/dot"
  for k in "${PLUGINS[@]}"; do check_libraries "$tmp" "$tmp/$loader" "$tmp/$lib" "$tmp/$lib/graphviz/libgvplugin_$k.so.6"; done
  # `dot -c` writes the plugin registry (config6a) that the package's postinst would.
  GVBINDIR="$tmp/$lib/graphviz" "$tmp/$loader" --library-path "$tmp/$lib" "$tmp/usr/bin/dot" -c
  mkdir -p "$tmp/bin"
  cat >"$tmp/bin/dot" <<WRAPPER
#!/bin/sh
# Debian trixie's Graphviz dot through trixie's own loader and libraries (scripts/fetch-graphviz.sh).
GVBINDIR="$tree/$lib/graphviz" exec "$tree/$loader" --library-path "$tree/$lib" "$tree/usr/bin/dot" "\$@"
WRAPPER
  chmod 755 "$tmp/bin/dot"
}

fetch_tree "${1:-${MCQUAD_CACHE:-$here/.cache}}" graphviz-trixie bin/dot trixie "${PACKAGES[@]}"

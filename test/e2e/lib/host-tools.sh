# shellcheck shell=bash
# debootstrap and systemd-nspawn, without installing anything on the host (the issue: the host's
# packages stay as they were; installing systemd-container once upgraded the host's systemd).
# The host's own are used when it has them; otherwise Debian bookworm's packages are downloaded
# with apt's own sources list, lists and cache under the cache (as scripts/fetch-podman.sh does)
# and unpacked there with `dpkg -x`, which records nothing in dpkg's database.
# MCQUAD_E2E_FORCE_UNPACKED=1 uses the unpacked ones even on a host that has both.
# Sourced by run.sh, which sets E2E and LOGS; sets DEBOOTSTRAP and NSPAWN (commands, as arrays).

TOOLS_SUITE=bookworm
TOOLS_DIR=$E2E/host-tools/$TOOLS_SUITE
TOOLS=$TOOLS_DIR/root
# systemd-nspawn links libsystemd-shared-252.so, systemd's private library: no stable ABI between
# builds, and its symbols are all versioned SD_SHARED, so a mismatch would load and misbehave.
# Its RUNPATH (not RPATH) names the host's folder, so LD_LIBRARY_PATH, searched first, picks the
# library unpacked from the package of exactly the binary's version.
TOOLS_LIBDIR=/usr/lib/x86_64-linux-gnu/systemd

ensure_host_tools() {
  local force=${MCQUAD_E2E_FORCE_UNPACKED:-0}
  DEBOOTSTRAP=(debootstrap) NSPAWN=(systemd-nspawn)
  if [ "$force" = 1 ] || ! command -v debootstrap >/dev/null || ! command -v systemd-nspawn >/dev/null; then
    unpack_host_tools >"$LOGS/host-tools.log" 2>&1 || { tail -n 20 "$LOGS/host-tools.log"; return 1; }
  fi
  if [ "$force" = 1 ] || ! command -v debootstrap >/dev/null; then
    DEBOOTSTRAP=(env "DEBOOTSTRAP_DIR=$TOOLS/usr/share/debootstrap" "$TOOLS/usr/sbin/debootstrap")
  fi
  if [ "$force" = 1 ] || ! command -v systemd-nspawn >/dev/null; then
    NSPAWN=(env "LD_LIBRARY_PATH=$TOOLS$TOOLS_LIBDIR" "$TOOLS/usr/bin/systemd-nspawn")
  fi
  local v
  v=$("${NSPAWN[@]}" --version 2>&1) || { echo "systemd-nspawn does not run on this host: $v"; return 1; }
  echo "systemd-nspawn $(awk 'NR == 1 {print $2, $3}' <<<"$v") $(tool_origin "${NSPAWN[-1]}")"
  v=$("${DEBOOTSTRAP[@]}" --version 2>&1) || { echo "debootstrap does not run on this host: $v"; return 1; }
  echo "debootstrap ${v#debootstrap } $(tool_origin "${DEBOOTSTRAP[-1]}")"
}

tool_origin() { [[ $1 == "$TOOLS"/* ]] && echo "(unpacked, $TOOLS_SUITE)" || echo "(the host's)"; }

# Once per cache: debootstrap, systemd-container and its libsystemd-shared into $TOOLS.
unpack_host_tools() {
  local stamp="$TOOLS_SUITE debootstrap systemd-container libsystemd-shared"
  [ "$(cat "$TOOLS_DIR/stamp" 2>/dev/null)" = "$stamp" ] && return 0
  local apt=$TOOLS_DIR/apt debs=$TOOLS_DIR/debs version deb
  rm -rf "$TOOLS_DIR"
  private_apt "$apt" "$TOOLS_SUITE" || return 1
  private_download "$debs" debootstrap systemd-container || return 1
  # The library of exactly this systemd-nspawn: systemd-container depends on `libsystemd-shared (= V)`.
  version=$(dpkg-deb -f "$debs"/systemd-container_*.deb Depends | grep -o 'libsystemd-shared (= [^)]*)' |
    sed 's/.*= //; s/)//')
  [ -n "$version" ] || { echo "no libsystemd-shared version in systemd-container's Depends"; return 1; }
  private_download "$debs" "libsystemd-shared=$version" || return 1
  mkdir -p "$TOOLS"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$TOOLS" || return 1; done
  rm -rf "$apt" # 40 MB of package lists, needed again only for other versions
  echo "$stamp" >"$TOOLS_DIR/stamp"
}

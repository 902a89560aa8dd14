#!/usr/bin/env bash
# End-to-end boot test (issue #4): boots a Debian trixie guest under systemd-nspawn, installs the
# generated units the way the NixOS module does for the platform user, runs stand-in images, and
# checks the staged boot from systemd's own timestamps, a never-healthy stage-1 service, a late
# one, and recovery. See README.md. Needs root. Last line: "N passed, N failed".
#
# Environment: MCQUAD_CACHE (default <repo>/.cache), E2E_DELAY (seconds each stand-in waits
# before it listens, default 2), MCQUAD_E2E_UNITS (test this folder of units instead of building),
# MCQUAD_E2E_BUILD_ARGS (more options for `mcquad build`), MCQUAD_E2E_FORCE_UNPACKED=1 (use
# bookworm's debootstrap and systemd-nspawn unpacked into the cache even when the host has its own).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${MCQUAD_CACHE:-$REPO/.cache}
E2E=$CACHE/e2e TREE=$CACHE/e2e/tree LOGS=$CACHE/e2e/logs
E2E_DELAY=${E2E_DELAY:-2}
FINAL_TARGET=mc-stage4.target
declare -A DELAY # per image, in seconds or "never"; E2E_DELAY otherwise
# shellcheck source=../../scripts/private-apt.sh
source "$HERE/../../scripts/private-apt.sh"
# shellcheck source=lib/guest.sh
source "$HERE/lib/guest.sh"
# shellcheck source=lib/host-tools.sh
source "$HERE/lib/host-tools.sh"
# shellcheck source=lib/install.sh
source "$HERE/lib/install.sh"
# shellcheck source=lib/images.sh
source "$HERE/lib/images.sh"
# shellcheck source=lib/checks.sh
source "$HERE/lib/checks.sh"

START=$SECONDS
step() { echo; echo "== $* [$((SECONDS - START)) s]"; }
abort() { fail "$*"; exit 1; }
as_user() { as_platform_user "$@"; } # short name for the many calls below

finish() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ -n "${GUEST_PID:-}" ]; then
    in_guest journalctl --no-pager -o short-monotonic >"$LOGS/guest-journal.log" 2>&1
    [ "$FAILED" -gt 0 ] && echo "guest journal: $LOGS/guest-journal.log"
  fi
  step "poweroff and clean up"
  halt_guest
  local left
  left=$(host_leftovers)
  check "nothing of the guest left on the host${left:+: $left}" test -z "$left"
  check "host addresses, routes, name service and packages as before" \
    test "$(host_fingerprint)" = "$HOST_BEFORE"
  echo "total $((SECONDS - START)) s"
  [ "$rc" -ne 0 ] && [ "$FAILED" -eq 0 ] && fail "exit status $rc"
  echo "$PASSED passed, $FAILED failed"
  exit $((FAILED > 0))
}
host_fingerprint() {
  ip -o addr; ip -o route; ip -o link | cut -d' ' -f1-3
  md5sum /etc/nsswitch.conf /var/lib/dpkg/status 2>&1 # dpkg's database: nothing is installed
}

[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (debootstrap, systemd-nspawn)"; exit 1; }
mkdir -p "$LOGS" "$E2E/run"
exec 9>"$E2E/lock" && flock -n 9 || { echo "run.sh: another run holds $E2E/lock"; exit 1; }
HOST_BEFORE=$(host_fingerprint)
trap finish EXIT
trap 'fail "interrupted"; exit 130' INT TERM HUP
halt_guest # a guest left by a run that was killed

step "debootstrap, systemd-nspawn and the guest tree (reused when present)"
ensure_host_tools || abort "no usable debootstrap and systemd-nspawn: $LOGS/host-tools.log"
ensure_tree || abort "debootstrap failed: $LOGS/debootstrap.log"

step "units"
UNITS=$E2E/units
rm -rf "$UNITS" "$E2E/plan.json" && mkdir -p "$UNITS"
# The inventory's LAN and Tailnet addresses must never be brought up: loopback stand-ins.
ADDRESSES=(--address lan=127.0.0.2 --address tailnet=127.0.0.3)
if [ -n "${MCQUAD_E2E_UNITS:-}" ]; then
  cp "$MCQUAD_E2E_UNITS"/* "$UNITS/"
else
  # shellcheck disable=SC2086 # MCQUAD_E2E_BUILD_ARGS is a list of options
  (cd "$REPO" && node bin/mcquad.js build --out "$UNITS" "${ADDRESSES[@]}" ${MCQUAD_E2E_BUILD_ARGS:-} &&
    node bin/mcquad.js plan --json "${ADDRESSES[@]}" >"$E2E/plan.json") || abort "mcquad build failed"
fi
plan_opts=("$UNITS") && [ -f "$E2E/plan.json" ] && plan_opts=(--listens "$E2E/plan.json" "$UNITS")
node "$HERE/lib/plan.mjs" "${plan_opts[@]}" >"$E2E/plan" &&
  node "$HERE/lib/plan.mjs" --images "${plan_opts[@]}" >"$E2E/images" || abort "cannot read the units"
load_plan "$E2E/plan"
echo "${#SERVICES[@]} services, targets ${TARGETS[*]}"
public=$(grep -h '^PublishPort=' "$UNITS"/*.container | grep -v -E '^PublishPort=(127\.|[0-9]+:|[0-9]+$)')
check "every published address is a loopback address${public:+: $public}" test -z "$public"

step "install into the tree"
MARKER="e2e-$(date +%s)-$$"
mapfile -t volumes < <(printf '%s\n' "${VOLUMES[@]}" | tr ' ' '\n' | cut -d: -f1 | sort -u)
configure_tree && install_platform_user && install_sysctl "$(port_start "$UNITS")" &&
  install_units "$UNITS" && install_volumes "$MARKER" "${volumes[@]}" && build_standin_tar ||
  abort "installing into the tree failed"

step "boot the guest"
boot_guest || abort "the guest did not boot: $LOGS/nspawn.log"
# Rootless Quadlet units wait for the system's network-online.target, which nothing pulls in on a
# host with only rootless containers (on rift the system-side door unit Wants= it; REFERENCE §6).
in_guest systemctl start network-online.target
import_standins "$E2E/images" || abort "importing the stand-in images failed"

# shellcheck source=lib/scenarios.sh
source "$HERE/lib/scenarios.sh"
# shellcheck source=lib/quoting.sh
source "$HERE/lib/quoting.sh"

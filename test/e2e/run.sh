#!/usr/bin/env bash
# End-to-end boot test (issue #4): boots a Debian trixie guest under systemd-nspawn, installs the
# generated units the way the NixOS module does for the platform user, runs stand-in images, and
# checks the staged boot from systemd's own timestamps, a never-healthy stage-1 service, a late
# one, and recovery. One flow of named scenarios (the list at the end; each is a function in
# scenarios/), each printing one line and its duration; details in $LOGS/e2e.log. See README.md.
# Needs root. Last line: "N passed, N failed" (scenarios).
#
# Environment: MCQUAD_CACHE (default <repo>/.cache), E2E_DELAY (seconds each stand-in waits
# before it listens, default 2), MCQUAD_E2E_UNITS (test this folder of units instead of building),
# MCQUAD_E2E_BUILD_ARGS (more options for `mcquad build`), MCQUAD_E2E_FORCE_UNPACKED=1 (use
# bookworm's debootstrap and systemd-nspawn unpacked into the cache even when the host has its own),
# MCQUAD_E2E_MACHINE (the guest's machine name, for several checkouts at once).
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
# shellcheck source=lib/scenario.sh
source "$HERE/lib/scenario.sh"
# shellcheck source=lib/checks.sh
source "$HERE/lib/checks.sh"
# shellcheck disable=SC1090 # the scenarios, one file per theme
for f in "$HERE"/scenarios/*.sh; do source "$f"; done

RUN_T0=$(mono_now)
exec 8>&1 # the flow's own lines (lib/scenario.sh), whatever a scenario redirects
abort() { fail "$*"; exit 1; } # ends the flow: finish() prints the scenario's line
as_user() { as_platform_user "$@"; } # short name for the many calls below

finish() {
  local rc=$?
  trap - EXIT INT TERM HUP
  [ -n "$SCENARIO" ] && scenario_line "$SCENARIO" 0 "$((FAILED > 0 ? FAILED : 1))" "$(mono_now)"
  if [ -n "${GUEST_PID:-}" ]; then
    in_guest journalctl --no-pager -o short-monotonic >"$LOGS/guest-journal.log" 2>&1
  fi
  scenario "poweroff and clean up" clean_up
  exec >&8 2>&1
  [ "$SCENARIOS_FAILED" -gt 0 ] && echo "details: $LOGS/e2e.log; guest journal: $LOGS/guest-journal.log"
  echo "total $(secs $(($(mono_now) - RUN_T0)))"
  [ "$rc" -ne 0 ] && [ "$SCENARIOS_FAILED" -eq 0 ] && SCENARIOS_FAILED=1 && echo "exit status $rc"
  echo "$SCENARIOS_PASSED passed, $SCENARIOS_FAILED failed"
  exit $((SCENARIOS_FAILED > 0))
}
clean_up() {
  halt_guest
  local left
  left=$(host_leftovers)
  check "nothing of the guest left on the host${left:+: $left}" test -z "$left"
  host_fingerprint >"$LOGS/host-after.txt"
  check "host addresses, routes, name service and packages as before (else: diff $LOGS/host-before.txt $LOGS/host-after.txt)" \
    test "$(cat "$LOGS/host-after.txt")" = "$HOST_BEFORE"
}
host_fingerprint() {
  ip -o addr; ip -o route; ip -o link | cut -d' ' -f1-3
  md5sum /etc/nsswitch.conf /var/lib/dpkg/status 2>&1 # dpkg's database: nothing is installed
}

[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (debootstrap, systemd-nspawn)"; exit 1; }
mkdir -p "$LOGS" "$E2E/run"
exec 9>"$E2E/lock" && flock -n 9 || { echo "run.sh: another run holds $E2E/lock"; exit 1; }
: >"$DETAIL"
HOST_BEFORE=$(host_fingerprint | tee "$LOGS/host-before.txt")
trap finish EXIT
trap 'fail "interrupted"; exit 130' INT TERM HUP
halt_guest # a guest left by a run that was killed
# The inventory's LAN and Tailnet addresses must never be brought up: loopback stand-ins.
LAN_IP=127.0.0.2 TAILNET_IP=127.0.0.3
ADDRESSES=(--address "lan=$LAN_IP" --address "tailnet=$TAILNET_IP")
INVENTORY=$REPO/services.yaml # what setup_units builds from; the judge's expectations

# The flow. Each scenario starts from where the one before left the guest.
scenario "setup: debootstrap, systemd-nspawn, guest tree (reused)" setup_tree
scenario "setup: units built from services.yaml" setup_units
scenario "setup: user, units, volumes, stand-ins into the tree" setup_install
scenario "setup: boot the guest, import the stand-in images" setup_boot
# The door (issue 9), as root, installed from out/system/.
scenario "door: installed, the platform comes up at boot" door_install_and_boot
scenario "door: systemctl stop ${TARGETS[0]} stops everything" door_stop_all
scenario "door: start stage 2, then 4, stop stage 3, by hand" door_by_hand
scenario "door: systemctl stop ${TARGETS[0]} stops everything" door_stop_all
scenario "door: a never-healthy stage-2 service fails the start" door_failing_stage
# One service's restart or crash restarts it alone (issue 14).
scenario "restart: stage-1 service by hand, alone" restart_stage1_by_hand
scenario "restart: stage-1 service crashes, restarted alone" crash_stage1
scenario "restart: stage-2 service by hand, later stages untouched" restart_stage2_by_hand
scenario "restart: a required service, with its dependents only" restart_required_by_hand
scenario "reboot: the platform is back at boot" door_reboot
scenario "data in the volume folders survived the reboot" data_survived
scenario "ids: $PLATFORM_USER with another uid, the door refuses" ids_drift
scenario "boot: start: user-manager starts it, the door does not" user_manager_boot
scenario "door: systemctl stop ${TARGETS[0]} stops everything" door_stop_all
# The platform user's own boots, timed from systemd's timestamps.
scenario "boot as $PLATFORM_USER: every stage healthy in order" boot_healthy
scenario "boot: timed against its critical path (the units' wait)" boot_timing
scenario "boot: a stage-1 service never healthy fails in its budget" boot_never_healthy
scenario "boot: after the fix, the later stages come up by themselves" recovers_by_itself
scenario "boot: late stage-1 service delays, then all comes up" boot_late_then_fixed
scenario "data in the volume folders survived every boot" data_survived
scenario "quoting: arguments reach podman exactly (recorder)" quoting
# Real readers (issue 15): a shell runs the runbook's commands, podman reads the refused values.
scenario "runbook: each podman run hands podman what its unit does" runbook_commands
scenario "readers: podman reads each --health-cmd as recorded" readers_health_cmd
# Upgrades through the apply step, against a real registry (issue 11).
scenario "apply: the registry, the first apply records" apply_setup
scenario "apply: a stage-1 tag only in the registry: pulled, alone" apply_upgrade_from_registry
scenario "apply: a tag that exists nowhere: nothing touched" apply_image_nowhere
scenario "apply: rollback to the previous units, then a no-op" apply_rollback
scenario "apply: two runs at once: the second waits for the lock" apply_two_at_once
# The cold start of the runbook's section 7 (issue 11), its commands taken from RUNBOOK.md.
scenario "cold start: stage 3-4 images pushed, section 7's save" cold_setup
scenario "cold start: storage wiped, section 7's load and check" cold_wipe_and_load
scenario "cold start: stages 1-2 from loaded images, 3-4 pulled" cold_boot
scenario "cold start: a stage-1 image missing: named, boot fails" cold_missing_stage1_image
# The host check command (issue 10), healthy and with one fault at a time, each undone.
scenario "check: installed, the guest set up as rift" check_setup
scenario "check: healthy, as root and as $PLATFORM_USER, and --json" check_healthy
scenario "check: a Pull=never image missing, named with its fix" check_image_missing
scenario "check: a failing unit, named with its fix and log" check_failed_unit
scenario "check: a foreign container holding a unit's name" check_foreign_container
scenario "check: the Tailnet address missing" check_tailnet_missing
scenario "check: linger off, named with its fix" check_linger_off
scenario "check: the guest as before the checks" check_restore

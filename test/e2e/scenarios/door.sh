# shellcheck shell=bash disable=SC2004,SC2034,SC2153
# The door (issue 9): root's `systemctl start|stop <stage>.target`, installed from out/system/ as a
# host without NixOS installs it and as the NixOS module installs the same texts, and the boot
# through it. The platform user's manager stays the mechanism.

DOOR_TIMEOUT=${DOOR_TIMEOUT:-600} # seconds; the door's own TimeoutStartSec= should end it first

door() { # VERB TARGET: as root; sets DOOR_RC, DOOR_US
  local t
  t=$(mono_now)
  in_guest timeout "$DOOR_TIMEOUT" systemctl "$1" "$2" >"$LOGS/door.log" 2>&1 &
  wait $!
  DOOR_RC=$?
  DOOR_US=$(($(mono_now) - t))
  [ -s "$LOGS/door.log" ] && sed "s/^/  systemctl $1 $2: /" "$LOGS/door.log"
  return 0
}

# The services of stages FIRST..LAST (1-based), by the plan's targets.
services_of_stages() { # FIRST LAST
  local s i
  for s in "${SERVICES[@]}"; do
    for ((i = $1; i <= $2; i++)); do [[ " ${TARGET[$s]} " == *" ${TARGETS[i - 1]} "* ]] && echo "$s"; done
  done
}

# Exactly the services of stages 1..N active and healthy, and no container in a stage after
# AFTER (default N).
check_up_to_stage() { # LABEL N [AFTER]
  local s bad="" running after=${3:-$2}
  load_state
  running=" $(as_user podman ps --format '{{.Names}}' | tr '\n' ' ') "
  for s in $(services_of_stages 1 "$2"); do
    [ "${ACTIVE_STATE[$s.service]}" = active ] && [[ "$running" == *" ${CTR[$s]} "* ]] &&
      { [ "${PROBE[$s]}" = none ] || [ "${HEALTH[${CTR[$s]}]:-}" = healthy ]; } || bad+=" $s(${ACTIVE_STATE[$s.service]},${HEALTH[${CTR[$s]}]:-none})"
  done
  check "$1: every service of stages 1-$2 active and healthy${bad:+; not:$bad}" test -z "$bad"
  bad=""
  for s in $(services_of_stages $((after + 1)) ${#TARGETS[@]}); do
    [[ "$running" == *" ${CTR[$s]} "* ]] && bad+=" $s"
  done
  check "$1: no container of a stage after $after runs${bad:+:$bad}" test -z "$bad"
}

# When the Tailnet stand-in appeared: the stand-in's journal line, in CLOCK_MONOTONIC µs.
tailnet_up_us() {
  in_guest journalctl -b -u tailscaled.service -o json -g 'tailnet address up' --no-pager 2>/dev/null |
    sed -n 's/.*"__MONOTONIC_TIMESTAMP":"\([0-9]*\)".*/\1/p' | tail -n 1
}

# Reboot, the door enabled: boot is finished only once the platform is healthy.
door_at_boot() {
  reboot_guest || abort "the guest did not boot again"
  local t0 state up s early=""
  t0=$(mono_now)
  state=$(in_guest timeout 600 systemctl is-system-running --wait)
  local returned
  returned=$(mono_now)
  check "systemctl is-system-running --wait: $state, $(secs $((returned - BOOTED_US))) after the guest's systemd started" test "$state" = running
  check_up_to_stage "at boot" ${#TARGETS[@]}
  check "at boot: the user's $FINAL_TARGET was active before boot finished" \
    test "${T_ACTIVE[$FINAL_TARGET]:-0}" -gt 0 -a "${T_ACTIVE[$FINAL_TARGET]:-0}" -le "$returned"
  up=$(tailnet_up_us)
  for s in $TAILNET_BOUND; do
    [ "${T_MAIN[$s.service]}" -ge "${up:-99999999999999}" ] || early+=" $s"
  done
  check "at boot: $TAILNET_BOUND started only after the Tailnet address appeared (tailscaled reported ready ${TAILNET_DELAY}s before)${early:+; before it:$early}" \
    test -n "$up" -a -z "$early"
  local door_main
  door_main=$(in_guest systemctl show -p ExecMainStartTimestampMonotonic --value "${FINAL_TARGET%.target}-start.service")
  check "at boot: the door started the platform (${FINAL_TARGET%.target}-start.service ran)" test "${door_main:-0}" -gt 0
}

door_stop_all() {
  local stop_timeout
  stop_timeout=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s$/\1/p' "$UNITS/system/${TARGETS[0]%.target}-stop.service")
  door stop "${TARGETS[0]}"
  local left
  left=$(as_user podman ps --format '{{.Names}}' | tr '\n' ' ')
  check "systemctl stop ${TARGETS[0]} as root: status $DOOR_RC in $(secs "$DOOR_US") (stop timeout ${stop_timeout}s), no container left${left:+: $left}" \
    test "$DOOR_RC" = 0 -a -z "$left" -a "$DOOR_US" -lt $((stop_timeout * 1000000))
  local jobs
  jobs=$(in_guest systemctl list-jobs --no-legend; as_user systemctl --user list-jobs --no-legend)
  check "no job left after the stop${jobs:+: $jobs}" test -z "$jobs"
  as_user systemctl --user reset-failed
}

door_by_hand() {
  local -A before=()
  door start "${TARGETS[1]}"
  check "systemctl start ${TARGETS[1]} as root: status $DOOR_RC after $(secs "$DOOR_US")" test "$DOOR_RC" = 0
  check_up_to_stage "after starting ${TARGETS[1]}" 2
  check "${TARGETS[1]} in the user manager was active before the command returned" \
    test "${T_ACTIVE[${TARGETS[1]}]:-0}" -gt 0
  door start "$FINAL_TARGET"
  check "systemctl start $FINAL_TARGET as root: status $DOOR_RC after $(secs "$DOOR_US")" test "$DOOR_RC" = 0
  check_up_to_stage "after starting $FINAL_TARGET" ${#TARGETS[@]}
  container_ids before
  door stop "${TARGETS[2]}"
  check "systemctl stop ${TARGETS[2]} as root: status $DOOR_RC after $(secs "$DOOR_US")" test "$DOOR_RC" = 0
  check_up_to_stage "after stopping ${TARGETS[2]}" 2
  local changed
  changed=$(changed_containers before $(services_of_stages 3 ${#TARGETS[@]}))
  check "stages 1-2 kept their containers (same IDs)${changed:+; changed: $changed}" test -z "$changed"
}

# A stage-2 service that never becomes healthy: the door fails within the budget, naming it.
door_failing_stage() {
  local faulty image budget=0 s status
  faulty=$(services_of_stages 2 2 | head -n 1)
  image=${IMAGE[$faulty]}
  for s in $(services_of_stages 1 1) "$faulty"; do budget=$((budget + TIMEOUT_MS[$s] * 1000)); done
  DELAY[$image]=never
  import_standins "$E2E/images" "$image" || abort "re-importing $image failed"
  door start "$FINAL_TARGET"
  check "systemctl start $FINAL_TARGET as root fails (status $DOOR_RC) within stages 1-2's budget: $(secs "$DOOR_US") of $(secs $budget)" \
    test "$DOOR_RC" != 0 -a "$DOOR_US" -le "$budget"
  check_up_to_stage "with $faulty never healthy" 1 2
  # What an operator types, as it prints by default (the last 10 log lines).
  status=$(in_guest systemctl status --no-pager -l "${TARGETS[1]%.target}-start.service" 2>&1)
  sed 's/^/    | /' <<<"$status"
  check "systemctl status ${TARGETS[1]%.target}-start.service names the stage" grep -q "${TARGETS[1]} (stage 2 of ${#TARGETS[@]}) did not come up" <<<"$status"
  check "... the failed unit" grep -q "failed: $faulty.service" <<<"$status"
  # The last lines are the unit's own: its wait for health giving up (units/health-wait.ts).
  check "... and its last log lines: its wait for health gave up" \
    grep -q -E "${CTR[$faulty]} is not healthy [0-9]+s after its start: podman healthcheck run ${CTR[$faulty]} exits [0-9]+" <<<"$status"
  DELAY[$image]=$E2E_DELAY
  import_standins "$E2E/images" "$image" || abort "re-importing $image failed"
  door start "$FINAL_TARGET"
  check "after the fix, systemctl start $FINAL_TARGET as root: status $DOOR_RC after $(secs "$DOOR_US")" test "$DOOR_RC" = 0
  check_up_to_stage "after the fix" ${#TARGETS[@]}
}

# Poweroff with the platform up, and boot again: back at boot, data intact (checked after).
door_reboot() {
  door_at_boot
}

# start: user-manager: the user manager starts the platform at linger time, the door not at all.
user_manager_boot() {
  local units=$E2E/units-user-manager
  rm -rf "$units" && mkdir -p "$units"
  sed 's/^\(    start:\) door/\1 user-manager/' "$REPO/services.yaml" >"$E2E/services-user-manager.yaml"
  grep -q 'start: user-manager' "$E2E/services-user-manager.yaml" || abort "services.yaml has no hosts.<host>.start: door to switch"
  (cd "$REPO" && node bin/mcquad.js build -i "$E2E/services-user-manager.yaml" --out "$units" "${ADDRESSES[@]}") >"$LOGS/user-manager-build.log" 2>&1 ||
    abort "mcquad build with start: user-manager failed: $LOGS/user-manager-build.log"
  halt_guest
  install_door "$units"
  chroot "$TREE" systemctl --global enable "$FINAL_TARGET" 2>>"$LOGS/install.log"
  boot_guest || abort "the guest did not boot"
  local state
  state=$(in_guest timeout 600 systemctl is-system-running --wait)
  local i
  for ((i = 0; i < 300; i++)); do
    [ "$(as_user systemctl --user is-active "$FINAL_TARGET")" = active ] && break
    sleep 1
  done
  check_up_to_stage "start: user-manager" ${#TARGETS[@]}
  local door_main door_state
  door_main=$(in_guest systemctl show -p ExecMainStartTimestampMonotonic --value "${FINAL_TARGET%.target}-start.service")
  door_state=$(in_guest systemctl is-active "$FINAL_TARGET")
  check "start: user-manager: the door did not start it (${FINAL_TARGET%.target}-start.service never ran, system $FINAL_TARGET $door_state)" \
    test "${door_main:-0}" = 0 -a "$door_state" != active
  # Back to the door for what follows.
  halt_guest
  chroot "$TREE" systemctl --global disable "$FINAL_TARGET" 2>>"$LOGS/install.log"
  install_door "$UNITS"
  boot_guest || abort "the guest did not boot"
  in_guest timeout 600 systemctl is-system-running --wait >/dev/null || true # degraded: reported by the scenarios that care
}

# shellcheck shell=bash disable=SC2004,SC2034,SC2153
# (keys of associative arrays need their "$"; the globals come from run.sh and checks.sh)
# The platform user's boots: healthy, a stage-1 service never healthy, late then fixed, and the
# data in the volume folders afterwards.

START_TIMEOUT=${START_TIMEOUT:-600} # seconds; the units' own budgets should end a start first

start_platform() { # sets T0, START_RC, START_US
  T0=$(mono_now)
  # In the background: bash runs an INT/TERM trap only once its foreground command is done.
  as_user timeout "$START_TIMEOUT" systemctl --user start "$FINAL_TARGET" >"$LOGS/start.log" 2>&1 &
  wait $!
  START_RC=$?
  START_US=$(($(mono_now) - T0))
  [ -s "$LOGS/start.log" ] && sed "s/^/  systemctl --user start $FINAL_TARGET: /" "$LOGS/start.log"
}

# Stopping a target does not stop what it requires: stop every unit, and forget failures.
stop_platform() {
  local t s units=() left
  for s in "${SERVICES[@]}"; do units+=("$s.service"); done
  t=$(mono_now)
  as_user systemctl --user stop "${TARGETS[@]}" "${units[@]}"
  as_user systemctl --user reset-failed
  left=$(as_user podman ps --format '{{.Names}}' | tr '\n' ' ')
  check "stopped, no container left${left:+: $left} ($(secs $(($(mono_now) - t))))" test -z "$left"
}

# Each service answers where its units publish it: proves the address mapping and port forwarding.
check_ports() { # LABEL
  local s url bad
  for s in "${SERVICES[@]}"; do
    [ -n "${PUBLISHED[$s]}" ] || continue
    bad=""
    for url in ${PUBLISHED[$s]}; do
      in_guest busybox wget -q -T 3 -O /dev/null --no-check-certificate "$url" 2>/dev/null || bad+=" $url"
    done
    check "$1: $s answers at ${PUBLISHED[$s]}${bad:+; not at$bad}" test -z "$bad"
  done
}

boot_healthy() {
  start_platform
  check "systemctl --user start $FINAL_TARGET succeeds ($(secs "$START_US"))" test "$START_RC" = 0
  check_boot healthy "$T0"
  HEALTHY_BOOT_US=$BOOT_US HEALTHY_BOUND_US=$CHAIN_US HEALTHY_CHAIN=$CHAIN # for boot_timing
  check_ports healthy
  stop_platform
}

# The first service of stage 1 (mcns: DNS, which everything else needs).
first_of_stage1() {
  for FAULTY in "${SERVICES[@]}"; do [[ " ${TARGET[$FAULTY]} " == *" ${TARGETS[0]} "* ]] && break; done
  FAULTY_IMAGE=${IMAGE[$FAULTY]}
}

# The services after stage 1 whose container started since T0, and the later targets reached
# (after load_state), one line. Their units do start, and their gate (ExecStartPre=) fails and
# retries: what must not run is their main process, podman.
later_stage_starts() { # T0
  local s t out=""
  for s in "${SERVICES[@]}"; do
    [[ " ${TARGET[$s]} " == *" ${TARGETS[0]} "* ]] && continue
    [ "${T_MAIN[$s.service]}" -ge "$1" ] && out+=" $s"
  done
  for t in "${TARGETS[@]:1}"; do [ "${T_ACTIVE[$t]}" -ge "$1" ] && out+=" $t"; done
  echo "${out# }"
}

boot_never_healthy() {
  first_of_stage1
  DELAY[$FAULTY_IMAGE]=never
  import_standins "$E2E/images" "$FAULTY_IMAGE" || abort "re-importing $FAULTY_IMAGE failed"
  start_platform
  local budget=$((TIMEOUT_MS[$FAULTY] * 1000)) started status why failed
  check "(a) the start fails (status $START_RC) within $FAULTY's budget: $(secs "$START_US") of $(secs $budget)" \
    test "$START_RC" != 0 -a "$START_US" -le "$budget"
  load_state
  check "(a) $FAULTY never became active (result: ${RESULT[$FAULTY.service]})" \
    test "${T_ACTIVE[$FAULTY.service]}" -lt "$T0" -a "${RESULT[$FAULTY.service]}" != success
  started=$(later_stage_starts "$T0")
  check "(a) no container of a later stage started, no later target reached${started:+:$started}" test -z "$started"
  local running
  running=$(as_user podman ps --format '{{.Names}}' | tr '\n' ' ')
  check "(a) no container runs but $FAULTY's restarts${running:+: $running}" \
    test -z "$(tr ' ' '\n' <<<"$running" | grep -v -x -e "${CTR[$FAULTY]}" -e '')"
  status=$(as_user systemctl --user status --no-pager -n 0 "$FAULTY.service" 2>&1)
  sed 's/^/    | /' <<<"$status"
  # Restart=always may already have begun the next attempt (status: activating, no Result:):
  # then the user manager's own journal line shows the failure.
  failed=$(in_guest journalctl -q --no-pager -o cat _UID="$PLATFORM_UID" --since "-$((START_US / 1000000 + 30))s" \
    -g "^$FAULTY\.service: Failed with result" | tail -n 1)
  check "(a) systemctl --user status $FAULTY.service, or its journal, shows the failure${failed:+: $failed}" \
    grep -q -E 'Result: (exit-code|signal|timeout|core-dump|protocol)|Failed with result' <<<"$status$failed"
  # Why: podman's health log, which uid 850 cannot read (a uid below 1000 logs to the system
  # journal), so `systemctl --user status` shows only the SIGKILL. Read as root. With a startup
  # check, its failures never make the container unhealthy: once its retries are used up podman
  # restarts the container, and `podman run` (waiting for healthy) fails: result "protocol".
  why=$(in_guest journalctl -q --no-pager -o cat _UID="$PLATFORM_UID" \
    --since "-$((START_US / 1000000 + 5))s" \
    -g "name=${CTR[$FAULTY]}, health_status=unhealthy|container (kill|restart) .*name=${CTR[$FAULTY]}," |
    sed -E 's/.*(container [a-z_]+) [0-9a-f]+ .*name=([^,]+)(, health_status=[^,]+, health_failing_streak=[0-9]+)?.*/\2: \1\3/' |
    tail -n 2)
  sed 's/^/    journal: /' <<<"$why"
  check "(a) the cause was the health check: podman killed $FAULTY, or restarted it when its startup check gave up" \
    grep -q -E 'container (kill|restart)' <<<"$why"
}

# Issue 14's design, after the fix: no second start. mcns's next automatic restart runs the fixed
# image; once healthy, its ExecStartPost= asks for its stage's target, and each later service's
# next retry passes its gate (stage-gate.ts), stage after stage.
recovers_by_itself() {
  first_of_stage1
  DELAY[$FAULTY_IMAGE]=$E2E_DELAY
  import_standins "$E2E/images" "$FAULTY_IMAGE" || abort "re-importing $FAULTY_IMAGE failed"
  local t0 i state=""
  t0=$(mono_now)
  for ((i = 0; i < 300; i++)); do
    state=$(as_user systemctl --user is-active "$FINAL_TARGET")
    [ "$state" = active ] && break
    sleep 1
  done
  check "$FINAL_TARGET active $(secs $(($(mono_now) - t0))) after $FAULTY was fixed, nobody starting anything (state $state)" \
    test "$state" = active
  check_boot recovered "$T0"
  stop_platform
}

# Healthy only after its first probes failed, well before HealthOnFailure=kill would end it.
boot_late_then_fixed() {
  first_of_stage1
  local late=$(((START_MS[$FAULTY] + INTERVAL_MS[$FAULTY] / 2 + 999) / 1000))
  [ "$late" -gt "$E2E_DELAY" ] || late=$((E2E_DELAY + 1))
  echo "$FAULTY's stand-in healthy after $late s, within its budget"
  DELAY[$FAULTY_IMAGE]=$late
  import_standins "$E2E/images" "$FAULTY_IMAGE" || abort "re-importing $FAULTY_IMAGE failed"
  start_platform
  check "(c) after the fix, systemctl --user start $FINAL_TARGET succeeds ($(secs "$START_US"))" \
    test "$START_RC" = 0
  check_boot fixed "$T0"
  check "(b) the late stand-in delayed the boot: $(secs "$BOOT_US"), healthy boot $(secs "$HEALTHY_BOOT_US")" \
    test "$BOOT_US" -gt "$HEALTHY_BOOT_US"
  DELAY[$FAULTY_IMAGE]=$E2E_DELAY
  import_standins "$E2E/images" "$FAULTY_IMAGE" || abort "re-importing $FAULTY_IMAGE failed"
}

data_survived() {
  local s v seen
  for s in "${SERVICES[@]}"; do
    for v in ${VOLUMES[$s]}; do
      seen=$(as_user podman exec "${CTR[$s]}" cat "${v#*:}/e2e-marker" 2>&1)
      check "$s sees the marker in ${v#*:}" test "$seen" = "$MARKER"
    done
  done
}

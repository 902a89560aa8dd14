# shellcheck shell=bash disable=SC2004,SC2034,SC2153
# (keys of associative arrays need their "$"; the globals come from run.sh and checks.sh)
# The platform user's boots: healthy, a stage-1 service never healthy, late then fixed, and the
# data in the volume folders afterwards.

START_TIMEOUT=${START_TIMEOUT:-600} # seconds; the units' own budgets should end a start first
# Seconds a never-healthy service's end may follow podman's verdict and overrun its health budget:
# podman's timers have AccuracySec=1s and each check waits for the one before (README); the judge
# prints the overrun measured.
NEVER_HEALTHY_SLACK=5

start_platform() { # sets T0 (and T0_EPOCH, its wall-clock second, for journalctl), START_RC, START_US
  T0_EPOCH=$(date +%s) T0=$(mono_now)
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

# Every port each service offers, as services.yaml says (lib/expect.mjs ports: published at its
# address, or listened on with the host's network), answers in the guest: for TCP, a connect
# (bash's /dev/tcp) that the other end neither refuses nor hangs up at once (rootless podman's
# port forwarder accepts on the host side, and closes when nothing listens in the container); for
# 53/udp a real DNS query (busybox nslookup, over UDP) whose answer holds an address. Proves the
# address mapping and the port forwarding, UDP included.
check_ports() { # LABEL
  local s proto ip port answer
  while read -r s proto ip port; do
    if [ "$proto" = tcp ]; then
      check "$1: $s answers a TCP connect at $ip:$port" tcp_answers "$ip" "$port"
    elif [ "$proto" = udp ] && [ "$port" = 53 ]; then
      answer=$(in_guest timeout 10 busybox nslookup "$DNS_QUERY" "$ip" 2>&1)
      check "$1: $s answers DNS over UDP at $ip:$port ($DNS_QUERY: $(grep -A1 "^Name:" <<<"$answer" | tr -s ' \n' ' '))" \
        grep -q -E "^Address:?[[:space:]]+[0-9.]+$" <<<"$(sed -n '/^Name:/,$p' <<<"$answer")"
    else
      fail "$1: $s publishes $port/$proto, which the e2e cannot ask"
    fi
  done < <(node "$HERE/lib/expect.mjs" ports --inventory "$INVENTORY" "${ADDRESSES[@]}")
}
# An answer (an HTTP stand-in's status line, a TLS server's alert) or an open connection after 2 s
# (DNS over TCP waits for the rest of a query): both are a listener's.
tcp_answers() { # IP PORT
  # shellcheck disable=SC2016 # expanded by the guest's bash
  in_guest timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "GET / HTTP/1.0\r\n\r\n" >&3; IFS= read -r -t 2 -u 3 line; rc=$?
    [ -n "$line" ] || [ "$rc" -gt 128 ]' - "$1" "$2"
}
DNS_QUERY=mcq.svc.mcp.metacircular.net # the name mcns's own probe asks (services.yaml: {name.mcq})

boot_healthy() {
  start_platform
  check "systemctl --user start $FINAL_TARGET succeeds ($(secs "$START_US"))" test "$START_RC" = 0
  judge_boot healthy healthy
  boot_bound healthy "$T0"
  HEALTHY_RC=$START_RC HEALTHY_BOOT_US=$BOOT_US HEALTHY_BOUND_US=$CHAIN_US HEALTHY_CHAIN=$CHAIN # for boot_timing
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
  local status failed
  check "(a) the start fails (status $START_RC) after $(secs "$START_US")" test "$START_RC" != 0
  # Within its health budget from services.yaml plus the slack, ended by podman's health check
  # (its health_status events), never active, nothing of a later stage started: the judge.
  judge_boot never-healthy never-healthy --faulty "$FAULTY" --slack "$NEVER_HEALTHY_SLACK"
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
  # Well past a probe period, well within its budget: HealthStartPeriod=, which spans the wait's.
  local late=$((E2E_DELAY + 13))
  check "$FAULTY's stand-in healthy after $late s, within its budget ($((START_MS[$FAULTY] / 1000)) s)" \
    test "$((late * 1000))" -lt "${START_MS[$FAULTY]}" || return 0
  DELAY[$FAULTY_IMAGE]=$late
  import_standins "$E2E/images" "$FAULTY_IMAGE" || abort "re-importing $FAULTY_IMAGE failed"
  start_platform
  check "(c) after the fix, systemctl --user start $FINAL_TARGET succeeds ($(secs "$START_US"))" \
    test "$START_RC" = 0
  # Its first probes seen failing, and the boot later than the healthy one by about the extra delay.
  judge_boot late late --faulty "$FAULTY" --faulty-delay "$late" --baseline-boot "$HEALTHY_BOOT_US"
  boot_bound late "$T0"
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

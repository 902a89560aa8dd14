# shellcheck shell=bash disable=SC2034 # the plan's arrays are read by scenarios.sh
# Assertions, from systemd's own timestamps and podman's health status. Sourced by run.sh.
# All times are CLOCK_MONOTONIC microseconds: systemd's *TimestampMonotonic, and mono_now (the
# guest shares the host's clock: nspawn adds no time namespace).

PASSED=0 FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "  ok    $*"; }
fail() { FAILED=$((FAILED + 1)); SCENARIO_FAILS+=("$*"); echo "  FAIL  $*"; }
check() { # check MESSAGE CMD...: passes when CMD succeeds
  local msg=$1; shift
  if "$@"; then pass "$msg"; else fail "$msg"; fi
}
mono_now() { node -e 'console.log(String(process.hrtime.bigint() / 1000n))'; }
secs() { printf '%d.%01d s' $(($1 / 1000000)) $(($1 % 1000000 / 100000)); } # µs -> "12.3 s"

# The plan (lib/plan.mjs) as arrays keyed by unit name; lists space-separated, "-" as empty.
load_plan() { # PLAN_FILE
  local f name ctr image target needs probe vols pub tmo ivl start gated _
  SERVICES=() && declare -gA CTR IMAGE TARGET NEEDS PROBE GATED VOLUMES PUBLISHED
  declare -gA TIMEOUT_MS INTERVAL_MS START_MS
  while read -r name ctr image target needs probe _ _ _ _ _ vols pub tmo ivl start _ gated; do
    SERVICES+=("$name") CTR[$name]=$ctr IMAGE[$name]=$image TARGET[$name]=${target//,/ }
    PROBE[$name]=$probe GATED[$name]=$gated
    for f in needs vols pub; do [ "${!f}" = - ] && printf -v "$f" ''; done
    NEEDS[$name]=${needs//,/ } VOLUMES[$name]=${vols//,/ } PUBLISHED[$name]=${pub//,/ }
    TIMEOUT_MS[$name]=$tmo INTERVAL_MS[$name]=$ivl START_MS[$name]=$start
  done <"$1"
  mapfile -t TARGETS < <(printf '%s\n' "${TARGET[@]}" | tr ' ' '\n' | sort -uV)
}

# State of every unit: ACTIVE_STATE, T_START (left inactive), T_ACTIVE (became active), T_MAIN (its main
# process, podman, started), RESULT;
# HEALTH per container. `systemctl show` prints a unit's properties in its own order, one block
# per unit: awk turns each block into one line.
load_state() {
  local unit state result start active main s units=()
  for s in "${SERVICES[@]}"; do units+=("$s.service"); done
  declare -gA ACTIVE_STATE=() T_START=() T_ACTIVE=() T_MAIN=() RESULT=() HEALTH=()
  while read -r unit state result start active main; do
    ACTIVE_STATE[$unit]=$state RESULT[$unit]=$result T_START[$unit]=$start T_ACTIVE[$unit]=$active
    T_MAIN[$unit]=${main:-0}
  done < <(as_platform_user systemctl --user show -p Id,ActiveState,Result \
    -p InactiveExitTimestampMonotonic,ActiveEnterTimestampMonotonic,ExecMainStartTimestampMonotonic \
    "${units[@]}" "${TARGETS[@]}" |
    awk -v RS= -F '\n' '{ delete p
      for (i = 1; i <= NF; i++) { k = $i; sub(/=.*/, "", k); p[k] = substr($i, length(k) + 2) }
      print p["Id"], p["ActiveState"], (p["Result"] == "" ? "-" : p["Result"]),
        p["InactiveExitTimestampMonotonic"], p["ActiveEnterTimestampMonotonic"],
        (p["ExecMainStartTimestampMonotonic"] == "" ? 0 : p["ExecMainStartTimestampMonotonic"]) }')
  while read -r s state; do HEALTH[${s#/}]=$state; done < <(as_platform_user podman inspect \
    --format '{{.Name}} {{.State.Health.Status}}' "${CTR[@]}" 2>/dev/null)
}

# Container name -> ID of every running container, into the array named $1.
container_ids() { # ARRAY
  local -n _ids=$1
  local name id
  _ids=()
  while read -r name id; do _ids[$name]=$id; done < <(as_platform_user podman ps --format '{{.Names}} {{.ID}}')
}

# The services whose container ID in the array BEFORE differs from the running one ("gone" when
# it no longer runs), except those named: one line, empty when all kept theirs.
changed_containers() { # BEFORE EXCEPT...
  local -n _before=$1
  shift
  local -A _now=()
  container_ids _now
  local s out=""
  for s in "${SERVICES[@]}"; do
    [[ " $* " == *" $s "* ]] && continue
    [ "${_now[${CTR[$s]}]:-gone}" = "${_before[${CTR[$s]}]:-gone}" ] || out+=" $s"
  done
  echo "${out# }"
}

# How long systemd has to wait for the service's stand-in: nothing unless it is health-gated.
delay_of() {
  local d=${DELAY[${IMAGE[$1]}]:-$E2E_DELAY}
  [ "$d" = never ] || [ "${GATED[$1]}" != yes ] && d=0
  echo $((d * 1000000))
}
# When podman can first see it healthy: it probes at the start, then once per interval.
probe_of() { local d i=$((INTERVAL_MS[$1] * 1000)); d=$(delay_of "$1"); echo $(((d + i - 1) / i * i)); }

# The longest chain of waits that ends with UNIT active, each service weighing WEIGHT (delay_of
# or probe_of): sets CHAIN_US and CHAIN (the names).
declare -A MEMO_US MEMO_CHAIN # cleared by check_boot: delays change between boots
chain() { # WEIGHT UNIT (x.service or x.target)
  local weight=$1 unit=$2 best=0 path="" n s
  if [ -z "${MEMO_US[$weight $unit]:-}" ]; then
    if [[ $unit == *.target ]]; then # a stage target waits for every service it holds
      for s in "${SERVICES[@]}"; do [[ " ${TARGET[$s]} " == *" $unit "* ]] && n+=" $s.service"; done
    else
      n=${NEEDS[${unit%.service}]}
    fi
    for s in $n; do chain "$weight" "$s"; [ "$CHAIN_US" -gt "$best" ] && best=$CHAIN_US path=$CHAIN; done
    if [[ $unit == *.service ]]; then
      best=$((best + $($weight "${unit%.service}"))) path="${path:+$path → }${unit%.service}"
    fi
    MEMO_US[$weight $unit]=$best MEMO_CHAIN[$weight $unit]=$path
  fi
  CHAIN_US=${MEMO_US[$weight $unit]} CHAIN=${MEMO_CHAIN[$weight $unit]}
}

# What is wrong with service S in the boot that began at T0, into WHY (empty when all is well):
# its container (the unit's main process, podman) must have started in this boot, after
# everything it needs was active; be active, its container healthy; and, if health-gated, not be
# active before its stand-in listened. Also sets READY (when its last need became active) and TOOK
# (from its container's start to active). The main process, not the unit's start: a unit whose
# gate (ExecStartPre=) waits for the previous stage starts, fails and retries before that.
service_problems() { # S T0
  local s=$1 unit=$1.service n
  WHY="" READY=$2 TOOK=$((T_ACTIVE[$unit] - T_MAIN[$unit]))
  [ "${ACTIVE_STATE[$unit]}" = active ] || WHY+=" state ${ACTIVE_STATE[$unit]}"
  [ "${PROBE[$s]}" = none ] || [ "${HEALTH[${CTR[$s]}]:-}" = healthy ] ||
    WHY+=" container ${HEALTH[${CTR[$s]}]:-missing}"
  [ "${T_MAIN[$unit]}" -ge "$2" ] || WHY+=" not started in this boot"
  for n in ${NEEDS[$s]}; do
    [ "${T_ACTIVE[$n]:-0}" -ge "$2" ] && [ "${T_MAIN[$unit]}" -ge "${T_ACTIVE[$n]}" ] ||
      WHY+=" started before $n was active"
    [ "${T_ACTIVE[$n]:-0}" -gt "$READY" ] && READY=${T_ACTIVE[$n]}
  done
  [ "$TOOK" -ge "$(delay_of "$s")" ] || WHY+=" active after $(secs $TOOK), before its stand-in listened"
}

# One line per service, then the final target: active, and last; then boot_bound. For the
# recovery, which the judge (judge_boot) does not cover: its faulty service's first container of
# the boot is the never-healthy one.
check_boot() { # LABEL T0
  local label=$1 t0=$2 s gate after last=0 unit=$FINAL_TARGET
  load_state
  for s in "${SERVICES[@]}"; do
    service_problems "$s" "$t0"
    gate="healthy $(secs $TOOK) later"
    [ "${GATED[$s]}" = yes ] || gate="active $(secs $TOOK) later, without waiting for health"
    [ "${T_ACTIVE[$s.service]}" -gt "$last" ] && last=${T_ACTIVE[$s.service]}
    [ -z "$WHY" ] || { fail "$label: $s:$WHY"; continue; }
    after="the start command" && [ -n "${NEEDS[$s]}" ] && after="${NEEDS[$s]} became active"
    pass "$label: $s's container started $(((T_MAIN[$s.service] - READY) / 1000)) ms after $after, $gate"
  done
  check "$label: $unit active, after every service" \
    test "${ACTIVE_STATE[$unit]}" = active -a "${T_ACTIVE[$unit]:-0}" -ge "$last" -a "$last" -gt 0
  boot_bound "$label" "$t0"
}

# The boot's time (BOOT_US) against the stand-ins' delays along the longest chain (CHAIN_US,
# CHAIN; scenarios/timing.sh reads them).
boot_bound() { # LABEL T0
  local label=$1 t0=$2 unit=$FINAL_TARGET probed msg
  load_state
  BOOT_US=$((T_ACTIVE[$unit] - t0)) MEMO_US=() MEMO_CHAIN=()
  chain probe_of "$unit" && probed=$CHAIN_US
  chain delay_of "$unit"
  msg="$label: $unit active $(secs $BOOT_US) after the start; lower bound from the stand-ins'"
  msg+=" delays along the longest chain ($CHAIN): $(secs "$CHAIN_US")"
  check "$msg ($(secs "$probed") at the first probe after each delay)" test "$BOOT_US" -ge "$CHAIN_US"
}

# The judge (lib/expect.mjs), on the boot that began at T0/T0_EPOCH: dumps what systemd and
# podman recorded of it, for the units services.yaml names (not the units under test), into
# $LOGS/LABEL.show and $LOGS/LABEL.journal, and turns each of the judge's lines into a check.
JUDGE_PROPS=Id,ActiveState,Result,InvocationID,InactiveExitTimestampMonotonic,ExecMainStartTimestampMonotonic
JUDGE_PROPS+=,ActiveEnterTimestampMonotonic,InactiveEnterTimestampMonotonic
judge_boot() { # KIND LABEL [JUDGE OPTIONS...]: KIND healthy, never-healthy or late
  local kind=$1 label=$2 units out result line n=0
  shift 2
  local show=$LOGS/$label.show journal=$LOGS/$label.journal
  mapfile -t units < <(node "$HERE/lib/expect.mjs" units --inventory "$INVENTORY")
  as_platform_user systemctl --user show -p "$JUDGE_PROPS" "${units[@]}" >"$show"
  # uid 850 is below 1000: its podman's events are in the system journal, read as root.
  in_guest journalctl -q --no-pager -o json _UID="$PLATFORM_UID" --since "@$((T0_EPOCH - 1))" >"$journal"
  echo "judge: $kind --t0 $T0 --delay $E2E_DELAY $* (recorded in $show, $journal)" # for test/judge/fixtures/
  out=$(node "$HERE/lib/expect.mjs" "$kind" --inventory "$INVENTORY" "${ADDRESSES[@]}" --show "$show" \
    --journal "$journal" --t0 "$T0" --delay "$E2E_DELAY" "$@" 2>&1)
  while read -r result line; do
    case $result in
      ok) pass "$label: $line" && n=$((n + 1)) ;;
      FAIL) fail "$label: $line" && n=$((n + 1)) ;;
    esac
  done <<<"$out"
  check "$label: the judge ran ($n checks; $(tail -n 1 <<<"$out"))" grep -q -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$(tail -n 1 <<<"$out")"
}

# shellcheck shell=bash disable=SC2153
# (the globals come from run.sh, checks.sh and boot.sh)
# How long the healthy boot (boot_healthy) took against what the stand-ins allow, what podman
# itself costs per start, and what the health probes cost in the steady state.
#
# E2E_PROBE_CPU_SEC: seconds over which to measure the probes' CPU, with the platform started
# again for it (default 60; 0 skips it).

E2E_PROBE_CPU_SEC=${E2E_PROBE_CPU_SEC:-60}
TRIVIAL=mcquad-e2e-trivial

us_decimal() { printf '%d.%02d' $(($1 / 1000000)) $(($1 % 1000000 / 10000)); } # µs -> "12.34"

# A container started the way the platform's are (its first unit's health settings and its wait
# for health, its stand-in image) whose probe passes at once, so only podman's own work is timed:
# create, start, the wait's first `podman healthcheck run`.
# Median of three starts, into PODMAN_US.
measure_podman_start() {
  local dir=/run/user/$PLATFORM_UID/containers/systemd first unit i t times=()
  first=${SERVICES[0]}
  unit=$(
    printf '[Container]\nContainerName=%s\nImage=%s\nNetwork=none\n' "$TRIVIAL" "${IMAGE[$first]}"
    grep -E '^Health' "$UNITS/$first.container" | grep -v -E '^HealthCmd=' |
      sed -E 's/^HealthOnFailure=.*/HealthOnFailure=none/'
    printf 'HealthCmd=true\n[Service]\nTimeoutStartSec=60s\n'
    grep -E '^ExecStartPost=.*podman healthcheck run' "$UNITS/$first.container" | sed "s/\b${CTR[$first]}\b/$TRIVIAL/g"
  )
  as_platform_user mkdir -p "$dir"
  as_platform_user sh -c "cat >$dir/$TRIVIAL.container" <<<"$unit"
  as_platform_user systemctl --user daemon-reload
  for i in 1 2 3; do
    as_platform_user systemctl --user start "$TRIVIAL.service"
    t=$(as_platform_user systemctl --user show -P InactiveExitTimestampMonotonic "$TRIVIAL.service")
    times+=($(($(as_platform_user systemctl --user show -P ActiveEnterTimestampMonotonic "$TRIVIAL.service") - t)))
    as_platform_user systemctl --user stop "$TRIVIAL.service"
  done
  as_platform_user rm -f "$dir/$TRIVIAL.container"
  as_platform_user systemctl --user daemon-reload
  PODMAN_US=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  echo "  podman's own start-up cost (a container whose probes pass at once, median of 3): $(us_decimal "$PODMAN_US") s (${times[*]} µs)"
}

# CPU (user + system) of everything the platform user runs, its containers and their probes
# included (each probe is a transient unit of its user manager running `podman healthcheck
# run`), plus the system journal the probes log to, over E2E_PROBE_CPU_SEC with the platform up
# and idle. cpu.stat's usage_usec is there without the cpu controller (cgroup-v2.rst).
measure_probe_cpu() {
  local before after
  before=$(cgroup_cpu_us)
  sleep "$E2E_PROBE_CPU_SEC"
  after=$(cgroup_cpu_us)
  echo "  probe CPU, 12 containers idle and healthy, over $E2E_PROBE_CPU_SEC s: $(us_decimal $((after - before))) s" \
    "($(((after - before) / E2E_PROBE_CPU_SEC / 1000)) ‰ of one core)"
}
cgroup_cpu_us() {
  in_guest cat "/sys/fs/cgroup/user.slice/user-$PLATFORM_UID.slice/cpu.stat" \
    /sys/fs/cgroup/system.slice/systemd-journald.service/cpu.stat |
    awk '$1 == "usage_usec" { s += $2 } END { print s }'
}

# The line CI logs keep (on the flow's own output, fd 8), and the goal: the healthy boot within
# 1.5x the critical-path bound, plus podman's own cost for each start along that chain (each
# link starts one container, and podman's cost is not the services').
# These machines are noisy (REFERENCE; CI shares nothing, a developer's machine may): a boot over
# the bound is measured again, at most twice more, and the fastest counts. Every boot is printed.
# To the scenario's log and the flow's own output (fd 8): a line CI logs keep. Not `tee /dev/fd/8`,
# which reopens a file the flow's output may be, at another offset.
both() { local line; while IFS= read -r line; do echo "$line"; echo "$line" >&8; done; }

boot_timing() {
  local boot=$HEALTHY_BOOT_US bound=$HEALTHY_BOUND_US links allowed ratio tries=1 all
  # A failed boot has no time to compare (its figures would be negative, and "within" anything).
  check "the healthy boot succeeded, so it can be timed (status ${HEALTHY_RC:-none})" test "${HEALTHY_RC:-1}" = 0 || return 0
  measure_podman_start
  links=$(wc -w <<<"${HEALTHY_CHAIN//→/}")
  allowed=$((bound * 3 / 2 + links * PODMAN_US))
  all=$(us_decimal "$boot")
  while [ "$boot" -gt "$allowed" ] && [ "$tries" -lt 3 ]; do
    start_platform
    load_state
    [ "$START_RC" = 0 ] && [ "$((T_ACTIVE[$FINAL_TARGET] - T0))" -lt "$boot" ] && boot=$((T_ACTIVE[$FINAL_TARGET] - T0))
    all+=", $(us_decimal $((T_ACTIVE[$FINAL_TARGET] - T0)))"
    stop_platform
    tries=$((tries + 1))
  done
  ratio=$(us_decimal $((boot * 100 / bound * 10000)))
  echo "boot time: $(us_decimal "$boot") s; critical-path bound: $(us_decimal "$bound") s; ratio: $ratio" | both
  echo "podman's own start-up cost: $(us_decimal "$PODMAN_US") s per start, $links starts on the chain ($HEALTHY_CHAIN); boots measured: $all s" | both
  local net=$((boot - links * PODMAN_US))
  echo "without podman's own cost: $(us_decimal "$net") s, ratio $(us_decimal $((net * 100 / bound * 10000))) (target 1.50)" | both
  # Issue 12's target: 1.5 × the bound plus podman's own cost per start, the fastest of the boots.
  check "target: the boot within 1.5 × the bound + podman's cost for each of the $links starts: $(us_decimal "$boot") s ≤ $(us_decimal "$allowed") s (fastest of $tries)" \
    test "$boot" -le "$allowed"
  [ "$E2E_PROBE_CPU_SEC" -gt 0 ] || return 0
  start_platform
  check "started again for the probes' CPU ($(secs "$START_US"))" test "$START_RC" = 0
  measure_probe_cpu  | both
  stop_platform
}

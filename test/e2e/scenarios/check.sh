# shellcheck shell=bash disable=SC2034,SC2153
# Issue 10: the host check command (out/system/mcquad-check) in the booted guest, the platform up
# as the door left it. Built with the loopback address overrides, it checks the stand-ins'
# addresses. Healthy, it prints ok for every check, as root and as the platform user; then one
# fault at a time, each undone before the next: the check exits 1, its FAIL line names the fault
# and its fix line says how to fix it. The inventory's checks run with Debian's dig and curl in the
# guest; every name they ask about resolves through the mcns stand-in (dnsmasq answers every name
# with the Tailnet stand-in, 127.0.0.3), so nothing leaves the guest's loopback.

CHECK_CMD=/usr/local/bin/mcquad-check # where a host without NixOS puts it (the module: on PATH)
CHECK_HOST=rift                       # the inventory's host, which the units were built for
CHECK_SAVED=$STANDIN_DIR/check-saved  # in the guest: what the set-up changed, to put back

run_mcquad_check() { # root|user [--json]: sets CHECK_RC, CHECK_OUT (standard output only)
  local who=$1
  shift
  if [ "$who" = root ]; then CHECK_OUT=$(in_guest "$CHECK_CMD" "$@" 2>"$LOGS/check.err")
  else CHECK_OUT=$(as_user "$CHECK_CMD" "$@" 2>"$LOGS/check.err"); fi
  CHECK_RC=$?
  { printf '%s\n' "$CHECK_OUT"; cat "$LOGS/check.err"; } | sed 's/^/    | /'
}

# One line per check call in the script: what a complete run prints before its last line.
check_calls() { grep -c -E '^(check_[a-z_]+|run_check) ' "$UNITS/system/mcquad-check"; }

# The --json form of the last run, read on the host: one line, "ok failures checks", then
# "STATUS NAME\tFIX" for each failure.
json_summary() {
  # shellcheck disable=SC2016 # JavaScript's own template string
  node -e 'const o = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(o.ok, o.failures, o.checks.length);
    for (const c of o.checks.filter((c) => c.status !== "ok")) console.log(`${c.status} ${c.name}\t${c.fix ?? ""}`);' <<<"$CHECK_OUT"
}

# Every check ok (skip allowed as the platform user, for a root-only check), exit 0.
expect_all_ok() { # LABEL root|user
  local allowed='ok  ' calls others
  [ "$2" = user ] && allowed='(ok  |skip)'
  run_mcquad_check "$2"
  calls=$(check_calls)
  others=$(sed '$d' <<<"$CHECK_OUT" | grep -v -E "^$allowed  " | head -n 3 | tr '\n' ';')
  check "$1: as $2, exit 0 ($CHECK_RC), last line 'all ok'${others:+; not ok: $others}" \
    test "$CHECK_RC" = 0 -a "$(tail -n 1 <<<"$CHECK_OUT")" = "all ok" -a -z "$others"
  check "$1: as $2, one line for each of the script's $calls checks ($(($(wc -l <<<"$CHECK_OUT") - 1)))" \
    test "$(($(wc -l <<<"$CHECK_OUT") - 1))" = "$calls"
}

# The fix printed under the first FAIL line matching NAME_RE.
fix_of() { # NAME_RE
  awk -v re="^FAIL  $1" '$0 ~ re { f = 1; next } f && /^      fix: / { sub(/^      fix: /, ""); print; exit } f && !/^      / { exit }' <<<"$CHECK_OUT"
}

# The check names the fault and its fix: exit 1, a FAIL line matching NAME_RE, a fix under it
# containing FIX.
expect_fault() { # LABEL NAME_RE FIX
  run_mcquad_check root
  check "$1: exit 1 ($CHECK_RC), '$(tail -n 1 <<<"$CHECK_OUT")'" test "$CHECK_RC" = 1
  check "$1: a FAIL line names it: $(grep -m1 -E "^FAIL  $2" <<<"$CHECK_OUT" || echo "none matches $2")" \
    grep -q -E "^FAIL  $2" <<<"$CHECK_OUT"
  local fix
  fix=$(fix_of "$2")
  check "$1: its fix says '$3' (fix: ${fix:-none})" grep -q -F -- "$3" <<<"$fix"
}

check_setup() {
  install -m 755 "$UNITS/system/mcquad-check" "$TREE$CHECK_CMD"
  mkdir -p "$TREE$CHECK_SAVED"
  # The guest plays rift: its name, and names resolved by its own resolver, which asks the mcns
  # stand-in on the LAN stand-in (what rift's resolver asks is MCNS too).
  in_guest hostname >"$TREE$CHECK_SAVED/hostname"
  in_guest hostname "$CHECK_HOST"
  # (A run that stopped half-way left its copy of the tree's own: that one is kept.)
  [ -f "$TREE$CHECK_SAVED/resolv.conf" ] || cp "$TREE/etc/resolv.conf" "$TREE$CHECK_SAVED/resolv.conf"
  echo "nameserver $LAN_IP" >"$TREE/etc/resolv.conf"
  # The fleet's agent, which the prerequisite check "mcp-agent" asks systemd about: a stand-in
  # that runs nothing and only is active.
  printf '[Unit]\nDescription=e2e stand-in for mcp-agent: runs nothing\n\n[Service]\nExecStart=sleep infinity\n' \
    >"$TREE/etc/systemd/system/mcp-agent.service"
  in_guest systemctl daemon-reload && in_guest systemctl start mcp-agent.service
  # mc-proxy terminates TLS on 443 and 8443 (its routes, the platform names' port): its stand-in
  # answers there over TLS (openssl s_server -www: 200 to any GET), as the checks' curl -k expects.
  check_mcproxy_standin 9443 443,8443
  check_up_to_stage "before the checks" ${#TARGETS[@]}
  check "$CHECK_CMD installed; the guest is named $(in_guest hostname), resolves through $LAN_IP" \
    test "$(in_guest hostname)" = "$CHECK_HOST"
}

# mc-proxy's stand-in re-imported with these HTTP and TLS ports, and its unit restarted.
check_mcproxy_standin() { # HTTP_PORTS TLS_PORTS
  local s=mc-proxy
  import_standin "${IMAGE[$s]}" "$E2E_DELAY" "$1" "$2" - - || abort "re-importing ${IMAGE[$s]} failed"
  as_user systemctl --user restart "$s.service" || fail "systemctl --user restart $s.service failed"
  as_user podman image prune -f >/dev/null
}

check_healthy() {
  expect_all_ok "healthy" root
  expect_all_ok "healthy" user
  run_mcquad_check root --json
  local summary
  summary=$(json_summary 2>&1)
  check "healthy: --json exits 0 ($CHECK_RC) and parses: ok=true, 0 failures, $(check_calls) checks ($(head -n 1 <<<"$summary"))" \
    test "$CHECK_RC" = 0 -a "$summary" = "true 0 $(check_calls)"
}

# A Pull=never image gone from storage (untagged: the running container keeps its layers).
check_image_missing() {
  local s=mcr-web id
  id=$(as_user podman image inspect --format '{{.Id}}' "${IMAGE[$s]}")
  as_user podman untag "${IMAGE[$s]}" "${IMAGE[$s]}" || fail "podman untag ${IMAGE[$s]} failed"
  expect_fault "image ${IMAGE[$s]} missing" "image $s: ${IMAGE[$s]//./\\.} is not in storage" "podman load -i"
  run_mcquad_check root --json
  local failures
  failures=$(json_summary 2>&1)
  check "image missing: --json has ok=false and lists it with its fix: $(sed -n 2p <<<"$failures")" \
    grep -q -F "fail image $s	load it as $PLATFORM_USER: podman load -i" <<<"$failures"
  check "image missing: --json ok=false, 1 failure ($(head -n 1 <<<"$failures"))" \
    test "$(head -n 1 <<<"$failures" | cut -d' ' -f1-2)" = "false 1"
  as_user podman tag "$id" "${IMAGE[$s]}"
  expect_all_ok "image tagged again" root
}

# A unit whose container exits at once: Restart=always keeps it activating (auto-restart).
check_failed_unit() {
  local s=mcdoc i sub=""
  DELAY[${IMAGE[$s]}]=fail
  import_standins "$E2E/images" "${IMAGE[$s]}" || abort "re-importing ${IMAGE[$s]} failed"
  as_user systemctl --user restart --no-block "$s.service"
  for ((i = 0; i < 120; i++)); do
    sub=$(as_user systemctl --user show -p SubState --value "$s.service")
    [ "$sub" = auto-restart ] && break
    sleep 0.5
  done
  expect_fault "$s failing (its unit $sub)" "unit $s\\.service: restarting after a failure" \
    "systemctl --user reset-failed $s.service && systemctl --user start $FINAL_TARGET"
  check "$s failing: its last log lines are under it (the stand-in's exit message)" \
    grep -q -F "log: standin: cannot read /srv/config" <<<"$CHECK_OUT"
  DELAY[${IMAGE[$s]}]=$E2E_DELAY
  import_standins "$E2E/images" "${IMAGE[$s]}" || abort "re-importing ${IMAGE[$s]} failed"
  # The fix as printed.
  as_user sh -c "systemctl --user reset-failed $s.service && systemctl --user start $FINAL_TARGET"
  check_up_to_stage "after its fix" ${#TARGETS[@]}
  expect_all_ok "after its fix" root
}

# A container holding a unit's name that the unit did not start: a manual podman run.
check_foreign_container() {
  local s=sgardd
  as_user systemctl --user stop "$s.service"
  as_user podman run -d --name "${CTR[$s]}" "${IMAGE[$s]}" >/dev/null || fail "podman run --name ${CTR[$s]} failed"
  expect_fault "${CTR[$s]} started by hand" "owner ${CTR[$s]}: container ${CTR[$s]} was not started by $s\\.service" \
    "podman rm -f ${CTR[$s]} && systemctl --user restart $s.service"
  as_user podman rm -f -t 0 "${CTR[$s]}" >/dev/null
  as_user systemctl --user start "$FINAL_TARGET"
  check_up_to_stage "after removing it" ${#TARGETS[@]}
  expect_all_ok "after removing it" root
}

# The Tailnet address gone from loopback, where the tailscaled stand-in put it.
check_tailnet_missing() {
  in_guest ip address del "$TAILNET_IP/32" dev lo
  expect_fault "$TAILNET_IP gone" "address tailnet: ${TAILNET_IP//./\\.} is on no interface" \
    "systemctl status tailscaled.service (Tailscale: tailscale up)"
  check "$TAILNET_IP gone: the Tailscale check fails too" grep -q '^FAIL  check tailscale: ' <<<"$CHECK_OUT"
  in_guest ip address add "$TAILNET_IP/32" dev lo
  expect_all_ok "$TAILNET_IP back" root
}

# loginctl from a process nsenter put into the guest, in none of its units' cgroups, gets
# "Protocol driver not attached" from logind; as a transient unit of the guest it is a plain caller.
guest_loginctl() { in_guest systemd-run --quiet --wait --pipe --collect loginctl "$@"; }
user_manager_state() { in_guest systemctl is-active "user@$PLATFORM_UID.service"; }

# Lingering off: logind stops the user manager, and the platform with it.
check_linger_off() {
  local i
  guest_loginctl disable-linger "$PLATFORM_USER" || fail "loginctl disable-linger $PLATFORM_USER failed"
  for ((i = 0; i < 240; i++)); do
    [ "$(user_manager_state)" = inactive ] && break
    sleep 0.5
  done
  expect_fault "linger off" "linger $PLATFORM_USER: off" "loginctl enable-linger $PLATFORM_USER"
  check "linger off: the user manager's FAIL line too" grep -q "^FAIL  unit user@$PLATFORM_UID.service: inactive" <<<"$CHECK_OUT"
  check "linger off: the units' lines point to the user manager, not to each unit" \
    grep -q "^FAIL  unit ${SERVICES[0]}.service: unknown: no answer from the user manager of $PLATFORM_USER" <<<"$CHECK_OUT"
  guest_loginctl enable-linger "$PLATFORM_USER" || fail "loginctl enable-linger $PLATFORM_USER failed"
  for ((i = 0; i < 120; i++)); do
    [ "$(user_manager_state)" = active ] && break
    sleep 0.5
  done
  as_user systemctl --user start "$FINAL_TARGET"
  check_up_to_stage "linger on again" ${#TARGETS[@]}
  expect_all_ok "linger on again" root
}

# The guest as the set-up found it: name, resolver, no agent stand-in, mc-proxy's plain stand-in.
check_restore() {
  in_guest hostname "$(cat "$TREE$CHECK_SAVED/hostname")"
  mv "$TREE$CHECK_SAVED/resolv.conf" "$TREE/etc/resolv.conf"
  in_guest systemctl stop mcp-agent.service
  rm -f "$TREE/etc/systemd/system/mcp-agent.service" && in_guest systemctl daemon-reload
  local http tls
  read -r _ http tls _ < <(grep -F "${IMAGE[mc-proxy]} " "$E2E/images")
  check_mcproxy_standin "$http" "$tls"
  check_up_to_stage "after the checks" ${#TARGETS[@]}
}

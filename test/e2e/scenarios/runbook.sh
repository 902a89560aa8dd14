# shellcheck shell=bash
# The runbook's manual fallbacks (issue 15): each service's `podman run` in the RUNBOOK.md that
# setup_units generated with the units (the loopback addresses), run by the guest's /bin/sh with
# the recorder first on PATH as `podman`, must hand podman what its unit hands it under the real
# systemd: recorded the same way (the recorder bound over /usr/bin/podman, as in quoting.sh),
# the whole platform started as its user. What is compared, and why the rest differs: lib/runbook-argv.mjs.

RUNBOOK_RECORDS=$E2E/runbook

runbook_commands() {
  stop_platform
  local names name t rc results result message units=()
  rm -rf "$RUNBOOK_RECORDS" && mkdir -p "$RUNBOOK_RECORDS"/{commands,units,manual}
  mapfile -t names < <(node "$HERE/lib/runbook-argv.mjs" commands "$UNITS/RUNBOOK.md" "$RUNBOOK_RECORDS/commands")
  check "RUNBOOK.md has a podman run for each of the ${#SERVICES[@]} services: ${names[*]}" \
    test "${#names[@]}" = "${#SERVICES[@]}"
  recorder_on
  # The recorder reports ready at once: every unit is up as soon as its gate lets it start.
  t=$(mono_now)
  as_user timeout 120 systemctl --user start "$FINAL_TARGET" >"$LOGS/runbook-start.log" 2>&1
  rc=$?
  check "under the recorder, systemctl --user start $FINAL_TARGET succeeds ($(secs $(($(mono_now) - t))))" test "$rc" = 0
  cp "$TREE$QUOTING_DIR"/*.argv "$RUNBOOK_RECORDS/units/"
  for name in "${SERVICES[@]}"; do units+=("$name.service"); done
  as_user systemctl --user stop "${TARGETS[@]}" "${units[@]}"
  as_user systemctl --user reset-failed
  rm -f "$TREE$QUOTING_DIR"/*.argv
  for name in "${names[@]}"; do
    install -m 644 -o "$PLATFORM_UID" "$RUNBOOK_RECORDS/commands/$name.sh" "$TREE$QUOTING_DIR/$name.sh"
    # Outside a unit the recorder's systemd-notify fails and it exits: its record is written first.
    as_user env -u NOTIFY_SOCKET PATH="$QUOTING_DIR:/usr/bin:/bin" timeout 20 /bin/sh "$QUOTING_DIR/$name.sh" \
      >>"$LOGS/runbook-manual.log" 2>&1
  done
  cp "$TREE$QUOTING_DIR"/*.argv "$RUNBOOK_RECORDS/manual/"
  recorder_off
  results=$(node "$HERE/lib/runbook-argv.mjs" compare "$RUNBOOK_RECORDS/units" "$RUNBOOK_RECORDS/manual" "${names[@]}" 2>&1)
  while read -r result message; do
    if [ "$result" = ok ]; then pass "runbook: $message"; else fail "runbook: $message"; fi
  done <<<"$results"
}

# shellcheck shell=bash
# The quoting scenario, last before poweroff: units built from fixtures/quoting.yaml (arguments,
# environment values and health commands with quotes, backslashes, `%`, `$`, `;`, Unicode, ...)
# go through the guest's real Quadlet 5.4 generator and systemd 257, as the platform user's units
# do, and /usr/bin/podman is a recorder meanwhile (image/podman-recorder): what it received must be
# exactly the fixture's strings (lib/quoting.mjs). A scenario of run.sh's flow, once the boots are checked.

QUOTING_FIXTURE=$HERE/fixtures/quoting.yaml
QUOTING_DIR=$STANDIN_DIR/quoting # in the guest; image/podman-recorder writes here

quoting() {
  # Nothing else may call podman meanwhile (the platform's health-check timers would).
  stop_platform
  local quoting_units=$E2E/quoting-units quoting_services t rc results result message s
  mapfile -t quoting_services < <(node "$HERE/lib/quoting.mjs" --services "$QUOTING_FIXTURE")
  rm -rf "$quoting_units"
  (cd "$REPO" && node bin/mcquad.js build -i "$QUOTING_FIXTURE" --out "$quoting_units") >"$LOGS/quoting-build.log" 2>&1 ||
    abort "mcquad build of $QUOTING_FIXTURE failed: $LOGS/quoting-build.log"
  recorder_on
  cp "$quoting_units"/*.container "$TREE/etc/containers/systemd/users/$PLATFORM_UID/"
  as_user systemctl --user daemon-reload
  # The recorder reports ready at once: a start that hangs means it never ran.
  t=$(mono_now)
  as_user timeout 60 systemctl --user start "${quoting_services[@]}" >"$LOGS/quoting-start.log" 2>&1
  rc=$?
  [ -s "$LOGS/quoting-start.log" ] && sed 's/^/    | /' "$LOGS/quoting-start.log"
  check "systemctl --user start ${quoting_services[*]} succeeds ($(secs $(($(mono_now) - t))))" test "$rc" = 0
  if results=$(node "$HERE/lib/quoting.mjs" "$QUOTING_FIXTURE" "$TREE$QUOTING_DIR" 2>&1); then
    while read -r result message; do
      if [ "$result" = ok ]; then pass "quoting: $message"; else fail "quoting: $message"; fi
    done <<<"$results"
  else
    fail "quoting: lib/quoting.mjs failed: $results"
  fi

  # Back as it was: units gone, podman itself again.
  as_user systemctl --user stop "${quoting_services[@]}"
  as_user systemctl --user reset-failed
  for s in "${quoting_services[@]}"; do rm -f "$TREE/etc/containers/systemd/users/$PLATFORM_UID/${s%.service}.container"; done
  as_user systemctl --user daemon-reload
  recorder_off
}

# /usr/bin/podman in the guest is the recorder (image/podman-recorder, bound over it), which
# writes its records to QUOTING_DIR, emptied first; and back.
recorder_on() {
  rm -rf "$TREE$QUOTING_DIR" && mkdir -p "$TREE$QUOTING_DIR"
  install -m 755 "$HERE/image/podman-recorder" "$TREE$QUOTING_DIR/podman"
  chown -R "$PLATFORM_UID:$PLATFORM_UID" "$TREE$QUOTING_DIR"
  check "/usr/bin/podman is the recorder (a bind mount in the guest)" \
    in_guest mount --bind "$QUOTING_DIR/podman" /usr/bin/podman
}
recorder_off() {
  local version
  in_guest umount /usr/bin/podman
  version=$(as_user podman --version 2>&1)
  check "/usr/bin/podman is podman again ($version)" grep -q '^podman version' <<<"$version"
  rm -rf "$TREE$QUOTING_DIR"
}

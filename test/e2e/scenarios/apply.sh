# shellcheck shell=bash disable=SC2034,SC2153
# Issue 11: upgrades through the apply step (out/system/mcquad-apply) against a real registry.
# The registry's stand-in (lib/images.sh) runs Debian's docker-registry; registries.conf in the
# guest sends the platform's image names to it. Each build of a variant inventory brings its own
# script, installed with its units, as on a host without NixOS; the script runs as root and
# becomes the platform user. Container IDs prove what was and was not replaced.

APPLY_SERVICE=mcns # the stage-1 service whose tag is bumped: Pull=never, DNS on rift
APPLY_STATE=$PLATFORM_HOME/.local/state/mcquad

# 127.0.0.1:29443: where the registry's unit publishes its port.
registry_address() { sed -n "s/^PublishPort=\(.*\):$REGISTRY_PORT\$/\1/p" "$UNITS/$REGISTRY_SERVICE.container" | head -n 1; }

# A variant of services.yaml with APPLY_SERVICE's tag replaced, built into DIR. Still named
# services.yaml: every generated header names its inventory, and only the tag may differ.
build_variant() { # DIR TAG
  local old=${IMAGE[$APPLY_SERVICE]##*/}
  mkdir -p "$1.inventory"
  sed "s|image: $old\\b|image: ${old%%:*}:$2|" "$REPO/services.yaml" >"$1.inventory/services.yaml"
  grep -q "image: ${old%%:*}:$2" "$1.inventory/services.yaml" || return 1
  # shellcheck disable=SC2086 # MCQUAD_E2E_BUILD_ARGS is a list of options
  (cd "$REPO" && node bin/mcquad.js build -i "$1.inventory/services.yaml" --out "$1" "${ADDRESSES[@]}" ${MCQUAD_E2E_BUILD_ARGS:-}) >"$LOGS/apply-build.log" 2>&1
}

# Installs DIR's units and script, as an operator copies out/, and runs the script as root:
# APPLY_RC, APPLY_OUT.
apply_units() { # DIR
  cp "$1"/*.container "$TREE/etc/containers/systemd/users/$PLATFORM_UID/"
  install -m 755 "$1/system/mcquad-apply" "$TREE$STANDIN_DIR/mcquad-apply"
  APPLY_OUT=$(in_guest "$STANDIN_DIR/mcquad-apply" 2>&1)
  APPLY_RC=$?
  sed 's/^/    | /' <<<"$APPLY_OUT"
}

running_image() { as_user podman inspect --format '{{.ImageName}}' "${CTR[$APPLY_SERVICE]}" 2>/dev/null; }

apply_check_service() { # LABEL IMAGE
  load_state
  check "$1: $APPLY_SERVICE runs $2, active and healthy (${ACTIVE_STATE[$APPLY_SERVICE.service]}, ${HEALTH[${CTR[$APPLY_SERVICE]}]:-none})" \
    test "$(running_image)" = "$2" -a "${ACTIVE_STATE[$APPLY_SERVICE.service]}" = active -a "${HEALTH[${CTR[$APPLY_SERVICE]}]:-}" = healthy
}

apply_setup() {
  local addr prefix
  addr=$(registry_address) prefix=${IMAGE[$APPLY_SERVICE]%/*}
  APPLY_NEXT=$prefix/${IMAGE[$APPLY_SERVICE]##*/} APPLY_NEXT=${APPLY_NEXT%:*}:e2e-next
  APPLY_NOWHERE=${APPLY_NEXT%:*}:e2e-nowhere
  # On rift the prefix is mcr-api behind mcns and mc-proxy, with TLS. Here it is mcr-api's
  # stand-in on the loopback address its unit publishes, in plain HTTP (insecure): that traffic
  # never leaves the guest's loopback, and TLS would prove only a CA the test made itself.
  mkdir -p "$TREE/etc/containers/registries.conf.d"
  printf '[[registry]]\nprefix = "%s"\nlocation = "%s"\ninsecure = true\n' "$prefix" "$addr" \
    >"$TREE/etc/containers/registries.conf.d/50-mcquad-e2e.conf"
  as_user systemctl --user start "$FINAL_TARGET"
  check_up_to_stage "before the upgrades" ${#TARGETS[@]}
  check "the registry answers on $addr (GET /v2/)" in_guest busybox wget -q -O /dev/null "http://$addr/v2/"
  build_variant "$E2E/units-next" e2e-next && build_variant "$E2E/units-nowhere" e2e-nowhere ||
    abort "building the variant inventories failed: $LOGS/apply-build.log"
  # The new tag only in the registry: pushed there, never tagged in storage (a reused guest may
  # hold it from an earlier run's upgrade).
  as_user podman rmi -f "$APPLY_NEXT" >/dev/null 2>&1
  as_user podman push -q --tls-verify=false "${IMAGE[$APPLY_SERVICE]}" "docker://$addr/${APPLY_NEXT#"$prefix"/}" ||
    abort "podman push to the registry failed"
  check "$APPLY_NEXT is in the registry, not in storage" test "$(as_user podman image exists "$APPLY_NEXT"; echo $?)" = 1
  rm -rf "${TREE:?}$APPLY_STATE"
  apply_units "$UNITS"
  check "the first apply only records (exit $APPLY_RC)" \
    grep -q "recorded these ${#SERVICES[@]} definitions as applied, restarted nothing" <<<"$APPLY_OUT"
}

apply_upgrade_from_registry() {
  local -A before=()
  local changed
  container_ids before
  apply_units "$E2E/units-next"
  check "apply exits 0 ($APPLY_RC)" test "$APPLY_RC" = 0
  check "it pulled $APPLY_NEXT first, though the unit says Pull=never" \
    grep -q "$APPLY_SERVICE.service: image $APPLY_NEXT is not in storage: pulling it" <<<"$APPLY_OUT"
  local repo=${APPLY_NEXT#*/}
  check "the registry's access log shows the pull (GET /v2/${repo%:*}/manifests/${repo##*:})" \
    grep -q "/v2/${repo%:*}/manifests/${repo##*:}" <<<"$(in_guest journalctl -b --no-pager "_SYSTEMD_USER_UNIT=$REGISTRY_SERVICE.service")"
  apply_check_service "after the upgrade" "$APPLY_NEXT"
  changed=$(changed_containers before)
  check "only $APPLY_SERVICE has a new container (changed: ${changed:-none})" test "$changed" = "$APPLY_SERVICE"
  check_up_to_stage "after the upgrade" ${#TARGETS[@]}
}

apply_image_nowhere() {
  local -A before=()
  local changed
  container_ids before
  apply_units "$E2E/units-nowhere"
  check "apply exits 1 ($APPLY_RC)" test "$APPLY_RC" = 1
  check "it names $APPLY_SERVICE and $APPLY_NOWHERE" \
    grep -q "FAILED: $APPLY_SERVICE.service: image $APPLY_NOWHERE is not in storage and cannot be pulled" <<<"$APPLY_OUT"
  check "it restarted nothing" test -z "$(grep -E ': (restarted|started)' <<<"$APPLY_OUT")"
  changed=$(changed_containers before)
  check "every container kept its ID (changed: ${changed:-none})" test -z "$changed"
  apply_check_service "after the failed upgrade" "$APPLY_NEXT"
}

apply_rollback() {
  local -A before=()
  local changed
  container_ids before
  apply_units "$UNITS"
  check "applying the previous units exits 0 ($APPLY_RC)" test "$APPLY_RC" = 0
  apply_check_service "after the rollback" "${IMAGE[$APPLY_SERVICE]}"
  changed=$(changed_containers before)
  check "only $APPLY_SERVICE has a new container (changed: ${changed:-none})" test "$changed" = "$APPLY_SERVICE"
  container_ids before
  apply_units "$UNITS"
  check "a second apply restarts nothing ($APPLY_RC): $(tail -n 1 <<<"$APPLY_OUT")" \
    grep -q "nothing changed since the last apply" <<<"$APPLY_OUT"
  changed=$(changed_containers before)
  check "every container kept its ID (changed: ${changed:-none})" test -z "$changed"
}

# Two runs at once, as a switch while an operator runs it: the second waits for the first's lock,
# then finds its change applied. The second starts only once the first holds the lock.
apply_two_at_once() {
  local -A before=()
  local changed lock=/run/user/$PLATFORM_UID/mcquad-apply.lock i out1 out2 rc1 rc2
  container_ids before
  cp "$E2E/units-next"/*.container "$TREE/etc/containers/systemd/users/$PLATFORM_UID/"
  install -m 755 "$E2E/units-next/system/mcquad-apply" "$TREE$STANDIN_DIR/mcquad-apply"
  in_guest "$STANDIN_DIR/mcquad-apply" >"$LOGS/apply-1.log" 2>&1 &
  local first=$!
  for ((i = 0; i < 100; i++)); do as_user flock -n "$lock" true || break; sleep 0.1; done
  in_guest "$STANDIN_DIR/mcquad-apply" >"$LOGS/apply-2.log" 2>&1
  rc2=$?
  wait "$first"
  rc1=$?
  out1=$(cat "$LOGS/apply-1.log") out2=$(cat "$LOGS/apply-2.log")
  sed 's/^/    1 | /' <<<"$out1" && sed 's/^/    2 | /' <<<"$out2"
  check "the first restarted $APPLY_SERVICE (exit $rc1)" \
    test "$rc1" = 0 -a -n "$(grep -x "$APPLY_SERVICE.service: changed: restarted, active" <<<"$out1")"
  check "the second waited for the lock, naming it (exit $rc2)" \
    grep -q "^mcquad-apply: another run holds the lock $lock (pid [0-9]*): waiting for it to finish$" <<<"$out2"
  check "then found nothing left to do" test "$rc2" = 0 -a "$(tail -n 1 <<<"$out2")" = "nothing changed since the last apply: restarted nothing"
  changed=$(changed_containers before)
  check "only $APPLY_SERVICE has a new container (changed: ${changed:-none})" test "$changed" = "$APPLY_SERVICE"
  apply_units "$UNITS"
  check "back to the first build's units (exit $APPLY_RC)" test "$APPLY_RC" = 0
  apply_check_service "after both" "${IMAGE[$APPLY_SERVICE]}"
}

# shellcheck shell=bash disable=SC2004,SC2034,SC2153
# Issue 11: the cold start of the runbook's section 7. The commands and the lists of images come
# out of the generated RUNBOOK.md (lib/runbook.mjs), and run in the shell the runbook opens as the
# platform user (its section 1). The stages after the registry pull from the platform's own
# registry (mcr-api's stand-in, reached through the registries.conf drop-in of scenarios/apply.sh),
# whose blobs live in its unit's volume and so survive the wipe of podman's storage.

RUNBOOK=$E2E/units/RUNBOOK.md

runbook() { node "$HERE/lib/runbook.mjs" "$RUNBOOK" "$@"; } # SECTION block N | block-with TEXT | list N

# Runs a block of the runbook in the shell its section 1 opens as the platform user (stdin: the
# block); RUNBOOK_OUT, RUNBOOK_RC.
in_runbook_shell() { # SECTION block N | block-with TEXT
  local shell block
  shell=$(runbook 1 block-with 'runuser -u' | grep 'runuser -u') && block=$(runbook "$@") ||
    abort "RUNBOOK.md has no such block: $*"
  echo "as the runbook says: $shell <<'EOF'"
  sed 's/^/    /' <<<"$block"
  RUNBOOK_OUT=$(in_guest sh -c "$shell" <<<"$block" 2>&1)
  RUNBOOK_RC=$?
  sed 's/^/    | /' <<<"$RUNBOOK_OUT"
}

# The images the units never pull, from the units themselves: what section 7's first list must be.
unpullable_images() {
  local s
  for s in "${SERVICES[@]}"; do grep -qx 'Pull=never' "$UNITS/$s.container" && echo "${IMAGE[$s]}"; done | sort -u
}

# Every "/v2/NAME/manifests/TAG" the registry was asked for since T0: "MONOTONIC_US PATH" lines,
# from its unit's journal (its stand-in logs each request), on the journal's monotonic clock.
registry_manifest_requests() { # T0
  local line ts
  in_guest journalctl -b -o json --no-pager "_SYSTEMD_USER_UNIT=$REGISTRY_SERVICE.service" -g '/manifests/' |
    while read -r line; do
      ts=$(sed -n 's/.*"__MONOTONIC_TIMESTAMP":"\([0-9]*\)".*/\1/p' <<<"$line")
      [ "${ts:-0}" -ge "$1" ] || continue
      grep -o '/v2/[^ "\\]*/manifests/[^ "\\]*' <<<"$line" | sort -u | sed "s|^|$ts |"
    done
}

manifest_path() { local repo=${1#*/}; echo "/v2/${repo%:*}/manifests/${repo##*:}"; } # IMAGE

cold_setup() {
  local addr prefix image
  addr=$(registry_address) prefix=${IMAGE[$REGISTRY_SERVICE]%/*}
  mapfile -t PRESTAGED < <(runbook 7 list 1) && mapfile -t PULLED < <(runbook 7 list 2) ||
    abort "RUNBOOK.md's section 7 lists no images"
  check "section 7 pre-stages exactly the images whose units say Pull=never (${#PRESTAGED[@]})" \
    test "$(printf '%s\n' "${PRESTAGED[@]}" | sort -u)" = "$(unpullable_images)"
  check "section 7 leaves ${#PULLED[@]} images to the boot's pulls, none of them Pull=never" \
    test -n "${PULLED[*]}" -a -z "$(comm -12 <(printf '%s\n' "${PULLED[@]}" | sort -u) <(unpullable_images))"
  as_user systemctl --user start "$FINAL_TARGET"
  # The registry must hold them: pushed there as apply_setup pushes its tag.
  for image in "${PULLED[@]}"; do
    as_user podman push -q --tls-verify=false "$image" "docker://$addr/${image#"$prefix"/}" ||
      fail "podman push $image to the registry"
  done
  check "the registry keeps its blobs in its volume folder ($(registry_host_dir)), which outlives its container" \
    test -d "$TREE$(registry_host_dir)/docker/registry/v2/blobs"
  # "Where the images are": this guest's storage before the wipe. Only removing an archive a reused
  # tree keeps from an earlier run is the test's; the command is the runbook's.
  rm -f "$TREE$PLATFORM_HOME"/*-images.tar
  in_runbook_shell 7 block 1
  check "section 7's podman save, as written, exits 0 ($RUNBOOK_RC)" test "$RUNBOOK_RC" = 0
}

cold_wipe_and_load() {
  local left image repo
  stop_platform
  as_user podman rmi -a -f >/dev/null
  left=$(as_user podman images -q | wc -l)
  check "podman's storage is empty ($left images)" test "$left" = 0
  in_runbook_shell 7 block 2
  check "section 7's podman load and its check, as written: exit $RUNBOOK_RC, nothing missing" \
    test "$RUNBOOK_RC" = 0 -a -z "$(grep '^missing' <<<"$RUNBOOK_OUT")"
  check "storage holds exactly the pre-staged images" \
    test "$(as_user podman images --format '{{.Repository}}:{{.Tag}}' | sort -u)" = "$(printf '%s\n' "${PRESTAGED[@]}" | sort -u)"
  for image in "${PULLED[@]}"; do
    repo=${image#*/}
    check "$image not in storage, in the registry's volume" \
      test "$(as_user podman image exists "$image"; echo $?)" = 1 -a \
      -e "$TREE$(registry_host_dir)/docker/registry/v2/repositories/${repo%:*}/_manifests/tags/${repo##*:}"
  done
}

cold_boot() {
  local requests s image path ts registry_up bad
  start_platform
  check "systemctl --user start $FINAL_TARGET succeeds ($(secs "$START_US"))" test "$START_RC" = 0
  check_boot cold "$T0"
  requests=$(registry_manifest_requests "$T0")
  sed 's/^/    registry: /' <<<"$requests"
  registry_up=${T_ACTIVE[$REGISTRY_SERVICE.service]}
  for image in "${PRESTAGED[@]}"; do
    path=$(manifest_path "$image")
    check "$image came from the loaded images: no request for $path" test -z "$(grep -F " $path" <<<"$requests")"
  done
  for s in "${SERVICES[@]}"; do
    image=${IMAGE[$s]} && [[ " ${PULLED[*]} " == *" $image "* ]] || continue
    path=$(manifest_path "$image")
    ts=$(grep -F " $path" <<<"$requests" | head -n 1 | cut -d' ' -f1)
    # During its unit's start: after it left inactive, before it was active. Not after its main
    # process started: podman's MAINPID= notification (conmon, once the container runs) resets
    # ExecMainStartTimestamp, which is later than the pull.
    check "$s pulled $path $(secs $((${ts:-0} - registry_up))) after $REGISTRY_SERVICE was active, $(secs $((${ts:-0} - T_START[$s.service]))) into its unit's start, $(secs $((T_ACTIVE[$s.service] - ${ts:-0}))) before it was active" \
      test -n "$ts" -a "${ts:-0}" -ge "$registry_up" -a "${T_START[$s.service]}" -ge "$T0" -a "${ts:-0}" -ge "${T_START[$s.service]}" -a "${ts:-0}" -le "${T_ACTIVE[$s.service]}"
    check "$image is in storage now" as_user podman image exists "$image"
  done
  check_up_to_stage "after the cold start" ${#TARGETS[@]}
}

cold_missing_stage1_image() {
  first_of_stage1
  local budget started missing why
  budget=$(sed -n 's/^TimeoutStartSec=\([0-9]*\)s$/\1/p' "$UNITS/$FAULTY.container")
  stop_platform
  as_user podman rmi -f "$FAULTY_IMAGE" >/dev/null
  in_runbook_shell 1 block-with 'podman image exists'
  missing=$(grep '^missing' <<<"$RUNBOOK_OUT")
  check "section 1's image check names it, and only it: $missing" test "$missing" = "missing  $FAULTY_IMAGE (Pull=never: the boot fails without it)"
  start_platform
  check "the start fails (status $START_RC) in $(secs "$START_US"), within $FAULTY's start timeout (${budget}s), not hanging" \
    test "$START_RC" != 0 -a "$START_US" -le "$((${budget:-0} * 1000000))"
  load_state
  check "it failed in stage 1: ${TARGETS[0]} ${ACTIVE_STATE[${TARGETS[0]}]}, $FAULTY ${ACTIVE_STATE[$FAULTY.service]} (result ${RESULT[$FAULTY.service]})" \
    test "${T_ACTIVE[${TARGETS[0]}]}" -lt "$T0" -a "${T_ACTIVE[$FAULTY.service]}" -lt "$T0"
  started=$(later_stage_starts "$T0")
  check "no container of a later stage started, no later target reached${started:+:$started}" test -z "$started"
  why=$(in_guest journalctl -b -q --no-pager -o cat "_SYSTEMD_USER_UNIT=$FAULTY.service" --since "-$((START_US / 1000000 + 30))s" \
    -g 'image not known' | tail -n 1)
  check "$FAULTY's journal names the missing image: ${why:-nothing}" grep -q -F "$FAULTY_IMAGE: image not known" <<<"$why"
  # Back as before: the image loaded again with section 7's own commands; mcns's next restart
  # finds it and the later stages follow by themselves (scenarios/boot.sh, recovers_by_itself).
  in_runbook_shell 7 block 2
  check "section 7's load again: exit $RUNBOOK_RC, nothing missing" test "$RUNBOOK_RC" = 0 -a -z "$(grep '^missing' <<<"$RUNBOOK_OUT")"
  start_platform
  check "then systemctl --user start $FINAL_TARGET succeeds ($(secs "$START_US"))" test "$START_RC" = 0
  check_up_to_stage "after the image was loaded" ${#TARGETS[@]}
}

# shellcheck shell=bash disable=SC2034
# Setting up: the host's tools and the guest tree, the units, what goes into the tree, the boot.
# Each is a scenario of run.sh's flow; a failure aborts the flow.

setup_tree() {
  ensure_host_tools || abort "no usable debootstrap and systemd-nspawn: $LOGS/host-tools.log"
  ensure_tree || abort "debootstrap failed: $LOGS/debootstrap.log"
  pass "debootstrap and systemd-nspawn (${DEBOOTSTRAP[*]: -1}, ${NSPAWN[*]: -1}); tree $(cat "$E2E/tree.stamp" | cut -c1-40)…"
}

setup_units() {
  UNITS=$E2E/units
  rm -rf "$UNITS" "$E2E/plan.json" && mkdir -p "$UNITS"
  if [ -n "${MCQUAD_E2E_UNITS:-}" ]; then
    cp -r "$MCQUAD_E2E_UNITS"/. "$UNITS/"
  else
    # shellcheck disable=SC2086 # MCQUAD_E2E_BUILD_ARGS is a list of options
    (cd "$REPO" && node bin/mcquad.js build --out "$UNITS" "${ADDRESSES[@]}" ${MCQUAD_E2E_BUILD_ARGS:-} &&
      node bin/mcquad.js plan --json "${ADDRESSES[@]}" >"$E2E/plan.json") || abort "mcquad build failed"
  fi
  plan_opts=("$UNITS") && [ -f "$E2E/plan.json" ] && plan_opts=(--listens "$E2E/plan.json" "$UNITS")
  node "$HERE/lib/plan.mjs" "${plan_opts[@]}" >"$E2E/plan" &&
    node "$HERE/lib/plan.mjs" --images "${plan_opts[@]}" >"$E2E/images" || abort "cannot read the units"
  load_plan "$E2E/plan"
  pass "${#SERVICES[@]} services, targets ${TARGETS[*]}"
  TAILNET_BOUND=$(grep -l "^PublishPort=$TAILNET_IP:" "$UNITS"/*.container | xargs -n1 basename | sed 's/\.container$//' | tr '\n' ' ')
  check "services binding the Tailnet stand-in: $TAILNET_BOUND" test -n "$TAILNET_BOUND"
  check "the door's units in system/: $(ls "$UNITS/system" | wc -l) files" test -f "$UNITS/system/$FINAL_TARGET"
  local public
  public=$(grep -h '^PublishPort=' "$UNITS"/*.container | grep -v -E '^PublishPort=(127\.|[0-9]+:|[0-9]+$)')
  check "every published address is a loopback address${public:+: $public}" test -z "$public"
}

setup_install() {
  MARKER="e2e-$(date +%s)-$$"
  local volumes
  mapfile -t volumes < <(printf '%s\n' "${VOLUMES[@]}" | tr ' ' '\n' | cut -d: -f1 | sort -u)
  uninstall_door # the door is installed once the stand-in images are in the platform user's storage
  configure_tree && install_platform_user && install_sysctl "$(port_start "$UNITS")" &&
    install_units "$UNITS" && install_volumes "$MARKER" "${volumes[@]}" && build_standin_tar &&
    install_network_standins "$LAN_IP" "$TAILNET_IP" || abort "installing into the tree failed"
  pass "user $PLATFORM_USER, units, sysctl, ${#volumes[@]} volume folders with a marker, the stand-in image, loopback and tailscaled stand-ins"
}

# Booting the door once the images are there: the platform comes up at boot.
door_install_and_boot() {
  halt_guest
  install_door "$UNITS" || abort "installing the door failed"
  pass "out/system/ in /etc/systemd/system/, enabled as its [Install] says"
  door_at_boot
}

setup_boot() {
  boot_guest || abort "the guest did not boot: $LOGS/nspawn.log"
  # Rootless Quadlet units wait for the system's network-online.target, which nothing pulls in on a
  # host with only rootless containers (on rift the system-side door unit Wants= it; REFERENCE §6).
  in_guest systemctl start network-online.target
  import_standins "$E2E/images" || abort "importing the stand-in images failed"
  pass "guest booted, stand-in images imported"
}

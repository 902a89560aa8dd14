# shellcheck shell=bash disable=SC2034
# Issue 16 (3): the platform user exists with another uid (NixOS never changes an existing user's
# uid): the door fails naming both numbers and the incident, and no container runs.

ids_drift() {
  local drifted=995 status
  halt_guest
  sed -i "s/^$PLATFORM_USER:x:$PLATFORM_UID:/$PLATFORM_USER:x:$drifted:/" "$TREE/etc/passwd"
  BOOT_WAIT_USER=0 boot_guest || abort "the guest did not boot"
  in_guest timeout 300 systemctl is-system-running --wait >/dev/null || true # degraded: the ids check failed
  door start "$FINAL_TARGET"
  status=$(in_guest systemctl status --no-pager -l -n 20 "${TARGETS[0]%.target}-start.service" 2>&1)
  sed 's/^/    | /' <<<"$status"
  check "with $PLATFORM_USER at uid $drifted, systemctl start $FINAL_TARGET fails (status $DOOR_RC)" test "$DOOR_RC" != 0
  check "... and says why: both uids and the incident" \
    grep -q "$PLATFORM_USER has uid $drifted .* the units are for uid $PLATFORM_UID .*2026-04-03" <<<"$status"
  check "the boot's own check failed too (mcquad-ids-$PLATFORM_USER.service)" \
    in_guest systemctl is-failed -q "mcquad-ids-$PLATFORM_USER.service"
  local procs
  procs=$(guest_processes conmon podman crun)
  check "no container runs (no conmon, podman or crun process in the guest)${procs:+: $procs}" test -z "$procs"
  halt_guest
  sed -i "s/^$PLATFORM_USER:x:$drifted:/$PLATFORM_USER:x:$PLATFORM_UID:/" "$TREE/etc/passwd"
  boot_guest || abort "the guest did not boot"
  in_guest timeout 600 systemctl is-system-running --wait >/dev/null || true # degraded: reported by the scenarios that care
}

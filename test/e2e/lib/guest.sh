# shellcheck shell=bash
# Host side of the guest's life: the Debian trixie tree, boot and poweroff.
# Sourced by run.sh, which sets E2E (the work folder under the cache), TREE and LOGS, and runs
# debootstrap and systemd-nspawn as lib/host-tools.sh found them (DEBOOTSTRAP, NSPAWN).
# The recipe this follows, and why each setting is there: REFERENCE.md §4.

# Several checkouts may boot guests at once: each names its own (MCQUAD_E2E_MACHINE).
MACHINE=${MCQUAD_E2E_MACHINE:-mcquad-e2e}
# The tree is rebuilt when this list changes (it is part of the stamp). debootstrap installs no
# Recommends, so podman's are named: passt (rootless networking), uidmap, dbus-user-session,
# netavark, catatonit. busybox-static, openssl and dnsmasq-base (a DNS server: busybox has none)
# go into the stand-in images, docker-registry (distribution 2.8) into the registry's; iproute2 is
# for looking around in the guest; dig (bind9-dnsutils) and curl run the inventory's checks
# through out/system/mcquad-check (scenarios/check.sh).
GUEST_PACKAGES=systemd,systemd-sysv,dbus,dbus-user-session,podman,crun,conmon,netavark,passt,uidmap
GUEST_PACKAGES+=,catatonit,busybox-static,openssl,dnsmasq-base,iproute2,docker-registry,bind9-dnsutils,curl
# The host is not booted with systemd (no machined, no scopes) and its cgroups are a v1/v2 hybrid,
# while the guest's systemd 257 needs cgroup v2: nspawn runs in a cgroup of its own and mounts a
# unified hierarchy for the guest. @keyring and bpf: crun creates a session keyring.
NSPAWN_OPTS=(--register=no --keep-unit -M "$MACHINE" --console=pipe --private-network
  "--system-call-filter=@keyring bpf")
CGROUP_DIRS=("/sys/fs/cgroup/unified/$MACHINE" "/sys/fs/cgroup/systemd/$MACHINE")

ensure_tree() {
  local stamp="trixie $GUEST_PACKAGES"
  [ "$(cat "$E2E/tree.stamp" 2>/dev/null)" = "$stamp" ] && return 0
  rm -f "$E2E/tree.stamp"
  local attempt archive
  archive=$(debian_archive) || return 1
  for attempt in 1 2 3; do
    rm -rf "$TREE"
    "${DEBOOTSTRAP[@]}" --variant=minbase --include="$GUEST_PACKAGES" trixie "$TREE" \
      "$archive" >"$LOGS/debootstrap.log" 2>&1 && break
    [ $attempt = 3 ] && { tail -n 20 "$LOGS/debootstrap.log"; return 1; }
    sleep $((attempt * 5))
  done
  rm -f "$TREE"/var/cache/apt/archives/*.deb # 80 MB the guest never needs
  echo "$stamp" >"$E2E/tree.stamp"
}

# Settings a NixOS host has and a bare trixie tree lacks, plus what nspawn on this host needs.
configure_tree() {
  echo mcquad-e2e >"$TREE/etc/hostname"
  local u
  for u in getty@tty1.service console-getty.service systemd-modules-load.service apt-daily.timer \
    apt-daily-upgrade.timer dpkg-db-backup.timer fstrim.timer docker-registry.service; do
    ln -sfn /dev/null "$TREE/etc/systemd/system/$u" # noise, or failing without kernel modules
  done
  # The guest's cgroup2 has no controllers (the host binds them to v1), and nspawn mounts
  # /proc/sys read-only outside /proc/sys/net: no pids limit, no default sysctls.
  printf '[containers]\npids_limit = 0\ndefault_sysctls = []\n' >"$TREE/etc/containers/containers.conf"
  # pasta opens /dev/net/tun, which nspawn copies with mode 0600 and no udev fixes up.
  echo 'z /dev/net/tun 0666 - - -' >"$TREE/etc/tmpfiles.d/mcquad-e2e-tun.conf"
}

boot_guest() {
  local d
  for d in "${CGROUP_DIRS[@]}"; do mkdir -p "$d"; done
  [ -d /run/systemd/nspawn ] || touch "$E2E/run/created-nspawn-dir"
  (
    for d in "${CGROUP_DIRS[@]}"; do echo $BASHPID >"$d/cgroup.procs"; done
    SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1 exec "${NSPAWN[@]}" -D "$TREE" -b "${NSPAWN_OPTS[@]}" \
      </dev/null >"$LOGS/nspawn.log" 2>&1
  ) &
  echo $! >"$E2E/run/nspawn.pid"
  local i state=""
  for ((i = 0; i < 240; i++)); do
    GUEST_PID=$(pgrep -P "$(cat "$E2E/run/nspawn.pid")" -x systemd)
    if [ -n "$GUEST_PID" ]; then
      state=$(nsenter -t "$GUEST_PID" -a systemctl is-system-running 2>/dev/null)
      case $state in running | degraded | starting) break ;; esac
    fi
    sleep 0.25
  done
  # "starting": the door holds boot until the platform is healthy; the scenarios wait for it.
  case $state in running | degraded | starting) ;; *) echo "guest did not boot (state '$state')"; return 1 ;; esac
  BOOTED_US=$(mono_now)
  [ "$state" = degraded ] && in_guest systemctl --failed --no-legend --no-pager
  [ "${BOOT_WAIT_USER:-1}" = 1 ] || return 0
  for ((i = 0; i < 40; i++)); do
    in_guest systemctl is-active -q "user@$PLATFORM_UID.service" && return 0
    sleep 0.25
  done
  echo "the lingering user manager of uid $PLATFORM_UID did not start"; return 1
}

in_guest() { nsenter -t "$GUEST_PID" -a "$@"; }

# The guest's processes with one of these names (/proc/*/comm; the tree has no procps), one line.
guest_processes() { # NAME...
  local names=" $* "
  in_guest sh -c 'for p in /proc/[0-9]*; do read -r c <"$p/comm" 2>/dev/null && echo "${p#/proc/}:$c"; done' |
    while IFS=: read -r pid comm; do [[ "$names" == *" $comm "* ]] && echo -n "$comm[$pid] "; done
}
# A command in the platform user's session, as its units see it.
as_platform_user() {
  in_guest runuser -u "$PLATFORM_USER" -- env XDG_RUNTIME_DIR="/run/user/$PLATFORM_UID" \
    DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$PLATFORM_UID/bus" "$@"
}

# Poweroff (clean: the guest's own shutdown, never nspawn's SIGKILL) and boot again.
reboot_guest() {
  local t
  t=$(mono_now)
  halt_guest
  local took=$(($(mono_now) - t)) limit
  limit=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s$/\1/p' "$UNITS/system/${TARGETS[0]%.target}-stop.service")
  check "poweroff with the platform up: clean, in $(secs $took), within the door's stop timeout (${limit}s)" \
    test "$HALT_KILLED" = 0 -a "$took" -lt "$((${limit:-0} * 1000000))"
  boot_guest
}

# Poweroff and remove what boot_guest made. Safe to call at any point, any number of times.
halt_guest() {
  local pid i d
  HALT_KILLED=0
  pid=$(cat "$E2E/run/nspawn.pid" 2>/dev/null)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" # nspawn turns this into a clean poweroff of the guest
    for ((i = 0; i < 120; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "nspawn still running after 60 s: SIGKILL"; kill -KILL "$pid"; HALT_KILLED=1; }
  fi
  for d in "${CGROUP_DIRS[@]}"; do
    [ -d "$d" ] || continue
    for ((i = 0; i < 40; i++)); do
      [ -z "$(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null)" ] && break
      sleep 0.25
    done
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  rm -rf "/run/systemd/nspawn/propagate/$MACHINE"
  [ -e "$E2E/run/created-nspawn-dir" ] && rmdir /run/systemd/nspawn/propagate /run/systemd/nspawn 2>/dev/null
  rm -f "$E2E/run/nspawn.pid" "$E2E/run/created-nspawn-dir"
  GUEST_PID=""
}

# Anything of ours still on the host after halt_guest: one line per leftover.
host_leftovers() {
  local d p
  for d in "${CGROUP_DIRS[@]}"; do [ -d "$d" ] && echo "cgroup $d"; done
  grep -F " $TREE" /proc/mounts | sed 's/^/mount /'
  for p in /proc/[0-9]*; do # a guest process has its root in the tree
    [[ "$(readlink "$p/root" 2>/dev/null)" == "$TREE"* ]] &&
      echo "process ${p#/proc/} $(tr '\0' ' ' <"$p/cmdline")"
  done
  return 0
}

# shellcheck shell=bash
# Puts the platform user and the generated units into the (stopped) tree the way the NixOS
# module does on rift (REFERENCE.md §1, §3). Sourced by run.sh.

PLATFORM_USER=mcp
PLATFORM_UID=850
PLATFORM_HOME=/srv/mcp

# users.users.mcp: pinned uid/gid, home, subordinate ids, linger = true.
install_platform_user() {
  grep -q "^$PLATFORM_USER:" "$TREE/etc/group" || chroot "$TREE" groupadd -g $PLATFORM_UID $PLATFORM_USER
  grep -q "^$PLATFORM_USER:" "$TREE/etc/passwd" ||
    chroot "$TREE" useradd -u $PLATFORM_UID -g $PLATFORM_UID -d $PLATFORM_HOME -m -s /bin/sh $PLATFORM_USER \
      2>>"$LOGS/install.log" # it warns that 850 is below UID_MIN
  # useradd gives no subordinate range to a uid below UID_MIN.
  local f
  for f in subuid subgid; do
    grep -q "^$PLATFORM_USER:" "$TREE/etc/$f" 2>/dev/null ||
      echo "$PLATFORM_USER:100000:65536" >>"$TREE/etc/$f"
  done
  # What `loginctl enable-linger` records; through nsenter it fails, so do it before boot.
  mkdir -p "$TREE/var/lib/systemd/linger" && touch "$TREE/var/lib/systemd/linger/$PLATFORM_USER"
}

# The value the generated NixOS module sets (or, without one, the inventory's); 1024 is Linux's.
port_start() { # UNITS_DIR
  local v
  v=$(sed -n 's/.*"net.ipv4.ip_unprivileged_port_start" = \([0-9]*\);.*/\1/p' "$1/nixos.nix" 2>/dev/null)
  [ -n "$v" ] || v=$(sed -n 's/^ *unprivileged_port_start: *\([0-9]*\).*/\1/p' "$REPO/services.yaml")
  echo "${v:-1024}" | head -n 1
}

# boot.kernel.sysctl: rootless podman binds 53 (mcns) and 443 (mc-proxy) only from this port on.
install_sysctl() {
  mkdir -p "$TREE/etc/sysctl.d"
  echo "net.ipv4.ip_unprivileged_port_start = $1" >"$TREE/etc/sysctl.d/60-mcquad.conf"
}

# environment.etc."containers/systemd/users/<uid>/*" and systemd.user.targets. Files installed by
# an earlier run are removed first, so a reused tree holds exactly this run's units.
install_units() { # UNITS_DIR
  local quadlet="$TREE/etc/containers/systemd/users/$PLATFORM_UID" user="$TREE/etc/systemd/user"
  local manifest="$E2E/installed-targets" f
  rm -rf "$quadlet" && mkdir -p "$quadlet" "$user"
  [ -f "$manifest" ] && while read -r f; do rm -f "$user/$f"; done <"$manifest"
  cp "$1"/*.container "$quadlet/"
  (cd "$1" && ls -- *.target) >"$manifest"
  cp "$1"/*.target "$user/"
}

# The folders the units bind, owned by the platform user, each with a marker whose survival
# the test checks at the end.
install_volumes() { # MARKER PATH...
  local marker=$1 v; shift
  for v in "$@"; do
    mkdir -p "$TREE$v"
    echo "$marker" >"$TREE$v/e2e-marker"
    chown -R $PLATFORM_UID:$PLATFORM_UID "$TREE$v"
  done
}

# The door as out/system/ has it, into /etc/systemd/system/, and enabled as its [Install] says
# (what `systemctl enable` does on a host without NixOS; the NixOS module links the same units).
# What an earlier run installed is disabled and removed first.
install_door() { # UNITS_DIR
  local sys="$TREE/etc/systemd/system" manifest="$E2E/installed-door" f
  uninstall_door
  (cd "$1/system" && find . -type f | sed 's|^\./||' | sort) >"$manifest"
  while read -r f; do mkdir -p "$sys/$(dirname "$f")" && cp "$1/system/$f" "$sys/$f"; done <"$manifest"
  mapfile -t enable < <(cd "$1/system" && grep -l '^\[Install\]' -- * 2>/dev/null)
  [ "${#enable[@]}" -eq 0 ] || chroot "$TREE" systemctl enable "${enable[@]}" 2>>"$LOGS/install.log"
}
uninstall_door() {
  local sys="$TREE/etc/systemd/system" manifest="$E2E/installed-door" f
  [ -f "$manifest" ] || return 0
  while read -r f; do
    [[ $f == */* ]] || chroot "$TREE" systemctl disable "$f" >/dev/null 2>&1
    rm -f "$sys/$f"
  done <"$manifest"
  find "$sys" -mindepth 1 -type d -empty -name '*.d' -delete
  rm -f "$manifest"
}

# The host's network as the door meets it on rift, with loopback stand-ins (REFERENCE §6):
# loopback carries 127.0.0.1 and the LAN stand-in as /32 only, so the Tailnet stand-in, 127.0.0.3,
# is not bindable (every 127.x address is while loopback carries 127.0.0.1/8) until the stand-in
# for tailscaled.service adds it, TAILNET_DELAY seconds after it reported ready (Type=simple: at
# once), as a tailscaled that is up before it is connected would.
TAILNET_DELAY=${TAILNET_DELAY:-6}
install_network_standins() { # LAN_IP TAILNET_IP
  local sys="$TREE/etc/systemd/system"
  cat >"$sys/e2e-loopback.service" <<UNIT
[Unit]
Description=e2e: loopback with 127.0.0.1/32 and the LAN stand-in $1/32 only
DefaultDependencies=no
Before=network-pre.target sysinit.target
Wants=network-pre.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=ip address del 127.0.0.1/8 dev lo
ExecStart=ip address add 127.0.0.1/32 dev lo
ExecStart=ip address add $1/32 dev lo

[Install]
WantedBy=sysinit.target
UNIT
  cat >"$sys/tailscaled.service" <<UNIT
[Unit]
Description=e2e stand-in for tailscaled: ready at once, the Tailnet stand-in $2 after ${TAILNET_DELAY}s
After=network-pre.target e2e-loopback.service

[Service]
Type=simple
ExecStart=/bin/sh -c 'sleep $TAILNET_DELAY; ip address add $2/32 dev lo && echo "tailnet address up: $2"; exec sleep infinity'
ExecStopPost=-ip address del $2/32 dev lo

[Install]
WantedBy=multi-user.target
UNIT
  # The tailscale CLI's one question the inventory asks (`tailscale ip -4`, its check
  # "tailscale"), answered from what the tailscaled stand-in did: its address on loopback or not.
  mkdir -p "$TREE/usr/local/bin"
  cat >"$TREE/usr/local/bin/tailscale" <<SCRIPT
#!/bin/sh
# e2e stand-in for the tailscale CLI: only "ip -4", from the tailscaled stand-in's address on lo.
[ "\$*" = "ip -4" ] || { echo "tailscale (e2e stand-in): only 'tailscale ip -4'" >&2; exit 2; }
ip -o -4 address show dev lo | grep -qF " inet $2/" || { echo "Tailscale is stopped." >&2; exit 1; }
echo $2
SCRIPT
  chmod 755 "$TREE/usr/local/bin/tailscale"
  chroot "$TREE" systemctl enable e2e-loopback.service tailscaled.service 2>>"$LOGS/install.log"
}

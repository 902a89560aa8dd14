# shellcheck shell=bash
# Stand-in images: busybox, openssl and image/standin.sh, imported into the platform user's
# own (rootless) storage under every image name the units use, so the boot pulls nothing. The
# registry's stand-in (mcr-api) also runs a real OCI registry, Debian's docker-registry, on the
# container port its unit publishes; scenarios/apply.sh pushes images to it and pulls from it.
# Sourced by run.sh.

STANDIN_DIR=/var/lib/mcquad-e2e # in the guest
# What a DNS stand-in answers for every name: the Tailnet address's loopback stand-in (run.sh maps
# tailnet to 127.0.0.3), as mcns answers platform names with Tailnet addresses.
STANDIN_DNS_ANSWER=127.0.0.3
REGISTRY_SERVICE=mcr-api REGISTRY_PORT=9443 # the service whose stand-in is the registry, its port

# Before boot: the image's root file system as a tar in the tree, and a self-signed key for TLS.
build_standin_tar() {
  local root="$E2E/standin-root" lib a
  rm -rf "$root" && mkdir -p "$root/bin" "$root/standin" "$root/tmp" "$TREE$STANDIN_DIR"
  cp "$TREE/bin/busybox" "$root/bin/"
  for a in $(chroot "$TREE" busybox --list); do [ "$a" = busybox ] || ln -s busybox "$root/bin/$a"; done
  # Debian's busybox nc has no -z, and busybox sh runs its own applets before any file on PATH:
  # dash as /bin/sh (podman runs CMD-SHELL probes with it) finds our nc, which has -z.
  rm "$root/bin/nc" "$root/bin/sh"
  cp "$HERE/image/nc" "$root/bin/nc"
  cp "$TREE/usr/bin/dash" "$root/bin/sh"
  # openssl s_server serves TLS; busybox wget speaks TLS itself (or through openssl if present).
  # dnsmasq answers DNS (mcns's probe is busybox nslookup). dash needs only libc, which they need too.
  cp "$TREE/usr/bin/openssl" "$TREE/usr/sbin/dnsmasq" "$root/bin/"
  for lib in $(chroot "$TREE" ldd /usr/bin/openssl /usr/sbin/dnsmasq | awk '$2 == "=>" {print $3} $1 ~ /^\// {print $1}' | sort -u); do
    mkdir -p "$root$(dirname "$lib")" && cp -L "$TREE$lib" "$root$lib"
  done
  # dnsmasq looks its --user up; the container's root is the platform user outside.
  mkdir -p "$root/etc" && echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd" && echo "root:x:0:" >"$root/etc/group"
  chroot "$TREE" openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=standin \
    -keyout "$STANDIN_DIR/key.pem" -out "$STANDIN_DIR/cert.pem" 2>/dev/null
  cp "$TREE$STANDIN_DIR/key.pem" "$TREE$STANDIN_DIR/cert.pem" "$HERE/image/standin.sh" "$root/standin/"
  tar -C "$root" -cf "$TREE$STANDIN_DIR/standin.tar" .
  # The registry's stand-in: the same, and the registry binary with what it links.
  cp "$TREE/usr/bin/docker-registry" "$root/bin/registry"
  for lib in $(chroot "$TREE" ldd /usr/bin/docker-registry 2>/dev/null | awk '$2 == "=>" {print $3} $1 ~ /^\// {print $1}'); do
    mkdir -p "$root$(dirname "$lib")" && cp -L "$TREE$lib" "$root$lib"
  done
  tar -C "$root" -cf "$TREE$STANDIN_DIR/standin-registry.tar" .
  chmod 644 "$TREE$STANDIN_DIR"/*
}

# One image: IMAGE DELAY HTTP_PORTS TLS_PORTS PATHS DNS [REGISTRY_PORT REGISTRY_ROOT] (lists
# comma-separated, "-" for none; DNS "yes" for a DNS server on port 53). The behaviour is baked
# in as ENV, so a fault case re-imports one image with another delay.
import_standin() {
  local v env=() dns=- tar=standin.tar
  [ "${6:-}" = yes ] && dns=$STANDIN_DNS_ANSWER
  [ -n "${7:-}" ] && tar=standin-registry.tar
  for v in "STANDIN_DELAY=$2" "STANDIN_HTTP=$3" "STANDIN_TLS=$4" "STANDIN_PATHS=$5" "STANDIN_DNS=$dns" \
    "STANDIN_REGISTRY=${7:--}" "STANDIN_REGISTRY_ROOT=${8:--}"; do
    [ "${v#*=}" = - ] && v="${v%%=*}="
    env+=(--change "ENV $v")
  done
  as_platform_user podman import -q "${env[@]}" \
    --change 'ENTRYPOINT ["/bin/sh", "/standin/standin.sh"]' "$STANDIN_DIR/$tar" "$1" >/dev/null
}

# The images of IMAGES_FILE (lib/plan.mjs --images), or only IMAGE; delays from DELAY[image].
import_standins() { # IMAGES_FILE [IMAGE]
  local image http tls paths dns registry
  while read -r image http tls paths dns; do
    [ -n "${2:-}" ] && [ "$image" != "$2" ] && continue
    # Its blobs in the unit's own volume, so they outlive the container (Quadlet runs it with --rm).
    registry=() && [ "$image" = "${IMAGE[$REGISTRY_SERVICE]:-}" ] &&
      registry=("$REGISTRY_PORT" "$(registry_volume)/registry")
    import_standin "$image" "${DELAY[$image]:-$E2E_DELAY}" "$http" "$tls" "$paths" "$dns" "${registry[@]}" || return 1
  done <"$1"
  as_platform_user podman image prune -f >/dev/null # images replaced by a re-import
}

# The registry service's first volume, as the container sees it (/srv/mcr).
registry_volume() { local v=${VOLUMES[$REGISTRY_SERVICE]%% *}; v=${v#*:}; echo "${v%%:*}"; }
# Where the registry keeps its blobs, on the host's side of that volume (/srv/mcr/registry).
registry_host_dir() { local v=${VOLUMES[$REGISTRY_SERVICE]%% *}; echo "${v%%:*}/registry"; }

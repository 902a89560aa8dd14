#!/bin/sh
# Entrypoint of the stand-in images: behaves like a platform service as far as its health probe
# can tell. Configured by the ENV the harness bakes into each image (lib/images.sh):
#   STANDIN_DELAY  seconds before anything listens, "never" (a service that never gets healthy) or
#                  "fail" (one that exits at once with status 1)
#   STANDIN_HTTP   TCP ports served over plain HTTP (this also satisfies `nc -z`)
#   STANDIN_TLS    TCP ports served over TLS (openssl s_server -www answers 200 to any GET)
#   STANDIN_PATHS  HTTP paths the probes ask for
#   STANDIN_DNS    an IPv4 address: a DNS server on port 53 (UDP and TCP) answers every name with
#                  it (dnsmasq, copied from the guest: busybox has no DNS server applet)
#   STANDIN_REGISTRY       a port for a real OCI registry (/bin/registry: Debian's docker-registry,
#                          distribution 2.8), plain HTTP, access log on standard error (the journal)
#   STANDIN_REGISTRY_ROOT  where it keeps its blobs
# Lists are comma-separated (an image's ENV value cannot hold a space through `podman import`).
# The unit's own arguments (`server --config ...`) are meant for the real service: ignored.

pids=""
# PID 1 in the container: without a handler SIGTERM is ignored and every stop would take
# podman's 10 s stop timeout.
trap 'kill $pids 2>/dev/null; exit 0' TERM INT

say() { echo "standin: $*"; }
say "started, delay ${STANDIN_DELAY:-0}"

# "fail": a service that exits at once, as one whose configuration it cannot read does.
if [ "$STANDIN_DELAY" = fail ]; then
  say "cannot read /srv/config: exiting with status 1"
  exit 1
fi
# Sleep in the background so the trap can run while we wait.
if [ "$STANDIN_DELAY" = never ]; then
  while :; do sleep 3600 & pids=$!; wait $!; done
fi
sleep "${STANDIN_DELAY:-0}" & pids=$!; wait $!

mkdir -p /www && echo ok >/www/index.html # GET / answers too
for path in $(echo "$STANDIN_PATHS" | tr , " "); do
  case $path in */) path=${path}index.html ;; esac
  mkdir -p "/www${path%/*}" && echo ok >"/www$path"
done
for port in $(echo "$STANDIN_HTTP" | tr , " "); do
  [ "$port" = "${STANDIN_REGISTRY:-}" ] && continue # the registry's port is the registry's
  httpd -f -p "0.0.0.0:$port" -h /www & pids="$pids $!"
done
for port in $(echo "$STANDIN_TLS" | tr , " "); do
  [ "$port" = "${STANDIN_REGISTRY:-}" ] && continue
  openssl s_server -quiet -4 -accept "$port" -cert /standin/cert.pem -key /standin/key.pem -www \
    >/dev/null 2>&1 & pids="$pids $!"
done
if [ -n "$STANDIN_DNS" ]; then
  # --local: every other question (AAAA, which busybox nslookup also asks) gets an empty answer
  # from here, not REFUSED for want of an upstream server: nslookup fails on REFUSED.
  dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --no-poll \
    --user=root --group=root --pid-file= --port=53 --address="/#/$STANDIN_DNS" --local=/#/ \
    --log-facility=- & pids="$pids $!"
fi
if [ -n "${STANDIN_REGISTRY:-}" ]; then
  mkdir -p "$STANDIN_REGISTRY_ROOT"
  printf 'version: 0.1\nlog:\n  accesslog:\n    disabled: false\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: :%s\n' \
    "$STANDIN_REGISTRY_ROOT" "$STANDIN_REGISTRY" >/tmp/registry.yml
  registry serve /tmp/registry.yml & pids="$pids $!"
fi
say "listening: http ${STANDIN_HTTP:--} tls ${STANDIN_TLS:--} dns ${STANDIN_DNS:--} registry ${STANDIN_REGISTRY:--}"
wait
say "servers exited"
exit 1

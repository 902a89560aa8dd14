# shellcheck shell=bash
# Podman itself reads the values mcquad refuses for podman's sake (issue 15): each --health-cmd
# value of test/fixtures/podman/health-cmd.json (podman's own syntax: `none`, `CMD ...`, JSON;
# and values just beside it, which mcquad lets through) goes to `podman create` in the guest, and
# `podman inspect` says what podman made of it. The record must still be what podman says: it is
# what the unit tests hold the refusals to (test/unit/podman-health-syntax.test.ts).

HEALTH_FIXTURE=$REPO/test/fixtures/podman/health-cmd.json

readers_health_cmd() {
  local seen=$E2E/health-cmd.observed value out image=${IMAGE[${SERVICES[0]}]} results result message
  local ctr=mcquad-e2e-health-cmd
  : >"$seen"
  while IFS= read -r -u 3 value; do
    as_user podman rm -f "$ctr" >/dev/null 2>&1 </dev/null
    if out=$(as_user podman create --pull never --name "$ctr" --health-cmd "$value" "$image" 2>&1 </dev/null); then
      out=$(as_user podman inspect --format '{{if .Config.Healthcheck}}{{json .Config.Healthcheck.Test}}{{else}}null{{end}}' "$ctr" 2>&1 </dev/null)
    else
      out=$(node -e 'console.log(JSON.stringify({ error: process.argv[1] }))' "$out")
    fi
    echo "$out" >>"$seen"
  done 3< <(node "$HERE/lib/health-readings.mjs" values "$HEALTH_FIXTURE")
  as_user podman rm -f "$ctr" >/dev/null 2>&1
  # MCQUAD_E2E_RECORD_HEALTH=1: write what podman said as the fixture, to review and commit.
  [ "${MCQUAD_E2E_RECORD_HEALTH:-}" = 1 ] && node "$HERE/lib/health-readings.mjs" record "$HEALTH_FIXTURE" "$seen" >"$LOGS/health-cmd.json"
  results=$(node "$HERE/lib/health-readings.mjs" compare "$HEALTH_FIXTURE" "$seen" 2>&1)
  while read -r result message; do
    if [ "$result" = ok ]; then pass "$message"; else fail "$message"; fi
  done <<<"$results"
}

# shellcheck shell=bash
# The e2e is one flow of named scenarios (run.sh lists them in order): each prints one line, its
# result, how many checks it made and how long it took; the failed checks follow, indented.
# Everything a scenario prints goes to $LOGS/e2e.log. The closing line counts scenarios.
# Sourced by run.sh, which opens fd 8 on its own standard output; lib/checks.sh's pass/fail count.

SCENARIOS_PASSED=0 SCENARIOS_FAILED=0 SCENARIO="" SCENARIO_FAILS=()
DETAIL=${LOGS:?}/e2e.log

# scenario NAME FUNCTION [ARGS...]: a non-zero status of FUNCTION fails it too. A scenario that
# cannot go on calls `abort`, which ends the flow (later scenarios build on the earlier ones).
scenario() {
  local name=$1 p0=$PASSED f0=$FAILED t0 rc
  shift
  SCENARIO=$name SCENARIO_FAILS=() t0=$(mono_now)
  echo "=== $name" >>"$DETAIL"
  "$@" >>"$DETAIL" 2>&1
  rc=$?
  [ "$rc" -ne 0 ] && [ "$FAILED" -eq "$f0" ] && fail "$name: exit status $rc"
  scenario_line "$name" $((PASSED - p0)) $((FAILED - f0)) "$t0"
}

scenario_line() { # NAME PASSED FAILED T0
  local took
  took=$(secs $(($(mono_now) - $4)))
  if [ "$3" -eq 0 ]; then
    SCENARIOS_PASSED=$((SCENARIOS_PASSED + 1))
    printf 'ok    %-58s %3d checks  %8s\n' "$1" "$2" "$took" >&8
  else
    SCENARIOS_FAILED=$((SCENARIOS_FAILED + 1))
    { printf 'FAIL  %-58s %3d of %d checks failed  %8s\n' "$1" "$3" $(($2 + $3)) "$took"
      printf '        %s\n' "${SCENARIO_FAILS[@]}"; } >&8
  fi
  SCENARIO=""
}

# shellcheck shell=bash disable=SC2004,SC2034,SC2153
# Issue 14, on the healthy platform: a restart or a crash of one service restarts that service
# alone (and, by design, the services that name it in their own `requires:`); container IDs prove
# what was and was not replaced.

# Waits until UNIT is active with another InvocationID than OLD, at most SECONDS.
wait_new_invocation() { # UNIT OLD SECONDS
  local i id state
  for ((i = 0; i < $3 * 2; i++)); do
    id=$(as_user systemctl --user show -p InvocationID --value "$1")
    state=$(as_user systemctl --user is-active "$1")
    [ "$id" != "$2" ] && [ "$state" = active ] && return 0
    sleep 0.5
  done
  return 1
}

# The services that name S in `requires:` (the plan's NEEDS), transitively.
dependents_of() { # S
  local s out=" $1 " grew=1
  while [ $grew = 1 ]; do
    grew=0
    for s in "${SERVICES[@]}"; do
      [[ "$out" == *" $s "* ]] && continue
      for n in ${NEEDS[$s]}; do [[ "$out" == *" ${n%.service} "* ]] && { out+="$s "; grew=1; break; }; done
    done
  done
  echo "$out" | tr ' ' '\n' | grep -v -x -e "$1" -e '' | tr '\n' ' '
}

# restart_alone S HOW: HOW is "hand" (systemctl --user restart) or "crash" (SIGKILL from outside
# podman to the container's process); S gets a new container, the others keep theirs.
restart_alone() {
  local s=$1 how=$2 old deps changed pid
  local -A before=()
  container_ids before
  old=$(as_user systemctl --user show -p InvocationID --value "$s.service")
  deps=$(dependents_of "$s")
  if [ "$how" = hand ]; then
    as_user systemctl --user restart "$s.service"
    check "systemctl --user restart $s: status $?" true
  else
    pid=$(as_user podman inspect --format '{{.State.Pid}}' "${CTR[$s]}")
    check "$s's container process $pid killed from outside podman" in_guest sh -c "kill -KILL $pid"
  fi
  wait_new_invocation "$s.service" "$old" 180
  check "$s is active again (a new invocation)" test $? = 0
  load_state
  check "$s has a new container, healthy (${HEALTH[${CTR[$s]}]:-none})" \
    test "$(changed_containers before $(printf '%s\n' "${SERVICES[@]}" | grep -v -x "$s"))" = "$s" -a "${HEALTH[${CTR[$s]}]:-}" = healthy
  if [ "$how" = hand ] && [ -n "${deps// /}" ]; then
    sleep 1
    local d bad=""
    for d in $deps; do wait_new_invocation "$d.service" "" 180 || bad+=" $d"; done
    changed=$(changed_containers before "$s" $deps)
    check "every other container kept its ID${changed:+; changed: $changed}; restarted with it, as their requires: says: $deps" \
      test -z "$changed" -a -z "$bad"
  else
    changed=$(changed_containers before "$s")
    check "every other container kept its ID${changed:+; changed: $changed}" test -z "$changed"
  fi
  check_up_to_stage "after $s's $how restart" ${#TARGETS[@]}
}

restart_stage1_by_hand() { first_of_stage1; restart_alone "$FAULTY" hand; }
crash_stage1() { first_of_stage1; restart_alone "$FAULTY" crash; }
restart_stage2_by_hand() { restart_alone "$(services_of_stages 2 2 | head -n 1)" hand; }
# A service that others name in `requires:`: those restart with it, nothing else does.
restart_required_by_hand() {
  local s
  for s in "${SERVICES[@]}"; do [ -n "$(dependents_of "$s" | tr -d ' ')" ] && break; done
  restart_alone "$s" hand
}

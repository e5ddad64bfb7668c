#!/bin/bash
# A check's state advances only after its report was delivered: a closed
# pipe leaves the event for the next run (exit 3, not a death by SIGPIPE);
# an unusable --textfile directory is UNKNOWN before any rig is contacted;
# a usage error is UNKNOWN on either side of the command; SIGTERM during a
# fleet check prints and commits the rigs that finished and leaves the one
# in flight as it was.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool
start_sim
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$T/state"
   --cache-dir "$T/cache")
STATE="$T/state/$SIM_HOST/check.table.state"
PSU="0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x08 0x30 0x6f 0x01 0xff 0xff"
DEAD=127.0.0.1:$(sim_freeport udp)

run_rigctl "${R[@]}" check
check_eq "a healthy rig first" 0 "$RC"
cp "$STATE" "$T/state.before"

# A closed pipe: the reader is gone before rigctl writes (the check takes
# longer than 'true').  EPIPE is a failed delivery: UNKNOWN, state kept.
sel_add $PSU
"$RIGCTL" "${R[@]}" check 2>"$T/pipe.err" | true
rc=${PIPESTATUS[0]}
check_eq "closed pipe: UNKNOWN, not killed by SIGPIPE" 3 "$rc"
check_match "closed pipe: says the report was not delivered" "could not be written to stdout" "$(cat "$T/pipe.err")"
cmp -s "$STATE" "$T/state.before"
check_eq "closed pipe: state unchanged" 0 "$?"
run_rigctl "${R[@]}" check
check_eq "the next run still reports the event" 2 "$RC"
check_match "the PSU event" "PSU1" "$OUT"
run_rigctl "${R[@]}" check
check_eq "and then once only" "0:" "$RC:$OUT"

# --textfile that cannot be used: UNKNOWN at once, even with a dead rig
# and a long deadline (no rig is contacted).
for bad in missing file; do
	dir=$T/tf-$bad
	[ $bad = file ] && : > "$dir"
	t0=$(now_ms)
	run_rigctl -H "$DEAD" -U admin -f "$PW" "${BMC_OPTS[@]}" --timeout 20000 \
		--state-dir "$T/state" -o prometheus --textfile "$dir" check
	t1=$(now_ms)
	check_eq "--textfile $bad: UNKNOWN" 3 "$RC"
	check_match "--textfile $bad: names the directory" "textfile $dir" "$ERR"
	check_eq "--textfile $bad: no rig contacted (returns at once)" yes \
		"$([ $((t1 - t0)) -lt 3000 ] && echo yes || echo "$((t1 - t0)) ms")"
done
run_rigctl "${R[@]}" --textfile "$T" check
check_eq "--textfile without -o prometheus: UNKNOWN" 3 "$RC"

# Usage errors before or after the command: UNKNOWN for a check.
run_rigctl --bogus "${R[@]}" check
check_eq "bad global option before check: 3" 3 "$RC"
run_rigctl "${R[@]}" check --bogus
check_eq "bad option after check: 3" 3 "$RC"
run_rigctl --bogus "${R[@]}" ecc check
check_eq "bad global option before ecc check: 3" 3 "$RC"
run_rigctl --bogus "${R[@]}" power status
check_eq "not a check: still 2" 2 "$RC"
run_rigctl "${R[@]}" check --event-hold 5x
check_eq "bad duration: 3" 3 "$RC"
check_match "says what a duration is" "not a duration" "$ERR"

# SIGTERM during a fleet check: three simulators answer at once, a dead
# address waits out a long deadline.  The finished rigs are printed and
# their state committed; the dead one's state stays as it was.
hosts=("$SIM_HOST")
for i in 2 3; do
	sim_start "$T/sim$i" || exit 99
	at_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
	hosts+=("$SIM_HOST")
	sel_add $PSU
done
unset SIM_PID
hosts+=("$DEAD")
list=$(IFS=,; echo "${hosts[*]}")
FLEET=(-H "$list" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$T/fleet"
       --cache-dir "$T/cache" --timeout 30000)
"$RIGCTL" -o json "${FLEET[@]}" check >"$T/fleet.out" 2>"$T/fleet.err" &
pid=$!
# The live rigs are done when their state files exist... but those are
# written only at the end: wait for the dead rig's lock instead, and give
# the live ones time to finish.
wait_until 10 test -e "$T/fleet/$DEAD/check.json.state.lock" ||
	fail "the dead rig's check never started"
sleep 3
alive "$pid" || fail "rigctl ended before the signal"
t0=$(now_ms)
kill -TERM "$pid"
wait "$pid"; rc=$?
t1=$(now_ms)
check_eq "SIGTERM: exit 128 + 15" 143 "$rc"
check_eq "SIGTERM: ended without waiting for the dead rig" yes \
	"$([ $((t1 - t0)) -lt 5000 ] && echo yes || echo "$((t1 - t0)) ms")"
check_eq "all four rigs in the report" 4 "$(jq '.rigs | length' "$T/fleet.out")"
check_eq "the finished rigs with their results" "critical critical critical" \
	"$(jq -r '[.rigs[] | select(.check != null) | .check.state] | join(" ")' "$T/fleet.out")"
check_match "the dead rig: interrupted" "interrupted" \
	"$(jq -r --arg h "$DEAD" '.rigs[] | select(.rig == $h) | .errors[0].message' "$T/fleet.out")"
for h in "${hosts[@]:0:3}"; do
	check_match "$h: state committed" "^end$" \
		"$(tail -n 1 "$T/fleet/$h/check.json.state" 2>/dev/null)"
done
check_eq "the dead rig's state untouched" no \
	"$([ -e "$T/fleet/$DEAD/check.json.state" ] && echo yes || echo no)"
# Committed: the PSU events are not reported again.
run_rigctl -o json -H "$(IFS=,; echo "${hosts[*]:0:3}")" -U admin -f "$PW" \
	"${BMC_OPTS[@]}" --state-dir "$T/fleet" --cache-dir "$T/cache" check
check_eq "after the signal: nothing new on the finished rigs" 0 "$RC"
finish

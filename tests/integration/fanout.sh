#!/bin/bash
# Fan-out over 16 BMCs of which a quarter do not answer: every live rig's
# result arrives, each dead one fails within its own deadline (the whole run
# is bounded by about one deadline, not four), labels and exit code are
# right; --consolidate prints identical results once.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
. "$top_srcdir/tests/helpers/sim.sh"
need_cmd ipmi_sim

hosts=() live=() dead=()
for i in $(seq 1 16); do
	if [ $((i % 4)) -eq 0 ]; then
		h=127.0.0.1:$(sim_freeport udp)
		dead+=("$h")
	else
		sim_start "$T/sim$i" || exit 99
		at_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
		h=$SIM_HOST
		live+=("$h")
		[ $i -eq 2 ] && echo 0 > "$SIM_STATE/power" # one rig is off
	fi
	hosts+=("$h")
done
unset SIM_PID
list=$(IFS=,; echo "${hosts[*]}")
PW=$(pwfile admin.pw adminpw)

start=$SECONDS
run_rigctl -o json -H "$list" -U admin -f "$PW" -W opensesspriv --timeout 2000 power status
elapsed=$((SECONDS - start))
check_eq "a quarter dead: partial" 6 "$RC"
check_eq "16 results" 16 "$(jq '.rigs | length' <<<"$OUT")"
check_eq "in the order given" "$(printf '%s\n' "${hosts[@]}")" "$(jq -r '.rigs[].rig' <<<"$OUT")"
check_eq "12 ok" 12 "$(jq '[.rigs[] | select(.ok)] | length' <<<"$OUT")"
check_eq "the 4 failures are the dead ones" "$(printf '%s\n' "${dead[@]}")" \
	"$(jq -r '.rigs[] | select(.ok | not) | .rig' <<<"$OUT")"
check_eq "dead ones: unreachable (3)" "3 3 3 3" "$(jq -r '[.rigs[] | select(.ok | not) | .errors[0].code] | join(" ")' <<<"$OUT")"
check_eq "the off rig reads off" off "$(jq -r --arg h "${hosts[1]}" '.rigs[] | select(.rig == $h) | .power.state' <<<"$OUT")"
# In parallel, four dead rigs cost one deadline (2 s), not four (8 s).
[ "$elapsed" -le 6 ] || fail "fan-out took ${elapsed}s: dead rigs delayed the others"

# --fanout 1 is sequential: same results.
run_rigctl -o json -H "$list" -U admin -f "$PW" -W opensesspriv --timeout 1000 --fanout 1 power status
check_eq "--fanout 1: same exit" 6 "$RC"
check_eq "--fanout 1: 12 ok" 12 "$(jq '[.rigs[] | select(.ok)] | length' <<<"$OUT")"

# Table labels; --consolidate groups identical results.
run_rigctl -H "$list" -U admin -f "$PW" -W opensesspriv --timeout 1000 power status
check_eq "table: one line per answering rig" 12 "$(grep -c ': o[nf]' <<<"$OUT")"
check_eq "errors on stderr, one per dead rig" 4 "$(grep -c 'silent for' <<<"$ERR")"
run_rigctl --consolidate -H "$list" -U admin -f "$PW" -W opensesspriv --timeout 1000 power status
check_eq "--consolidate exit" 6 "$RC"
on_rigs=$(printf '%s\n' "${live[@]}" | grep -vxF "${hosts[1]}" | paste -sd, -)
check_match "11 rigs that are on, once" "(^|$'\n')$on_rigs:"$'\n'"  on" "$OUT"
check_match "the off rig alone" "${hosts[1]}:"$'\n'"  off" "$OUT"
# The four dead rigs failed alike: a third group, under their error.
check_match "the dead rigs under their error" "$(IFS=,; echo "${dead[*]}"):"$'\n'"  error: " "$OUT"
check_eq "three groups" 3 "$(grep -c '^[^ ].*:$' <<<"$OUT")"

# On a terminal, a fan-out that takes over a second shows progress on
# stderr; through a pipe it does not (checked above: ERR has only errors).
if command -v script >/dev/null 2>&1; then
	RIGCTL_PASSWORD=adminpw script -qec "'$RIGCTL' -H '$list' -U admin -W opensesspriv --timeout 2500 power status" /dev/null > "$T/tty" 2>&1
	check_match "progress shown on a terminal" "rigctl: [0-9]+ of 16 done; waiting for [^ ]+" "$(cat "$T/tty")"
else
	fail "script (util-linux/bsdutils) is needed for the terminal check"
fi
check_eq "no progress in a pipe" "" "$(grep 'waiting for' <<<"$ERR")"

# All dead with the same error: that error's code.
run_rigctl -H "$(IFS=,; echo "${dead[*]}")" -U admin -f "$PW" --timeout 1000 power status
check_eq "all dead: 3" 3 "$RC"
finish

#!/bin/bash
# Fan-out output as the operator reads it: results stream in the selection's
# order (a rig prints once it and every rig before it are done) or, with
# --order finish, as each finishes; a failed rig has its line in stdout;
# --consolidate groups rigs that failed alike; --prefix names the rig on
# every line; -o csv with its header, quoting and --no-header; what a run
# waits for is shown on a terminal and never on a pipe.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq script
. "$top_srcdir/tests/helpers/sim.sh"
need_cmd ipmi_sim
sim_start "$T/simA" || exit 99
A=$SIM_HOST A_PID=$SIM_PID
at_exit "kill $A_PID 2>/dev/null; wait $A_PID 2>/dev/null"
sim_start "$T/simB" || exit 99
B=$SIM_HOST B_PID=$SIM_PID
at_exit "kill $B_PID 2>/dev/null; wait $B_PID 2>/dev/null"
unset SIM_PID
# Nothing listens on these: a BMC that never answers.
D1=127.0.0.1:$(sim_freeport udp)
D2=127.0.0.1:$(sim_freeport udp)
PW=$(pwfile admin.pw adminpw)
R=(-U admin -f "$PW" -W opensesspriv)
NL=$'\n'

# stamped FILE ARGS...: rigctl's stdout into FILE, each line after the
# milliseconds since the start, as a pipe reads it.
stamped() {
	local file=$1 start
	shift
	start=$(now_ms)
	"$RIGCTL" "$@" </dev/null 2>"$T/err" |
		while IFS= read -r line; do
			printf '%s %s\n' $(($(now_ms) - start)) "$line"
		done >"$file"
}
at() { sed -n "${2}p" "$1" | cut -d' ' -f1; }   # FILE N: when line N came
line() { sed -n "${2}p" "$1" | cut -d' ' -f2-; } # FILE N: line N

# The dead rig first: its deadline is 4 s, the live ones answer at once, and
# in the selection's order nothing may print before the dead one failed.
stamped "$T/s1" -H "$D1,$A,$B" "${R[@]}" --timeout 4000 power status
check_match "selection order: the dead rig's error first, in stdout" \
	"^$D1: error: .*silent for 4000 ms" "$(line "$T/s1" 1)"
check_eq "then the live rigs, in order" "$A: on|$B: on" \
	"$(line "$T/s1" 2)|$(line "$T/s1" 3)"
[ "$(at "$T/s1" 1)" -ge 3000 ] &&
	echo "ok: nothing printed before the dead rig's deadline" ||
	fail "the first line came after $(at "$T/s1" 1) ms, before the dead rig's 4 s deadline"
check_match "its error on stderr too" "rigctl: $D1: .*silent for 4000 ms" "$(cat "$T/err")"

# A live rig first: it prints at once, not after the dead one's deadline.
stamped "$T/s2" -H "$A,$D1,$B" "${R[@]}" --timeout 4000 power status
check_eq "streamed: the first rig's line" "$A: on" "$(line "$T/s2" 1)"
[ "$(at "$T/s2" 1)" -lt 3000 ] &&
	echo "ok: the first rig printed before the slow one finished" ||
	fail "the first rig's line waited $(at "$T/s2" 1) ms for a later rig"
check_eq "the rig after the dead one waits for it" "$B: on" "$(line "$T/s2" 3)"
[ "$(at "$T/s2" 3)" -ge 3000 ] &&
	echo "ok: the third rig kept its place" ||
	fail "the third rig printed at $(at "$T/s2" 3) ms, before the second"

# --order finish: the live rigs first, the dead one last.
stamped "$T/s3" --order finish -H "$D1,$A,$B" "${R[@]}" --timeout 4000 power status
check_eq "--order finish: the live rigs first" "$(printf '%s: on\n' "$A" "$B" | sort)" "$(printf '%s\n%s\n' "$(line "$T/s3" 1)" "$(line "$T/s3" 2)" | sort)"
[ "$(at "$T/s3" 2)" -lt 3000 ] &&
	echo "ok: --order finish prints the live rigs before the deadline" ||
	fail "--order finish: second line at $(at "$T/s3" 2) ms"
check_match "--order finish: the dead rig last" "^$D1: error: " "$(line "$T/s3" 3)"

# JSON keeps every rig, the failed one with ok false and its error.
run_rigctl -o json --order finish -H "$D1,$A" "${R[@]}" --timeout 1500 power status
check_eq "json: selection order whatever --order says" "$D1 $A" \
	"$(jq -r '[.rigs[].rig] | join(" ")' <<<"$OUT")"
check_eq "json: the dead rig's entry" "false 3" \
	"$(jq -r '.rigs[0] | "\(.ok) \(.errors[0].code)"' <<<"$OUT")"

# --consolidate: two rigs that failed alike are one group under their error.
run_rigctl --consolidate -H "$D1,$A,$D2,$B" "${R[@]}" --timeout 1500 power status
check_eq "--consolidate: partial" 6 "$RC"
check_match "--consolidate: the live rigs once" "(^|$NL)$A,$B:$NL  on" "$OUT"
check_match "--consolidate: the dead rigs under one error" \
	"(^|$NL)$D1,$D2:$NL  error: [^$NL]*BMC silent for 1500 ms" "$OUT"
check_eq "--consolidate: two groups" 2 "$(grep -c '^[^ ].*:$' <<<"$OUT")"

# --prefix: every line of a two-rig sensor table starts with its rig.
run_rigctl --prefix -H "$A,$B,$D1" "${R[@]}" --timeout 1500 --cache-dir "$T/cache" sensors
check_eq "--prefix: no line without its rig" "" \
	"$(grep -Ev "^($A|$B|$D1): " <<<"$OUT")"
check_match "--prefix: a reading" "(^|$NL)$B: CPU Temp +temperature +45.00 C" "$OUT"
check_match "--prefix: the header too" "(^|$NL)$A: NAME +TYPE" "$OUT"
check_eq "--prefix: the failed rig named once" 1 \
	"$(grep -c "^$D1: error: " <<<"$OUT")"
check_eq "--prefix: as many rows per rig" "$(grep -c "^$A: " <<<"$OUT")" \
	"$(grep -c "^$B: " <<<"$OUT")"

# -o csv: one header, then rows with the rig first.
run_rigctl -o csv -H "$A,$B" "${R[@]}" --cache-dir "$T/cache" sensors
check_eq "csv: exit" 0 "$RC"
check_eq "csv: the header" "rig,name,type,reading,unit,state,detail" \
	"$(head -n1 <<<"$OUT")"
check_eq "csv: one header" 1 "$(grep -c '^rig,' <<<"$OUT")"
check_has "csv: a row" "$OUT" "$B,CPU Temp,temperature,45.00,C,ok,"
check_eq "csv: every row has the columns" "" \
	"$(awk -F, 'NR > 1 && NF != 7' <<<"$OUT")"
run_rigctl -o csv --no-header -H "$A" "${R[@]}" --cache-dir "$T/cache" sensors
check_match "--no-header: data from the first line" "^$A,CPU Temp," "$OUT"
run_rigctl -o csv -H "$A" "${R[@]}" --cache-dir "$T/cache" sensors --thresholds
check_eq "csv --thresholds: the threshold columns" \
	"rig,name,type,reading,unit,state,lnr,lc,lnc,unc,uc,unr,detail" \
	"$(head -n1 <<<"$OUT")"
# Quoting: a cell with commas is quoted (a rig with two paths).
cat > "$T/rigs.conf" <<CONF
[rig01]
bmc = $A
wol_mac = 02:00:00:00:00:01
groups = farm, pro
CONF
run_rigctl -c "$T/rigs.conf" -o csv rigs
check_eq "csv: rigs" "rig,paths,groups,capabilities" "$(head -n1 <<<"$OUT")"
check_match "csv: a cell with commas in quotes" '^rig01,"bmc,wol","farm,pro","[a-z_,-]+"$' \
	"$(sed -n 2p <<<"$OUT")"
run_rigctl -o csv -H "$A" "${R[@]}" check
check_eq "csv: check has no table" 3 "$RC"
run_rigctl -o csv -H "$A" "${R[@]}" console
check_eq "csv: console has no table" 2 "$RC"

# Progress: a single dead rig on a terminal says what it waits for ...
script -qfec "'$RIGCTL' -H '$D1' -U admin -f '$PW' --timeout 3000 power status" \
	/dev/null >"$T/tty" 2>&1
check_match "terminal: what a single rig waits for" \
	"waiting for $D1 \(no result yet, [12] s of 3 s\)" "$(cat "$T/tty")"
script -qfec "'$RIGCTL' -H '$D1,$A' -U admin -f '$PW' -W opensesspriv --timeout 3000 power status" \
	/dev/null >"$T/tty" 2>&1
check_match "terminal: a fan-out names the pending rig" \
	"1 of 2 done; waiting for $D1 \([12] s\)" "$(cat "$T/tty")"
check_match "terminal: the line is taken off before the results" \
	$'\r\033\\[K'"$D1: error" "$(cat "$T/tty")"
# ... and a pipe never gets it.
run_rigctl -H "$D1" -U admin -f "$PW" --timeout 3000 power status
check_eq "pipe: no progress" "" "$(grep -i 'waiting' <<<"$ERR")"
finish

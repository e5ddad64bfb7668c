#!/bin/bash
# rigctl check and ecc check against the simulated BMC: state across runs
# (report once, then silent), overlapping runs, a corrupt or foreign state
# file, a cleared SEL, sensor problems, Nagios/JSON/Prometheus output and
# the monitoring-plugin exit codes.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool flock
start_sim
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$T/state"
   --cache-dir "$T/cache")
# One state per rig and output: the table's here.
STATE="$T/state/$SIM_HOST/check.table.state"
H="0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04"
CORR="$H 0x0c 0x40 0x6f 0x30 0xff 0x03"	# correctable ECC, module 3
FAN_LC="$H 0x04 0x10 0x01 0x52 0x04 0x05"	# FAN1 lower critical
PSU="$H 0x08 0x30 0x6f 0x01 0xff 0xff"		# PSU1 failure
INFO="$H 0x08 0x30 0x6f 0x00 0xff 0xff"		# PSU1 presence (info)

# Nothing wrong yet: silent, 0; -v says OK.
run_rigctl "${R[@]}" check
check_eq "healthy rig: exit 0" 0 "$RC"
check_eq "healthy rig: silent" "" "$OUT"
run_rigctl -v "${R[@]}" check
check_match "-v prints OK" "^$SIM_HOST: OK" "$OUT"
check_match "state file written" "^libipmirig-check-state 3$" "$(head -n 1 "$STATE")"

sel_add $CORR
sel_add $FAN_LC
sel_add $INFO
run_rigctl "${R[@]}" check
check_eq "first run with events: critical" 2 "$RC"
check_match "reports the fan event" "FAN1 Fan: Lower Critical - going low" "$OUT"
check_match "reports the memory error and its DIMM" "correctable memory error on DIMM ECC, module 3" "$OUT"
check_eq "not the informational event" 0 "$(grep -c 'Presence' <<<"$OUT")"

run_rigctl "${R[@]}" check
check_eq "second run: exit 0" 0 "$RC"
check_eq "second run: silent" "" "$OUT$ERR"

# JSON is another output with a state of its own: its first run reports
# the history the table's runs already reported.
run_rigctl -o json "${R[@]}" check
check_eq "JSON's first run: the history, critical" 2 "$RC"
sel_add $CORR
run_rigctl -o json "${R[@]}" check
check_eq "a new memory error: warning" 1 "$RC"
check_eq "JSON state" '"warning"' "$(jq -c '.rigs[0].check.state' <<<"$OUT")"
check_eq "one new correctable" 1 "$(jq '.rigs[0].check.new_ecc.correctable' <<<"$OUT")"
check_eq "one problem, an ecc one" '["ecc"]' "$(jq -c '[.rigs[0].check.problems[].kind]' <<<"$OUT")"
check_eq "the event with it" '"module 3"' "$(jq -c '.rigs[0].check.problems[0].event.dimm' <<<"$OUT")"
run_rigctl "${R[@]}" check
check_eq "the table's state: the same error, once" 1 "$RC"
run_rigctl "${R[@]}" check
check_eq "and then silent again" "0:" "$RC:$OUT"

# Two overlapping runs: the lock makes the second wait for the first's
# state, so the new event is reported once.
sel_add $PSU
mkfifo "$T/release"
flock "$STATE.lock" -c "read -r x < '$T/release'" &
holder=$!
"$RIGCTL" "${R[@]}" check >"$T/a.out" 2>&1 & a=$!
"$RIGCTL" "${R[@]}" check >"$T/b.out" 2>&1 & b=$!
echo go > "$T/release"
wait "$holder"; wait "$a"; rca=$?; wait "$b"; rcb=$?
check_eq "overlapping runs report the event once" 1 \
	"$(cat "$T/a.out" "$T/b.out" | grep -c 'PSU1 Status')"
check_eq "exit codes: one critical, one OK" "0 2" "$(printf '%s\n' $rca $rcb | sort | paste -sd ' ')"

# A corrupt state file is set aside, not fatal: everything is new again.
cp "$STATE" "$T/good.state"
printf 'rigctl-check-state 1\nrig\t%s\ncursor\tv1,bm' "$SIM_HOST" > "$STATE"
run_rigctl "${R[@]}" check
check_eq "corrupt state: reports again (critical)" 2 "$RC"
check_match "says it set the file aside" "set aside as .*\.bad-[0-9]+ because it is truncated" "$OUT$ERR"
check_eq "the bad file kept beside" 1 "$(ls "$STATE".bad-* | wc -l)"
check_match "a fresh state written" "^end$" "$(tail -n 1 "$STATE")"
run_rigctl "${R[@]}" check
check_eq "then silent" "0:" "$RC:$OUT"

# An upgrade: the state as the old format (rigctl-check-state 1) wrote it
# keeps its cursor, so nothing is reported twice, and is rewritten new.
sed '1s/.*/rigctl-check-state 1/' "$STATE" > "$T/old.state"
mv "$T/old.state" "$STATE"
run_rigctl "${R[@]}" check
check_eq "old-format state: still silent" "0::" "$RC:$OUT:$ERR"
check_match "old-format state: rewritten in the new format" \
	"^libipmirig-check-state 3$" "$(head -n 1 "$STATE")"

# Another rig's state file: foreign, set aside.
sed "s/^rig\t.*/rig\tsomeone-else/" "$T/good.state" > "$STATE"
run_rigctl "${R[@]}" check
check_match "foreign state file set aside" "belongs to another rig" "$OUT$ERR"
check_eq "two bad files now" 2 "$(ls "$STATE".bad-* | wc -l)"
printf '\x00\x01binary' > "$STATE"
run_rigctl "${R[@]}" check
check_match "binary state file set aside" "not a check state file" "$OUT$ERR"

# ecc check keeps its own state: its first run sees the memory errors only.
run_rigctl "${R[@]}" ecc check
check_eq "ecc check first run: warning (correctable only)" 1 "$RC"
check_eq "two memory errors, no fan, no PSU" "2 0 0" \
	"$(grep -c 'memory error' <<<"$OUT") $(grep -c FAN1 <<<"$OUT") $(grep -c PSU1 <<<"$OUT")"
run_rigctl "${R[@]}" ecc check
check_eq "ecc check second run" "0:" "$RC:$OUT"
check_match "its own state file" "^libipmirig-check-state 3$" \
	"$(head -n 1 "$T/state/$SIM_HOST/ecc-check.table.state")"
sel_add $H 0x0c 0x40 0x6f 0x01 0xff 0xff
run_rigctl -o nagios "${R[@]}" ecc check
check_eq "uncorrectable: critical" 2 "$RC"
check_match "nagios line" "^RIGCTL ECC CRITICAL - $SIM_HOST CRITICAL: SEL [0-9]+ .*uncorrectable memory error" "$OUT"
check_match "ecc perfdata" "'$SIM_HOST/new_ecc_uncorrectable'=1;0;0" "$OUT"
run_rigctl -o json "${R[@]}" ecc status
check_eq "ecc status exit" 0 "$RC"
check_eq "ecc status: correctable on module 3" 2 \
	"$(jq '[.rigs[0].ecc.entries[] | select(.kind == "correctable" and .dimm == "module 3")][0].count' <<<"$OUT")"
check_eq "ecc status totals" '{"correctable":2,"uncorrectable":1,"logging-limit":0,"other":0}' \
	"$(jq -c '.rigs[0].ecc.totals' <<<"$OUT")"

# The check saw the uncorrectable error too (events of its own cursor).
run_rigctl "${R[@]}" check
check_eq "check reports the uncorrectable error" 2 "$RC"

# A cleared SEL is noticed.
run_rigctl "${R[@]}" events clear
check_eq "clear" 0 "$RC"
run_rigctl "${R[@]}" check
check_eq "after a clear: OK" 0 "$RC"
check_match "with a note on stderr" "cleared or wrapped" "$ERR"

# A sensor under its lower critical threshold is reported on every run.
sim_cmd "sensor_set_value 0x20 0 0x10 0x04 0" >/dev/null || fail "set FAN1"
run_rigctl -o nagios "${R[@]}" check
check_eq "fan below lower critical: critical" 2 "$RC"
check_match "nagios names the sensor" "FAN1 is critical: 400 RPM" "$OUT"
check_match "perfdata with thresholds" "'$SIM_HOST/FAN1'=400;700:;500:" "$OUT"
run_rigctl "${R[@]}" check
check_eq "still critical on the next run" 2 "$RC"
check_match "table row" "critical +sensor +FAN1 is critical" "$OUT"
run_rigctl -o prometheus "${R[@]}" check
check_match "prometheus state" "rigctl_check_state\{rig=\"$SIM_HOST\",check=\"check\"\} 2" "$OUT"
sim_cmd "sensor_set_value 0x20 0 0x10 0x1e 0" >/dev/null

# Failures to read and usage errors are UNKNOWN (3).
DEAD=127.0.0.1:$(sim_freeport udp)
run_rigctl -H "$DEAD" -U admin -f "$PW" "${BMC_OPTS[@]}" --timeout 500 \
	--state-dir "$T/state" -o nagios check
check_eq "unreachable: UNKNOWN" 3 "$RC"
check_match "nagios says so" "^RIGCTL CHECK UNKNOWN - " "$OUT"
run_rigctl "${R[@]}" check --bogus
check_eq "usage error: UNKNOWN" 3 "$RC"
run_rigctl "${R[@]}" -o prometheus events list
check_eq "events list -o prometheus is a usage error" 2 "$RC"

# Worst wins over several rigs: a critical rig beats an unreachable one.
sel_add $FAN_LC
run_rigctl -H "$SIM_HOST,$DEAD" -U admin -f "$PW" "${BMC_OPTS[@]}" --timeout 500 \
	--state-dir "$T/state" --cache-dir "$T/cache" check
check_eq "critical beats unknown" 2 "$RC"

finish

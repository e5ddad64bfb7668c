#!/bin/bash
# A lossy network between rigctl and the BMC: tests/helpers/lossy-relay in
# front of ipmi_sim drops 10%, then 20% of the datagrams each way, and
# duplicates and delays some.  Every run of "power status" and of
# "sensors" with a cold SDR cache must succeed, with the right data,
# within the stated deadline; every cache written through the relay must
# be whole (a later clean run uses it without downloading again).
# LOSSY_RUNS sets the runs per command and loss rate: 1 in make check,
# 10 in make check-soak (CI).
#
# Deadlines: --timeout bounds each exchange (session setup, a command, an
# SDR download), retries included; a run is a few exchanges.  power status
# uses the default --timeout 10000 and must end within 2 x 10 s + 2 s;
# sensors with a cold cache at 20% loss gets --timeout 20000 (its SDR
# download is hundreds of round trips, each lost one costing a
# retransmission interval) and must end within 3 x 20 s.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
PW=$(pwfile admin.pw adminpw)
RUNS=${LOSSY_RUNS:-1}
# lossy LOSS SEED [PORT]: a relay dropping LOSS% each way, duplicating 5%,
# delaying 10% by up to 40 ms.
lossy() { relay_start -l "${3:-0}" -d "$1" -u 5 -y 10 -m 40 -s "$2" -T 900; }

names() { jq -r '[.rigs[0].sensors[].name] | sort | join(",")' <<<"$1"; }

# The truth, straight from the simulator.
run_rigctl -o json -H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" \
	--cache-dir "$T/direct" sensors
check_eq "direct sensors" 0 "$RC"
REF=$(names "$OUT")
[ -n "$REF" ] || fail "no sensors from the simulator"

for loss in 10 20; do
	lossy "$loss" $((4200 + loss))
	R=(-H "127.0.0.1:$RPORT" -U admin -f "$PW" "${BMC_OPTS[@]}")
	stmo=$([ "$loss" = 20 ] && echo 20000 || echo 10000)
	bad=0
	for i in $(seq 1 "$RUNS"); do
		t0=$(now_ms)
		run_rigctl "${R[@]}" power status
		ms=$(($(now_ms) - t0))
		if [ "$RC" != 0 ] || [ "$OUT" != "127.0.0.1:$RPORT: on" ]; then
			fail "$loss% loss, power status run $i: exit $RC, '$OUT': $ERR"
			bad=$((bad + 1))
		fi
		[ "$ms" -le 22000 ] || fail "$loss% loss, power status run $i took $ms ms"
	done
	check_eq "$loss% loss: power status failures in $RUNS runs" 0 "$bad"

	bad=0
	for i in $(seq 1 "$RUNS"); do
		cache=$T/cold-$loss-$i
		t0=$(now_ms)
		run_rigctl -o json --timeout "$stmo" --cache-dir "$cache" "${R[@]}" sensors
		ms=$(($(now_ms) - t0))
		if [ "$RC" != 0 ] || [ "$(names "$OUT")" != "$REF" ]; then
			fail "$loss% loss, cold sensors run $i: exit $RC: $ERR"
			bad=$((bad + 1))
		fi
		[ "$ms" -le $((3 * stmo)) ] ||
			fail "$loss% loss, sensors run $i took $ms ms (--timeout $stmo)"
	done
	check_eq "$loss% loss: cold-cache sensors failures in $RUNS runs" 0 "$bad"
	relay_stop
	# The relay really was lossy, both ways, and duplicated too.
	stats=$(cat "$T/relay.log")
	check_match "$loss%: datagrams dropped both ways" \
		'c2s passed [0-9]+ dropped [1-9][0-9]* .*s2c passed [0-9]+ dropped [1-9]' "$stats"
	check_match "$loss%: datagrams duplicated" 'duplicated [1-9]' "$stats"

	# Same address, no loss: every cache written above must be whole, so
	# rigctl reads it instead of downloading the SDR again.
	lossy 0 1 "$RPORT"
	for i in $(seq 1 "$RUNS"); do
		cache=$T/cold-$loss-$i
		run_rigctl -v -o json --cache-dir "$cache" "${R[@]}" sensors
		check_eq "cache $loss/$i: a clean run" 0 "$RC"
		check_eq "cache $loss/$i: same sensors" "$REF" "$(names "$OUT")"
		if [[ $ERR == *rebuilding* || $ERR == *downloading* ]]; then
			fail "cache $loss/$i was not usable: $ERR"
		fi
		left=$(find "$cache" -type f ! -name 'sdr-*' | wc -l)
		check_eq "cache $loss/$i: no temporary files left" 0 "$left"
	done
	relay_stop
done
finish

#!/bin/bash
# A BMC that dies in the middle of a rigctl run: rigctl exits 3 (could not
# reach) with a message naming the BMC, within its deadline, and leaves no
# half-written SDR cache behind.
#  1. "power soft --wait" (the simulated rig records the request and stays
#     on, so rigctl keeps polling): the simulator is killed while it polls.
#  2. "sensors" with a cold cache, slowed down by a relay that delays every
#     datagram: the relay (the BMC's network) vanishes in the middle of
#     the SDR download.  A later run through a working path still works.
#  3. A dead BMC from the start, warm cache: exit 3 within the deadline.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
PW=$(pwfile admin.pw adminpw)

# --- 2 first, while the simulator lives ------------------------------
# relay PORT DELAY_PCT: a lossless relay on PORT (0: any) that delays
# DELAY_PCT% of the datagrams by up to 30 ms.
relay() { relay_start -l "$1" -d 0 -u 0 -y "$2" -m 30 -T 300; }
relay 0 100
R=(-H "127.0.0.1:$RPORT" -U admin -f "$PW" "${BMC_OPTS[@]}")
cache=$T/cache
t0=$(now_ms)
"$RIGCTL" -v --timeout 2000 --cache-dir "$cache" "${R[@]}" sensors \
	</dev/null >"$T/s.out" 2>"$T/s.err" &
rpid=$!
# Kill the BMC's network once the download has started.
if wait_until 10 grep -q "downloading the SDR" "$T/s.err"; then
	sleep 0.2
	relay_stop KILL
else
	fail "the SDR download never started: $(cat "$T/s.err")"
fi
wait "$rpid"
RC=$?
ms=$(($(now_ms) - t0))
check_eq "BMC gone mid-download: exit 3" 3 "$RC"
check_match "the message names the BMC" "127\.0\.0\.1:$RPORT" "$(cat "$T/s.err")"
[ "$ms" -le 12000 ] || fail "rigctl took $ms ms to give up (--timeout 2000)"
left=$(find "$cache" -type f 2>/dev/null | wc -l)
check_eq "no cache file, whole or half, after a failed download" 0 "$left"

# The BMC back at the same address: the same cache dir works.
relay "$RPORT" 0
run_rigctl -o json --cache-dir "$cache" "${R[@]}" sensors
check_eq "back again: sensors exit" 0 "$RC"
check_match "and some sensors" '"name": "CPU Temp"' "$OUT"
relay_stop

# --- 1: the simulator killed while rigctl waits ----------------------
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}")
n=$(wc -l <"$SIM_STATE/actions.log")
t0=$(now_ms)
"$RIGCTL" --timeout 2000 "${R[@]}" power soft --wait=60 </dev/null \
	>"$T/w.out" 2>"$T/w.err" &
rpid=$!
acted() { [ "$(wc -l <"$SIM_STATE/actions.log")" -gt "$n" ]; }
if wait_until 10 acted; then
	sleep 0.3 # a poll or two of the power state
	kill -KILL "$SIM_PID"
	wait "$SIM_PID" 2>/dev/null
	unset SIM_PID
else
	fail "the soft shutdown never reached the BMC"
fi
wait "$rpid"
RC=$?
ms=$(($(now_ms) - t0))
check_eq "BMC died during --wait: exit 3" 3 "$RC"
check_match "the message names the BMC" "$SIM_HOST" "$(cat "$T/w.err")"
check_match "and says it is silent" "silent" "$(cat "$T/w.err")"
# Not the 60 s of --wait: one deadline of silence, plus the one in flight.
[ "$ms" -le 10000 ] || fail "rigctl took $ms ms to give up (--timeout 2000)"

# --- 3: dead from the start, warm cache from above --------------------
t0=$(now_ms)
run_rigctl --timeout 1500 --cache-dir "$cache" "${R[@]}" sensors
ms=$(($(now_ms) - t0))
check_eq "dead BMC: sensors exit 3" 3 "$RC"
[ "$ms" -le 6000 ] || fail "took $ms ms with --timeout 1500"
finish

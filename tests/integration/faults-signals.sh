#!/bin/bash
# SIGINT and SIGTERM during a fan-out: rigctl stops promptly with 130 or
# 143, leaves no process behind, and no half-written file: the SDR cache
# being downloaded when the signal came is either absent or whole, and
# the next run leaves no temporary file.  A second signal quits at once.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
PW=$(pwfile admin.pw adminpw)
# A slow but lossless path to the BMC: every datagram delayed up to 30 ms,
# so a cold SDR download takes a while.
relay_start -d 0 -u 0 -y 100 -m 30 -T 300
D1=127.0.0.1:$(sim_freeport udp)
D2=127.0.0.1:$(sim_freeport udp)

children_of() { pgrep -P "$1" 2>/dev/null | wc -l; }

# interrupt SIGNAL EXPECTED_RC: a fan-out over the slow BMC and two dead
# ones, signalled once the download runs.
interrupt() {
	local sig=$1 want=$2 cache=$T/cache-$1 t0 ms rc pid
	t0=$(now_ms)
	"$RIGCTL" -v -o json --timeout 8000 --cache-dir "$cache" \
		-H "127.0.0.1:$RPORT,$D1,$D2" -U admin -f "$PW" "${BMC_OPTS[@]}" \
		sensors </dev/null >"$T/$sig.out" 2>"$T/$sig.err" &
	pid=$!
	wait_until 10 grep -q "downloading the SDR" "$T/$sig.err" ||
		fail "$sig: the download never started"
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	ms=$(($(now_ms) - t0))
	check_eq "$sig: exit status" "$want" "$rc"
	check_match "$sig: says it was interrupted" "interrupted" "$(cat "$T/$sig.err")"
	# Well before the dead rigs' 8 s deadline: the grace is 2 s.
	[ "$ms" -le 5000 ] || fail "$sig: took $ms ms to stop"
	kill -0 "$pid" 2>/dev/null && fail "$sig: rigctl still runs"
	check_eq "$sig: no child left" 0 "$(children_of "$pid")"
	# No cache file that is not whole: a normal run must use it or, if
	# it is absent, build it; either way no temporary file remains.
	run_rigctl -v -o json --cache-dir "$cache" -H "127.0.0.1:$RPORT" -U admin \
		-f "$PW" "${BMC_OPTS[@]}" sensors
	check_eq "$sig: the next run works" 0 "$RC"
	check_match "$sig: with sensors" '"name": "CPU Temp"' "$OUT"
	check_eq "$sig: no temporary file left" "" \
		"$(find "$cache" -type f ! -name 'sdr-*' -o -name '*tmp*' -type f)"
}
interrupt INT 130
interrupt TERM 143

# Two signals: out at once, not after the grace period.
"$RIGCTL" --timeout 8000 -H "$D1,$D2" -U admin -f "$PW" power status \
	</dev/null >/dev/null 2>"$T/twice.err" &
pid=$!
sleep 0.3
t0=$(now_ms)
kill -INT "$pid"
sleep 0.1
kill -INT "$pid"
wait "$pid"
rc=$?
ms=$(($(now_ms) - t0))
check_eq "second ^C: exit 130" 130 "$rc"
[ "$ms" -le 1000 ] || fail "second ^C took $ms ms"

# Nothing in flight (a password prompt would be such a moment): at once.
mkfifo "$T/fifo"
"$RIGCTL" -H "$D1" -U admin -f "$T/fifo" power status </dev/null \
	>/dev/null 2>&1 &
pid=$!
sleep 0.3
t0=$(now_ms)
kill -TERM "$pid"
wait "$pid"
rc=$?
ms=$(($(now_ms) - t0))
exec 3<>"$T/fifo" 3>&-	# unblock the open if it did not die
check_eq "TERM while reading a secret: exit 143" 143 "$rc"
[ "$ms" -le 1000 ] || fail "TERM with nothing in flight took $ms ms"
finish

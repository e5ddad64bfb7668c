#!/bin/bash
# An sshd killed in the middle of the probe's output: the probe has sent
# its header and the hwmon records and waits on a hung nvidia-smi when
# every sshd process (listener and the connection's) is killed.  rigctl
# must fail at once (not at its --timeout), with a message, an error exit
# and no partial sensors; the probe's leftovers on the rig end by their own
# time limit; and a restarted sshd serves the next run.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq pgrep
start_sshd
use_fixture rig-riser
# sshd_tree PID: PID and its descendants that are sshd processes.
sshd_tree() {
	local p
	echo "$1"
	for p in $(pgrep -P "$1"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = sshd ] && sshd_tree "$p"
	done
}

fake_mode nvidia-smi hang
rm -f "$SSH_FAKE_DIR/nvidia-smi.pids"
t0=$(now_ms)
"$RIGCTL" -o json --timeout 8000 "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors \
	</dev/null >"$T/out" 2>"$T/err" &
rpid=$!
wait_until 10 test -s "$SSH_FAKE_DIR/nvidia-smi.pids" ||
	fail "the probe never reached nvidia-smi"
listener=$(sshd_pid) || fail "no sshd"
victims=$(sshd_tree "$listener" | sort -u)
[ "$(wc -w <<<"$victims")" -ge 2 ] || fail "no connection process under sshd: $victims"
t1=$(now_ms)
# shellcheck disable=SC2086 # one PID per word
kill -KILL $victims
wait "$rpid"
RC=$?
t2=$(now_ms)
OUT=$(cat "$T/out")
ERR=$(cat "$T/err")
check_match "sshd killed mid-answer: an error exit (3 or 1)" '^(1|3)$' "$RC"
check_eq "no partial sensors" null "$(jq -c '.rigs[0].sensors' <<<"$OUT")"
check_match "an error message" '[a-z]' "$(jq -r '.rigs[0].errors[0].message' <<<"$OUT")"
[ $((t2 - t1)) -lt 3000 ] ||
	fail "rigctl noticed after $((t2 - t1)) ms, not at once (--timeout 8000)"
[ $((t2 - t0)) -lt 8000 ] || fail "took $((t2 - t0)) ms in all"
# The probe's hung command dies by its own limit on the rig (timeout -k).
wait_until 15 fake_gone nvidia-smi || fail "the probe's nvidia-smi still runs on the rig"
printf 'ok: nothing of the probe left running\n'

# A new sshd on the same port: the next run works.
fake_mode nvidia-smi normal
sshd_restart || fail "sshd did not come back"
run_rigctl -o json --timeout 8000 "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
check_eq "sshd back: sensors exit" 0 "$RC"
check_match "with sensors" '"source": "ssh"' "$OUT"
finish

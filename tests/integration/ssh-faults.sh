#!/bin/bash
# SSH probe faults: a hung nvidia-smi is killed on the rig by its time limit
# (and one that ignores SIGTERM by SIGKILL, after the client gave up at its
# own deadline), leaving nothing running; an answer cut short is an error,
# never a partial success; nvidia-smi's unknown-field error and a dead
# driver are reported as such; a rig whose sshd is down is unreachable.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sshd
use_fixture rig-riser

sensor() { # NAME FIELD
	printf '%s\n' "$OUT" | jq -r --arg n "$1" ".rigs[0].sensors[] | select(.name == \$n) | .$2"
}
# all_gone WHAT: every PID the hung fake recorded has exited, within 8 s.
all_gone() {
	[ -s "$SSH_FAKE_DIR/nvidia-smi.pids" ] || { fail "the fake recorded no PIDs"; return; }
	if wait_until 8 fake_gone nvidia-smi; then
		printf 'ok: %s\n' "$1"
	else
		fail "$1: still running: $(ps -o pid,args -p "$(paste -sd, "$SSH_FAKE_DIR/nvidia-smi.pids")")"
	fi
}

# A hung nvidia-smi: killed after its 2 s on the rig (--timeout 6000 gives
# each command a third); the rest of the probe still answers, before the
# client's own deadline (the margin is for valgrind on a loaded machine).
fake_mode nvidia-smi hang
t0=$(now_ms)
run_rigctl -o json --timeout 6000 "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
t1=$(now_ms)
check_eq "hung nvidia-smi: exit 0 (the GPU state is reported)" 0 "$RC"
check_eq "hung nvidia-smi: critical" critical "$(sensor nvidia-smi state)"
check_match "hung nvidia-smi: reason" "did not answer in time" "$(sensor nvidia-smi reason)"
check_eq "hung nvidia-smi: hwmon still read" 34.8 "$(sensor 'k10temp Tctl' reading)"
[ $((t1 - t0)) -lt 6000 ] || fail "hung nvidia-smi: took $((t1 - t0)) ms, beyond --timeout"
all_gone "hung nvidia-smi: nothing left running on the rig"

# One that ignores SIGTERM outlives the client's deadline (1.5 s): the
# client gives up on time (exit 3), and SIGKILL ends it on the rig.
fake_mode nvidia-smi hang-hard
rm -f "$SSH_FAKE_DIR/nvidia-smi.pids"
t0=$(now_ms)
run_rigctl --timeout 1500 "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
t1=$(now_ms)
check_eq "TERM-proof nvidia-smi: exit 3 at the client's deadline" 3 "$RC"
check_match "TERM-proof nvidia-smi: message" "did not finish within 1500 ms" "$ERR"
[ $((t1 - t0)) -lt 2500 ] || fail "client deadline: took $((t1 - t0)) ms"
all_gone "TERM-proof nvidia-smi: killed on the rig"

# The probe's shell killed midway: header and hwmon came, no end marker.
fake_mode nvidia-smi truncate
run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
check_eq "truncated answer: exit 1" 1 "$RC"
check_match "truncated answer: says so" "truncated" "$(printf '%s\n' "$OUT" | jq -r '.rigs[0].errors[0].message')"
check_eq "truncated answer: no partial data" null "$(printf '%s\n' "$OUT" | jq -c '.rigs[0].sensors')"

# Unknown field (under both names): reported, not a crash or zeros.
fake_mode nvidia-smi unknown-field
run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
check_eq "unknown field: exit 0" 0 "$RC"
check_match "unknown field: reason" 'not a valid field to query' "$(sensor nvidia-smi reason)"
check_eq "unknown field: state unknown" unknown "$(sensor nvidia-smi state)"
check_eq "unknown field: no GPU sensors" 0 \
	"$(printf '%s\n' "$OUT" | jq '[.rigs[0].sensors[] | select(.name | startswith("GPU"))] | length')"

# The driver does not answer.
fake_mode nvidia-smi fail
run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
check_eq "driver down: critical" critical "$(sensor nvidia-smi state)"
check_match "driver down: reason" "exit 9" "$(sensor nvidia-smi reason)"
fake_mode nvidia-smi normal

# A bad --probe-root is a usage error, before any connection.
run_rigctl "${SSH_OPTS[@]}" --probe-root relative/dir sensors
check_eq "relative probe root: exit 2" 2 "$RC"

# sshd down: the rig is unreachable (exit 3); power status says so (0).
sshd_stop
run_rigctl "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
check_eq "sshd down: sensors exit 3" 3 "$RC"
run_rigctl "${SSH_OPTS[@]}" power status
check_eq "sshd down: power status exit 0" 0 "$RC"
check_eq "sshd down: unreachable" "$SSH_TARGET: unreachable" "$OUT"
finish

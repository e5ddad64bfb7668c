#!/bin/bash
# The SSH path's cost and honesty per run: a check connects to an sshd that
# refuses the key once, not once per part (sensors, kernel events, EDAC),
# and reports the refusal once; a silent sshd costs one --timeout, not one
# per part.  power status of an SSH-only rig whose sshd does not answer is
# "unreachable" with exit 0, while its JSON says "reachable": false and
# rigctl_up is 0 (INTERFACE.md "Reachability").
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sshd
use_fixture rig-riser
C=(--state-dir "$T/state" "${PROBE_ROOT[@]}")

# connections: how many TCP connections sshd has logged so far (LogLevel
# VERBOSE logs one "Connection from" line per accepted connection).
connections() { grep -c 'Connection from' "$SSHD_LOG"; }

# The rig answers: reachable, rigctl_up 1 (the counterpart of what follows).
run_rigctl -o json "${SSH_OPTS[@]}" power status
check_eq "answering sshd: on, reachable" "on true" \
	"$(jq -r '.rigs[0].power | "\(.state) \(.reachable)"' <<<"$OUT")"
run_rigctl -o prometheus "${SSH_OPTS[@]}" power status
check_match "answering sshd: rigctl_up 1" 'rigctl_up\{rig="[^"]*"\} 1' "$OUT"

# A key sshd refuses: one connection for the whole check, one error.
ssh-keygen -q -t ed25519 -N '' -C rigtest-stranger -f "$T/stranger" ||
	{ echo "ssh-keygen failed" >&2; exit 99; }
WRONG=(--ssh "$SSH_TARGET" -i "$T/stranger" --known-hosts "$SSH_KNOWN_HOSTS")
before=$(connections)
run_rigctl -o json "${WRONG[@]}" "${C[@]}" check
after=$(connections)
check_eq "refused key: UNKNOWN" 3 "$RC"
check_eq "refused key: one connection per check" 1 $((after - before))
check_eq "refused key: the refusal reported once" 1 \
	"$(jq '[.rigs[0].errors[] | select(.message | test("was refused"))] | length' <<<"$OUT")"
check_eq "refused key: once on stderr" 1 "$(grep -c 'was refused' <<<"$ERR")"

# A silent sshd (stopped: the kernel still accepts the connection, nobody
# speaks): the check waits out one --timeout, not one per part.  Generous
# bound: 1.5 timeouts.
pid=$(sshd_pid)
kill -STOP "$pid"
t0=$(now_ms)
run_rigctl --timeout 2000 "${SSH_OPTS[@]}" "${C[@]}" check
t1=$(now_ms)
kill -CONT "$pid"
check_eq "silent sshd: UNKNOWN" 3 "$RC"
[ $((t1 - t0)) -lt 3000 ] && printf 'ok: silent sshd: one timeout (%d ms)\n' $((t1 - t0)) ||
	fail "silent sshd: the check took $((t1 - t0)) ms with --timeout 2000"
check_eq "silent sshd: the timeout reported once" 1 \
	"$(grep -c 'did not finish within\|timed out\|Timeout' <<<"$OUT")"

# sshd gone: power status is the state "unreachable", exit 0, but nobody
# answered: "reachable": false and rigctl_up 0.
sshd_stop
wait_until 5 bash -c '! sshd_pid' 2>/dev/null
run_rigctl "${SSH_OPTS[@]}" power status
check_eq "sshd down: exit 0" 0 "$RC"
check_eq "sshd down: unreachable" "$SSH_TARGET: unreachable" "$OUT"
run_rigctl -o json "${SSH_OPTS[@]}" power status
check_eq "sshd down: JSON exit 0" 0 "$RC"
check_eq "sshd down: JSON state and reachable" "unreachable false" \
	"$(jq -r '.rigs[0].power | "\(.state) \(.reachable)"' <<<"$OUT")"
run_rigctl -o prometheus "${SSH_OPTS[@]}" power status
check_eq "sshd down: prometheus exit 0" 0 "$RC"
check_match "sshd down: rigctl_up 0" 'rigctl_up\{rig="[^"]*"\} 0' "$OUT"
check_eq "sshd down: no power_on sample" 0 "$(grep -c '^rigctl_power_on{' <<<"$OUT")"
if command -v promtool >/dev/null 2>&1; then
	printf '%s\n' "$OUT" | promtool check metrics >/dev/null 2>"$T/promtool.err" &&
		printf 'ok: sshd down: promtool accepts the text\n' ||
		fail "sshd down: promtool: $(cat "$T/promtool.err")"
fi

# A refused connection (nothing listens) costs the check nothing per part
# either: one attempt, one error.
run_rigctl -o json "${SSH_OPTS[@]}" "${C[@]}" check
check_eq "refused connection: UNKNOWN" 3 "$RC"
check_eq "refused connection: one error" 1 "$(jq '.rigs[0].errors | length' <<<"$OUT")"
finish

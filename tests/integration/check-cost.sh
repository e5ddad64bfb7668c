#!/bin/bash
# What one check run costs a BMC that cannot be used: a dead address costs
# one --timeout, not one per part of the check (sensors, events, ECC); a
# wrong password costs one login attempt per run (BMCs lock accounts after a
# few), counted as the datagrams a relay in front of the simulator passes;
# either error is reported once.  A session lost mid-read is still retried
# (faults-lossy.sh, faults-bmc-death.sh).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
BAD=$(pwfile wrong.pw not-the-password)
GOOD=$(pwfile admin.pw adminpw)
S=(--state-dir "$T/state" --cache-dir "$T/cache")

# A dead BMC: nothing listens on the port.  Generous bound: 1.5 timeouts
# (three parts, each waiting out its own, took 3).
DEAD=127.0.0.1:$(sim_freeport udp) || { echo "no free port" >&2; exit 99; }
t0=$(now_ms)
run_rigctl -H "$DEAD" -U admin -f "$GOOD" "${BMC_OPTS[@]}" "${S[@]}" \
	--timeout 2000 check
t1=$(now_ms)
check_eq "dead BMC: UNKNOWN" 3 "$RC"
[ $((t1 - t0)) -lt 3000 ] && printf 'ok: dead BMC: one timeout (%d ms)\n' $((t1 - t0)) ||
	fail "dead BMC: the check took $((t1 - t0)) ms with --timeout 2000"
check_eq "dead BMC: the error once in the report" 1 "$(grep -c 'silent for' <<<"$OUT")"
check_eq "dead BMC: the error once on stderr" 1 "$(grep -c 'silent for' <<<"$ERR")"
run_rigctl -o json -H "$DEAD" -U admin -f "$GOOD" "${BMC_OPTS[@]}" "${S[@]}" \
	--timeout 1000 check
check_eq "dead BMC: one error in JSON" 1 "$(jq '.rigs[0].errors | length' <<<"$OUT")"
check_eq "dead BMC: JSON check state" unknown "$(jq -r '.rigs[0].check.state' <<<"$OUT")"

# c2s: the datagrams the stopped relay passed towards the simulator (it
# writes its counters to relay.log as it stops).
c2s() { sed -n 's/.*c2s passed \([0-9]*\) .*/\1/p' "$T/relay.log"; }

# One login with the wrong password, alone: what a single attempt sends.
relay_start -d 0 -u 0 -y 0 -T 300
run_rigctl -H "127.0.0.1:$RPORT" -U admin -f "$BAD" "${BMC_OPTS[@]}" "${S[@]}" \
	power status
relay_stop
one=$(c2s)
check_eq "wrong password: power status refused (exit 4)" 4 "$RC"
[ "${one:-0}" -gt 0 ] && printf 'ok: one login is %s datagrams\n' "$one" ||
	fail "the relay counted no datagrams for one login"

# The check: the same datagrams, so the same one login.
relay_start -d 0 -u 0 -y 0 -T 300
run_rigctl -H "127.0.0.1:$RPORT" -U admin -f "$BAD" "${BMC_OPTS[@]}" "${S[@]}" \
	check
relay_stop
all=$(c2s)
check_eq "wrong password: check UNKNOWN" 3 "$RC"
check_eq "wrong password: one login per check (datagrams)" "$one" "$all"
check_eq "wrong password: refusal once in the report" 1 \
	"$(grep -c 'refused the password' <<<"$OUT")"
check_eq "wrong password: refusal once on stderr" 1 \
	"$(grep -c 'refused the password' <<<"$ERR")"

# And nothing stays down after the call: the right password works at once.
run_rigctl -H "$SIM_HOST" -U admin -f "$GOOD" "${BMC_OPTS[@]}" "${S[@]}" -v check
check_eq "right password: OK" 0 "$RC"
finish

#!/bin/bash
# check --baseline (every current event recorded as seen, none reported,
# sensors still judged), --event-hold (Nagios keeps a new event at its
# state; 24h by default with -o nagios, report once elsewhere) and --ack
# (drops held events for every output; --dry-run writes nothing; no rig
# is contacted).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool
start_sim
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$T/state"
   --cache-dir "$T/cache")
PSU="0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x08 0x30 0x6f 0x01 0xff 0xff"

# Two years of history, as it were: a baseline reports none of it.
sel_add $PSU
sel_add $PSU
run_rigctl -o json "${R[@]}" check --baseline
check_eq "baseline: OK" 0 "$RC"
check_eq "baseline: no new events" 0 "$(jq '.rigs[0].check.new_events' <<<"$OUT")"
check_eq "baseline: no problems" 0 "$(jq '.rigs[0].check.problems | length' <<<"$OUT")"
run_rigctl -o json "${R[@]}" check
check_eq "after the baseline: the history is not reported" 0 "$RC"
# Sensors are judged during a baseline.
sel_add $PSU
sim_cmd "sensor_set_value 0x20 0 0x10 0x04 0" >/dev/null || fail "set FAN1"
run_rigctl "${R[@]}" check --baseline
check_eq "baseline with a failed fan: critical" 2 "$RC"
check_match "the fan named" "FAN1 is critical" "$OUT"
check_eq "but not the event" 0 "$(grep -c PSU1 <<<"$OUT")"
sim_cmd "sensor_set_value 0x20 0 0x10 0x1e 0" >/dev/null
run_rigctl "${R[@]}" check
check_eq "the table output's baseline: silent after" "0:" "$RC:$OUT"

# Nagios: a baseline of its own, then a new event is held.
run_rigctl -o nagios "${R[@]}" check --baseline
check_eq "nagios baseline" 0 "$RC"
sel_add $PSU
run_rigctl -o nagios "${R[@]}" check
check_eq "nagios: the new event, critical" 2 "$RC"
run_rigctl -o nagios "${R[@]}" check
check_eq "nagios: still critical on the next run (held 24h)" 2 "$RC"
check_match "nagios: says it is held" "PSU1.*held: first reported" "$OUT"
run_rigctl "${R[@]}" check
check_eq "the table output: once" 2 "$RC"
run_rigctl "${R[@]}" check
check_eq "the table output: then silent (no hold)" "0:" "$RC:$OUT"

# --ack --dry-run writes nothing; --ack drops the held event, for every
# output; it contacts no rig (a dead one answers at once).
run_rigctl -o json "${R[@]}" --dry-run check --ack
check_eq "ack --dry-run: exit 0" 0 "$RC"
check_eq "ack --dry-run: says it would" true "$(jq '.rigs[0].check.dry_run' <<<"$OUT")"
check_eq "ack --dry-run: no file" no "$([ -e "$T/state/$SIM_HOST/check.ack" ] && echo yes || echo no)"
run_rigctl -o nagios "${R[@]}" check
check_eq "nagios: still held after a dry run" 2 "$RC"
DEAD=127.0.0.1:$(sim_freeport udp)
t0=$(now_ms)
run_rigctl -H "$DEAD" -U admin -f "$PW" --timeout 20000 --state-dir "$T/state" check --ack
t1=$(now_ms)
check_eq "ack on a dead rig: exit 0" 0 "$RC"
check_eq "ack contacts no rig" yes "$([ $((t1 - t0)) -lt 3000 ] && echo yes || echo "$((t1 - t0)) ms")"
run_rigctl "${R[@]}" check --ack
check_eq "ack: exit 0" 0 "$RC"
check_match "ack: says so" "acknowledged the held events" "$OUT"
run_rigctl -o nagios "${R[@]}" check
check_eq "nagios after the ack: OK" 0 "$RC"
run_rigctl "${R[@]}" check --ack --baseline
check_eq "--ack with --baseline: usage error, UNKNOWN" 3 "$RC"

# --event-hold: a duration of its own, and one that runs out.
sel_add $PSU
run_rigctl -o json "${R[@]}" check --event-hold 1s
check_eq "json with a hold: critical" 2 "$RC"
run_rigctl -o json "${R[@]}" check --event-hold 1h
check_eq "json: held (1h)" critical "$(jq -r '.rigs[0].check.state' <<<"$OUT")"
sleep 2
run_rigctl -o json "${R[@]}" check --event-hold 1s
check_eq "json: a 1 s hold ran out" 0 "$RC"
run_rigctl -o nagios "${R[@]}" check --event-hold 0
check_eq "nagios with --event-hold 0: once" 2 "$RC"
run_rigctl -o nagios "${R[@]}" check --event-hold 0
check_eq "nagios with --event-hold 0: then OK" 0 "$RC"
finish

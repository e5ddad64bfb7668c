#!/bin/bash
# Unreachable BMCs: a port where nothing answers fails with exit 3 within
# --timeout (never hangs); several rigs with some dead give exit 6.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
dead=127.0.0.1:$(sim_freeport udp)
PW=$(pwfile admin.pw adminpw)

start=$SECONDS
run_rigctl -H "$dead" -U admin -f "$PW" --timeout 1500 power status
check_eq "silent port exits 3" 3 "$RC"
check_match "message names the host" "$dead" "$ERR"
check_match "and says silent" "silent for 1500 ms" "$ERR"
# Generous bound: the point is that it ends, not how fast.
[ $((SECONDS - start)) -le 6 ] || fail "took $((SECONDS - start)) s with --timeout 1500"

run_rigctl -H "nonexistent.invalid" -U admin -f "$PW" --timeout 1500 power status
check_eq "unresolvable host exits 3" 3 "$RC"

run_rigctl -o json -H "$SIM_HOST,$dead" -U admin -f "$PW" -W opensesspriv --timeout 1500 power status
check_eq "one live, one dead: partial" 6 "$RC"
check_eq "two rigs in the JSON" 2 "$(jq '.rigs | length' <<<"$OUT")"
check_eq "live rig ok" true "$(jq -r '.rigs[0].ok' <<<"$OUT")"
check_eq "dead rig not ok" false "$(jq -r '.rigs[1].ok' <<<"$OUT")"
check_eq "dead rig error code" 3 "$(jq -r '.rigs[1].errors[0].code' <<<"$OUT")"
check_eq "dead rig error path" bmc "$(jq -r '.rigs[1].errors[0].path' <<<"$OUT")"
check_eq "dead rig power null" null "$(jq -r '.rigs[1].power' <<<"$OUT")"

dead2=127.0.0.1:$(sim_freeport udp)
run_rigctl -H "$dead,$dead2" -U admin -f "$PW" --timeout 1000 power status
check_eq "all dead with the same code: that code" 3 "$RC"
finish

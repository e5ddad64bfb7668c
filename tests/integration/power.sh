#!/bin/bash
# rigctl power against the simulated BMC: every action, the state it leaves
# (read from the simulator's side), --wait, --on-if-off, JSON, privilege.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}")
simpower() { cat "$SIM_STATE/power"; }

run_rigctl "${R[@]}" power status
check_eq "status exit" 0 "$RC"
check_eq "status text" "$SIM_HOST: on" "$OUT"

run_rigctl "${R[@]}" power off
check_eq "off exit" 0 "$RC"
check_eq "off reached the BMC" 0 "$(simpower)"
run_rigctl "${R[@]}" power status
check_eq "status after off" "$SIM_HOST: off" "$OUT"

# cycle and reset of a rig that is off: error, nothing sent.
n=$(wc -l < "$SIM_STATE/actions.log")
run_rigctl "${R[@]}" power cycle
check_eq "cycle of an off rig exits 1" 1 "$RC"
check_match "and says how to proceed" "--on-if-off" "$ERR"
run_rigctl "${R[@]}" power reset
check_eq "reset of an off rig exits 1" 1 "$RC"
check_eq "nothing reached the BMC" "$n" "$(wc -l < "$SIM_STATE/actions.log")"

run_rigctl "${R[@]}" power cycle --on-if-off --wait=15
check_eq "cycle --on-if-off --wait exit" 0 "$RC"
check_eq "rig is on" 1 "$(simpower)"
check_eq "it was a power on" "power 1" "$(tail -n 1 "$SIM_STATE/actions.log")"

run_rigctl "${R[@]}" power on --wait
check_eq "on --wait" "$SIM_HOST: on" "$OUT"

n=$(grep -c '^power 0' "$SIM_STATE/actions.log")
run_rigctl "${R[@]}" power cycle --wait=15
check_eq "cycle --wait exit" 0 "$RC"
check_eq "cycle went through off" $((n + 1)) "$(grep -c '^power 0' "$SIM_STATE/actions.log")"
check_eq "and back on" 1 "$(simpower)"

run_rigctl "${R[@]}" power reset
check_eq "reset exit" 0 "$RC"
check_eq "reset reached the BMC" "reset 1" "$(tail -n 1 "$SIM_STATE/actions.log")"

run_rigctl "${R[@]}" power soft
check_eq "soft exit" 0 "$RC"
check_eq "soft reached the BMC" "shutdown 1" "$(tail -n 1 "$SIM_STATE/actions.log")"

# --wait that cannot be satisfied: this simulator only records a soft
# shutdown, the host stays on.
run_rigctl "${R[@]}" power soft --wait=2
check_eq "soft --wait that never turns off exits 1" 1 "$RC"
check_match "names the state it waited for" "did not report 'off'" "$ERR"

# Soft-off that does turn the host off.
echo off > "$SIM_STATE/soft_policy"
run_rigctl "${R[@]}" power soft --wait=10
check_eq "soft --wait exit" 0 "$RC"
check_eq "host is off" 0 "$(simpower)"
rm -f "$SIM_STATE/soft_policy"
run_rigctl "${R[@]}" power on

# JSON envelope.
run_rigctl -o json "${R[@]}" power status
check_eq "json exit" 0 "$RC"
check_eq "json schema" "rigctl/1" "$(jq -r .schema <<<"$OUT")"
check_eq "json rig" "$SIM_HOST" "$(jq -r '.rigs[0].rig' <<<"$OUT")"
check_eq "json ok" true "$(jq -r '.rigs[0].ok' <<<"$OUT")"
check_eq "json state" on "$(jq -r '.rigs[0].power.state' <<<"$OUT")"
check_eq "json errors" 0 "$(jq '.rigs[0].errors | length' <<<"$OUT")"

# Privilege: a user-level session cannot change power (0xD4): exit 4.
UPW=$(pwfile user.pw userpw)
n=$(wc -l < "$SIM_STATE/actions.log")
run_rigctl -H "$SIM_HOST" -U user -f "$UPW" -L user "${BMC_OPTS[@]}" power off
check_eq "-L user power off exits 4" 4 "$RC"
check_match "says privilege" "privilege" "$ERR"
check_eq "the rig stayed on" 1 "$(simpower)"
check_eq "nothing was done" "$n" "$(wc -l < "$SIM_STATE/actions.log")"
run_rigctl -H "$SIM_HOST" -U user -f "$UPW" "${BMC_OPTS[@]}" power status
check_eq "a user account may read" 0 "$RC"

# The operator account is enough by default (least privilege).
OPW=$(pwfile op.pw operatorpw)
run_rigctl -H "$SIM_HOST" -U operator -f "$OPW" "${BMC_OPTS[@]}" power reset
check_eq "operator may reset" 0 "$RC"

# Password from the environment.
RIGCTL_PASSWORD=adminpw run_rigctl -H "$SIM_HOST" -U admin "${BMC_OPTS[@]}" power status
check_eq "RIGCTL_PASSWORD works" 0 "$RC"
IPMI_PASSWORD=adminpw run_rigctl -H "$SIM_HOST" -U admin "${BMC_OPTS[@]}" power status
check_eq "IPMI_PASSWORD works" 0 "$RC"

# Wrong password: exit 4, and the password never appears in the output.
BAD=$(pwfile bad.pw Sup3rWrongPw)
run_rigctl -H "$SIM_HOST" -U admin -f "$BAD" "${BMC_OPTS[@]}" power status
check_eq "wrong password exits 4" 4 "$RC"
check_match "says password" "password" "$ERR"
[[ "$OUT$ERR" == *Sup3rWrongPw* ]] && fail "the password leaked into the output"

# Prometheus for status.
run_rigctl -o prometheus "${R[@]}" power status
check_match "prometheus gauge" "rigctl_power_on\{rig=\"$SIM_HOST\"\} 1" "$OUT"
finish

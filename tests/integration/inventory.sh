#!/bin/bash
# Rigs from the inventory: selection by name, group and "all"; secrets by
# reference (file with mode checks, environment variable); command-line
# options override the inventory; errors name file and line; discovery in
# $XDG_CONFIG_HOME; "rigctl rigs".
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
. "$top_srcdir/tests/helpers/sim.sh"
need_cmd ipmi_sim
sim_start "$T/simA" || exit 99
A=$SIM_HOST A_PID=$SIM_PID A_STATE=$SIM_STATE
at_exit "kill $A_PID 2>/dev/null; wait $A_PID 2>/dev/null"
sim_start "$T/simB" || exit 99
B=$SIM_HOST B_PID=$SIM_PID
at_exit "kill $B_PID 2>/dev/null; wait $B_PID 2>/dev/null"
unset SIM_PID

PW=$(pwfile a.pw adminpw)
cat > "$T/rigs.conf" <<CONF
# test fleet
[rig01]
bmc = $A
bmc_user = admin
bmc_password_file = $PW
bmc_workarounds = opensesspriv
bmc_timeout = 4000
groups = farm, pro

[rig02]
bmc = $B
bmc_user = operator
bmc_password_env = RIG02_PW
bmc_workarounds = opensesspriv
groups = farm
CONF
export RIG02_PW=operatorpw

run_rigctl -c "$T/rigs.conf" -r farm -o json power status
check_eq "group selects both" 0 "$RC"
check_eq "two rigs" '["rig01","rig02"]' "$(jq -c '[.rigs[].rig]' <<<"$OUT")"
check_eq "both on" '["on","on"]' "$(jq -c '[.rigs[].power.state]' <<<"$OUT")"

run_rigctl -c "$T/rigs.conf" -r rig01 power off
check_eq "one rig by name" 0 "$RC"
check_eq "only rig01's BMC got it" 0 "$(cat "$A_STATE/power")"
run_rigctl -c "$T/rigs.conf" -r all power status
check_eq "all" "$(printf 'rig01: off\nrig02: on')" "$OUT"
run_rigctl -c "$T/rigs.conf" -r rig01 power on

# Command-line options override the inventory: a wrong user here fails.
run_rigctl -c "$T/rigs.conf" -r rig01 -U nosuchuser power status
check_eq "-U overrides bmc_user" 4 "$RC"
check_match "names the user" "nosuchuser" "$ERR"
# ...and -f overrides bmc_password_file.
BAD=$(pwfile bad.pw wrongpw)
run_rigctl -c "$T/rigs.conf" -r rig01 -f "$BAD" power status
check_eq "-f overrides bmc_password_file" 4 "$RC"

# The environment variable named by bmc_password_env.
# Empty is no password: refused before the BMC is asked (never an empty
# password sent).
RIG02_PW= run_rigctl -c "$T/rigs.conf" -r rig02 power status
check_eq "empty env password: usage error" 2 "$RC"
check_match "empty env password: says so" 'RIG02_PW.*empty' "$ERR"
env -u RIG02_PW "$RIGCTL" -c "$T/rigs.conf" -r rig02 power status </dev/null >/dev/null 2>"$T/err"
check_eq "unset env: usage error" 2 "$?"
check_match "names the variable" 'RIG02_PW' "$(cat "$T/err")"

# Secrets with a wrong mode are refused with the fix.
chmod 644 "$PW"
run_rigctl -c "$T/rigs.conf" -r rig01 power status
check_eq "password file 0644 refused" 2 "$RC"
check_match "says chmod" "chmod 600 '$PW'" "$ERR"
chmod 600 "$PW"

# Selection errors.
run_rigctl -c "$T/rigs.conf" -r rig09 power status
check_eq "unknown rig" 2 "$RC"
check_match "names it" "no rig or group 'rig09'" "$ERR"
run_rigctl -c "$T/rigs.conf" -r rig01 -H "$A" power status
check_eq "-r with -H" 2 "$RC"

# Parse errors name file and line.
printf '[rig01]\nbmc = x\nbmc_pasword_file = /x\n' > "$T/bad.conf"
run_rigctl -c "$T/bad.conf" -r rig01 power status
check_eq "unknown key exit" 2 "$RC"
check_match "file:line: key" "bad.conf:3: \[rig01\]: unknown key 'bmc_pasword_file'" "$ERR"
printf '[farm]\nbmc = x\n[rig02]\nbmc = y\ngroups = farm\n' > "$T/clash.conf"
run_rigctl -c "$T/clash.conf" -r farm power status
check_eq "rig/group clash exit" 2 "$RC"
check_match "clash message" "group 'farm' of \[rig02\] has the name of a rig" "$ERR"
run_rigctl -c "$T/none.conf" -r rig01 power status
check_eq "missing -c file" 2 "$RC"

# Discovery: $XDG_CONFIG_HOME/rigctl/rigs.conf without -c.
mkdir -p "$T/xdg/rigctl" && cp "$T/rigs.conf" "$T/xdg/rigctl/rigs.conf"
XDG_CONFIG_HOME=$T/xdg run_rigctl -r rig01 power status
check_eq "found in XDG_CONFIG_HOME" "rig01: on" "$OUT"
XDG_CONFIG_HOME=$T/nothing HOME=$T/nohome run_rigctl -r rig01 power status
check_eq "no inventory anywhere" 2 "$RC"

# "rigs": no I/O, no secrets read (the env var is not even needed).
env -u RIG02_PW "$RIGCTL" -c "$T/rigs.conf" -o json rigs </dev/null >"$T/out" 2>"$T/err"
check_eq "rigs exit" 0 "$?"
check_eq "rigs lists both" '["rig01","rig02"]' "$(jq -c '[.rigs[].rig]' "$T/out")"
check_eq "rig01 groups" '["farm","pro"]' "$(jq -c '.rigs[0].rigs.groups' "$T/out")"
check_eq "rig01 paths" '["bmc"]' "$(jq -c '.rigs[0].rigs.paths' "$T/out")"
check_eq "rig01 address" "$A" "$(jq -r '.rigs[0].rigs.bmc' "$T/out")"
check_match "capabilities" '"power-cycle"' "$(jq -c '.rigs[0].rigs.capabilities' "$T/out")"
run_rigctl -c "$T/rigs.conf" -r pro rigs
check_match "rigs table" "^rig01"$'\n'"  bmc +$A"$'\n'"  groups +farm, pro"$'\n'"  can +power-status," "$OUT"
finish

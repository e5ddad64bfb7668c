#!/bin/bash
# The example programs, built by make check on the public header alone, run
# against the simulated BMC.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
export RIG_PASSWORD=adminpw RIG_WORKAROUNDS=opensesspriv
ex=$top_builddir/examples

"$ex/power-cycle" "$SIM_HOST" admin > "$T/out" 2>&1
check_eq "power-cycle exit" 0 "$?"
check_eq "it cycled (off, then on)" "power 0 power 1" "$(grep '^power' "$SIM_STATE/actions.log" | tail -n 2 | tr '\n' ' ' | sed 's/ $//')"

"$ex/sensors-json" "$SIM_HOST" admin > "$T/sensors.json" 2>"$T/err"
check_eq "sensors-json exit" 0 "$?"
check_eq "sensors-json: CPU Temp" 45 "$(jq '.[] | select(.name == "CPU Temp") | .reading' "$T/sensors.json")"
check_eq "sensors-json: FAN1 lcr" 500 "$(jq '.[] | select(.name == "FAN1") | .lcr' "$T/sensors.json")"

"$ex/ecc-watch" "$SIM_HOST" admin "$T/ecc.state" 0 > "$T/out" 2>&1
check_eq "ecc-watch: nothing new" 0 "$?"
sim_cmd "sensor_set_bit 0x20 0 0x40 0 1 1" >/dev/null   # correctable ECC
"$ex/ecc-watch" "$SIM_HOST" admin "$T/ecc.state" 0 > "$T/out" 2>&1
check_eq "ecc-watch: a correctable error" 1 "$?"
check_match "it is printed" "correctable memory error" "$(cat "$T/out")"
"$ex/ecc-watch" "$SIM_HOST" admin "$T/ecc.state" 0 > "$T/out" 2>&1
check_eq "ecc-watch: reported once" 0 "$?"
sim_cmd "sensor_set_bit 0x20 0 0x40 1 1 1" >/dev/null   # uncorrectable ECC
"$ex/ecc-watch" "$SIM_HOST" admin "$T/ecc.state" 0 > "$T/out" 2>&1
check_eq "ecc-watch: an uncorrectable error" 2 "$?"
finish

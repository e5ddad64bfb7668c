#!/bin/bash
# A pro rig with a BMC and SSH: events and memory errors merged from the
# SEL and the kernel log / EDAC; when one path is down, the other path's
# results still come back with the failure beside them, and the exit code
# says partial (6).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sim
start_sshd
use_fixture rig-ecc
# The kernel log of the riser fixture: PCIe AER records and a GPU fallen off
# the bus (real captures: tests/fixtures/rig-riser/README).
cp "$top_srcdir/tests/fixtures/rig-riser/journal.json" "$SSH_FAKE_DIR/journal.json"
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --cache-dir "$T/cache"
	--timeout 6000 "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}")
j() { jq -r "$1" <<<"$OUT"; }

# A correctable ECC error in the SEL.
sim_cmd "sensor_set_bit 0x20 0 0x40 0 1 1" >/dev/null

run_rigctl -o json "${R[@]}" events list
check_eq "events: exit 0" 0 "$RC"
check_eq "events from both paths" "kernel,sel" "$(j '[.rigs[0].events.entries[].source] | unique | join(",")')"
check_match "one cursor covering both" '^v1,bmc=[^,]+,ssh=' "$(j '.rigs[0].events.cursor')"

run_rigctl -o json "${R[@]}" ecc status
check_eq "ecc: exit 0" 0 "$RC"
check_eq "ECC from the SEL and EDAC" "edac,sel" "$(j '[.rigs[0].ecc.entries[].source] | unique | join(",")')"
check_eq "EDAC's 5 corrected errors and the SEL's 1" 6 "$(j '.rigs[0].ecc.totals.correctable')"

# SSH down: the BMC's sensors still come, the SSH failure beside them.
sshd_stop
run_rigctl -o json "${R[@]}" sensors
check_eq "SSH down: partial" 6 "$RC"
check_eq "not ok" false "$(j '.rigs[0].ok')"
check_eq "the BMC's sensors are there" bmc "$(j '[.rigs[0].sensors[].source] | unique | join(",")')"
check_eq "the SSH error beside them" "ssh 3" "$(j '.rigs[0].errors[0] | "\(.path) \(.code)"')"
run_rigctl "${R[@]}" sensors
check_eq "table: partial too" 6 "$RC"
check_match "the table has the BMC's sensors" "CPU Temp" "$OUT"
check_match "stderr names the failed path's cause" "127.0.0.1" "$ERR"
# Power goes by the BMC, which is up.
run_rigctl "${R[@]}" power status
check_eq "power status by the BMC while SSH is down" 0 "$RC"
sshd_restart

# BMC down: the rig's own sensors still come.
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null; unset SIM_PID
run_rigctl -o json "${R[@]}" sensors
check_eq "BMC down: partial" 6 "$RC"
check_eq "the SSH sensors are there" ssh "$(j '[.rigs[0].sensors[].source] | unique | join(",")')"
check_eq "the BMC error beside them" "bmc 3" "$(j '.rigs[0].errors[0] | "\(.path) \(.code)"')"
run_rigctl -o json "${R[@]}" events list
check_eq "events with the BMC down: partial" 6 "$RC"
check_eq "kernel events still listed" kernel "$(j '[.rigs[0].events.entries[].source] | unique | join(",")')"
run_rigctl "${R[@]}" power cycle
check_eq "cycle needs the BMC: unreachable" 3 "$RC"
finish

#!/bin/bash
# One rig with two paths (-H and --ssh): sensors merge the BMC's and the
# OS's; power status and soft go to the BMC, reboot to SSH, and reboot
# --wait watches SSH (the BMC stays "on" through an OS reboot).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sim
start_sshd
use_fixture rig-ecc
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --cache-dir "$T/cache"
	"${SSH_OPTS[@]}" "${PROBE_ROOT[@]}")
LOG=$SSH_FAKE_DIR/systemctl.log

run_rigctl -o json "${R[@]}" sensors
check_eq "sensors: exit 0" 0 "$RC"
check_eq "one rig, named by -H" "$SIM_HOST" "$(printf '%s\n' "$OUT" | jq -r '.rigs[0].rig')"
check_eq "sensors from both paths" "bmc,ssh" \
	"$(printf '%s\n' "$OUT" | jq -r '[.rigs[0].sensors[].source] | unique | join(",")')"
check_eq "an SSH sensor among them" 57 \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors[] | select(.name == "coretemp Package id 0") | .reading')"

run_rigctl -o json "${R[@]}" info
check_eq "paths" '["bmc","ssh"]' "$(printf '%s\n' "$OUT" | jq -c '.rigs[0].info.paths')"

: > "$LOG"
run_rigctl "${R[@]}" power status
check_eq "status from the BMC" "$SIM_HOST: on" "$OUT"
run_rigctl "${R[@]}" power reboot
check_eq "reboot: exit 0" 0 "$RC"
check_eq "reboot went over SSH" reboot "$(cat "$LOG")"

fake_mode systemctl reboot
: > "$LOG"
run_rigctl "${R[@]}" power reboot --wait=20
check_eq "reboot --wait (watched over SSH): exit 0" 0 "$RC"
check_eq "reboot --wait: systemctl reboot" reboot "$(cat "$LOG")"
check_eq "the BMC was not power cycled" 1 "$(cat "$SIM_STATE/power")"
sshd_pid >/dev/null || fail "sshd did not come back"
finish

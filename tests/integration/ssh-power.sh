#!/bin/bash
# Power over SSH: status is on while sshd answers and unreachable when it
# does not; soft and reboot run "systemctl poweroff|reboot" (a fake that
# records its arguments: never the real one); --wait follows the rig down
# (soft) and down then up again (reboot); a refused systemctl is a
# privilege error; off, cycle and reset need a BMC (exit 5 with a hint).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sshd
use_fixture rig-riser
LOG=$SSH_FAKE_DIR/systemctl.log

run_rigctl "${SSH_OPTS[@]}" power status
check_eq "status: exit 0" 0 "$RC"
check_eq "status: on" "$SSH_TARGET: on" "$OUT"

run_rigctl "${SSH_OPTS[@]}" power soft
check_eq "soft: exit 0" 0 "$RC"
check_eq "soft: systemctl poweroff" poweroff "$(cat "$LOG")"
: > "$LOG"
run_rigctl -o json "${SSH_OPTS[@]}" power reboot
check_eq "reboot: exit 0" 0 "$RC"
check_eq "reboot: systemctl reboot" reboot "$(cat "$LOG")"
check_eq "reboot: JSON" '{"action":"reboot","waited":false}' \
	"$(printf '%s\n' "$OUT" | jq -c '.rigs[0].power | {action, waited}')"

fake_mode systemctl denied
: > "$LOG"
run_rigctl "${SSH_OPTS[@]}" power soft
check_eq "refused by polkit: exit 4" 4 "$RC"
check_match "refused by polkit: says why" "Access denied" "$ERR"
check_eq "refused: systemctl was asked" poweroff "$(cat "$LOG")"

# The rig goes down before systemctl's answer gets out: accepted, since the
# probe had started it (the answer ends after "action-start").
fake_mode systemctl vanish
: > "$LOG"
run_rigctl "${SSH_OPTS[@]}" power reboot
check_eq "rig vanished mid-answer: exit 0" 0 "$RC"
check_eq "rig vanished: systemctl reboot ran" reboot "$(cat "$LOG")"

for a in off cycle reset; do
	: > "$LOG"
	run_rigctl "${SSH_OPTS[@]}" power "$a"
	check_eq "$a without a BMC: exit 5" 5 "$RC"
	check_match "$a without a BMC: hint" "BMC|smart plug" "$ERR"
	check_eq "$a: systemctl untouched" 0 "$(wc -c < "$LOG")"
done

# reboot --wait: the fake stops sshd and starts it 2 s later; the wait sees
# the rig drop off, then answer again.
fake_mode systemctl reboot
: > "$LOG"
run_rigctl -o json "${SSH_OPTS[@]}" power reboot --wait=20
check_eq "reboot --wait: exit 0" 0 "$RC"
check_eq "reboot --wait: on again" '"on"' "$(printf '%s\n' "$OUT" | jq -c '.rigs[0].power.state')"
sshd_pid >/dev/null || fail "sshd did not come back"

# soft --wait: the fake stops sshd for good; without a BMC, "off" is the
# rig no longer answering.
fake_mode systemctl down
run_rigctl "${SSH_OPTS[@]}" power soft --wait=10
check_eq "soft --wait: exit 0" 0 "$RC"
run_rigctl "${SSH_OPTS[@]}" power status
check_eq "after soft: unreachable" "$SSH_TARGET: unreachable" "$OUT"
check_eq "after soft: exit 0" 0 "$RC"
finish

#!/bin/bash
# power off|cycle --graceful on a rig with a BMC and SSH: SSH goes silent
# early in a shutdown, long before the board is off, so rigctl waits, within
# the same DURATION, until the BMC reports the board off.  A board still on
# when DURATION ends gets the hard off (one chassis command, not before the
# end); one the OS powered off gets no chassis cycle (a cycle of an off
# board is refused and leaves the rig off) but a power on; one already off
# is powered on by cycle and left alone by off.  The fake systemctl
# ("down") stops the test's sshd; the simulated OS powers the board down by
# writing the chassis state the BMC reports (no chassis command: the
# simulator's actions.log records only what reached the BMC).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sim
start_sshd
use_fixture rig-riser
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --timeout 3000 "${SSH_OPTS[@]}")
SLOG=$SSH_FAKE_DIR/systemctl.log
STIMES=$SSH_FAKE_DIR/systemctl.times
ACTS=$SIM_STATE/actions.log
simpower() { cat "$SIM_STATE/power"; }
acts() { paste -sd, "$ACTS"; } # the chassis commands, "power 0,power 1"
j() { jq -r "$1" <<<"$OUT"; }
fresh() { # a running rig: board on, sshd up, logs empty
	sshd_pid >/dev/null || sshd_restart || fail "sshd did not restart"
	echo 1 > "$SIM_STATE/power"
	: > "$ACTS"
	: > "$SLOG"
	: > "$STIMES"
}

# The OS accepts the shutdown and keeps answering: nothing reaches the BMC.
fresh
fake_mode systemctl ok
run_rigctl "${R[@]}" power off --graceful=2s
check_eq "OS still answering: exit 1" 1 "$RC"
check_match "OS still answering: not cut" "still answers.*not cut" "$ERR"
check_eq "OS still answering: no chassis command" "" "$(acts)"
check_eq "OS still answering: board on" 1 "$(simpower)"

# (a) SSH goes silent, the BMC keeps reporting on: the wait runs to the end
# of DURATION, then one hard off.  (Before: the off came as soon as SSH was
# silent, about a second after the shutdown request.)
fresh
fake_mode systemctl down
run_rigctl -o json "${R[@]}" power off --graceful=5s
end=$(now_ms)
check_eq "silent, board on: exit 0" 0 "$RC"
check_eq "silent, board on: shutdown asked" poweroff "$(cat "$SLOG")"
check_eq "silent, board on: one chassis off" "power 0" "$(acts)"
check_eq "silent, board on: board off" 0 "$(simpower)"
check_eq "silent, board on: JSON says it was cut" true "$(j '.rigs[0].power.power_cut')"
check_match "silent, board on: says the BMC still reported on" \
	"BMC still reports power on" "$ERR"
asked=$(head -n 1 "$STIMES")
# The deadline starts before the request (a status check and a login
# earlier): 5 s less that lead, which a slow machine stretches, never
# shortens below 3 s here.
if [ -n "$asked" ] && [ $((end - asked)) -ge 3000 ]; then
	echo "ok: silent, board on: the cut waited ($((end - asked)) ms after the request)"
else
	fail "silent, board on: the cut came $((end - asked)) ms after the shutdown request (wanted >= 3000)"
fi

# (b) The OS powers the board off 1.5 s after SSH went silent: cycle sends
# no chassis cycle (it would have hit the OS still shutting down, and its
# off would then have been the OS's) but powers the board on once the BMC
# reports it off.
fresh
fake_mode systemctl down
(
	# The simulated OS: sshd goes first, the board 1.5 s later.
	for _ in $(seq 1 600); do
		sshd_pid >/dev/null || break
		sleep 0.05
	done
	sleep 1.5
	echo 0 > "$SIM_STATE/power.os" && mv -f "$SIM_STATE/power.os" "$SIM_STATE/power"
) &
os=$!
run_rigctl -o json "${R[@]}" power cycle --graceful=30s --wait=15
wait "$os"
check_eq "OS powered off: exit 0" 0 "$RC"
check_eq "OS powered off: shutdown asked" poweroff "$(cat "$SLOG")"
check_eq "OS powered off: only a power on reached the BMC" "power 1" "$(acts)"
check_eq "OS powered off: board on again" 1 "$(simpower)"
check_eq "OS powered off: JSON" "false on" \
	"$(j '.rigs[0].power | "\(.power_cut) \(.state)"')"

# (c) The board is off already and SSH silent (the OS shut down before
# rigctl came): cycle --graceful powers it on (before: exit 1, "the rig is
# off", and the rig stayed off); off --graceful sends nothing.
sshd_stop
echo 0 > "$SIM_STATE/power"
: > "$ACTS"
: > "$SLOG"
run_rigctl "${R[@]}" power off --graceful=5s
check_eq "already off, off: exit 0" 0 "$RC"
check_eq "already off, off: no chassis command" "" "$(acts)"
check_eq "already off, off: no shutdown asked" "" "$(cat "$SLOG")"
: > "$ACTS"
run_rigctl "${R[@]}" power cycle --graceful=5s
check_eq "already off, cycle: exit 0" 0 "$RC"
check_eq "already off, cycle: a power on" "power 1" "$(acts)"
check_eq "already off, cycle: board on" 1 "$(simpower)"
check_eq "already off, cycle: no shutdown asked" "" "$(cat "$SLOG")"
fake_mode systemctl ok
finish

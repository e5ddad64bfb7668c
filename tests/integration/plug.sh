#!/bin/bash
# The smart-plug path against emulated Tasmota and Shelly Gen2 plugs
# (tests/helpers/plug-emu.py, whose oracle file records every relay switch):
# a budget rig is the sshd rig plus a plug.  Status: relay open is off,
# closed with sshd up is on with the relay beside it; off and on switch the
# relay; cycle opens it and the plug's own timer closes it again, even when
# rigctl is killed right after sending the cycle; the reading is the plug's
# meter; a wrong password is exit 4, a dead plug exit 3, a relay that does
# not switch exit 1, a Shelly Gen1 exit 5; reset names power cycle; no
# password reaches the output; only a rig with a plug loads libcurl.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
. "$top_srcdir/tests/helpers/plug.sh"
need_cmd jq python3 promtool
start_sshd
use_fixture rig-riser
PW=plug-secret-7731
PWF=$(pwfile plugpw "$PW")

for kind in tasmota shelly; do
	plug_start "$kind" "$kind" --password "$PW" --initial off
	URL="$kind://127.0.0.1:$PLUG_PORT"
	P=(--plug "$URL" --plug-password-file "$PWF" --timeout 3000)

	run_rigctl "${SSH_OPTS[@]}" "${P[@]}" power status
	check_eq "$kind: relay open: exit 0" 0 "$RC"
	check_eq "$kind: relay open: off" "$SSH_TARGET: off" "$OUT"

	run_rigctl "${SSH_OPTS[@]}" "${P[@]}" power on
	check_eq "$kind: on: exit 0" 0 "$RC"
	check_eq "$kind: on reached the plug" "0 on" "$(plug_switches)"

	run_rigctl -o json "${SSH_OPTS[@]}" "${P[@]}" power status
	check_eq "$kind: closed + sshd up: on, relay on" '{"state":"on","relay":"on"}' \
		"$(printf '%s\n' "$OUT" | jq -c '.rigs[0].power | {state, relay}')"

	# Already on, OS answering: nothing to switch.
	run_rigctl "${SSH_OPTS[@]}" "${P[@]}" power on
	check_eq "$kind: on when on: exit 0" 0 "$RC"
	check_eq "$kind: on when on: no switch" 1 "$(wc -l < "$PLUG_ORACLE")"

	run_rigctl "${SSH_OPTS[@]}" "${P[@]}" power reading -o json
	check_eq "$kind: reading: exit 0" 0 "$RC"
	check_match "$kind: reading: the meter's watts" '118' "$OUT"

	: > "$PLUG_ORACLE"
	run_rigctl "${SSH_OPTS[@]}" "${P[@]}" power off
	check_eq "$kind: off: exit 0" 0 "$RC"
	check_eq "$kind: off reached the plug" "0 off" "$(plug_switches)"

	# Cycle from on: off now, on by the plug's timer --off-time later.
	run_rigctl "${SSH_OPTS[@]}" "${P[@]}" power on
	: > "$PLUG_ORACLE"
	run_rigctl "${SSH_OPTS[@]}" "${P[@]}" power cycle --off-time 2s
	check_eq "$kind: cycle: exit 0" 0 "$RC"
	wait_until 10 grep -q ' on ' "$PLUG_ORACLE"
	check_eq "$kind: cycle: off then on" "0 off
0 on" "$(plug_switches)"
	gap=$(awk 'NR == 1 { t = $1 } NR == 2 { print $1 - t }' "$PLUG_ORACLE")
	check_match "$kind: cycle: off for about 2 s ($gap ms)" \
		'^(1[5-9][0-9][0-9]|[2-4][0-9][0-9][0-9])$' "$gap"

	# rigctl killed right after sending the cycle: the plug's own timer
	# still switches the relay back on.
	: > "$PLUG_ORACLE"
	"$RIGCTL" "${SSH_OPTS[@]}" "${P[@]}" power cycle --off-time 2s \
		</dev/null >/dev/null 2>&1 &
	pid=$!
	wait_until 10 grep -q ' off ' "$PLUG_ORACLE"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	wait_until 10 grep -q ' on ' "$PLUG_ORACLE"
	check_eq "$kind: killed mid-cycle: the on still arrives" "0 off
0 on" "$(plug_switches)"

	run_rigctl "${SSH_OPTS[@]}" "${P[@]}" power reset
	check_eq "$kind: reset: exit 5" 5 "$RC"
	check_match "$kind: reset: hint names power cycle" "power cycle" "$ERR"

	bad=$(pwfile badpw wrong)
	: > "$PLUG_ORACLE"
	run_rigctl "${SSH_OPTS[@]}" --plug "$URL" --plug-password-file "$bad" power off
	check_eq "$kind: wrong password: exit 4" 4 "$RC"
	check_eq "$kind: wrong password: nothing switched" 0 "$(wc -c < "$PLUG_ORACLE")"
	# The password from the environment, wiped after use.
	RIGCTL_PLUG_PASSWORD=$PW run_rigctl --plug "$URL" power status
	check_eq "$kind: password from RIGCTL_PLUG_PASSWORD: exit 0" 0 "$RC"
	check_eq "$kind: plug alone: relay closed is on" "127.0.0.1:$PLUG_PORT: on" "$OUT"
	case "$OUT$ERR" in *"$PW"*) fail "$kind: the password was printed" ;; esac
	plug_stop

	# A relay that accepts commands and does not move.
	plug_start "$kind-stuck" "$kind" --stuck --initial on
	run_rigctl --plug "$kind://127.0.0.1:$PLUG_PORT" power off
	check_eq "$kind: stuck relay: exit 1" 1 "$RC"
	check_match "$kind: stuck relay: says so" "relay is still" "$ERR"
	plug_stop

	# A dead plug: nothing listens on the port any more.
	run_rigctl --timeout 1000 --plug "$kind://127.0.0.1:$PLUG_PORT" power status
	check_eq "$kind: dead plug: exit 3" 3 "$RC"
	# A rig of --plug alone is named for the plug's host, not its URL.
	run_rigctl -o json --timeout 1000 --plug "$kind://127.0.0.1:$PLUG_PORT/1" power status
	check_eq "$kind: a plug-only rig's name" "127.0.0.1:$PLUG_PORT" \
		"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].rig')"
done

plug_start gen1 shelly --gen1
run_rigctl --plug "shelly://127.0.0.1:$PLUG_PORT" power status
check_eq "Shelly Gen1: exit 5" 5 "$RC"
check_match "Shelly Gen1: names the firmware" "Gen1.*v1\.14\.0" "$ERR"
plug_stop

# --graceful: the OS shutdown over SSH first, the relay opened only once
# SSH is silent; an OS that keeps answering is exit 1 and no switch.
plug_start graceful tasmota --initial on
G=(--plug "tasmota://127.0.0.1:$PLUG_PORT" --timeout 3000)
SLOG=$SSH_FAKE_DIR/systemctl.log
STIMES=$SSH_FAKE_DIR/systemctl.times
run_rigctl "${SSH_OPTS[@]}" "${G[@]}" power status -o prometheus
check_eq "prometheus: relay closed: exit 0" 0 "$RC"
check_has "prometheus: relay closed is 1" "$OUT" \
	"rigctl_plug_relay_on{rig=\"$SSH_TARGET\"} 1"
printf '%s\n' "$OUT" > "$T/status.prom"
check_eq "prometheus: promtool accepts power status" "" \
	"$(promtool check metrics < "$T/status.prom" 2>&1)"
run_rigctl "${SSH_OPTS[@]}" "${G[@]}" power reading -o prometheus
check_eq "prometheus: power reading: exit 0" 0 "$RC"
check_has "prometheus: the plug's watts" "$OUT" \
	"rigctl_power_draw_watts{rig=\"$SSH_TARGET\",source=\"plug\"} 118"
printf '%s\n' "$OUT" > "$T/reading.prom"
check_eq "prometheus: promtool accepts power reading" "" \
	"$(promtool check metrics < "$T/reading.prom" 2>&1)"

run_rigctl "${SSH_OPTS[@]}" "${G[@]}" --dry-run power cycle --graceful
check_eq "graceful dry run: exit 0" 0 "$RC"
check_match "graceful dry run: shut down, then cut" \
	"shut the OS down over SSH.*120 s.*then power cycle" "$OUT"
run_rigctl "${G[@]}" power off --graceful
check_eq "graceful without SSH: usage error" 2 "$RC"
check_match "graceful without SSH: names --graceful" "--graceful.*SSH" "$ERR"
run_rigctl "${SSH_OPTS[@]}" "${G[@]}" power on --graceful
check_eq "graceful on: usage error" 2 "$RC"
check_eq "graceful refusals: nothing switched" 0 "$(wc -c < "$PLUG_ORACLE")"
check_eq "graceful refusals: no shutdown asked" "" "$(cat "$SLOG" 2>/dev/null)"

# The OS accepts the shutdown and keeps answering: no cut.
fake_mode systemctl ok
run_rigctl "${SSH_OPTS[@]}" "${G[@]}" power off --graceful=2s
check_eq "graceful, OS still answering: exit 1" 1 "$RC"
check_match "graceful, OS still answering: says so" \
	"still answers.*not cut" "$ERR"
check_eq "graceful, OS still answering: shutdown asked" poweroff "$(cat "$SLOG")"
check_eq "graceful, OS still answering: no relay switch" 0 \
	"$(wc -c < "$PLUG_ORACLE")"

# The OS goes down (the fake poweroff stops sshd): the relay opens when
# DURATION ends (a relay cannot see the OS power the board down).
: > "$SLOG"
: > "$STIMES"
fake_mode systemctl down
run_rigctl "${SSH_OPTS[@]}" "${G[@]}" power off --graceful=6s
check_eq "graceful off: exit 0" 0 "$RC"
check_eq "graceful off: shutdown asked" poweroff "$(cat "$SLOG")"
check_eq "graceful off: the relay opened" "0 off" "$(plug_switches)"
asked=$(head -n 1 "$STIMES")
opened=$(awk 'NR == 1 { print $1 }' "$PLUG_ORACLE")
# Not before DURATION (6 s from just before the request) ended.
if [ -n "$asked" ] && [ -n "$opened" ] && [ $((opened - asked)) -ge 4000 ]; then
	echo "ok: graceful off: the relay opened $((opened - asked)) ms after the shutdown"
else
	fail "graceful off: shutdown at '$asked', relay opened at '$opened'"
fi
run_rigctl "${SSH_OPTS[@]}" "${G[@]}" power status -o prometheus
check_has "prometheus: relay open is 0" "$OUT" \
	"rigctl_plug_relay_on{rig=\"$SSH_TARGET\"} 0"
fake_mode systemctl ok
sshd_restart
plug_stop

# The relay closed but the OS silent: on has nothing to switch; without a
# MAC that is exit 1 naming the BIOS and power cycle.
plug_start silent tasmota --initial on
sshd_stop
run_rigctl "${SSH_OPTS[@]}" --timeout 2000 --plug "tasmota://127.0.0.1:$PLUG_PORT" power on
check_eq "closed relay, silent OS: exit 1" 1 "$RC"
check_match "closed relay, silent OS: says why" "BIOS.*AC loss|power cycle" "$ERR"
run_rigctl -o json "${SSH_OPTS[@]}" --timeout 2000 --plug "tasmota://127.0.0.1:$PLUG_PORT" power status
check_eq "closed relay, silent OS: unreachable, relay on" \
	'{"state":"unreachable","relay":"on"}' \
	"$(printf '%s\n' "$OUT" | jq -c '.rigs[0].power | {state, relay}')"
plug_stop

# libcurl is the plug module's alone: a command on a rig without a plug
# never loads it (shared builds; a static one links everything in).
if [ -e "$top_builddir/libipmirig/.libs/ipmirig-plug.so" ]; then
	plug_start mod tasmota
	sshd_restart
	libs=$(loaded "$RIGCTL" "${SSH_OPTS[@]}" power status)
	check_has "an SSH command ran" "$libs" ipmirig-ssh.so
	case $libs in
	*libcurl* | *ipmirig-plug*) fail "a command without a plug loaded libcurl" ;;
	*) echo "ok: a command without a plug loads no libcurl" ;;
	esac
	libs=$(loaded "$RIGCTL" --plug "tasmota://127.0.0.1:$PLUG_PORT" power status)
	check_has "a plug command loads the plug module" "$libs" ipmirig-plug.so
	check_has "and libcurl with it" "$libs" libcurl
	# The module reaches the library only through the table it is
	# handed: no library symbol left for the loader, one export.
	mod=$top_builddir/libipmirig/.libs/ipmirig-plug.so
	check_eq "the plug module needs no library symbol" "" \
		"$(nm -D --undefined-only "$mod" | grep -E ' (rig|plugp)_' || true)"
	check_eq "the plug module exports its entry only" rig_plug_module_init \
		"$(nm -D --defined-only "$mod" | awk '$2 == "T" { print $3 }')"
	plug_stop
fi
finish

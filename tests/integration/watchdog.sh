#!/bin/bash
# rigctl watchdog on a budget rig (the sshd rig plus an emulated Tasmota
# plug, whose oracle records every relay switch): with sshd up nothing
# happens; with sshd killed the first run only notes the silence, a run
# after --unreachable cycles the rig through the plug (off, then on), a run
# within the boot grace does nothing, and past --max it is CRITICAL (2)
# without a cycle; --dry-run sends nothing; --hold leaves the rig alone and
# --release resumes; a rig the plug reports off, one with watchdog = off
# and one without a hard path are never "recovered".
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
. "$top_srcdir/tests/helpers/plug.sh"
need_cmd jq python3
start_sshd
use_fixture rig-riser
plug_start wd tasmota --initial on
URL="tasmota://127.0.0.1:$PLUG_PORT"
ST=$T/state
R=("${SSH_OPTS[@]}" --plug "$URL" --timeout 3000 --state-dir "$ST")
WD=(watchdog --unreachable 2s --boot-grace 3s --max 1/1d --off-time 1s)
STATE=$ST/$SSH_TARGET/watchdog.state
WD2=(watchdog --unreachable 1s --boot-grace 1s --max 5/1d --off-time 1s)
switches() { wc -l < "$PLUG_ORACLE" | tr -d ' '; }
switched() { [ "$(switches)" -ge "$1" ]; } # N: at least N switches so far

# Usage errors are UNKNOWN (3).
run_rigctl "${R[@]}" watchdog --max 0/1d
check_eq "--max 0/1d: exit 3" 3 "$RC"
run_rigctl "${R[@]}" watchdog --action bounce
check_eq "--action bounce: exit 3" 3 "$RC"
run_rigctl "${R[@]}" watchdog --hold --release
check_eq "--hold with --release: exit 3" 3 "$RC"

# The OS answers: nothing to do, nothing printed, nothing sent.
run_rigctl "${R[@]}" "${WD[@]}"
check_eq "answering: exit 0" 0 "$RC"
check_eq "answering: silent" "" "$OUT"
check_eq "answering: no switch" 0 "$(switches)"
run_rigctl "${R[@]}" -o json "${WD[@]}"
check_eq "answering: json state ok" "ok" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].watchdog.state')"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	printf '%s\n' "$OUT" > "$T/wd.json"
	if /usr/bin/python3 -m jsonschema -i "$T/wd.json" \
		"$top_srcdir/tools/rigctl-json.schema.json" 2>"$T/why"; then
		echo "ok: json matches the schema"
	else
		fail "json does not match the schema: $(head -c 600 "$T/why")"
	fi
fi

sshd_stop
# First silent run: noted, nothing sent.
run_rigctl "${R[@]}" "${WD[@]}"
check_eq "first silent run: exit 0" 0 "$RC"
check_eq "first silent run: silent" "" "$OUT"
check_eq "first silent run: no switch" 0 "$(switches)"
check_match "first silent run: noted in the state" '^first_silent [1-9]' \
	"$(grep first_silent "$STATE")"
run_rigctl "${R[@]}" -v "${WD[@]}"
check_match "-v: says it is silent" 'silent for [0-9]+s of 2s' "$OUT"

sleep 2.3
before=$(cat "$STATE")
run_rigctl "${R[@]}" --dry-run "${WD[@]}"
check_eq "dry run: exit 1 (what it would do)" 1 "$RC"
check_match "dry run: says it would cycle" "would power cycle it through the plug" "$OUT"
check_eq "dry run: no switch" 0 "$(switches)"
check_eq "dry run: the state is unchanged" "$before" "$(cat "$STATE")"

run_rigctl "${R[@]}" "${WD[@]}"
check_eq "past --unreachable: exit 1" 1 "$RC"
check_match "past --unreachable: one line, recovered" \
	"^$SSH_TARGET: recovered: power cycle through the plug" "$OUT"
check_eq "past --unreachable: one line" 1 "$(printf '%s\n' "$OUT" | wc -l)"
wait_until 10 grep -q ' on ' "$PLUG_ORACLE"
check_eq "cycle reached the plug: off then on" "0 off
0 on" "$(plug_switches)"
check_match "the recovery is in the state" '^recovery [1-9]' "$(grep recovery "$STATE")"

# Within the boot grace: nothing.
run_rigctl "${R[@]}" "${WD[@]}"
check_eq "boot grace: exit 0" 0 "$RC"
check_eq "boot grace: silent" "" "$OUT"
check_eq "boot grace: no switch" 2 "$(switches)"

# After the grace a new silent period; past it, --max 1/1d is used up.
sleep 3.2
run_rigctl "${R[@]}" "${WD[@]}"
check_eq "after the grace: silence noted, exit 0" 0 "$RC"
sleep 2.3
run_rigctl "${R[@]}" "${WD[@]}"
check_eq "past --max: exit 2" 2 "$RC"
check_match "past --max: CRITICAL" "^$SSH_TARGET: CRITICAL: .*not trying again" "$OUT"
run_rigctl "${R[@]}" -o nagios "${WD[@]}"
check_eq "past --max, nagios: exit 2" 2 "$RC"
check_match "nagios: one line with perfdata" \
	'^RIGCTL WATCHDOG CRITICAL - .*\| rigs=1 recovered=0 critical=1' "$OUT"
check_eq "past --max: no switch" 2 "$(switches)"

# --hold: left alone even with room under --max; --release resumes.
run_rigctl "${R[@]}" watchdog --hold 1h
check_eq "--hold: exit 0" 0 "$RC"
check_match "--hold: says so" "on hold until" "$OUT"
run_rigctl "${R[@]}" -v "${WD2[@]}"
check_eq "held: exit 0" 0 "$RC"
check_match "held: reported" "on hold: left alone" "$OUT"
sleep 1.2
run_rigctl "${R[@]}" "${WD2[@]}"
check_eq "held: still exit 0" 0 "$RC"
check_eq "held: no switch" 2 "$(switches)"
run_rigctl "${R[@]}" --dry-run watchdog --release
check_match "--release --dry-run: says so" "would be watched again" "$OUT"
check_match "--release --dry-run: still held" '^hold_until [1-9]' "$(grep hold_until "$STATE")"
run_rigctl "${R[@]}" watchdog --release
check_eq "--release: exit 0" 0 "$RC"
check_eq "--release: hold gone" "hold_until 0" "$(grep hold_until "$STATE")"
run_rigctl "${R[@]}" "${WD2[@]}"
check_eq "released: silence noted, exit 0" 0 "$RC"
sleep 1.2
run_rigctl "${R[@]}" "${WD2[@]}"
check_eq "released: recovered again, exit 1" 1 "$RC"
wait_until 10 test "$(grep -c ' on ' "$PLUG_ORACLE")" = 2
check_eq "released: the second cycle reached the plug" 4 "$(switches)"

# Switched off on purpose: the plug says off, the rig is left alone.
run_rigctl "${R[@]}" power off
check_eq "power off: exit 0" 0 "$RC"
run_rigctl "${R[@]}" -v watchdog --unreachable 1s --boot-grace 1s --max 5/1d
check_eq "off: exit 0" 0 "$RC"
check_match "off: reported, left alone" "off by the plug: left alone" "$OUT"
sleep 1.2
run_rigctl "${R[@]}" watchdog --unreachable 1s --boot-grace 1s --max 5/1d
check_eq "off: still exit 0" 0 "$RC"
check_eq "off: nothing switched on" 5 "$(switches)"

# watchdog = off in the inventory.
cat > "$T/rigs.conf" <<EOF
[budget]
ssh = $SSH_TARGET
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
plug = $URL
watchdog = off
EOF
run_rigctl -c "$T/rigs.conf" -r budget --state-dir "$ST" -v watchdog --unreachable 1s
check_eq "watchdog = off: exit 0" 0 "$RC"
check_match "watchdog = off: reported" "watchdog = off in the inventory" "$OUT"

# An SSH-only rig has no hard path: CRITICAL, never recovered.
run_rigctl "${SSH_OPTS[@]}" --timeout 3000 --state-dir "$T/state2" watchdog --unreachable 1s
check_eq "no hard path: exit 2" 2 "$RC"
check_match "no hard path: says so" "CRITICAL: no hard path" "$OUT"
sleep 1.2
run_rigctl "${SSH_OPTS[@]}" --timeout 3000 --state-dir "$T/state2" watchdog --unreachable 1s
check_eq "no hard path: still exit 2" 2 "$RC"
check_eq "no hard path: no state of a recovery" "" \
	"$(grep -s recovery "$T/state2/$SSH_TARGET/watchdog.state")"
check_eq "no hard path: the plug untouched" 5 "$(switches)"

# Killed before the run ends, while another rig's hard path (a dead BMC)
# keeps it waiting: the recovery of the rig already cycled was recorded
# before its power went, so the next run is within the boot grace and
# does not cycle it again.
. "$top_srcdir/tests/helpers/sim.sh"
run_rigctl --plug "$URL" power on
check_eq "plug on again" 6 "$(switches)"
pwfile dead.pw adminpw >/dev/null
cat > "$T/kill.conf" <<EOF
[budget]
ssh = $SSH_TARGET
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
plug = $URL
[pro]
ssh = root@127.0.0.1:$(sim_freeport tcp)
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
bmc = 127.0.0.1:$(sim_freeport udp)
bmc_user = admin
bmc_password_file = $T/dead.pw
bmc_timeout = 15000
EOF
K=(-c "$T/kill.conf" -r budget,pro --timeout 3000 --state-dir "$T/state3"
   watchdog --unreachable 1s --boot-grace 60s --max 5/1d --off-time 2s)
run_rigctl "${K[@]}"
# (exit 3: the dead BMC's rig is UNKNOWN)
check_match "kill test: silence noted" '^first_silent [1-9]' \
	"$(grep -s first_silent "$T/state3/budget/watchdog.state")"
sleep 1.2
"$RIGCTL" "${K[@]}" >/dev/null 2>&1 &
kpid=$!
wait_until 10 switched 7 || fail "kill test: the cycle never began"
sleep 0.5
alive "$kpid" || fail "kill test: rigctl ended before the kill (the dead BMC should hold it)"
kill -KILL "$kpid"
wait "$kpid" 2>/dev/null
check_match "killed mid-run: the recovery is on record" '^recovery [1-9]' \
	"$(grep -s recovery "$T/state3/budget/watchdog.state")"
wait_until 15 switched 8 || fail "kill test: the plug's timer did not switch on"
run_rigctl -c "$T/kill.conf" -r budget --timeout 3000 --state-dir "$T/state3" \
	watchdog --unreachable 1s --boot-grace 60s --max 5/1d --off-time 2s
check_eq "after the kill: within the boot grace, exit 0" 0 "$RC"
check_eq "after the kill: no second cycle" 8 "$(switches)"

# Another run holds a rig's lock (one that a dead BMC slows, over a rig
# list crossing this one's): after a bounded wait the rig is skipped with a
# line naming it and the lock, nothing is sent to it, and the other rig is
# recovered as usual.  (Before: a blocking flock(), until the holder
# ended.)  Both rigs are due: their state says silent since long ago.
OLD_ORACLE=$PLUG_ORACLE
old_switches=$(switches)
plug_start wd2 tasmota --initial on
cat > "$T/lock.conf" <<EOF
[held]
ssh = $SSH_TARGET
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
plug = $URL
[free]
ssh = $SSH_TARGET
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
plug = tasmota://127.0.0.1:$PLUG_PORT
EOF
for r in held free; do
	mkdir -p -m 700 "$T/state4/$r"
	printf 'rigctl-watchdog 1\nfirst_silent 1\nhold_until 0\n' \
		> "$T/state4/$r/watchdog.state"
done
LK=(-c "$T/lock.conf" --timeout 3000 --state-dir "$T/state4" watchdog
	--unreachable 1s --boot-grace 1s --max 5/1d --off-time 1s)
# The holder is the sleep itself (the lock on its fd 9): killing it by PID
# releases the lock.  It gives up after 90 s, so the old blocking wait ends
# too, late, and fails the bound below.
(exec 9> "$T/state4/held/watchdog.lock" && flock 9 && touch "$T/held.ok" &&
	exec sleep 90) &
holder=$!
at_exit "kill $holder 2>/dev/null"
wait_until 10 test -e "$T/held.ok" || fail "lock test: the holder never got the lock"
t0=$(now_ms)
run_rigctl -r held,free "${LK[@]}"
t1=$(now_ms)
if [ $((t1 - t0)) -lt 60000 ]; then
	echo "ok: lock held: the run ended ($((t1 - t0)) ms)"
else
	fail "lock held: the run took $((t1 - t0)) ms (blocked on the lock?)"
fi
check_match "lock held: skipped, naming the rig and the lock" \
	"^held: UNKNOWN: skipped this run: another watchdog run still holds its lock .*/state4/held/watchdog\.lock" "$OUT"
check_match "lock held: the other rig recovered" \
	"free: recovered: power cycle through the plug" "$OUT"
check_eq "lock held: the recovery's exit code (WARNING over UNKNOWN)" 1 "$RC"
check_eq "lock held: nothing sent to the held rig" "$old_switches" \
	"$(wc -l < "$OLD_ORACLE" | tr -d ' ')"
wait_until 10 grep -q ' on ' "$PLUG_ORACLE"
check_eq "lock held: the free rig's plug cycled" "0 off
0 on" "$(plug_switches)"
check_eq "lock held: the held rig's state untouched" "first_silent 1" \
	"$(grep first_silent "$T/state4/held/watchdog.state")"
run_rigctl -r held -o json "${LK[@]}"
check_eq "lock held, that rig alone: UNKNOWN (3)" 3 "$RC"
check_eq "lock held: JSON state locked" "locked 3" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].watchdog | "\(.state) \(.code)"')"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	printf '%s\n' "$OUT" > "$T/wd-locked.json"
	if /usr/bin/python3 -m jsonschema -i "$T/wd-locked.json" \
		"$top_srcdir/tools/rigctl-json.schema.json" 2>"$T/why"; then
		echo "ok: locked: json matches the schema"
	else
		fail "locked: json does not match the schema: $(head -c 600 "$T/why")"
	fi
fi
kill "$holder"
wait "$holder" 2>/dev/null
# Released: the held rig is recovered now (it was due all along).
run_rigctl -r held "${LK[@]}"
check_eq "lock released: recovered, exit 1" 1 "$RC"
old_switched() { [ "$(wc -l < "$OLD_ORACLE")" -ge "$1" ]; }
wait_until 10 old_switched $((old_switches + 2)) ||
	fail "lock released: the held rig's plug did not cycle"

# A CRITICAL past --max counts attempts and says how many failed: a plug
# whose relay is stuck fails the recovery, which is recorded as failed.
plug_start stuck tasmota --initial on --stuck
cat > "$T/dead.conf" <<EOF
[deadplug]
ssh = $SSH_TARGET
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
plug = tasmota://127.0.0.1:$PLUG_PORT
EOF
D=(-c "$T/dead.conf" -r deadplug --timeout 2000 --state-dir "$T/state5" watchdog
	--unreachable 1s --boot-grace 1s --max 1/1d)
mkdir -p -m 700 "$T/state5/deadplug"
printf 'rigctl-watchdog 1\nfirst_silent 1\nhold_until 0\n' \
	> "$T/state5/deadplug/watchdog.state"
run_rigctl "${D[@]}"
check_eq "dead plug: recovery failed, exit 2" 2 "$RC"
check_match "dead plug: says the cycle failed" \
	"CRITICAL: .*power cycle through the plug failed" "$OUT"
check_match "dead plug: the failure is on record" '^failed [1-9]' \
	"$(grep failed "$T/state5/deadplug/watchdog.state")"
sleep 1.2
run_rigctl "${D[@]}" # past the boot grace: the silence is noted again
sleep 1.2
run_rigctl "${D[@]}"
check_eq "dead plug past --max: exit 2" 2 "$RC"
check_match "dead plug past --max: attempts, and how many failed" \
	"CRITICAL: .*1 recovery attempt within the --max period \(1 of them failed\)" "$OUT"

finish

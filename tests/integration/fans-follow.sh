#!/bin/bash
# rigctl fans follow on a two-path rig: the simulator with the fan module
# (tests/sim/fans.c) and the sshd rig whose fake nvidia-smi reports the GPU
# temperatures this test writes.  What is checked is what the BMC holds:
# the duty follows the curve (with its hysteresis), hot GPUs reach 100 %,
# a hung or failing nvidia-smi, a lost GPU and a killed sshd give the
# headers back to auto and control resumes when the readings return,
# SIGTERM gives auto, --once leaves the duty, 'fans check' tells a running
# controller from a dead one, and no 0xdc ever reaches the BMC.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
MOD=$top_builddir/tests/sim/rigmod.so
[ -f "$MOD" ] || skip_test "tests/sim/rigmod.so not built (libopenipmi-dev missing)"
ORACLE=$T/oracle
: >"$ORACLE"
export SIM_LOADLIB="\"$MOD\" \"oracle=$ORACLE state=@STATEDIR@\""
start_sim
start_sshd
use_fixture rig-ecc
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --cache-dir "$T/cache"
	--state-dir "$T/state" --timeout 3000 "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}"
	--fan-profile asrock-ast2500)
CURVE=(--curve 40:30,80:100 --headers FAN1,FAN2 --interval 1s)
slot() { # mode|duty SLOT: what the BMC holds
	awk -v w="$1" -v s="$2" '$1 == w { print $(s + 2) }' "$SIM_STATE/fans"
}
both() { # MODE DUTY: FAN1 and FAN2 are so
	[ "$(slot mode 0) $(slot mode 1)" = "$1 $1" ] &&
		{ [ -z "${2:-}" ] || [ "$(slot duty 0) $(slot duty 1)" = "$2 $2" ]; }
}
# temps A B: the two GPUs' temperatures (column 4 of gpus.csv), replaced
# whole so the probe never reads half a file.
temps() {
	awk -F', ' -v OFS=', ' -v a="$1" -v b="$2" \
		'{ $4 = (NR == 1 ? a : b); print }' \
		"$top_srcdir/tests/fixtures/rig-ecc/gpus.csv" >"$SSH_FAKE_DIR/gpus.tmp"
	mv "$SSH_FAKE_DIR/gpus.tmp" "$SSH_FAKE_DIR/gpus.csv"
}
FPID=
start_follow() {
	"$RIGCTL" "${R[@]}" fans follow "${CURVE[@]}" "$@" >>"$T/follow.log" 2>&1 &
	FPID=$!
}
stop_follow() {
	[ -n "$FPID" ] || return 0
	kill -TERM "$FPID" 2>/dev/null
	wait "$FPID" 2>/dev/null
	FPID=
}
at_exit stop_follow
wait_check() { # WHAT SECONDS CMD...: wait_until, then ok or fail
	local what=$1
	shift
	if wait_until "$@"; then echo "ok: $what"
	else fail "$what (BMC: $(paste -sd' ' "$SIM_STATE/fans"); log: $(tail -n 5 "$T/follow.log"))"; fi
}

# --- --dry-run: says what it would do, drives nothing, records nothing
temps 60 50
run_rigctl "${R[@]}" --dry-run fans follow "${CURVE[@]}"
check_eq "dry run: exit 0" 0 "$RC"
check_match "dry run: says what it would do" "fans follow" "$OUT"
check_eq "dry run: the fans untouched" "0 0 50 50" \
	"$(slot mode 0) $(slot mode 1) $(slot duty 0) $(slot duty 1)"
check_eq "dry run: no state file" no "$([ -e "$T/state" ] && find "$T/state" -name fans.state | grep -q . && echo yes || echo no)"

# --- the curve: 60 C is 65 %; hot GPUs reach 100 %
start_follow
wait_check "60 C: FAN1 and FAN2 manual at 65 %" 30 both 1 65
check_eq "the other headers untouched" "0 50" "$(slot mode 2) $(slot duty 2)"
run_rigctl "${R[@]}" fans check
check_eq "check with the controller running: OK" 0 "$RC"
temps 58 91
wait_check "a 91 C GPU: 100 %" 30 both 1 100
# Down from 91 to 70: the curve says 83 %, its hysteresis (3 C) 88 %.
temps 70 65
wait_check "70 C after 91 C: 88 % (hysteresis)" 30 both 1 88
temps 50 45
wait_check "50 C: 53 %" 30 both 1 53
alive "$FPID" && echo "ok: the controller runs" || fail "the controller died"

# --- GPU temperatures that cannot be read: auto, then control again
for mode in hang fail lost-gpu; do
	fake_mode nvidia-smi "$mode"
	wait_check "nvidia-smi $mode: the headers back to auto" 40 both 0
	fake_mode nvidia-smi normal
	# A fresh start: the curve at 50 C (47.5 %, rounded up), no memory.
	wait_check "nvidia-smi answers again: control resumes" 40 both 1 48
done
wait_until 10 fake_gone nvidia-smi || fail "a hung nvidia-smi was left running"
sshd_stop
wait_check "sshd killed: auto" 40 both 0
sshd_restart
wait_check "sshd back: control resumes" 40 both 1 48
check_has "the log says why it let go" "$(cat "$T/follow.log")" "cannot read the GPU temperatures"

# --- SIGTERM: auto, and the state file goes with it
kill -TERM "$FPID"
wait "$FPID"
rc=$?
FPID=
check_eq "SIGTERM: exit 0 after handing back" 0 "$rc"
check_eq "SIGTERM: the headers are auto" "0 0" "$(slot mode 0) $(slot mode 1)"
check_eq "SIGTERM: no state file left" "" "$(find "$T/state" -name fans.state)"
check_has "SIGTERM: said" "$(cat "$T/follow.log")" "handed back to the BMC (stopped by SIGTERM)"

# --- a controller killed outright: check finds the headers it left
start_follow
wait_check "a new controller takes over" 30 both 1 48
kill -KILL "$FPID"
wait "$FPID" 2>/dev/null
FPID=
run_rigctl "${R[@]}" fans check
check_eq "check: a dead controller's headers are WARNING" 1 "$RC"
check_has "check: says who left them" "$OUT" "fans follow left it so"
run_rigctl "${R[@]}" fans auto
check_eq "auto after the dead controller" "0 0" "$(slot mode 0) $(slot mode 1)"

# --- --once: one step, the duty stays, and check counts it as running
temps 60 50
run_rigctl "${R[@]}" fans follow "${CURVE[@]}" --once
check_eq "--once: exit 0" 0 "$RC"
check_eq "--once: leaves 65 %" "1 1 65 65" \
	"$(slot mode 0) $(slot mode 1) $(slot duty 0) $(slot duty 1)"
run_rigctl "${R[@]}" fans check
check_eq "check right after --once: OK" 0 "$RC"
run_rigctl "${R[@]}" fans follow "${CURVE[@]}" --once --min 70
check_eq "--once never under the floor (--min 70)" "70 70" "$(slot duty 0) $(slot duty 1)"
fake_mode nvidia-smi fail
run_rigctl "${R[@]}" fans follow "${CURVE[@]}" --once
check_eq "--once without readings: exit 0" 0 "$RC"
check_eq "--once without readings hands the headers back" "0 0" "$(slot mode 0) $(slot mode 1)"
fake_mode nvidia-smi normal

# --- the systemd unit: its commands, with this test's paths for its own
unit=$top_srcdir/examples/rigctl-fans-follow@.service
check_eq "the unit restarts the controller" "Restart=always" "$(grep '^Restart=' "$unit")"
unit_cmd() { # KEY: the unit's command line, on this test's rig
	sed -n "s|^$1=||p" "$unit" | sed -e "s|/usr/local/bin/rigctl|$RIGCTL|" \
		-e "s|/etc/rigctl/rigs.conf|$T/rigs.conf|" -e "s|/var/lib/rigctl|$T/state|" \
		-e "s|/var/cache/rigctl|$T/cache|" -e "s|%i|rig01|g"
}
cat >"$T/rigs.conf" <<EOF
[rig01]
bmc = $SIM_HOST
bmc_user = admin
bmc_password_file = $PW
bmc_workarounds = opensesspriv
bmc_timeout = 3000
ssh = $SSH_TARGET
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
ssh_timeout = 3000
probe_root = ${PROBE_ROOT[1]}
bmc_fan_profile = asrock-ast2500
fan_headers = FAN2
fan_curve = 40:30, 80:100
fan_interval = 1s
fan_min = 70
EOF
temps 60 50
# shellcheck disable=SC2046 # the unit's words
$(unit_cmd ExecStart) >>"$T/follow.log" 2>&1 &
FPID=$!
unit_driving() { [ "$(slot mode 1) $(slot duty 1) $(slot mode 0)" = "1 70 0" ]; }
wait_check "the unit's ExecStart: the inventory's header, curve and floor" 30 unit_driving
kill -KILL "$FPID"
wait "$FPID" 2>/dev/null
FPID=
check_eq "killed outright: FAN2 still manual" 1 "$(slot mode 1)"
# shellcheck disable=SC2046
$(unit_cmd ExecStopPost) >/dev/null 2>&1
check_eq "the unit's ExecStopPost hands it back" "0 0" "$(slot mode 0) $(slot mode 1)"
check_eq "fans auto removes the dead controller's record" "" \
	"$(find "$T/state" -path '*rig01*' -name fans.state)"

# --- usage
run_rigctl "${R[@]}" fans follow --curve 80:30,40:100
check_eq "a falling curve: usage" 2 "$RC"
run_rigctl "${R[@]}" fans follow --headers FAN12
check_eq "an unknown header: usage" 2 "$RC"
run_rigctl "${R[@]}" -o json fans follow
check_eq "follow has no JSON" 2 "$RC"

# --- never 0xdc
check_eq "no 0xdc reached the BMC" 0 "$(cat "$SIM_STATE/fan-resets")"
check_eq "no fan-reset in the oracle" 0 "$(grep -c '^fan-reset' "$ORACLE")"

finish

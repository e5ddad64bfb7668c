#!/bin/bash
# BMC fan control against the simulator with tests/sim/rigmod.so, whose
# fans part implements ASRock Rack's 0x3a commands with the BMC's rules
# (16-slot arrays, length and range errors, a minimum-duty clamp, admin
# only): status, set, auto and check, checked against what reached the BMC
# (the module's oracle and its state file), never against what rigctl
# printed alone.  Also: no write without a profile (exit 5), none to a BMC
# of another vendor (exit 5), none below admin (exit 4), none from a
# garbled read, and no 0xdc ever.  fans-follow.sh has the controller.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool
MOD=$top_builddir/tests/sim/rigmod.so
[ -f "$MOD" ] || skip_test "tests/sim/rigmod.so not built (libopenipmi-dev missing)"
ORACLE=$T/oracle
: >"$ORACLE"
export SIM_LOADLIB="\"$MOD\" \"oracle=$ORACLE state=@STATEDIR@\""
start_sim
PW=$(pwfile admin.pw adminpw)
BASE=(-H "$SIM_HOST" "${BMC_OPTS[@]}" --cache-dir "$T/cache" --state-dir "$T/state")
N=(-U admin -f "$PW" "${BASE[@]}")            # no profile
R=("${N[@]}" --fan-profile asrock-ast2500)
j() { jq -r "$1" <<<"$OUT"; }
# What reached the BMC: the writes in the oracle, and the state it keeps.
writes() { grep -E '^fan-(mode|duty|reset)' "$ORACLE" | paste -sd'|' -; }
nwrites() { grep -cE '^fan-(mode|duty)' "$ORACLE"; }
slot() { # mode|duty SLOT: the BMC's current value
	awk -v w="$1" -v s="$2" '$1 == w { print $(s + 2) }' "$SIM_STATE/fans"
}
resets() { cat "$SIM_STATE/fan-resets"; }
schema=$top_srcdir/tools/rigctl-json.schema.json
schema_ok() {
	/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || return 0
	printf '%s\n' "$OUT" >"$T/doc.json"
	if /usr/bin/python3 -m jsonschema -i "$T/doc.json" "$schema" 2>"$T/why"; then
		echo "ok: $1: JSON matches the schema"
	else
		fail "$1: JSON does not match the schema: $(head -c 600 "$T/why")"
	fi
}

# --- without a profile: tachs only, and nothing can be written
run_rigctl "${N[@]}" -o json fans
check_eq "no profile: exit 0" 0 "$RC"
check_eq "no profile: the tach sensors, mode and duty unknown" \
	"FAN1 unknown null 3000 FAN2 unknown null 3200" \
	"$(j '[.rigs[0].fans.headers[] | "\(.name) \(.mode) \(.duty) \(.rpm)"] | join(" ")')"
check_eq "no profile: a reason for the duty" true \
	"$(j '.rigs[0].fans.headers[0].reason | length > 0')"
schema_ok "status without a profile"
for sub in "set FAN1=40" "auto" "follow --once"; do
	# shellcheck disable=SC2086 # the subcommand's words
	run_rigctl "${N[@]}" fans $sub
	check_eq "no profile: fans $sub is exit 5" 5 "$RC"
	check_has "no profile: fans $sub names --fan-profile" "$ERR" "--fan-profile"
done
check_eq "no profile: nothing written" "" "$(writes)"
run_rigctl "${N[@]}" fans check
check_eq "no profile: fans check UNKNOWN" 3 "$RC"
run_rigctl "${R[@]}" --fan-profile asrock-ast2600 fans
check_eq "an unknown profile is a usage error" 2 "$RC"

# --- status with the profile: every header, nothing written
run_rigctl "${R[@]}" -o json fans status
check_eq "status: exit 0" 0 "$RC"
check_eq "status: FAN1..FAN7, auto, 50 %" \
	"FAN1 auto 50,FAN2 auto 50,FAN3 auto 50,FAN4 auto 50,FAN5 auto 50,FAN6 auto 50,FAN7 auto 50" \
	"$(j '[.rigs[0].fans.headers[] | "\(.name) \(.mode) \(.duty)"] | join(",")')"
check_eq "status: the tach of FAN1" 3000 "$(j '.rigs[0].fans.headers[0].rpm')"
schema_ok "status"
check_eq "status: read, not written" "" "$(writes)"
check_has "status: both arrays read" "$(paste -sd, "$ORACLE")" "fan-read-mode,fan-read-duty"

# --- set: read-modify-write of all 16 slots, then a read-back
: >"$ORACLE"
run_rigctl "${R[@]}" fans set FAN1=40,FAN2=60
check_eq "set: exit 0" 0 "$RC"
check_eq "set: read first, duties then modes, then read back" \
	"fan-read-mode,fan-read-duty,fan-duty 40 60 50 50 50 50 50 50 50 50 50 50 50 50 50 50,fan-mode 1 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0,fan-read-mode,fan-read-duty" \
	"$(grep -v '^$' "$ORACLE" | paste -sd, -)"
check_match "set: the table shows FAN1 manual at 40 %" "FAN1 +manual +40 %" "$OUT"
# The same again: nothing differs, so nothing is written and the first
# read is the answer (no read-back).
: >"$ORACLE"
run_rigctl "${R[@]}" fans set FAN1=40,FAN2=60
check_eq "set, unchanged: exit 0" 0 "$RC"
check_eq "set, unchanged: read once, nothing written" \
	"fan-read-mode,fan-read-duty" "$(grep -v '^$' "$ORACLE" | paste -sd, -)"
run_rigctl "${R[@]}" fans set fan3=70
check_eq "set: other headers keep their mode and duty" "1 1 1 0 40 60 70 50" \
	"$(slot mode 0) $(slot mode 1) $(slot mode 2) $(slot mode 3) $(slot duty 0) $(slot duty 1) $(slot duty 2) $(slot duty 3)"
run_rigctl "${R[@]}" -o json sensors --type fan
check_eq "the tachs follow the duty" "2400 3600" \
	"$(j '[.rigs[0].sensors[] | .reading] | map(tostring) | join(" ")')"
# The BMC's own minimum clamps; rigctl reports it.
echo 30 >"$SIM_STATE/fan-min"
run_rigctl "${R[@]}" -o json fans set FAN2=25
check_eq "clamp: exit 0" 0 "$RC"
check_eq "clamp: asked 25, the BMC holds 30" "25 30 true" \
	"$(j '.rigs[0].fans.headers[1] | "\(.requested) \(.duty) \(.clamped)"')"
check_eq "clamp: in the BMC" 30 "$(slot duty 1)"
schema_ok "set"
run_rigctl "${R[@]}" fans set FAN2=25
check_has "clamp: said in the table" "$OUT" "the BMC clamped it"
rm -f "$SIM_STATE/fan-min"
before=$(nwrites)
run_rigctl "${R[@]}" fans set FAN1=10
check_eq "under the profile's minimum (20 %): usage" 2 "$RC"
check_has "under the floor: says so" "$ERR" "floor"
run_rigctl "${R[@]}" fans set FAN1=22 --min 25
check_eq "under --min: usage" 2 "$RC"
run_rigctl "${R[@]}" fans set FAN9=40
check_eq "unknown header: usage" 2 "$RC"
check_has "unknown header: named" "$ERR" "FAN9"
run_rigctl "${R[@]}" fans set FAN1=abc
check_eq "bad PCT: usage" 2 "$RC"
run_rigctl "${R[@]}" --dry-run fans set FAN1=80
check_eq "dry run: exit 0" 0 "$RC"
check_has "dry run: says what" "$OUT" "would set the fans FAN1=80"
run_rigctl "${R[@]}" --dry-run -o json fans auto
schema_ok "dry run"
check_eq "refused and dry runs sent nothing" "$before" "$(nwrites)"
run_rigctl "${R[@]}" fans set all=55
check_eq "set all: exit 0" 0 "$RC"
check_eq "set all: every header at 55, the rest as read" \
	"fan-duty 55 55 55 55 55 55 55 50 50 50 50 50 50 50 50 50" \
	"$(grep '^fan-duty' "$ORACLE" | tail -n 1)"

# --- prometheus, and the textfile's name through an inventory
run_rigctl "${R[@]}" -o prometheus fans
check_has "prometheus: duty ratio" "$OUT" "rigctl_fan_duty_ratio{rig=\"$SIM_HOST\",header=\"FAN1\"} 0.55"
check_has "prometheus: mode" "$OUT" "rigctl_fan_mode{rig=\"$SIM_HOST\",header=\"FAN4\"} 1"
if command -v promtool >/dev/null 2>&1; then
	if promtool check metrics <<<"$OUT" >"$T/promtool" 2>&1; then
		echo "ok: promtool accepts fans' metrics"
	else
		fail "promtool: $(cat "$T/promtool")"
	fi
fi
cat >"$T/rigs.conf" <<EOF
[rig01]
bmc = $SIM_HOST
bmc_user = admin
bmc_password_file = $PW
bmc_workarounds = opensesspriv
bmc_fan_profile = asrock-ast2500
fan_min = 30
fan_headers = FAN1, FAN2
EOF
mkdir -p "$T/tf"
run_rigctl -c "$T/rigs.conf" -r all --cache-dir "$T/cache" --state-dir "$T/state" \
	-o prometheus --textfile "$T/tf" fans
check_eq "textfile: exit 0" 0 "$RC"
check_eq "textfile: rigctl-fans.prom" "rigctl-fans.prom" "$(ls "$T/tf")"
check_has "textfile: the inventory's profile was used" "$(cat "$T/tf/rigctl-fans.prom")" \
	'rigctl_fan_mode{rig="rig01",header="FAN1"} 1'
run_rigctl -c "$T/rigs.conf" -r rig01 -o json rigs
check_eq "rigs shows the fan settings" "asrock-ast2500 30 FAN1, FAN2" \
	"$(j '.rigs[0].rigs | "\(.fan_profile) \(.fan_min) \(.fan_headers)"')"

for bad in "bmc_fan_profile = asrock-ast2600" "fan_curve = 60:30,40:50" "fan_min = 101" \
	"fan_interval = 0s" "fan_hysteresis = -1" "fan_headers = FAN1;FAN2"; do
	printf '[rig01]\nbmc = %s\n%s\n' "$SIM_HOST" "$bad" >"$T/bad.conf"
	run_rigctl -c "$T/bad.conf" -r rig01 fans
	check_eq "inventory '$bad': exit 2" 2 "$RC"
	check_has "inventory '$bad': names the key" "$ERR" "${bad%% *}"
done

# --- check
run_rigctl "${R[@]}" fans check
check_eq "check: manual with no controller is WARNING" 1 "$RC"
check_has "check: says why" "$OUT" "FAN1: manual at 55 % with no controller running"
run_rigctl "${R[@]}" -o nagios fans check
check_match "check: nagios line" "^RIGCTL FANS WARNING - .*\| '$SIM_HOST/FAN1 duty'=55%;;;0;100" "$OUT"
run_rigctl "${R[@]}" -o prometheus fans check
check_has "check: prometheus state" "$OUT" "rigctl_check_state{rig=\"$SIM_HOST\",check=\"fans\"} 1"
run_rigctl "${R[@]}" -o json fans check
schema_ok "check"
# Under the inventory's floor of 30 %: critical.
run_rigctl "${R[@]}" fans set FAN2=25
run_rigctl -c "$T/rigs.conf" -r rig01 --state-dir "$T/state" --cache-dir "$T/cache" fans check
check_eq "check: a duty under the floor is CRITICAL" 2 "$RC"
check_has "check: the floor named" "$OUT" "FAN2: duty 25 % is under the floor of 30 %"
# A tach that does not move with its duty.
sim_cmd "sensor_set_value 0x20 0 0x10 0 0" >/dev/null
run_rigctl "${R[@]}" fans check
check_has "check: a stalled tach" "$OUT" "FAN1: the tach reads 0 RPM at 55 % duty"

# --- follow on the BMC's sensors alone (fans-follow.sh has the GPUs)
run_rigctl "${R[@]}" fans follow --once
check_eq "follow without SSH nor --sensors: exit 5" 5 "$RC"
check_has "follow without SSH: says what it needs" "$ERR" "--sensors"
# BMC temperature sensors alone: CPU Temp is 45 C, 30 + 70 * 5 / 40 = 38.75.
run_rigctl "${R[@]}" fans follow --once --sensors 'CPU*' --curve 40:30,80:100 --headers FAN5
check_eq "follow --sensors --once: exit 0" 0 "$RC"
check_eq "follow --sensors --once: FAN5 manual at 39 %" "1 39" "$(slot mode 4) $(slot duty 4)"

# --- auto: named headers, then all
run_rigctl "${R[@]}" fans auto FAN1
check_eq "auto FAN1: exit 0" 0 "$RC"
check_eq "auto FAN1: only slot 0 back to auto" "0 1 1" "$(slot mode 0) $(slot mode 1) $(slot mode 2)"
check_eq "auto keeps the duty" 55 "$(slot duty 0)"
run_rigctl "${R[@]}" fans auto
check_eq "auto: exit 0" 0 "$RC"
check_eq "auto: every slot auto" "fan-mode 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0" \
	"$(grep '^fan-mode' "$ORACLE" | tail -n 1)"
run_rigctl "${R[@]}" fans check
check_eq "check: all auto is OK" 0 "$RC"
check_eq "check: OK is silent" "" "$OUT"

# --- a garbled read is never turned into a write
before=$(nwrites)
touch "$SIM_STATE/fan-garble"
run_rigctl "${R[@]}" fans set FAN1=60
check_eq "garbled read: exit 1" 1 "$RC"
check_has "garbled read: says why" "$ERR" "15 bytes"
check_eq "garbled read: nothing written" "$before" "$(nwrites)"
rm -f "$SIM_STATE/fan-garble"

# --- below admin: exit 4, nothing written.  (ipmi_sim 2.0.33 grants an
# operator account an admin session when asked, so only -L shows it.)
run_rigctl -U admin -f "$PW" -L operator "${BASE[@]}" --fan-profile asrock-ast2500 fans set FAN1=60
check_eq "-L operator: exit 4" 4 "$RC"
check_has "-L operator: the privilege message" "$ERR" "refused it at this privilege"
check_eq "below admin: nothing written" "$before" "$(nwrites)"

# --- 0x3a 0xdc: never sent; the counter itself works
run_rigctl "${R[@]}" raw 0x3a 0xdc
check_eq "raw 0x3a 0xdc refused" 2 "$RC"
check_eq "no 0xdc reached the BMC" 0 "$(resets)"
ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$SIM_PORT" -U admin -P adminpw raw 0x3a 0xdc >/dev/null
check_eq "the simulator counts a 0xdc (sent by ipmitool)" 1 "$(resets)"

# --- a BMC of another vendor (Intel, 343): refused before any fan command
sim_stop
mkdir -p "$T/simsrc"
cp "$top_srcdir/tests/sim/lan.conf.in" "$top_srcdir/tests/sim/chassis-control" "$T/simsrc/"
sed 's/ 0xc1d6 0x0b0d$/ 0x000157 0x0b0d/' "$top_srcdir/tests/sim/rig.emu" >"$T/simsrc/rig.emu"
: >"$ORACLE"
SIM_SRCDIR=$T/simsrc sim_start "$T/sim2" || { echo "no second simulator" >&2; exit 99; }
BASE=(-H "$SIM_HOST" "${BMC_OPTS[@]}" --cache-dir "$T/cache2" --state-dir "$T/state")
run_rigctl -U admin -f "$PW" "${BASE[@]}" --fan-profile asrock-ast2500 fans set FAN1=60
check_eq "another vendor: exit 5" 5 "$RC"
check_has "another vendor: says why" "$ERR" "manufacturer ID is 343, not 49622"
check_eq "another vendor: no fan command at all" "" "$(paste -sd, "$ORACLE")"

finish

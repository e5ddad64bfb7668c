#!/bin/bash
# Power restore policy, BMC reset and a full chassis status against the
# simulator with tests/sim/rigmod.so loaded (ipmi_sim 2.0.33 lacks the
# first two and reports only the power bit): what reached the BMC is read
# from the module's oracle file, the chassis status is compared with
# ipmitool's for bit patterns the module serves.  The plain simulator's
# refusal (exit 5) is in bmc-mgmt.sh.
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
OPW=$(pwfile operator.pw operatorpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}")
RO=(-H "$SIM_HOST" -U operator -f "$OPW" "${BMC_OPTS[@]}")
I=(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$SIM_PORT" -U admin -P adminpw)
# The oracle's lines other than the chassis status reads.
sent() { grep -v '^chassis-status$' "$ORACLE" | paste -sd, -; }

# --- power policy
run_rigctl "${R[@]}" power policy
check_eq "policy starts always-off" "$SIM_HOST: power restore policy always-off" "$OUT"
run_rigctl "${R[@]}" --dry-run power policy always-on
check_eq "dry run exit" 0 "$RC"
check_eq "dry run sent nothing" "" "$(sent)"
run_rigctl "${RO[@]}" power policy always-on
check_eq "policy set as operator (least privilege)" 0 "$RC"
check_eq "the BMC got always-on (2)" "policy 2" "$(sent)"
check_match "ipmitool sees it" "Power Restore Policy : always-on" "$("${I[@]}" chassis status)"
run_rigctl "${R[@]}" -o json power policy
check_eq "read back JSON" "always-on false" \
	"$(jq -r '.rigs[0].power | "\(.policy) \(.changed)"' <<<"$OUT")"
run_rigctl "${R[@]}" -o json power policy previous
check_eq "set previous JSON" "previous true" \
	"$(jq -r '.rigs[0].power | "\(.policy) \(.changed)"' <<<"$OUT")"
check_eq "the BMC got previous (1)" "policy 2,policy 1" "$(sent)"
run_rigctl "${R[@]}" -L user power policy always-off
check_eq "policy at -L user: exit 4" 4 "$RC"
check_eq "nothing reached the BMC at user" "policy 2,policy 1" "$(sent)"
: >"$ORACLE"

# --- bmc reset: admin, --wait, --dry-run.
run_rigctl "${R[@]}" --dry-run bmc reset cold
check_has "reset --dry-run" "$OUT" "would cold-reset the BMC"
check_eq "dry run sent nothing" "" "$(sent)"
run_rigctl "${RO[@]}" -L operator bmc reset warm
check_eq "reset as operator: exit 4" 4 "$RC"
check_eq "nothing reached the BMC below admin" "" "$(sent)"
run_rigctl "${R[@]}" bmc reset warm
check_eq "warm reset exit" 0 "$RC"
check_eq "warm reset text" "$SIM_HOST: BMC warm reset sent" "$OUT"
run_rigctl "${R[@]}" -o json bmc reset cold --wait=10
check_eq "cold reset --wait JSON" "cold true" \
	"$(jq -r '.rigs[0].bmc | "\(.reset) \(.waited)"' <<<"$OUT")"
check_eq "the BMC got both resets" "warm-reset,cold-reset" "$(sent)"
run_rigctl "${R[@]}" bmc reset hot
check_eq "reset hot: usage" 2 "$RC"
run_rigctl "${R[@]}" bmc time --wait
check_eq "--wait only for reset: usage" 2 "$RC"

# --- chassis status, every byte, against ipmitool.
for pattern in "00 00 00" "1e 1f 0f" "02 01 01" "14 10 48" "08 04 02 0f"; do
	echo "$pattern" >"$SIM_STATE/status"
	"${I[@]}" chassis status >"$T/ichassis"
	run_rigctl "${R[@]}" chassis status
	check_eq "chassis status [$pattern] exit" 0 "$RC"
	while IFS= read -r line; do
		case $line in *Button*) continue ;; esac
		line=${line%"${line##*[! ]}"} # ipmitool leaves a blank after words
		check_has "[$pattern] '${line%% *:*}'" "$OUT" "  $line"
	done <"$T/ichassis"
done
echo "1e 1f 6f" >"$SIM_STATE/status"
run_rigctl "${R[@]}" -o json chassis status
check_eq "chassis JSON, all set" \
	'on true true true true true true true true ["ac-failed","overload","interlock","fault","command"] on' \
	"$(jq -r '.rigs[0].chassis | "\(.power) \(.power_overload) \(.power_interlock) \(.power_fault) \(.power_control_fault) \(.intrusion) \(.front_panel_lockout) \(.drive_fault) \(.cooling_fault) \(.last_power_event | tojson) \(.identify)"' <<<"$OUT")"
run_rigctl "${R[@]}" -o csv chassis status
check_eq "chassis csv" "$SIM_HOST,on,previous,ac-failed overload interlock fault command,yes,yes,yes,yes,yes,yes,yes,yes,on" \
	"$(tail -n 1 <<<"$OUT")"

finish

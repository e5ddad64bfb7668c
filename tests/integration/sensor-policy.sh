#!/bin/bash
# User thresholds and exclusions against ipmi_sim: --exclude and the
# inventory's exclude_sensors drop sensors from sensors and check;
# --threshold and the inventory's threshold replace thresholds in table,
# JSON (marked "user") and Prometheus, and the state follows them, so a
# known-bad fan no longer makes every check CRITICAL; bad syntax is a usage
# error (2, and 3 for check).  Also: IPMI sensor types of their own
# (power-supply, physical-security, memory) in JSON, table and --type, and
# the table's DETAIL header.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim

export RIGCTL_PASSWORD=adminpw
RIG=(-H "$SIM_HOST" -U admin "${BMC_OPTS[@]}" --cache-dir "$T/cache"
     --state-dir "$T/state")
sj() { # sensors JSON of one sensor: NAME JQ-EXPR
	printf '%s\n' "$OUT" | jq -r --arg n "$1" ".rigs[0].sensors[] | select(.name == \$n) | $2"
}

# ---- types: the simulator's PSU, intrusion and DIMM sensors
run_rigctl -o json "${RIG[@]}" sensors
check_eq "sensors exit" 0 "$RC"
check_eq "PSU1 Status is power-supply" "power-supply" "$(sj "PSU1 Status" .type)"
check_eq "Intrusion is physical-security" "physical-security" "$(sj Intrusion .type)"
check_eq "DIMM ECC is memory" "memory" "$(sj "DIMM ECC" .type)"
check_eq "nothing is other" "" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors[] | select(.type == "other") | .name')"
run_rigctl -o json "${RIG[@]}" sensors --type power-supply,physical-security
check_eq "--type power-supply,physical-security" "Intrusion,PSU1 Status" \
	"$(printf '%s\n' "$OUT" | jq -r '[.rigs[0].sensors[].name] | sort | join(",")')"
run_rigctl "${RIG[@]}" sensors --type memory
check_match "table: memory type" "^DIMM ECC +memory " "$(grep '^DIMM' <<<"$OUT")"
check_match "table: DETAIL header" "^NAME +TYPE +READING +STATE +DETAIL$" "$(head -n 1 <<<"$OUT")"

# ---- a fan that reads below its critical threshold (FAN1 400 RPM < LC 500)
sim_cmd "sensor_set_value 0x20 0 0x10 4 0" >/dev/null || fail "sim: FAN1"
run_rigctl -o json "${RIG[@]}" sensors
check_eq "FAN1 low: critical" "critical" "$(sj FAN1 .state)"
run_rigctl "${RIG[@]}" check
check_eq "check with the bad fan: CRITICAL" 2 "$RC"

# --threshold: the fan's own limits, below its reading
run_rigctl -o json "${RIG[@]}" sensors --threshold 'fan1:lcr=200,lnc=300' \
	--threshold 'FAN1:lnr=100'
check_eq "--threshold: exit" 0 "$RC"
check_eq "--threshold: state from the user's thresholds" ok "$(sj FAN1 .state)"
check_eq "--threshold: values" "100 200 300" "$(sj FAN1 '"\(.thresholds.lnr) \(.thresholds.lcr) \(.thresholds.lnc)"')"
check_eq "--threshold: marked user" "user user user" \
	"$(sj FAN1 '"\(.threshold_sources.lnr) \(.threshold_sources.lcr) \(.threshold_sources.lnc)"')"
check_eq "FAN2 keeps its SDR thresholds" "rig" "$(sj FAN2 .threshold_sources.lcr)"
run_rigctl "${RIG[@]}" sensors --thresholds --threshold 'FAN1:lcr=200,lnc=300'
check_match "table shows the user's lcr and lnc" \
	"^FAN1 +fan +400.00 RPM +ok +300.00 +200.00 +300.00 " "$(grep '^FAN1' <<<"$OUT")"
run_rigctl -o prometheus "${RIG[@]}" sensors --threshold 'FAN1:lcr=200,lnc=300'
check_match "prometheus carries the user's lcr" '} 200$' \
	"$(grep '^rigctl_sensor_threshold.*name="FAN1".*threshold="lcr"' <<<"$OUT")"
check_match "prometheus: FAN1 state ok" '} 0$' \
	"$(grep '^rigctl_sensor_state.*name="FAN1"' <<<"$OUT")"
# A user threshold can also make a sensor worse: CPU Temp 45 C over unc 40.
run_rigctl -o json "${RIG[@]}" sensors --threshold 'CPU Temp:unc=40'
check_eq "user unc below the reading: warning" warning "$(sj "CPU Temp" .state)"

# check: the known-bad fan no longer pages
run_rigctl "${RIG[@]}" check --threshold 'FAN1:lcr=200,lnc=300'
check_eq "check with the fan's own limits: OK" 0 "$RC"
run_rigctl -o json "${RIG[@]}" check --threshold 'FAN1:lcr=200,lnc=300' --threshold 'CPU Temp:unc=40'
check_eq "check: user threshold makes CPU Temp warn" 1 "$RC"
check_eq "check JSON: state" warning "$(printf '%s\n' "$OUT" | jq -r '.rigs[0].check.state')"
check_eq "check JSON: the problem is CPU Temp" "CPU Temp" \
	"$(printf '%s\n' "$OUT" | jq -r '[.rigs[0].check.problems[] | select(.kind == "sensor") | .sensor.name] | join(",")')"
run_rigctl "${RIG[@]}" check --exclude 'fan*'
check_eq "check --exclude fan*: OK" 0 "$RC"
run_rigctl -o json "${RIG[@]}" check --exclude 'fan*,psu*'
check_eq "check JSON: excluded sensors absent" "" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].check.sensors[] | select(.name | test("^(FAN|PSU)")) | .name')"
run_rigctl -o json "${RIG[@]}" sensors --exclude 'FAN*, *temp'
check_eq "sensors --exclude: dropped" "" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors[] | select(.name | test("^FAN|Temp$")) | .name')"
check_match "sensors --exclude: the rest stays" "12V" \
	"$(printf '%s\n' "$OUT" | jq -r '[.rigs[0].sensors[].name] | join(",")')"

# ---- the inventory: exclude_sensors, threshold (repeated)
cat >"$T/rigs.conf" <<EOF
[sim]
bmc = $SIM_HOST
bmc_user = admin
bmc_workarounds = opensesspriv
exclude_sensors = PSU*, Intrusion
threshold = FAN1:lcr=200
threshold = fan1:lnc=300
EOF
INV=(-c "$T/rigs.conf" -r sim --cache-dir "$T/cache" --state-dir "$T/state")
run_rigctl -o json "${INV[@]}" sensors
check_eq "inventory: exit" 0 "$RC"
check_eq "inventory: excluded" "" "$(sj "PSU1 Status" .name)$(sj Intrusion .name)"
check_eq "inventory: thresholds" "200 300 user" \
	"$(sj FAN1 '"\(.thresholds.lcr) \(.thresholds.lnc) \(.threshold_sources.lcr)"')"
check_eq "inventory: FAN1 ok" ok "$(sj FAN1 .state)"
run_rigctl "${INV[@]}" check
check_eq "inventory: check OK" 0 "$RC"
# The command line comes after the inventory: the last match wins.
run_rigctl -o json "${INV[@]}" sensors --threshold 'FAN1:lcr=450'
check_eq "command line after the inventory" "450 critical" "$(sj FAN1 '"\(.thresholds.lcr) \(.state)"')"

# ---- bad syntax: usage errors
for bad in 'FAN1' 'FAN1:xyz=3' 'FAN1:lcr=abc' ':lcr=3' 'FAN1:lcr'; do
	run_rigctl "${RIG[@]}" sensors --threshold "$bad"
	check_eq "sensors --threshold '$bad': exit 2" 2 "$RC"
	run_rigctl "${RIG[@]}" check --threshold "$bad"
	check_eq "check --threshold '$bad': exit 3" 3 "$RC"
done
run_rigctl "${RIG[@]}" sensors --exclude 'FAN1,,x'
check_eq "--exclude with an empty pattern: exit 2" 2 "$RC"
printf '[sim]\nbmc = %s\nthreshold = FAN1:bogus=1\n' "$SIM_HOST" >"$T/bad.conf"
run_rigctl -c "$T/bad.conf" -r sim sensors
check_eq "inventory: bad threshold is a usage error" 2 "$RC"
check_match "inventory: says where" "bad.conf:3:.*threshold" "$ERR"
finish

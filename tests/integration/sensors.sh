#!/bin/bash
# rigctl sensors against ipmi_sim: readings, states, thresholds and state
# texts agree with FreeIPMI's own ipmi-sensors on the same simulator, before
# and after the test pushes readings past thresholds; filters; JSON shape;
# Prometheus text; thresholds from the SDR by default and live with
# --thresholds after a threshold changes at run time.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd ipmi-sensors jq
start_sim

export RIGCTL_PASSWORD=adminpw
RIG=(-H "$SIM_HOST" -U admin "${BMC_OPTS[@]}" --cache-dir "$T/cache")
mkdir -p "$T/fcache"

# One line per sensor, tab-separated: id name state reading unit lnr lcr lnc
# unc ucr unr event.  "N/A" where there is nothing; the unit only with a
# reading (ipmi-sensors prints it for an unreadable sensor too).  Arguments
# go to rigctl sensors.
ours() {
	run_rigctl -o json "${RIG[@]}" sensors "$@"
	[ "$RC" = 0 ] || fail "rigctl sensors exited $RC: $ERR"
	printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors[] |
		[.record_id, .name, .state, (.reading // "N/A"),
		 (if .reading == null then "N/A" else (.unit // "N/A") end),
		 (.thresholds | (.lnr // "N/A"), (.lcr // "N/A"), (.lnc // "N/A"),
		  (.unc // "N/A"), (.ucr // "N/A"), (.unr // "N/A")),
		 (.state_text // "N/A")] | @tsv'
}

theirs() {
	ipmi-sensors -h "$SIM_HOST" -u admin -p adminpw -W opensesspriv \
		--sdr-cache-directory="$T/fcache" --quiet-cache \
		--output-sensor-state --output-sensor-thresholds \
		--comma-separated-output --no-header-output |
	awk -F, -v OFS='\t' '{
		st = "unknown"
		if ($4 == "Nominal") st = "ok"
		if ($4 == "Warning") st = "warning"
		if ($4 == "Critical") st = "critical"
		ev = $13
		gsub(/'\''/, "", ev)
		if (ev == "OK") ev = "N/A"
		unit = $5 == "N/A" ? "N/A" : $6
		print $1, $2, st, $5, unit, $7, $8, $9, $10, $11, $12, ev
	}'
}

# compare WHAT [SENSORS-ARGS...]: every field equal, numbers to 0.005
# (ipmi-sensors prints two decimals).  ipmi-sensors asks the BMC for the
# thresholds (Get Sensor Thresholds): rigctl without --thresholds takes the
# SDR's, the same until a threshold changes at run time.
compare() {
	ours "${@:2}" > "$T/ours.tsv"
	theirs > "$T/theirs.tsv"
	local n_ours n_theirs diffs
	n_ours=$(wc -l < "$T/ours.tsv")
	n_theirs=$(wc -l < "$T/theirs.tsv")
	check_eq "$1: sensor count as ipmi-sensors" "$n_theirs" "$n_ours"
	[ "$n_ours" -gt 0 ] && [ "$n_theirs" -gt 0 ] || fail "$1: no sensors at all"
	diffs=$(awk -F'\t' '
		FILENAME == ARGV[1] { t[$1] = $0; next }
		{
			seen[$1] = 1
			if (!($1 in t)) { print "record " $1 " only in rigctl"; next }
			n = split(t[$1], a, "\t")
			for (i = 1; i <= n; i++) {
				x = a[i]; y = $i
				if (x ~ /^-?[0-9.]+$/ && y ~ /^-?[0-9.]+$/) {
					d = x - y; if (d < 0) d = -d
					if (d > 0.005) print "record " $1 " field " i ": ipmi-sensors " x ", rigctl " y
				} else if (x != y) {
					print "record " $1 " field " i ": ipmi-sensors \"" x "\", rigctl \"" y "\""
				}
			}
		}
		END { for (k in t) if (!(k in seen)) print "record " k " missing in rigctl" }' \
		"$T/theirs.tsv" "$T/ours.tsv")
	if [ -n "$diffs" ]; then
		fail "$1: rigctl and ipmi-sensors disagree:"
		printf '  %s\n' "$diffs" >&2
	else
		echo "ok: $1: every field agrees with ipmi-sensors"
	fi
}

field() { # NAME JQ-FILTER: a field of the named sensor from the last run
	printf '%s\n' "$OUT" | jq -r --arg n "$1" ".rigs[0].sensors[] | select(.name == \$n) | $2"
}

# ------------------------------------------------------------ all nominal
compare "nominal"
run_rigctl -o json "${RIG[@]}" sensors
check_eq "CPU Temp reading" "45" "$(field 'CPU Temp' .reading)"
check_eq "CPU Temp unit" "C" "$(field 'CPU Temp' .unit)"
check_eq "CPU Temp type" "temperature" "$(field 'CPU Temp' .type)"
check_eq "CPU Temp ucr" "95" "$(field 'CPU Temp' .thresholds.ucr)"
check_eq "CPU Temp has no lower thresholds" "unc,ucr,unr" \
	"$(field 'CPU Temp' '.thresholds | keys_unsorted | join(",")')"
check_eq "12V reading" "12.06" "$(field '12V' .reading)"
check_eq "12V thresholds" "10.2 10.8 11.4 12.6 13.2 13.8" \
	"$(field '12V' '[.thresholds | .lnr, .lcr, .lnc, .unc, .ucr, .unr] | map(tostring) | join(" ")')"
check_eq "FAN1 unit" "RPM" "$(field FAN1 .unit)"
check_eq "PSU state text" "Presence detected" "$(field 'PSU1 Status' .state_text)"
check_eq "PSU has no numeric reading" "null" "$(field 'PSU1 Status' .reading)"

# ------------------------------------------------------------ JSON shape
check_eq "envelope" "rigctl/1 true 0" \
	"$(printf '%s\n' "$OUT" | jq -r '"\(.schema) \(.rigs[0].ok) \(.rigs[0].errors | length)"')"
missing=$(printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors[] | . as $s |
	["name","type","reading","unit","state","source","record_id",
	 "sensor_number","ipmi_type","entity","thresholds","state_text","reason"][]
	| . as $k | select(($s | has($k)) | not)')
check_eq "every sensor has every field" "" "$missing"
check_eq "types and sources" "bmc" \
	"$(printf '%s\n' "$OUT" | jq -r '[.rigs[0].sensors[].source] | unique | join(",")')"
check_eq "a null reading always has a reason" "" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors[] | select(.reading == null and (.reason | type) != "string") | .name')"
check_eq "a reading has no reason" "" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors[] | select(.reading != null and .reason != null) | .name')"

# ------------------------------------------------------------ filters
names() { printf '%s\n' "$OUT" | jq -r '[.rigs[0].sensors[].name] | join(",")'; }
run_rigctl -o json "${RIG[@]}" sensors --type fan
check_eq "--type fan" "FAN1,FAN2" "$(names)"
run_rigctl -o json "${RIG[@]}" sensors --type fan,voltage
check_eq "--type fan,voltage" "FAN1,FAN2,12V,5V,3.3V" "$(names)"
run_rigctl -o json "${RIG[@]}" sensors --name 'cpu*'
check_eq "--name is a case-insensitive glob" "CPU Temp" "$(names)"
run_rigctl -o json "${RIG[@]}" sensors --name '*Temp' --type fan
check_eq "--name and --type together" "" "$(names)"
run_rigctl -o json "${RIG[@]}" sensors --problems
check_eq "--problems when all is well" "" "$(names)"
run_rigctl "${RIG[@]}" sensors --type fans
check_eq "--type with an unknown type is a usage error" 2 "$RC"
check_match "names the bad type" "'fans'" "$ERR"
run_rigctl "${RIG[@]}" sensors extra
check_eq "a stray argument is a usage error" 2 "$RC"
run_rigctl -o nagios "${RIG[@]}" sensors
check_eq "-o nagios is not for sensors" 2 "$RC"

# ------------------------------------------------------------ table
run_rigctl "${RIG[@]}" sensors --thresholds
check_eq "table exit code" 0 "$RC"
check_match "table header" "^NAME +TYPE +READING +STATE +LNR +LCR +LNC +UNC +UCR +UNR" "$OUT"
check_match "table row with unit and thresholds" \
	$'\n''12V +voltage +12\.06 V +ok +10\.20 +10\.80 +11\.40 +12\.60 +13\.20 +13\.80' "$OUT"
check_match "discrete state text in the table" "PSU1 Status .*Presence detected" "$OUT"

# ------------------------------------------------------------ trouble
# FAN1 to 400 RPM: below its lower critical threshold (500).  CPU Temp to
# 88 C: above upper non-critical (85).  FAN2: scanning disabled, so it has
# no reading at all.
sim_cmd "sensor_set_value 0x20 0 0x10 0x04 1" >/dev/null || fail "sim: FAN1"
sim_cmd "sensor_set_value 0x20 0 0x01 0x58 1" >/dev/null || fail "sim: CPU Temp"
sim_cmd "sensor_set_event_support 0x20 0 0x11 enable no-scanning per-state 000000000010101 000000000010101 000000000010101 000000000010101" \
	>/dev/null || fail "sim: FAN2 scanning"
compare "after pushing readings"
run_rigctl -o json "${RIG[@]}" sensors
check_eq "FAN1 critical" "critical 400" "$(field FAN1 '"\(.state) \(.reading)"')"
check_eq "FAN1 says why" "At or Below (<=) Lower Critical Threshold" \
	"$(field FAN1 .state_text)"
check_eq "CPU Temp over unc" "88" "$(field 'CPU Temp' .reading)"
check_eq "FAN2 without scanning: no reading, never 0" "null unknown" \
	"$(field FAN2 '"\(.reading) \(.state)"')"
check_match "FAN2 reason" "scanning disabled" "$(field FAN2 .reason)"
check_eq "FAN2 keeps its thresholds" "300" "$(field FAN2 .thresholds.lnr)"
run_rigctl -o json "${RIG[@]}" sensors --problems
problems=$(printf '%s\n' "$OUT" | jq -r '[.rigs[0].sensors[] | "\(.name)=\(.state)"] | join(",")')
check_match "--problems lists FAN1 critical" "(^|,)FAN1=critical(,|$)" "$problems"
check_eq "--problems lists only warning and critical" "" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors[] | select(.state != "warning" and .state != "critical") | .name')"
check_eq "a critical sensor is not a failure of the command" 0 "$RC"
run_rigctl "${RIG[@]}" sensors --type fan
check_match "table shows n/a and the reason" "FAN2 +fan +n/a +unknown +sensor scanning disabled" "$OUT"

# ------------------------------------------------------------ prometheus
run_rigctl -o prometheus "${RIG[@]}" sensors
check_eq "prometheus exit code" 0 "$RC"
check_match "value series, a family per unit" \
	"rigctl_fan_speed_rpm\\{rig=\"$SIM_HOST\",name=\"FAN1\",source=\"bmc\",id=\"[0-9]+\"\\} 400" "$OUT"
check_match "state series" \
	"rigctl_sensor_state\\{rig=\"$SIM_HOST\",name=\"FAN1\",[^}]*\\} 2" "$OUT"
check_match "threshold series" \
	"rigctl_sensor_threshold_volts\\{[^}]*name=\"12V\"[^}]*threshold=\"ucr\"\\} 13.2" "$OUT"
check_match "HELP and TYPE" "# TYPE rigctl_fan_speed_rpm gauge" "$OUT"
if printf '%s\n' "$OUT" | grep -q 'rigctl_fan_speed_rpm{[^}]*name="FAN2"'; then
	fail "a sensor without reading must have no value sample"
else
	echo "ok: no value sample for FAN2"
fi
check_match "unknown state is 3" "rigctl_sensor_state\\{[^}]*name=\"FAN2\"[^}]*\\} 3" "$OUT"
check_match "path_up" "rigctl_path_up\\{rig=\"$SIM_HOST\",path=\"bmc\"\\} 1" "$OUT"

# ------------------------------------------------------------ live thresholds
# CPU Temp (88 C since above) gets upper thresholds 70/80/100 at run time
# instead of 85/95/100; its SDR record keeps the old ones.  By default the
# thresholds come from the SDR (no Get Sensor Thresholds), --thresholds asks
# the BMC; the state follows the BMC's own comparison either way.
sim_cmd "sensor_set_threshold 0x20 0 0x01 settable 111000 0x64 0x50 0x46 0x00 0x00 0x00" \
	>/dev/null || fail "sim: CPU Temp thresholds"
# ipmi_sim compares a reading with the thresholds when the value is set.
sim_cmd "sensor_set_value 0x20 0 0x01 0x58 1" >/dev/null || fail "sim: CPU Temp"
upper='[.thresholds | .unc, .ucr, .unr] | map(tostring) | join(" ")'
run_rigctl -o json "${RIG[@]}" sensors
check_eq "default: the SDR's thresholds" "85 95 100" "$(field 'CPU Temp' "$upper")"
check_eq "default: state from the BMC's live comparison (88 < SDR ucr 95)" \
	"critical 88 At or Above (>=) Upper Critical Threshold" \
	"$(field 'CPU Temp' '"\(.state) \(.reading) \(.state_text)"')"
check_eq "default: other sensors keep their SDR thresholds" "10.2 13.8" \
	"$(field '12V' '"\(.thresholds.lnr) \(.thresholds.unr)"')"
run_rigctl -o json "${RIG[@]}" sensors --thresholds
check_eq "--thresholds: the BMC's live thresholds" "70 80 100" "$(field 'CPU Temp' "$upper")"
check_eq "--thresholds: same state" "critical" "$(field 'CPU Temp' .state)"
check_eq "--thresholds: unchanged sensors as in the SDR" "10.2 13.8" \
	"$(field '12V' '"\(.thresholds.lnr) \(.thresholds.unr)"')"
check_eq "--thresholds: no lower thresholds appear" "unc,ucr,unr" \
	"$(field 'CPU Temp' '.thresholds | keys_unsorted | join(",")')"
compare "live thresholds" --thresholds
run_rigctl "${RIG[@]}" sensors --thresholds --name 'CPU*'
check_match "table shows the live thresholds" \
	$'\n''CPU Temp +temperature +88\.00 C +critical +- +- +- +70\.00 +80\.00 +100\.00' "$OUT"

# ------------------------------------------------------------ failures
# Wrong password: no data, exit 4; a dead BMC: exit 3, within the timeout.
RIGCTL_PASSWORD=wrong run_rigctl -o json "${RIG[@]}" sensors
check_eq "wrong password exits 4" 4 "$RC"
check_eq "no sensors after a refused login" "null" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].sensors')"
dead=127.0.0.1:$(sim_freeport udp)
run_rigctl --timeout 700 -H "$dead" -U admin "${BMC_OPTS[@]}" --cache-dir "$T/cache" sensors
check_eq "silent BMC exits 3" 3 "$RC"
finish

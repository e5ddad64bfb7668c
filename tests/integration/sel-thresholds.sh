#!/bin/bash
# SEL threshold events carry their trigger reading and threshold, converted
# with the sensor's SDR factors, as ipmitool's sel elist and FreeIPMI's
# ipmi-sel print them for the same records on ipmi_sim: a fan going below
# its lower critical threshold, a temperature going above its upper one.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool ipmi-sel
start_sim
export HOME="$T/home" && mkdir -p "$HOME"	# ipmi-sel's own SDR cache
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$T/state"
   --cache-dir "$T/cache")
H="0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04"	# system event header
# FAN1 (M 100) lower critical going low: reading 4 (400 RPM), threshold 5
sel_add $H 0x04 0x10 0x01 0x52 0x04 0x05
# CPU Temp (M 1) upper critical going high, deasserted: back at 93 C,
# under 95 C
sel_add $H 0x01 0x01 0x81 0x59 0x5d 0x5f
# 12V (M 6, Rexp -2) lower non-critical going low: 11.34 V under 11.40 V
sel_add $H 0x02 0x20 0x01 0x50 0xbd 0xbe
# FAN2 lower critical without trigger values (event data 1 bits 7:4 = 0)
sel_add $H 0x04 0x11 0x01 0x02 0xff 0xff

run_rigctl -o json "${R[@]}" events list
check_eq "list exit" 0 "$RC"
d() { jq -r ".rigs[0].events.entries[$1].description" <<<"$OUT"; }
check_eq "fan: reading and threshold" \
	"Lower Critical - going low; Reading 400 < Threshold 500 RPM" "$(d 0)"
check_eq "temperature, deasserted" \
	"Upper Critical - going high; Reading 93 < Threshold 95 C (deasserted)" "$(d 1)"
check_eq "voltage: SDR factors with an exponent" \
	"Lower Non-critical - going low; Reading 11.34 < Threshold 11.4 V" "$(d 2)"
check_eq "no trigger values: no numbers" "Lower Critical - going low" "$(d 3)"

# ipmitool prints "Reading R < Threshold T UNIT" for the same records.
IT=$(ipmitool -I lanplus -C 3 -H "${SIM_HOST%:*}" -p "${SIM_HOST##*:}" -U admin \
	-P adminpw sel elist 2>/dev/null)
for i in 0 1 2; do
	want=$(sed -n "$((i + 1))p" <<<"$IT" | grep -oE 'Reading [0-9.]+ [<>] Threshold [0-9.]+' |
		awk '{ printf "Reading %g %s Threshold %g", $2, $3, $5 }')
	got=$(d $i | grep -oE 'Reading [0-9.]+ [<>] Threshold [0-9.]+')
	check_eq "record $((i + 1)) as ipmitool: $want" "$want" "$got"
done
# ipmi-sel prints the same values as "Sensor Reading = R UNIT ; Threshold = T UNIT".
FI=$(ipmi-sel -D LAN_2_0 -W opensesspriv -h "$SIM_HOST" -u admin -p adminpw \
	--no-header-output --comma-separated-output --output-event-state 2>/dev/null)
for i in 0 1 2; do
	want=$(sed -n "$((i + 1))p" <<<"$FI" |
		sed -nE 's/.*Sensor Reading = ([0-9.]+)[^;]*; Threshold = ([0-9.]+).*/\1 \2/p' |
		awk '{ printf "%g %g", $1, $2 }')
	got=$(d $i | sed -nE 's/.*Reading ([0-9.]+) [<>] Threshold ([0-9.]+).*/\1 \2/p')
	check_eq "record $((i + 1)) as ipmi-sel: $want" "$want" "$got"
done
finish

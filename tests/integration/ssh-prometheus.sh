#!/bin/bash
# Prometheus text of an SSH rig with GPUs: the base-unit families, the
# rigctl_gpu_* families with their labels, ratios in 0..1 (not percent),
# memory in bytes, rigctl_path_up per path; promtool accepts it.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq promtool
start_sshd
use_fixture rig-riser

run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
check_eq "sensors as JSON" 0 "$RC"
printf '%s\n' "$OUT" > "$T/s.json"
run_rigctl -o prometheus "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" sensors
check_eq "sensors as Prometheus" 0 "$RC"
printf '%s\n' "$OUT" > "$T/s.prom"
if promtool check metrics < "$T/s.prom" > "$T/why" 2>&1; then
	check_eq "promtool accepts it" 0 0
else
	fail "promtool: $(cat "$T/why")"
fi
check_eq "no series twice" "" "$(grep -v '^#' "$T/s.prom" | sed 's/ [^ ]*$//' | sort | uniq -d)"

# Each GPU reading against the JSON's, in its family and base unit.
gpu() { # SENSOR-NAME: the JSON reading
	jq -r --arg n "$1" '.rigs[0].sensors[] | select(.name == $n) | .reading' "$T/s.json"
}
sample() { # FAMILY GPU-INDEX
	sed -n "s/^$1{[^}]*gpu=\"$2\"[^}]*} //p" "$T/s.prom"
}
temp=$(gpu "GPU0 Temperature")
check_eq "GPU0 temperature in celsius" "$temp" "$(sample rigctl_gpu_temperature_celsius 0)"
fan=$(gpu "GPU0 Fan")
check_eq "GPU0 fan as a ratio" "$(awk -v v="$fan" 'BEGIN { printf "%.15g", v / 100 }')" \
	"$(sample rigctl_gpu_fan_ratio 0)"
mem=$(gpu "GPU0 Memory Used")
check_eq "GPU0 memory in bytes" "$(awk -v v="$mem" 'BEGIN { printf "%.15g", v * 1048576 }')" \
	"$(sample rigctl_gpu_memory_used_bytes 0)"
check_match "GPU labels: bus id and model" \
	'rigctl_gpu_temperature_celsius\{rig="[^"]+",gpu="0",bus_id="[0-9A-Fa-f:.]+",name="[^"]+"\}' \
	"$(cat "$T/s.prom")"
check_eq "no ratio above 1" "" \
	"$(awk '/^rigctl_gpu_(fan|utilization)_ratio/ && $NF > 1' "$T/s.prom")"
check_eq "GPU readings not in the generic families" "" \
	"$(grep -E '^rigctl_(sensor_value|temperature_celsius|power_watts)\{[^}]*name="GPU' "$T/s.prom")"
check_match "the GPU's state still in rigctl_sensor_state" \
	'rigctl_sensor_state\{[^}]*name="GPU0 Temperature"[^}]*type="gpu"\} [0-3]' "$(cat "$T/s.prom")"
check_match "hwmon temperatures in celsius" 'rigctl_temperature_celsius\{rig="[^"]+",name="[^"]+",source="ssh"' \
	"$(cat "$T/s.prom")"
check_match "the SSH path answered" 'rigctl_path_up\{rig="[^"]+",path="ssh"\} 1' "$(cat "$T/s.prom")"
finish

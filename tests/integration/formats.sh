#!/bin/bash
# Output formats: JSON of every command validated against the documented
# schema (tools/rigctl-json.schema.json) with python3-jsonschema;
# Prometheus text accepted by promtool (Debian's prometheus package);
# --textfile written atomically; colour only on a terminal, never with
# NO_COLOR.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq promtool script
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || skip_test "python3-jsonschema not installed"
start_sim
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" -W opensesspriv --cache-dir "$T/cache" --state-dir "$T/state")
schema=$top_srcdir/tools/rigctl-json.schema.json

valid() { # WHAT ARGS...: run with -o json, validate
	local what=$1
	shift
	run_rigctl -o json "$@"
	printf '%s' "$OUT" > "$T/doc.json"
	if /usr/bin/python3 -m jsonschema -i "$T/doc.json" "$schema" 2>"$T/why"; then
		printf 'ok: %s: JSON valid\n' "$what"
	else
		fail "$what: JSON does not match the schema: $(head -c 600 "$T/why")"
	fi
}

valid "power status" "${R[@]}" power status
valid "power on" "${R[@]}" power on
valid "info" "${R[@]}" info
valid "sensors" "${R[@]}" sensors
# Give the event log something: a correctable ECC error and a fan that
# falls below its thresholds (the simulator logs both).
sim_cmd "sensor_set_bit 0x20 0 0x40 0 1 1" >/dev/null
sim_cmd "sensor_set_value 0x20 0 0x10 4 1" >/dev/null
valid "events list" "${R[@]}" events list
check_eq "events listed" 3 "$(jq '.rigs[0].events.entries | length' "$T/doc.json")"
valid "events info" "${R[@]}" events info
valid "ecc status" "${R[@]}" ecc status
valid "check" "${R[@]}" check
check_eq "check is critical (fan)" critical "$(jq -r '.rigs[0].check.state' "$T/doc.json")"
valid "ecc check" "${R[@]}" ecc check
valid "events clear" "${R[@]}" events clear
valid "chassis status" "${R[@]}" chassis status
valid "power policy" "${R[@]}" power policy
valid "raw" "${R[@]}" raw 0x06 0x01
valid "raw failing" "${R[@]}" raw 0x06 0x99
valid "bmc time" "${R[@]}" bmc time
valid "unreachable rig" -H 127.0.0.1:$(sim_freeport udp) -U admin -f "$PW" --timeout 500 power status
check_eq "unreachable rig exits 3" 3 "$RC"

# The schema can fail: a document it must reject.
echo '{"schema":"rigctl/1","rigs":[{"rig":"x","ok":true,"errors":[],"power":{"state":"sideways"}}]}' > "$T/bad.json"
if /usr/bin/python3 -m jsonschema -i "$T/bad.json" "$schema" 2>/dev/null; then
	fail "the schema accepts a power state 'sideways'"
else
	echo "ok: the schema rejects a bad document"
fi

prom() { # WHAT ARGS...
	local what=$1
	shift
	run_rigctl -o prometheus "$@"
	if printf '%s\n' "$OUT" | promtool check metrics >"$T/why" 2>&1; then
		printf 'ok: %s: promtool accepts it\n' "$what"
	else
		fail "$what: promtool: $(cat "$T/why")"
	fi
	[ -n "$OUT" ] || fail "$what: no Prometheus output"
}
prom "power status" "${R[@]}" power status
prom "check" "${R[@]}" check
prom "ecc status" "${R[@]}" ecc status
prom "ecc check" "${R[@]}" ecc check
prom "sensors" "${R[@]}" sensors
check_match "sensor value sample" 'rigctl_temperature_celsius\{rig="[^"]+",name="CPU Temp"' "$OUT"

# --textfile: DIR/rigctl-COMMAND-SELECTION.prom (the ad-hoc target reduced
# to [A-Za-z0-9._-]), complete, no temporary left.
mkdir "$T/tf"
TF="rigctl-sensors-${SIM_HOST//:/_}.prom"
run_rigctl -o prometheus --textfile "$T/tf" "${R[@]}" sensors
check_eq "--textfile exit" 0 "$RC"
check_eq "nothing on stdout" "" "$OUT"
check_eq "one file, the final one" "$TF" "$(ls -A "$T/tf")"
promtool check metrics < "$T/tf/$TF" >/dev/null 2>&1 || fail "textfile rejected by promtool"
run_rigctl -o prometheus --textfile "$T/nonexistent/dir" "${R[@]}" sensors
check_eq "--textfile into a missing dir: a configuration error" 2 "$RC"

# Colour: on a terminal only, and never with NO_COLOR.
RIGCTL_PASSWORD=adminpw script -qec "'$RIGCTL' -H '$SIM_HOST' -U admin -W opensesspriv --cache-dir '$T/cache' sensors" /dev/null > "$T/tty"
check_match "colour on a terminal" $'\e\\[32mok' "$(cat "$T/tty")"
RIGCTL_PASSWORD=adminpw NO_COLOR=1 script -qec "'$RIGCTL' -H '$SIM_HOST' -U admin -W opensesspriv --cache-dir '$T/cache' sensors" /dev/null > "$T/tty"
grep -q $'\e\\[' "$T/tty" && fail "colour despite NO_COLOR"
run_rigctl "${R[@]}" sensors
[[ $OUT == *$'\e['* ]] && fail "colour in a pipe"
check_match "table has the sensors" "CPU Temp" "$OUT"
finish

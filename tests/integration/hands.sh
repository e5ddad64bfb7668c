#!/bin/bash
# Remote hands against the simulated BMC: boot flags set and read back
# (and seen by the simulator's chassis-control program), identify seen by
# it, the FRU inventory equal to tests/sim/rig.emu's FRU data, DCMI
# reported as unsupported (ipmi_sim has none), privilege and usage errors.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}")
state() { cat "$SIM_STATE/$1" 2>/dev/null; }
last_action() { tail -n 1 "$SIM_STATE/actions.log"; }

# --- boot: what reached the BMC, and what it reports back.  ipmi_sim
# keeps only the device (its names: bios, pxe, cdrom, "default" for the
# hard disk, "none" for no override) and reports the other flags as 0.
run_rigctl "${R[@]}" boot bios --once
check_eq "boot bios exit" 0 "$RC"
check_eq "boot bios text" "$SIM_HOST: boot device bios, next boot only, legacy BIOS" "$OUT"
check_eq "simulator got bios" bios "$(state boot)"
run_rigctl "${R[@]}" -o json boot status
check_eq "status exit" 0 "$RC"
check_eq "status device" bios "$(jq -r '.rigs[0].boot.device' <<<"$OUT")"
check_eq "status selector" 6 "$(jq -r '.rigs[0].boot.selector' <<<"$OUT")"
check_eq "status flags as reported" "false false false" \
	"$(jq -r '.rigs[0].boot | "\(.persistent) \(.efi) \(.valid)"' <<<"$OUT")"
for d in pxe:pxe cdrom:cdrom disk:default default:none; do
	run_rigctl "${R[@]}" boot "${d%%:*}" --persistent --efi
	check_eq "boot ${d%%:*} exit" 0 "$RC"
	check_eq "simulator got ${d#*:}" "${d#*:}" "$(state boot)"
	run_rigctl "${R[@]}" -o json boot status
	check_eq "read back ${d%%:*}" "${d%%:*}" "$(jq -r '.rigs[0].boot.device' <<<"$OUT")"
done
run_rigctl "${R[@]}" boot status
check_match "status table" "device +default" "$OUT"
run_rigctl "${R[@]}" -o json boot pxe
check_eq "set JSON" '{"device":"pxe","persistent":false,"efi":false}' \
	"$(jq -c '.rigs[0].boot' <<<"$OUT")"
run_rigctl "${R[@]}" boot floppy
check_eq "unknown device: usage" 2 "$RC"
run_rigctl "${R[@]}" boot bios --once --persistent
check_eq "--once with --persistent: usage" 2 "$RC"
run_rigctl -H "$SIM_HOST" -U user -f "$(pwfile user.pw userpw)" -L user "${BMC_OPTS[@]}" boot status
check_eq "boot status as user: privilege (exit 4)" 4 "$RC"
check_match "says 0xD4" "0xD4" "$ERR"

# --- identify, as the simulator's chassis-control sees it ("SECONDS FORCE")
run_rigctl "${R[@]}" identify
check_eq "identify exit" 0 "$RC"
check_eq "default 15 s" "identify 15 0" "$(last_action)"
run_rigctl "${R[@]}" identify 42
check_eq "identify 42" "identify 42 0" "$(last_action)"
check_eq "identify text" "$SIM_HOST: identify on for 42 s" "$OUT"
run_rigctl "${R[@]}" -o json identify --force
check_eq "identify --force" "identify 0 1" "$(last_action)"
check_eq "force JSON" forced "$(jq -r '.rigs[0].identify.state' <<<"$OUT")"
run_rigctl "${R[@]}" identify --off
check_eq "identify --off" "identify 0 0" "$(last_action)"
run_rigctl "${R[@]}" identify 256
check_eq "identify 256: usage" 2 "$RC"
n=$(wc -l < "$SIM_STATE/actions.log")
run_rigctl "${R[@]}" identify --force 5
check_eq "--force with SECONDS: usage" 2 "$RC"
check_eq "nothing sent on usage errors" "$n" "$(wc -l < "$SIM_STATE/actions.log")"

# --- FRU: tests/sim/rig.emu's device 0
run_rigctl "${R[@]}" -o json fru
check_eq "fru exit" 0 "$RC"
F=$(jq -c '.rigs[0].fru.devices[0]' <<<"$OUT")
check_eq "one FRU device" 1 "$(jq '.rigs[0].fru.devices | length' <<<"$OUT")"
check_eq "chassis" '{"type":"Rack Mount Chassis","part_number":"CH-RIG-0001","serial_number":"CHS0000001"}' \
	"$(jq -c .chassis <<<"$F")"
check_eq "board" '{"manufacturer":"ASRock Rack","product_name":"RIGBOARD-2T","serial_number":"BSN0000001","part_number":"RB-PART-0001","manufactured":"2023-06-01T12:00:00Z"}' \
	"$(jq -c .board <<<"$F")"
check_eq "product" '{"manufacturer":"ASRock Rack","name":"RigServer 1U","part_number":"RS1U-0001","version":"1.0","serial_number":"PSN0000001","asset_tag":"ASSET-42"}' \
	"$(jq -c .product <<<"$F")"
run_rigctl "${R[@]}" fru
check_match "fru table" "product +serial_number +PSN0000001" "$OUT"

# --- DCMI: the simulator has none
run_rigctl "${R[@]}" power reading
check_eq "power reading without DCMI: exit 5" 5 "$RC"
check_match "says so" "not supported by this BMC" "$ERR"
run_rigctl "${R[@]}" -o json power reading
check_eq "JSON: power null" null "$(jq -c '.rigs[0].power' <<<"$OUT")"
check_eq "JSON: error code 5" 5 "$(jq '.rigs[0].errors[0].code' <<<"$OUT")"
run_rigctl "${R[@]}" power reading extra
check_eq "power reading extra: usage" 2 "$RC"

# --- a rig without a BMC cannot do any of it
run_rigctl --ssh nobody@127.0.0.1:1 boot status
check_eq "boot without a BMC: exit 5" 5 "$RC"
finish

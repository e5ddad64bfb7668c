#!/bin/bash
# rigctl info against the simulated BMC: identity agrees with FreeIPMI's
# bmc-info on the same simulator; paths and capabilities.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq bmc-info
start_sim
PW=$(pwfile admin.pw adminpw)

run_rigctl -o json -H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" info
check_eq "info exit" 0 "$RC"
j=$(jq -c '.rigs[0].info' <<<"$OUT")
check_eq "manufacturer id" 49622 "$(jq -r .bmc.manufacturer_id <<<"$j")"
check_eq "manufacturer" "ASRock Rack" "$(jq -r .bmc.manufacturer <<<"$j")"
check_eq "paths" '["bmc"]' "$(jq -c .paths <<<"$j")"
check_match "capabilities" '"power-cycle"' "$(jq -c .capabilities <<<"$j")"

# bmc-info also asks for system info parameters, which the simulator
# lacks: its exit code says nothing about the fields compared here.
bmc-info -D LAN_2_0 -h "$SIM_HOST" -u admin -p adminpw -W opensesspriv > "$T/bmcinfo" 2>&1
fw=$(sed -n 's/^Firmware Revision *: *//p' "$T/bmcinfo")
iv=$(sed -n 's/^IPMI Version *: *//p' "$T/bmcinfo")
pid=$(sed -n 's/^Product ID *: *//p' "$T/bmcinfo")
check_eq "firmware as bmc-info" "$fw" "$(jq -r .bmc.firmware <<<"$j")"
check_eq "IPMI version as bmc-info" "$iv" "$(jq -r .bmc.ipmi_version <<<"$j")"
check_eq "product id as bmc-info" "$pid" "$(jq -r .bmc.product_id <<<"$j")"
check_match "bmc-info gave a firmware revision" '^[0-9]' "$fw"
guid=$(jq -r .bmc.guid <<<"$j")
check_match "GUID is RFC 4122 text" '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' "$guid"
check_eq "GUID as bmc-info" "$(sed -n 's/^System GUID *: *//p' "$T/bmcinfo")" "$guid"

run_rigctl -H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" info
check_eq "table exit" 0 "$RC"
check_match "table manufacturer" "manufacturer +ASRock Rack \(49622\)" "$OUT"
check_match "table firmware" "firmware +$fw" "$OUT"
finish

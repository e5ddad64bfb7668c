#!/bin/bash
# rigctl events against the simulated BMC: SEL entries added while it runs
# (ECC kinds, a fan under lower-critical, a power-supply failure, a sensor
# the SDR lacks, OEM records), compared with FreeIPMI's ipmi-sel; JSON
# fields; incremental listing by cursor; info; clear with archive.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool ipmi-sel
start_sim
export HOME="$T/home" && mkdir -p "$HOME"	# ipmi-sel's own SDR cache
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$T/state"
   --cache-dir "$T/cache")
ev() { # the events JSON array of the last run
	jq -c '.rigs[0].events.entries' <<<"$OUT"
}

# An empty SEL lists nothing and still gives a cursor.
run_rigctl -o json "${R[@]}" events list
check_eq "empty SEL exit" 0 "$RC"
check_eq "empty SEL lists nothing" 0 "$(ev | jq length)"
CUR0=$(jq -r '.rigs[0].events.cursor' <<<"$OUT")
check_match "cursor format" '^v1,bmc=ffff\.[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{8}\.0$' "$CUR0"

H="0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04"	# system event header
# 1 correctable ECC, module 3 (event data 1 bits [5:4] = 11b)
sel_add $H 0x0c 0x40 0x6f 0x30 0xff 0x03
# 2 uncorrectable ECC, no module
sel_add $H 0x0c 0x40 0x6f 0x01 0xff 0xff
# 3 correctable ECC logging limit reached
sel_add $H 0x0c 0x40 0x6f 0x05 0xff 0xff
# 4 FAN1 lower critical going low (reading 4, threshold 5 raw)
sel_add $H 0x04 0x10 0x01 0x52 0x04 0x05
# 5 PSU1 failure detected
sel_add $H 0x08 0x30 0x6f 0x01 0xff 0xff
# 6 correctable ECC on sensor 0x99, which the SDR does not have; event
#   data 3 is an OEM code here (10b): no DIMM
sel_add $H 0x0c 0x99 0x6f 0x20 0xff 0x02
# 7 timestamped OEM record (ASRock Rack's IANA), 8 non-timestamped OEM
sel_add 0x00 0x00 0xc1 0x00 0x00 0x00 0x00 0xd6 0xc1 0x00 0xde 0xad 0xbe 0xef 0x01 0x02
sel_add 0x00 0x00 0xe0 0x0c 0x6f 0x01 0x02 0x03 0x04 0x05 0x06 0x07 0x08 0x09 0x0a 0x0b

run_rigctl -o json "${R[@]}" events list
check_eq "list exit" 0 "$RC"
check_eq "8 events" 8 "$(ev | jq length)"
check_eq "all from the SEL" '["sel"]' "$(ev | jq -c '[.[].source] | unique')"
check_eq "raw is 32 lowercase hex digits" 8 \
	"$(ev | jq '[.[] | select(.raw | test("^[0-9a-f]{32}$"))] | length')"
check_eq "ECC kinds" '["correctable","uncorrectable","logging-limit",null,null,"correctable",null,null]' \
	"$(ev | jq -c '[.[].ecc]')"
check_eq "DIMM only where event data 1 says so" '["module 3",null,null,null,null,null,null,null]' \
	"$(ev | jq -c '[.[].dimm]')"
check_eq "severities" '["warning","critical","warning","critical","critical","warning","info","info"]' \
	"$(ev | jq -c '[.[].severity]')"
check_eq "sensor names from the SDR, or by number" \
	'["DIMM ECC","DIMM ECC","DIMM ECC","FAN1","PSU1 Status","Memory #0x99",null,null]' \
	"$(ev | jq -c '[.[].sensor]')"
check_eq "record classes" '["system","system","system","system","system","system","oem-timestamped","oem"]' \
	"$(ev | jq -c '[.[].sel.class]')"
check_eq "times: RFC 3339, none for a non-timestamped record" 7 \
	"$(ev | jq '[.[] | select(.time != null and (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")))] | length')"
check_match "PSU failure described" "Failure detected" "$(ev | jq -r '.[4].description')"
check_match "fan event described" "Lower Critical - going low" "$(ev | jq -r '.[3].description')"
check_eq "OEM manufacturer" 49622 "$(ev | jq '.[6].sel.manufacturer_id')"

# The same SEL through FreeIPMI's own tool: ids, count, sensor types.
FI=$(ipmi-sel -D LAN_2_0 -W opensesspriv -h "$SIM_HOST" -u admin -p adminpw \
	--no-header-output --comma-separated-output 2>/dev/null)
check_eq "ipmi-sel sees the same record ids" "$(cut -d, -f1 <<<"$FI" | tr '\n' ' ')" \
	"$(ev | jq -r '[.[].id] | join(" ")') "
check_eq "same count as ipmi-sel" "$(wc -l <<<"$FI")" "$(ev | jq length)"
check_eq "same sensor types as ipmi-sel (system events)" \
	"$(cut -d, -f5 <<<"$FI" | head -n 6 | tr '\n' '|')" \
	"$(ev | jq -r '[.[0:6][].type] | join("|")')|"
check_eq "same sensor names where the SDR has them" \
	"$(cut -d, -f4 <<<"$FI" | head -n 5 | tr '\n' '|')" \
	"$(ev | jq -r '[.[0:5][].sensor] | join("|")')|"

# Table: rows, then the cursor as the last line.
run_rigctl "${R[@]}" events list
check_eq "table exit" 0 "$RC"
CUR=$(tail -n 1 <<<"$OUT" | sed -n 's/^cursor: //p')
check_match "table ends with the cursor" '^v1,bmc=0008\.' "$CUR"
check_match "table row" "PSU1 Status +Power Supply Failure detected" "$OUT"

# Incremental: nothing new, then exactly the new record.
run_rigctl -o json "${R[@]}" events list --since "$CUR"
check_eq "nothing new since the cursor" 0 "$(ev | jq length)"
check_eq "cursor unchanged" "$CUR" "$(jq -r '.rigs[0].events.cursor' <<<"$OUT")"
sel_add $H 0x0c 0x40 0x6f 0x30 0xff 0x01
run_rigctl -o json "${R[@]}" events list --since "$CUR"
check_eq "only the new record" '["9"]' "$(ev | jq -c '[.[].id]')"
check_eq "not restarted" false "$(jq '.rigs[0].events.restarted' <<<"$OUT")"
run_rigctl -o json "${R[@]}" events list --since "$CUR0"
check_eq "from the empty-SEL cursor: all 9" 9 "$(ev | jq length)"

run_rigctl -o json "${R[@]}" events list --last 2
check_eq "--last 2" '["8","9"]' "$(ev | jq -c '[.[].id]')"

# Bad cursors are usage errors that say what is wrong.
for bad in "v2,bmc=0001" "v1,bmc=zz" "v1,gpu=1" "v1,bmc=0001.00000000.00000000.00000000.1,bmc=0001.00000000.00000000.00000000.1" "garbage"; do
	run_rigctl "${R[@]}" events list --since "$bad"
	check_eq "bad cursor '$bad' exits 2" 2 "$RC"
	check_match "and says why" "cursor" "$ERR"
done
run_rigctl "${R[@]}" events list --since "$CUR" --last 3
check_eq "--since with --last is a usage error" 2 "$RC"
run_rigctl -H "$SIM_HOST,127.0.0.1:9" -U admin -f "$PW" "${BMC_OPTS[@]}" events list --since "$CUR"
check_eq "--since with two rigs is a usage error" 2 "$RC"

# The sel alias.
run_rigctl -o json "${R[@]}" sel list --last 1
check_eq "sel alias, noun events" '"9"' "$(jq -c '.rigs[0].events.entries[0].id' <<<"$OUT")"

# Info.
run_rigctl -o json "${R[@]}" events info
check_eq "info entries" 9 "$(jq '.rigs[0].events.entries' <<<"$OUT")"
check_eq "info free space" $(( (4000 - 9) * 16 )) "$(jq '.rigs[0].events.free_bytes' <<<"$OUT")"
check_eq "info overflow" false "$(jq '.rigs[0].events.overflow' <<<"$OUT")"
check_match "info last add" '^"[0-9]{4}-' "$(jq -c '.rigs[0].events.last_add' <<<"$OUT")"

# Clear with an archive that cannot be written: nothing is cleared.  (root
# ignores directory modes, so the rig's state directory points into /proc.)
RIGDIR="$T/state/$SIM_HOST"
mkdir -p "$T/state" && rm -rf "$RIGDIR" && ln -s /proc/self/fdinfo "$RIGDIR"
run_rigctl "${R[@]}" events clear
check_eq "unwritable archive: exit 1" 1 "$RC"
check_match "says nothing was cleared" "nothing was cleared" "$ERR"
run_rigctl -o json "${R[@]}" events info
check_eq "SEL untouched" 9 "$(jq '.rigs[0].events.entries' <<<"$OUT")"
rm -f "$RIGDIR"

run_rigctl -o json "${R[@]}" events list
RAWS=$(ev | jq -r '[.[].raw] | join(" ")')
run_rigctl "${R[@]}" events clear
check_eq "clear exit" 0 "$RC"
ARCH=$(sed -n 's/.*archive: //p' <<<"$OUT")
check_match "archive under the state dir" "^$T/state/$SIM_HOST/sel-archive-" "$ARCH"
check_eq "archive holds every record" 9 "$(grep -c '^[0-9a-f]\{32\}'$'\t' "$ARCH")"
check_eq "archive raw records match the listing" "$RAWS" \
	"$(grep -o '^[0-9a-f]\{32\}' "$ARCH" | paste -sd ' ')"
check_eq "archive is complete" "# end: 9 records" "$(tail -n 1 "$ARCH")"
run_rigctl -o json "${R[@]}" events info
check_eq "SEL empty after clear" 0 "$(jq '.rigs[0].events.entries' <<<"$OUT")"
check_eq "ipmi-sel agrees" 0 "$(ipmi-sel -D LAN_2_0 -W opensesspriv -h "$SIM_HOST" -u admin \
	-p adminpw --no-header-output --comma-separated-output 2>/dev/null | grep -c '^[0-9]')"

# The old cursor now meets a cleared SEL: everything, flagged.
sel_add $H 0x08 0x30 0x6f 0x01 0xff 0xff
run_rigctl -o json "${R[@]}" events list --since "$CUR"
check_eq "after a clear: restarted" true "$(jq '.rigs[0].events.restarted' <<<"$OUT")"
check_eq "after a clear: the one new record" 1 "$(ev | jq length)"
run_rigctl "${R[@]}" events list --since "$CUR"
check_match "table notes the restart" "cleared or wrapped" "$ERR"

finish

#!/bin/bash
# rigctl sensors and ecc over SSH against a real sshd: every hwmon and GPU
# value equals the fixture's, placeholders are null with a reason, riser
# warnings appear exactly where the fixtures' PCIe links are degraded, the
# old nvidia-smi field names are used when the new ones are refused, and
# EDAC counters equal the fixture's (none: "not available", exit 5).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq awk
start_sshd

sensors_json() { # ARGS: rigctl -o json sensors, data in $T/s.json
	run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" "$@" sensors
	[ "$RC" = 0 ] || fail "sensors exited $RC: $ERR"
	printf '%s\n' "$OUT" > "$T/s.json"
}
reading() { jq -r --arg n "$1" '.rigs[0].sensors[] | select(.name == $n) |
	if .reading == null then "null:" + .reason else (.reading | tostring) end' "$T/s.json"; }

# Every *_input of the fixture's hwmon, read here independently.
hwmon_expected() { # FIXTURE -> "name<TAB>value" lines
	local d chip f base label scale
	for d in "$top_srcdir/tests/fixtures/$1"/sys/class/hwmon/hwmon*; do
		chip=$(cat "$d/name")
		for f in "$d"/*_input; do
			base=$(basename "$f" _input)
			label=$base
			[ -f "$d/${base}_label" ] && label=$(cat "$d/${base}_label")
			case $base in
			temp* | in* | curr*) scale=1000 ;; power*) scale=1000000 ;; *) scale=1 ;;
			esac
			printf '%s %s\t%s\n' "$chip" "$label" \
				"$(awk -v v="$(cat "$f")" -v s=$scale 'BEGIN { print v / s }')"
		done
	done
}
check_hwmon() { # FIXTURE
	local name want got n=0
	while IFS=$'\t' read -r name want; do
		got=$(reading "$name")
		[ -n "$got" ] || { fail "no sensor '$name'"; continue; }
		awk -v a="$got" -v b="$want" 'BEGIN { exit !(a - b < 1e-9 && b - a < 1e-9) }' ||
			fail "$name: expected $want, got $got"
		n=$((n + 1))
	done < <(hwmon_expected "$1")
	check_eq "$1: hwmon sensors compared" "$(hwmon_expected "$1" | wc -l)" "$n"
	[ "$n" -ge 2 ] || fail "$1: too few hwmon sensors ($n)"
}
# Each GPU line of the fixture: the values of its sensors.
check_gpus() { # FIXTURE
	local idx bus uuid temp fan pw pwl util mu mt ce ue thr gc gm wc wm name
	local n=0 field want got
	while IFS=',' read -r idx bus uuid temp fan pw pwl util mu mt ce ue thr gc gm wc wm name; do
		for field in "Temperature:$temp" "Fan:$fan" "Power:$pw" "Power Limit:$pwl" \
			"Utilization:$util" "Memory Used:$mu" "Memory Total:$mt" \
			"ECC Corrected:$ce" "ECC Uncorrected:$ue" "PCIe Gen:$gc" "PCIe Width:$wc"; do
			want=${field#*:}
			want=${want# }
			got=$(reading "GPU$idx ${field%%:*}")
			if [ "$want" = "[N/A]" ]; then
				check_eq "GPU$idx ${field%%:*} has no reading" "null:not available" "$got"
			else
				awk -v a="$got" -v b="$want" 'BEGIN { exit !(a + 0 == b + 0 && a != "") }' ||
					fail "GPU$idx ${field%%:*}: expected $want, got $got"
			fi
			n=$((n + 1))
		done
		got=$(jq -r --arg n "GPU$idx Temperature" '.rigs[0].sensors[] |
			select(.name == $n) | .device + "|" + .entity + "|" + .type + "|" + .source' "$T/s.json")
		check_eq "GPU$idx keyed by bus id" "${bus# }|${name# }|gpu|ssh" "$got"
	done < "$top_srcdir/tests/fixtures/$1/gpus.csv"
	[ "$n" -gt 10 ] || fail "$1: too few GPU values compared ($n)"
}
warnings() { # sensors in warning state, sorted, one line
	jq -r '[.rigs[0].sensors[] | select(.state == "warning") | .name] | sort | join(",")' "$T/s.json"
}

# ---- the budget rig: x1 risers, no EDAC
# Its GPU rows are a real mining rig's (tests/fixtures/real/
# smi-table-gtx1070-rig: nvidia-smi's table, cut inside GPU 3's line): every
# value the table shows is the row's (README: the rest is the scenario's).
smi_table() { # the table's values as "idx, bus, temp, fan, draw, cap, util, used, total, name"
	awk -F'|' '
	$2 ~ /^ +[0-9]+ +[A-Za-z]/ { split($2, a, "  +"); idx = a[2]; name = a[3]; bus = $3
		sub(/^ +/, "", bus); sub(/ .*/, "", bus); next }
	idx != "" { n = split($2, b, / +/); fan = b[1]; temp = b[2]; sub(/%/, "", fan); sub(/C/, "", temp)
		if (n < 6) { print idx ", " bus ", " temp ", " fan; idx = ""; next }
		draw = b[4]; cap = b[6]; sub(/W/, "", draw); sub(/W/, "", cap)
		split($3, m, / +/); sub(/MiB/, "", m[2]); sub(/MiB/, "", m[4])
		split($4, u, / +/); sub(/%/, "", u[2])
		print idx ", " bus ", " temp ", " fan ", " draw ", " cap ", " u[2] ", " m[2] ", " m[4] ", " name
		idx = "" }' "$top_srcdir/tests/fixtures/real/smi-table-gtx1070-rig/capture.txt"
}
check_eq "riser rig: the GPU rows hold the real table's values" \
	"$(smi_table)" \
	"$(awk -F', ' 'NR < 4 { print $1 ", " $2 ", " $4 ", " $5 ", " $6 ", " $7 ", " $8 ", " $9 ", " $10 ", " $NF }
		NR == 4 { print $1 ", " $2 ", " $4 ", " $5 }' "$top_srcdir/tests/fixtures/rig-riser/gpus.csv")"
check_eq "riser rig: the table has four GPUs" 4 "$(smi_table | wc -l)"
use_fixture rig-riser
sensors_json
check_hwmon rig-riser
check_gpus rig-riser
# Without --expect-pcie-width every x1 link is below the x16 max; GPU0 also
# runs gen 1 of 3 while busy (100 %); GPUs 1-3 at gen 1 are idle (0 %):
# power saving, not a fault.  The nct6798's in1..in12 (a real capture: min
# = max = 0, alarm 1, limits the BIOS never set) are no threshold, so no
# warning.
check_eq "riser rig warnings (expected: max width)" \
	"GPU0 PCIe Gen,GPU0 PCIe Width,GPU1 PCIe Width,GPU2 PCIe Width,GPU3 PCIe Width" \
	"$(warnings)"
: > "$SSH_FAKE_DIR/nvidia-smi.log"
logins=$(grep -c "Accepted publickey" "$SSHD_LOG")
sensors_json --expect-pcie-width 1
check_eq "one connection per operation" $((logins + 1)) \
	"$(grep -c "Accepted publickey" "$SSHD_LOG")"
check_eq "riser rig warnings at the expected x1" "GPU0 PCIe Gen" "$(warnings)"
check_eq "nct6798: in1..in12 (min = max = 0, alarm) ok, no threshold" \
	"$(printf 'ok 0\n%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 | paste -sd,)" \
	"$(for i in 1 2 3 4 5 6 7 8 9 10 11 12; do jq -r --arg n "nct6798 in$i" '.rigs[0].sensors[] |
		select(.name == $n) | "\(.state) \([(.thresholds // {})[] | select(. != null)] | length)"' \
		"$T/s.json"; done | paste -sd,)"
check_eq "nct6798: in0 keeps its upper limit (1.744 V)" "ok 1.744" \
	"$(jq -r '.rigs[0].sensors[] | select(.name == "nct6798 in0") | "\(.state) \(.thresholds.unc)"' "$T/s.json")"
check_match "riser hint" "check the riser" \
	"$(jq -r '.rigs[0].sensors[] | select(.name == "GPU0 PCIe Gen") | .state_text' "$T/s.json")"
# The readings, then in queries of their own the temperature limits, the
# health fields (refused by this driver, so asked again without the
# recovery action) and the remapped rows.
check_eq "five nvidia-smi queries per run" 5 "$(wc -l < "$SSH_FAKE_DIR/nvidia-smi.log")"

# Older drivers know only clocks_throttle_reasons.*: same values.
fake_mode nvidia-smi old-driver
: > "$SSH_FAKE_DIR/nvidia-smi.log"
sensors_json --expect-pcie-width 1
check_gpus rig-riser
check_eq "old driver: six queries" 6 "$(wc -l < "$SSH_FAKE_DIR/nvidia-smi.log")"
check_match "old driver: throttle field" "clocks_throttle_reasons.active" \
	"$(sed -n 2p "$SSH_FAKE_DIR/nvidia-smi.log")"
check_eq "old driver: throttle reasons" "sw_power_cap" \
	"$(jq -r '.rigs[0].sensors[] | select(.name == "GPU0 Throttle") | .state_text' "$T/s.json")"

# One GPU lost: nvidia-smi prints the other GPUs' rows and a line for the
# lost one, then exits 15.  The others keep their readings; the lost one is
# critical, named for its bus id, with nvidia-smi's words.
fake_mode nvidia-smi lost-gpu
sensors_json --expect-pcie-width 1
check_eq "lost GPU: the healthy GPUs' temperatures" \
	"$(sed '$d' "$top_srcdir/tests/fixtures/rig-riser/gpus.csv" | awk -F', ' '{ print $4 }' | paste -sd,)" \
	"$(for i in 0 1 2; do reading "GPU$i Temperature"; done | paste -sd,)"
check_eq "lost GPU: critical, by bus id" \
	"critical|0000:06:00.0|GPU is lost.  Reboot the system to recover this GPU" \
	"$(jq -r '.rigs[0].sensors[] | select(.name == "GPU 0000:06:00.0") |
		"\(.state)|\(.device)|\(.state_text)"' "$T/s.json")"
check_eq "lost GPU: no other sensor for it, no nvidia-smi failure" 0 \
	"$(jq '[.rigs[0].sensors[] | select(.name == "nvidia-smi" or (.name | startswith("GPU3")))] | length' "$T/s.json")"
fake_mode nvidia-smi normal

# No EDAC: ECC is "not available" (exit 5), never "0 errors".
run_rigctl "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" ecc status
check_eq "no EDAC: exit 5" 5 "$RC"
check_match "no EDAC: not available" "not available" "$ERR"

# ---- the workstation: EDAC, x16 slots, one GPU trained at x8
use_fixture rig-ecc
sensors_json
check_hwmon rig-ecc
check_gpus rig-ecc
check_eq "workstation warnings" "GPU1 PCIe Width" "$(warnings)"
run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" ecc status
check_eq "EDAC: exit 0" 0 "$RC"
E=$top_srcdir/tests/fixtures/rig-ecc/sys/devices/system/edac/mc/mc0
for d in dimm0 dimm1; do
	label=$(cat "$E/$d/dimm_label")
	got=$(printf '%s\n' "$OUT" | jq -r --arg l "$label" '[.rigs[0].ecc | .. | objects |
		select(.dimm? == $l) | "\(.kind)=\(.count)"] | sort | join(",")')
	check_eq "EDAC $d ($label)" \
		"correctable=$(cat "$E/$d/dimm_ce_count"),uncorrectable=$(cat "$E/$d/dimm_ue_count")" "$got"
done

# ---- capabilities, known without I/O
run_rigctl -o json "${SSH_OPTS[@]}" info
check_eq "info exit" 0 "$RC"
check_eq "SSH capabilities" \
	"ecc,gpus,kernel-events,os-info,power-reboot,power-soft,power-status,sensors" \
	"$(printf '%s\n' "$OUT" | jq -r '[.rigs[0].info | .. | .capabilities? // empty | .[]] | sort | join(",")')"
finish

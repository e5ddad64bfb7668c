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
use_fixture rig-riser
sensors_json
check_hwmon rig-riser
check_gpus rig-riser
# Without --expect-pcie-width every x1 link is below the x16 max; GPU1 also
# runs gen 1 of 3 while busy; GPU2's gen 1 is idle power saving; fan2 is
# stopped below its minimum.
check_eq "riser rig warnings (expected: max width)" \
	"GPU0 PCIe Width,GPU1 PCIe Gen,GPU1 PCIe Width,GPU2 PCIe Width,GPU3 PCIe Width,nct6798 fan2" \
	"$(warnings)"
: > "$SSH_FAKE_DIR/nvidia-smi.log"
logins=$(grep -c "Accepted publickey" "$SSHD_LOG")
sensors_json --expect-pcie-width 1
check_eq "one connection per operation" $((logins + 1)) \
	"$(grep -c "Accepted publickey" "$SSHD_LOG")"
check_eq "riser rig warnings at the expected x1" "GPU1 PCIe Gen,nct6798 fan2" "$(warnings)"
check_match "riser hint" "check the riser" \
	"$(jq -r '.rigs[0].sensors[] | select(.name == "GPU1 PCIe Gen") | .state_text' "$T/s.json")"
# The readings, then the temperature limits in a query of their own.
check_eq "two nvidia-smi queries per run" 2 "$(wc -l < "$SSH_FAKE_DIR/nvidia-smi.log")"

# Older drivers know only clocks_throttle_reasons.*: same values.
fake_mode nvidia-smi old-driver
: > "$SSH_FAKE_DIR/nvidia-smi.log"
sensors_json --expect-pcie-width 1
check_gpus rig-riser
check_eq "old driver: three queries" 3 "$(wc -l < "$SSH_FAKE_DIR/nvidia-smi.log")"
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
	"critical|0000:04:00.0|GPU is lost.  Reboot the system to recover this GPU" \
	"$(jq -r '.rigs[0].sensors[] | select(.name == "GPU 0000:04:00.0") |
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

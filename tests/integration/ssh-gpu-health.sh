#!/bin/bash
# The driver's word on GPU health over SSH against a real sshd: the probe
# asks nvidia-smi, in queries of their own, for the recovery action, the
# retired pages and the remapped rows; rigctl shows them as GPU sensors.
# The values served are the real captures' (tests/fixtures/real/
# gpu-recovery-reset: "None" and "Reset"; gpu-remap-rtx-pro-6000: 0
# correctable, 1 uncorrectable, no pending, no failure; gpu-remap-pending-q:
# 0, 4, pending Yes, where the capture has no failure line: "No" there is
# ours), on the rig-ecc fixture's two GPUs (their bus ids and UUIDs read
# from its gpus.csv).  Then what must cost nothing: a driver that refuses
# gpu_recovery_action (asked again without it), a GeForce (N/A: no health
# sensor at all, never a 0), a failing remapped-rows query, a driver slow
# after the readings (the extra queries get only the probe's time left);
# and check turns a reset request into CRITICAL.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sshd

S() { printf '%s\n' "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" --state-dir "$T/state"; }
sensors_json() {
	run_rigctl -o json $(S) sensors "$@"
	[ "$RC" = 0 ] || fail "sensors exited $RC: $ERR"
	printf '%s\n' "$OUT" > "$T/s.json"
}
sj() { jq -r --arg n "$1" ".rigs[0].sensors[] | select(.name == \$n) | $2" "$T/s.json"; }
health_names() {
	jq -r '[.rigs[0].sensors[].name | select(test("Recovery Action|Retired Pages|Remapped Rows$"))] | join(",")' "$T/s.json"
}

use_fixture rig-ecc
fx=$top_srcdir/tests/fixtures/rig-ecc/gpus.csv
bus0=$(awk -F', ' 'NR == 1 { print $2 }' "$fx")
bus1=$(awk -F', ' 'NR == 2 { print $2 }' "$fx")
uuid0=$(awk -F', ' 'NR == 1 { print $3 }' "$fx")
uuid1=$(awk -F', ' 'NR == 2 { print $3 }' "$fx")
[ -n "$bus1" ] && [ -n "$uuid1" ] || fail "rig-ecc/gpus.csv: two GPUs expected"
# The base readings alone (no health files: the fake answers N/A), for
# comparison below.
sensors_json
run_rigctl $(S) check
before=$RC
[ "$before" != 2 ] || fail "rig-ecc is CRITICAL before any health answer: the check below could not tell"
base=$(jq -c '[.rigs[0].sensors[] | select(.name | test("^GPU")) | {name, reading}]' "$T/s.json")
check_eq "GeForce-like N/A throughout: no health sensor" "" "$(health_names)"

# A driver that knows it all.
printf '0, %s, None, [N/A], [N/A], [N/A]\n1, %s, Reset, [N/A], [N/A], [N/A]\n' \
	"$bus0" "$bus1" > "$SSH_FAKE_DIR/health.csv"
printf '%s, %s, 0, 1, No, No\n%s, %s, 0, 4, Yes, No\n' \
	"$bus0" "$uuid0" "$bus1" "$uuid1" > "$SSH_FAKE_DIR/remap.csv"
: > "$SSH_FAKE_DIR/nvidia-smi.log"
sensors_json
check_eq "health sensors" \
	"GPU0 Recovery Action,GPU0 Remapped Rows,GPU1 Recovery Action,GPU1 Remapped Rows" \
	"$(health_names | tr ',' '\n' | sort | paste -sd,)"
check_eq "GPU0: no action needed" "ok 0 none needed" \
	"$(sj "GPU0 Recovery Action" '"\(.state) \(.reading) \(.state_text)"')"
check_eq "GPU1: the driver asks for a reset" "critical 1 the driver asks for a GPU reset" \
	"$(sj "GPU1 Recovery Action" '"\(.state) \(.reading) \(.state_text)"')"
check_eq "GPU0: one row remapped, done" "ok 1" \
	"$(sj "GPU0 Remapped Rows" '"\(.state) \(.reading)"')"
check_eq "GPU1: four rows, a remap pending" "warning 4" \
	"$(sj "GPU1 Remapped Rows" '"\(.state) \(.reading)"')"
check_match "GPU1: what to do" "reset the GPU" "$(sj "GPU1 Remapped Rows" .state_text)"
check_eq "the GPU's device on the health sensor" "$bus1" "$(sj "GPU1 Recovery Action" .device)"
check_eq "one health query and one remapped-rows query" \
	"1 1" "$(grep -c 'gpu_recovery_action' "$SSH_FAKE_DIR/nvidia-smi.log") $(grep -c -- '--query-remapped-rows=' "$SSH_FAKE_DIR/nvidia-smi.log")"
check_eq "the base readings unchanged" "$base" \
	"$(jq -c '[.rigs[0].sensors[] | select(.name | test("^GPU")) | select(.name | test("Recovery Action|Remapped Rows$") | not) | {name, reading}]' "$T/s.json")"

# check: the reset request is an alert.
run_rigctl $(S) check
check_eq "check exits CRITICAL for a reset request" 2 "$RC"
check_match "check names it" "GPU1 Recovery Action" "$OUT"

# A driver before 565 refuses gpu_recovery_action: asked again without it,
# the retired pages still read; the remapped rows query fails: nothing
# lost above.
rm -f "$SSH_FAKE_DIR/health.csv"
: > "$SSH_FAKE_DIR/remap.fail"
: > "$SSH_FAKE_DIR/nvidia-smi.log"
sensors_json
check_eq "refused, then asked without it" "2" \
	"$(grep -c 'retired_pages.pending' "$SSH_FAKE_DIR/nvidia-smi.log")"
check_eq "no health sensor from N/A and a failed query" "" "$(health_names)"
check_eq "the base readings unchanged" "$base" \
	"$(jq -c '[.rigs[0].sensors[] | select(.name | test("^GPU")) | {name, reading}]' "$T/s.json")"
# A driver slow after the readings: the limits and health queries hang.
# They get only what is left of the probe's time, so the answer still
# comes whole, with the readings (an answer past the probe's time would be
# cut and lose them all); no health sensor.
rm -f "$SSH_FAKE_DIR/remap.fail"
printf '0, %s, Reset, [N/A], [N/A], [N/A]\n' "$bus0" > "$SSH_FAKE_DIR/health.csv"
fake_mode nvidia-smi slow-extra
run_rigctl -o json --timeout 6000 $(S) sensors
check_eq "slow driver: the readings still come (exit 0)" 0 "$RC"
printf '%s\n' "$OUT" > "$T/s.json"
check_eq "slow driver: the base readings unchanged" "$base" \
	"$(jq -c '[.rigs[0].sensors[] | select(.name | test("^GPU")) | {name, reading}]' "$T/s.json")"
check_eq "slow driver: no health sensor" "" "$(health_names)"
wait_until 10 fake_gone nvidia-smi || fail "slow driver: a query still runs on the rig"
fake_mode nvidia-smi normal
finish

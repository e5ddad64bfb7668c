#!/bin/bash
# GPU temperatures over SSH against a real sshd: thresholds from the GPU's
# own limits (nvidia-smi -q -d TEMPERATURE, a query of its own), rigctl's
# documented defaults where it reports none or that query fails (the base
# readings stay) or prints only T.Limit margins (a real RTX 4090's), a
# 99 C GPU is critical in sensors and check; --type
# temperature takes GPU temperatures (which keep type gpu and carry
# quantity); a failing nvidia-smi shows its own message in the table and
# check; ecc status and ecc check agree on a rig without ECC reporting.
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
limits() { sj "$1" '"\(.thresholds.unc) \(.thresholds.ucr) \(.thresholds.unr)"'; }


# ---- the riser rig: GPU0's Temperature section is a real RTX 3090's
# (tests/fixtures/real/gpu-q-rtx3090-470, headed with GPU0's bus id:
# tests/fixtures/rig-riser/README); the other GPUs' are not in it
use_fixture rig-riser
: > "$SSH_FAKE_DIR/nvidia-smi.log"
sensors_json
check_eq "limits from nvidia-smi: max operating, slowdown, shutdown" "93 95 98" \
	"$(limits "GPU0 Temperature")"
check_eq "the GPUs it does not name: defaults" "83 90 null|83 90 null|83 90 null" \
	"$(for g in 1 2 3; do limits "GPU$g Temperature"; done | paste -sd '|')"
check_eq "the limits are a query of their own" "-q -d TEMPERATURE" \
	"$(grep -x -- '-q -d TEMPERATURE' "$SSH_FAKE_DIR/nvidia-smi.log")"
check_eq "GPU temperature keeps type gpu, carries quantity" "gpu temperature" \
	"$(sj "GPU0 Temperature" '"\(.type) \(.quantity)"')"
check_eq "a GPU fan's quantity" "fan" "$(sj "GPU0 Fan" .quantity)"

# --type temperature takes the GPUs' temperatures, not their other readings
sensors_json --type temperature
check_eq "--type temperature: GPU temperatures" \
	"GPU0 Temperature,GPU1 Temperature,GPU2 Temperature,GPU3 Temperature" \
	"$(jq -r '[.rigs[0].sensors[] | select(.type == "gpu") | .name] | join(",")' "$T/s.json")"
check_match "--type temperature: hwmon temperatures too" "k10temp Tctl" \
	"$(jq -r '[.rigs[0].sensors[].name] | join(",")' "$T/s.json")"
sensors_json --type fan
check_match "--type fan: a GPU's fan" "GPU0 Fan" \
	"$(jq -r '[.rigs[0].sensors[].name] | join(",")' "$T/s.json")"

# A GPU at 99 C: past its shutdown temperature, critical everywhere.
sed '1s/^0, 00000000:01:00.0, \([^,]*\), 45,/0, 00000000:01:00.0, \1, 99,/' \
	"$top_srcdir/tests/fixtures/rig-riser/gpus.csv" > "$SSH_FAKE_DIR/gpus.csv"
sensors_json
check_eq "99 C: critical" "99 critical" "$(sj "GPU0 Temperature" '"\(.reading) \(.state)"')"
check_match "99 C: why" "shutdown temperature \\(98 C\\)" "$(sj "GPU0 Temperature" .state_text)"
run_rigctl --expect-pcie-width 1 $(S) check
check_eq "99 C GPU: check CRITICAL" 2 "$RC"
check_match "99 C GPU: check says which" "GPU0 Temperature is critical" "$OUT"

# No limits from the driver (-q fails): the readings stay, with defaults.
fake_mode nvidia-smi no-limits
sensors_json
check_eq "no limits: the reading stays" "99" "$(sj "GPU0 Temperature" .reading)"
check_eq "no limits: default warning 83, critical 90" "83 90 null" "$(limits "GPU0 Temperature")"
check_eq "no limits: 99 C still critical" critical "$(sj "GPU0 Temperature" .state)"
check_match "no limits: says the limit is rigctl's" "default critical limit" \
	"$(sj "GPU0 Temperature" .state_text)"
check_eq "no limits: other GPU readings stay" "98" "$(sj "GPU1 Power" .reading)"
fake_mode nvidia-smi normal

# The workstation's GPUs (an RTX 2060 and an RTX 2080) have no temperature.txt
# in the fixture: the defaults, ok at GPU0's 36 C.
use_fixture rig-ecc
sensors_json
check_eq "workstation: defaults" "83 90 null" "$(limits "GPU0 Temperature")"
check_eq "workstation GPU0 at 36 C: ok" ok "$(sj "GPU0 Temperature" .state)"

# A real Temperature section (TITAN V, driver 451.67: tests/fixtures/real/
# gpu-q-titanv-451) as GPU0's, after the header line nvidia-smi prints:
# its own limits through the whole path; the GPUs it does not name get the
# defaults.
use_fixture rig-riser
{ echo "GPU 00000000:01:00.0"
  cat "$top_srcdir/tests/fixtures/real/gpu-q-titanv-451/capture.txt"; } \
	> "$SSH_FAKE_DIR/temperature.txt"
sensors_json
check_eq "real -q text: max operating, slowdown, shutdown" "91 97 100" \
	"$(limits "GPU0 Temperature")"
check_eq "real -q text: 45 C is ok" ok "$(sj "GPU0 Temperature" .state)"
check_eq "real -q text: a GPU it does not name: defaults" "83 90 null" \
	"$(limits "GPU1 Temperature")"

# A real T.Limit-only section (RTX 4090: tests/fixtures/real/
# gpu-q-rtx4090-tlimit, whose header names 00000000:01:00.0): margins are
# not limits, so GPU0 gets the defaults, and at 84 C (where reading +
# margin - value would put its slowdown) it is a warning, not critical.
use_fixture rig-riser
cp "$top_srcdir/tests/fixtures/real/gpu-q-rtx4090-tlimit/capture.txt" \
	"$SSH_FAKE_DIR/temperature.txt"
sed '1s/^0, 00000000:01:00.0, \([^,]*\), 45,/0, 00000000:01:00.0, \1, 84,/' \
	"$top_srcdir/tests/fixtures/rig-riser/gpus.csv" > "$SSH_FAKE_DIR/gpus.csv"
sensors_json
check_eq "T.Limit margins: the defaults" "83 90 null" "$(limits "GPU0 Temperature")"
check_eq "T.Limit margins: 84 C is a warning" "84 warning" \
	"$(sj "GPU0 Temperature" '"\(.reading) \(.state)"')"
check_match "T.Limit margins: the limit is rigctl's" "default warning limit" \
	"$(sj "GPU0 Temperature" .state_text)"

# ---- nvidia-smi fails: its own words
use_fixture rig-riser
fake_mode nvidia-smi fail
run_rigctl $(S) sensors --type gpu
check_match "table: nvidia-smi's message" \
	"^nvidia-smi +gpu +n/a +critical +NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver" \
	"$(grep '^nvidia-smi' <<<"$OUT")"
run_rigctl $(S) check
check_eq "check: nvidia-smi failing is critical" 2 "$RC"
check_match "check: nvidia-smi's message" "nvidia-smi is critical: .*couldn't communicate with the NVIDIA driver" "$OUT"
fake_mode nvidia-smi normal

# ---- no EDAC, no BMC: ecc status and ecc check say the same
run_rigctl $(S) ecc status
check_eq "ecc status: exit 5" 5 "$RC"
check_match "ecc status: not available" ": not available \\(no EDAC, no BMC\\)$" "$OUT"
run_rigctl -o json $(S) ecc status
check_eq "ecc status JSON: note" "not available (no EDAC, no BMC) false" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].ecc | "\(.note) \(.available)"')"
run_rigctl $(S) ecc check
check_eq "ecc check: exit 0" 0 "$RC"
check_eq "ecc check: silent without -v" "" "$OUT"
run_rigctl -v $(S) ecc check
check_eq "ecc check -v: exit 0" 0 "$RC"
check_match "ecc check -v: not available" "ecc +not available \\(no EDAC, no BMC\\)" "$OUT"
run_rigctl -o nagios $(S) ecc check
check_eq "ecc check nagios: exit 0" 0 "$RC"
check_match "ecc check nagios: not available" "^RIGCTL ECC OK - .*not available \\(no EDAC, no BMC\\) \\|" "$OUT"
run_rigctl -o json $(S) ecc check
check_eq "ecc check JSON: note" "not available (no EDAC, no BMC) false" \
	"$(printf '%s\n' "$OUT" | jq -r '.rigs[0].ecc | "\(.ecc_note) \(.ecc_available)"')"
finish

#!/bin/bash
# rigctl info on an SSH-only rig asks the rig: host name and kernel as the
# rig's own uname says them, the NVIDIA driver and every GPU's model and bus
# id as the fixture's nvidia-smi lists them; a broken driver is reported and
# the rest still answers; a rig that is down fails with exit 3.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq awk
start_sshd
use_fixture rig-riser
gpus=$top_srcdir/tests/fixtures/rig-riser/gpus.csv

run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" info
check_eq "info exit" 0 "$RC"
j=$(jq -c '.rigs[0].info' <<<"$OUT")
# sshd runs here: the rig's uname is this machine's.
check_eq "hostname" "$(uname -n)" "$(jq -r .os.hostname <<<"$j")"
check_eq "kernel" "$(uname -r)" "$(jq -r .os.kernel <<<"$j")"
check_eq "driver" 550.54.15 "$(jq -r .os.nvidia_driver <<<"$j")"
check_eq "GPU bus ids" "$(awk -F', ' '{ print $2 }' "$gpus")" \
	"$(jq -r '.os.gpus[].bus_id' <<<"$j")"
check_eq "GPU models" "$(awk -F', ' '{ print $NF }' "$gpus")" \
	"$(jq -r '.os.gpus[].name' <<<"$j")"
check_eq "GPU uuids" "$(awk -F', ' '{ print $3 }' "$gpus")" \
	"$(jq -r '.os.gpus[].uuid' <<<"$j")"
check_eq "no GPU problem" null "$(jq -r .os.gpu_problem <<<"$j")"
check_eq "no BMC part" null "$(jq -r .bmc <<<"$j")"
check_match "os-info among the capabilities" '"os-info"' "$(jq -c .capabilities <<<"$j")"

printf '%s\n' 535.183.01 > "$SSH_FAKE_DIR/driver_version"
run_rigctl "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" info
check_eq "table exit" 0 "$RC"
check_match "table: hostname" "hostname +$(uname -n)" "$OUT"
check_match "table: driver as nvidia-smi says" "NVIDIA driver +535\.183\.01" "$OUT"
check_match "table: a GPU" "00000000:01:00\.0 GeForce GTX 1070" "$OUT"

# A driver that does not answer: a problem to report, not a failed info.
fake_mode nvidia-smi fail
run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" info
check_eq "driver down: still exit 0" 0 "$RC"
check_match "driver down: said" "exit 9.*NVIDIA driver" \
	"$(jq -r '.rigs[0].info.os.gpu_problem' <<<"$OUT")"
check_eq "driver down: no GPU listed" 0 "$(jq '.rigs[0].info.os.gpus | length' <<<"$OUT")"
check_eq "driver down: kernel still there" "$(uname -r)" \
	"$(jq -r '.rigs[0].info.os.kernel' <<<"$OUT")"
fake_mode nvidia-smi normal

# The rig is down: info fails (exit 3), in stdout's JSON too.
sshd_stop
run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" --timeout 2000 info
check_eq "rig down: exit 3" 3 "$RC"
check_eq "rig down: not ok" false "$(jq -r '.rigs[0].ok' <<<"$OUT")"
check_eq "rig down: no OS part" null "$(jq -r '.rigs[0].info.os' <<<"$OUT")"
finish

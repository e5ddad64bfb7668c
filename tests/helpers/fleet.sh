# fleet.sh - bash library: a small simulated rig farm behind a running
# exporter, for the status-page and dashboard tests (exporter-page.sh,
# grafana.sh).  After lib.sh and exporter.sh:
#
#   fleet_start [EXTRA_INVENTORY]
#       starts and writes an inventory ($T/fleet.conf; EXTRA_INVENTORY, INI
#       text, appended) of five rigs:
#         hot   an ipmi_sim BMC, on, CPU Temp at 96 C (above its upper
#               critical threshold, 95): worst sensor state critical
#         cold  an ipmi_sim BMC, powered off
#         gpu   an sshd rig (tests/fixtures/rig-riser through the fake
#               nvidia-smi: four GPUs, the hottest at 52 C), no BMC, and
#               an emulated Tasmota plug (relay on, its meter 118.4 W)
#         ecc   the same sshd as a workstation with ECC memory
#               (tests/fixtures/rig-ecc's EDAC: 5 corrected errors)
#         dead  a BMC address where nothing answers
#       then the exporter over it (exporter_start).  Sets FLEET_RIGS (the
#       names in inventory order), FLEET_HOT_HOST, FLEET_COLD_HOST,
#       FLEET_HOTTEST_GPU (from the fixture's gpus.csv), FLEET_PLUG_W.
#   fleet_scrape NAME   GET /probe?target=NAME once (what the page shows
#                       is what scrapes collected); the exposition on
#                       stdout, HTTP code in HTTP_CODE
#
# SPDX-License-Identifier: GPL-3.0-or-later

: "${T:?lib.sh first}"
. "$top_srcdir/tests/helpers/sshd.sh"
. "$top_srcdir/tests/helpers/plug.sh"

fleet_start() {
	local pw inv=$T/fleet.conf dead fixture
	need_cmd ipmi_sim curl jq
	command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] ||
		skip_test "sshd not installed"
	pw=$(pwfile fleet.pw adminpw)

	sim_start "$T/sim-hot" || { echo "could not start ipmi_sim" >&2; exit 99; }
	at_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
	FLEET_HOT_HOST=$SIM_HOST
	# 0x60 = 96 C against the SDR's unc 85, ucr 95, unr 100.
	sim_cmd "sensor_set_value 0x20 0 0x01 0x60 1" >/dev/null ||
		{ echo "sim: CPU Temp" >&2; exit 99; }

	mkdir -p "$T/sim-cold/chassis"
	echo 0 > "$T/sim-cold/chassis/power" # starts powered off
	sim_start "$T/sim-cold" || { echo "could not start ipmi_sim" >&2; exit 99; }
	at_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
	FLEET_COLD_HOST=$SIM_HOST
	unset SIM_PID

	start_sshd
	use_fixture rig-riser
	fixture=$top_srcdir/tests/fixtures/rig-riser
	# The fake nvidia-smi prints gpus.csv: field 4 is temperature.gpu.
	FLEET_HOTTEST_GPU=$(awk -F', *' '{ if ($4 > m) m = $4 } END { print m }' \
		"$fixture/gpus.csv")

	plug_start fleet-plug tasmota --initial on
	FLEET_PLUG_W=118.4 # plug-emu.py's meter with the relay on

	dead=127.0.0.1:$(sim_freeport udp)
	cat > "$inv" <<-EOF
	[hot]
	bmc = $FLEET_HOT_HOST
	bmc_user = admin
	bmc_password_file = $pw
	bmc_workarounds = opensesspriv

	[cold]
	bmc = $FLEET_COLD_HOST
	bmc_user = admin
	bmc_password_file = $pw
	bmc_workarounds = opensesspriv

	[gpu]
	ssh = $SSH_TARGET
	ssh_identity = $SSH_KEY
	ssh_known_hosts = $SSH_KNOWN_HOSTS
	probe_root = $fixture
	plug = tasmota://127.0.0.1:$PLUG_PORT

	[ecc]
	ssh = $SSH_TARGET
	ssh_identity = $SSH_KEY
	ssh_known_hosts = $SSH_KNOWN_HOSTS
	probe_root = $top_srcdir/tests/fixtures/rig-ecc

	[dead]
	bmc = $dead
	bmc_user = admin
	bmc_password_file = $pw
	bmc_workarounds = opensesspriv
	bmc_timeout = 1500
	EOF
	FLEET_RIGS=(hot cold gpu ecc dead)
	[ -z "${1:-}" ] || printf '\n%s\n' "$1" >> "$inv"
	EXPORTER_ENV="XDG_CACHE_HOME=$T/cache ${EXPORTER_ENV:-}" \
		exporter_start "$inv" ||
		{ echo "could not start the exporter" >&2; exit 99; }
}

fleet_scrape() {
	local out
	out=$(curl -sS -w '\n%{http_code}' "$EXPORTER_URL/probe?target=$1") ||
		{ HTTP_CODE=000; return 1; }
	HTTP_CODE=${out##*$'\n'}
	printf '%s\n' "${out%$'\n'*}"
}

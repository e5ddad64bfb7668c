# plug.sh - bash library: emulated smart plugs (tests/helpers/plug-emu.py)
# for the plug path's tests.  After lib.sh:
#
#   plug_start NAME KIND [EMULATOR OPTIONS...]
#       start a Tasmota or Shelly Gen2 emulator on 127.0.0.1 at a free port,
#       stopped on exit; sets PLUG_PORT, PLUG_ORACLE ($T/NAME.oracle: one
#       "<ms> <relay> on|off <why>" line per relay switch) and PLUG_PID
#   plug_stop           stop the last one started (TERM)
#   plug_switches       the oracle's "<relay> on|off" lines, in order
#
# SPDX-License-Identifier: GPL-3.0-or-later

plug__here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

plug_start() {
	local name=$1 kind=$2
	shift 2
	need_cmd python3
	PLUG_ORACLE=$T/$name.oracle
	rm -f "$T/$name.port" "$PLUG_ORACLE"
	python3 "$plug__here/plug-emu.py" --kind "$kind" \
		--port-file "$T/$name.port" --oracle "$PLUG_ORACLE" "$@" &
	PLUG_PID=$!
	at_exit "kill $PLUG_PID 2>/dev/null"
	wait_until 10 test -s "$T/$name.port" ||
		{ echo "plug emulator did not start" >&2; exit 99; }
	read -r PLUG_PORT < "$T/$name.port"
}

plug_stop() {
	kill "$PLUG_PID" 2>/dev/null
	wait "$PLUG_PID" 2>/dev/null
	return 0
}

plug_switches() { awk '{ print $2, $3 }' "$PLUG_ORACLE"; }

# sim.sh - bash library: run OpenIPMI's ipmi_sim as a throw-away test BMC.
#
#   . tests/helpers/sim.sh
#   sim_start DIR [SOLPORT]
#                      start a simulator whose files live in DIR; exports
#                      SIM_HOST (127.0.0.1:PORT), SIM_PORT, SIM_PID, SIM_DIR,
#                      SIM_STATE (chassis-control state dir), SIM_CONSOLE_PORT,
#                      SIM_SOL_PORT, SIM_LOG
#                      ipmi_sim connects to the SOL port (it plays the host's
#                      serial port) at startup and then only every ~10 s, so
#                      a SOL test listens first and passes its port here.
#   sim_cmd "LINE"     run one emulator command (ipmi_sim_cmd(5)) on its console
#   sim_stop           TERM, then KILL after $SIM_STOP_TIMEOUT s (default 5)
#   sim_freeport udp|tcp   print a currently unused 127.0.0.1 port
#
# Bash, not POSIX sh: it needs /dev/tcp, /dev/udp and read -N/-d/-t.
# Knobs: SIM_FREEPORT (path of the freeport helper), SIM_START_TIMEOUT (10 s),
# SIM_LOADLIB='"PATH.so" "OPTIONS"' to load an ipmi_sim module (@STATEDIR@ in
# it becomes SIM_STATE), SIM_SET_SEL_TIME=0 to keep ipmi_sim's SEL clock (it starts near 0, so events
# would show as "PostInit"); the default sets it to the host time.
# SIM_EMU=PATH runs another ipmi_sim command file instead of rig.emu (e.g.
# $SIM_SRCDIR/romed8.emu, the exporter's 33-sensor board).
#
# Copyright (C) the libipmirig authors.  SPDX-License-Identifier: GPL-3.0-or-later

sim__here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${SIM_SRCDIR:=$sim__here/../sim}"	# lan.conf.in, rig.emu, chassis-control

sim__log() { printf 'sim: %s\n' "$*" >&2; }

# sim__count_port udp|tcp PORT [STATE]: how many sockets (IPv4 + IPv6) have
# PORT as local port, optionally only in TCP state STATE (0A = LISTEN).
# /proc/net sees every socket of this network namespace, SO_REUSEADDR or not.
sim__count_port() {
	local hex n=0 f laddr st
	hex=$(printf '%04X' "$2")
	for f in "/proc/net/$1" "/proc/net/${1}6"; do
		[ -r "$f" ] || continue
		while read -r _ laddr _ st _; do
			[[ $laddr == *:"$hex" ]] || continue
			[ -z "${3:-}" ] || [ "$st" = "$3" ] || continue
			n=$((n + 1))
		done < "$f"
	done
	echo "$n"
}

# The freeport helper (tests/helpers/freeport.c) does a plain bind() test.
sim__freeport_bin() {
	local c
	for c in "${SIM_FREEPORT:-}" "$sim__here/freeport" ./freeport \
		./helpers/freeport ./tests/helpers/freeport; do
		[ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
	done
	return 1
}

# Random ports BELOW the kernel's ephemeral range: a client socket cannot be
# handed one of them behind our back, and ipmi_sim's outgoing SOL connect
# cannot self-connect to its own target port.
sim_freeport() {
	local proto=${1:-} lo port bin
	case $proto in udp|tcp) ;; *) sim__log "sim_freeport udp|tcp"; return 2 ;; esac
	read -r lo _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
	[ "$lo" -gt 12000 ] || lo=32768
	bin=$(sim__freeport_bin) || bin=
	for _ in $(seq 1 100); do
		port=$((10000 + (RANDOM * 32768 + RANDOM) % (lo - 10000)))
		[ "$(sim__count_port "$proto" "$port")" = 0 ] || continue
		if [ -n "$bin" ]; then "$bin" "$proto" "$port" || continue; fi
		echo "$port"
		return 0
	done
	sim__log "no free $proto port found"
	return 1
}

# sim__ping PORT: one RMCP presence ping (ASF type 0x80); the pong starts
# with 0x06.  Done in bash because rmcp_ping always waits its full timeout
# and FreeIPMI's ipmi-ping cannot take a port.
sim__ping() {
	local fd x rc=1
	# A bare "exec ... 2>/dev/null" would silence the caller's stderr for
	# good: only the group's redirection is undone afterwards.
	{ exec {fd}<>"/dev/udp/127.0.0.1/$1"; } 2>/dev/null || return 1
	printf '\x06\x00\xff\x06\x00\x00\x11\xbe\x80\x00\x00\x00' 2>/dev/null 1>&"$fd" &&
		IFS= read -r -t 0.2 -N 1 x <&"$fd" 2>/dev/null && [ "$x" = $'\x06' ] && rc=0
	exec {fd}>&-
	return $rc
}

sim__sedesc() { printf '%s' "$1" | sed -e 's/[|&\\]/\\&/g'; }

sim__set_sel_time() {
	local now
	now=$(date +%s)
	if command -v ipmitool >/dev/null 2>&1; then
		# shellcheck disable=SC2046 # four separate byte arguments
		ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$SIM_PORT" -U admin -P adminpw \
			raw 0x0a 0x49 $(printf '0x%02x 0x%02x 0x%02x 0x%02x' \
			$((now & 255)) $((now >> 8 & 255)) $((now >> 16 & 255)) $((now >> 24 & 255))) \
			>/dev/null 2>&1
	elif command -v bmc-device >/dev/null 2>&1; then
		bmc-device -D LAN_2_0 -W opensesspriv -h "$SIM_HOST" -u admin -p adminpw \
			--set-sel-time=now >/dev/null 2>&1
	fi || sim__log "could not set the SEL time (continuing)"
}

sim_start() {
	local dir=${1:-} solport=${2:-} attempt port cport sport t up
	[ -n "$dir" ] || { sim__log "usage: sim_start DIR"; return 2; }
	command -v ipmi_sim >/dev/null 2>&1 || { sim__log "ipmi_sim not installed"; return 77; }
	case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
	case $dir in *\'*) sim__log "DIR must not contain a quote"; return 2 ;; esac
	mkdir -p "$dir/state" "$dir/chassis" || return 1
	# The chassis program defaults to "on"; the file makes that visible to
	# tests, and a test may pre-create it with 0 to start powered off.
	[ -s "$dir/chassis/power" ] || echo 1 > "$dir/chassis/power"
	: >> "$dir/chassis/actions.log"

	for attempt in 1 2 3; do
		port=$(sim_freeport udp) && cport=$(sim_freeport tcp) &&
			sport=${solport:-$(sim_freeport tcp)} || return 1
		[ "$cport" != "$sport" ] || continue
		sed -e "s|@PORT@|$port|g" -e "s|@CONSOLEPORT@|$cport|g" \
		    -e "s|@SOLPORT@|$sport|g" \
		    -e "s|@STATEDIR@|$(sim__sedesc "$dir/chassis")|g" \
		    -e "s|@CHASSIS@|$(sim__sedesc "$SIM_SRCDIR/chassis-control")|g" \
		    "$SIM_SRCDIR/lan.conf.in" > "$dir/lan.conf" || return 1
		# A module for commands ipmi_sim lacks (tests/sim/rigmod.c).
		[ -z "${SIM_LOADLIB:-}" ] ||
			printf 'loadlib %s\n' "${SIM_LOADLIB//@STATEDIR@/$dir/chassis}" \
				>> "$dir/lan.conf"
		# -n: no console on stdio (we use the TCP console), -p: no
		# persistence (every run starts from rig.emu; SEL adds stay cheap).
		ipmi_sim -c "$dir/lan.conf" -f "${SIM_EMU:-$SIM_SRCDIR/rig.emu}" \
			-s "$dir/state" -n -p </dev/null >>"$dir/ipmi_sim.log" 2>&1 &
		SIM_PID=$!
		export SIM_PID SIM_PORT=$port SIM_HOST=127.0.0.1:$port SIM_DIR=$dir \
			SIM_STATE=$dir/chassis SIM_CONSOLE_PORT=$cport \
			SIM_SOL_PORT=$sport SIM_LOG=$dir/ipmi_sim.log

		t=$((SECONDS + ${SIM_START_TIMEOUT:-10}))
		until up=0; sim__ping "$port" && up=1; [ $up = 1 ] || [ $SECONDS -ge $t ]; do
			if ! kill -0 "$SIM_PID" 2>/dev/null; then
				sim__log "ipmi_sim died at startup:"; cat "$dir/ipmi_sim.log" >&2
				wait "$SIM_PID" 2>/dev/null; unset SIM_PID
				return 1
			fi
			sleep 0.05
		done
		# ipmi_sim binds with SO_REUSEADDR: a simulator that grabbed the
		# same port in the meantime would share it silently.  Insist on
		# being alone on both ports, else start over on new ones.
		if [ $up = 1 ] &&
		   [ "$(sim__count_port udp "$port")" = 1 ] &&
		   [ "$(sim__count_port tcp "$cport" 0A)" = 1 ]; then
			[ "${SIM_SET_SEL_TIME:-1}" = 0 ] || sim__set_sel_time
			return 0
		fi
		sim__log "attempt $attempt: no answer or port shared, retrying"
		sim_stop
	done
	sim__log "could not start ipmi_sim (log: $dir/ipmi_sim.log)"
	return 1
}

sim_stop() {
	local t=0
	[ -n "${SIM_PID:-}" ] || return 0
	kill -TERM "$SIM_PID" 2>/dev/null
	while kill -0 "$SIM_PID" 2>/dev/null; do
		if [ $t -ge $((${SIM_STOP_TIMEOUT:-5} * 10)) ]; then
			sim__log "ipmi_sim $SIM_PID ignores TERM, killing it"
			kill -KILL "$SIM_PID" 2>/dev/null
			break
		fi
		sleep 0.1
		t=$((t + 1))
	done
	wait "$SIM_PID" 2>/dev/null	# reap it if it is our child
	unset SIM_PID
	return 0
}

# sim_cmd LINE: the console echoes the line, prints any output, then a "> "
# prompt; errors start with "**".  Prints the output, returns 1 on "**".
# "quit" is refused: it would end the simulator under the test's feet.
sim_cmd() {
	local line=${1:-} fd chunk out=
	case $line in quit|quit\ *|*$'\n'*)
		sim__log "sim_cmd: refusing '$line'"; return 2 ;; esac
	[ -n "${SIM_CONSOLE_PORT:-}" ] || { sim__log "sim_cmd: no simulator"; return 2; }
	exec {fd}<>"/dev/tcp/127.0.0.1/$SIM_CONSOLE_PORT" || return 1
	# First prompt, after telnet option bytes (none of them is a '>').
	if ! IFS= read -r -t 5 -d '>' chunk <&"$fd"; then
		exec {fd}>&-; sim__log "sim_cmd: no console prompt"; return 1
	fi
	printf '%s\n' "$line" >&"$fd"
	# Read up to the next prompt, "\n\r> "; a '>' inside output is kept.
	while IFS= read -r -t 5 -d '>' chunk <&"$fd"; do
		out+=$chunk
		[[ $out == *$'\r' ]] && break
		out+='>'
	done
	exec {fd}>&-
	out=${out//$'\r'/}
	out=${out#*$'\n'}		# drop the echoed command line
	[ -z "$out" ] || printf '%s' "$out"
	[[ $out != *'**'* ]]
}

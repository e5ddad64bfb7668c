# lib.sh - shared bits of the bash integration tests.
#   . "$top_srcdir/tests/helpers/lib.sh"
# Gives: T (a private temp dir, removed on exit), at_exit, fail, finish,
# check_eq, check_match, check_has, run_rigctl (sets RC, OUT, ERR), pwfile,
# need_cmd, skip_test, loaded, now_ms, wait_until, alive, start_sim and
# BMC_OPTS, sel_add, relay_start and relay_stop.  tests/helpers/sshd.sh adds
# the SSH rig (start_sshd, use_fixture, fake_mode).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
. "$(dirname "${BASH_SOURCE[0]}")/skip.sh"
: "${top_builddir:=$PWD}"
: "${RIGCTL:=$top_builddir/tools/rigctl}"
export SIM_FREEPORT="${SIM_FREEPORT:-$top_builddir/tests/helpers/freeport}"

T=$(mktemp -d "${TMPDIR:-/tmp}/rigtest.XXXXXX")
lib__exit_hooks=()
at_exit() { lib__exit_hooks+=("$*"); }
lib__cleanup() {
	local h
	for h in "${lib__exit_hooks[@]}"; do eval "$h"; done
	rm -rf "$T"
}
trap lib__cleanup EXIT
trap 'exit 130' INT TERM

lib__failures=0
fail() {
	printf 'FAIL: %s\n' "$*" >&2
	lib__failures=$((lib__failures + 1))
}
# finish: exit 1 if anything failed (call last).
finish() {
	if [ "$lib__failures" -gt 0 ]; then
		printf '%d check(s) failed\n' "$lib__failures" >&2
		exit 1
	fi
	echo "all checks passed"
	exit 0
}

check_eq() { # WHAT EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then printf 'ok: %s\n' "$1"
	else fail "$1: expected '$2', got '$3'"; fi
}
check_match() { # WHAT REGEX TEXT
	if [[ $3 =~ $2 ]]; then printf 'ok: %s\n' "$1"
	else fail "$1: '$3' does not match /$2/"; fi
}

# check_has WHAT TEXT NEEDLE: TEXT contains NEEDLE literally.
check_has() {
	if [[ $2 == *"$3"* ]]; then printf 'ok: %s\n' "$1"
	else fail "$1: '$2' does not contain '$3'"; fi
}

# run_rigctl ARGS...: RC, OUT, ERR of one run (stdin from /dev/null).
run_rigctl() {
	"$RIGCTL" "$@" </dev/null >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# pwfile NAME SECRET: a password file with mode 0600, path printed.
pwfile() {
	(umask 077 && printf '%s\n' "$2" > "$T/$1")
	echo "$T/$1"
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip_test "$c not installed"
	done
}

# loaded COMMAND...: the shared objects the dynamic loader opened for
# COMMAND, linked or dlopened (as the loader names them), sorted.
loaded() {
	LD_DEBUG=files "$@" </dev/null 2>&1 >/dev/null |
		sed -n 's/.*file=\([^ ]*\).*\[0\];.*/\1/p' | sort -u
}

# now_ms: milliseconds since the epoch; elapsed time is the difference of two.
now_ms() { date +%s%3N; }

# wait_until SECONDS CMD...: run CMD every 50 ms until it succeeds; return 1
# once SECONDS have passed without success.
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

# alive PID: the process runs (a zombie is dead, merely not reaped yet: in
# a container whose init does not reap, it stays).
alive() {
	local st
	st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# start_sim: one simulator for this test, stopped on exit.
start_sim() {
	. "$top_srcdir/tests/helpers/sim.sh"
	need_cmd ipmi_sim
	sim_start "$T/sim" || { echo "could not start ipmi_sim" >&2; exit 99; }
	# The current SIM_PID at exit (a test may restart the simulator), and
	# this one by number: a test that starts more and unsets SIM_PID must
	# not leave it running.
	at_exit "sim_stop; kill $SIM_PID 2>/dev/null"
}

# The BMC options every rigctl call against ipmi_sim needs.
BMC_OPTS=(-W opensesspriv)

# sel_add BYTE...: add a SEL record to the simulator (Add SEL Entry, through
# ipmitool: the test needs it); the 16 record bytes, of which the BMC sets
# the record id and the time.
sel_add() {
	ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$SIM_PORT" -U admin -P adminpw \
		raw 0x0a 0x44 "$@" >/dev/null || fail "Add SEL Entry $*"
}

# relay_start [-l PORT] [LOSSY-RELAY OPTIONS...]: tests/helpers/lossy-relay
# in front of the simulator (-t SIM_PORT is added; its options are in
# lossy-relay.c: -d drop %, -u duplicate %, -y delay %, -m longest delay,
# -s seed, -T lifetime).  Sets RPORT, where it listens, and RELAY_PID; its
# statistics go to $T/relay.log.  One relay at a time, stopped on exit.
RELAY_PID=
relay_start() {
	relay_stop
	: >"$T/relay.port"
	"$top_builddir/tests/helpers/lossy-relay" -t "$SIM_PORT" "$@" \
		>"$T/relay.port" 2>"$T/relay.log" &
	RELAY_PID=$!
	wait_until 5 test -s "$T/relay.port" &&
		read -r RPORT <"$T/relay.port" ||
		{ echo "the relay did not start: $(cat "$T/relay.log")" >&2; exit 99; }
}
# relay_stop [SIGNAL]: stop the relay (TERM, which prints its statistics;
# KILL to make it vanish mid-exchange) and reap it.
relay_stop() {
	[ -n "$RELAY_PID" ] || return 0
	kill -"${1:-TERM}" "$RELAY_PID" 2>/dev/null
	wait "$RELAY_PID" 2>/dev/null
	RELAY_PID=
}
at_exit relay_stop

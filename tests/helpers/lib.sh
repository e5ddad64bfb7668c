# lib.sh - shared bits of the bash integration tests.
#   . "$top_srcdir/tests/helpers/lib.sh"
# Gives: T (a private temp dir, removed on exit), fail, check_eq, check_match,
# run_rigctl (sets RC, OUT, ERR), pwfile, need_cmd, at_exit, skip_test.
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

# start_sim: one simulator for this test, stopped on exit.
start_sim() {
	. "$top_srcdir/tests/helpers/sim.sh"
	need_cmd ipmi_sim
	sim_start "$T/sim" || { echo "could not start ipmi_sim" >&2; exit 99; }
	at_exit sim_stop
}

# The BMC options every rigctl call against ipmi_sim needs.
BMC_OPTS=(-W opensesspriv)

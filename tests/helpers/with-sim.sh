#!/bin/bash
# with-sim.sh TEST [ARGS...] - run one test against a fresh ipmi_sim BMC.
#
# Meant as automake LOG_COMPILER (LOG_COMPILER = $(srcdir)/helpers/with-sim.sh).
# The test sees SIM_HOST, SIM_PORT, SIM_PID, SIM_DIR, SIM_STATE,
# SIM_CONSOLE_PORT, SIM_SOL_PORT and SIM_LOG (see sim.sh) and may source
# sim.sh itself for sim_cmd.  Its exit code is ours; 77 (skip) passes
# through; 99 (hard error) if the simulator cannot start.  The simulator is
# stopped and the temp dir removed on every exit path; SIM_KEEP=1 keeps the
# dir, and ipmi_sim's log is shown when the test fails.
#
# Copyright (C) the libipmirig authors.  SPDX-License-Identifier: GPL-3.0-or-later

[ $# -ge 1 ] || { echo "usage: with-sim.sh TEST [ARGS...]" >&2; exit 99; }
. "$(dirname "${BASH_SOURCE[0]}")/sim.sh" || exit 99
. "$(dirname "${BASH_SOURCE[0]}")/skip.sh" || exit 99

command -v ipmi_sim >/dev/null 2>&1 ||
	skip_test "ipmi_sim (Debian package openipmi) is not installed"

test_pid=
rc=99
SIM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rig-sim.XXXXXX") || exit 99

cleanup() {
	trap - EXIT INT TERM HUP
	[ -z "$test_pid" ] || kill -TERM "$test_pid" 2>/dev/null
	sim_stop
	if [ "$rc" != 0 ] && [ "$rc" != 77 ] && [ -s "$SIM_DIR/ipmi_sim.log" ]; then
		echo "--- ipmi_sim log ---" >&2; cat "$SIM_DIR/ipmi_sim.log" >&2
	fi
	if [ "${SIM_KEEP:-0}" = 1 ]; then
		echo "with-sim: kept $SIM_DIR" >&2
	else
		rm -rf "$SIM_DIR"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'rc=130; cleanup' INT
trap 'rc=143; cleanup' TERM HUP

sim_start "$SIM_DIR" || { echo "with-sim: simulator did not start" >&2; rc=99; exit 99; }

# In the background, so that a signal to us is handled at once (bash runs
# traps only after a foreground child ends) and the test is ended too.
"$@" &
test_pid=$!
wait "$test_pid"
rc=$?
test_pid=
exit "$rc"

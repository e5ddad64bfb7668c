#!/bin/bash
# The main job on the embedded default: start the simulated BMC bundled
# with the project (OpenIPMI's ipmi_sim, configured under tests/sim/) and run
# rigctl against it, passing its address explicitly.  Run by "make demo".
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$top_srcdir/tests/helpers/lib.sh"
start_sim
PW=$(pwfile demo.pw adminpw)
show() {
	printf '\n$ rigctl %s\n' "$*"
	"$RIGCTL" "$@"
	rc=$?
	[ $rc -eq 0 ] || { echo "rigctl exited $rc" >&2; exit $rc; }
}
echo "Simulated BMC (ipmi_sim) listening on $SIM_HOST; user admin."
R=(-H "$SIM_HOST" -U admin -f "$PW" -W opensesspriv)
show "${R[@]}" info
show "${R[@]}" power status
show "${R[@]}" power cycle --wait
show "${R[@]}" power status
echo
echo "Demo done: the simulator is stopped again."

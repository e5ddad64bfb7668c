#!/bin/bash
# Library-level SEL clear against the simulated BMC: tests/hook-sel-clear
# (the library's internal test hook adds an event between the read and the
# re-check), then tests/lib-sel-clear (public API only).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd ipmitool
start_sim
export SIM_PORT SCRATCH="$T"
"$top_builddir/tests/hook-sel-clear" || exit 1
"$top_builddir/tests/lib-sel-clear"

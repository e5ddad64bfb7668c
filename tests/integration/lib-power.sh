#!/bin/bash
# Library-level power tests against the simulated BMC (tests/lib-power.c).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
start_sim
# A port where nothing answers, for the timeout cases.
DEAD_HOST=127.0.0.1:$(sim_freeport udp) && export DEAD_HOST
"$top_builddir/tests/lib-power"

#!/bin/bash
# valgrind-wrap.sh: the test suite under valgrind memcheck.
#   make check LOG_COMPILER=$srcdir/tests/valgrind-wrap.sh \
#              SH_LOG_COMPILER=$srcdir/tests/valgrind-wrap.sh
# As the log compiler of a .sh test: runs it with RIGCTL pointing back
# here, so every rigctl the test starts runs under valgrind.  As the log
# compiler of any other test (unit tests, fuzz replays): runs it under
# valgrind.  A memory error or a definite/indirect leak makes the run exit
# 97 instead of its own status, which every test notices.  Dependencies'
# own leaks and false positives are listed in tests/valgrind.supp.
# Builds with shared libraries work too (libtool --mode=execute).
# SPDX-License-Identifier: GPL-3.0-or-later
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vg=(valgrind --quiet --error-exitcode=97 --leak-check=full
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --suppressions="$here/valgrind.supp" --num-callers=40
    ${VALGRIND_OPTS:-})
lt=${top_builddir:-.}/libtool

# run PROGRAM ARGS...: under valgrind, through libtool for its wrappers.
run() {
	if [ -x "$lt" ] && head -c 200 "$1" 2>/dev/null | grep -q libtool; then
		exec "$lt" --mode=execute "${vg[@]}" "$@"
	fi
	exec "${vg[@]}" "$@"
}

if [ -n "${VALGRIND_WRAP_RIGCTL:-}" ]; then
	run "$VALGRIND_WRAP_RIGCTL" "$@"
fi
case $1 in
*.sh)
	VALGRIND_WRAP_RIGCTL=${RIGCTL:-${top_builddir:-.}/tools/rigctl}
	RIGCTL=$here/valgrind-wrap.sh
	export VALGRIND_WRAP_RIGCTL RIGCTL
	exec bash "$@"
	;;
*)
	run "$@"
	;;
esac

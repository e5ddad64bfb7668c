# skip.sh - the one way a test says it cannot run here.
#   . "$(dirname "${BASH_SOURCE[0]}")/skip.sh"   (lib.sh does it for you)
# skip_test MESSAGE: a peer or a privilege the test needs is missing: print
# it and exit 77, which automake counts as SKIP.  With RIG_TESTS_NO_SKIP
# set (.ci/run sets it: CI installs every peer) a skip is a hard error
# (exit 99), so no stage of CI, distcheck included, can pass by skipping.
#
# SPDX-License-Identifier: GPL-3.0-or-later

skip_test() {
	echo "SKIP: $*"
	if [ -n "${RIG_TESTS_NO_SKIP:-}" ]; then
		echo "error: RIG_TESTS_NO_SKIP is set (CI installs every peer), so this skip fails the test" >&2
		exit 99
	fi
	exit 77
}

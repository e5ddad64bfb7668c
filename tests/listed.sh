#!/bin/bash
# Every test file in the tree is run by make check: each tests/unit/*.c is
# a test program in TESTS, each tests/integration/*.sh and tests/*.sh test
# is in TESTS (tests/exports.sh where the build has a shared library), each
# tests/integration/*.c is built and run by a test in TESTS, each fuzz
# target is replayed.  A test that is never run is a test that cannot
# fail.  Also, every name in TESTS is a file that exists.  (The listing is
# the last two lines make prints: it may regenerate the Makefile first.)
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
build=${top_builddir:-$top}
. "$top/tests/helpers/skip.sh"
listing=$(MAKEFLAGS= make -s --no-print-directory -C "$build" list-tests 2>/dev/null | tail -n 2) ||
	{ echo "listed: 'make list-tests' failed in $build" >&2; exit 99; }
run=" $(printf '%s\n' "$listing" | sed -n 1p) "
maybe=" $(printf '%s\n' "$listing" | sed -n 2p) "
fails=0 n=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
listed() { case "$run$maybe" in *" $1 "*) return 0 ;; esac; return 1; }

cd "$top" || exit 99
for f in tests/unit/*.c; do
	n=$((n + 1))
	listed "${f%.c}" || bad "$f: tests/${f#tests/unit/} is not in TESTS (tests/tests.am)"
done
# Scripts that are tests (not helpers, not the demo, not wrappers).
for f in tests/integration/*.sh tests/*.sh; do
	case $f in tests/demo.sh | tests/valgrind-wrap.sh) continue ;; esac
	n=$((n + 1))
	listed "$f" || bad "$f is not in TESTS (tests/tests.am)"
done
for f in tests/integration/*.c; do
	n=$((n + 1))
	prog=tests/$(basename "${f%.c}")
	grep -q "${prog//[-\/]/_}_SOURCES = $f" tests/tests.am ||
		bad "$f is not the source of $prog in tests/tests.am"
	users=$(grep -l "tests/$(basename "${f%.c}")\b" tests/integration/*.sh 2>/dev/null |
		while read -r u; do listed "$u" && echo "$u"; done)
	[ -n "$users" ] || bad "$f: no test in TESTS runs $prog"
done
for f in tests/fuzz/fuzz-*.c; do
	n=$((n + 1))
	t=$(basename "${f%.c}"); t=${t#fuzz-}
	listed "tests/fuzz/replay-$t" || bad "$f: tests/fuzz/replay-$t is not in TESTS (tests/fuzz/fuzz.am)"
done
for t in $run; do
	[ -e "$t" ] || [ -e "$t.c" ] || [ -e "tests/integration/$(basename "$t").c" ] ||
		[ -e "tests/fuzz/fuzz-${t#tests/fuzz/replay-}.c" ] ||
		bad "TESTS names $t, which has no source"
done
[ "$n" -gt 40 ] || bad "only $n test files found: is the tree there?"
echo "listed: $n test files, $fails not run"
[ "$fails" -eq 0 ]

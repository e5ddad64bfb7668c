#!/bin/bash
# run.sh TARGET SECONDS [LIBFUZZER-OPTIONS...]
# Run one libFuzzer target of a build configured with --enable-fuzzing
# CC=clang, from that build directory (or with top_builddir set), for
# SECONDS.  The seed corpus tests/fuzz/corpus/TARGET is read, never
# written: new inputs go to a scratch corpus (kept in $FUZZ_WORK, default
# a temporary directory that is removed).  A crash leaves its input in
# $FUZZ_ARTIFACTS (default ./fuzz-artifacts/TARGET/) and exits non-zero:
# copy it to tests/fuzz/regress/TARGET/ once fixed, so make check replays it.
#   TARGET: inventory cli sel state cursor probe, or "all" (SECONDS each).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${top_builddir:=$PWD}"
targets="inventory cli sel state cursor probe"

usage() { echo "usage: $0 TARGET|all SECONDS [libFuzzer options]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1 secs=$2
shift 2
[[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -gt 0 ] || usage

if [ "$target" = all ]; then
	rc=0
	for t in $targets; do "$0" "$t" "$secs" "$@" || rc=1; done
	exit $rc
fi
case " $targets " in *" $target "*) ;; *) usage ;; esac

bin=$top_builddir/tests/fuzz/fuzz-$target
[ -x "$bin" ] || { echo "$bin not built: configure --enable-fuzzing CC=clang, then make" >&2; exit 2; }
seeds=$top_srcdir/tests/fuzz/corpus/$target
art=${FUZZ_ARTIFACTS:-$PWD/fuzz-artifacts/$target}
mkdir -p "$art"
if [ -n "${FUZZ_WORK:-}" ]; then
	work=$FUZZ_WORK/$target
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-$target.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536
      -artifact_prefix="$art/" -print_final_stats=1)
# The CLI target prints usage text on both streams: keep it off the log.
if [ "$target" = cli ]; then opts+=(-close_fd_mask=3); else opts+=(-close_fd_mask=1); fi
echo "fuzz $target for $secs s (seeds $seeds, crashes to $art/)"
"$bin" "${opts[@]}" "$@" "$work" "$seeds"
rc=$?
if [ $rc -ne 0 ]; then
	echo "fuzz $target: FAILED (exit $rc); inputs in $art/:" >&2
	ls -l "$art" >&2
	exit 1	# not libFuzzer's 77, which a test harness reads as "skipped"
fi
exit 0

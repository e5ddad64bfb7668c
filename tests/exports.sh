#!/bin/bash
# The shared library exports exactly the functions the public header
# declares: nothing unprefixed, no internal rig_* helper, none missing.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd nm

so=$top_builddir/libipmirig/.libs/libipmirig.so
[ -e "$so" ] || skip_test "no shared library at $so (built with --disable-shared?)"
header=$top_srcdir/libipmirig/include/ipmirig.h

nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' | sort -u > "$T/exported"
grep -oE '\brig_[a-z0-9_]+ *\(' "$header" | sed 's/ *($//' | sort -u > "$T/declared"

check_eq "every export is a rig_ symbol" "" "$(grep -v '^rig_' "$T/exported" | tr '\n' ' ')"
check_eq "exported but not in the header" "" "$(comm -23 "$T/exported" "$T/declared" | tr '\n' ' ')"
check_eq "declared but not exported" "" "$(comm -13 "$T/exported" "$T/declared" | tr '\n' ' ')"
check_match "some symbols exported" '^[1-9][0-9]+$' "$(wc -l < "$T/exported")"
finish

#!/bin/bash
# The shared library exports exactly the functions the public header
# declares: nothing unprefixed, no internal rig_* helper, none missing;
# each by name in the version script (no wildcard), under its version
# node; and the soname is the one configure.ac's LT_VERSION_INFO gives.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd nm
need_cmd readelf

so=$top_builddir/libipmirig/.libs/libipmirig.so
[ -e "$so" ] || skip_test "no shared library at $so (built with --disable-shared?)"
header=$top_srcdir/libipmirig/include/ipmirig.h
map=$top_srcdir/libipmirig/libipmirig.map
node=LIBIPMIRIG_1.0

nm -D --defined-only "$so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' > "$T/raw"
sed 's/@.*//' "$T/raw" | sort -u > "$T/exported"
# Declarations only: a function named in a comment is not declared.
perl -0pe 's{/\*.*?\*/}{}gs' "$header" | grep -oE '\brig_[a-z0-9_]+ *\(' |
	sed 's/ *($//' | sort -u > "$T/declared"
perl -0pe 's{/\*.*?\*/}{}gs' "$map" > "$T/map"
grep -oE '^[[:space:]]*rig_[a-z0-9_]+;' "$T/map" | tr -d ' \t;' | sort > "$T/mapped"

check_eq "every export is a rig_ symbol" "" "$(grep -v '^rig_' "$T/exported" | tr '\n' ' ')"
check_eq "exported but not in the header" "" "$(comm -23 "$T/exported" "$T/declared" | tr '\n' ' ')"
check_eq "declared but not exported" "" "$(comm -13 "$T/exported" "$T/declared" | tr '\n' ' ')"
check_match "some symbols exported" '^[1-9][0-9]+$' "$(wc -l < "$T/exported")"

check_eq "the map has no wildcard but local's" "*" \
	"$(grep -oE '^[[:space:]]*[^[:space:]]*\*[^;]*;' "$T/map" | tr -d ' \t;')"
check_eq "listed in the map more than once" "" "$(uniq -d "$T/mapped" | tr '\n' ' ')"
check_eq "in the map but not declared" "" "$(comm -23 "$T/mapped" "$T/declared" | tr '\n' ' ')"
check_eq "declared but not in the map" "" "$(comm -13 "$T/mapped" "$T/declared" | tr '\n' ' ')"
# The only nodes on rig_ symbols are this one or later ones (1.x).
check_eq "exports outside $node" "" \
	"$(grep -v "@@\?$node\$" "$T/raw" | grep -v '@@\?LIBIPMIRIG_1\.[0-9]*$' | grep '^rig_' | tr '\n' ' ')"
check_match "exports carry $node" "^[1-9][0-9]*$" "$(grep -c "@@$node\$" "$T/raw")"

# libtool names the library .so.(current - age).
info=$(sed -n 's/^AC_SUBST(\[LT_VERSION_INFO\], \[\([0-9:]*\)\])/\1/p' "$top_srcdir/configure.ac")
IFS=: read -r lt_current lt_revision lt_age <<<"$info"
check_match "LT_VERSION_INFO read from configure.ac" '^[0-9]+:[0-9]+:[0-9]+$' "$info"
check_eq "soname" "libipmirig.so.$((lt_current - lt_age))" \
	"$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
: "$lt_revision"
finish

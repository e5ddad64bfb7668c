#!/bin/bash
# The include rule of libipmirig/README.md, checked on every source file:
# each layer includes only the layers below it (and the public header);
# rigctl, the examples and outside-style test programs include only the
# public header (rigctl also the library's util/ layer).  A quoted
# include must name its layer ("core/route.h"), so the rule can be read
# off the line.  Exits 1 naming every line that breaks the rule.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 99

# allowed LAYER: the layers (folders under libipmirig/) it may include.
allowed() {
	case $1 in
	util) echo "util" ;;
	codec) echo "util codec" ;;
	core) echo "util codec core" ;;
	api) echo "util codec core api" ;;
	paths/bmc) echo "util codec core paths/bmc" ;;
	paths/wol) echo "util codec core paths/wol" ;;
	paths/ssh) echo "util codec core paths/ssh" ;;
	paths/ssh/module) echo "util codec core paths/ssh paths/ssh/module" ;;
	paths/plug) echo "util codec core paths/plug" ;;
	paths/plug/module) echo "util codec core paths/plug paths/plug/module" ;;
	tools) echo "util" ;;
	public) echo "" ;;
	*) echo "?" ;;
	esac
}

# layer_of FILE: the layer a source file belongs to.
layer_of() {
	case $1 in
	libipmirig/paths/ssh/module/*) echo paths/ssh/module ;;
	libipmirig/paths/plug/module/*) echo paths/plug/module ;;
	libipmirig/paths/*/*) f=${1#libipmirig/}; echo "${f%/*}" ;;
	libipmirig/*/*) f=${1#libipmirig/}; echo "${f%%/*}" ;;
	tools/*) echo tools ;;
	examples/* | tests/integration/lib-*.c | tests/unit/test-header-c99.c) echo public ;;
	*) echo other ;;
	esac
}

# layer_of_include NAME: the layer a quoted include names.
include_layer() {
	case $1 in
	paths/ssh/module/*) echo paths/ssh/module ;;
	paths/plug/module/*) echo paths/plug/module ;;
	paths/*/*) echo "${1%/*}" ;;
	*/*) echo "${1%%/*}" ;;
	*) echo "" ;;
	esac
}

fails=0 checked=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

files=$(git ls-files 2>/dev/null | grep -E '\.(c|h)$') ||
	files=$(find libipmirig tools examples tests -name '*.[ch]' | sort)
[ -n "$files" ] || files=$(find libipmirig tools examples tests -name '*.[ch]' | sort)
for f in $files; do
	layer=$(layer_of "$f")
	[ "$layer" = other ] && continue
	[ "$f" = libipmirig/include/ipmirig.h ] && continue
	ok=$(allowed "$layer")
	# Only the quoted include lines, read without a process per line.
	while IFS= read -r line; do
		[[ $line =~ ^#[[:space:]]*include[[:space:]]*\"([^\"]*)\" ]] || continue
		inc=${BASH_REMATCH[1]}
		checked=$((checked + 1))
		[ "$inc" = ipmirig.h ] && continue
		case $layer in
		tools)
			# rigctl's own headers sit beside it (the exporter's
			# beside its files in tools/exporter/).
			[ -e "tools/$inc" ] && continue
			[ -e "${f%/*}/$inc" ] && continue ;;
		public)
			bad "$f includes \"$inc\": an outside program sees only ipmirig.h"
			continue ;;
		esac
		case $inc in
		../* | */../*) bad "$f includes \"$inc\": name the layer, not a relative path"; continue ;;
		esac
		il=$(include_layer "$inc")
		if [ -z "$il" ]; then
			bad "$f includes \"$inc\": a library header is named by its layer (\"core/$inc\")"
			continue
		fi
		[ -e "libipmirig/$inc" ] || { bad "$f includes \"$inc\", which is not under libipmirig/"; continue; }
		case " $ok " in
		*" $il "*) ;;
		*) bad "$f ($layer) includes \"$inc\" ($il): $layer may include only: ${ok:-the public header}" ;;
		esac
	done < <(grep -E '^#[[:space:]]*include[[:space:]]*"' "$f")
done
# The public header includes only the C standard headers it needs.
grep -E '^#[[:space:]]*include' libipmirig/include/ipmirig.h |
	grep -vE '<(stddef|stdint|stdbool)\.h>' |
	while read -r l; do echo "FAIL: ipmirig.h: $l"; done | grep . && fails=$((fails + 1))
[ "$checked" -gt 50 ] || bad "only $checked includes read: is the tree there?"
echo "layers: $checked includes checked, $fails violations"
[ "$fails" -eq 0 ]

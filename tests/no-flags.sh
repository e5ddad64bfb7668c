#!/bin/bash
# The library's messages never name a rigctl option (libipmirig/README.md,
# "Errors"): a program linking the library has none of them.  Where a
# remedy exists the error carries a rig_hint and rigctl's tools/advice.c
# names the option.  The options are read from rigctl's own tables (the
# global getopt string and every `struct option` array in tools/), and
# every string literal of libipmirig/ is searched for them, comments left
# out as far as a line-based search can.  Exits 1 naming every hit.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 99

# Long options: {"name", ...} rows of the option tables.
mapfile -t longs < <(grep -ho '{"[a-z][a-z0-9-]*", *[a-z_]*_argument' \
	tools/*.c | sed 's/^{"\([^"]*\)".*/\1/' | sort -u)
# Short options: the letters of the global getopt string (SHORT_OPTS).
short=$(grep -ho '#define SHORT_OPTS "[^"]*"' tools/globals.c |
	sed 's/.*"\(.*\)"/\1/' | tr -d '+:')
if [ "${#longs[@]}" -lt 10 ] || [ "${#short}" -lt 5 ]; then
	echo "no-flags.sh: could not read rigctl's option tables" >&2
	exit 99
fi

# FILE:LINE:"literal" for every string literal outside comments.  Lines
# that are part of a block comment start with "*" or "/*"; a comment at
# the end of a code line is cut off.  OpenSSH's own commands (ssh-keygen,
# ssh-keyscan) are remedies any program can print: their -f and -p are
# not rigctl's.
literals() {
	find libipmirig -name '*.[ch]' | sort | while read -r f; do
		awk -v f="$f" '
			/^[ \t]*(\/\*|\*)/ { next }
			{
				line = $0
				sub(/\/\*.*$/, "", line)
				sub(/\/\/.*$/, "", line)
				while (match(line, /"([^"\\]|\\.)*"/)) {
					lit = substr(line, RSTART, RLENGTH)
					if (lit !~ /ssh-key(gen|scan)/)
						print f ":" FNR ":" lit
					line = substr(line, RSTART + RLENGTH)
				}
			}' "$f"
	done
}

literals > "${TMPDIR:-/tmp}/no-flags.$$"
trap 'rm -f "${TMPDIR:-/tmp}/no-flags.$$"' EXIT
bad=0
report() { # OPTION MATCHES
	local hit
	while IFS= read -r hit; do
		[ -n "$hit" ] || continue
		echo "libipmirig names rigctl's $1: $hit" >&2
		bad=$((bad + 1))
	done <<<"$2"
}
for o in "${longs[@]}"; do
	report "--$o" "$(grep -E -- "[^A-Za-z0-9-]--$o([^A-Za-z0-9-]|$)" \
		"${TMPDIR:-/tmp}/no-flags.$$")"
done
for ((i = 0; i < ${#short}; i++)); do
	c=${short:i:1}
	report "-$c" "$(grep -E -- "[^A-Za-z0-9_-]-$c([^A-Za-z0-9_-]|$)" \
		"${TMPDIR:-/tmp}/no-flags.$$")"
done
if [ "$bad" -gt 0 ]; then
	echo "$bad library string(s) name a rigctl option: state the condition" \
		"and give the error a rig_hint (tools/advice.c words it)" >&2
	exit 1
fi
echo "no library string names one of ${#longs[@]} long and ${#short}" \
	"short rigctl options"

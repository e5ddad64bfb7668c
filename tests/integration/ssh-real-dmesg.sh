#!/bin/bash
# Real kernel logs end to end, every case of tests/fixtures/real/ that has
# an `expect` file (found by walking the directory, as test-real-data.c
# does): the rig's fakes serve the capture, the real probe filters it on
# the rig over sshd, rigctl groups it, and the events must be the ones
# `expect` lists: severity, type, ECC kind, DIMM, sensor and the number of
# lines in raw, in order (the capture's line numbers do not cross ssh).
#
# How a capture reaches the probe, by its `format`:
#   dmesg   with dmesg's own "[  107.010283] " times: as it is, printed by
#           the fake dmesg (the journal fails, so the probe falls back to
#           dmesg and joins indented continuation lines itself)
#   syslog, plain, and dmesg captures printed with `dmesg -T` or `-H`
#           (human times, which the probe's own `dmesg` never prints):
#           through the fake journalctl, one journal JSON entry per kernel
#           message, built here from capture.txt at run time: MESSAGE as
#           test-real-data.c's messages() takes it, a made-up __CURSOR per
#           line, __REALTIME_TIMESTAMP from the message's time when it has
#           one (its dmesg seconds, else its syslog time of day).
# A record cut by the end of the log is held back by the first read; the
# next read from its cursor (`events list --since`) reports it: the two
# reads together must give `expect`, each event once.  Then a read from
# the last cursor: nothing new.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sshd
# The rig's root: only what the probe's dmesg reader asks for besides the
# log (a boot id and the boot time), ours, so the rig-* fixtures may change.
mkdir -p "$T/root/proc/sys/kernel/random"
echo 3f0c1d4e-9a2b-4c6d-8e1f-5a7b9c0d2e4f > "$T/root/proc/sys/kernel/random/boot_id"
echo 'btime 1700000000' > "$T/root/proc/stat"
PROBE_ROOT=(--probe-root "$T/root")
real=$top_srcdir/tests/fixtures/real

events() { # ARGS...: JSON of one listing in $OUT
	run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" events list "$@"
	[ "$RC" = 0 ] || fail "$c: events list $* exited $RC: $ERR"
}
field() { printf '%s\n' "$OUT" | jq -r ".rigs[0].events$1"; }
# The events of $OUT as expect's columns after the first, one a line.
rows() {
	field '.entries[] | [.severity, .type,
		(if .ecc == "correctable" then "ce"
		 elif .ecc == "uncorrectable" then "ue" else "-" end),
		(.dimm // "-"), (.sensor // "-"),
		(.raw | split("\n") | length | tostring)] | join("\t")'
}

# dmesg_stamped FILE: every line that opens a bracket opens dmesg's default
# time stamp, as the probe's `dmesg` prints it.
dmesg_stamped() {
	grep -q '^\[ *[0-9][0-9]*\.[0-9][0-9]*\] ' "$1" &&
		! grep -v '^\[ *[0-9][0-9]*\.[0-9][0-9]*\] ' "$1" | grep -q '^\['
}

# journal_of FORMAT FILE: the capture's kernel messages as journal JSON
# lines.  The same reading as messages() in tests/unit/test-real-data.c:
# syslog = the text after "kernel: " (other lines skipped), dmesg =
# indented lines joined to the message before with a space, plain = as is;
# then a leading "[...] " is taken off (its " S.U" read as the time), else
# a syslog "Mon DD HH:MM:SS" at the line's start gives the time of day.
# Times count from 1700000000 s, as there.  Empty lines do not count.
journal_of() {
	awk -v fmt="$1" '
		$0 == "" { next }
		{ lineno++; line = $0; k = line }
		fmt == "syslog" {
			i = index(line, "kernel: ")
			if (i == 0) next
			k = substr(line, i + 8)
		}
		fmt == "dmesg" && line ~ /^[ \t]/ && n > 0 {
			sub(/^[ \t]+/, "", k)
			text[n] = text[n] " " k
			next
		}
		{
			n++; cur[n] = "c" lineno; ts[n] = ""
			if (substr(k, 1, 1) == "[" && (c = index(k, "] ")) > 0) {
				in_ = substr(k, 2, c - 2)
				if (match(in_, /^[ \t]*[+]?[0-9]+\.[ \t]*[+]?[0-9]+/)) {
					split(substr(in_, RSTART, RLENGTH), p, ".")
					gsub(/[ \t+]/, "", p[1]); gsub(/[ \t+]/, "", p[2])
					ts[n] = sprintf("%d%06d", 1700000000 + p[1], p[2] + 0)
				}
				k = substr(k, c + 2)
			}
			if (ts[n] == "" && match(line,
			    /^[ \t]*[^ \t]+[ \t]+[+]?[0-9]+[ \t]*[+]?[0-9]+:[+]?[0-9]+:[+]?[0-9]+/)) {
				t = substr(line, RSTART, RLENGTH)
				sub(/^[ \t]*[^ \t]+[ \t]+[+]?[0-9]+[ \t]*/, "", t)
				gsub(/[+]/, "", t)
				split(t, h, ":")
				ts[n] = sprintf("%d000000", 1700000000 + \
					(h[1] * 60 + h[2]) * 60 + h[3])
			}
			text[n] = k
		}
		END { for (i = 1; i <= n; i++) print cur[i] "\t" ts[i] "\t" text[i] }
	' "$2" | jq -c -R 'split("\t") | {__CURSOR: .[0]}
		+ (if .[1] != "" then {__REALTIME_TIMESTAMP: .[1]} else {} end)
		+ {MESSAGE: (.[2:] | join("\t"))}'
}

ncases=0
for dir in "$real"/*/; do
	dir=${dir%/}
	c=${dir##*/}
	[ -f "$dir/expect" ] || continue # read by test-real-data.c alone
	ncases=$((ncases + 1))
	read -r fmt < "$dir/format"
	case $fmt in
	dmesg | syslog | plain) ;;
	*) fail "$c: format '$fmt' is none of dmesg, syslog, plain" ;;
	esac
	rm -f "$SSH_FAKE_DIR/dmesg.txt" "$SSH_FAKE_DIR/journal.json"
	if [ "$fmt" = dmesg ] && dmesg_stamped "$dir/capture.txt"; then
		how=dmesg
		cp "$dir/capture.txt" "$SSH_FAKE_DIR/dmesg.txt"
		fake_mode journalctl fail
	else
		how=journal
		journal_of "$fmt" "$dir/capture.txt" > "$SSH_FAKE_DIR/journal.json"
		[ -s "$SSH_FAKE_DIR/journal.json" ] ||
			fail "$c: no kernel messages in its $fmt capture"
		fake_mode journalctl normal
	fi
	want=$(grep -v '^#' "$dir/expect" | cut -f2-)

	events
	got=$(rows)
	ids=$(field '.entries[].id')
	cursor=$(field .cursor)
	case $cursor in # "v1,ssh=jh:c9": the SSH part of rigctl's cursor
	*ssh=jh:* | *ssh=dh:*) # a record held back: the next read reports it
		echo "$c: the first read held a record back ($cursor)"
		events --since "$cursor"
		got=$(printf '%s\n%s' "$got" "$(rows)" | sed '/^$/d')
		ids=$(printf '%s\n%s' "$ids" "$(field '.entries[].id')")
		cursor=$(field .cursor)
		;;
	esac
	check_eq "$c ($fmt, through $how): the events of its expect file" \
		"$want" "$got"
	check_eq "$c: each event once" "" \
		"$(printf '%s\n' "$ids" | sed '/^$/d' | sort | uniq -d)"
	events --since "$cursor"
	check_eq "$c: nothing new after the cursor $cursor" 0 \
		"$(field '.entries | length')"
done
[ "$ncases" -gt 0 ] || fail "no case with an expect file in $real"
finish

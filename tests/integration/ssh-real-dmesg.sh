#!/bin/bash
# Real kernel logs end to end: the sshd rig's fake dmesg prints a capture
# from tests/fixtures/real/ (as published, with its dmesg times), the probe
# filters it on the rig and rigctl groups it; the events must be the ones
# the case's `expect` lists (their severity, type, ECC kind and DIMM, in
# order, each with all its lines in raw).  Then the first read's cursor:
# nothing new, nothing twice.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sshd
use_fixture rig-riser
fake_mode journalctl fail

events() { # ARGS...: JSON of one listing in $OUT
	run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" events list "$@"
	[ "$RC" = 0 ] || fail "events list $* exited $RC: $ERR"
}
field() { printf '%s\n' "$OUT" | jq -r ".rigs[0].events$1"; }

# The captures in dmesg's own format ("[  107.010283] text").
for c in amd-smca-ce-edac amd-smca-deferred-poison mce-intel-exception-pcc \
	ghes-fatal-lenovo ghes-skx-einj-icelake; do
	dir=$top_srcdir/tests/fixtures/real/$c
	cp "$dir/capture.txt" "$SSH_FAKE_DIR/dmesg.txt"
	# expect: line, severity, type, ecc (ce/ue/-), dimm, sensor, lines
	want=$(awk -F'\t' '!/^#/ {
		e = $4 == "ce" ? "correctable" : $4 == "ue" ? "uncorrectable" : "-"
		printf "%s|%s|%s|%s|%s\n", $2, $3, e, $5, $7 }' "$dir/expect")
	events
	got=$(field '.entries[] | [.severity, .type, (.ecc // "-"), (.dimm // "-"),
		(.raw | split("\n") | length | tostring)] | join("|")')
	check_eq "$c: the events of its expect file" "$want" "$got"
	events --since "$(field .cursor)"
	check_eq "$c: nothing new after its cursor" 0 "$(field '.entries | length')"
done
finish

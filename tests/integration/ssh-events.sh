#!/bin/bash
# Kernel events over SSH: PCIe AER errors, a GPU fallen off the bus, EDAC
# lines from the journal (fake journalctl printing the fixture's JSON, real
# kernel lines: tests/fixtures/rig-riser/README), with their time, the
# journal cursor as id, and a cursor to continue from; the dmesg fallback
# when there is no journal.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd jq
start_sshd
use_fixture rig-riser
J=$SSH_FAKE_DIR/journal.json

events() { # ARGS...: JSON of one listing in $OUT
	run_rigctl -o json "${SSH_OPTS[@]}" "${PROBE_ROOT[@]}" events list "$@"
	[ "$RC" = 0 ] || fail "events list $* exited $RC: $ERR"
}
field() { printf '%s\n' "$OUT" | jq -r ".rigs[0].events$1"; }
cursor_of() { sed -n "${1}p" "$J" | jq -r .__CURSOR; }

events
# The fixture's kernel lines (real captures: tests/fixtures/real/aer-corrected
# and nvrm-fallen-off, merged by their time stamps): four AER records on the
# root port 00:1c.1, the fourth cut by the end of the log, and one GPU
# fallen off the bus between the first and the second.
check_eq "five events: four AER records, one GPU lost" 5 "$(field '.entries | length')"
check_eq "AER: id is the journal cursor of its first line" "$(cursor_of 1)" "$(field '.entries[0].id')"
check_eq "AER: source" kernel "$(field '.entries[0].source')"
check_eq "AER: time" "$(date -u -d @1700000041 +%Y-%m-%dT%H:%M:%SZ)" "$(field '.entries[0].time')"
check_eq "AER: device is the root port" "0000:00:1c.1" "$(field '.entries[0].sensor')"
check_eq "AER: type" "PCIe AER" "$(field '.entries[0].type')"
check_eq "AER corrected: warning (a riser's early sign)" warning "$(field '.entries[0].severity')"
check_eq "AER: raw keeps the record's 4 lines" "$(sed -n 1,4p "$J" | jq -r .MESSAGE)" "$(field '.entries[0].raw')"
check_eq "fallen off the bus: id" "$(cursor_of 5)" "$(field '.entries[1].id')"
check_eq "fallen off the bus: device" "0000:01:00.0" "$(field '.entries[1].sensor')"
check_eq "fallen off the bus: type" GPU "$(field '.entries[1].type')"
check_eq "fallen off the bus: critical" critical "$(field '.entries[1].severity')"
check_eq "fallen off the bus: time" "$(date -u -d @1700000049 +%Y-%m-%dT%H:%M:%SZ)" "$(field '.entries[1].time')"
check_eq "every AER record on the root port, warning" \
	"0000:00:1c.1 warning,0000:00:1c.1 warning,0000:00:1c.1 warning,0000:00:1c.1 warning" \
	"$(field '.entries | map(select(.type == "PCIe AER") | "\(.sensor) \(.severity)") | join(",")')"
C=$(field .cursor)
check_match "a cursor to continue from" . "$C"

# Nothing new since the cursor; then one EDAC line arrives (a real one:
# line 7 of tests/fixtures/real/amd-smca-ce-edac/capture.txt).
events --since "$C"
check_eq "since the cursor: nothing new" 0 "$(field '.entries | length')"
check_match "the journal was asked after the last entry" \
	"--after-cursor=$(cursor_of 20 | sed 's/[;=]/./g')" "$(tail -n 1 "$SSH_FAKE_DIR/journalctl.log")"
edac=$(sed -n '7s/^\[[^]]*\] //p' "$top_srcdir/tests/fixtures/real/amd-smca-ce-edac/capture.txt")
jq -cn --arg m "$edac" '{__CURSOR: "s=f00d;i=121;b=6f0c;m=21;t=5f;x=21",
	__REALTIME_TIMESTAMP: "1700000333273479", MESSAGE: $m}' >> "$J"
events --since "$C"
check_eq "one new event" 1 "$(field '.entries | length')"
check_eq "EDAC: correctable" correctable "$(field '.entries[0].ecc')"
check_eq "EDAC: DIMM" "mc#0csrow#0channel#0" "$(field '.entries[0].dimm')"
check_eq "EDAC: type" Memory "$(field '.entries[0].type')"
events --last 1
check_eq "--last 1" "$(cursor_of 21)" "$(field '.entries | map(.id) | join(",")')"

# No journal: dmesg, with times from the boot time in the fixture's
# /proc/stat (btime 1700000000 + 41.670135 s).
fake_mode journalctl fail
events
check_eq "dmesg: the same five events" 5 "$(field '.entries | length')"
check_eq "dmesg: time" "$(date -u -d @1700000041 +%Y-%m-%dT%H:%M:%SZ)" "$(field '.entries[0].time')"
check_eq "dmesg: id" "dmesg:$(cat "$top_srcdir/tests/fixtures/rig-riser/proc/sys/kernel/random/boot_id"):41.670135" \
	"$(field '.entries[0].id')"
check_eq "dmesg: the GPU fallen off the bus, critical" "0000:01:00.0 critical" \
	"$(field '.entries[1] | "\(.sensor) \(.severity)"')"
D=$(field .cursor)
events --since "$D"
check_eq "dmesg: nothing new since its cursor" 0 "$(field '.entries | length')"
# One APEI record printed as 11 lines, read while the kernel was still
# printing it (a real capture: tests/fixtures/real/ghes-recoverable):
# held back, then reported once, whole, with the first line's cursor.
fake_mode journalctl normal
: > "$J"
n=300
while IFS= read -r line; do
	n=$((n + 1))
	jq -cn --arg c "s=f00d;i=$n;b=6f0c;m=$n;t=5f;x=$n" --arg m "${line#*kernel: }" \
		'{__CURSOR: $c, __REALTIME_TIMESTAMP: "1732613782000000", MESSAGE: $m}'
done < "$top_srcdir/tests/fixtures/real/ghes-recoverable/capture.txt" > "$SSH_FAKE_DIR/ghes.json"
head -n 1 "$SSH_FAKE_DIR/ghes.json" > "$J"
printf '%s\n' '{"__CURSOR":"s=f00d;i=300;b=6f0c;m=1;t=5f;x=1","__REALTIME_TIMESTAMP":"1732613700000000","MESSAGE":"EDAC MC: Ver: 3.0.0"}' | cat - "$J" > "$J.new" && mv "$J.new" "$J"
sed -n 2,6p "$SSH_FAKE_DIR/ghes.json" >> "$J"
events
check_eq "a record cut by the end of the log: not yet" 0 "$(field '.entries | length')"
C=$(field .cursor)
sed -n '7,$p' "$SSH_FAKE_DIR/ghes.json" >> "$J"
events --since "$C"
check_eq "completed on the next read: one event" 1 "$(field '.entries | length')"
check_eq "its id is the first line's cursor" "s=f00d;i=301;b=6f0c;m=301;t=5f;x=301" "$(field '.entries[0].id')"
check_eq "raw keeps all 11 lines" 11 "$(field '.entries[0].raw' | wc -l)"
check_eq "recoverable is uncorrected" uncorrectable "$(field '.entries[0].ecc')"
check_eq "critical" critical "$(field '.entries[0].severity')"
check_eq "the DIMM from fru_text" B2 "$(field '.entries[0].dimm')"
events --since "$(field .cursor)"
check_eq "and never again" 0 "$(field '.entries | length')"
finish

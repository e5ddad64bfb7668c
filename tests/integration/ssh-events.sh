#!/bin/bash
# Kernel events over SSH: GPU Xid errors, machine checks and EDAC lines from
# the journal (fake journalctl printing the fixture's JSON), with their time,
# the journal cursor as id, and a cursor to continue from; the dmesg
# fallback when there is no journal.
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
check_eq "one event: the Xid (\"Machine check events logged\" is not one)" 1 "$(field '.entries | length')"
check_eq "Xid: id is the journal cursor" "$(cursor_of 2)" "$(field '.entries[0].id')"
check_eq "Xid: source" kernel "$(field '.entries[0].source')"
check_eq "Xid: time" "$(date -u -d @1700000200 +%Y-%m-%dT%H:%M:%SZ)" "$(field '.entries[0].time')"
check_eq "Xid: device" "0000:02:00" "$(field '.entries[0].sensor')"
check_eq "Xid: type" "GPU Xid" "$(field '.entries[0].type')"
check_eq "Xid 79: critical" critical "$(field '.entries[0].severity')"
check_eq "Xid: raw line" "$(sed -n 2p "$J" | jq -r .MESSAGE)" "$(field '.entries[0].raw')"
C=$(field .cursor)
check_match "a cursor to continue from" . "$C"

# Nothing new since the cursor; then one EDAC line arrives.
events --since "$C"
check_eq "since the cursor: nothing new" 0 "$(field '.entries | length')"
check_match "the journal was asked after the last entry" \
	"--after-cursor=$(cursor_of 4 | sed 's/[;=]/./g')" "$(tail -n 1 "$SSH_FAKE_DIR/journalctl.log")"
printf '%s\n' '{"__CURSOR":"s=f00d;i=104;b=6f0c;m=5;t=5f;x=5","__REALTIME_TIMESTAMP":"1700000500000000","MESSAGE":"EDAC MC0: 1 CE memory read error on DIMM_A1 (channel:0 slot:0 page:0x1f2e3)"}' >> "$J"
events --since "$C"
check_eq "one new event" 1 "$(field '.entries | length')"
check_eq "EDAC: correctable" correctable "$(field '.entries[0].ecc')"
check_eq "EDAC: DIMM" DIMM_A1 "$(field '.entries[0].dimm')"
check_eq "EDAC: type" Memory "$(field '.entries[0].type')"
events --last 1
check_eq "--last 1" "$(cursor_of 5)" "$(field '.entries | map(.id) | join(",")')"

# No journal: dmesg, with times from the boot time in the fixture's
# /proc/stat (btime 1700000000 + 200.123456 s).
fake_mode journalctl fail
events
check_eq "dmesg: one event" 1 "$(field '.entries | length')"
check_eq "dmesg: time" "$(date -u -d @1700000200 +%Y-%m-%dT%H:%M:%SZ)" "$(field '.entries[0].time')"
check_eq "dmesg: id" "dmesg:$(cat "$top_srcdir/tests/fixtures/rig-riser/proc/sys/kernel/random/boot_id"):200.123456" \
	"$(field '.entries[0].id')"
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

#!/bin/bash
# No space left, and a read-only file system, under the cache and state
# dirs while rigctl writes an SDR cache, a check state file or a SEL
# archive: the SEL is not cleared, the old state file stays as it was,
# no temporary file is left behind, and the message names the file.
# The dirs live on a tiny tmpfs in a private mount namespace (root and
# unshare(1) needed), so the host is untouched.
# SPDX-License-Identifier: GPL-3.0-or-later
if [ -z "${RIG_IN_NS:-}" ]; then
	if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
		. "${top_srcdir:-.}/tests/helpers/skip.sh"
		skip_test "needs root and unshare for a private tmpfs"
	fi
	RIG_IN_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool
start_sim
PW=$(pwfile admin.pw adminpw)
D=$T/fs
mkdir -p "$D"
mount -t tmpfs -o size=512k,mode=0700 tmpfs "$D" || { echo "mount failed" >&2; exit 99; }
at_exit "umount -l '$D'"
R_BASE=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$D/state")
R=("${R_BASE[@]}" --cache-dir "$D/cache")

memory_event() { # OFFSET: a memory event (sensor type 0x0c, event type 0x6f)
	sel_add 0x00 0x00 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 \
		0x0c 0x40 0x6f "$1" 0xff 0xff
}
entries() { # SEL entries as the BMC counts them
	"$RIGCTL" -o json "${R[@]}" events info </dev/null |
		jq -r '.rigs[0].events.entries'
}
listing() { (cd "$D" && find . -type f ! -name filler | sort); }
fill() { dd if=/dev/zero of="$D/filler" bs=4k 2>/dev/null; sync; }

# A textfile on the small disk, the state of its output on a roomy one:
# when the textfile cannot be written, the state must not move on.
TFR=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}" --state-dir "$T/tfstate"
     --cache-dir "$T/tfcache" -o prometheus --textfile "$D/tf")
mkdir "$D/tf"
tf_total() { # the memory errors the textfile's output has counted
	awk '/^rigctl_events_total\{.*kind="(un)?correctable"\}/ { n += $NF }
	     END { print n + 0 }' "$D/tf"/rigctl-check-*.prom
}

# A baseline: a state file and a cache, written normally.
memory_event 0x00
run_rigctl "${TFR[@]}" check
check_eq "textfile baseline: one memory error counted" 1 "$(tf_total)"
tfstate=$(find "$T/tfstate" -name 'check.textfile-*.state')
cp "$tfstate" "$T/tfstate.before"
run_rigctl "${R[@]}" check
[ "$RC" -le 2 ] || fail "baseline check failed ($RC): $ERR"
state=$(find "$D/state" -name check.table.state)
[ -n "$state" ] || fail "no check state file written"
cp "$state" "$T/state.before"
memory_event 0x01	# new: the next check wants to move its cursor
n=$(entries)
check_eq "two SEL entries" 2 "$n"

for fault in full readonly; do
	if [ $fault = full ]; then
		fill
	else
		rm -f "$D/filler"
		mount -o remount,ro "$D" || { echo "remount failed" >&2; exit 99; }
	fi
	before=$(listing)

	# The new uncorrectable ECC event is CRITICAL when it could be read
	# (the worst state wins); when not even the lock opens, UNKNOWN.
	run_rigctl "${R[@]}" check
	check_match "$fault: check is CRITICAL or UNKNOWN" '^(2|3)$' "$RC"
	check_match "$fault: the message names the state file" "check\.table\.state" "$ERR"
	cmp -s "$state" "$T/state.before" || fail "$fault: the state file changed"

	run_rigctl "${R[@]}" events clear
	check_eq "$fault: events clear fails at the archive" 1 "$RC"
	check_match "$fault: the message names the archive" "archive|sel-archive" "$ERR"
	check_eq "$fault: the SEL was not cleared" "$n" "$(entries)"

	run_rigctl -o json "${R_BASE[@]}" --cache-dir "$D/cold-$fault" sensors
	check_match "$fault: sensors still read, or say why" \
		'^(0|1)$' "$RC"
	[ "$RC" = 0 ] || check_match "$fault: the message names the cache" \
		"cold-$fault" "$ERR"

	if [ $fault = full ]; then
		run_rigctl "${TFR[@]}" check
		check_eq "full: textfile not written: UNKNOWN" 3 "$RC"
		cmp -s "$tfstate" "$T/tfstate.before"
		check_eq "full: the textfile output's state did not move on" 0 "$?"
	fi
	check_eq "$fault: no file added, none left half-written" "$before" "$(listing)"
done

# Space and write access back: everything works and moves on.
mount -o remount,rw "$D"
run_rigctl "${TFR[@]}" check
check_eq "textfile written again: the new error counted now" 2 "$(tf_total)"
run_rigctl "${R[@]}" check
[ "$RC" -le 2 ] || fail "check after the faults failed ($RC): $ERR"
cmp -s "$state" "$T/state.before" && fail "the state file did not move on"
run_rigctl "${R[@]}" events clear
check_eq "events clear after the faults" 0 "$RC"
check_eq "SEL cleared now" 0 "$(entries)"
finish

#!/bin/bash
# The SDR cache against ipmi_sim: created (with its directory) on first use,
# reused untouched, rebuilt when the simulator's SDR changes, one file per
# BMC, a truncated or garbage file rebuilt without failing, flush-cache,
# the XDG default location, and sensors without any usable cache.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
A_HOST=$SIM_HOST A_PORT=$SIM_PORT A_CONSOLE=$SIM_CONSOLE_PORT

export RIGCTL_PASSWORD=adminpw
CACHE=$T/new/sub/cache	# does not exist yet
opts() { echo -H "$1" -U admin "${BMC_OPTS[@]}" --cache-dir "$CACHE"; }
file_of() { echo "$CACHE/sdr-127.0.0.1%3a$1"; }
A_FILE=$(file_of "$A_PORT")
count() { printf '%s\n' "$OUT" | jq '[.rigs[].sensors[]?] | length'; }
has_sensor() { printf '%s\n' "$OUT" | jq -r --arg n "$1" '[.rigs[0].sensors[].name] | index($n) != null'; }
stamp() { stat -c '%i %Y %s' "$1" 2>/dev/null; }

# ------------------------------------------------------------ first run
run_rigctl -v -o json $(opts "$A_HOST") sensors
check_eq "first run" 0 "$RC"
check_eq "10 sensors" 10 "$(count)"
check_eq "cache file created" yes "$([ -s "$A_FILE" ] && echo yes)"
check_eq "cache dir created 0700" 700 "$(stat -c %a "$CACHE" 2>/dev/null)"
check_eq "cache file is private" 600 "$(stat -c %a "$A_FILE" 2>/dev/null)"
check_match "first run downloads the SDR" "downloading the SDR" "$ERR"
check_eq "no temporary file left" "" "$(ls -A "$CACHE" | grep -v '^sdr-127.0.0.1%3a[0-9]*$')"

# ------------------------------------------------------------ reuse
before=$(stamp "$A_FILE")
run_rigctl -v -o json $(opts "$A_HOST") sensors
check_eq "second run" 0 "$RC"
check_eq "second run, same sensors" 10 "$(count)"
check_eq "cache reused: same file, untouched" "$before" "$(stat -c '%i %Y %s' "$A_FILE")"
if [[ $ERR == *"downloading the SDR"* ]]; then fail "second run downloaded the SDR again"
else echo "ok: second run did not download the SDR"; fi

# ------------------------------------------------------------ SDR changes
# A compact record for a second memory sensor (0x41, "DIMM EC2") appears in
# the simulator's repository while the cache still holds the old one.
. "$top_srcdir/tests/helpers/sim.sh"
SIM_CONSOLE_PORT=$A_CONSOLE sim_cmd "main_sdr_add 0x20 0x00 0x00 0x51 0x02 0x23 0x20 0x00 0x41 0x20 0x02 0x67 0x40 0x0c 0x6f 0xff 0x00 0xff 0x00 0xff 0x00 0x00 0x00 0x00 0x01 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0xc8 0x44 0x49 0x4d 0x4d 0x20 0x45 0x43 0x32" \
	>/dev/null || fail "sim: adding an SDR record"
before=$(stamp "$A_FILE")
run_rigctl -v -o json $(opts "$A_HOST") sensors
check_eq "run after the SDR changed" 0 "$RC"
check_eq "the new sensor shows" true "$(has_sensor 'DIMM EC2')"
check_eq "11 sensors" 11 "$(count)"
check_match "rebuilt by itself" "rebuilding" "$ERR"
if [ "$(stamp "$A_FILE")" = "$before" ]; then fail "cache file not replaced"
else echo "ok: cache file replaced"; fi

# ------------------------------------------------------------ per BMC
# A second simulator: its own file; the change made to A is not in B's
# answer, so nothing was shared.
SIM_PID_A=$SIM_PID
unset SIM_PID
sim_start "$T/sim-b" || { echo "second simulator did not start" >&2; exit 99; }
SIM_PID_B=$SIM_PID
at_exit "SIM_PID=$SIM_PID_B sim_stop"
SIM_PID=$SIM_PID_A
B_FILE=$(file_of "$SIM_PORT")
run_rigctl -o json $(opts "$A_HOST,127.0.0.1:$SIM_PORT") sensors
check_eq "two BMCs" 0 "$RC"
check_eq "A has 11, B has 10" "11 10" \
	"$(printf '%s\n' "$OUT" | jq -r '[.rigs[].sensors | length] | join(" ")')"
check_eq "one file per BMC" "2" "$(ls "$CACHE" | grep -c '^sdr-')"
check_eq "B's file exists" yes "$([ -s "$B_FILE" ] && echo yes)"
check_eq "B's cache lacks A's new record" false \
	"$(printf '%s\n' "$OUT" | jq -r '[.rigs[1].sensors[].name] | index("DIMM EC2") != null')"

# ------------------------------------------------------------ damage
size=$(stat -c %s "$A_FILE")
truncate -s $((size / 2)) "$A_FILE"
run_rigctl -o json $(opts "$A_HOST") sensors
check_eq "truncated cache: not fatal" 0 "$RC"
check_eq "truncated cache: all sensors" 11 "$(count)"
check_eq "truncated cache rebuilt whole" "$size" "$(stat -c %s "$A_FILE")"
: > "$A_FILE"
run_rigctl -o json $(opts "$A_HOST") sensors
check_eq "empty cache: rebuilt" "0 11" "$RC $(count)"
head -c "$size" /dev/urandom > "$A_FILE"
run_rigctl -o json $(opts "$A_HOST") sensors
check_eq "garbage cache: rebuilt" "0 11" "$RC $(count)"
check_eq "garbage replaced" "$size" "$(stat -c %s "$A_FILE")"
# A download that was killed before its rename leaves a temporary file:
# it must not disturb later runs, and flush-cache sweeps it away.
head -c 100 /dev/urandom > "$A_FILE.tmp-AbC123"
run_rigctl -o json $(opts "$A_HOST") sensors
check_eq "leftover temporary file is harmless" "0 11" "$RC $(count)"

# ------------------------------------------------------------ flush
run_rigctl $(opts "$A_HOST") flush-cache
check_eq "flush-cache" 0 "$RC"
check_eq "A's cache gone" no "$([ -e "$A_FILE" ] && echo yes || echo no)"
check_eq "A's temporary file gone" no "$([ -e "$A_FILE.tmp-AbC123" ] && echo yes || echo no)"
check_eq "B's cache kept" yes "$([ -s "$B_FILE" ] && echo yes)"
run_rigctl -o json $(opts "$A_HOST") flush-cache
check_eq "flushing nothing is fine" 0 "$RC"
check_eq "flush JSON" true "$(printf '%s\n' "$OUT" | jq -r '.rigs[0]."flush-cache".flushed')"
# No session needed: a BMC that does not answer can still be flushed.
dead_port=$(sim_freeport udp)
echo junk > "$(file_of "$dead_port")"
run_rigctl --timeout 500 $(opts "127.0.0.1:$dead_port") flush-cache
check_eq "flush of a silent BMC" 0 "$RC"
check_eq "its file gone" no "$([ -e "$(file_of "$dead_port")" ] && echo yes || echo no)"
run_rigctl -o json $(opts "$A_HOST") sensors
check_eq "after flush: downloaded again" "0 11" "$RC $(count)"
check_eq "after flush: file back" yes "$([ -s "$A_FILE" ] && echo yes)"

# ------------------------------------------------------------ defaults
XDG_CACHE_HOME=$T/xdg run_rigctl -H "$A_HOST" -U admin "${BMC_OPTS[@]}" sensors
check_eq "XDG_CACHE_HOME default" "0 yes" \
	"$RC $([ -s "$T/xdg/rigctl/sdr-127.0.0.1%3a$A_PORT" ] && echo yes)"
env -u XDG_CACHE_HOME HOME="$T/home" "$RIGCTL" -H "$A_HOST" -U admin \
	"${BMC_OPTS[@]}" sensors >/dev/null 2>&1
check_eq "HOME/.cache default" yes \
	"$([ -s "$T/home/.cache/rigctl/sdr-127.0.0.1%3a$A_PORT" ] && echo yes)"
# No place for a cache at all, or one that cannot be written: sensors still
# work from an in-memory copy.
env -u XDG_CACHE_HOME -u HOME "$RIGCTL" -o json -H "$A_HOST" -U admin \
	"${BMC_OPTS[@]}" sensors > "$T/nocache.json" 2>"$T/nocache.err"
check_eq "no cache dir at all" "0 11" "$? $(jq '.rigs[0].sensors | length' "$T/nocache.json")"
echo "a file" > "$T/notadir"
run_rigctl -o json -H "$A_HOST" -U admin "${BMC_OPTS[@]}" --cache-dir "$T/notadir/x" sensors
check_eq "unusable cache dir" "0 11" "$RC $(count)"
finish

#!/bin/bash
# sim-selftest.sh - prove the test BMC works, using FreeIPMI and ipmitool as
# the reference clients (not libipmirig).  Run it directly: it re-executes
# itself under with-sim.sh.  Exit 0 = all checks passed, 1 = some failed
# (each failure is printed), 77 = a needed tool is missing.
#
# Copyright (C) the libipmirig authors.  SPDX-License-Identifier: GPL-3.0-or-later

self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../helpers" && pwd)
if [ -z "${SIM_HOST:-}" ]; then
	exec "$here/with-sim.sh" "$self" "$@"
fi
. "$here/sim.sh"
. "$here/lib.sh"	# skip_test, wait_until (its fail and finish are not used)

for t in ipmi-chassis ipmipower ipmi-sensors ipmi-sel ipmi-fru bmc-info ipmi-raw ipmitool; do
	command -v "$t" >/dev/null 2>&1 || skip_test "$t not installed"
done

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# FreeIPMI needs IPMI 2.0 + the opensesspriv workaround against ipmi_sim;
# ipmitool needs -C 3 (tests/README.md, "The simulated BMC").
F=(-D LAN_2_0 -W opensesspriv -h "$SIM_HOST")
ADMIN=("${F[@]}" -u admin -p adminpw)
IT=(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$SIM_PORT" -U admin -P adminpw)
mkdir -p "$SIM_DIR/sdr"		# FreeIPMI's SDR cache dir must exist
SDR=--sdr-cache-directory=$SIM_DIR/sdr

# expect DESC PATTERN TEXT: TEXT must match the extended regex PATTERN.
expect() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then ok "$1"
	else fail "$1: no /$2/ in:"; printf '%s\n' "$3" | sed 's/^/    /'; fi
}
state() { cat "$SIM_STATE/$1" 2>/dev/null; }
# waitfor FILE VALUE: chassis state files change when ipmi_sim runs the
# program, and a power cycle's "on" comes from a 1 s timer.
state_is() { [ "$(state "$1")" = "$2" ]; }
waitfor() { wait_until 3 state_is "$1" "$2"; }
status() { ipmi-chassis "${ADMIN[@]}" --get-chassis-status 2>&1 | grep 'System Power'; }

# --- identity, FRU
out=$(bmc-info "${ADMIN[@]}" 2>&1)
expect "bmc-info manufacturer" 'Manufacturer ID +: 49622' "$out"
expect "bmc-info firmware" 'Firmware Revision +: 1\.23' "$out"
expect "bmc-info IPMI version" 'IPMI Version +: 2\.0' "$out"
out=$(ipmi-fru "${ADMIN[@]}" "$SDR" 2>&1)
expect "FRU board" 'Board Manufacturer: ASRock Rack' "$out"
expect "FRU product" 'Product Name: RigServer 1U' "$out"

# --- power
expect "starts on" 'System Power +: on' "$(status)"
[ "$(state power)" = 1 ] && ok "state power=1" || fail "state power is '$(state power)'"
ipmipower "${ADMIN[@]}" --off >/dev/null 2>&1
expect "off then status" 'System Power +: off' "$(status)"
waitfor power 0 && ok "state power=0" || fail "state power is '$(state power)' after off"
ipmipower "${ADMIN[@]}" --on >/dev/null 2>&1
expect "on then status" 'System Power +: on' "$(status)"
waitfor power 1 && ok "state power=1 after on" || fail "power '$(state power)' after on"
: > "$SIM_STATE/actions.log"
expect "ipmipower --cycle" ': ok' "$(ipmipower "${ADMIN[@]}" --cycle 2>&1)"
sleep 1.3
waitfor power 1 && ok "back on after cycle" || fail "power '$(state power)' after cycle"
expect "cycle = off, then on" '^power 0 power 1 $' "$(tr '\n' ' ' < "$SIM_STATE/actions.log")"
expect "ipmipower --reset" ': ok' "$(ipmipower "${ADMIN[@]}" --reset 2>&1)"
expect "reset recorded" '^reset 1$' "$(cat "$SIM_STATE/actions.log")"
expect "ipmipower --soft" ': ok' "$(ipmipower "${ADMIN[@]}" --soft 2>&1)"
expect "soft shutdown recorded" '^shutdown 1$' "$(cat "$SIM_STATE/actions.log")"
expect "ipmipower --stat" ': on' "$(ipmipower "${ADMIN[@]}" --stat 2>&1)"

# --- identify, boot device (via ipmitool: ipmi_sim answers Chassis Identify
# with CC 00 plus uninitialised trailing bytes, which FreeIPMI rejects and
# retries until "session timeout"; ipmitool accepts it)
"${IT[@]}" chassis identify 7 >/dev/null 2>&1
expect "identify recorded" '^identify 7 0$' "$(cat "$SIM_STATE/actions.log")"
"${IT[@]}" chassis bootdev pxe >/dev/null 2>&1
[ "$(state boot)" = pxe ] && ok "boot device pxe" || fail "boot state '$(state boot)'"
expect "boot read back" 'Force PXE' "$("${IT[@]}" chassis bootparam get 5 2>&1)"

# --- sensors
out=$(ipmi-sensors "${ADMIN[@]}" "$SDR" 2>&1)
expect "CPU Temp 45 C" 'CPU Temp +\| Temperature +\| 45\.00 +\| C +\| .OK.' "$out"
expect "FAN1 3000 RPM" 'FAN1 +\| Fan +\| 3000\.00 +\| RPM +\| .OK.' "$out"
expect "12V 12.06 V" '12V +\| Voltage +\| 12\.06 +\| V +\| .OK.' "$out"
expect "3.3V" '3\.3V +\| Voltage +\| 3\.30' "$out"
expect "DIMM ECC memory sensor" 'DIMM ECC +\| Memory' "$out"
expect "PSU present" "PSU1 Status .*Presence detected" "$out"
[ "$(printf '%s\n' "$out" | grep -c "'OK'\|Presence detected")" = 10 ] &&
	ok "all 10 sensors nominal" || fail "not all sensors nominal: $out"

# --- console: FAN1 to 400 RPM (raw 4) with event generation
sim_cmd "sensor_set_value 0x20 0 0x10 4 1" && ok "sim_cmd" || fail "sim_cmd failed"
expect "FAN1 critical" 'FAN1 +\| Fan +\| 400\.00 .*Lower Critical' \
	"$(ipmi-sensors "${ADMIN[@]}" "$SDR" 2>&1)"
expect "SEL has the fan event" 'FAN1 .*Lower Critical - going low' "$(ipmi-sel "${ADMIN[@]}" "$SDR" 2>&1)"
sim_cmd "sensor_set_bit 0x20 0 0x40 0 1 1" && ok "sim_cmd memory bit" || fail "sim_cmd set_bit"
expect "SEL has the ECC event" 'DIMM ECC .*Correctable memory error' "$(ipmi-sel "${ADMIN[@]}" "$SDR" 2>&1)"
sim_cmd "no_such_command" >/dev/null && fail "sim_cmd accepted garbage" || ok "sim_cmd reports errors"

# --- Add SEL Entry over IPMI: system event, generator 0x20, sensor type 0x04
# (fan) #0x11, threshold event, offset 2 = lower critical going low.
out=$("${IT[@]}" raw 0x0a 0x44 0 0 0x02 0 0 0 0 0x20 0 0x04 0x04 0x11 0x01 0x02 0xff 0xff 2>&1)
expect "Add SEL Entry returns a record id" '^ *[0-9a-f]{2} [0-9a-f]{2} *$' "$out"
expect "added entry listed" 'FAN2 .*Lower Critical - going low' "$(ipmi-sel "${ADMIN[@]}" "$SDR" 2>&1)"

# --- privileges and authentication
out=$(ipmi-raw "${F[@]}" -u user -p userpw -l user 0 00 02 00 2>&1)
expect "user at USER privilege: power control refused (0xD4)" 'rcvd: 02 D4' "$out"
out=$(ipmi-raw "${F[@]}" -u operator -p operatorpw -l operator 0 00 01 2>&1)
expect "operator can read chassis status" 'rcvd: 01 00' "$out"
out=$(ipmi-chassis "${F[@]}" -u admin -p wrongpw --get-chassis-status 2>&1)
expect "wrong password refused" 'password invalid' "$out"

[ "$(state power)" = 1 ] || fail "power should still be on, is '$(state power)'"
echo "$fails failure(s)"
[ "$fails" = 0 ]

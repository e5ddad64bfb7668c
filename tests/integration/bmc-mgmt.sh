#!/bin/bash
# BMC management against the plain simulator, each compared with ipmitool
# on the same BMC: raw byte for byte (good and failing requests, stdout,
# stderr and exit status), chassis status, the SEL clock (pre-init, offset,
# sync read back with 'ipmitool sel time get'), lan print, user list, SOL
# deactivation of a session ipmitool holds; and ipmi_sim 2.0.33's 0xC1
# for Set Power Restore Policy and Cold/Warm Reset as exit 5.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmitool
start_sim
PW=$(pwfile admin.pw adminpw)
R=(-H "$SIM_HOST" -U admin -f "$PW" "${BMC_OPTS[@]}")
I=(ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "$SIM_PORT" -U admin -P adminpw)

# --- raw: the same requests through both; what scripts see must match.
for req in "0x06 0x01" "0x00 0x01" "6 1" "0x06 0x46 0x02" "0x06 0x44 0x01 0x02" \
	"0x06 0x99" "0x06 0x46 0x00" "0x0a 0x10" "0x06 0x46" \
	"0x0a 0x23 0 0 0 0 0 0xff"; do
	# shellcheck disable=SC2086 # the request's bytes are separate words
	"${I[@]}" raw $req >"$T/iout" 2>"$T/ierr"
	irc=$?
	# shellcheck disable=SC2086
	run_rigctl "${R[@]}" raw $req
	check_eq "raw $req: exit as ipmitool's" "$irc" "$RC"
	check_eq "raw $req: stdout byte for byte" "$(od -An -tx1 "$T/iout")" \
		"$(od -An -tx1 "$T/out")"
	if [ "$irc" != 0 ]; then
		check_has "raw $req: ipmitool's error words" "$ERR" "$(cat "$T/ierr")"
	fi
done
# A request that answers more than 16 bytes wraps as ipmitool's does.
"${I[@]}" raw 0x0a 0x23 0 0 0 0 0 0x20 >"$T/iout" 2>/dev/null
run_rigctl "${R[@]}" raw 0x0a 0x23 0 0 0 0 0 0x20
check_eq "raw: a long answer as ipmitool prints it" "$(cat "$T/iout")" "$OUT"

run_rigctl "${R[@]}" -o json raw 0x06 0x99
check_eq "raw failure JSON code" 1 "$(jq -r '.rigs[0].errors[0].code' <<<"$OUT")"
check_eq "raw failure completion code" 193 "$(jq -r '.rigs[0].raw.completion_code' <<<"$OUT")"
run_rigctl "${R[@]}" -o json raw 0x06 0x01
check_eq "raw JSON envelope" "rigctl/1 true 32" \
	"$(jq -r '"\(.schema) \(.rigs[0].ok) \(.rigs[0].raw.data[0])"' <<<"$OUT")"
# Least privilege: -L lowers the default admin; ipmi_sim refuses Set
# Channel Access to a user session (0xD4): exit 4.
run_rigctl "${R[@]}" -L user raw 0x06 0x40 0x01 0x00 0x00
check_eq "raw at -L user refused: exit 4" 4 "$RC"
run_rigctl "${R[@]}" -L user raw 0x06 0x01
check_eq "raw read at -L user" 0 "$RC"
# The fan factory reset: refused, no override, nothing contacted.
run_rigctl "${R[@]}" --yes raw 0x3a 0xdc
check_eq "raw 0x3a 0xdc refused: exit 2" 2 "$RC"
check_has "raw 0x3a 0xdc: why" "$ERR" "cannot be undone"
run_rigctl -H 127.0.0.1:9 -U admin -f "$PW" raw 0x3a 0xdc 0x01
check_eq "raw 0x3a 0xdc refused before any BMC" 2 "$RC"
run_rigctl "${R[@]}" raw 0x07 0x01
check_eq "raw response netfn: usage" 2 "$RC"
run_rigctl "${R[@]}" raw 0x06 0x100
check_eq "raw byte over 255: usage" 2 "$RC"
run_rigctl "${R[@]}" --dry-run raw 0x06 0x01 0x02
check_eq "raw --dry-run exit" 0 "$RC"
check_has "raw --dry-run says what" "$OUT" "would send raw 0x06 0x01 0x02"

# --- chassis status: ipmitool's lines, word for word, plus JSON.
"${I[@]}" chassis status >"$T/ichassis"
run_rigctl "${R[@]}" chassis status
check_eq "chassis status exit" 0 "$RC"
while IFS= read -r line; do
	case $line in *Button*) continue ;; esac
	line=${line%"${line##*[! ]}"} # ipmitool leaves a blank after words
	check_has "chassis status: '${line%% *:*}'" "$OUT" "  $line"
done <"$T/ichassis"
run_rigctl "${R[@]}" -o json chassis status
check_eq "chassis JSON" "on always-off false" \
	"$(jq -r '.rigs[0].chassis | "\(.power) \(.policy) \(.cooling_fault)"' <<<"$OUT")"
echo 0 > "$SIM_STATE/power"
run_rigctl "${R[@]}" -o json chassis status
check_eq "chassis status follows the power" off "$(jq -r '.rigs[0].chassis.power' <<<"$OUT")"
echo 1 > "$SIM_STATE/power"

# --- power policy and BMC reset: ipmi_sim 2.0.33 answers 0xC1.
run_rigctl "${R[@]}" power policy
check_eq "policy show" "$SIM_HOST: power restore policy always-off" "$OUT"
run_rigctl "${R[@]}" power policy always-on
check_eq "policy set on a BMC without it: exit 5" 5 "$RC"
check_has "policy set: not supported by this BMC" "$ERR" "not supported by this BMC"
for kind in cold warm; do
	run_rigctl "${R[@]}" --yes bmc reset "$kind"
	check_eq "bmc reset $kind on a BMC without it: exit 5" 5 "$RC"
	check_has "bmc reset $kind: not supported" "$ERR" "not supported by this BMC"
done
run_rigctl "${R[@]}" power policy sometimes
check_eq "policy typo: usage" 2 "$RC"

# --- bmc time: pre-init, offset, sync read back by ipmitool.
"${I[@]}" raw 0x0a 0x49 0xe8 0x03 0x00 0x00 >/dev/null
run_rigctl "${R[@]}" bmc time
check_match "bmc time pre-init" "^$SIM_HOST: pre-init \(100[0-9] s since BMC start\)$" "$OUT"
run_rigctl "${R[@]}" -o json bmc time
check_eq "pre-init JSON" "null true" \
	"$(jq -r '.rigs[0].bmc | "\(.time) \(.pre_init)"' <<<"$OUT")"
past=$(date -u -d '2020-01-02 03:04:05' +%s)
# shellcheck disable=SC2046 # four byte arguments, LS first
"${I[@]}" raw 0x0a 0x49 $(printf '0x%02x ' $((past & 255)) $((past >> 8 & 255)) \
	$((past >> 16 & 255)) $((past >> 24 & 255))) >/dev/null
run_rigctl "${R[@]}" -o json bmc time
check_match "bmc time RFC 3339" '^2020-01-02T03:04:0[5-9]Z$' "$(jq -r '.rigs[0].bmc.time' <<<"$OUT")"
off=$(jq -r '.rigs[0].bmc.offset_s' <<<"$OUT")
want=$(( past - $(date +%s) ))
check_eq "bmc time offset from this machine (s, +-3)" 1 \
	"$(( off - want <= 3 && want - off <= 3 ))"
run_rigctl "${R[@]}" --dry-run bmc time sync
check_has "sync --dry-run" "$OUT" "would set the BMC time"
check_match "dry run sent nothing" '^01/02/20' "$("${I[@]}" sel time get)"
run_rigctl "${R[@]}" bmc time sync
check_eq "bmc time sync exit" 0 "$RC"
bmc=$(date -u -d "$("${I[@]}" sel time get)" +%s)
check_eq "ipmitool reads the synced clock (+-2 s)" 1 \
	"$(( bmc - $(date +%s) <= 2 && $(date +%s) - bmc <= 2 ))"

# --- bmc lan against ipmitool's lan print, with settings worth comparing.
"${I[@]}" lan set 1 ipaddr 10.1.2.3 >/dev/null
"${I[@]}" lan set 1 netmask 255.255.0.0 >/dev/null
"${I[@]}" lan set 1 defgw ipaddr 10.1.0.1 >/dev/null
"${I[@]}" lan set 1 macaddr 02:11:22:33:44:55 >/dev/null
"${I[@]}" lan set 1 ipsrc static >/dev/null
"${I[@]}" lan print 1 >"$T/ilan"
field() { sed -n "s/^$1 *: //p" "$T/ilan" | head -n 1; }
run_rigctl "${R[@]}" -o json bmc lan
check_eq "bmc lan exit" 0 "$RC"
check_eq "lan ip as ipmitool" "$(field 'IP Address')" "$(jq -r '.rigs[0].bmc.ip' <<<"$OUT")"
check_eq "lan netmask as ipmitool" "$(field 'Subnet Mask')" "$(jq -r '.rigs[0].bmc.netmask' <<<"$OUT")"
check_eq "lan gateway as ipmitool" "$(field 'Default Gateway IP')" "$(jq -r '.rigs[0].bmc.gateway' <<<"$OUT")"
check_eq "lan MAC as ipmitool" "$(field 'MAC Address')" "$(jq -r '.rigs[0].bmc.mac' <<<"$OUT")"
check_eq "lan source (ipmitool: $(field 'IP Address Source'))" static \
	"$(jq -r '.rigs[0].bmc.ip_source' <<<"$OUT")"
check_eq "lan VLAN (ipmitool: $(field '802.1q VLAN ID'))" null "$(jq -r '.rigs[0].bmc.vlan' <<<"$OUT")"

# --- bmc users against ipmitool's user list: every slot with a name.
"${I[@]}" user list 1 >"$T/iusers"
run_rigctl "${R[@]}" -o json bmc users
check_eq "bmc users exit" 0 "$RC"
check_eq "as many slots as ipmitool" "$(($(wc -l <"$T/iusers") - 1))" \
	"$(jq '.rigs[0].bmc.users | length' <<<"$OUT")"
named=0
while read -r id name callin _link msg priv; do
	case $priv in ADMINISTRATOR) priv=admin ;; OPERATOR) priv=operator ;;
		USER) priv=user ;; CALLBACK) priv=callback ;; *) continue ;; esac
	named=$((named + 1))
	check_eq "user $id as ipmitool" "$name $callin $msg $priv" \
		"$(jq -r --argjson id "$id" '.rigs[0].bmc.users[] | select(.id == $id) |
			"\(.name) \(.callin) \(.ipmi_messaging) \(.privilege)"' <<<"$OUT")"
done < <(tail -n +2 "$T/iusers" | awk 'NF == 6')
check_eq "the named users compared" 3 "$named"
run_rigctl "${R[@]}" bmc users
check_match "users table" "2 +admin +yes +admin" "$OUT"
run_rigctl "${R[@]}" -o csv bmc users
check_eq "users csv exit" 0 "$RC"
check_eq "users csv header" "rig,id,name,enabled,privilege,ipmi_messaging,link_auth,callin" \
	"$(head -n 1 <<<"$OUT")"
check_has "users csv row" "$OUT" "$SIM_HOST,2,admin,yes,admin,yes,no,yes"
run_rigctl "${R[@]}" -o csv bmc lan
check_eq "lan csv" "$SIM_HOST,1,static,10.1.2.3,255.255.0.0,10.1.0.1,02:11:22:33:44:55," \
	"$(tail -n 1 <<<"$OUT")"

# --- console --deactivate: a session ipmitool holds, then none.
run_rigctl "${R[@]}" console --deactivate
check_eq "deactivate with none active" "$SIM_HOST: no SOL session was active" "$OUT"
# Get Payload Activation Status (SOL): the second byte has instance 1's bit.
sol_active() { [[ $("${I[@]}" raw 0x06 0x4a 0x01 2>/dev/null) == " 01 01 00" ]]; }
(sleep 15 | timeout 20 "${I[@]}" sol activate >/dev/null 2>&1 &)
wait_until 5 sol_active || fail "ipmitool's SOL session did not start"
run_rigctl "${R[@]}" -o json console --deactivate
check_eq "deactivate frees ipmitool's session" "0 true" \
	"$(jq -r '"\(.rigs[0].errors | length) \(.rigs[0].console.deactivated)"' <<<"$OUT")"
sol_active && fail "the SOL session is still active"
run_rigctl "${R[@]}" --dry-run console --deactivate
check_has "deactivate --dry-run" "$OUT" "would deactivate the SOL session"
run_rigctl "${R[@]}" console --deactivate --log "$T/x"
check_eq "deactivate with --log: usage" 2 "$RC"

finish

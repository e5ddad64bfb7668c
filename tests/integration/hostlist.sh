#!/bin/bash
# Host lists in -H and -r: the same strings expanded by FreeIPMI's
# ipmi-sensors and by rigctl give the same hosts; an expanded name reaches
# its BMC; -r takes the same ranges for rig and group names; malformed and
# huge lists are usage errors naming the list.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq ipmi-sensors

# The hosts FreeIPMI makes of a list, sorted and each once (as ipmipower
# does; ipmi-sensors repeats a host named twice).  Each tool reports every
# host it tried on its own line, immediately for a name that does not
# resolve (.invalid never does, RFC 6761), after its short timeout for a
# port where nothing listens.  ipmipower is the reference (it also expands
# a second bracket in a name, where ipmi-sensors stops at the first), but it
# prints a host without its port, so lists with ports go to ipmi-sensors.
freeipmi_hosts() {
	local t=(-u x -p y --session-timeout=300 --retransmission-timeout=100)
	if [[ $1 == *:* ]]; then
		ipmi-sensors -h "$1" "${t[@]}" 2>&1 |
			sed -n 's/^\(.*\): ipmi-sensors: .*/\1/p'
	else
		ipmipower -h "$1" --stat "${t[@]}" \
			--retransmission-wait-timeout=100 2>&1 |
			sed -n 's/^\(.*\): invalid hostname$/\1/p'
	fi | sort -u
}

# The rigs rigctl makes of it, without contacting any ("rigs" reads no
# secret and sends nothing), in rigctl's order.
rigctl_hosts() {
	run_rigctl -o json -H "$1" rigs
	[ "$RC" = 0 ] || fail "rigctl -H '$1': exit $RC: $ERR"
	jq -r '.rigs[].rig' <<<"$OUT"
}

. "$top_srcdir/tests/helpers/sim.sh"
p=$(sim_freeport udp) || exit 99
lists=(
	"127.0.0.1:[$p-$((p + 3))]"
	"127.0.0.[1-3]:$p"
	"rig[01-03,07].invalid"
	"bmc[8-11].invalid,bmc[08-11].invalid"
	"n[8-011].invalid,n[099-101].invalid,n[7,07].invalid"
	"a[1-2]b[1-2].invalid"
	"x[1-2,2-3].invalid,x1.invalid,y.invalid"
	"c.invalid b.invalid,a.invalid"
)
for l in "${lists[@]}"; do
	want=$(freeipmi_hosts "$l")
	[ -n "$want" ] || fail "ipmi-sensors made no host of '$l'"
	got=$(rigctl_hosts "$l")
	check_eq "'$l': FreeIPMI's hosts" "$want" "$(sort <<<"$got")"
	check_eq "'$l': each host once" "$(sort -u <<<"$got" | wc -l)" \
		"$(wc -l <<<"$got")"
done
# FreeIPMI sorts; rigctl keeps the order given, first appearance winning.
check_eq "order given, repeats dropped" "$(printf '%s\n' z y x)" \
	"$(rigctl_hosts 'z,y,z,x,y')"
check_eq "padding from the first number" "$(printf 'h%s\n' 099 100 101)" \
	"$(rigctl_hosts 'h[099-101]')"

# Malformed lists: FreeIPMI takes them as one literal host name that then
# fails to resolve; rigctl refuses them up front, naming the list.
for l in 'h[3-1]' 'h[a-b]' 'h[1-2' 'h[1-2]]' 'a,,b' 'a,' 'h[]'; do
	run_rigctl -H "$l" rigs
	check_eq "'$l' refused" 2 "$RC"
	check_has "'$l' named" "$ERR" "-H '$l'"
done
run_rigctl -H 'h[0-99999999]' rigs
check_eq "huge list refused" 2 "$RC"
check_has "huge list: why" "$ERR" "more than 65536 hosts"
[ ${#OUT} -eq 0 ] || fail "huge list printed rigs"

# A name from a range reaches its BMC: a simulator and a dead port, both
# written as ranges.
start_sim
dead=$(sim_freeport udp)
PW=$(pwfile admin.pw adminpw)
run_rigctl -o json -H "127.0.0.1:[$SIM_PORT],127.0.0.1:[$dead]" -U admin \
	-f "$PW" "${BMC_OPTS[@]}" --timeout 1500 power status
check_eq "live and dead: partial" 6 "$RC"
check_eq "the live one answered" true \
	"$(jq --arg h "127.0.0.1:$SIM_PORT" '.rigs[] | select(.rig == $h) | .ok' <<<"$OUT")"
check_eq "the dead one is unreachable" 3 \
	"$(jq --arg h "127.0.0.1:$dead" '.rigs[] | select(.rig == $h) | .errors[0].code' <<<"$OUT")"

# -r: rig and group names take the same ranges.
cat > "$T/rigs.conf" <<EOF
[rig01]
bmc = 10.0.0.1
[rig02]
bmc = 10.0.0.2
groups = rack1
[rig03]
bmc = 10.0.0.3
[rig07]
bmc = 10.0.0.7
groups = rack2
[rig08]
bmc = 10.0.0.8
EOF
run_rigctl -c "$T/rigs.conf" -o json -r 'rig[01-03,07]' rigs
check_eq "-r range: exit" 0 "$RC"
check_eq "-r range: rigs" "rig01 rig02 rig03 rig07" \
	"$(jq -r '[.rigs[].rig] | join(" ")' <<<"$OUT")"
run_rigctl -c "$T/rigs.conf" -o json -r 'rack[1-2],rig08' rigs
check_eq "-r group range" "rig02 rig07 rig08" \
	"$(jq -r '[.rigs[].rig] | join(" ")' <<<"$OUT")"
run_rigctl -c "$T/rigs.conf" -r 'rig[01-04]' rigs
check_eq "-r range with an unknown name" 2 "$RC"
check_has "-r: the unknown one named" "$ERR" "'rig04'"
run_rigctl -c "$T/rigs.conf" -r 'rig[01-03' rigs
check_eq "-r malformed" 2 "$RC"
check_has "-r malformed: named" "$ERR" "-r 'rig[01-03'"
finish

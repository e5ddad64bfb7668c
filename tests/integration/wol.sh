#!/bin/bash
# Wake-on-LAN: "power on" of a rig without a BMC sends the magic packet (6 x
# 0xff, then the MAC 16 times: 102 bytes) to --wol-broadcast:--wol-port,
# here a UDP listener on loopback; with --wait it returns once SSH answers.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
need_cmd od jq
LISTEN=$top_builddir/tests/helpers/udp-listen
[ -x "$LISTEN" ] || { echo "udp-listen helper not built" >&2; exit 99; }
start_sshd
MAC=00:1b:21:ab:CD:ef

# listen: start a listener, PORT is where it waits.
listen() {
	rm -f "$T/port" "$T/packet"
	"$LISTEN" "$T/port" "$T/packet" 10 &
	LPID=$!
	wait_until 5 test -s "$T/port" && PORT=$(cat "$T/port") ||
		{ fail "listener did not start"; return 1; }
}
expected_packet() {
	printf 'ff ff ff ff ff ff'
	for _ in $(seq 1 16); do printf ' 00 1b 21 ab cd ef'; done
	echo
}
got_packet() { od -An -v -tx1 "$T/packet" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }

listen
run_rigctl --ssh "$SSH_TARGET" -i "$SSH_KEY" --known-hosts "$SSH_KNOWN_HOSTS" \
	--mac "$MAC" --wol-broadcast 127.0.0.1 --wol-port "$PORT" power on
check_eq "power on: exit 0" 0 "$RC"
wait "$LPID"
check_eq "listener got a datagram" 0 "$?"
check_eq "102 bytes" 102 "$(wc -c < "$T/packet")"
check_eq "6 x ff, then the MAC 16 times" "$(expected_packet)" "$(got_packet)"

# --wait: the rig (sshd) answers, so it is on.
listen
run_rigctl -o json "${SSH_OPTS[@]}" --mac "${MAC//:/-}" --wol-broadcast 127.0.0.1 \
	--wol-port "$PORT" power on --wait=10
check_eq "power on --wait: exit 0" 0 "$RC"
check_eq "power on --wait: on" on "$(printf '%s\n' "$OUT" | jq -r '.rigs[0].power.state')"
wait "$LPID"
check_eq "--wait: the packet too" "$(expected_packet)" "$(got_packet)"

run_rigctl -o json "${SSH_OPTS[@]}" --mac "$MAC" info
check_match "capabilities: power-on by Wake-on-LAN" '"power-on"' \
	"$(printf '%s\n' "$OUT" | jq -c '.rigs[0].info.capabilities')"
check_match "paths: ssh and wol" '"ssh","wol"' "$(printf '%s\n' "$OUT" | jq -c '.rigs[0].info.paths')"

run_rigctl "${SSH_OPTS[@]}" --mac 00:1b:21:ab:cd power on
check_eq "bad MAC: exit 2" 2 "$RC"
check_match "bad MAC: says so" "not a MAC address" "$ERR"
# --mac alone is a rig that can only be woken (selection.sh sends its
# packet): asking its state is exit 5, not a usage error.
run_rigctl --mac "$MAC" power status
check_eq "--mac alone: power status exit 5" 5 "$RC"
# Without --mac there is no way to power an SSH-only rig on.
run_rigctl "${SSH_OPTS[@]}" power on
check_eq "no BMC, no MAC: exit 5" 5 "$RC"
check_match "no BMC, no MAC: hint" "--mac" "$ERR"
finish

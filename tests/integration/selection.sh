#!/bin/bash
# Choosing rigs: a rig of --mac alone can power on (the magic packet
# leaves) and nothing else (exit 5, saying why), and is named by its MAC;
# --ssh or --mac beside a -H list of several rigs is a usage error; empty
# values and empty list items are usage errors naming the option; "rigs"
# fits 80 columns for an inventory of long names; the documented first
# step (the password file) works in a fresh home directory.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq od
LISTEN=$top_builddir/tests/helpers/udp-listen
[ -x "$LISTEN" ] || { echo "udp-listen helper not built" >&2; exit 99; }
MAC=00:1b:21:ab:cd:ef

# A rig of --mac alone: power on sends the packet, exit 0.
rm -f "$T/port" "$T/packet"
"$LISTEN" "$T/port" "$T/packet" 10 &
LPID=$!
wait_until 5 test -s "$T/port" || fail "listener did not start"
run_rigctl -o json --mac "$MAC" --wol-broadcast 127.0.0.1 \
	--wol-port "$(cat "$T/port")" power on
check_eq "--mac alone: power on" 0 "$RC"
check_eq "--mac alone: named by the MAC" "$MAC" "$(jq -r '.rigs[0].rig' <<<"$OUT")"
wait "$LPID"
check_eq "--mac alone: the packet left" 102 "$(wc -c < "$T/packet")"

# Everything else on it: exit 5 with the reason, never "no rig chosen".
for cmd in "power status" "power on --wait=5" "power off" "sensors" "info"; do
	# shellcheck disable=SC2086
	run_rigctl --mac "$MAC" $cmd
	check_eq "--mac alone: $cmd: exit 5" 5 "$RC"
	check_match "--mac alone: $cmd: why" "not possible on this rig: .+" "$ERR"
	[[ $ERR != *"no rig chosen"* ]] || fail "--mac alone: $cmd: 'no rig chosen'"
done

# --ssh or --mac beside a list of several rigs: which rig?
for extra in "--ssh root@rig" "--mac $MAC"; do
	# shellcheck disable=SC2086
	run_rigctl -H 'bmc[1-2].invalid' $extra rigs
	check_eq "'$extra' beside a list: usage" 2 "$RC"
	check_has "'$extra' beside a list: which rig" "$ERR" "which rig would it belong to?"
	# shellcheck disable=SC2086
	run_rigctl -o json -H 'bmc[1].invalid' $extra rigs
	check_eq "'$extra' beside one host: fine" 0 "$RC"
	check_eq "'$extra' beside one host: named by -H" bmc1.invalid \
		"$(jq -r '.rigs[0].rig' <<<"$OUT")"
done
run_rigctl -o json --ssh root@rig.invalid --mac "$MAC" rigs
check_eq "--ssh and --mac: named by --ssh" root@rig.invalid "$(jq -r '.rigs[0].rig' <<<"$OUT")"
check_eq "--ssh and --mac: one rig, two paths" '["ssh","wol"]' \
	"$(jq -c '.rigs[0].rigs.paths' <<<"$OUT")"

# Empty values and empty items: usage errors naming the option.
for opt in -H --ssh --mac -r; do
	run_rigctl "$opt" '' rigs
	check_eq "$opt '': usage" 2 "$RC"
	check_has "$opt '': named" "$ERR" "$opt"
	[[ $ERR != *"out of memory"* ]] || fail "$opt '': out of memory"
done
for l in 'a,,b' ',a' 'a,'; do
	run_rigctl -H "$l" rigs
	check_eq "-H '$l': usage" 2 "$RC"
	check_has "-H '$l': empty item" "$ERR" "-H '$l': empty item"
done

# "rigs" in 80 columns: long names, long SSH targets, many groups.
cat > "$T/rigs.conf" <<'CONF'
[gpu-rig-with-a-rather-long-name-number-01]
bmc = bmc-gpu-rig-01.rack12.datacenter-frankfurt.example.com:623
ssh = operations-user@gpu-rig-with-a-rather-long-name-number-01.rack12.datacenter-frankfurt.example.com:2222
wol_mac = 00:11:22:33:44:55
groups = rack12, a100, training-cluster-east, long-running-jobs, maintenance-sunday
[rig02]
bmc = 10.0.0.2
groups = rack1
[rig03]
ssh = miner@10.0.0.3
CONF
run_rigctl -c "$T/rigs.conf" rigs
check_eq "rigs: exit" 0 "$RC"
check_eq "rigs: no line over 80 columns" 0 "$(awk 'length($0) > 80' <<<"$OUT" | wc -l)"
check_match "rigs: a long target shortened in its middle" \
	"  ssh +operations-user@.+\.\.\..+example\.com:2222"$'\n' "$OUT"
check_match "rigs: groups wrapped, none lost" "long-running-jobs,"$'\n'" +maintenance-sunday" "$OUT"
check_match "rigs: a short rig on its own" $'\n'"rig03"$'\n'"  ssh +miner@10\.0\.0\.3"$'\n' "$OUT"

# The first real-BMC step of docs/commands.md and the README, in a fresh
# home: the password file must land, private.
mkdir "$T/home"
for doc in README.md docs/commands.md; do
	rm -rf "$T/home/.config"
	step=$(grep -E "^    (mkdir -p|\(umask).*rigctl" "$top_srcdir/$doc" | sed 's/^    //')
	[ -n "$step" ] || fail "$doc: no password-file step found"
	(cd "$T/home" && HOME=$T/home bash -ec "$step") 2>"$T/err"
	check_eq "$doc: the step runs in a fresh home" "" "$(cat "$T/err")"
	check_eq "$doc: the file is private" 600 \
		"$(stat -c %a "$T/home/.config/rigctl/rig01.pw" 2>/dev/null)"
done
finish

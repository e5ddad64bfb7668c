#!/bin/bash
# Configuration errors, honestly: one rig whose password file is missing
# (or readable by others) is that rig's UNKNOWN with a line naming it, and
# the other rigs of the check are still checked and reported; with no
# password from any source rigctl says which sources there are (exit 2,
# checks 3) and never logs in with an empty password (the relay in front
# of the simulator counts no datagram).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
need_cmd jq
start_sim
GOOD=$(pwfile admin.pw adminpw)
OPEN=$(pwfile open.pw adminpw)
chmod 644 "$OPEN"
S=(--state-dir "$T/state" --cache-dir "$T/cache")
cat > "$T/rigs.conf" <<EOF
[good]
bmc = $SIM_HOST
bmc_user = admin
bmc_password_file = $GOOD
bmc_workarounds = opensesspriv

[nofile]
bmc = $SIM_HOST
bmc_user = admin
bmc_password_file = $T/missing.pw
bmc_workarounds = opensesspriv

[open]
bmc = $SIM_HOST
bmc_user = admin
bmc_password_file = $OPEN
bmc_workarounds = opensesspriv
EOF
INV=(-c "$T/rigs.conf")

# One rig's missing password file does not stop the check of the others.
run_rigctl "${INV[@]}" -r all "${S[@]}" -o json check
check_eq "fleet with a bad rig: UNKNOWN" 3 "$RC"
check_eq "the good rig was checked: ok" ok \
	"$(jq -r '.rigs[] | select(.rig == "good") | .check.state' <<<"$OUT")"
# (Whatever the state files are called: one per consumer.)
check_eq "the good rig's state was written, the bad rigs' not" "yes no" \
	"$([ -n "$(ls -A "$T/state/good" 2>/dev/null)" ] && echo yes || echo no) $(
	   [ -n "$(ls -A "$T/state/nofile" 2>/dev/null)" ] && echo yes || echo no)"
check_match "the missing file: a configuration error (2) naming the file" \
	"^2 .*missing\.pw" \
	"$(jq -r '.rigs[] | select(.rig == "nofile") | .errors[0] | "\(.code) \(.message)"' <<<"$OUT")"
check_match "the open file: a configuration error naming its mode" \
	"^2 .*readable or writable by group or others" \
	"$(jq -r '.rigs[] | select(.rig == "open") | .errors[0] | "\(.code) \(.message)"' <<<"$OUT")"
check_eq "the bad rigs were not checked" "null null" \
	"$(jq -r '[.rigs[] | select(.rig != "good") | .check] | map(tostring) | join(" ")' <<<"$OUT")"
check_match "stderr names the rig" "rigctl: nofile: cannot open password file" "$ERR"

run_rigctl "${INV[@]}" -r all "${S[@]}" -o nagios check
check_eq "nagios: UNKNOWN" 3 "$RC"
check_match "nagios names the rig and the cause" "nofile UNKNOWN: cannot open password file" "$OUT"

# Other commands keep refusing a bad configuration before contacting any
# rig: exit 2.
run_rigctl "${INV[@]}" -r all "${S[@]}" power status
check_eq "power status with a bad rig: exit 2" 2 "$RC"

# No password anywhere (no -f, none in the inventory, no variable, no
# terminal): the sources are named and the BMC sees nothing.
relay_start -d 0 -u 0 -y 0 -T 300
NOPW=(-H "127.0.0.1:$RPORT" -U admin "${BMC_OPTS[@]}" "${S[@]}")
run_rigctl_nopw() { RIGCTL_PASSWORD= IPMI_PASSWORD= run_rigctl "$@"; }
unset RIGCTL_PASSWORD IPMI_PASSWORD
run_rigctl "${NOPW[@]}" power status
check_eq "no password: exit 2" 2 "$RC"
check_match "no password: the sources named" \
	"no BMC password: .*-f FILE.*bmc_password_file.*RIGCTL_PASSWORD.*IPMI_PASSWORD.*terminal" "$ERR"
run_rigctl "${NOPW[@]}" check
check_eq "no password, check: UNKNOWN (3)" 3 "$RC"
check_match "no password, check: said" "no BMC password" "$OUT$ERR"
# Set but empty is no password either.
run_rigctl_nopw "${NOPW[@]}" power status
check_eq "empty RIGCTL_PASSWORD: exit 2" 2 "$RC"
relay_stop
check_eq "no password: the BMC saw no datagram" 0 \
	"$(sed -n 's/.*c2s passed \([0-9]*\) .*/\1/p' "$T/relay.log")"
finish

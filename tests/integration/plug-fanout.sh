#!/bin/bash
# Fan-out over a mix of rigs from one inventory: one with a BMC (ipmi_sim),
# a budget rig (sshd + an emulated Tasmota plug whose relay is open) and an
# SSH-only rig; each answers through its own path in one run (power
# status), the plug's password comes from the variable the inventory names
# (plug_password_env), and a cycle over the plug and BMC rigs reaches the
# plug's relay (its oracle) and the BMC's chassis (its power file).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/helpers/lib.sh"
. "$top_srcdir/tests/helpers/sshd.sh"
. "$top_srcdir/tests/helpers/plug.sh"
need_cmd jq python3
start_sim
start_sshd
use_fixture rig-riser
plug_start tas tasmota --password s3cret-plug --initial off
BMCPW=$(pwfile admin.pw adminpw)

cat > "$T/rigs.conf" <<EOC
[bmc1]
bmc = $SIM_HOST
bmc_user = admin
bmc_password_file = $BMCPW
bmc_workarounds = opensesspriv

[budget1]
ssh = $SSH_TARGET
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
plug = tasmota://127.0.0.1:$PLUG_PORT
plug_password_env = BUDGET_PLUG_PW

[sshonly1]
ssh = $SSH_TARGET
ssh_identity = $SSH_KEY
ssh_known_hosts = $SSH_KNOWN_HOSTS
EOC
chmod 600 "$T/rigs.conf"

BUDGET_PLUG_PW=s3cret-plug run_rigctl -c "$T/rigs.conf" -r bmc1,budget1,sshonly1 \
	-o json power status
check_eq "mixed fan-out: exit 0" 0 "$RC"
check_eq "mixed fan-out: each rig by its path" \
	'[["bmc1","on",null],["budget1","off",null],["sshonly1","on",null]]' \
	"$(jq -c '[.rigs[] | [.rig, .power.state, .power.relay]]' <<<"$OUT")"

run_rigctl -c "$T/rigs.conf" -r budget1,bmc1 rigs -o json
check_eq "rigs: the plug path listed" '["ssh","plug"]' \
	"$(jq -c '.rigs[] | select(.rig == "budget1") | .rigs.paths' <<<"$OUT")"
check_eq "rigs: the plug's URL" "tasmota://127.0.0.1:$PLUG_PORT" \
	"$(jq -r '.rigs[] | select(.rig == "budget1") | .rigs.plug' <<<"$OUT")"

BUDGET_PLUG_PW=s3cret-plug run_rigctl -c "$T/rigs.conf" -r bmc1,budget1 \
	--yes power on
check_eq "power on over BMC and plug: exit 0" 0 "$RC"
check_eq "power on: the plug's relay closed" "0 on" "$(plug_switches)"

: > "$PLUG_ORACLE"
BUDGET_PLUG_PW=s3cret-plug run_rigctl -c "$T/rigs.conf" -r bmc1,budget1 \
	--yes power cycle --off-time 2s
check_eq "cycle over BMC and plug: exit 0" 0 "$RC"
wait_until 10 grep -q ' on ' "$PLUG_ORACLE"
check_eq "cycle: the plug went off then on" "0 off
0 on" "$(plug_switches)"
check_eq "cycle: the BMC's rig is on" 1 "$(cat "$SIM_STATE/power")"

# Without the variable the plug refuses: exit 4 for that rig alone.
run_rigctl -c "$T/rigs.conf" -r bmc1,budget1 -o json power status
check_eq "no plug password: partial (6)" 6 "$RC"
check_eq "no plug password: the budget rig's auth error" 4 \
	"$(jq '.rigs[] | select(.rig == "budget1") | .errors[0].code' <<<"$OUT")"
finish

#!/bin/sh
# A hook for a miner's --watchdog_script option (T-Rex, lolMiner and
# others run it when the miner finds a GPU hung): have rigctl power-cycle
# this rig through its BMC or smart plug, from the management host.
#
# The miner runs on the rig itself, so the cycle is asked for over SSH on a
# host that has rigctl and the inventory (a key that may run only this
# command: in that host's authorized_keys,
#   command="rigctl -c /etc/rigctl/rigs.conf -r \"$SSH_ORIGINAL_COMMAND\" power cycle --yes",restrict ssh-ed25519 ...
# ).  Set RIGCTL_HOST to that host and RIG to this rig's inventory name; with
# rigctl installed on the rig itself, leave RIGCTL_HOST empty.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
RIG=${RIG:-$(hostname -s)}
RIGCTL_HOST=${RIGCTL_HOST:-}

logger -t rig-watchdog-hook "miner watchdog fired on $RIG: asking for a power cycle"
if [ -n "$RIGCTL_HOST" ]; then
	exec ssh -o BatchMode=yes "$RIGCTL_HOST" "$RIG"
fi
exec rigctl -r "$RIG" power cycle --yes

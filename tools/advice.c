/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The library's hints as rigctl's advice, defined once.  The library
 * states the condition and knows nothing of rigctl's options; this is the
 * one place that names them for an error (tests/no-flags.sh keeps them out
 * of the library).
 */
#include "rigctl.h"

const char *hint_advice(rig_hint hint)
{
	switch (hint) {
	case RIG_HINT_NONE:
		break;
	case RIG_HINT_NEED_BMC:
		return "give the rig a BMC (-H)";
	case RIG_HINT_NEED_SSH:
		return "give the rig an SSH path (--ssh)";
	case RIG_HINT_NEED_BMC_OR_SSH:
		return "give the rig a BMC (-H) or an SSH path (--ssh)";
	case RIG_HINT_NEED_BMC_OR_WOL:
		return "give the rig a BMC (-H) or a Wake-on-LAN MAC (--mac)";
	case RIG_HINT_USE_SOFT_OFF:
		return "use 'power soft', or give the rig a BMC (-H)";
	case RIG_HINT_USE_REBOOT:
		return "use 'power reboot', or give the rig a BMC (-H)";
	case RIG_HINT_USE_HARD_RESTART:
		return "give the rig an SSH path (--ssh), or use 'power cycle' "
		       "or 'power reset' through its BMC";
	case RIG_HINT_ON_IF_OFF:
		return "use 'power on', or --on-if-off to power it on instead";
	case RIG_HINT_BMC_USER:
		return "check -U";
	case RIG_HINT_KG:
		return "a K_g key is given with --kg-file";
	case RIG_HINT_PRIVILEGE:
		return "use -L operator or -L admin";
	case RIG_HINT_PRIVILEGE_ADMIN:
		return "use -L admin; some BMCs also need -W opensesspriv";
	case RIG_HINT_WORKAROUND_OPENSESSPRIV:
		return "some BMCs need -W opensesspriv";
	case RIG_HINT_WORKAROUND_SOL:
		return "try -W solpayloadsize, solport, solstatus or "
		       "solchannelsupport";
	case RIG_HINT_CIPHER_SUITE:
		return "try -C 17 or -C 3 as the BMC supports";
	case RIG_HINT_HOST_KEY_UNKNOWN:
		return "or run again with --accept-new-host-key";
	case RIG_HINT_HOST_KEY_CHANGED:
		return "then connect once with --accept-new-host-key (which "
		       "never replaces a changed key)";
	case RIG_HINT_SSH_KEY:
		return "check -i and the rig's authorized_keys";
	case RIG_HINT_TIMEOUT:
		return "a slow rig needs a longer --timeout";
	case RIG_HINT_USE_CYCLE:
		return "use 'power cycle' (through the smart plug)";
	case RIG_HINT_PLUG_PASSWORD:
		return "check --plug-password-file or RIGCTL_PLUG_PASSWORD";
	case RIG_HINT_CONSOLE_IN_USE:
		return "if it is a stale session, 'rigctl console --deactivate' "
		       "frees it";
	case RIG_HINT_FAN_PROFILE:
		return "name the board's fan profile with --fan-profile or the "
		       "inventory's bmc_fan_profile (e.g. asrock-ast2500)";
	case RIG_HINT_ALLOW_NO_AUTH:
		return "use an authenticating cipher suite (-C 17 or -C 3), or "
		       "--allow-no-auth if the network is trusted";
	}
	/* A hint of a newer library than this rigctl knows: no advice. */
	return NULL;
}

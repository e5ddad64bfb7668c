/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Library statuses to exit codes, defined once (docs/commands.md). */
#include "rigctl.h"

const char *const rigctl_exit_code_help =
	"Exit codes:\n"
	"  0  success on every selected rig and path\n"
	"  1  the operation failed at the rig (BMC error, state not reached,\n"
	"     probe error, cycle or reset of a rig that is off)\n"
	"  2  usage or configuration error\n"
	"  3  could not reach the rig (timeout, refused, DNS, SSH host key)\n"
	"  4  authentication or privilege refused\n"
	"  5  not supported on this rig\n"
	"  6  partial: some rigs or paths failed, others succeeded\n"
	"'check' and 'ecc check': 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n";

int exit_code_of(rig_status st)
{
	switch (st) {
	case RIG_OK:
		return EXIT_OK;
	case RIG_E_INVALID:
		return EXIT_USAGE;
	case RIG_E_UNREACHABLE:
	case RIG_E_HOSTKEY:
		return EXIT_UNREACHABLE;
	case RIG_E_AUTH:
	case RIG_E_PRIVILEGE:
		return EXIT_AUTH;
	case RIG_E_UNSUPPORTED:
	case RIG_E_NOT_AVAILABLE:
		return EXIT_UNSUPPORTED;
	case RIG_E_PARTIAL:
		return EXIT_PARTIAL;
	case RIG_E_NOMEM:
	case RIG_E_BMC:
	case RIG_E_STATE:
	case RIG_E_WAIT_TIMEOUT:
	case RIG_E_PROBE:
	case RIG_E_IO:
	case RIG_E_INTERNAL:
		break;
	}
	return EXIT_FAILED;
}

int exit_code_fold(int acc, int code)
{
	if (acc < 0)
		return code;
	if (acc == code)
		return acc;
	/* Success beside failure, or two different failures: partial. */
	return EXIT_PARTIAL;
}

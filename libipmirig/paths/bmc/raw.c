/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Raw commands.  Used where FreeIPMI's typed calls are too strict for
 * real BMCs (ipmi_sim answers Chassis Identify with trailing bytes that
 * FreeIPMI's template check turns into a timeout) or where we decode the
 * bytes ourselves with a pure, unit-tested function.
 */
#include <stdio.h>
#include <string.h>

#include "codec/raw.h"
#include "paths/bmc/remote.h"

#define RAW_MAX 256u

rig_status bmc_raw(rig *r, struct bmc *b, const char *what, uint8_t netfn,
		   const uint8_t *rq, unsigned int rq_len, uint8_t *rs,
		   size_t rs_size, size_t *rs_len)
{
	uint8_t buf[RAW_MAX];
	const char *why;
	int n;

	*rs_len = 0;
	/* The one door every raw request of this path goes through, so no
	 * caller, public or internal, can send what must never be sent. */
	why = rq_len > 0 ? raw_forbidden(netfn, rq[0]) : NULL;
	if (why != NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"%s: refused: %s", what, why);
	n = ipmi_cmd_raw(b->ctx, 0, netfn, rq, rq_len, buf, sizeof(buf));
	if (n < 0)
		return bmc_error(r, b, what);
	/* buf holds the command byte, then the completion code on. */
	if (n < 2)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
				"%s: BMC %s sent a response without a "
				"completion code", what, b->label);
	*rs_len = (size_t)n - 1 < rs_size ? (size_t)n - 1 : rs_size;
	memcpy(rs, buf + 1, *rs_len);
	return RIG_OK;
}

rig_status bmc_cc_error(rig *r, struct bmc *b, const char *what,
			uint8_t netfn, uint8_t cmd, uint8_t cc)
{
	char text[IPMI_ERR_STR_MAX_LEN];

	if (ipmi_completion_code_strerror_r(cmd, netfn, cc, text,
					    sizeof(text)) < 0)
		snprintf(text, sizeof(text), "unknown completion code");
	switch (cc) {
	case IPMI_COMP_CODE_INSUFFICIENT_PRIVILEGE_LEVEL:
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_PRIVILEGE,
				     RIG_HINT_PRIVILEGE,
				     "%s: BMC %s refused it at this privilege "
				     "(completion code 0xD4): it needs a higher "
				     "privilege, or an account with more rights",
				     what, b->label);
	case IPMI_COMP_CODE_INVALID_COMMAND:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				"%s: not supported by this BMC (%s answers "
				"'invalid command', 0xC1)", what, b->label);
	case IPMI_COMP_CODE_NODE_BUSY:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
				"%s: BMC %s is busy (0xC0): try again shortly",
				what, b->label);
	default:
		break;
	}
	return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
			"%s: BMC %s answered completion code 0x%02X (%s)", what,
			b->label, cc, text);
}

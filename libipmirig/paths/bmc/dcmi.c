/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DCMI Get Power Reading; the bytes are decoded by
 * chassis_power_reading_decode(), a pure function. */
#include "codec/chassis.h"
#include "paths/bmc/remote.h"

static rig_status ask(rig *r, struct bmc *b, uint8_t *rs, size_t size,
		      size_t *n)
{
	const uint8_t rq[] = {
		IPMI_CMD_DCMI_GET_POWER_READING,
		IPMI_NET_FN_GROUP_EXTENSION_IDENTIFICATION_DCMI,
		IPMI_DCMI_POWER_READING_MODE_SYSTEM_POWER_STATISTICS, 0, 0};

	return bmc_raw(r, b, "power reading", IPMI_NET_FN_GROUP_EXTENSION_RQ,
		       rq, sizeof(rq), rs, size, n);
}

/*
 * DCMI needs only user privilege, but a BMC without DCMI may refuse what
 * it does not know with "insufficient privilege" below admin (ipmi_sim
 * does).  When the user left the privilege to us, ask once more as admin
 * so that such a BMC says what it means; if admin is out of reach, the
 * first answer stands.
 */
static rig_status retry_as_admin(rig *r, struct bmc *b, uint8_t *rs,
				 size_t size, size_t *n)
{
	size_t mark = rig__error_mark(r);

	if (rs[0] != IPMI_COMP_CODE_INSUFFICIENT_PRIVILEGE_LEVEL ||
	    b->privilege != RIG_PRIV_AUTO ||
	    b->open_priv >= IPMI_PRIVILEGE_LEVEL_ADMIN)
		return RIG_OK;
	rig__log(r, RIG_LOG_DEBUG, "BMC %s: DCMI refused below admin; asking "
				  "as admin", b->label);
	if (bmc_begin(r, b, RIG_INTENT_ADMIN) != RIG_OK) {
		rig__error_rewind(r, mark);
		rs[0] = IPMI_COMP_CODE_INSUFFICIENT_PRIVILEGE_LEVEL;
		return RIG_OK;
	}
	return ask(r, b, rs, size, n);
}

rig_status bmc_power_reading(rig *r, void *priv, rig_power_reading *out)
{
	struct bmc *b = priv;
	uint8_t rs[32];
	size_t n;
	rig_status rc;

	rc = ask(r, b, rs, sizeof(rs), &n);
	if (rc == RIG_OK && n > 0)
		rc = retry_as_admin(r, b, rs, sizeof(rs), &n);
	if (rc != RIG_OK)
		return rc;
	rc = chassis_power_reading_decode(rs, n, out);
	switch (rc) {
	case RIG_OK:
		return RIG_OK;
	case RIG_E_UNSUPPORTED:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				"power reading: not supported by this BMC (%s "
				"has no DCMI)", b->label);
	case RIG_E_INVALID:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
				"power reading: BMC %s sent %zu bytes, too "
				"short for a DCMI power reading", b->label, n);
	default:
		break;
	}
	if (rs[0] != 0)
		return bmc_cc_error(r, b, "power reading",
				    IPMI_NET_FN_GROUP_EXTENSION_RQ,
				    IPMI_CMD_DCMI_GET_POWER_READING, rs[0]);
	return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
			"power reading: BMC %s answered with group id 0x%02X, "
			"not DCMI's 0xDC", b->label, n > 1 ? rs[1] : 0);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chassis Identify: the LED that tells which box in the rack it is. */
#include "paths/bmc/remote.h"

rig_status bmc_identify(rig *r, void *priv, const rig_identify_options *opts)
{
	struct bmc *b = priv;
	uint8_t rq[3], rs[4];
	unsigned int len = 2;
	size_t n;
	rig_status rc;

	rq[0] = IPMI_CMD_CHASSIS_IDENTIFY;
	rq[1] = opts->force ? 0 : (uint8_t)opts->seconds;
	/* The force byte came with IPMI 1.5 errata; older BMCs reject a
	 * second byte, so send it only when it matters. */
	if (opts->force) {
		rq[2] = 1;
		len = 3;
	}
	rig__log(r, RIG_LOG_INFO, "BMC %s: identify %s", b->label,
		opts->force ? "forced on" : opts->seconds ? "on" : "off");
	rc = bmc_raw(r, b, "identify", IPMI_NET_FN_CHASSIS_RQ, rq, len, rs,
		     sizeof(rs), &n);
	/* Only the completion code matters; anything after it is ignored
	 * (ipmi_sim sends garbage there). */
	if (rc == RIG_OK && rs[0] != 0)
		rc = bmc_cc_error(r, b, "identify", IPMI_NET_FN_CHASSIS_RQ,
				  IPMI_CMD_CHASSIS_IDENTIFY, rs[0]);
	return rc;
}

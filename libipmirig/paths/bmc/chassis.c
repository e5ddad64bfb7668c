/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Get Chassis Status and Set Power Restore Policy.  Sent raw and decoded
 * by codec/chassis.c, so every bit is unit-tested from the spec's layout
 * and a completion code reaches bmc_cc_error() as the BMC sent it. */
#include "codec/chassis.h"
#include "paths/bmc/mgmt.h"
#include "paths/bmc/remote.h"

rig_status bmc_chassis_status(rig *r, void *priv, rig_chassis_status *out)
{
	struct bmc *b = priv;
	const uint8_t rq[] = {IPMI_CMD_GET_CHASSIS_STATUS};
	uint8_t rs[16];
	size_t n;
	rig_status rc;

	rc = bmc_raw(r, b, "chassis status", IPMI_NET_FN_CHASSIS_RQ, rq,
		     sizeof(rq), rs, sizeof(rs), &n);
	if (rc != RIG_OK)
		return rc;
	rc = chassis_status_decode(rs, n, out);
	if (rc == RIG_E_INVALID)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
				"chassis status: BMC %s sent %zu bytes, too "
				"short for a chassis status", b->label, n);
	if (rc != RIG_OK)
		return bmc_cc_error(r, b, "chassis status",
				    IPMI_NET_FN_CHASSIS_RQ,
				    IPMI_CMD_GET_CHASSIS_STATUS, rs[0]);
	return RIG_OK;
}

rig_status bmc_power_policy_set(rig *r, void *priv, rig_power_policy policy)
{
	struct bmc *b = priv;
	int v = chassis_policy_encode(policy);
	uint8_t rq[2], rs[8];
	size_t n;
	rig_status rc;

	if (v < 0)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"power policy: no such policy");
	rq[0] = IPMI_CMD_SET_POWER_RESTORE_POLICY;
	rq[1] = (uint8_t)v;
	rig__log(r, RIG_LOG_INFO, "BMC %s: power restore policy %s", b->label,
		 rig_power_policy_name(policy));
	rc = bmc_raw(r, b, "power policy", IPMI_NET_FN_CHASSIS_RQ, rq,
		     sizeof(rq), rs, sizeof(rs), &n);
	if (rc != RIG_OK)
		return rc;
	if (rs[0] != 0)
		return bmc_cc_error(r, b, "power policy", IPMI_NET_FN_CHASSIS_RQ,
				    IPMI_CMD_SET_POWER_RESTORE_POLICY, rs[0]);
	/* The reply lists the policies the chassis supports; a BMC may take
	 * a policy it cannot do without an error code.  A reply without the
	 * mask is an older BMC's: nothing to check. */
	if (n >= 2 && !chassis_policy_supported(rs[1], policy))
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				"power policy: not supported by this BMC (%s "
				"supports only policy mask 0x%02X, not %s)",
				b->label, rs[1], rig_power_policy_name(policy));
	return RIG_OK;
}

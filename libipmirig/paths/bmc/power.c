/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chassis status and chassis control. */
#include <stdio.h>

#include "paths/bmc/bmc.h"

rig_status bmc_power_status(rig *r, void *priv, rig_power_state *st)
{
	struct bmc *b = priv;
	fiid_obj_t rs = fiid_obj_create(tmpl_cmd_get_chassis_status_rs);
	uint64_t on = 0;
	rig_status rc = RIG_OK;

	if (rs == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	if (ipmi_cmd_get_chassis_status(b->ctx, rs) < 0)
		rc = bmc_error(r, b, "power status");
	else if (fiid_obj_get(rs, "current_power_state.power_is_on", &on) < 0)
		rc = rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
			      "power status: BMC %s sent no power state",
			      b->label);
	else
		*st = on ? RIG_POWERSTATE_ON : RIG_POWERSTATE_OFF;
	fiid_obj_destroy(rs);
	return rc;
}

static uint8_t chassis_control(rig_power_action a)
{
	switch (a) {
	case RIG_POWER_ON:
		return IPMI_CHASSIS_CONTROL_POWER_UP;
	case RIG_POWER_OFF:
		return IPMI_CHASSIS_CONTROL_POWER_DOWN;
	case RIG_POWER_SOFT:
		return IPMI_CHASSIS_CONTROL_INITIATE_SOFT_SHUTDOWN;
	case RIG_POWER_CYCLE:
		return IPMI_CHASSIS_CONTROL_POWER_CYCLE;
	case RIG_POWER_RESET:
	case RIG_POWER_REBOOT: /* never routed here */
		break;
	}
	return IPMI_CHASSIS_CONTROL_HARD_RESET;
}

rig_status bmc_power_action(rig *r, void *priv, rig_power_action a)
{
	struct bmc *b = priv;
	fiid_obj_t rs = fiid_obj_create(tmpl_cmd_chassis_control_rs);
	rig_status rc = RIG_OK;
	char what[32];

	if (rs == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	snprintf(what, sizeof(what), "power %s", rig_power_action_name(a));
	rig__log(r, RIG_LOG_INFO, "BMC %s: chassis control %s", b->label,
		rig_power_action_name(a));
	if (ipmi_cmd_chassis_control(b->ctx, chassis_control(a), rs) < 0)
		rc = bmc_error(r, b, what);
	fiid_obj_destroy(rs);
	return rc;
}

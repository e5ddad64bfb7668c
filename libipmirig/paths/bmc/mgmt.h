/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BMC management on the BMC path: chassis.c (chassis status, restore
 * policy) and bmcmgmt.c (reset, SEL clock, LAN, users, raw, SOL
 * deactivation).  Ops of struct rig_backend_ops. */
#ifndef RIG_BMC_MGMT_H
#define RIG_BMC_MGMT_H

#include "paths/bmc/bmc.h"

rig_status bmc_chassis_status(rig *r, void *priv, rig_chassis_status *out);
rig_status bmc_power_policy_set(rig *r, void *priv, rig_power_policy policy);
rig_status bmc_mc_reset(rig *r, void *priv, bool warm, unsigned int wait_ms);
rig_status bmc_mc_time_get(rig *r, void *priv, rig_bmc_time *out);
rig_status bmc_mc_time_set(rig *r, void *priv, uint32_t t);
rig_status bmc_mc_lan(rig *r, void *priv, rig_bmc_lan *out);
rig_status bmc_mc_users(rig *r, void *priv, rig_bmc_user_list *out);
rig_status bmc_raw_request(rig *r, void *priv, uint8_t netfn, uint8_t cmd,
			   const uint8_t *data, size_t len,
			   rig_raw_response *out);
rig_status bmc_console_deactivate(rig *r, void *priv, bool *was_active);

#endif

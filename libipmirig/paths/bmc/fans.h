/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BMC fan control on the BMC path (fans.c): ops of struct rig_backend_ops. */
#ifndef RIG_BMC_FANS_H
#define RIG_BMC_FANS_H

#include "paths/bmc/bmc.h"

rig_status bmc_fan_vendor(rig *r, void *priv, uint32_t *iana);
rig_status bmc_fan_request(rig *r, void *priv, const struct fan_profile *p,
			   uint8_t cmd, const uint8_t *data, size_t len,
			   uint8_t *rs, size_t size, size_t *n);

#endif

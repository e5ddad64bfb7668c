/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Public entry for BMC identity. */
#include <string.h>

#include "core/internal.h"
#include "core/route.h"

RIG_API rig_status rig_bmc_info_get(rig *r, rig_bmc_info *info)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || info == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(info, 0, sizeof(*info));
	b = rig__route_ready(r, ROUTE_BMC_INFO, "BMC info", RIG_INTENT_READ, &rc);
	return b != NULL ? b->ops->bmc_info(r, b->priv, info) : rc;
}

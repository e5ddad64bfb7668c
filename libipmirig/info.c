/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Public entry for BMC identity. */
#include <string.h>

#include "internal.h"
#include "route.h"

RIG_API rig_status rig_bmc_info_get(rig *r, rig_bmc_info *info)
{
	struct rig_backend *b;
	rig_status rc = RIG_OK;

	if (r == NULL || info == NULL)
		return RIG_E_INVALID;
	rig_clear_errors(r);
	memset(info, 0, sizeof(*info));
	b = rig_route_pick(r, ROUTE_BMC_INFO);
	if (b == NULL)
		return rig_route_unsupported(r, ROUTE_BMC_INFO, "BMC info");
	if (b->ops->begin != NULL)
		rc = b->ops->begin(r, b->priv, RIG_INTENT_READ);
	if (rc == RIG_OK)
		rc = b->ops->bmc_info(r, b->priv, info);
	return rc;
}

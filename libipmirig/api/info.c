/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Public entries for the identity of the BMC and of the OS. */
#include <stdlib.h>
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

RIG_API rig_status rig_os_info_get(rig *r, rig_os_info *info)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || info == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(info, 0, sizeof(*info));
	b = rig__route_ready(r, ROUTE_OS_INFO, "OS info", RIG_INTENT_READ, &rc);
	if (b == NULL)
		return rc;
	rc = b->ops->os_info(r, b->priv, info);
	/* The contract: nothing to free after a failure, whatever the path
	 * had filled in before it failed. */
	if (rc != RIG_OK)
		rig_os_info_free(info);
	return rc;
}

RIG_API void rig_os_info_free(rig_os_info *info)
{
	if (info == NULL)
		return;
	free(info->hostname);
	free(info->kernel);
	free(info->os);
	free(info->driver_version);
	free(info->gpu_problem);
	for (size_t i = 0; i < info->gpu_count; i++) {
		free(info->gpus[i].bus_id);
		free(info->gpus[i].uuid);
		free(info->gpus[i].name);
	}
	free(info->gpus);
	memset(info, 0, sizeof(*info));
}

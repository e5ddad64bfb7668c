/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sensors merged over every path that has them; the SDR cache flush. */
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "core/route.h"

static rig_status sensors_of(rig *r, struct rig_backend *b, void *arg)
{
	return b->ops->sensors(r, b->priv, arg);
}

RIG_API void rig_sensors_options_init(rig_sensors_options *o)
{
	if (o == NULL)
		return;
	memset(o, 0, sizeof(*o));
	o->version = RIG_SENSORS_OPTIONS_VERSION;
}

RIG_API rig_status rig_sensors_get_opts(rig *r, const rig_sensors_options *opts,
					rig_sensor_list **out)
{
	rig_sensors_options defaults;
	rig_sensor_list *list;
	unsigned int ok;
	rig_status rc;

	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (opts == NULL) {
		rig_sensors_options_init(&defaults);
		opts = &defaults;
	}
	if (opts->version != RIG_SENSORS_OPTIONS_VERSION)
		return rig__fail_options_version(r, RIG_PATH_NONE, "sensors",
						opts->version,
						RIG_SENSORS_OPTIONS_VERSION);
	if (!rig__route_any(r, ROUTE_SENSORS))
		return rig__route_unsupported(r, ROUTE_SENSORS, "reading sensors");
	list = calloc(1, sizeof(*list));
	if (list == NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	r->sensors_opts = opts;
	ok = rig__route_each(r, ROUTE_SENSORS, RIG_INTENT_READ, sensors_of, list);
	r->sensors_opts = NULL;
	rc = rig__combine(r, ok);
	/* Each failed path left nothing behind: what is here came whole
	 * from the paths that worked. */
	if (ok == 0) {
		rig_sensor_list_free(list);
		return rc;
	}
	*out = list;
	return rc;
}

RIG_API rig_status rig_sensors_get(rig *r, rig_sensor_list **out)
{
	return rig_sensors_get_opts(r, NULL, out);
}

RIG_API rig_status rig_sdr_cache_flush(rig *r)
{
	struct rig_backend *b;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	b = rig__route_pick(r, ROUTE_SDR_FLUSH);
	if (b == NULL)
		return rig__route_unsupported(r, ROUTE_SDR_FLUSH,
					     "dropping the SDR cache");
	/* A local file: no session, so it works while the BMC is down. */
	return b->ops->sdr_flush(r, b->priv);
}

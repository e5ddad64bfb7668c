/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sensors merged over every path that has them; the SDR cache flush. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "api/entries.h"
#include "core/internal.h"
#include "core/route.h"

static rig_status sensors_of(rig *r, struct rig_backend *b, void *arg)
{
	return b->ops->sensors(r, b->priv, arg);
}

RIG_API rig_status rig_sensors_options_init(rig_sensors_options *o,
					    unsigned int version)
{
	return rig__options_init(RIG_OPTS_SENSORS, o, version);
}

static bool excluded(const char *name, const char *const *globs)
{
	for (size_t i = 0; name != NULL && globs[i] != NULL; i++)
		if (fnmatch(globs[i], name, FNM_CASEFOLD) == 0)
			return true;
	return false;
}

/* After the merge, so that one pattern treats every path's sensors alike. */
static void drop_excluded(rig_sensor_list *l, const char *const *globs)
{
	size_t kept = 0;

	if (globs == NULL)
		return;
	for (size_t i = 0; i < l->count; i++) {
		if (excluded(l->items[i].name, globs))
			rig__sensor_clear(&l->items[i]);
		else
			l->items[kept++] = l->items[i];
	}
	l->count = kept;
}

rig_status rig__sensors_get(rig *r, const rig_sensors_options *given,
			    rig_sensor_list **out)
{
	size_t mark = rig__error_mark(r);
	rig_sensors_options opts;
	rig_sensor_list *list;
	unsigned int ok;
	rig_status rc;

	*out = NULL;
	rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_SENSORS, given, &opts);
	if (rc != RIG_OK)
		return rc;
	if (!rig__route_any(r, ROUTE_SENSORS))
		return rig__route_unsupported(r, ROUTE_SENSORS, "reading sensors");
	list = calloc(1, sizeof(*list));
	if (list == NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	r->sensors_opts = &opts;
	ok = rig__route_each(r, ROUTE_SENSORS, RIG_INTENT_READ, sensors_of, list);
	r->sensors_opts = NULL;
	rc = rig__combine(r, mark, ok);
	/* Each failed path left nothing behind: what is here came whole
	 * from the paths that worked. */
	if (ok == 0) {
		rig_sensor_list_free(list);
		return rc;
	}
	drop_excluded(list, opts.exclude);
	*out = list;
	return rc;
}

RIG_API rig_status rig_sensors_get(rig *r, const rig_sensors_options *opts,
				   rig_sensor_list **out)
{
	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	return rig__sensors_get(r, opts, out);
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ECC status: memory errors per sensor (or DIMM) and kind, from every path
 * that can report them.  A path with counters (EDAC over SSH) gives them;
 * a path without but with RIG_CAP_ECC (the BMC's SEL) is counted from its
 * memory events.
 */
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "api/ecc.h"
#include "api/entries.h"
#include "core/route.h"

static bool same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

rig_ecc_count *ecc_entry(rig_ecc_report *rep, rig_path source,
			 const char *sensor, const char *dimm,
			 rig_ecc_kind kind)
{
	rig_ecc_count *c;
	void *items = rep->items;

	for (size_t i = 0; i < rep->count; i++) {
		c = &rep->items[i];
		if (c->source == source && c->kind == kind &&
		    same(c->sensor, sensor) && same(c->dimm, dimm))
			return c;
	}
	c = rig__array_add(&items, &rep->count, sizeof(*c));
	rep->items = items;
	if (c == NULL)
		return NULL;
	c->source = source;
	c->kind = kind;
	c->sensor = sensor != NULL ? strdup(sensor) : NULL;
	c->dimm = dimm != NULL ? strdup(dimm) : NULL;
	if ((sensor != NULL && c->sensor == NULL) ||
	    (dimm != NULL && c->dimm == NULL)) {
		free(c->sensor);
		free(c->dimm);
		rep->count--;
		return NULL;
	}
	return c;
}

static void seen_at(rig_ecc_count *c, int64_t t)
{
	if (!c->has_first || t < c->first_seen) {
		c->first_seen = t;
		c->has_first = true;
	}
	if (!c->has_last || t > c->last_seen) {
		c->last_seen = t;
		c->has_last = true;
	}
}

rig_status ecc_tally(rig_ecc_report *rep, const rig_event_list *events)
{
	for (size_t i = 0; i < events->count; i++) {
		const rig_event *e = &events->items[i];
		rig_ecc_count *c;

		if (e->ecc == RIG_ECC_NONE)
			continue;
		c = ecc_entry(rep, e->source, e->sensor, e->dimm, e->ecc);
		if (c == NULL)
			return RIG_E_NOMEM;
		c->count++;
		if (e->has_time)
			seen_at(c, e->time);
	}
	return RIG_OK;
}

static rig_status from_events(rig *r, struct rig_backend *b,
			      rig_ecc_report *rep)
{
	rig_event_list l;
	char *next = NULL;
	rig_status rc;

	memset(&l, 0, sizeof(l));
	rc = b->ops->events(r, b->priv, NULL, 0, &l, &next);
	free(next);
	if (rc == RIG_OK && ecc_tally(rep, &l) != RIG_OK)
		rc = rig__fail(r, b->ops->path, RIG_E_NOMEM, "out of memory");
	for (size_t i = 0; i < l.count; i++)
		rig__event_clear(&l.items[i]);
	free(l.items);
	return rc;
}

static rig_status ecc_of(rig *r, struct rig_backend *b, void *arg)
{
	rig_ecc_report *rep = arg;
	rig_status rc;

	if (b->ops->ecc_counters != NULL)
		rc = b->ops->ecc_counters(r, b->priv, rep);
	else
		rc = from_events(r, b, rep);
	if (rc == RIG_OK)
		rep->paths |= (unsigned int)b->ops->path;
	return rc;
}

rig_status rig__ecc_status(rig *r, rig_ecc_report **out)
{
	size_t mark = rig__error_mark(r);
	rig_ecc_report *rep;
	unsigned int ok;
	rig_status rc;

	*out = NULL;
	if (!rig__route_any(r, ROUTE_ECC))
		return rig__fail_hint(r, RIG_PATH_NONE, RIG_E_NOT_AVAILABLE,
				     RIG_HINT_NEED_BMC_OR_SSH,
				     "%s: memory errors are not available: the "
				     "rig has neither a BMC nor EDAC over SSH",
				     r->name);
	rep = calloc(1, sizeof(*rep));
	if (rep == NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	ok = rig__route_each(r, ROUTE_ECC, RIG_INTENT_READ, ecc_of, rep);
	/* A path without ECC reporting beside one with it is no failure. */
	if (ok > 0)
		rig__error_drop(r, mark, RIG_E_NOT_AVAILABLE);
	rc = rig__combine(r, mark, ok);
	if (ok == 0) {
		rig_ecc_report_free(rep);
		return rc;
	}
	*out = rep;
	return rc;
}

RIG_API rig_status rig_ecc_status(rig *r, rig_ecc_report **out)
{
	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	return rig__ecc_status(r, out);
}

RIG_API void rig_ecc_report_free(rig_ecc_report *rep)
{
	if (rep == NULL)
		return;
	for (size_t i = 0; i < rep->count; i++) {
		free(rep->items[i].sensor);
		free(rep->items[i].dimm);
	}
	free(rep->items);
	free(rep);
}

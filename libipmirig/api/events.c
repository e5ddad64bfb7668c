/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Events merged over every path (SEL on the BMC, kernel log over SSH) with
 * one cursor covering them all; SEL info and archive-then-clear.  Nothing
 * here knows what a path's events are: each path reads its own part of
 * the cursor and returns its next part.
 */
#include <stdlib.h>
#include <string.h>

#include "api/entries.h"
#include "codec/cursor.h"
#include "core/internal.h"
#include "core/route.h"

struct run {
	size_t start, end; /* this path's items in the list */
};

struct events_job {
	const struct cursor_parts *since;
	size_t last;
	rig_event_list *list;
	struct cursor_parts next;
	struct run runs[CURSOR_PATHS];
	size_t nruns;
};

RIG_API rig_status rig_events_options_init(rig_events_options *o,
					   unsigned int version)
{
	return rig__options_init(RIG_OPTS_EVENTS, o, version);
}

static void truncate_list(rig_event_list *l, size_t count)
{
	while (l->count > count)
		rig__event_clear(&l->items[--l->count]);
}

static rig_status events_of(rig *r, struct rig_backend *b, void *arg)
{
	struct events_job *j = arg;
	int slot = cursor_slot(b->ops->path);
	size_t start = j->list->count;
	char *next = NULL;
	rig_status rc;

	if (slot < 0)
		return RIG_OK;
	rc = b->ops->events(r, b->priv, j->since->part[slot], j->last, j->list,
			    &next);
	if (rc != RIG_OK) {
		/* Keep this path where it was: its events are read next time. */
		free(next);
		truncate_list(j->list, start);
		next = j->since->part[slot] != NULL ? strdup(j->since->part[slot])
						    : NULL;
	}
	j->next.part[slot] = next;
	if (rc == RIG_OK && j->list->count > start && j->nruns < CURSOR_PATHS)
		j->runs[j->nruns++] = (struct run){start, j->list->count};
	return rc;
}

/* Events without a time (pre-init SEL records) sort with the event before
 * them on their own path. */
static void sort_keys(const rig_event_list *l, const struct run *run,
		      int64_t *key)
{
	int64_t carry = INT64_MIN;

	for (size_t i = run->start; i < run->end; i++) {
		if (l->items[i].has_time)
			carry = l->items[i].time;
		key[i] = carry;
	}
}

/*
 * Merge the paths' runs by time, keeping each path's own order (a SEL's
 * record order is the truth even when its clock jumped back).
 */
static rig_status merge_runs(rig_event_list *l, const struct run *runs,
			     size_t nruns)
{
	rig_event *out;
	int64_t *key;
	size_t o = 0, a, b;

	if (nruns < 2)
		return RIG_OK;
	out = malloc(l->count * sizeof(*out));
	key = malloc(l->count * sizeof(*key));
	if (out == NULL || key == NULL) {
		free(out);
		free(key);
		return RIG_E_NOMEM;
	}
	sort_keys(l, &runs[0], key);
	sort_keys(l, &runs[1], key);
	a = runs[0].start;
	b = runs[1].start;
	while (a < runs[0].end || b < runs[1].end) {
		bool take_a = b >= runs[1].end ||
			      (a < runs[0].end && key[a] <= key[b]);

		out[o++] = l->items[take_a ? a++ : b++];
	}
	memcpy(l->items, out, o * sizeof(*out));
	free(out);
	free(key);
	return RIG_OK;
}

static void keep_last(rig_event_list *l, size_t last)
{
	size_t drop;

	if (last == 0 || l->count <= last)
		return;
	drop = l->count - last;
	for (size_t i = 0; i < drop; i++)
		rig__event_clear(&l->items[i]);
	memmove(l->items, l->items + drop, last * sizeof(*l->items));
	l->count = last;
}

static rig_status parse_since(rig *r, const rig_events_options *o,
			      struct cursor_parts *since)
{
	const char *why = NULL;
	rig_status rc;

	memset(since, 0, sizeof(*since));
	if (o->since == NULL)
		return RIG_OK;
	rc = cursor_split(o->since, since, &why);
	if (rc == RIG_E_INVALID)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: the events cursor '%.60s%s' is not valid (%s): "
				"pass the cursor a listing of this rig printed, "
				"or none to list everything", r->name, o->since,
				strlen(o->since) > 60 ? "..." : "", why);
	if (rc != RIG_OK)
		return rig__fail(r, RIG_PATH_NONE, rc, "out of memory");
	return RIG_OK;
}

static rig_status finish(rig *r, struct events_job *j, size_t last)
{
	if (merge_runs(j->list, j->runs, j->nruns) != RIG_OK)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	keep_last(j->list, last);
	j->list->cursor = cursor_join(&j->next);
	if (j->list->cursor == NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	return RIG_OK;
}

rig_status rig__events_list(rig *r, const rig_events_options *given,
			    rig_event_list **out)
{
	size_t mark = rig__error_mark(r);
	rig_events_options full;
	const rig_events_options *opts = &full;
	struct cursor_parts since;
	struct events_job j;
	unsigned int ok;
	rig_status rc;

	*out = NULL;
	rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_EVENTS, given, &full);
	if (rc != RIG_OK)
		return rc;
	if (!rig__route_any(r, ROUTE_EVENTS))
		return rig__route_unsupported(r, ROUTE_EVENTS, "reading events");
	rc = parse_since(r, opts, &since);
	if (rc != RIG_OK)
		return rc;
	memset(&j, 0, sizeof(j));
	j.since = &since;
	j.last = opts->last;
	j.list = calloc(1, sizeof(*j.list));
	if (j.list == NULL) {
		cursor_parts_free(&since);
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	}
	ok = rig__route_each(r, ROUTE_EVENTS, RIG_INTENT_READ, events_of, &j);
	rc = rig__combine(r, mark, ok);
	if (ok > 0) {
		rig_status frc = finish(r, &j, opts->last);

		rc = frc != RIG_OK ? frc : rc;
	}
	cursor_parts_free(&since);
	cursor_parts_free(&j.next);
	if (ok == 0 || (rc != RIG_OK && rc != RIG_E_PARTIAL)) {
		rig_event_list_free(j.list);
		return rc;
	}
	*out = j.list;
	return rc;
}

RIG_API rig_status rig_events_list(rig *r, const rig_events_options *opts,
				   rig_event_list **out)
{
	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	return rig__events_list(r, opts, out);
}

RIG_API rig_status rig_sel_info_get(rig *r, rig_sel_info *info)
{
	struct rig_backend *b;
	rig_status rc = RIG_OK;

	if (r == NULL || info == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(info, 0, sizeof(*info));
	b = rig__route_ready(r, ROUTE_SEL_INFO, "SEL info", RIG_INTENT_READ, &rc);
	return b != NULL ? b->ops->sel_info(r, b->priv, info) : rc;
}

RIG_API rig_status rig_sel_clear_options_init(rig_sel_clear_options *o,
					      unsigned int version)
{
	return rig__options_init(RIG_OPTS_SEL_CLEAR, o, version);
}

RIG_API rig_status rig_sel_clear(rig *r, const rig_sel_clear_options *given,
				 rig_sel_clear_result *result)
{
	rig_sel_clear_options opts;
	rig_sel_clear_result scratch;
	struct rig_backend *b;
	rig_status rc = RIG_OK;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (result == NULL)
		result = &scratch;
	memset(result, 0, sizeof(*result));
	rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_SEL_CLEAR, given, &opts);
	if (rc != RIG_OK)
		return rc;
	if (opts.archive_path == NULL || opts.archive_path[0] == '\0')
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: clearing the SEL needs options with an "
				"archive path (rig_sel_clear_options_init)",
				r->name);
	/* Clear SEL needs operator privilege (IPMI 2.0 table G-1). */
	b = rig__route_ready(r, ROUTE_SEL_CLEAR, "clearing the SEL",
			    RIG_INTENT_CONTROL, &rc);
	return b != NULL ? b->ops->sel_clear(r, b->priv, &opts, result) : rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Checks for cron and monitoring: sensors in warning or critical, events
 * of warning or worse and memory errors that are new since the last run.
 * "New" is what the state file says: the events cursor (so only new SEL
 * records are read) and the counters of paths that count (EDAC).  The
 * whole run holds the state file's lock, so two overlapping runs report a
 * new event once: the second reads the state the first wrote.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/check_state.h"
#include "api/ecc.h"
#include "core/route.h"

#define DEFAULT_LOCK_TIMEOUT_MS 60000u

struct errbag {
	size_t n;
	struct rig_error e[RIG_MAX_ERRORS];
};

struct check_run {
	rig *r;
	unsigned int what;
	rig_check_result *res;
	struct errbag errs;
	unsigned int parts_ok;
	unsigned int parts_failed;
	struct check_state old, next;
	unsigned int ecc_paths;        /* ROUTE_ECC paths tried */
	unsigned int ecc_unavailable;  /* of them, "not available" */
};

static const char *const kind_names[] = {"sensor", "event", "ecc", "note"};

RIG_API const char *rig_check_kind_name(rig_check_kind kind)
{
	if ((unsigned int)kind < sizeof(kind_names) / sizeof(kind_names[0]))
		return kind_names[kind];
	return "invalid";
}

/* critical > warning > unknown > ok */
static int rank(rig_state s)
{
	switch (s) {
	case RIG_STATE_CRITICAL:
		return 3;
	case RIG_STATE_WARNING:
		return 2;
	case RIG_STATE_UNKNOWN:
		return 1;
	case RIG_STATE_OK:
		break;
	}
	return 0;
}

RIG_API rig_state rig_state_worst(rig_state a, rig_state b)
{
	return rank(a) >= rank(b) ? a : b;
}

RIG_API void rig_check_options_init(rig_check_options *o)
{
	if (o == NULL)
		return;
	memset(o, 0, sizeof(*o));
	o->version = RIG_CHECK_OPTIONS_VERSION;
	o->what = RIG_CHECK_ALL;
	o->lock_timeout_ms = DEFAULT_LOCK_TIMEOUT_MS;
}

/* Sub-calls clear the handle's errors: collect them as we go. */
static void keep_errors(struct check_run *c)
{
	for (size_t i = 0; i < c->r->nerrors && c->errs.n < RIG_MAX_ERRORS; i++)
		c->errs.e[c->errs.n++] = c->r->errors[i];
	c->r->nerrors = 0;
}

static void add_item(struct check_run *c, rig_check_kind kind,
		     rig_state state, const rig_sensor *s, const rig_event *e,
		     const char *fmt, ...) RIG_PRINTF(6, 7);

static void add_item(struct check_run *c, rig_check_kind kind,
		     rig_state state, const rig_sensor *s, const rig_event *e,
		     const char *fmt, ...)
{
	rig_check_result *res = c->res;
	rig_check_item *it;
	void *grown = realloc(res->items, (res->count + 1) * sizeof(*res->items));
	va_list ap;

	if (grown == NULL)
		return; /* the state below still counts it */
	res->items = grown;
	it = &res->items[res->count];
	memset(it, 0, sizeof(*it));
	va_start(ap, fmt);
	if (vasprintf(&it->text, fmt, ap) < 0)
		it->text = NULL;
	va_end(ap);
	it->kind = kind;
	it->state = state;
	it->sensor = s;
	it->event = e;
	res->count++;
	res->state = rig_state_worst(res->state, state);
}

static void part_failed(struct check_run *c, const char *what)
{
	c->parts_failed++;
	add_item(c, RIG_CHECK_ITEM_NOTE, RIG_STATE_UNKNOWN, NULL, NULL,
		 "%s could not be read: %s", what,
		 c->errs.n > 0 ? c->errs.e[c->errs.n - 1].message : "failed");
}

/* ------------------------------------------------------------ sensors */

static void sensor_item(struct check_run *c, const rig_sensor *s)
{
	rig_state st = s->state == RIG_STATE_CRITICAL ? RIG_STATE_CRITICAL
						      : RIG_STATE_WARNING;
	char reading[64] = "no reading";

	if (s->has_reading)
		snprintf(reading, sizeof(reading), "%g%s%s", s->reading,
			 s->unit != NULL ? " " : "", s->unit != NULL ? s->unit : "");
	add_item(c, RIG_CHECK_ITEM_SENSOR, st, s, NULL, "%s is %s: %s%s%s",
		 s->name != NULL ? s->name : "sensor", rig_state_name(s->state),
		 reading, s->state_text != NULL ? ", " : "",
		 s->state_text != NULL ? s->state_text : "");
}

static void check_sensors(struct check_run *c)
{
	rig_status rc = rig_sensors_get(c->r, &c->res->sensors);
	rig_sensor_list *l = c->res->sensors;

	if (rc == RIG_E_UNSUPPORTED) {
		c->r->nerrors = 0; /* a rig without sensors: nothing to check */
		return;
	}
	keep_errors(c);
	if (rc != RIG_OK)
		part_failed(c, "sensors");
	if (l != NULL)
		c->parts_ok++;
	for (size_t i = 0; l != NULL && i < l->count; i++)
		if (l->items[i].state == RIG_STATE_WARNING ||
		    l->items[i].state == RIG_STATE_CRITICAL)
			sensor_item(c, &l->items[i]);
}

/* ------------------------------------------------------------ events */

static void when(const rig_event *e, char *buf, size_t len)
{
	time_t t = (time_t)e->time;
	struct tm tm;

	if (e->pre_init)
		snprintf(buf, len, "pre-init +%us", e->uptime_s);
	else if (!e->has_time || gmtime_r(&t, &tm) == NULL ||
		 strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "time unknown");
}

static void event_item(struct check_run *c, const rig_event *e)
{
	char t[40];
	const char *src = e->source == RIG_PATH_BMC ? "SEL" : "kernel";

	when(e, t, sizeof(t));
	if (e->ecc != RIG_ECC_NONE) {
		rig_state st = e->ecc == RIG_ECC_UNCORRECTABLE ||
					       e->severity == RIG_SEVERITY_CRITICAL
				       ? RIG_STATE_CRITICAL
				       : RIG_STATE_WARNING;

		c->res->new_ecc[e->ecc]++;
		add_item(c, RIG_CHECK_ITEM_ECC, st, NULL, e,
			 "%s %s %s: %s memory error on %s%s%s: %s", src, e->id, t,
			 rig_ecc_kind_name(e->ecc),
			 e->sensor != NULL ? e->sensor : "an unnamed sensor",
			 e->dimm != NULL ? ", " : "", e->dimm != NULL ? e->dimm : "",
			 e->description);
		return;
	}
	c->res->new_events++;
	add_item(c, RIG_CHECK_ITEM_EVENT,
		 e->severity == RIG_SEVERITY_CRITICAL ? RIG_STATE_CRITICAL
						      : RIG_STATE_WARNING,
		 NULL, e, "%s %s %s: %s%s%s: %s", src, e->id, t,
		 e->sensor != NULL ? e->sensor : "", e->sensor != NULL ? " " : "",
		 e->type != NULL ? e->type : "", e->description);
}

static rig_status list_events(struct check_run *c, const char *since)
{
	rig_events_options o;

	rig_events_options_init(&o);
	o.since = since;
	return rig_events_list(c->r, &o, &c->res->events);
}

static void check_events(struct check_run *c)
{
	rig_status rc = list_events(c, c->old.cursor);
	rig_event_list *l;

	if (rc == RIG_E_INVALID && c->old.cursor != NULL) {
		add_item(c, RIG_CHECK_ITEM_NOTE, RIG_STATE_OK, NULL, NULL,
			 "the remembered events cursor is not usable (%s): "
			 "reading all events", rig_errormsg(c->r));
		rc = list_events(c, NULL);
	}
	if (rc == RIG_E_UNSUPPORTED) {
		c->r->nerrors = 0; /* no path has events */
		return;
	}
	keep_errors(c);
	if (rc != RIG_OK)
		part_failed(c, "events");
	l = c->res->events;
	if (l == NULL)
		return;
	c->parts_ok++;
	free(c->next.cursor);
	c->next.cursor = l->cursor != NULL ? strdup(l->cursor) : NULL;
	if (l->restarted != 0 && !c->res->first_run)
		add_item(c, RIG_CHECK_ITEM_NOTE, RIG_STATE_OK, NULL, NULL,
			 "the event log was cleared or wrapped since the last "
			 "check: all of it was read");
	for (size_t i = 0; i < l->count; i++) {
		const rig_event *e = &l->items[i];

		if (e->ecc != RIG_ECC_NONE && (c->what & RIG_CHECK_ECC))
			event_item(c, e);
		else if (e->ecc == RIG_ECC_NONE &&
			 e->severity != RIG_SEVERITY_INFO &&
			 (c->what & RIG_CHECK_EVENTS))
			event_item(c, e);
	}
}

/* ------------------------------------------------------------ counters */

static uint64_t old_count(const struct check_state *st, const rig_ecc_count *n)
{
	for (size_t i = 0; i < st->counters.count; i++) {
		const rig_ecc_count *o = &st->counters.items[i];

		if (o->source == n->source && o->kind == n->kind &&
		    (o->sensor == NULL ? n->sensor == NULL
				       : n->sensor != NULL &&
						 !strcmp(o->sensor, n->sensor)) &&
		    (o->dimm == NULL ? n->dimm == NULL
				     : n->dimm != NULL && !strcmp(o->dimm, n->dimm)))
			return o->count;
	}
	return 0;
}

static void counter_items(struct check_run *c, const rig_ecc_report *now)
{
	for (size_t i = 0; i < now->count; i++) {
		const rig_ecc_count *n = &now->items[i];
		uint64_t was = c->res->first_run ? 0 : old_count(&c->old, n);
		/* a counter that went down was reset (reboot): all is new */
		uint64_t delta = n->count >= was ? n->count - was : n->count;
		rig_ecc_count *keep = ecc_entry(&c->next.counters, n->source,
						n->sensor, n->dimm, n->kind);

		if (keep != NULL)
			keep->count = n->count;
		if (delta == 0)
			continue;
		c->res->new_ecc[n->kind] += delta;
		add_item(c, RIG_CHECK_ITEM_ECC,
			 n->kind == RIG_ECC_UNCORRECTABLE ? RIG_STATE_CRITICAL
							  : RIG_STATE_WARNING,
			 NULL, NULL, "%" PRIu64 " new %s memory error%s on %s%s%s",
			 delta, rig_ecc_kind_name(n->kind), delta == 1 ? "" : "s",
			 n->sensor != NULL ? n->sensor : "memory",
			 n->dimm != NULL ? ", " : "", n->dimm != NULL ? n->dimm : "");
	}
}

static rig_status counters_of(rig *r, struct rig_backend *b, void *arg)
{
	struct check_run *c = arg;
	rig_ecc_report now;
	rig_status rc;

	c->ecc_paths++;
	if (b->ops->ecc_counters == NULL)
		return RIG_OK; /* counted from its events above */
	memset(&now, 0, sizeof(now));
	rc = b->ops->ecc_counters(r, b->priv, &now);
	if (rc == RIG_E_NOT_AVAILABLE)
		c->ecc_unavailable++;
	if (rc == RIG_OK)
		counter_items(c, &now);
	for (size_t i = 0; i < now.count; i++) {
		free(now.items[i].sensor);
		free(now.items[i].dimm);
	}
	free(now.items);
	return rc;
}

static void check_counters(struct check_run *c)
{
	size_t before = c->errs.n;

	rig__route_each(c->r, ROUTE_ECC, RIG_INTENT_READ, counters_of, c);
	/* non-ECC memory behind a path is no failure to read */
	ecc_drop_errors(c->r, RIG_E_NOT_AVAILABLE);
	keep_errors(c);
	if (c->errs.n > before)
		part_failed(c, "memory error counters");
	c->res->ecc_available = c->ecc_paths > c->ecc_unavailable;
}

/* ------------------------------------------------------------ the check */

static rig_status overall(struct check_run *c)
{
	rig_status first;

	if (c->errs.n == 0)
		return RIG_OK;
	c->res->state = rig_state_worst(c->res->state, RIG_STATE_UNKNOWN);
	if (c->parts_ok > 0)
		return RIG_E_PARTIAL;
	first = c->errs.e[0].status;
	for (size_t i = 1; i < c->errs.n; i++)
		if (c->errs.e[i].status != first)
			return RIG_E_PARTIAL;
	return first;
}

static void run_parts(struct check_run *c)
{
	if (c->what & RIG_CHECK_SENSORS)
		check_sensors(c);
	if (c->what & (RIG_CHECK_EVENTS | RIG_CHECK_ECC))
		check_events(c);
	if (c->what & RIG_CHECK_ECC)
		check_counters(c);
}

static rig_status validate(rig *r, const rig_check_options *o)
{
	if (o == NULL || o->version != RIG_CHECK_OPTIONS_VERSION ||
	    o->state_path == NULL || o->state_path[0] == '\0' ||
	    (o->what & ~RIG_CHECK_ALL) != 0)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: a check needs options with a state file "
				"path (rig_check_options_init)", r->name);
	return RIG_OK;
}

static rig_status start(struct check_run *c, const rig_check_options *o,
			char **note)
{
	bool first = false;
	rig_status rc = check_state_load(c->r, o->state_path, &c->old, &first,
					 note);

	if (rc != RIG_OK)
		return rc;
	c->res = calloc(1, sizeof(*c->res));
	if (c->res == NULL)
		return rig__fail(c->r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	c->res->first_run = first;
	c->res->state = RIG_STATE_OK;
	/* Until events are read, the cursor stays where it was. */
	if (c->old.cursor != NULL) {
		c->next.cursor = strdup(c->old.cursor);
		if (c->next.cursor == NULL)
			return rig__fail(c->r, RIG_PATH_NONE, RIG_E_NOMEM,
					"out of memory");
	}
	return RIG_OK;
}

RIG_API rig_status rig_check(rig *r, const rig_check_options *opts,
			     rig_check_result **out)
{
	struct check_run c;
	char *note = NULL;
	rig_status rc;
	int lock;

	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	rc = validate(r, opts);
	if (rc != RIG_OK)
		return rc;
	lock = check_lock(r, opts->state_path, opts->lock_timeout_ms);
	if (lock < 0)
		return r->errors[0].status;
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.what = opts->what != 0 ? opts->what : RIG_CHECK_ALL;
	rc = start(&c, opts, &note);
	if (rc == RIG_OK) {
		if (note != NULL)
			add_item(&c, RIG_CHECK_ITEM_NOTE, RIG_STATE_OK, NULL, NULL,
				 "%s", note);
		run_parts(&c);
		rc = overall(&c);
		/* Remember what was reported even when part of the rig could
		 * not be read: the parts that were read must not repeat. */
		if (check_state_save(r, opts->state_path, &c.next) != RIG_OK) {
			keep_errors(&c);
			add_item(&c, RIG_CHECK_ITEM_NOTE, RIG_STATE_UNKNOWN, NULL,
				 NULL, "%s", c.errs.e[c.errs.n - 1].message);
			rc = rc == RIG_OK ? RIG_E_IO : rc;
		}
		r->nerrors = c.errs.n;
		memcpy(r->errors, c.errs.e, c.errs.n * sizeof(c.errs.e[0]));
		*out = c.res;
	} else {
		rig_check_result_free(c.res);
	}
	free(note);
	check_state_clear(&c.old);
	check_state_clear(&c.next);
	close(lock);
	return rc;
}

RIG_API void rig_check_result_free(rig_check_result *res)
{
	if (res == NULL)
		return;
	for (size_t i = 0; i < res->count; i++)
		free(res->items[i].text);
	free(res->items);
	rig_sensor_list_free(res->sensors);
	rig_event_list_free(res->events);
	free(res);
}

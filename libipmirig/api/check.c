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

#include "util/array.h"
#include "util/names.h"
#include "util/timefmt.h"
#include "api/check_state.h"
#include "api/ecc.h"
#include "api/entries.h"
#include "core/route.h"

/* Each part calls the body of a public entry (api/entries.h), which keeps
 * the errors of the parts before it on the handle: the handle's list is
 * the check's. */
struct check_run {
	rig *r;
	unsigned int what;
	rig_check_result *res;
	unsigned int parts_ok;
	unsigned int parts_failed;
	struct check_state old, next;
	unsigned int ecc_paths;        /* ROUTE_ECC paths tried */
	unsigned int ecc_unavailable;  /* of them, "not available" */
	const char *const *exclude;    /* rig_check_options.exclude */
	bool baseline;                 /* rig_check_options.baseline */
	unsigned int hold_s;           /* rig_check_options.event_hold_s */
	int64_t now_ms;                /* unix milliseconds at the start */
};

/* What rig_check() returns: the caller's struct first, then what a
 * deferred commit needs (the new state and the lock it was read under). */
struct check_full {
	rig_check_result pub;
	char *state_path;
	struct check_state next;
	int lock; /* -1: none held */
	bool pending;
};

static const char *const kind_names[] = {"sensor", "event", "ecc", "note"};

RIG_API const char *rig_check_kind_name(rig_check_kind kind)
{
	return RIG_NAME_OF(kind_names, kind);
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

RIG_API rig_status rig_check_options_init(rig_check_options *o,
					  unsigned int version)
{
	return rig__options_init(RIG_OPTS_CHECK, o, version);
}

static void add_item(struct check_run *c, rig_check_kind kind,
		     rig_state state, const rig_sensor *s, const rig_event *e,
		     const char *fmt, ...) RIG_PRINTF(6, 7);

static void add_item(struct check_run *c, rig_check_kind kind,
		     rig_state state, const rig_sensor *s, const rig_event *e,
		     const char *fmt, ...)
{
	rig_check_result *res = c->res;
	void *items = res->items;
	rig_check_item *it = rig__array_add(&items, &res->count, sizeof(*it));
	va_list ap;

	res->items = items;
	if (it == NULL)
		return; /* the state below still counts it */
	va_start(ap, fmt);
	if (vasprintf(&it->text, fmt, ap) < 0)
		it->text = NULL;
	va_end(ap);
	it->kind = kind;
	it->state = state;
	it->sensor = s;
	it->event = e;
	res->state = rig_state_worst(res->state, state);
}

/* mark: where the part's errors start on the handle. */
static void part_failed(struct check_run *c, const char *what, size_t mark)
{
	const char *why = rig__error_since(c->r, mark);

	c->parts_failed++;
	add_item(c, RIG_CHECK_ITEM_NOTE, RIG_STATE_UNKNOWN, NULL, NULL,
		 "%s could not be read: %s", what,
		 why[0] != '\0' ? why : "failed");
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
	size_t mark = rig__error_mark(c->r);
	/* The caller's exclusions apply before judging: an excluded sensor
	 * is as good as absent. */
	rig_sensors_options so = RIG_SENSORS_OPTIONS_INIT;
	rig_sensor_list *l;
	rig_status rc;

	so.exclude = c->exclude;
	rc = rig__sensors_get(c->r, &so, &c->res->sensors);
	l = c->res->sensors;

	if (rc == RIG_E_UNSUPPORTED) {
		/* a rig without sensors: nothing to check */
		rig__error_rewind(c->r, mark);
		return;
	}
	if (rc != RIG_OK)
		part_failed(c, "sensors", mark);
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
	if (e->pre_init)
		snprintf(buf, len, "pre-init +%us", e->uptime_s);
	else if (!e->has_time || !rig__time_rfc3339(e->time, buf, len))
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
	rig_events_options o = RIG_EVENTS_OPTIONS_INIT;

	o.since = since;
	return rig__events_list(c->r, &o, &c->res->events);
}

static void check_events(struct check_run *c)
{
	size_t mark = rig__error_mark(c->r);
	rig_status rc = list_events(c, c->old.cursor);
	rig_event_list *l;

	if (rc == RIG_E_INVALID && c->old.cursor != NULL) {
		add_item(c, RIG_CHECK_ITEM_NOTE, RIG_STATE_OK, NULL, NULL,
			 "the remembered events cursor is not usable (%s): "
			 "reading all events", rig__error_since(c->r, mark));
		/* A note, not a failure: reading all of them is the remedy. */
		rig__error_rewind(c->r, mark);
		rc = list_events(c, NULL);
	}
	if (rc == RIG_E_UNSUPPORTED) {
		rig__error_rewind(c->r, mark); /* no path has events */
		return;
	}
	if (rc != RIG_OK)
		part_failed(c, "events", mark);
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
	/* The totals count every event this check looks at, baselines
	 * included: a counter counts what happened, not what was said. */
	for (size_t i = 0; i < l->count; i++) {
		const rig_event *e = &l->items[i];

		if ((e->ecc != RIG_ECC_NONE && (c->what & RIG_CHECK_ECC)) ||
		    (e->ecc == RIG_ECC_NONE && (c->what & RIG_CHECK_EVENTS)))
			(void)check_state_count(&c->next, e->source, false,
						e->severity, e->ecc, 1);
	}
	/* A baseline moves the cursor past them and says nothing. */
	for (size_t i = 0; i < l->count && !c->baseline; i++) {
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
		if (delta != 0)
			(void)check_state_count(
				&c->next, n->source, true,
				n->kind == RIG_ECC_UNCORRECTABLE
					? RIG_SEVERITY_CRITICAL
					: RIG_SEVERITY_WARNING,
				n->kind, delta);
		if (delta == 0 || c->baseline)
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
	size_t mark = rig__error_mark(c->r);

	/* Not rig__ecc_status(): it would read the events again for the
	 * paths without counters, and counters_of needs each path's own
	 * counters to compare with the state file's. */
	rig__route_each(c->r, ROUTE_ECC, RIG_INTENT_READ, counters_of, c);
	/* non-ECC memory behind a path is no failure to read */
	rig__error_drop(c->r, mark, RIG_E_NOT_AVAILABLE);
	if (rig__error_mark(c->r) > mark)
		part_failed(c, "memory error counters", mark);
	c->res->ecc_available = c->ecc_paths > c->ecc_unavailable;
}

/* ------------------------------------------------------------ holding */

/* Wall-clock time, for what is compared across runs (rig__now_ms() is
 * monotonic: per boot). */
static int64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Events and memory errors of warning or worse are held (kept in the
 * result at their state) for hold_s after first reported, so a monitoring
 * system that retries before it alerts still sees them; an
 * acknowledgement (ack_ms, unix ms) drops those reported before it.  The new
 * ones of this run join the held ones in the next state.
 */
static void hold_items(struct check_run *c, struct check_state *next,
		       int64_t ack_ms)
{
	size_t fresh = c->res->count;

	for (size_t i = 0; i < c->old.held_count; i++) {
		const struct check_held *h = &c->old.held[i];
		char t[40];

		if (h->since_ms + (int64_t)c->hold_s * 1000 <= c->now_ms ||
		    h->since_ms <= ack_ms)
			continue;
		if (!check_state_hold(next, h->since_ms, h->kind, h->state,
				      h->text))
			continue;
		if (!rig__time_rfc3339(h->since_ms / 1000, t, sizeof(t)))
			snprintf(t, sizeof(t), "%lld ms", (long long)h->since_ms);
		add_item(c, h->kind, h->state, NULL, NULL,
			 "%s (held: first reported %s)", h->text, t);
	}
	for (size_t i = 0; i < fresh; i++) {
		const rig_check_item *it = &c->res->items[i];

		if ((it->kind == RIG_CHECK_ITEM_EVENT ||
		     it->kind == RIG_CHECK_ITEM_ECC) &&
		    (it->state == RIG_STATE_WARNING ||
		     it->state == RIG_STATE_CRITICAL))
			(void)check_state_hold(next, c->now_ms, it->kind, it->state,
					       it->text);
	}
}

/* ------------------------------------------------------------ the check */

static rig_status overall(struct check_run *c)
{
	if (rig_error_count(c->r) == 0)
		return RIG_OK;
	c->res->state = rig_state_worst(c->res->state, RIG_STATE_UNKNOWN);
	return rig__combine(c->r, 0, c->parts_ok);
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

/* A check is nothing without its state file, so NULL options are no
 * defaults here but a mistake. */
static rig_status validate(rig *r, const rig_check_options *given,
			   rig_check_options *o)
{
	rig_status rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_CHECK,
					  given, o);

	if (rc != RIG_OK)
		return rc;
	if (given == NULL || o->state_path == NULL || o->state_path[0] == '\0' ||
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
	struct check_full *full = calloc(1, sizeof(*full));

	if (full == NULL)
		return rig__fail(c->r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	full->lock = -1;
	c->res = &full->pub;
	c->res->first_run = first;
	c->res->state = RIG_STATE_OK;
	/* The totals go on from the last run's. */
	for (size_t i = 0; i < c->old.total_count; i++) {
		const rig_check_total *t = &c->old.totals[i];

		if (!check_state_count(&c->next, t->source, t->counter,
				       t->severity, t->ecc, t->count))
			return rig__fail(c->r, RIG_PATH_NONE, RIG_E_NOMEM,
					"out of memory");
	}
	/* Until events are read, the cursor stays where it was. */
	if (c->old.cursor != NULL) {
		c->next.cursor = strdup(c->old.cursor);
		if (c->next.cursor == NULL)
			return rig__fail(c->r, RIG_PATH_NONE, RIG_E_NOMEM,
					"out of memory");
	}
	return RIG_OK;
}

RIG_API rig_status rig_check(rig *r, const rig_check_options *given,
			     rig_check_result **out)
{
	rig_check_options full;
	const rig_check_options *opts = &full;
	struct check_run c;
	char *note = NULL;
	rig_status rc;
	int lock;

	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	rc = validate(r, given, &full);
	if (rc != RIG_OK)
		return rc;
	lock = check_lock(r, opts->state_path, opts->lock_timeout_ms);
	if (lock < 0)
		return r->errors[0].status;
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.what = opts->what != 0 ? opts->what : RIG_CHECK_ALL;
	c.exclude = opts->exclude;
	c.baseline = opts->baseline;
	c.hold_s = opts->event_hold_s;
	c.now_ms = wall_ms();
	rc = start(&c, opts, &note);
	if (rc == RIG_OK) {
		struct check_full *kept = (struct check_full *)c.res;

		if (note != NULL)
			add_item(&c, RIG_CHECK_ITEM_NOTE, RIG_STATE_OK, NULL, NULL,
				 "%s", note);
		run_parts(&c);
		if (c.hold_s > 0)
			hold_items(&c, &c.next,
				   opts->ack_path != NULL
					   ? check_ack_read(opts->ack_path) : 0);
		rc = overall(&c);
		size_t mark = rig__error_mark(r);

		if (c.next.total_count > 0 &&
		    (c.res->totals = malloc(c.next.total_count *
					    sizeof(*c.res->totals))) != NULL) {
			memcpy(c.res->totals, c.next.totals,
			       c.next.total_count * sizeof(*c.res->totals));
			c.res->total_count = c.next.total_count;
		}

		/* Remember what was reported even when part of the rig could
		 * not be read: the parts that were read must not repeat. */
		if (opts->defer_commit &&
		    (kept->state_path = strdup(opts->state_path)) != NULL) {
			kept->next = c.next;
			memset(&c.next, 0, sizeof(c.next));
			kept->lock = lock;
			kept->pending = true;
			lock = -1; /* held until the commit or the free */
		} else if (opts->defer_commit) {
			rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
			rc = RIG_E_NOMEM;
		} else if (check_state_save(r, opts->state_path, &c.next) !=
			   RIG_OK) {
			add_item(&c, RIG_CHECK_ITEM_NOTE, RIG_STATE_UNKNOWN, NULL,
				 NULL, "%s", rig__error_since(r, mark));
			rc = rc == RIG_OK ? RIG_E_IO : rc;
		}
		*out = c.res;
	} else {
		rig_check_result_free(c.res);
	}
	free(note);
	check_state_clear(&c.old);
	check_state_clear(&c.next);
	if (lock >= 0)
		close(lock);
	return rc;
}

RIG_API rig_status rig_check_commit(rig *r, rig_check_result *res)
{
	struct check_full *full = (struct check_full *)res;
	rig_status rc;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (res == NULL || !full->pending)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: no check state waits to be written (a check "
				"without defer_commit, or committed already)",
				r->name);
	rc = check_state_save(r, full->state_path, &full->next);
	full->pending = false;
	close(full->lock);
	full->lock = -1;
	return rc;
}

RIG_API rig_status rig_check_ack(rig *r, const char *ack_path)
{
	rig_status rc;
	int lock;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (ack_path == NULL || ack_path[0] == '\0')
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: an acknowledgement needs its file's path",
				r->name);
	lock = check_lock(r, ack_path, RIG_CHECK_DEFAULT_LOCK_TIMEOUT_MS);
	if (lock < 0)
		return r->errors[0].status;
	rc = check_ack_write(r, ack_path, wall_ms());
	close(lock);
	return rc;
}

RIG_API void rig_check_result_free(rig_check_result *res)
{
	struct check_full *full = (struct check_full *)res;

	if (res == NULL)
		return;
	/* Not committed: the lock goes, the state file stays as it was. */
	if (full->lock >= 0)
		close(full->lock);
	free(full->state_path);
	check_state_clear(&full->next);
	for (size_t i = 0; i < res->count; i++)
		free(res->items[i].text);
	free(res->items);
	rig_sensor_list_free(res->sensors);
	rig_event_list_free(res->events);
	free(res->totals);
	free(full);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One collection of one rig: everything a scrape reports, read over the
 * rig's paths in the session each keeps open on the handle (the BMC's
 * session, SDR cache and SEL position outlive the scrape), then rendered
 * through the one emitter (prom.c) and ipmi_exporter's names
 * (ipmi_compat.c).  Runs in a thread of its own; the handle is used by it
 * alone.
 */
#include <stdlib.h>
#include <string.h>

#include "exporter.h"
#include "ipmi_compat.h"
#include "prom.h"

void snapshot_free(struct snapshot *s)
{
	if (s == NULL)
		return;
	free(s->error);
	free(s->rigctl_text);
	free(s->ipmi_text);
	rig_sensor_list_free(s->sensors);
	rig_fan_list_free(s->fans);
	free(s->view_fans);
	free(s);
}

/* What the collection saw fail, as the JSON errors prom.c reads. */
struct seen {
	rig *r;
	json_t *errors;
	unsigned int failed;   /* RIG_PATH_* bits that failed */
	unsigned int answered; /* RIG_PATH_* bits that answered */
	char *first;
};

static void note_errors(struct seen *sn, rig_status st)
{
	for (size_t i = 0; i < rig_error_count(sn->r); i++) {
		rig_path path = RIG_PATH_NONE;
		const char *msg = "";
		rig_status e = rig_error_at(sn->r, i, &path, &msg);

		sn->failed |= path;
		json_array_append_new(sn->errors,
				      json_pack("{s:s, s:i, s:s}", "path",
						rig_path_name(path), "code",
						exit_code_of(e), "message",
						msg != NULL ? msg : ""));
		if (sn->first == NULL && msg != NULL)
			sn->first = strdup(msg);
	}
	if (rig_error_count(sn->r) == 0 && st != RIG_OK && sn->first == NULL)
		sn->first = strdup(rig_strerror(st));
}

static bool unreachable(const struct seen *sn, unsigned int path)
{
	return (sn->failed & path) != 0;
}

/* ------------------------------------------------------ counters */

static void count_event(struct xrig *x, const char *source,
			const char *severity, const char *kind)
{
	struct event_count *n;

	for (size_t i = 0; i < x->nevents; i++)
		if (strcmp(x->events[i].source, source) == 0 &&
		    strcmp(x->events[i].severity, severity) == 0 &&
		    strcmp(x->events[i].kind, kind) == 0) {
			x->events[i].count++;
			return;
		}
	n = realloc(x->events, (x->nevents + 1) * sizeof(*n));
	if (n == NULL)
		return;
	x->events = n;
	n = &x->events[x->nevents];
	n->source = strdup(source);
	n->severity = strdup(severity);
	n->kind = strdup(kind);
	n->count = 1;
	if (n->source == NULL || n->severity == NULL || n->kind == NULL) {
		free(n->source);
		free(n->severity);
		free(n->kind);
		return;
	}
	x->nevents++;
}

/* add: an event counted once more; else count is a path's running total
 * (EDAC), which replaces the old one. */
static void count_ecc(struct xrig *x, const char *source, const char *sensor,
		      const char *dimm, const char *kind, uint64_t count,
		      bool add)
{
	struct ecc_count *n;

	sensor = sensor != NULL ? sensor : "";
	dimm = dimm != NULL ? dimm : "";
	for (size_t i = 0; i < x->necc; i++)
		if (strcmp(x->ecc[i].source, source) == 0 &&
		    strcmp(x->ecc[i].sensor, sensor) == 0 &&
		    strcmp(x->ecc[i].dimm, dimm) == 0 &&
		    strcmp(x->ecc[i].kind, kind) == 0) {
			x->ecc[i].count = add ? x->ecc[i].count + count : count;
			return;
		}
	n = realloc(x->ecc, (x->necc + 1) * sizeof(*n));
	if (n == NULL)
		return;
	x->ecc = n;
	n = &x->ecc[x->necc];
	n->source = strdup(source);
	n->sensor = strdup(sensor);
	n->dimm = strdup(dimm);
	n->kind = strdup(kind);
	n->count = count;
	if (n->source == NULL || n->sensor == NULL || n->dimm == NULL ||
	    n->kind == NULL) {
		free(n->source);
		free(n->sensor);
		free(n->dimm);
		free(n->kind);
		return;
	}
	x->necc++;
}

/* The events since the cursor: counters of what the logs hold (the
 * exporter never touches a check's state). */
static void read_events(struct xrig *x, struct seen *sn)
{
	rig_events_options o;
	rig_event_list *list = NULL;
	rig_status st;

	rig_events_options_init(&o, RIG_EVENTS_OPTIONS_VERSION);
	o.since = x->events_ok ? x->cursor : NULL;
	st = rig_events_list(x->r, &o, &list);
	if (st == RIG_E_INVALID && o.since != NULL) {
		/* A cursor the rig no longer takes: start over. */
		x->events_ok = false;
		st = rig_events_list(x->r, NULL, &list);
	}
	if (st != RIG_OK)
		note_errors(sn, st);
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->count; i++) {
		const rig_event *e = &list->items[i];
		const char *source = e->source == RIG_PATH_BMC ? "sel" : "kernel";

		count_event(x, source, rig_severity_name(e->severity),
			    e->ecc != RIG_ECC_NONE ? rig_ecc_kind_name(e->ecc)
						   : "event");
		if (e->severity <= RIG_SEVERITY_CRITICAL)
			x->sev_total[e->severity]++;
		if (e->ecc != RIG_ECC_NONE && e->source == RIG_PATH_BMC &&
		    !e->deassertion)
			count_ecc(x, "sel", e->sensor, e->dimm,
				  rig_ecc_kind_name(e->ecc), 1, true);
	}
	if (list->cursor != NULL) {
		char *c = strdup(list->cursor);

		if (c != NULL) {
			free(x->cursor);
			x->cursor = c;
			x->events_ok = true;
		}
	}
	rig_event_list_free(list);
}

/* EDAC's counters over SSH (the SEL's come from the events). */
static void read_edac(struct xrig *x, struct seen *sn)
{
	rig_ecc_report *rep = NULL;
	rig_status st = rig_ecc_status(x->r, &rep);

	if (st != RIG_OK && st != RIG_E_NOT_AVAILABLE)
		note_errors(sn, st);
	for (size_t i = 0; rep != NULL && i < rep->count; i++)
		if (rep->items[i].source == RIG_PATH_SSH)
			count_ecc(x, "edac", rep->items[i].sensor,
				  rep->items[i].dimm,
				  rig_ecc_kind_name(rep->items[i].kind),
				  rep->items[i].count, false);
	rig_ecc_report_free(rep);
}

/* The status page's fans: the profile's headers, else the fan sensors. */
static void fan_view(struct snapshot *s)
{
	size_t n = 0, k = 0;

	if (s->fans != NULL)
		n = s->fans->count;
	else
		for (size_t i = 0; s->sensors != NULL && i < s->sensors->count; i++)
			n += s->sensors->items[i].type == RIG_SENSOR_FAN;
	if (n == 0 || (s->view_fans = calloc(n, sizeof(*s->view_fans))) == NULL)
		return;
	for (size_t i = 0; s->fans != NULL && i < s->fans->count; i++) {
		const rig_fan *f = &s->fans->items[i];

		s->view_fans[k++] = (struct view_fan){
			f->name,
			f->mode == RIG_FAN_AUTO ? 0 : f->mode == RIG_FAN_MANUAL ? 1 : -1,
			f->has_duty ? (int)f->duty : -1, f->has_rpm, f->rpm};
	}
	for (size_t i = 0; s->fans == NULL && s->sensors != NULL &&
			   i < s->sensors->count; i++) {
		const rig_sensor *se = &s->sensors->items[i];

		if (se->type == RIG_SENSOR_FAN)
			s->view_fans[k++] = (struct view_fan){
				se->name, -1, -1, se->has_reading, se->reading};
	}
	s->nview_fans = k;
}

/* ------------------------------------------------------ rendering */

static char *render_rigctl(struct xrig *x, struct seen *sn,
			   const struct snapshot *s, json_t *sensors)
{
	struct result res;
	struct ctx c;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	json_t *entries, *ev;

	if (f == NULL)
		return NULL;
	memset(&c, 0, sizeof(c));
	memset(&res, 0, sizeof(res));
	c.results = &res;
	c.count = 1;
	res.r = x->r;
	res.errors = sn->errors;
	res.status = s->up ? RIG_OK : RIG_E_UNREACHABLE;
	res.unreachable = !s->up;
	res.plug_read = (rig_paths(x->r) & RIG_PATH_PLUG) != 0;

	/* power status: rigctl_up, rigctl_power_on, rigctl_plug_relay_on */
	res.data = json_pack("{s:s}", "state",
			     s->power_known ? rig_power_state_name(s->power)
					    : "unknown");
	if (s->plug_known)
		json_object_set_new(res.data, "relay",
				    json_string(s->plug_relay_on ? "on" : "off"));
	prom_power(&c, f);
	json_decref(res.data);

	/* sensors: readings, states, thresholds, GPUs, rigctl_path_up */
	res.data = sensors;
	prom_sensors(&c, f);
	res.data = NULL;

	/* power reading: rigctl_power_draw_watts */
	if (s->has_power_draw) {
		res.data = json_pack("{s:{s:b, s:f, s:s}}", "reading", "active", 1,
				     "current", s->power_draw_w, "source",
				     s->power_draw_source);
		prom_power_reading(&c, f);
		json_decref(res.data);
		res.data = NULL;
	}

	/* fans: rigctl_fan_duty_ratio, rigctl_fan_mode */
	if (s->fans != NULL) {
		json_t *hs = json_array();

		for (size_t i = 0; i < s->fans->count; i++) {
			const rig_fan *fa = &s->fans->items[i];
			json_t *h = json_pack("{s:s, s:s}", "name", fa->name,
					      "mode", rig_fan_mode_name(fa->mode));

			if (h != NULL && fa->has_duty)
				json_object_set_new(h, "duty",
						    json_integer(fa->duty));
			json_array_append_new(hs, h);
		}
		res.data = json_pack("{s:o}", "headers", hs);
		prom_fans(&c, f);
		json_decref(res.data);
		res.data = NULL;
	}

	/* ecc status: rigctl_ecc_errors_total, rigctl_ecc_available */
	entries = json_array();
	for (size_t i = 0; i < x->necc; i++)
		json_array_append_new(
			entries, json_pack("{s:s, s:s, s:s, s:s, s:I}", "source",
					   x->ecc[i].source, "sensor",
					   x->ecc[i].sensor, "dimm",
					   x->ecc[i].dimm, "kind", x->ecc[i].kind,
					   "count", (json_int_t)x->ecc[i].count));
	res.data = json_pack("{s:o}", "entries", entries);
	res.status = (rig_paths(x->r) & (RIG_PATH_BMC | RIG_PATH_SSH))
			     ? RIG_OK
			     : RIG_E_NOT_AVAILABLE;
	if (res.status == RIG_E_NOT_AVAILABLE) {
		json_decref(res.data);
		res.data = NULL;
	}
	prom_ecc(&c, f);
	json_decref(res.data);
	res.data = NULL;

	/* events: counters of what the SEL and kernel log hold */
	ev = json_array();
	for (size_t i = 0; i < x->nevents; i++)
		json_array_append_new(
			ev, json_pack("{s:s, s:s, s:s, s:I}", "source",
				      x->events[i].source, "severity",
				      x->events[i].severity, "kind",
				      x->events[i].kind, "count",
				      (json_int_t)x->events[i].count));
	res.data = ev;
	prom_events_seen(&c, f);
	json_decref(ev);
	fclose(f);
	return text;
}

/* ------------------------------------------------------ the collection */

struct snapshot *collect(struct xrig *x, bool want_ipmi)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	struct seen sn = {x->r, json_array(), 0, 0, NULL};
	unsigned int paths = rig_paths(x->r);
	uint32_t caps = rig_capabilities(x->r);
	uint64_t t0 = mono_ms();
	struct ipmi_compat ic;
	json_t *sensors = json_array();
	rig_status st;

	if (s == NULL || sn.errors == NULL || sensors == NULL) {
		free(s);
		json_decref(sn.errors);
		json_decref(sensors);
		return NULL;
	}
	memset(&ic, 0, sizeof(ic));
	s->worst = RIG_STATE_UNKNOWN;

	/* Power first: it is retried in a new session when the BMC timed
	 * the kept one out, so what follows finds a live session. */
	if (caps & RIG_CAP_POWER_STATUS) {
		rig_power_state ps = RIG_POWERSTATE_UNKNOWN;

		st = rig_power_status(x->r, &ps);
		if (st != RIG_OK) {
			note_errors(&sn, st);
		} else if (ps == RIG_POWERSTATE_UNREACHABLE) {
			/* A state, not a failure, for "power status"; here
			 * the OS did not answer. */
			sn.failed |= RIG_PATH_SSH;
			if (sn.first == NULL)
				sn.first = strdup("the rig does not answer "
						  "over SSH");
			json_array_append_new(
				sn.errors,
				json_pack("{s:s, s:i, s:s}", "path", "ssh",
					  "code", EXIT_UNREACHABLE, "message",
					  "no answer over SSH"));
		} else {
			s->power_known = ps == RIG_POWERSTATE_ON ||
					 ps == RIG_POWERSTATE_OFF;
			s->power = ps;
			sn.answered |= (paths & RIG_PATH_BMC) ? RIG_PATH_BMC
				       : (paths & RIG_PATH_SSH) ? RIG_PATH_SSH
								: RIG_PATH_PLUG;
			ic.chassis_read = (paths & RIG_PATH_BMC) != 0;
		}
	}
	bool bmc = (paths & RIG_PATH_BMC) && !unreachable(&sn, RIG_PATH_BMC);

	/* DCMI power reading; a BMC without DCMI (or not at this
	 * privilege) is asked once. */
	if (bmc && !x->dcmi_off) {
		rig_power_reading p;

		st = rig_power_reading_get(x->r, &p);
		if (st == RIG_OK && p.active) {
			s->has_power_draw = true;
			s->power_draw_w = p.current_w;
			s->power_draw_source = "dcmi";
			ic.dcmi_read = true;
			ic.dcmi_w = p.current_w;
		} else if (st == RIG_E_UNSUPPORTED || st == RIG_E_PRIVILEGE) {
			x->dcmi_off = true;
		} else if (st != RIG_OK) {
			note_errors(&sn, st);
		}
		bmc = !unreachable(&sn, RIG_PATH_BMC);
	}
	if (paths & RIG_PATH_PLUG) {
		rig_plug_status pl;

		st = rig_plug_status_get(x->r, &pl);
		if (st != RIG_OK) {
			note_errors(&sn, st);
		} else {
			sn.answered |= RIG_PATH_PLUG;
			s->plug_known = true;
			s->plug_relay_on = pl.relay_on;
			if (!s->has_power_draw && pl.has_power) {
				s->has_power_draw = true;
				s->power_draw_w = pl.power_w;
				s->power_draw_source = "plug";
			}
		}
	}
	/* Device ID once: it does not change while the BMC runs. */
	if (bmc && want_ipmi && !x->info_known) {
		st = rig_bmc_info_get(x->r, &x->info);
		if (st == RIG_OK)
			x->info_known = true;
		else
			note_errors(&sn, st);
		bmc = !unreachable(&sn, RIG_PATH_BMC);
	}
	/* Sensors from the SDR cache (its stamps are checked, one round
	 * trip) and, over SSH, hwmon and the GPUs.  A BMC found dead is not
	 * waited for again. */
	if ((caps & RIG_CAP_SENSORS) &&
	    (bmc || (paths & RIG_PATH_SSH))) {
		rig_sensors_options o;
		rig_sensor_list *list = NULL;

		rig_sensors_options_init(&o, RIG_SENSORS_OPTIONS_VERSION);
		o.exclude = (const char *const *)x->pol->exclude;
		st = rig_sensors_get(x->r, &o, &list);
		if (st != RIG_OK)
			note_errors(&sn, st);
		for (size_t i = 0; list != NULL && i < list->count; i++) {
			rig_sensor *se = &list->items[i];
			uint32_t user = sensor_apply_policy(x->pol, se);

			json_array_append_new(sensors, sensor_json(se, user));
			sn.answered |= se->source;
			s->worst = i == 0 ? se->state
					  : rig_state_worst(s->worst, se->state);
			if (se->type == RIG_SENSOR_GPU && se->has_reading &&
			    se->unit != NULL && strcmp(se->unit, "C") == 0 &&
			    (!s->has_hottest_gpu ||
			     se->reading > s->hottest_gpu_c)) {
				s->has_hottest_gpu = true;
				s->hottest_gpu_c = se->reading;
			}
		}
		s->sensors = list;
		ic.sensors_read = list != NULL && bmc &&
				  !unreachable(&sn, RIG_PATH_BMC);
		bmc = bmc && !unreachable(&sn, RIG_PATH_BMC);
	}
	/* Fan headers, for a rig with a fan profile (an admin session);
	 * without one the fan sensors above say what there is. */
	if (bmc) {
		const char *profile = json_string_value(
			json_object_get(x->spec, "fan_profile"));
		rig_fans_options fo;

		if (profile == NULL)
			profile = X.fan_profile;
		rig_fans_options_init(&fo, RIG_FANS_OPTIONS_VERSION);
		fo.profile = profile;
		if (profile != NULL) {
			st = rig_fans_status(x->r, &fo, &s->fans);
			if (st != RIG_OK)
				note_errors(&sn, st);
			bmc = !unreachable(&sn, RIG_PATH_BMC);
		}
	}
	fan_view(s);
	if (bmc && want_ipmi) {
		st = rig_sel_info_get(x->r, &ic.sel);
		if (st == RIG_OK)
			ic.sel_read = true;
		else
			note_errors(&sn, st);
		bmc = !unreachable(&sn, RIG_PATH_BMC);
	}
	/* New events since the cursor kept from the last collection. */
	if ((caps & (RIG_CAP_SEL | RIG_CAP_KERNEL_EVENTS)) &&
	    (bmc || ((paths & RIG_PATH_SSH) && !unreachable(&sn, RIG_PATH_SSH))))
		read_events(x, &sn);
	if ((paths & RIG_PATH_SSH) && (caps & RIG_CAP_ECC) &&
	    !unreachable(&sn, RIG_PATH_SSH))
		read_edac(x, &sn);

	/* A path answered when it gave something and never failed. */
	sn.answered &= ~sn.failed;
	s->paths_up = sn.answered;
	s->up = sn.answered != 0;
	s->all_up = s->up && (sn.failed & paths) == 0;
	s->error = sn.first;
	s->end_ms = now_unix_ms();
	s->seconds = (double)(mono_ms() - t0) / 1000.0;
	ic.up = s->up && (paths & RIG_PATH_BMC) != 0 &&
		!unreachable(&sn, RIG_PATH_BMC);
	ic.info_read = x->info_known;
	ic.info = &x->info;
	ic.sensors = s->sensors;
	ic.power_known = s->power_known;
	ic.power_on = s->power == RIG_POWERSTATE_ON;
	s->rigctl_text = render_rigctl(x, &sn, s, sensors);
	/* Only a collection that read what they need (the SEL, the device
	 * ID) has ipmi_exporter's families. */
	s->ipmi_text = want_ipmi ? ipmi_compat_render(&ic) : NULL;
	s->ipmi_read = want_ipmi;
	json_decref(sensors);
	json_decref(sn.errors);
	if (s->rigctl_text == NULL) {
		snapshot_free(s);
		return NULL;
	}
	return s;
}

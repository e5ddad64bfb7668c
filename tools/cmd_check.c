/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl check (sensors, new events, new memory errors) and the engine of
 * rigctl ecc check: for cron and monitoring systems.  Exit codes by the
 * monitoring-plugin convention, worst rig wins; table output is silent
 * when all is OK (cron mails only on trouble) unless -v.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/timefmt.h"
#include "check_view.h"
#include "event_view.h"
#include "prom.h"
#include "rigctl.h"
#include "sensor_view.h"


enum { MON_OK = 0, MON_WARNING = 1, MON_CRITICAL = 2, MON_UNKNOWN = 3 };

#define HOLD_MAX_S (3650u * 86400u) /* ten years: more is a typo */
#define NAGIOS_HOLD_S 86400u        /* --event-hold's default with nagios */

struct check_args {
	unsigned int what;
	const char *leaf;
	const char *title; /* "CHECK" or "ECC" in the Nagios line */
	struct sensor_policy cli;  /* --exclude, --threshold */
	struct sensor_policy *pol; /* per selected rig: inventory, then cli */
	bool baseline;             /* --baseline */
	bool ack;                  /* --ack */
	bool hold_set;             /* --event-hold given */
	unsigned int hold_s;
	/* The consumer's part of the state file's name: the format, or the
	 * textfile's name (one state per consumer: each sees every event). */
	char consumer[300];
	/* Per rig: the result whose state is committed once the report was
	 * delivered (rig_check_options.defer_commit). */
	rig_check_result **kept;
};

static const char check_help[] =
	"Usage: rigctl [OPTIONS] check [--exclude GLOB[,GLOB...]]\n"
	"                              [--threshold GLOB:KEY=VALUE[,...]]\n"
	"                              [--baseline] [--event-hold DURATION]\n"
	"       rigctl [OPTIONS] check --ack\n"
	"Sensors in warning or critical state, events of warning or worse and\n"
	"memory errors that are new since the last check of the rig.  What was\n"
	"reported is remembered in the state directory, per rig and per output\n"
	"(the format, or the --textfile name: cron mail, Nagios and a textfile\n"
	"each see every event once), written atomically under a lock once the\n"
	"report was delivered (a closed pipe or an unwritable textfile reports\n"
	"the same events again next time); only new SEL records are read.\n"
	"Sensor problems are reported on every run while they last; events and\n"
	"memory errors once, or held (below).\n"
	"  --baseline     record every current event and memory error as seen,\n"
	"                 report none of them (sensors are still judged)\n"
	"  --event-hold DURATION\n"
	"                 keep a new event of warning or worse at its state for\n"
	"                 DURATION (90s, 10m, 24h, 7d; a bare number is seconds)\n"
	"                 or until --ack; default 24h with -o nagios, else 0\n"
	"                 (report once)\n"
	"  --ack          drop the held events of the selected rigs, for every\n"
	"                 output; contacts no rig; honours --dry-run\n"
	"  --exclude GLOB[,GLOB...]\n"
	"                 leave out sensors whose name matches (shell patterns,\n"
	"                 any case); adds to the inventory's exclude_sensors\n"
	"  --threshold GLOB:KEY=VALUE[,KEY=VALUE...]\n"
	"                 thresholds (KEY: lnr lcr lnc unc ucr unr) for the\n"
	"                 sensors whose name matches: their state is judged by\n"
	"                 them; repeatable, after the inventory's threshold\n"
	"Exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (could not read, usage\n"
	"error); over several rigs the worst wins.\n"
	"Output: -o table (silent when OK, unless -v), json, nagios (one line\n"
	"with performance data), prometheus.\n";

/* ---------------------------------------------------------------- job */

static json_t *item_json(const rig_check_item *it, uint32_t user)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "kind",
			      rig_check_kind_name(it->kind), "state",
			      rig_state_name(it->state), "text",
			      it->text != NULL ? it->text : "");

	if (o != NULL && it->sensor != NULL)
		json_object_set_new(o, "sensor", sensor_json(it->sensor, user));
	if (o != NULL && it->event != NULL)
		json_object_set_new(o, "event", event_json(it->event));
	return o;
}

/* A sensor problem as the library words it, said of the state the user's
 * thresholds gave. */
static json_t *user_sensor_item(const rig_sensor *s, uint32_t user)
{
	rig_check_item it = {RIG_CHECK_ITEM_SENSOR,
			     s->state == RIG_STATE_CRITICAL ? RIG_STATE_CRITICAL
							    : RIG_STATE_WARNING,
			     NULL, s, NULL};
	json_t *o;

	if (asprintf(&it.text, "%s is %s: %g%s%s (user thresholds)",
		     s->name != NULL ? s->name : "sensor",
		     rig_state_name(s->state), s->reading,
		     s->unit != NULL ? " " : "",
		     s->unit != NULL ? s->unit : "") < 0)
		it.text = NULL;
	o = item_json(&it, user);
	free(it.text);
	return o;
}

/*
 * The sensor problems after user thresholds judged some sensors (user[k]
 * their bits): those with a reading get their own item, the others keep
 * the library's.  Returns the worst state of them.
 */
static rig_state sensor_items(const rig_check_result *cr, const uint32_t *user,
			      json_t *items)
{
	rig_state worst = RIG_STATE_OK;

	for (size_t k = 0; k < cr->sensors->count; k++) {
		const rig_sensor *s = &cr->sensors->items[k];
		const rig_check_item *lib = NULL;

		if (s->state != RIG_STATE_WARNING && s->state != RIG_STATE_CRITICAL)
			continue;
		for (size_t i = 0; i < cr->count && lib == NULL; i++)
			if (cr->items[i].sensor == s)
				lib = &cr->items[i];
		if (lib != NULL && (user[k] == 0 || !s->has_reading)) {
			json_array_append_new(items, item_json(lib, user[k]));
			worst = rig_state_worst(worst, lib->state);
		} else {
			json_array_append_new(items, user_sensor_item(s, user[k]));
			worst = rig_state_worst(worst, s->state);
		}
	}
	return worst;
}

/* The running totals of this output's state: where ("sel", "kernel", or
 * "edac" for a path's counters), the severity, the kind ("event" or the
 * memory error's kind) and the count. */
static json_t *totals_json(const rig_check_result *cr)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < cr->total_count; i++) {
		const rig_check_total *t = &cr->totals[i];

		json_array_append_new(
			a, json_pack("{s:s, s:s, s:s, s:I}", "source",
				     t->counter ? "edac"
				     : t->source == RIG_PATH_BMC ? "sel"
								  : "kernel",
				     "severity", rig_severity_name(t->severity),
				     "kind",
				     t->ecc == RIG_ECC_NONE ? "event"
							    : rig_ecc_kind_name(t->ecc),
				     "count", (json_int_t)t->count));
	}
	return a;
}

/*
 * The check as JSON.  Sensors with user thresholds (pol) are judged here:
 * the sensor problems are made again where the library's stood (after
 * the notes, before events and memory errors), and the state again from
 * every item, unknown when r recorded an error, as rig_check() makes it.
 */
static json_t *check_json(rig *r, rig_check_result *cr,
			  const struct sensor_policy *pol)
{
	json_t *items = json_array(), *ecc = json_object(), *sensors = NULL;
	size_t n = cr->sensors != NULL ? cr->sensors->count : 0;
	uint32_t *user = calloc(n + 1, sizeof(*user));
	bool judged = false, placed = false;
	rig_state state = cr->state;
	json_t *o;

	for (size_t i = 0; user != NULL && i < n; i++)
		if ((user[i] = sensor_apply_policy(pol, &cr->sensors->items[i])))
			judged = true;
	if (judged)
		state = rig_error_count(r) > 0 ? RIG_STATE_UNKNOWN : RIG_STATE_OK;
	for (size_t i = 0; i < cr->count; i++) {
		const rig_check_item *it = &cr->items[i];

		if (judged && !placed && it->kind != RIG_CHECK_ITEM_NOTE) {
			placed = true;
			state = rig_state_worst(state, sensor_items(cr, user, items));
		}
		if (judged && it->kind == RIG_CHECK_ITEM_SENSOR)
			continue;
		if (judged)
			state = rig_state_worst(state, it->state);
		json_array_append_new(
			items, item_json(it, it->sensor != NULL && user != NULL
					 ? user[it->sensor - cr->sensors->items]
					 : 0));
	}
	if (judged && !placed)
		state = rig_state_worst(state, sensor_items(cr, user, items));
	for (unsigned int k = RIG_ECC_CORRECTABLE; k <= RIG_ECC_OTHER; k++)
		json_object_set_new(ecc, rig_ecc_kind_name((rig_ecc_kind)k),
				    json_integer((json_int_t)cr->new_ecc[k]));
	if (cr->sensors != NULL) {
		sensors = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(sensors,
					      sensor_json(&cr->sensors->items[i],
							  user != NULL ? user[i] : 0));
	}
	free(user);
	o = json_pack("{s:s, s:b, s:b, s:I, s:o, s:s?, s:o, s:o}", "state",
		      rig_state_name(state), "first_run", cr->first_run,
		      "ecc_available", cr->ecc_available, "new_events",
		      (json_int_t)cr->new_events, "new_ecc", ecc, "cursor",
		      cr->events != NULL ? cr->events->cursor : NULL, "problems",
		      items, "sensors", sensors != NULL ? sensors : json_null());
	if (o != NULL && !cr->ecc_available)
		json_object_set_new(o, "ecc_note", json_string(ECC_NOT_AVAILABLE));
	if (o != NULL)
		json_object_set_new(o, "totals", totals_json(cr));
	return o;
}

/*
 * The consumer's state file, "<leaf>.<consumer>.state".  Before there was
 * one per consumer, each rig had "<leaf>.state": a consumer without a file
 * of its own starts from a copy of it (a hard link; the first save renames
 * a new file over the link), so an upgrade reports nothing again to
 * anyone.  link() fails when the consumer's file exists: then it is used.
 */
static int consumer_state(const struct ctx *c, const struct check_args *a,
			  const rig *r, char **path, char **ack)
{
	char leaf[400], *legacy = NULL;

	*ack = NULL;
	snprintf(leaf, sizeof(leaf), "%s.%s.state", a->leaf, a->consumer);
	if (rig_state_file(c, r, leaf, path) != 0)
		return -1;
	snprintf(leaf, sizeof(leaf), "%s.state", a->leaf);
	if (rig_state_file(c, r, leaf, &legacy) == 0)
		(void)link(legacy, *path);
	free(legacy);
	/* One acknowledgement per rig, read by every consumer's check. */
	if (rig_state_file(c, r, "check.ack", ack) != 0) {
		free(*path);
		*path = NULL;
		return -1;
	}
	return 0;
}

static rig_status check_job(struct ctx *c, struct result *res, void *arg)
{
	struct check_args *a = arg;
	size_t idx = (size_t)(res - c->results);
	rig_check_options o;
	rig_check_result *cr = NULL;
	char *path = NULL, *ack = NULL;
	rig_status rc;

	if (consumer_state(c, a, res->r, &path, &ack) != 0)
		return RIG_E_IO;
	const struct sensor_policy *pol = &a->pol[idx];

	rig_check_options_init(&o, RIG_CHECK_OPTIONS_VERSION);
	o.what = a->what;
	o.state_path = path;
	o.exclude = (const char *const *)pol->exclude;
	/* Written by check_deliver() once the report is out. */
	o.defer_commit = true;
	o.baseline = a->baseline;
	o.event_hold_s = a->hold_s;
	o.ack_path = ack;
	rc = rig_check(res->r, &o, &cr);
	if (cr != NULL)
		res->data = check_json(res->r, cr, pol);
	a->kept[idx] = cr;
	free(path);
	free(ack);
	return rc;
}

/* ---------------------------------------------------------------- codes */

static int mon_code(const struct result *res)
{
	const char *st = json_string_value(json_object_get(res->data, "state"));

	if (st == NULL)
		return MON_UNKNOWN;
	if (strcmp(st, "ok") == 0)
		return MON_OK;
	if (strcmp(st, "warning") == 0)
		return MON_WARNING;
	if (strcmp(st, "critical") == 0)
		return MON_CRITICAL;
	return MON_UNKNOWN;
}

/* critical > warning > unknown > ok */
static int mon_worse(int a, int b)
{
	static const int rank[] = {0, 2, 3, 1};

	return rank[a] >= rank[b] ? a : b;
}

static const char *mon_name(int code)
{
	static const char *const names[] = {"OK", "WARNING", "CRITICAL",
					    "UNKNOWN"};

	return names[code];
}

/* ---------------------------------------------------------------- table */

static bool quiet_ok(const struct ctx *c, const struct result *res)
{
	const json_t *items = json_object_get(res->data, "problems");
	size_t i;
	json_t *it;

	if (c->g.verbose > 0 || mon_code(res) != MON_OK)
		return false;
	json_array_foreach(items, i, it)
		if (strcmp(json_string_value(json_object_get(it, "kind")),
			   "note") != 0)
			return false;
	return true;
}

static void check_table(struct ctx *c, const struct result *res)
{
	const json_t *items = json_object_get(res->data, "problems");
	bool quiet = quiet_ok(c, res);
	size_t i;
	json_t *it;

	if (!quiet)
		fprintf(c->out, "%s: %s\n", rig_name(res->r),
			mon_name(mon_code(res)));
	/* -v: a rig without ECC reporting says so, as ecc status does. */
	if (!quiet && c->g.verbose > 0 &&
	    json_is_string(json_object_get(res->data, "ecc_note")))
		fprintf(c->out, "  %-8s  %-6s  %s\n", "ok", "ecc",
			json_string_value(json_object_get(res->data, "ecc_note")));
	json_array_foreach(items, i, it) {
		const char *kind = json_string_value(json_object_get(it, "kind"));
		const char *text = json_string_value(json_object_get(it, "text"));

		/* notes (state file set aside, log cleared) always show */
		if (quiet)
			fprintf(c->err, "rigctl: %s: note: %s\n",
				rig_name(res->r), text);
		else
			fprintf(c->out, "  %-8s  %-6s  %s\n",
				json_string_value(json_object_get(it, "state")),
				kind, text);
	}
}

/* ---------------------------------------------------------------- main */

static int parse_args(struct ctx *c, int argc, char **argv, const char *help,
		      struct check_args *a)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{"exclude", required_argument, NULL, 'x'},
		{"threshold", required_argument, NULL, 'H'},
		{"baseline", no_argument, NULL, 'b'},
		{"event-hold", required_argument, NULL, 'E'},
		{"ack", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	uint64_t hold;
	/* Sensor settings only where sensors are checked (not ecc check). */
	bool sensors = (a->what & RIG_CHECK_SENSORS) != 0;
	char why[256];
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(help, stdout);
			return -1;
		}
		if (opt == 'x' && sensors) {
			if (sensor_exclude_parse(optarg, &a->cli, why,
						 sizeof(why)) != 0)
				return usage_error(c, "--exclude: %s", why);
			continue;
		}
		if (opt == 'H' && sensors) {
			if (sensor_threshold_parse(optarg, &a->cli, why,
						   sizeof(why)) != 0)
				return usage_error(c, "--threshold: %s", why);
			continue;
		}
		if (opt == 'b') {
			a->baseline = true;
			continue;
		}
		if (opt == 'a') {
			a->ack = true;
			continue;
		}
		if (opt == 'E') {
			if (a->hold_set)
				return usage_error(c, "--event-hold given twice");
			if (!rig__duration_parse(optarg, HOLD_MAX_S, &hold))
				return usage_error(c, "--event-hold: '%s' is not a "
						   "duration (90s, 10m, 24h, 7d; a "
						   "bare number is seconds)", optarg);
			a->hold_set = true;
			a->hold_s = (unsigned int)hold;
			continue;
		}
		return usage_error(c, "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return usage_error(c, "unexpected '%s'", argv[optind]);
	if (a->ack && (a->baseline || a->hold_set))
		return usage_error(c, "--ack only acknowledges: it checks "
				   "nothing, so --baseline and --event-hold have "
				   "no meaning with it");
	return EXIT_OK;
}

/* The consumer (one state each): the format, or with --textfile the
 * file's name, so two textfile lines for different selections, a cron
 * mail and Nagios never take each other's events. */
static void consumer_name(const struct ctx *c, struct check_args *a)
{
	static const char *const formats[] = {"table", "json", "prometheus",
					      "nagios", "csv"};
	char name[256];

	if (c->g.textfile_dir != NULL && textfile_name(c, name, sizeof(name)) == 0)
		snprintf(a->consumer, sizeof(a->consumer), "textfile-%s", name);
	else
		snprintf(a->consumer, sizeof(a->consumer), "%s",
			 formats[c->g.output]);
}

/* ---------------------------------------------------------------- ack */

static void ack_table(struct ctx *c, const struct result *res)
{
	fprintf(c->out, "%s: %s\n", rig_name(res->r),
		json_string_value(json_object_get(res->data, "text")));
}

/* --ack: an acknowledgement file per rig, which every consumer's next
 * check reads; it changes rigctl's state, not the rig's, so --dry-run
 * says what it would write and writes nothing. */
static int check_ack(struct ctx *c)
{
	int code = MON_OK;

	for (size_t i = 0; i < c->count; i++) {
		struct result *res = &c->results[i];
		char *path = NULL, *text = NULL;

		res->errors = json_array();
		if (rig_state_file(c, res->r, "check.ack", &path) != 0) {
			res->status = RIG_E_IO;
			code = MON_UNKNOWN;
			continue;
		}
		if (c->g.dry_run)
			res->status = RIG_OK;
		else
			res->status = rig_check_ack(res->r, path);
		if (res->status != RIG_OK) {
			fprintf(stderr, "rigctl: %s: %s\n", rig_name(res->r),
				rig_errormsg(res->r));
			code = MON_UNKNOWN;
		} else if (asprintf(&text, "%s the held events (%s)",
				    c->g.dry_run ? "would acknowledge"
						 : "acknowledged",
				    path) > 0) {
			res->data = json_pack("{s:b, s:b, s:s, s:s}",
					      "acknowledged", !c->g.dry_run,
					      "dry_run", c->g.dry_run, "ack_file",
					      path, "text", text);
		}
		free(text);
		free(path);
	}
	if (c->g.output == OUT_NAGIOS)
		fprintf(c->out, "RIGCTL CHECK %s - held events %s on %zu rig%s\n",
			code == MON_OK ? "OK" : "UNKNOWN",
			c->g.dry_run ? "would be acknowledged" : "acknowledged",
			c->count, c->count == 1 ? "" : "s");
	else
		output_results(c, ack_table, NULL);
	return code;
}

/* ---------------------------------------------------------------- delivery */

/*
 * The report reached its reader: stdout flushed without error (a closed
 * pipe is EPIPE, SIGPIPE being ignored), or the textfile renamed into
 * place.  Only then does each rig's state advance; otherwise the next run
 * reports the same events again.  -1: not delivered; MON_UNKNOWN: a
 * state could not be written; MON_OK.
 */
static int check_deliver(struct ctx *c, struct check_args *a, bool written)
{
	bool out_ok = fflush(c->out) == 0 && !ferror(c->out);
	int code = MON_OK;

	if (!out_ok)
		fprintf(stderr, "rigctl: the report could not be written to "
				"stdout (%s): the check's state is kept, so the "
				"next run reports the same events\n",
			errno != 0 ? strerror(errno) : "write error");
	else if (!written)
		fprintf(stderr, "rigctl: the textfile was not written: the "
				"check's state is kept, so the next run reports "
				"the same events\n");
	for (size_t i = 0; i < c->count; i++) {
		rig_check_result *cr = a->kept[i];

		a->kept[i] = NULL;
		if (cr != NULL && out_ok && written &&
		    rig_check_commit(c->results[i].r, cr) != RIG_OK) {
			fprintf(stderr, "rigctl: %s: %s\n",
				rig_name(c->results[i].r),
				rig_errormsg(c->results[i].r));
			code = MON_UNKNOWN;
		}
		rig_check_result_free(cr);
	}
	return out_ok && written ? code : -1;
}

/* Print the results, deliver them, commit each rig's state; the exit
 * code: the worst rig's, UNKNOWN when the report did not get out. */
static int check_report(struct ctx *c, struct check_args *a)
{
	bool written = true;
	int code = -1, delivered;

	errno = 0;
	if (output_results(c, check_table, check_prom) != EXIT_OK &&
	    c->g.output == OUT_PROMETHEUS && c->g.textfile_dir != NULL)
		written = false;
	if (c->g.output == OUT_NAGIOS)
		check_nagios(c, a->title);
	delivered = check_deliver(c, a, written);
	for (size_t i = 0; i < c->count; i++)
		code = code < 0 ? mon_code(&c->results[i])
				: mon_worse(code, mon_code(&c->results[i]));
	/* A report that did not get out is UNKNOWN whatever it said: the
	 * monitoring system did not see it.  A state not written repeats the
	 * events next time: at least UNKNOWN. */
	if (delivered < 0)
		return MON_UNKNOWN;
	code = code < 0 ? MON_OK : code;
	return delivered == MON_OK ? code : mon_worse(code, MON_UNKNOWN);
}

/*
 * A signal during the run: the rigs that finished are reported and their
 * state committed as on any run; the rigs in flight are UNKNOWN and keep
 * their state (their workers still own their results, so they are not
 * read: a stand-in takes their place).
 */
static int check_interrupted(struct ctx *c, const bool *finished, void *arg)
{
	struct check_args *a = arg;
	struct result *view = calloc(c->count + 1, sizeof(*view));
	rig_check_result **kept = calloc(c->count + 1, sizeof(*kept));

	if (view == NULL || kept == NULL)
		return MON_UNKNOWN; /* nothing printed, nothing committed */
	for (size_t i = 0; i < c->count; i++) {
		if (finished[i]) {
			view[i] = c->results[i];
			kept[i] = a->kept[i];
			continue;
		}
		view[i].r = c->results[i].r;
		view[i].status = RIG_E_INTERNAL;
		view[i].errors = json_pack(
			"[{s:i, s:s}]", "code", EXIT_UNREACHABLE, "message",
			"interrupted before its check finished: its state is "
			"kept for the next run");
	}
	c->results = view;
	a->kept = kept;
	return check_report(c, a);
}

int check_main(struct ctx *c, int argc, char **argv, unsigned int what,
	       const char *leaf, const char *help)
{
	struct check_args a = {what, leaf, what == RIG_CHECK_ECC ? "ECC" : "CHECK",
			       {NULL, 0, NULL, 0}, NULL, false, false, false,
			       0, "", NULL};
	int rc = parse_args(c, argc, argv, help, &a), code = -1;

	if (rc != EXIT_OK) {
		sensor_policy_free(&a.cli);
		return rc < 0 ? MON_OK : MON_UNKNOWN;
	}
	c->no_csv = true; /* the report is not a table */
	/* A reader that went away is a failed delivery (EPIPE), said and
	 * exited on as UNKNOWN, not a silent death by SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (a.ack) {
		sensor_policy_free(&a.cli);
		c->no_secrets = true; /* no rig is contacted */
		rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
					       OUT_BIT(OUT_NAGIOS));
		return rc != EXIT_OK ? MON_UNKNOWN : check_ack(c);
	}
	/* Nagios retries a soft state before it alerts: an event said once
	 * would never reach anyone.  Elsewhere once is right (cron mails). */
	if (!a.hold_set && c->g.output == OUT_NAGIOS)
		a.hold_s = NAGIOS_HOLD_S;
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
				       OUT_BIT(OUT_NAGIOS) |
				       OUT_BIT(OUT_PROMETHEUS));
	if (rc == EXIT_OK && (a.pol = sensor_policies(c, &a.cli)) == NULL)
		rc = EXIT_USAGE;
	sensor_policy_free(&a.cli);
	if (rc == EXIT_OK &&
	    (a.kept = calloc(c->count + 1, sizeof(*a.kept))) == NULL)
		rc = EXIT_FAILED;
	if (rc != EXIT_OK) {
		sensor_policies_free(a.pol, c->count);
		return MON_UNKNOWN; /* usage errors too, by the convention */
	}
	consumer_name(c, &a);
	c->on_interrupt = check_interrupted;
	c->interrupt_arg = &a;
	run_all(c, check_job, &a);
	sensor_policies_free(a.pol, c->count);
	code = check_report(c, &a);
	free(a.kept);
	return code;
}

int cmd_check(struct ctx *c, int argc, char **argv)
{
	return check_main(c, argc, argv, RIG_CHECK_ALL, "check", check_help);
}

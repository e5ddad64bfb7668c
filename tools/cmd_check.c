/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl check (sensors, new events, new memory errors) and the engine of
 * rigctl ecc check: for cron and monitoring systems.  Exit codes by the
 * monitoring-plugin convention, worst rig wins; table output is silent
 * when all is OK (cron mails only on trouble) unless -v.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "check_view.h"
#include "event_view.h"
#include "rigctl.h"
#include "sensor_view.h"


enum { MON_OK = 0, MON_WARNING = 1, MON_CRITICAL = 2, MON_UNKNOWN = 3 };

struct check_args {
	unsigned int what;
	const char *leaf;
	const char *title; /* "CHECK" or "ECC" in the Nagios line */
};

static const char check_help[] =
	"Usage: rigctl [OPTIONS] check\n"
	"Sensors in warning or critical state, events of warning or worse and\n"
	"memory errors that are new since the last check of the rig.  What was\n"
	"reported is remembered in the state directory (one state file per rig,\n"
	"written atomically under a lock: overlapping runs report a new event\n"
	"once); only new SEL records are read.  Sensor problems are reported on\n"
	"every run while they last; events and memory errors once.\n"
	"Exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (could not read, usage\n"
	"error); over several rigs the worst wins.\n"
	"Output: -o table (silent when OK, unless -v), json, nagios (one line\n"
	"with performance data), prometheus.\n";

/* ---------------------------------------------------------------- job */

static json_t *item_json(const rig_check_item *it)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "kind",
			      rig_check_kind_name(it->kind), "state",
			      rig_state_name(it->state), "text",
			      it->text != NULL ? it->text : "");

	if (o != NULL && it->sensor != NULL)
		json_object_set_new(o, "sensor", sensor_json(it->sensor));
	if (o != NULL && it->event != NULL)
		json_object_set_new(o, "event", event_json(it->event));
	return o;
}

static json_t *check_json(const rig_check_result *cr)
{
	json_t *items = json_array(), *ecc = json_object(), *sensors = NULL;
	json_t *o;

	for (size_t i = 0; i < cr->count; i++)
		json_array_append_new(items, item_json(&cr->items[i]));
	for (unsigned int k = RIG_ECC_CORRECTABLE; k <= RIG_ECC_OTHER; k++)
		json_object_set_new(ecc, rig_ecc_kind_name((rig_ecc_kind)k),
				    json_integer((json_int_t)cr->new_ecc[k]));
	if (cr->sensors != NULL) {
		sensors = json_array();
		for (size_t i = 0; i < cr->sensors->count; i++)
			json_array_append_new(sensors,
					      sensor_json(&cr->sensors->items[i]));
	}
	o = json_pack("{s:s, s:b, s:b, s:I, s:o, s:s?, s:o, s:o}", "state",
		      rig_state_name(cr->state), "first_run", cr->first_run,
		      "ecc_available", cr->ecc_available, "new_events",
		      (json_int_t)cr->new_events, "new_ecc", ecc, "cursor",
		      cr->events != NULL ? cr->events->cursor : NULL, "problems",
		      items, "sensors", sensors != NULL ? sensors : json_null());
	return o;
}

static rig_status check_job(struct ctx *c, struct result *res, void *arg)
{
	const struct check_args *a = arg;
	rig_check_options o;
	rig_check_result *cr = NULL;
	char *path = NULL;
	rig_status rc;

	if (rig_state_file(c, res->r, a->leaf, &path) != 0)
		return RIG_E_IO;
	rig_check_options_init(&o, RIG_CHECK_OPTIONS_VERSION);
	o.what = a->what;
	o.state_path = path;
	rc = rig_check(res->r, &o, &cr);
	if (cr != NULL)
		res->data = check_json(cr);
	rig_check_result_free(cr);
	free(path);
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

static int parse_args(struct ctx *c, int argc, char **argv, const char *help)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(help, stdout);
			return -1;
		}
		return usage_error(c, "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return usage_error(c, "unexpected '%s'", argv[optind]);
	return EXIT_OK;
}

int check_main(struct ctx *c, int argc, char **argv, unsigned int what,
	       const char *leaf, const char *help)
{
	struct check_args a = {what, leaf, what == RIG_CHECK_ECC ? "ECC" : "CHECK"};
	int rc = parse_args(c, argc, argv, help), code = -1;

	if (rc != EXIT_OK)
		return rc < 0 ? MON_OK : MON_UNKNOWN;
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
				       OUT_BIT(OUT_NAGIOS) |
				       OUT_BIT(OUT_PROMETHEUS));
	if (rc != EXIT_OK)
		return MON_UNKNOWN; /* usage errors too, by the convention */
	run_all(c, check_job, &a);
	if (output_results(c, check_table, check_prom) != EXIT_OK &&
	    c->g.output == OUT_PROMETHEUS)
		code = MON_UNKNOWN;
	if (c->g.output == OUT_NAGIOS)
		check_nagios(c, a.title);
	for (size_t i = 0; i < c->count; i++)
		code = code < 0 ? mon_code(&c->results[i])
				: mon_worse(code, mon_code(&c->results[i]));
	return code < 0 ? MON_OK : code;
}

int cmd_check(struct ctx *c, int argc, char **argv)
{
	return check_main(c, argc, argv, RIG_CHECK_ALL, "check.state",
			  check_help);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl sensors [--type T,...] [--name GLOB] [--thresholds] [--problems]
 *                [--exclude GLOB,...] [--threshold GLOB:KEY=VALUE,...] */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util/names.h"
#include "prom.h"
#include "rigctl.h"
#include "sensor_view.h"

struct sensors_args {
	struct sensor_filter filter;
	bool thresholds;
	struct sensor_policy cli;  /* --exclude, --threshold */
	struct sensor_policy *pol; /* per selected rig: inventory, then cli */
};

static const char sensors_help[] =
	"Usage: rigctl [OPTIONS] sensors [--type T,...] [--name GLOB]\n"
	"                                [--thresholds] [--problems]\n"
	"Every sensor of the rig: BMC sensors from its SDR (cached per BMC in\n"
	"the cache directory), and the rig's own sensors over SSH.\n"
	"  --type T,...   only these types: temperature, fan, voltage, current,\n"
	"                 power, gpu, the other IPMI types by their IPMI names\n"
	"                 (power-supply, physical-security, processor, memory,\n"
	"                 power-unit, drive-slot, battery, ...), other (OEM);\n"
	"                 a GPU's readings match gpu and what they measure\n"
	"                 (temperature, fan, power)\n"
	"  --name GLOB    only sensors whose name matches (shell pattern, any\n"
	"                 case), e.g. 'CPU*'\n"
	"  --thresholds   the thresholds the BMC enforces now (one more\n"
	"                 request per sensor), and the table's columns lnr lcr\n"
	"                 lnc unc ucr unr; without it, JSON and Prometheus\n"
	"                 carry those written in the SDR\n"
	"  --problems     only sensors in warning or critical state\n"
	"  --exclude GLOB[,GLOB...]\n"
	"                 leave out sensors whose name matches (shell patterns,\n"
	"                 any case); adds to the inventory's exclude_sensors\n"
	"  --threshold GLOB:KEY=VALUE[,KEY=VALUE...]\n"
	"                 set thresholds (KEY: lnr lcr lnc unc ucr unr) of the\n"
	"                 sensors whose name matches, and judge their state by\n"
	"                 them; repeatable, after the inventory's, the last\n"
	"                 match wins\n"
	"A reading the BMC cannot give (sensor absent, scanning disabled) is\n"
	"shown as n/a with the reason, never as 0; its state is unknown.\n"
	"Output: -o table, json, prometheus.\n";

static rig_status sensors_job(struct ctx *c, struct result *res, void *arg)
{
	const struct sensors_args *a = arg;
	rig_sensor_list *list = NULL;
	rig_sensors_options opts;
	rig_status rc;
	json_t *arr;
	const struct sensor_policy *pol = &a->pol[res - c->results];

	rig_sensors_options_init(&opts, RIG_SENSORS_OPTIONS_VERSION);
	opts.live_thresholds = a->thresholds;
	opts.exclude = (const char *const *)pol->exclude;
	rc = rig_sensors_get(res->r, &opts, &list);
	if (list == NULL)
		return rc;
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < list->count; i++) {
		/* Before the filter: --problems sees the state the user's
		 * thresholds give. */
		uint32_t user = sensor_apply_policy(pol, &list->items[i]);

		if (sensor_selected(&a->filter, &list->items[i]))
			json_array_append_new(arr,
					      sensor_json(&list->items[i], user));
	}
	rig_sensor_list_free(list);
	res->data = arr;
	return rc;
}

/* ---------------------------------------------------------------- table */

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static void reading_text(const json_t *s, char *buf, size_t len)
{
	const json_t *v = json_object_get(s, "reading");
	const char *unit = jstr(s, "unit");

	if (!json_is_number(v))
		snprintf(buf, len, "n/a");
	else
		snprintf(buf, len, "%.2f%s%s", json_number_value(v),
			 unit[0] != '\0' ? " " : "", unit);
}

static void threshold_text(const json_t *s, int t, char *buf, size_t len)
{
	const json_t *v = json_object_get(json_object_get(s, "thresholds"),
					  rig_threshold_name((enum rig_threshold)t));

	if (json_is_number(v))
		snprintf(buf, len, "%.2f", json_number_value(v));
	else
		snprintf(buf, len, "-");
}

/* Why a row looks the way it does: the discrete state, or why there is no
 * reading. */
static const char *detail(const json_t *s)
{
	if (jstr(s, "state_text")[0] != '\0')
		return jstr(s, "state_text");
	if (!json_is_number(json_object_get(s, "reading")) &&
	    strncmp(jstr(s, "reason"), "discrete", 8) != 0)
		return jstr(s, "reason");
	return "";
}

struct widths {
	int name, type, reading, thr[RIG_THRESH_COUNT];
};

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void measure(const json_t *arr, struct widths *w)
{
	size_t i;
	json_t *s;
	char buf[64];

	w->name = 4;
	w->type = 4;
	w->reading = 7;
	for (int t = 0; t < RIG_THRESH_COUNT; t++)
		w->thr[t] = 3;
	json_array_foreach(arr, i, s) {
		w->name = max_int(w->name, (int)strlen(jstr(s, "name")));
		w->type = max_int(w->type, (int)strlen(jstr(s, "type")));
		reading_text(s, buf, sizeof(buf));
		w->reading = max_int(w->reading, (int)strlen(buf));
		for (int t = 0; t < RIG_THRESH_COUNT; t++) {
			threshold_text(s, t, buf, sizeof(buf));
			w->thr[t] = max_int(w->thr[t], (int)strlen(buf));
		}
	}
}

static void print_row(struct ctx *c, const json_t *s, const struct widths *w,
		      bool thresholds)
{
	char buf[64];

	reading_text(s, buf, sizeof(buf));
	/* The colour codes stay outside the padded field, or they would
	 * count as width and break the alignment. */
	fprintf(c->out, "%-*s  %-*s  %*s  %s%-8s%s", w->name, jstr(s, "name"),
		w->type, jstr(s, "type"), w->reading, buf,
		paint(c, jstr(s, "state")), jstr(s, "state"), paint_end(c));
	for (int t = 0; thresholds && t < RIG_THRESH_COUNT; t++) {
		threshold_text(s, t, buf, sizeof(buf));
		fprintf(c->out, "  %*s", w->thr[t], buf);
	}
	if (detail(s)[0] != '\0')
		fprintf(c->out, "  %s", detail(s));
	fputc('\n', c->out);
}

/* output_results() hands the table printer only the result: the one
 * option that shapes the table waits here. */
static bool table_thresholds;

/* -o csv: the table's columns, the reading as a bare number beside its
 * unit, so a spreadsheet can compute with it. */
static void sensors_csv(struct ctx *c, const struct result *res)
{
	struct table *t = table_thresholds
		? TABLE_NEW("name", "type", "reading", "unit", "state", "lnr",
			    "lc", "lnc", "unc", "uc", "unr", "detail")
		: TABLE_NEW("name", "type", "reading", "unit", "state",
			    "detail");
	size_t i;
	json_t *s;

	json_array_foreach(res->data, i, s) {
		const json_t *v = json_object_get(s, "reading");

		table_cell(t, jstr(s, "name"));
		table_cell(t, jstr(s, "type"));
		if (json_is_number(v))
			table_cellf(t, "%.2f", json_number_value(v));
		else
			table_cell(t, "");
		table_cell(t, jstr(s, "unit"));
		table_cell(t, jstr(s, "state"));
		for (int k = 0; table_thresholds && k < RIG_THRESH_COUNT; k++) {
			v = json_object_get(json_object_get(s, "thresholds"),
					    rig_threshold_name((enum rig_threshold)k));
			if (json_is_number(v))
				table_cellf(t, "%.2f", json_number_value(v));
			else
				table_cell(t, "");
		}
		table_cell(t, detail(s));
	}
	table_emit(c, res, t);
}

static void sensors_table(struct ctx *c, const struct result *res)
{
	struct widths w;
	size_t i;
	json_t *s;

	if (c->g.output == OUT_CSV) {
		sensors_csv(c, res);
		return;
	}
	if (c->count > 1)
		fprintf(c->out, "%s%s:\n", !output_first(c, res) ? "\n" : "",
			rig_name(res->r));
	measure(res->data, &w);
	fprintf(c->out, "%-*s  %-*s  %*s  %-8s", w.name, "NAME", w.type, "TYPE",
		w.reading, "READING", "STATE");
	for (int t = 0; table_thresholds && t < RIG_THRESH_COUNT; t++) {
		char head[8];
		size_t k;

		snprintf(head, sizeof(head), "%s",
			 rig_threshold_name((enum rig_threshold)t));
		for (k = 0; head[k] != '\0'; k++)
			head[k] = (char)(head[k] - 'a' + 'A');
		fprintf(c->out, "  %*s", w.thr[t], head);
	}
	/* The last column: a discrete sensor's state, or why there is no
	 * reading. */
	fputs("  DETAIL\n", c->out);
	json_array_foreach(res->data, i, s)
		print_row(c, s, &w, table_thresholds);
}

/* ----------------------------------------------------------------- args */

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct sensors_args *a)
{
	static const struct option opts[] = {
		{"type", required_argument, NULL, 't'},
		{"name", required_argument, NULL, 'n'},
		{"thresholds", no_argument, NULL, 'T'},
		{"problems", no_argument, NULL, 'p'},
		{"exclude", required_argument, NULL, 'x'},
		{"threshold", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *bad = NULL;
	size_t bad_len = 0;
	char why[256];
	int opt;

	memset(a, 0, sizeof(*a));
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(sensors_help, stdout);
			return -1;
		case 't':
			if (sensor_types_parse(optarg, &a->filter.types, &bad,
					       &bad_len) != 0)
				return usage_error(c, "--type: unknown type '%.*s' "
						      "(temperature, fan, voltage, "
						      "current, power, gpu, an IPMI "
						      "type such as power-supply, "
						      "other)",
						   (int)bad_len, bad);
			break;
		case 'n':
			a->filter.name_glob = optarg;
			break;
		case 'T':
			a->thresholds = true;
			break;
		case 'p':
			a->filter.problems = true;
			break;
		case 'x':
			if (sensor_exclude_parse(optarg, &a->cli, why,
						 sizeof(why)) != 0)
				return usage_error(c, "--exclude: %s", why);
			break;
		case 'H':
			if (sensor_threshold_parse(optarg, &a->cli, why,
						   sizeof(why)) != 0)
				return usage_error(c, "--threshold: %s", why);
			break;
		default:
			return usage_error(c, "unknown or incomplete option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error(c, "unexpected '%s'", argv[optind]);
	return EXIT_OK;
}

int cmd_sensors(struct ctx *c, int argc, char **argv)
{
	struct sensors_args a;
	int rc = parse_args(c, argc, argv, &a);

	if (rc == EXIT_OK)
		rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
					       OUT_BIT(OUT_PROMETHEUS));
	if (rc == EXIT_OK && (a.pol = sensor_policies(c, &a.cli)) == NULL)
		rc = EXIT_USAGE;
	if (rc == EXIT_OK) {
		table_thresholds = a.thresholds;
		rc = run_output(c, sensors_job, &a, sensors_table, prom_sensors);
	}
	sensor_policies_free(a.pol, a.pol != NULL ? c->count : 0);
	sensor_policy_free(&a.cli);
	return rc < 0 ? EXIT_OK : rc;
}

/* ---------------------------------------------------- shared with check */

struct sensor_policy *sensor_policies(struct ctx *c,
				      const struct sensor_policy *cli)
{
	struct sensor_policy *pol = calloc(c->count + 1, sizeof(*pol));
	char why[256];

	for (size_t i = 0; pol != NULL && i < c->count; i++) {
		const json_t *spec = c->specs != NULL ? c->specs[i] : NULL;
		const char *ex = json_string_value(
			json_object_get(spec, "exclude_sensors"));
		size_t k;
		json_t *t;
		int bad = 0;

		/* The inventory's were checked when it was read: a failure
		 * here is out of memory. */
		if (ex != NULL)
			bad |= sensor_exclude_parse(ex, &pol[i], why, sizeof(why));
		json_array_foreach(json_object_get(spec, "threshold"), k, t)
			bad |= sensor_threshold_parse(json_string_value(t), &pol[i],
						      why, sizeof(why));
		if (bad != 0 || sensor_policy_add(&pol[i], cli) != 0) {
			fprintf(c->err, "rigctl: %s: sensor settings: %s\n",
				rig_name(c->results[i].r),
				bad != 0 ? why : "out of memory");
			sensor_policies_free(pol, c->count);
			return NULL;
		}
	}
	return pol;
}

void sensor_policies_free(struct sensor_policy *pol, size_t n)
{
	for (size_t i = 0; pol != NULL && i < n; i++)
		sensor_policy_free(&pol[i]);
	free(pol);
}

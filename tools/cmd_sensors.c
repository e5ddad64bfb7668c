/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl sensors [--type T,...] [--name GLOB] [--thresholds] [--problems] */
#include <getopt.h>
#include <string.h>

#include "util/names.h"
#include "rigctl.h"
#include "sensor_view.h"

struct sensors_args {
	struct sensor_filter filter;
	bool thresholds;
};

static const char sensors_help[] =
	"Usage: rigctl [OPTIONS] sensors [--type T,...] [--name GLOB]\n"
	"                                [--thresholds] [--problems]\n"
	"Every sensor of the rig: BMC sensors from its SDR (cached per BMC in\n"
	"the cache directory), and the rig's own sensors over SSH.\n"
	"  --type T,...   only these types: temperature, fan, voltage, current,\n"
	"                 power, gpu, other\n"
	"  --name GLOB    only sensors whose name matches (shell pattern, any\n"
	"                 case), e.g. 'CPU*'\n"
	"  --thresholds   the thresholds the BMC enforces now (one more\n"
	"                 request per sensor), and the table's columns lnr lcr\n"
	"                 lnc unc ucr unr; without it, JSON and Prometheus\n"
	"                 carry those written in the SDR\n"
	"  --problems     only sensors in warning or critical state\n"
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

	(void)c;
	rig_sensors_options_init(&opts, RIG_SENSORS_OPTIONS_VERSION);
	opts.live_thresholds = a->thresholds;
	rc = rig_sensors_get(res->r, &opts, &list);
	if (list == NULL)
		return rc;
	arr = json_array();
	for (size_t i = 0; arr != NULL && i < list->count; i++)
		if (sensor_selected(&a->filter, &list->items[i]))
			json_array_append_new(arr, sensor_json(&list->items[i]));
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

static void sensors_table(struct ctx *c, const struct result *res)
{
	struct widths w;
	size_t i;
	json_t *s;

	if (c->count > 1)
		fprintf(c->out, "%s%s:\n", res != c->results ? "\n" : "",
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
	fputc('\n', c->out);
	json_array_foreach(res->data, i, s)
		print_row(c, s, &w, table_thresholds);
}

/* ----------------------------------------------------------- prometheus */

static int state_number(const char *state)
{
	static const char *const states[] = {"ok", "warning", "critical"};
	int i = RIG_NAME_INDEX(states, state, false);

	return i >= 0 ? i : 3;
}

/* {rig,name,type,unit,source,id}: id (the SDR record id, or the SSH
 * sensor's device key) keeps two sensors of the same name apart. */
static void labels(const char *rig_label, const json_t *s, char *out,
		   size_t len)
{
	char r[256], n[256], u[64], id[256];
	const json_t *rid = json_object_get(s, "record_id");

	if (json_is_integer(rid))
		snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(rid));
	else
		prom_label(jstr(s, "device"), id, sizeof(id));
	snprintf(out, len,
		 "rig=\"%s\",name=\"%s\",type=\"%s\",unit=\"%s\",source=\"%s\","
		 "id=\"%s\"",
		 prom_label(rig_label, r, sizeof(r)), prom_label(jstr(s, "name"), n, sizeof(n)),
		 jstr(s, "type"), prom_label(jstr(s, "unit"), u, sizeof(u)),
		 jstr(s, "source"), id);
}

enum prom_metric { PROM_VALUE, PROM_STATE, PROM_THRESHOLD };

static void prom_series(struct ctx *c, FILE *f, enum prom_metric m)
{
	char lab[1200];

	for (size_t i = 0; i < c->count; i++) {
		size_t k;
		json_t *s;

		json_array_foreach(c->results[i].data, k, s) {
			const json_t *v = json_object_get(s, "reading");

			labels(rig_name(c->results[i].r), s, lab, sizeof(lab));
			if (m == PROM_VALUE && json_is_number(v))
				fprintf(f, "rigctl_sensor_value{%s} %.15g\n", lab,
					json_number_value(v));
			if (m == PROM_STATE)
				fprintf(f, "rigctl_sensor_state{%s} %d\n", lab,
					state_number(jstr(s, "state")));
			for (int t = 0; m == PROM_THRESHOLD && t < RIG_THRESH_COUNT;
			     t++) {
				const char *tn = rig_threshold_name((enum rig_threshold)t);
				const json_t *tv = json_object_get(
					json_object_get(s, "thresholds"), tn);

				if (json_is_number(tv))
					fprintf(f, "rigctl_sensor_threshold{%s,"
						   "threshold=\"%s\"} %.15g\n",
						lab, tn, json_number_value(tv));
			}
		}
	}
}

static void sensors_prom(struct ctx *c, FILE *f)
{
	char label[512];

	fprintf(f, "# HELP rigctl_sensor_value Sensor reading in its unit; "
		   "absent when the sensor has none.\n"
		   "# TYPE rigctl_sensor_value gauge\n");
	prom_series(c, f, PROM_VALUE);
	fprintf(f, "# HELP rigctl_sensor_state Sensor state: 0 ok, 1 warning, "
		   "2 critical, 3 unknown.\n# TYPE rigctl_sensor_state gauge\n");
	prom_series(c, f, PROM_STATE);
	fprintf(f, "# HELP rigctl_sensor_threshold Sensor threshold (lnr, lcr, "
		   "lnc, unc, ucr, unr) in the sensor's unit.\n"
		   "# TYPE rigctl_sensor_threshold gauge\n");
	prom_series(c, f, PROM_THRESHOLD);
	fprintf(f, "# HELP rigctl_sensors_up Whether every path of the rig gave "
		   "its sensors: 1 yes, 0 no.\n# TYPE rigctl_sensors_up gauge\n");
	for (size_t i = 0; i < c->count; i++)
		fprintf(f, "rigctl_sensors_up{rig=\"%s\"} %d\n",
			prom_label(rig_name(c->results[i].r), label, sizeof(label)),
			c->results[i].status == RIG_OK);
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
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *bad = NULL;
	size_t bad_len = 0;
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
						      "current, power, gpu, other)",
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

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
				       OUT_BIT(OUT_PROMETHEUS));
	if (rc != EXIT_OK)
		return rc;
	run_all(c, sensors_job, &a);
	table_thresholds = a.thresholds;
	return output_results(c, sensors_table, sensors_prom);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl events list [--since CURSOR | --last N], events info, events clear
 * ("sel" is an alias of "events"). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/timefmt.h"
#include "event_view.h"
#include "rigctl.h"

enum events_action { EV_LIST, EV_INFO, EV_CLEAR };

struct events_args {
	enum events_action action;
	rig_events_options opts;
};

static const char events_help[] =
	"Usage: rigctl [OPTIONS] events list [--since CURSOR | --last N]\n"
	"       rigctl [OPTIONS] events info\n"
	"       rigctl [OPTIONS] events clear\n"
	"('sel' is an alias of 'events')\n"
	"  list   the rig's events: the SEL of its BMC, the kernel log over SSH.\n"
	"         A listing of one rig ends with 'cursor: CURSOR' (JSON: the\n"
	"         \"cursor\" field); pass it as --since next time to get only\n"
	"         what is new.  If the SEL was cleared or wrapped since, all of\n"
	"         it is listed again and a note says so.\n"
	"    --since CURSOR  only events after CURSOR (one rig only)\n"
	"    --last N        only the last N events\n"
	"  info   SEL entries, free space, overflow, last add and erase times\n"
	"  clear  archive the whole SEL under the state directory (the path is\n"
	"         printed), then clear it.  If the archive cannot be written\n"
	"         and synced, nothing is cleared.\n"
	"Output: -o table, json.\n";

/* ---------------------------------------------------------------- jobs */

static json_t *list_json(const rig_event_list *l)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < l->count; i++)
		json_array_append_new(arr, event_json(&l->items[i]));
	return json_pack("{s:s?, s:b, s:o}", "cursor", l->cursor, "restarted",
			 l->restarted != 0, "entries", arr);
}

static rig_status list_job(struct ctx *c, struct result *res, void *arg)
{
	const struct events_args *a = arg;
	rig_event_list *l = NULL;
	rig_status rc = rig_events_list(res->r, &a->opts, &l);

	(void)c;
	if (l != NULL)
		res->data = list_json(l);
	rig_event_list_free(l);
	return rc;
}

/* A time as docs/output.md has it: RFC 3339, or null; a pre-init stamp
 * (seconds since the BMC started) adds KEY_pre_init and KEY_uptime_s. */
static void sel_time_set(json_t *o, const char *key, bool has, bool pre_init,
			 int64_t t)
{
	char k[64];

	json_object_set_new(o, key, time_json(has && !pre_init, t));
	if (!has || !pre_init)
		return;
	snprintf(k, sizeof(k), "%s_pre_init", key);
	json_object_set_new(o, k, json_true());
	snprintf(k, sizeof(k), "%s_uptime_s", key);
	json_object_set_new(o, k, json_integer((json_int_t)t));
}

static rig_status info_job(struct ctx *c, struct result *res, void *arg)
{
	rig_sel_info in;
	rig_status rc = rig_sel_info_get(res->r, &in);

	(void)c;
	(void)arg;
	if (rc != RIG_OK)
		return rc;
	res->data = json_pack("{s:s, s:I, s:I, s:b, s:b, s:b}", "version",
			      in.version, "entries", (json_int_t)in.entries,
			      "free_bytes", (json_int_t)in.free_bytes, "overflow",
			      in.overflow, "supports_delete", in.supports_delete,
			      "supports_reserve", in.supports_reserve);
	if (res->data == NULL)
		return rc;
	sel_time_set(res->data, "last_add", in.has_last_add,
		     in.last_add_pre_init, in.last_add);
	sel_time_set(res->data, "last_erase", in.has_last_erase,
		     in.last_erase_pre_init, in.last_erase);
	return rc;
}

/* A new file name per clear, so no archive is ever overwritten. */
static int archive_path(struct ctx *c, rig *r, char **out)
{
	char leaf[64], stamp[32];

	if (!rig__time_basic(time(NULL), stamp, sizeof(stamp)))
		return -1;
	snprintf(leaf, sizeof(leaf), "sel-archive-%s-%ld.txt", stamp,
		 (long)getpid());
	return rig_state_file(c, r, leaf, out);
}

static rig_status clear_job(struct ctx *c, struct result *res, void *arg)
{
	rig_sel_clear_options o;
	rig_sel_clear_result out;
	char *path = NULL;
	rig_status rc;

	(void)arg;
	if (archive_path(c, res->r, &path) != 0)
		return RIG_E_IO;
	rig_sel_clear_options_init(&o, RIG_SEL_CLEAR_OPTIONS_VERSION);
	o.archive_path = path;
	rc = rig_sel_clear(res->r, &o, &out);
	if (rc == RIG_OK)
		res->data = json_pack("{s:I, s:s, s:I}", "cleared",
				      (json_int_t)out.archived, "archive", path,
				      "reads", (json_int_t)out.reads);
	free(path);
	return rc;
}

/* ---------------------------------------------------------------- table */

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* The time column of a listing: RFC 3339, pre-init uptime, or "-". */
static void event_time(const json_t *e, char *when, size_t len)
{
	const json_t *t = json_object_get(e, "time");

	if (json_is_string(t))
		snprintf(when, len, "%s", json_string_value(t));
	else if (json_is_true(json_object_get(e, "pre_init")))
		snprintf(when, len, "pre-init +%llds",
			 (long long)json_integer_value(
				 json_object_get(e, "uptime_s")));
	else
		snprintf(when, len, "-");
}

static void event_row(struct ctx *c, const json_t *e)
{
	char when[40];

	event_time(e, when, sizeof(when));
	fprintf(c->out, "%6s  %-20s  %-8s  %-16s  %s\n", jstr(e, "id"), when,
		jstr(e, "severity"),
		json_is_string(json_object_get(e, "sensor")) ? jstr(e, "sensor")
							     : "-",
		jstr(e, "description"));
}

static void list_csv(struct ctx *c, const struct result *res)
{
	struct table *t = TABLE_NEW("id", "time", "severity", "sensor",
				    "description");
	size_t i;
	json_t *e;
	char when[40];

	json_array_foreach(json_object_get(res->data, "entries"), i, e) {
		event_time(e, when, sizeof(when));
		table_cell(t, jstr(e, "id"));
		table_cell(t, when);
		table_cell(t, jstr(e, "severity"));
		table_cell(t, json_is_string(json_object_get(e, "sensor"))
				      ? jstr(e, "sensor")
				      : "-");
		table_cell(t, jstr(e, "description"));
	}
	table_emit(c, res, t);
}

static void list_table(struct ctx *c, const struct result *res)
{
	const json_t *arr = json_object_get(res->data, "entries");
	size_t i;
	json_t *e;

	if (c->g.output == OUT_CSV) {
		list_csv(c, res);
		return;
	}
	if (c->count > 1)
		fprintf(c->out, "%s%s:\n", !output_first(c, res) ? "\n" : "",
			rig_name(res->r));
	if (json_is_true(json_object_get(res->data, "restarted")))
		fprintf(c->err, "rigctl: %s: note: the log was cleared or "
				"wrapped since the cursor: all of it is listed\n",
			rig_name(res->r));
	fprintf(c->out, "%6s  %-20s  %-8s  %-16s  %s\n", "ID", "TIME",
		"SEVERITY", "SENSOR", "DESCRIPTION");
	json_array_foreach(arr, i, e)
		event_row(c, e);
	if (c->count == 1)
		fprintf(c->out, "cursor: %s\n", jstr(res->data, "cursor"));
}

static void info_table(struct ctx *c, const struct result *res)
{
	const json_t *d = res->data;

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("version", "entries", "free_bytes",
					    "overflow", "last_add",
					    "last_erase");

		table_cell(t, jstr(d, "version"));
		table_cellf(t, "%lld", (long long)json_integer_value(
					       json_object_get(d, "entries")));
		table_cellf(t, "%lld", (long long)json_integer_value(
					       json_object_get(d, "free_bytes")));
		table_cell(t, json_is_true(json_object_get(d, "overflow"))
				      ? "yes" : "no");
		table_cell(t, jstr(d, "last_add"));
		table_cell(t, jstr(d, "last_erase"));
		table_emit(c, res, t);
		return;
	}
	fprintf(c->out, "%s:\n", rig_name(res->r));
	fprintf(c->out, "  version     %s\n", jstr(d, "version"));
	fprintf(c->out, "  entries     %lld\n",
		(long long)json_integer_value(json_object_get(d, "entries")));
	fprintf(c->out, "  free        %lld bytes\n",
		(long long)json_integer_value(json_object_get(d, "free_bytes")));
	fprintf(c->out, "  overflow    %s\n",
		json_is_true(json_object_get(d, "overflow")) ? "yes" : "no");
	for (int k = 0; k < 2; k++) {
		const char *key = k == 0 ? "last_add" : "last_erase";
		const json_t *t = json_object_get(d, key);
		char up[64];

		snprintf(up, sizeof(up), "%s_uptime_s", key);
		if (json_is_string(t))
			fprintf(c->out, "  %-10s  %s\n", key, json_string_value(t));
		else if (json_is_integer(json_object_get(d, up)))
			fprintf(c->out, "  %-10s  pre-init +%llds\n", key,
				(long long)json_integer_value(
					json_object_get(d, up)));
		else
			fprintf(c->out, "  %-10s  never\n", key);
	}
}

static void clear_table(struct ctx *c, const struct result *res)
{
	long long n = (long long)json_integer_value(
		json_object_get(res->data, "cleared"));

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("cleared", "archive");

		table_cellf(t, "%lld", n);
		table_cell(t, jstr(res->data, "archive"));
		table_emit(c, res, t);
		return;
	}
	fprintf(c->out, "%s: cleared %lld record%s; archive: %s\n",
		rig_name(res->r), n, n == 1 ? "" : "s",
		jstr(res->data, "archive"));
}

/* ---------------------------------------------------------------- args */

static int parse_list_opts(struct ctx *c, int argc, char **argv,
			   struct events_args *a)
{
	static const struct option opts[] = {
		{"since", required_argument, NULL, 's'},
		{"last", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	unsigned long n;
	int opt;

	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(events_help, stdout);
			return -1;
		}
		if (opt == 's') {
			a->opts.since = optarg;
		} else if (opt == 'l') {
			if (!parse_uint(optarg, 1, 1000000, &n))
				return usage_error(c, "--last wants a number from 1 "
						      "to 1000000, not '%s'", optarg);
			a->opts.last = n;
		} else {
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (a->opts.since != NULL && a->opts.last > 0)
		return usage_error(c, "--since and --last do not go together");
	return EXIT_OK;
}

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct events_args *a)
{
	const char *sub;

	memset(a, 0, sizeof(*a));
	rig_events_options_init(&a->opts, RIG_EVENTS_OPTIONS_VERSION);
	optind = 1;
	opterr = 0;
	if (argc < 2)
		return usage_error(c, "which one? list, info or clear");
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(events_help, stdout);
		return -1;
	}
	if (strcmp(sub, "list") == 0)
		a->action = EV_LIST;
	else if (strcmp(sub, "info") == 0)
		a->action = EV_INFO;
	else if (strcmp(sub, "clear") == 0)
		a->action = EV_CLEAR;
	else
		return usage_error(c, "unknown action '%s' (list, info, clear)",
				   sub);
	if (a->action == EV_LIST)
		return parse_list_opts(c, argc - 1, argv + 1, a);
	if (argc > 2 && strcmp(argv[2], "--help") == 0) {
		fputs(events_help, stdout);
		return -1;
	}
	if (argc > 2)
		return usage_error(c, "unexpected '%s' after '%s'", argv[2], sub);
	return EXIT_OK;
}

int cmd_events(struct ctx *c, int argc, char **argv)
{
	struct events_args a;
	int rc = parse_args(c, argc, argv, &a);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (a.action == EV_CLEAR)
		dry_run_prepare(c);
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	if (a.opts.since != NULL && c->count > 1)
		return usage_error(c, "--since takes the cursor of one rig; %zu "
				      "rigs are selected", c->count);
	if (a.action == EV_LIST) {
		return run_output(c, list_job, &a, list_table, NULL);
	}
	if (a.action == EV_INFO) {
		return run_output(c, info_job, &a, info_table, NULL);
	}
	if (c->g.dry_run) {
		static const struct dry_way way[] = {
			{RIG_PATH_BMC, "Clear SEL, after archiving it"},
		};

		return dry_run_output(c, "clear the SEL", way, 1);
	}
	rc = confirm_action(c, "clear the SEL of");
	if (rc != EXIT_OK)
		return rc;
	return run_output(c, clear_job, &a, clear_table, NULL);
}

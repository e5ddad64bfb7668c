/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl identify [SECONDS|--force|--off]: the chassis identify LED. */
#include <getopt.h>
#include <string.h>

#include "rigctl.h"

static const char identify_help[] =
	"Usage: rigctl [OPTIONS] identify [SECONDS|--force|--off]\n"
	"Blink the rig's identify LED so you can find it in the rack.\n"
	"  SECONDS   how long, 1 to 255 (default 15)\n"
	"  --force   on until 'identify --off'\n"
	"  --off     turn it off\n"
	"Needs operator privilege.  Output: -o table, json.\n";

static rig_status identify_job(struct ctx *c, struct result *res, void *arg)
{
	const rig_identify_options *o = arg;
	rig_status rc;

	(void)c;
	rc = rig_identify(res->r, o);
	if (rc != RIG_OK)
		return rc;
	if (o->force)
		res->data = json_pack("{s:s, s:n}", "state", "forced",
				      "seconds");
	else if (o->seconds == 0)
		res->data = json_pack("{s:s, s:n}", "state", "off", "seconds");
	else
		res->data = json_pack("{s:s, s:I}", "state", "on", "seconds",
				      (json_int_t)o->seconds);
	return RIG_OK;
}

static void identify_table(struct ctx *c, const struct result *res)
{
	const char *st = json_string_value(json_object_get(res->data, "state"));
	json_t *s = json_object_get(res->data, "seconds");

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("state", "seconds");

		table_cell(t, st);
		if (json_is_integer(s))
			table_cellf(t, "%lld", (long long)json_integer_value(s));
		else
			table_cell(t, "");
		table_emit(c, res, t);
		return;
	}
	if (json_is_integer(s))
		fprintf(c->out, "%s: identify on for %lld s\n", rig_name(res->r),
			(long long)json_integer_value(s));
	else
		fprintf(c->out, "%s: identify %s\n", rig_name(res->r),
			strcmp(st, "forced") == 0 ? "on until --off" : "off");
}

static int parse_args(struct ctx *c, int argc, char **argv,
		      rig_identify_options *o)
{
	static const struct option opts[] = {
		{"force", no_argument, NULL, 'f'},
		{"off", no_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool off = false;
	unsigned long secs;
	int opt;

	rig_identify_options_init(o, RIG_IDENTIFY_OPTIONS_VERSION);
	optind = 0; /* 0: glibc re-initialises, permutation included */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(identify_help, stdout);
			return -1;
		} else if (opt == 'f') {
			o->force = true;
		} else if (opt == 'o') {
			off = true;
		} else {
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if ((o->force && off) || ((o->force || off) && optind < argc))
		return usage_error(c, "give one of SECONDS, --force, --off");
	if (optind + 1 < argc)
		return usage_error(c, "unexpected '%s'", argv[optind + 1]);
	if (optind < argc) {
		if (!parse_uint(argv[optind], 1, RIG_IDENTIFY_MAX_S, &secs))
			return usage_error(c, "SECONDS wants 1 to %u, not '%s' "
					      "(--force keeps it on)",
					   RIG_IDENTIFY_MAX_S, argv[optind]);
		o->seconds = (unsigned int)secs;
	}
	if (off)
		o->seconds = 0;
	return EXIT_OK;
}

int cmd_identify(struct ctx *c, int argc, char **argv)
{
	rig_identify_options o;
	int rc = parse_args(c, argc, argv, &o);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	dry_run_prepare(c);
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	if (c->g.dry_run) {
		static const struct dry_way way[] = {
			{RIG_PATH_BMC, "Chassis Identify"},
		};
		char what[64];

		if (o.force)
			snprintf(what, sizeof(what), "turn identify on until --off");
		else if (o.seconds == 0)
			snprintf(what, sizeof(what), "turn identify off");
		else
			snprintf(what, sizeof(what), "turn identify on for %u s",
				 o.seconds);
		return dry_run_output(c, what, way, 1);
	}
	return run_output(c, identify_job, &o, identify_table, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl flush-cache: drop the SDR cache of the chosen rigs. */
#include <getopt.h>
#include <string.h>

#include "rigctl.h"

static const char flush_help[] =
	"Usage: rigctl [OPTIONS] flush-cache\n"
	"Remove the cached SDR of each chosen rig's BMC from the cache directory\n"
	"(--cache-dir, default $XDG_CACHE_HOME/rigctl).  The next 'sensors'\n"
	"downloads it again.  rigctl already rebuilds a cache by itself when the\n"
	"BMC's SDR changes or the file is damaged; this is for a BMC that\n"
	"changed without saying so.  Needs no session with the BMC.\n"
	"Output: -o table, json.\n";

static rig_status flush_job(struct ctx *c, struct result *res, void *arg)
{
	rig_status rc = rig_sdr_cache_flush(res->r);

	(void)arg;
	if (rc == RIG_OK)
		res->data = json_pack("{s:b, s:s?}", "flushed", 1, "cache_dir",
				      c->g.cache_dir);
	return rc;
}

static void flush_table(struct ctx *c, const struct result *res)
{
	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("sdr_cache");

		table_cell(t, "dropped");
		table_emit(c, res, t);
		return;
	}
	fprintf(c->out, "%s: SDR cache dropped\n", rig_name(res->r));
}

int cmd_flush_cache(struct ctx *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt, rc;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(flush_help, stdout);
			return EXIT_OK;
		}
		return usage_error(c, "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return usage_error(c, "unexpected '%s'", argv[optind]);
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	return run_output(c, flush_job, NULL, flush_table, NULL);
}

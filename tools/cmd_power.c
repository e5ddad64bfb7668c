/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl power status|on|off|soft|cycle|reset|reboot */
#include <getopt.h>
#include <string.h>

#include "rigctl.h"

#define DEFAULT_WAIT_S 60u

struct power_args {
	bool status;
	rig_power_action action;
	rig_power_options opts;
};

static const char power_help[] =
	"Usage: rigctl [OPTIONS] power status|on|off|soft|cycle|reset|reboot\n"
	"                          [--wait[=SECONDS]] [--on-if-off]\n"
	"  status   on, off, or unreachable (SSH-only rig that does not answer)\n"
	"  on       power on (BMC, else Wake-on-LAN)\n"
	"  off      hard power off (BMC only)\n"
	"  soft     ask the OS to shut down (ACPI through the BMC, else SSH)\n"
	"  cycle    off, then on (BMC only)\n"
	"  reset    hard reset (BMC only)\n"
	"  reboot   OS reboot over SSH\n"
	"  reading  the BMC's DCMI power reading ('rigctl power reading --help')\n"
	"  --wait[=SECONDS]  for on, off, soft, cycle, reboot: return when the\n"
	"                    rig reports the new state (default 60 s)\n"
	"  --on-if-off       cycle or reset of a rig that is off powers it on\n"
	"                    (otherwise that is an error, exit 1)\n"
	"Output: -o table, json, prometheus (status only).\n";

static rig_status power_job(struct ctx *c, struct result *res, void *arg)
{
	const struct power_args *a = arg;
	rig_power_state st = RIG_POWERSTATE_UNKNOWN;
	rig_status rc;

	(void)c;
	if (a->status) {
		rc = rig_power_status(res->r, &st);
		res->data = rc == RIG_OK
				    ? json_pack("{s:s}", "state",
						rig_power_state_name(st))
				    : NULL;
		return rc;
	}
	rc = rig_power(res->r, a->action, &a->opts);
	if (rc == RIG_OK)
		res->data = json_pack(
			"{s:s, s:b, s:s?}", "action",
			rig_power_action_name(a->action), "waited",
			a->opts.wait_ms > 0, "state",
			a->opts.wait_ms == 0 ? NULL
			: a->action == RIG_POWER_OFF || a->action == RIG_POWER_SOFT
				? "off"
				: "on");
	return rc;
}

static void power_table(struct ctx *c, const struct result *res)
{
	const char *state = json_string_value(json_object_get(res->data, "state"));

	fprintf(c->out, "%s: %s\n", rig_name(res->r),
		state != NULL ? state : "ok");
}

static void power_prom(struct ctx *c, FILE *f)
{
	char label[512];

	fprintf(f, "# HELP rigctl_power_on Power state: 1 on, 0 off; absent "
		   "when it could not be read.\n# TYPE rigctl_power_on gauge\n");
	for (size_t i = 0; i < c->count; i++) {
		const char *st = json_string_value(
			json_object_get(c->results[i].data, "state"));

		if (st != NULL && (!strcmp(st, "on") || !strcmp(st, "off")))
			fprintf(f, "rigctl_power_on{rig=\"%s\"} %d\n",
				prom_label(rig_name(c->results[i].r), label,
					   sizeof(label)),
				strcmp(st, "on") == 0);
	}
	fprintf(f, "# HELP rigctl_up Whether the rig answered: 1 yes, 0 no.\n"
		   "# TYPE rigctl_up gauge\n");
	for (size_t i = 0; i < c->count; i++)
		fprintf(f, "rigctl_up{rig=\"%s\"} %d\n",
			prom_label(rig_name(c->results[i].r), label,
				   sizeof(label)),
			c->results[i].status == RIG_OK);
}

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct power_args *a)
{
	static const struct option opts[] = {
		{"wait", optional_argument, NULL, 'w'},
		{"on-if-off", no_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool wait = false;
	unsigned long secs = DEFAULT_WAIT_S;
	int opt;

	memset(a, 0, sizeof(*a));
	rig_power_options_init(&a->opts, RIG_POWER_OPTIONS_VERSION);
	optind = 0; /* 0: glibc re-initialises its scan, permutation included */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(power_help, stdout);
			return -1;
		}
		if (opt == 'w') {
			wait = true;
			if (optarg != NULL && !parse_uint(optarg, 1, 86400, &secs))
				return usage_error(c, "--wait=SECONDS wants 1 to "
						      "86400, not '%s'", optarg);
		} else if (opt == 'o') {
			a->opts.on_if_off = true;
		} else {
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error(c, "which action? status, on, off, soft, "
				      "cycle, reset or reboot");
	if (optind + 1 < argc)
		return usage_error(c, "unexpected '%s' after the action",
				   argv[optind + 1]);
	if (strcmp(argv[optind], "status") == 0)
		a->status = true;
	else if (rig_power_action_parse(argv[optind], &a->action) != RIG_OK)
		return usage_error(c, "unknown action '%s' (status, on, off, "
				      "soft, cycle, reset, reboot)",
				   argv[optind]);
	if (wait && (a->status || a->action == RIG_POWER_RESET))
		return usage_error(c, "--wait applies to on, off, soft, cycle "
				      "and reboot");
	if (a->opts.on_if_off && (a->status || (a->action != RIG_POWER_CYCLE &&
						 a->action != RIG_POWER_RESET)))
		return usage_error(c, "--on-if-off applies to cycle and reset");
	if (wait)
		a->opts.wait_ms = (unsigned int)secs * 1000u;
	return EXIT_OK;
}

int cmd_power(struct ctx *c, int argc, char **argv)
{
	struct power_args a;
	int rc;

	/* DCMI's power reading is a reading, not an action: its own path. */
	if (argc > 1 && strcmp(argv[1], "reading") == 0)
		return cmd_power_reading(c, argc - 1, argv + 1);
	rc = parse_args(c, argc, argv, &a);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = command_targets(c, a.status ? OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
						  OUT_BIT(OUT_PROMETHEUS)
					: OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	run_all(c, power_job, &a);
	return output_results(c, power_table, power_prom);
}

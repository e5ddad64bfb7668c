/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl power status|on|off|soft|cycle|reset|reboot */
#include <getopt.h>
#include <string.h>
#include <time.h>

#include "util/bytes.h"
#include "util/timefmt.h"
#include "prom.h"
#include "rigctl.h"

#define DEFAULT_WAIT_S 60u
#define DEFAULT_GRACEFUL_S 120u
#define GRACEFUL_POLL_MS 500u
/* Behind a plug the relay only ever opens by our hand: a slower poll spares
 * the plug's little web server some 240 requests per default wait. */
#define GRACEFUL_PLUG_POLL_MS 5000u

struct power_args {
	bool status;
	rig_power_action action;
	rig_power_options opts;
	/* --graceful: seconds to wait for the OS to stop answering over SSH
	 * after asking it to shut down; 0 without --graceful. */
	unsigned int graceful_s;
};

static const char power_help[] =
	"Usage: rigctl [OPTIONS] power status|on|off|soft|cycle|reset|reboot|\n"
	"                          reading|policy\n"
	"                          [--wait[=SECONDS]] [--on-if-off]\n"
	"                          [--off-time DURATION] [--graceful[=DURATION]]\n"
	"  status   on, off, or unreachable (SSH-only rig that does not answer);\n"
	"           through a smart plug: off when its relay is open, else the\n"
	"           OS over SSH, with the relay beside it\n"
	"  on       power on (BMC, else the smart plug's relay, else\n"
	"           Wake-on-LAN)\n"
	"  off      hard power off (BMC, else the smart plug)\n"
	"  soft     ask the OS to shut down (ACPI through the BMC, else SSH)\n"
	"  cycle    off, then on (BMC, else the smart plug, whose own timer\n"
	"           switches it back on)\n"
	"  reset    hard reset (BMC only)\n"
	"  reboot   OS reboot over SSH\n"
	"  reading  the BMC's DCMI power reading ('rigctl power reading --help')\n"
	"  policy   show or set the power restore policy ('rigctl power policy\n"
	"           --help')\n"
	"  --wait[=SECONDS]  for on, off, soft, cycle, reboot: return when the\n"
	"                    rig reports the new state (default 60 s)\n"
	"  --on-if-off       cycle or reset of a rig that is off powers it on\n"
	"                    (otherwise that is an error, exit 1)\n"
	"  --off-time DURATION  how long a cycle through a smart plug leaves\n"
	"                    the power off (default 10s; 90s, 2m)\n"
	"  --graceful[=DURATION]  for off and cycle: first ask the OS to shut\n"
	"                    down over SSH, then wait up to DURATION (default\n"
	"                    120s) until it stops answering and the BMC reports\n"
	"                    the board off; a board still on then (always\n"
	"                    behind a plug) is cut (BMC or plug); one the OS\n"
	"                    powered off is left off, or powered on (cycle);\n"
	"                    an OS that still answers: exit 1, nothing cut\n"
	"Output: -o table, json, prometheus (status only).\n";

/* The errors of the SSH-only twin, on stderr: run_all() records those of
 * the rig's own handle only. */
static void twin_errors(struct ctx *c, rig *os)
{
	for (size_t i = 0; i < rig_error_count(os); i++) {
		const char *msg = "";

		rig_error_at(os, i, NULL, &msg);
		fprintf(c->err, "rigctl: %s: %s\n", rig_name(os), msg);
	}
}

/* The monotonic clock in ms: a step of the wall clock must neither end nor
 * stretch the graceful wait. */
static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * Whether the hard path reports the board off.  SSH goes silent early in a
 * shutdown, long before the OS powers the board down: only the BMC's
 * chassis status tells when it did.  A plug knows only its relay, which
 * the OS's shutdown leaves closed, so behind a plug this is true only when
 * the relay is open, and the wait runs to its end.
 */
static bool hard_path_off(rig *r)
{
	rig_power_state st = RIG_POWERSTATE_UNKNOWN;
	rig_plug_status ps;

	if (rig_paths(r) & RIG_PATH_BMC)
		return rig_power_status(r, &st) == RIG_OK &&
		       st == RIG_POWERSTATE_OFF;
	return rig_plug_status_get(r, &ps) == RIG_OK && !ps.relay_on;
}

enum hard_wait { HARD_OFF, HARD_STILL_ON, HARD_STOPPED };

/* Poll the hard path until it reports off or the deadline passes.  A
 * signal ends the wait without a cut: rigctl is being stopped, and power
 * cut by a dying run is what --graceful is there to avoid. */
static enum hard_wait wait_hard_off(rig *r, uint64_t deadline)
{
	uint64_t poll = rig_paths(r) & RIG_PATH_BMC ? GRACEFUL_POLL_MS
						    : GRACEFUL_PLUG_POLL_MS;

	for (;;) {
		struct timespec ts;
		uint64_t now, nap;

		if (hard_path_off(r))
			return HARD_OFF;
		now = mono_ms();
		if (signals_stopping())
			return HARD_STOPPED;
		if (now >= deadline)
			return HARD_STILL_ON;
		nap = deadline - now < poll ? deadline - now : poll;
		ts.tv_sec = (time_t)(nap / 1000u);
		ts.tv_nsec = (long)(nap % 1000u) * 1000000L;
		nanosleep(&ts, NULL); /* a signal ends it early: see above */
	}
}

/*
 * --graceful: the OS shutdown over SSH, the wait until SSH stops
 * answering (the library's own wait: for SSH, "off" is silence), then,
 * within the same DURATION, until the hard path reports the board off: SSH
 * goes silent early in a shutdown, and a cut (or a BMC's cycle) then would
 * hit an OS still writing its disks.  An OS still answering after the wait
 * is RIG_E_WAIT_TIMEOUT (exit 1) and no power is cut.  A board the OS
 * powered off is not cut again; a cycle powers it on (a chassis cycle of
 * an off board is refused, and would leave an unattended rig off).  A
 * board still on when DURATION ends gets the hard off or cycle.
 */
static rig_status graceful_job(struct ctx *c, const struct power_args *a,
			       struct result *res)
{
	rig *os = res->os != NULL ? res->os : res->r;
	rig_power_options soft = a->opts, hard = a->opts;
	rig_power_state st = RIG_POWERSTATE_UNKNOWN;
	uint64_t deadline = mono_ms() + (uint64_t)a->graceful_s * 1000u;
	enum hard_wait off = HARD_STILL_ON;
	bool asked = false, cut;
	rig_status rc;

	soft.wait_ms = a->graceful_s * 1000u;
	soft.on_if_off = false;
	rc = rig_power_status(os, &st);
	/* A relay already open, or an OS already silent: nothing to shut
	 * down, and no shutdown of ours to wait for. */
	if (rc == RIG_OK && st == RIG_POWERSTATE_ON) {
		rc = rig_power(os, RIG_POWER_SOFT, &soft);
		asked = true;
	} else if (rc == RIG_OK || rc == RIG_E_UNREACHABLE) {
		rc = RIG_OK;
	}
	if (rc != RIG_OK) {
		if (os != res->r)
			twin_errors(c, os);
		fprintf(c->err, "rigctl: %s: --graceful: %s; power %s not "
				"done: the power was not cut\n",
			rig_name(res->r),
			rc == RIG_E_WAIT_TIMEOUT
				? "the OS still answers over SSH after the "
				  "shutdown request"
				: "the OS shutdown over SSH failed",
			rig_power_action_name(a->action));
		return rc;
	}
	off = asked ? wait_hard_off(res->r, deadline)
		    : hard_path_off(res->r) ? HARD_OFF : HARD_STILL_ON;
	if (off == HARD_STOPPED) {
		fprintf(c->err, "rigctl: %s: --graceful: stopped while the OS "
				"shuts down; power %s not done%s\n",
			rig_name(res->r), rig_power_action_name(a->action),
			a->action == RIG_POWER_OFF
				? ""
				: ": the OS was asked to shut down, so the rig "
				  "will stay off; run 'rigctl power on' once it "
				  "is off");
		return RIG_E_WAIT_TIMEOUT;
	}
	/* Behind a plug that is the rule (its relay cannot see the OS power
	 * down), not news. */
	if (off == HARD_STILL_ON && asked && (rig_paths(res->r) & RIG_PATH_BMC))
		fprintf(c->err, "rigctl: %s: --graceful: the OS stopped "
				"answering over SSH, but the BMC still reports "
				"power on after %u s: power %s\n",
			rig_name(res->r), a->graceful_s,
			rig_power_action_name(a->action));
	/* Off: done, the board is off already.  Cycle: on when off, else
	 * the hard path's cycle (one command on the BMC or the plug, whose
	 * timer switches it on again even if rigctl dies half-way); the
	 * state is looked at again right before it. */
	cut = off != HARD_OFF;
	hard.on_if_off = true;
	if (a->action == RIG_POWER_OFF)
		rc = cut ? rig_power(res->r, RIG_POWER_OFF, &a->opts) : RIG_OK;
	else
		rc = rig_power(res->r, cut ? RIG_POWER_CYCLE : RIG_POWER_ON,
			       &hard);
	if (rc == RIG_OK)
		res->data = json_pack(
			"{s:s, s:b, s:b, s:b, s:s?}", "action",
			rig_power_action_name(a->action), "graceful", 1,
			"power_cut", cut, "waited", a->opts.wait_ms > 0,
			"state",
			a->action == RIG_POWER_OFF && !cut ? "off"
			: a->opts.wait_ms == 0		   ? NULL
			: a->action == RIG_POWER_OFF	   ? "off"
							   : "on");
	return rc;
}

static rig_status power_job(struct ctx *c, struct result *res, void *arg)
{
	const struct power_args *a = arg;
	rig_power_state st = RIG_POWERSTATE_UNKNOWN;
	rig_status rc;

	if (a->status) {
		rc = rig_power_status(res->r, &st);
		/* Unreachable is the state of an SSH rig that did not answer
		 * (it may be off): no failure, but nobody answered. */
		res->unreachable = rc == RIG_OK && st == RIG_POWERSTATE_UNREACHABLE;
		res->data = rc == RIG_OK
				    ? json_pack("{s:s, s:b}", "state",
						rig_power_state_name(st),
						"reachable", !res->unreachable)
				    : NULL;
		/* Behind a plug, the relay beside the OS's state (a BMC
		 * already answered for the power when the rig has one). */
		if (rc == RIG_OK && st != RIG_POWERSTATE_OFF &&
		    (rig_paths(res->r) & (RIG_PATH_BMC | RIG_PATH_PLUG)) ==
			    RIG_PATH_PLUG) {
			rig_plug_status ps;

			if (rig_plug_status_get(res->r, &ps) == RIG_OK)
				json_object_set_new(res->data, "relay",
						    json_string(ps.relay_on
									? "on"
									: "off"));
		}
		return rc;
	}
	if (a->graceful_s > 0)
		return graceful_job(c, a, res);
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

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("state");

		table_cell(t, state != NULL ? state : "ok");
		table_emit(c, res, t);
		return;
	}
	fprintf(c->out, "%s: %s\n", rig_name(res->r),
		state != NULL ? state : "ok");
}

/* Which path carries each action, in the library's order of preference
 * (for --dry-run). */
static const struct dry_way *power_ways(rig_power_action action, size_t *n)
{
	static const struct dry_way on[] = {
		{RIG_PATH_BMC, "chassis control"},
		{RIG_PATH_PLUG, "smart-plug relay on"},
		{RIG_PATH_WOL, "magic packet"},
	};
	static const struct dry_way hard[] = {
		{RIG_PATH_BMC, "chassis control"},
		{RIG_PATH_PLUG, "smart-plug relay"},
	};
	static const struct dry_way reset[] = {
		{RIG_PATH_BMC, "chassis control"},
	};
	static const struct dry_way soft[] = {
		{RIG_PATH_BMC, "ACPI soft-off by chassis control"},
		{RIG_PATH_SSH, "OS shutdown"},
	};
	static const struct dry_way reboot[] = {
		{RIG_PATH_SSH, "OS reboot"},
	};

	switch (action) {
	case RIG_POWER_ON:
		*n = ARRAY_SIZE(on);
		return on;
	case RIG_POWER_SOFT:
		*n = ARRAY_SIZE(soft);
		return soft;
	case RIG_POWER_REBOOT:
		*n = ARRAY_SIZE(reboot);
		return reboot;
	case RIG_POWER_RESET:
		*n = ARRAY_SIZE(reset);
		return reset;
	default:
		*n = ARRAY_SIZE(hard);
		return hard;
	}
}

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct power_args *a)
{
	static const struct option opts[] = {
		{"wait", optional_argument, NULL, 'w'},
		{"on-if-off", no_argument, NULL, 'o'},
		{"off-time", required_argument, NULL, 't'},
		{"graceful", optional_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool wait = false, off_time = false, graceful = false;
	unsigned long secs = DEFAULT_WAIT_S;
	uint64_t off_s = 0, graceful_s = DEFAULT_GRACEFUL_S;
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
		} else if (opt == 't') {
			/* Tasmota's Delay counts to 360 s at most. */
			if (!rig__duration_parse(optarg, 360, &off_s) ||
			    off_s < 1)
				return usage_error(c, "--off-time wants a duration "
						      "from 1s to 6m (10s, 90s, "
						      "2m), not '%s'", optarg);
			off_time = true;
		} else if (opt == 'g') {
			graceful = true;
			if (optarg != NULL &&
			    (!rig__duration_parse(optarg, 86400, &graceful_s) ||
			     graceful_s < 1))
				return usage_error(c, "--graceful=DURATION wants "
						      "a duration from 1s to 1d "
						      "(120s, 5m), not '%s'",
						   optarg);
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
	if (off_time && (a->status || a->action != RIG_POWER_CYCLE))
		return usage_error(c, "--off-time applies to cycle");
	if (graceful && (a->status || (a->action != RIG_POWER_OFF &&
				       a->action != RIG_POWER_CYCLE)))
		return usage_error(c, "--graceful applies to off and cycle");
	if (graceful) {
		a->graceful_s = (unsigned int)graceful_s;
		c->ssh_twin = true; /* the OS over SSH even beside a BMC */
	}
	if (wait)
		a->opts.wait_ms = (unsigned int)secs * 1000u;
	/* A property of the plug's cycle, given to the rigs as they are
	 * built (command_targets, below). */
	if (off_time)
		c->g.plug_off_time_ms = (unsigned int)off_s * 1000u;
	return EXIT_OK;
}

/* --graceful needs an SSH path for the shutdown and a hard path for the
 * cut on every rig: a usage error before anything is sent. */
static int graceful_ready(struct ctx *c)
{
	for (size_t i = 0; i < c->count; i++) {
		unsigned int p = rig_paths(c->results[i].r);

		if (!(p & RIG_PATH_SSH))
			return usage_error(c, "%s: --graceful needs an SSH path "
					      "(--ssh or ssh = in the inventory) "
					      "for the OS shutdown",
					   rig_name(c->results[i].r));
		if (!(p & (RIG_PATH_BMC | RIG_PATH_PLUG)))
			return usage_error(c, "%s: --graceful needs a BMC or a "
					      "smart plug to cut the power",
					   rig_name(c->results[i].r));
	}
	return EXIT_OK;
}

int cmd_power(struct ctx *c, int argc, char **argv)
{
	struct power_args a;
	int rc;

	/* DCMI's power reading is a reading, not an action: its own path. */
	if (argc > 1 && strcmp(argv[1], "reading") == 0)
		return cmd_power_reading(c, argc - 1, argv + 1);
	/* The restore policy is a BMC setting, not an action (cmd_chassis.c). */
	if (argc > 1 && strcmp(argv[1], "policy") == 0)
		return cmd_power_policy(c, argc - 1, argv + 1);
	rc = parse_args(c, argc, argv, &a);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (!a.status)
		dry_run_prepare(c);
	rc = command_targets(c, a.status ? OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
						  OUT_BIT(OUT_PROMETHEUS)
					: OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	if (!a.status) {
		char what[32], graceful_what[128];
		size_t n;
		const struct dry_way *ways = power_ways(a.action, &n);

		snprintf(what, sizeof(what), "power %s",
			 rig_power_action_name(a.action));
		if (a.graceful_s > 0 && (rc = graceful_ready(c)) != EXIT_OK)
			return rc;
		if (a.graceful_s > 0 && c->g.dry_run) {
			snprintf(graceful_what, sizeof(graceful_what),
				 "shut the OS down over SSH (up to %u s for it to "
				 "stop answering), then power %s",
				 a.graceful_s, rig_power_action_name(a.action));
			return dry_run_output(c, graceful_what, ways, n);
		}
		if (c->g.dry_run)
			return dry_run_output(c, what, ways, n);
		/* Powering on harms nothing: only the others ask. */
		if (a.action != RIG_POWER_ON &&
		    (rc = confirm_action(c, what)) != EXIT_OK)
			return rc;
	}
	c->prom_command = "power status"; /* its --textfile name */
	return run_output(c, power_job, &a, power_table, prom_power);
}

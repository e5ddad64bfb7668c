/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl watchdog: for cron every minute.  A rig whose OS has not answered
 * over SSH for --unreachable, counted from the first run that found it
 * silent, is recovered through its hard path (the BMC, else the smart
 * plug), at most N times per PERIOD; after a recovery it has the boot
 * grace before it counts again.  Exit codes by the monitoring-plugin
 * convention: 0 nothing to do, 1 a rig was recovered, 2 a rig is past
 * --max or has no hard path, 3 could not tell (or a rig was skipped: another
 * run held its lock).
 *
 * The state per rig (STATE_DIR/RIG/watchdog.state) is read and written
 * under a lock (watchdog.lock beside it), atomically, and only after the
 * report was printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "util/timefmt.h"
#include "event_view.h"
#include "rigctl.h"
#include "statefile.h"

enum { WD_OK = 0, WD_WARNING = 1, WD_CRITICAL = 2, WD_UNKNOWN = 3 };

#define WD_DURATION_MAX (3650ull * 86400ull)
#define WD_FOREVER UINT64_MAX
#define WD_KEEP 64 /* recoveries kept in the state file */
/* How long a run waits for a rig's lock held by another run (one that a
 * dead BMC slows) before it skips the rig: two runs over crossing rig
 * lists, each holding one lock and waiting for the other's, must not wait
 * for each other forever, and a cron job must end. */
#define WD_LOCK_WAIT_MS 10000u
#define WD_LOCK_POLL_MS 100u

static const char watchdog_help[] =
	"Usage: rigctl [OPTIONS] watchdog [--unreachable DURATION]\n"
	"                 [--action cycle|reset] [--max N/PERIOD]\n"
	"                 [--boot-grace DURATION] [--off-time DURATION]\n"
	"       rigctl [OPTIONS] watchdog --hold [DURATION]\n"
	"       rigctl [OPTIONS] watchdog --release\n"
	"\n"
	"For cron every minute: recover the selected rigs whose OS has not\n"
	"answered over SSH for DURATION through their hard path (the BMC, else\n"
	"the smart plug).\n"
	"\n"
	"  --unreachable DURATION  silence before a recovery, counted from the\n"
	"                          first run that found the rig silent (10m;\n"
	"                          inventory watchdog_unreachable)\n"
	"  --action cycle|reset    what the BMC does (cycle); reset falls back\n"
	"                          to a cycle where the rig has no BMC\n"
	"  --max N/PERIOD          at most N recoveries per PERIOD per rig, then\n"
	"                          CRITICAL and no more tries (3/1d)\n"
	"  --boot-grace DURATION   after a recovery, how long before the rig's\n"
	"                          silence counts again (5m)\n"
	"  --off-time DURATION     how long a plug cycle leaves the relay open\n"
	"  --hold [DURATION]       leave the selected rigs alone (for DURATION,\n"
	"                          else until --release)\n"
	"  --release               watch them again\n"
	"\n"
	"Rigs that are off, on hold, with watchdog = off in the inventory, or\n"
	"without a hard path are left alone.  Each action is one line on stdout\n"
	"and one syslog line; silent when nothing is done, unless -v.\n"
	"A rig whose lock another run still holds 10 s after this run started\n"
	"is skipped for this run (UNKNOWN).\n"
	"Exit: 0 nothing to do, 1 a rig was recovered, 2 a rig is past --max or\n"
	"has no hard path, 3 could not tell (or a rig was skipped).  Output:\n"
	"-o table, json, nagios.\n";

struct wd_state {
	uint64_t first_silent; /* 0: not silent */
	uint64_t hold_until;   /* 0: no hold; WD_FOREVER: until --release */
	uint64_t recoveries[WD_KEEP];
	size_t nrec;
	uint64_t failures[WD_KEEP]; /* recoveries whose power command failed */
	size_t nfail;
};

struct wd_args {
	uint64_t unreachable_s, grace_s, period_s, hold_s;
	unsigned long max_n;
	bool unreachable_set, reset;
	bool hold, hold_dur, release;
	uint64_t now;
	uint64_t lock_deadline_ms; /* monotonic: one for the whole run */
};

struct wd_rig {
	int lockfd;
	char *path;
	struct wd_state st;
	bool dirty;    /* st to be written */
	int code;      /* WD_* */
	bool acted;    /* a line for stdout and syslog */
	char *line;    /* "RIG: ..." */
	const char *word; /* the JSON state of --hold and --release */
};

static struct wd_rig *wd_rigs;

/* ---------------------------------------------------------------- state */

static void state_read(const char *path, struct wd_state *st)
{
	FILE *f = fopen(path, "r");
	char key[32];
	uint64_t v;

	memset(st, 0, sizeof(*st));
	if (f == NULL)
		return;
	/* "rigctl-watchdog 1", then "KEY VALUE" lines; unknown keys are
	 * skipped so a later version's file still reads. */
	while (fscanf(f, "%31s %" SCNu64, key, &v) == 2) {
		if (strcmp(key, "first_silent") == 0)
			st->first_silent = v;
		else if (strcmp(key, "hold_until") == 0)
			st->hold_until = v;
		else if (strcmp(key, "recovery") == 0 && st->nrec < WD_KEEP)
			st->recoveries[st->nrec++] = v;
		else if (strcmp(key, "failed") == 0 && st->nfail < WD_KEEP)
			st->failures[st->nfail++] = v;
	}
	fclose(f);
}

/* Atomically (statefile.c): a reader sees the old state or the new. */
static int state_write(const char *path, const struct wd_state *st)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (f == NULL)
		return -1;
	fprintf(f, "rigctl-watchdog 1\nfirst_silent %" PRIu64
		   "\nhold_until %" PRIu64 "\n", st->first_silent,
		st->hold_until);
	for (size_t i = 0; i < st->nrec; i++)
		fprintf(f, "recovery %" PRIu64 "\n", st->recoveries[i]);
	for (size_t i = 0; i < st->nfail; i++)
		fprintf(f, "failed %" PRIu64 "\n", st->failures[i]);
	if (fclose(f) != 0) {
		free(text);
		return -1;
	}
	rc = statefile_write(path, text, len, 0600);
	free(text);
	return rc;
}

/* The monotonic clock in ms.  (util.c's rig__now_ms() is the library's,
 * not exported to rigctl, and util.c is not among the util/ files rigctl
 * compiles in again.) */
static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * Lock and read the rig's state: 0; -1 after saying why on stderr; 1 when
 * another run still holds the lock at `deadline` (its path in *lockpath,
 * for the report).  Never a blocking flock(): see WD_LOCK_WAIT_MS.  The
 * deadline is the run's, not the rig's: rigs waited for one after another
 * (a fan-out of a few) must not add up their waits while this run holds
 * the locks it got, or the next cron run skips those in turn.
 */
static int state_open(struct ctx *c, const rig *r, struct wd_rig *w,
		      uint64_t deadline, char **lockpath)
{
	char *lock = NULL;

	w->lockfd = -1;
	*lockpath = NULL;
	if (rig_state_file(c, r, "watchdog.state", &w->path) != 0 ||
	    rig_state_file(c, r, "watchdog.lock", &lock) != 0) {
		free(lock);
		return -1;
	}
	w->lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (w->lockfd < 0) {
		fprintf(stderr, "rigctl: %s: cannot open the lock file %s: %s\n",
			rig_name(r), lock, strerror(errno));
		free(lock);
		return -1;
	}
	while (flock(w->lockfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			fprintf(stderr, "rigctl: %s: cannot lock %s: %s\n",
				rig_name(r), lock, strerror(errno));
			free(lock);
			close(w->lockfd);
			w->lockfd = -1;
			return -1;
		}
		if (mono_ms() >= deadline || signals_stopping()) {
			close(w->lockfd);
			w->lockfd = -1;
			*lockpath = lock;
			return 1;
		}
		nanosleep(&(struct timespec){0, (long)WD_LOCK_POLL_MS * 1000000L},
			  NULL);
	}
	free(lock);
	state_read(w->path, &w->st);
	return 0;
}

/* ---------------------------------------------------------------- a rig */

static void say(struct wd_rig *w, const rig *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct wd_rig *w, const rig *r, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	free(w->line);
	if (asprintf(&w->line, "%s: %s", rig_name(r), text) < 0)
		w->line = NULL;
}

/* Those of the times in t[0..n) within the --max period. */
static size_t within_period(const uint64_t *t, size_t n,
			    const struct wd_args *a)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i] + a->period_s > a->now)
			k++;
	return k;
}

/* Append a time to a list of at most WD_KEEP, the oldest dropped. */
static void add_time(uint64_t *t, size_t *n, uint64_t now)
{
	if (*n == WD_KEEP) {
		memmove(t, t + 1, (WD_KEEP - 1) * sizeof(t[0]));
		(*n)--;
	}
	t[(*n)++] = now;
}

static void add_recovery(struct wd_state *st, uint64_t now)
{
	add_time(st->recoveries, &st->nrec, now);
}

static void silence_over(struct wd_rig *w)
{
	if (w->st.first_silent != 0) {
		w->st.first_silent = 0;
		w->dirty = true;
	}
}

/* Whether the OS answers over SSH: 1 yes, 0 silent, -1 could not tell. */
static int os_answers(rig *r, unsigned int paths, rig_power_state *ps)
{
	rig_os_info info;
	rig_status st;

	st = rig_power_status(r, ps);
	if (st != RIG_OK)
		return -1;
	if (*ps == RIG_POWERSTATE_UNREACHABLE)
		return 0;
	if (*ps != RIG_POWERSTATE_ON)
		return -1;
	if (!(paths & RIG_PATH_BMC))
		return 1; /* a plug's "on" is the OS answering over SSH */
	/* The BMC says the board has power: ask the OS itself. */
	memset(&info, 0, sizeof(info));
	st = rig_os_info_get(r, &info);
	rig_os_info_free(&info);
	if (st == RIG_E_UNREACHABLE)
		return 0;
	return st == RIG_OK || st == RIG_E_PROBE ? 1 : -1;
}

static const char *hard_name(unsigned int paths)
{
	return (paths & RIG_PATH_BMC) ? "the BMC" : "the plug";
}

static void watch_rig(struct ctx *c, struct result *res, struct wd_args *a,
		      struct wd_rig *w, const json_t *spec)
{
	rig *r = res->r;
	unsigned int paths = rig_paths(r);
	const json_t *u = json_object_get(spec, "watchdog_unreachable");
	uint64_t unreachable = a->unreachable_s, elapsed, last = 0;
	size_t tries;
	rig_power_state ps = RIG_POWERSTATE_UNKNOWN;
	rig_power_action act;
	rig_status st;
	int answers;

	if (!a->unreachable_set && json_is_integer(u))
		unreachable = (uint64_t)json_integer_value(u);
	if (json_is_false(json_object_get(spec, "watchdog"))) {
		say(w, r, "watchdog = off in the inventory: left alone");
		return;
	}
	if (w->st.hold_until != 0 && w->st.hold_until > a->now) {
		say(w, r, "on hold: left alone");
		return;
	}
	if (!(paths & RIG_PATH_SSH)) {
		w->code = WD_UNKNOWN;
		w->acted = true;
		say(w, r, "UNKNOWN: no SSH path: nothing tells whether its OS "
			  "answers");
		return;
	}
	if (!(paths & (RIG_PATH_BMC | RIG_PATH_PLUG))) {
		w->code = WD_CRITICAL;
		w->acted = true;
		say(w, r, "CRITICAL: no hard path (a BMC or a smart plug): "
			  "cannot recover it");
		return;
	}
	answers = os_answers(r, paths, &ps);
	if (answers < 0 && ps == RIG_POWERSTATE_OFF) {
		silence_over(w);
		say(w, r, "off by %s: left alone", hard_name(paths));
		return;
	}
	if (answers < 0) {
		w->code = WD_UNKNOWN;
		w->acted = true;
		say(w, r, "UNKNOWN: could not tell: %s", rig_errormsg(r));
		return;
	}
	for (size_t i = 0; i < w->st.nrec; i++)
		if (w->st.recoveries[i] > last)
			last = w->st.recoveries[i];
	if (answers > 0) {
		silence_over(w);
		say(w, r, "answers over SSH");
		return;
	}
	if (last != 0 && last + a->grace_s > a->now) {
		silence_over(w);
		say(w, r, "silent, within the boot grace after its recovery");
		return;
	}
	if (w->st.first_silent == 0) {
		w->st.first_silent = a->now;
		w->dirty = true;
	}
	elapsed = a->now - w->st.first_silent;
	if (elapsed < unreachable) {
		say(w, r, "silent for %" PRIu64 "s of %" PRIu64 "s", elapsed,
		    unreachable);
		return;
	}
	w->acted = true;
	tries = within_period(w->st.recoveries, w->st.nrec, a);
	if (tries >= a->max_n) {
		w->code = WD_CRITICAL;
		/* Attempts, not successes: each counts against --max
		 * (recorded before its power command), and one that failed
		 * did not recover anything. */
		say(w, r, "CRITICAL: silent for %" PRIu64 "s, but %zu recovery "
			  "attempt%s within the --max period (%zu of them "
			  "failed) did not bring it back: not trying again",
		    elapsed, tries, tries == 1 ? "" : "s",
		    within_period(w->st.failures, w->st.nfail, a));
		return;
	}
	act = a->reset && (paths & RIG_PATH_BMC) ? RIG_POWER_RESET
						 : RIG_POWER_CYCLE;
	if (c->g.dry_run) {
		w->code = WD_WARNING;
		say(w, r, "would power %s it through %s (silent for %" PRIu64
			  "s)", rig_power_action_name(act), hard_name(paths),
		    elapsed);
		return;
	}
	/* The recovery on record before the power goes: a watchdog killed
	 * during the cycle (a signal, a cron timeout) must not leave a state
	 * that has the next run cycle the rig again while it boots, nor one
	 * that --max does not count.  No record, no cycle. */
	add_recovery(&w->st, a->now);
	w->st.first_silent = 0;
	w->dirty = true;
	if (state_write(w->path, &w->st) != 0) {
		w->code = WD_UNKNOWN;
		say(w, r, "UNKNOWN: silent for %" PRIu64 "s, but its recovery "
			  "cannot be recorded in %s (%s): not cycling it",
		    elapsed, w->path, strerror(errno));
		w->dirty = false;
		return;
	}
	st = rig_power(r, act, NULL);
	if (st != RIG_OK) {
		/* Written with the report, like any change of state. */
		add_time(w->st.failures, &w->st.nfail, a->now);
		w->dirty = true;
		w->code = WD_CRITICAL;
		say(w, r, "CRITICAL: silent for %" PRIu64 "s; power %s through "
			  "%s failed: %s", elapsed, rig_power_action_name(act),
		    hard_name(paths), rig_errormsg(r));
		return;
	}
	w->code = WD_WARNING;
	say(w, r, "recovered: power %s through %s after %" PRIu64 "s "
		  "without an answer over SSH (%zu of %lu per period)",
	    rig_power_action_name(act), hard_name(paths), elapsed,
	    within_period(w->st.recoveries, w->st.nrec, a), a->max_n);
}

static const char *wd_word(const struct wd_rig *w)
{
	if (w->word != NULL)
		return w->word;
	if (w->line == NULL)
		return "unknown";
	if (strstr(w->line, ": recovered:") != NULL)
		return "recovered";
	if (strstr(w->line, ": would power") != NULL)
		return "would-recover";
	return w->code == WD_CRITICAL  ? "critical"
	       : w->code == WD_UNKNOWN ? "unknown"
	       : strstr(w->line, "left alone") != NULL ? "left-alone"
	       : strstr(w->line, ": silent") != NULL	 ? "silent"
							 : "ok";
}

static rig_status watch_job(struct ctx *c, struct result *res, void *arg)
{
	struct wd_args *a = arg;
	size_t i = (size_t)(res - c->results);
	struct wd_rig *w = &wd_rigs[i];
	const json_t *spec = c->specs != NULL ? c->specs[i] : NULL;
	char *lock = NULL;
	int opened;

	w->code = WD_OK;
	opened = state_open(c, res->r, w, a->lock_deadline_ms, &lock);
	if (opened > 0) {
		/* Another run is at this rig (a recovery, a slow BMC): it
		 * decides; this run neither waits on nor touches it. */
		w->code = WD_UNKNOWN;
		w->acted = true;
		w->word = "locked";
		say(w, res->r, "UNKNOWN: skipped this run: another watchdog run "
			       "still holds its lock %s (waited up to %u s "
			       "from the start of this run)",
		    lock, WD_LOCK_WAIT_MS / 1000u);
		free(lock);
	} else if (opened < 0) {
		w->code = WD_UNKNOWN;
		say(w, res->r, "UNKNOWN: its watchdog state cannot be used");
		w->acted = true;
	} else if (a->hold || a->release) {
		char when[32];

		w->st.hold_until = a->release	 ? 0
				   : a->hold_dur ? a->now + a->hold_s
						 : WD_FOREVER;
		w->st.first_silent = 0;
		w->dirty = true;
		w->acted = true;
		w->word = a->release ? "released" : "held";
		if (a->release)
			say(w, res->r, "%swatched again",
			    c->g.dry_run ? "would be " : "");
		else if (a->hold_dur &&
			 rig__time_rfc3339((int64_t)w->st.hold_until, when,
					   sizeof(when)))
			say(w, res->r, "%son hold until %s",
			    c->g.dry_run ? "would be " : "", when);
		else
			say(w, res->r, "%son hold until --release",
			    c->g.dry_run ? "would be " : "");
	} else {
		watch_rig(c, res, a, w, spec);
	}
	/* A rig skipped for its lock: its state was not read, so its
	 * recoveries are not known (null), not 0. */
	res->data = json_pack("{s:s, s:i, s:b, s:s?, s:o}", "state",
			      wd_word(w), "code", w->code, "dry_run",
			      c->g.dry_run, "text",
			      w->line != NULL
				      ? w->line + strlen(rig_name(res->r)) + 2
				      : NULL,
			      "recoveries",
			      opened > 0 ? json_null()
					 : json_integer((json_int_t)w->st.nrec));
	return RIG_OK;
}

/* ---------------------------------------------------------------- args */

static bool duration(struct ctx *c, const char *opt, const char *v,
		     uint64_t *out)
{
	if (rig__duration_parse(v, WD_DURATION_MAX, out))
		return true;
	usage_error(c, "%s: '%s' is not a duration (90s, 10m, 24h, 7d; a bare "
		       "number is seconds)", opt, v);
	return false;
}

static int parse_args(struct ctx *c, int argc, char **argv, struct wd_args *a)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{"unreachable", required_argument, NULL, 'u'},
		{"action", required_argument, NULL, 'a'},
		{"max", required_argument, NULL, 'm'},
		{"boot-grace", required_argument, NULL, 'g'},
		{"off-time", required_argument, NULL, 't'},
		{"hold", optional_argument, NULL, 'H'},
		{"release", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	bool watch_opt = false;
	uint64_t v;
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(watchdog_help, stdout);
			return -1;
		case 'u':
			if (!duration(c, "--unreachable", optarg,
				      &a->unreachable_s))
				return EXIT_USAGE;
			a->unreachable_set = watch_opt = true;
			break;
		case 'g':
			if (!duration(c, "--boot-grace", optarg, &a->grace_s))
				return EXIT_USAGE;
			watch_opt = true;
			break;
		case 't':
			/* As power cycle's: Tasmota's Delay counts to 360 s. */
			if (!rig__duration_parse(optarg, 360, &v) || v < 1)
				return usage_error(c, "--off-time wants a "
						   "duration from 1s to 6m (10s, "
						   "90s, 2m), not '%s'", optarg);
			c->g.plug_off_time_ms = (unsigned int)v * 1000u;
			watch_opt = true;
			break;
		case 'a':
			if (strcmp(optarg, "cycle") == 0)
				a->reset = false;
			else if (strcmp(optarg, "reset") == 0)
				a->reset = true;
			else
				return usage_error(c, "--action is cycle or "
						   "reset, not '%s'", optarg);
			watch_opt = true;
			break;
		case 'm': {
			const char *slash = strchr(optarg, '/');
			char n[24];

			if (slash == NULL || (size_t)(slash - optarg) >= sizeof(n))
				return usage_error(c, "--max wants N/PERIOD "
						   "(3/1d), not '%s'", optarg);
			memcpy(n, optarg, (size_t)(slash - optarg));
			n[slash - optarg] = '\0';
			if (!parse_uint(n, 1, 1000, &a->max_n))
				return usage_error(c, "--max: '%s' is not a "
						   "count from 1 to 1000", n);
			if (!duration(c, "--max", slash + 1, &a->period_s))
				return EXIT_USAGE;
			if (a->period_s == 0)
				return usage_error(c, "--max: the period must "
						   "not be 0");
			watch_opt = true;
			break;
		}
		case 'H':
			a->hold = true;
			if (optarg != NULL) {
				if (!duration(c, "--hold", optarg, &a->hold_s))
					return EXIT_USAGE;
				a->hold_dur = true;
			}
			break;
		case 'R':
			a->release = true;
			break;
		default:
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	/* --hold 2h as well as --hold=2h */
	if (a->hold && !a->hold_dur && optind < argc) {
		if (!duration(c, "--hold", argv[optind], &a->hold_s))
			return EXIT_USAGE;
		a->hold_dur = true;
		optind++;
	}
	if (optind < argc)
		return usage_error(c, "unexpected '%s'", argv[optind]);
	if (a->hold && a->release)
		return usage_error(c, "--hold and --release exclude each other");
	if ((a->hold || a->release) && watch_opt)
		return usage_error(c, "--%s only changes the hold: it watches "
				   "nothing", a->hold ? "hold" : "release");
	return EXIT_OK;
}

/* ---------------------------------------------------------------- main */

static int worse(int a, int b)
{
	static const int rank[] = {0, 2, 3, 1};

	return rank[a] >= rank[b] ? a : b;
}

static void nagios_line(struct ctx *c, int code)
{
	static const char *const names[] = {"OK", "WARNING", "CRITICAL",
					    "UNKNOWN"};
	size_t n[4] = {0, 0, 0, 0}, silent = 0;
	const char *first = NULL;

	for (size_t i = 0; i < c->count; i++) {
		n[wd_rigs[i].code]++;
		if (wd_rigs[i].st.first_silent != 0)
			silent++;
		if (first == NULL && wd_rigs[i].acted && wd_rigs[i].line != NULL)
			first = wd_rigs[i].line;
	}
	fprintf(c->out,
		"RIGCTL WATCHDOG %s - %s | rigs=%zu recovered=%zu critical=%zu "
		"unknown=%zu silent=%zu\n",
		names[code], first != NULL ? first : "nothing to do", c->count,
		n[WD_WARNING], n[WD_CRITICAL], n[WD_UNKNOWN], silent);
}

int cmd_watchdog(struct ctx *c, int argc, char **argv)
{
	struct wd_args a = {600, 300, 86400, 0, 3, false, false, false, false,
			    false, 0, 0};
	int rc = parse_args(c, argc, argv, &a), code = WD_OK;
	bool out_ok;

	if (rc != EXIT_OK)
		return rc < 0 ? WD_OK : WD_UNKNOWN;
	c->no_csv = true;
	signal(SIGPIPE, SIG_IGN);
	if (a.hold || a.release)
		c->no_secrets = true; /* no rig is contacted */
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
					OUT_BIT(OUT_NAGIOS));
	if (rc != EXIT_OK)
		return WD_UNKNOWN;
	wd_rigs = calloc(c->count + 1, sizeof(*wd_rigs));
	if (wd_rigs == NULL)
		return WD_UNKNOWN;
	a.now = (uint64_t)time(NULL);
	a.lock_deadline_ms = mono_ms() + WD_LOCK_WAIT_MS;
	run_all(c, watch_job, &a);

	for (size_t i = 0; i < c->count; i++)
		code = i == 0 ? wd_rigs[i].code : worse(code, wd_rigs[i].code);
	if (c->g.output == OUT_JSON)
		output_results(c, NULL, NULL);
	else if (c->g.output == OUT_NAGIOS)
		nagios_line(c, code);
	else
		for (size_t i = 0; i < c->count; i++)
			if (wd_rigs[i].line != NULL &&
			    (wd_rigs[i].acted || c->g.verbose > 0))
				fprintf(c->out, "%s\n", wd_rigs[i].line);
	errno = 0;
	out_ok = fflush(c->out) == 0 && !ferror(c->out);
	if (!out_ok) {
		fprintf(stderr, "rigctl: the report could not be written to "
				"stdout (%s)\n",
			errno != 0 ? strerror(errno) : "write error");
		code = worse(code, WD_UNKNOWN);
	}
	if (!c->g.dry_run)
		openlog("rigctl", LOG_PID, LOG_USER);
	for (size_t i = 0; i < c->count; i++) {
		struct wd_rig *w = &wd_rigs[i];

		if (!c->g.dry_run && w->acted && w->line != NULL)
			syslog(w->code == WD_CRITICAL ? LOG_CRIT
			       : w->code == WD_OK     ? LOG_NOTICE
						      : LOG_WARNING,
			       "watchdog: %s", w->line);
		/* A recovery is written even when stdout failed: the rig was
		 * cycled, and --max must count it. */
		if (!c->g.dry_run && w->dirty && w->path != NULL &&
		    (out_ok || w->code == WD_WARNING) &&
		    state_write(w->path, &w->st) != 0) {
			fprintf(stderr, "rigctl: %s: cannot write %s: %s\n",
				rig_name(c->results[i].r), w->path,
				strerror(errno));
			code = worse(code, WD_UNKNOWN);
		}
		if (w->lockfd >= 0)
			close(w->lockfd);
		free(w->path);
		free(w->line);
	}
	if (!c->g.dry_run)
		closelog();
	free(wd_rigs);
	wd_rigs = NULL;
	return code;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl fans [status] | set HEADER=PCT[,...] | auto [HEADER,...] | check |
 * follow: BMC fan control through a fan profile (the library's, chosen by
 * --fan-profile or the inventory's bmc_fan_profile; never probed).
 *
 * follow is the controller: the hottest GPU read over SSH (and BMC
 * temperature sensors named by --sensors) through a curve with hysteresis
 * and a floor, written to the chosen headers.  Whenever it cannot read the
 * GPUs, and on every way out but --once, it hands the headers it touched
 * back to the BMC.  While it runs it holds STATE_DIR/RIG/fans.lock, and
 * STATE_DIR/RIG/fans.state lists the headers it has in manual, so
 * 'fans check' tells a running controller from a dead one and a later
 * run hands a dead one's headers back.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "util/timefmt.h"
#include "check_view.h"
#include "event_view.h"
#include "prom.h"
#include "rigctl.h"
#include "statefile.h"

#define DEFAULT_CURVE "40:30,60:50,70:75,80:100"
#define DEFAULT_INTERVAL_S 5u
#define DEFAULT_HYSTERESIS_C 3.0
#define MAX_HEADERS 16
#define STATE_VERSION 1
/* A --once run (from a timer) counts as a running controller this long
 * after its step, in intervals. */
#define ONCE_GRACE_INTERVALS 3u

enum mon { MON_OK = 0, MON_WARNING, MON_CRITICAL, MON_UNKNOWN };

static const char fans_help[] =
	"Usage: rigctl [OPTIONS] fans [status]\n"
	"       rigctl [OPTIONS] fans set HEADER=PCT[,HEADER=PCT...] | all=PCT\n"
	"       rigctl [OPTIONS] fans auto [HEADER[,HEADER...]]\n"
	"       rigctl [OPTIONS] fans check [--min PCT]\n"
	"       rigctl [OPTIONS] fans follow [--curve T:D,...] [--headers H,...]\n"
	"                 [--sensors GLOB] [--interval DURATION]\n"
	"                 [--hysteresis C] [--min PCT] [--once]\n"
	"\n"
	"BMC fan control through the board's fan profile (--fan-profile NAME\n"
	"or the inventory's bmc_fan_profile; known: asrock-ast2500).  Without\n"
	"one, 'fans' shows the tach readings with mode and duty unknown, and\n"
	"set, auto and follow are exit 5: no fan write is ever sent without a\n"
	"profile, nor to a BMC of another vendor.  Fan commands need an admin\n"
	"session.  Every write is built from a fresh, checked read of all the\n"
	"BMC's slots, and the duty is read back after it.\n"
	"\n"
	"  status             per header: mode (auto, manual, curve), duty, tach\n"
	"  set H=PCT,...      those headers to manual at PCT % (all=PCT: every\n"
	"                     header); the others are left as they are.  Never\n"
	"                     under the floor (--min, fan_min, else the\n"
	"                     profile's minimum)\n"
	"  auto [H,...]       hand the headers (default: all) back to the BMC\n"
	"  check              for cron and monitoring (exit 0 OK, 1 WARNING,\n"
	"                     2 CRITICAL, 3 UNKNOWN): headers in manual with no\n"
	"                     controller running, duties under the floor, tachs\n"
	"                     at 0 RPM while their header is driven\n"
	"  follow             drive the headers from the hottest GPU (over SSH)\n"
	"                     and the BMC temperature sensors named by\n"
	"                     --sensors, until stopped; one rig.  Hands the\n"
	"                     headers back to auto on SIGINT/SIGTERM, on exit,\n"
	"                     and whenever it cannot read the GPUs (resuming\n"
	"                     when they answer again)\n"
	"    --curve T:D,...  degrees C to duty %, linear between points\n"
	"                     (fan_curve; default " DEFAULT_CURVE ")\n"
	"    --headers H,...  the headers to drive (fan_headers; default all)\n"
	"    --sensors GLOB   BMC temperature sensors to add to the input\n"
	"    --interval D     between steps (fan_interval; default 5s)\n"
	"    --hysteresis C   the duty falls only once the temperature is C\n"
	"                     below where it would (fan_hysteresis; default 3)\n"
	"    --min PCT        the floor (fan_min; default the profile's minimum)\n"
	"    --once           one step, then exit leaving the computed duty\n"
	"set and auto take --dry-run; over more than one rig on a terminal they\n"
	"ask first (--yes skips the question).\n"
	"Output: status, set, auto: -o table, json, csv, prometheus (textfile\n"
	"rigctl-fans.prom); check: -o table, json, nagios, prometheus\n"
	"(rigctl_check_state{check=\"fans\"}); follow: a line per change.\n";

enum sub { SUB_STATUS, SUB_SET, SUB_AUTO, SUB_CHECK, SUB_FOLLOW };

struct fans_args {
	enum sub sub;
	char *list; /* set's HEADER=PCT list, auto's header list (copies) */
	const char *curve, *headers, *sensors;
	bool interval_set, hysteresis_set, min_set, once;
	unsigned int interval_s, min;
	double hysteresis;
};

/* ---------------------------------------------------------- profiles */

bool fan_profile_known(const char *name)
{
	rig_fan_profile_info info;

	return rig_fan_profile_get(name, &info) == RIG_OK;
}

/* A whole decimal number of len characters. */
static bool parse_uint_n(const char *s, size_t len, unsigned long *out)
{
	char buf[16];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return parse_uint(buf, 0, 100, out);
}

const char *fan_profiles_text(void)
{
	static char buf[256];
	rig_fan_profile_info info;
	size_t n = 0;

	if (buf[0] != '\0')
		return buf;
	for (size_t i = 0; rig_fan_profile_at(i, &info) == RIG_OK; i++)
		n += (size_t)snprintf(buf + n, n < sizeof(buf) ? sizeof(buf) - n
							       : 0,
				      "%s%s", i > 0 ? ", " : "", info.name);
	return buf;
}

/* ------------------------------------------------ per-rig configuration */

struct fan_cfg {
	const char *profile; /* NULL: none */
	rig_fan_profile_info info;
	const char *headers[MAX_HEADERS];
	size_t nheaders;
	char *headers_buf;
	rig_fan_curve curve;
	unsigned int floor, interval_s;
	double hysteresis;
};

static const char *spec_str(const struct ctx *c, size_t i, const char *key)
{
	return c->specs != NULL
		       ? json_string_value(json_object_get(c->specs[i], key))
		       : NULL;
}

/* The rig's settings: the command line over the inventory over the
 * defaults.  EXIT_OK or EXIT_USAGE after saying why. */
static int rig_cfg(struct ctx *c, size_t i, const struct fans_args *a,
		   struct fan_cfg *f)
{
	const json_t *spec = c->specs != NULL ? c->specs[i] : NULL;
	const char *name = rig_name(c->results[i].r);
	const char *curve, *headers;
	char why[160];

	memset(f, 0, sizeof(*f));
	f->profile = c->g.fan_profile != NULL ? c->g.fan_profile
					      : spec_str(c, i, "fan_profile");
	if (f->profile != NULL &&
	    rig_fan_profile_get(f->profile, &f->info) != RIG_OK) {
		fprintf(stderr, "rigctl: %s: unknown fan profile '%s'\n", name,
			f->profile);
		return EXIT_USAGE;
	}
	curve = a->curve != NULL ? a->curve : spec_str(c, i, "fan_curve");
	if (rig_fan_curve_parse(curve != NULL ? curve : DEFAULT_CURVE,
				&f->curve, why, sizeof(why)) != RIG_OK) {
		fprintf(stderr, "rigctl fans: --curve: %s\n", why);
		return EXIT_USAGE;
	}
	f->floor = f->profile != NULL ? f->info.min_duty : 0;
	if (a->min_set)
		f->floor = a->min;
	else if (json_is_integer(json_object_get(spec, "fan_min")))
		f->floor = (unsigned int)json_integer_value(
			json_object_get(spec, "fan_min"));
	f->interval_s = a->interval_set ? a->interval_s : DEFAULT_INTERVAL_S;
	if (!a->interval_set &&
	    json_is_integer(json_object_get(spec, "fan_interval")))
		f->interval_s = (unsigned int)json_integer_value(
			json_object_get(spec, "fan_interval"));
	f->hysteresis = a->hysteresis_set ? a->hysteresis : DEFAULT_HYSTERESIS_C;
	if (!a->hysteresis_set &&
	    json_is_number(json_object_get(spec, "fan_hysteresis")))
		f->hysteresis = json_number_value(
			json_object_get(spec, "fan_hysteresis"));
	if (f->profile == NULL)
		return EXIT_OK;
	if (f->floor < f->info.min_duty) {
		fprintf(stderr, "rigctl: %s: a floor of %u %% is under fan "
				"profile %s's minimum of %u %%\n", name, f->floor,
			f->profile, f->info.min_duty);
		return EXIT_USAGE;
	}
	/* The headers: --headers, fan_headers, else all of the profile's. */
	headers = a->headers != NULL ? a->headers : spec_str(c, i, "fan_headers");
	if (headers == NULL) {
		for (size_t k = 0; k < f->info.nheaders && k < MAX_HEADERS; k++)
			f->headers[f->nheaders++] = f->info.headers[k];
		return EXIT_OK;
	}
	f->headers_buf = strdup(headers);
	for (char *save = NULL,
		  *t = f->headers_buf != NULL
			       ? strtok_r(f->headers_buf, ", ", &save)
			       : NULL;
	     t != NULL; t = strtok_r(NULL, ", ", &save)) {
		bool known = false;

		for (size_t k = 0; k < f->info.nheaders; k++)
			known |= strcasecmp(f->info.headers[k], t) == 0;
		if (!known || f->nheaders == MAX_HEADERS) {
			fprintf(stderr, "rigctl: %s: fan profile %s has no "
					"header '%s'\n", name, f->profile, t);
			return EXIT_USAGE;
		}
		f->headers[f->nheaders++] = t;
	}
	return f->nheaders > 0 ? EXIT_OK : EXIT_USAGE;
}

static void cfg_free(struct fan_cfg *f)
{
	free(f->headers_buf);
	f->headers_buf = NULL;
}

/* ------------------------------------------------------------ results */

static json_t *fans_json(const char *profile, const rig_fan_list *l)
{
	json_t *hs = json_array();

	for (size_t i = 0; l != NULL && i < l->count; i++) {
		const rig_fan *f = &l->items[i];
		json_t *h = json_pack("{s:s, s:s, s:s}", "name", f->name, "mode",
				      rig_fan_mode_name(f->mode), "tach_state",
				      rig_state_name(f->tach_state));

		json_object_set_new(h, "slot", f->slot >= 0
						       ? json_integer(f->slot)
						       : json_null());
		json_object_set_new(h, "duty", f->has_duty
						       ? json_integer(f->duty)
						       : json_null());
		if (!f->has_duty)
			json_object_set_new(h, "reason",
					    json_string("no fan profile: the "
							"duty is read with one"));
		json_object_set_new(h, "rpm", f->has_rpm ? json_real(f->rpm)
							 : json_null());
		if (f->has_requested) {
			json_object_set_new(h, "requested",
					    json_integer(f->requested));
			json_object_set_new(h, "clamped",
					    json_boolean(f->requested != f->duty));
		}
		json_array_append_new(hs, h);
	}
	return json_pack("{s:s?, s:o}", "profile", profile, "headers", hs);
}

static void fans_table(struct ctx *c, const struct result *res)
{
	json_t *hs = json_object_get(res->data, "headers"), *h;
	struct table *t = c->g.output == OUT_CSV
				  ? TABLE_NEW("header", "mode", "duty", "rpm",
					      "tach_state")
				  : NULL;
	size_t i;

	if (t == NULL) {
		if (!output_first(c, res))
			fputc('\n', c->out);
		fprintf(c->out, "%s:\n  %-8s  %-7s  %7s  %10s\n",
			rig_name(res->r), "HEADER", "MODE", "DUTY", "TACH");
	}
	json_array_foreach(hs, i, h) {
		json_t *d = json_object_get(h, "duty");
		json_t *rpm = json_object_get(h, "rpm");
		json_t *req = json_object_get(h, "requested");
		char duty[16], tach[32];

		if (json_is_integer(d))
			snprintf(duty, sizeof(duty), "%lld %%",
				 (long long)json_integer_value(d));
		else
			snprintf(duty, sizeof(duty), "unknown");
		if (json_is_number(rpm))
			snprintf(tach, sizeof(tach), "%.0f RPM",
				 json_number_value(rpm));
		else
			snprintf(tach, sizeof(tach), "-");
		if (t != NULL) {
			table_cell(t, json_string_value(json_object_get(h, "name")));
			table_cell(t, json_string_value(json_object_get(h, "mode")));
			if (json_is_integer(d))
				table_cellf(t, "%lld",
					    (long long)json_integer_value(d));
			else
				table_cell(t, NULL);
			if (json_is_number(rpm))
				table_cellf(t, "%.0f", json_number_value(rpm));
			else
				table_cell(t, NULL);
			table_cell(t, json_string_value(
					      json_object_get(h, "tach_state")));
			continue;
		}
		fprintf(c->out, "  %-8s  %-7s  %7s  %10s",
			json_string_value(json_object_get(h, "name")),
			json_string_value(json_object_get(h, "mode")), duty,
			tach);
		if (json_is_true(json_object_get(h, "clamped")))
			fprintf(c->out, "  (asked %lld %%: the BMC clamped it)",
				(long long)json_integer_value(req));
		fputc('\n', c->out);
	}
	if (t != NULL)
		table_emit(c, res, t);
}

/* ------------------------------------------------ status, set and auto */

static void forget_state(struct ctx *c, rig *r);

struct job_args {
	const struct fans_args *a;
	struct fan_cfg *cfg; /* per rig */
	rig_fan_setting *set[MAX_HEADERS];
};

static rig_status status_job(struct ctx *c, struct result *res, void *arg)
{
	struct job_args *j = arg;
	struct fan_cfg *f = &j->cfg[res - c->results];
	rig_fans_options o = RIG_FANS_OPTIONS_INIT;
	rig_fan_list *l = NULL;
	rig_status rc;

	o.profile = f->profile;
	switch (j->a->sub) {
	case SUB_SET: {
		rig_fan_setting s[MAX_HEADERS];
		size_t n = 0;
		char *copy = strdup(j->a->list), *save = NULL;

		for (char *t = copy != NULL ? strtok_r(copy, ",", &save) : NULL;
		     t != NULL && n < MAX_HEADERS; t = strtok_r(NULL, ",", &save)) {
			char *eq = strchr(t, '=');
			unsigned int pct = (unsigned int)atoi(eq + 1);

			*eq = '\0';
			if (strcasecmp(t, "all") == 0) {
				for (size_t k = 0; k < f->nheaders &&
						   n < MAX_HEADERS; k++) {
					s[n].header = f->headers[k];
					s[n++].duty = pct;
				}
				continue;
			}
			s[n].header = t;
			s[n++].duty = pct;
		}
		rc = rig_fans_set(res->r, &o, s, n, &l);
		free(copy);
		break;
	}
	case SUB_AUTO: {
		const char *h[MAX_HEADERS];
		size_t n = 0;
		char *copy = j->a->list != NULL ? strdup(j->a->list) : NULL;
		char *save = NULL;

		for (char *t = copy != NULL ? strtok_r(copy, ",", &save) : NULL;
		     t != NULL && n < MAX_HEADERS; t = strtok_r(NULL, ",", &save))
			h[n++] = t;
		rc = rig_fans_auto(res->r, &o, h, n, &l);
		free(copy);
		/* Every header is the BMC's again: a record that a follow
		 * left them in manual is stale now, unless one is running
		 * (it will take them back and say so). */
		if (rc == RIG_OK && n == 0)
			forget_state(c, res->r);
		break;
	}
	default:
		rc = rig_fans_status(res->r, &o, &l);
		break;
	}
	if (l != NULL)
		res->data = fans_json(f->profile, l);
	rig_fan_list_free(l);
	return rc;
}

/* ---------------------------------------------------------- the state */

struct ctl_state {
	bool present;
	long pid;
	bool once;
	uint64_t updated;
	unsigned int interval_s;
	char headers[256];
};

static void state_read(const char *path, struct ctl_state *st)
{
	char key[32], val[256];
	FILE *f = fopen(path, "r");

	memset(st, 0, sizeof(*st));
	if (f == NULL)
		return;
	if (fscanf(f, "rigctl-fans %31s\n", key) != 1) {
		fclose(f);
		return;
	}
	st->present = true;
	while (fscanf(f, "%31s %255s\n", key, val) == 2) {
		if (strcmp(key, "pid") == 0)
			st->pid = strtol(val, NULL, 10);
		else if (strcmp(key, "once") == 0)
			st->once = strcmp(val, "1") == 0;
		else if (strcmp(key, "updated") == 0)
			st->updated = strtoull(val, NULL, 10);
		else if (strcmp(key, "interval") == 0)
			st->interval_s = (unsigned int)strtoul(val, NULL, 10);
		else if (strcmp(key, "headers") == 0)
			snprintf(st->headers, sizeof(st->headers), "%s", val);
	}
	fclose(f);
}

/* Atomically (statefile.c): a reader sees the old state or the new. */
static int state_write(const char *path, const struct ctl_state *st)
{
	char *text = NULL;
	int n, rc;

	n = asprintf(&text, "rigctl-fans %d\npid %ld\nonce %d\nupdated %" PRIu64
			    "\ninterval %u\nheaders %s\n", STATE_VERSION,
		     st->pid, st->once ? 1 : 0, st->updated, st->interval_s,
		     st->headers);
	if (n < 0)
		return -1;
	rc = statefile_write(path, text, (size_t)n, 0600);
	free(text);
	return rc;
}

/* Whether a controller holds the rig's lock now (or ran --once within its
 * grace); *st gets the state file. */
static bool controller_running(struct ctx *c, rig *r, struct ctl_state *st)
{
	char *lock = NULL, *path = NULL;
	bool running = false;
	int fd;

	memset(st, 0, sizeof(*st));
	if (rig_state_file(c, r, "fans.lock", &lock) != 0 ||
	    rig_state_file(c, r, "fans.state", &path) != 0) {
		free(lock);
		free(path);
		return false;
	}
	state_read(path, st);
	fd = open(lock, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK)
			running = true;
		close(fd);
	}
	if (!running && st->present && st->once &&
	    (uint64_t)time(NULL) <=
		    st->updated + (uint64_t)ONCE_GRACE_INTERVALS *
					  (st->interval_s ? st->interval_s : 60))
		running = true;
	free(lock);
	free(path);
	return running;
}

/* Remove the record of headers left in manual when no controller runs. */
static void forget_state(struct ctx *c, rig *r)
{
	struct ctl_state st;
	char *path = NULL;

	if (controller_running(c, r, &st) || !st.present)
		return;
	if (rig_state_file(c, r, "fans.state", &path) == 0)
		unlink(path);
	free(path);
}

/* -------------------------------------------------------------- check */

static const char *const mon_names[] = {"OK", "WARNING", "CRITICAL",
					"UNKNOWN"};
static const char *const mon_states[] = {"ok", "warning", "critical",
					 "unknown"};

static int mon_worse(int a, int b)
{
	static const int rank[] = {0, 2, 3, 1};

	return rank[a] >= rank[b] ? a : b;
}

static void problem(json_t *probs, int *code, int st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(json_t *probs, int *code, int st, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	json_array_append_new(probs, json_pack("{s:s, s:s}", "state",
					       mon_states[st], "text", text));
	*code = mon_worse(*code, st);
}

static rig_status check_job(struct ctx *c, struct result *res, void *arg)
{
	struct job_args *j = arg;
	size_t idx = (size_t)(res - c->results);
	struct fan_cfg *f = &j->cfg[idx];
	rig_fans_options o = RIG_FANS_OPTIONS_INIT;
	rig_fan_list *l = NULL;
	struct ctl_state st;
	json_t *probs;
	bool running;
	int code = MON_OK;
	rig_status rc;

	if (f->profile == NULL) {
		res->config_error = strdup(
			"no fan profile: the modes and duties are read with one "
			"(--fan-profile or the inventory's bmc_fan_profile)");
		return RIG_E_INVALID;
	}
	o.profile = f->profile;
	rc = rig_fans_status(res->r, &o, &l);
	if (rc != RIG_OK)
		return rc;
	running = controller_running(c, res->r, &st);
	probs = json_array();
	for (size_t i = 0; i < l->count; i++) {
		const rig_fan *h = &l->items[i];

		if (h->mode != RIG_FAN_MANUAL)
			continue;
		if (h->duty < f->floor)
			problem(probs, &code, MON_CRITICAL,
				"%s: duty %u %% is under the floor of %u %%",
				h->name, h->duty, f->floor);
		if (!running)
			problem(probs, &code, MON_WARNING,
				"%s: manual at %u %% with no controller running%s",
				h->name, h->duty,
				st.present ? " (fans follow left it so: 'rigctl "
					     "fans auto' hands it back)"
					   : "");
		if (h->has_rpm && h->duty > 0 &&
		    (h->rpm <= 0 || h->tach_state == RIG_STATE_CRITICAL))
			problem(probs, &code, MON_WARNING,
				"%s: the tach reads %.0f RPM at %u %% duty: the "
				"fan does not follow", h->name, h->rpm, h->duty);
	}
	res->data = fans_json(f->profile, l);
	rig_fan_list_free(l);
	json_object_set_new(res->data, "state", json_string(mon_states[code]));
	json_object_set_new(res->data, "code", json_integer(code));
	json_object_set_new(res->data, "controller", json_boolean(running));
	json_object_set_new(res->data, "floor", json_integer(f->floor));
	json_object_set_new(res->data, "problems", probs);
	return RIG_OK;
}

static int check_code(const struct result *res)
{
	const json_t *code = json_object_get(res->data, "code");

	return json_is_integer(code) ? (int)json_integer_value(code)
				     : MON_UNKNOWN;
}

static void check_table(struct ctx *c, const struct result *res)
{
	json_t *probs = json_object_get(res->data, "problems"), *p;
	size_t i;

	if (check_code(res) == MON_OK && c->g.verbose <= 0)
		return;
	fprintf(c->out, "%s: %s\n", rig_name(res->r),
		mon_names[check_code(res)]);
	json_array_foreach(probs, i, p)
		fprintf(c->out, "  %-8s  %s\n",
			json_string_value(json_object_get(p, "state")),
			json_string_value(json_object_get(p, "text")));
}

static void check_nagios_line(struct ctx *c)
{
	int worst = MON_OK;

	for (size_t i = 0; i < c->count; i++)
		worst = mon_worse(worst, check_code(&c->results[i]));
	fprintf(c->out, "RIGCTL FANS %s - ", mon_names[worst]);
	for (size_t i = 0; i < c->count; i++) {
		const struct result *res = &c->results[i];
		json_t *p;
		size_t k, shown = 0;

		fprintf(c->out, "%s%s %s", i > 0 ? ", " : "", rig_name(res->r),
			mon_names[check_code(res)]);
		if (res->data == NULL && json_array_size(res->errors) > 0)
			fprintf(c->out, ": %s",
				json_string_value(json_object_get(
					json_array_get(res->errors, 0),
					"message")));
		json_array_foreach(json_object_get(res->data, "problems"), k, p)
			fprintf(c->out, "%s%s", shown++ == 0 ? ": " : "; ",
				json_string_value(json_object_get(p, "text")));
	}
	fputs(" |", c->out);
	for (size_t i = 0; i < c->count; i++) {
		json_t *h;
		size_t k;

		json_array_foreach(json_object_get(c->results[i].data, "headers"),
				   k, h) {
			char label[128], name[64];

			if (!json_is_integer(json_object_get(h, "duty")))
				continue;
			snprintf(name, sizeof(name), "%s duty",
				 json_string_value(json_object_get(h, "name")));
			nagios_label(rig_name(c->results[i].r), name, label,
				     sizeof(label));
			fprintf(c->out, " %s=%lld%%;;;0;100", label,
				(long long)json_integer_value(
					json_object_get(h, "duty")));
		}
	}
	fputc('\n', c->out);
}

static int check_run(struct ctx *c, struct job_args *j)
{
	int code = -1;

	c->prom_command = "fans check";
	if (output_results(c, check_table, prom_fans_check) != EXIT_OK &&
	    c->g.output == OUT_PROMETHEUS && c->g.textfile_dir != NULL)
		return MON_UNKNOWN;
	if (c->g.output == OUT_NAGIOS)
		check_nagios_line(c);
	fflush(c->out);
	(void)j;
	for (size_t i = 0; i < c->count; i++)
		code = code < 0 ? check_code(&c->results[i])
				: mon_worse(code, check_code(&c->results[i]));
	return code < 0 ? MON_OK : code;
}

/* ------------------------------------------------------------- follow */

static volatile sig_atomic_t follow_stop;
static int follow_wake[2] = {-1, -1};

/* follow's own handlers, replacing rigctl's (which would end the process
 * after a grace period): every signal only asks the loop to stop, so the
 * headers are always handed back first.  A stuck hand-back is bounded by
 * --timeout; systemd's stop timeout and its ExecStopPost are the rest. */
static void follow_signal(int sig)
{
	follow_stop = sig;
	if (follow_wake[1] >= 0)
		(void)!write(follow_wake[1], "!", 1);
}

static void follow_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;

	if (pipe(follow_wake) == 0) {
		for (int i = 0; i < 2; i++)
			(void)fcntl(follow_wake[i], F_SETFD, FD_CLOEXEC);
		(void)fcntl(follow_wake[1], F_SETFL, O_NONBLOCK);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = follow_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		(void)sigaction(sigs[i], &sa, NULL);
}

/* Sleep up to ms, woken early by a signal. */
static void follow_sleep(unsigned int ms)
{
	struct pollfd p = {follow_wake[0], POLLIN, 0};
	struct timespec ts;
	uint64_t end;

	/* The monotonic clock: a step of the wall clock neither skips nor
	 * stretches the interval. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	end = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u + ms;
	while (!follow_stop) {
		uint64_t now;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
		if (now >= end)
			break;
		if (poll(&p, 1, (int)(end - now)) > 0)
			break;
	}
}

struct follower {
	struct ctx *c;
	rig *r;
	const struct fans_args *a;
	struct fan_cfg *f;
	rig_fans_options o;
	char *state_path;
	int lockfd;
	bool in_control;   /* the headers are ours, in manual */
	unsigned int duty; /* what we last wrote */
	rig_fan_step_state step;
	size_t gpus_seen;  /* the most GPU temperatures ever read */
	/* Headers an earlier controller left in manual that could not be
	 * handed back yet: kept in the state file and tried every step. */
	char leftover[256];
	bool leftover_changed;
};

static void say(const struct follower *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const struct follower *w, const char *fmt, ...)
{
	char when[32];
	va_list ap;

	if (!rig__time_rfc3339((int64_t)time(NULL), when, sizeof(when)))
		when[0] = '\0';
	fprintf(w->c->out, "%s %s: ", when, rig_name(w->r));
	va_start(ap, fmt);
	vfprintf(w->c->out, fmt, ap);
	va_end(ap);
	fputc('\n', w->c->out);
	fflush(w->c->out);
}

static void headers_text(const struct fan_cfg *f, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < f->nheaders; i++)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      i > 0 ? "," : "", f->headers[i]);
}

static void error_text(rig *r, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < rig_error_count(r) && n < len; i++) {
		const char *msg = "";

		rig_error_at(r, i, NULL, &msg);
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? "; " : "",
				      msg);
	}
}

/* Hand our headers back to the BMC; true when it took them. */
/* The state file: our headers (when ours) and the leftovers; with
 * neither, none. */
static void record(struct follower *w, bool ours)
{
	struct ctl_state st;

	memset(&st, 0, sizeof(st));
	if (ours)
		headers_text(w->f, st.headers, sizeof(st.headers));
	if (w->leftover[0] != '\0' &&
	    strlen(st.headers) + strlen(w->leftover) + 2 < sizeof(st.headers)) {
		if (st.headers[0] != '\0')
			strcat(st.headers, ",");
		strcat(st.headers, w->leftover);
	}
	w->leftover_changed = false;
	if (st.headers[0] == '\0') {
		unlink(w->state_path);
		return;
	}
	st.present = true;
	st.pid = (long)getpid();
	st.once = w->a->once;
	st.updated = (uint64_t)time(NULL);
	st.interval_s = w->f->interval_s;
	if (state_write(w->state_path, &st) != 0)
		say(w, "cannot write %s: %s", w->state_path, strerror(errno));
}

static bool hand_back(struct follower *w, const char *why)
{
	const char *h[MAX_HEADERS];
	rig_fan_list *l = NULL;
	char err[512];

	for (size_t i = 0; i < w->f->nheaders; i++)
		h[i] = w->f->headers[i];
	if (rig_fans_auto(w->r, &w->o, h, w->f->nheaders, &l) != RIG_OK) {
		error_text(w->r, err, sizeof(err));
		say(w, "could not hand the fans back to the BMC (%s): %s", why,
		    err);
		rig_fan_list_free(l);
		return false;
	}
	rig_fan_list_free(l);
	w->in_control = false;
	memset(&w->step, 0, sizeof(w->step));
	record(w, false);
	say(w, "fans handed back to the BMC (%s)", why);
	return true;
}

/*
 * The input: the hottest GPU over SSH and the named BMC sensors.  false
 * (why) when the GPUs cannot be read: the SSH path failed, a GPU has no
 * reading ("GPU is lost", N/A), or fewer GPUs answer than before.
 */
static bool read_input(struct follower *w, double *hottest, char *why,
		       size_t len)
{
	rig_sensor_list *l = NULL;
	bool have_ssh = (rig_paths(w->r) & RIG_PATH_SSH) != 0;
	size_t gpus = 0, bmc = 0;
	bool ok = true;

	*hottest = -1000;
	(void)rig_sensors_get(w->r, NULL, &l);
	for (size_t i = 0; i < rig_error_count(w->r); i++) {
		rig_path p = RIG_PATH_NONE;
		const char *msg = "";

		rig_error_at(w->r, i, &p, &msg);
		if (p == RIG_PATH_SSH || (p == RIG_PATH_BMC && w->a->sensors)) {
			snprintf(why, len, "%s", msg);
			ok = false;
		}
	}
	for (size_t i = 0; ok && l != NULL && i < l->count; i++) {
		const rig_sensor *s = &l->items[i];

		if (s->type == RIG_SENSOR_GPU && s->unit != NULL &&
		    strcmp(s->unit, "C") == 0) {
			if (!s->has_reading) {
				snprintf(why, len, "%s: %s", s->name,
					 s->reason != NULL ? s->reason
							   : "no reading");
				ok = false;
				break;
			}
			gpus++;
			if (s->reading > *hottest)
				*hottest = s->reading;
		} else if (w->a->sensors != NULL &&
			   s->source == RIG_PATH_BMC &&
			   s->type == RIG_SENSOR_TEMPERATURE && s->has_reading &&
			   fnmatch(w->a->sensors, s->name, FNM_CASEFOLD) == 0) {
			bmc++;
			if (s->reading > *hottest)
				*hottest = s->reading;
		}
	}
	rig_sensor_list_free(l);
	if (ok && have_ssh && gpus < w->gpus_seen) {
		snprintf(why, len, "%zu GPU temperatures, %zu before", gpus,
			 w->gpus_seen);
		ok = false;
	}
	if (ok && gpus + bmc == 0) {
		snprintf(why, len, "no GPU temperature%s",
			 w->a->sensors != NULL ? " and no BMC sensor matches "
						 "--sensors"
					       : "");
		ok = false;
	}
	if (ok && gpus > w->gpus_seen)
		w->gpus_seen = gpus;
	return ok;
}

static void follow_adopt(struct follower *w);

/* One step: EXIT_OK, or EXIT_FAILED when the BMC refused the write. */
static int follow_step(struct follower *w)
{
	rig_fan_setting s[MAX_HEADERS];
	rig_fan_list *l = NULL;
	char why[512];
	double t;
	unsigned int duty;
	bool taking;

	if (w->leftover[0] != '\0')
		follow_adopt(w);
	if (!read_input(w, &t, why, sizeof(why))) {
		struct ctl_state left;

		/* Ours, or left in manual by an earlier run (a --once from a
		 * timer, a controller that died): to the BMC either way. */
		state_read(w->state_path, &left);
		if (w->in_control || left.present) {
			char text[600];

			snprintf(text, sizeof(text),
				 "cannot read the GPU temperatures: %s", why);
			hand_back(w, text);
		} else {
			say(w, "waiting for the GPU temperatures: %s", why);
		}
		return EXIT_OK;
	}
	/* A stop that came during the read: hand back, write nothing. */
	if (follow_stop)
		return EXIT_OK;
	duty = rig_fan_step(&w->f->curve, w->f->hysteresis, w->f->floor, t,
			    &w->step);
	/* The headers we are about to own, recorded before the first write
	 * (a controller killed between the two leaves them findable), and
	 * again whenever what the record says changes.  --once records every
	 * step: its time tells 'fans check' the timer is still running. */
	taking = !w->in_control;
	if (taking || w->a->once || w->leftover_changed)
		record(w, true);
	/* Ours from here on: if the write below fails half-way (duties
	 * written, the read-back lost), every way out hands them back. */
	w->in_control = true;
	for (size_t i = 0; i < w->f->nheaders; i++) {
		s[i].header = w->f->headers[i];
		s[i].duty = duty;
	}
	/* Written every step (read first, so only what differs goes out):
	 * whatever changed the fans meanwhile is put right. */
	if (rig_fans_set(w->r, &w->o, s, w->f->nheaders, &l) != RIG_OK) {
		error_text(w->r, why, sizeof(why));
		say(w, "could not set the fans: %s", why);
		rig_fan_list_free(l);
		hand_back(w, "the write failed");
		return EXIT_FAILED;
	}
	if (taking || duty != w->duty) {
		char hs[256];
		unsigned int got = duty;

		for (size_t i = 0; l != NULL && i < l->count; i++)
			if (l->items[i].has_requested)
				got = l->items[i].duty;
		headers_text(w->f, hs, sizeof(hs));
		say(w, "%.0f C: %s at %u %%%s", t, hs, duty,
		    got != duty ? " (the BMC clamped it)" : "");
	}
	rig_fan_list_free(l);
	w->duty = duty;
	return EXIT_OK;
}

/* Headers an earlier controller (one that died, a --once from a timer) left
 * in manual and that we do not drive: back to the BMC.  A failure keeps
 * them in w->leftover, in our state file, and they are tried again every
 * step. */
static void follow_adopt(struct follower *w)
{
	char list[256], copy[256], err[512];
	const char *h[MAX_HEADERS];
	rig_fan_list *l = NULL;
	size_t n = 0, len = 0;

	if (w->leftover[0] != '\0') {
		snprintf(list, sizeof(list), "%s", w->leftover);
	} else {
		struct ctl_state st;

		state_read(w->state_path, &st);
		if (!st.present)
			return;
		list[0] = '\0';
		for (char *save = NULL, *t = strtok_r(st.headers, ",", &save);
		     t != NULL; t = strtok_r(NULL, ",", &save)) {
			bool ours = false;

			for (size_t i = 0; i < w->f->nheaders; i++)
				ours |= strcasecmp(w->f->headers[i], t) == 0;
			if (!ours && len + strlen(t) + 2 < sizeof(list))
				len += (size_t)snprintf(list + len,
							sizeof(list) - len,
							"%s%s", len ? "," : "",
							t);
		}
	}
	if (list[0] == '\0')
		return;
	snprintf(copy, sizeof(copy), "%s", list);
	for (char *save = NULL, *t = strtok_r(copy, ",", &save);
	     t != NULL && n < MAX_HEADERS; t = strtok_r(NULL, ",", &save))
		h[n++] = t;
	if (rig_fans_auto(w->r, &w->o, h, n, &l) == RIG_OK) {
		say(w, "handed back %s, which an earlier controller left in "
		       "manual", list);
		w->leftover_changed = w->leftover[0] != '\0';
		w->leftover[0] = '\0';
	} else {
		error_text(w->r, err, sizeof(err));
		if (strcmp(w->leftover, list) != 0) {
			say(w, "could not hand back %s, which an earlier "
			       "controller left in manual (%s): trying again "
			       "every step", list, err);
			snprintf(w->leftover, sizeof(w->leftover), "%s", list);
			w->leftover_changed = true;
		}
	}
	rig_fan_list_free(l);
}

static int follow_run(struct ctx *c, const struct fans_args *a,
		      struct fan_cfg *f)
{
	struct follower w;
	char *lock = NULL;
	int rc = EXIT_OK;

	memset(&w, 0, sizeof(w));
	w.c = c;
	w.r = c->results[0].r;
	w.a = a;
	w.f = f;
	w.lockfd = -1;
	rig_fans_options_init(&w.o, RIG_FANS_OPTIONS_VERSION);
	w.o.profile = f->profile;
	/* Each step has just read every sensor for its input. */
	w.o.skip_tachs = true;
	if (rig_state_file(c, w.r, "fans.state", &w.state_path) != 0 ||
	    rig_state_file(c, w.r, "fans.lock", &lock) != 0) {
		free(lock);
		free(w.state_path);
		return EXIT_FAILED;
	}
	w.lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	/* A 'fans check' holds it for a moment: try for a few seconds. */
	for (int i = 0; w.lockfd >= 0 && i < 40; i++) {
		if (flock(w.lockfd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (i == 39) {
			fprintf(stderr, "rigctl: %s: another 'fans follow' "
					"drives this rig's fans (%s is locked)\n",
				rig_name(w.r), lock);
			close(w.lockfd);
			free(lock);
			free(w.state_path);
			return EXIT_FAILED;
		}
		usleep(50000);
	}
	if (w.lockfd < 0) {
		fprintf(stderr, "rigctl: %s: cannot open %s: %s\n",
			rig_name(w.r), lock, strerror(errno));
		free(lock);
		free(w.state_path);
		return EXIT_FAILED;
	}
	free(lock);
	follow_signals();
	follow_adopt(&w);
	for (;;) {
		rc = follow_step(&w);
		if (a->once || follow_stop)
			break;
		follow_sleep(f->interval_s * 1000u);
		if (follow_stop)
			break;
	}
	if (a->once && w.in_control) {
		/* A timer's step: the duty stays; the state file says when. */
	} else if (w.in_control) {
		char why[64];

		if (follow_stop)
			snprintf(why, sizeof(why), "stopped by %s",
				 follow_stop == SIGINT	  ? "SIGINT"
				 : follow_stop == SIGTERM ? "SIGTERM"
							  : "SIGHUP");
		else
			snprintf(why, sizeof(why), "exiting");
		if (!hand_back(&w, why))
			rc = EXIT_FAILED;
	}
	close(w.lockfd);
	free(w.state_path);
	return rc;
}

/* ---------------------------------------------------------- the command */

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct fans_args *a)
{
	static const struct option opts[] = {
		{"curve", required_argument, NULL, 'c'},
		{"headers", required_argument, NULL, 'H'},
		{"sensors", required_argument, NULL, 's'},
		{"interval", required_argument, NULL, 'i'},
		{"hysteresis", required_argument, NULL, 'y'},
		{"min", required_argument, NULL, 'm'},
		{"once", no_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *sub;
	unsigned long v;
	uint64_t secs;
	char *end;
	int opt, rest;

	memset(a, 0, sizeof(*a));
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(fans_help, stdout);
			return -1;
		case 'c':
			a->curve = optarg;
			break;
		case 'H':
			a->headers = optarg;
			break;
		case 's':
			a->sensors = optarg;
			break;
		case 'i':
			if (!rig__duration_parse(optarg, 3600, &secs) || secs == 0)
				return usage_error(c, "--interval wants a "
						      "duration from 1s to 1h "
						      "(5s, 1m), not '%s'",
						   optarg);
			a->interval_s = (unsigned int)secs;
			a->interval_set = true;
			break;
		case 'y':
			a->hysteresis = strtod(optarg, &end);
			if (end == optarg || *end != '\0' ||
			    !(a->hysteresis >= 0 && a->hysteresis <= 30))
				return usage_error(c, "--hysteresis wants degrees "
						      "from 0 to 30, not '%s'",
						   optarg);
			a->hysteresis_set = true;
			break;
		case 'm':
			if (!parse_uint(optarg, 0, 100, &v))
				return usage_error(c, "--min wants a percentage "
						      "from 0 to 100, not '%s'",
						   optarg);
			a->min = (unsigned int)v;
			a->min_set = true;
			break;
		case 'o':
			a->once = true;
			break;
		default:
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	sub = optind < argc ? argv[optind] : "status";
	rest = optind < argc ? argc - optind - 1 : 0;
	if (strcmp(sub, "status") == 0) {
		a->sub = SUB_STATUS;
	} else if (strcmp(sub, "set") == 0) {
		a->sub = SUB_SET;
		if (rest != 1)
			return usage_error(c, "set wants one HEADER=PCT[,...] "
					      "list (or all=PCT)");
		a->list = argv[optind + 1];
		if (a->list[0] == '\0')
			return usage_error(c, "set wants HEADER=PCT[,...]");
		for (char *p = a->list; *p != '\0';) {
			size_t n = strcspn(p, ",");
			char *eq = memchr(p, '=', n);

			if (eq == NULL || eq == p || !parse_uint_n(eq + 1,
					       (size_t)(p + n - eq - 1), &v) ||
			    v > 100)
				return usage_error(c, "'%.*s' is not HEADER=PCT "
						      "(PCT 0 to 100)", (int)n,
						   p);
			p += n;
			if (*p == ',')
				p++;
		}
	} else if (strcmp(sub, "auto") == 0) {
		a->sub = SUB_AUTO;
		if (rest > 1)
			return usage_error(c, "auto takes one HEADER[,...] list");
		a->list = rest == 1 ? argv[optind + 1] : NULL;
		if (a->list != NULL && strspn(a->list, ", ") == strlen(a->list))
			return usage_error(c, "auto wants HEADER[,...], or "
					      "nothing for every header");
	} else if (strcmp(sub, "check") == 0) {
		a->sub = SUB_CHECK;
	} else if (strcmp(sub, "follow") == 0) {
		a->sub = SUB_FOLLOW;
	} else {
		return usage_error(c, "unknown subcommand '%s' (status, set, "
				      "auto, check, follow)", sub);
	}
	if ((a->sub == SUB_CHECK || a->sub == SUB_FOLLOW) && rest > 0)
		return usage_error(c, "unexpected '%s'", argv[optind + 1]);
	if (a->sub != SUB_FOLLOW &&
	    (a->curve || a->headers || a->sensors || a->interval_set ||
	     a->hysteresis_set || a->once))
		return usage_error(c, "--curve, --headers, --sensors, "
				      "--interval, --hysteresis and --once are "
				      "follow's");
	if (a->min_set && a->sub != SUB_FOLLOW && a->sub != SUB_SET &&
	    a->sub != SUB_CHECK)
		return usage_error(c, "--min applies to set, check and follow");
	if (a->sub == SUB_STATUS && rest > 0)
		return usage_error(c, "unexpected '%s'", argv[optind + 1]);
	return EXIT_OK;
}

/* Every rig of the selection has a profile, else exit 5 naming it. */
static int need_profiles(struct ctx *c, const struct fan_cfg *cfg,
			 const char *what)
{
	int rc = EXIT_OK;

	for (size_t i = 0; i < c->count; i++)
		if (cfg[i].profile == NULL) {
			fprintf(stderr, "rigctl: %s: %s needs the BMC's fan "
					"profile, and none is named: give "
					"--fan-profile NAME or the inventory's "
					"bmc_fan_profile (known: %s); no fan "
					"write is sent without one\n",
				rig_name(c->results[i].r), what,
				fan_profiles_text());
			rc = EXIT_UNSUPPORTED;
		}
	return rc;
}

/* set's duties against each rig's floor, before anything is sent. */
static int check_floor(struct ctx *c, const struct fans_args *a,
		       const struct fan_cfg *cfg)
{
	for (size_t i = 0; i < c->count; i++)
		for (const char *p = a->list; *p != '\0';) {
			size_t n = strcspn(p, ",");
			const char *eq = memchr(p, '=', n);
			unsigned int pct = (unsigned int)atoi(eq + 1);

			if (pct < cfg[i].floor) {
				fprintf(stderr, "rigctl: %s: %.*s is under the "
						"floor of %u %% (--min or the "
						"inventory's fan_min lower it, "
						"down to the profile's "
						"minimum)\n",
					rig_name(c->results[i].r), (int)n, p,
					cfg[i].floor);
				return EXIT_USAGE;
			}
			p += n;
			if (*p == ',')
				p++;
		}
	return EXIT_OK;
}

int cmd_fans(struct ctx *c, int argc, char **argv)
{
	static const struct dry_way way[] = {
		{RIG_PATH_BMC, "fan profile's duty and mode writes after a read "
			       "of every slot"},
	};
	struct fans_args a;
	struct job_args j;
	struct fan_cfg *cfg = NULL;
	unsigned int formats;
	int rc;

	rc = parse_args(c, argc, argv, &a);
	if (rc != EXIT_OK)
		return rc < 0		      ? EXIT_OK
		       : a.sub == SUB_CHECK ? MON_UNKNOWN
					    : rc;
	switch (a.sub) {
	case SUB_CHECK:
		formats = OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
			  OUT_BIT(OUT_NAGIOS) | OUT_BIT(OUT_PROMETHEUS);
		c->no_csv = true;
		break;
	case SUB_FOLLOW:
		formats = OUT_BIT(OUT_TABLE);
		c->no_csv = true;
		break;
	default:
		formats = OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
			  OUT_BIT(OUT_PROMETHEUS);
		break;
	}
	if (a.sub == SUB_SET || a.sub == SUB_AUTO || a.sub == SUB_FOLLOW)
		dry_run_prepare(c);
	if (a.sub == SUB_CHECK)
		c->prom_command = "fans check";
	rc = command_targets(c, formats);
	if (rc != EXIT_OK)
		return a.sub == SUB_CHECK ? MON_UNKNOWN : rc;
	cfg = calloc(c->count + 1, sizeof(*cfg));
	if (cfg == NULL)
		return EXIT_FAILED;
	for (size_t i = 0; i < c->count && rc == EXIT_OK; i++)
		rc = rig_cfg(c, i, &a, &cfg[i]);
	if (rc == EXIT_OK && (a.sub == SUB_SET || a.sub == SUB_AUTO ||
			      a.sub == SUB_FOLLOW))
		rc = need_profiles(c, cfg, a.sub == SUB_SET    ? "fans set"
					   : a.sub == SUB_AUTO ? "fans auto"
							       : "fans follow");
	if (rc == EXIT_OK && a.sub == SUB_SET)
		rc = check_floor(c, &a, cfg);
	if (rc == EXIT_OK && a.sub == SUB_FOLLOW && c->count != 1)
		rc = usage_error(c, "follow drives one rig, not %zu: run one "
				    "per rig (examples/rigctl-fans-follow@."
				    "service)", c->count);
	if (rc == EXIT_OK && a.sub == SUB_FOLLOW &&
	    !(rig_paths(c->results[0].r) & RIG_PATH_BMC)) {
		fprintf(stderr, "rigctl: %s: fans follow needs a BMC (-H) to "
				"drive the fans\n", rig_name(c->results[0].r));
		rc = EXIT_UNSUPPORTED;
	}
	if (rc == EXIT_OK && a.sub == SUB_FOLLOW && a.sensors == NULL &&
	    !(rig_paths(c->results[0].r) & RIG_PATH_SSH)) {
		fprintf(stderr, "rigctl: %s: fans follow reads the GPU "
				"temperatures over SSH: give the rig an SSH path "
				"(--ssh), or name BMC temperature sensors with "
				"--sensors\n", rig_name(c->results[0].r));
		rc = EXIT_UNSUPPORTED;
	}
	if (rc != EXIT_OK) {
		/* A check's usage and configuration errors are UNKNOWN. */
		if (a.sub == SUB_CHECK)
			rc = MON_UNKNOWN;
		goto out;
	}
	j.a = &a;
	j.cfg = cfg;
	switch (a.sub) {
	case SUB_SET:
	case SUB_AUTO: {
		char what[512];

		if (a.sub == SUB_SET)
			snprintf(what, sizeof(what), "set the fans %s (manual)",
				 a.list);
		else
			snprintf(what, sizeof(what), "hand the fans %s back to "
				 "the BMC", a.list != NULL ? a.list : "(all)");
		if (c->g.dry_run) {
			rc = dry_run_output(c, what, way, 1);
			break;
		}
		rc = confirm_action(c, a.sub == SUB_SET ? "set the fans of"
							: "hand back the fans "
							  "of");
		if (rc == EXIT_OK)
			rc = run_output(c, status_job, &j, fans_table, prom_fans);
		break;
	}
	case SUB_CHECK:
		run_all(c, check_job, &j);
		rc = check_run(c, &j);
		break;
	case SUB_FOLLOW:
		if (c->g.dry_run) {
			rc = dry_run_output(c, "drive the fans from the GPU "
					       "temperatures (fans follow)",
					    way, 1);
			break;
		}
		rc = follow_run(c, &a, &cfg[0]);
		break;
	default:
		rc = run_output(c, status_job, &j, fans_table, prom_fans);
		break;
	}
out:
	for (size_t i = 0; i < c->count; i++)
		cfg_free(&cfg[i]);
	free(cfg);
	return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running a job over every rig, and printing results: JSON envelope or
 * the command's table. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rigctl.h"

struct job {
	struct ctx *c;
	rig_job_fn fn;
	void *arg;
	atomic_size_t done;
};

/* A fan-out that takes more than a second shows how far it got, on a
 * terminal only, so pipes and cron mail stay clean. */
#define PROGRESS_AFTER_MS 1000
#define PROGRESS_EVERY_MS 250

struct progress {
	struct job *job;
	pthread_mutex_t lock;
	pthread_cond_t finished_cv;
	bool finished;
	bool shown;
};

static void *progress_thread(void *arg)
{
	struct progress *p = arg;
	struct timespec until;
	long wait_ms = PROGRESS_AFTER_MS;

	pthread_mutex_lock(&p->lock);
	while (!p->finished) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&p->finished_cv, &p->lock, &until) == 0)
			continue;
		if (p->finished)
			break;
		fprintf(stderr, "\rrigctl: %zu/%zu rigs done",
			atomic_load(&p->job->done), p->job->c->count);
		p->shown = true;
		wait_ms = PROGRESS_EVERY_MS;
	}
	if (p->shown)
		fputs("\r\033[K", stderr);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* One error as {path, code, message[, hint]}: the library's message with
 * rigctl's advice for its hint after it, so every output (table, JSON,
 * nagios) gives the same remedy. */
static json_t *error_json(rig *r, size_t i)
{
	rig_path path = RIG_PATH_NONE;
	const char *msg = "";
	rig_status st = rig_error_at(r, i, &path, &msg);
	rig_hint hint = rig_error_hint_at(r, i);
	const char *advice = hint_advice(hint);
	char *text = NULL;
	json_t *e;

	if (advice != NULL && asprintf(&text, "%s; %s", msg, advice) < 0)
		text = NULL;
	e = json_pack("{s:s?, s:i, s:s}", "path",
		      path == RIG_PATH_NONE ? NULL : rig_path_name(path), "code",
		      exit_code_of(st), "message", text != NULL ? text : msg);
	free(text);
	if (e != NULL && hint != RIG_HINT_NONE)
		json_object_set_new(e, "hint", json_string(rig_hint_name(hint)));
	return e;
}

static json_t *errors_of(rig *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < rig_error_count(r); i++)
		json_array_append_new(arr, error_json(r, i));
	return arr;
}

static void one_rig(rig *r, size_t index, void *user)
{
	struct job *j = user;
	struct result *res = &j->c->results[index];

	(void)r;
	signals_job(1);
	if (signals_stopping())
		res->status = RIG_E_INTERNAL; /* interrupted: not started */
	else
		res->status = j->fn(j->c, res, j->arg);
	res->errors = errors_of(res->r);
	signals_job(-1);
	atomic_fetch_add(&j->done, 1);
}

void run_all(struct ctx *c, rig_job_fn fn, void *arg)
{
	struct job j = {.c = c, .fn = fn, .arg = arg};
	struct progress p = {.job = &j};
	rig **rigs = calloc(c->count, sizeof(*rigs));
	pthread_t tid;
	bool show = c->count > 1 && c->g.verbose >= 0 && isatty(STDERR_FILENO);

	if (rigs == NULL) {
		for (size_t i = 0; i < c->count; i++)
			c->results[i].status = RIG_E_NOMEM;
		return;
	}
	for (size_t i = 0; i < c->count; i++)
		rigs[i] = c->results[i].r;
	atomic_init(&j.done, 0);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.finished_cv, NULL);
	if (show && pthread_create(&tid, NULL, progress_thread, &p) != 0)
		show = false;
	if (rig_fanout(rigs, c->count, c->g.fanout, one_rig, &j) != RIG_OK)
		for (size_t i = 0; i < c->count; i++)
			c->results[i].status = RIG_E_INTERNAL;
	if (show) {
		pthread_mutex_lock(&p.lock);
		p.finished = true;
		pthread_cond_signal(&p.finished_cv);
		pthread_mutex_unlock(&p.lock);
		pthread_join(tid, NULL);
	}
	pthread_cond_destroy(&p.finished_cv);
	pthread_mutex_destroy(&p.lock);
	free(rigs);
}

static int print_json(struct ctx *c)
{
	json_t *rigs = json_array();
	json_t *top = json_pack("{s:s, s:o}", "schema", "rigctl/1", "rigs", rigs);

	for (size_t i = 0; i < c->count; i++) {
		const struct result *res = &c->results[i];
		json_t *o = json_pack("{s:s, s:b, s:O}", "rig", rig_name(res->r),
				      "ok", res->status == RIG_OK, "errors",
				      res->errors != NULL ? res->errors
							  : json_array());

		json_object_set(o, c->cmd->noun,
				res->data != NULL ? res->data : json_null());
		json_array_append_new(rigs, o);
	}
	/* 15 significant digits: 3.3 V prints as 3.3, not as the
	 * 3.2999999999999998 that jansson's default 17 digits show. */
	json_dumpf(top, c->out,
		   JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	fputc('\n', c->out);
	json_decref(top);
	return EXIT_OK;
}

static void print_errors(struct ctx *c, const struct result *res)
{
	size_t i;
	json_t *e;

	json_array_foreach(res->errors, i, e) {
		const char *msg = json_string_value(json_object_get(e, "message"));
		const char *name = rig_name(res->r);
		size_t n = strlen(name);

		/* Library messages often name the rig already. */
		if (msg != NULL && strncmp(msg, name, n) == 0 && msg[n] == ':')
			fprintf(c->err, "rigctl: %s\n", msg);
		else
			fprintf(c->err, "rigctl: %s: %s\n", name, msg);
	}
}

const char *prom_label(const char *value, char *buf, size_t len)
{
	size_t o = 0;

	for (const char *p = value; *p != '\0' && o + 3 < len; p++) {
		if (*p == '\\' || *p == '"' || *p == '\n') {
			buf[o++] = '\\';
			buf[o++] = *p == '\n' ? 'n' : *p;
		} else {
			buf[o++] = *p;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* node_exporter reads *.prom files whenever it likes: write a temporary
 * file beside the target and rename it, so it never sees half a file. */
static int print_prometheus(struct ctx *c, prom_fn prom)
{
	char path[4096], tmp[4200];
	FILE *f;
	int fd;

	if (c->g.textfile_dir == NULL) {
		prom(c, c->out);
		return EXIT_OK;
	}
	snprintf(path, sizeof(path), "%s/rigctl-%s.prom", c->g.textfile_dir,
		 c->cmd->name);
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "rigctl: cannot write in %s: %s\n",
			c->g.textfile_dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_FAILED;
	}
	prom(c, f);
	fchmod(fd, 0644);
	if (fflush(f) != 0 || fsync(fd) != 0 || fclose(f) != 0 ||
	    rename(tmp, path) != 0) {
		fprintf(stderr, "rigctl: cannot write %s: %s\n", path,
			strerror(errno));
		unlink(tmp);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

int output_results(struct ctx *c, table_fn table, prom_fn prom)
{
	bool consolidating = c->g.consolidate && c->g.output == OUT_TABLE &&
			     c->count > 1;
	int code = -1;

	if (c->g.output == OUT_JSON)
		print_json(c);
	bool unwritten = c->g.output == OUT_PROMETHEUS && prom != NULL &&
			 print_prometheus(c, prom) != EXIT_OK;

	if (consolidating)
		output_consolidated(c, table);
	for (size_t i = 0; i < c->count; i++) {
		const struct result *res = &c->results[i];

		if (!consolidating && c->g.output == OUT_TABLE && res->data != NULL)
			table(c, res);
		print_errors(c, res);
		code = exit_code_fold(code, exit_code_of(res->status));
	}
	fflush(c->out);
	/* Results that could not be written are lost whatever the rigs
	 * said: the monitoring system must see the failure. */
	if (unwritten)
		return EXIT_FAILED;
	return code < 0 ? EXIT_OK : code;
}

int usage_error(const struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rigctl %s: ", c->cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'rigctl %s --help'.\n", c->cmd->name);
	return EXIT_USAGE;
}

int output_allowed(const struct ctx *c, unsigned int formats)
{
	static const char *const names[] = {"table", "json", "prometheus",
					    "nagios"};

	if (formats & OUT_BIT(c->g.output))
		return EXIT_OK;
	return usage_error(c, "-o %s is not available for this command",
			   names[c->g.output]);
}

const char *paint(const struct ctx *c, const char *state)
{
	if (!c->color || state == NULL)
		return "";
	if (strcmp(state, "ok") == 0)
		return "\033[32m";
	if (strcmp(state, "warning") == 0)
		return "\033[33m";
	if (strcmp(state, "critical") == 0)
		return "\033[1;31m";
	return "\033[2m";
}

const char *paint_end(const struct ctx *c)
{
	return c->color ? "\033[0m" : "";
}

int command_targets(struct ctx *c, unsigned int formats)
{
	int rc = output_allowed(c, formats);

	return rc == EXIT_OK ? targets_build(c) : rc;
}

int command_no_args(const struct ctx *c, int argc, char **argv,
		    const char *help)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(help, stdout);
		return -1;
	}
	if (argc > 1)
		return usage_error(c, "unexpected argument '%s'", argv[1]);
	return EXIT_OK;
}

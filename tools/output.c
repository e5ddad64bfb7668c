/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running a job over every rig, and printing results: JSON envelope or
 * the command's table. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prom.h"
#include "rigctl.h"

/* One run over the rigs.  Workers finish in any order; each marks its rig
 * done under the output lock, and with a streaming table the worker that
 * completes the selection's next rig prints it (and any finished ones after
 * it), so nothing waits for the slowest rig to be printed but the rigs
 * selected after it.  The same lock serialises stdout and the progress
 * line on stderr. */
struct job {
	struct ctx *c;
	rig_job_fn fn;
	void *arg;
	table_fn stream; /* NULL: everything prints after the run */
	pthread_mutex_t lock;
	bool *finished;
	size_t cursor; /* the first rig not yet printed, in selection order */
	struct progress *progress;
};

static void print_one(struct ctx *c, table_fn table, struct result *res);

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
	else if (res->config_error != NULL)
		res->status = RIG_E_INVALID; /* not contacted: see target.c */
	else
		res->status = j->fn(j->c, res, j->arg);
	res->errors = errors_of(res->r);
	if (res->config_error != NULL && res->errors != NULL)
		json_array_append_new(res->errors,
				      json_pack("{s:n, s:i, s:s}", "path", "code",
						EXIT_USAGE, "message",
						res->config_error));
	signals_job(-1);
	pthread_mutex_lock(&j->lock);
	j->finished[index] = true;
	if (j->stream != NULL && j->c->g.order_finish) {
		progress_clear(j->progress);
		print_one(j->c, j->stream, res);
	}
	while (j->stream != NULL && !j->c->g.order_finish &&
	       j->cursor < j->c->count && j->finished[j->cursor]) {
		progress_clear(j->progress);
		print_one(j->c, j->stream, &j->c->results[j->cursor++]);
	}
	pthread_mutex_unlock(&j->lock);
}

/*
 * For a command with on_interrupt: waits for the first signal (or for the
 * run's end, on done), then under the output lock lets the command report
 * what finished, and exits: the rigs in flight are not waited for.
 */
struct watch {
	struct job *j;
	int done[2];
};

static void *watch_signals(void *arg)
{
	struct watch *w = arg;
	struct pollfd p[2] = {{signals_fd(), POLLIN, 0}, {w->done[0], POLLIN, 0}};
	struct ctx *c = w->j->c;
	int code;

	while (poll(p, 2, -1) < 0)
		;
	if (!(p[0].revents & POLLIN))
		return NULL;
	signals_grace_off();
	pthread_mutex_lock(&w->j->lock);
	progress_clear(w->j->progress);
	code = c->on_interrupt(c, w->j->finished, c->interrupt_arg);
	fflush(stdout);
	fflush(stderr);
	_exit(signals_exit_code(code));
}

static void run(struct ctx *c, rig_job_fn fn, void *arg, table_fn stream)
{
	struct job j = {.c = c, .fn = fn, .arg = arg, .stream = stream};
	rig **rigs = calloc(c->count, sizeof(*rigs));
	struct watch w = {&j, {-1, -1}};
	pthread_t watcher;
	bool watching = false;

	j.finished = calloc(c->count, sizeof(*j.finished));
	if (rigs == NULL || j.finished == NULL) {
		for (size_t i = 0; i < c->count; i++)
			c->results[i].status = RIG_E_NOMEM;
		free(rigs);
		free(j.finished);
		return;
	}
	for (size_t i = 0; i < c->count; i++)
		rigs[i] = c->results[i].r;
	pthread_mutex_init(&j.lock, NULL);
	j.progress = progress_start(c, &j.lock, j.finished);
	if (c->on_interrupt != NULL && signals_fd() >= 0 && pipe(w.done) == 0)
		watching = pthread_create(&watcher, NULL, watch_signals, &w) == 0;
	if (rig_fanout(rigs, c->count, c->g.fanout, one_rig, &j) != RIG_OK)
		for (size_t i = 0; i < c->count; i++)
			c->results[i].status = RIG_E_INTERNAL;
	if (watching) {
		(void)!write(w.done[1], "", 1);
		pthread_join(watcher, NULL);
	}
	if (w.done[0] >= 0) {
		close(w.done[0]);
		close(w.done[1]);
	}
	/* Takes the progress line off before anything else is printed. */
	progress_stop(j.progress);
	pthread_mutex_destroy(&j.lock);
	free(j.finished);
	free(rigs);
}

void run_all(struct ctx *c, rig_job_fn fn, void *arg)
{
	run(c, fn, arg, NULL);
}

/* Whether results can go out while the rigs run: table and csv only, and
 * not when --consolidate needs every result before it can group them. */
static bool consolidating(const struct ctx *c)
{
	return c->g.consolidate && c->g.output == OUT_TABLE && c->count > 1;
}

int run_output(struct ctx *c, rig_job_fn fn, void *arg, table_fn table,
	       prom_fn prom)
{
	bool stream = (c->g.output == OUT_TABLE || c->g.output == OUT_CSV) &&
		      !consolidating(c);

	run(c, fn, arg, stream ? table : NULL);
	return output_results(c, table, prom);
}

bool output_first(const struct ctx *c, const struct result *res)
{
	(void)res;
	return c->shown == 0;
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

/* An error's message without the rig's name in front: library messages
 * often start with it, and every line that shows one names the rig. */
static const char *bare_message(const json_t *e, const char *name)
{
	const char *msg = json_string_value(json_object_get(e, "message"));
	size_t n = strlen(name);

	if (msg == NULL)
		return "";
	if (strncmp(msg, name, n) == 0 && msg[n] == ':')
		msg += n + 1 + (msg[n + 1] == ' ');
	return msg;
}

static void print_errors(struct ctx *c, const struct result *res)
{
	size_t i;
	json_t *e;

	json_array_foreach(res->errors, i, e)
		fprintf(c->err, "rigctl: %s: %s\n", rig_name(res->r),
			bare_message(e, rig_name(res->r)));
}

char *output_failure(const struct result *res)
{
	const char *name = rig_name(res->r);
	char *text = NULL;
	size_t len = 0, i;
	FILE *f;
	json_t *e;

	if (res->data != NULL || res->status == RIG_OK)
		return NULL;
	f = open_memstream(&text, &len);
	if (f == NULL)
		return NULL;
	json_array_foreach(res->errors, i, e)
		fprintf(f, "error: %s\n", bare_message(e, name));
	if (json_array_size(res->errors) == 0)
		fprintf(f, "error: %s\n", rig_errormsg(res->r)[0] != '\0'
						  ? rig_errormsg(res->r)
						  : "failed");
	fclose(f);
	return text;
}

/* The table with the rig's name in front of every line, as FreeIPMI's
 * --always-prefix: headings that are only the name go, so do blank lines
 * between rigs, and a line that names the rig already keeps one name. */
static void print_prefixed(struct ctx *c, table_fn table,
			   const struct result *res)
{
	FILE *saved = c->out;
	char *buf = NULL, *body;
	size_t len = 0;

	c->out = open_memstream(&buf, &len);
	if (c->out == NULL) {
		c->out = saved;
		table(c, res);
		return;
	}
	table(c, res);
	fclose(c->out);
	c->out = saved;
	body = buf != NULL ? strip_rig_name(buf, rig_name(res->r), "") : NULL;
	for (char *line = body, *end; line != NULL && *line != '\0';
	     line = end + 1) {
		end = strchr(line, '\n');
		*end = '\0';
		if (*line != '\0')
			fprintf(c->out, "%s: %s\n", rig_name(res->r), line);
	}
	free(body);
	free(buf);
}

/* One rig's result on stdout (table or csv; a failed rig as its error
 * lines in table form), its errors on stderr. */
static void print_one(struct ctx *c, table_fn table, struct result *res)
{
	char *failure;

	if (res->printed)
		return;
	res->printed = true;
	failure = c->g.output == OUT_TABLE ? output_failure(res) : NULL;
	if (res->data != NULL && c->g.output == OUT_TABLE && c->g.prefix)
		print_prefixed(c, table, res);
	else if (res->data != NULL)
		table(c, res);
	for (char *line = failure, *end; line != NULL && *line != '\0';
	     line = end + 1) {
		end = strchr(line, '\n');
		*end = '\0';
		fprintf(c->out, "%s: %s\n", rig_name(res->r), line);
	}
	free(failure);
	if (res->data != NULL || c->g.output == OUT_TABLE)
		c->shown++;
	/* Each rig's lines reach a pipe whole, before the next rig's. */
	fflush(c->out);
	print_errors(c, res);
}

static int print_prometheus(struct ctx *c, prom_fn prom)
{
	if (c->g.textfile_dir == NULL) {
		prom(c, c->out);
		return EXIT_OK;
	}
	return textfile_write(c, prom);
}

int output_results(struct ctx *c, table_fn table, prom_fn prom)
{
	bool grouped = consolidating(c);
	int code = -1;

	if (c->g.output == OUT_JSON)
		print_json(c);
	bool unwritten = c->g.output == OUT_PROMETHEUS && prom != NULL &&
			 print_prometheus(c, prom) != EXIT_OK;

	if (grouped)
		output_consolidated(c, table);
	for (size_t i = 0; i < c->count; i++) {
		struct result *res = &c->results[i];

		if (!grouped && (c->g.output == OUT_TABLE || c->g.output == OUT_CSV))
			print_one(c, table, res);
		else
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
					    "nagios", "csv"};

	/* Every table has a csv form, but for the commands that said they
	 * have none (the console, the checks' report). */
	if (c->g.output == OUT_CSV && (formats & OUT_BIT(OUT_TABLE)) &&
	    !c->no_csv)
		return EXIT_OK;
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

	/* A textfile that cannot be written is found before any rig is
	 * contacted, not after the run's results are lost. */
	if (rc == EXIT_OK)
		rc = textfile_ready(c);
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

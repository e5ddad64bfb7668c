/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running a job over every rig, and printing results: JSON envelope or
 * the command's table. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rigctl.h"

struct job {
	struct ctx *c;
	rig_job_fn fn;
	void *arg;
};

static json_t *errors_of(rig *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < rig_error_count(r); i++) {
		rig_path path = RIG_PATH_NONE;
		const char *msg = "";
		rig_status st = rig_error_at(r, i, &path, &msg);

		json_array_append_new(
			arr, json_pack("{s:s?, s:i, s:s}", "path",
				       path == RIG_PATH_NONE ? NULL
							     : rig_path_name(path),
				       "code", exit_code_of(st), "message", msg));
	}
	return arr;
}

static void one_rig(rig *r, size_t index, void *user)
{
	struct job *j = user;
	struct result *res = &j->c->results[index];

	(void)r;
	res->status = j->fn(j->c, res, j->arg);
	res->errors = errors_of(res->r);
}

void run_all(struct ctx *c, rig_job_fn fn, void *arg)
{
	struct job j = {c, fn, arg};
	rig **rigs = calloc(c->count, sizeof(*rigs));

	if (rigs == NULL) {
		for (size_t i = 0; i < c->count; i++)
			c->results[i].status = RIG_E_NOMEM;
		return;
	}
	for (size_t i = 0; i < c->count; i++)
		rigs[i] = c->results[i].r;
	if (rig_fanout(rigs, c->count, c->g.fanout, one_rig, &j) != RIG_OK)
		for (size_t i = 0; i < c->count; i++)
			c->results[i].status = RIG_E_INTERNAL;
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

	json_array_foreach(res->errors, i, e)
		fprintf(c->err, "rigctl: %s: %s\n", rig_name(res->r),
			json_string_value(json_object_get(e, "message")));
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
	int code = -1;

	if (c->g.output == OUT_JSON)
		print_json(c);
	if (c->g.output == OUT_PROMETHEUS && prom != NULL &&
	    print_prometheus(c, prom) != EXIT_OK)
		code = EXIT_FAILED;
	for (size_t i = 0; i < c->count; i++) {
		const struct result *res = &c->results[i];

		if (c->g.output == OUT_TABLE && res->data != NULL)
			table(c, res);
		print_errors(c, res);
		code = exit_code_fold(code, exit_code_of(res->status));
	}
	fflush(c->out);
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The "info" probe's records to the OS's identity: host, kernel and os
 * (one each, "!" when the rig could not tell), then the GPUs as the
 * sensors probe gives them (gpu-fields and gpu lines, or gpu-none or
 * gpu-error, which are a problem to report, not a failure).  Pure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths/ssh/module/ssh.h"

/* A record's only field, or NULL for "!" (the rig could not read it). */
static const char *field(const struct probe *p, const char *kind)
{
	const struct probe_rec *rec = probe_find(p, kind);

	if (rec == NULL || strcmp(rec->f[0], "!") == 0 || rec->f[0][0] == '\0')
		return NULL;
	return rec->f[0];
}

static bool dup_or_null(const char *s, char **out)
{
	*out = s != NULL ? strdup(s) : NULL;
	return s == NULL || *out != NULL;
}

/* nvidia-smi's placeholders are no value. */
static bool placeholder(const char *s)
{
	return s[0] == '\0' || s[0] == '[' || strcmp(s, "N/A") == 0;
}

/* One "gpu" line of SSH_INFO_GPU_QUERY: five fields split at ", ", the
 * name last (it may hold ", " itself). */
static rig_status gpu_line(const char *line, rig_gpu_info *g, char **driver,
			   char *err, size_t errlen)
{
	const char *f[5], *p = line;
	size_t len[5];
	char *end;
	unsigned long idx;

	for (size_t i = 0; i < 5; i++) {
		const char *sep = i < 4 ? strstr(p, ", ") : NULL;

		if (i < 4 && sep == NULL) {
			snprintf(err, errlen, "GPU line with %zu fields, "
				 "expected 5: '%.60s'", i + 1, line);
			return RIG_E_PROBE;
		}
		f[i] = p;
		len[i] = sep != NULL ? (size_t)(sep - p) : strlen(p);
		p = sep != NULL ? sep + 2 : p;
	}
	idx = strtoul(f[0], &end, 10);
	if (len[0] == 0 || end != f[0] + len[0] || idx > 4096 ||
	    placeholder(f[1]) || len[1] == 0) {
		snprintf(err, errlen, "GPU line without an index and a bus id: "
			 "'%.60s'", line);
		return RIG_E_PROBE;
	}
	g->index = (unsigned int)idx;
	g->bus_id = strndup(f[1], len[1]);
	g->uuid = placeholder(f[2]) ? NULL : strndup(f[2], len[2]);
	g->name = strndup(f[4], len[4]);
	/* One driver serves every GPU: the first that names it says it. */
	if (*driver == NULL && !placeholder(f[3]))
		*driver = strndup(f[3], len[3]);
	if (g->bus_id == NULL || g->name == NULL ||
	    (!placeholder(f[2]) && g->uuid == NULL) ||
	    (!placeholder(f[3]) && *driver == NULL))
		return RIG_E_NOMEM;
	return RIG_OK;
}

static rig_status gpus(const struct probe *p, rig_os_info *out, char *err,
		       size_t errlen)
{
	const struct probe_rec *none = probe_find(p, "gpu-none");
	const struct probe_rec *fail = probe_find(p, "gpu-error");
	const struct probe_rec *fields = probe_find(p, "gpu-fields");
	size_t n = 0;

	if (none != NULL)
		return dup_or_null(none->f[0], &out->gpu_problem) ? RIG_OK
								   : RIG_E_NOMEM;
	if (fail != NULL) {
		if (asprintf(&out->gpu_problem, "nvidia-smi failed (exit %s): %s",
			     fail->f[0], fail->f[1]) < 0) {
			out->gpu_problem = NULL;
			return RIG_E_NOMEM;
		}
		return RIG_OK;
	}
	if (fields == NULL || strcmp(fields->f[0], SSH_INFO_GPU_QUERY) != 0) {
		snprintf(err, errlen, "no GPU record, or GPU fields '%.80s' "
			 "where '%s' were asked for",
			 fields != NULL ? fields->f[0] : "", SSH_INFO_GPU_QUERY);
		return RIG_E_PROBE;
	}
	for (size_t i = 0; i < p->count; i++)
		n += strcmp(p->recs[i].kind, "gpu") == 0;
	out->gpus = calloc(n + 1, sizeof(*out->gpus));
	if (out->gpus == NULL)
		return RIG_E_NOMEM;
	for (size_t i = 0; i < p->count; i++) {
		rig_status rc;

		if (strcmp(p->recs[i].kind, "gpu") != 0)
			continue;
		/* Counted as it is filled, so the caller's free sees every
		 * string made so far. */
		rc = gpu_line(p->recs[i].f[0], &out->gpus[out->gpu_count++],
			      &out->driver_version, err, errlen);
		if (rc != RIG_OK)
			return rc;
	}
	return RIG_OK;
}

rig_status probe_os_info(const struct probe *p, rig_os_info *out, char *err,
			 size_t errlen)
{
	const char *host = field(p, "host"), *kernel = field(p, "kernel");

	if (host == NULL || kernel == NULL) {
		snprintf(err, errlen, "no host name or no kernel release in "
			 "the answer");
		return RIG_E_PROBE;
	}
	if (!dup_or_null(host, &out->hostname) ||
	    !dup_or_null(kernel, &out->kernel) ||
	    !dup_or_null(field(p, "os"), &out->os))
		return RIG_E_NOMEM;
	return gpus(p, out, err, errlen);
}

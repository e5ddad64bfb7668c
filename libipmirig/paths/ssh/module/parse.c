/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The probe's answer: find our header, split records, check each against
 * the table below, and insist on the end marker.  Pure: text in, records
 * out.  Format: see probe.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/bytes.h"
#include "paths/ssh/module/ssh.h"

#define HEADER "rigprobe\t"
#define END_MARKER "rigprobe-end\t1"

/* Which probe requests may send a record. */
#define W_SENSORS 0x01u
#define W_EVENTS 0x02u
#define W_ECC 0x04u
#define W_ACTION 0x08u
#define W_INFO 0x10u
#define W_ANY 0x1fu

static const struct rec_spec {
	const char *kind;
	size_t nf;     /* fields after the kind */
	bool rest;     /* the last field takes the rest of the line */
	unsigned int what;
} specs[] = {
	{"hw", 4, true, W_SENSORS},
	{"gpu-none", 1, true, W_SENSORS | W_INFO},
	{"gpu-error", 2, true, W_SENSORS | W_INFO},
	{"gpu-fields", 1, false, W_SENSORS | W_INFO},
	{"gpu", 1, true, W_SENSORS | W_INFO},
	{"gpu-tlimit", 3, true, W_SENSORS},
	{"gpu-lost", 2, true, W_SENSORS},
	{"gpu-health-fields", 1, false, W_SENSORS},
	{"gpu-health", 1, true, W_SENSORS},
	{"gpu-remap-fields", 1, false, W_SENSORS},
	{"gpu-remap", 1, true, W_SENSORS},
	{"host", 1, true, W_INFO},
	{"kernel", 1, true, W_INFO},
	{"os", 1, true, W_INFO},
	{"edac-none", 0, false, W_ECC},
	{"edac-mc", 6, false, W_ECC},
	{"edac-dimm", 5, false, W_ECC},
	{"kj", 1, true, W_EVENTS},
	{"kj-last", 1, true, W_EVENTS},
	{"kd", 1, true, W_EVENTS},
	{"kd-last", 1, true, W_EVENTS},
	{"kd-boot", 2, false, W_EVENTS},
	{"k-fail", 3, true, W_EVENTS},
	{"action-start", 1, false, W_ACTION},
	{"action", 2, true, W_ACTION},
	{"error", 1, true, W_ANY},
};

static unsigned int what_bit(const char *what)
{
	if (strcmp(what, "sensors") == 0)
		return W_SENSORS;
	if (strcmp(what, "events") == 0)
		return W_EVENTS;
	if (strcmp(what, "ecc") == 0)
		return W_ECC;
	if (strcmp(what, "poweroff") == 0 || strcmp(what, "reboot") == 0)
		return W_ACTION;
	if (strcmp(what, "info") == 0)
		return W_INFO;
	return 0;
}

static const struct rec_spec *spec_of(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(specs); i++)
		if (strcmp(specs[i].kind, kind) == 0)
			return &specs[i];
	return NULL;
}

void probe_free(struct probe *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->count; i++)
		free(p->recs[i].f);
	free(p->recs);
	free(p->buf);
	free(p);
}

const struct probe_rec *probe_find(const struct probe *p, const char *kind)
{
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->recs[i].kind, kind) == 0)
			return &p->recs[i];
	return NULL;
}

/* Cut the next line out of *pos (in place); NULL at the end.  *whole is
 * false for a last line without its newline: the answer was cut there. */
static char *next_line(char **pos, char *end, bool *whole)
{
	char *line = *pos, *nl;

	if (line >= end)
		return NULL;
	nl = memchr(line, '\n', (size_t)(end - line));
	*whole = nl != NULL;
	if (nl == NULL) {
		*pos = end;
		return line;
	}
	*nl = '\0';
	if (nl > line && nl[-1] == '\r')
		nl[-1] = '\0';
	*pos = nl + 1;
	return line;
}

/* Split one record line in place. */
static rig_status split_rec(char *line, unsigned int wbit,
			    struct probe_rec *rec, char *err, size_t errlen)
{
	const struct rec_spec *s;
	char *tab = strchr(line, '\t');
	char *p;

	if (tab != NULL)
		*tab = '\0';
	s = spec_of(line);
	if (s == NULL || (s->what & wbit) == 0) {
		snprintf(err, errlen, "unexpected record '%.40s'", line);
		return RIG_E_PROBE;
	}
	rec->kind = s->kind;
	rec->nf = s->nf;
	rec->f = calloc(s->nf + 1, sizeof(char *));
	if (rec->f == NULL)
		return RIG_E_NOMEM;
	p = tab != NULL ? tab + 1 : NULL;
	for (size_t i = 0; i < s->nf; i++) {
		if (p == NULL) {
			snprintf(err, errlen, "record '%s' has %zu fields, "
				 "expected %zu", s->kind, i, s->nf);
			return RIG_E_PROBE;
		}
		rec->f[i] = p;
		if (i + 1 == s->nf && s->rest)
			break;
		tab = strchr(p, '\t');
		if (tab != NULL)
			*tab = '\0';
		p = tab != NULL ? tab + 1 : NULL;
	}
	if (!s->rest && p != NULL) {
		snprintf(err, errlen, "record '%s' has more than %zu fields",
			 s->kind, s->nf);
		return RIG_E_PROBE;
	}
	return RIG_OK;
}

static rig_status add_rec(struct probe *p, char *line, unsigned int wbit,
			  char *err, size_t errlen)
{
	struct probe_rec *recs = realloc(p->recs, (p->count + 1) * sizeof(*recs));
	rig_status rc;

	if (recs == NULL)
		return RIG_E_NOMEM;
	p->recs = recs;
	memset(&recs[p->count], 0, sizeof(recs[0]));
	rc = split_rec(line, wbit, &recs[p->count], err, errlen);
	p->count++; /* counted even on failure, so probe_free frees it */
	return rc;
}

/* Our header: "rigprobe<TAB>VERSION<TAB>WHAT". */
static rig_status check_header(const char *line, const char *what, char *err,
			       size_t errlen)
{
	const char *v = line + strlen(HEADER);
	char *stop;
	long version = strtol(v, &stop, 10);

	if (stop == v || *stop != '\t') {
		snprintf(err, errlen, "garbled probe header");
		return RIG_E_PROBE;
	}
	if (version != SSH_PROBE_VERSION) {
		snprintf(err, errlen, "probe answered in format %ld, this "
			 "library reads %d", version, SSH_PROBE_VERSION);
		return RIG_E_PROBE;
	}
	if (strcmp(stop + 1, what) != 0) {
		snprintf(err, errlen, "probe answered '%.20s' to '%s'", stop + 1,
			 what);
		return RIG_E_PROBE;
	}
	return RIG_OK;
}

static rig_status parse_body(struct probe *p, char *pos, char *end,
			     bool *truncated, char *err, size_t errlen)
{
	unsigned int wbit = what_bit(p->what);
	bool header = false, whole = true;
	char *line;

	while ((line = next_line(&pos, end, &whole)) != NULL) {
		rig_status rc;

		if (!whole)
			break;
		if (!header) {
			if (strncmp(line, HEADER, strlen(HEADER)) != 0)
				continue; /* shell startup noise */
			rc = check_header(line, p->what, err, errlen);
			if (rc != RIG_OK)
				return rc;
			header = true;
			continue;
		}
		if (strcmp(line, END_MARKER) == 0)
			return RIG_OK; /* what follows (logout noise) is not ours */
		rc = add_rec(p, line, wbit, err, errlen);
		if (rc != RIG_OK)
			return rc;
	}
	if (!header) {
		snprintf(err, errlen, "no probe header in the answer");
		return RIG_E_PROBE;
	}
	*truncated = true;
	snprintf(err, errlen, "the probe's answer ended before its end "
		 "marker (truncated)");
	return RIG_E_PROBE;
}

rig_status probe_parse(const char *text, size_t len, const char *what,
		       struct probe **out, bool *truncated, char *err,
		       size_t errlen)
{
	struct probe *p;
	rig_status rc;

	*out = NULL;
	*truncated = false;
	err[0] = '\0';
	if (what_bit(what) == 0 || strlen(what) >= sizeof(p->what)) {
		snprintf(err, errlen, "unknown probe request '%s'", what);
		return RIG_E_INVALID;
	}
	if (text == NULL || memchr(text, '\0', len) != NULL) {
		snprintf(err, errlen, "the probe's answer holds NUL bytes "
			 "(garbage)");
		return RIG_E_PROBE;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return RIG_E_NOMEM;
	p->buf = malloc(len + 1);
	if (p->buf == NULL) {
		free(p);
		return RIG_E_NOMEM;
	}
	memcpy(p->buf, text, len);
	p->buf[len] = '\0';
	strcpy(p->what, what);
	rc = parse_body(p, p->buf, p->buf + len, truncated, err, errlen);
	if (rc != RIG_OK) {
		probe_free(p);
		return rc;
	}
	*out = p;
	return RIG_OK;
}

char *probe_shell_quote(const char *s)
{
	size_t n = 3;
	char *q, *d;

	for (const char *c = s; *c != '\0'; c++)
		n += *c == '\'' ? 4 : 1;
	q = malloc(n);
	if (q == NULL)
		return NULL;
	d = q;
	*d++ = '\'';
	for (const char *c = s; *c != '\0'; c++) {
		if (*c == '\'') {
			memcpy(d, "'\\''", 4);
			d += 4;
		} else {
			*d++ = *c;
		}
	}
	*d++ = '\'';
	*d = '\0';
	return q;
}

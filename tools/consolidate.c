/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --consolidate: print identical table results of several rigs once, under
 * the list of their names, as FreeIPMI's tools do with -C.  Each rig's table
 * is rendered into memory, its own name taken out (header lines "NAME" or
 * "NAME:", and "NAME: " before a value), and identical bodies grouped in
 * the order their first rig was selected.  A failed rig's body is its
 * error, so rigs that failed alike are grouped too.
 */
#include <stdlib.h>
#include <string.h>

#include "rigctl.h"

struct group {
	char *body;
	char *names;
};

/* The body without the rig's name, each line after indent. */
char *strip_rig_name(const char *text, const char *name, const char *indent)
{
	size_t ilen = strlen(indent), nlen = strlen(name),
	       cap = strlen(text) * (ilen + 1) + ilen + 2, o = 0;
	char *out = malloc(cap);
	const char *line = text;

	if (out == NULL)
		return NULL;
	while (*line != '\0') {
		const char *end = strchr(line, '\n');
		size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
		const char *p = line;
		size_t plen = len;

		if (plen >= nlen && strncmp(p, name, nlen) == 0 &&
		    (plen == nlen || (plen == nlen + 1 && p[nlen] == ':'))) {
			plen = 0; /* a header line naming the rig */
		} else if (plen > nlen + 2 && strncmp(p, name, nlen) == 0 &&
			   p[nlen] == ':' && p[nlen + 1] == ' ') {
			p += nlen + 2;
			plen -= nlen + 2;
		}
		if (plen > 0 || (o > 0 && len > 0)) {
			memcpy(out + o, indent, ilen);
			o += ilen;
			memcpy(out + o, p, plen);
			o += plen;
			out[o++] = '\n';
		}
		line = end != NULL ? end + 1 : line + len;
	}
	out[o] = '\0';
	return out;
}

static char *render(struct ctx *c, table_fn table, const struct result *res)
{
	FILE *saved = c->out;
	char *buf = NULL, *body;
	size_t len = 0;

	c->out = open_memstream(&buf, &len);
	if (c->out == NULL) {
		c->out = saved;
		return NULL;
	}
	table(c, res);
	fclose(c->out);
	c->out = saved;
	body = buf != NULL ? strip_rig_name(buf, rig_name(res->r), "  ") : NULL;
	free(buf);
	return body;
}

/* Take " WORD" out of text, in place: the messages of rigs that failed
 * alike differ only by the address they name ("BMC 10.0.0.7 silent for
 * 10000 ms"), and the group's heading names the rigs already. */
static void unname(char *text, const char *word)
{
	size_t n = word != NULL ? strlen(word) : 0;
	char *p = text;

	while (n > 0 && (p = strstr(p, word)) != NULL) {
		if (p > text && p[-1] == ' ') {
			memmove(p - 1, p + n, strlen(p + n) + 1);
			p--;
		} else {
			p += n;
		}
	}
}

static bool add_name(struct group *g, const char *name)
{
	size_t old = g->names != NULL ? strlen(g->names) : 0;
	char *n = realloc(g->names, old + strlen(name) + 2);

	if (n == NULL)
		return false;
	if (old > 0)
		n[old++] = ',';
	strcpy(n + old, name);
	g->names = n;
	return true;
}

void output_consolidated(struct ctx *c, table_fn table)
{
	struct group *groups = calloc(c->count, sizeof(*groups));
	size_t ngroups = 0;

	for (size_t i = 0; groups != NULL && i < c->count; i++) {
		const struct result *res = &c->results[i];
		char *body;
		size_t g;

		/* A failed rig's group is its error, so rigs that failed
		 * alike show once (its errors go to stderr as well). */
		if (res->data == NULL) {
			char *failure = output_failure(res);

			body = failure != NULL
				? strip_rig_name(failure, rig_name(res->r), "  ")
				: NULL;
			free(failure);
			if (body != NULL) {
				json_t *spec = c->specs != NULL ? c->specs[i] : NULL;

				unname(body, rig_name(res->r));
				unname(body, json_string_value(json_object_get(spec, "bmc")));
				unname(body, json_string_value(json_object_get(spec, "ssh")));
			}
		} else {
			body = render(c, table, res);
		}
		if (body == NULL)
			continue;
		for (g = 0; g < ngroups; g++)
			if (strcmp(groups[g].body, body) == 0)
				break;
		if (g == ngroups)
			groups[ngroups++].body = body;
		else
			free(body);
		add_name(&groups[g], rig_name(res->r));
	}
	for (size_t g = 0; g < ngroups; g++) {
		fprintf(c->out, "%s%s:\n%s", g > 0 ? "\n" : "", groups[g].names,
			groups[g].body);
		free(groups[g].body);
		free(groups[g].names);
	}
	free(groups);
}

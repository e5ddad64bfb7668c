/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --consolidate: print identical table results of several rigs once, under
 * the list of their names, as FreeIPMI's tools do with -C.  Each rig's table
 * is rendered into memory, its own name taken out (header lines "NAME" or
 * "NAME:", and "NAME: " before a value), and identical bodies grouped in
 * the order their first rig was selected.
 */
#include <stdlib.h>
#include <string.h>

#include "rigctl.h"

struct group {
	char *body;
	char *names;
};

/* The body without the rig's name, each line indented by two spaces. */
static char *normalise(const char *text, const char *name)
{
	size_t nlen = strlen(name), cap = strlen(text) * 2 + 3, o = 0;
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
			out[o++] = ' ';
			out[o++] = ' ';
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
	body = buf != NULL ? normalise(buf, rig_name(res->r)) : NULL;
	free(buf);
	return body;
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

		if (res->data == NULL)
			continue; /* its errors go to stderr as usual */
		body = render(c, table, res);
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

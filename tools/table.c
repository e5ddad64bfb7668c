/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rows and columns a command's table function describes, written as
 * csv (RFC 4180): a first column "rig", then the command's columns, header
 * names in lowercase with '_'.  The header goes out once per run (the
 * first rig that has a table writes it), and not at all with --no-header,
 * so the rows of every rig form one file that a spreadsheet or awk reads.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rigctl.h"

struct table {
	const char *const *columns;
	size_t ncolumns;
	char **cells; /* row-major, ncolumns per row */
	size_t ncells, cap;
	bool failed; /* out of memory: emit nothing rather than a ragged row */
};

struct table *table_new(const char *const *columns, size_t ncolumns)
{
	struct table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->columns = columns;
	t->ncolumns = ncolumns;
	return t;
}

static void add(struct table *t, char *cell)
{
	if (t->ncells == t->cap) {
		size_t cap = t->cap != 0 ? t->cap * 2 : 16;
		char **n = realloc(t->cells, cap * sizeof(*n));

		if (n == NULL) {
			free(cell);
			t->failed = true;
			return;
		}
		t->cells = n;
		t->cap = cap;
	}
	t->cells[t->ncells++] = cell;
}

void table_cell(struct table *t, const char *text)
{
	char *cell;

	if (t == NULL)
		return;
	cell = strdup(text != NULL ? text : "");
	if (cell == NULL)
		t->failed = true;
	else
		add(t, cell);
}

void table_cellf(struct table *t, const char *fmt, ...)
{
	va_list ap;
	char *cell = NULL;
	int n;

	if (t == NULL)
		return;
	va_start(ap, fmt);
	n = vasprintf(&cell, fmt, ap);
	va_end(ap);
	if (n < 0)
		t->failed = true;
	else
		add(t, cell);
}

void csv_field(FILE *f, const char *text)
{
	if (strpbrk(text, ",\"\r\n") == NULL) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

/* RFC 4180 ends records with CRLF, but every csv reader accepts LF, and
 * grep, awk and cut want it: rows end with "\n". */
void table_emit(struct ctx *c, const struct result *res, struct table *t)
{
	if (t == NULL) {
		fprintf(stderr, "rigctl: %s: out of memory\n", rig_name(res->r));
		return;
	}
	if (t->failed || t->ncells % t->ncolumns != 0) {
		fprintf(stderr, "rigctl: %s: %s\n", rig_name(res->r),
			t->failed ? "out of memory" : "internal error: ragged csv row");
	} else {
		if (!c->csv_header_done && !c->g.no_header) {
			fputs("rig", c->out);
			for (size_t i = 0; i < t->ncolumns; i++) {
				fputc(',', c->out);
				csv_field(c->out, t->columns[i]);
			}
			fputc('\n', c->out);
		}
		c->csv_header_done = true;
		for (size_t i = 0; i < t->ncells; i++) {
			if (i % t->ncolumns == 0)
				csv_field(c->out, rig_name(res->r));
			fputc(',', c->out);
			csv_field(c->out, t->cells[i]);
			if (i % t->ncolumns == t->ncolumns - 1)
				fputc('\n', c->out);
		}
	}
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

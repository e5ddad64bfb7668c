/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl rigs: the inventory's rigs, their paths and capabilities, known
 * without talking to any rig and without reading any secret. */
#include <stdlib.h>
#include <string.h>

#include "rigctl.h"

static const char rigs_help[] =
	"Usage: rigctl [-c FILE] [-r NAMES] rigs\n"
	"List the rigs of the inventory (all of them unless -r chooses), with\n"
	"their paths (bmc, ssh, wol), groups and what their paths can do.\n"
	"Nothing is sent to any rig and no secret is read.\n"
	"Output: -o table, json.\n";

static json_t *names_of(unsigned int bits, bool caps)
{
	json_t *a = json_array();

	for (uint32_t bit = 1; bit != 0; bit <<= 1) {
		const char *n;

		if (!(bits & bit))
			continue;
		n = caps ? rig_capability_name(bit) : rig_path_name((rig_path)bit);
		if (n != NULL)
			json_array_append_new(a, json_string(n));
	}
	return a;
}

static void join(FILE *f, json_t *arr)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		fprintf(f, "%s%s", i > 0 ? "," : "", json_string_value(v));
	if (json_array_size(arr) == 0)
		fputc('-', f);
}

#define WIDTH 80
#define INDENT 10 /* "  groups  " */

/* s shortened to at most max characters, its middle replaced by "...":
 * the user and the domain of a long target both stay recognisable. */
static const char *fit(const char *s, size_t max, char *buf, size_t len)
{
	size_t n = strlen(s), head;

	if (n <= max || max < 7 || max >= len)
		return s;
	head = (max - 3) / 2;
	snprintf(buf, len, "%.*s...%s", (int)head, s,
		 s + n - (max - 3 - head));
	return buf;
}

/* "  label   value", the value shortened to fit; nothing for null. */
static void field(FILE *f, const char *label, const json_t *v)
{
	char buf[WIDTH + 1];

	if (json_is_string(v))
		fprintf(f, "  %-*s%s\n", INDENT - 2, label,
			fit(json_string_value(v), WIDTH - INDENT, buf,
			    sizeof(buf)));
}

/* A list as "a, b, c", continued on indented lines before column 80. */
static void wrapped(FILE *f, const char *label, const json_t *arr)
{
	size_t i, col = INDENT;
	json_t *v;
	char buf[WIDTH + 1];

	if (json_array_size(arr) == 0)
		return;
	fprintf(f, "  %-*s", INDENT - 2, label);
	json_array_foreach(arr, i, v) {
		const char *w = fit(json_string_value(v), WIDTH - INDENT - 1, buf,
				    sizeof(buf));
		size_t need = strlen(w) + (i + 1 < json_array_size(arr));

		if (i > 0 && col + 1 + need > WIDTH) {
			fprintf(f, "\n%*s", INDENT, "");
			col = INDENT;
		} else if (i > 0) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%s%s", w, i + 1 < json_array_size(arr) ? "," : "");
		col += need;
	}
	fputc('\n', f);
}

static void rigs_table(struct ctx *c, const struct result *res)
{
	json_t *d = res->data;
	char buf[WIDTH + 1];

	if (c->g.output == OUT_CSV) {
		static const char *const keys[] = {"paths", "groups",
						   "capabilities"};
		struct table *t = TABLE_NEW("paths", "groups", "capabilities");

		for (size_t k = 0; k < 3; k++) {
			char *text = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&text, &len);

			if (f != NULL) {
				join(f, json_object_get(d, keys[k]));
				fclose(f);
			}
			table_cell(t, text);
			free(text);
		}
		table_emit(c, res, t);
		return;
	}
	/* One rig a block, one thing a line, lists wrapped: readable in 80
	 * columns whatever the length of names, targets and lists. */
	fprintf(c->out, "%s\n", fit(rig_name(res->r), WIDTH, buf, sizeof(buf)));
	field(c->out, "bmc", json_object_get(d, "bmc"));
	field(c->out, "ssh", json_object_get(d, "ssh"));
	field(c->out, "wol", json_object_get(d, "wol_mac"));
	field(c->out, "plug", json_object_get(d, "plug"));
	wrapped(c->out, "groups", json_object_get(d, "groups"));
	wrapped(c->out, "can", json_object_get(d, "capabilities"));
}

int cmd_rigs(struct ctx *c, int argc, char **argv)
{
	int rc;

	rc = command_no_args(c, argc, argv, rigs_help);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = output_allowed(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	if (c->g.rig_names == NULL && c->g.bmc_hosts == NULL &&
	    c->g.ssh_target == NULL && c->g.mac == NULL)
		c->g.rig_names = "all";
	c->no_secrets = true;
	rc = targets_build(c);
	if (rc != EXIT_OK)
		return rc;
	for (size_t i = 0; i < c->count; i++) {
		json_t *d = json_deep_copy(c->specs[i]);

		json_object_set_new(d, "paths", names_of(rig_paths(c->results[i].r),
							 false));
		json_object_set_new(d, "capabilities",
				    names_of(rig_capabilities(c->results[i].r), true));
		c->results[i].data = d;
		c->results[i].errors = json_array();
	}
	return output_results(c, rigs_table, NULL);
}

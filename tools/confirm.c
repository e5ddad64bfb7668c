/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one mechanism every changing command uses: --dry-run says what would
 * be sent and sends nothing; on a terminal, a disruptive action over more
 * than one rig asks first (--yes skips the question). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "rigctl.h"

/* More names than this and the question lists the first ones and a count:
 * the question must fit on a screen. */
#define NAMES_SHOWN 8

void dry_run_prepare(struct ctx *c)
{
	/* Nothing is sent, so no password or K_g is read (nor prompted for). */
	if (c->g.dry_run)
		c->no_secrets = true;
}

/* The address of a path as the selection gave it, or NULL. */
static const char *address(const struct ctx *c, size_t i, unsigned int path)
{
	const char *key = path == RIG_PATH_BMC	 ? "bmc"
			  : path == RIG_PATH_SSH ? "ssh"
						 : "wol_mac";

	if (c->specs == NULL)
		return NULL;
	return json_string_value(json_object_get(c->specs[i], key));
}

static const char *path_label(unsigned int path)
{
	return path == RIG_PATH_BMC   ? "BMC"
	       : path == RIG_PATH_SSH ? "SSH"
				      : "Wake-on-LAN to";
}

static void dry_table(struct ctx *c, const struct result *res)
{
	const char *would = json_string_value(json_object_get(res->data, "would"));

	fprintf(c->out, "%s: would %s\n", rig_name(res->r),
		would != NULL ? would : "?");
}

int dry_run_output(struct ctx *c, const char *what, const struct dry_way *ways,
		   size_t n)
{
	for (size_t i = 0; i < c->count; i++) {
		struct result *res = &c->results[i];
		unsigned int have = rig_paths(res->r);
		const struct dry_way *w = NULL;
		char text[512];
		const char *addr;

		/* The first way whose path the rig has is the one the library
		 * routes the action to. */
		for (size_t k = 0; k < n && w == NULL; k++)
			if (have & ways[k].path)
				w = &ways[k];
		if (w == NULL) {
			snprintf(text, sizeof(text), "%s, but none of its paths "
				 "can do that (it would fail: not supported)",
				 what);
		} else {
			addr = address(c, i, w->path);
			snprintf(text, sizeof(text), "%s (%s via %s%s%s)", what,
				 w->how, path_label(w->path), addr != NULL ? " " : "",
				 addr != NULL ? addr : "");
		}
		json_decref(res->data);
		res->data = json_pack("{s:b, s:s, s:s?}", "dry_run", 1, "would",
				      text, "path",
				      w != NULL ? rig_path_name((rig_path)w->path)
						: NULL);
		res->status = RIG_OK;
		if (res->errors == NULL)
			res->errors = json_array();
	}
	return output_results(c, dry_table, NULL);
}

static int confirm(struct ctx *c, const char *what, size_t min_rigs)
{
	char line[64];
	size_t shown = c->count < NAMES_SHOWN ? c->count : NAMES_SHOWN;
	const char *p;

	/* No question under min_rigs (for most actions one rig: the command
	 * names it), with --yes, or without a person at a terminal to
	 * answer: scripts and cron run on. */
	if (c->count < min_rigs || c->g.yes || c->g.dry_run ||
	    !isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return EXIT_OK;
	fprintf(stderr, "%c%s %zu rig%s (", toupper((unsigned char)what[0]),
		what + 1, c->count, c->count == 1 ? "" : "s");
	for (size_t i = 0; i < shown; i++)
		fprintf(stderr, "%s%s", i > 0 ? ", " : "", rig_name(c->results[i].r));
	if (shown < c->count)
		fprintf(stderr, ", and %zu more", c->count - shown);
	fprintf(stderr, ")? [y/N] ");
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		line[0] = '\0';
	for (p = line; *p == ' ' || *p == '\t'; p++)
		;
	if ((p[0] == 'y' || p[0] == 'Y') &&
	    (p[1] == '\n' || p[1] == '\0' || strncasecmp(p, "yes", 3) == 0))
		return EXIT_OK;
	fprintf(stderr, "rigctl: not confirmed; nothing was sent\n");
	return EXIT_FAILED;
}

int confirm_action(struct ctx *c, const char *what)
{
	return confirm(c, what, 2);
}

int confirm_always(struct ctx *c, const char *what)
{
	return confirm(c, what, 1);
}

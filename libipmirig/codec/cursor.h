/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The opaque events cursor: one text covering every path of a rig, made of
 * each path's own part.  "v1" then ",<path>=<part>" per path that has one,
 * e.g. "v1,bmc=0005.65a1b2c3.65a1b2c3.ffffffff.5,ssh=s%3D...".  Parts are
 * percent-encoded outside [A-Za-z0-9._:/+-], so the whole cursor passes a
 * shell unquoted.  Pure functions.
 */
#ifndef RIG_CURSOR_H
#define RIG_CURSOR_H

#include "util/util.h"

#define CURSOR_MAX_LEN 4096
#define CURSOR_PATHS 2 /* bmc, ssh */

struct cursor_parts {
	char *part[CURSOR_PATHS]; /* decoded, malloc'd; NULL: none */
};

/* Slot of a path in cursor_parts, or -1 for a path without events. */
int cursor_slot(rig_path path);

/*
 * Split text into parts.  RIG_E_INVALID with *why (static text) for
 * anything malformed, RIG_E_NOMEM; *out is then empty.
 */
rig_status cursor_split(const char *text, struct cursor_parts *out,
			const char **why);

/* Join parts into a new text (NULL when out of memory). */
char *cursor_join(const struct cursor_parts *p);

void cursor_parts_free(struct cursor_parts *p);

#endif

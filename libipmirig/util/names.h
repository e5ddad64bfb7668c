/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Name tables: an enum's names indexed by its value, or (name, value)
 * pairs where the values are flags or sparse.  One lookup each way, so a
 * name printed is always a name parsed back.
 */
#ifndef RIG_UTIL_NAMES_H
#define RIG_UTIL_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/bytes.h"

/* names[v], or "invalid" for a value past the table or a NULL slot (an
 * enum value that has no name). */
const char *rig__name_of(const char *const *names, size_t n, unsigned int v);

/* The index of text among names[0..n) (NULL slots never match), compared
 * case-insensitively if nocase; -1 when none or text is NULL. */
int rig__name_index(const char *const *names, size_t n, const char *text,
		    bool nocase);

#define RIG_NAME_OF(table, v)                                                 \
	rig__name_of((table), ARRAY_SIZE(table), (unsigned int)(v))
#define RIG_NAME_INDEX(table, text, nocase)                                   \
	rig__name_index((table), ARRAY_SIZE(table), (text), (nocase))

struct rig_name_value {
	const char *name;
	uint32_t value;
};

/* The name paired with value, or NULL. */
const char *rig__nv_name(const struct rig_name_value *t, size_t n,
			 uint32_t value);

/* The pair whose name is the len characters at text, or NULL. */
const struct rig_name_value *rig__nv_find(const struct rig_name_value *t,
					  size_t n, const char *text,
					  size_t len, bool nocase);

#endif

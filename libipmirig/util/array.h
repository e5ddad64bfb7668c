/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Arrays that grow one item at a time: result lists, records, groups. */
#ifndef RIG_UTIL_ARRAY_H
#define RIG_UTIL_ARRAY_H

#include <stddef.h>

/*
 * Grow *items (count items of elem bytes) by one zeroed item and return
 * it, counted in *count; NULL when out of memory, the array then as it
 * was.  Growing by one keeps lists exactly as long as their content,
 * which is what every caller hands back to its user; lists are short.
 */
void *rig__array_add(void **items, size_t *count, size_t elem);

#endif

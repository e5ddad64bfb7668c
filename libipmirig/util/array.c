/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Arrays that grow one item at a time (see array.h). */
#include <stdlib.h>
#include <string.h>

#include "util/array.h"

void *rig__array_add(void **items, size_t *count, size_t elem)
{
	char *p;

	if (*count + 1 > (size_t)-1 / elem)
		return NULL;
	p = realloc(*items, (*count + 1) * elem);
	if (p == NULL)
		return NULL;
	*items = p;
	memset(p + *count * elem, 0, elem);
	return p + (*count)++ * elem;
}

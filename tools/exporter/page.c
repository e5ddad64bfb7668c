/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The exporter's status page (view.h).  Skeleton: replaced by the real
 * rendering.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

static int text_page(const char *body, char **html, size_t *len)
{
	*html = strdup(body);
	if (*html == NULL)
		return -1;
	*len = strlen(*html);
	return 0;
}

int page_index(const struct view_fleet *fleet, char **html, size_t *len)
{
	(void)fleet;
	return text_page("<!DOCTYPE html><title>rigctl</title>\n", html, len) ?
		       -1 : 200;
}

int page_rig(const struct view_fleet *fleet, const char *name, char **html,
	     size_t *len)
{
	size_t i;

	for (i = 0; i < fleet->count; i++)
		if (strcmp(fleet->rigs[i].name, name) == 0)
			return text_page("<!DOCTYPE html><title>rig</title>\n",
					 html, len) ? -1 : 200;
	return text_page("<!DOCTYPE html><title>no such rig</title>\n", html,
			 len) ? -1 : 404;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where rigctl keeps files when the user does not say: the XDG base
 * directories.  The library never picks locations; the tool does, here. */
#include <stdlib.h>
#include <stdio.h>

#include "rigctl.h"

const char *paths_xdg(const char *xdg, const char *home, const char *rel,
		      char *buf, size_t len)
{
	int n;

	/* The XDG spec says a relative value is invalid and to be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(buf, len, "%s/rigctl", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(buf, len, "%s/%s/rigctl", home, rel);
	else
		return NULL;
	return n > 0 && (size_t)n < len ? buf : NULL;
}

void paths_defaults(struct globals *g)
{
	static char cache[4096], state[4096];

	if (g->cache_dir == NULL)
		g->cache_dir = paths_xdg(getenv("XDG_CACHE_HOME"), getenv("HOME"),
					 ".cache", cache, sizeof(cache));
	if (g->state_dir == NULL)
		g->state_dir = paths_xdg(getenv("XDG_STATE_HOME"), getenv("HOME"),
					 ".local/state", state, sizeof(state));
}

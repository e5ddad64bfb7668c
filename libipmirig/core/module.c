/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading a back-end module on first use; see module.h. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/bytes.h"
#include "core/module.h"

#define LIB_PREFIX "libipmirig.so"

/* Beside the library: where an install puts modules, then where libtool's
 * build tree does; last, the configured $(pkglibdir). */
static const char *const subdirs[] = {"/libipmirig/", "/"};
#define MAX_PLACES (ARRAY_SIZE(subdirs) + 1)

/* An object of this file, to ask the dynamic linker which file holds it. */
static const char anchor;

/* Candidate paths of the module, most specific first; returns how many. */
static size_t module_places(const struct rig__module *m,
			    char places[MAX_PLACES][PATH_MAX])
{
	Dl_info info;
	const char *slash = NULL;
	size_t n = 0;

	/* The directory of the object holding this code, if it is the
	 * shared library (a program linked with libipmirig.a is not). */
	if (dladdr(&anchor, &info) != 0 && info.dli_fname != NULL)
		slash = strrchr(info.dli_fname, '/');
	if (slash != NULL &&
	    strncmp(slash + 1, LIB_PREFIX, strlen(LIB_PREFIX)) == 0) {
		int dirlen = (int)(slash - info.dli_fname);

		for (size_t i = 0; i < ARRAY_SIZE(subdirs); i++) {
			int len = snprintf(places[n], PATH_MAX, "%.*s%s%s",
					   dirlen, info.dli_fname, subdirs[i],
					   m->file);

			if (len > 0 && len < PATH_MAX)
				n++;
		}
	}
	snprintf(places[n++], PATH_MAX, "%s/%s", RIG_PKGLIBDIR, m->file);
	return n;
}

/* The module's ops from the file at path, or NULL with m->error saying
 * why (a path beyond 300 bytes is cut short there). */
static const struct rig_backend_ops *open_module(struct rig__module *m,
						 const char *path)
{
	const struct rig_backend_ops *ops = NULL;
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	void *sym;

	if (h == NULL) {
		snprintf(m->error, sizeof(m->error),
			 "%s could not be loaded: %s", m->what, dlerror());
		return NULL;
	}
	sym = dlsym(h, m->entry);
	if (sym == NULL) {
		snprintf(m->error, sizeof(m->error),
			 "%s could not be loaded: %.300s has no %s (not %s "
			 "of libipmirig)", m->what, path, m->entry, m->kind);
	} else if (m->call_entry(sym, &ops) != RIG_OK || ops == NULL) {
		snprintf(m->error, sizeof(m->error),
			 "%s could not be loaded: %.300s is from another build "
			 "of libipmirig than this one (%s); reinstall them "
			 "together", m->what, path, RIG_VERSION_STRING);
		ops = NULL;
	}
	/* On success the module stays loaded for the process's life. */
	if (ops == NULL)
		dlclose(h);
	return ops;
}

static void load_module(struct rig__module *m)
{
	char places[MAX_PLACES][PATH_MAX];
	size_t n = module_places(m, places), used;

	for (size_t i = 0; i < n; i++)
		if (access(places[i], F_OK) == 0) {
			m->ops = open_module(m, places[i]);
			return;
		}
	used = (size_t)snprintf(m->error, sizeof(m->error),
				"%s is not installed: no %s", m->what,
				places[0]);
	for (size_t i = 1; i < n && used < sizeof(m->error); i++)
		used += (size_t)snprintf(m->error + used,
					 sizeof(m->error) - used, "%s %s",
					 i + 1 < n ? "," : " nor", places[i]);
}

rig_status rig__module_load(rig *r, rig_path path, struct rig__module *m,
			    const struct rig_backend_ops **ops)
{
	pthread_mutex_lock(&m->lock);
	if (!m->tried) {
		load_module(m);
		m->tried = true;
	}
	*ops = m->ops;
	pthread_mutex_unlock(&m->lock);
	if (*ops != NULL)
		return RIG_OK;
	return rig__fail(r, path, RIG_E_UNSUPPORTED, "%s", m->error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where the plug path's ops come from.  With shared libraries they are in
 * the module ipmirig-plug.so (see module.h), loaded once per process on
 * the first rig_add_plug(), looked for where the SSH module is (beside the
 * libipmirig.so this code runs from: <libdir>/libipmirig/ when installed,
 * libipmirig/.libs/ in the build tree; last the configured $(pkglibdir)).
 */
#include <stdio.h>
#include <string.h>

#include "util/bytes.h"
#include "paths/plug/module.h"

#ifndef RIG_PLUG_MODULE

rig_status plug_backend_load(rig *r, const struct rig_backend_ops **ops)
{
	(void)r;
	*ops = &plug_backend_ops;
	return RIG_OK;
}

#else

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <unistd.h>

#define LIB_PREFIX "libipmirig.so"

static const char *const subdirs[] = {"/libipmirig/", "/"};
#define NSUBDIRS ARRAY_SIZE(subdirs)
#define MAX_PLACES (NSUBDIRS + 1)

static const struct rig_plug_core_api core_api = {
	.size = sizeof(struct rig_plug_core_api),
	.rig_size = sizeof(struct rig),
	.ops_size = sizeof(struct rig_backend_ops),
	.version = RIG_VERSION_STRING,
	.vfail_hint = rig__vfail_hint,
	.error_mark = rig__error_mark,
	.log = rig__log,
	.now_ms = rig__now_ms,
	.sleep_ms = rig__sleep_ms,
	.plugp_free = plugp_free,
	.path_failed = rig__path_failed,
	.path_down = rig__path_down,
};

/* The outcome of the one load, kept for every later rig_add_plug(). */
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const struct rig_backend_ops *loaded_ops;
static char load_error[RIG_ERRMSG_MAX];

/* Candidate paths of the module, most specific first; returns how many. */
static size_t module_places(char places[MAX_PLACES][PATH_MAX])
{
	Dl_info info;
	const char *slash = NULL;
	size_t n = 0;

	/* The directory of the object holding this code, if it is the
	 * shared library (a program linked with libipmirig.a is not). */
	if (dladdr(&core_api, &info) != 0 && info.dli_fname != NULL)
		slash = strrchr(info.dli_fname, '/');
	if (slash != NULL &&
	    strncmp(slash + 1, LIB_PREFIX, strlen(LIB_PREFIX)) == 0) {
		int dirlen = (int)(slash - info.dli_fname);

		for (size_t i = 0; i < NSUBDIRS; i++) {
			int len = snprintf(places[n], PATH_MAX, "%.*s%s%s",
					   dirlen, info.dli_fname, subdirs[i],
					   RIG_PLUG_MODULE_FILE);

			if (len > 0 && len < PATH_MAX)
				n++;
		}
	}
	snprintf(places[n++], PATH_MAX, "%s/%s", RIG_PKGLIBDIR,
		 RIG_PLUG_MODULE_FILE);
	return n;
}

static const struct rig_backend_ops *open_module(const char *path)
{
	const struct rig_backend_ops *ops = NULL;
	rig_plug_module_init_fn *init;
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		snprintf(load_error, sizeof(load_error),
			 "smart-plug support could not be loaded: %s",
			 dlerror());
		return NULL;
	}
	init = (rig_plug_module_init_fn *)dlsym(h, RIG_PLUG_MODULE_ENTRY);
	if (init == NULL) {
		snprintf(load_error, sizeof(load_error),
			 "smart-plug support could not be loaded: %.300s has "
			 "no %s (not a plug module of libipmirig)",
			 path, RIG_PLUG_MODULE_ENTRY);
	} else if (init(&core_api, &ops) != RIG_OK || ops == NULL) {
		snprintf(load_error, sizeof(load_error),
			 "smart-plug support could not be loaded: %.300s is "
			 "from another build of libipmirig than this one (%s); "
			 "reinstall them together", path, RIG_VERSION_STRING);
		ops = NULL;
	}
	/* On success the module stays loaded for the process's life. */
	if (ops == NULL)
		dlclose(h);
	return ops;
}

static void load_module(void)
{
	char places[MAX_PLACES][PATH_MAX];
	size_t n = module_places(places), used;

	for (size_t i = 0; i < n; i++)
		if (access(places[i], F_OK) == 0) {
			loaded_ops = open_module(places[i]);
			return;
		}
	used = (size_t)snprintf(load_error, sizeof(load_error),
				"smart-plug support is not installed: no %s",
				places[0]);
	for (size_t i = 1; i < n && used < sizeof(load_error); i++)
		used += (size_t)snprintf(load_error + used,
					 sizeof(load_error) - used, "%s %s",
					 i + 1 < n ? "," : " nor", places[i]);
}

rig_status plug_backend_load(rig *r, const struct rig_backend_ops **ops)
{
	pthread_once(&load_once, load_module);
	*ops = loaded_ops;
	if (loaded_ops != NULL)
		return RIG_OK;
	return rig__fail(r, RIG_PATH_PLUG, RIG_E_UNSUPPORTED, "%s",
			load_error);
}

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading libipmiconsole on first use; see console_lib.h. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "paths/bmc/console_lib.h"

#define PACKAGE_HINT "install the Debian package libipmiconsole2"

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "dlsym() results must fit a function pointer");

/* dlsym() returns an object pointer; POSIX guarantees that it has the
 * size and representation of a function pointer.  Copied, not cast, so no
 * object is accessed through a pointer of the wrong type. */
#define LOAD(field)                                                          \
	do {                                                                 \
		void *sym = dlsym(h, "ipmiconsole_" #field);                 \
		memcpy(&lib->field, &sym, sizeof(lib->field));               \
		if (sym == NULL) {                                           \
			snprintf(why, whylen,                                \
				 "serial-over-LAN: %s has no "               \
				 "ipmiconsole_" #field " (too old? "         \
				 "libipmiconsole >= 1.6 is needed)",          \
				 soname);                                    \
			goto fail;                                           \
		}                                                            \
	} while (0)

int console_lib_load(const char *soname, struct console_lib *lib, char *why,
		     size_t whylen)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	memset(lib, 0, sizeof(*lib));
	if (h == NULL) {
		const char *e = dlerror();

		snprintf(why, whylen,
			 "serial-over-LAN needs FreeIPMI's libipmiconsole "
			 "(%s), which cannot be loaded: %s; " PACKAGE_HINT,
			 soname, e != NULL ? e : "unknown error");
		return -1;
	}
	LOAD(engine_init);
	LOAD(engine_submit);
	LOAD(engine_teardown);
	LOAD(ctx_create);
	LOAD(ctx_destroy);
	LOAD(ctx_status);
	LOAD(ctx_fd);
	LOAD(ctx_generate_break);
	LOAD(ctx_errnum);
	LOAD(ctx_strerror);
	LOAD(ctx_errormsg);
	return 0;
fail:
	memset(lib, 0, sizeof(*lib));
	dlclose(h);
	return -1;
}

#ifdef RIG_IPMICONSOLE_DLOPEN
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static struct console_lib the_lib;
static const struct console_lib *loaded;
static char load_why[512];

static void load(void)
{
	if (console_lib_load(RIG_IPMICONSOLE_SONAME, &the_lib, load_why,
			     sizeof(load_why)) == 0)
		loaded = &the_lib;
}

const struct console_lib *console_lib(const char **why)
{
	pthread_once(&load_once, load);
	if (loaded == NULL && why != NULL)
		*why = load_why;
	return loaded;
}
#else
/* Linked (the default): the table points at the library's own functions. */
static const struct console_lib linked = {
	.engine_init = ipmiconsole_engine_init,
	.engine_submit = ipmiconsole_engine_submit,
	.engine_teardown = ipmiconsole_engine_teardown,
	.ctx_create = ipmiconsole_ctx_create,
	.ctx_destroy = ipmiconsole_ctx_destroy,
	.ctx_status = ipmiconsole_ctx_status,
	.ctx_fd = ipmiconsole_ctx_fd,
	.ctx_generate_break = ipmiconsole_ctx_generate_break,
	.ctx_errnum = ipmiconsole_ctx_errnum,
	.ctx_strerror = ipmiconsole_ctx_strerror,
	.ctx_errormsg = ipmiconsole_ctx_errormsg,
};

const struct console_lib *console_lib(const char **why)
{
	(void)why;
	return &linked;
}
#endif

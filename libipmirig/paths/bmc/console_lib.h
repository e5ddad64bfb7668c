/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FreeIPMI's libipmiconsole behind a table of its functions: linked by
 * default, or (configure --enable-console-dlopen) loaded on the first
 * console open, so that other commands do not pay for mapping and
 * relocating it (about 70 us a run, bench/RESULTS.md).  The pointers have
 * the types of ipmiconsole.h's declarations.
 */
#ifndef RIG_BMC_CONSOLE_LIB_H
#define RIG_BMC_CONSOLE_LIB_H

#include <stddef.h>

#include <ipmiconsole.h>

struct console_lib {
	__typeof__(ipmiconsole_engine_init) *engine_init;
	__typeof__(ipmiconsole_engine_submit) *engine_submit;
	__typeof__(ipmiconsole_engine_teardown) *engine_teardown;
	__typeof__(ipmiconsole_ctx_create) *ctx_create;
	__typeof__(ipmiconsole_ctx_destroy) *ctx_destroy;
	__typeof__(ipmiconsole_ctx_status) *ctx_status;
	__typeof__(ipmiconsole_ctx_fd) *ctx_fd;
	__typeof__(ipmiconsole_ctx_generate_break) *ctx_generate_break;
	__typeof__(ipmiconsole_ctx_errnum) *ctx_errnum;
	__typeof__(ipmiconsole_ctx_strerror) *ctx_strerror;
	__typeof__(ipmiconsole_ctx_errormsg) *ctx_errormsg;
};

/* The process's table.  Dlopened: loaded once (thread-safe) and never
 * unloaded, since the engine's threads run in it.  NULL when it cannot be loaded; then *why
 * (if why is not NULL) says what is missing and what to install. */
const struct console_lib *console_lib(const char **why);

/* One dlopen of the library named soname into *lib (what console_lib()
 * does once with RIG_IPMICONSOLE_SONAME when dlopened; tested either way).  Returns 0, or -1
 * with a message in why[0..whylen). */
int console_lib_load(const char *soname, struct console_lib *lib, char *why,
		     size_t whylen);

#endif

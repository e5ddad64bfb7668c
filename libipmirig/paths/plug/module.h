/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The plug path as a module of its own (ipmirig-plug.so), so that a
 * process that never talks to a smart plug never loads libcurl and what it
 * pulls in (TLS, HTTP/2, IDN libraries).  As for the SSH module
 * (paths/ssh/module.h): the library loads it on the first rig_add_plug()
 * and hands it this table of the library's own helpers, hidden in
 * libipmirig.so; the module exports one function, RIG_PLUG_MODULE_ENTRY,
 * that checks the table comes from the same build and returns the path's
 * ops table.  With --disable-shared the plug objects are linked into the
 * library and none of this is used.
 */
#ifndef RIG_PLUG_MODULE_H
#define RIG_PLUG_MODULE_H

#include <stdarg.h>
#include <stddef.h>

#include "paths/plug/path.h"

#define RIG_PLUG_MODULE_FILE "ipmirig-plug.so"
#define RIG_PLUG_MODULE_ENTRY "rig_plug_module_init"

struct rig_plug_core_api {
	/* What the module checks before using anything else: a module
	 * from another build of the library would read struct rig wrong. */
	size_t size;
	size_t rig_size;
	size_t ops_size;
	const char *version;

	rig_status (*vfail_hint)(rig *r, rig_path path, rig_status status,
				 rig_hint hint, const char *fmt, va_list ap);
	size_t (*error_mark)(const rig *r);
	void (*log)(rig *r, rig_log_level level, const char *fmt, ...);
	uint64_t (*now_ms)(void);
	void (*sleep_ms)(unsigned int ms);
	void (*plugp_free)(struct plugp *p);
	void (*path_failed)(rig *r, rig_path path, size_t mark);
	rig_status (*path_down)(rig *r, rig_path path);
};

/* RIG_OK and *ops set, or RIG_E_UNSUPPORTED when api is not from the
 * build the module was made with. */
typedef rig_status rig_plug_module_init_fn(const struct rig_plug_core_api *api,
					   const struct rig_backend_ops **ops);

rig_plug_module_init_fn rig_plug_module_init;

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SSH path as a module of its own (ipmirig-ssh.so), so that a process
 * that never talks SSH never loads libssh, OpenSSL and Kerberos: that is
 * most of a BMC-only command's start-up.  The library loads the module on
 * the first rig_add_ssh() and hands it this table of the library's own
 * helpers, which are hidden in libipmirig.so and so cannot be linked to.
 * The module exports one function, RIG_SSH_MODULE_ENTRY, that checks the
 * table comes from the same build and returns the path's ops table.
 *
 * Built without shared libraries (configure --disable-shared), the SSH
 * objects are linked into the library and none of this is used.
 */
#ifndef RIG_SSH_MODULE_H
#define RIG_SSH_MODULE_H

#include <stdarg.h>
#include <stddef.h>

#include "paths/ssh/path.h"

#define RIG_SSH_MODULE_FILE "ipmirig-ssh.so"
#define RIG_SSH_MODULE_ENTRY "rig_ssh_module_init"

struct rig_core_api {
	/* What the module checks before using anything else: a module
	 * from another build of the library would read struct rig wrong. */
	size_t size;
	size_t rig_size;
	size_t ops_size;
	const char *version;

	void (*clear_errors)(rig *r);
	rig_status (*vfail_hint)(rig *r, rig_path path, rig_status status,
				 rig_hint hint, const char *fmt, va_list ap);
	size_t (*error_mark)(const rig *r);
	void (*error_rewind)(rig *r, size_t mark);
	const char *(*error_since)(const rig *r, size_t mark);
	void (*log)(rig *r, rig_log_level level, const char *fmt, ...);
	uint64_t (*now_ms)(void);
	const char *(*power_action_name)(rig_power_action action);
	rig_sensor *(*sensor_list_add)(rig_sensor_list *l);
	rig_event *(*event_list_add)(rig_event_list *l);
	void (*sensor_clear)(rig_sensor *s);
	void (*event_clear)(rig_event *e);
	void (*sshp_free)(struct sshp *p);
	void (*path_failed)(rig *r, rig_path path, size_t mark);
	rig_status (*path_down)(rig *r, rig_path path);
};

/* RIG_OK and *ops set, or RIG_E_UNSUPPORTED when api is not from the
 * build the module was made with. */
typedef rig_status rig_ssh_module_init_fn(const struct rig_core_api *api,
					  const struct rig_backend_ops **ops);

rig_ssh_module_init_fn rig_ssh_module_init;

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where the SSH path's ops come from.  With shared libraries they are in
 * the module ipmirig-ssh.so (see module.h), loaded once per process on the
 * first rig_add_ssh(), by the loader all modules share (core/module.c,
 * which says where it looks).
 */
#include <string.h>

#include "paths/ssh/module.h"

#ifndef RIG_SSH_MODULE

rig_status ssh_backend_load(rig *r, const struct rig_backend_ops **ops)
{
	(void)r;
	*ops = &ssh_backend_ops;
	return RIG_OK;
}

#else

#include "core/module.h"

static const struct rig_core_api core_api = {
	.size = sizeof(struct rig_core_api),
	.rig_size = sizeof(struct rig),
	.ops_size = sizeof(struct rig_backend_ops),
	.version = RIG_VERSION_STRING,
	.clear_errors = rig__clear_errors,
	.vfail_hint = rig__vfail_hint,
	.error_mark = rig__error_mark,
	.error_rewind = rig__error_rewind,
	.error_since = rig__error_since,
	.log = rig__log,
	.now_ms = rig__now_ms,
	.power_action_name = rig_power_action_name,
	.sensor_list_add = rig__sensor_list_add,
	.event_list_add = rig__event_list_add,
	.sensor_clear = rig__sensor_clear,
	.event_clear = rig__event_clear,
	.sshp_free = sshp_free,
	.path_failed = rig__path_failed,
	.path_down = rig__path_down,
};

/* The entry's real type is known here, not in the shared loader. */
static rig_status call_entry(void *sym, const struct rig_backend_ops **ops)
{
	rig_ssh_module_init_fn *init;

	/* dlsym() gives an object pointer; POSIX guarantees it converts to
	 * the function pointer it stands for.  Copied, not cast. */
	memcpy(&init, &sym, sizeof(init));
	return init(&core_api, ops);
}

static struct rig__module module = RIG__MODULE_INIT(
	RIG_SSH_MODULE_FILE, RIG_SSH_MODULE_ENTRY, "SSH support", "an SSH module", call_entry);

rig_status ssh_backend_load(rig *r, const struct rig_backend_ops **ops)
{
	return rig__module_load(r, RIG_PATH_SSH, &module, ops);
}

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where the plug path's ops come from.  With shared libraries they are in
 * the module ipmirig-plug.so (see module.h), loaded once per process on
 * the first rig_add_plug(), by the loader all modules share
 * (core/module.c, which says where it looks).
 */
#include <string.h>

#include "paths/plug/module.h"

#ifndef RIG_PLUG_MODULE

rig_status plug_backend_load(rig *r, const struct rig_backend_ops **ops)
{
	(void)r;
	*ops = &plug_backend_ops;
	return RIG_OK;
}

#else

#include "core/module.h"

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

/* The entry's real type is known here, not in the shared loader. */
static rig_status call_entry(void *sym, const struct rig_backend_ops **ops)
{
	rig_plug_module_init_fn *init;

	/* dlsym() gives an object pointer; POSIX guarantees it converts to
	 * the function pointer it stands for.  Copied, not cast. */
	memcpy(&init, &sym, sizeof(init));
	return init(&core_api, ops);
}

static struct rig__module module = RIG__MODULE_INIT(
	RIG_PLUG_MODULE_FILE, RIG_PLUG_MODULE_ENTRY, "smart-plug support", "a plug module", call_entry);

rig_status plug_backend_load(rig *r, const struct rig_backend_ops **ops)
{
	return rig__module_load(r, RIG_PATH_PLUG, &module, ops);
}

#endif

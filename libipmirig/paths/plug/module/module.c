/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The entry point of the plug module (ipmirig-plug.so), and the library
 * helpers the plug code calls, forwarded to the library through the table
 * it passed in (as paths/ssh/module/module.c does for SSH).  They keep
 * their library names so the plug sources build unchanged into the module
 * or, without shared libraries, into the library itself.
 */
#include <stdio.h>
#include <string.h>

#include "paths/plug/module.h"

static const struct rig_plug_core_api *core;

RIG_API rig_status rig_plug_module_init(const struct rig_plug_core_api *api,
					const struct rig_backend_ops **ops)
{
	if (api == NULL || ops == NULL || api->size != sizeof(*api) ||
	    api->rig_size != sizeof(struct rig) ||
	    api->ops_size != sizeof(struct rig_backend_ops) ||
	    api->version == NULL ||
	    strcmp(api->version, RIG_VERSION_STRING) != 0)
		return RIG_E_UNSUPPORTED;
	core = api;
	*ops = &plug_backend_ops;
	return RIG_OK;
}

rig_status rig__fail(rig *r, rig_path path, rig_status status,
		    const char *fmt, ...)
{
	va_list ap;
	rig_status rc;

	va_start(ap, fmt);
	rc = core->vfail_hint(r, path, status, RIG_HINT_NONE, fmt, ap);
	va_end(ap);
	return rc;
}

rig_status rig__fail_hint(rig *r, rig_path path, rig_status status,
			 rig_hint hint, const char *fmt, ...)
{
	va_list ap;
	rig_status rc;

	va_start(ap, fmt);
	rc = core->vfail_hint(r, path, status, hint, fmt, ap);
	va_end(ap);
	return rc;
}

size_t rig__error_mark(const rig *r)
{
	return core->error_mark(r);
}

void rig__path_failed(rig *r, rig_path path, size_t mark)
{
	core->path_failed(r, path, mark);
}

rig_status rig__path_down(rig *r, rig_path path)
{
	return core->path_down(r, path);
}

void rig__log(rig *r, rig_log_level level, const char *fmt, ...)
{
	char buf[RIG_ERRMSG_MAX];
	va_list ap;

	/* The library's rig__log makes the same test: it spares formatting
	 * a message nobody will see. */
	if (r->log_fn == NULL || level > r->log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	core->log(r, level, "%s", buf);
}

uint64_t rig__now_ms(void)
{
	return core->now_ms();
}

void rig__sleep_ms(unsigned int ms)
{
	core->sleep_ms(ms);
}

void plugp_free(struct plugp *p)
{
	core->plugp_free(p);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The entry point of the SSH module (ipmirig-ssh.so), and the library
 * helpers the SSH code calls, forwarded to the library through the table
 * it passed in.  They keep their library names so that the SSH sources
 * build unchanged into the module or, without shared libraries, into the
 * library itself.  Only built into the module; the version script keeps
 * everything here but the entry point private.  A library helper newly
 * called from ssh/ needs a slot in struct rig_core_api and a forwarder
 * here (tests/integration/ssh-module.sh checks none is missing).
 */
#include <stdio.h>
#include <string.h>

#include "paths/ssh/module.h"

static const struct rig_core_api *core;

RIG_API rig_status rig_ssh_module_init(const struct rig_core_api *api,
				       const struct rig_backend_ops **ops)
{
	if (api == NULL || ops == NULL || api->size != sizeof(*api) ||
	    api->rig_size != sizeof(struct rig) ||
	    api->ops_size != sizeof(struct rig_backend_ops) ||
	    api->version == NULL ||
	    strcmp(api->version, RIG_VERSION_STRING) != 0)
		return RIG_E_UNSUPPORTED;
	core = api;
	*ops = &ssh_backend_ops;
	return RIG_OK;
}

void rig__clear_errors(rig *r)
{
	core->clear_errors(r);
}

rig_status rig__vfail_hint(rig *r, rig_path path, rig_status status,
			  rig_hint hint, const char *fmt, va_list ap)
{
	return core->vfail_hint(r, path, status, hint, fmt, ap);
}

rig_status rig__vfail(rig *r, rig_path path, rig_status status,
		     const char *fmt, va_list ap)
{
	return core->vfail_hint(r, path, status, RIG_HINT_NONE, fmt, ap);
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

void rig__error_rewind(rig *r, size_t mark)
{
	core->error_rewind(r, mark);
}

const char *rig__error_since(const rig *r, size_t mark)
{
	return core->error_since(r, mark);
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

const char *rig_power_action_name(rig_power_action action)
{
	return core->power_action_name(action);
}

rig_sensor *rig__sensor_list_add(rig_sensor_list *l)
{
	return core->sensor_list_add(l);
}

rig_event *rig__event_list_add(rig_event_list *l)
{
	return core->event_list_add(l);
}

void rig__sensor_clear(rig_sensor *s)
{
	core->sensor_clear(s);
}

void rig__event_clear(rig_event *e)
{
	core->event_clear(e);
}

void sshp_free(struct sshp *p)
{
	core->sshp_free(p);
}

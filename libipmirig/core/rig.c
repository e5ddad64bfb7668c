/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rig handle: creation, paths, logging, capabilities. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/names.h"
#include "core/internal.h"

RIG_API const char *rig_version(void)
{
	return RIG_VERSION_STRING;
}

RIG_API rig_status rig_new(const char *name, rig **out)
{
	rig *r;

	if (out == NULL)
		return RIG_E_INVALID;
	*out = NULL;
	if (name == NULL || name[0] == '\0')
		return RIG_E_INVALID;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return RIG_E_NOMEM;
	r->name = strdup(name);
	if (r->name == NULL) {
		free(r);
		return RIG_E_NOMEM;
	}
	r->log_level = RIG_LOG_ERROR;
	*out = r;
	return RIG_OK;
}

void rig__set_sel_clear_hook(rig *r, void (*fn)(void *user), void *user)
{
	r->sel_clear_hook = fn;
	r->sel_clear_hook_user = user;
}

static void backend_destroy(struct rig_backend *b)
{
	if (b->ops != NULL && b->ops->destroy != NULL)
		b->ops->destroy(b->priv);
	b->ops = NULL;
	b->priv = NULL;
}

RIG_API void rig_free(rig *r)
{
	if (r == NULL)
		return;
	backend_destroy(&r->bmc);
	backend_destroy(&r->ssh);
	backend_destroy(&r->wol);
	backend_destroy(&r->plug);
	free(r->name);
	free(r);
}

RIG_API const char *rig_name(const rig *r)
{
	return r != NULL ? r->name : NULL;
}

struct rig_backend *rig__backend_of(rig *r, rig_path path)
{
	struct rig_backend *b = NULL;

	switch (path) {
	case RIG_PATH_BMC:
		b = &r->bmc;
		break;
	case RIG_PATH_SSH:
		b = &r->ssh;
		break;
	case RIG_PATH_WOL:
		b = &r->wol;
		break;
	case RIG_PATH_PLUG:
		b = &r->plug;
		break;
	case RIG_PATH_NONE:
		break;
	}
	return (b != NULL && b->ops != NULL) ? b : NULL;
}

RIG_API unsigned int rig_paths(const rig *r)
{
	unsigned int p = 0;

	if (r == NULL)
		return 0;
	if (r->bmc.ops != NULL)
		p |= RIG_PATH_BMC;
	if (r->ssh.ops != NULL)
		p |= RIG_PATH_SSH;
	if (r->wol.ops != NULL)
		p |= RIG_PATH_WOL;
	if (r->plug.ops != NULL)
		p |= RIG_PATH_PLUG;
	return p;
}

RIG_API const char *rig_path_name(rig_path path)
{
	switch (path) {
	case RIG_PATH_BMC:
		return "bmc";
	case RIG_PATH_SSH:
		return "ssh";
	case RIG_PATH_WOL:
		return "wol";
	case RIG_PATH_PLUG:
		return "plug";
	case RIG_PATH_NONE:
		break;
	}
	return "none";
}

RIG_API void rig_set_log(rig *r, rig_log_fn fn, void *user,
			 rig_log_level max_level)
{
	if (r == NULL)
		return;
	r->log_fn = fn;
	r->log_user = user;
	r->log_level = max_level;
}

void rig__log(rig *r, rig_log_level level, const char *fmt, ...)
{
	char buf[RIG_ERRMSG_MAX];
	va_list ap;

	if (r->log_fn == NULL || level > r->log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->log_fn(r->log_user, level, r->name, buf);
}

RIG_API uint32_t rig_capabilities(const rig *r)
{
	uint32_t caps = 0;

	if (r == NULL)
		return 0;
	if (r->bmc.ops != NULL)
		caps |= r->bmc.ops->caps;
	if (r->ssh.ops != NULL)
		caps |= r->ssh.ops->caps;
	if (r->wol.ops != NULL)
		caps |= r->wol.ops->caps;
	if (r->plug.ops != NULL)
		caps |= r->plug.ops->caps;
	return caps;
}

static const struct rig_name_value cap_names[] = {
	{"power-status", RIG_CAP_POWER_STATUS},
	{"power-on", RIG_CAP_POWER_ON},
	{"power-off", RIG_CAP_POWER_OFF},
	{"power-soft", RIG_CAP_POWER_SOFT},
	{"power-cycle", RIG_CAP_POWER_CYCLE},
	{"power-reset", RIG_CAP_POWER_RESET},
	{"power-reboot", RIG_CAP_POWER_REBOOT},
	{"sensors", RIG_CAP_SENSORS},
	{"gpus", RIG_CAP_GPUS},
	{"sel", RIG_CAP_SEL},
	{"kernel-events", RIG_CAP_KERNEL_EVENTS},
	{"ecc", RIG_CAP_ECC},
	{"boot", RIG_CAP_BOOT},
	{"console", RIG_CAP_CONSOLE},
	{"identify", RIG_CAP_IDENTIFY},
	{"fru", RIG_CAP_FRU},
	{"info", RIG_CAP_INFO},
	{"os-info", RIG_CAP_OS_INFO},
};

RIG_API const char *rig_capability_name(uint32_t cap)
{
	return rig__nv_name(cap_names, ARRAY_SIZE(cap_names), cap);
}

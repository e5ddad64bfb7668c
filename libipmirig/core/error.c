/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Status names and the per-handle, per-path error list. */
#include <stdio.h>
#include <string.h>

#include "core/internal.h"

RIG_API const char *rig_strerror(rig_status status)
{
	switch (status) {
	case RIG_OK:
		return "success";
	case RIG_E_INVALID:
		return "invalid argument";
	case RIG_E_NOMEM:
		return "out of memory";
	case RIG_E_UNREACHABLE:
		return "rig not reachable";
	case RIG_E_HOSTKEY:
		return "SSH host key not trusted";
	case RIG_E_AUTH:
		return "authentication refused";
	case RIG_E_PRIVILEGE:
		return "privilege refused";
	case RIG_E_UNSUPPORTED:
		return "not supported on this rig";
	case RIG_E_NOT_AVAILABLE:
		return "not available";
	case RIG_E_BMC:
		return "BMC error";
	case RIG_E_STATE:
		return "rig in the wrong state";
	case RIG_E_WAIT_TIMEOUT:
		return "state not reached in time";
	case RIG_E_PROBE:
		return "rig probe failed";
	case RIG_E_IO:
		return "local file error";
	case RIG_E_PARTIAL:
		return "partial failure";
	case RIG_E_INTERNAL:
		return "internal error";
	}
	return "unknown status";
}

void rig__clear_errors(rig *r)
{
	r->nerrors = 0;
	r->errors[0].message[0] = '\0';
}

rig_status rig__vfail(rig *r, rig_path path, rig_status status,
		     const char *fmt, va_list ap)
{
	struct rig_error *e;

	if (r->nerrors >= RIG_MAX_ERRORS)
		return status; /* keep the first ones: they name the cause */
	e = &r->errors[r->nerrors++];
	e->path = path;
	e->status = status;
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	rig__log(r, RIG_LOG_DEBUG, "%s: %s", rig_path_name(path), e->message);
	return status;
}

rig_status rig__fail(rig *r, rig_path path, rig_status status,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rig__vfail(r, path, status, fmt, ap);
	va_end(ap);
	return status;
}

rig_status rig__fail_options_version(rig *r, rig_path path, const char *what,
				    unsigned int got, unsigned int want)
{
	return rig__fail(r, path, RIG_E_INVALID,
			"%s: %s options: version %u, expected %u (call "
			"rig_%s_options_init)", r->name, what, got, want, what);
}

rig_status rig__combine(const rig *r, unsigned int succeeded)
{
	rig_status first;

	if (r->nerrors == 0)
		return succeeded > 0 ? RIG_OK : RIG_E_UNSUPPORTED;
	if (succeeded > 0)
		return RIG_E_PARTIAL;
	/* INTERFACE.md: failures that disagree make a partial result. */
	first = r->errors[0].status;
	for (size_t i = 1; i < r->nerrors; i++)
		if (r->errors[i].status != first)
			return RIG_E_PARTIAL;
	return first;
}

RIG_API const char *rig_errormsg(const rig *r)
{
	if (r == NULL)
		return "no rig handle";
	return r->nerrors > 0 ? r->errors[0].message : "";
}

RIG_API size_t rig_error_count(const rig *r)
{
	return r != NULL ? r->nerrors : 0;
}

RIG_API rig_status rig_error_at(const rig *r, size_t index, rig_path *path,
				const char **message)
{
	if (r == NULL || index >= r->nerrors)
		return RIG_E_INVALID;
	if (path != NULL)
		*path = r->errors[index].path;
	if (message != NULL)
		*message = r->errors[index].message;
	return r->errors[index].status;
}

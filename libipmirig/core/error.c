/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Status names and the per-handle, per-path error list. */
#include <stdio.h>
#include <string.h>

#include "util/bytes.h"
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
	rig__paths_retry(r);
}

void rig__paths_retry(rig *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(r->down); i++)
		r->down[i].status = RIG_OK;
}

/* The slot of one path in r->down; NULL for none. */
static struct rig_error *down_slot(rig *r, rig_path path)
{
	switch (path) {
	case RIG_PATH_BMC:
		return &r->down[0];
	case RIG_PATH_SSH:
		return &r->down[1];
	case RIG_PATH_WOL:
		return &r->down[2];
	case RIG_PATH_PLUG:
		return &r->down[3];
	case RIG_PATH_NONE:
		break;
	}
	return NULL;
}

void rig__path_failed(rig *r, rig_path path, size_t mark)
{
	struct rig_error *d = down_slot(r, path);

	if (d == NULL || d->status != RIG_OK)
		return;
	for (size_t i = mark; i < r->nerrors; i++) {
		const struct rig_error *e = &r->errors[i];

		if (e->path != path)
			continue;
		/* Out of memory says nothing of the rig, and a privilege
		 * refused at one level may be granted at a lower one. */
		if (e->status == RIG_E_NOMEM || e->status == RIG_E_PRIVILEGE)
			return;
		*d = *e;
		rig__log(r, RIG_LOG_DEBUG, "%s: not trying this path again in "
			"this call", rig_path_name(path));
		return;
	}
}

rig_status rig__path_down(rig *r, rig_path path)
{
	const struct rig_error *d = down_slot(r, path);

	if (d == NULL || d->status == RIG_OK)
		return RIG_OK;
	for (size_t i = 0; i < r->nerrors; i++)
		if (r->errors[i].path == path &&
		    r->errors[i].status == d->status &&
		    strcmp(r->errors[i].message, d->message) == 0)
			return d->status; /* already reported */
	return rig__fail_hint(r, path, d->status, d->hint, "%s", d->message);
}

rig_status rig__vfail_hint(rig *r, rig_path path, rig_status status,
			  rig_hint hint, const char *fmt, va_list ap)
{
	struct rig_error *e;

	if (r->nerrors >= RIG_MAX_ERRORS)
		return status; /* keep the first ones: they name the cause */
	e = &r->errors[r->nerrors++];
	e->path = path;
	e->status = status;
	e->hint = hint;
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	rig__log(r, RIG_LOG_DEBUG, "%s: %s", rig_path_name(path), e->message);
	return status;
}

rig_status rig__vfail(rig *r, rig_path path, rig_status status,
		     const char *fmt, va_list ap)
{
	return rig__vfail_hint(r, path, status, RIG_HINT_NONE, fmt, ap);
}

rig_status rig__fail(rig *r, rig_path path, rig_status status,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rig__vfail_hint(r, path, status, RIG_HINT_NONE, fmt, ap);
	va_end(ap);
	return status;
}

rig_status rig__fail_hint(rig *r, rig_path path, rig_status status,
			 rig_hint hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rig__vfail_hint(r, path, status, hint, fmt, ap);
	va_end(ap);
	return status;
}

size_t rig__error_mark(const rig *r)
{
	return r->nerrors;
}

void rig__error_rewind(rig *r, size_t mark)
{
	if (mark < r->nerrors)
		r->nerrors = mark;
	if (r->nerrors == 0)
		r->errors[0].message[0] = '\0';
}

const char *rig__error_since(const rig *r, size_t mark)
{
	return mark < r->nerrors ? r->errors[mark].message : "";
}

void rig__error_drop(rig *r, size_t mark, rig_status status)
{
	size_t o = mark;

	for (size_t i = mark; i < r->nerrors; i++)
		if (r->errors[i].status != status)
			r->errors[o++] = r->errors[i];
	rig__error_rewind(r, o);
}

rig_status rig__combine(const rig *r, size_t mark, unsigned int succeeded)
{
	rig_status first;

	if (r->nerrors <= mark)
		return succeeded > 0 ? RIG_OK : RIG_E_UNSUPPORTED;
	if (succeeded > 0)
		return RIG_E_PARTIAL;
	/* Failures that disagree make a partial result (rigctl's exit 6). */
	first = r->errors[mark].status;
	for (size_t i = mark + 1; i < r->nerrors; i++)
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

RIG_API rig_hint rig_error_hint_at(const rig *r, size_t index)
{
	if (r == NULL || index >= r->nerrors)
		return RIG_HINT_NONE;
	return r->errors[index].hint;
}

RIG_API const char *rig_hint_name(rig_hint hint)
{
	switch (hint) {
	case RIG_HINT_NONE:
		return "none";
	case RIG_HINT_NEED_BMC:
		return "need-bmc";
	case RIG_HINT_NEED_SSH:
		return "need-ssh";
	case RIG_HINT_NEED_BMC_OR_SSH:
		return "need-bmc-or-ssh";
	case RIG_HINT_NEED_BMC_OR_WOL:
		return "need-bmc-or-wol";
	case RIG_HINT_USE_SOFT_OFF:
		return "use-soft-off";
	case RIG_HINT_USE_REBOOT:
		return "use-reboot";
	case RIG_HINT_USE_HARD_RESTART:
		return "use-hard-restart";
	case RIG_HINT_ON_IF_OFF:
		return "on-if-off";
	case RIG_HINT_BMC_USER:
		return "bmc-user";
	case RIG_HINT_KG:
		return "kg";
	case RIG_HINT_PRIVILEGE:
		return "privilege";
	case RIG_HINT_PRIVILEGE_ADMIN:
		return "privilege-admin";
	case RIG_HINT_WORKAROUND_OPENSESSPRIV:
		return "workaround-opensesspriv";
	case RIG_HINT_WORKAROUND_SOL:
		return "workaround-sol";
	case RIG_HINT_CIPHER_SUITE:
		return "cipher-suite";
	case RIG_HINT_HOST_KEY_UNKNOWN:
		return "host-key-unknown";
	case RIG_HINT_HOST_KEY_CHANGED:
		return "host-key-changed";
	case RIG_HINT_SSH_KEY:
		return "ssh-key";
	case RIG_HINT_TIMEOUT:
		return "timeout";
	case RIG_HINT_ALLOW_NO_AUTH:
		return "allow-no-auth";
	case RIG_HINT_CONSOLE_IN_USE:
		return "console-in-use";
	case RIG_HINT_USE_CYCLE:
		return "use-cycle";
	case RIG_HINT_PLUG_PASSWORD:
		return "plug-password";
	case RIG_HINT_FAN_PROFILE:
		return "fan-profile";
	}
	return "unknown";
}

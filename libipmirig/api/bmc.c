/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BMC management, public entries: chassis status, power restore policy,
 * BMC reset, the SEL clock, LAN and users, raw requests, freeing a stuck
 * console.  Validate, route with the least privilege each needs (IPMI 2.0
 * table G-1), dispatch.
 */
#include <stdlib.h>
#include <string.h>

#include "codec/raw.h"
#include "util/bytes.h"
#include "util/names.h"
#include "core/internal.h"
#include "core/route.h"

static const char *const policy_names[] = {"always-off", "previous",
					   "always-on", "unknown"};

RIG_API const char *rig_power_policy_name(rig_power_policy p)
{
	return RIG_NAME_OF(policy_names, p);
}

RIG_API rig_status rig_power_policy_parse(const char *text,
					  rig_power_policy *out)
{
	/* "unknown" is reported, never requested. */
	int p = rig__name_index(policy_names, RIG_POLICY_UNKNOWN, text, false);

	if (p < 0 || out == NULL)
		return RIG_E_INVALID;
	*out = (rig_power_policy)p;
	return RIG_OK;
}

RIG_API const char *rig_bmc_privilege_name(unsigned int privilege)
{
	switch (privilege) {
	case 1:
		return "callback";
	case 2:
		return "user";
	case 3:
		return "operator";
	case 4:
		return "admin";
	case 5:
		return "oem";
	case 15:
		return "no-access";
	default:
		break;
	}
	return "unknown";
}

RIG_API rig_status rig_chassis_status_get(rig *r, rig_chassis_status *out)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(out, 0, sizeof(*out));
	out->policy = RIG_POLICY_UNKNOWN;
	b = rig__route_ready(r, ROUTE_CHASSIS_STATUS, "chassis status",
			     RIG_INTENT_READ, &rc);
	return b != NULL ? b->ops->chassis_status(r, b->priv, out) : rc;
}

RIG_API rig_status rig_power_policy_set(rig *r, rig_power_policy policy)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if ((unsigned int)policy >= RIG_POLICY_UNKNOWN)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: invalid power restore policy %d", r->name,
				(int)policy);
	b = rig__route_ready(r, ROUTE_POWER_POLICY, "setting the power policy",
			     RIG_INTENT_CONTROL, &rc);
	return b != NULL ? b->ops->power_policy_set(r, b->priv, policy) : rc;
}

RIG_API rig_status rig_bmc_reset(rig *r, bool warm, unsigned int wait_ms)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	b = rig__route_ready(r, ROUTE_MC_RESET, "a BMC reset", RIG_INTENT_ADMIN,
			     &rc);
	return b != NULL ? b->ops->mc_reset(r, b->priv, warm, wait_ms) : rc;
}

RIG_API rig_status rig_bmc_time_get(rig *r, rig_bmc_time *out)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(out, 0, sizeof(*out));
	b = rig__route_ready(r, ROUTE_MC_TIME_GET, "reading the BMC time",
			     RIG_INTENT_READ, &rc);
	return b != NULL ? b->ops->mc_time_get(r, b->priv, out) : rc;
}

RIG_API rig_status rig_bmc_time_set(rig *r, int64_t t)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	/* Up to 0x20000000 IPMI reads a time as seconds since the BMC
	 * started, not as a date. */
	if (t <= 0x20000000 || t > (int64_t)UINT32_MAX - 1)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: BMC time %lld is outside what IPMI can "
				"hold as a date", r->name, (long long)t);
	b = rig__route_ready(r, ROUTE_MC_TIME_SET, "setting the BMC time",
			     RIG_INTENT_CONTROL, &rc);
	return b != NULL ? b->ops->mc_time_set(r, b->priv, (uint32_t)t) : rc;
}

RIG_API rig_status rig_bmc_lan_get(rig *r, rig_bmc_lan *out)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(out, 0, sizeof(*out));
	out->ip_source = "unspecified";
	b = rig__route_ready(r, ROUTE_MC_LAN, "reading the BMC's LAN settings",
			     RIG_INTENT_CONTROL, &rc);
	return b != NULL ? b->ops->mc_lan(r, b->priv, out) : rc;
}

RIG_API void rig_bmc_user_list_free(rig_bmc_user_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	free(list);
}

RIG_API rig_status rig_bmc_users_get(rig *r, rig_bmc_user_list **out)
{
	struct rig_backend *b;
	rig_bmc_user_list *l;
	rig_status rc;

	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	*out = NULL;
	b = rig__route_ready(r, ROUTE_MC_USERS, "reading the BMC's users",
			     RIG_INTENT_CONTROL, &rc);
	if (b == NULL)
		return rc;
	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	rc = b->ops->mc_users(r, b->priv, l);
	if (rc != RIG_OK) {
		rig_bmc_user_list_free(l);
		return rc;
	}
	*out = l;
	return RIG_OK;
}

RIG_API const char *rig_raw_forbidden(uint8_t netfn, uint8_t cmd)
{
	return raw_forbidden(netfn, cmd);
}

RIG_API rig_status rig_raw(rig *r, uint8_t netfn, uint8_t cmd,
			   const uint8_t *data, size_t len,
			   rig_raw_response *out)
{
	struct rig_backend *b;
	const char *why;
	rig_status rc;

	if (r == NULL || out == NULL || (data == NULL && len > 0))
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(out, 0, sizeof(*out));
	if (netfn > 0x3f || (netfn & 1) != 0)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: raw: 0x%02x is not a request netfn (even, "
				"0x00 to 0x3e)", r->name, netfn);
	/* Command byte and completion code take two of the buffer's bytes. */
	if (len > RIG_RAW_MAX - 2)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: raw: %zu data bytes, at most %d", r->name,
				len, RIG_RAW_MAX - 2);
	/* Refused before any path is chosen or contacted; the BMC path's
	 * raw helper refuses it again, for its internal callers. */
	why = raw_forbidden(netfn, cmd);
	if (why != NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: raw: refused: %s", r->name, why);
	b = rig__route_ready(r, ROUTE_RAW, "a raw IPMI request",
			     RIG_INTENT_ADMIN, &rc);
	return b != NULL ? b->ops->raw(r, b->priv, netfn, cmd, data, len, out)
			 : rc;
}

RIG_API rig_status rig_console_deactivate(rig *r, bool *was_active)
{
	struct rig_backend *b;
	bool dummy;
	rig_status rc;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (was_active == NULL)
		was_active = &dummy;
	*was_active = false;
	/* Admin, as rig_console_open() asks for SOL by default. */
	b = rig__route_ready(r, ROUTE_CONSOLE_DEACTIVATE,
			     "freeing the serial console", RIG_INTENT_ADMIN, &rc);
	return b != NULL ? b->ops->console_deactivate(r, b->priv, was_active)
			 : rc;
}

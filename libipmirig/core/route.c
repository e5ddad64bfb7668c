/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Which path performs which operation: the one place that decides.  The
 * routing table in docs/commands.md mirrors this file.  For each
 * operation, the paths in order of preference; the first one the rig has
 * and that implements the op is used.
 */
#include "util/bytes.h"
#include "core/internal.h"
#include "core/route.h"

static const struct route routes[] = {
	/* A rig of a Wake-on-LAN MAC alone gets here: it can be woken, but
	 * nothing can tell whether it woke. */
	/* A plug reports its relay; api/power.c asks SSH, where the rig has
	 * it, what the OS behind a closed relay is doing. */
	{ROUTE_POWER_STATUS, {RIG_PATH_BMC, RIG_PATH_PLUG, RIG_PATH_SSH},
	 "the power state is read from a BMC, a smart plug or over SSH; "
	 "Wake-on-LAN can only send a power-on", RIG_HINT_NEED_BMC_OR_SSH},
	/* A plug whose relay is already closed cannot power the rig on:
	 * api/power.c falls back to Wake-on-LAN there. */
	{ROUTE_POWER_ON, {RIG_PATH_BMC, RIG_PATH_PLUG, RIG_PATH_WOL},
	 "it needs a BMC or a Wake-on-LAN MAC", RIG_HINT_NEED_BMC_OR_WOL},
	{ROUTE_POWER_OFF, {RIG_PATH_BMC, RIG_PATH_PLUG},
	 "a hard power-off needs a BMC; without one, a soft power-off (OS "
	 "shutdown over SSH) or a switchable smart plug can do it",
	 RIG_HINT_USE_SOFT_OFF},
	{ROUTE_POWER_SOFT, {RIG_PATH_BMC, RIG_PATH_SSH},
	 "it needs a BMC or an SSH path", RIG_HINT_NEED_BMC_OR_SSH},
	{ROUTE_POWER_CYCLE, {RIG_PATH_BMC, RIG_PATH_PLUG},
	 "a power cycle needs a BMC; without one, an OS reboot over SSH or "
	 "a switchable smart plug can do it", RIG_HINT_USE_REBOOT},
	{ROUTE_POWER_RESET, {RIG_PATH_BMC},
	 "a hard reset needs a BMC; without one, an OS reboot over SSH or a "
	 "switchable smart plug can do it", RIG_HINT_USE_REBOOT},
	{ROUTE_POWER_REBOOT, {RIG_PATH_SSH},
	 "an OS reboot needs an SSH path; with a BMC, a power cycle or a "
	 "hard reset restarts the rig in hardware", RIG_HINT_USE_HARD_RESTART},
	{ROUTE_BMC_INFO, {RIG_PATH_BMC}, "BMC identity needs a BMC",
	 RIG_HINT_NEED_BMC},
	{ROUTE_SENSORS, {RIG_PATH_BMC, RIG_PATH_SSH},
	 "sensors need a BMC or an SSH path", RIG_HINT_NEED_BMC_OR_SSH},
	{ROUTE_SDR_FLUSH, {RIG_PATH_BMC}, "only a BMC has an SDR cache",
	 RIG_HINT_NEED_BMC},
	{ROUTE_EVENTS, {RIG_PATH_BMC, RIG_PATH_SSH},
	 "events need a BMC (the SEL) or an SSH path (the kernel log)",
	 RIG_HINT_NEED_BMC_OR_SSH},
	{ROUTE_SEL_INFO, {RIG_PATH_BMC}, "only a BMC has a SEL",
	 RIG_HINT_NEED_BMC},
	{ROUTE_SEL_CLEAR, {RIG_PATH_BMC}, "only a BMC has a SEL",
	 RIG_HINT_NEED_BMC},
	{ROUTE_ECC, {RIG_PATH_BMC, RIG_PATH_SSH},
	 "memory errors are read from a BMC's SEL or EDAC over SSH",
	 RIG_HINT_NEED_BMC_OR_SSH},
	{ROUTE_BOOT_SET, {RIG_PATH_BMC},
	 "the boot device is set through a BMC", RIG_HINT_NEED_BMC},
	{ROUTE_BOOT_GET, {RIG_PATH_BMC},
	 "the boot device is read from a BMC", RIG_HINT_NEED_BMC},
	{ROUTE_IDENTIFY, {RIG_PATH_BMC}, "the identify LED needs a BMC",
	 RIG_HINT_NEED_BMC},
	{ROUTE_FRU, {RIG_PATH_BMC}, "the FRU inventory is read from a BMC",
	 RIG_HINT_NEED_BMC},
	{ROUTE_POWER_READING, {RIG_PATH_BMC, RIG_PATH_PLUG},
	 "a power reading needs a BMC with DCMI or a smart plug with an "
	 "energy meter", RIG_HINT_NEED_BMC},
	{ROUTE_CONSOLE, {RIG_PATH_BMC},
	 "the serial console (Serial-over-LAN) needs a BMC", RIG_HINT_NEED_BMC},
	{ROUTE_OS_INFO, {RIG_PATH_SSH},
	 "the operating system is asked over SSH", RIG_HINT_NEED_SSH},
	{ROUTE_CHASSIS_STATUS, {RIG_PATH_BMC},
	 "the chassis status is read from a BMC", RIG_HINT_NEED_BMC},
	{ROUTE_POWER_POLICY, {RIG_PATH_BMC},
	 "the power restore policy is set through a BMC", RIG_HINT_NEED_BMC},
	{ROUTE_MC_RESET, {RIG_PATH_BMC}, "only a BMC can be reset",
	 RIG_HINT_NEED_BMC},
	{ROUTE_MC_TIME_GET, {RIG_PATH_BMC}, "only a BMC has a SEL clock",
	 RIG_HINT_NEED_BMC},
	{ROUTE_MC_TIME_SET, {RIG_PATH_BMC}, "only a BMC has a SEL clock",
	 RIG_HINT_NEED_BMC},
	{ROUTE_MC_LAN, {RIG_PATH_BMC},
	 "the LAN configuration is read from a BMC", RIG_HINT_NEED_BMC},
	{ROUTE_MC_USERS, {RIG_PATH_BMC}, "the user list is read from a BMC",
	 RIG_HINT_NEED_BMC},
	{ROUTE_RAW, {RIG_PATH_BMC}, "raw IPMI requests need a BMC",
	 RIG_HINT_NEED_BMC},
	{ROUTE_CONSOLE_DEACTIVATE, {RIG_PATH_BMC},
	 "the serial console (Serial-over-LAN) needs a BMC", RIG_HINT_NEED_BMC},
	{ROUTE_FANS, {RIG_PATH_BMC}, "fan control needs a BMC",
	 RIG_HINT_NEED_BMC},
};

const struct route *rig__route(enum route_op op)
{
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++)
		if (routes[i].op == op)
			return &routes[i];
	return NULL;
}

static bool has_op(const struct rig_backend *b, enum route_op op)
{
	const struct rig_backend_ops *o = b->ops;

	switch (op) {
	case ROUTE_POWER_STATUS:
		return o->power_status != NULL;
	case ROUTE_POWER_ON:
	case ROUTE_POWER_OFF:
	case ROUTE_POWER_SOFT:
	case ROUTE_POWER_CYCLE:
	case ROUTE_POWER_RESET:
	case ROUTE_POWER_REBOOT:
		return o->power_action != NULL &&
		       (o->caps & route_cap(op)) != 0;
	case ROUTE_BMC_INFO:
		return o->bmc_info != NULL;
	case ROUTE_SENSORS:
		return o->sensors != NULL;
	case ROUTE_SDR_FLUSH:
		return o->sdr_flush != NULL;
	case ROUTE_EVENTS:
		return o->events != NULL;
	case ROUTE_SEL_INFO:
		return o->sel_info != NULL;
	case ROUTE_SEL_CLEAR:
		return o->sel_clear != NULL;
	case ROUTE_ECC:
		return o->ecc_counters != NULL ||
		       (o->events != NULL && (o->caps & RIG_CAP_ECC) != 0);
	case ROUTE_BOOT_SET:
		return o->boot_set != NULL;
	case ROUTE_BOOT_GET:
		return o->boot_get != NULL;
	case ROUTE_IDENTIFY:
		return o->identify != NULL;
	case ROUTE_FRU:
		return o->fru != NULL;
	case ROUTE_POWER_READING:
		return o->power_reading != NULL;
	case ROUTE_CONSOLE:
		return o->console_open != NULL;
	case ROUTE_OS_INFO:
		return o->os_info != NULL;
	case ROUTE_CHASSIS_STATUS:
		return o->chassis_status != NULL;
	case ROUTE_POWER_POLICY:
		return o->power_policy_set != NULL;
	case ROUTE_MC_RESET:
		return o->mc_reset != NULL;
	case ROUTE_MC_TIME_GET:
		return o->mc_time_get != NULL;
	case ROUTE_MC_TIME_SET:
		return o->mc_time_set != NULL;
	case ROUTE_MC_LAN:
		return o->mc_lan != NULL;
	case ROUTE_MC_USERS:
		return o->mc_users != NULL;
	case ROUTE_RAW:
		return o->raw != NULL;
	case ROUTE_CONSOLE_DEACTIVATE:
		return o->console_deactivate != NULL;
	case ROUTE_FANS:
		return o->fan_request != NULL && o->fan_vendor != NULL;
	}
	return false;
}

uint32_t route_cap(enum route_op op)
{
	switch (op) {
	case ROUTE_POWER_STATUS:
		return RIG_CAP_POWER_STATUS;
	case ROUTE_POWER_ON:
		return RIG_CAP_POWER_ON;
	case ROUTE_POWER_OFF:
		return RIG_CAP_POWER_OFF;
	case ROUTE_POWER_SOFT:
		return RIG_CAP_POWER_SOFT;
	case ROUTE_POWER_CYCLE:
		return RIG_CAP_POWER_CYCLE;
	case ROUTE_POWER_RESET:
		return RIG_CAP_POWER_RESET;
	case ROUTE_POWER_REBOOT:
		return RIG_CAP_POWER_REBOOT;
	case ROUTE_BMC_INFO:
		return RIG_CAP_INFO;
	case ROUTE_SENSORS:
		return RIG_CAP_SENSORS;
	case ROUTE_SDR_FLUSH:
		return RIG_CAP_SENSORS;
	case ROUTE_EVENTS:
		return RIG_CAP_SEL | RIG_CAP_KERNEL_EVENTS;
	case ROUTE_SEL_INFO:
	case ROUTE_SEL_CLEAR:
		return RIG_CAP_SEL;
	case ROUTE_ECC:
		return RIG_CAP_ECC;
	case ROUTE_BOOT_SET:
	case ROUTE_BOOT_GET:
		return RIG_CAP_BOOT;
	case ROUTE_IDENTIFY:
		return RIG_CAP_IDENTIFY;
	case ROUTE_FRU:
		return RIG_CAP_FRU;
	case ROUTE_POWER_READING:
		return 0; /* DCMI is known only by asking the BMC */
	case ROUTE_CONSOLE:
		return RIG_CAP_CONSOLE;
	case ROUTE_OS_INFO:
		return RIG_CAP_OS_INFO;
	case ROUTE_CONSOLE_DEACTIVATE:
		return RIG_CAP_CONSOLE;
	case ROUTE_CHASSIS_STATUS:
	case ROUTE_POWER_POLICY:
	case ROUTE_MC_RESET:
	case ROUTE_MC_TIME_GET:
	case ROUTE_MC_TIME_SET:
	case ROUTE_MC_LAN:
	case ROUTE_MC_USERS:
	case ROUTE_RAW:
	case ROUTE_FANS:
		return 0; /* known only by asking the BMC */
	}
	return 0;
}

struct rig_backend *rig__route_pick(rig *r, enum route_op op)
{
	const struct route *rt = rig__route(op);

	if (rt == NULL)
		return NULL;
	for (size_t i = 0; i < ROUTE_MAX_PATHS && rt->paths[i] != 0; i++) {
		struct rig_backend *b = rig__backend_of(r, rt->paths[i]);

		if (b != NULL && has_op(b, op))
			return b;
	}
	return NULL;
}

rig_status rig__route_unsupported(rig *r, enum route_op op, const char *what)
{
	const struct route *rt = rig__route(op);

	return rig__fail_hint(r, RIG_PATH_NONE, RIG_E_UNSUPPORTED,
			     rt != NULL ? rt->hint : RIG_HINT_NONE,
			     "%s: %s is not possible on this rig%s%s", r->name,
			     what, rt != NULL && rt->why != NULL ? ": " : "",
			     rt != NULL && rt->why != NULL ? rt->why : "");
}

bool rig__route_any(rig *r, enum route_op op)
{
	const struct route *rt = rig__route(op);

	for (size_t i = 0; rt != NULL && i < ROUTE_MAX_PATHS && rt->paths[i] != 0;
	     i++) {
		struct rig_backend *b = rig__backend_of(r, rt->paths[i]);

		if (b != NULL && has_op(b, op))
			return true;
	}
	return false;
}

unsigned int rig__route_each(rig *r, enum route_op op, rig_intent intent,
			    route_each_fn fn, void *arg)
{
	const struct route *rt = rig__route(op);
	unsigned int ok = 0;

	for (size_t i = 0; rt != NULL && i < ROUTE_MAX_PATHS && rt->paths[i] != 0;
	     i++) {
		struct rig_backend *b = rig__backend_of(r, rt->paths[i]);
		rig_status rc = RIG_OK;

		if (b == NULL || !has_op(b, op))
			continue;
		if (b->ops->begin != NULL)
			rc = b->ops->begin(r, b->priv, intent);
		if (rc == RIG_OK)
			rc = fn(r, b, arg);
		if (rc == RIG_OK)
			ok++;
	}
	return ok;
}

struct rig_backend *rig__route_ready(rig *r, enum route_op op, const char *what,
				    rig_intent intent, rig_status *rc)
{
	struct rig_backend *b = rig__route_pick(r, op);

	*rc = RIG_OK;
	if (b == NULL) {
		*rc = rig__route_unsupported(r, op, what);
		return NULL;
	}
	if (b->ops->begin != NULL)
		*rc = b->ops->begin(r, b->priv, intent);
	return *rc == RIG_OK ? b : NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef RIG_ROUTE_H
#define RIG_ROUTE_H

#include "core/internal.h"

enum route_op {
	ROUTE_POWER_STATUS,
	ROUTE_POWER_ON,
	ROUTE_POWER_OFF,
	ROUTE_POWER_SOFT,
	ROUTE_POWER_CYCLE,
	ROUTE_POWER_RESET,
	ROUTE_POWER_REBOOT,
	ROUTE_BMC_INFO,
	ROUTE_SENSORS,   /* merged over every path that has it */
	ROUTE_SDR_FLUSH,
	ROUTE_EVENTS,    /* merged over every path that has it */
	ROUTE_SEL_INFO,
	ROUTE_SEL_CLEAR,
	ROUTE_ECC,       /* merged: counters, else events with RIG_CAP_ECC */
	ROUTE_BOOT_SET,  /* remote hands */
	ROUTE_BOOT_GET,
	ROUTE_IDENTIFY,
	ROUTE_FRU,
	ROUTE_POWER_READING,
	ROUTE_CONSOLE,
	ROUTE_OS_INFO,
	ROUTE_CHASSIS_STATUS, /* BMC management: api/bmc.c */
	ROUTE_POWER_POLICY,
	ROUTE_MC_RESET,
	ROUTE_MC_TIME_GET,
	ROUTE_MC_TIME_SET,
	ROUTE_MC_LAN,
	ROUTE_MC_USERS,
	ROUTE_RAW,
	ROUTE_CONSOLE_DEACTIVATE,
	ROUTE_FANS       /* api/fans.c */
};

#define ROUTE_MAX_PATHS 3

struct route {
	enum route_op op;
	rig_path paths[ROUTE_MAX_PATHS]; /* preference order, 0-terminated */
	const char *why; /* the condition when no path can */
	rig_hint hint;   /* and what would get past it */
};

const struct route *rig__route(enum route_op op);
uint32_t route_cap(enum route_op op);

/* The backend that performs op on this rig, or NULL. */
struct rig_backend *rig__route_pick(rig *r, enum route_op op);

/*
 * For merged operations: call fn for every path of the rig that implements
 * op, in the route's order, each after the backend's begin(intent).  Each
 * failure is recorded by fn (or begin) on the handle; returns how many
 * paths succeeded, so rig__combine(r, n) gives the call's status.
 */
typedef rig_status (*route_each_fn)(rig *r, struct rig_backend *b, void *arg);
unsigned int rig__route_each(rig *r, enum route_op op, rig_intent intent,
			    route_each_fn fn, void *arg);

/* Whether any path of the rig implements op. */
bool rig__route_any(rig *r, enum route_op op);

/*
 * The backend that performs op, with a session fit for intent (its begin
 * op), or NULL with the failure in *rc ("not possible on this rig" with the
 * route's hint when no path can).  The one way public entries reach a
 * backend for a single-path operation.
 */
struct rig_backend *rig__route_ready(rig *r, enum route_op op, const char *what,
				    rig_intent intent, rig_status *rc);

/* Record "not possible on this rig" with the route's hint. */
rig_status rig__route_unsupported(rig *r, enum route_op op, const char *what);

#endif

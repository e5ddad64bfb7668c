/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef RIG_ROUTE_H
#define RIG_ROUTE_H

#include "internal.h"

enum route_op {
	ROUTE_POWER_STATUS,
	ROUTE_POWER_ON,
	ROUTE_POWER_OFF,
	ROUTE_POWER_SOFT,
	ROUTE_POWER_CYCLE,
	ROUTE_POWER_RESET,
	ROUTE_POWER_REBOOT,
	ROUTE_BMC_INFO
};

#define ROUTE_MAX_PATHS 3

struct route {
	enum route_op op;
	rig_path paths[ROUTE_MAX_PATHS]; /* preference order, 0-terminated */
	const char *hint; /* what to do when no path can */
};

const struct route *rig_route(enum route_op op);
uint32_t route_cap(enum route_op op);

/* The backend that performs op on this rig, or NULL. */
struct rig_backend *rig_route_pick(rig *r, enum route_op op);

/* Record "not possible on this rig" with the route's hint. */
rig_status rig_route_unsupported(rig *r, enum route_op op, const char *what);

#endif

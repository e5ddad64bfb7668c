/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The bodies of public entry points that another entry calls.  A public
 * entry starts by clearing the handle's errors; its body does not, so a
 * caller such as rig_check keeps what its earlier parts recorded.  Each
 * body takes the same arguments as its entry, already checked for NULL
 * handle and out-parameter, and reports through the handle as the entry
 * does.
 */
#ifndef RIG_ENTRIES_H
#define RIG_ENTRIES_H

#include "core/internal.h"

rig_status rig__sensors_get(rig *r, const rig_sensors_options *opts,
			    rig_sensor_list **out);
rig_status rig__events_list(rig *r, const rig_events_options *opts,
			    rig_event_list **out);
rig_status rig__ecc_status(rig *r, rig_ecc_report **out);

#endif

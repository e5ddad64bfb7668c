/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private helpers around the pure SEL decoder (codec/sel.c). */
#ifndef RIG_SEL_DECODE_H
#define RIG_SEL_DECODE_H

#include "util/util.h"

/*
 * Fill a zeroed event from a decoded record.  sensor_name is the SDR's
 * name for the sensor, or NULL: then "<type> #0x<number>" stands in, as
 * ipmitool prints it.  RIG_E_NOMEM on failure (the event is then cleared).
 */
rig_status sel_event_fill(rig_event *e, const rig_sel_record *rec,
			  const char *sensor_name);

#endif

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

/*
 * A threshold event (event type 0x01) whose event data 1 says byte 2 is
 * the trigger reading and byte 3 the trigger threshold: its description
 * again with them in the sensor's unit, as ipmitool's sel elist writes it
 * ("Lower Critical going low; Reading 400 < Threshold 500 RPM"), the
 * values converted by the caller with the sensor's SDR factors.  Returns
 * false (rec untouched) for any other record.  Pure.
 */
bool sel_describe_threshold(rig_sel_record *rec, double reading,
			    double threshold, const char *unit);

/* Whether rec is such a threshold event.  Pure. */
bool sel_has_trigger_values(const rig_sel_record *rec);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl sensors: which sensors to show, and a sensor as JSON.  Pure
 * functions over the library's types, unit-tested on their own. */
#ifndef RIGCTL_SENSOR_VIEW_H
#define RIGCTL_SENSOR_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include <ipmirig.h>

struct sensor_filter {
	unsigned int types;    /* bits (1u << rig_sensor_type); 0: every type */
	const char *name_glob; /* fnmatch(3) pattern, case-insensitive; NULL:
				  every name */
	bool problems;         /* only warning and critical */
};

/*
 * "temperature,fan" into type bits (ORed into *types).  Returns 0, or -1
 * with *bad and *bad_len naming the first unknown or empty element.
 */
int sensor_types_parse(const char *text, unsigned int *types,
		       const char **bad, size_t *bad_len);

bool sensor_selected(const struct sensor_filter *f, const rig_sensor *s);

/*
 * One sensor as rigctl's JSON object: name, type, reading (null when there
 * is none), unit, state, source, reason, state_text, record_id,
 * sensor_number, ipmi_type, entity, device, thresholds {lnr..unr}.
 */
json_t *sensor_json(const rig_sensor *s);

#endif

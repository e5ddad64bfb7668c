/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl sensors: which sensors to show, and a sensor as JSON.  Pure
 * functions over the library's types, unit-tested on their own. */
#ifndef RIGCTL_SENSOR_VIEW_H
#define RIGCTL_SENSOR_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <ipmirig.h>

struct sensor_filter {
	uint64_t types;        /* bits (1 << rig_sensor_type); 0: every type.
				  A GPU reading matches its type (gpu) or
				  its quantity (sensor_quantity()) */
	const char *name_glob; /* fnmatch(3) pattern, case-insensitive; NULL:
				  every name */
	bool problems;         /* only warning and critical */
};

/*
 * "temperature,fan" into type bits (ORed into *types).  Returns 0, or -1
 * with *bad and *bad_len naming the first unknown or empty element.
 */
int sensor_types_parse(const char *text, uint64_t *types,
		       const char **bad, size_t *bad_len);

bool sensor_selected(const struct sensor_filter *f, const rig_sensor *s);

/*
 * What a GPU reading measures ("temperature", "fan", "power",
 * "utilization", "memory-used", ...), from the names the library gives
 * GPU sensors ("GPU0 Temperature"); NULL for other sensors (their type
 * says it) and for names it does not know.
 */
const char *sensor_quantity(const rig_sensor *s);

/* ------------------------------------------------ user thresholds */

/* One --threshold or inventory "threshold": sensors whose name matches
 * glob get these thresholds. */
struct sensor_override {
	char *glob;
	uint32_t set; /* bits (1u << RIG_THRESH_x) */
	double value[RIG_THRESH_COUNT];
};

/* What the user said about a rig's sensors: --exclude and
 * exclude_sensors, --threshold and threshold. */
struct sensor_policy {
	char **exclude;  /* NULL-terminated (rig_sensors_options.exclude);
			    NULL when empty */
	size_t nexclude;
	struct sensor_override *ov; /* in order: a later one wins */
	size_t nov;
};

/*
 * "GLOB[,GLOB...]" appended to p->exclude (spaces around each glob are
 * dropped).  Returns 0, or -1 with a message in err (an empty glob).
 */
int sensor_exclude_parse(const char *text, struct sensor_policy *p,
			 char *err, size_t errlen);

/*
 * "GLOB:KEY=VALUE[,KEY=VALUE...]" (KEY one of lnr lcr lnc unc ucr unr,
 * VALUE a finite number) appended to p->ov.  Returns 0, or -1 with a
 * message in err.
 */
int sensor_threshold_parse(const char *text, struct sensor_policy *p,
			   char *err, size_t errlen);

/* Everything of b appended to a (a's entries first).  0, or -1 when out
 * of memory. */
int sensor_policy_add(struct sensor_policy *a, const struct sensor_policy *b);

void sensor_policy_free(struct sensor_policy *p);

struct ctx;

/*
 * One policy per selected rig (c->count): the rig's inventory settings
 * (exclude_sensors, threshold), then cli's.  NULL after a message on
 * c->err when out of memory.  In cmd_sensors.c; check uses it too.
 */
struct sensor_policy *sensor_policies(struct ctx *c,
				      const struct sensor_policy *cli);
void sensor_policies_free(struct sensor_policy *pol, size_t n);

/*
 * The state of a sensor with a reading, from the reading and its
 * thresholds: critical at or above ucr or unr, or below lcr or lnr;
 * warning at or above unc, or below lnc; else ok.  A sensor without a
 * reading keeps its state (the reason says why).
 */
rig_state sensor_state_from_thresholds(const rig_sensor *s);

/*
 * Apply the overrides that match s->name (case-insensitive): replace
 * those thresholds and, when any matched and s has a reading, its state
 * (from sensor_state_from_thresholds()).  Returns the bits of the
 * thresholds the user set, for sensor_json().  Only plain fields change:
 * the strings stay the library's.
 */
uint32_t sensor_apply_policy(const struct sensor_policy *p, rig_sensor *s);

/*
 * One sensor as rigctl's JSON object: name, type, quantity (GPU readings),
 * reading (null when there is none), unit, state, source, reason,
 * state_text, record_id, sensor_number, ipmi_type, entity, device,
 * thresholds {lnr..unr} and threshold_sources {lnr..unr: "user" for the
 * bits of user, else "rig"}.  When user thresholds judged a reading
 * (user != 0), state_text, which explained the rig's verdict, is left out.
 */
json_t *sensor_json(const rig_sensor *s, uint32_t user);

#endif

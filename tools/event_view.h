/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl events, ecc and check: events and times as JSON, and the per-rig
 * files under the state directory. */
#ifndef RIGCTL_EVENT_VIEW_H
#define RIGCTL_EVENT_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include <ipmirig.h>

struct ctx;

/* "2024-05-01T12:00:00Z" into buf (at least 21 bytes). */
void time_rfc3339(int64_t t, char *buf, size_t len);

/* An RFC 3339 string, or null when !has. */
json_t *time_json(bool has, int64_t t);

/*
 * One event: id, source ("sel"/"kernel"), time (null when unknown, then
 * pre_init and uptime_s for pre-init SEL stamps), sensor, type, severity,
 * direction, description, raw, ecc (kind or null), dimm; SEL events also
 * "sel": the record's fields decoded.
 */
json_t *event_json(const rig_event *e);

/*
 * "<state dir>/<rig name, %-escaped>/<leaf>", creating the rig's
 * directory (mode 0700).  Returns 0 with *out malloc'd, or prints why and
 * returns -1.
 */
int rig_state_file(const struct ctx *c, const rig *r, const char *leaf,
		   char **out);

/* The rig's directory name: bytes outside [A-Za-z0-9._:@-] and a leading
 * '.' as %XX, so no name escapes the state directory.  Pure. */
void rig_dir_name(const char *name, char *buf, size_t len);

#endif

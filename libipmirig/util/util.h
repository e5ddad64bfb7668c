/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers that need no rig handle: compiler attributes, clocks, durable
 * renames, host:port splitting, the result lists every path appends to.
 * This layer includes nothing of the library but the public header (for
 * its types), so every other layer, and rigctl, may use it.
 */
#ifndef RIG_UTIL_H
#define RIG_UTIL_H

#include "ipmirig.h"

#define RIG_API __attribute__((visibility("default")))
#define RIG_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Milliseconds on a monotonic clock. */
uint64_t rig__now_ms(void);
void rig__sleep_ms(unsigned int ms);

/* Append one zeroed item (sensors start with record_id -1 and state
 * unknown); NULL when out of memory.  Free an item's strings with *_clear. */
rig_sensor *rig__sensor_list_add(rig_sensor_list *l);
rig_event *rig__event_list_add(rig_event_list *l);
void rig__sensor_clear(rig_sensor *s);
void rig__event_clear(rig_event *e);

/* Make a rename or link in a directory durable: fsync the directory (of
 * path).  Failures are ignored: the file itself was synced before. */
void rig__fsync_dir(const char *dir);
void rig__fsync_dir_of(const char *path);

/* Split "host", "host:port" or "[v6]:port"; host is a new string. */
rig_status rig__split_hostport(const char *text, char **host,
			      unsigned int *port, unsigned int default_port);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Times as text, and what an IPMI timestamp means (IPMI 2.0 37.1). */
#ifndef RIG_UTIL_TIMEFMT_H
#define RIG_UTIL_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipmirig.h"

/* Unix seconds as RFC 3339 UTC, "2024-01-02T03:04:05Z", into buf (21
 * characters with the NUL).  False, buf then empty, when the time has no
 * calendar date here or buf is too short: callers word that case
 * differently ("-", "time unknown", the number), so they say it. */
bool rig__time_rfc3339(int64_t t, char *buf, size_t len);

/* The same without separators, "20240102T030405Z": for file names, where
 * ':' is awkward. */
bool rig__time_basic(int64_t t, char *buf, size_t len);

/* A duration as users write it: a whole number with a unit s, m, h or d
 * ("90s", "10m", "24h", "7d"); a bare number is seconds.  False for
 * anything else or more than max_s seconds. */
bool rig__duration_parse(const char *text, uint64_t max_s, uint64_t *out_s);

/* An IPMI timestamp of all ones is "unspecified"; one at or below
 * RIG_SEL_PRE_INIT_MAX counts seconds since the BMC started, not since
 * the epoch. */
#define RIG_IPMI_TIME_UNSPECIFIED 0xFFFFFFFFu

enum rig_ipmi_time {
	RIG_IPMI_TIME_NONE,     /* unspecified */
	RIG_IPMI_TIME_PRE_INIT, /* seconds since the BMC started */
	RIG_IPMI_TIME_ABSOLUTE, /* Unix seconds */
};

enum rig_ipmi_time rig__ipmi_time_kind(uint32_t raw);

#endif

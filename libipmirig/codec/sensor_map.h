/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pure mappings from IPMI's sensor vocabulary to ours, and the SDR cache's
 * file name: no I/O, unit-tested on their own. */
#ifndef RIG_BMC_SENSOR_MAP_H
#define RIG_BMC_SENSOR_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipmirig.h"

/* The unit fields of a full SDR record (IPMI 2.0, 43.1, bytes 21-23). */
struct bmc_units {
	uint8_t percentage; /* 1: the reading is a percentage */
	uint8_t modifier;   /* IPMI_SDR_MODIFIER_UNIT_* */
	uint8_t rate;       /* IPMI_SENSOR_RATE_UNIT_* */
	uint8_t base;       /* IPMI_SENSOR_UNIT_* */
	uint8_t modifier_unit;
};

/*
 * Our unit text ("C", "RPM", "V", "A", "W", "%", else FreeIPMI's
 * abbreviation) into buf.  Returns false (buf "") when the SDR says
 * "unspecified": there is no unit to show.
 */
bool bmc_unit_name(const struct bmc_units *u, char *buf, size_t len);

/* Which rig_sensor_type an IPMI sensor type (and base unit) is. */
rig_sensor_type bmc_sensor_kind(uint8_t ipmi_sensor_type, uint8_t base_unit);

/* FreeIPMI's interpretation (IPMI_INTERPRET_STATE_*) as our state. */
rig_state bmc_state_of(unsigned int interpret_state);

/*
 * The cache file name for a BMC label ("host:port", "[v6]:port"):
 * "sdr-" and the label with every byte outside [A-Za-z0-9.-] written as
 * %XX, so two labels never share a file and no label escapes the cache
 * directory.  NULL when out of memory or the name would be too long for a
 * file name.  Free with free().
 */
char *bmc_sdr_cache_name(const char *label);

#endif

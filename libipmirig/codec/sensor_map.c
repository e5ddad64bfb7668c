/* SPDX-License-Identifier: GPL-3.0-or-later */
/* IPMI sensor types, units and states in our terms; the cache file name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freeipmi/freeipmi.h>

#include "util/hex.h"
#include "codec/sensor_map.h"

/* NAME_MAX is 255 on every file system we care about; keep well below. */
#define CACHE_NAME_MAX 200

static const char *plain_unit(uint8_t base)
{
	switch (base) {
	case IPMI_SENSOR_UNIT_DEGREES_C:
		return "C";
	case IPMI_SENSOR_UNIT_DEGREES_F:
		return "F";
	case IPMI_SENSOR_UNIT_DEGREES_K:
		return "K";
	case IPMI_SENSOR_UNIT_VOLTS:
		return "V";
	case IPMI_SENSOR_UNIT_AMPS:
		return "A";
	case IPMI_SENSOR_UNIT_WATTS:
		return "W";
	case IPMI_SENSOR_UNIT_RPM:
		return "RPM";
	default:
		break;
	}
	return NULL;
}

bool bmc_unit_name(const struct bmc_units *u, char *buf, size_t len)
{
	const char *plain = plain_unit(u->base);

	if (len == 0)
		return false;
	buf[0] = '\0';
	if (u->percentage) {
		snprintf(buf, len, "%%");
		return true;
	}
	/* A bare unit reads as docs/commands.md spells it; rates ("RPM/s") and
	 * compound units ("W*h") are rare enough for FreeIPMI's text. */
	if (plain != NULL && u->modifier == IPMI_SDR_MODIFIER_UNIT_NONE &&
	    u->rate == IPMI_SENSOR_RATE_UNIT_NONE) {
		snprintf(buf, len, "%s", plain);
		return true;
	}
	if (u->base == IPMI_SENSOR_UNIT_UNSPECIFIED &&
	    u->modifier == IPMI_SDR_MODIFIER_UNIT_NONE)
		return false;
	if (len > 0xffff ||
	    ipmi_sensor_units_string(0, u->modifier, u->rate, u->base,
				     u->modifier_unit, buf, (unsigned int)len,
				     1) <= 0) {
		buf[0] = '\0';
		return false;
	}
	return true;
}

_Static_assert(RIG_SENSOR_FRU_STATE - RIG_SENSOR_PHYSICAL_SECURITY ==
		       IPMI_SENSOR_TYPE_FRU_STATE -
			       IPMI_SENSOR_TYPE_PHYSICAL_SECURITY,
	       "rig_sensor_type lists every IPMI type from 0x05 to 0x2C");

rig_sensor_type bmc_sensor_kind(uint8_t ipmi_sensor_type, uint8_t base_unit)
{
	/* Power is a unit, not an IPMI sensor type: a "Power Supply" or
	 * "Other Units-based" sensor reading watts is a power sensor. */
	if (base_unit == IPMI_SENSOR_UNIT_WATTS)
		return RIG_SENSOR_POWER;
	switch (ipmi_sensor_type) {
	case IPMI_SENSOR_TYPE_TEMPERATURE:
		return RIG_SENSOR_TEMPERATURE;
	case IPMI_SENSOR_TYPE_FAN:
		return RIG_SENSOR_FAN;
	case IPMI_SENSOR_TYPE_VOLTAGE:
		return RIG_SENSOR_VOLTAGE;
	case IPMI_SENSOR_TYPE_CURRENT:
		return RIG_SENSOR_CURRENT;
	default:
		break;
	}
	/* The other standard types are numbered in code order from
	 * RIG_SENSOR_PHYSICAL_SECURITY (0x05) to RIG_SENSOR_FRU_STATE (0x2C),
	 * so one offset maps them; OEM (0xC0-0xFF) and codes IPMI leaves
	 * unassigned are "other". */
	if (ipmi_sensor_type >= IPMI_SENSOR_TYPE_PHYSICAL_SECURITY &&
	    ipmi_sensor_type <= IPMI_SENSOR_TYPE_FRU_STATE)
		return (rig_sensor_type)(RIG_SENSOR_PHYSICAL_SECURITY +
					 (ipmi_sensor_type -
					  IPMI_SENSOR_TYPE_PHYSICAL_SECURITY));
	return RIG_SENSOR_OTHER;
}

rig_state bmc_state_of(unsigned int interpret_state)
{
	switch (interpret_state) {
	case IPMI_INTERPRET_STATE_NOMINAL:
		return RIG_STATE_OK;
	case IPMI_INTERPRET_STATE_WARNING:
		return RIG_STATE_WARNING;
	case IPMI_INTERPRET_STATE_CRITICAL:
		return RIG_STATE_CRITICAL;
	default:
		break;
	}
	return RIG_STATE_UNKNOWN;
}

/* A file name keeps letters, digits, '.' and '-' ("..", never alone,
 * is harmless after "sdr-"). */
#define CACHE_NAME_PLAIN ".-"

char *bmc_sdr_cache_name(const char *label)
{
	size_t n;
	char *name;

	if (label == NULL || label[0] == '\0')
		return NULL;
	n = strlen("sdr-") + rig__pct_encoded_len(label, CACHE_NAME_PLAIN);
	if (n > CACHE_NAME_MAX)
		return NULL;
	name = malloc(n + 1);
	if (name == NULL)
		return NULL;
	rig__pct_encode(name + sprintf(name, "sdr-"), label, CACHE_NAME_PLAIN,
			RIG_PCT_LOWER);
	return name;
}

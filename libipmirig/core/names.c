/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names of the public enums, as they appear in JSON and tables. */
#include <string.h>

#include "util/names.h"
#include "core/internal.h"

static const char *const sensor_types[] = {
	"temperature", "fan", "voltage", "current", "power", "gpu", "other"};
static const char *const states[] = {"ok", "warning", "critical", "unknown"};
static const char *const thresholds[] = {"lnr", "lcr", "lnc",
					 "unc", "ucr", "unr"};
static const char *const severities[] = {"info", "warning", "critical"};
static const char *const ecc_kinds[] = {"none", "correctable", "uncorrectable",
					"logging-limit", "other"};

RIG_API const char *rig_sensor_type_name(rig_sensor_type type)
{
	return RIG_NAME_OF(sensor_types, type);
}

RIG_API rig_status rig_sensor_type_parse(const char *text,
					 rig_sensor_type *out)
{
	int i = RIG_NAME_INDEX(sensor_types, text, false);

	if (i < 0 || out == NULL)
		return RIG_E_INVALID;
	*out = (rig_sensor_type)i;
	return RIG_OK;
}

RIG_API const char *rig_state_name(rig_state state)
{
	return RIG_NAME_OF(states, state);
}

RIG_API const char *rig_threshold_name(enum rig_threshold t)
{
	return RIG_NAME_OF(thresholds, t);
}

RIG_API const char *rig_severity_name(rig_severity sev)
{
	return RIG_NAME_OF(severities, sev);
}

RIG_API const char *rig_ecc_kind_name(rig_ecc_kind kind)
{
	return RIG_NAME_OF(ecc_kinds, kind);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names of the public enums, as they appear in JSON and tables. */
#include <string.h>

#include "util/names.h"
#include "core/internal.h"

/* In rig_sensor_type's order: ours, then IPMI's sensor types from 0x05 by
 * their names in IPMI 2.0 table 42-3, lowercase with hyphens. */
static const char *const sensor_types[] = {
	"temperature", "fan", "voltage", "current", "power", "gpu", "other",
	"physical-security", "platform-security", "processor", "power-supply",
	"power-unit", "cooling-device", "other-units-based", "memory",
	"drive-slot", "post-memory-resize", "system-firmware-progress",
	"event-logging-disabled", "watchdog1", "system-event",
	"critical-interrupt", "button-switch", "module-board",
	"microcontroller-coprocessor", "add-in-card", "chassis", "chip-set",
	"other-fru", "cable-interconnect", "terminator",
	"system-boot-restart-initiated", "boot-error",
	"base-os-boot-installation-status", "os-stop-shutdown",
	"slot-connector", "system-acpi-power-state", "watchdog2",
	"platform-alert", "entity-presence", "monitor-asic-ic", "lan",
	"management-subsystem-health", "battery", "session-audit",
	"version-change", "fru-state"};
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ipmi_exporter's families from rigctl's readings.  Its names and labels
 * are the interface dashboards rely on: a family per unit (temperature,
 * fan, voltage, current, power) with a _state beside it, everything else
 * as ipmi_sensor_value and ipmi_sensor_state with FreeIPMI's type name,
 * id being FreeIPMI's record id (the SDR record id, as rig_sensor has it).
 * Readings are rounded to two decimals, as ipmimonitoring prints them, so
 * the values are equal to ipmi_exporter's on the same BMC (checked by
 * tests/integration/exporter-ipmi.sh).  The HELP texts are our own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ipmi_compat.h"
#include "prom.h"

double ipmi_compat_state(rig_state st)
{
	switch (st) {
	case RIG_STATE_OK:
		return 0;
	case RIG_STATE_WARNING:
		return 1;
	case RIG_STATE_CRITICAL:
		return 2;
	case RIG_STATE_UNKNOWN:
		break;
	}
	return NAN;
}

/* The unit families; the last has no unit of its own. */
static const struct {
	const char *unit, *value, *state, *vhelp, *shelp;
} fam[] = {
	{"C", "ipmi_temperature_celsius", "ipmi_temperature_state",
	 "Temperature sensor reading, degrees Celsius.",
	 "Temperature sensor state: 0 nominal, 1 warning, 2 critical."},
	{"RPM", "ipmi_fan_speed_rpm", "ipmi_fan_speed_state",
	 "Fan sensor reading, revolutions per minute.",
	 "Fan sensor state: 0 nominal, 1 warning, 2 critical."},
	{"%", "ipmi_fan_speed_ratio", "ipmi_fan_speed_state",
	 "Fan sensor reading, 0..1 of full speed.",
	 "Fan sensor state: 0 nominal, 1 warning, 2 critical."},
	{"V", "ipmi_voltage_volts", "ipmi_voltage_state",
	 "Voltage sensor reading, volts.",
	 "Voltage sensor state: 0 nominal, 1 warning, 2 critical."},
	{"A", "ipmi_current_amperes", "ipmi_current_state",
	 "Current sensor reading, amperes.",
	 "Current sensor state: 0 nominal, 1 warning, 2 critical."},
	{"W", "ipmi_power_watts", "ipmi_power_state",
	 "Power sensor reading, watts.",
	 "Power sensor state: 0 nominal, 1 warning, 2 critical."},
	{NULL, "ipmi_sensor_value", "ipmi_sensor_state",
	 "Reading of a sensor of another kind (NaN for a discrete one); the "
	 "type label says what it is.",
	 "Sensor state: 0 nominal, 1 warning, 2 critical."},
};
#define N_FAM (sizeof(fam) / sizeof(fam[0]))

/* Which family a BMC sensor belongs to. */
static size_t family_of(const rig_sensor *s)
{
	for (size_t i = 0; i + 1 < N_FAM; i++) {
		if (s->unit == NULL || strcmp(s->unit, fam[i].unit) != 0)
			continue;
		/* A percentage is a fan's ratio only on a fan. */
		if (strcmp(fam[i].unit, "%") == 0 && s->type != RIG_SENSOR_FAN)
			continue;
		return i;
	}
	return N_FAM - 1;
}

static double two_decimals(double v)
{
	return round(v * 100.0) / 100.0;
}

static void sensor_family(FILE *f, const struct ipmi_compat *ic, size_t k,
			  bool state)
{
	bool any = false;

	for (size_t i = 0; ic->sensors != NULL && i < ic->sensors->count; i++) {
		const rig_sensor *s = &ic->sensors->items[i];
		char id[24];
		double v;

		/* ipmi_fan_speed_state serves both fan families: it is
		 * written once, with the RPM fans'. */
		size_t fk = family_of(s);

		if (s->source != RIG_PATH_BMC ||
		    !(fk == k || (state && k == 1 && fk == 2)))
			continue;
		if (!any)
			prom_family(f, state ? fam[k].state : fam[k].value, "gauge",
				    state ? fam[k].shelp : fam[k].vhelp);
		any = true;
		snprintf(id, sizeof(id), "%d", s->record_id);
		if (state)
			v = ipmi_compat_state(s->state);
		else if (!s->has_reading)
			v = NAN;
		else if (fk == 2)
			v = two_decimals(s->reading) / 100.0;
		else
			v = two_decimals(s->reading);
		if (k == N_FAM - 1)
			prom_sample(f, state ? fam[k].state : fam[k].value,
				    (const char *const[]){
					    "id", id, "name", s->name, "type",
					    s->ipmi_type != NULL ? s->ipmi_type
								 : "",
					    NULL},
				    v);
		else
			prom_sample(f, state ? fam[k].state : fam[k].value,
				    (const char *const[]){"id", id, "name",
							  s->name, NULL},
				    v);
	}
}

static void up(FILE *f, const char *collector, bool ok)
{
	prom_sample(f, "ipmi_up", (const char *const[]){"collector", collector,
							NULL},
		    ok);
}

char *ipmi_compat_render(const struct ipmi_compat *ic)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return NULL;
	prom_family(f, "ipmi_up", "gauge",
		    "Whether the collector read the BMC: 1 yes, 0 no.");
	up(f, "bmc", ic->up && ic->info_read);
	up(f, "chassis", ic->up && ic->chassis_read);
	up(f, "dcmi", ic->up && ic->dcmi_read);
	up(f, "ipmi", ic->up && ic->sensors_read);
	up(f, "sel", ic->up && ic->sel_read);
	if (ic->up && ic->info_read) {
		char mfr[16];

		snprintf(mfr, sizeof(mfr), "%u", ic->info->manufacturer_id);
		prom_family(f, "ipmi_bmc_info", "gauge",
			    "The BMC's firmware and manufacturer as labels; "
			    "always 1.");
		/* Get System Info Parameters is not read: "N/A", as
		 * ipmi_exporter says for a BMC that does not give it. */
		prom_sample(f, "ipmi_bmc_info",
			    (const char *const[]){
				    "firmware_revision", ic->info->firmware,
				    "manufacturer_id", mfr,
				    "system_firmware_version", "N/A", NULL},
			    1);
	}
	if (ic->up && ic->chassis_read && ic->power_known) {
		prom_family(f, "ipmi_chassis_power_state", "gauge",
			    "Chassis power: 1 on, 0 off.");
		prom_sample(f, "ipmi_chassis_power_state", NULL, ic->power_on);
	}
	if (ic->up && ic->dcmi_read) {
		prom_family(f, "ipmi_dcmi_power_consumption_watts", "gauge",
			    "The BMC's DCMI power reading, watts.");
		prom_sample(f, "ipmi_dcmi_power_consumption_watts", NULL,
			    ic->dcmi_w);
	}
	if (ic->up && ic->sel_read) {
		prom_family(f, "ipmi_sel_logs_count", "gauge",
			    "Entries in the SEL.");
		prom_sample(f, "ipmi_sel_logs_count", NULL, ic->sel.entries);
		prom_family(f, "ipmi_sel_free_space_bytes", "gauge",
			    "Room left in the SEL, bytes.");
		prom_sample(f, "ipmi_sel_free_space_bytes", NULL,
			    ic->sel.free_bytes);
	}
	if (ic->up && ic->sensors_read) {
		for (size_t k = 0; k < N_FAM; k++)
			sensor_family(f, ic, k, false);
		for (size_t k = 0; k < N_FAM; k++)
			if (k != 2)
				sensor_family(f, ic, k, true);
	}
	fclose(f);
	return text;
}

void ipmi_compat_down(FILE *out)
{
	static const char *const collectors[] = {"bmc", "chassis", "dcmi",
						 "ipmi", "sel"};

	prom_family(out, "ipmi_up", "gauge",
		    "Whether the collector read the BMC: 1 yes, 0 no.");
	for (size_t i = 0; i < sizeof(collectors) / sizeof(collectors[0]); i++)
		up(out, collectors[i], false);
}

void ipmi_compat_duration(FILE *out, double seconds)
{
	prom_family(out, "ipmi_scrape_duration_seconds", "gauge",
		    "How long the scrape took, seconds.");
	prom_sample(out, "ipmi_scrape_duration_seconds", NULL, seconds);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SEL records from their 16 raw bytes (IPMI 2.0 chapter 32 and tables
 * 42-1 to 42-3): record class, time, generator, sensor, offsets, severity,
 * memory error class.  Pure functions: the text comes from FreeIPMI's
 * static event tables, everything else from the bytes.  Nothing here asks
 * the SDR, so a record whose sensor the SDR lacks decodes all the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freeipmi/freeipmi.h>

#include "util/bytes.h"
#include "util/hex.h"
#include "util/names.h"
#include "util/timefmt.h"
#include "util/util.h"
#include "codec/sel.h"

#define SENSOR_TYPE_MEMORY IPMI_SENSOR_TYPE_MEMORY
#define EVENT_TYPE_THRESHOLD IPMI_EVENT_READING_TYPE_CODE_THRESHOLD
#define EVENT_TYPE_SENSOR_SPECIFIC IPMI_EVENT_READING_TYPE_CODE_SENSOR_SPECIFIC
/* Event data 1 bits [5:4] of a discrete event: what event data 3 holds
 * (IPMI 2.0 table 29-6).  11b is the sensor-specific extension, which for
 * Memory is the module (table 42-3); 10b is an OEM code, 00b unspecified. */
#define ED3_SENSOR_SPECIFIC 0x3u
#define DATA_UNSPECIFIED 0xFFu

/*
 * Severity of sensor-specific (0x6F) offsets by sensor type: bit n of
 * warn/crit is offset n.  Offsets in neither mask are informational
 * (presence, state changes, log notices).
 */
struct sev_mask {
	uint8_t sensor_type;
	uint16_t warn;
	uint16_t crit;
};

static const struct sev_mask sensor_specific[] = {
	{0x05, 0x007F, 0x0000}, /* physical security: intrusions */
	{0x07, 0x1500, 0x087F}, /* processor: IERR, thermal trip, FRB, MCE */
	{0x08, 0x0024, 0x005A}, /* power supply: failure, input lost */
	{0x09, 0x0088, 0x0074}, /* power unit: AC lost, failure */
	{0x0C, 0x0221, 0x049E}, /* memory: 0 corr, 5 limit, 9 throttled;
				   1 uncorr, 2 parity, 3 scrub, 4 disabled,
				   7 config, 10 overtemperature */
	{0x0D, 0x0084, 0x0062}, /* drive slot: fault, failed array */
	{0x0F, 0x0000, 0x0003}, /* firmware progress: error, hang */
	{0x10, 0x003B, 0x0000}, /* logging disabled, SEL (almost) full */
	{0x13, 0x0889, 0x0776}, /* critical interrupt: NMI, PCI PERR/SERR */
	{0x19, 0x0000, 0x0003}, /* chipset: power control, thermal trip */
	{0x1E, 0x001F, 0x0000}, /* boot error: no bootable media... */
	{0x20, 0x0000, 0x0003}, /* OS stop: critical stop */
	{0x21, 0x0000, 0x0001}, /* slot/connector fault */
	{0x23, 0x000E, 0x0000}, /* watchdog 2: reset, power down, cycle */
	{0x28, 0x0033, 0x000C}, /* management subsystem health */
	{0x29, 0x0001, 0x0002}, /* battery: low, failed */
};

static rig_severity sev_of_mask(uint16_t warn, uint16_t crit, uint8_t off)
{
	uint16_t bit = (uint16_t)(1u << (off & 0x0F));

	if (crit & bit)
		return RIG_SEVERITY_CRITICAL;
	if (warn & bit)
		return RIG_SEVERITY_WARNING;
	return RIG_SEVERITY_INFO;
}

/* Generic event/reading types (table 42-2) and thresholds. */
static rig_severity generic_severity(uint8_t event_type, uint8_t off)
{
	switch (event_type) {
	case EVENT_TYPE_THRESHOLD:
		/* lower/upper non-critical warn; critical and
		 * non-recoverable, going either way, are critical */
		return sev_of_mask(0x00C3, 0x0F3C, off);
	case 0x04: /* predictive failure asserted */
	case 0x05: /* limit exceeded */
	case 0x06: /* performance lags */
		return sev_of_mask(0x0002, 0x0000, off);
	case 0x07: /* transition to non-critical / critical / NR */
		return sev_of_mask(0x0012, 0x006C, off);
	case 0x0B: /* redundancy lost / degraded */
		return sev_of_mask(0x00DC, 0x0022, off);
	default:
		break;
	}
	return RIG_SEVERITY_INFO;
}

static rig_severity record_severity(const rig_sel_record *rec)
{
	if (rec->cls != RIG_SEL_CLASS_SYSTEM || rec->deassertion)
		return RIG_SEVERITY_INFO;
	if (rec->event_type != EVENT_TYPE_SENSOR_SPECIFIC)
		return generic_severity(rec->event_type, rec->offset);
	for (size_t i = 0; i < ARRAY_SIZE(sensor_specific); i++)
		if (sensor_specific[i].sensor_type == rec->sensor_type)
			return sev_of_mask(sensor_specific[i].warn,
					   sensor_specific[i].crit, rec->offset);
	return RIG_SEVERITY_INFO;
}

/*
 * Memory errors: only sensor type Memory with sensor-specific offsets
 * counts.  A firmware-progress "no usable memory" or an OEM sensor that
 * mentions memory is not an ECC event.  Deassertions report that a
 * condition ended, not a new error.
 */
static rig_ecc_kind record_ecc(const rig_sel_record *rec)
{
	if (rec->cls != RIG_SEL_CLASS_SYSTEM ||
	    rec->sensor_type != SENSOR_TYPE_MEMORY ||
	    rec->event_type != EVENT_TYPE_SENSOR_SPECIFIC || rec->deassertion)
		return RIG_ECC_NONE;
	switch (rec->offset) {
	case 0x00:
		return RIG_ECC_CORRECTABLE;
	case 0x01:
		return RIG_ECC_UNCORRECTABLE;
	case 0x05:
		return RIG_ECC_LOGGING_LIMIT;
	case 0x02: /* parity */
	case 0x03: /* scrub failed */
	case 0x04: /* device disabled */
	case 0x07: /* configuration error */
	case 0x08: /* spare */
	case 0x09: /* throttled */
	case 0x0A: /* critical overtemperature */
		return RIG_ECC_OTHER;
	default:
		break;
	}
	return RIG_ECC_NONE; /* 0x06 presence, reserved offsets */
}

static void type_name(rig_sel_record *rec)
{
	const char *t = NULL;

	if (rec->cls == RIG_SEL_CLASS_SYSTEM) {
		if (rec->sensor_type >= 0xC0)
			t = "OEM";
		else
			t = ipmi_get_sensor_type_string(rec->sensor_type);
		if (t == NULL)
			t = "Unknown";
	} else if (rec->cls == RIG_SEL_CLASS_UNKNOWN) {
		t = "Unknown record";
	} else {
		t = "OEM record";
	}
	snprintf(rec->type, sizeof(rec->type), "%s", t);
}

/* The event's text from FreeIPMI's tables, or the codes when there is
 * none. */
static void event_text(const rig_sel_record *rec, char *buf, size_t len)
{
	int n = -1;

	if (rec->event_type == EVENT_TYPE_SENSOR_SPECIFIC)
		n = ipmi_get_sensor_type_message(rec->sensor_type, rec->offset,
						 buf, (unsigned int)len);
	else if (rec->event_type >= EVENT_TYPE_THRESHOLD &&
		 rec->event_type <= 0x0C)
		n = ipmi_get_generic_event_message(rec->event_type, rec->offset,
						   buf, (unsigned int)len);
	if (n <= 0 || (size_t)n >= len)
		snprintf(buf, len, "event type 0x%02x offset 0x%02x",
			 rec->event_type, rec->offset);
}

static void describe_system(rig_sel_record *rec)
{
	char text[128];
	char extra[64] = "";
	uint8_t ed1 = rec->event_data[0];

	event_text(rec, text, sizeof(text));
	if (rec->has_dimm)
		snprintf(extra, sizeof(extra), ", memory module %u", rec->dimm);
	else if (rec->sensor_type == SENSOR_TYPE_MEMORY ||
		 ((ed1 >> 6) & 3u) != 0 || ((ed1 >> 4) & 3u) != 0)
		/* No standard meaning we may rely on: show the bytes, never
		 * a guess (a wrong DIMM is worse than none). */
		snprintf(extra, sizeof(extra), " [event data %02x %02x %02x]",
			 rec->event_data[0], rec->event_data[1],
			 rec->event_data[2]);
	/* A description longer than the field is cut: said once, here, so
	 * the compiler need not warn at every optimisation level. */
	if (snprintf(rec->description, sizeof(rec->description), "%s%s%s",
		     text, extra, rec->deassertion ? " (deasserted)" : "") >=
	    (int)sizeof(rec->description))
		rec->description[sizeof(rec->description) - 1] = '\0';
}

bool sel_has_trigger_values(const rig_sel_record *rec)
{
	uint8_t ed1 = rec->event_data[0];

	/* IPMI 2.0 table 29-6: for threshold events, bits 7:6 = 01 "trigger
	 * reading in byte 2", bits 5:4 = 01 "trigger threshold in byte 3". */
	return rec->cls == RIG_SEL_CLASS_SYSTEM &&
	       rec->event_type == EVENT_TYPE_THRESHOLD &&
	       ((ed1 >> 6) & 3u) == 1 && ((ed1 >> 4) & 3u) == 1;
}

bool sel_describe_threshold(rig_sel_record *rec, double reading,
			    double threshold, const char *unit)
{
	char text[128];

	if (!sel_has_trigger_values(rec))
		return false;
	event_text(rec, text, sizeof(text));
	/* The even offsets (0x00, 0x02, ... 0x0A) are the "going low" ones;
	 * a deassertion crossed back the other way (ipmitool writes it so). */
	if (snprintf(rec->description, sizeof(rec->description),
		     "%s; Reading %g %c Threshold %g%s%s%s", text, reading,
		     ((rec->offset & 1u) == 0) != rec->deassertion ? '<' : '>',
		     threshold,
		     unit != NULL && unit[0] != '\0' ? " " : "",
		     unit != NULL ? unit : "",
		     rec->deassertion ? " (deasserted)" : "") >=
	    (int)sizeof(rec->description))
		rec->description[sizeof(rec->description) - 1] = '\0';
	return true;
}

static void describe_oem(rig_sel_record *rec)
{
	char hex[2 * RIG_SEL_RECORD_LEN + 1];

	rig__hex_encode(rec->raw, RIG_SEL_RECORD_LEN, hex);
	if (rec->cls == RIG_SEL_CLASS_OEM_TIMESTAMPED)
		snprintf(rec->description, sizeof(rec->description),
			 "OEM record type 0x%02x, manufacturer %u, data %s",
			 rec->record_type, rec->manufacturer_id, hex + 20);
	else if (rec->cls == RIG_SEL_CLASS_OEM)
		snprintf(rec->description, sizeof(rec->description),
			 "OEM record type 0x%02x, data %s", rec->record_type,
			 hex + 6);
	else
		snprintf(rec->description, sizeof(rec->description),
			 "record type 0x%02x (not defined by IPMI), data %s",
			 rec->record_type, hex + 6);
}

static rig_sel_class class_of(uint8_t type)
{
	if (type == IPMI_SEL_RECORD_TYPE_SYSTEM_EVENT_RECORD)
		return RIG_SEL_CLASS_SYSTEM;
	if (IPMI_SEL_RECORD_TYPE_IS_TIMESTAMPED_OEM(type))
		return RIG_SEL_CLASS_OEM_TIMESTAMPED;
	if (type >= IPMI_SEL_RECORD_TYPE_NON_TIMESTAMPED_OEM_MIN)
		return RIG_SEL_CLASS_OEM;
	return RIG_SEL_CLASS_UNKNOWN;
}

static void decode_system(rig_sel_record *rec, const uint8_t *raw)
{
	rec->generator_id = rig__le16(raw + 7);
	rec->evm_rev = raw[9];
	rec->sensor_type = raw[10];
	rec->sensor_number = raw[11];
	rec->deassertion = (raw[12] & 0x80) != 0;
	rec->event_type = raw[12] & 0x7F;
	memcpy(rec->event_data, raw + 13, 3);
	rec->offset = raw[13] & 0x0F;
	if (rec->sensor_type == SENSOR_TYPE_MEMORY &&
	    rec->event_type == EVENT_TYPE_SENSOR_SPECIFIC &&
	    ((raw[13] >> 4) & 3u) == ED3_SENSOR_SPECIFIC &&
	    raw[15] != DATA_UNSPECIFIED) {
		rec->has_dimm = true;
		rec->dimm = raw[15];
	}
	rec->severity = record_severity(rec);
	rec->ecc = record_ecc(rec);
	type_name(rec);
	describe_system(rec);
}

RIG_API rig_status rig_sel_decode(const uint8_t *raw, size_t len,
				  rig_sel_record *out)
{
	if (out == NULL)
		return RIG_E_INVALID;
	memset(out, 0, sizeof(*out));
	if (raw == NULL || len != RIG_SEL_RECORD_LEN)
		return RIG_E_INVALID;
	memcpy(out->raw, raw, RIG_SEL_RECORD_LEN);
	out->record_id = rig__le16(raw);
	out->record_type = raw[2];
	out->cls = class_of(raw[2]);
	if (out->cls == RIG_SEL_CLASS_SYSTEM ||
	    out->cls == RIG_SEL_CLASS_OEM_TIMESTAMPED) {
		enum rig_ipmi_time kind;

		out->timestamp = rig__le32(raw + 3);
		kind = rig__ipmi_time_kind(out->timestamp);
		out->has_timestamp = kind != RIG_IPMI_TIME_NONE;
		out->pre_init = kind == RIG_IPMI_TIME_PRE_INIT;
	}
	if (out->cls == RIG_SEL_CLASS_SYSTEM) {
		decode_system(out, raw);
		return RIG_OK;
	}
	if (out->cls == RIG_SEL_CLASS_OEM_TIMESTAMPED)
		out->manufacturer_id = rig__le24(raw + 7);
	out->severity = RIG_SEVERITY_INFO; /* OEM meaning is unknown to us */
	type_name(out);
	describe_oem(out);
	return RIG_OK;
}

RIG_API rig_status rig_sel_decode_hex(const char *hex, rig_sel_record *out)
{
	uint8_t raw[RIG_SEL_RECORD_LEN];

	if (out == NULL)
		return RIG_E_INVALID;
	memset(out, 0, sizeof(*out));
	if (hex == NULL || strlen(hex) != 2 * RIG_SEL_RECORD_LEN ||
	    !rig__hex_decode(hex, 2 * RIG_SEL_RECORD_LEN, raw))
		return RIG_E_INVALID;
	return rig_sel_decode(raw, sizeof(raw), out);
}

RIG_API const char *rig_sel_class_name(rig_sel_class cls)
{
	static const char *const names[] = {"system", "oem-timestamped", "oem",
					    "unknown"};

	return RIG_NAME_OF(names, cls);
}

static char *sensor_label(const rig_sel_record *rec, const char *name)
{
	char buf[96];

	if (name != NULL && name[0] != '\0')
		return strdup(name);
	if (rec->cls != RIG_SEL_CLASS_SYSTEM)
		return NULL;
	snprintf(buf, sizeof(buf), "%s #0x%02x", rec->type, rec->sensor_number);
	return strdup(buf);
}

rig_status sel_event_fill(rig_event *e, const rig_sel_record *rec,
			  const char *sensor_name)
{
	char hex[2 * RIG_SEL_RECORD_LEN + 1];
	char id[8];

	rig__hex_encode(rec->raw, RIG_SEL_RECORD_LEN, hex);
	snprintf(id, sizeof(id), "%u", rec->record_id);
	e->source = RIG_PATH_BMC;
	e->has_time = rec->has_timestamp && !rec->pre_init;
	e->time = e->has_time ? (int64_t)rec->timestamp : 0;
	e->pre_init = rec->pre_init;
	e->uptime_s = rec->pre_init ? rec->timestamp : 0;
	e->severity = rec->severity;
	e->deassertion = rec->deassertion;
	e->ecc = rec->ecc;
	e->id = strdup(id);
	e->raw = strdup(hex);
	e->type = strdup(rec->type);
	e->description = strdup(rec->description);
	e->sensor = sensor_label(rec, sensor_name);
	if (rec->has_dimm) {
		char dimm[24];

		snprintf(dimm, sizeof(dimm), "module %u", rec->dimm);
		e->dimm = strdup(dimm);
	}
	if (e->id == NULL || e->raw == NULL || e->type == NULL ||
	    e->description == NULL ||
	    (rec->cls == RIG_SEL_CLASS_SYSTEM && e->sensor == NULL) ||
	    (rec->has_dimm && e->dimm == NULL)) {
		rig__event_clear(e);
		return RIG_E_NOMEM;
	}
	return RIG_OK;
}

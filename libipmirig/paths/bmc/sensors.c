/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every sensor of the BMC, the way ipmi-sensors sees it: walk the SDR,
 * read each full or compact sensor record over the one open session, and
 * let FreeIPMI's interpretation of Get Sensor Reading decide ok / warning
 * / critical.  Thresholds come from the SDR, or, when the caller asks, from
 * Get Sensor Thresholds (what the BMC enforces now, one round trip each).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths/bmc/bmc.h"
#include "codec/sensor_map.h"

#define TEXT_MAX 256

struct reader {
	rig *r;
	struct bmc *b;
	ipmi_sdr_ctx_t sdr;
	ipmi_sensor_read_ctx_t read;
	ipmi_interpret_ctx_t interp;
	bool live_thresholds;
	/* One object per record template, reused for every record: each of
	 * libfreeipmi's ipmi_sdr_parse_*() helpers would build and fill a
	 * new one per field asked for (bench/RESULTS.md, cause 4). */
	fiid_obj_t full, compact, full_thresholds;
};

/* One SDR record and what is parsed from it before any I/O. */
struct record {
	const uint8_t *buf;
	unsigned int len;
	uint16_t id;
	uint8_t type; /* IPMI_SDR_FORMAT_* */
	uint8_t number;
	uint8_t sensor_type;
	uint8_t reading_type; /* event/reading type code */
	uint8_t threshold_access; /* IPMI_SDR_*_THRESHOLDS_SUPPORT */
	bool has_entity;
	uint8_t entity_id, entity_instance;
	struct bmc_units units;
};

bool bmc_answered(struct bmc *b)
{
	switch (ipmi_ctx_errnum(b->ctx)) {
	case IPMI_ERR_BAD_COMPLETION_CODE:
	case IPMI_ERR_COMMAND_INVALID_OR_UNSUPPORTED:
	case IPMI_ERR_BMC_BUSY:
	case IPMI_ERR_PRIVILEGE_LEVEL_INSUFFICIENT:
	case IPMI_ERR_NOT_FOUND:
		return true;
	default:
		break;
	}
	return false;
}

static const char *unavailable_reason(int errnum)
{
	switch (errnum) {
	case IPMI_SENSOR_READ_ERR_SENSOR_READING_UNAVAILABLE:
		return "reading unavailable (sensor or its entity absent, or "
		       "not initialised yet)";
	case IPMI_SENSOR_READ_ERR_SENSOR_SCANNING_DISABLED:
		return "sensor scanning disabled";
	case IPMI_SENSOR_READ_ERR_SENSOR_NON_ANALOG:
	case IPMI_SENSOR_READ_ERR_SENSOR_NON_LINEAR:
		return "raw value cannot be converted to units (non-linear or "
		       "non-analog sensor)";
	case IPMI_SENSOR_READ_ERR_SENSOR_NOT_OWNED_BY_BMC:
	case IPMI_SENSOR_READ_ERR_SENSOR_CANNOT_BE_BRIDGED:
		return "sensor belongs to another controller";
	case IPMI_SENSOR_READ_ERR_SENSOR_IS_SYSTEM_SOFTWARE:
		return "sensor is owned by system software";
	case IPMI_SENSOR_READ_ERR_SENSOR_READING_CANNOT_BE_OBTAINED:
	case IPMI_SENSOR_READ_ERR_NODE_BUSY:
		return "the BMC could not read it (busy or failed)";
	default:
		break;
	}
	return NULL;
}

static rig_status set_text(char **dst, const char *src)
{
	*dst = strdup(src);
	return *dst != NULL ? RIG_OK : RIG_E_NOMEM;
}

/* "Presence detected", or several states joined by "; ". */
static rig_status set_state_text(struct reader *x, const struct record *rec,
				 uint16_t bitmask, rig_sensor *s)
{
	char **msgs = NULL, buf[TEXT_MAX] = "";
	unsigned int n = 0;
	rig_status rc = RIG_OK;

	if (ipmi_get_event_messages(rec->reading_type, rec->sensor_type,
				    rec->number, bitmask, 0, 0, &msgs, &n, NULL,
				    IPMI_GET_EVENT_MESSAGES_FLAGS_SENSOR_READING) < 0) {
		rig__log(x->r, RIG_LOG_DEBUG, "sensor %s: no state text", s->name);
		return RIG_OK;
	}
	for (unsigned int i = 0; i < n; i++) {
		size_t used = strlen(buf);

		snprintf(buf + used, sizeof(buf) - used, "%s%s",
			 i > 0 ? "; " : "", msgs[i]);
		free(msgs[i]);
	}
	free(msgs);
	if (n > 0)
		rc = set_text(&s->state_text, buf);
	return rc;
}

static void set_threshold(rig_sensor *s, enum rig_threshold t, double v)
{
	s->thresholds[t] = v;
	s->thresholds_set |= 1u << t;
}

/* The thresholds in the order of enum rig_threshold, as the Get Sensor
 * Thresholds response and the threshold-based full SDR name their raw
 * values, and how each says whether a threshold is readable. */
static const char *const threshold_fields[RIG_THRESH_COUNT] = {
	"lower_non_recoverable_threshold", "lower_critical_threshold",
	"lower_non_critical_threshold",    "upper_non_critical_threshold",
	"upper_critical_threshold",        "upper_non_recoverable_threshold"};
static const char *const rs_readable_fields[RIG_THRESH_COUNT] = {
	"readable_thresholds.lower_non_recoverable_threshold",
	"readable_thresholds.lower_critical_threshold",
	"readable_thresholds.lower_non_critical_threshold",
	"readable_thresholds.upper_non_critical_threshold",
	"readable_thresholds.upper_critical_threshold",
	"readable_thresholds.upper_non_recoverable_threshold"};
static const char *const sdr_readable_fields[RIG_THRESH_COUNT] = {
	"readable_threshold_mask.lower_non_recoverable_threshold_is_readable",
	"readable_threshold_mask.lower_critical_threshold_is_readable",
	"readable_threshold_mask.lower_non_critical_threshold_is_readable",
	"readable_threshold_mask.upper_non_critical_threshold_is_readable",
	"readable_threshold_mask.upper_critical_threshold_is_readable",
	"readable_threshold_mask.upper_non_recoverable_threshold_is_readable"};

struct decoding {
	int8_t r_exp, b_exp;
	int16_t m, b;
	uint8_t linearization, format;
};

/* The readable thresholds of obj (a Get Sensor Thresholds response or a
 * full SDR record), decoded as the SDR says. */
static void decode_thresholds(fiid_obj_t obj,
			      const char *const readable[RIG_THRESH_COUNT],
			      const struct decoding *d, rig_sensor *s)
{
	for (int t = 0; t < RIG_THRESH_COUNT; t++) {
		uint64_t ok = 0, raw = 0;
		double v;

		if (fiid_obj_get(obj, readable[t], &ok) < 0 || !ok ||
		    fiid_obj_get(obj, threshold_fields[t], &raw) < 0)
			continue;
		if (ipmi_sensor_decode_value(d->r_exp, d->b_exp, d->m, d->b,
					     d->linearization, d->format,
					     (uint8_t)raw, &v) == 0)
			set_threshold(s, (enum rig_threshold)t, v);
	}
}

/* The thresholds written in the (full, threshold-based) SDR record, read
 * field by field.  ipmi_sdr_parse_thresholds() and
 * ipmi_sdr_parse_threshold_readable() would parse the record once each,
 * and decode it again: 13% of a warm `sensors` (bench/RESULTS.md). */
static void thresholds_from_sdr(struct reader *x, const struct record *rec,
				const struct decoding *d, rig_sensor *s)
{
	if (fiid_obj_clear(x->full_thresholds) >= 0 &&
	    fiid_obj_set_all(x->full_thresholds, rec->buf, rec->len) >= 0)
		decode_thresholds(x->full_thresholds, sdr_readable_fields, d, s);
}

/*
 * Whether the sensor has thresholds that can be read, and how to decode
 * them: as ipmi-sensors decides before it shows any (none for sensors
 * without threshold access or with fixed unreadable ones, non-linear or
 * non-analog sensors, and compact records, which carry none).
 */
static bool has_thresholds(struct reader *x, const struct record *rec,
			   struct decoding *d)
{
	return rec->type == IPMI_SDR_FORMAT_FULL_SENSOR_RECORD &&
	       rec->threshold_access != IPMI_SDR_NO_THRESHOLDS_SUPPORT &&
	       rec->threshold_access !=
		       IPMI_SDR_FIXED_UNREADABLE_THRESHOLDS_SUPPORT &&
	       ipmi_sdr_parse_sensor_decoding_data(x->sdr, rec->buf, rec->len,
						   &d->r_exp, &d->b_exp, &d->m,
						   &d->b, &d->linearization,
						   &d->format) == 0 &&
	       IPMI_SDR_LINEARIZATION_IS_LINEAR(d->linearization) &&
	       IPMI_SDR_ANALOG_DATA_FORMAT_VALID(d->format);
}

/* Get Sensor Thresholds goes to the BMC itself: sensors of other
 * controllers would need bridging. */
static bool owned_by_bmc(struct reader *x, const struct record *rec)
{
	uint8_t owner_type = 0, owner = 0, lun = 0, chan = 0;

	return ipmi_sdr_parse_sensor_owner_id(x->sdr, rec->buf, rec->len,
					      &owner_type, &owner) == 0 &&
	       ipmi_sdr_parse_sensor_owner_lun(x->sdr, rec->buf, rec->len, &lun,
					       &chan) == 0 &&
	       owner_type == IPMI_SDR_SENSOR_OWNER_ID_TYPE_IPMB_SLAVE_ADDRESS &&
	       /* FreeIPMI gives the 7-bit slave address (0x10 for 0x20). */
	       owner == (IPMI_SLAVE_ADDRESS_BMC >> 1) && lun == 0;
}

/*
 * The thresholds of one sensor.  By default those written in the SDR: no
 * round trip, and a sensor's state does not depend on them (the BMC
 * compares against its live thresholds in Get Sensor Reading).  Asked for
 * live ones: Get Sensor Thresholds, as ipmi-sensors
 * --output-sensor-thresholds does, since they may have been changed after
 * the SDR was written.  BMCs without the command, and sensors of other
 * controllers, get the SDR's values.  Only a failed session is an error.
 */
static rig_status read_thresholds(struct reader *x, const struct record *rec,
				  rig_sensor *s)
{
	struct decoding d;
	fiid_obj_t rs;
	rig_status rc = RIG_OK;

	if (!has_thresholds(x, rec, &d))
		return RIG_OK;
	if (!x->live_thresholds || !owned_by_bmc(x, rec)) {
		thresholds_from_sdr(x, rec, &d, s);
		return RIG_OK;
	}
	rs = fiid_obj_create(tmpl_cmd_get_sensor_thresholds_rs);
	if (rs == NULL)
		return rig__fail(x->r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	if (ipmi_cmd_get_sensor_thresholds(x->b->ctx, rec->number, rs) == 0)
		decode_thresholds(rs, rs_readable_fields, &d, s);
	else if (bmc_answered(x->b))
		thresholds_from_sdr(x, rec, &d, s);
	else
		rc = bmc_error(x->r, x->b, "reading sensor thresholds");
	fiid_obj_destroy(rs);
	return rc;
}

static rig_status interpret(struct reader *x, const struct record *rec,
			    uint16_t bitmask, rig_sensor *s)
{
	unsigned int st = IPMI_INTERPRET_STATE_UNKNOWN;

	if (ipmi_interpret_sensor(x->interp, rec->reading_type,
				  rec->sensor_type, bitmask, &st) < 0)
		rig__log(x->r, RIG_LOG_DEBUG, "sensor %s: %s", s->name,
			ipmi_interpret_ctx_errormsg(x->interp));
	s->state = bmc_state_of(st);
	return set_state_text(x, rec, bitmask, s);
}

/* A sensor whose reading failed: shown without a value, never as 0. */
static rig_status no_reading(rig_sensor *s, const char *why)
{
	s->has_reading = false;
	s->state = RIG_STATE_UNKNOWN;
	return set_text(&s->reason, why);
}

static rig_status read_value(struct reader *x, const struct record *rec,
			     rig_sensor *s)
{
	double *value = NULL;
	uint16_t bitmask = 0;
	int ret = ipmi_sensor_read(x->read, rec->buf, rec->len, 0, NULL, &value,
				   &bitmask);
	/* FreeIPMI leaves errnum stale after a success: ask only on failure. */
	int e = ret <= 0 ? ipmi_sensor_read_ctx_errnum(x->read)
			 : IPMI_SENSOR_READ_ERR_SUCCESS;
	const char *why;
	char unit[32];
	rig_status rc;

	if (ret < 0 && e == IPMI_SENSOR_READ_ERR_IPMI_ERROR && !bmc_answered(x->b))
		return bmc_error(x->r, x->b, "reading sensors");
	if (ret < 0 && e == IPMI_SENSOR_READ_ERR_OUT_OF_MEMORY)
		return rig__fail(x->r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	why = ret > 0 ? NULL
	      : unavailable_reason(e) != NULL ? unavailable_reason(e)
	      : e == IPMI_SENSOR_READ_ERR_IPMI_ERROR ? ipmi_ctx_errormsg(x->b->ctx)
					      : ipmi_sensor_read_ctx_errormsg(x->read);
	if (ret < 0)
		return no_reading(s, why);
	if (value != NULL) {
		s->has_reading = true;
		s->reading = *value;
		free(value);
		if (bmc_unit_name(&rec->units, unit, sizeof(unit)) &&
		    set_text(&s->unit, unit) != RIG_OK)
			return RIG_E_NOMEM;
	} else {
		rc = set_text(&s->reason,
			      ret == 0 ? why
			      : IPMI_EVENT_READING_TYPE_CODE_IS_THRESHOLD(rec->reading_type)
				      ? "the BMC returned no reading"
				      : "discrete sensor (no numeric reading)");
		if (rc != RIG_OK)
			return rc;
	}
	return interpret(x, rec, bitmask, s);
}

/* One byte-or-less field of a filled record object; -1 if the record is
 * too short to hold it. */
static int field(fiid_obj_t o, const char *name, uint8_t *v)
{
	uint64_t x = 0;

	if (fiid_obj_get(o, name, &x) != 1)
		return -1;
	*v = (uint8_t)x;
	return 0;
}

/* The fields of a full or compact sensor record, by the same names in
 * both of FreeIPMI's templates (IPMI 2.0, 43.1 and 43.2). */
static rig_status parse_record(struct reader *x, struct record *rec)
{
	uint16_t id = 0;
	uint8_t type = 0;
	fiid_obj_t o;

	if (ipmi_sdr_parse_record_id_and_type(x->sdr, rec->buf, rec->len, &id,
					      &type) < 0)
		return RIG_E_BMC;
	rec->id = id;
	rec->type = type;
	if (type == IPMI_SDR_FORMAT_FULL_SENSOR_RECORD)
		o = x->full;
	else if (type == IPMI_SDR_FORMAT_COMPACT_SENSOR_RECORD)
		o = x->compact;
	else
		return RIG_E_UNSUPPORTED; /* locators, OEM: not sensors */
	if (fiid_obj_clear(o) < 0 || fiid_obj_set_all(o, rec->buf, rec->len) < 0 ||
	    field(o, "sensor_number", &rec->number) < 0 ||
	    field(o, "sensor_type", &rec->sensor_type) < 0 ||
	    field(o, "event_reading_type_code", &rec->reading_type) < 0)
		return RIG_E_BMC;
	memset(&rec->units, 0, sizeof(rec->units));
	(void)field(o, "sensor_unit1.percentage", &rec->units.percentage);
	(void)field(o, "sensor_unit1.modifier_unit", &rec->units.modifier);
	(void)field(o, "sensor_unit1.rate_unit", &rec->units.rate);
	(void)field(o, "sensor_unit2.base_unit", &rec->units.base);
	(void)field(o, "sensor_unit3.modifier_unit", &rec->units.modifier_unit);
	rec->has_entity = field(o, "entity_id", &rec->entity_id) == 0 &&
			  field(o, "entity_instance", &rec->entity_instance) == 0;
	if (field(o, "sensor_capabilities.threshold_access_support",
		  &rec->threshold_access) < 0)
		rec->threshold_access = IPMI_SDR_NO_THRESHOLDS_SUPPORT;
	return RIG_OK;
}

/* Name, IPMI type and entity: "Processor 1". */
static rig_status describe(struct reader *x, const struct record *rec,
			   rig_sensor *s)
{
	char name[IPMI_SDR_MAX_SENSOR_NAME_LENGTH + 1] = "", entity[96];
	const char *etext, *ttext = ipmi_get_sensor_type_string(rec->sensor_type);

	s->record_id = rec->id;
	s->sensor_number = rec->number;
	s->source = RIG_PATH_BMC;
	if (ipmi_sdr_parse_sensor_name(x->sdr, rec->buf, rec->len, rec->number,
				       IPMI_SDR_SENSOR_NAME_FLAGS_IGNORE_SHARED_SENSORS,
				       name, sizeof(name)) < 0)
		snprintf(name, sizeof(name), "sensor %u", (unsigned int)rec->number);
	s->type = bmc_sensor_kind(rec->sensor_type,
				  IPMI_EVENT_READING_TYPE_CODE_IS_THRESHOLD(rec->reading_type)
					  ? rec->units.base
					  : IPMI_SENSOR_UNIT_UNSPECIFIED);
	if (set_text(&s->name, name) != RIG_OK ||
	    set_text(&s->ipmi_type, ttext != NULL ? ttext : "Unknown") != RIG_OK)
		return RIG_E_NOMEM;
	if (!rec->has_entity)
		return RIG_OK;
	etext = ipmi_get_entity_id_string(rec->entity_id);
	snprintf(entity, sizeof(entity), "%s %u",
		 etext != NULL ? etext : "Unknown",
		 (unsigned int)rec->entity_instance);
	return set_text(&s->entity, entity);
}

static rig_status read_record(struct reader *x, struct record *rec,
			      rig_sensor_list *out)
{
	rig_sensor *s;
	rig_status rc = parse_record(x, rec);

	if (rc == RIG_E_UNSUPPORTED)
		return RIG_OK;
	if (rc != RIG_OK) {
		rig__log(x->r, RIG_LOG_WARNING, "BMC %s: skipping a malformed SDR "
					       "record", x->b->label);
		return RIG_OK;
	}
	s = rig__sensor_list_add(out);
	if (s == NULL)
		return rig__fail(x->r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	rc = describe(x, rec, s);
	if (rc == RIG_OK)
		rc = read_value(x, rec, s);
	if (rc == RIG_OK &&
	    IPMI_EVENT_READING_TYPE_CODE_IS_THRESHOLD(rec->reading_type))
		rc = read_thresholds(x, rec, s);
	if (rc == RIG_E_NOMEM)
		return rig__fail(x->r, RIG_PATH_BMC, rc, "out of memory");
	return rc;
}

static rig_status walk(struct reader *x, rig_sensor_list *out)
{
	uint8_t buf[IPMI_SDR_MAX_RECORD_LENGTH];
	uint16_t count = 0;
	rig_status rc = RIG_OK;

	if (ipmi_sdr_cache_record_count(x->sdr, &count) < 0 ||
	    ipmi_sdr_cache_first(x->sdr) < 0)
		return rig__fail(x->r, RIG_PATH_BMC, RIG_E_INTERNAL,
				"BMC %s: SDR cache: %s", x->b->label,
				ipmi_sdr_ctx_errormsg(x->sdr));
	for (unsigned int i = 0; i < count && rc == RIG_OK; i++) {
		struct record rec = {.buf = buf};
		int len = ipmi_sdr_cache_record_read(x->sdr, buf, sizeof(buf));

		if (len > 0) {
			rec.len = (unsigned int)len;
			rc = read_record(x, &rec, out);
		}
		if (i + 1 < count && ipmi_sdr_cache_next(x->sdr) < 0)
			break;
	}
	return rc;
}

rig_status bmc_sensors(rig *r, void *priv, rig_sensor_list *out)
{
	const rig_sensors_options *o = r->sensors_opts;
	struct reader x = {.r = r, .b = priv,
			   .live_thresholds = o != NULL && o->live_thresholds};
	size_t keep = out->count;
	rig_status rc = bmc_sdr_open(r, x.b, &x.sdr);

	if (rc != RIG_OK)
		return rc;
	x.read = ipmi_sensor_read_ctx_create(x.b->ctx);
	x.interp = ipmi_interpret_ctx_create();
	x.full = fiid_obj_create(tmpl_sdr_full_sensor_record);
	x.compact = fiid_obj_create(tmpl_sdr_compact_sensor_record);
	x.full_thresholds =
		fiid_obj_create(tmpl_sdr_full_sensor_record_threshold_based_sensors);
	if (x.read == NULL || x.interp == NULL || x.full == NULL ||
	    x.compact == NULL || x.full_thresholds == NULL)
		rc = rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	if (rc == RIG_OK)
		rc = walk(&x, out);
	/* A path that failed contributes nothing, not half a list. */
	while (rc != RIG_OK && out->count > keep)
		rig__sensor_clear(&out->items[--out->count]);
	fiid_obj_destroy(x.full_thresholds);
	fiid_obj_destroy(x.compact);
	fiid_obj_destroy(x.full);
	ipmi_interpret_ctx_destroy(x.interp);
	ipmi_sensor_read_ctx_destroy(x.read);
	bmc_sdr_close(x.sdr);
	return rc;
}

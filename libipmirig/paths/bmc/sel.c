/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The BMC's SEL as events: Get SEL Info, reading records with FreeIPMI's
 * SEL context, sensor names from the SDR, and incremental reading from a
 * cursor (only records after the newest one seen last time; everything
 * again, flagged, when the SEL was cleared or wrapped).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/bytes.h"
#include "util/hex.h"
#include "util/timefmt.h"
#include "codec/sel.h"
#include "codec/sensor_map.h"
#include "paths/bmc/sel.h"

#define SDR_ID_MAX 17

void sel_records_free(struct sel_records *l)
{
	free(l->rec);
	l->rec = NULL;
	l->count = 0;
}

rig_status bmc_sel_error(rig *r, struct bmc *b, ipmi_sel_ctx_t sel,
			 const char *what)
{
	int e = sel != NULL ? ipmi_sel_ctx_errnum(sel) : IPMI_SEL_ERR_OUT_OF_MEMORY;

	switch (e) {
	case IPMI_SEL_ERR_IPMI_ERROR:
		return bmc_error(r, b, what);
	case IPMI_SEL_ERR_OUT_OF_MEMORY:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "%s: out of memory",
				what);
	case IPMI_SEL_ERR_RESERVATION_CANCELED:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_STATE,
				"%s: BMC %s: the SEL changed while we held a "
				"reservation on it", what, b->label);
	default:
		break;
	}
	return rig__fail(r, RIG_PATH_BMC, RIG_E_INTERNAL, "%s: BMC %s: %s", what,
			b->label, ipmi_sel_ctx_errormsg(sel));
}

static uint32_t field(fiid_obj_t o, const char *name, bool *ok)
{
	uint64_t v = 0;

	if (FIID_OBJ_GET(o, name, &v) < 0)
		*ok = false;
	return (uint32_t)v;
}

rig_status bmc_sel_state(rig *r, struct bmc *b, struct sel_state *st)
{
	fiid_obj_t o = fiid_obj_create(tmpl_cmd_get_sel_info_rs);
	bool ok = true;
	rig_status rc = RIG_OK;

	memset(st, 0, sizeof(*st));
	if (o == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	if (ipmi_cmd_get_sel_info(b->ctx, o) < 0) {
		rc = bmc_error(r, b, "reading SEL info");
		goto out;
	}
	st->version_major = (uint8_t)field(o, "sel_version_major", &ok);
	st->version_minor = (uint8_t)field(o, "sel_version_minor", &ok);
	st->entries = field(o, "entries", &ok);
	st->free_bytes = field(o, "free_space", &ok);
	st->last_add = field(o, "most_recent_addition_timestamp", &ok);
	st->last_erase = field(o, "most_recent_erase_timestamp", &ok);
	st->overflow = field(o, "overflow_flag", &ok) != 0;
	st->supports_delete = field(o, "delete_sel_command_supported", &ok) != 0;
	st->supports_reserve = field(o, "reserve_sel_command_supported", &ok) != 0;
	if (!ok)
		rc = rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
			      "reading SEL info: BMC %s sent a short answer",
			      b->label);
out:
	fiid_obj_destroy(o);
	return rc;
}

struct read_ctx {
	struct sel_records *out;
	bool oom;
};

static int on_record(ipmi_sel_ctx_t sel, void *data)
{
	struct read_ctx *rc = data;
	struct sel_records *l = rc->out;
	uint8_t buf[RIG_SEL_RECORD_LEN + 16];
	int len = ipmi_sel_parse_read_record(sel, buf, sizeof(buf));
	void *items = l->rec;
	uint8_t *slot;

	/* A short record cannot be decoded; keep what it has, zero-padded,
	 * rather than lose it from a listing or an archive. */
	if (len <= 0)
		return 0;
	slot = rig__array_add(&items, &l->count, sizeof(*l->rec));
	l->rec = items;
	if (slot == NULL) {
		rc->oom = true;
		return -1;
	}
	memcpy(slot, buf,
	       len < RIG_SEL_RECORD_LEN ? (size_t)len : RIG_SEL_RECORD_LEN);
	return 0;
}

rig_status bmc_sel_read(rig *r, struct bmc *b, ipmi_sel_ctx_t sel,
			uint16_t start_id, struct sel_records *out,
			bool *cancelled)
{
	struct read_ctx rc = {out, false};

	if (cancelled != NULL)
		*cancelled = false;
	if (ipmi_sel_parse(sel, start_id, IPMI_SEL_GET_RECORD_ID_LAST_ENTRY,
			   on_record, &rc) >= 0)
		return RIG_OK;
	if (rc.oom)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	if (cancelled != NULL &&
	    ipmi_sel_ctx_errnum(sel) == IPMI_SEL_ERR_RESERVATION_CANCELED) {
		*cancelled = true;
		return RIG_OK;
	}
	return bmc_sel_error(r, b, sel, "reading the SEL");
}

/* ------------------------------------------------------------ names */

struct sensor_name {
	uint8_t owner; /* slave address or software id, with the type bit */
	uint8_t lun;
	uint8_t number;
	uint8_t type;  /* sensor type (IPMI 2.0 table 42-3) */
	char name[SDR_ID_MAX];
	/* A full record's conversion of raw bytes to its unit (IPMI 2.0
	 * 36.3), for the trigger values in threshold events. */
	bool analog;
	int8_t rexp, bexp;
	int16_t m, b;
	uint8_t linearization, format;
	char unit[32];
};

struct name_map {
	size_t count;
	struct sensor_name *v;
};

/* A full record's conversion factors and unit into n (n->analog). */
static void conversion_of(struct sensor_name *n, ipmi_sdr_ctx_t sdr,
			  const void *rec, unsigned int len)
{
	struct bmc_units u;

	if (ipmi_sdr_parse_sensor_decoding_data(sdr, rec, len, &n->rexp,
						&n->bexp, &n->m, &n->b,
						&n->linearization,
						&n->format) < 0 ||
	    ipmi_sdr_parse_sensor_units(sdr, rec, len, &u.percentage,
					&u.modifier, &u.rate, &u.base,
					&u.modifier_unit) < 0)
		return;
	bmc_unit_name(&u, n->unit, sizeof(n->unit));
	n->analog = true;
}

static void map_add(struct name_map *m, ipmi_sdr_ctx_t sdr, const void *rec,
		    unsigned int len, uint8_t type)
{
	struct sensor_name n;
	uint8_t owner_type = 0, owner = 0, lun = 0, channel = 0;
	void *items = m->v;
	struct sensor_name *slot;

	memset(&n, 0, sizeof(n));
	if (ipmi_sdr_parse_sensor_owner_id(sdr, rec, len, &owner_type, &owner) < 0 ||
	    ipmi_sdr_parse_sensor_owner_lun(sdr, rec, len, &lun, &channel) < 0 ||
	    ipmi_sdr_parse_sensor_number(sdr, rec, len, &n.number) < 0 ||
	    ipmi_sdr_parse_sensor_type(sdr, rec, len, &n.type) < 0 ||
	    ipmi_sdr_parse_id_string(sdr, rec, len, n.name, sizeof(n.name) - 1) < 0)
		return;
	n.owner = (uint8_t)(owner << 1 | (owner_type & 1u));
	n.lun = lun & 3u;
	if (type == IPMI_SDR_FORMAT_FULL_SENSOR_RECORD)
		conversion_of(&n, sdr, rec, len);
	slot = rig__array_add(&items, &m->count, sizeof(*m->v));
	m->v = items;
	if (slot == NULL)
		return; /* names are a nicety: the events decode without */
	*slot = n;
}

static void map_build(struct name_map *m, ipmi_sdr_ctx_t sdr)
{
	uint8_t buf[IPMI_SDR_MAX_RECORD_LENGTH];

	if (ipmi_sdr_cache_first(sdr) < 0)
		return;
	do {
		int len = ipmi_sdr_cache_record_read(sdr, buf, sizeof(buf));
		uint16_t id;
		uint8_t type;

		if (len <= 0 || ipmi_sdr_parse_record_id_and_type(
					sdr, buf, (unsigned int)len, &id, &type) < 0)
			continue;
		if (type == IPMI_SDR_FORMAT_FULL_SENSOR_RECORD ||
		    type == IPMI_SDR_FORMAT_COMPACT_SENSOR_RECORD ||
		    type == IPMI_SDR_FORMAT_EVENT_ONLY_RECORD)
			map_add(m, sdr, buf, (unsigned int)len, type);
	} while (ipmi_sdr_cache_next(sdr) == 1);
}

/* Sensor names from the SDR (the cache when there is one).  Without them
 * the events still decode, so a failure is logged, not returned. */
static void names_load(rig *r, struct bmc *b, struct name_map *m)
{
	ipmi_sdr_ctx_t sdr = NULL;
	size_t mark = rig__error_mark(r);

	m->count = 0;
	m->v = NULL;
	if (bmc_sdr_open(r, b, &sdr) != RIG_OK) {
		rig__log(r, RIG_LOG_WARNING, "BMC %s: no sensor names for the "
					    "SEL: %s", b->label,
			 rig__error_since(r, mark));
		rig__error_rewind(r, mark);
		return;
	}
	map_build(m, sdr);
	bmc_sdr_close(sdr);
}

bool bmc_sel_from_sensor(const rig_sel_record *rec, uint8_t owner,
			 uint8_t lun, uint8_t number, uint8_t type)
{
	/* Sensor numbers are only unique per owner and LUN, and BMCs reuse
	 * a number for an event-only sensor of another type (a Power Unit
	 * event from sensor 0x01 where a temperature sensor is 0x01): the
	 * type must match too, or the event gets the wrong name. */
	return rec->cls == RIG_SEL_CLASS_SYSTEM &&
	       (uint8_t)(rec->generator_id & 0xFF) == owner &&
	       (uint8_t)((rec->generator_id >> 8) & 3u) == lun &&
	       rec->sensor_number == number && rec->sensor_type == type;
}

static const struct sensor_name *sensor_of(const struct name_map *m,
					   const rig_sel_record *rec)
{
	for (size_t i = 0; i < m->count; i++)
		if (bmc_sel_from_sensor(rec, m->v[i].owner, m->v[i].lun,
					m->v[i].number, m->v[i].type))
			return &m->v[i];
	return NULL;
}

/* A threshold event's trigger reading and threshold in the sensor's unit,
 * as ipmi-sel and ipmitool show them, when the SDR says how to convert. */
static void trigger_values(const struct sensor_name *n, rig_sel_record *rec)
{
	double reading, threshold;

	if (n == NULL || !n->analog || !sel_has_trigger_values(rec) ||
	    ipmi_sensor_decode_value(n->rexp, n->bexp, n->m, n->b,
				     n->linearization, n->format,
				     rec->event_data[1], &reading) < 0 ||
	    ipmi_sensor_decode_value(n->rexp, n->bexp, n->m, n->b,
				     n->linearization, n->format,
				     rec->event_data[2], &threshold) < 0)
		return;
	sel_describe_threshold(rec, reading, threshold, n->unit);
}

/* ------------------------------------------------------------ events */

/* A SEL record's timestamp field (IPMI 2.0 table 32-1). */
static uint32_t ts_bytes(const uint8_t *rec)
{
	return rig__le32(rec + 3);
}

/*
 * Where to read from: *start 0 means everything; otherwise the record seen
 * last time, which the read returns first again.  *nothing_new: entry
 * count and last add time are as the cursor left them, so no read at all.
 */
static rig_status plan_read(rig *r, struct bmc *b, ipmi_sel_ctx_t sel,
			    const struct sel_cursor *c,
			    const struct sel_state *st, uint16_t *start,
			    bool *restarted, bool *nothing_new)
{
	struct sel_records probe = {0, NULL};
	uint16_t id = c->last_id;
	rig_status rc;

	*start = 0;
	*restarted = false;
	*nothing_new = false;
	if (c->last_erase != st->last_erase) {
		*restarted = true; /* cleared since */
		return RIG_OK;
	}
	if (c->last_add == st->last_add && c->entries == st->entries) {
		*nothing_new = true;
		return RIG_OK;
	}
	if (c->last_id == SEL_NO_RECORD)
		return RIG_OK; /* it was empty: all records are new */
	if (ipmi_sel_parse_record_ids(sel, &id, 1, on_record,
				      &(struct read_ctx){&probe, false}) < 0) {
		rc = bmc_sel_error(r, b, sel, "reading the SEL");
		sel_records_free(&probe);
		return rc;
	}
	/* Gone, or its id now names another record: wrapped or deleted. */
	if (probe.count != 1 || ts_bytes(probe.rec[0]) != c->last_ts)
		*restarted = true;
	else
		*start = c->last_id;
	sel_records_free(&probe);
	return RIG_OK;
}

static rig_status to_events(rig *r, struct bmc *b, const struct sel_records *l,
			    size_t from, rig_event_list *out)
{
	struct name_map names;
	rig_status rc = RIG_OK;

	if (from >= l->count)
		return RIG_OK;
	names_load(r, b, &names);
	for (size_t i = from; i < l->count && rc == RIG_OK; i++) {
		rig_sel_record rec;
		rig_event *e;

		if (rig_sel_decode(l->rec[i], RIG_SEL_RECORD_LEN, &rec) != RIG_OK)
			continue;
		const struct sensor_name *n = sensor_of(&names, &rec);

		trigger_values(n, &rec);
		e = rig__event_list_add(out);
		rc = e != NULL ? sel_event_fill(e, &rec, n != NULL ? n->name : NULL)
			       : RIG_E_NOMEM;
		if (rc != RIG_OK && e != NULL)
			out->count--; /* fill cleared it */
	}
	free(names.v);
	if (rc != RIG_OK)
		return rig__fail(r, RIG_PATH_BMC, rc, "out of memory");
	return RIG_OK;
}

static void cursor_after(struct sel_cursor *c, const struct sel_state *st,
			 const struct sel_records *l)
{
	c->last_add = st->last_add;
	c->last_erase = st->last_erase;
	c->entries = st->entries;
	if (l->count > 0) {
		const uint8_t *last = l->rec[l->count - 1];

		c->last_id = rig__le16(last);
		c->last_ts = ts_bytes(last);
	}
}

static rig_status read_new(rig *r, struct bmc *b, const struct sel_cursor *c,
			   const struct sel_state *st, struct sel_records *l,
			   size_t *skip, bool *restarted)
{
	ipmi_sel_ctx_t sel = ipmi_sel_ctx_create(b->ctx, NULL);
	uint16_t start = 0;
	bool nothing_new = false;
	rig_status rc = RIG_OK;

	*skip = 0;
	*restarted = false;
	if (sel == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	if (c != NULL)
		rc = plan_read(r, b, sel, c, st, &start, restarted, &nothing_new);
	if (rc == RIG_OK && !nothing_new)
		rc = bmc_sel_read(r, b, sel, start, l, NULL);
	/* Reading from the record seen last time returns it first. */
	if (rc == RIG_OK && start != 0 && l->count > 0 &&
	    rig__le16(l->rec[0]) == start)
		*skip = 1;
	ipmi_sel_ctx_destroy(sel);
	return rc;
}

rig_status bmc_events(rig *r, void *priv, const char *since, size_t last,
		      rig_event_list *out, char **next)
{
	struct bmc *b = priv;
	struct sel_cursor c = {SEL_NO_RECORD, 0, 0, 0, 0};
	struct sel_state st;
	struct sel_records l = {0, NULL};
	size_t skip = 0;
	bool restarted = false;
	rig_status rc;

	*next = NULL;
	if (since != NULL && !sel_cursor_parse(since, &c))
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"events cursor: the BMC part '%s' is not one "
				"this library wrote", since);
	rc = bmc_sel_state(r, b, &st);
	if (rc == RIG_OK)
		rc = read_new(r, b, since != NULL ? &c : NULL, &st, &l, &skip,
			      &restarted);
	if (rc == RIG_OK && restarted) {
		rig__log(r, RIG_LOG_INFO, "BMC %s: the SEL was cleared or wrapped "
					 "since the cursor: reading all of it",
			b->label);
		out->restarted |= RIG_PATH_BMC;
	}
	if (rc == RIG_OK && last > 0 && l.count - skip > last)
		skip = l.count - last;
	if (rc == RIG_OK)
		rc = to_events(r, b, &l, skip, out);
	if (rc == RIG_OK) {
		cursor_after(&c, &st, &l);
		*next = sel_cursor_format(&c);
		if (*next == NULL)
			rc = rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	}
	sel_records_free(&l);
	return rc;
}

static void set_time(uint32_t raw, bool *has, bool *pre_init, int64_t *t)
{
	enum rig_ipmi_time kind = rig__ipmi_time_kind(raw);

	*has = kind != RIG_IPMI_TIME_NONE;
	*pre_init = kind == RIG_IPMI_TIME_PRE_INIT;
	*t = *has ? (int64_t)raw : 0;
}

rig_status bmc_sel_info(rig *r, void *priv, rig_sel_info *info)
{
	struct bmc *b = priv;
	struct sel_state st;
	rig_status rc = bmc_sel_state(r, b, &st);

	if (rc != RIG_OK)
		return rc;
	snprintf(info->version, sizeof(info->version), "%u.%u",
		 st.version_major, st.version_minor);
	info->entries = st.entries;
	info->free_bytes = st.free_bytes;
	info->overflow = st.overflow;
	info->supports_delete = st.supports_delete;
	info->supports_reserve = st.supports_reserve;
	set_time(st.last_add, &info->has_last_add, &info->last_add_pre_init,
		 &info->last_add);
	set_time(st.last_erase, &info->has_last_erase,
		 &info->last_erase_pre_init, &info->last_erase);
	return RIG_OK;
}

/* ------------------------------------------------------------ cursor */

static bool hex_field(const char *s, size_t digits, uint32_t *out)
{
	uint32_t v = 0;

	for (size_t i = 0; i < digits; i++) {
		int d = rig__hex_digit((unsigned char)s[i]);

		/* Lowercase only, as sel_cursor_format writes: one position,
		 * one spelling. */
		if (d < 0 || (s[i] >= 'A' && s[i] <= 'F'))
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return true;
}

bool sel_cursor_parse(const char *text, struct sel_cursor *c)
{
	uint32_t id, n = 0;
	const char *p;

	/* 4 + 1 + 8 + 1 + 8 + 1 + 8 + 1 = 32 characters before the count */
	if (text == NULL || strlen(text) < 33 || strlen(text) > 42 ||
	    !hex_field(text, 4, &id) || text[4] != '.' ||
	    !hex_field(text + 5, 8, &c->last_ts) || text[13] != '.' ||
	    !hex_field(text + 14, 8, &c->last_add) || text[22] != '.' ||
	    !hex_field(text + 23, 8, &c->last_erase) || text[31] != '.')
		return false;
	for (p = text + 32; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || n > 100000000u)
			return false;
		n = n * 10u + (uint32_t)(*p - '0');
	}
	if (id == 0 || n > 65535u)
		return false;
	c->last_id = (uint16_t)id;
	c->entries = n;
	return true;
}

char *sel_cursor_format(const struct sel_cursor *c)
{
	char *s = NULL;

	if (asprintf(&s, "%04x.%08" PRIx32 ".%08" PRIx32 ".%08" PRIx32 ".%" PRIu32,
		     c->last_id, c->last_ts, c->last_add, c->last_erase,
		     c->entries) < 0)
		return NULL;
	return s;
}

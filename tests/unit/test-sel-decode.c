/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SEL decoding and ECC classification from raw 16-byte records: every
 * memory error kind, DIMM only when event data 1 says so, deassertions,
 * pre-init and unspecified times, OEM records, records of other sensor
 * types that merely look like memory errors, and malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/internal.h"
#include "codec/sel.h"

/* A system event record: id 0x0001, time 0x65000000, generator 0x0020,
 * EvM rev 4, then sensor type, number, dir|type, event data 1-3. */
static void sys_record(uint8_t *r, uint8_t stype, uint8_t num, uint8_t dirtype,
		       uint8_t ed1, uint8_t ed2, uint8_t ed3)
{
	const uint8_t head[] = {0x01, 0x00, 0x02, 0x00, 0x00,
				0x00, 0x65, 0x20, 0x00, 0x04};

	memcpy(r, head, sizeof(head));
	r[10] = stype;
	r[11] = num;
	r[12] = dirtype;
	r[13] = ed1;
	r[14] = ed2;
	r[15] = ed3;
}

static rig_sel_record decode(const uint8_t *raw)
{
	rig_sel_record rec;

	assert_int_equal(rig_sel_decode(raw, RIG_SEL_RECORD_LEN, &rec), RIG_OK);
	return rec;
}

static void memory_kind(uint8_t offset, rig_ecc_kind want)
{
	uint8_t raw[16];
	rig_sel_record rec;

	sys_record(raw, 0x0C, 0x40, 0x6F, offset, 0xFF, 0xFF);
	rec = decode(raw);
	assert_int_equal(rec.ecc, want);
	assert_false(rec.has_dimm);
}

static void test_memory_kinds(void **state)
{
	(void)state;
	memory_kind(0x00, RIG_ECC_CORRECTABLE);
	memory_kind(0x01, RIG_ECC_UNCORRECTABLE);
	memory_kind(0x05, RIG_ECC_LOGGING_LIMIT);
	memory_kind(0x02, RIG_ECC_OTHER); /* parity */
	memory_kind(0x03, RIG_ECC_OTHER); /* scrub failed */
	memory_kind(0x04, RIG_ECC_OTHER); /* device disabled */
	memory_kind(0x07, RIG_ECC_OTHER); /* configuration error */
	memory_kind(0x08, RIG_ECC_OTHER); /* spare */
	memory_kind(0x09, RIG_ECC_OTHER); /* throttled */
	memory_kind(0x0A, RIG_ECC_OTHER); /* critical overtemperature */
	memory_kind(0x06, RIG_ECC_NONE);  /* presence detected */
	memory_kind(0x0B, RIG_ECC_NONE);  /* reserved */
}

static void test_correctable_fields(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;

	(void)state;
	sys_record(raw, 0x0C, 0x40, 0x6F, 0x30, 0xFF, 0x03);
	rec = decode(raw);
	assert_int_equal(rec.record_id, 1);
	assert_int_equal(rec.record_type, 0x02);
	assert_int_equal(rec.cls, RIG_SEL_CLASS_SYSTEM);
	assert_true(rec.has_timestamp);
	assert_false(rec.pre_init);
	assert_int_equal(rec.timestamp, 0x65000000u);
	assert_int_equal(rec.generator_id, 0x0020);
	assert_int_equal(rec.evm_rev, 4);
	assert_int_equal(rec.sensor_type, 0x0C);
	assert_int_equal(rec.sensor_number, 0x40);
	assert_int_equal(rec.event_type, 0x6F);
	assert_false(rec.deassertion);
	assert_int_equal(rec.offset, 0);
	assert_int_equal(rec.event_data[2], 0x03);
	assert_int_equal(rec.ecc, RIG_ECC_CORRECTABLE);
	assert_int_equal(rec.severity, RIG_SEVERITY_WARNING);
	assert_true(rec.has_dimm);
	assert_int_equal(rec.dimm, 3);
	assert_string_equal(rec.type, "Memory");
	assert_non_null(strstr(rec.description, "Correctable ECC"));
	assert_non_null(strstr(rec.description, "memory module 3"));
}

static void test_uncorrectable_critical(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;

	(void)state;
	sys_record(raw, 0x0C, 0x40, 0x6F, 0x01, 0xFF, 0xFF);
	rec = decode(raw);
	assert_int_equal(rec.ecc, RIG_ECC_UNCORRECTABLE);
	assert_int_equal(rec.severity, RIG_SEVERITY_CRITICAL);
	/* no DIMM: the raw event data is shown instead */
	assert_non_null(strstr(rec.description, "[event data 01 ff ff]"));
}

/* Event data 3 holds the module only when bits [5:4] of event data 1 are
 * 11b (sensor-specific extension) and it is not 0xFF; an OEM code (10b) or
 * anything else is no DIMM, never a guess. */
static void test_dimm_only_when_unambiguous(void **state)
{
	const uint8_t ed1s[] = {0x00, 0x10, 0x20, 0x80, 0xC0, 0xE0};
	uint8_t raw[16];

	(void)state;
	for (size_t i = 0; i < sizeof(ed1s); i++) {
		sys_record(raw, 0x0C, 0x40, 0x6F, ed1s[i], 0x02, 0x03);
		assert_false(decode(raw).has_dimm);
	}
	sys_record(raw, 0x0C, 0x40, 0x6F, 0x30, 0x02, 0xFF);
	assert_false(decode(raw).has_dimm);
	sys_record(raw, 0x0C, 0x40, 0x6F, 0xB1, 0x02, 0x07);
	assert_true(decode(raw).has_dimm);
	assert_int_equal(decode(raw).dimm, 7);
	/* the same bits on another sensor type are not a DIMM */
	sys_record(raw, 0x07, 0x40, 0x6F, 0x30, 0xFF, 0x03);
	assert_false(decode(raw).has_dimm);
}

static void test_deassertion(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;

	(void)state;
	sys_record(raw, 0x0C, 0x40, 0xEF, 0x01, 0xFF, 0xFF);
	rec = decode(raw);
	assert_true(rec.deassertion);
	assert_int_equal(rec.event_type, 0x6F);
	assert_int_equal(rec.ecc, RIG_ECC_NONE);
	assert_int_equal(rec.severity, RIG_SEVERITY_INFO);
	assert_non_null(strstr(rec.description, "(deasserted)"));
}

static void test_pre_init_and_unspecified_time(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;
	rig_event e;

	(void)state;
	sys_record(raw, 0x0C, 0x40, 0x6F, 0x00, 0xFF, 0xFF);
	raw[3] = 0x10;
	raw[4] = 0x0E;
	raw[5] = 0x00;
	raw[6] = 0x00; /* 3600 s after BMC start */
	rec = decode(raw);
	assert_true(rec.has_timestamp);
	assert_true(rec.pre_init);
	assert_int_equal(rec.timestamp, 3600);
	memset(&e, 0, sizeof(e));
	assert_int_equal(sel_event_fill(&e, &rec, NULL), RIG_OK);
	assert_false(e.has_time);
	assert_true(e.pre_init);
	assert_int_equal(e.uptime_s, 3600);
	rig__event_clear(&e);

	/* the boundary itself is still pre-init */
	raw[3] = 0x00; raw[4] = 0x00; raw[5] = 0x00; raw[6] = 0x20;
	assert_true(decode(raw).pre_init);
	raw[3] = 0x01;
	assert_false(decode(raw).pre_init);

	memset(raw + 3, 0xFF, 4);
	rec = decode(raw);
	assert_false(rec.has_timestamp);
	assert_false(rec.pre_init);
}

static void test_oem_records(void **state)
{
	const uint8_t ts[] = {0x10, 0x00, 0xC1, 0x00, 0x00, 0x00, 0x65, 0xD6,
			      0xC1, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02};
	const uint8_t nts[] = {0x11, 0x00, 0xE0, 0x0C, 0x6F, 0x01, 0x02, 0x03,
			       0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B};
	const uint8_t unk[] = {0x12, 0x00, 0x10, 0x00, 0x00, 0x00, 0x65, 0x20,
			       0x00, 0x04, 0x0C, 0x40, 0x6F, 0x01, 0xFF, 0xFF};
	rig_sel_record rec;

	(void)state;
	rec = decode(ts);
	assert_int_equal(rec.cls, RIG_SEL_CLASS_OEM_TIMESTAMPED);
	assert_int_equal(rec.record_id, 0x10);
	assert_true(rec.has_timestamp);
	assert_int_equal(rec.manufacturer_id, 49622);
	assert_int_equal(rec.ecc, RIG_ECC_NONE);
	assert_int_equal(rec.severity, RIG_SEVERITY_INFO);
	assert_string_equal(rec.type, "OEM record");
	assert_non_null(strstr(rec.description, "deadbeef0102"));

	/* bytes that would read as a memory error in a system event */
	rec = decode(nts);
	assert_int_equal(rec.cls, RIG_SEL_CLASS_OEM);
	assert_false(rec.has_timestamp);
	assert_int_equal(rec.ecc, RIG_ECC_NONE);
	assert_string_equal(rig_sel_class_name(rec.cls), "oem");

	rec = decode(unk);
	assert_int_equal(rec.cls, RIG_SEL_CLASS_UNKNOWN);
	assert_false(rec.has_timestamp);
	assert_int_equal(rec.ecc, RIG_ECC_NONE);
}

/* Records that mention memory but are not memory errors. */
static void test_not_ecc(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;

	(void)state;
	/* firmware progress: "system firmware error", event data 2 0x01
	 * "no system memory physically installed" */
	sys_record(raw, 0x0F, 0x50, 0x6F, 0xC0, 0x01, 0xFF);
	rec = decode(raw);
	assert_int_equal(rec.ecc, RIG_ECC_NONE);
	assert_int_equal(rec.severity, RIG_SEVERITY_CRITICAL);
	/* a Memory sensor with a threshold event (a DIMM temperature) */
	sys_record(raw, 0x0C, 0x41, 0x01, 0x09, 0xFF, 0xFF);
	assert_int_equal(decode(raw).ecc, RIG_ECC_NONE);
	/* a Memory sensor with an OEM event/reading type */
	sys_record(raw, 0x0C, 0x41, 0x70, 0x00, 0xFF, 0xFF);
	assert_int_equal(decode(raw).ecc, RIG_ECC_NONE);
	/* an OEM sensor type, offset 0 */
	sys_record(raw, 0xC0, 0x41, 0x6F, 0x00, 0xFF, 0xFF);
	rec = decode(raw);
	assert_int_equal(rec.ecc, RIG_ECC_NONE);
	assert_string_equal(rec.type, "OEM");
}

static void test_fan_and_psu(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;
	rig_event e;

	(void)state;
	/* FAN1 lower critical going low, trigger reading and threshold in
	 * event data 2 and 3 */
	sys_record(raw, 0x04, 0x10, 0x01, 0x52, 0x04, 0x05);
	rec = decode(raw);
	assert_int_equal(rec.severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(rec.type, "Fan");
	assert_non_null(strstr(rec.description, "Lower Critical"));
	/* lower non-critical going low is a warning */
	sys_record(raw, 0x04, 0x10, 0x01, 0x50, 0x06, 0x07);
	assert_int_equal(decode(raw).severity, RIG_SEVERITY_WARNING);

	sys_record(raw, 0x08, 0x30, 0x6F, 0x01, 0xFF, 0xFF);
	rec = decode(raw);
	assert_int_equal(rec.severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(rec.type, "Power Supply");
	assert_non_null(strstr(rec.description, "Failure"));
	memset(&e, 0, sizeof(e));
	assert_int_equal(sel_event_fill(&e, &rec, "PSU1 Status"), RIG_OK);
	assert_string_equal(e.sensor, "PSU1 Status");
	assert_string_equal(e.id, "1");
	assert_string_equal(e.raw, "0100020000006520000408306f01ffff");
	assert_true(e.has_time);
	assert_int_equal(e.time, 0x65000000);
	assert_null(e.dimm);
	rig__event_clear(&e);
}

/* Trigger values (event data 1 bits [7:4] = 0101b) in the sensor's unit,
 * as ipmitool's sel elist writes them. */
static void test_threshold_values(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;

	(void)state;
	sys_record(raw, 0x04, 0x10, 0x01, 0x52, 0x04, 0x05);
	rec = decode(raw);
	assert_true(sel_has_trigger_values(&rec));
	assert_true(sel_describe_threshold(&rec, 400, 500, "RPM"));
	assert_string_equal(rec.description,
			    "Lower Critical - going low; Reading 400 < Threshold "
			    "500 RPM");
	/* Upper critical going high (offset 9), deasserted: back below. */
	sys_record(raw, 0x01, 0x01, 0x81, 0x59, 0x5d, 0x5f);
	rec = decode(raw);
	assert_true(sel_describe_threshold(&rec, 93, 95, "C"));
	assert_string_equal(rec.description,
			    "Upper Critical - going high; Reading 93 < Threshold "
			    "95 C (deasserted)");
	sys_record(raw, 0x01, 0x01, 0x01, 0x59, 0x60, 0x5f);
	rec = decode(raw);
	assert_true(sel_describe_threshold(&rec, 96, 95, ""));
	assert_string_equal(rec.description,
			    "Upper Critical - going high; Reading 96 > Threshold "
			    "95");
	/* Bytes 2 and 3 unspecified, or a discrete event: untouched. */
	sys_record(raw, 0x04, 0x10, 0x01, 0x02, 0xff, 0xff);
	rec = decode(raw);
	assert_false(sel_has_trigger_values(&rec));
	assert_false(sel_describe_threshold(&rec, 1, 2, "RPM"));
	assert_string_equal(rec.description, "Lower Critical - going low");
	sys_record(raw, 0x08, 0x30, 0x6f, 0x51, 0x01, 0x02);
	rec = decode(raw);
	assert_false(sel_has_trigger_values(&rec));
}

/* A sensor missing from the SDR still decodes; its name falls back. */
static void test_unknown_sensor_name(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;
	rig_event e;

	(void)state;
	sys_record(raw, 0x0C, 0x99, 0x6F, 0x30, 0xFF, 0x02);
	rec = decode(raw);
	memset(&e, 0, sizeof(e));
	assert_int_equal(sel_event_fill(&e, &rec, NULL), RIG_OK);
	assert_string_equal(e.sensor, "Memory #0x99");
	assert_string_equal(e.type, "Memory");
	assert_int_equal(e.ecc, RIG_ECC_CORRECTABLE);
	assert_string_equal(e.dimm, "module 2");
	rig__event_clear(&e);
}

static void test_malformed(void **state)
{
	uint8_t raw[17] = {0};
	rig_sel_record rec;

	(void)state;
	assert_int_equal(rig_sel_decode(raw, 15, &rec), RIG_E_INVALID);
	assert_int_equal(rig_sel_decode(raw, 17, &rec), RIG_E_INVALID);
	assert_int_equal(rig_sel_decode(raw, 0, &rec), RIG_E_INVALID);
	assert_int_equal(rig_sel_decode(NULL, 16, &rec), RIG_E_INVALID);
	assert_int_equal(rig_sel_decode(raw, 16, NULL), RIG_E_INVALID);
	assert_int_equal(rig_sel_decode_hex(NULL, &rec), RIG_E_INVALID);
	assert_int_equal(rig_sel_decode_hex("", &rec), RIG_E_INVALID);
	assert_int_equal(
		rig_sel_decode_hex("0100020000006520000408306f01fff", &rec),
		RIG_E_INVALID);
	assert_int_equal(
		rig_sel_decode_hex("0100020000006520000408306f01ffffff", &rec),
		RIG_E_INVALID);
	assert_int_equal(
		rig_sel_decode_hex("0100020000006520000408306f01ffzz", &rec),
		RIG_E_INVALID);
	assert_int_equal(
		rig_sel_decode_hex("0100020000006520 00408306f01ffff", &rec),
		RIG_E_INVALID);
	assert_int_equal(
		rig_sel_decode_hex("0100020000006520000408306F01FFFF", &rec),
		RIG_OK);
	assert_int_equal(rec.sensor_type, 0x08);
	/* all-zero and all-0xFF garbage decode without crashing */
	memset(raw, 0, sizeof(raw));
	assert_int_equal(rig_sel_decode(raw, 16, &rec), RIG_OK);
	assert_int_equal(rec.cls, RIG_SEL_CLASS_UNKNOWN);
	memset(raw, 0xFF, sizeof(raw));
	assert_int_equal(rig_sel_decode(raw, 16, &rec), RIG_OK);
	assert_int_equal(rec.cls, RIG_SEL_CLASS_OEM);
}

/* Every byte pattern in the system event fields decodes to a bounded,
 * terminated description. */
static void test_exhaustive_types(void **state)
{
	uint8_t raw[16];
	rig_sel_record rec;

	(void)state;
	for (unsigned int st = 0; st < 256; st += 1)
		for (unsigned int et = 0; et < 256; et += 7) {
			sys_record(raw, (uint8_t)st, 1, (uint8_t)et,
				   (uint8_t)(st ^ et), 0xAA, 0x55);
			assert_int_equal(rig_sel_decode(raw, 16, &rec), RIG_OK);
			assert_true(strlen(rec.description) <
				    sizeof(rec.description));
			assert_true(rec.description[0] != '\0');
			if (rec.ecc != RIG_ECC_NONE)
				assert_int_equal(rec.sensor_type, 0x0C);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_kinds),
		cmocka_unit_test(test_correctable_fields),
		cmocka_unit_test(test_uncorrectable_critical),
		cmocka_unit_test(test_dimm_only_when_unambiguous),
		cmocka_unit_test(test_deassertion),
		cmocka_unit_test(test_pre_init_and_unspecified_time),
		cmocka_unit_test(test_oem_records),
		cmocka_unit_test(test_not_ecc),
		cmocka_unit_test(test_fan_and_psu),
		cmocka_unit_test(test_threshold_values),
		cmocka_unit_test(test_unknown_sensor_name),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_exhaustive_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The pure remote-hands decoders against byte layouts written down from
 * the specifications: DCMI 1.5 Get Power Reading (table 6-16) and IPMI 2.0
 * Get/Set System Boot Options parameter 5 (table 28-14).  Malformed input
 * included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "codec/chassis.h"

/* DCMI 1.5 table 6-16, Get Power Reading response, byte by byte:
 *  1      completion code
 *  2      group extension id 0xDC
 *  3:4    current power, watts, LS byte first
 *  5:6    minimum power over the sampling period
 *  7:8    maximum power over the sampling period
 *  9:10   average power over the sampling period
 *  11:14  IPMI timestamp
 *  15:18  statistics reporting time period, milliseconds
 *  19     power reading state: bit 6 set = power measurement active */
static const uint8_t dcmi_ok[19] = {
	0x00, 0xDC,
	0x5e, 0x01,             /* 350 W */
	0xfa, 0x00,             /* 250 W */
	0x20, 0x03,             /* 800 W */
	0x2c, 0x01,             /* 300 W */
	0x80, 0x8f, 0x52, 0x65, /* 0x65528f80 = 2023-11-13T21:05:04Z */
	0x60, 0xea, 0x00, 0x00, /* 60000 ms */
	0x40,
};

static void dcmi_decodes_every_field(void **state)
{
	rig_power_reading p;

	(void)state;
	assert_int_equal(chassis_power_reading_decode(dcmi_ok, sizeof(dcmi_ok), &p),
			 RIG_OK);
	assert_true(p.active);
	assert_int_equal(p.current_w, 350);
	assert_int_equal(p.minimum_w, 250);
	assert_int_equal(p.maximum_w, 800);
	assert_int_equal(p.average_w, 300);
	assert_int_equal(p.period_ms, 60000);
	assert_true(p.has_time);
	assert_int_equal(p.time, 0x65528f80);
}

static void dcmi_inactive_measurement(void **state)
{
	uint8_t rs[19];
	rig_power_reading p;

	(void)state;
	memcpy(rs, dcmi_ok, sizeof(rs));
	rs[18] = 0x00;
	assert_int_equal(chassis_power_reading_decode(rs, sizeof(rs), &p), RIG_OK);
	assert_false(p.active);
	/* other bits of the state byte are reserved: ignore them */
	rs[18] = 0xbf;
	assert_int_equal(chassis_power_reading_decode(rs, sizeof(rs), &p), RIG_OK);
	assert_false(p.active);
}

static void dcmi_timestamps(void **state)
{
	uint8_t rs[19];
	rig_power_reading p;

	(void)state;
	memcpy(rs, dcmi_ok, sizeof(rs));
	memset(rs + 10, 0xff, 4); /* unspecified */
	assert_int_equal(chassis_power_reading_decode(rs, sizeof(rs), &p), RIG_OK);
	assert_false(p.has_time);
	rs[10] = 0x10; rs[11] = 0x00; rs[12] = 0x00; rs[13] = 0x00; /* pre-init */
	assert_int_equal(chassis_power_reading_decode(rs, sizeof(rs), &p), RIG_OK);
	assert_false(p.has_time);
	assert_int_equal(p.current_w, 350); /* the rest still decodes */
}

static void dcmi_extremes(void **state)
{
	uint8_t rs[19];
	rig_power_reading p;

	(void)state;
	memcpy(rs, dcmi_ok, sizeof(rs));
	rs[2] = 0xff; rs[3] = 0xff;
	memset(rs + 14, 0xff, 4);
	assert_int_equal(chassis_power_reading_decode(rs, sizeof(rs), &p), RIG_OK);
	assert_int_equal(p.current_w, 65535);
	assert_int_equal(p.period_ms, 0xffffffffu);
}

static void dcmi_unsupported_and_errors(void **state)
{
	const uint8_t invalid_cmd[] = {0xC1};
	const uint8_t busy[] = {0xC0};
	const uint8_t priv[] = {0xD4, 0xDC};
	uint8_t wrong_group[19];
	rig_power_reading p;

	(void)state;
	assert_int_equal(chassis_power_reading_decode(invalid_cmd, 1, &p),
			 RIG_E_UNSUPPORTED);
	assert_int_equal(chassis_power_reading_decode(busy, 1, &p), RIG_E_BMC);
	assert_int_equal(chassis_power_reading_decode(priv, 2, &p), RIG_E_BMC);
	memcpy(wrong_group, dcmi_ok, sizeof(wrong_group));
	wrong_group[1] = 0xDD;
	assert_int_equal(chassis_power_reading_decode(wrong_group, 19, &p),
			 RIG_E_BMC);
}

static void dcmi_malformed(void **state)
{
	rig_power_reading p;

	(void)state;
	/* every truncation of a good response */
	for (size_t len = 0; len < sizeof(dcmi_ok); len++) {
		memset(&p, 0x5a, sizeof(p));
		assert_int_not_equal(
			chassis_power_reading_decode(dcmi_ok, len, &p), RIG_OK);
		assert_false(p.active);
		assert_int_equal(p.current_w, 0);
	}
	assert_int_equal(chassis_power_reading_decode(NULL, 19, &p), RIG_E_INVALID);
	assert_int_equal(chassis_power_reading_decode(dcmi_ok, 19, NULL),
			 RIG_E_INVALID);
	/* longer than needed: the extra bytes are ignored */
	{
		uint8_t longer[24];

		memset(longer, 0xee, sizeof(longer));
		memcpy(longer, dcmi_ok, sizeof(dcmi_ok));
		assert_int_equal(chassis_power_reading_decode(longer, 24, &p), RIG_OK);
		assert_int_equal(p.average_w, 300);
	}
}

/* IPMI 2.0 table 28-14, Get System Boot Options response for parameter 5:
 *  1  completion code
 *  2  parameter version (01h)
 *  3  [7] 1 = parameter marked invalid/locked, [6:0] parameter selector
 *  4  data 1: [7] boot flags valid, [6] persistent, [5] EFI
 *  5  data 2: [5:2] device selector (1 PXE, 2 disk, 5 CD/DVD, 6 BIOS)
 *  6:8 data 3-5 */
static void boot_decodes(void **state)
{
	const uint8_t rs[] = {0x00, 0x01, 0x05, 0xe0, 0x18, 0x00, 0x00, 0x00};
	rig_boot_status st;

	(void)state;
	assert_int_equal(chassis_boot_flags_decode(rs, sizeof(rs), &st), RIG_OK);
	assert_true(st.has_flags);
	assert_true(st.valid);
	assert_true(st.persistent);
	assert_true(st.efi);
	assert_true(st.has_device);
	assert_int_equal(st.selector, 6);
	assert_int_equal(st.device, RIG_BOOT_BIOS);
}

static void boot_selectors(void **state)
{
	static const struct {
		uint8_t selector;
		rig_boot_device dev;
	} map[] = {{0, RIG_BOOT_DEFAULT}, {1, RIG_BOOT_PXE},
		   {2, RIG_BOOT_DISK},    {3, RIG_BOOT_OTHER}, /* safe mode */
		   {5, RIG_BOOT_CDROM},   {6, RIG_BOOT_BIOS},
		   {0xf, RIG_BOOT_OTHER}};
	uint8_t rs[] = {0x00, 0x01, 0x05, 0x80, 0x00, 0x00, 0x00, 0x00};
	rig_boot_status st;

	(void)state;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		/* bits outside [5:2] (CMOS clear, lock keyboard) must not leak */
		rs[4] = (uint8_t)(map[i].selector << 2 | 0x83);
		assert_int_equal(chassis_boot_flags_decode(rs, sizeof(rs), &st),
				 RIG_OK);
		assert_int_equal(st.selector, map[i].selector);
		assert_int_equal(st.device, map[i].dev);
	}
}

static void boot_unknown_parts(void **state)
{
	const uint8_t locked[] = {0x00, 0x01, 0x85, 0x80, 0x18, 0, 0, 0};
	const uint8_t no_data[] = {0x00, 0x01, 0x05};
	const uint8_t flags_only[] = {0x00, 0x01, 0x05, 0x40};
	rig_boot_status st;

	(void)state;
	assert_int_equal(chassis_boot_flags_decode(locked, sizeof(locked), &st),
			 RIG_OK);
	assert_false(st.has_flags);
	assert_false(st.has_device);
	assert_int_equal(chassis_boot_flags_decode(no_data, 3, &st), RIG_OK);
	assert_false(st.has_flags);
	assert_int_equal(chassis_boot_flags_decode(flags_only, 4, &st), RIG_OK);
	assert_true(st.has_flags);
	assert_true(st.persistent);
	assert_false(st.valid);
	assert_false(st.has_device);
}

static void boot_malformed(void **state)
{
	const uint8_t other_param[] = {0x00, 0x01, 0x04, 0x00, 0x00};
	const uint8_t cc[] = {0xD4};
	const uint8_t shorter[] = {0x00, 0x01};
	rig_boot_status st;

	(void)state;
	assert_int_equal(chassis_boot_flags_decode(other_param, 5, &st),
			 RIG_E_INVALID);
	assert_int_equal(chassis_boot_flags_decode(cc, 1, &st), RIG_E_BMC);
	assert_int_equal(chassis_boot_flags_decode(shorter, 2, &st), RIG_E_INVALID);
	assert_int_equal(chassis_boot_flags_decode(shorter, 0, &st), RIG_E_INVALID);
	assert_int_equal(chassis_boot_flags_decode(NULL, 8, &st), RIG_E_INVALID);
	assert_int_equal(chassis_boot_flags_decode(shorter, 2, NULL), RIG_E_INVALID);
}

static void boot_encodes(void **state)
{
	rig_boot_options o;
	uint8_t d[5];
	const uint8_t bios_once[5] = {0x80, 0x18, 0, 0, 0};
	const uint8_t pxe_persistent_efi[5] = {0xe0, 0x04, 0, 0, 0};
	const uint8_t disk[5] = {0x80, 0x08, 0, 0, 0};
	const uint8_t cdrom[5] = {0x80, 0x14, 0, 0, 0};
	const uint8_t none[5] = {0x80, 0x00, 0, 0, 0};

	(void)state;
	rig_boot_options_init(&o, RIG_BOOT_OPTIONS_VERSION);
	chassis_boot_flags_encode(RIG_BOOT_BIOS, &o, d);
	assert_memory_equal(d, bios_once, 5);
	o.persistent = true;
	o.efi = true;
	chassis_boot_flags_encode(RIG_BOOT_PXE, &o, d);
	assert_memory_equal(d, pxe_persistent_efi, 5);
	chassis_boot_flags_encode(RIG_BOOT_DISK, NULL, d);
	assert_memory_equal(d, disk, 5);
	chassis_boot_flags_encode(RIG_BOOT_CDROM, NULL, d);
	assert_memory_equal(d, cdrom, 5);
	chassis_boot_flags_encode(RIG_BOOT_DEFAULT, NULL, d);
	assert_memory_equal(d, none, 5);
}

static void boot_round_trip_and_names(void **state)
{
	rig_boot_device dev;
	rig_boot_status st;
	uint8_t rs[8] = {0x00, 0x01, 0x05};

	(void)state;
	for (unsigned int d = RIG_BOOT_DEFAULT; d < RIG_BOOT_OTHER; d++) {
		chassis_boot_flags_encode((rig_boot_device)d, NULL, rs + 3);
		assert_int_equal(chassis_boot_flags_decode(rs, 8, &st), RIG_OK);
		assert_int_equal(st.device, d);
		assert_int_equal(rig_boot_device_parse(
					 rig_boot_device_name((rig_boot_device)d),
					 &dev),
				 RIG_OK);
		assert_int_equal(dev, d);
	}
	assert_int_equal(rig_boot_device_parse("other", &dev), RIG_E_INVALID);
	assert_int_equal(rig_boot_device_parse("BIOS", &dev), RIG_E_INVALID);
	assert_string_equal(rig_boot_device_name((rig_boot_device)42),
			    "invalid");
}

static void sol_workaround_names(void **state)
{
	uint32_t f = 0;
	const char *bad = NULL;

	(void)state;
	assert_int_equal(rig_workarounds_parse("opensesspriv,solpayloadsize,"
					       "solchannelsupport,solport,"
					       "solstatus", &f, &bad),
			 RIG_OK);
	assert_int_equal(f, RIG_WORKAROUND_OPENSESSPRIV |
				    RIG_WORKAROUND_SOLPAYLOADSIZE |
				    RIG_WORKAROUND_SOLCHANNELSUPPORT |
				    RIG_WORKAROUND_SOLPORT |
				    RIG_WORKAROUND_SOLSTATUS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dcmi_decodes_every_field),
		cmocka_unit_test(dcmi_inactive_measurement),
		cmocka_unit_test(dcmi_timestamps),
		cmocka_unit_test(dcmi_extremes),
		cmocka_unit_test(dcmi_unsupported_and_errors),
		cmocka_unit_test(dcmi_malformed),
		cmocka_unit_test(boot_decodes),
		cmocka_unit_test(boot_selectors),
		cmocka_unit_test(boot_unknown_parts),
		cmocka_unit_test(boot_malformed),
		cmocka_unit_test(boot_encodes),
		cmocka_unit_test(boot_round_trip_and_names),
		cmocka_unit_test(sol_workaround_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

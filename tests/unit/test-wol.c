/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wake-on-LAN: MAC parsing and the magic packet.  Pure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "paths/wol/wol.h"

static void macs(void **state)
{
	static const uint8_t want[WOL_MAC_LEN] = {0x00, 0x1b, 0x21, 0xAB,
						  0xcd, 0xEF};
	static const char *const good[] = {"00:1b:21:ab:cd:ef",
					   "00-1B-21-AB-CD-EF", "001b21abcdef"};
	static const char *const bad[] = {
		"",		     "00:1b:21:ab:cd",	  "00:1b:21:ab:cd:ef:01",
		"00:1b-21:ab:cd:ef", "0:1b:21:ab:cd:ef",  "00:1b:21:ab:cd:eg",
		"00:1b:21:ab:cd:ef ", "001b21abcde",	  "00::1b:21:ab:cd:ef",
		"00.1b.21.ab.cd.ef",
	};
	uint8_t mac[WOL_MAC_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		memset(mac, 0, sizeof(mac));
		assert_int_equal(wol_mac_parse(good[i], mac), RIG_OK);
		assert_memory_equal(mac, want, sizeof(want));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(wol_mac_parse(bad[i], mac), RIG_E_INVALID);
	assert_int_equal(wol_mac_parse(NULL, mac), RIG_E_INVALID);
}

static void magic_packet(void **state)
{
	static const uint8_t mac[WOL_MAC_LEN] = {1, 2, 3, 4, 5, 6};
	uint8_t p[WOL_PACKET_LEN];

	(void)state;
	memset(p, 0, sizeof(p));
	wol_packet(mac, p);
	for (int i = 0; i < 6; i++)
		assert_int_equal(p[i], 0xff);
	for (int rep = 0; rep < 16; rep++)
		assert_memory_equal(p + 6 + rep * 6, mac, 6);
}

static void options(void **state)
{
	rig_wol_options o;
	rig *r = NULL;

	(void)state;
	rig_wol_options_init(&o, RIG_WOL_OPTIONS_VERSION);
	assert_int_equal(o.port, 9);
	assert_string_equal(o.broadcast, "255.255.255.255");
	assert_int_equal(rig_new("rig", &r), RIG_OK);
	o.mac = "not a mac";
	assert_int_equal(rig_add_wol(r, &o), RIG_E_INVALID);
	assert_non_null(strstr(rig_errormsg(r), "not a MAC"));
	assert_int_equal(rig_capabilities(r), 0);
	o.mac = "00:1b:21:ab:cd:ef";
	assert_int_equal(rig_add_wol(r, &o), RIG_OK);
	assert_int_equal(rig_paths(r), RIG_PATH_WOL);
	assert_int_equal(rig_capabilities(r), RIG_CAP_POWER_ON);
	assert_int_equal(rig_add_wol(r, &o), RIG_E_INVALID);
	rig_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(macs),
		cmocka_unit_test(magic_packet),
		cmocka_unit_test(options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

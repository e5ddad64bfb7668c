/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl's pure output helpers for events and checks: Nagios ranges and
 * labels, the per-rig state directory name, event JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "check_view.h"
#include "event_view.h"

static void test_nagios_range(void **state)
{
	char buf[64];

	(void)state;
	nagios_range(true, 700, false, 0, buf, sizeof(buf));
	assert_string_equal(buf, "700:");
	nagios_range(false, 0, true, 85, buf, sizeof(buf));
	assert_string_equal(buf, "~:85");
	nagios_range(true, 11.4, true, 12.6, buf, sizeof(buf));
	assert_string_equal(buf, "11.4:12.6");
	nagios_range(false, 0, false, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void test_nagios_label(void **state)
{
	char buf[64];

	(void)state;
	nagios_label("rig01", "CPU Temp", buf, sizeof(buf));
	assert_string_equal(buf, "'rig01/CPU Temp'");
	nagios_label("r", "it's=x", buf, sizeof(buf));
	assert_string_equal(buf, "'r/it''s_x'");
	nagios_label("r", "a-very-long-sensor-name-that-will-not-fit-at-all-here",
		     buf, 16);
	assert_int_equal(buf[0], '\'');
	assert_int_equal(buf[strlen(buf) - 1], '\'');
	assert_true(strlen(buf) < 16);
}

static void test_rig_dir_name(void **state)
{
	char buf[128];

	(void)state;
	rig_dir_name("10.0.0.5:623", buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.5:623");
	rig_dir_name("../etc", buf, sizeof(buf));
	assert_string_equal(buf, "%2E.%2Fetc");
	rig_dir_name("[fe80::1]:623", buf, sizeof(buf));
	assert_string_equal(buf, "%5Bfe80::1%5D:623");
	rig_dir_name("a b/c", buf, sizeof(buf));
	assert_string_equal(buf, "a%20b%2Fc");
}

static void test_event_json(void **state)
{
	rig_event e;
	json_t *o;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.id = "7";
	e.source = RIG_PATH_BMC;
	e.pre_init = true;
	e.uptime_s = 42;
	e.type = "Memory";
	e.severity = RIG_SEVERITY_WARNING;
	e.description = "Correctable ECC";
	e.raw = "070002000000002000040c406f30ff03";
	e.ecc = RIG_ECC_CORRECTABLE;
	e.dimm = "module 3";
	o = event_json(&e);
	assert_true(json_is_null(json_object_get(o, "time")));
	assert_true(json_is_true(json_object_get(o, "pre_init")));
	assert_int_equal(json_integer_value(json_object_get(o, "uptime_s")), 42);
	assert_true(json_is_null(json_object_get(o, "sensor")));
	assert_string_equal(json_string_value(json_object_get(o, "source")), "sel");
	assert_string_equal(json_string_value(json_object_get(o, "ecc")),
			    "correctable");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(o, "sel"), "sensor_number")),
			    "0x40");
	json_decref(o);
	e.raw = "not hex";
	o = event_json(&e);
	assert_true(json_is_null(json_object_get(o, "sel")));
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nagios_range),
		cmocka_unit_test(test_nagios_label),
		cmocka_unit_test(test_rig_dir_name),
		cmocka_unit_test(test_event_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

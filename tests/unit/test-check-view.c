/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl's pure output helpers for events and checks: Nagios ranges and
 * labels, the per-rig state directory name, event JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check_view.h"
#include "event_view.h"
#include "prom.h"

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

/* Label values escaped as the exposition format says (\\, \", \n), labels
 * in the order given, no braces without labels. */
static void test_prom_sample(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	prom_family(f, "rigctl_up", "gauge", "Whether the rig answered.");
	prom_sample(f, "rigctl_up",
		    (const char *const[]){"rig", "a\"b\\c\nd", "path", NULL, NULL},
		    1);
	prom_sample(f, "rigctl_x", NULL, 0.25);
	prom_sample(f, "rigctl_y", (const char *const[]){NULL}, 1e6);
	fclose(f);
	assert_string_equal(text,
			    "# HELP rigctl_up Whether the rig answered.\n"
			    "# TYPE rigctl_up gauge\n"
			    "rigctl_up{rig=\"a\\\"b\\\\c\\nd\",path=\"\"} 1\n"
			    "rigctl_x 0.25\n"
			    "rigctl_y 1000000\n");
	free(text);
}

/* Textfile names: the whole command with '-' for spaces, the selection
 * reduced to [A-Za-z0-9._-], "all" and no selection without one. */
static void test_prom_textfile_name(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(prom_textfile_name("check", "all", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "rigctl-check.prom");
	assert_int_equal(prom_textfile_name("ecc check", NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "rigctl-ecc-check.prom");
	assert_int_equal(prom_textfile_name("power status", "farm,pro", buf,
					    sizeof(buf)), 0);
	assert_string_equal(buf, "rigctl-power-status-farm_pro.prom");
	assert_int_equal(prom_textfile_name("check", "127.0.0.1:[9700-9715]",
					    buf, sizeof(buf)), 0);
	assert_string_equal(buf, "rigctl-check-127.0.0.1__9700-9715_.prom");
	/* no path separator or dot-dot escapes the directory */
	assert_int_equal(prom_textfile_name("check", "../x/y", buf, sizeof(buf)),
			 0);
	assert_null(strchr(buf, '/'));
	assert_int_equal(prom_textfile_name("check", "a-very-long-selection",
					    buf, 16), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nagios_range),
		cmocka_unit_test(test_nagios_label),
		cmocka_unit_test(test_rig_dir_name),
		cmocka_unit_test(test_event_json),
		cmocka_unit_test(test_prom_sample),
		cmocka_unit_test(test_prom_textfile_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl sensors' pure parts: --type parsing, filtering, a sensor's JSON,
 * and the default cache/state directories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rigctl.h"
#include "sensor_view.h"

static void types_parse(void **state)
{
	unsigned int t = 0;
	const char *bad = NULL;
	size_t n = 0;
	const char *text;

	(void)state;
	assert_int_equal(sensor_types_parse("temperature", &t, &bad, &n), 0);
	assert_int_equal(t, 1u << RIG_SENSOR_TEMPERATURE);
	t = 0;
	assert_int_equal(sensor_types_parse("fan,voltage,power,gpu,current,other",
					    &t, &bad, &n), 0);
	assert_int_equal(t, (1u << RIG_SENSOR_FAN) | (1u << RIG_SENSOR_VOLTAGE) |
				    (1u << RIG_SENSOR_POWER) | (1u << RIG_SENSOR_GPU) |
				    (1u << RIG_SENSOR_CURRENT) |
				    (1u << RIG_SENSOR_OTHER));
	text = "fan,fans";
	assert_int_equal(sensor_types_parse(text, &t, &bad, &n), -1);
	assert_ptr_equal(bad, text + 4);
	assert_int_equal(n, 4);
	text = "fan,";
	assert_int_equal(sensor_types_parse(text, &t, &bad, &n), -1);
	assert_int_equal(n, 0);
	assert_int_equal(sensor_types_parse("", &t, &bad, &n), -1);
	assert_int_equal(sensor_types_parse(",fan", &t, &bad, &n), -1);
	assert_int_equal(sensor_types_parse("Fan", &t, &bad, &n), -1);
	text = "temperaturetemperaturetemperature";
	assert_int_equal(sensor_types_parse(text, &t, &bad, &n), -1);
	assert_ptr_equal(bad, text);
}

static rig_sensor sample(const char *name, rig_sensor_type type, rig_state st)
{
	rig_sensor s;

	memset(&s, 0, sizeof(s));
	s.name = (char *)name;
	s.type = type;
	s.state = st;
	s.source = RIG_PATH_BMC;
	s.record_id = -1;
	s.sensor_number = -1;
	return s;
}

static void filters(void **state)
{
	struct sensor_filter f = {0, NULL, false};
	rig_sensor cpu = sample("CPU Temp", RIG_SENSOR_TEMPERATURE, RIG_STATE_OK);
	rig_sensor fan = sample("FAN1", RIG_SENSOR_FAN, RIG_STATE_CRITICAL);
	rig_sensor v = sample("12V", RIG_SENSOR_VOLTAGE, RIG_STATE_WARNING);
	rig_sensor gone = sample("FAN3", RIG_SENSOR_FAN, RIG_STATE_UNKNOWN);
	rig_sensor noname = sample(NULL, RIG_SENSOR_OTHER, RIG_STATE_OK);

	(void)state;
	assert_true(sensor_selected(&f, &cpu));
	assert_true(sensor_selected(&f, &noname));
	f.types = 1u << RIG_SENSOR_FAN;
	assert_false(sensor_selected(&f, &cpu));
	assert_true(sensor_selected(&f, &fan));
	f.types = 0;
	f.problems = true;
	assert_false(sensor_selected(&f, &cpu));
	assert_true(sensor_selected(&f, &fan));
	assert_true(sensor_selected(&f, &v));
	/* Absent hardware reads unknown on many boards: not a problem. */
	assert_false(sensor_selected(&f, &gone));
	f.problems = false;
	f.name_glob = "fan*";
	assert_true(sensor_selected(&f, &fan));
	assert_true(sensor_selected(&f, &gone));
	assert_false(sensor_selected(&f, &cpu));
	assert_false(sensor_selected(&f, &noname));
	f.name_glob = "*[Tt]emp";
	assert_true(sensor_selected(&f, &cpu));
	f.name_glob = "FAN?";
	f.types = 1u << RIG_SENSOR_FAN;
	f.problems = true;
	assert_true(sensor_selected(&f, &fan));
	assert_false(sensor_selected(&f, &gone));
}

static void json_with_reading(void **state)
{
	rig_sensor s = sample("CPU Temp", RIG_SENSOR_TEMPERATURE, RIG_STATE_OK);
	json_t *o, *th;

	(void)state;
	s.has_reading = true;
	s.reading = 45.5;
	s.unit = "C";
	s.record_id = 1;
	s.sensor_number = 7;
	s.entity = "Processor 1";
	s.ipmi_type = "Temperature";
	s.thresholds_set = (1u << RIG_THRESH_UNC) | (1u << RIG_THRESH_UCR);
	s.thresholds[RIG_THRESH_UNC] = 85;
	s.thresholds[RIG_THRESH_UCR] = 95;
	s.thresholds[RIG_THRESH_LNR] = 1234; /* not set: must not show */
	o = sensor_json(&s);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "name")),
			    "CPU Temp");
	assert_string_equal(json_string_value(json_object_get(o, "type")),
			    "temperature");
	assert_true(json_real_value(json_object_get(o, "reading")) == 45.5);
	assert_string_equal(json_string_value(json_object_get(o, "unit")), "C");
	assert_string_equal(json_string_value(json_object_get(o, "state")), "ok");
	assert_string_equal(json_string_value(json_object_get(o, "source")), "bmc");
	assert_true(json_is_null(json_object_get(o, "reason")));
	assert_int_equal(json_integer_value(json_object_get(o, "record_id")), 1);
	assert_int_equal(json_integer_value(json_object_get(o, "sensor_number")), 7);
	assert_string_equal(json_string_value(json_object_get(o, "entity")),
			    "Processor 1");
	th = json_object_get(o, "thresholds");
	assert_int_equal(json_object_size(th), 2);
	assert_true(json_real_value(json_object_get(th, "unc")) == 85);
	assert_true(json_real_value(json_object_get(th, "ucr")) == 95);
	assert_null(json_object_get(th, "lnr"));
	json_decref(o);
}

static void json_without_reading(void **state)
{
	rig_sensor s = sample("FAN3", RIG_SENSOR_FAN, RIG_STATE_UNKNOWN);
	json_t *o;

	(void)state;
	s.unit = "RPM"; /* a unit without a value would mislead */
	s.reading = 0;
	s.reason = "sensor scanning disabled";
	o = sensor_json(&s);
	assert_true(json_is_null(json_object_get(o, "reading")));
	assert_true(json_is_null(json_object_get(o, "unit")));
	assert_string_equal(json_string_value(json_object_get(o, "reason")),
			    "sensor scanning disabled");
	assert_string_equal(json_string_value(json_object_get(o, "state")),
			    "unknown");
	assert_true(json_is_null(json_object_get(o, "record_id")));
	assert_true(json_is_null(json_object_get(o, "state_text")));
	assert_int_equal(json_object_size(json_object_get(o, "thresholds")), 0);
	json_decref(o);
	/* No reason given: still a reason, never a bare null. */
	s.reason = NULL;
	o = sensor_json(&s);
	assert_string_equal(json_string_value(json_object_get(o, "reason")),
			    "no reading");
	json_decref(o);
}

static void default_dirs(void **state)
{
	char buf[64], tiny[8];

	(void)state;
	assert_string_equal(paths_xdg("/x/cache", "/home/u", ".cache", buf,
				      sizeof(buf)),
			    "/x/cache/rigctl");
	assert_string_equal(paths_xdg(NULL, "/home/u", ".cache", buf, sizeof(buf)),
			    "/home/u/.cache/rigctl");
	/* A relative XDG value is invalid (XDG spec): fall back to HOME. */
	assert_string_equal(paths_xdg("rel", "/home/u", ".local/state", buf,
				      sizeof(buf)),
			    "/home/u/.local/state/rigctl");
	assert_string_equal(paths_xdg("", "/home/u", ".cache", buf, sizeof(buf)),
			    "/home/u/.cache/rigctl");
	assert_null(paths_xdg(NULL, NULL, ".cache", buf, sizeof(buf)));
	assert_null(paths_xdg(NULL, "relative", ".cache", buf, sizeof(buf)));
	assert_null(paths_xdg("/x", NULL, ".cache", tiny, sizeof(tiny)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(types_parse),
		cmocka_unit_test(filters),
		cmocka_unit_test(json_with_reading),
		cmocka_unit_test(json_without_reading),
		cmocka_unit_test(default_dirs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
	uint64_t t = 0;
	const char *bad = NULL;
	size_t n = 0;
	const char *text;

	(void)state;
	assert_int_equal(sensor_types_parse("temperature", &t, &bad, &n), 0);
	assert_int_equal(t, UINT64_C(1) << RIG_SENSOR_TEMPERATURE);
	t = 0;
	assert_int_equal(sensor_types_parse("fan,voltage,power,gpu,current,other",
					    &t, &bad, &n), 0);
	assert_int_equal(t, (1u << RIG_SENSOR_FAN) | (1u << RIG_SENSOR_VOLTAGE) |
				    (1u << RIG_SENSOR_POWER) | (1u << RIG_SENSOR_GPU) |
				    (1u << RIG_SENSOR_CURRENT) |
				    (1u << RIG_SENSOR_OTHER));
	/* The IPMI types past bit 31 fit too. */
	t = 0;
	assert_int_equal(sensor_types_parse("fru-state,power-supply", &t, &bad,
					    &n), 0);
	assert_true(t == ((UINT64_C(1) << RIG_SENSOR_FRU_STATE) |
			  (UINT64_C(1) << RIG_SENSOR_POWER_SUPPLY)));
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
	o = sensor_json(&s, 0);
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
	o = sensor_json(&s, 0);
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
	o = sensor_json(&s, 0);
	assert_string_equal(json_string_value(json_object_get(o, "reason")),
			    "no reading");
	json_decref(o);
}

/* ---- user thresholds */

static void threshold_parse(void **state)
{
	struct sensor_policy p = {NULL, 0, NULL, 0};
	char err[256];

	(void)state;
	assert_int_equal(sensor_threshold_parse("FAN*:lcr=200, LNC = 300.5", &p,
						err, sizeof(err)), 0);
	assert_int_equal(p.nov, 1);
	assert_string_equal(p.ov[0].glob, "FAN*");
	assert_int_equal(p.ov[0].set, (1u << RIG_THRESH_LCR) | (1u << RIG_THRESH_LNC));
	assert_true(p.ov[0].value[RIG_THRESH_LCR] == 200);
	assert_true(p.ov[0].value[RIG_THRESH_LNC] == 300.5);
	/* A sensor name may hold a colon: the last one splits. */
	assert_int_equal(sensor_threshold_parse("nvme 0000:01:unr=-5e1", &p, err,
						sizeof(err)), 0);
	assert_string_equal(p.ov[1].glob, "nvme 0000:01");
	assert_true(p.ov[1].value[RIG_THRESH_UNR] == -50);
	/* Each malformed form fails with a message, adding nothing. */
	static const char *const bad[] = {
		"FAN1", "FAN1:", ":lcr=1", " :lcr=1", "FAN1:lcr", "FAN1:lcr=",
		"FAN1:lcr=1x", "FAN1:xyz=1", "FAN1:lcr=1,", "FAN1:lcr=nan",
		"FAN1:lcr=inf", "FAN1:=1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(sensor_threshold_parse(bad[i], &p, err,
							sizeof(err)), -1);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(p.nov, 2);
	assert_int_equal(sensor_exclude_parse(" FAN* ,psu?", &p, err,
					      sizeof(err)), 0);
	assert_int_equal(p.nexclude, 2);
	assert_string_equal(p.exclude[0], "FAN*");
	assert_string_equal(p.exclude[1], "psu?");
	assert_null(p.exclude[2]);
	assert_int_equal(sensor_exclude_parse("a,,b", &p, err, sizeof(err)), -1);
	assert_int_equal(sensor_exclude_parse("", &p, err, sizeof(err)), -1);
	sensor_policy_free(&p);
	assert_int_equal(p.nov, 0);
}

static void state_from_thresholds(void **state)
{
	rig_sensor s = sample("T", RIG_SENSOR_TEMPERATURE, RIG_STATE_UNKNOWN);

	(void)state;
	s.has_reading = true;
	s.thresholds_set = 0;
	s.reading = 1e9;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_OK);
	s.thresholds_set = (1u << RIG_THRESH_UNC) | (1u << RIG_THRESH_UCR) |
			   (1u << RIG_THRESH_LNC) | (1u << RIG_THRESH_LCR);
	s.thresholds[RIG_THRESH_LCR] = 10;
	s.thresholds[RIG_THRESH_LNC] = 20;
	s.thresholds[RIG_THRESH_UNC] = 80;
	s.thresholds[RIG_THRESH_UCR] = 90;
	s.reading = 50;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_OK);
	/* Upper: at or above; lower: below. */
	s.reading = 80;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_WARNING);
	s.reading = 90;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_CRITICAL);
	s.reading = 20;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_OK);
	s.reading = 19.9;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_WARNING);
	s.reading = 9;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_CRITICAL);
	/* Non-recoverable alone is critical too. */
	s.thresholds_set = 1u << RIG_THRESH_UNR;
	s.thresholds[RIG_THRESH_UNR] = 98;
	s.reading = 99;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_CRITICAL);
	s.thresholds_set = 1u << RIG_THRESH_LNR;
	s.thresholds[RIG_THRESH_LNR] = 100;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_CRITICAL);
	/* Without a reading the state is the rig's. */
	s.has_reading = false;
	assert_int_equal(sensor_state_from_thresholds(&s), RIG_STATE_UNKNOWN);
}

static void apply_policy(void **state)
{
	struct sensor_policy p = {NULL, 0, NULL, 0};
	rig_sensor fan = sample("FAN1", RIG_SENSOR_FAN, RIG_STATE_CRITICAL);
	rig_sensor other = sample("CPU Temp", RIG_SENSOR_TEMPERATURE,
				  RIG_STATE_OK);
	char err[128];
	uint32_t user;
	json_t *o;

	(void)state;
	fan.has_reading = true;
	fan.reading = 400;
	fan.unit = "RPM";
	fan.state_text = "At or Below (<=) Lower Critical Threshold";
	fan.thresholds_set = (1u << RIG_THRESH_LCR) | (1u << RIG_THRESH_LNC);
	fan.thresholds[RIG_THRESH_LCR] = 500;
	fan.thresholds[RIG_THRESH_LNC] = 700;
	assert_int_equal(sensor_threshold_parse("fan*:lcr=300", &p, err,
						sizeof(err)), 0);
	assert_int_equal(sensor_threshold_parse("FAN1:lcr=200,lnc=250", &p, err,
						sizeof(err)), 0);
	user = sensor_apply_policy(&p, &fan);
	assert_int_equal(user, (1u << RIG_THRESH_LCR) | (1u << RIG_THRESH_LNC));
	/* The later match wins. */
	assert_true(fan.thresholds[RIG_THRESH_LCR] == 200);
	assert_int_equal(fan.state, RIG_STATE_OK);
	o = sensor_json(&fan, user);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(o, "threshold_sources"), "lcr")),
			    "user");
	assert_true(json_real_value(json_object_get(
			    json_object_get(o, "thresholds"), "lcr")) == 200);
	/* The rig's text explained the rig's verdict, not this one. */
	assert_true(json_is_null(json_object_get(o, "state_text")));
	json_decref(o);
	/* No match: nothing changes, sources say "rig". */
	assert_int_equal(sensor_apply_policy(&p, &other), 0);
	assert_int_equal(other.state, RIG_STATE_OK);
	other.thresholds_set = 1u << RIG_THRESH_UNC;
	o = sensor_json(&other, 0);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(o, "threshold_sources"), "unc")),
			    "rig");
	json_decref(o);
	assert_int_equal(sensor_apply_policy(NULL, &other), 0);
	sensor_policy_free(&p);
}

static void gpu_quantity(void **state)
{
	rig_sensor t = sample("GPU0 Temperature", RIG_SENSOR_GPU, RIG_STATE_OK);
	rig_sensor f = sample("GPU12 Fan", RIG_SENSOR_GPU, RIG_STATE_OK);
	rig_sensor u = sample("GPU0 Utilization", RIG_SENSOR_GPU, RIG_STATE_OK);
	rig_sensor h = sample("k10temp Tctl", RIG_SENSOR_TEMPERATURE,
			      RIG_STATE_OK);
	struct sensor_filter temps = {UINT64_C(1) << RIG_SENSOR_TEMPERATURE,
				      NULL, false};
	struct sensor_filter gpus = {UINT64_C(1) << RIG_SENSOR_GPU, NULL, false};

	(void)state;
	assert_string_equal(sensor_quantity(&t), "temperature");
	assert_string_equal(sensor_quantity(&f), "fan");
	assert_string_equal(sensor_quantity(&u), "utilization");
	assert_null(sensor_quantity(&h));
	/* --type matches a GPU reading's type or its quantity. */
	assert_true(sensor_selected(&temps, &t));
	assert_true(sensor_selected(&temps, &h));
	assert_false(sensor_selected(&temps, &f));
	assert_false(sensor_selected(&temps, &u));
	assert_true(sensor_selected(&gpus, &u));
	assert_false(sensor_selected(&gpus, &h));
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
		cmocka_unit_test(threshold_parse),
		cmocka_unit_test(state_from_thresholds),
		cmocka_unit_test(apply_policy),
		cmocka_unit_test(gpu_quantity),
		cmocka_unit_test(default_dirs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

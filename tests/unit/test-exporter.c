/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl exporter's pure parts (tools/exporter/util.c, ipmi_compat.c):
 * deadlines from Prometheus's header, target names (no open proxy),
 * metric sets, listen addresses, ipmi_exporter's families. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exporter/exporter.h"
#include "exporter/ipmi_compat.h"

static void deadlines(void **state)
{
	(void)state;
	/* A tenth off, at least 100 ms and at most 500 ms. */
	assert_int_equal(deadline_ms("10", 99999), 9500);
	assert_int_equal(deadline_ms("2", 99999), 1800);
	assert_int_equal(deadline_ms("1.5", 99999), 1350);
	assert_int_equal(deadline_ms("0.5", 99999), 400);
	assert_int_equal(deadline_ms("120", 99999), 119500);
	assert_int_equal(deadline_ms(" 3 ", 99999), 2700);
	/* Never below 100 ms. */
	assert_int_equal(deadline_ms("0.1", 99999), 100);
	/* Garbage counts as absent: the default, less its margin. */
	assert_int_equal(deadline_ms(NULL, 10000), 9500);
	assert_int_equal(deadline_ms("", 10000), 9500);
	assert_int_equal(deadline_ms("abc", 10000), 9500);
	assert_int_equal(deadline_ms("-5", 10000), 9500);
	assert_int_equal(deadline_ms("0", 10000), 9500);
	assert_int_equal(deadline_ms("nan", 10000), 9500);
	assert_int_equal(deadline_ms("inf", 10000), 9500);
	assert_int_equal(deadline_ms("5s", 10000), 9500);
	assert_int_equal(deadline_ms("1e9", 10000), 9500);
}

static const struct target_rig rigs[] = {
	{"rig01", "10.0.0.1"},
	{"rig02", "10.0.0.2:623"},
	{"gpu", NULL},
	{"twin-a", "bmc.example:1623"},
	{"twin-b", "BMC.example:1623"},
	{"10.0.0.9", "10.0.0.1:700"},
};
#define NRIGS (sizeof(rigs) / sizeof(rigs[0]))

static void targets(void **state)
{
	bool amb = true;

	(void)state;
	assert_int_equal(target_resolve(rigs, NRIGS, "rig02", &amb), 1);
	assert_false(amb);
	assert_int_equal(target_resolve(rigs, NRIGS, "gpu", &amb), 2);
	/* A bmc address, the default port optional on either side. */
	assert_int_equal(target_resolve(rigs, NRIGS, "10.0.0.1", &amb), 0);
	assert_int_equal(target_resolve(rigs, NRIGS, "10.0.0.1:623", &amb), 0);
	assert_int_equal(target_resolve(rigs, NRIGS, "10.0.0.2", &amb), 1);
	/* A name wins over an address. */
	assert_int_equal(target_resolve(rigs, NRIGS, "10.0.0.9", &amb), 5);
	assert_int_equal(target_resolve(rigs, NRIGS, "10.0.0.1:700", &amb), 5);
	/* Unknown: never contacted. */
	assert_int_equal(target_resolve(rigs, NRIGS, "10.0.0.3", &amb), -1);
	assert_false(amb);
	assert_int_equal(target_resolve(rigs, NRIGS, "10.0.0.1:624", &amb), -1);
	assert_int_equal(target_resolve(rigs, NRIGS, "", &amb), -1);
	assert_int_equal(target_resolve(rigs, NRIGS, NULL, &amb), -1);
	assert_int_equal(target_resolve(rigs, NRIGS, "RIG01", &amb), -1);
	/* The bmc of two rigs names neither. */
	assert_int_equal(target_resolve(rigs, NRIGS, "bmc.example:1623", &amb),
			 -1);
	assert_true(amb);
}

static void metric_sets(void **state)
{
	enum metrics_set m = METRICS_RIGCTL;

	(void)state;
	assert_int_equal(metrics_parse("ipmi_exporter", &m), 0);
	assert_int_equal(m, METRICS_IPMI);
	assert_int_equal(metrics_parse("both", &m), 0);
	assert_int_equal(m, METRICS_BOTH);
	assert_int_equal(metrics_parse("rigctl", &m), 0);
	assert_int_equal(m, METRICS_RIGCTL);
	assert_int_equal(metrics_parse("ipmi", &m), -1);
	assert_int_equal(metrics_parse("", &m), -1);
	assert_int_equal(metrics_parse(NULL, &m), -1);
}

static void listens(void **state)
{
	char host[64];
	unsigned int port = 0;

	(void)state;
	assert_int_equal(listen_parse("127.0.0.1:19623", host, sizeof(host),
				      &port), 0);
	assert_string_equal(host, "127.0.0.1");
	assert_int_equal(port, 19623);
	assert_int_equal(listen_parse("[::1]:80", host, sizeof(host), &port), 0);
	assert_string_equal(host, "::1");
	assert_int_equal(listen_parse(":9", host, sizeof(host), &port), 0);
	assert_string_equal(host, "");
	assert_int_equal(listen_parse("8080", host, sizeof(host), &port), 0);
	assert_int_equal(port, 8080);
	assert_int_equal(listen_parse("host:0", host, sizeof(host), &port), -1);
	assert_int_equal(listen_parse("host:65536", host, sizeof(host), &port),
			 -1);
	assert_int_equal(listen_parse("host:", host, sizeof(host), &port), -1);
	assert_int_equal(listen_parse("::1:80", host, sizeof(host), &port), -1);
	assert_int_equal(listen_parse("[::1]80", host, sizeof(host), &port), -1);
	assert_int_equal(listen_parse("h:8x", host, sizeof(host), &port), -1);
	assert_int_equal(listen_parse("", host, sizeof(host), &port), -1);
	assert_int_equal(listen_parse("averyveryverylonghostname:1", host, 8,
				      &port), -1);
	assert_true(listen_loopback("127.0.0.1"));
	assert_true(listen_loopback("::1"));
	assert_true(listen_loopback("localhost"));
	assert_false(listen_loopback(""));
	assert_false(listen_loopback("10.0.0.1"));
}

static void compat(void **state)
{
	rig_sensor items[3];
	rig_sensor_list list = {3, items};
	rig_bmc_info info;
	struct ipmi_compat ic;
	char *text;

	(void)state;
	memset(items, 0, sizeof(items));
	memset(&info, 0, sizeof(info));
	items[0] = (rig_sensor){.name = "CPU Temp", .type = RIG_SENSOR_TEMPERATURE,
				.source = RIG_PATH_BMC, .record_id = 1,
				.has_reading = true, .reading = 45.004,
				.unit = "C", .state = RIG_STATE_WARNING};
	items[1] = (rig_sensor){.name = "PSU", .type = RIG_SENSOR_POWER_SUPPLY,
				.source = RIG_PATH_BMC, .record_id = 8,
				.ipmi_type = "Power Supply",
				.state = RIG_STATE_OK};
	/* Not the BMC's: ipmi_exporter never sees it. */
	items[2] = (rig_sensor){.name = "GPU0 Temperature",
				.type = RIG_SENSOR_GPU, .source = RIG_PATH_SSH,
				.record_id = -1, .has_reading = true,
				.reading = 60, .unit = "C"};
	snprintf(info.firmware, sizeof(info.firmware), "1.23");
	info.manufacturer_id = 49622;
	memset(&ic, 0, sizeof(ic));
	ic.up = ic.chassis_read = ic.power_known = ic.power_on = true;
	ic.sensors_read = ic.info_read = ic.sel_read = true;
	ic.sensors = &list;
	ic.info = &info;
	ic.sel.entries = 3;
	ic.sel.free_bytes = 1000;
	text = ipmi_compat_render(&ic);
	assert_non_null(text);
	assert_non_null(strstr(text, "ipmi_temperature_celsius{id=\"1\",name=\"CPU Temp\"} 45\n"));
	assert_non_null(strstr(text, "ipmi_temperature_state{id=\"1\",name=\"CPU Temp\"} 1\n"));
	assert_non_null(strstr(text, "ipmi_sensor_value{id=\"8\",name=\"PSU\",type=\"Power Supply\"} NaN\n"));
	assert_non_null(strstr(text, "ipmi_sensor_state{id=\"8\",name=\"PSU\",type=\"Power Supply\"} 0\n"));
	assert_non_null(strstr(text, "ipmi_up{collector=\"dcmi\"} 0\n"));
	assert_non_null(strstr(text, "ipmi_up{collector=\"ipmi\"} 1\n"));
	assert_non_null(strstr(text, "ipmi_sel_logs_count 3\n"));
	assert_non_null(strstr(text, "ipmi_chassis_power_state 1\n"));
	assert_non_null(strstr(text, "manufacturer_id=\"49622\""));
	assert_null(strstr(text, "GPU0"));
	assert_null(strstr(text, "ipmi_dcmi_power_consumption_watts"));
	free(text);
	assert_true(isnan(ipmi_compat_state(RIG_STATE_UNKNOWN)));
	assert_true(ipmi_compat_state(RIG_STATE_CRITICAL) == 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deadlines),  cmocka_unit_test(targets),
		cmocka_unit_test(metric_sets), cmocka_unit_test(listens),
		cmocka_unit_test(compat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The BMC sensor vocabulary in our terms (units, types, states), the SDR
 * cache file name, and rig_sensors_get's merging over paths with fake
 * backends, and the options that reach them.  No network.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <freeipmi/freeipmi.h>

#include "core/internal.h"
#include "codec/sensor_map.h"

static void unit(uint8_t pct, uint8_t mod, uint8_t rate, uint8_t base,
		 const char *want)
{
	struct bmc_units u = {pct, mod, rate, base, 0};
	char buf[32];
	bool has = bmc_unit_name(&u, buf, sizeof(buf));

	if (want == NULL) {
		assert_false(has);
		assert_string_equal(buf, "");
	} else {
		assert_true(has);
		assert_string_equal(buf, want);
	}
}

static void units_as_interface_spells_them(void **state)
{
	(void)state;
	unit(0, 0, 0, IPMI_SENSOR_UNIT_DEGREES_C, "C");
	unit(0, 0, 0, IPMI_SENSOR_UNIT_RPM, "RPM");
	unit(0, 0, 0, IPMI_SENSOR_UNIT_VOLTS, "V");
	unit(0, 0, 0, IPMI_SENSOR_UNIT_AMPS, "A");
	unit(0, 0, 0, IPMI_SENSOR_UNIT_WATTS, "W");
	unit(1, 0, 0, IPMI_SENSOR_UNIT_UNSPECIFIED, "%");
	/* The percentage bit wins over a base unit. */
	unit(1, 0, 0, IPMI_SENSOR_UNIT_VOLTS, "%");
	unit(0, 0, 0, IPMI_SENSOR_UNIT_UNSPECIFIED, NULL);
}

static void other_units_come_from_freeipmi(void **state)
{
	struct bmc_units cfm = {0, 0, 0, IPMI_SENSOR_UNIT_CFM, 0};
	struct bmc_units rate = {0, 0, IPMI_SENSOR_RATE_UNIT_PER_S,
				 IPMI_SENSOR_UNIT_RPM, 0};
	struct bmc_units bad = {0, 0, 0, 250, 0};
	char buf[32], tiny[1];

	(void)state;
	assert_true(bmc_unit_name(&cfm, buf, sizeof(buf)));
	assert_string_equal(buf, "CFM");
	/* A rate is not a bare "RPM". */
	assert_true(bmc_unit_name(&rate, buf, sizeof(buf)));
	assert_string_not_equal(buf, "RPM");
	assert_non_null(strstr(buf, "RPM"));
	/* Out of the table: no unit rather than garbage. */
	assert_false(bmc_unit_name(&bad, buf, sizeof(buf)));
	assert_string_equal(buf, "");
	assert_false(bmc_unit_name(&cfm, tiny, 0));
}

static void sensor_types(void **state)
{
	(void)state;
	assert_int_equal(bmc_sensor_kind(IPMI_SENSOR_TYPE_TEMPERATURE,
					 IPMI_SENSOR_UNIT_DEGREES_C),
			 RIG_SENSOR_TEMPERATURE);
	assert_int_equal(bmc_sensor_kind(IPMI_SENSOR_TYPE_FAN,
					 IPMI_SENSOR_UNIT_RPM),
			 RIG_SENSOR_FAN);
	assert_int_equal(bmc_sensor_kind(IPMI_SENSOR_TYPE_VOLTAGE,
					 IPMI_SENSOR_UNIT_VOLTS),
			 RIG_SENSOR_VOLTAGE);
	assert_int_equal(bmc_sensor_kind(IPMI_SENSOR_TYPE_CURRENT,
					 IPMI_SENSOR_UNIT_AMPS),
			 RIG_SENSOR_CURRENT);
	/* Watts make a power sensor whatever the IPMI type says. */
	assert_int_equal(bmc_sensor_kind(IPMI_SENSOR_TYPE_POWER_SUPPLY,
					 IPMI_SENSOR_UNIT_WATTS),
			 RIG_SENSOR_POWER);
	assert_int_equal(bmc_sensor_kind(IPMI_SENSOR_TYPE_OTHER_UNITS_BASED_SENSOR,
					 IPMI_SENSOR_UNIT_WATTS),
			 RIG_SENSOR_POWER);
	/* The other IPMI types are types of their own, named as IPMI names
	 * them; "other" is left for OEM and unassigned codes. */
	assert_int_equal(bmc_sensor_kind(IPMI_SENSOR_TYPE_MEMORY,
					 IPMI_SENSOR_UNIT_UNSPECIFIED),
			 RIG_SENSOR_MEMORY);
	assert_int_equal(bmc_sensor_kind(IPMI_SENSOR_TYPE_POWER_SUPPLY,
					 IPMI_SENSOR_UNIT_UNSPECIFIED),
			 RIG_SENSOR_POWER_SUPPLY);
	assert_string_equal(rig_sensor_type_name(bmc_sensor_kind(
				    IPMI_SENSOR_TYPE_PHYSICAL_SECURITY, 0)),
			    "physical-security");
	assert_string_equal(rig_sensor_type_name(bmc_sensor_kind(
				    IPMI_SENSOR_TYPE_PROCESSOR, 0)),
			    "processor");
	assert_string_equal(rig_sensor_type_name(bmc_sensor_kind(
				    IPMI_SENSOR_TYPE_DRIVE_SLOT, 0)),
			    "drive-slot");
	assert_string_equal(rig_sensor_type_name(bmc_sensor_kind(
				    IPMI_SENSOR_TYPE_POWER_UNIT, 0)),
			    "power-unit");
	assert_string_equal(rig_sensor_type_name(bmc_sensor_kind(
				    IPMI_SENSOR_TYPE_BATTERY, 0)),
			    "battery");
	assert_string_equal(rig_sensor_type_name(bmc_sensor_kind(
				    IPMI_SENSOR_TYPE_FRU_STATE, 0)),
			    "fru-state");
	assert_int_equal(bmc_sensor_kind(0xc0, IPMI_SENSOR_UNIT_UNSPECIFIED),
			 RIG_SENSOR_OTHER);
	assert_int_equal(bmc_sensor_kind(0x2d, IPMI_SENSOR_UNIT_UNSPECIFIED),
			 RIG_SENSOR_OTHER);
	/* Every type's name parses back to it. */
	for (int t = RIG_SENSOR_TEMPERATURE; t <= RIG_SENSOR_FRU_STATE; t++) {
		rig_sensor_type back;

		assert_int_equal(rig_sensor_type_parse(
					 rig_sensor_type_name((rig_sensor_type)t),
					 &back),
				 RIG_OK);
		assert_int_equal(back, t);
	}
	assert_string_equal(rig_sensor_type_name(RIG_SENSOR_FRU_STATE + 1),
			    "invalid");
}

static void states(void **state)
{
	(void)state;
	assert_int_equal(bmc_state_of(IPMI_INTERPRET_STATE_NOMINAL), RIG_STATE_OK);
	assert_int_equal(bmc_state_of(IPMI_INTERPRET_STATE_WARNING),
			 RIG_STATE_WARNING);
	assert_int_equal(bmc_state_of(IPMI_INTERPRET_STATE_CRITICAL),
			 RIG_STATE_CRITICAL);
	assert_int_equal(bmc_state_of(IPMI_INTERPRET_STATE_UNKNOWN),
			 RIG_STATE_UNKNOWN);
	assert_int_equal(bmc_state_of(77), RIG_STATE_UNKNOWN);
}

static void name_is(const char *label, const char *want)
{
	char *n = bmc_sdr_cache_name(label);

	assert_non_null(n);
	assert_string_equal(n, want);
	free(n);
}

static void cache_file_names(void **state)
{
	char big[300];
	char *a, *b;

	(void)state;
	name_is("127.0.0.1:623", "sdr-127.0.0.1%3a623");
	name_is("bmc-01.example.com:10623", "sdr-bmc-01.example.com%3a10623");
	name_is("[::1]:623", "sdr-%5b%3a%3a1%5d%3a623");
	/* Nothing can climb out of the cache directory. */
	name_is("../../etc/passwd", "sdr-..%2f..%2fetc%2fpasswd");
	/* Escaping is one-to-one: '_' and '%' are escaped themselves. */
	a = bmc_sdr_cache_name("a_b:1");
	b = bmc_sdr_cache_name("a%5fb:1");
	assert_non_null(a);
	assert_non_null(b);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
	name_is("a%b", "sdr-a%25b");
	assert_null(bmc_sdr_cache_name(""));
	assert_null(bmc_sdr_cache_name(NULL));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_null(bmc_sdr_cache_name(big));
	big[190] = '\0';
	a = bmc_sdr_cache_name(big);
	assert_non_null(a);
	free(a);
	/* 70 escaped bytes make 210 characters: too long. */
	memset(big, ':', 70);
	big[70] = '\0';
	assert_null(bmc_sdr_cache_name(big));
}

/* ------------------------------------------------- merging over paths */

struct fake {
	int sensors;         /* how many to append */
	rig_status fail;     /* RIG_OK or the failure to report */
	int flushed;
	int calls;
	int live;            /* the calls that saw live_thresholds */
};

static rig_status fake_sensors(rig *r, void *priv, rig_sensor_list *out)
{
	struct fake *f = priv;

	f->calls++;
	/* Every call of the op sees the options of the call under way. */
	assert_non_null(r->sensors_opts);
	if (r->sensors_opts->live_thresholds)
		f->live++;
	if (f->fail != RIG_OK)
		return rig__fail(r, RIG_PATH_SSH, f->fail, "fake failure");
	for (int i = 0; i < f->sensors; i++) {
		rig_sensor *s = rig__sensor_list_add(out);

		assert_non_null(s);
		s->name = strdup("fake");
		s->source = RIG_PATH_BMC;
	}
	return RIG_OK;
}

static rig_status fake_flush(rig *r, void *priv)
{
	struct fake *f = priv;

	(void)r;
	f->flushed++;
	return RIG_OK;
}

static const struct rig_backend_ops fake_bmc_ops = {
	.path = RIG_PATH_BMC,
	.caps = RIG_CAP_SENSORS,
	.sensors = fake_sensors,
	.sdr_flush = fake_flush,
};

static const struct rig_backend_ops fake_ssh_ops = {
	.path = RIG_PATH_SSH,
	.caps = RIG_CAP_SENSORS,
	.sensors = fake_sensors,
};

static rig *make(struct fake *bmc, struct fake *ssh)
{
	rig *r = NULL;

	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	if (bmc != NULL) {
		r->bmc.ops = &fake_bmc_ops;
		r->bmc.priv = bmc;
	}
	if (ssh != NULL) {
		r->ssh.ops = &fake_ssh_ops;
		r->ssh.priv = ssh;
	}
	return r;
}

static void unplug(rig *r)
{
	r->bmc.ops = NULL;
	r->ssh.ops = NULL;
	rig_free(r);
}

static void both_paths_merge(void **state)
{
	struct fake bmc = {3, RIG_OK, 0, 0, 0}, ssh = {2, RIG_OK, 0, 0, 0};
	rig *r = make(&bmc, &ssh);
	rig_sensor_list *l = NULL;

	(void)state;
	assert_int_equal(rig_sensors_get(r, NULL, &l), RIG_OK);
	assert_non_null(l);
	assert_int_equal(l->count, 5);
	rig_sensor_list_free(l);
	unplug(r);
}

static void one_failed_path_is_partial(void **state)
{
	struct fake bmc = {3, RIG_OK, 0, 0, 0};
	struct fake ssh = {0, RIG_E_UNREACHABLE, 0, 0, 0};
	rig *r = make(&bmc, &ssh);
	rig_sensor_list *l = NULL;

	(void)state;
	assert_int_equal(rig_sensors_get(r, NULL, &l), RIG_E_PARTIAL);
	assert_non_null(l);
	assert_int_equal(l->count, 3);
	assert_int_equal(rig_error_count(r), 1);
	rig_sensor_list_free(l);
	unplug(r);
}

static void all_failed_gives_the_status(void **state)
{
	struct fake bmc = {0, RIG_E_AUTH, 0, 0, 0};
	rig *r = make(&bmc, NULL);
	rig_sensor_list *l = (rig_sensor_list *)&bmc; /* must be reset */

	(void)state;
	assert_int_equal(rig_sensors_get(r, NULL, &l), RIG_E_AUTH);
	assert_null(l);
	unplug(r);
}

static void no_path_is_unsupported(void **state)
{
	rig *r = make(NULL, NULL);
	rig_sensor_list *l = NULL;

	(void)state;
	assert_int_equal(rig_sensors_get(r, NULL, &l), RIG_E_UNSUPPORTED);
	assert_null(l);
	assert_non_null(strstr(rig_errormsg(r), "BMC"));
	assert_int_equal(rig_sensors_get(NULL, NULL, &l), RIG_E_INVALID);
	assert_int_equal(rig_sensors_get(r, NULL, NULL), RIG_E_INVALID);
	rig_sensor_list_free(NULL);
	rig_free(r);
}

static void flush_goes_to_the_bmc_only(void **state)
{
	struct fake bmc = {0, RIG_OK, 0, 0, 0}, ssh = {0, RIG_OK, 0, 0, 0};
	rig *r = make(&bmc, &ssh), *s = make(NULL, &ssh);

	(void)state;
	assert_int_equal(rig_sdr_cache_flush(r), RIG_OK);
	assert_int_equal(bmc.flushed, 1);
	assert_int_equal(rig_sdr_cache_flush(s), RIG_E_UNSUPPORTED);
	assert_non_null(strstr(rig_errormsg(s), "SDR"));
	assert_int_equal(rig_sdr_cache_flush(NULL), RIG_E_INVALID);
	unplug(r);
	unplug(s);
}

static void options_reach_every_path(void **state)
{
	struct fake bmc = {1, RIG_OK, 0, 0, 0}, ssh = {1, RIG_OK, 0, 0, 0};
	rig *r = make(&bmc, &ssh);
	rig_sensors_options o;
	rig_sensor_list *l = NULL;

	(void)state;
	assert_int_equal(rig_sensors_get(r, NULL, &l), RIG_OK);
	rig_sensor_list_free(l);
	assert_int_equal(bmc.calls + ssh.calls, 2);
	assert_int_equal(bmc.live + ssh.live, 0); /* default: the SDR's */
	assert_null(r->sensors_opts);

	rig_sensors_options_init(&o, RIG_SENSORS_OPTIONS_VERSION);
	assert_int_equal(o.version, RIG_SENSORS_OPTIONS_VERSION);
	assert_false(o.live_thresholds);
	o.live_thresholds = true;
	assert_int_equal(rig_sensors_get(r, &o, &l), RIG_OK);
	assert_int_equal(l->count, 2);
	rig_sensor_list_free(l);
	assert_int_equal(bmc.live, 1);
	assert_int_equal(ssh.live, 1);
	assert_null(r->sensors_opts); /* not kept past the call */

	assert_int_equal(rig_sensors_get(r, NULL, &l), RIG_OK);
	rig_sensor_list_free(l);
	assert_int_equal(bmc.live, 1);
	assert_int_equal(rig_sensors_options_init(NULL, RIG_SENSORS_OPTIONS_VERSION),
			 RIG_E_INVALID);
	unplug(r);
}

static void wrong_options_version_is_invalid(void **state)
{
	struct fake bmc = {1, RIG_OK, 0, 0, 0};
	rig *r = make(&bmc, NULL);
	rig_sensors_options o;
	rig_sensor_list *l = (rig_sensor_list *)&bmc; /* must be reset */

	(void)state;
	memset(&o, 0, sizeof(o)); /* never initialised: version 0 */
	assert_int_equal(rig_sensors_get(r, &o, &l), RIG_E_INVALID);
	assert_null(l);
	assert_int_equal(bmc.calls, 0);
	assert_non_null(strstr(rig_errormsg(r), "rig_sensors_options_init"));
	assert_int_equal(rig_sensors_get(NULL, &o, &l), RIG_E_INVALID);
	unplug(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(units_as_interface_spells_them),
		cmocka_unit_test(other_units_come_from_freeipmi),
		cmocka_unit_test(sensor_types),
		cmocka_unit_test(states),
		cmocka_unit_test(cache_file_names),
		cmocka_unit_test(both_paths_merge),
		cmocka_unit_test(one_failed_path_is_partial),
		cmocka_unit_test(all_failed_gives_the_status),
		cmocka_unit_test(no_path_is_unsupported),
		cmocka_unit_test(flush_goes_to_the_bmc_only),
		cmocka_unit_test(options_reach_every_path),
		cmocka_unit_test(wrong_options_version_is_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The library against a real RMCP+ BMC (ipmi_sim, started by lib-power.sh):
 * SIM_HOST is its address, SIM_STATE the chassis-control state directory
 * that shows what really reached the BMC.  Public header only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <ipmirig.h>

static const char *sim_host;
static const char *sim_state;

/* assert_rig_ok: on failure, print the handle's own message. */
#define assert_rig_ok(r, rc)                                                 \
	do {                                                                 \
		rig_status rc_ = (rc);                                       \
		if (rc_ != RIG_OK)                                           \
			fail_msg("%s: %s", rig_strerror(rc_),                \
				 rig_errormsg(r));                           \
	} while (0)

static rig *bmc_rig(const char *user, const char *password,
		    rig_privilege priv, unsigned int timeout_ms)
{
	rig_bmc_options o;
	rig *r = NULL;

	assert_int_equal(rig_new("sim", &r), RIG_OK);
	rig_bmc_options_init(&o, RIG_BMC_OPTIONS_VERSION);
	o.host = sim_host;
	o.username = user;
	o.password = password;
	o.privilege = priv;
	o.workarounds = RIG_WORKAROUND_OPENSESSPRIV;
	o.timeout_ms = timeout_ms;
	assert_rig_ok(r, rig_add_bmc(r, &o));
	return r;
}

static rig *admin_rig(void)
{
	return bmc_rig("admin", "adminpw", RIG_PRIV_AUTO, 5000);
}

/* The power state as the simulator's chassis program stored it. */
static int sim_power(void)
{
	char path[4096];
	FILE *f;
	int v = -1;

	snprintf(path, sizeof(path), "%s/power", sim_state);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static int actions_seen(const char *action)
{
	char path[4096], line[256];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/actions.log", sim_state);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		n += strncmp(line, action, strlen(action)) == 0;
	fclose(f);
	return n;
}

static void status_off_on(void **state)
{
	rig *r = admin_rig();
	rig_power_state st;

	(void)state;
	assert_rig_ok(r, rig_power_status(r, &st));
	assert_int_equal(st, RIG_POWERSTATE_ON);
	assert_rig_ok(r, rig_power(r, RIG_POWER_OFF, NULL));
	assert_int_equal(sim_power(), 0);
	assert_rig_ok(r, rig_power_status(r, &st));
	assert_int_equal(st, RIG_POWERSTATE_OFF);
	assert_rig_ok(r, rig_power(r, RIG_POWER_ON, NULL));
	assert_int_equal(sim_power(), 1);
	rig_free(r);
}

static void cycle_reset_soft_reach_the_bmc(void **state)
{
	rig *r = admin_rig();
	rig_power_options o;
	int resets = actions_seen("reset"), soft = actions_seen("shutdown");
	int offs = actions_seen("power 0");

	(void)state;
	rig_power_options_init(&o, RIG_POWER_OPTIONS_VERSION);
	o.wait_ms = 10000;
	assert_rig_ok(r, rig_power(r, RIG_POWER_CYCLE, &o));
	/* ipmi_sim turns a cycle into power 0, then power 1 a second later. */
	assert_int_equal(actions_seen("power 0"), offs + 1);
	assert_int_equal(sim_power(), 1);
	assert_rig_ok(r, rig_power(r, RIG_POWER_RESET, NULL));
	assert_int_equal(actions_seen("reset"), resets + 1);
	assert_rig_ok(r, rig_power(r, RIG_POWER_SOFT, NULL));
	assert_int_equal(actions_seen("shutdown"), soft + 1);
	rig_free(r);
}

static void cycle_of_an_off_rig(void **state)
{
	rig *r = admin_rig();
	rig_power_options o;
	int cycles;

	(void)state;
	assert_rig_ok(r, rig_power(r, RIG_POWER_OFF, NULL));
	cycles = actions_seen("power");
	assert_int_equal(rig_power(r, RIG_POWER_CYCLE, NULL), RIG_E_STATE);
	assert_int_equal(actions_seen("power"), cycles); /* nothing sent */
	assert_int_equal(sim_power(), 0);
	rig_power_options_init(&o, RIG_POWER_OPTIONS_VERSION);
	o.on_if_off = true;
	o.wait_ms = 10000;
	assert_rig_ok(r, rig_power(r, RIG_POWER_CYCLE, &o));
	assert_int_equal(sim_power(), 1);
	rig_free(r);
}

static void wrong_password(void **state)
{
	rig *r = bmc_rig("admin", "wrongpw", RIG_PRIV_AUTO, 5000);
	rig_power_state st;

	(void)state;
	assert_int_equal(rig_power_status(r, &st), RIG_E_AUTH);
	assert_non_null(strstr(rig_errormsg(r), "password"));
	assert_null(strstr(rig_errormsg(r), "wrongpw"));
	rig_free(r);
	r = bmc_rig("nosuchuser", "x", RIG_PRIV_AUTO, 5000);
	assert_int_equal(rig_power_status(r, &st), RIG_E_AUTH);
	assert_non_null(strstr(rig_errormsg(r), "nosuchuser"));
	rig_free(r);
}

static void user_privilege_cannot_control_power(void **state)
{
	rig *r = bmc_rig("user", "userpw", RIG_PRIV_USER, 5000);
	rig_power_state st;
	int before = actions_seen("power");

	(void)state;
	assert_rig_ok(r, rig_power_status(r, &st)); /* reading is fine */
	assert_int_equal(rig_power(r, RIG_POWER_OFF, NULL), RIG_E_PRIVILEGE);
	assert_non_null(strstr(rig_errormsg(r), "0xD4"));
	assert_int_equal(actions_seen("power"), before);
	assert_int_equal(sim_power(), 1);
	rig_free(r);
}

static void least_privilege_by_default(void **state)
{
	/* The operator account can do power control when nothing forces
	 * admin: the library asks for operator, not admin. */
	rig *r = bmc_rig("operator", "operatorpw", RIG_PRIV_AUTO, 5000);

	(void)state;
	assert_rig_ok(r, rig_power(r, RIG_POWER_ON, NULL));
	rig_free(r);
}

static void silent_port_times_out(void **state)
{
	const char *dead = getenv("DEAD_HOST");
	rig_bmc_options o;
	rig_power_state st;
	rig *r = NULL;
	struct timespec a, b;
	double secs;

	(void)state;
	assert_non_null(dead);
	assert_int_equal(rig_new("dead", &r), RIG_OK);
	rig_bmc_options_init(&o, RIG_BMC_OPTIONS_VERSION);
	o.host = dead;
	o.username = "admin";
	o.password = "adminpw";
	o.timeout_ms = 1500;
	assert_rig_ok(r, rig_add_bmc(r, &o));
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(rig_power_status(r, &st), RIG_E_UNREACHABLE);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	/* Bounded by the deadline (with slack for a loaded machine). */
	assert_true(secs < 1.5 + 3.0);
	assert_non_null(strstr(rig_errormsg(r), "silent"));
	rig_free(r);
}

static void bmc_identity(void **state)
{
	rig *r = admin_rig();
	rig_bmc_info info;

	(void)state;
	assert_rig_ok(r, rig_bmc_info_get(r, &info));
	assert_int_equal(info.manufacturer_id, 49622);
	assert_string_equal(info.manufacturer, "ASRock Rack");
	assert_string_equal(info.ipmi_version, "2.0");
	assert_true(strlen(info.firmware) >= 3);
	rig_free(r);
}

struct fan {
	rig_status rc[4];
	rig_power_state st[4];
};

static void fan_status(rig *r, size_t i, void *user)
{
	struct fan *f = user;

	f->rc[i] = rig_power_status(r, &f->st[i]);
}

static void fanout_mixes_live_and_dead(void **state)
{
	rig *rigs[4];
	struct fan f;
	rig_bmc_options o;

	(void)state;
	memset(&f, 0, sizeof(f));
	for (int i = 0; i < 4; i++) {
		rig_new(i % 2 ? "dead" : "live", &rigs[i]);
		rig_bmc_options_init(&o, RIG_BMC_OPTIONS_VERSION);
		o.host = i % 2 ? getenv("DEAD_HOST") : sim_host;
		o.username = "admin";
		o.password = "adminpw";
		o.workarounds = RIG_WORKAROUND_OPENSESSPRIV;
		o.timeout_ms = 1500;
		assert_rig_ok(rigs[i], rig_add_bmc(rigs[i], &o));
	}
	assert_int_equal(rig_fanout(rigs, 4, 4, fan_status, &f), RIG_OK);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(f.rc[i], i % 2 ? RIG_E_UNREACHABLE : RIG_OK);
		if (i % 2 == 0)
			assert_int_equal(f.st[i], RIG_POWERSTATE_ON);
		rig_free(rigs[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_off_on),
		cmocka_unit_test(cycle_reset_soft_reach_the_bmc),
		cmocka_unit_test(cycle_of_an_off_rig),
		cmocka_unit_test(wrong_password),
		cmocka_unit_test(user_privilege_cannot_control_power),
		cmocka_unit_test(least_privilege_by_default),
		cmocka_unit_test(silent_port_times_out),
		cmocka_unit_test(bmc_identity),
		cmocka_unit_test(fanout_mixes_live_and_dead),
	};

	sim_host = getenv("SIM_HOST");
	sim_state = getenv("SIM_STATE");
	if (sim_host == NULL || sim_state == NULL || getenv("DEAD_HOST") == NULL) {
		fprintf(stderr, "run me from lib-power.sh (SIM_HOST, SIM_STATE, "
				"DEAD_HOST)\n");
		return 99;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

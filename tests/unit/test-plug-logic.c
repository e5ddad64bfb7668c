/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The plug path's routing and power logic against fake backends (no
 * network): status through a plug is off for an open relay and the OS's
 * state over SSH behind a closed one; on closes an open relay, leaves a
 * closed one whose OS answers, falls back to Wake-on-LAN for a closed one
 * whose OS is silent, else fails with the power-cycle hint; a BMC wins over
 * the plug; reset stays BMC-only with that hint; and the plug URL parser
 * refuses malformed URLs before any module is loaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/internal.h"

struct fake {
	rig_power_state state;
	int actions;
	rig_power_action last;
};

static rig_status fake_status(rig *r, void *priv, rig_power_state *st)
{
	struct fake *f = priv;

	(void)r;
	*st = f->state;
	return RIG_OK;
}

static rig_status fake_action(rig *r, void *priv, rig_power_action a)
{
	struct fake *f = priv;

	(void)r;
	f->actions++;
	f->last = a;
	f->state = a == RIG_POWER_OFF ? RIG_POWERSTATE_OFF : RIG_POWERSTATE_ON;
	return RIG_OK;
}

static const struct rig_backend_ops fake_bmc_ops = {
	.path = RIG_PATH_BMC,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_ON | RIG_CAP_POWER_OFF |
		RIG_CAP_POWER_CYCLE | RIG_CAP_POWER_RESET,
	.power_status = fake_status,
	.power_action = fake_action,
};

/* The plug's relay: on is closed. */
static const struct rig_backend_ops fake_plug_ops = {
	.path = RIG_PATH_PLUG,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_ON | RIG_CAP_POWER_OFF |
		RIG_CAP_POWER_CYCLE,
	.power_status = fake_status,
	.power_action = fake_action,
};

static const struct rig_backend_ops fake_ssh_ops = {
	.path = RIG_PATH_SSH,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_SOFT | RIG_CAP_POWER_REBOOT,
	.power_status = fake_status,
	.power_action = fake_action,
};

static const struct rig_backend_ops fake_wol_ops = {
	.path = RIG_PATH_WOL,
	.caps = RIG_CAP_POWER_ON,
	.power_action = fake_action,
};

static rig *rig_with(struct fake *bmc, struct fake *plug, struct fake *ssh,
		     struct fake *wol)
{
	rig *r = NULL;

	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	if (bmc != NULL) {
		r->bmc.ops = &fake_bmc_ops;
		r->bmc.priv = bmc;
	}
	if (plug != NULL) {
		r->plug.ops = &fake_plug_ops;
		r->plug.priv = plug;
	}
	if (ssh != NULL) {
		r->ssh.ops = &fake_ssh_ops;
		r->ssh.priv = ssh;
	}
	if (wol != NULL) {
		r->wol.ops = &fake_wol_ops;
		r->wol.priv = wol;
	}
	return r;
}

/* The fakes are not the handle's to free. */
static void drop(rig *r)
{
	r->bmc.ops = r->plug.ops = r->ssh.ops = r->wol.ops = NULL;
	rig_free(r);
}

static void status_through_the_plug(void **state)
{
	struct fake plug = {.state = RIG_POWERSTATE_OFF};
	struct fake ssh = {.state = RIG_POWERSTATE_ON};
	rig *r = rig_with(NULL, &plug, &ssh, NULL);
	rig_power_state st;

	(void)state;
	assert_int_equal(rig_paths(r), RIG_PATH_PLUG | RIG_PATH_SSH);
	assert_string_equal(rig_path_name(RIG_PATH_PLUG), "plug");
	/* Open relay: off, whatever SSH would say. */
	assert_int_equal(rig_power_status(r, &st), RIG_OK);
	assert_int_equal(st, RIG_POWERSTATE_OFF);
	/* Closed: the OS decides. */
	plug.state = RIG_POWERSTATE_ON;
	assert_int_equal(rig_power_status(r, &st), RIG_OK);
	assert_int_equal(st, RIG_POWERSTATE_ON);
	ssh.state = RIG_POWERSTATE_UNREACHABLE;
	assert_int_equal(rig_power_status(r, &st), RIG_OK);
	assert_int_equal(st, RIG_POWERSTATE_UNREACHABLE);
	drop(r);
}

static void a_bmc_wins_over_the_plug(void **state)
{
	struct fake bmc = {.state = RIG_POWERSTATE_ON};
	struct fake plug = {.state = RIG_POWERSTATE_ON};
	rig *r = rig_with(&bmc, &plug, NULL, NULL);

	(void)state;
	assert_int_equal(rig_power(r, RIG_POWER_CYCLE, NULL), RIG_OK);
	assert_int_equal(bmc.actions, 1);
	assert_int_equal(plug.actions, 0);
	drop(r);
}

static void off_and_cycle_through_the_plug(void **state)
{
	struct fake plug = {.state = RIG_POWERSTATE_ON};
	rig *r = rig_with(NULL, &plug, NULL, NULL);

	(void)state;
	assert_int_equal(rig_power(r, RIG_POWER_CYCLE, NULL), RIG_OK);
	assert_int_equal(plug.last, RIG_POWER_CYCLE);
	assert_int_equal(rig_power(r, RIG_POWER_OFF, NULL), RIG_OK);
	assert_int_equal(plug.last, RIG_POWER_OFF);
	assert_int_equal(plug.actions, 2);
	drop(r);
}

static void on_closes_an_open_relay_only(void **state)
{
	struct fake plug = {.state = RIG_POWERSTATE_OFF};
	struct fake ssh = {.state = RIG_POWERSTATE_ON};
	rig *r = rig_with(NULL, &plug, &ssh, NULL);

	(void)state;
	assert_int_equal(rig_power(r, RIG_POWER_ON, NULL), RIG_OK);
	assert_int_equal(plug.actions, 1);
	assert_int_equal(plug.last, RIG_POWER_ON);
	/* Closed, and the OS answers: already on, nothing sent. */
	assert_int_equal(rig_power(r, RIG_POWER_ON, NULL), RIG_OK);
	assert_int_equal(plug.actions, 1);
	drop(r);
}

static void on_with_a_silent_os_behind_a_closed_relay(void **state)
{
	struct fake plug = {.state = RIG_POWERSTATE_ON};
	struct fake ssh = {.state = RIG_POWERSTATE_UNREACHABLE};
	struct fake wol = {0};
	rig *r = rig_with(NULL, &plug, &ssh, &wol);

	(void)state;
	/* With a MAC: Wake-on-LAN, the relay left alone. */
	assert_int_equal(rig_power(r, RIG_POWER_ON, NULL), RIG_OK);
	assert_int_equal(wol.actions, 1);
	assert_int_equal(plug.actions, 0);
	/* Without: the condition, and a cycle as the remedy. */
	r->wol.ops = NULL;
	assert_int_equal(rig_power(r, RIG_POWER_ON, NULL), RIG_E_STATE);
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_USE_CYCLE);
	assert_non_null(strstr(rig_errormsg(r), "AC loss"));
	assert_null(strstr(rig_errormsg(r), "--"));
	assert_int_equal(plug.actions, 0);
	drop(r);
}

static void reset_stays_bmc_only(void **state)
{
	struct fake plug = {.state = RIG_POWERSTATE_ON};
	rig *r = rig_with(NULL, &plug, NULL, NULL);

	(void)state;
	assert_int_equal(rig_power(r, RIG_POWER_RESET, NULL),
			 RIG_E_UNSUPPORTED);
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_USE_CYCLE);
	assert_int_equal(plug.actions, 0);
	drop(r);
}

static void malformed_urls_are_refused(void **state)
{
	static const char *const bad[] = {
		"http://10.0.0.1", "tasmota://", "tasmota://host/0",
		"tasmota://host/x", "tasmota://host:0", "tasmota://host:99999",
		"shelly://user@host", "tasmota://h?cmnd=Power", "tasmota://h#x",
		"tasmota://a b", "shelly://host/33", "tasmota://@host",
	};
	rig_plug_options o;
	rig *r = NULL;

	(void)state;
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	assert_int_equal(rig_plug_options_init(&o, RIG_PLUG_OPTIONS_VERSION),
			 RIG_OK);
	assert_int_equal(o.off_time_ms, 10000);
	assert_int_equal(rig_add_plug(r, &o), RIG_E_INVALID);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.url = bad[i];
		assert_int_equal(rig_add_plug(r, &o), RIG_E_INVALID);
		assert_int_equal(rig_paths(r), 0);
	}
	rig_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_through_the_plug),
		cmocka_unit_test(a_bmc_wins_over_the_plug),
		cmocka_unit_test(off_and_cycle_through_the_plug),
		cmocka_unit_test(on_closes_an_open_relay_only),
		cmocka_unit_test(on_with_a_silent_os_behind_a_closed_relay),
		cmocka_unit_test(reset_stays_bmc_only),
		cmocka_unit_test(malformed_urls_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

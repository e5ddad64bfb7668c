/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Power logic against a fake backend: routing to the best path, the state
 * check before cycle and reset, on-if-off, waiting, and "unsupported" with
 * a hint.  No network.
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
	rig_status status_rc; /* what power_status returns */
	int actions;
	rig_power_action last;
	int polls;
	int lag; /* polls before an action's effect shows */
	rig_power_state pending;
};

static rig_status fake_status(rig *r, void *priv, rig_power_state *st)
{
	struct fake *f = priv;

	f->polls++;
	if (f->status_rc != RIG_OK)
		return rig__fail(r, RIG_PATH_BMC, f->status_rc, "fake failure");
	if (f->lag > 0 && --f->lag == 0)
		f->state = f->pending;
	*st = f->state;
	return RIG_OK;
}

static rig_status fake_action(rig *r, void *priv, rig_power_action a)
{
	struct fake *f = priv;
	rig_power_state next = a == RIG_POWER_OFF || a == RIG_POWER_SOFT
				       ? RIG_POWERSTATE_OFF
				       : RIG_POWERSTATE_ON;

	(void)r;
	f->actions++;
	f->last = a;
	if (f->lag > 0)
		f->pending = next;
	else
		f->state = next;
	return RIG_OK;
}

static const struct rig_backend_ops fake_bmc_ops = {
	.path = RIG_PATH_BMC,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_ON | RIG_CAP_POWER_OFF |
		RIG_CAP_POWER_SOFT | RIG_CAP_POWER_CYCLE | RIG_CAP_POWER_RESET,
	.power_status = fake_status,
	.power_action = fake_action,
};

static const struct rig_backend_ops fake_ssh_ops = {
	.path = RIG_PATH_SSH,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_SOFT | RIG_CAP_POWER_REBOOT,
	.power_status = fake_status,
	.power_action = fake_action,
};

static rig *rig_with(struct fake *bmc, struct fake *ssh)
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

static void cycle_of_an_off_rig_fails(void **state)
{
	struct fake bmc = {.state = RIG_POWERSTATE_OFF};
	rig *r = rig_with(&bmc, NULL);

	(void)state;
	assert_int_equal(rig_power(r, RIG_POWER_CYCLE, NULL), RIG_E_STATE);
	assert_int_equal(bmc.actions, 0);
	/* The remedy is a hint; rigctl's --on-if-off is rigctl's to name. */
	assert_non_null(strstr(rig_errormsg(r), "the rig is off"));
	assert_null(strstr(rig_errormsg(r), "--"));
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_ON_IF_OFF);
	assert_int_equal(rig_power(r, RIG_POWER_RESET, NULL), RIG_E_STATE);
	assert_int_equal(bmc.actions, 0);
	rig_free(r);
}

static void on_if_off_powers_on(void **state)
{
	struct fake bmc = {.state = RIG_POWERSTATE_OFF};
	rig *r = rig_with(&bmc, NULL);
	rig_power_options o;

	(void)state;
	rig_power_options_init(&o, RIG_POWER_OPTIONS_VERSION);
	o.on_if_off = true;
	assert_int_equal(rig_power(r, RIG_POWER_CYCLE, &o), RIG_OK);
	assert_int_equal(bmc.actions, 1);
	assert_int_equal(bmc.last, RIG_POWER_ON);
	/* A rig that is on is cycled, not switched on. */
	assert_int_equal(rig_power(r, RIG_POWER_CYCLE, &o), RIG_OK);
	assert_int_equal(bmc.last, RIG_POWER_CYCLE);
	rig_free(r);
}

static void wait_polls_until_the_state_shows(void **state)
{
	struct fake bmc = {.state = RIG_POWERSTATE_ON, .lag = 2};
	rig *r = rig_with(&bmc, NULL);
	rig_power_options o;

	(void)state;
	rig_power_options_init(&o, RIG_POWER_OPTIONS_VERSION);
	o.wait_ms = 5000;
	assert_int_equal(rig_power(r, RIG_POWER_OFF, &o), RIG_OK);
	assert_int_equal(bmc.state, RIG_POWERSTATE_OFF);
	assert_true(bmc.polls >= 2);
	rig_free(r);
}

static void wait_gives_up_at_its_deadline(void **state)
{
	struct fake bmc = {.state = RIG_POWERSTATE_ON, .lag = 1000000};
	rig *r = rig_with(&bmc, NULL);
	rig_power_options o;
	uint64_t t0 = rig__now_ms();

	(void)state;
	rig_power_options_init(&o, RIG_POWER_OPTIONS_VERSION);
	o.wait_ms = 1200;
	assert_int_equal(rig_power(r, RIG_POWER_OFF, &o), RIG_E_WAIT_TIMEOUT);
	assert_true(rig__now_ms() - t0 < 5000);
	assert_non_null(strstr(rig_errormsg(r), "'off'"));
	assert_int_equal(rig_error_count(r), 1);
	rig_free(r);
}

static void wait_stops_on_a_refusal(void **state)
{
	struct fake bmc = {.state = RIG_POWERSTATE_ON};
	rig *r = rig_with(&bmc, NULL);
	rig_power_options o;

	(void)state;
	rig_power_options_init(&o, RIG_POWER_OPTIONS_VERSION);
	o.wait_ms = 60000;
	bmc.lag = 1000000;
	bmc.status_rc = RIG_OK;
	assert_int_equal(rig_power(r, RIG_POWER_ON, NULL), RIG_OK);
	bmc.status_rc = RIG_E_AUTH;
	assert_int_equal(rig_power(r, RIG_POWER_OFF, &o), RIG_E_AUTH);
	rig_free(r);
}

static void bmc_is_preferred_and_reboot_goes_by_ssh(void **state)
{
	struct fake bmc = {.state = RIG_POWERSTATE_ON};
	struct fake ssh = {.state = RIG_POWERSTATE_ON};
	rig *r = rig_with(&bmc, &ssh);
	rig_power_state st;

	(void)state;
	assert_int_equal(rig_power(r, RIG_POWER_SOFT, NULL), RIG_OK);
	assert_int_equal(bmc.actions, 1);
	assert_int_equal(ssh.actions, 0);
	assert_int_equal(rig_power(r, RIG_POWER_REBOOT, NULL), RIG_OK);
	assert_int_equal(ssh.actions, 1);
	assert_int_equal(ssh.last, RIG_POWER_REBOOT);
	assert_int_equal(rig_power_status(r, &st), RIG_OK);
	assert_true(bmc.polls > 0);
	assert_int_equal(ssh.polls, 0);
	rig_free(r);
}

static void no_hard_reset_without_a_bmc(void **state)
{
	struct fake ssh = {.state = RIG_POWERSTATE_ON};
	rig *r = rig_with(NULL, &ssh);

	(void)state;
	assert_int_equal(rig_power(r, RIG_POWER_RESET, NULL), RIG_E_UNSUPPORTED);
	assert_int_equal(ssh.actions, 0); /* never a silent reboot instead */
	assert_non_null(strstr(rig_errormsg(r), "needs a BMC"));
	assert_non_null(strstr(rig_errormsg(r), "smart plug"));
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_USE_REBOOT);
	assert_int_equal(rig_power(r, RIG_POWER_OFF, NULL), RIG_E_UNSUPPORTED);
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_USE_SOFT_OFF);
	assert_int_equal(rig_power(r, RIG_POWER_CYCLE, NULL), RIG_E_UNSUPPORTED);
	assert_int_equal(rig_power(r, RIG_POWER_ON, NULL), RIG_E_UNSUPPORTED);
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_NEED_BMC_OR_WOL);
	assert_int_equal(rig_power(r, RIG_POWER_SOFT, NULL), RIG_OK);
	assert_int_equal(ssh.last, RIG_POWER_SOFT);
	rig_free(r);
}

static void no_path_at_all(void **state)
{
	rig *r = rig_with(NULL, NULL);
	rig_power_state st = RIG_POWERSTATE_ON;
	rig_bmc_info info;

	(void)state;
	assert_int_equal(rig_power_status(r, &st), RIG_E_UNSUPPORTED);
	assert_int_equal(st, RIG_POWERSTATE_UNKNOWN);
	assert_int_equal(rig_bmc_info_get(r, &info), RIG_E_UNSUPPORTED);
	assert_int_equal(rig_power(r, (rig_power_action)0, NULL), RIG_E_INVALID);
	assert_int_equal(rig_power(NULL, RIG_POWER_ON, NULL), RIG_E_INVALID);
	rig_free(r);
}

struct counter {
	int seen[40];
};

static void count_rig(rig *r, size_t index, void *user)
{
	struct counter *c = user;

	assert_non_null(r);
	c->seen[index]++;
}

static void fanout_visits_every_rig_once(void **state)
{
	rig *rigs[40];
	struct counter c;

	(void)state;
	for (size_t i = 0; i < 40; i++)
		rigs[i] = rig_with(NULL, NULL);
	for (unsigned int par = 0; par <= 7; par += 7) {
		memset(&c, 0, sizeof(c));
		assert_int_equal(rig_fanout(rigs, 40, par, count_rig, &c), RIG_OK);
		for (size_t i = 0; i < 40; i++)
			assert_int_equal(c.seen[i], 1);
	}
	assert_int_equal(rig_fanout(rigs, 0, 4, count_rig, &c), RIG_OK);
	assert_int_equal(rig_fanout(NULL, 3, 4, count_rig, &c), RIG_E_INVALID);
	assert_int_equal(rig_fanout(rigs, 3, 4, NULL, &c), RIG_E_INVALID);
	for (size_t i = 0; i < 40; i++)
		rig_free(rigs[i]);
}

static void slow_rig(rig *r, size_t index, void *user)
{
	(void)r;
	(void)index;
	(void)user;
	rig__sleep_ms(400);
}

/* The pool starts with a few workers and doubles while none finish: 16
 * rigs that each take 0.4 s run side by side (about 0.4 s), not four at a
 * time (1.6 s). */
static void fanout_pool_grows_when_rigs_stall(void **state)
{
	rig *rigs[16];
	uint64_t t0;

	(void)state;
	for (size_t i = 0; i < 16; i++)
		rigs[i] = rig_with(NULL, NULL);
	t0 = rig__now_ms();
	assert_int_equal(rig_fanout(rigs, 16, 16, slow_rig, NULL), RIG_OK);
	assert_true(rig__now_ms() - t0 < 1200);
	/* The limit holds: two at a time takes eight rounds. */
	t0 = rig__now_ms();
	assert_int_equal(rig_fanout(rigs, 8, 2, slow_rig, NULL), RIG_OK);
	assert_true(rig__now_ms() - t0 >= 1500);
	for (size_t i = 0; i < 16; i++)
		rig_free(rigs[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cycle_of_an_off_rig_fails),
		cmocka_unit_test(on_if_off_powers_on),
		cmocka_unit_test(wait_polls_until_the_state_shows),
		cmocka_unit_test(wait_gives_up_at_its_deadline),
		cmocka_unit_test(wait_stops_on_a_refusal),
		cmocka_unit_test(bmc_is_preferred_and_reboot_goes_by_ssh),
		cmocka_unit_test(no_hard_reset_without_a_bmc),
		cmocka_unit_test(no_path_at_all),
		cmocka_unit_test(fanout_visits_every_rig_once),
		cmocka_unit_test(fanout_pool_grows_when_rigs_stall),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

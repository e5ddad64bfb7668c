/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fan control without a BMC: the profiles as data, the check of a read,
 * the read-modify-write, the curve and the controller step (hysteresis,
 * floor), the public calls against a fake BMC backend that records what
 * it is asked to send, and the proof that no code path can send the fan
 * factory reset (netfn 0x3a command 0xdc).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "codec/fans.h"
#include "codec/raw.h"
#include "core/internal.h"
#include "paths/bmc/fans.h"
#include "paths/bmc/remote.h"

/* ---- the profiles ---- */

static void profiles_are_sound(void **state)
{
	const struct fan_profile *p;
	rig_fan_profile_info info;

	(void)state;
	assert_non_null(fan_profile_at(0));
	assert_string_equal(fan_profile_at(0)->name, "asrock-ast2500");
	for (size_t i = 0; (p = fan_profile_at(i)) != NULL; i++) {
		const uint8_t cmds[] = {p->get_mode, p->set_mode, p->set_duty,
					p->get_duty};

		assert_ptr_equal(fan_profile_find(p->name), p);
		assert_true(p->slots >= 1 && p->slots <= FAN_SLOTS_MAX);
		assert_true(p->min_duty <= 100);
		assert_int_equal(p->netfn & 1, 0); /* a request netfn */
		for (size_t a = 0; a < 4; a++)
			for (size_t b = a + 1; b < 4; b++)
				assert_int_not_equal(cmds[a], cmds[b]);
		assert_int_not_equal(p->mode_auto, p->mode_manual);
		assert_int_equal(rig_fan_profile_get(p->name, &info), RIG_OK);
		assert_int_equal(info.slots, p->slots);
		assert_true(info.nheaders >= 1);
	}
	p = fan_profile_find("asrock-ast2500");
	assert_int_equal(p->vendor_iana, 49622);
	assert_int_equal(p->netfn, 0x3a);
	assert_int_equal(p->slots, 16);
	assert_int_equal(fan_header_slot(p, "fan1"), 0);
	assert_int_equal(fan_header_slot(p, "FAN7"), 6);
	assert_int_equal(fan_header_slot(p, "FAN8"), -1);
	assert_null(fan_profile_find("ASROCK-AST2500"));
	assert_int_equal(rig_fan_profile_get("nope", &info), RIG_E_INVALID);
	assert_int_equal(rig_fan_profile_at(99, &info), RIG_E_INVALID);
}

/* ---- 0xdc: in no profile, and refused by the one door ---- */

static void no_profile_sends_a_forbidden_request(void **state)
{
	const struct fan_profile *p;

	(void)state;
	for (size_t i = 0; (p = fan_profile_at(i)) != NULL; i++)
		for (unsigned int cmd = 0; cmd < 256; cmd++)
			if (fan_profile_sends(p, p->netfn, (uint8_t)cmd))
				assert_null(raw_forbidden(p->netfn,
							  (uint8_t)cmd));
	p = fan_profile_find("asrock-ast2500");
	assert_false(fan_profile_sends(p, 0x3a, 0xdc));
	assert_true(fan_profile_sends(p, 0x3a, 0xd6));
	assert_false(fan_profile_sends(p, 0x3b, 0xd6));
}

static void the_fan_door_refuses_0xdc(void **state)
{
	/* A profile doctored to name 0xdc: the door refuses it all the
	 * same, before it touches the session (there is none here). */
	struct fan_profile evil = *fan_profile_find("asrock-ast2500");
	uint8_t rs[32];
	struct bmc b;
	size_t n = 99;
	rig *r = NULL;

	(void)state;
	evil.set_mode = 0xdc;
	memset(&b, 0, sizeof(b));
	b.label = "test:623";
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	assert_int_equal(bmc_fan_request(r, &b, &evil, 0xdc, NULL, 0, rs,
					 sizeof(rs), &n),
			 RIG_E_INVALID);
	assert_int_equal(n, 0);
	/* And with the real profile, a command it does not name. */
	assert_int_equal(bmc_fan_request(r, &b, fan_profile_find(
							"asrock-ast2500"),
					 0xdc, NULL, 0, rs, sizeof(rs), &n),
			 RIG_E_INVALID);
	assert_int_equal(bmc_fan_request(r, &b, NULL, 0xd9, NULL, 0, rs,
					 sizeof(rs), &n),
			 RIG_E_INVALID);
	rig_free(r);
}

/* ---- the check of a read ---- */

static void reads_are_checked(void **state)
{
	const struct fan_profile *p = fan_profile_find("asrock-ast2500");
	uint8_t m[17] = {0}, d[17];
	char why[128];

	(void)state;
	memset(d, 50, sizeof(d));
	m[3] = 1;
	m[4] = 2;
	assert_true(fan_read_valid(p, m, 16, d, 16, why, sizeof(why)));
	assert_false(fan_read_valid(p, m, 15, d, 16, why, sizeof(why)));
	assert_non_null(strstr(why, "15 bytes"));
	assert_false(fan_read_valid(p, m, 17, d, 16, why, sizeof(why)));
	assert_false(fan_read_valid(p, m, 16, d, 0, why, sizeof(why)));
	m[9] = 3;
	assert_false(fan_read_valid(p, m, 16, d, 16, why, sizeof(why)));
	m[9] = 0;
	d[15] = 101;
	assert_false(fan_read_valid(p, m, 16, d, 16, why, sizeof(why)));
	d[15] = 100;
	assert_true(fan_read_valid(p, m, 16, d, 16, why, sizeof(why)));
}

/* ---- read-modify-write ---- */

static void writes_keep_every_other_slot(void **state)
{
	const struct fan_profile *p = fan_profile_find("asrock-ast2500");
	uint8_t m[16], d[16], nm[16], nd[16];
	struct fan_change ch[2] = {{1, true, 70}, {3, false, 0}};
	bool mc, dc;
	char why[128];

	(void)state;
	for (int i = 0; i < 16; i++) {
		m[i] = (uint8_t)((i + 1) % 3);
		d[i] = (uint8_t)(20 + i);
	}
	assert_true(fan_build(p, m, d, ch, 2, nm, nd, &mc, &dc, why,
			      sizeof(why)));
	for (int i = 0; i < 16; i++) {
		if (i == 1) {
			assert_int_equal(nm[i], 1);
			assert_int_equal(nd[i], 70);
		} else if (i == 3) {
			assert_int_equal(nm[i], 0);
			assert_int_equal(nd[i], d[i]); /* auto keeps the duty */
		} else {
			assert_int_equal(nm[i], m[i]);
			assert_int_equal(nd[i], d[i]);
		}
	}
	assert_true(mc);
	assert_true(dc);
	/* Nothing to change: nothing to write. */
	ch[0].duty = d[1];
	m[1] = 1;
	m[3] = 0;
	assert_true(fan_build(p, m, d, ch, 2, nm, nd, &mc, &dc, why,
			      sizeof(why)));
	assert_false(mc);
	assert_false(dc);
	/* Under the profile's minimum, over 100, a slot with no header. */
	ch[0].duty = p->min_duty - 1;
	assert_false(fan_build(p, m, d, ch, 1, nm, nd, &mc, &dc, why,
			       sizeof(why)));
	ch[0].duty = 101;
	assert_false(fan_build(p, m, d, ch, 1, nm, nd, &mc, &dc, why,
			       sizeof(why)));
	ch[0].duty = 50;
	ch[0].slot = 12;
	assert_false(fan_build(p, m, d, ch, 1, nm, nd, &mc, &dc, why,
			       sizeof(why)));
}

/* ---- the curve and the step ---- */

static void curves_parse(void **state)
{
	rig_fan_curve c;
	char why[160];

	(void)state;
	assert_int_equal(rig_fan_curve_parse("40:30,60:50, 80:100", &c, why,
					     sizeof(why)),
			 RIG_OK);
	assert_int_equal(c.count, 3);
	assert_true(c.points[2].temp_c == 80.0);
	assert_int_equal(c.points[2].duty, 100);
	assert_int_equal(rig_fan_curve_parse("55.5:40", &c, NULL, 0), RIG_OK);
	assert_int_equal(c.count, 1);
	static const char *const bad[] = {
		"", "40", "40:", "40:101", "60:50,40:60", "40:60,60:50",
		"40:30,", "x:30", "40:30,40:40", "40:-1", "200:50",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(rig_fan_curve_parse(bad[i], &c, why,
						     sizeof(why)),
				 RIG_E_INVALID);
	assert_int_equal(rig_fan_curve_parse(NULL, &c, NULL, 0), RIG_E_INVALID);
}

static void curves_interpolate(void **state)
{
	rig_fan_curve c;

	(void)state;
	assert_int_equal(rig_fan_curve_parse("40:30,80:100", &c, NULL, 0),
			 RIG_OK);
	assert_int_equal(rig_fan_curve_duty(&c, 20), 30);  /* flat below */
	assert_int_equal(rig_fan_curve_duty(&c, 40), 30);
	assert_int_equal(rig_fan_curve_duty(&c, 60), 65);
	assert_int_equal(rig_fan_curve_duty(&c, 70), 83);  /* 82.5 up */
	assert_int_equal(rig_fan_curve_duty(&c, 80), 100);
	assert_int_equal(rig_fan_curve_duty(&c, 95), 100); /* flat above */
	assert_int_equal(rig_fan_curve_duty(NULL, 50), 100);
}

static void the_step_has_hysteresis_and_a_floor(void **state)
{
	rig_fan_step_state st;
	rig_fan_curve c;

	(void)state;
	memset(&st, 0, sizeof(st));
	assert_int_equal(rig_fan_curve_parse("40:30,80:100", &c, NULL, 0),
			 RIG_OK);
	assert_int_equal(rig_fan_step(&c, 3, 20, 60, &st), 65);
	/* Up at once. */
	assert_int_equal(rig_fan_step(&c, 3, 20, 70, &st), 83);
	/* Down by less than the hysteresis: no change. */
	assert_int_equal(rig_fan_step(&c, 3, 20, 68, &st), 83);
	assert_int_equal(rig_fan_step(&c, 3, 20, 67.5, &st), 83);
	/* Further down: to the curve 3 degrees higher. */
	assert_int_equal(rig_fan_step(&c, 3, 20, 60, &st), 71);
	/* Without hysteresis it follows the curve both ways. */
	assert_int_equal(rig_fan_step(&c, 0, 20, 60, &st), 65);
	/* The floor, then 100 at the top. */
	memset(&st, 0, sizeof(st));
	assert_int_equal(rig_fan_step(&c, 3, 45, 20, &st), 45);
	assert_int_equal(rig_fan_step(&c, 3, 45, 90, &st), 100);
	assert_int_equal(rig_fan_step(&c, 3, 150, 20, NULL), 100);
}

/* ---- the public calls against a fake BMC ---- */

static struct {
	uint32_t vendor;
	uint8_t modes[16], duties[16];
	unsigned int read_len; /* of the mode read */
	unsigned int min;      /* the BMC's clamp */
	char sent[32][8];      /* what the door was asked for, in order */
	size_t nsent;
	bool refuse;           /* answer 0xD4 */
} bmc;

static void sent(const char *what)
{
	if (bmc.nsent < 32)
		strcpy(bmc.sent[bmc.nsent++], what);
}

static rig_status fake_vendor(rig *r, void *priv, uint32_t *iana)
{
	(void)r;
	(void)priv;
	sent("id");
	*iana = bmc.vendor;
	return RIG_OK;
}

static rig_status fake_request(rig *r, void *priv,
			       const struct fan_profile *p, uint8_t cmd,
			       const uint8_t *data, size_t len, uint8_t *rs,
			       size_t size, size_t *n)
{
	(void)priv;
	(void)size;
	*n = 0;
	/* The library's door rules, as the BMC path applies them. */
	assert_true(fan_profile_sends(p, p->netfn, cmd));
	assert_null(raw_forbidden(p->netfn, cmd));
	if (bmc.refuse)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_PRIVILEGE, "0xD4");
	if (cmd == p->get_mode) {
		sent("rm");
		memcpy(rs, bmc.modes, bmc.read_len);
		*n = bmc.read_len;
	} else if (cmd == p->get_duty) {
		sent("rd");
		memcpy(rs, bmc.duties, 16);
		*n = 16;
	} else if (cmd == p->set_mode) {
		sent("wm");
		assert_int_equal(len, 16);
		memcpy(bmc.modes, data, 16);
	} else if (cmd == p->set_duty) {
		sent("wd");
		assert_int_equal(len, 16);
		for (int i = 0; i < 16; i++)
			bmc.duties[i] = data[i] < bmc.min ? (uint8_t)bmc.min
							  : data[i];
	}
	return RIG_OK;
}

static const struct rig_backend_ops fake_ops = {
	.path = RIG_PATH_BMC,
	.fan_vendor = fake_vendor,
	.fan_request = fake_request,
};

static rig *fake_rig(void)
{
	rig *r = NULL;

	memset(&bmc, 0, sizeof(bmc));
	bmc.vendor = 49622;
	bmc.read_len = 16;
	memset(bmc.duties, 50, sizeof(bmc.duties));
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	r->bmc.ops = &fake_ops;
	return r;
}

static void done(rig *r)
{
	r->bmc.ops = NULL;
	rig_free(r);
}

static const char *trace(void)
{
	static char buf[256];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < bmc.nsent; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
				      i ? "," : "", bmc.sent[i]);
	return buf;
}

static void set_is_read_modify_write(void **state)
{
	rig_fans_options o = RIG_FANS_OPTIONS_INIT;
	rig_fan_setting s[] = {{"FAN2", 70}};
	rig_fan_list *l = NULL;
	rig *r = fake_rig();

	(void)state;
	o.profile = "asrock-ast2500";
	bmc.modes[5] = 2; /* a slot in the BMC's own curve stays so */
	bmc.duties[9] = 33;
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_OK);
	assert_string_equal(trace(), "id,rm,rd,wd,wm,rm,rd");
	assert_int_equal(bmc.modes[1], 1);
	assert_int_equal(bmc.duties[1], 70);
	assert_int_equal(bmc.modes[5], 2);
	assert_int_equal(bmc.duties[9], 33);
	assert_int_equal(bmc.modes[0], 0);
	assert_non_null(l);
	assert_int_equal(l->count, 7);
	assert_string_equal(l->items[1].name, "FAN2");
	assert_int_equal(l->items[1].mode, RIG_FAN_MANUAL);
	assert_true(l->items[1].has_requested);
	assert_int_equal(l->items[1].duty, 70);
	assert_int_equal(l->items[5].mode, RIG_FAN_CURVE);
	assert_false(l->items[0].has_requested);
	rig_fan_list_free(l);
	/* The BMC's clamp shows in the read-back. */
	bmc.min = 30;
	bmc.nsent = 0;
	s[0].duty = 25;
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_OK);
	assert_int_equal(l->items[1].requested, 25);
	assert_int_equal(l->items[1].duty, 30);
	rig_fan_list_free(l);
	/* Unchanged: read, nothing written, and that read is the answer. */
	bmc.nsent = 0;
	s[0].duty = 30;
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_OK);
	assert_string_equal(trace(), "id,rm,rd");
	assert_int_equal(l->items[1].duty, 30);
	rig_fan_list_free(l);
	done(r);
}

static void nothing_is_written_without_a_sound_read(void **state)
{
	rig_fans_options o = RIG_FANS_OPTIONS_INIT;
	rig_fan_setting s[] = {{"FAN1", 60}};
	rig_fan_list *l = NULL;
	rig *r = fake_rig();

	(void)state;
	o.profile = "asrock-ast2500";
	bmc.read_len = 15;
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_E_BMC);
	assert_null(l);
	assert_string_equal(trace(), "id,rm,rd");
	bmc.read_len = 16;
	bmc.modes[2] = 7;
	bmc.nsent = 0;
	assert_int_equal(rig_fans_auto(r, &o, NULL, 0, &l), RIG_E_BMC);
	assert_string_equal(trace(), "id,rm,rd");
	done(r);
}

static void refusals_send_nothing(void **state)
{
	rig_fans_options o = RIG_FANS_OPTIONS_INIT;
	rig_fan_setting s[] = {{"FAN1", 60}};
	rig_fan_list *l = NULL;
	rig *r = fake_rig();

	(void)state;
	/* No profile: nothing at all, and the hint says what is missing. */
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_E_UNSUPPORTED);
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_FAN_PROFILE);
	assert_int_equal(rig_fans_auto(r, NULL, NULL, 0, &l),
			 RIG_E_UNSUPPORTED);
	assert_int_equal(bmc.nsent, 0);
	/* Another vendor: Get Device ID only. */
	o.profile = "asrock-ast2500";
	bmc.vendor = 343;
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_E_UNSUPPORTED);
	assert_int_equal(rig_fans_status(r, &o, &l), RIG_E_UNSUPPORTED);
	assert_string_equal(trace(), "id,id");
	assert_non_null(strstr(rig_errormsg(r), "manufacturer"));
	/* Bad arguments: nothing. */
	bmc.vendor = 49622;
	bmc.nsent = 0;
	s[0].header = "FAN9";
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_E_INVALID);
	s[0].header = "FAN1";
	s[0].duty = 19;
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_E_INVALID);
	s[0].duty = 101;
	assert_int_equal(rig_fans_set(r, &o, s, 1, &l), RIG_E_INVALID);
	o.profile = "nope";
	assert_int_equal(rig_fans_status(r, &o, &l), RIG_E_INVALID);
	assert_int_equal(bmc.nsent, 0);
	/* Below admin: the BMC's refusal comes back as it is. */
	o.profile = "asrock-ast2500";
	bmc.refuse = true;
	assert_int_equal(rig_fans_status(r, &o, &l), RIG_E_PRIVILEGE);
	done(r);
}

static void auto_hands_back_only_the_named(void **state)
{
	rig_fans_options o = RIG_FANS_OPTIONS_INIT;
	const char *h[] = {"FAN3"};
	rig_fan_list *l = NULL;
	rig *r = fake_rig();

	(void)state;
	o.profile = "asrock-ast2500";
	memset(bmc.modes, 1, sizeof(bmc.modes));
	assert_int_equal(rig_fans_auto(r, &o, h, 1, &l), RIG_OK);
	assert_int_equal(bmc.modes[2], 0);
	assert_int_equal(bmc.modes[1], 1);
	assert_int_equal(bmc.modes[10], 1);
	assert_string_equal(trace(), "id,rm,rd,wm,rm,rd");
	rig_fan_list_free(l);
	/* All: every header's slot, none of the others. */
	assert_int_equal(rig_fans_auto(r, &o, NULL, 0, &l), RIG_OK);
	for (int i = 0; i < 7; i++)
		assert_int_equal(bmc.modes[i], 0);
	assert_int_equal(bmc.modes[7], 1);
	rig_fan_list_free(l);
	assert_string_equal(rig_fan_mode_name(RIG_FAN_MANUAL), "manual");
	assert_string_equal(rig_fan_mode_name((rig_fan_mode)42), "unknown");
	done(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(profiles_are_sound),
		cmocka_unit_test(no_profile_sends_a_forbidden_request),
		cmocka_unit_test(the_fan_door_refuses_0xdc),
		cmocka_unit_test(reads_are_checked),
		cmocka_unit_test(writes_keep_every_other_slot),
		cmocka_unit_test(curves_parse),
		cmocka_unit_test(curves_interpolate),
		cmocka_unit_test(the_step_has_hysteresis_and_a_floor),
		cmocka_unit_test(set_is_read_modify_write),
		cmocka_unit_test(nothing_is_written_without_a_sound_read),
		cmocka_unit_test(refusals_send_nothing),
		cmocka_unit_test(auto_hands_back_only_the_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

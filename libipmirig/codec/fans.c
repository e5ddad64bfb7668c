/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fan profiles, the check of a read, the read-modify-write, the curve. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec/fans.h"
#include "util/bytes.h"

/*
 * ASRock Rack, AST2500 generation with the 16-slot commands (ROMED8-2T,
 * ROMED8-NL, EPYCD8, X570D4U; ../shared notes: community-documented, and
 * ASRock's FAQ TSDQA-72 for 0x3a 0xda as the current duty).  One slot per
 * fan header in a fixed array; the ROMED8-2T's seven controllable headers
 * are FAN1..FAN7 in slots 0-6.  The other slots are written back exactly
 * as read.  The BMC enforces a minimum of its own (4 %, 20 % or 30 % by
 * board and BIOS); 20 % is the floor rigctl never writes under.
 */
static const char *const asrock_ast2500_headers[FAN_SLOTS_MAX] = {
	"FAN1", "FAN2", "FAN3", "FAN4", "FAN5", "FAN6", "FAN7",
};

static const struct fan_profile profiles[] = {
	{
		.name = "asrock-ast2500",
		.description = "ASRock Rack AST2500 boards with the 16-slot "
			       "0x3a 0xd6/0xd8/0xd9/0xda commands (ROMED8-2T, "
			       "ROMED8-NL, EPYCD8, X570D4U)",
		.vendor_iana = 49622,
		.vendor_name = "ASRock Rack",
		.netfn = 0x3a,
		.get_mode = 0xd9,
		.set_mode = 0xd8,
		.set_duty = 0xd6,
		.get_duty = 0xda,
		.slots = 16,
		.headers = asrock_ast2500_headers,
		.mode_auto = 0,
		.mode_manual = 1,
		.mode_curve = 2,
		.min_duty = 20,
	},
};

const struct fan_profile *fan_profile_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < ARRAY_SIZE(profiles); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

const struct fan_profile *fan_profile_at(size_t index)
{
	return index < ARRAY_SIZE(profiles) ? &profiles[index] : NULL;
}

bool fan_profile_sends(const struct fan_profile *p, uint8_t netfn,
		       uint8_t cmd)
{
	return p != NULL && netfn == p->netfn &&
	       (cmd == p->get_mode || cmd == p->set_mode ||
		cmd == p->set_duty || cmd == p->get_duty);
}

int fan_header_slot(const struct fan_profile *p, const char *name)
{
	for (unsigned int i = 0; name != NULL && i < p->slots; i++)
		if (p->headers[i] != NULL &&
		    strcasecmp(p->headers[i], name) == 0)
			return (int)i;
	return -1;
}

bool fan_read_valid(const struct fan_profile *p, const uint8_t *modes,
		    size_t nmodes, const uint8_t *duties, size_t nduties,
		    char *why, size_t len)
{
	if (nmodes != p->slots) {
		snprintf(why, len, "the fan mode read has %zu bytes, not %u",
			 nmodes, p->slots);
		return false;
	}
	if (nduties != p->slots) {
		snprintf(why, len, "the fan duty read has %zu bytes, not %u",
			 nduties, p->slots);
		return false;
	}
	for (unsigned int i = 0; i < p->slots; i++) {
		if (modes[i] != p->mode_auto && modes[i] != p->mode_manual &&
		    modes[i] != p->mode_curve) {
			snprintf(why, len, "fan slot %u reports mode 0x%02x, "
				 "which the profile does not know", i,
				 modes[i]);
			return false;
		}
		if (duties[i] > 100) {
			snprintf(why, len, "fan slot %u reports a duty of %u %%",
				 i, duties[i]);
			return false;
		}
	}
	return true;
}

bool fan_build(const struct fan_profile *p, const uint8_t *cur_modes,
	       const uint8_t *cur_duties, const struct fan_change *changes,
	       size_t n, uint8_t *new_modes, uint8_t *new_duties,
	       bool *mode_changed, bool *duty_changed, char *why, size_t len)
{
	memcpy(new_modes, cur_modes, p->slots);
	memcpy(new_duties, cur_duties, p->slots);
	for (size_t i = 0; i < n; i++) {
		const struct fan_change *c = &changes[i];

		if (c->slot >= p->slots || p->headers[c->slot] == NULL) {
			snprintf(why, len, "fan slot %u has no header in "
				 "profile %s", c->slot, p->name);
			return false;
		}
		if (!c->manual) {
			new_modes[c->slot] = p->mode_auto;
			continue;
		}
		if (c->duty < p->min_duty || c->duty > 100) {
			snprintf(why, len, "duty %u %% for %s is outside %u to "
				 "100 %%", c->duty, p->headers[c->slot],
				 p->min_duty);
			return false;
		}
		new_modes[c->slot] = p->mode_manual;
		new_duties[c->slot] = (uint8_t)c->duty;
	}
	*mode_changed = memcmp(new_modes, cur_modes, p->slots) != 0;
	*duty_changed = memcmp(new_duties, cur_duties, p->slots) != 0;
	return true;
}

/* ---- the curve ---- */

RIG_API rig_status rig_fan_curve_parse(const char *text, rig_fan_curve *out,
				       char *why, size_t why_len)
{
	char dummy[8];
	const char *p = text;

	if (why == NULL) {
		why = dummy;
		why_len = sizeof(dummy);
	}
	if (text == NULL || out == NULL) {
		snprintf(why, why_len, "no curve");
		return RIG_E_INVALID;
	}
	memset(out, 0, sizeof(*out));
	while (*p != '\0') {
		rig_fan_point *pt;
		char *end;
		double t;
		long d;

		while (*p == ' ')
			p++;
		if (out->count == RIG_FAN_CURVE_MAX) {
			snprintf(why, why_len, "more than %d points",
				 RIG_FAN_CURVE_MAX);
			return RIG_E_INVALID;
		}
		t = strtod(p, &end);
		if (end == p || *end != ':' || !(t > -50.0 && t < 150.0)) {
			snprintf(why, why_len, "'%s' is not TEMP:DUTY (degrees "
				 "Celsius -50 to 150, a colon, percent)", p);
			return RIG_E_INVALID;
		}
		p = end + 1;
		if (!isdigit((unsigned char)*p)) {
			snprintf(why, why_len, "no duty after %g:", t);
			return RIG_E_INVALID;
		}
		d = strtol(p, &end, 10);
		if (d < 0 || d > 100 || (*end != ',' && *end != '\0' &&
					 *end != ' ')) {
			snprintf(why, why_len, "duty '%.*s' is not 0 to 100",
				 (int)strcspn(p, ","), p);
			return RIG_E_INVALID;
		}
		pt = &out->points[out->count];
		if (out->count > 0 && !(t > pt[-1].temp_c)) {
			snprintf(why, why_len, "temperatures must rise: %g after "
				 "%g", t, pt[-1].temp_c);
			return RIG_E_INVALID;
		}
		if (out->count > 0 && (unsigned int)d < pt[-1].duty) {
			snprintf(why, why_len, "duties must not fall as the "
				 "temperature rises: %ld at %g after %u", d, t,
				 pt[-1].duty);
			return RIG_E_INVALID;
		}
		pt->temp_c = t;
		pt->duty = (unsigned int)d;
		out->count++;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == ',') {
			p++;
			if (*p == '\0') {
				snprintf(why, why_len, "a comma with no point "
					 "after it");
				return RIG_E_INVALID;
			}
		}
	}
	if (out->count == 0) {
		snprintf(why, why_len, "no points");
		return RIG_E_INVALID;
	}
	return RIG_OK;
}

RIG_API unsigned int rig_fan_curve_duty(const rig_fan_curve *c, double t)
{
	const rig_fan_point *a, *b;
	double d;

	if (c == NULL || c->count == 0)
		return 100; /* no curve: the safe answer */
	if (t <= c->points[0].temp_c)
		return c->points[0].duty;
	for (size_t i = 1; i < c->count; i++) {
		a = &c->points[i - 1];
		b = &c->points[i];
		if (t > b->temp_c)
			continue;
		d = a->duty + (b->duty - (double)a->duty) * (t - a->temp_c) /
				      (b->temp_c - a->temp_c);
		/* Rounded up: between points, rather a little more air. */
		return (unsigned int)(d + 0.999);
	}
	return c->points[c->count - 1].duty;
}

RIG_API unsigned int rig_fan_step(const rig_fan_curve *curve,
				  double hysteresis_c, unsigned int floor,
				  double temp_c, rig_fan_step_state *st)
{
	unsigned int up = rig_fan_curve_duty(curve, temp_c);
	unsigned int down = rig_fan_curve_duty(
		curve, temp_c + (hysteresis_c > 0 ? hysteresis_c : 0));
	unsigned int d;

	if (floor > 100)
		floor = 100;
	if (st == NULL || !st->started || up > st->duty)
		d = up;
	else if (down < st->duty)
		d = down;
	else
		d = st->duty;
	if (d < floor)
		d = floor;
	if (d > 100)
		d = 100;
	if (st != NULL) {
		st->started = true;
		st->duty = d;
	}
	return d;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BMC fan control, public entries: status, set, auto.  Validate, route to
 * the BMC (admin: every OEM fan command needs it), check the BMC's vendor
 * against the profile's, read every slot and check the read, build the
 * writes from it (codec/fans.c), write, read back.  The curve and the
 * controller step are pure (codec/fans.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec/fans.h"
#include "util/bytes.h"
#include "core/internal.h"
#include "core/route.h"

static const char *const mode_names[] = {"auto", "manual", "curve",
					 "unknown"};

RIG_API const char *rig_fan_mode_name(rig_fan_mode m)
{
	return (unsigned int)m < ARRAY_SIZE(mode_names) ? mode_names[m]
							: "unknown";
}

RIG_API rig_status rig_fans_options_init(rig_fans_options *o,
					 unsigned int version)
{
	return rig__options_init(RIG_OPTS_FANS, o, version);
}

static void profile_info(const struct fan_profile *p, rig_fan_profile_info *o)
{
	memset(o, 0, sizeof(*o));
	o->name = p->name;
	o->description = p->description;
	o->vendor_iana = p->vendor_iana;
	o->slots = p->slots;
	o->min_duty = p->min_duty;
	o->headers = p->headers;
	/* Headers sit in the first slots; the rest have none. */
	while (o->nheaders < p->slots && p->headers[o->nheaders] != NULL)
		o->nheaders++;
}

RIG_API rig_status rig_fan_profile_at(size_t index, rig_fan_profile_info *out)
{
	const struct fan_profile *p = fan_profile_at(index);

	if (p == NULL || out == NULL)
		return RIG_E_INVALID;
	profile_info(p, out);
	return RIG_OK;
}

RIG_API rig_status rig_fan_profile_get(const char *name,
				       rig_fan_profile_info *out)
{
	const struct fan_profile *p = fan_profile_find(name);

	if (p == NULL || out == NULL)
		return RIG_E_INVALID;
	profile_info(p, out);
	return RIG_OK;
}

RIG_API void rig_fan_list_free(rig_fan_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].name);
	free(l->items);
	free(l);
}

static rig_fan *list_add(rig_fan_list *l, const char *name)
{
	rig_fan *items = realloc(l->items, (l->count + 1) * sizeof(*items));
	rig_fan *f;

	if (items == NULL)
		return NULL;
	l->items = items;
	f = &items[l->count];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	if (f->name == NULL)
		return NULL;
	f->slot = -1;
	f->mode = RIG_FAN_MODE_UNKNOWN;
	f->tach_state = RIG_STATE_UNKNOWN;
	l->count++;
	return f;
}

/* A tach sensor belongs to a header when its name is the header's, or
 * starts with it and goes on with no digit ("FAN1" is not "FAN10"). */
static bool tach_of(const char *sensor, const char *header)
{
	size_t n = strlen(header);

	return strncasecmp(sensor, header, n) == 0 &&
	       (sensor[n] < '0' || sensor[n] > '9');
}

/* The BMC's fan sensors; a failure to read them is logged and forgotten
 * (the fans' modes and duties are the call's result). */
static rig_sensor_list *tachs(rig *r, struct rig_backend *b)
{
	size_t mark = rig__error_mark(r);
	rig_sensor_list *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	if (b->ops->sensors == NULL || b->ops->sensors(r, b->priv, l) != RIG_OK) {
		rig__log(r, RIG_LOG_WARNING, "%s: fan tach readings: %s",
			 r->name, rig__error_since(r, mark));
		rig__error_rewind(r, mark);
	}
	return l;
}

static void fill_tach(rig_fan *f, const rig_sensor_list *s)
{
	for (size_t i = 0; s != NULL && i < s->count; i++) {
		const rig_sensor *x = &s->items[i];

		if (x->type != RIG_SENSOR_FAN || x->name == NULL ||
		    !tach_of(x->name, f->name))
			continue;
		f->has_rpm = x->has_reading;
		f->rpm = x->reading;
		f->tach_state = x->has_reading ? x->state : RIG_STATE_UNKNOWN;
		return;
	}
}

/* Without a profile: the fan sensors alone. */
static rig_status tachs_only(rig *r, rig_fan_list **out)
{
	struct rig_backend *b;
	rig_sensor_list *s = calloc(1, sizeof(*s));
	rig_fan_list *l = calloc(1, sizeof(*l));
	rig_status rc = RIG_OK;

	if (s == NULL || l == NULL) {
		free(s);
		free(l);
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	}
	b = rig__route_ready(r, ROUTE_FANS, "reading the fans", RIG_INTENT_READ,
			     &rc);
	if (b != NULL && b->ops->sensors != NULL)
		rc = b->ops->sensors(r, b->priv, s);
	for (size_t i = 0; b != NULL && rc == RIG_OK && i < s->count; i++) {
		const rig_sensor *x = &s->items[i];
		rig_fan *f;

		if (x->type != RIG_SENSOR_FAN || x->name == NULL)
			continue;
		f = list_add(l, x->name);
		if (f == NULL) {
			rc = rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM,
				      "out of memory");
			break;
		}
		f->has_rpm = x->has_reading;
		f->rpm = x->reading;
		f->tach_state = x->has_reading ? x->state : RIG_STATE_UNKNOWN;
	}
	rig_sensor_list_free(s);
	if (rc != RIG_OK) {
		rig_fan_list_free(l);
		return rc;
	}
	*out = l;
	return RIG_OK;
}

/* One fan operation under way: the profile, the backend, the last read. */
struct fan_op {
	rig *r;
	const struct fan_profile *p;
	struct rig_backend *b;
	bool skip_tachs;
	uint8_t modes[FAN_SLOTS_MAX], duties[FAN_SLOTS_MAX];
};

/* The options, the profile (RIG_E_UNSUPPORTED with the hint when none is
 * named and need is set). */
static rig_status op_profile(rig *r, const rig_fans_options *given,
			     bool need, struct fan_op *op)
{
	rig_fans_options o;
	rig_status rc;

	memset(op, 0, sizeof(*op));
	op->r = r;
	rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_FANS, given, &o);
	if (rc != RIG_OK)
		return rc;
	op->skip_tachs = o.skip_tachs;
	if (o.profile == NULL) {
		if (!need)
			return RIG_OK;
		return rig__fail_hint(r, RIG_PATH_NONE, RIG_E_UNSUPPORTED,
				      RIG_HINT_FAN_PROFILE,
				      "%s: fan control needs the BMC's fan "
				      "profile; without one no fan write is "
				      "ever sent", r->name);
	}
	op->p = fan_profile_find(o.profile);
	if (op->p == NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: unknown fan profile '%s' (known: %s)",
				r->name, o.profile, fan_profile_at(0)->name);
	return RIG_OK;
}

/* An admin session, and a BMC of the profile's vendor. */
static rig_status op_begin(struct fan_op *op, const char *what)
{
	rig *r = op->r;
	uint32_t iana = 0;
	rig_status rc;

	op->b = rig__route_ready(r, ROUTE_FANS, what, RIG_INTENT_ADMIN, &rc);
	if (op->b == NULL)
		return rc;
	rc = op->b->ops->fan_vendor(r, op->b->priv, &iana);
	if (rc != RIG_OK)
		return rc;
	if (iana != op->p->vendor_iana)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				"%s: %s: the BMC's manufacturer ID is %u, not "
				"%u (%s) as fan profile %s needs: refused, "
				"nothing was sent", r->name, what,
				(unsigned int)iana,
				(unsigned int)op->p->vendor_iana,
				op->p->vendor_name, op->p->name);
	return RIG_OK;
}

static rig_status op_send(struct fan_op *op, uint8_t cmd, const uint8_t *data,
			  size_t len, uint8_t *rs, size_t *n)
{
	size_t dummy;
	uint8_t buf[8];

	if (rs == NULL) {
		rs = buf;
		n = &dummy;
	}
	return op->b->ops->fan_request(op->r, op->b->priv, op->p, cmd, data,
				       len, rs, rs == buf ? sizeof(buf)
							  : FAN_SLOTS_MAX + 8,
				       n);
}

/* Both arrays, read fresh and checked. */
static rig_status op_read(struct fan_op *op)
{
	uint8_t m[FAN_SLOTS_MAX + 8], d[FAN_SLOTS_MAX + 8];
	size_t nm = 0, nd = 0;
	char why[128];
	rig_status rc;

	rc = op_send(op, op->p->get_mode, NULL, 0, m, &nm);
	if (rc == RIG_OK)
		rc = op_send(op, op->p->get_duty, NULL, 0, d, &nd);
	if (rc != RIG_OK)
		return rc;
	if (!fan_read_valid(op->p, m, nm, d, nd, why, sizeof(why)))
		return rig__fail(op->r, RIG_PATH_BMC, RIG_E_BMC,
				"%s: %s: nothing is written from such a read "
				"(is %s the right fan profile for this board?)",
				op->r->name, why, op->p->name);
	memcpy(op->modes, m, op->p->slots);
	memcpy(op->duties, d, op->p->slots);
	return RIG_OK;
}

static rig_fan_mode mode_of(const struct fan_profile *p, uint8_t v)
{
	if (v == p->mode_auto)
		return RIG_FAN_AUTO;
	if (v == p->mode_manual)
		return RIG_FAN_MANUAL;
	return v == p->mode_curve ? RIG_FAN_CURVE : RIG_FAN_MODE_UNKNOWN;
}

/* The headers as last read, with their tachs; requested[slot] >= 0 marks
 * a duty asked for. */
static rig_status op_list(struct fan_op *op, const int *requested,
			  rig_fan_list **out)
{
	rig_sensor_list *s = op->skip_tachs ? NULL : tachs(op->r, op->b);
	rig_fan_list *l = calloc(1, sizeof(*l));
	rig_status rc = RIG_OK;

	for (unsigned int i = 0; l != NULL && i < op->p->slots; i++) {
		rig_fan *f;

		if (op->p->headers[i] == NULL)
			continue;
		f = list_add(l, op->p->headers[i]);
		if (f == NULL)
			break;
		f->slot = (int)i;
		f->mode = mode_of(op->p, op->modes[i]);
		f->has_duty = true;
		f->duty = op->duties[i];
		if (requested != NULL && requested[i] >= 0) {
			f->has_requested = true;
			f->requested = (unsigned int)requested[i];
		}
		fill_tach(f, s);
	}
	rig_sensor_list_free(s);
	if (l == NULL || l->count == 0) {
		rig_fan_list_free(l);
		rc = rig__fail(op->r, RIG_PATH_NONE, RIG_E_NOMEM,
			      "out of memory");
	} else {
		*out = l;
	}
	return rc;
}

RIG_API rig_status rig_fans_status(rig *r, const rig_fans_options *opts,
				   rig_fan_list **out)
{
	struct fan_op op;
	rig_status rc;

	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	rc = op_profile(r, opts, false, &op);
	if (rc != RIG_OK)
		return rc;
	if (op.p == NULL)
		return tachs_only(r, out);
	rc = op_begin(&op, "reading the fans");
	if (rc == RIG_OK)
		rc = op_read(&op);
	return rc == RIG_OK ? op_list(&op, NULL, out) : rc;
}

/* Read, build, write (duties first, so a header never runs at a stale
 * duty in manual), read back. */
static rig_status op_change(struct fan_op *op, const struct fan_change *ch,
			    size_t n, const int *requested, rig_fan_list **out)
{
	uint8_t nm[FAN_SLOTS_MAX], nd[FAN_SLOTS_MAX];
	bool mode_changed = false, duty_changed = false;
	char why[128];
	rig_status rc;

	rc = op_read(op);
	if (rc != RIG_OK)
		return rc;
	if (!fan_build(op->p, op->modes, op->duties, ch, n, nm, nd,
		       &mode_changed, &duty_changed, why, sizeof(why)))
		return rig__fail(op->r, RIG_PATH_NONE, RIG_E_INVALID, "%s: %s",
				op->r->name, why);
	if (duty_changed) {
		rig__log(op->r, RIG_LOG_INFO, "%s: writing fan duties",
			 op->r->name);
		rc = op_send(op, op->p->set_duty, nd, op->p->slots, NULL, NULL);
	}
	if (rc == RIG_OK && mode_changed) {
		rig__log(op->r, RIG_LOG_INFO, "%s: writing fan modes",
			 op->r->name);
		rc = op_send(op, op->p->set_mode, nm, op->p->slots, NULL, NULL);
	}
	/* Read back what the BMC made of it (its own minimum clamps); when
	 * nothing was written, the read above is the state. */
	if (rc == RIG_OK && (duty_changed || mode_changed))
		rc = op_read(op);
	return rc == RIG_OK ? op_list(op, requested, out) : rc;
}

RIG_API rig_status rig_fans_set(rig *r, const rig_fans_options *opts,
				const rig_fan_setting *settings, size_t n,
				rig_fan_list **out)
{
	struct fan_change ch[FAN_SLOTS_MAX];
	int requested[FAN_SLOTS_MAX];
	struct fan_op op;
	rig_status rc;

	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL || (settings == NULL && n > 0))
		return RIG_E_INVALID;
	rig__clear_errors(r);
	rc = op_profile(r, opts, true, &op);
	if (rc != RIG_OK)
		return rc;
	if (n == 0 || n > op.p->slots)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: %zu fan settings (1 to %u)", r->name, n,
				op.p->slots);
	for (size_t i = 0; i < FAN_SLOTS_MAX; i++)
		requested[i] = -1;
	for (size_t i = 0; i < n; i++) {
		int slot = fan_header_slot(op.p, settings[i].header);

		if (slot < 0)
			return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
					"%s: fan profile %s has no header '%s'",
					r->name, op.p->name,
					settings[i].header != NULL
						? settings[i].header
						: "(null)");
		if (settings[i].duty < op.p->min_duty ||
		    settings[i].duty > 100)
			return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
					"%s: duty %u %% for %s is outside %u "
					"to 100 %% (the profile's minimum)",
					r->name, settings[i].duty,
					settings[i].header, op.p->min_duty);
		ch[i].slot = (unsigned int)slot;
		ch[i].manual = true;
		ch[i].duty = settings[i].duty;
		requested[slot] = (int)settings[i].duty;
	}
	rc = op_begin(&op, "setting fan duties");
	return rc == RIG_OK ? op_change(&op, ch, n, requested, out) : rc;
}

RIG_API rig_status rig_fans_auto(rig *r, const rig_fans_options *opts,
				 const char *const *headers, size_t n,
				 rig_fan_list **out)
{
	struct fan_change ch[FAN_SLOTS_MAX];
	size_t k = 0;
	struct fan_op op;
	rig_status rc;

	if (out != NULL)
		*out = NULL;
	if (r == NULL || out == NULL || (headers == NULL && n > 0))
		return RIG_E_INVALID;
	rig__clear_errors(r);
	rc = op_profile(r, opts, true, &op);
	if (rc != RIG_OK)
		return rc;
	if (n > op.p->slots)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: %zu fan headers (at most %u)", r->name, n,
				op.p->slots);
	for (size_t i = 0; i < n; i++) {
		int slot = fan_header_slot(op.p, headers[i]);

		if (slot < 0)
			return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
					"%s: fan profile %s has no header '%s'",
					r->name, op.p->name,
					headers[i] != NULL ? headers[i]
							   : "(null)");
		ch[k].slot = (unsigned int)slot;
		ch[k].manual = false;
		ch[k++].duty = 0;
	}
	for (unsigned int i = 0; n == 0 && i < op.p->slots; i++) {
		if (op.p->headers[i] == NULL)
			continue;
		ch[k].slot = i;
		ch[k].manual = false;
		ch[k++].duty = 0;
	}
	rc = op_begin(&op, "handing the fans back to the BMC");
	return rc == RIG_OK ? op_change(&op, ch, k, NULL, out) : rc;
}

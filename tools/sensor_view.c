/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filtering sensors and writing them as JSON. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sensor_view.h"

int sensor_types_parse(const char *text, uint64_t *types,
		       const char **bad, size_t *bad_len)
{
	const char *p = text;

	for (;;) {
		size_t n = strcspn(p, ",");
		char word[32];
		rig_sensor_type t;

		if (n == 0 || n >= sizeof(word)) {
			*bad = p;
			*bad_len = n;
			return -1;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		if (rig_sensor_type_parse(word, &t) != RIG_OK) {
			*bad = p;
			*bad_len = n;
			return -1;
		}
		*types |= UINT64_C(1) << t;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

/* The names the library gives a GPU's sensors, after "GPU<index> ". */
static const struct {
	const char *suffix, *quantity;
} gpu_quantities[] = {
	{"Temperature", "temperature"},
	{"Fan", "fan"},
	{"Power", "power"},
	{"Power Limit", "power"},
	{"Utilization", "utilization"},
	{"Memory Used", "memory-used"},
	{"Memory Total", "memory-total"},
	{"ECC Corrected", "ecc-corrected"},
	{"ECC Uncorrected", "ecc-uncorrected"},
	{"Throttle", "throttle"},
	{"PCIe Width", "pcie-width"},
	{"PCIe Gen", "pcie-gen"},
};

const char *sensor_quantity(const rig_sensor *s)
{
	const char *sp;

	if (s->type != RIG_SENSOR_GPU || s->name == NULL ||
	    (sp = strchr(s->name, ' ')) == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(gpu_quantities) / sizeof(gpu_quantities[0]);
	     i++)
		if (strcmp(sp + 1, gpu_quantities[i].suffix) == 0)
			return gpu_quantities[i].quantity;
	return NULL;
}

static bool type_selected(uint64_t types, const rig_sensor *s)
{
	const char *q = sensor_quantity(s);
	rig_sensor_type qt;

	if (types == 0 || (s->type < 64 && (types & (UINT64_C(1) << s->type))))
		return true;
	/* --type temperature takes a GPU's temperature too. */
	return q != NULL && rig_sensor_type_parse(q, &qt) == RIG_OK &&
	       (types & (UINT64_C(1) << qt)) != 0;
}

bool sensor_selected(const struct sensor_filter *f, const rig_sensor *s)
{
	if (!type_selected(f->types, s))
		return false;
	if (f->problems && s->state != RIG_STATE_WARNING &&
	    s->state != RIG_STATE_CRITICAL)
		return false;
	if (f->name_glob != NULL &&
	    (s->name == NULL ||
	     fnmatch(f->name_glob, s->name, FNM_CASEFOLD) != 0))
		return false;
	return true;
}

static json_t *thresholds_json(const rig_sensor *s, uint32_t user,
			       bool sources)
{
	json_t *o = json_object();

	for (int t = 0; o != NULL && t < RIG_THRESH_COUNT; t++)
		if (s->thresholds_set & (1u << t))
			json_object_set_new(
				o, rig_threshold_name((enum rig_threshold)t),
				!sources ? json_real(s->thresholds[t])
				: user & (1u << t) ? json_string("user")
						   : json_string("rig"));
	return o;
}

/* ------------------------------------------------ user thresholds */

static int policy_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int policy_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* A copy of text[0..n) without the blanks around it. */
static char *trimmed(const char *text, size_t n)
{
	while (n > 0 && isspace((unsigned char)*text)) {
		text++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	return strndup(text, n);
}

static int add_glob(struct sensor_policy *p, char *glob)
{
	char **g = realloc(p->exclude, (p->nexclude + 2) * sizeof(*g));

	if (g == NULL) {
		free(glob);
		return -1;
	}
	g[p->nexclude++] = glob;
	g[p->nexclude] = NULL;
	p->exclude = g;
	return 0;
}

int sensor_exclude_parse(const char *text, struct sensor_policy *p,
			 char *err, size_t errlen)
{
	for (const char *c = text;;) {
		size_t n = strcspn(c, ",");
		char *glob = trimmed(c, n);

		if (glob == NULL || glob[0] == '\0') {
			free(glob);
			return policy_err(err, errlen, glob == NULL
					  ? "out of memory"
					  : "'%s': an empty pattern", text);
		}
		if (add_glob(p, glob) != 0)
			return policy_err(err, errlen, "out of memory");
		if (c[n] == '\0')
			return 0;
		c += n + 1;
	}
}

static int add_override(struct sensor_policy *p,
			const struct sensor_override *o)
{
	struct sensor_override *v = realloc(p->ov, (p->nov + 1) * sizeof(*v));

	if (v == NULL)
		return -1;
	v[p->nov++] = *o;
	p->ov = v;
	return 0;
}

/* "unc=85" into o; -1 with a message. */
static int one_setting(const char *item, size_t n, struct sensor_override *o,
		       char *err, size_t errlen)
{
	char buf[64], *eq, *key, *val, *stop;
	int t;
	double v;

	if (n >= sizeof(buf))
		return policy_err(err, errlen, "'%.*s' is too long", (int)n, item);
	memcpy(buf, item, n);
	buf[n] = '\0';
	eq = strchr(buf, '=');
	if (eq == NULL)
		return policy_err(err, errlen, "'%s' is not KEY=VALUE", buf);
	*eq = '\0';
	key = buf;
	val = eq + 1;
	while (isspace((unsigned char)*key))
		key++;
	for (char *e = eq; e > key && isspace((unsigned char)e[-1]); e--)
		e[-1] = '\0';
	for (t = 0; t < RIG_THRESH_COUNT; t++)
		if (strcasecmp(key, rig_threshold_name((enum rig_threshold)t)) == 0)
			break;
	if (t == RIG_THRESH_COUNT)
		return policy_err(err, errlen, "unknown threshold '%s' (lnr, lcr, "
					       "lnc, unc, ucr, unr)", key);
	errno = 0;
	v = strtod(val, &stop);
	while (isspace((unsigned char)*stop))
		stop++;
	if (stop == val || *stop != '\0' || errno != 0 || !isfinite(v))
		return policy_err(err, errlen, "%s: '%s' is not a number", key,
				  val);
	o->set |= 1u << t;
	o->value[t] = v;
	return 0;
}

int sensor_threshold_parse(const char *text, struct sensor_policy *p,
			   char *err, size_t errlen)
{
	const char *colon = strrchr(text, ':');
	struct sensor_override o;

	/* The last colon: a sensor name may hold one, a setting may not. */
	memset(&o, 0, sizeof(o));
	if (colon == NULL)
		return policy_err(err, errlen, "'%s' is not GLOB:KEY=VALUE[,...]",
				  text);
	for (const char *c = colon + 1;;) {
		size_t n = strcspn(c, ",");

		if (one_setting(c, n, &o, err, errlen) != 0)
			return -1;
		if (c[n] == '\0')
			break;
		c += n + 1;
	}
	o.glob = trimmed(text, (size_t)(colon - text));
	if (o.glob == NULL)
		return policy_err(err, errlen, "out of memory");
	if (o.glob[0] == '\0') {
		free(o.glob);
		return policy_err(err, errlen, "'%s': no sensor pattern before "
					       "':'", text);
	}
	if (add_override(p, &o) != 0) {
		free(o.glob);
		return policy_err(err, errlen, "out of memory");
	}
	return 0;
}

int sensor_policy_add(struct sensor_policy *a, const struct sensor_policy *b)
{
	for (size_t i = 0; i < b->nexclude; i++) {
		char *g = strdup(b->exclude[i]);

		if (g == NULL || add_glob(a, g) != 0)
			return -1;
	}
	for (size_t i = 0; i < b->nov; i++) {
		struct sensor_override o = b->ov[i];

		o.glob = strdup(b->ov[i].glob);
		if (o.glob == NULL || add_override(a, &o) != 0) {
			free(o.glob);
			return -1;
		}
	}
	return 0;
}

void sensor_policy_free(struct sensor_policy *p)
{
	for (size_t i = 0; i < p->nexclude; i++)
		free(p->exclude[i]);
	free(p->exclude);
	for (size_t i = 0; i < p->nov; i++)
		free(p->ov[i].glob);
	free(p->ov);
	memset(p, 0, sizeof(*p));
}

static bool has(const rig_sensor *s, enum rig_threshold t)
{
	return (s->thresholds_set >> t) & 1u;
}

rig_state sensor_state_from_thresholds(const rig_sensor *s)
{
	const double *t = s->thresholds;
	double v = s->reading;

	if (!s->has_reading)
		return s->state;
	/* As IPMI's threshold events go: an upper threshold is crossed at or
	 * above its value, a lower one below it. */
	if ((has(s, RIG_THRESH_UNR) && v >= t[RIG_THRESH_UNR]) ||
	    (has(s, RIG_THRESH_UCR) && v >= t[RIG_THRESH_UCR]) ||
	    (has(s, RIG_THRESH_LNR) && v < t[RIG_THRESH_LNR]) ||
	    (has(s, RIG_THRESH_LCR) && v < t[RIG_THRESH_LCR]))
		return RIG_STATE_CRITICAL;
	if ((has(s, RIG_THRESH_UNC) && v >= t[RIG_THRESH_UNC]) ||
	    (has(s, RIG_THRESH_LNC) && v < t[RIG_THRESH_LNC]))
		return RIG_STATE_WARNING;
	return RIG_STATE_OK;
}

uint32_t sensor_apply_policy(const struct sensor_policy *p, rig_sensor *s)
{
	uint32_t user = 0;

	for (size_t i = 0; p != NULL && s->name != NULL && i < p->nov; i++) {
		const struct sensor_override *o = &p->ov[i];

		if (fnmatch(o->glob, s->name, FNM_CASEFOLD) != 0)
			continue;
		for (int t = 0; t < RIG_THRESH_COUNT; t++)
			if (o->set & (1u << t))
				s->thresholds[t] = o->value[t];
		s->thresholds_set |= o->set;
		user |= o->set;
	}
	if (user != 0)
		s->state = sensor_state_from_thresholds(s);
	return user;
}

static json_t *int_or_null(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

json_t *sensor_json(const rig_sensor *s, uint32_t user)
{
	return json_pack(
		"{s:s, s:s, s:s?, s:o, s:s?, s:s, s:s, s:s?, s:s?, s:o, s:o, s:s?,"
		" s:s?, s:s?, s:o, s:o}",
		"name", s->name != NULL ? s->name : "", "type",
		rig_sensor_type_name(s->type), "quantity", sensor_quantity(s),
		"reading", s->has_reading ? json_real(s->reading) : json_null(),
		"unit", s->has_reading ? s->unit : NULL, "state",
		rig_state_name(s->state), "source", rig_path_name(s->source),
		"reason",
		s->has_reading ? NULL : s->reason != NULL ? s->reason : "no reading",
		"state_text", user != 0 && s->has_reading ? NULL : s->state_text,
		"record_id", int_or_null(s->record_id), "sensor_number",
		int_or_null(s->sensor_number), "ipmi_type", s->ipmi_type, "entity",
		s->entity, "device", s->device, "thresholds",
		thresholds_json(s, user, false), "threshold_sources",
		thresholds_json(s, user, true));
}

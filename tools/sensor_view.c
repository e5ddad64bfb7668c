/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filtering sensors and writing them as JSON. */
#include <fnmatch.h>
#include <string.h>

#include "sensor_view.h"

int sensor_types_parse(const char *text, unsigned int *types,
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
		*types |= 1u << t;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

bool sensor_selected(const struct sensor_filter *f, const rig_sensor *s)
{
	if (f->types != 0 && !(f->types & (1u << s->type)))
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

static json_t *thresholds_json(const rig_sensor *s)
{
	json_t *o = json_object();

	for (int t = 0; o != NULL && t < RIG_THRESH_COUNT; t++)
		if (s->thresholds_set & (1u << t))
			json_object_set_new(o, rig_threshold_name((enum rig_threshold)t),
					    json_real(s->thresholds[t]));
	return o;
}

static json_t *int_or_null(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

json_t *sensor_json(const rig_sensor *s)
{
	return json_pack(
		"{s:s, s:s, s:o, s:s?, s:s, s:s, s:s?, s:s?, s:o, s:o, s:s?,"
		" s:s?, s:s?, s:o}",
		"name", s->name != NULL ? s->name : "", "type",
		rig_sensor_type_name(s->type), "reading",
		s->has_reading ? json_real(s->reading) : json_null(), "unit",
		s->has_reading ? s->unit : NULL, "state", rig_state_name(s->state),
		"source", rig_path_name(s->source), "reason",
		s->has_reading ? NULL : s->reason != NULL ? s->reason : "no reading",
		"state_text", s->state_text, "record_id", int_or_null(s->record_id),
		"sensor_number", int_or_null(s->sensor_number), "ipmi_type",
		s->ipmi_type, "entity", s->entity, "device", s->device,
		"thresholds", thresholds_json(s));
}

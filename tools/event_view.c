/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Events as rigctl's JSON, times, and per-rig state files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util/hex.h"
#include "util/timefmt.h"
#include "event_view.h"
#include "rigctl.h"

void time_rfc3339(int64_t t, char *buf, size_t len)
{
	if (!rig__time_rfc3339(t, buf, len))
		snprintf(buf, len, "%lld", (long long)t);
}

json_t *time_json(bool has, int64_t t)
{
	char buf[40];

	if (!has)
		return json_null();
	time_rfc3339(t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *hex8(unsigned int v)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "0x%02x", v & 0xFFu);
	return json_string(buf);
}

/* The record's own fields, for readers who want more than the summary. */
static json_t *sel_json(const char *raw)
{
	rig_sel_record rec;
	char buf[16];
	json_t *o;

	if (raw == NULL || rig_sel_decode_hex(raw, &rec) != RIG_OK)
		return json_null();
	o = json_pack("{s:o, s:s}", "record_type", hex8(rec.record_type),
		      "class", rig_sel_class_name(rec.cls));
	if (rec.cls == RIG_SEL_CLASS_OEM_TIMESTAMPED)
		json_object_set_new(o, "manufacturer_id",
				    json_integer(rec.manufacturer_id));
	if (rec.cls != RIG_SEL_CLASS_SYSTEM)
		return o;
	snprintf(buf, sizeof(buf), "0x%04x", rec.generator_id);
	json_object_set_new(o, "generator_id", json_string(buf));
	json_object_set_new(o, "sensor_type", hex8(rec.sensor_type));
	json_object_set_new(o, "sensor_number", hex8(rec.sensor_number));
	json_object_set_new(o, "event_type", hex8(rec.event_type));
	json_object_set_new(o, "offset", json_integer(rec.offset));
	snprintf(buf, sizeof(buf), "%02x%02x%02x", rec.event_data[0],
		 rec.event_data[1], rec.event_data[2]);
	json_object_set_new(o, "event_data", json_string(buf));
	return o;
}

json_t *event_json(const rig_event *e)
{
	bool sel = e->source == RIG_PATH_BMC;
	json_t *o = json_pack(
		"{s:s?, s:s, s:o, s:b}", "id", e->id, "source",
		sel ? "sel" : "kernel", "time", time_json(e->has_time, e->time),
		"pre_init", e->pre_init);

	if (o == NULL)
		return json_null();
	if (e->pre_init)
		json_object_set_new(o, "uptime_s", json_integer(e->uptime_s));
	json_object_set_new(o, "sensor", e->sensor != NULL ? json_string(e->sensor)
							   : json_null());
	json_object_set_new(o, "type", e->type != NULL ? json_string(e->type)
						       : json_null());
	json_object_set_new(o, "severity", json_string(rig_severity_name(e->severity)));
	json_object_set_new(o, "direction",
			    json_string(e->deassertion ? "deassertion" : "assertion"));
	json_object_set_new(o, "description",
			    json_string(e->description != NULL ? e->description : ""));
	json_object_set_new(o, "raw", e->raw != NULL ? json_string(e->raw)
						     : json_null());
	json_object_set_new(o, "ecc", e->ecc != RIG_ECC_NONE
					      ? json_string(rig_ecc_kind_name(e->ecc))
					      : json_null());
	json_object_set_new(o, "dimm", e->dimm != NULL ? json_string(e->dimm)
						       : json_null());
	if (sel)
		json_object_set_new(o, "sel", sel_json(e->raw));
	return o;
}

void rig_dir_name(const char *name, char *buf, size_t len)
{
	size_t o = 0;

	for (const char *p = name; *p != '\0' && o + 4 < len; p++) {
		unsigned char ch = (unsigned char)*p;
		/* A leading '.' would hide the directory, or be "..". */
		bool keep = rig__pct_plain(ch, "._:@-") && !(p == name && ch == '.');

		if (keep)
			buf[o++] = (char)ch;
		else
			o += rig__pct_put(buf + o, ch, 0);
	}
	buf[o] = '\0';
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

/* mkdir -p for the state directory itself (XDG says 0700). */
static int make_dirs(const char *dir)
{
	char *p = strdup(dir);
	int rc = 0;

	if (p == NULL)
		return -1;
	for (char *s = p + 1; *s != '\0' && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		rc = make_dir(p);
		*s = '/';
	}
	if (rc == 0)
		rc = make_dir(p);
	free(p);
	return rc;
}

int rig_state_file(const struct ctx *c, const rig *r, const char *leaf,
		   char **out)
{
	char name[512], *dir = NULL;

	*out = NULL;
	if (c->g.state_dir == NULL) {
		fprintf(stderr, "rigctl: no state directory: set HOME or "
				"XDG_STATE_HOME, or give --state-dir DIR\n");
		return -1;
	}
	rig_dir_name(rig_name(r), name, sizeof(name));
	if (asprintf(&dir, "%s/%s", c->g.state_dir, name) < 0)
		return -1;
	if (make_dirs(dir) != 0) {
		fprintf(stderr, "rigctl: %s: cannot create the state directory "
				"%s: %s\n", rig_name(r), dir, strerror(errno));
		free(dir);
		return -1;
	}
	if (asprintf(out, "%s/%s", dir, leaf) < 0)
		*out = NULL;
	free(dir);
	return *out != NULL ? 0 : -1;
}

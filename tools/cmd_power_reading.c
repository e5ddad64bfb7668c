/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl power reading: the BMC's DCMI power reading. */
#include <string.h>
#include <time.h>

#include "event_view.h"
#include "prom.h"
#include "rigctl.h"

static const char reading_help[] =
	"Usage: rigctl [OPTIONS] power reading\n"
	"The rig's power draw as the BMC measures it (DCMI Get Power Reading):\n"
	"current, minimum, maximum and average watts over the BMC's reporting\n"
	"period.  A BMC without DCMI: \"not supported by this BMC\", exit 5.\n"
	"A rig without a BMC but with a smart plug: the plug's meter (watts now,\n"
	"and volts and amps where the plug measures them).\n"
	"Output: -o table, json, prometheus (rigctl_power_draw_watts).\n";

const char *hands_time_text(int64_t t, char *buf, size_t len)
{
	time_rfc3339(t, buf, len);
	return buf;
}

static json_t *reading_json(const rig_power_reading *p)
{
	char when[32];

	if (!p->active)
		return json_pack("{s:n, s:n, s:n, s:n, s:s, s:b, s:s}", "current",
				 "minimum", "maximum", "average", "unit", "W",
				 "active", 0, "reason",
				 "the BMC reports its power measurement as "
				 "inactive");
	return json_pack("{s:I, s:I, s:I, s:I, s:s, s:b, s:f, s:s?}",
			 "current", (json_int_t)p->current_w, "minimum",
			 (json_int_t)p->minimum_w, "maximum",
			 (json_int_t)p->maximum_w, "average",
			 (json_int_t)p->average_w, "unit", "W", "active", 1,
			 "period_s", p->period_ms / 1000.0, "time",
			 p->has_time ? hands_time_text(p->time, when,
						       sizeof(when))
				     : NULL);
}

/* A plug's meter: one instantaneous value, no statistics; volts and amps
 * only where the plug measures them. */
static rig_status plug_reading(struct result *res)
{
	rig_plug_status ps;
	rig_power_reading p;
	rig_status rc = rig_plug_status_get(res->r, &ps);
	json_t *j;

	if (rc != RIG_OK)
		return rc;
	/* No meter: the routed reading records why, as for any rig. */
	if (!ps.has_power)
		return rig_power_reading_get(res->r, &p);
	j = json_pack("{s:f, s:s, s:b, s:s}", "current", ps.power_w, "unit",
		      "W", "active", 1, "source", "plug");
	if (ps.has_voltage)
		json_object_set_new(j, "volts", json_real(ps.voltage_v));
	if (ps.has_current)
		json_object_set_new(j, "amps", json_real(ps.current_a));
	res->data = json_pack("{s:o}", "reading", j);
	return RIG_OK;
}

static rig_status reading_job(struct ctx *c, struct result *res, void *arg)
{
	rig_power_reading p;
	rig_status rc;

	(void)c;
	(void)arg;
	/* The routing table sends the reading to the plug on a rig without
	 * a BMC; the plug's own status adds what DCMI's struct cannot. */
	if ((rig_paths(res->r) & (RIG_PATH_BMC | RIG_PATH_PLUG)) ==
	    RIG_PATH_PLUG)
		return plug_reading(res);
	rc = rig_power_reading_get(res->r, &p);
	if (rc == RIG_OK)
		res->data = json_pack("{s:o}", "reading", reading_json(&p));
	return rc;
}

static void reading_table(struct ctx *c, const struct result *res)
{
	json_t *p = json_object_get(res->data, "reading");

	if (c->g.output == OUT_CSV) {
		static const char *const keys[] = {"current", "minimum",
						   "maximum", "average"};
		struct table *t = TABLE_NEW("active", "current_w", "minimum_w",
					    "maximum_w", "average_w",
					    "period_s", "reason");
		bool active = json_is_true(json_object_get(p, "active"));
		bool plug = json_object_get(p, "source") != NULL;

		table_cell(t, active ? "yes" : "no");
		if (plug) {
			/* One instantaneous value: no min, max or period. */
			table_cellf(t, "%.0f", json_real_value(json_object_get(
						       p, "current")));
			for (size_t k = 0; k < 5; k++)
				table_cell(t, "");
			table_emit(c, res, t);
			return;
		}
		for (size_t k = 0; k < 4; k++)
			if (active)
				table_cellf(t, "%lld", (long long)json_integer_value(
							       json_object_get(p, keys[k])));
			else
				table_cell(t, "");
		if (active)
			table_cellf(t, "%.0f",
				    json_real_value(json_object_get(p, "period_s")));
		else
			table_cell(t, "");
		table_cell(t, json_string_value(json_object_get(p, "reason")));
		table_emit(c, res, t);
		return;
	}
	if (!json_is_true(json_object_get(p, "active"))) {
		fprintf(c->out, "%s: no reading (%s)\n", rig_name(res->r),
			json_string_value(json_object_get(p, "reason")));
		return;
	}
	if (json_object_get(p, "source") != NULL) {
		json_t *v = json_object_get(p, "volts"),
		       *a = json_object_get(p, "amps");

		fprintf(c->out, "%s: %.1f W now (smart plug)", rig_name(res->r),
			json_real_value(json_object_get(p, "current")));
		if (v != NULL)
			fprintf(c->out, ", %.1f V", json_real_value(v));
		if (a != NULL)
			fprintf(c->out, ", %.2f A", json_real_value(a));
		fputc('\n', c->out);
		return;
	}
	fprintf(c->out,
		"%s: %lld W now; min %lld W, max %lld W, average %lld W over "
		"%.0f s\n",
		rig_name(res->r),
		(long long)json_integer_value(json_object_get(p, "current")),
		(long long)json_integer_value(json_object_get(p, "minimum")),
		(long long)json_integer_value(json_object_get(p, "maximum")),
		(long long)json_integer_value(json_object_get(p, "average")),
		json_real_value(json_object_get(p, "period_s")));
}

int cmd_power_reading(struct ctx *c, int argc, char **argv)
{
	int rc;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(reading_help, stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		return usage_error(c, "unexpected argument '%s' after 'reading'",
				   argv[1]);
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
				       OUT_BIT(OUT_PROMETHEUS));
	if (rc != EXIT_OK)
		return rc;
	c->prom_command = "power reading"; /* its --textfile name */
	return run_output(c, reading_job, NULL, reading_table,
			  prom_power_reading);
}

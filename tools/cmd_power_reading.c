/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl power reading: the BMC's DCMI power reading. */
#include <string.h>
#include <time.h>

#include "event_view.h"
#include "rigctl.h"

static const char reading_help[] =
	"Usage: rigctl [OPTIONS] power reading\n"
	"The rig's power draw as the BMC measures it (DCMI Get Power Reading):\n"
	"current, minimum, maximum and average watts over the BMC's reporting\n"
	"period.  A BMC without DCMI: \"not supported by this BMC\", exit 5.\n"
	"Output: -o table, json.\n";

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

static rig_status reading_job(struct ctx *c, struct result *res, void *arg)
{
	rig_power_reading p;
	rig_status rc;

	(void)c;
	(void)arg;
	rc = rig_power_reading_get(res->r, &p);
	if (rc == RIG_OK)
		res->data = json_pack("{s:o}", "reading", reading_json(&p));
	return rc;
}

static void reading_table(struct ctx *c, const struct result *res)
{
	json_t *p = json_object_get(res->data, "reading");

	if (!json_is_true(json_object_get(p, "active"))) {
		fprintf(c->out, "%s: no reading (%s)\n", rig_name(res->r),
			json_string_value(json_object_get(p, "reason")));
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
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	run_all(c, reading_job, NULL);
	return output_results(c, reading_table, NULL);
}

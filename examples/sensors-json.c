/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Print every sensor of one rig (its BMC) as a JSON array, with jansson.
 *
 *   cc sensors-json.c $(pkg-config --cflags --libs libipmirig jansson)
 *   RIG_PASSWORD=... ./a.out 10.0.0.21 admin
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include <ipmirig.h>

static json_t *sensor_json(const rig_sensor *s)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s?}", "name", s->name, "type",
			      rig_sensor_type_name(s->type), "state",
			      rig_state_name(s->state), "unit", s->unit);

	/* A reading that is not there is null with a reason, never 0. */
	if (s->has_reading)
		json_object_set_new(o, "reading", json_real(s->reading));
	else
		json_object_set_new(o, "reading", json_null());
	if (!s->has_reading && s->reason != NULL)
		json_object_set_new(o, "reason", json_string(s->reason));
	for (int t = 0; t < RIG_THRESH_COUNT; t++)
		if (s->thresholds_set & (1u << t))
			json_object_set_new(o, rig_threshold_name((enum rig_threshold)t),
					    json_real(s->thresholds[t]));
	return o;
}

int main(int argc, char **argv)
{
	rig_sensor_list *list = NULL;
	rig_bmc_options bmc;
	rig *r = NULL;
	rig_status rc;
	json_t *out;

	if (argc < 3) {
		fprintf(stderr, "usage: %s HOST[:PORT] USER  (password in "
				"$RIG_PASSWORD)\n", argv[0]);
		return 2;
	}
	if (rig_new(argv[1], &r) != RIG_OK)
		return 1;
	rig_bmc_options_init(&bmc, RIG_BMC_OPTIONS_VERSION);
	bmc.host = argv[1];
	bmc.username = argv[2];
	bmc.password = getenv("RIG_PASSWORD");
	if (getenv("RIG_WORKAROUNDS") != NULL)
		rig_workarounds_parse(getenv("RIG_WORKAROUNDS"), &bmc.workarounds,
				      NULL);
	rc = rig_add_bmc(r, &bmc);
	if (rc == RIG_OK)
		rc = rig_sensors_get(r, NULL, &list);
	if (list != NULL) {
		out = json_array();
		for (size_t i = 0; i < list->count; i++)
			json_array_append_new(out, sensor_json(&list->items[i]));
		json_dumpf(out, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(out);
	}
	if (rc != RIG_OK)
		fprintf(stderr, "%s: %s\n", argv[1], rig_errormsg(r));
	rig_sensor_list_free(list);
	rig_free(r);
	return rc == RIG_OK ? 0 : 1;
}

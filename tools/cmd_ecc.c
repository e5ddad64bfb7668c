/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl ecc status | ecc check: memory errors from the SEL and EDAC. */
#include <string.h>

#include "check_view.h"
#include "event_view.h"
#include "prom.h"
#include "rigctl.h"

static const char ecc_help[] =
	"Usage: rigctl [OPTIONS] ecc status\n"
	"       rigctl [OPTIONS] ecc check\n"
	"  status  memory errors per sensor (and DIMM, only where the record\n"
	"          says so unambiguously) and kind: correctable, uncorrectable,\n"
	"          logging-limit, other; with first and last seen.  From the\n"
	"          SEL's Memory events and, over SSH, EDAC.  A rig that cannot\n"
	"          report memory errors (no BMC, no EDAC): exit 5.\n"
	"          Output: -o table, json, prometheus.\n"
	"  check   new memory errors since the last 'ecc check' of the same\n"
	"          output (its own state per rig and output, advanced once the\n"
	"          report was delivered): exit 0 OK, 1 WARNING (correctable),\n"
	"          2 CRITICAL (uncorrectable), 3 UNKNOWN.  A rig without ECC\n"
	"          reporting adds nothing.  Takes check's --baseline,\n"
	"          --event-hold DURATION and --ack ('rigctl check --help').\n"
	"          Output: -o table (silent when OK, unless -v), json, nagios,\n"
	"          prometheus.\n";

static json_t *count_json(const rig_ecc_count *n)
{
	return json_pack("{s:s, s:s?, s:s?, s:s, s:I, s:o, s:o}", "source",
			 n->source == RIG_PATH_BMC ? "sel" : "edac", "sensor",
			 n->sensor, "dimm", n->dimm, "kind",
			 rig_ecc_kind_name(n->kind), "count", (json_int_t)n->count,
			 "first_seen", time_json(n->has_first, n->first_seen),
			 "last_seen", time_json(n->has_last, n->last_seen));
}

static rig_status status_job(struct ctx *c, struct result *res, void *arg)
{
	rig_ecc_report *rep = NULL;
	rig_status rc = rig_ecc_status(res->r, &rep);
	json_int_t totals[RIG_ECC_KIND_COUNT] = {0};
	json_t *arr, *tot;

	(void)c;
	(void)arg;
	arr = json_array();
	tot = json_object();
	if (rep == NULL && rc == RIG_E_NOT_AVAILABLE) {
		/* Nothing to count, which is not zero errors: the same words
		 * as ecc check, with the library's reason among the errors. */
		for (unsigned int k = RIG_ECC_CORRECTABLE; k <= RIG_ECC_OTHER; k++)
			json_object_set_new(tot, rig_ecc_kind_name((rig_ecc_kind)k),
					    json_integer(0));
		res->data = json_pack("{s:o, s:o, s:b, s:s}", "entries", arr,
				      "totals", tot, "available", false, "note",
				      ECC_NOT_AVAILABLE);
		return rc;
	}
	if (rep == NULL) {
		json_decref(arr);
		json_decref(tot);
		return rc;
	}
	for (size_t i = 0; i < rep->count; i++) {
		json_array_append_new(arr, count_json(&rep->items[i]));
		totals[rep->items[i].kind] += (json_int_t)rep->items[i].count;
	}
	for (unsigned int k = RIG_ECC_CORRECTABLE; k <= RIG_ECC_OTHER; k++)
		json_object_set_new(tot, rig_ecc_kind_name((rig_ecc_kind)k),
				    json_integer(totals[k]));
	res->data = json_pack("{s:o, s:o}", "entries", arr, "totals", tot);
	rig_ecc_report_free(rep);
	return rc;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "-";
}

static void status_table(struct ctx *c, const struct result *res)
{
	const json_t *arr = json_object_get(res->data, "entries");
	size_t i;
	json_t *e;

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("sensor", "dimm", "kind", "count",
					    "first_seen", "last_seen");

		json_array_foreach(arr, i, e) {
			table_cell(t, jstr(e, "sensor"));
			table_cell(t, jstr(e, "dimm"));
			table_cell(t, jstr(e, "kind"));
			table_cellf(t, "%lld", (long long)json_integer_value(
						       json_object_get(e, "count")));
			table_cell(t, jstr(e, "first_seen"));
			table_cell(t, jstr(e, "last_seen"));
		}
		table_emit(c, res, t);
		return;
	}
	if (json_is_string(json_object_get(res->data, "note"))) {
		fprintf(c->out, "%s: %s\n", rig_name(res->r),
			jstr(res->data, "note"));
		return;
	}
	if (json_array_size(arr) == 0) {
		fprintf(c->out, "%s: no memory errors\n", rig_name(res->r));
		return;
	}
	if (c->count > 1)
		fprintf(c->out, "%s%s:\n", !output_first(c, res) ? "\n" : "",
			rig_name(res->r));
	fprintf(c->out, "%-16s  %-10s  %-14s  %6s  %-20s  %s\n", "SENSOR", "DIMM",
		"KIND", "COUNT", "FIRST SEEN", "LAST SEEN");
	json_array_foreach(arr, i, e)
		fprintf(c->out, "%-16s  %-10s  %-14s  %6lld  %-20s  %s\n",
			jstr(e, "sensor"), jstr(e, "dimm"), jstr(e, "kind"),
			(long long)json_integer_value(json_object_get(e, "count")),
			jstr(e, "first_seen"), jstr(e, "last_seen"));
}

static int ecc_status(struct ctx *c, int argc, char **argv)
{
	int rc;

	if (argc > 2 && strcmp(argv[2], "--help") == 0) {
		fputs(ecc_help, stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return usage_error(c, "'ecc status' takes no arguments");
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
				       OUT_BIT(OUT_PROMETHEUS));
	if (rc != EXIT_OK)
		return rc;
	c->prom_command = "ecc status"; /* its --textfile name */
	return run_output(c, status_job, NULL, status_table, prom_ecc);
}

int cmd_ecc(struct ctx *c, int argc, char **argv)
{
	if (argc < 2)
		return usage_error(c, "which one? status or check");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(ecc_help, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "status") == 0)
		return ecc_status(c, argc, argv);
	if (strcmp(argv[1], "check") == 0) {
		c->prom_command = "ecc check";
		return check_main(c, argc - 1, argv + 1, RIG_CHECK_ECC,
				  "ecc-check", ecc_help);
	}
	return usage_error(c, "unknown action '%s' (status, check)", argv[1]);
}

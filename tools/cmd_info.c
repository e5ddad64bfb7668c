/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl info: BMC identity and firmware; rig paths and capabilities. */
#include <string.h>

#include "rigctl.h"

static const char info_help[] =
	"Usage: rigctl [OPTIONS] info\n"
	"Show each rig's paths and what they can do, and the BMC's identity:\n"
	"manufacturer, product, firmware, IPMI version, GUID.\n"
	"Output: -o table, json.\n";

static json_t *paths_json(const rig *r)
{
	json_t *a = json_array();
	unsigned int p = rig_paths(r);

	for (unsigned int bit = RIG_PATH_BMC; bit <= RIG_PATH_WOL; bit <<= 1)
		if (p & bit)
			json_array_append_new(a, json_string(rig_path_name(bit)));
	return a;
}

static json_t *caps_json(const rig *r)
{
	json_t *a = json_array();
	uint32_t caps = rig_capabilities(r);

	for (uint32_t bit = 1; bit != 0; bit <<= 1)
		if ((caps & bit) && rig_capability_name(bit) != NULL)
			json_array_append_new(a,
					      json_string(rig_capability_name(bit)));
	return a;
}

static rig_status info_job(struct ctx *c, struct result *res, void *arg)
{
	rig_bmc_info bi;
	rig_status rc = RIG_OK;
	json_t *bmc = json_null();

	(void)c;
	(void)arg;
	if (rig_paths(res->r) & RIG_PATH_BMC) {
		rc = rig_bmc_info_get(res->r, &bi);
		if (rc == RIG_OK)
			bmc = json_pack(
				"{s:i, s:s?, s:i, s:i, s:i, s:s, s:s, s:s?}",
				"manufacturer_id", (json_int_t)bi.manufacturer_id,
				"manufacturer",
				bi.manufacturer[0] != '\0' ? bi.manufacturer : NULL,
				"product_id", (json_int_t)bi.product_id,
				"device_id", (json_int_t)bi.device_id,
				"device_revision", (json_int_t)bi.device_revision,
				"firmware", bi.firmware, "ipmi_version",
				bi.ipmi_version, "guid",
				bi.has_guid ? bi.guid : NULL);
	}
	/* Paths and capabilities are known without I/O: report them even
	 * when the BMC does not answer. */
	res->data = json_pack("{s:o, s:o, s:o}", "paths", paths_json(res->r),
			      "capabilities", caps_json(res->r), "bmc", bmc);
	return rc;
}

static void list(FILE *f, const char *label, json_t *arr)
{
	size_t i;
	json_t *v;

	fprintf(f, "  %-14s ", label);
	json_array_foreach(arr, i, v)
		fprintf(f, "%s%s", i > 0 ? ", " : "", json_string_value(v));
	fputc('\n', f);
}

static void info_table(struct ctx *c, const struct result *res)
{
	json_t *bmc = json_object_get(res->data, "bmc");
	FILE *f = c->out;

	fprintf(f, "%s\n", rig_name(res->r));
	list(f, "paths", json_object_get(res->data, "paths"));
	list(f, "capabilities", json_object_get(res->data, "capabilities"));
	if (!json_is_object(bmc))
		return;
	fprintf(f, "  %-14s %s (%lld)\n", "manufacturer",
		json_is_string(json_object_get(bmc, "manufacturer"))
			? json_string_value(json_object_get(bmc, "manufacturer"))
			: "unknown",
		(long long)json_integer_value(json_object_get(bmc, "manufacturer_id")));
	fprintf(f, "  %-14s 0x%04llx\n", "product id",
		(long long)json_integer_value(json_object_get(bmc, "product_id")));
	fprintf(f, "  %-14s %lld (revision %lld)\n", "device id",
		(long long)json_integer_value(json_object_get(bmc, "device_id")),
		(long long)json_integer_value(json_object_get(bmc, "device_revision")));
	fprintf(f, "  %-14s %s\n", "firmware",
		json_string_value(json_object_get(bmc, "firmware")));
	fprintf(f, "  %-14s %s\n", "IPMI version",
		json_string_value(json_object_get(bmc, "ipmi_version")));
	fprintf(f, "  %-14s %s\n", "GUID",
		json_is_string(json_object_get(bmc, "guid"))
			? json_string_value(json_object_get(bmc, "guid"))
			: "not reported");
}

int cmd_info(struct ctx *c, int argc, char **argv)
{
	int rc;

	rc = command_no_args(c, argc, argv, info_help);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	run_all(c, info_job, NULL);
	return output_results(c, info_table, NULL);
}

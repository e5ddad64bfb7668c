/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl info: BMC identity and firmware; rig paths and capabilities. */
#include <stdlib.h>
#include <string.h>

#include "rigctl.h"

static const char info_help[] =
	"Usage: rigctl [OPTIONS] info\n"
	"Show each rig's paths and what they can do, the BMC's identity\n"
	"(manufacturer, product, firmware, IPMI version, GUID) and, over SSH,\n"
	"the OS's (host name, kernel, distribution, NVIDIA driver, GPUs).\n"
	"Output: -o table, json.\n";

static json_t *paths_json(const rig *r)
{
	json_t *a = json_array();
	unsigned int p = rig_paths(r);

	for (unsigned int bit = RIG_PATH_BMC; bit <= RIG_PATH_PLUG; bit <<= 1)
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

/* What the OS says of itself over SSH, as JSON. */
static json_t *os_json(const rig_os_info *oi)
{
	json_t *gpus = json_array();

	for (size_t i = 0; i < oi->gpu_count; i++)
		json_array_append_new(
			gpus, json_pack("{s:i, s:s, s:s?, s:s}", "index",
					(json_int_t)oi->gpus[i].index, "bus_id",
					oi->gpus[i].bus_id, "uuid",
					oi->gpus[i].uuid, "name",
					oi->gpus[i].name));
	return json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:s?}", "hostname",
			 oi->hostname, "kernel", oi->kernel, "os", oi->os,
			 "nvidia_driver", oi->driver_version, "gpus", gpus,
			 "gpu_problem", oi->gpu_problem);
}

static rig_status info_job(struct ctx *c, struct result *res, void *arg)
{
	rig_bmc_info bi;
	rig_os_info oi;
	rig_status rc = RIG_OK, os_rc = RIG_OK;
	json_t *bmc = json_null(), *os = json_null();

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
	/* A rig with SSH is asked too, so an SSH-only rig that is down fails
	 * as it should rather than listing its paths as if all were well.
	 * Not after a BMC failure: each call starts a new error list, and the
	 * BMC's error is the one to report.  A rig with neither (a
	 * Wake-on-LAN MAC alone) is asked too, for the library's "not
	 * possible on this rig" and its exit 5. */
	if (rc == RIG_OK && ((rig_capabilities(res->r) & RIG_CAP_OS_INFO) ||
			     !(rig_paths(res->r) & RIG_PATH_BMC))) {
		os_rc = rig_os_info_get(res->r, &oi);
		if (os_rc == RIG_OK)
			os = os_json(&oi);
		rig_os_info_free(&oi);
		rc = os_rc;
	}
	/* Paths and capabilities are known without I/O: report them even
	 * when the BMC does not answer. */
	res->data = json_pack("{s:o, s:o, s:o, s:o}", "paths",
			      paths_json(res->r), "capabilities",
			      caps_json(res->r), "bmc", bmc, "os", os);
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

/* A JSON array of strings as one csv cell, comma-joined (csv quotes it). */
static void joined_cell(struct table *t, const json_t *arr)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);
	json_t *v;

	if (f != NULL) {
		json_array_foreach(arr, i, v)
			fprintf(f, "%s%s", i > 0 ? "," : "", json_string_value(v));
		fclose(f);
	}
	table_cell(t, text);
	free(text);
}

static void info_csv(struct ctx *c, const struct result *res)
{
	json_t *bmc = json_object_get(res->data, "bmc");
	struct table *t = TABLE_NEW("paths", "capabilities", "manufacturer",
				    "manufacturer_id", "product_id",
				    "device_id", "device_revision", "firmware",
				    "ipmi_version", "guid");

	joined_cell(t, json_object_get(res->data, "paths"));
	joined_cell(t, json_object_get(res->data, "capabilities"));
	if (json_is_object(bmc)) {
		table_cell(t, json_string_value(json_object_get(bmc, "manufacturer")));
		table_cellf(t, "%lld", (long long)json_integer_value(
					       json_object_get(bmc, "manufacturer_id")));
		table_cellf(t, "0x%04llx", (long long)json_integer_value(
						   json_object_get(bmc, "product_id")));
		table_cellf(t, "%lld", (long long)json_integer_value(
					       json_object_get(bmc, "device_id")));
		table_cellf(t, "%lld", (long long)json_integer_value(
					       json_object_get(bmc, "device_revision")));
		table_cell(t, json_string_value(json_object_get(bmc, "firmware")));
		table_cell(t, json_string_value(json_object_get(bmc, "ipmi_version")));
		table_cell(t, json_string_value(json_object_get(bmc, "guid")));
	} else {
		for (int k = 0; k < 8; k++)
			table_cell(t, NULL);
	}
	table_emit(c, res, t);
}

static void os_table(FILE *f, const json_t *os)
{
	size_t i;
	json_t *g;

	if (!json_is_object(os))
		return;
	fprintf(f, "  %-14s %s\n", "hostname",
		json_string_value(json_object_get(os, "hostname")));
	fprintf(f, "  %-14s %s\n", "kernel",
		json_string_value(json_object_get(os, "kernel")));
	if (json_is_string(json_object_get(os, "os")))
		fprintf(f, "  %-14s %s\n", "os",
			json_string_value(json_object_get(os, "os")));
	if (json_is_string(json_object_get(os, "nvidia_driver")))
		fprintf(f, "  %-14s %s\n", "NVIDIA driver",
			json_string_value(json_object_get(os, "nvidia_driver")));
	if (json_is_string(json_object_get(os, "gpu_problem")))
		fprintf(f, "  %-14s %s\n", "GPUs",
			json_string_value(json_object_get(os, "gpu_problem")));
	json_array_foreach(json_object_get(os, "gpus"), i, g)
		fprintf(f, "  %-14s %s %s\n", i == 0 ? "GPUs" : "",
			json_string_value(json_object_get(g, "bus_id")),
			json_string_value(json_object_get(g, "name")));
}

static void info_table(struct ctx *c, const struct result *res)
{
	json_t *bmc = json_object_get(res->data, "bmc");
	FILE *f = c->out;

	if (c->g.output == OUT_CSV) {
		info_csv(c, res);
		return;
	}
	fprintf(f, "%s\n", rig_name(res->r));
	list(f, "paths", json_object_get(res->data, "paths"));
	list(f, "capabilities", json_object_get(res->data, "capabilities"));
	os_table(f, json_object_get(res->data, "os"));
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
	return run_output(c, info_job, NULL, info_table, NULL);
}

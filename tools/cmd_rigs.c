/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl rigs: the inventory's rigs, their paths and capabilities, known
 * without talking to any rig and without reading any secret. */
#include <string.h>

#include "rigctl.h"

static const char rigs_help[] =
	"Usage: rigctl [-c FILE] [-r NAMES] rigs\n"
	"List the rigs of the inventory (all of them unless -r chooses), with\n"
	"their paths (bmc, ssh, wol), groups and what their paths can do.\n"
	"Nothing is sent to any rig and no secret is read.\n"
	"Output: -o table, json.\n";

static json_t *names_of(unsigned int bits, bool caps)
{
	json_t *a = json_array();

	for (uint32_t bit = 1; bit != 0; bit <<= 1) {
		const char *n;

		if (!(bits & bit))
			continue;
		n = caps ? rig_capability_name(bit) : rig_path_name((rig_path)bit);
		if (n != NULL)
			json_array_append_new(a, json_string(n));
	}
	return a;
}

static void join(FILE *f, json_t *arr)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		fprintf(f, "%s%s", i > 0 ? "," : "", json_string_value(v));
	if (json_array_size(arr) == 0)
		fputc('-', f);
}

static void rigs_table(struct ctx *c, const struct result *res)
{
	json_t *d = res->data;

	fprintf(c->out, "%-16s ", rig_name(res->r));
	join(c->out, json_object_get(d, "paths"));
	fprintf(c->out, "  groups=");
	join(c->out, json_object_get(d, "groups"));
	fprintf(c->out, "  can=");
	join(c->out, json_object_get(d, "capabilities"));
	fputc('\n', c->out);
}

int cmd_rigs(struct ctx *c, int argc, char **argv)
{
	int rc;

	rc = command_no_args(c, argc, argv, rigs_help);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = output_allowed(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	if (c->g.rig_names == NULL && c->g.bmc_hosts == NULL &&
	    c->g.ssh_target == NULL)
		c->g.rig_names = "all";
	c->no_secrets = true;
	rc = targets_build(c);
	if (rc != EXIT_OK)
		return rc;
	for (size_t i = 0; i < c->count; i++) {
		json_t *d = json_deep_copy(c->specs[i]);

		json_object_set_new(d, "paths", names_of(rig_paths(c->results[i].r),
							 false));
		json_object_set_new(d, "capabilities",
				    names_of(rig_capabilities(c->results[i].r), true));
		c->results[i].data = d;
		c->results[i].errors = json_array();
	}
	return output_results(c, rigs_table, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl fru: the FRU inventory (chassis, board, product). */
#include <string.h>

#include "rigctl.h"

static const char fru_help[] =
	"Usage: rigctl [OPTIONS] fru\n"
	"Every FRU device the BMC lists, with its chassis, board and product\n"
	"areas: manufacturer, names, part and serial numbers.\n"
	"Output: -o table, json.\n";

static void put(json_t *o, const char *key, const char *value)
{
	json_object_set_new(o, key, value != NULL ? json_string(value)
						  : json_null());
}

static json_t *chassis_json(const rig_fru *f)
{
	json_t *o = json_object();

	put(o, "type", f->chassis_type);
	put(o, "part_number", f->chassis_part_number);
	put(o, "serial_number", f->chassis_serial_number);
	return o;
}

static json_t *board_json(const rig_fru *f)
{
	json_t *o = json_object();
	char when[32];

	put(o, "manufacturer", f->board_manufacturer);
	put(o, "product_name", f->board_product_name);
	put(o, "serial_number", f->board_serial_number);
	put(o, "part_number", f->board_part_number);
	put(o, "manufactured",
	    f->has_board_time ? hands_time_text(f->board_time, when, sizeof(when))
			      : NULL);
	return o;
}

static json_t *product_json(const rig_fru *f)
{
	json_t *o = json_object();

	put(o, "manufacturer", f->product_manufacturer);
	put(o, "name", f->product_name);
	put(o, "part_number", f->product_part_number);
	put(o, "version", f->product_version);
	put(o, "serial_number", f->product_serial_number);
	put(o, "asset_tag", f->product_asset_tag);
	return o;
}

static json_t *device_json(const rig_fru *f)
{
	json_t *o = json_pack("{s:I}", "id", (json_int_t)f->device_id);

	put(o, "name", f->name);
	json_object_set_new(o, "chassis",
			    f->has_chassis ? chassis_json(f) : json_null());
	json_object_set_new(o, "board",
			    f->has_board ? board_json(f) : json_null());
	json_object_set_new(o, "product",
			    f->has_product ? product_json(f) : json_null());
	put(o, "error", f->error);
	return o;
}

static rig_status fru_job(struct ctx *c, struct result *res, void *arg)
{
	rig_fru_list *l = NULL;
	json_t *devices;
	rig_status rc;

	(void)c;
	(void)arg;
	rc = rig_fru_get(res->r, &l);
	if (rc != RIG_OK)
		return rc;
	devices = json_array();
	for (size_t i = 0; i < l->count; i++)
		json_array_append_new(devices, device_json(&l->items[i]));
	res->data = json_pack("{s:o}", "devices", devices);
	rig_fru_list_free(l);
	return RIG_OK;
}

/* One area's fields, in the order of its JSON object. */
static void area_table(FILE *f, const char *area, json_t *o)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return;
	json_object_foreach(o, key, v)
		if (json_is_string(v))
			fprintf(f, "    %-8s %-14s %s\n", area, key,
				json_string_value(v));
}

/* -o csv: one row per field, or per device that could not be read. */
static void fru_csv(struct ctx *c, const struct result *res)
{
	static const char *const areas[] = {"chassis", "board", "product"};
	struct table *t = TABLE_NEW("fru", "name", "area", "field", "value");
	json_t *d;
	size_t i;

	json_array_foreach(json_object_get(res->data, "devices"), i, d) {
		json_t *name = json_object_get(d, "name");
		json_t *err = json_object_get(d, "error");
		long long id = (long long)json_integer_value(json_object_get(d, "id"));

		if (json_is_string(err)) {
			table_cellf(t, "%lld", id);
			table_cell(t, json_string_value(name));
			table_cell(t, "");
			table_cell(t, "error");
			table_cell(t, json_string_value(err));
		}
		for (size_t a = 0; a < 3; a++) {
			const char *key;
			json_t *v;

			json_object_foreach(json_object_get(d, areas[a]), key, v) {
				if (!json_is_string(v))
					continue;
				table_cellf(t, "%lld", id);
				table_cell(t, json_string_value(name));
				table_cell(t, areas[a]);
				table_cell(t, key);
				table_cell(t, json_string_value(v));
			}
		}
	}
	table_emit(c, res, t);
}

static void fru_table(struct ctx *c, const struct result *res)
{
	json_t *devices = json_object_get(res->data, "devices");
	json_t *d;
	size_t i;

	if (c->g.output == OUT_CSV) {
		fru_csv(c, res);
		return;
	}
	fprintf(c->out, "%s\n", rig_name(res->r));
	json_array_foreach(devices, i, d) {
		json_t *name = json_object_get(d, "name");
		json_t *err = json_object_get(d, "error");

		fprintf(c->out, "  FRU %lld%s%s\n",
			(long long)json_integer_value(json_object_get(d, "id")),
			json_is_string(name) ? ": " : "",
			json_is_string(name) ? json_string_value(name) : "");
		if (json_is_string(err))
			fprintf(c->out, "    (%s)\n", json_string_value(err));
		area_table(c->out, "chassis", json_object_get(d, "chassis"));
		area_table(c->out, "board", json_object_get(d, "board"));
		area_table(c->out, "product", json_object_get(d, "product"));
	}
}

int cmd_fru(struct ctx *c, int argc, char **argv)
{
	int rc;

	rc = command_no_args(c, argc, argv, fru_help);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	return run_output(c, fru_job, NULL, fru_table, NULL);
}

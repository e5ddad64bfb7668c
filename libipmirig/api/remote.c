/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Remote hands, public entries: boot device, identify LED, FRU inventory,
 * DCMI power reading, serial console.  Validate, then dispatch. */
#include <stdlib.h>
#include <string.h>

#include "util/names.h"
#include "core/internal.h"
#include "core/route.h"

static const char *const boot_names[] = {"default", "pxe",  "disk",
					 "cdrom",   "bios", "other"};

RIG_API const char *rig_boot_device_name(rig_boot_device dev)
{
	return RIG_NAME_OF(boot_names, dev);
}

RIG_API rig_status rig_boot_device_parse(const char *text,
					 rig_boot_device *out)
{
	/* "other" is reported, never requested. */
	int d = rig__name_index(boot_names, RIG_BOOT_OTHER, text, false);

	if (d < 0 || out == NULL)
		return RIG_E_INVALID;
	*out = (rig_boot_device)d;
	return RIG_OK;
}

RIG_API rig_status rig_boot_options_init(rig_boot_options *o,
					 unsigned int version)
{
	return rig__options_init(RIG_OPTS_BOOT, o, version);
}

RIG_API rig_status rig_identify_options_init(rig_identify_options *o,
					     unsigned int version)
{
	return rig__options_init(RIG_OPTS_IDENTIFY, o, version);
}

RIG_API rig_status rig_console_options_init(rig_console_options *o,
					    unsigned int version)
{
	return rig__options_init(RIG_OPTS_CONSOLE, o, version);
}

RIG_API rig_status rig_boot_set(rig *r, rig_boot_device dev,
				const rig_boot_options *given)
{
	rig_boot_options opts;
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_BOOT, given, &opts);
	if (rc != RIG_OK)
		return rc;
	if ((unsigned int)dev >= RIG_BOOT_OTHER)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: invalid boot device %d", r->name, (int)dev);
	/* Boot options are an operator's business (IPMI 2.0 table G-1). */
	b = rig__route_ready(r, ROUTE_BOOT_SET, "setting the boot device",
		  RIG_INTENT_CONTROL, &rc);
	return b != NULL ? b->ops->boot_set(r, b->priv, dev, &opts) : rc;
}

RIG_API rig_status rig_boot_get(rig *r, rig_boot_status *st)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || st == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(st, 0, sizeof(*st));
	/* Reading them needs operator too: BMCs refuse it to users (0xD4). */
	b = rig__route_ready(r, ROUTE_BOOT_GET, "reading the boot device",
		  RIG_INTENT_CONTROL, &rc);
	return b != NULL ? b->ops->boot_get(r, b->priv, st) : rc;
}

RIG_API rig_status rig_identify(rig *r, const rig_identify_options *given)
{
	rig_identify_options full;
	const rig_identify_options *opts = &full;
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_IDENTIFY, given, &full);
	if (rc != RIG_OK)
		return rc;
	if (!opts->force && opts->seconds > RIG_IDENTIFY_MAX_S)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: identify for %u s: IPMI allows at most %u s; "
				"rig_identify_options.force keeps it on",
				r->name, opts->seconds, RIG_IDENTIFY_MAX_S);
	b = rig__route_ready(r, ROUTE_IDENTIFY, "identify", RIG_INTENT_CONTROL, &rc);
	return b != NULL ? b->ops->identify(r, b->priv, opts) : rc;
}

static void fru_clear(rig_fru *f)
{
	char *const strings[] = {
		f->name, f->error, f->chassis_type, f->chassis_part_number,
		f->chassis_serial_number, f->board_manufacturer,
		f->board_product_name, f->board_serial_number,
		f->board_part_number, f->product_manufacturer, f->product_name,
		f->product_part_number, f->product_version,
		f->product_serial_number, f->product_asset_tag};

	for (size_t i = 0; i < ARRAY_SIZE(strings); i++)
		free(strings[i]);
	memset(f, 0, sizeof(*f));
}

RIG_API void rig_fru_list_free(rig_fru_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->count; i++)
		fru_clear(&list->items[i]);
	free(list->items);
	free(list);
}

RIG_API rig_status rig_fru_get(rig *r, rig_fru_list **out)
{
	struct rig_backend *b;
	rig_fru_list *l;
	rig_status rc;

	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	*out = NULL;
	b = rig__route_ready(r, ROUTE_FRU, "reading the FRU inventory", RIG_INTENT_READ,
		  &rc);
	if (b == NULL)
		return rc;
	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	rc = b->ops->fru(r, b->priv, l);
	if (rc != RIG_OK) {
		rig_fru_list_free(l);
		return rc;
	}
	*out = l;
	return RIG_OK;
}

RIG_API rig_status rig_power_reading_get(rig *r, rig_power_reading *out)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(out, 0, sizeof(*out));
	b = rig__route_ready(r, ROUTE_POWER_READING, "a power reading", RIG_INTENT_READ,
		  &rc);
	return b != NULL ? b->ops->power_reading(r, b->priv, out) : rc;
}

RIG_API rig_status rig_console_open(rig *r, const rig_console_options *given,
				    rig_console **out)
{
	rig_console_options opts;
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	*out = NULL;
	rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_CONSOLE, given, &opts);
	if (rc != RIG_OK)
		return rc;
	b = rig__route_pick(r, ROUTE_CONSOLE);
	if (b == NULL)
		return rig__route_unsupported(r, ROUTE_CONSOLE, "a serial console");
	/* SOL runs in a session of its own (libipmiconsole): no begin(). */
	return b->ops->console_open(r, b->priv, &opts, out);
}

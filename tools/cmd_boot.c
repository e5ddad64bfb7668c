/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl boot bios|pxe|disk|cdrom|default [--once|--persistent] [--efi];
 * rigctl boot status */
#include <getopt.h>
#include <string.h>

#include "rigctl.h"

struct boot_args {
	bool status;
	rig_boot_device dev;
	rig_boot_options opts;
};

static const char boot_help[] =
	"Usage: rigctl [OPTIONS] boot bios|pxe|disk|cdrom|default\n"
	"                         [--once|--persistent] [--efi]\n"
	"       rigctl [OPTIONS] boot status\n"
	"Choose what the rig boots from next (boot device override).\n"
	"  bios      stop in the BIOS setup     pxe    network boot\n"
	"  disk      the default hard disk      cdrom  CD/DVD\n"
	"  default   no override: the BIOS's own order\n"
	"  --once        next boot only (default; the BMC also drops it if no\n"
	"                boot follows within 60 s)\n"
	"  --persistent  every boot\n"
	"  --efi         an EFI boot instead of a legacy BIOS one\n"
	"  status    what the BMC reports; 'unknown' for what it does not\n"
	"Reboot into the BIOS setup:\n"
	"  rigctl -r rig01 boot bios --once && "
	"rigctl -r rig01 power cycle --on-if-off --wait\n"
	"Needs operator privilege.  Output: -o table, json.\n";

/* A known flag as JSON true/false, an unknown one as null. */
static json_t *flag(bool known, bool value)
{
	return known ? json_boolean(value) : json_null();
}

static json_t *status_json(const rig_boot_status *st)
{
	json_t *o = json_pack(
		"{s:o, s:o, s:o, s:o, s:o}", "device",
		st->has_device ? json_string(rig_boot_device_name(st->device))
			       : json_null(),
		"selector",
		st->has_device ? json_integer(st->selector) : json_null(),
		"persistent", flag(st->has_flags, st->persistent), "efi",
		flag(st->has_flags, st->efi), "valid",
		flag(st->has_flags, st->valid));

	if (o != NULL && (!st->has_flags || !st->has_device))
		json_object_set_new(o, "reason",
				    json_string("the BMC does not report it"));
	return o;
}

static rig_status boot_job(struct ctx *c, struct result *res, void *arg)
{
	const struct boot_args *a = arg;
	rig_boot_status st;
	rig_status rc;

	(void)c;
	if (a->status) {
		rc = rig_boot_get(res->r, &st);
		if (rc == RIG_OK)
			res->data = status_json(&st);
		return rc;
	}
	rc = rig_boot_set(res->r, a->dev, &a->opts);
	if (rc == RIG_OK)
		res->data = json_pack("{s:s, s:b, s:b}", "device",
				      rig_boot_device_name(a->dev), "persistent",
				      a->opts.persistent, "efi", a->opts.efi);
	return rc;
}

static const char *tri(json_t *v, const char *yes, const char *no)
{
	return json_is_boolean(v) ? (json_is_true(v) ? yes : no) : "unknown";
}

static void boot_table(struct ctx *c, const struct result *res)
{
	json_t *d = res->data;
	json_t *dev = json_object_get(d, "device");
	FILE *f = c->out;

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("device", "applies", "boot_type",
					    "armed");

		table_cell(t, json_is_string(dev) ? json_string_value(dev)
						  : "unknown");
		table_cell(t, tri(json_object_get(d, "persistent"), "every boot",
				  "next boot only"));
		table_cell(t, tri(json_object_get(d, "efi"), "EFI",
				  "legacy BIOS"));
		table_cell(t, json_object_get(d, "valid") == NULL
				      ? "" /* a set, not status */
				      : tri(json_object_get(d, "valid"), "yes",
					    "no"));
		table_emit(c, res, t);
		return;
	}
	if (json_object_get(d, "valid") == NULL) { /* a set, not status */
		fprintf(f, "%s: boot device %s, %s, %s\n", rig_name(res->r),
			json_string_value(dev),
			tri(json_object_get(d, "persistent"), "every boot",
			    "next boot only"),
			tri(json_object_get(d, "efi"), "EFI", "legacy BIOS"));
		return;
	}
	fprintf(f, "%s\n", rig_name(res->r));
	fprintf(f, "  %-10s %s\n", "device",
		json_is_string(dev) ? json_string_value(dev) : "unknown");
	fprintf(f, "  %-10s %s\n", "applies",
		tri(json_object_get(d, "persistent"), "every boot",
		    "next boot only"));
	fprintf(f, "  %-10s %s\n", "boot type",
		tri(json_object_get(d, "efi"), "EFI", "legacy BIOS"));
	fprintf(f, "  %-10s %s\n", "armed",
		tri(json_object_get(d, "valid"), "yes",
		    "no (the BMC marks the flags invalid: the BIOS ignores "
		    "them)"));
}

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct boot_args *a)
{
	static const struct option opts[] = {
		{"once", no_argument, NULL, 'o'},
		{"persistent", no_argument, NULL, 'p'},
		{"efi", no_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool once = false, modifiers = false;
	int opt;

	memset(a, 0, sizeof(*a));
	rig_boot_options_init(&a->opts, RIG_BOOT_OPTIONS_VERSION);
	optind = 0; /* 0: glibc re-initialises, permutation included */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(boot_help, stdout);
			return -1;
		}
		if (opt == '?')
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		modifiers = true;
		once |= opt == 'o';
		a->opts.persistent |= opt == 'p';
		a->opts.efi |= opt == 'e';
	}
	if (once && a->opts.persistent)
		return usage_error(c, "--once and --persistent exclude each other");
	if (optind >= argc)
		return usage_error(c, "which device? bios, pxe, disk, cdrom, "
				      "default, or status");
	if (optind + 1 < argc)
		return usage_error(c, "unexpected '%s'", argv[optind + 1]);
	if (strcmp(argv[optind], "status") == 0) {
		a->status = true;
		if (modifiers)
			return usage_error(c, "boot status takes no options");
	} else if (rig_boot_device_parse(argv[optind], &a->dev) != RIG_OK) {
		return usage_error(c, "unknown boot device '%s' (bios, pxe, "
				      "disk, cdrom, default)", argv[optind]);
	}
	return EXIT_OK;
}

int cmd_boot(struct ctx *c, int argc, char **argv)
{
	struct boot_args a;
	int rc = parse_args(c, argc, argv, &a);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (!a.status)
		dry_run_prepare(c);
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	if (!a.status && c->g.dry_run) {
		static const struct dry_way way[] = {
			{RIG_PATH_BMC, "Set System Boot Options"},
		};
		char what[96];

		snprintf(what, sizeof(what), "set the boot device to %s (%s%s)",
			 rig_boot_device_name(a.dev),
			 a.opts.persistent ? "every boot" : "next boot only",
			 a.opts.efi ? ", EFI" : "");
		return dry_run_output(c, what, way, 1);
	}
	return run_output(c, boot_job, &a, boot_table, NULL);
}

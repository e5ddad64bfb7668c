/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Option structs: the one place that knows their versions, and the small
 * parsers of option values.
 *
 * A program passes the version of the header it was built with and owns
 * only the fields that version has (docs/api-stability.md: structs grow
 * at the end only).  So each struct has a row of where its fields end at
 * each version; reading copies that much of the caller's struct over the
 * defaults, and the library works on the full copy.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "util/names.h"
#include "core/internal.h"

#define END_OF(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

/* ends[v - 1]: the end of the last field of version v.  Growing a struct
 * appends a row here (the assertions below fail until it does). */
static const size_t bmc_ends[] = {
	END_OF(rig_bmc_options, sdr_cache_dir),
	END_OF(rig_bmc_options, allow_no_auth),
};
static const size_t power_ends[] = {END_OF(rig_power_options, on_if_off)};
static const size_t ssh_ends[] = {END_OF(rig_ssh_options, ssh_config)};
static const size_t wol_ends[] = {END_OF(rig_wol_options, port)};
static const size_t sensors_ends[] = {
	END_OF(rig_sensors_options, live_thresholds),
	END_OF(rig_sensors_options, exclude),
};
static const size_t events_ends[] = {END_OF(rig_events_options, last)};
static const size_t sel_clear_ends[] = {
	END_OF(rig_sel_clear_options, archive_path)};
static const size_t check_ends[] = {
	END_OF(rig_check_options, lock_timeout_ms),
	END_OF(rig_check_options, exclude),
	END_OF(rig_check_options, ack_path)};
static const size_t boot_ends[] = {END_OF(rig_boot_options, efi)};
static const size_t identify_ends[] = {END_OF(rig_identify_options, force)};
static const size_t console_ends[] = {
	END_OF(rig_console_options, fail_if_in_use)};
static const size_t plug_ends[] = {END_OF(rig_plug_options, off_time_ms)};
static const size_t fans_ends[] = {END_OF(rig_fans_options, skip_tachs)};

static const rig_bmc_options bmc_defaults = RIG_BMC_OPTIONS_INIT;
static const rig_power_options power_defaults = RIG_POWER_OPTIONS_INIT;
static const rig_ssh_options ssh_defaults = RIG_SSH_OPTIONS_INIT;
static const rig_wol_options wol_defaults = RIG_WOL_OPTIONS_INIT;
static const rig_sensors_options sensors_defaults = RIG_SENSORS_OPTIONS_INIT;
static const rig_events_options events_defaults = RIG_EVENTS_OPTIONS_INIT;
static const rig_sel_clear_options sel_clear_defaults =
	RIG_SEL_CLEAR_OPTIONS_INIT;
static const rig_check_options check_defaults = RIG_CHECK_OPTIONS_INIT;
static const rig_boot_options boot_defaults = RIG_BOOT_OPTIONS_INIT;
static const rig_identify_options identify_defaults =
	RIG_IDENTIFY_OPTIONS_INIT;
static const rig_console_options console_defaults = RIG_CONSOLE_OPTIONS_INIT;
static const rig_plug_options plug_defaults = RIG_PLUG_OPTIONS_INIT;
static const rig_fans_options fans_defaults = RIG_FANS_OPTIONS_INIT;

struct opts_kind {
	const char *name; /* rig_<name>_options */
	unsigned int current;
	size_t size;
	const size_t *ends;
	const void *defaults;
};

static const struct opts_kind kinds[RIG_OPTS_KINDS] = {
	[RIG_OPTS_BMC] = {"bmc", RIG_BMC_OPTIONS_VERSION,
			  sizeof(rig_bmc_options), bmc_ends, &bmc_defaults},
	[RIG_OPTS_POWER] = {"power", RIG_POWER_OPTIONS_VERSION,
			    sizeof(rig_power_options), power_ends,
			    &power_defaults},
	[RIG_OPTS_SSH] = {"ssh", RIG_SSH_OPTIONS_VERSION,
			  sizeof(rig_ssh_options), ssh_ends, &ssh_defaults},
	[RIG_OPTS_WOL] = {"wol", RIG_WOL_OPTIONS_VERSION,
			  sizeof(rig_wol_options), wol_ends, &wol_defaults},
	[RIG_OPTS_SENSORS] = {"sensors", RIG_SENSORS_OPTIONS_VERSION,
			      sizeof(rig_sensors_options), sensors_ends,
			      &sensors_defaults},
	[RIG_OPTS_EVENTS] = {"events", RIG_EVENTS_OPTIONS_VERSION,
			     sizeof(rig_events_options), events_ends,
			     &events_defaults},
	[RIG_OPTS_SEL_CLEAR] = {"sel_clear", RIG_SEL_CLEAR_OPTIONS_VERSION,
				sizeof(rig_sel_clear_options), sel_clear_ends,
				&sel_clear_defaults},
	[RIG_OPTS_CHECK] = {"check", RIG_CHECK_OPTIONS_VERSION,
			    sizeof(rig_check_options), check_ends,
			    &check_defaults},
	[RIG_OPTS_BOOT] = {"boot", RIG_BOOT_OPTIONS_VERSION,
			   sizeof(rig_boot_options), boot_ends, &boot_defaults},
	[RIG_OPTS_IDENTIFY] = {"identify", RIG_IDENTIFY_OPTIONS_VERSION,
			       sizeof(rig_identify_options), identify_ends,
			       &identify_defaults},
	[RIG_OPTS_CONSOLE] = {"console", RIG_CONSOLE_OPTIONS_VERSION,
			      sizeof(rig_console_options), console_ends,
			      &console_defaults},
	[RIG_OPTS_PLUG] = {"plug", RIG_PLUG_OPTIONS_VERSION,
			   sizeof(rig_plug_options), plug_ends, &plug_defaults},
	[RIG_OPTS_FANS] = {"fans", RIG_FANS_OPTIONS_VERSION,
			   sizeof(rig_fans_options), fans_ends, &fans_defaults},
};

/* A version row missing after a struct grew would let a new caller's
 * fields be cut off silently: refuse to build instead. */
#define ONE_ROW_PER_VERSION(name, VERSION)                                    \
	_Static_assert(ARRAY_SIZE(name##_ends) == (VERSION),                  \
		       "rig_" #name "_options: one row of ends per version")
ONE_ROW_PER_VERSION(bmc, RIG_BMC_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(power, RIG_POWER_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(ssh, RIG_SSH_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(wol, RIG_WOL_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(sensors, RIG_SENSORS_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(events, RIG_EVENTS_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(sel_clear, RIG_SEL_CLEAR_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(check, RIG_CHECK_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(boot, RIG_BOOT_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(identify, RIG_IDENTIFY_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(console, RIG_CONSOLE_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(plug, RIG_PLUG_OPTIONS_VERSION);
ONE_ROW_PER_VERSION(fans, RIG_FANS_OPTIONS_VERSION);

static bool known_version(const struct opts_kind *k, unsigned int version)
{
	return version >= 1 && version <= k->current;
}

rig_status rig__options_init(enum rig_opts_kind kind, void *opts,
			     unsigned int version)
{
	const struct opts_kind *k = &kinds[kind];

	if (opts == NULL || !known_version(k, version))
		return RIG_E_INVALID;
	/* An older caller's struct ends where its version's fields do. */
	memcpy(opts, k->defaults, k->ends[version - 1]);
	memcpy(opts, &version, sizeof(version));
	return RIG_OK;
}

rig_status rig__options_read(rig *r, rig_path path, enum rig_opts_kind kind,
			     const void *given, void *full)
{
	const struct opts_kind *k = &kinds[kind];
	unsigned int version;

	memcpy(full, k->defaults, k->size);
	if (given == NULL)
		return RIG_OK;
	memcpy(&version, given, sizeof(version));
	if (!known_version(k, version))
		return rig__fail(r, path, RIG_E_INVALID,
				"%s: rig_%s_options of version %u: this library "
				"reads versions 1 to %u (initialise them with "
				"rig_%s_options_init)", r->name, k->name, version,
				k->current, k->name);
	memcpy(full, given, k->ends[version - 1]);
	/* The copy now has every field of the current version. */
	memcpy(full, &k->current, sizeof(k->current));
	return RIG_OK;
}

RIG_API rig_status rig_bmc_options_init(rig_bmc_options *o,
					unsigned int version)
{
	return rig__options_init(RIG_OPTS_BMC, o, version);
}

RIG_API rig_status rig_power_options_init(rig_power_options *o,
					  unsigned int version)
{
	return rig__options_init(RIG_OPTS_POWER, o, version);
}

static const struct rig_name_value workaround_names[] = {
	{"authcap", RIG_WORKAROUND_AUTHCAP},
	{"intel20", RIG_WORKAROUND_INTEL20},
	{"supermicro20", RIG_WORKAROUND_SUPERMICRO20},
	{"sun20", RIG_WORKAROUND_SUN20},
	{"opensesspriv", RIG_WORKAROUND_OPENSESSPRIV},
	{"integritycheckvalue", RIG_WORKAROUND_INTEGRITYCHECKVALUE},
	{"nochecksumcheck", RIG_WORKAROUND_NOCHECKSUMCHECK},
	/* libipmiconsole's, for the serial console */
	{"solpayloadsize", RIG_WORKAROUND_SOLPAYLOADSIZE},
	{"solport", RIG_WORKAROUND_SOLPORT},
	{"solstatus", RIG_WORKAROUND_SOLSTATUS},
	{"solchannelsupport", RIG_WORKAROUND_SOLCHANNELSUPPORT},
	{"serialalertsdeferred", RIG_WORKAROUND_SERIALALERTSDEFERRED},
	{"incrementsolpacketsequence", RIG_WORKAROUND_SOLPACKETSEQ},
};

RIG_API rig_status rig_workarounds_parse(const char *text, uint32_t *flags,
					 const char **bad)
{
	const char *p = text;

	if (bad != NULL)
		*bad = NULL;
	if (text == NULL || flags == NULL)
		return RIG_E_INVALID;
	*flags = 0;
	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		const struct rig_name_value *w =
			rig__nv_find(workaround_names, ARRAY_SIZE(workaround_names),
				     p, len, true);

		if (len > 0 && w == NULL) {
			if (bad != NULL)
				*bad = p;
			return RIG_E_INVALID;
		}
		if (len > 0)
			*flags |= w->value;
		p += len;
		if (*p == ',')
			p++;
	}
	return RIG_OK;
}

static const char *const priv_names[] = {"auto", "user", "operator",
					 "admin"};

RIG_API rig_status rig_privilege_parse(const char *text, rig_privilege *out)
{
	int i = RIG_NAME_INDEX(priv_names, text, true);

	if (i < 0 || out == NULL)
		return RIG_E_INVALID;
	*out = (rig_privilege)i;
	return RIG_OK;
}

RIG_API const char *rig_privilege_name(rig_privilege priv)
{
	return RIG_NAME_OF(priv_names, priv);
}

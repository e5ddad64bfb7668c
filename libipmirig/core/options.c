/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Option structs and the small parsers of option values. */
#include <string.h>
#include <strings.h>

#include "core/internal.h"

RIG_API void rig_bmc_options_init(rig_bmc_options *o)
{
	if (o == NULL)
		return;
	memset(o, 0, sizeof(*o));
	o->version = RIG_BMC_OPTIONS_VERSION;
	o->privilege = RIG_PRIV_AUTO;
	o->cipher_suite = RIG_DEFAULT_CIPHER_SUITE;
	o->timeout_ms = RIG_DEFAULT_TIMEOUT_MS;
}

RIG_API void rig_power_options_init(rig_power_options *o)
{
	if (o == NULL)
		return;
	memset(o, 0, sizeof(*o));
	o->version = RIG_POWER_OPTIONS_VERSION;
}

static const struct {
	const char *name;
	uint32_t flag;
} workaround_names[] = {
	{"authcap", RIG_WORKAROUND_AUTHCAP},
	{"intel20", RIG_WORKAROUND_INTEL20},
	{"supermicro20", RIG_WORKAROUND_SUPERMICRO20},
	{"sun20", RIG_WORKAROUND_SUN20},
	{"opensesspriv", RIG_WORKAROUND_OPENSESSPRIV},
	{"integritycheckvalue", RIG_WORKAROUND_INTEGRITYCHECKVALUE},
	{"nochecksumcheck", RIG_WORKAROUND_NOCHECKSUMCHECK},
	/* libipmiconsole's, for the serial console (issue 8) */
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
		size_t i;
		size_t n = sizeof(workaround_names) / sizeof(workaround_names[0]);

		for (i = 0; i < n; i++)
			if (strlen(workaround_names[i].name) == len &&
			    strncasecmp(p, workaround_names[i].name, len) == 0)
				break;
		if (len > 0 && i == n) {
			if (bad != NULL)
				*bad = p;
			return RIG_E_INVALID;
		}
		if (len > 0)
			*flags |= workaround_names[i].flag;
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
	if (text == NULL || out == NULL)
		return RIG_E_INVALID;
	for (size_t i = 0; i < sizeof(priv_names) / sizeof(priv_names[0]); i++)
		if (strcasecmp(text, priv_names[i]) == 0) {
			*out = (rig_privilege)i;
			return RIG_OK;
		}
	return RIG_E_INVALID;
}

RIG_API const char *rig_privilege_name(rig_privilege priv)
{
	if ((unsigned int)priv < sizeof(priv_names) / sizeof(priv_names[0]))
		return priv_names[priv];
	return "invalid";
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Times as text, and IPMI timestamps (see timefmt.h). */
#include <time.h>

#include "util/timefmt.h"

/* Literal formats, so that the compiler checks them. */
static bool format(int64_t t, bool basic, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	size_t n = 0;

	/* A time_t narrower than 64 bits would wrap silently. */
	if ((int64_t)tt == t && gmtime_r(&tt, &tm) != NULL)
		n = basic ? strftime(buf, len, "%Y%m%dT%H%M%SZ", &tm)
			  : strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (n == 0) {
		if (len > 0)
			buf[0] = '\0';
		return false;
	}
	return true;
}

bool rig__time_rfc3339(int64_t t, char *buf, size_t len)
{
	return format(t, false, buf, len);
}

bool rig__time_basic(int64_t t, char *buf, size_t len)
{
	return format(t, true, buf, len);
}

enum rig_ipmi_time rig__ipmi_time_kind(uint32_t raw)
{
	if (raw == RIG_IPMI_TIME_UNSPECIFIED)
		return RIG_IPMI_TIME_NONE;
	if (raw <= RIG_SEL_PRE_INIT_MAX)
		return RIG_IPMI_TIME_PRE_INIT;
	return RIG_IPMI_TIME_ABSOLUTE;
}

bool rig__duration_parse(const char *text, uint64_t max_s, uint64_t *out_s)
{
	uint64_t n = 0, unit = 1;
	const char *p = text;

	if (text == NULL || *p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		/* Overflow is refused, not wrapped into a short duration. */
		if (n > (UINT64_MAX - 9) / 10)
			return false;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case '\0':
	case 's':
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		return false;
	}
	if (*p != '\0' && p[1] != '\0')
		return false;
	if (n > max_s / unit)
		return false;
	*out_s = n * unit;
	return true;
}

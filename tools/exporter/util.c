/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The exporter's pure pieces: query words, deadlines, targets, listen
 * addresses (unit-tested by tests/unit/test-exporter). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exporter.h"

int metrics_parse(const char *text, enum metrics_set *out)
{
	if (text == NULL)
		return -1;
	if (strcmp(text, "rigctl") == 0)
		*out = METRICS_RIGCTL;
	else if (strcmp(text, "ipmi_exporter") == 0)
		*out = METRICS_IPMI;
	else if (strcmp(text, "both") == 0)
		*out = METRICS_BOTH;
	else
		return -1;
	return 0;
}

unsigned int deadline_ms(const char *header, unsigned int default_ms)
{
	double total = default_ms, margin;
	char *end;

	if (header != NULL) {
		double v;

		errno = 0;
		v = strtod(header, &end);
		while (end != header && isspace((unsigned char)*end))
			end++;
		/* 1e6 s is far beyond any scrape: treat it as garbage too. */
		if (errno == 0 && end != header && *end == '\0' && isfinite(v) &&
		    v > 0 && v < 1e6)
			total = v * 1000.0;
	}
	/* Prometheus gives up at its timeout: the answer must be on its way
	 * before that, whatever the rigs are doing. */
	margin = total / 10;
	if (margin < 100)
		margin = 100;
	if (margin > 500)
		margin = 500;
	total -= margin;
	return total < 100 ? 100u : (unsigned int)total;
}

/* host:port with the port ":623" dropped, into buf. */
static void without_default_port(const char *addr, char *buf, size_t len)
{
	size_t n = strlen(addr);

	if (n > 4 && strcmp(addr + n - 4, ":623") == 0 &&
	    (addr[0] != '[' || addr[n - 5] == ']') &&
	    (addr[0] == '[' || memchr(addr, ':', n - 4) == NULL))
		n -= 4;
	snprintf(buf, len, "%.*s", (int)n, addr);
}

long target_resolve(const struct target_rig *rigs, size_t n,
		    const char *target, bool *ambiguous)
{
	char want[512], have[512];
	long found = -1;

	*ambiguous = false;
	if (target == NULL || target[0] == '\0')
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rigs[i].name, target) == 0)
			return (long)i;
	/* An address as ipmi_exporter's scrape configs give it: host names
	 * compare without case, the default port is optional. */
	without_default_port(target, want, sizeof(want));
	for (size_t i = 0; i < n; i++) {
		if (rigs[i].bmc == NULL)
			continue;
		without_default_port(rigs[i].bmc, have, sizeof(have));
		if (strcasecmp(want, have) != 0)
			continue;
		if (found >= 0) {
			*ambiguous = true;
			return -1;
		}
		found = (long)i;
	}
	return found;
}

int listen_parse(const char *text, char *host, size_t hostlen,
		 unsigned int *port)
{
	const char *p, *hs = text;
	size_t hl = 0;
	char *end;
	unsigned long v;

	if (text == NULL || text[0] == '\0')
		return -1;
	if (text[0] == '[') {
		const char *rb = strchr(text, ']');

		if (rb == NULL || rb[1] != ':')
			return -1;
		hs = text + 1;
		hl = (size_t)(rb - hs);
		p = rb + 2;
	} else if ((p = strrchr(text, ':')) != NULL) {
		if (memchr(text, ':', (size_t)(p - text)) != NULL)
			return -1; /* a bare v6 address needs brackets */
		hl = (size_t)(p - text);
		p++;
	} else {
		p = text;
	}
	if (hl + 1 > hostlen || !isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > 65535)
		return -1;
	memcpy(host, hs, hl);
	host[hl] = '\0';
	*port = (unsigned int)v;
	return 0;
}

bool listen_loopback(const char *host)
{
	return strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
	       strcasecmp(host, "localhost") == 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rig_add_plug: the plug's URL checked and split into a struct plugp, the
 * password copied into the secret pool, then the path's ops attached.  In
 * the library itself, not in the plug module: it needs no libcurl, and a
 * bad URL is reported as such whether or not the module is installed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "paths/plug/path.h"

void plugp_free(struct plugp *p)
{
	if (p == NULL)
		return;
	free(p->host);
	free(p->user);
	free(p->label);
	rig__secret_free_str(p->password);
	free(p);
}

RIG_API rig_status rig_plug_options_init(rig_plug_options *o,
					 unsigned int version)
{
	return rig__options_init(RIG_OPTS_PLUG, o, version);
}

/* Characters that could end a URL or smuggle a header: a plug URL is
 * host, port and a number, nothing else. */
static bool plain(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == 0x7f || strchr("/?#@%\\\"'<>", c) != NULL)
			return false;
	}
	return true;
}

/* The relay or switch number after the host; absent: the default. */
static bool parse_index(const char *s, unsigned int def, unsigned int min,
			unsigned int *out)
{
	char *end;
	unsigned long v;

	if (s == NULL) {
		*out = def;
		return true;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 ||
	    v < min || v > 32)
		return false;
	*out = (unsigned int)v;
	return true;
}

/* "tasmota://[user@]host[:port][/relay]", "shelly://host[:port][/id]". */
static rig_status split_url(struct plugp *p, const char *url)
{
	static const char tas[] = "tasmota://", shl[] = "shelly://";
	const char *rest, *slash, *at;
	char *hostport;
	rig_status rc;

	if (strncmp(url, tas, sizeof(tas) - 1) == 0) {
		p->kind = PLUG_TASMOTA;
		rest = url + sizeof(tas) - 1;
	} else if (strncmp(url, shl, sizeof(shl) - 1) == 0) {
		p->kind = PLUG_SHELLY;
		rest = url + sizeof(shl) - 1;
	} else {
		return RIG_E_INVALID;
	}
	slash = strchr(rest, '/');
	at = memchr(rest, '@', slash != NULL ? (size_t)(slash - rest)
					     : strlen(rest));
	if (at != NULL) {
		/* Shelly's user is always admin: a name there is a mistake. */
		if (p->kind != PLUG_TASMOTA || at == rest ||
		    !plain(rest, (size_t)(at - rest)))
			return RIG_E_INVALID;
		p->user = strndup(rest, (size_t)(at - rest));
		rest = at + 1;
	} else {
		p->user = strdup("admin");
	}
	if (p->user == NULL)
		return RIG_E_NOMEM;
	if (!parse_index(slash != NULL ? slash + 1 : NULL,
			 p->kind == PLUG_TASMOTA ? 1 : 0,
			 p->kind == PLUG_TASMOTA ? 1 : 0, &p->index))
		return RIG_E_INVALID;
	hostport = strndup(rest, slash != NULL ? (size_t)(slash - rest)
					       : strlen(rest));
	if (hostport == NULL)
		return RIG_E_NOMEM;
	rc = rig__split_hostport(hostport, &p->host, &p->port,
				 PLUG_DEFAULT_PORT);
	free(hostport);
	if (rc == RIG_OK && !plain(p->host, strlen(p->host)))
		rc = RIG_E_INVALID;
	return rc;
}

RIG_API rig_status rig_add_plug(rig *r, const rig_plug_options *given)
{
	rig_plug_options full;
	const struct rig_backend_ops *ops = NULL;
	struct plugp *p;
	rig_status rc;

	if (r == NULL || given == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (r->plug.ops != NULL)
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_INVALID,
				"%s already has a smart plug", r->name);
	rc = rig__options_read(r, RIG_PATH_PLUG, RIG_OPTS_PLUG, given, &full);
	if (rc != RIG_OK)
		return rc;
	if (full.url == NULL || full.url[0] == '\0')
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_INVALID,
				"plug options: no URL");
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_NOMEM, "out of memory");
	rc = split_url(p, full.url);
	if (rc == RIG_OK) {
		p->label = strdup(full.url);
		p->timeout_ms = full.timeout_ms != 0 ? full.timeout_ms
						     : RIG_DEFAULT_TIMEOUT_MS;
		p->off_time_ms = full.off_time_ms != 0 ? full.off_time_ms
						       : 10000u;
		if (full.password != NULL && full.password[0] != '\0')
			p->password = rig__secret_dup(full.password);
		if (p->label == NULL ||
		    (full.password != NULL && full.password[0] != '\0' &&
		     p->password == NULL))
			rc = RIG_E_NOMEM;
	}
	if (rc != RIG_OK) {
		plugp_free(p);
		if (rc == RIG_E_NOMEM)
			return rig__fail(r, RIG_PATH_PLUG, rc, "out of memory");
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_INVALID,
				"plug URL '%s' is not "
				"tasmota://[user@]host[:port][/relay] or "
				"shelly://host[:port][/id]", full.url);
	}
	/* Only now, with options known good: loading costs milliseconds. */
	rc = plug_backend_load(r, &ops);
	if (rc != RIG_OK) {
		plugp_free(p);
		return rc;
	}
	r->plug.ops = ops;
	r->plug.priv = p;
	return RIG_OK;
}

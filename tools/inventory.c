/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The rigs file, parsed with libinih.  Unknown keys, bad values, duplicate
 * keys and sections, and name clashes between rigs and groups are errors
 * that name the file and line: a typo must never silently drop a setting.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "util/array.h"
#include "util/bytes.h"
#include "util/hostlist.h"
#include "util/timefmt.h"
#include "inventory.h"
#include "rigctl.h"
#include "sensor_view.h"

#define MAX_INVENTORY_BYTES (4u << 20)

struct parse {
	struct inventory *inv;
	const char *label;
	char *err;
	size_t errlen;
	bool failed;
	char last_section[256];
	uint64_t keys_seen; /* bit per key of the current rig */
	unsigned int line;
	const char *text;
};

static unsigned int section_line(const char *text, const char *section);

typedef bool (*setter)(struct parse *p, struct inv_rig *r, const char *v);

static bool perr(struct parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool perr(struct parse *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed)
		return false; /* keep the first error */
	p->failed = true;
	n = snprintf(p->err, p->errlen, "%s: ", p->label);
	if (n < 0 || (size_t)n >= p->errlen)
		return false;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static bool set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	return *dst != NULL;
}

static bool number(struct parse *p, const char *key, const char *v,
		   unsigned long min, unsigned long max, unsigned int *out)
{
	unsigned long n;

	if (!parse_uint(v, min, max, &n))
		return perr(p, "%s wants a whole number from %lu to %lu, not "
			       "'%s'", key, min, max, v);
	*out = (unsigned int)n;
	return true;
}

#define STR_SETTER(field)                                                    \
	static bool set_##field(struct parse *p, struct inv_rig *r,         \
				const char *v)                              \
	{                                                                   \
		(void)p;                                                    \
		return set_str(&r->field, v);                               \
	}

STR_SETTER(bmc)
STR_SETTER(bmc_user)
STR_SETTER(bmc_password_file)
STR_SETTER(bmc_password_env)
STR_SETTER(bmc_kg_file)
STR_SETTER(bmc_kg_env)
STR_SETTER(ssh)
STR_SETTER(ssh_identity)
STR_SETTER(ssh_known_hosts)
STR_SETTER(probe_root)
STR_SETTER(wol_broadcast)
STR_SETTER(plug_password_file)
STR_SETTER(plug_password_env)

/* The URL's form is the library's to check (rig_add_plug); a password in
 * it would sit in a readable file, so that alone is refused here. */
static bool set_plug(struct parse *p, struct inv_rig *r, const char *v)
{
	const char *at = strchr(v, '@'), *colon = strchr(v, ':');

	if (colon != NULL && strncmp(colon, "://", 3) == 0)
		colon = strchr(colon + 3, ':');
	if (at != NULL && colon != NULL && colon < at)
		return perr(p, "plug: no password in the URL; use "
			       "plug_password_file or plug_password_env");
	return set_str(&r->plug, v);
}

static bool set_watchdog(struct parse *p, struct inv_rig *r, const char *v)
{
	if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
		return perr(p, "watchdog is on or off, not '%s'", v);
	r->watchdog_off = strcmp(v, "off") == 0;
	return true;
}

static bool set_watchdog_unreachable(struct parse *p, struct inv_rig *r,
				     const char *v)
{
	uint64_t s;

	if (!rig__duration_parse(v, 30u * 86400u, &s) || s == 0)
		return perr(p, "watchdog_unreachable '%s' is not a duration "
			       "from 1s to 30d (90s, 10m, 24h)", v);
	r->watchdog_unreachable = (unsigned int)s;
	return true;
}

/* Fan control (cmd_fans.c): checked here, so a typo is found when the
 * file is read, not when the fans are at stake. */
static bool set_bmc_fan_profile(struct parse *p, struct inv_rig *r,
				const char *v)
{
	if (!fan_profile_known(v))
		return perr(p, "bmc_fan_profile: unknown profile '%s' (known: "
			       "%s)", v, fan_profiles_text());
	return set_str(&r->fan_profile, v);
}

static bool set_fan_headers(struct parse *p, struct inv_rig *r,
			    const char *v)
{
	for (const char *c = v; *c != '\0'; c++)
		if (!isalnum((unsigned char)*c) && strchr(",_- ", *c) == NULL)
			return perr(p, "fan_headers: '%s' is not a list of "
				       "header names (FAN1,FAN2)", v);
	return set_str(&r->fan_headers, v);
}

static bool set_fan_curve(struct parse *p, struct inv_rig *r, const char *v)
{
	rig_fan_curve curve;
	char why[160];

	if (rig_fan_curve_parse(v, &curve, why, sizeof(why)) != RIG_OK)
		return perr(p, "fan_curve: %s", why);
	return set_str(&r->fan_curve, v);
}

static bool set_fan_min(struct parse *p, struct inv_rig *r, const char *v)
{
	return number(p, "fan_min", v, 0, 100, &r->fan_min) &&
	       (r->fan_min_set = true);
}

static bool set_fan_interval(struct parse *p, struct inv_rig *r,
			     const char *v)
{
	uint64_t s;

	if (!rig__duration_parse(v, 3600u, &s) || s == 0)
		return perr(p, "fan_interval '%s' is not a duration from 1s to "
			       "1h (5s, 1m)", v);
	r->fan_interval = (unsigned int)s;
	return true;
}

static bool set_fan_hysteresis(struct parse *p, struct inv_rig *r,
			       const char *v)
{
	char *end;
	double h = strtod(v, &end);

	if (end == v || *end != '\0' || !(h >= 0 && h <= 30))
		return perr(p, "fan_hysteresis wants degrees Celsius from 0 to "
			       "30, not '%s'", v);
	r->fan_hysteresis = h;
	r->fan_hysteresis_set = true;
	return true;
}

static bool set_bmc_privilege(struct parse *p, struct inv_rig *r,
			      const char *v)
{
	if (rig_privilege_parse(v, &r->bmc_privilege) != RIG_OK)
		return perr(p, "bmc_privilege '%s' is not user, operator or "
			       "admin", v);
	return true;
}

static bool set_bmc_cipher_suite(struct parse *p, struct inv_rig *r,
				 const char *v)
{
	unsigned int n = 0;

	if (!number(p, "bmc_cipher_suite", v, 0, 255, &n))
		return false;
	r->bmc_cipher_suite = (int)n;
	return true;
}

static bool set_bmc_workarounds(struct parse *p, struct inv_rig *r,
				const char *v)
{
	const char *bad = NULL;
	char compact[512];
	size_t o = 0;

	/* "a, b" as well as "a,b". */
	for (const char *c = v; *c != '\0' && o + 1 < sizeof(compact); c++)
		if (*c != ' ' && *c != '\t')
			compact[o++] = *c;
	compact[o] = '\0';
	if (rig_workarounds_parse(compact, &r->bmc_workarounds, &bad) != RIG_OK)
		return perr(p, "bmc_workarounds: unknown workaround at '%s'",
			    bad != NULL ? bad : v);
	r->bmc_workarounds_set = true;
	return true;
}

static bool set_bmc_timeout(struct parse *p, struct inv_rig *r, const char *v)
{
	return number(p, "bmc_timeout", v, 100, 3600000, &r->bmc_timeout);
}

static bool set_bmc_retransmission_timeout(struct parse *p, struct inv_rig *r,
					   const char *v)
{
	return number(p, "bmc_retransmission_timeout", v, 10, 60000,
		      &r->bmc_retransmission_timeout);
}

static bool set_ssh_timeout(struct parse *p, struct inv_rig *r, const char *v)
{
	return number(p, "ssh_timeout", v, 100, 3600000, &r->ssh_timeout);
}

static bool set_expect_pcie_width(struct parse *p, struct inv_rig *r,
				  const char *v)
{
	return number(p, "expect_pcie_width", v, 1, 32, &r->expect_pcie_width);
}

static bool set_exclude_sensors(struct parse *p, struct inv_rig *r,
				const char *v)
{
	struct sensor_policy pol = {NULL, 0, NULL, 0};
	char why[256];
	int rc = sensor_exclude_parse(v, &pol, why, sizeof(why));

	sensor_policy_free(&pol);
	if (rc != 0)
		return perr(p, "exclude_sensors: %s", why);
	r->exclude_sensors = strdup(v);
	return r->exclude_sensors != NULL;
}

/* May repeat: one line per pattern reads better than one long line. */
static bool set_threshold(struct parse *p, struct inv_rig *r, const char *v)
{
	struct sensor_policy pol = {NULL, 0, NULL, 0};
	char why[256], **line;
	int rc = sensor_threshold_parse(v, &pol, why, sizeof(why));
	void *items = r->thresholds;

	sensor_policy_free(&pol);
	if (rc != 0)
		return perr(p, "threshold: %s", why);
	line = rig__array_add(&items, &r->nthresholds, sizeof(*line));
	r->thresholds = items;
	if (line == NULL)
		return false;
	*line = strdup(v);
	return *line != NULL;
}

static bool set_wol_port(struct parse *p, struct inv_rig *r, const char *v)
{
	return number(p, "wol_port", v, 1, 65535, &r->wol_port);
}

static bool valid_mac(const char *v)
{
	/* aa:bb:cc:dd:ee:ff, or with '-' */
	if (strlen(v) != 17)
		return false;
	for (int i = 0; i < 17; i++) {
		char c = v[i];

		if (i % 3 == 2 ? (c != ':' && c != '-')
			       : !((c >= '0' && c <= '9') ||
				   (c >= 'a' && c <= 'f') ||
				   (c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

static bool set_wol_mac(struct parse *p, struct inv_rig *r, const char *v)
{
	if (!valid_mac(v))
		return perr(p, "wol_mac '%s' is not a MAC address like "
			       "aa:bb:cc:dd:ee:ff", v);
	return set_str(&r->wol_mac, v);
}

/* Names of rigs and groups: what a shell and a Prometheus label take
 * without quoting. */
static bool valid_name(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.'))
			return false;
	return true;
}

static bool set_groups(struct parse *p, struct inv_rig *r, const char *v)
{
	char *copy = strdup(v), *save = NULL, *tok;
	bool ok = copy != NULL;

	for (tok = ok ? strtok_r(copy, ", \t", &save) : NULL; ok && tok != NULL;
	     tok = strtok_r(NULL, ", \t", &save)) {
		void *items = r->groups;
		char **g;

		if (!valid_name(tok) || strcmp(tok, "all") == 0) {
			ok = perr(p, "group name '%s' is not allowed (letters, "
				     "digits, '-', '_', '.'; 'all' is reserved)",
				  tok);
			break;
		}
		g = rig__array_add(&items, &r->ngroups, sizeof(*g));
		r->groups = items;
		if (g == NULL) {
			ok = false;
			break;
		}
		*g = strdup(tok);
		ok = *g != NULL;
	}
	free(copy);
	return ok;
}

static const struct {
	const char *key;
	setter set;
} keys[] = {
	{"bmc", set_bmc},
	{"bmc_user", set_bmc_user},
	{"bmc_password_file", set_bmc_password_file},
	{"bmc_password_env", set_bmc_password_env},
	{"bmc_kg_file", set_bmc_kg_file},
	{"bmc_kg_env", set_bmc_kg_env},
	{"bmc_privilege", set_bmc_privilege},
	{"bmc_cipher_suite", set_bmc_cipher_suite},
	{"bmc_workarounds", set_bmc_workarounds},
	{"bmc_timeout", set_bmc_timeout},
	{"bmc_retransmission_timeout", set_bmc_retransmission_timeout},
	{"ssh", set_ssh},
	{"ssh_identity", set_ssh_identity},
	{"ssh_known_hosts", set_ssh_known_hosts},
	{"ssh_timeout", set_ssh_timeout},
	{"probe_root", set_probe_root},
	{"expect_pcie_width", set_expect_pcie_width},
	{"exclude_sensors", set_exclude_sensors},
	{"threshold", set_threshold},
	{"wol_mac", set_wol_mac},
	{"wol_broadcast", set_wol_broadcast},
	{"wol_port", set_wol_port},
	{"plug", set_plug},
	{"plug_password_file", set_plug_password_file},
	{"plug_password_env", set_plug_password_env},
	{"watchdog", set_watchdog},
	{"watchdog_unreachable", set_watchdog_unreachable},
	{"bmc_fan_profile", set_bmc_fan_profile},
	{"fan_headers", set_fan_headers},
	{"fan_curve", set_fan_curve},
	{"fan_min", set_fan_min},
	{"fan_interval", set_fan_interval},
	{"fan_hysteresis", set_fan_hysteresis},
	{"groups", set_groups},
};

static struct inv_rig *rig_named(struct inventory *inv, const char *name)
{
	for (size_t i = 0; i < inv->count; i++)
		if (strcmp(inv->rigs[i].name, name) == 0)
			return &inv->rigs[i];
	return NULL;
}

static struct inv_rig *new_section(struct parse *p, const char *section)
{
	struct inventory *inv = p->inv;
	struct inv_rig *r;
	void *items;

	if (!valid_name(section) || strcmp(section, "all") == 0) {
		perr(p, "[%s] is not a usable rig name (letters, digits, '-', "
			"'_', '.'; 'all' is reserved)", section);
		return NULL;
	}
	if (rig_named(inv, section) != NULL) {
		perr(p, "[%s] appears twice (first at line %u)", section,
		     section_line(p->text, section));
		return NULL;
	}
	items = inv->rigs;
	r = rig__array_add(&items, &inv->count, sizeof(*r));
	inv->rigs = items;
	if (r == NULL)
		return NULL;
	r->name = strdup(section);
	r->line = p->line;
	r->bmc_cipher_suite = -1;
	snprintf(p->last_section, sizeof(p->last_section), "%s", section);
	p->keys_seen = 0;
	return r->name != NULL ? r : NULL;
}

static int on_key(void *user, const char *section, const char *name,
		  const char *value)
{
	struct parse *p = user;
	struct inv_rig *r;
	size_t k;

	if (p->failed)
		return 0;
	if (section[0] == '\0')
		return perr(p, "'%s' is outside any [rig] section", name);
	if (strcmp(section, p->last_section) == 0)
		r = &p->inv->rigs[p->inv->count - 1];
	else
		r = new_section(p, section);
	if (r == NULL)
		return perr(p, "out of memory");
	for (k = 0; k < ARRAY_SIZE(keys); k++)
		if (strcmp(keys[k].key, name) == 0)
			break;
	if (k == ARRAY_SIZE(keys))
		return perr(p, "[%s]: unknown key '%s' (see 'man rigctl', "
			       "INVENTORY)", section, name);
	if ((p->keys_seen & (UINT64_C(1) << k)) &&
	    strcmp(name, "threshold") != 0)
		return perr(p, "[%s]: '%s' is set twice", section, name);
	p->keys_seen |= UINT64_C(1) << k;
	if (value[0] == '\0')
		return perr(p, "[%s]: '%s' has no value", section, name);
	if (!keys[k].set(p, r, value))
		return p->failed ? 0 : perr(p, "out of memory");
	return 1;
}

/* libinih reports the first failing line; prefix our message with it. */
static void add_line(struct parse *p, int line)
{
	char msg[1024];
	size_t l = strlen(p->label);

	if (strncmp(p->err, p->label, l) != 0 || p->err[l] != ':')
		return;
	snprintf(msg, sizeof(msg), "%s:%d:%s", p->label, line, p->err + l + 1);
	snprintf(p->err, p->errlen, "%s", msg);
}

static bool check_names(struct parse *p)
{
	struct inventory *inv = p->inv;

	for (size_t i = 0; i < inv->count; i++)
		for (size_t g = 0; g < inv->rigs[i].ngroups; g++)
			if (rig_named(inv, inv->rigs[i].groups[g]) != NULL) {
				p->line = inv->rigs[i].line;
				perr(p, "group '%s' of [%s] has the name of a "
					"rig: rig and group names share one "
					"namespace", inv->rigs[i].groups[g],
				     inv->rigs[i].name);
				add_line(p, (int)inv->rigs[i].line);
				return false;
			}
	return true;
}

/* The section header lines, so errors and rigs can name them: libinih
 * does not pass line numbers to the handler in Debian's build. */
static unsigned int section_line(const char *text, const char *section)
{
	unsigned int line = 1;
	size_t len = strlen(section);

	for (const char *s = text; *s != '\0'; line++) {
		const char *b = s;

		while (*b == ' ' || *b == '\t')
			b++;
		if (*b == '[' && strncmp(b + 1, section, len) == 0 &&
		    b[1 + len] == ']')
			return line;
		s = strchr(s, '\n');
		if (s == NULL)
			break;
		s++;
	}
	return 0;
}

bool inventory_parse(const char *text, const char *label,
		     struct inventory **out, char *err, size_t errlen)
{
	struct parse p = {.label = label, .err = err, .errlen = errlen,
			  .text = text};
	int rc;

	*out = NULL;
	err[0] = '\0';
	p.inv = calloc(1, sizeof(*p.inv));
	if (p.inv == NULL)
		return false;
	rc = ini_parse_string(text, on_key, &p);
	if (rc != 0 && !p.failed)
		perr(&p, "not INI syntax (a [section] or key = value line "
			 "was expected)");
	if (rc > 0)
		add_line(&p, rc);
	for (size_t i = 0; !p.failed && i < p.inv->count; i++)
		p.inv->rigs[i].line = section_line(text, p.inv->rigs[i].name);
	if (!p.failed)
		check_names(&p);
	if (p.failed) {
		inventory_free(p.inv);
		return false;
	}
	*out = p.inv;
	return true;
}

bool inventory_load(const char *path, struct inventory **out, char *err,
		    size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text;
	size_t n;
	bool ok;

	*out = NULL;
	if (f == NULL) {
		snprintf(err, errlen, "cannot open inventory %s: %s", path,
			 strerror(errno));
		return false;
	}
	text = malloc(MAX_INVENTORY_BYTES + 1);
	n = text != NULL ? fread(text, 1, MAX_INVENTORY_BYTES + 1, f) : 0;
	fclose(f);
	if (text == NULL || n > MAX_INVENTORY_BYTES ||
	    memchr(text, '\0', n) != NULL) {
		snprintf(err, errlen, "%s: not a text file under 4 MiB", path);
		free(text);
		return false;
	}
	text[n] = '\0';
	ok = inventory_parse(text, path, out, err, errlen);
	free(text);
	if (ok)
		(*out)->path = strdup(path);
	return ok;
}

void inventory_free(struct inventory *inv)
{
	if (inv == NULL)
		return;
	for (size_t i = 0; i < inv->count; i++) {
		struct inv_rig *r = &inv->rigs[i];

		free(r->name);
		free(r->bmc);
		free(r->bmc_user);
		free(r->bmc_password_file);
		free(r->bmc_password_env);
		free(r->bmc_kg_file);
		free(r->bmc_kg_env);
		free(r->ssh);
		free(r->ssh_identity);
		free(r->ssh_known_hosts);
		free(r->probe_root);
		free(r->exclude_sensors);
		free(r->fan_profile);
		free(r->fan_headers);
		free(r->fan_curve);
		for (size_t t = 0; t < r->nthresholds; t++)
			free(r->thresholds[t]);
		free(r->thresholds);
		free(r->wol_mac);
		free(r->wol_broadcast);
		free(r->plug);
		free(r->plug_password_file);
		free(r->plug_password_env);
		for (size_t g = 0; g < r->ngroups; g++)
			free(r->groups[g]);
		free(r->groups);
	}
	free(inv->rigs);
	free(inv->path);
	free(inv);
}

static bool in_group(const struct inv_rig *r, const char *group)
{
	for (size_t g = 0; g < r->ngroups; g++)
		if (strcmp(r->groups[g], group) == 0)
			return true;
	return false;
}

bool inventory_select(const struct inventory *inv, const char *names,
		      size_t **idx, size_t *n, char *err, size_t errlen)
{
	bool *chosen = calloc(inv->count + 1, sizeof(*chosen));
	struct rig_hostlist list = {NULL, 0};
	char why[512];
	bool ok = chosen != NULL;

	*idx = NULL;
	*n = 0;
	/* Rig and group names are written as host lists are ("rig[01-03,07]"),
	 * so one spelling works for -H and -r. */
	if (ok && !rig__hostlist_expand(names, RIG_HOSTLIST_MAX, &list, why,
					sizeof(why))) {
		snprintf(err, errlen, "-r '%s': %s", names, why);
		ok = false;
	}
	for (size_t k = 0; ok && k < list.count; k++) {
		const char *tok = list.hosts[k];
		bool all = strcmp(tok, "all") == 0, found = all;

		for (size_t i = 0; i < inv->count; i++)
			if (all || strcmp(inv->rigs[i].name, tok) == 0 ||
			    in_group(&inv->rigs[i], tok))
				chosen[i] = found = true;
		if (!found) {
			snprintf(err, errlen, "-r: no rig or group '%s' in %s",
				 tok, inv->path != NULL ? inv->path
							: "the inventory");
			ok = false;
		}
	}
	if (ok)
		*idx = calloc(inv->count + 1, sizeof(**idx));
	for (size_t i = 0; ok && *idx != NULL && i < inv->count; i++)
		if (chosen[i])
			(*idx)[(*n)++] = i;
	if (ok && *n == 0) {
		snprintf(err, errlen, "-r %s selects no rig", names);
		ok = false;
	}
	if (!ok) {
		free(*idx);
		*idx = NULL;
		*n = 0;
	}
	rig__hostlist_free(&list);
	free(chosen);
	return ok;
}

const char *inventory_find(const char *explicit_path, char *buf, size_t len)
{
	char dir[4096];

	if (explicit_path != NULL) {
		snprintf(buf, len, "%s", explicit_path);
		return buf;
	}
	if (paths_xdg(getenv("XDG_CONFIG_HOME"), getenv("HOME"), ".config", dir,
		      sizeof(dir)) != NULL) {
		snprintf(buf, len, "%s/rigs.conf", dir);
		if (access(buf, F_OK) == 0)
			return buf;
	}
	snprintf(buf, len, "/etc/rigctl/rigs.conf");
	return access(buf, F_OK) == 0 ? buf : NULL;
}

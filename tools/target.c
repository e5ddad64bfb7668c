/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * From the selection options to rig handles.  Each rig is first described
 * by a spec (from the inventory or the command line, command-line options
 * overriding the inventory), then built through the public API.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "rigctl.h"
#include "util/hostlist.h"

/* One rig to build: the inventory's settings with the command line's
 * overrides applied.  Strings are borrowed. */
struct spec {
	const char *name;
	const char *bmc, *bmc_user, *password_file, *password_env;
	const char *kg_file, *kg_env;
	rig_privilege privilege;
	int cipher_suite;
	uint32_t workarounds;
	unsigned int bmc_timeout, retransmission;
	const char *ssh, *identity, *known_hosts, *probe_root;
	unsigned int ssh_timeout, pcie_width;
	const char *wol_mac, *wol_broadcast;
	unsigned int wol_port;
	const char *plug, *plug_password_file, *plug_password_env;
	unsigned int plug_timeout, plug_off_time;
};

/* The password and K_g that apply where neither the command line nor the
 * inventory names one: read once (the environment is wiped after). */
struct fallback {
	bool read, kg_read;
	char *password;
	unsigned char *kg;
	size_t kg_len;
};

static void log_to_stderr(void *user, rig_log_level level, const char *name,
			  const char *message)
{
	static const char *const names[] = {"error", "warning", "info",
					    "debug"};

	(void)user;
	fprintf(stderr, "rigctl: %s: %s: %s\n", name, names[level], message);
}

static void spec_from_globals(struct spec *s, const struct globals *g)
{
	memset(s, 0, sizeof(*s));
	s->bmc_user = g->username;
	s->password_file = g->password_file;
	s->kg_file = g->kg_file;
	s->privilege = g->privilege_set ? g->privilege : RIG_PRIV_AUTO;
	s->cipher_suite = g->cipher_suite;
	s->workarounds = g->workarounds;
	s->bmc_timeout = g->timeout_ms;
	s->retransmission = g->retransmission_ms;
	s->identity = g->identity_file;
	s->known_hosts = g->known_hosts;
	s->probe_root = g->probe_root;
	s->ssh_timeout = g->timeout_ms;
	s->pcie_width = g->expect_pcie_width;
	s->wol_mac = g->mac;
	s->wol_broadcast = g->wol_broadcast;
	s->wol_port = g->wol_port;
	s->plug = g->plug;
	s->plug_password_file = g->plug_password_file;
	s->plug_timeout = g->timeout_ms;
	s->plug_off_time = g->plug_off_time_ms;
}

#define PICK(cli, inv) ((cli) != NULL ? (cli) : (inv))

static void spec_from_inventory(struct spec *s, const struct globals *g,
				const struct inv_rig *r)
{
	spec_from_globals(s, g);
	s->name = r->name;
	s->bmc = r->bmc;
	s->bmc_user = PICK(g->username, r->bmc_user);
	/* A password named on the command line wins; else the inventory's
	 * file, else its environment variable. */
	s->password_file = PICK(g->password_file, r->bmc_password_file);
	s->password_env = s->password_file == NULL ? r->bmc_password_env : NULL;
	s->kg_file = PICK(g->kg_file, r->bmc_kg_file);
	s->kg_env = s->kg_file != NULL ? NULL : r->bmc_kg_env;
	if (!g->privilege_set && r->bmc_privilege != RIG_PRIV_AUTO)
		s->privilege = r->bmc_privilege;
	if (!g->cipher_suite_set && r->bmc_cipher_suite >= 0)
		s->cipher_suite = r->bmc_cipher_suite;
	if (!g->workarounds_set && r->bmc_workarounds_set)
		s->workarounds = r->bmc_workarounds;
	if (!g->timeout_set && r->bmc_timeout != 0)
		s->bmc_timeout = r->bmc_timeout;
	if (g->retransmission_ms == 0)
		s->retransmission = r->bmc_retransmission_timeout;
	s->ssh = r->ssh;
	s->identity = PICK(g->identity_file, r->ssh_identity);
	s->known_hosts = PICK(g->known_hosts, r->ssh_known_hosts);
	s->probe_root = PICK(g->probe_root, r->probe_root);
	if (!g->timeout_set && r->ssh_timeout != 0)
		s->ssh_timeout = r->ssh_timeout;
	if (g->expect_pcie_width == 0)
		s->pcie_width = r->expect_pcie_width;
	s->wol_mac = PICK(g->mac, r->wol_mac);
	if (!g->wol_broadcast_set && r->wol_broadcast != NULL)
		s->wol_broadcast = r->wol_broadcast;
	if (!g->wol_port_set && r->wol_port != 0)
		s->wol_port = r->wol_port;
	s->plug = PICK(g->plug, r->plug);
	s->plug_password_file = PICK(g->plug_password_file,
				     r->plug_password_file);
	s->plug_password_env = s->plug_password_file == NULL
				       ? r->plug_password_env
				       : NULL;
}

/* The password nobody named: the environment, else the prompt, once. */
static int fallback_password(const struct globals *g, struct fallback *f,
			     const char *label)
{
	struct globals none = *g;

	if (f->read)
		return EXIT_OK;
	f->read = true;
	none.password_file = NULL;
	return secret_password(&none, label, &f->password);
}

/* The K_g nobody named: RIGCTL_KG, read once. */
static int fallback_kg(const struct globals *g, struct fallback *f)
{
	struct globals none = *g;

	if (f->kg_read)
		return EXIT_OK;
	f->kg_read = true;
	none.kg_file = NULL;
	return secret_kg(&none, &f->kg, &f->kg_len);
}

static void fallback_free(struct fallback *f)
{
	if (f->password != NULL)
		secret_free(f->password, strlen(f->password));
	secret_free(f->kg, f->kg_len + 1);
	memset(f, 0, sizeof(*f));
}

/* Where one rig's configuration errors go: stderr, or that rig's own
 * record while build_one collects them for a check. */
static FILE *rig_msgs;

static FILE *msgs(void)
{
	return rig_msgs != NULL ? rig_msgs : stderr;
}

static int env_secret(const char *var, const char *rig_name, char **out)
{
	const char *v = getenv(var);

	if (v == NULL || v[0] == '\0') {
		fprintf(msgs(), "rigctl: %s: the inventory names $%s for the "
				"password, but it is %s\n", rig_name, var,
			v == NULL ? "not set" : "empty");
		return EXIT_USAGE;
	}
	*out = strdup(v);
	return *out != NULL ? EXIT_OK : EXIT_FAILED;
}

/* A path the library refused: its message, with rigctl's advice where the
 * error carries a hint. */
static int add_failed(rig *r, const char *name, rig_status st)
{
	const char *advice = hint_advice(rig_error_hint_at(r, 0));

	fprintf(msgs(), "rigctl: %s: %s%s%s\n", name, rig_errormsg(r),
		advice != NULL ? "; " : "", advice != NULL ? advice : "");
	return exit_code_of(st);
}

static int add_bmc(struct ctx *c, rig *r, const struct spec *s,
		   struct fallback *fb)
{
	char *pw = NULL, *kg_text = NULL;
	unsigned char *kg = NULL;
	size_t kg_len = 0, len = 0;
	rig_bmc_options o;
	rig_status st = RIG_OK;
	int rc = EXIT_OK;

	if (s->password_file != NULL)
		rc = secret_file_read(s->password_file, "password file", &pw, &len);
	else if (s->password_env != NULL)
		rc = env_secret(s->password_env, s->name, &pw);
	if (rc == EXIT_OK && s->kg_file != NULL)
		rc = secret_file_read(s->kg_file, "K_g file", &kg_text, &kg_len);
	else if (rc == EXIT_OK && s->kg_env != NULL)
		rc = env_secret(s->kg_env, s->name, &kg_text);
	if (rc == EXIT_OK && kg_text != NULL)
		rc = secret_kg_decode(kg_text, strlen(kg_text), &kg, &kg_len);
	if (rc == EXIT_OK && pw == NULL)
		rc = fallback_password(&c->g, fb, s->name);
	if (rc == EXIT_OK && kg_text == NULL)
		rc = fallback_kg(&c->g, fb);
	if (rc == EXIT_OK) {
		rig_bmc_options_init(&o, RIG_BMC_OPTIONS_VERSION);
		o.host = s->bmc;
		o.username = s->bmc_user;
		o.password = pw != NULL ? pw : fb->password;
		o.k_g = kg != NULL ? kg : fb->kg;
		o.k_g_len = kg != NULL ? kg_len : fb->kg_len;
		o.privilege = s->privilege;
		o.cipher_suite = s->cipher_suite;
		o.timeout_ms = s->bmc_timeout;
		o.retransmission_timeout_ms = s->retransmission;
		o.workarounds = s->workarounds;
		o.sdr_cache_dir = c->g.cache_dir;
		o.allow_no_auth = c->g.allow_no_auth;
		st = rig_add_bmc(r, &o);
		if (st != RIG_OK) {
			rc = add_failed(r, s->name, st);
		} else if (o.password == NULL && !c->no_secrets &&
			   o.cipher_suite != 0) {
			/* FreeIPMI would log in with an empty password: say
			 * where one can come from instead (after the other
			 * options were found sound; a command without I/O
			 * needs none, nor cipher suite 0, which has no
			 * authentication). */
			fprintf(msgs(), "rigctl: %s: no BMC password: give it in "
					"a file (-f FILE, or bmc_password_file in "
					"the inventory), in $RIGCTL_PASSWORD or "
					"$IPMI_PASSWORD, or run on a terminal to be "
					"asked\n", s->name);
			rc = EXIT_USAGE;
		} else if (o.cipher_suite == 0) {
			fprintf(stderr, "rigctl: %s: warning: cipher suite 0: no "
					"authentication, no integrity, no "
					"encryption; anyone who can reach the BMC "
					"can act as this user\n", s->name);
		}
	}
	/* The library holds its own locked copies now. */
	if (pw != NULL)
		secret_free(pw, strlen(pw));
	if (kg_text != NULL)
		secret_free(kg_text, strlen(kg_text));
	secret_free(kg, kg_len + 1);
	return rc;
}

static int add_ssh(struct ctx *c, rig *r, const struct spec *s)
{
	rig_ssh_options o;
	rig_status st;

	rig_ssh_options_init(&o, RIG_SSH_OPTIONS_VERSION);
	o.target = s->ssh;
	o.identity_file = s->identity;
	o.known_hosts = s->known_hosts;
	o.accept_new_host_key = c->g.accept_new_host_key;
	o.timeout_ms = s->ssh_timeout;
	if (s->probe_root != NULL)
		o.probe_root = s->probe_root;
	o.expect_pcie_width = s->pcie_width;
	st = rig_add_ssh(r, &o);
	return st != RIG_OK ? add_failed(r, s->name, st) : EXIT_OK;
}

static int add_wol(struct ctx *c, rig *r, const struct spec *s)
{
	rig_wol_options o;
	rig_status st;

	(void)c;
	rig_wol_options_init(&o, RIG_WOL_OPTIONS_VERSION);
	o.mac = s->wol_mac;
	if (s->wol_broadcast != NULL)
		o.broadcast = s->wol_broadcast;
	if (s->wol_port != 0)
		o.port = (uint16_t)s->wol_port;
	st = rig_add_wol(r, &o);
	return st != RIG_OK ? add_failed(r, s->name, st) : EXIT_OK;
}

/* The HOST[:PORT] of a plug URL (scheme, user and relay left out), for an
 * ad-hoc rig's name; the URL itself when it has no "://". */
static const char *plug_host_of(const char *url, char *buf, size_t len)
{
	const char *h = strstr(url, "://"), *at;
	size_t n;

	if (h == NULL)
		return url;
	h += 3;
	at = strchr(h, '@');
	if (at != NULL && at < h + strcspn(h, "/"))
		h = at + 1;
	n = strcspn(h, "/");
	snprintf(buf, len, "%.*s", (int)n, h);
	return buf[0] != '\0' ? buf : url;
}

/* The plug's password, by reference only: the named file, else the
 * inventory's variable, else RIGCTL_PLUG_PASSWORD (all wiped from the
 * environment once the rigs are built); none is no password. */
static int add_plug(struct ctx *c, rig *r, const struct spec *s)
{
	rig_plug_options o;
	const char *env = NULL;
	char *pw = NULL;
	size_t len = 0;
	rig_status st;
	int rc = EXIT_OK;

	rig_plug_options_init(&o, RIG_PLUG_OPTIONS_VERSION);
	o.url = s->plug;
	o.timeout_ms = s->plug_timeout;
	if (s->plug_off_time != 0)
		o.off_time_ms = s->plug_off_time;
	if (c->no_secrets)
		;
	else if (s->plug_password_file != NULL)
		rc = secret_file_read(s->plug_password_file,
				      "plug password file", &pw, &len);
	else if ((env = getenv(s->plug_password_env != NULL
					? s->plug_password_env
					: "RIGCTL_PLUG_PASSWORD")) != NULL &&
		 env[0] != '\0')
		pw = strdup(env);
	if (rc != EXIT_OK)
		return rc;
	o.password = pw;
	st = rig_add_plug(r, &o);
	if (pw != NULL)
		secret_free(pw, strlen(pw));
	return st != RIG_OK ? add_failed(r, s->name, st) : EXIT_OK;
}

static json_t *spec_json(const struct spec *s, const struct inv_rig *ir)
{
	json_t *groups = json_array(), *thr = json_array();

	for (size_t i = 0; ir != NULL && i < ir->ngroups; i++)
		json_array_append_new(groups, json_string(ir->groups[i]));
	/* The sensor settings, for sensors and check (sensor_policies()). */
	for (size_t i = 0; ir != NULL && i < ir->nthresholds; i++)
		json_array_append_new(thr, json_string(ir->thresholds[i]));
	json_t *o = json_pack("{s:s?, s:s?, s:s?, s:s?, s:o, s:s?, s:o}", "bmc",
			      s->bmc, "ssh", s->ssh, "wol_mac", s->wol_mac,
			      "plug", s->plug, "groups", groups,
			      "exclude_sensors",
			      ir != NULL ? ir->exclude_sensors : NULL,
			      "threshold", thr);

	/* The watchdog's settings (cmd_watchdog.c). */
	if (o != NULL && ir != NULL && ir->watchdog_off)
		json_object_set_new(o, "watchdog", json_false());
	if (o != NULL && ir != NULL && ir->watchdog_unreachable != 0)
		json_object_set_new(o, "watchdog_unreachable",
				    json_integer(ir->watchdog_unreachable));
	/* Fan control's settings (cmd_fans.c). */
	if (o != NULL && ir != NULL && ir->fan_profile != NULL)
		json_object_set_new(o, "fan_profile",
				    json_string(ir->fan_profile));
	if (o != NULL && ir != NULL && ir->fan_headers != NULL)
		json_object_set_new(o, "fan_headers",
				    json_string(ir->fan_headers));
	if (o != NULL && ir != NULL && ir->fan_curve != NULL)
		json_object_set_new(o, "fan_curve", json_string(ir->fan_curve));
	if (o != NULL && ir != NULL && ir->fan_min_set)
		json_object_set_new(o, "fan_min", json_integer(ir->fan_min));
	if (o != NULL && ir != NULL && ir->fan_interval != 0)
		json_object_set_new(o, "fan_interval",
				    json_integer(ir->fan_interval));
	if (o != NULL && ir != NULL && ir->fan_hysteresis_set)
		json_object_set_new(o, "fan_hysteresis",
				    json_real(ir->fan_hysteresis));
	return o;
}

static int add_paths(struct ctx *c, struct result *res, const struct spec *s,
		     struct fallback *fb);

/* The checks follow the monitoring-plugin convention rigs by rig: a rig
 * whose configuration is wrong is that rig's UNKNOWN, and the other rigs
 * are still checked (a fleet check is not silenced by one bad file). */
static bool per_rig_config_errors(const struct ctx *c)
{
	return c->cmd != NULL &&
	       (strcmp(c->cmd->name, "check") == 0 ||
		/* The exporter scrapes every other rig all the same. */
		strcmp(c->cmd->name, "exporter") == 0 ||
		(c->prom_command != NULL &&
		 strcmp(c->prom_command, "ecc check") == 0));
}

/* The collected messages as one line, without rigctl's prefix and the
 * rig's name (the result's error is printed as "rigctl: RIG: ..."
 * already); NULL when out of memory.  text is freed. */
static char *config_error_text(char *text, const char *name)
{
	size_t n = strlen(name), o = 0;
	char *one = malloc(2 * strlen(text) + 1);

	for (const char *line = text; one != NULL && *line != '\0';) {
		const char *end = strchr(line, '\n');
		size_t len = end != NULL ? (size_t)(end - line) : strlen(line);

		if (strncmp(line, "rigctl: ", 8) == 0) {
			line += 8;
			len -= 8;
		}
		if (len > n + 2 && strncmp(line, name, n) == 0 &&
		    line[n] == ':' && line[n + 1] == ' ') {
			line += n + 2;
			len -= n + 2;
		}
		if (o > 0) {
			memcpy(one + o, "; ", 2);
			o += 2;
		}
		memcpy(one + o, line, len);
		o += len;
		line = end != NULL ? end + 1 : line + len;
	}
	if (one != NULL)
		one[o] = '\0';
	free(text);
	return one;
}

static int build_one(struct ctx *c, const struct spec *s, struct fallback *fb,
		     const struct inv_rig *ir)
{
	struct result *res = &c->results[c->count];
	char *text = NULL;
	size_t len = 0;
	FILE *f, *old;
	int rc;

	c->specs[c->count] = spec_json(s, ir);
	if (rig_new(s->name, &res->r) != RIG_OK) {
		fprintf(stderr, "rigctl: out of memory\n");
		return EXIT_FAILED;
	}
	c->count++;
	if (c->g.verbose > 0)
		rig_set_log(res->r, log_to_stderr, NULL,
			    c->g.verbose > 1 ? RIG_LOG_DEBUG : RIG_LOG_INFO);
	if (!per_rig_config_errors(c) ||
	    (f = open_memstream(&text, &len)) == NULL)
		return add_paths(c, res, s, fb);
	rig_msgs = f;
	old = secret_messages(f);
	rc = add_paths(c, res, s, fb);
	secret_messages(old == stderr ? NULL : old);
	rig_msgs = NULL;
	fclose(f);
	if (rc == EXIT_USAGE && text != NULL && text[0] != '\0') {
		res->config_error = config_error_text(text, s->name);
		return res->config_error != NULL ? EXIT_OK : EXIT_FAILED;
	}
	/* Anything else (out of memory) still ends the run; what was said
	 * goes out as it would have. */
	fputs(text != NULL ? text : "", stderr);
	free(text);
	return rc;
}

static int add_paths(struct ctx *c, struct result *res, const struct spec *s,
		     struct fallback *fb)
{
	int rc = EXIT_OK;

	if (s->bmc != NULL && c->no_secrets) {
		struct spec bare = *s;

		bare.password_file = bare.password_env = NULL;
		bare.kg_file = bare.kg_env = NULL;
		fb->read = fb->kg_read = true; /* nothing from env or prompt */
		rc = add_bmc(c, res->r, &bare, fb);
	} else if (s->bmc != NULL) {
		rc = add_bmc(c, res->r, s, fb);
	}
	if (rc == EXIT_OK && s->ssh != NULL)
		rc = add_ssh(c, res->r, s);
	if (rc == EXIT_OK && s->ssh != NULL && s->bmc != NULL && c->ssh_twin) {
		if (rig_new(s->name, &res->os) != RIG_OK) {
			fprintf(stderr, "rigctl: out of memory\n");
			return EXIT_FAILED;
		}
		rc = add_ssh(c, res->os, s);
	}
	if (rc == EXIT_OK && s->wol_mac != NULL)
		rc = add_wol(c, res->r, s);
	if (rc == EXIT_OK && s->plug != NULL)
		rc = add_plug(c, res->r, s);
	return rc;
}

/* An option given an empty value names nothing: refuse it by its name
 * rather than letting it fall through as if it were absent. */
static int refuse_empty(const char *opt, const char *value)
{
	if (value == NULL || value[0] != '\0')
		return EXIT_OK;
	fprintf(stderr, "rigctl: %s: empty value\n", opt);
	return EXIT_USAGE;
}

/* -H as FreeIPMI's tools take it: a host list, one ad-hoc rig per BMC,
 * named by its address.  --ssh and --mac add a path to the one rig -H
 * names (or make a rig alone); beside a list of several rigs they would
 * belong to none in particular, so that is refused. */
static int adhoc(struct ctx *c, struct fallback *fb)
{
	const struct globals *g = &c->g;
	struct rig_hostlist hosts = {NULL, 0};
	char err[512];
	struct spec s;
	size_t n = 1;
	int rc = EXIT_OK;

	if (g->bmc_hosts != NULL) {
		if (!rig__hostlist_expand(g->bmc_hosts, RIG_HOSTLIST_MAX, &hosts,
					  err, sizeof(err))) {
			fprintf(stderr, "rigctl: -H '%s': %s\n", g->bmc_hosts,
				err);
			return strcmp(err, "out of memory") == 0 ? EXIT_FAILED
								 : EXIT_USAGE;
		}
		n = hosts.count;
	}
	/* --ssh, --mac and --plug are paths of one rig, which a list of
	 * several cannot say which rig it is. */
	if (n > 1 &&
	    (g->ssh_target != NULL || g->mac != NULL || g->plug != NULL)) {
		fprintf(stderr, "rigctl: %s beside -H '%s' (%zu rigs): which rig "
				"would it belong to?  Give -H one host, or put "
				"the rigs in an inventory (-r)\n",
			g->ssh_target != NULL ? "--ssh"
			: g->mac != NULL      ? "--mac"
					      : "--plug",
			g->bmc_hosts,
			n);
		rig__hostlist_free(&hosts);
		return EXIT_USAGE;
	}
	c->results = calloc(n, sizeof(*c->results));
	c->specs = calloc(n, sizeof(*c->specs));
	if (c->results == NULL || c->specs == NULL) {
		rig__hostlist_free(&hosts);
		return EXIT_FAILED;
	}
	spec_from_globals(&s, g);
	s.ssh = g->ssh_target;
	if (hosts.count == 0) {
		char plug_host[256];

		/* A rig's name: the -H value, else --ssh, else the --plug
		 * host, else --mac. */
		s.name = g->ssh_target != NULL ? g->ssh_target
			 : g->plug != NULL
				 ? plug_host_of(g->plug, plug_host,
						sizeof(plug_host))
				 : g->mac;
		rc = build_one(c, &s, fb, NULL);
	}
	for (size_t i = 0; i < hosts.count && rc == EXIT_OK; i++) {
		s.name = hosts.hosts[i];
		s.bmc = hosts.hosts[i];
		rc = build_one(c, &s, fb, NULL);
	}
	/* Handles copied their names and addresses. */
	rig__hostlist_free(&hosts);
	return rc;
}

static int from_inventory(struct ctx *c, struct fallback *fb)
{
	char path[4096], err[1024];
	struct inventory *inv = NULL;
	size_t *idx = NULL, n = 0;
	int rc = EXIT_OK;

	if (inventory_find(c->g.config_file, path, sizeof(path)) == NULL) {
		fprintf(stderr, "rigctl: -r needs an inventory: none at "
				"$XDG_CONFIG_HOME/rigctl/rigs.conf, "
				"~/.config/rigctl/rigs.conf or "
				"/etc/rigctl/rigs.conf (or give -c FILE)\n");
		return EXIT_USAGE;
	}
	if (!inventory_load(path, &inv, err, sizeof(err)) ||
	    !inventory_select(inv, c->g.rig_names, &idx, &n, err, sizeof(err))) {
		fprintf(stderr, "rigctl: %s\n", err);
		inventory_free(inv);
		return EXIT_USAGE;
	}
	c->results = calloc(n, sizeof(*c->results));
	c->specs = calloc(n, sizeof(*c->specs));
	if (c->results == NULL || c->specs == NULL)
		rc = EXIT_FAILED;
	for (size_t i = 0; rc == EXIT_OK && i < n; i++) {
		const struct inv_rig *ir = &inv->rigs[idx[i]];
		struct spec s;

		spec_from_inventory(&s, &c->g, ir);
		if (s.bmc == NULL && s.ssh == NULL && s.wol_mac == NULL &&
		    s.plug == NULL) {
			fprintf(stderr, "rigctl: %s:%u: [%s] has no path: give it "
					"bmc, ssh, plug or wol_mac\n", path, ir->line,
				ir->name);
			rc = EXIT_USAGE;
			break;
		}
		rc = build_one(c, &s, fb, ir);
	}
	/* Variables the inventory names as holding a password or K_g go the
	 * way of RIGCTL_PASSWORD: wiped, so no child inherits them.
	 * After the loop: rigs may share one variable. */
	for (size_t i = 0; inv != NULL && i < inv->count; i++) {
		if (inv->rigs[i].bmc_password_env != NULL)
			secret_wipe_env(inv->rigs[i].bmc_password_env);
		if (inv->rigs[i].bmc_kg_env != NULL)
			secret_wipe_env(inv->rigs[i].bmc_kg_env);
		if (inv->rigs[i].plug_password_env != NULL)
			secret_wipe_env(inv->rigs[i].plug_password_env);
	}
	/* Handles copied every string they keep. */
	free(idx);
	inventory_free(inv);
	return rc;
}

int targets_build(struct ctx *c)
{
	const struct globals *g = &c->g;
	struct fallback fb = {0};
	int rc;

	rc = refuse_empty("-H", g->bmc_hosts);
	if (rc == EXIT_OK)
		rc = refuse_empty("--ssh", g->ssh_target);
	if (rc == EXIT_OK)
		rc = refuse_empty("--mac", g->mac);
	if (rc == EXIT_OK)
		rc = refuse_empty("--plug", g->plug);
	if (rc == EXIT_OK)
		rc = refuse_empty("-r", g->rig_names);
	if (rc != EXIT_OK)
		return rc;
	if (g->bmc_hosts == NULL && g->ssh_target == NULL && g->mac == NULL &&
	    g->plug == NULL && g->rig_names == NULL) {
		fprintf(stderr, "rigctl: no rig chosen: give -H HOST (a BMC), "
				"--ssh HOST, --plug URL, --mac MAC, or -r NAME "
				"from the inventory\n");
		return EXIT_USAGE;
	}
	if (g->rig_names != NULL &&
	    (g->bmc_hosts != NULL || g->ssh_target != NULL || g->mac != NULL ||
	     g->plug != NULL)) {
		fprintf(stderr, "rigctl: choose rigs either from the inventory "
				"(-r) or on the command line (-H, --ssh, --plug, "
				"--mac), not both\n");
		return EXIT_USAGE;
	}
	rc = g->rig_names != NULL ? from_inventory(c, &fb) : adhoc(c, &fb);
	fallback_free(&fb);
	/* No secret outlives the handles' own copies, in memory or in the
	 * environment that child processes would inherit. */
	secret_wipe_env("RIGCTL_PASSWORD");
	secret_wipe_env("IPMI_PASSWORD");
	secret_wipe_env("RIGCTL_PLUG_PASSWORD");
	secret_wipe_env("RIGCTL_KG");
	return rc;
}

void targets_free(struct ctx *c)
{
	for (size_t i = 0; i < c->count; i++) {
		rig_free(c->results[i].r);
		rig_free(c->results[i].os);
		free(c->results[i].config_error);
		json_decref(c->results[i].data);
		json_decref(c->results[i].errors);
		json_decref(c->specs[i]);
	}
	free(c->results);
	free(c->specs);
	c->specs = NULL;
	c->results = NULL;
	c->count = 0;
}

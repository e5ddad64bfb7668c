/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From the selection options to rig handles. */
#include <stdlib.h>
#include <string.h>

#include "rigctl.h"

static void log_to_stderr(void *user, rig_log_level level, const char *name,
			  const char *message)
{
	static const char *const names[] = {"error", "warning", "info",
					    "debug"};

	(void)user;
	fprintf(stderr, "rigctl: %s: %s: %s\n", name, names[level], message);
}

struct secrets {
	char *password;
	unsigned char *kg;
	size_t kg_len;
};

static void secrets_free(struct secrets *s)
{
	if (s->password != NULL)
		secret_free(s->password, strlen(s->password));
	secret_free(s->kg, s->kg_len);
	memset(s, 0, sizeof(*s));
}

static int add_bmc(struct ctx *c, rig *r, const char *host,
		   const struct secrets *s)
{
	const struct globals *g = &c->g;
	rig_bmc_options o;
	rig_status st;

	rig_bmc_options_init(&o);
	o.host = host;
	o.username = g->username;
	o.password = s->password;
	o.k_g = s->kg;
	o.k_g_len = s->kg_len;
	o.privilege = g->privilege_set ? g->privilege : RIG_PRIV_AUTO;
	o.cipher_suite = g->cipher_suite;
	o.timeout_ms = g->timeout_ms;
	o.retransmission_timeout_ms = g->retransmission_ms;
	o.workarounds = g->workarounds;
	o.sdr_cache_dir = g->cache_dir;
	st = rig_add_bmc(r, &o);
	if (st != RIG_OK) {
		fprintf(stderr, "rigctl: %s: %s\n", host, rig_errormsg(r));
		return exit_code_of(st);
	}
	return EXIT_OK;
}

static int new_rig(struct ctx *c, const char *name, rig **out)
{
	if (rig_new(out, name) != RIG_OK) {
		fprintf(stderr, "rigctl: out of memory\n");
		return EXIT_FAILED;
	}
	if (c->g.verbose > 0)
		rig_set_log(*out, log_to_stderr, NULL,
			    c->g.verbose > 1 ? RIG_LOG_DEBUG : RIG_LOG_INFO);
	return EXIT_OK;
}

/* -H a,b,c: one ad-hoc rig per BMC, named by its address, as FreeIPMI's
 * tools take a host list. */
static int adhoc_bmcs(struct ctx *c, const struct secrets *s)
{
	char *list = strdup(c->g.bmc_hosts), *save = NULL, *h;
	size_t n = 1;
	int rc = EXIT_OK;

	if (list == NULL)
		return EXIT_FAILED;
	for (const char *p = list; *p != '\0'; p++)
		n += *p == ',';
	c->results = calloc(n, sizeof(*c->results));
	if (c->results == NULL) {
		free(list);
		return EXIT_FAILED;
	}
	for (h = strtok_r(list, ",", &save); h != NULL && rc == EXIT_OK;
	     h = strtok_r(NULL, ",", &save)) {
		struct result *res = &c->results[c->count];

		rc = new_rig(c, h, &res->r);
		if (rc == EXIT_OK)
			c->count++;
		if (rc == EXIT_OK)
			rc = add_bmc(c, res->r, h, s);
	}
	if (rc == EXIT_OK && c->count == 0) {
		fprintf(stderr, "rigctl: -H names no host\n");
		rc = EXIT_USAGE;
	}
	free(list);
	return rc;
}

int targets_build(struct ctx *c)
{
	struct secrets s = {0};
	int rc;

	if (c->g.bmc_hosts == NULL && c->g.ssh_target == NULL &&
	    c->g.rig_names == NULL) {
		fprintf(stderr, "rigctl: no rig chosen: give -H HOST (a BMC), "
				"--ssh HOST, or -r NAME from the inventory\n");
		return EXIT_USAGE;
	}
	if (c->g.rig_names != NULL || c->g.ssh_target != NULL) {
		fprintf(stderr, "rigctl: this build cannot use -r or --ssh yet\n");
		return EXIT_UNSUPPORTED;
	}
	rc = secret_password(&c->g, c->g.bmc_hosts, &s.password);
	if (rc == EXIT_OK)
		rc = secret_kg(&c->g, &s.kg, &s.kg_len);
	if (rc == EXIT_OK)
		rc = adhoc_bmcs(c, &s);
	/* The library holds its own locked copies now. */
	secrets_free(&s);
	return rc;
}

void targets_free(struct ctx *c)
{
	for (size_t i = 0; i < c->count; i++) {
		rig_free(c->results[i].r);
		json_decref(c->results[i].data);
		json_decref(c->results[i].errors);
	}
	free(c->results);
	c->results = NULL;
	c->count = 0;
}

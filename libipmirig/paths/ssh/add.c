/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rig_add_ssh: the SSH options checked and copied into a struct sshp, then
 * the path's ops table attached.  This part is in the library itself, not
 * in the SSH module: it needs no libssh, and bad options are reported as
 * such whether or not the module is installed.
 */
#include <stdlib.h>
#include <string.h>

#include "paths/ssh/path.h"

void sshp_free(struct sshp *p)
{
	if (p == NULL)
		return;
	free(p->host);
	free(p->user);
	free(p->label);
	free(p->identity);
	free(p->known_hosts);
	free(p->ssh_config);
	free(p->probe_root);
	free(p);
}

RIG_API rig_status rig_ssh_options_init(rig_ssh_options *o,
					unsigned int version)
{
	return rig__options_init(RIG_OPTS_SSH, o, version);
}

static bool has_control(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static rig_status validate(rig *r, const rig_ssh_options *o)
{
	const char *why = NULL;

	if (o->target == NULL || o->target[0] == '\0' ||
		 has_control(o->target))
		why = "no target, or one with control characters";
	else if (o->probe_root != NULL &&
		 (o->probe_root[0] != '/' || has_control(o->probe_root)))
		why = "the probe root must be an absolute path";
	else if (o->expect_pcie_width > 32)
		why = "the expected PCIe width must be 1 to 32 (0: the max)";
	if (why == NULL)
		return RIG_OK;
	return rig__fail(r, RIG_PATH_SSH, RIG_E_INVALID, "SSH options: %s", why);
}

/* "[user@]host[:port]"; host may be an ssh_config alias. */
static rig_status split_target(struct sshp *p, const char *target)
{
	const char *at = strrchr(target, '@');
	const char *hp = at != NULL ? at + 1 : target;

	if (at != NULL) {
		p->user = strndup(target, (size_t)(at - target));
		if (p->user == NULL)
			return RIG_E_NOMEM;
		if (p->user[0] == '\0')
			return RIG_E_INVALID;
	}
	return rig__split_hostport(hp, &p->host, &p->port, 0);
}

static char *dup_or_null(const char *s, bool *nomem)
{
	char *d = s != NULL ? strdup(s) : NULL;

	if (s != NULL && d == NULL)
		*nomem = true;
	return d;
}

static rig_status fill(struct sshp *p, const rig_ssh_options *o)
{
	const char *root = o->probe_root != NULL ? o->probe_root : "/";
	size_t rlen = strlen(root);
	bool nomem = false;

	/* "/" becomes "": the probe prefixes "/sys/..." with it. */
	while (rlen > 0 && root[rlen - 1] == '/')
		rlen--;
	p->probe_root = strndup(root, rlen);
	p->label = dup_or_null(o->target, &nomem);
	p->identity = dup_or_null(o->identity_file, &nomem);
	p->known_hosts = dup_or_null(o->known_hosts, &nomem);
	p->ssh_config = dup_or_null(o->ssh_config, &nomem);
	p->accept_new = o->accept_new_host_key;
	p->timeout_ms = o->timeout_ms != 0 ? o->timeout_ms
					   : RIG_DEFAULT_TIMEOUT_MS;
	p->expect_width = o->expect_pcie_width;
	return nomem || p->probe_root == NULL ? RIG_E_NOMEM : RIG_OK;
}

RIG_API rig_status rig_add_ssh(rig *r, const rig_ssh_options *given)
{
	rig_ssh_options full;
	const rig_ssh_options *o = &full;
	const struct rig_backend_ops *ops = NULL;
	struct sshp *p;
	rig_status rc;

	if (r == NULL || given == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (r->ssh.ops != NULL)
		return rig__fail(r, RIG_PATH_SSH, RIG_E_INVALID,
				"%s already has an SSH path", r->name);
	rc = rig__options_read(r, RIG_PATH_SSH, RIG_OPTS_SSH, given, &full);
	if (rc == RIG_OK)
		rc = validate(r, o);
	if (rc != RIG_OK)
		return rc;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return rig__fail(r, RIG_PATH_SSH, RIG_E_NOMEM, "out of memory");
	rc = split_target(p, o->target);
	if (rc == RIG_OK)
		rc = fill(p, o);
	if (rc != RIG_OK) {
		sshp_free(p);
		if (rc == RIG_E_NOMEM)
			return rig__fail(r, RIG_PATH_SSH, rc, "out of memory");
		return rig__fail(r, RIG_PATH_SSH, RIG_E_INVALID,
				"SSH target '%s' is not [user@]host[:port] or "
				"an ssh_config Host alias", o->target);
	}
	/* Only now, with options known good: loading costs milliseconds. */
	rc = ssh_backend_load(r, &ops);
	if (rc != RIG_OK) {
		sshp_free(p);
		return rc;
	}
	r->ssh.ops = ops;
	r->ssh.priv = p;
	return RIG_OK;
}

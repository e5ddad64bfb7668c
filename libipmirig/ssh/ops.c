/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SSH path's operations: each is one probe run (one connection, one
 * exec) whose answer is parsed whole before anything is reported; and
 * rig_add_ssh, which validates and wires the ops table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssh.h"

#define ERRLEN 400

/* Run the probe for `what` and parse its answer.  *cut_short tells a
 * caller that accepts an answer cut short (power actions) that the probe
 * had started the action when the answer ended. */
static rig_status probe_get(rig *r, struct sshp *p, const char *what,
			    const char *vars, struct probe **out,
			    bool *cut_short)
{
	struct ssh_answer a;
	char err[ERRLEN];
	bool truncated = false;
	size_t keep = r->nerrors;
	rig_status rc = sshp_run(r, p, what, vars, &a);

	*out = NULL;
	if (cut_short != NULL)
		*cut_short = false;
	if (a.out == NULL && rc != RIG_OK)
		return rc;
	rc = probe_parse(a.out != NULL ? a.out : "", a.out_len, what, out,
			 &truncated, err, sizeof(err));
	if (rc == RIG_OK && a.transport != RIG_OK) {
		/* Complete answer, then the channel failed: the answer holds. */
		r->nerrors = keep;
	} else if (rc != RIG_OK && truncated && cut_short != NULL &&
		   strstr(a.out, "\naction-start\t") != NULL) {
		*cut_short = true;
	} else if (rc != RIG_OK && a.transport == RIG_OK) {
		const char *nl = a.err != NULL ? strchr(a.err, '\n') : NULL;
		int elen = a.err == NULL ? 0
			   : nl != NULL  ? (int)(nl - a.err)
					 : (int)strlen(a.err);

		rig_fail(r, RIG_PATH_SSH, rc == RIG_E_NOMEM ? rc : RIG_E_PROBE,
			 "%s: probe '%s': %s%s%s%.*s%s", p->label, what, err,
			 a.exit_status == 124 || a.exit_status == 137
				 ? " (killed by its time limit on the rig)"
				 : "",
			 elen > 0 ? " (rig said: " : "", elen > 160 ? 160 : elen,
			 a.err != NULL ? a.err : "", elen > 0 ? ")" : "");
		rc = rc == RIG_E_NOMEM ? rc : RIG_E_PROBE;
	} else if (rc != RIG_OK) {
		rc = a.transport; /* the transport's error says it all */
	}
	if (rc == RIG_OK && probe_find(*out, "error") != NULL) {
		rc = rig_fail(r, RIG_PATH_SSH, RIG_E_PROBE, "%s: probe '%s': %s",
			      p->label, what, probe_find(*out, "error")->f[0]);
		probe_free(*out);
		*out = NULL;
	}
	ssh_answer_free(&a);
	return rc;
}

static rig_status ssh_power_status(rig *r, void *priv, rig_power_state *st)
{
	struct sshp *p = priv;
	size_t keep = r->nerrors;
	rig_status rc = sshp_check(r, p);

	if (rc == RIG_E_UNREACHABLE) {
		/* Without a BMC nobody knows whether a silent rig is off:
		 * that is a state, not a failure. */
		if (r->nerrors > keep)
			rig_log(r, RIG_LOG_INFO, "%s", r->errors[keep].message);
		r->nerrors = keep;
		*st = RIG_POWERSTATE_UNREACHABLE;
		return RIG_OK;
	}
	*st = rc == RIG_OK ? RIG_POWERSTATE_ON : RIG_POWERSTATE_UNKNOWN;
	return rc;
}

static bool denied_text(const char *msg)
{
	return strstr(msg, "Access denied") != NULL ||
	       strstr(msg, "authentication required") != NULL ||
	       strstr(msg, "ermission denied") != NULL ||
	       strstr(msg, "must be root") != NULL;
}

static rig_status ssh_power_action(rig *r, void *priv, rig_power_action a)
{
	struct sshp *p = priv;
	const char *what = a == RIG_POWER_SOFT	   ? "poweroff"
			   : a == RIG_POWER_REBOOT ? "reboot"
						   : NULL;
	const struct probe_rec *done;
	struct probe *pr = NULL;
	bool cut = false;
	size_t keep = r->nerrors;
	rig_status rc;
	long code;

	if (what == NULL)
		return rig_fail(r, RIG_PATH_SSH, RIG_E_UNSUPPORTED,
				"%s: power %s is not possible over SSH",
				p->label, rig_power_action_name(a));
	rc = probe_get(r, p, what, NULL, &pr, &cut);
	if (cut) {
		/* systemctl was started and the rig went down under us. */
		r->nerrors = keep;
		rig_log(r, RIG_LOG_INFO, "connection ended during systemctl "
					 "%s: the rig is going down", what);
		return RIG_OK;
	}
	if (rc != RIG_OK)
		return rc;
	done = probe_find(pr, "action");
	code = done != NULL ? strtol(done->f[0], NULL, 10) : -1;
	if (done != NULL && code == 0) {
		probe_free(pr);
		return RIG_OK;
	}
	rc = rig_fail(r, RIG_PATH_SSH,
		      done != NULL && denied_text(done->f[1]) ? RIG_E_PRIVILEGE
							      : RIG_E_PROBE,
		      "%s: systemctl %s failed (exit %ld): %s%s", p->label, what,
		      code, done != NULL ? done->f[1] : "no answer",
		      done != NULL && denied_text(done->f[1])
			      ? " (the SSH user may not shut the rig down: use "
				"root, or allow it through polkit)"
			      : "");
	probe_free(pr);
	return rc;
}

static rig_status ssh_sensors(rig *r, void *priv, rig_sensor_list *out)
{
	struct sshp *p = priv;
	struct probe *pr = NULL;
	char err[ERRLEN] = "";
	rig_status rc = probe_get(r, p, "sensors", NULL, &pr, NULL);

	if (rc != RIG_OK)
		return rc;
	rc = probe_sensors(pr, p->expect_width, out, err, sizeof(err));
	probe_free(pr);
	if (rc != RIG_OK)
		return rig_fail(r, RIG_PATH_SSH, rc, "%s: sensors: %s", p->label,
				rc == RIG_E_NOMEM ? "out of memory" : err);
	for (size_t i = 0; i < out->count; i++)
		if (out->items[i].source == RIG_PATH_SSH &&
		    out->items[i].state == RIG_STATE_WARNING &&
		    out->items[i].state_text != NULL &&
		    strstr(out->items[i].state_text, "riser") != NULL)
			rig_log(r, RIG_LOG_WARNING, "%s: %s", out->items[i].name,
				out->items[i].state_text);
	return RIG_OK;
}

static rig_status ssh_events(rig *r, void *priv, const char *since,
			     size_t last, rig_event_list *out, char **next)
{
	struct sshp *p = priv;
	struct probe *pr = NULL;
	char err[ERRLEN] = "", kind[2] = "", *value = NULL, *vars = NULL,
	     *quoted;
	rig_status rc;

	*next = NULL;
	rc = kmsg_since(since, kind, &value);
	if (rc != RIG_OK)
		return rig_fail(r, RIG_PATH_SSH, rc == RIG_E_NOMEM ? rc : RIG_E_INVALID,
				"%s: the events cursor is not one this library "
				"made for the kernel log", p->label);
	quoted = probe_shell_quote(value != NULL ? value : "");
	if (quoted == NULL ||
	    asprintf(&vars, "RIG_SINCE_KIND=%s\nRIG_SINCE=%s", kind, quoted) < 0)
		vars = NULL;
	free(quoted);
	free(value);
	if (vars == NULL)
		return rig_fail(r, RIG_PATH_SSH, RIG_E_NOMEM, "out of memory");
	rc = probe_get(r, p, "events", vars, &pr, NULL);
	free(vars);
	if (rc != RIG_OK)
		return rc;
	rc = probe_events(pr, since, last, out, next, err, sizeof(err));
	probe_free(pr);
	if (rc != RIG_OK)
		return rig_fail(r, RIG_PATH_SSH, rc, "%s: kernel log: %s",
				p->label,
				rc == RIG_E_NOMEM ? "out of memory" : err);
	return RIG_OK;
}

static rig_status ssh_ecc(rig *r, void *priv, rig_ecc_report *out)
{
	struct sshp *p = priv;
	struct probe *pr = NULL;
	char err[ERRLEN] = "";
	rig_status rc = probe_get(r, p, "ecc", NULL, &pr, NULL);

	if (rc != RIG_OK)
		return rc;
	rc = probe_ecc(pr, out, err, sizeof(err));
	probe_free(pr);
	if (rc != RIG_OK)
		return rig_fail(r, RIG_PATH_SSH, rc, "%s: %s", p->label,
				rc == RIG_E_NOMEM ? "out of memory" : err);
	return RIG_OK;
}

static void ssh_destroy(void *priv)
{
	struct sshp *p = priv;

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

static const struct rig_backend_ops ssh_ops = {
	.path = RIG_PATH_SSH,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_SOFT |
		RIG_CAP_POWER_REBOOT | RIG_CAP_SENSORS | RIG_CAP_GPUS |
		RIG_CAP_KERNEL_EVENTS | RIG_CAP_ECC,
	.destroy = ssh_destroy,
	.power_status = ssh_power_status,
	.power_action = ssh_power_action,
	.sensors = ssh_sensors,
	.events = ssh_events,
	.ecc_counters = ssh_ecc,
};

RIG_API void rig_ssh_options_init(rig_ssh_options *o)
{
	if (o == NULL)
		return;
	memset(o, 0, sizeof(*o));
	o->version = RIG_SSH_OPTIONS_VERSION;
	o->timeout_ms = RIG_DEFAULT_TIMEOUT_MS;
	o->probe_root = "/";
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

	if (o->version != RIG_SSH_OPTIONS_VERSION)
		why = "version mismatch (call rig_ssh_options_init)";
	else if (o->target == NULL || o->target[0] == '\0' ||
		 has_control(o->target))
		why = "no target, or one with control characters";
	else if (o->probe_root != NULL &&
		 (o->probe_root[0] != '/' || has_control(o->probe_root)))
		why = "the probe root must be an absolute path";
	else if (o->expect_pcie_width > 32)
		why = "the expected PCIe width must be 1 to 32 (0: the max)";
	if (why == NULL)
		return RIG_OK;
	return rig_fail(r, RIG_PATH_SSH, RIG_E_INVALID, "SSH options: %s", why);
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
	return rig_split_hostport(hp, &p->host, &p->port, 0);
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

RIG_API rig_status rig_add_ssh(rig *r, const rig_ssh_options *o)
{
	struct sshp *p;
	rig_status rc;

	if (r == NULL || o == NULL)
		return RIG_E_INVALID;
	rig_clear_errors(r);
	if (r->ssh.ops != NULL)
		return rig_fail(r, RIG_PATH_SSH, RIG_E_INVALID,
				"%s already has an SSH path", r->name);
	rc = validate(r, o);
	if (rc != RIG_OK)
		return rc;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return rig_fail(r, RIG_PATH_SSH, RIG_E_NOMEM, "out of memory");
	rc = split_target(p, o->target);
	if (rc == RIG_OK)
		rc = fill(p, o);
	if (rc != RIG_OK) {
		ssh_destroy(p);
		if (rc == RIG_E_NOMEM)
			return rig_fail(r, RIG_PATH_SSH, rc, "out of memory");
		return rig_fail(r, RIG_PATH_SSH, RIG_E_INVALID,
				"SSH target '%s' is not [user@]host[:port] or "
				"an ssh_config Host alias", o->target);
	}
	r->ssh.ops = &ssh_ops;
	r->ssh.priv = p;
	return RIG_OK;
}

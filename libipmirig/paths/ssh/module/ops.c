/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SSH path's operations: each is one probe run (one connection, one
 * exec) whose answer is parsed whole before anything is reported.  The
 * options are checked and copied by rig_add_ssh (add.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths/ssh/module/ssh.h"

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
	size_t mark = rig__error_mark(r);
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
		rig__error_rewind(r, mark);
	} else if (rc != RIG_OK && truncated && cut_short != NULL &&
		   strstr(a.out, "\naction-start\t") != NULL) {
		*cut_short = true;
	} else if (rc != RIG_OK && a.transport == RIG_OK) {
		const char *nl = a.err != NULL ? strchr(a.err, '\n') : NULL;
		int elen = a.err == NULL ? 0
			   : nl != NULL  ? (int)(nl - a.err)
					 : (int)strlen(a.err);

		rig__fail(r, RIG_PATH_SSH, rc == RIG_E_NOMEM ? rc : RIG_E_PROBE,
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
		rc = rig__fail(r, RIG_PATH_SSH, RIG_E_PROBE, "%s: probe '%s': %s",
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
	size_t mark = rig__error_mark(r);
	rig_status rc = sshp_check(r, p);

	if (rc == RIG_E_UNREACHABLE) {
		/* Without a BMC nobody knows whether a silent rig is off:
		 * that is a state, not a failure. */
		if (rig__error_mark(r) > mark)
			rig__log(r, RIG_LOG_INFO, "%s",
				 rig__error_since(r, mark));
		rig__error_rewind(r, mark);
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
	size_t mark = rig__error_mark(r);
	rig_status rc;
	long code;

	if (what == NULL)
		return rig__fail(r, RIG_PATH_SSH, RIG_E_UNSUPPORTED,
				"%s: power %s is not possible over SSH",
				p->label, rig_power_action_name(a));
	rc = probe_get(r, p, what, NULL, &pr, &cut);
	if (cut) {
		/* systemctl was started and the rig went down under us. */
		rig__error_rewind(r, mark);
		rig__log(r, RIG_LOG_INFO, "connection ended during systemctl "
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
	rc = rig__fail(r, RIG_PATH_SSH,
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
		return rig__fail(r, RIG_PATH_SSH, rc, "%s: sensors: %s", p->label,
				rc == RIG_E_NOMEM ? "out of memory" : err);
	for (size_t i = 0; i < out->count; i++)
		if (out->items[i].source == RIG_PATH_SSH &&
		    out->items[i].state == RIG_STATE_WARNING &&
		    out->items[i].state_text != NULL &&
		    strstr(out->items[i].state_text, "riser") != NULL)
			rig__log(r, RIG_LOG_WARNING, "%s: %s", out->items[i].name,
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
		return rig__fail(r, RIG_PATH_SSH, rc == RIG_E_NOMEM ? rc : RIG_E_INVALID,
				"%s: the events cursor is not one this library "
				"made for the kernel log", p->label);
	quoted = probe_shell_quote(value != NULL ? value : "");
	if (quoted == NULL ||
	    asprintf(&vars, "RIG_SINCE_KIND=%s\nRIG_SINCE=%s", kind, quoted) < 0)
		vars = NULL;
	free(quoted);
	free(value);
	if (vars == NULL)
		return rig__fail(r, RIG_PATH_SSH, RIG_E_NOMEM, "out of memory");
	rc = probe_get(r, p, "events", vars, &pr, NULL);
	free(vars);
	if (rc != RIG_OK)
		return rc;
	rc = probe_events(pr, since, last, out, next, err, sizeof(err));
	probe_free(pr);
	if (rc != RIG_OK)
		return rig__fail(r, RIG_PATH_SSH, rc, "%s: kernel log: %s",
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
		return rig__fail(r, RIG_PATH_SSH, rc, "%s: %s", p->label,
				rc == RIG_E_NOMEM ? "out of memory" : err);
	return RIG_OK;
}

static rig_status ssh_os_info(rig *r, void *priv, rig_os_info *out)
{
	struct sshp *p = priv;
	struct probe *pr = NULL;
	char err[ERRLEN] = "";
	rig_status rc = probe_get(r, p, "info", NULL, &pr, NULL);

	if (rc != RIG_OK)
		return rc;
	rc = probe_os_info(pr, out, err, sizeof(err));
	probe_free(pr);
	if (rc != RIG_OK)
		return rig__fail(r, RIG_PATH_SSH, rc, "%s: OS info: %s", p->label,
				rc == RIG_E_NOMEM ? "out of memory" : err);
	return RIG_OK;
}

static void ssh_destroy(void *priv)
{
	sshp_free(priv);
}

const struct rig_backend_ops ssh_backend_ops = {
	.path = RIG_PATH_SSH,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_SOFT |
		RIG_CAP_POWER_REBOOT | RIG_CAP_SENSORS | RIG_CAP_GPUS |
		RIG_CAP_KERNEL_EVENTS | RIG_CAP_ECC | RIG_CAP_OS_INFO,
	.destroy = ssh_destroy,
	.power_status = ssh_power_status,
	.power_action = ssh_power_action,
	.sensors = ssh_sensors,
	.events = ssh_events,
	.ecc_counters = ssh_ecc,
	.os_info = ssh_os_info,
};

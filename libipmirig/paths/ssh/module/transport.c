/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SSH transport over libssh: connect (ssh_config first, then explicit
 * options), check the host key strictly, authenticate with keys, and run
 * the probe once with its script on stdin, reading stdout and stderr
 * together until the end or the deadline.  ssh_fail() is the one place
 * libssh's errors become rig statuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "paths/ssh/module/ssh.h"

#define OUT_MAX (32u << 20) /* more than any probe prints */
#define ERR_MAX 2048u
#define POLL_SLICE_MS 100u

struct conn {
	ssh_session s;
	struct ssh_callbacks_struct cb;
	uint64_t deadline;
};

/* libssh's one error translation: connection-level failures. */
static rig_status ssh_fail(rig *r, struct sshp *p, ssh_session s,
			   const char *step)
{
	const char *msg = s != NULL ? ssh_get_error(s) : "out of memory";

	if (s == NULL)
		return rig__fail(r, RIG_PATH_SSH, RIG_E_NOMEM, "%s: %s: %s",
				p->label, step, msg);
	return rig__fail(r, RIG_PATH_SSH, RIG_E_UNREACHABLE,
			"%s: %s failed: %s (is the rig up, sshd running, and "
			"the address and port right?)",
			p->label, step, msg[0] != '\0' ? msg : "no answer");
}

/* The rest of the deadline as libssh's timeout for the next blocking
 * step (0 would mean libssh's own default). */
static bool set_deadline(struct conn *c)
{
	uint64_t now = rig__now_ms();
	long ms, sec, usec;

	if (now >= c->deadline)
		return false;
	ms = (long)(c->deadline - now);
	sec = ms / 1000;
	usec = (ms % 1000) * 1000 + (ms < 1 ? 1000 : 0);
	ssh_options_set(c->s, SSH_OPTIONS_TIMEOUT, &sec);
	ssh_options_set(c->s, SSH_OPTIONS_TIMEOUT_USEC, &usec);
	return true;
}

static rig_status timed_out(rig *r, struct sshp *p, const char *step)
{
	return rig__fail_hint(r, RIG_PATH_SSH, RIG_E_UNREACHABLE,
			     RIG_HINT_TIMEOUT,
			     "%s: %s did not finish within %u ms", p->label,
			     step, p->timeout_ms);
}

/* Keys with a passphrase must come from the agent: never prompt (OpenSSL
 * would read the terminal without a callback). */
static int no_passphrase(const char *prompt, char *buf, size_t len, int echo,
			 int verify, void *user)
{
	(void)prompt, (void)buf, (void)len, (void)echo, (void)verify,
		(void)user;
	return -1;
}

/* ssh_config first (Host aliases, HostName, Port, User, IdentityFile,
 * ProxyJump...), then what the caller said explicitly. */
static rig_status configure(rig *r, struct sshp *p, ssh_session s)
{
	int on = 1, quiet = SSH_LOG_NOLOG;
	bool no = false;

	if (ssh_options_set(s, SSH_OPTIONS_HOST, p->host) != SSH_OK)
		return ssh_fail(r, p, s, "setting the host");
	if (ssh_options_parse_config(s, p->ssh_config) < 0)
		return rig__fail(r, RIG_PATH_SSH, RIG_E_INVALID,
				"%s: cannot use the ssh_config%s%s: %s",
				p->label, p->ssh_config != NULL ? " " : "",
				p->ssh_config != NULL ? p->ssh_config : "",
				ssh_get_error(s));
	if ((p->user != NULL &&
	     ssh_options_set(s, SSH_OPTIONS_USER, p->user) != SSH_OK) ||
	    (p->port != 0 &&
	     ssh_options_set(s, SSH_OPTIONS_PORT, &p->port) != SSH_OK) ||
	    (p->identity != NULL &&
	     ssh_options_set(s, SSH_OPTIONS_ADD_IDENTITY, p->identity) != SSH_OK) ||
	    (p->known_hosts != NULL &&
	     ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, p->known_hosts) != SSH_OK))
		return rig__fail(r, RIG_PATH_SSH, RIG_E_INVALID,
				"%s: invalid SSH option: %s", p->label,
				ssh_get_error(s));
	/* Nagle costs ~80 ms per connection on loopback; ssh_connect must
	 * not re-read the config over our options; the library never prints
	 * (a LogLevel in ssh_config would make libssh write to stderr). */
	ssh_options_set(s, SSH_OPTIONS_NODELAY, &on);
	ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
	ssh_options_set(s, SSH_OPTIONS_LOG_VERBOSITY, &quiet);
	return RIG_OK;
}

/* "[host]:port" as known_hosts and ssh-keygen -R write it. */
static void known_name(ssh_session s, char *buf, size_t len,
		       unsigned int *port_out)
{
	char *host = NULL;
	unsigned int port = SSH_DEFAULT_PORT;

	ssh_options_get(s, SSH_OPTIONS_HOST, &host);
	ssh_options_get_port(s, &port);
	if (port == SSH_DEFAULT_PORT)
		snprintf(buf, len, "%s", host != NULL ? host : "?");
	else
		snprintf(buf, len, "[%s]:%u", host != NULL ? host : "?", port);
	*port_out = port;
	ssh_string_free_char(host);
}

static rig_status host_key_refused(rig *r, struct sshp *p, ssh_session s,
				   enum ssh_known_hosts_e st, const char *type,
				   const char *fp)
{
	const char *kh = p->known_hosts != NULL ? p->known_hosts
						: "~/.ssh/known_hosts";
	char name[300], *host = NULL;
	unsigned int port;

	known_name(s, name, sizeof(name), &port);
	if (st == SSH_KNOWN_HOSTS_CHANGED || st == SSH_KNOWN_HOSTS_OTHER)
		return rig__fail_hint(r, RIG_PATH_SSH, RIG_E_HOSTKEY,
				     RIG_HINT_HOST_KEY_CHANGED,
				     "%s: the host key of %s has CHANGED (now "
				     "%s %s): someone may be intercepting the "
				     "connection, or the rig was reinstalled.  "
				     "Only if you know why, remove the old key: "
				     "ssh-keygen -R '%s' -f %s",
				     p->label, name, type, fp, name, kh);
	ssh_options_get(s, SSH_OPTIONS_HOST, &host);
	rig__fail_hint(r, RIG_PATH_SSH, RIG_E_HOSTKEY, RIG_HINT_HOST_KEY_UNKNOWN,
		      "%s: the host key of %s is not known (%s %s).  Compare "
		      "it with the rig's own (ssh-keygen -lf "
		      "/etc/ssh/ssh_host_%s_key.pub on the rig), then trust "
		      "it, e.g.: ssh-keyscan -p %u -t %s %s >> %s",
		      p->label, name, type, fp, type, port, type,
		      host != NULL ? host : "HOST", kh);
	ssh_string_free_char(host);
	return RIG_E_HOSTKEY;
}

static rig_status host_key_verdict(rig *r, struct sshp *p, ssh_session s,
				   const char *type, const char *fp)
{
	enum ssh_known_hosts_e st = ssh_session_is_known_server(s);

	switch (st) {
	case SSH_KNOWN_HOSTS_OK:
		return RIG_OK;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		if (!p->accept_new)
			break;
		if (ssh_session_update_known_hosts(s) != SSH_OK)
			return rig__fail(r, RIG_PATH_SSH, RIG_E_IO,
					"%s: cannot add the host key to %s: %s",
					p->label,
					p->known_hosts != NULL
						? p->known_hosts
						: "~/.ssh/known_hosts",
					ssh_get_error(s));
		rig__log(r, RIG_LOG_WARNING, "trusted the new host key %s %s",
			type, fp);
		return RIG_OK;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		break;
	case SSH_KNOWN_HOSTS_ERROR:
	default:
		return rig__fail(r, RIG_PATH_SSH, RIG_E_HOSTKEY,
				"%s: cannot check the host key against "
				"known_hosts: %s", p->label, ssh_get_error(s));
	}
	return host_key_refused(r, p, s, st, type, fp);
}

static rig_status check_host_key(rig *r, struct sshp *p, ssh_session s)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp = NULL;
	const char *type;
	rig_status rc;

	if (ssh_get_server_publickey(s, &key) != SSH_OK)
		return ssh_fail(r, p, s, "getting the host key");
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
				   &hlen) != 0) {
		ssh_key_free(key);
		return ssh_fail(r, p, s, "hashing the host key");
	}
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	type = ssh_key_type_to_char(ssh_key_type(key));
	/* "ssh-ed25519" -> "ed25519", as ssh-keyscan -t and host key files
	 * name it. */
	if (type != NULL && strncmp(type, "ssh-", 4) == 0)
		type += 4;
	rc = host_key_verdict(r, p, s, type != NULL ? type : "unknown",
			      fp != NULL ? fp : "(no fingerprint)");
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
	return rc;
}

static rig_status authenticate(rig *r, struct sshp *p, ssh_session s)
{
	int rc = ssh_userauth_publickey_auto(s, NULL, NULL);
	char *user = NULL;
	rig_status st;

	if (rc == SSH_AUTH_SUCCESS)
		return RIG_OK;
	if (rc == SSH_AUTH_ERROR)
		return ssh_fail(r, p, s, "authentication");
	ssh_options_get(s, SSH_OPTIONS_USER, &user);
	if (rc == SSH_AUTH_PARTIAL)
		st = rig__fail(r, RIG_PATH_SSH, RIG_E_AUTH,
			      "%s: user '%s' needs a further authentication "
			      "step (a second factor?); only keys are "
			      "supported", p->label, user != NULL ? user : "?");
	else
		st = rig__fail_hint(r, RIG_PATH_SSH, RIG_E_AUTH,
				   RIG_HINT_SSH_KEY,
				   "%s: user '%s' was refused: no key was "
				   "accepted (tried %s, the ssh-agent and the "
				   "default keys; keys with a passphrase only "
				   "through the agent)",
				   p->label, user != NULL ? user : "?",
				   p->identity != NULL
					   ? p->identity
					   : "ssh_config's IdentityFile");
	ssh_string_free_char(user);
	return st;
}

static void conn_close(struct conn *c)
{
	if (c->s == NULL)
		return;
	ssh_disconnect(c->s);
	ssh_free(c->s);
	c->s = NULL;
}

static rig_status conn_open(rig *r, struct sshp *p, struct conn *c)
{
	size_t mark = rig__error_mark(r);
	rig_status rc;

	memset(c, 0, sizeof(*c));
	/* Each op connects afresh: one refused, silent or unauthorised
	 * sshd is tried once per call, not once per op (see
	 * rig__path_down). */
	rc = rig__path_down(r, RIG_PATH_SSH);
	if (rc != RIG_OK)
		return rc;
	c->deadline = rig__now_ms() + p->timeout_ms;
	c->s = ssh_new();
	if (c->s == NULL)
		return ssh_fail(r, p, NULL, "creating a session");
	c->cb.auth_function = no_passphrase;
	ssh_callbacks_init(&c->cb);
	ssh_set_callbacks(c->s, &c->cb);
	rc = configure(r, p, c->s);
	if (rc == RIG_OK && !set_deadline(c))
		rc = timed_out(r, p, "connecting");
	if (rc == RIG_OK && ssh_connect(c->s) != SSH_OK)
		rc = ssh_fail(r, p, c->s, "connecting");
	if (rc == RIG_OK)
		rc = check_host_key(r, p, c->s);
	if (rc == RIG_OK && !set_deadline(c))
		rc = timed_out(r, p, "authentication");
	if (rc == RIG_OK)
		rc = authenticate(r, p, c->s);
	if (rc != RIG_OK) {
		conn_close(c);
		rig__path_failed(r, RIG_PATH_SSH, mark);
	}
	return rc;
}

rig_status sshp_check(rig *r, struct sshp *p)
{
	struct conn c;
	rig_status rc = conn_open(r, p, &c);

	conn_close(&c);
	return rc;
}

void ssh_answer_free(struct ssh_answer *a)
{
	if (a == NULL)
		return;
	free(a->out);
	free(a->err);
	memset(a, 0, sizeof(*a));
}

static bool append(char **buf, size_t *len, size_t *cap, const char *data,
		   size_t n, size_t max)
{
	if (*len + n > max)
		n = max - *len; /* keep the start, drop the excess */
	if (*len + n + 1 > *cap) {
		size_t want = (*len + n + 1) * 2;
		char *b = realloc(*buf, want);

		if (b == NULL)
			return false;
		*buf = b;
		*cap = want;
	}
	memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
	return true;
}

/* Drain what libssh holds of both streams.  Returns SSH_OK, SSH_EOF when
 * the channel ended, or SSH_ERROR. */
static int drain(ssh_channel ch, struct ssh_answer *a, size_t *ocap,
		 size_t *elen, size_t *ecap, bool *overflow)
{
	char buf[16384];
	int n = 0;

	for (int is_err = 0; is_err <= 1; is_err++) {
		while ((n = ssh_channel_read_nonblocking(ch, buf, sizeof(buf),
							 is_err)) > 0) {
			bool ok = is_err ? append(&a->err, elen, ecap, buf,
						  (size_t)n, ERR_MAX)
					 : append(&a->out, &a->out_len, ocap, buf,
						  (size_t)n, OUT_MAX);

			if (!ok)
				return SSH_ERROR;
			if (!is_err && a->out_len >= OUT_MAX)
				*overflow = true;
		}
		if (n == SSH_ERROR)
			return SSH_ERROR;
	}
	return ssh_channel_is_eof(ch) ? SSH_EOF : SSH_OK;
}

static rig_status read_answer(rig *r, struct sshp *p, struct conn *c,
			      ssh_channel ch, struct ssh_answer *a)
{
	size_t ocap = 0, elen = 0, ecap = 0;
	bool overflow = false;

	for (;;) {
		uint64_t now = rig__now_ms();
		int rc;

		if (now >= c->deadline)
			return timed_out(r, p, "the probe");
		rc = ssh_channel_poll_timeout(
			ch, (int)(c->deadline - now < POLL_SLICE_MS
					  ? c->deadline - now
					  : POLL_SLICE_MS),
			0);
		if (rc == SSH_ERROR)
			return ssh_fail(r, p, c->s, "reading the probe's answer");
		rc = drain(ch, a, &ocap, &elen, &ecap, &overflow);
		if (rc == SSH_ERROR)
			return ssh_fail(r, p, c->s, "reading the probe's answer");
		if (overflow)
			return rig__fail(r, RIG_PATH_SSH, RIG_E_PROBE,
					"%s: the probe's answer exceeds %u MiB",
					p->label, OUT_MAX >> 20);
		if (rc == SSH_EOF)
			return RIG_OK;
	}
}

/* The rig bounds the whole probe too: the client giving up does not stop
 * a remote command. */
static void probe_limits(const struct sshp *p, unsigned int *whole,
			 unsigned int *each)
{
	*whole = (p->timeout_ms + 999u) / 1000u;
	if (*whole < 1)
		*whole = 1;
	*each = *whole > 3 ? *whole - 2 : 1;
}

static rig_status send_script(rig *r, struct sshp *p, struct conn *c,
			      ssh_channel ch, const char *what,
			      const char *vars)
{
	unsigned int whole, each;
	char *head = NULL, *root = probe_shell_quote(p->probe_root);
	int n;
	rig_status rc = RIG_OK;

	probe_limits(p, &whole, &each);
	n = root != NULL ? asprintf(&head, "RIG_WHAT=%s\nRIG_ROOT=%s\n"
					   "RIG_T=%u\nRIG_SINCE_KIND=\n"
					   "RIG_SINCE=\n%s\n",
				    what, root, each, vars != NULL ? vars : "")
			 : -1;
	free(root);
	if (n < 0)
		return rig__fail(r, RIG_PATH_SSH, RIG_E_NOMEM, "out of memory");
	if (!set_deadline(c))
		rc = timed_out(r, p, "sending the probe");
	else if (ssh_channel_write(ch, head, (uint32_t)n) != n ||
		 ssh_channel_write(ch, ssh_probe_script,
				   (uint32_t)strlen(ssh_probe_script)) !=
			 (int)strlen(ssh_probe_script) ||
		 ssh_channel_send_eof(ch) != SSH_OK)
		rc = ssh_fail(r, p, c->s, "sending the probe");
	free(head);
	return rc;
}

static rig_status exec_probe(rig *r, struct sshp *p, struct conn *c,
			     ssh_channel ch, const char *what,
			     const char *vars)
{
	unsigned int whole, each;
	char cmd[64];

	probe_limits(p, &whole, &each);
	snprintf(cmd, sizeof(cmd), "timeout -k 2 %u sh -s", whole);
	if (!set_deadline(c))
		return timed_out(r, p, "opening a channel");
	if (ssh_channel_open_session(ch) != SSH_OK)
		return ssh_fail(r, p, c->s, "opening a channel");
	if (ssh_channel_request_exec(ch, cmd) != SSH_OK)
		return ssh_fail(r, p, c->s, "starting the probe");
	return send_script(r, p, c, ch, what, vars);
}

rig_status sshp_run(rig *r, struct sshp *p, const char *what,
		    const char *vars, struct ssh_answer *a)
{
	struct conn c;
	ssh_channel ch;
	rig_status rc;

	memset(a, 0, sizeof(*a));
	a->exit_status = -1;
	rc = conn_open(r, p, &c);
	if (rc != RIG_OK)
		return rc;
	ch = ssh_channel_new(c.s);
	if (ch == NULL) {
		rc = ssh_fail(r, p, c.s, "creating a channel");
		conn_close(&c);
		return rc;
	}
	rc = exec_probe(r, p, &c, ch, what, vars);
	if (rc == RIG_OK)
		rc = read_answer(r, p, &c, ch, a);
	if (rc == RIG_OK && set_deadline(&c))
		a->exit_status = ssh_channel_get_exit_status(ch);
	a->transport = rc;
	ssh_channel_close(ch);
	ssh_channel_free(ch);
	conn_close(&c);
	/* What came is kept even when the channel broke: a power action
	 * that took the rig down with it still counts. */
	return rc;
}

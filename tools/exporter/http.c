/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The exporter's HTTP side (libmicrohttpd): a thread per connection, so a
 * scrape waiting for its rig never holds up another; routes /probe, /ipmi,
 * /metrics, / and /rig/NAME; optional TLS and basic auth.  Signals are
 * taken by the main thread alone (sigwait): SIGHUP reloads, SIGTERM and
 * SIGINT stop.
 */
#include <crypt.h>
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "exporter.h"
#include "prom.h"

#define PROM_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* Basic-auth users: "USER:HASH" lines, HASH from crypt(3). */
static char **auth_users, **auth_hashes;
static size_t auth_count;

static int auth_load(const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int rc = secret_file_read_text(path, "--web-auth-file", &text, &len);

	if (rc != EXIT_OK)
		return rc;
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char *colon = strchr(line, ':'), **u, **h;
		size_t n = strlen(line);

		while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (colon == NULL || colon == line || colon[1] == '\0') {
			fprintf(stderr, "rigctl: exporter: --web-auth-file %s: a "
					"line is not USER:HASH\n", path);
			secret_free(text, len);
			return EXIT_USAGE;
		}
		*colon = '\0';
		u = realloc(auth_users, (auth_count + 1) * sizeof(*u));
		if (u != NULL)
			auth_users = u;
		h = realloc(auth_hashes, (auth_count + 1) * sizeof(*h));
		if (h != NULL)
			auth_hashes = h;
		if (u == NULL || h == NULL)
			break;
		auth_users[auth_count] = strdup(line);
		auth_hashes[auth_count] = strdup(colon + 1);
		auth_count++;
	}
	secret_free(text, len);
	if (auth_count == 0) {
		fprintf(stderr, "rigctl: exporter: --web-auth-file %s: no "
				"USER:HASH line\n", path);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static void auth_free(void)
{
	for (size_t i = 0; i < auth_count; i++) {
		free(auth_users[i]);
		free(auth_hashes[i]);
	}
	free(auth_users);
	free(auth_hashes);
	auth_users = auth_hashes = NULL;
	auth_count = 0;
}

static bool auth_ok(struct MHD_Connection *conn)
{
	char *pass = NULL, *user;
	bool ok = false;

	if (auth_count == 0)
		return true;
	user = MHD_basic_auth_get_username_password(conn, &pass);
	for (size_t i = 0; user != NULL && pass != NULL && i < auth_count;
	     i++) {
		struct crypt_data cd;
		const char *h;

		if (strcmp(user, auth_users[i]) != 0)
			continue;
		memset(&cd, 0, sizeof(cd));
		h = crypt_r(pass, auth_hashes[i], &cd);
		ok = h != NULL && h[0] != '*' &&
		     strcmp(h, auth_hashes[i]) == 0;
		explicit_bzero(&cd, sizeof(cd));
		break;
	}
	if (pass != NULL) {
		explicit_bzero(pass, strlen(pass));
		MHD_free(pass);
	}
	if (user != NULL)
		MHD_free(user);
	return ok;
}

/* ------------------------------------------------------------ answers */

static enum MHD_Result answer(struct MHD_Connection *conn, unsigned int code,
			      const char *type, char *body, size_t len)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;

	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (strncmp(type, "text/html", 9) == 0) {
		/* The status page needs nothing from anywhere (page.c): one
		 * inline style sheet, inline SVG, no script. */
		MHD_add_response_header(
			r, "Content-Security-Policy",
			"default-src 'none'; style-src 'unsafe-inline'; "
			"img-src data:; base-uri 'none'; form-action 'none'; "
			"frame-ancestors 'none'");
		MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	}
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

/* A plain-text answer: a, then b (may be NULL), then c. */
static enum MHD_Result text(struct MHD_Connection *conn, unsigned int code,
			    const char *a, const char *b, const char *c)
{
	char *body = NULL;
	int n = asprintf(&body, "%s%s%s", a, b != NULL ? b : "", c);

	if (n < 0)
		return MHD_NO;
	return answer(conn, code, "text/plain; charset=utf-8", body, (size_t)n);
}

static enum MHD_Result probe(struct MHD_Connection *conn)
{
	const char *target = MHD_lookup_connection_value(
		conn, MHD_GET_ARGUMENT_KIND, "target");
	const char *mset = MHD_lookup_connection_value(
		conn, MHD_GET_ARGUMENT_KIND, "metrics");
	const char *hdr = MHD_lookup_connection_value(
		conn, MHD_HEADER_KIND, "X-Prometheus-Scrape-Timeout-Seconds");
	enum metrics_set want = X.metrics;
	int64_t start = now_unix_ms();
	struct target_rig *names;
	struct fleet *f;
	bool ambiguous = false;
	char *body = NULL;
	size_t len = 0;
	long idx = -1;
	FILE *out;

	if (target == NULL || target[0] == '\0')
		return text(conn, MHD_HTTP_BAD_REQUEST,
			    "missing target: /probe?target=RIG (an inventory "
			    "name, or the bmc address of one rig)\n", NULL, "");
	if (mset != NULL && metrics_parse(mset, &want) != 0)
		return text(conn, MHD_HTTP_BAD_REQUEST, "metrics=", mset,
			    ": rigctl, ipmi_exporter or both\n");
	/* Resolved under the lock: a reload swaps the handles of a fleet
	 * that scrapes may still hold. */
	pthread_mutex_lock(&X.lock);
	f = fleet_get();
	if (f == NULL) {
		pthread_mutex_unlock(&X.lock);
		return text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "stopping\n",
			    NULL, "");
	}
	names = calloc(f->count + 1, sizeof(*names));
	for (size_t i = 0; names != NULL && i < f->count; i++) {
		names[i].name = rig_name(f->rigs[i].r);
		names[i].bmc = json_string_value(
			json_object_get(f->rigs[i].spec, "bmc"));
	}
	if (names != NULL)
		idx = target_resolve(names, f->count, target, &ambiguous);
	pthread_mutex_unlock(&X.lock);
	free(names);
	if (idx < 0) {
		pthread_mutex_lock(&X.lock);
		f = fleet_put(f);
		pthread_mutex_unlock(&X.lock);
		fleet_free(f);
		/* Never contacted: the exporter is no open proxy. */
		return text(conn, MHD_HTTP_NOT_FOUND, "target ", target,
			    ambiguous ? ": the bmc of several rigs: name the "
					"rig\n"
				      : ": no such rig in the inventory (a "
					"rig's name, or its bmc address)\n");
	}
	out = open_memstream(&body, &len);
	if (out == NULL) {
		pthread_mutex_lock(&X.lock);
		f = fleet_put(f);
		pthread_mutex_unlock(&X.lock);
		fleet_free(f);
		return MHD_NO;
	}
	scrape_rig(f, &f->rigs[idx], want, start,
		   start + deadline_ms(hdr, EXPORTER_DEFAULT_TIMEOUT_MS), out);
	fclose(out);
	pthread_mutex_lock(&X.lock);
	f = fleet_put(f);
	pthread_mutex_unlock(&X.lock);
	fleet_free(f);
	return answer(conn, MHD_HTTP_OK, PROM_CONTENT_TYPE, body, len);
}

static enum MHD_Result metrics(struct MHD_Connection *conn)
{
	char *body = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&body, &len);

	if (out == NULL)
		return MHD_NO;
	own_metrics(out);
	fclose(out);
	return answer(conn, MHD_HTTP_OK, PROM_CONTENT_TYPE, body, len);
}

static enum MHD_Result page(struct MHD_Connection *conn, const char *name)
{
	struct view_fleet vf;
	char *html = NULL;
	size_t len = 0;
	int code;

	pthread_mutex_lock(&X.lock);
	vf.now_ms = now_unix_ms();
	vf.version = X.version;
	vf.count = X.fleet != NULL ? X.fleet->count : 0;
	vf.rigs = X.fleet != NULL ? X.fleet->view : NULL;
	code = name == NULL ? page_index(&vf, &html, &len)
			    : page_rig(&vf, name, &html, &len);
	pthread_mutex_unlock(&X.lock);
	if (code < 0)
		return MHD_NO;
	return answer(conn, (unsigned int)code, "text/html; charset=utf-8", html,
		      len);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn,
			       const char *url, const char *method,
			       const char *version, const char *upload,
			       size_t *upload_size, void **state)
{
	static int first;

	(void)cls;
	(void)version;
	(void)upload;
	/* The first call only announces the request (headers read). */
	if (*state == NULL) {
		*state = &first;
		return MHD_YES;
	}
	if (*upload_size != 0)
		return MHD_NO;
	pthread_mutex_lock(&X.lock);
	X.http_requests++;
	pthread_mutex_unlock(&X.lock);
	if (!auth_ok(conn)) {
		char *body = strdup("authentication required\n");
		struct MHD_Response *r;
		enum MHD_Result ret;

		if (body == NULL)
			return MHD_NO;
		r = MHD_create_response_from_buffer(strlen(body), body,
						    MHD_RESPMEM_MUST_FREE);
		if (r == NULL) {
			free(body);
			return MHD_NO;
		}
		ret = MHD_queue_basic_auth_fail_response(conn, "rigctl exporter",
							 r);
		MHD_destroy_response(r);
		return ret;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "", method,
			    ": only GET\n");
	if (strcmp(url, "/probe") == 0 || strcmp(url, "/ipmi") == 0)
		return probe(conn);
	if (strcmp(url, "/metrics") == 0)
		return metrics(conn);
	if (strcmp(url, "/") == 0)
		return page(conn, NULL);
	if (strncmp(url, "/rig/", 5) == 0 && url[5] != '\0')
		return page(conn, url + 5);
	return text(conn, MHD_HTTP_NOT_FOUND, "", url,
		    ": not here (/probe?target=RIG, /ipmi, /metrics, /)\n");
}

/* ------------------------------------------------------------ serving */

static char *read_pem(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int ch;

	if (f == NULL) {
		fprintf(stderr, "rigctl: exporter: %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	m = open_memstream(&buf, &len);
	while (m != NULL && (ch = getc(f)) != EOF)
		putc(ch, m);
	if (m != NULL)
		fclose(m);
	fclose(f);
	return buf;
}

/* libmicrohttpd's messages, formatted by its own format strings. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("rigctl: exporter: ", stderr);
	vfprintf(stderr, fmt, ap);
}

int http_serve(const struct http_opts *o, int (*reload)(void))
{
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD |
			     MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG;
	struct addrinfo hints, *ai = NULL;
	char *cert = NULL, *key = NULL, port[16];
	size_t key_len = 0;
	struct MHD_Daemon *d;
	sigset_t set;
	int rc = EXIT_OK, sig = 0;

	if (o->auth_file != NULL && (rc = auth_load(o->auth_file)) != EXIT_OK)
		return rc;
	if (o->tls_cert != NULL) {
		/* The key is a secret: read as one (owner and mode
		 * checked, wiped when freed); the certificate is not. */
		cert = read_pem(o->tls_cert);
		if (secret_file_read_text(o->tls_key, "--tls-key", &key,
					  &key_len) != EXIT_OK)
			key = NULL;
		if (cert == NULL || key == NULL) {
			free(cert);
			if (key != NULL)
				secret_free(key, key_len);
			auth_free();
			return EXIT_USAGE;
		}
		flags |= MHD_USE_TLS;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(port, sizeof(port), "%u", o->port);
	if (o->host[0] == '\0')
		flags |= MHD_USE_DUAL_STACK;
	else if (getaddrinfo(o->host, port, &hints, &ai) != 0 || ai == NULL) {
		fprintf(stderr, "rigctl: exporter: --listen: cannot resolve "
				"'%s'\n", o->host);
		free(cert);
		if (key != NULL)
			secret_free(key, key_len);
		auth_free();
		return EXIT_USAGE;
	}
	/* Every thread but this one leaves the signals to sigwait(). */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (ai != NULL && ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	{
		struct MHD_OptionItem opts[8];
		size_t n = 0;

		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER,
						    (intptr_t)mhd_log, NULL};
		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
						    120, NULL};
		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT,
						    512, NULL};
		if (ai != NULL)
			opts[n++] = (struct MHD_OptionItem){
				MHD_OPTION_SOCK_ADDR, 0, ai->ai_addr};
		if (cert != NULL) {
			opts[n++] = (struct MHD_OptionItem){
				MHD_OPTION_HTTPS_MEM_CERT, 0, cert};
			opts[n++] = (struct MHD_OptionItem){
				MHD_OPTION_HTTPS_MEM_KEY, 0, key};
		}
		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
		d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL,
				     handler, NULL, MHD_OPTION_ARRAY, opts,
				     MHD_OPTION_END);
	}
	if (ai != NULL)
		freeaddrinfo(ai);
	if (d == NULL) {
		fprintf(stderr, "rigctl: exporter: cannot listen on %s:%u "
				"(in use, or not an address of this machine)\n",
			o->host[0] != '\0' ? o->host : "*", o->port);
		rc = EXIT_FAILED;
	} else {
		fprintf(stderr, "rigctl: exporter: listening on %s%s:%u%s\n",
			cert != NULL ? "https://" : "http://",
			o->host[0] != '\0' ? o->host : "*", o->port,
			auth_count > 0 ? " (basic auth)" : "");
		for (;;) {
			if (sigwait(&set, &sig) != 0)
				continue;
			if (sig != SIGHUP)
				break;
			reload();
		}
		fprintf(stderr, "rigctl: exporter: %s: stopping\n",
			strsignal(sig));
		/* No new connection; the threads of those open end first. */
		pthread_mutex_lock(&X.lock);
		X.stopping = true;
		/* Scrapes waiting for a rig answer now (as down). */
		for (size_t i = 0; X.fleet != NULL && i < X.fleet->count; i++)
			pthread_cond_broadcast(&X.fleet->rigs[i].done);
		pthread_mutex_unlock(&X.lock);
		MHD_stop_daemon(d);
	}
	free(cert);
	if (key != NULL)
		secret_free(key, key_len);
	auth_free();
	return rc;
}

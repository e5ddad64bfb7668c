/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl exporter: the fleet of rig handles, scrapes that share one
 * collection per rig, the exporter's own metrics, reloads.
 *
 * Threads: libmicrohttpd's (one per connection) answer requests; each
 * collection runs in a thread of its own, so a scrape can give up at its
 * deadline while the rig is still being read, and the next scrape of that
 * rig joins the collection still running instead of starting another.  A
 * rig handle is used by its one collecting thread at a time (the library's
 * rule); everything else shared is under X.lock.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exporter.h"
#include "ipmi_compat.h"
#include "prom.h"

struct exporter X = {.lock = PTHREAD_MUTEX_INITIALIZER,
		     .idle = PTHREAD_COND_INITIALIZER};

int64_t now_unix_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ------------------------------------------------------------ fleets */

/* The globals the fleet was built from, for reloads. */
static struct globals G;

void fleet_free(struct fleet *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->count; i++) {
		struct xrig *x = &f->rigs[i];

		snapshot_free(x->last);
		free(x->cursor);
		for (size_t k = 0; k < x->nevents; k++) {
			free(x->events[k].source);
			free(x->events[k].severity);
			free(x->events[k].kind);
		}
		free(x->events);
		for (size_t k = 0; k < x->necc; k++) {
			free(x->ecc[k].source);
			free(x->ecc[k].sensor);
			free(x->ecc[k].dimm);
			free(x->ecc[k].kind);
		}
		free(x->ecc);
		pthread_cond_destroy(&x->done);
	}
	sensor_policies_free(f->pols, f->pols != NULL ? f->ctx->count : 0);
	if (f->ctx != NULL) {
		targets_free(f->ctx);
		free(f->ctx);
	}
	free(f->rigs);
	free(f->view);
	free(f);
}

/* Build the rigs of the selection; NULL after saying why. */
static struct fleet *fleet_build(void)
{
	static const struct sensor_policy none;
	struct fleet *f = calloc(1, sizeof(*f));
	struct sensor_policy *pol;
	struct ctx *c;
	int rc;

	if (f == NULL || (c = calloc(1, sizeof(*c))) == NULL) {
		free(f);
		fprintf(stderr, "rigctl: exporter: out of memory\n");
		return NULL;
	}
	f->ctx = c;
	c->g = G;
	c->cmd = command_find("exporter");
	c->out = stdout;
	c->err = stderr;
	rc = targets_build(c);
	if (rc != EXIT_OK) {
		fleet_free(f);
		return NULL;
	}
	pol = sensor_policies(c, &none);
	f->pols = pol;
	f->rigs = calloc(c->count + 1, sizeof(*f->rigs));
	f->view = calloc(c->count + 1, sizeof(*f->view));
	if (pol == NULL || f->rigs == NULL || f->view == NULL) {
		fleet_free(f);
		return NULL;
	}
	f->count = c->count;
	for (size_t i = 0; i < f->count; i++) {
		struct xrig *x = &f->rigs[i];

		x->index = i;
		x->r = c->results[i].r;
		x->spec = c->specs[i];
		x->config_error = c->results[i].config_error;
		x->pol = &pol[i];
		pthread_cond_init(&x->done, NULL);
		f->view[i].name = rig_name(x->r);
		f->view[i].paths = rig_paths(x->r);
		f->view[i].worst = RIG_STATE_UNKNOWN;
		if (x->config_error != NULL)
			fprintf(stderr, "rigctl: exporter: %s: %s (scraped as "
					"down until it is fixed and the inventory "
					"reloaded)\n",
				rig_name(x->r), x->config_error);
	}
	f->refs = 1; /* X.fleet's */
	return f;
}

struct fleet *fleet_get(void)
{
	struct fleet *f = X.fleet;

	if (f != NULL)
		f->refs++;
	return f;
}

struct fleet *fleet_put(struct fleet *f)
{
	return f != NULL && --f->refs == 0 ? f : NULL;
}

/*
 * A reload builds every handle afresh, so changed credentials, timeouts or
 * secret files take effect.  A rig whose paths and sensor settings did not
 * change keeps what it learnt (SEL position, counters, device ID, DCMI
 * support): its series go on.  A rig the new build could not give its
 * secrets (a password from the environment, wiped at the first build)
 * keeps its old handle.  A rig being read at this moment is not carried
 * over: it starts afresh, which Prometheus reads as a counter reset.
 */
static void carry_over(struct fleet *old, struct fleet *nf)
{
	for (size_t i = 0; i < nf->count; i++) {
		struct xrig *n = &nf->rigs[i];

		for (size_t j = 0; j < old->count; j++) {
			struct xrig *o = &old->rigs[j];

			if (strcmp(rig_name(o->r), rig_name(n->r)) != 0)
				continue;
			if (o->running || o->config_error != NULL ||
			    !json_equal(o->spec, n->spec))
				break;
			if (n->config_error != NULL) {
				/* Swap the handles: the old fleet frees the
				 * new, unusable one. */
				rig *tmp = o->r;

				o->r = n->r;
				old->ctx->results[j].r = n->r;
				n->r = tmp;
				nf->ctx->results[i].r = tmp;
				n->config_error = NULL;
				n->last = o->last;
				o->last = NULL;
			}
			n->cursor = o->cursor;
			o->cursor = NULL;
			n->events_ok = o->events_ok;
			n->events = o->events;
			n->nevents = o->nevents;
			o->events = NULL;
			o->nevents = 0;
			n->ecc = o->ecc;
			n->necc = o->necc;
			o->ecc = NULL;
			o->necc = 0;
			n->dcmi_off = o->dcmi_off;
			n->info_known = o->info_known;
			n->info = o->info;
			memcpy(n->sev_total, o->sev_total, sizeof(n->sev_total));
			n->scrapes = o->scrapes;
			n->scrape_errors = o->scrape_errors;
			n->deadline_misses = o->deadline_misses;
			n->scrape_seconds_sum = o->scrape_seconds_sum;
			n->started = n->finished = 0;
			nf->view[i].name = rig_name(n->r);
			view_update(nf, n);
			break;
		}
	}
}

static int reload(void)
{
	struct fleet *nf = fleet_build(), *old;

	if (nf == NULL) {
		fprintf(stderr, "rigctl: exporter: reload failed: keeping the "
				"rigs as they were\n");
		return -1;
	}
	pthread_mutex_lock(&X.lock);
	old = X.fleet;
	if (old != NULL)
		carry_over(old, nf);
	X.fleet = nf;
	if (old != NULL)
		old->retired = true;
	old = fleet_put(old);
	pthread_mutex_unlock(&X.lock);
	fleet_free(old);
	fprintf(stderr, "rigctl: exporter: inventory reloaded: %zu rig(s)\n",
		nf->count);
	return 0;
}

/* ------------------------------------------------------------ scrapes */

struct job {
	struct fleet *f;
	struct xrig *x;
	bool want_ipmi;
};

static void *collector(void *arg)
{
	struct job *j = arg;
	struct snapshot *s = collect(j->x, j->want_ipmi), *old;
	struct fleet *gone;

	pthread_mutex_lock(&X.lock);
	old = j->x->last;
	if (s != NULL)
		j->x->last = s;
	else
		old = NULL;
	j->x->running = false;
	j->x->finished++;
	view_update(j->f, j->x);
	pthread_cond_broadcast(&j->x->done);
	X.collections--;
	pthread_cond_broadcast(&X.idle);
	gone = fleet_put(j->f);
	pthread_mutex_unlock(&X.lock);
	snapshot_free(old);
	fleet_free(gone);
	free(j);
	return NULL;
}

/* Under X.lock: start a collection of x unless one runs.  false when no
 * thread could be started. */
static bool start_collection(struct fleet *f, struct xrig *x, bool want_ipmi)
{
	pthread_attr_t attr;
	pthread_t t;
	struct job *j;
	int e;

	x->want_ipmi |= want_ipmi;
	if (x->running)
		return true;
	j = malloc(sizeof(*j));
	if (j == NULL)
		return false;
	j->f = f;
	j->x = x;
	j->want_ipmi = x->want_ipmi;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	f->refs++;
	e = pthread_create(&t, &attr, collector, j);
	pthread_attr_destroy(&attr);
	if (e != 0) {
		f->refs--;
		free(j);
		return false;
	}
	x->running = true;
	x->started++;
	X.collections++;
	return true;
}

/* rigctl_up 0 and every path down: no answer within the deadline. */
static void down_families(FILE *out, struct xrig *x, enum metrics_set want)
{
	const char *name = rig_name(x->r);
	unsigned int paths = rig_paths(x->r);

	if (want & METRICS_RIGCTL) {
		prom_family(out, "rigctl_up", "gauge",
			    "Whether the rig answered on some path: 1 yes, 0 no.");
		prom_sample(out, "rigctl_up",
			    (const char *const[]){"rig", name, NULL}, 0);
		prom_family(out, "rigctl_path_up", "gauge",
			    "Whether the path answered: 1 yes, 0 no.");
		/* The paths prom_sensors() reports, so that a series does
		 * not come and go with the deadline. */
		for (unsigned int p = RIG_PATH_BMC; p <= RIG_PATH_PLUG; p <<= 1)
			if ((paths & p) && p != RIG_PATH_WOL)
				prom_sample(out, "rigctl_path_up",
					    (const char *const[]){
						    "rig", name, "path",
						    rig_path_name((rig_path)p),
						    NULL},
					    0);
	}
	if (want & METRICS_IPMI)
		ipmi_compat_down(out);
}

bool scrape_rig(struct fleet *f, struct xrig *x, enum metrics_set want,
		int64_t start_ms, int64_t deadline, FILE *out)
{
	struct timespec ts = {.tv_sec = deadline / 1000,
			      .tv_nsec = (long)(deadline % 1000) * 1000000L};
	const char *name = rig_name(x->r);
	bool ok = false, failed;
	uint64_t target;
	double secs;

	pthread_mutex_lock(&X.lock);
	/* The one running now, whoever started it: overlapping scrapes share
	 * it and never pile up.  One that began before anyone asked for
	 * ipmi_exporter's families lacks them: then one more, within the
	 * same deadline. */
	for (int round = 0; round < 2 && x->config_error == NULL; round++) {
		if (!start_collection(f, x, (want & METRICS_IPMI) != 0))
			break;
		target = x->started;
		while (x->finished < target && now_unix_ms() < deadline &&
		       !X.stopping)
			if (pthread_cond_timedwait(&x->done, &X.lock, &ts) ==
			    ETIMEDOUT)
				break;
		ok = x->finished >= target && x->last != NULL;
		if (!ok || !(want & METRICS_IPMI) || x->last->ipmi_read)
			break;
		ok = false;
	}
	if (ok && (want & METRICS_RIGCTL))
		fputs(x->last->rigctl_text, out);
	if (ok && (want & METRICS_IPMI))
		fputs(x->last->ipmi_text != NULL ? x->last->ipmi_text : "", out);
	if (!ok) {
		down_families(out, x, want);
		x->deadline_misses += x->config_error == NULL;
	}
	failed = !ok || !x->last->all_up;
	x->scrapes++;
	x->scrape_errors += failed;
	secs = (double)(now_unix_ms() - start_ms) / 1000.0;
	x->scrape_seconds_sum += secs;
	if (want & METRICS_RIGCTL) {
		prom_family(out, "rigctl_scrape_duration_seconds", "gauge",
			    "How long this scrape of the rig took.");
		prom_sample(out, "rigctl_scrape_duration_seconds",
			    (const char *const[]){"rig", name, NULL}, secs);
		prom_family(out, "rigctl_scrape_errors_total", "counter",
			    "Scrapes of the rig that ended with an error or "
			    "no answer in time.");
		prom_sample(out, "rigctl_scrape_errors_total",
			    (const char *const[]){"rig", name, NULL},
			    (double)x->scrape_errors);
	}
	if (want & METRICS_IPMI)
		ipmi_compat_duration(out, secs);
	pthread_mutex_unlock(&X.lock);
	return ok;
}

/* ------------------------------------------------------------ /metrics */

/* utime + stime, RSS and start time from /proc/self/stat. */
static void process_metrics(FILE *out)
{
	char buf[2048], *p;
	unsigned long utime = 0, stime = 0;
	unsigned long long starttime = 0;
	long rss = 0, tck = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
	double btime = 0;
	FILE *f = fopen("/proc/self/stat", "re");
	size_t fds = 0;
	struct dirent *de;
	DIR *d;

	if (f != NULL && fgets(buf, sizeof(buf), f) != NULL &&
	    (p = strrchr(buf, ')')) != NULL)
		/* state ppid pgrp session tty tpgid flags minflt cminflt
		 * majflt cmajflt utime stime cutime cstime priority nice
		 * threads itrealvalue starttime vsize rss */
		(void)sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
				    "%*u %lu %lu %*d %*d %*d %*d %*d %*d %llu "
				    "%*u %ld",
			     &utime, &stime, &starttime, &rss);
	if (f != NULL)
		fclose(f);
	f = fopen("/proc/stat", "re");
	while (f != NULL && fgets(buf, sizeof(buf), f) != NULL)
		if (strncmp(buf, "btime ", 6) == 0)
			btime = strtod(buf + 6, NULL);
	if (f != NULL)
		fclose(f);
	d = opendir("/proc/self/fd");
	while (d != NULL && (de = readdir(d)) != NULL)
		fds += de->d_name[0] != '.';
	if (d != NULL) {
		closedir(d);
		fds--; /* the one opendir holds */
	}
	if (tck <= 0)
		tck = 100;
	prom_family(out, "process_cpu_seconds_total", "counter",
		    "Total user and system CPU time spent in seconds.");
	prom_sample(out, "process_cpu_seconds_total", NULL,
		    (double)(utime + stime) / (double)tck);
	prom_family(out, "process_resident_memory_bytes", "gauge",
		    "Resident memory size in bytes.");
	prom_sample(out, "process_resident_memory_bytes", NULL,
		    (double)rss * (double)page);
	prom_family(out, "process_open_fds", "gauge",
		    "Number of open file descriptors.");
	prom_sample(out, "process_open_fds", NULL, (double)fds);
	prom_family(out, "process_start_time_seconds", "gauge",
		    "Start time of the process since unix epoch in seconds.");
	prom_sample(out, "process_start_time_seconds", NULL,
		    btime + (double)starttime / (double)tck);
}

void own_metrics(FILE *out)
{
	struct fleet *f;

	pthread_mutex_lock(&X.lock);
	f = X.fleet;
	prom_family(out, "rigctl_exporter_build_info", "gauge",
		    "rigctl's version, as a label; always 1.");
	prom_sample(out, "rigctl_exporter_build_info",
		    (const char *const[]){"version", X.version, "library",
					  rig_version(), NULL},
		    1);
	prom_family(out, "rigctl_exporter_rigs", "gauge",
		    "Rigs the exporter serves (the inventory's selection).");
	prom_sample(out, "rigctl_exporter_rigs", NULL,
		    f != NULL ? (double)f->count : 0);
	prom_family(out, "rigctl_exporter_scrapes_total", "counter",
		    "Scrapes of each rig through /probe or /ipmi.");
	for (size_t i = 0; f != NULL && i < f->count; i++)
		prom_sample(out, "rigctl_exporter_scrapes_total",
			    (const char *const[]){"rig", rig_name(f->rigs[i].r),
						  NULL},
			    (double)f->rigs[i].scrapes);
	prom_family(out, "rigctl_scrape_errors_total", "counter",
		    "Scrapes of the rig that ended with an error or no answer "
		    "in time.");
	for (size_t i = 0; f != NULL && i < f->count; i++)
		prom_sample(out, "rigctl_scrape_errors_total",
			    (const char *const[]){"rig", rig_name(f->rigs[i].r),
						  NULL},
			    (double)f->rigs[i].scrape_errors);
	prom_family(out, "rigctl_exporter_deadline_misses_total", "counter",
		    "Scrapes answered at their deadline, without the rig's "
		    "data.");
	for (size_t i = 0; f != NULL && i < f->count; i++)
		prom_sample(out, "rigctl_exporter_deadline_misses_total",
			    (const char *const[]){"rig", rig_name(f->rigs[i].r),
						  NULL},
			    (double)f->rigs[i].deadline_misses);
	prom_family(out, "rigctl_exporter_collections_total", "counter",
		    "Collections started per rig (overlapping scrapes share "
		    "one).");
	for (size_t i = 0; f != NULL && i < f->count; i++)
		prom_sample(out, "rigctl_exporter_collections_total",
			    (const char *const[]){"rig", rig_name(f->rigs[i].r),
						  NULL},
			    (double)f->rigs[i].started);
	prom_family(out, "rigctl_scrape_duration_seconds", "gauge",
		    "How long the last collection of the rig took.");
	for (size_t i = 0; f != NULL && i < f->count; i++)
		if (f->rigs[i].last != NULL)
			prom_sample(out, "rigctl_scrape_duration_seconds",
				    (const char *const[]){
					    "rig", rig_name(f->rigs[i].r), NULL},
				    f->rigs[i].last->seconds);
	prom_family(out, "rigctl_exporter_http_requests_total", "counter",
		    "HTTP requests answered.");
	prom_sample(out, "rigctl_exporter_http_requests_total", NULL,
		    (double)X.http_requests);
	pthread_mutex_unlock(&X.lock);
	process_metrics(out);
}

/* ------------------------------------------------------------ the page */

void view_update(struct fleet *f, struct xrig *x)
{
	struct view_rig *v = &f->view[x->index];
	const struct snapshot *s = x->last;

	v->name = rig_name(x->r);
	v->paths = rig_paths(x->r);
	memcpy(v->events, x->sev_total, sizeof(v->events));
	v->ecc_known = (v->paths & (RIG_PATH_BMC | RIG_PATH_SSH)) != 0;
	v->ecc_corrected = v->ecc_uncorrected = 0;
	for (size_t k = 0; k < x->necc; k++) {
		if (strcmp(x->ecc[k].kind, "correctable") == 0)
			v->ecc_corrected += x->ecc[k].count;
		else if (strcmp(x->ecc[k].kind, "uncorrectable") == 0)
			v->ecc_uncorrected += x->ecc[k].count;
	}
	v->has_plug = (v->paths & RIG_PATH_PLUG) != 0;
	v->error = x->config_error;
	if (s == NULL) {
		v->worst = RIG_STATE_UNKNOWN;
		v->fan_count = 0;
		v->fans = NULL;
		v->sensors = NULL;
		return;
	}
	v->last_scrape_ms = s->end_ms;
	v->scrape_seconds = s->seconds;
	v->up = s->all_up;
	v->paths_up = s->paths_up;
	if (v->error == NULL)
		v->error = s->error;
	v->power_known = s->power_known;
	v->power = s->power;
	v->sensors = s->sensors;
	v->worst = s->worst;
	v->has_hottest_gpu = s->has_hottest_gpu;
	v->hottest_gpu_c = s->hottest_gpu_c;
	v->plug_known = s->plug_known;
	v->plug_relay_on = s->plug_relay_on;
	v->fan_count = s->nview_fans;
	v->fans = s->view_fans;
	v->has_power_draw = s->has_power_draw;
	v->power_draw_w = s->power_draw_w;
	v->power_draw_source = s->power_draw_source;
}

/* ------------------------------------------------------------ command */

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct http_opts *h)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"metrics", required_argument, NULL, 'm'},
		{"tls-cert", required_argument, NULL, 'C'},
		{"tls-key", required_argument, NULL, 'K'},
		{"web-auth-file", required_argument, NULL, 'A'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *listen = EXPORTER_DEFAULT_LISTEN;
	bool listen_set = false, metrics_set = false;
	int opt;

	X.metrics = METRICS_RIGCTL;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (listen_set)
				return usage_error(c, "--listen given twice");
			listen_set = true;
			listen = optarg;
			break;
		case 'm':
			if (metrics_set)
				return usage_error(c, "--metrics given twice");
			metrics_set = true;
			if (metrics_parse(optarg, &X.metrics) != 0)
				return usage_error(c, "--metrics '%s': rigctl, "
						      "ipmi_exporter or both",
						   optarg);
			break;
		case 'C':
			h->tls_cert = optarg;
			break;
		case 'K':
			h->tls_key = optarg;
			break;
		case 'A':
			h->auth_file = optarg;
			break;
		case 'h':
			fputs(exporter_help, stdout);
			return -1;
		default:
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error(c, "unexpected argument '%s'", argv[optind]);
	if (listen_parse(listen, h->host, sizeof(h->host), &h->port) != 0)
		return usage_error(c, "--listen '%s': give ADDR:PORT, [V6]:PORT "
				      "or :PORT (every address)", listen);
	if ((h->tls_cert == NULL) != (h->tls_key == NULL))
		return usage_error(c, "--tls-cert and --tls-key go together");
	if (!listen_loopback(h->host) && h->auth_file == NULL)
		fprintf(stderr, "rigctl: exporter: warning: listening on %s "
				"without --web-auth-file: anyone who reaches it "
				"can make the exporter read your rigs\n",
			h->host[0] != '\0' ? h->host : "every address");
	return EXIT_OK;
}

int exporter_main(struct ctx *c, int argc, char **argv)
{
	struct fleet *f;
	struct http_opts h;
	int rc;

	memset(&h, 0, sizeof(h));
	rc = parse_args(c, argc, argv, &h);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (geteuid() == 0)
		fprintf(stderr, "rigctl: exporter: warning: running as root; it "
				"needs no privilege: run it as a user of its own "
				"(examples/rigctl-exporter.service)\n");
	G = c->g;
	X.fan_profile = c->g.fan_profile;
	X.version = RIG_VERSION_STRING;
	X.start_ms = now_unix_ms();
	X.fleet = fleet_build();
	if (X.fleet == NULL)
		return EXIT_USAGE;
	rc = http_serve(&h, reload);
	/* Collections end within their rigs' timeouts: wait for them, then
	 * free everything. */
	pthread_mutex_lock(&X.lock);
	X.stopping = true;
	while (X.collections > 0)
		pthread_cond_wait(&X.idle, &X.lock);
	f = fleet_put(X.fleet);
	X.fleet = NULL;
	pthread_mutex_unlock(&X.lock);
	fleet_free(f);
	return rc;
}

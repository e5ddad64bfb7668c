/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl exporter (docs/exporter.md): the pieces shared by the program's
 * files.  util.c holds the pure ones (unit-tested by test-exporter), the
 * others need the HTTP server or the rigs.
 */
#ifndef RIGCTL_EXPORTER_H
#define RIGCTL_EXPORTER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <ipmirig.h>

#include "rigctl.h"
#include "sensor_view.h"
#include "view.h"

/* The port of the default listen address: 623 is IPMI's; 19623 lies
 * outside the 9100-9999 block of Prometheus's default-port allocations
 * (and its continuation just above 10000), away from ipmi_exporter's 9290
 * and below Linux's ephemeral ports (docs/exporter.md). */
#define EXPORTER_DEFAULT_PORT 19623u
#define EXPORTER_DEFAULT_LISTEN "127.0.0.1:19623"
/* Without Prometheus's header: the deadline of a scrape (Prometheus's own
 * default scrape_timeout), before the margin. */
#define EXPORTER_DEFAULT_TIMEOUT_MS 10000u

/* ---- util.c: pure ---- */

/* Which families a scrape writes (--metrics, &metrics=). */
enum metrics_set {
	METRICS_RIGCTL = 1,
	METRICS_IPMI = 2,
	METRICS_BOTH = 3
};

/* "rigctl", "ipmi_exporter" or "both" to *out; -1 for anything else. */
int metrics_parse(const char *text, enum metrics_set *out);

/*
 * The time a scrape may take, in ms: Prometheus's
 * X-Prometheus-Scrape-Timeout-Seconds (header, NULL when absent; a decimal
 * number of seconds) less a margin for the answer to travel and be parsed
 * (a tenth, at least 100 ms and at most 500 ms), else default_ms less the
 * same margin.  A header that is no positive number counts as absent.
 * Never below 100 ms.
 */
unsigned int deadline_ms(const char *header, unsigned int default_ms);

/* What a target names: a rig's inventory name, else an address equal to
 * exactly one rig's bmc (":623", the default port, may be left out on
 * either side). */
struct target_rig {
	const char *name;
	const char *bmc; /* NULL without a BMC */
};

/* The index of the rig target names in rigs[0..n), or -1 when none does
 * (*ambiguous set when the address is the bmc of several). */
long target_resolve(const struct target_rig *rigs, size_t n,
		    const char *target, bool *ambiguous);

/*
 * "ADDR:PORT", "[V6]:PORT", ":PORT" (every address) or "PORT" into host
 * (empty for every address) and *port.  0, or -1 for anything else.
 */
int listen_parse(const char *text, char *host, size_t hostlen,
		 unsigned int *port);

/* Whether addr is a loopback address ("127.x.y.z", "::1", "localhost"). */
bool listen_loopback(const char *host);

/* ---- the exporter's rigs (exporter.c, collect.c) ---- */

/* What one collection read of one rig: kept until the next one ends. */
struct snapshot {
	int64_t end_ms;            /* Unix ms when it ended */
	double seconds;            /* how long it took */
	bool up;                   /* some path answered */
	unsigned int paths_up;     /* RIG_PATH_* bits that answered */
	bool all_up;               /* every path answered */
	char *error;               /* first error, or NULL */
	char *rigctl_text;         /* the rigctl families (prom.c) */
	char *ipmi_text;           /* ipmi_exporter's families, or NULL */
	bool ipmi_read;            /* ipmi_text covers this collection */
	rig_sensor_list *sensors;  /* for the status page; may be NULL */
	bool power_known;
	rig_power_state power;
	bool has_power_draw;
	double power_draw_w;
	const char *power_draw_source;
	bool plug_known;
	bool plug_relay_on;
	rig_state worst;
	bool has_hottest_gpu;
	double hottest_gpu_c;
	rig_fan_list *fans;        /* with a fan profile; else NULL */
	struct view_fan *view_fans; /* for the status page */
	size_t nview_fans;
};

/* Event and memory-error counters, kept for the exporter's life. */
struct event_count {
	char *source;   /* "sel", "kernel" */
	char *severity;
	char *kind;     /* ecc kind or "event" */
	uint64_t count;
};
struct ecc_count {
	char *source, *sensor, *dimm, *kind;
	uint64_t count;
};

struct xrig {
	size_t index;              /* in the fleet */
	rig *r;                    /* the handle; one collection at a time */
	json_t *spec;              /* the inventory's settings (ctx.specs) */
	char *config_error;        /* why it cannot be scraped, or NULL */
	struct sensor_policy *pol;

	/* Under the fleet lock: */
	bool running;              /* a collection in flight */
	/* A scrape has asked for ipmi_exporter's families: every collection
	 * from then on reads them (a scrape config that asks once keeps
	 * asking). */
	bool want_ipmi;
	uint64_t started, finished; /* collections begun and ended */
	pthread_cond_t done;       /* signalled when one ends */
	struct snapshot *last;     /* the last that ended, or NULL */
	uint64_t scrapes, scrape_errors, deadline_misses;
	double scrape_seconds_sum;

	/* Kept across collections, touched only by the collecting thread: */
	char *cursor;              /* events read so far */
	bool events_ok;            /* cursor valid */
	struct event_count *events;
	size_t nevents;
	struct ecc_count *ecc;
	size_t necc;
	bool dcmi_off;             /* DCMI refused or unsupported */
	bool info_known;
	rig_bmc_info info;         /* Get Device ID, once */
	uint64_t sev_total[3];     /* events by severity (status page) */
};

struct fleet {
	struct xrig *rigs;
	size_t count;
	struct ctx *ctx;           /* the handles' owner (targets_build) */
	struct sensor_policy *pols; /* per rig (sensor_policies) */
	unsigned int refs;         /* scrapes and collections using it */
	bool retired;              /* replaced by a reload */
	struct view_rig *view;     /* the status page's copy */
};

struct exporter {
	pthread_mutex_t lock;      /* everything below and in the fleets */
	struct fleet *fleet;       /* the current one */
	pthread_cond_t idle;       /* a collection ended (for shutdown) */
	unsigned int collections;  /* threads running */
	enum metrics_set metrics;  /* --metrics */
	const char *fan_profile;   /* --fan-profile, for rigs without one */
	int64_t start_ms;
	uint64_t http_requests;
	const char *version;
	bool stopping;
};

extern struct exporter X;

/* Take and drop a reference to the current fleet (under X.lock).
 * fleet_put() returns the fleet when that was the last reference: the
 * caller frees it with fleet_free() after unlocking (freeing closes BMC
 * sessions, which may wait for a dead BMC: never under the lock). */
struct fleet *fleet_get(void);
struct fleet *fleet_put(struct fleet *f);
void fleet_free(struct fleet *f);

/*
 * The scrape of one rig of f: start a collection unless one runs (then
 * share it), wait for it until deadline (Unix ms), write the families of
 * want into out.  Returns whether the collection ended in time.
 */
bool scrape_rig(struct fleet *f, struct xrig *x, enum metrics_set want,
		int64_t start_ms, int64_t deadline, FILE *out);

/* collect.c: one collection of x (in its own thread), then publish. */
struct snapshot *collect(struct xrig *x, bool want_ipmi);
void snapshot_free(struct snapshot *s);

/* The exporter's own families for /metrics (exporter.c). */
void own_metrics(FILE *out);

/* The status page data of f (under X.lock). */
void view_update(struct fleet *f, struct xrig *x);

int64_t now_unix_ms(void);
uint64_t mono_ms(void);

/* http.c: serve until a signal; 0, or an exit code. */
struct http_opts {
	char host[256];
	unsigned int port;
	const char *tls_cert, *tls_key, *auth_file;
};
int http_serve(const struct http_opts *o, int (*reload)(void));

/* exporter.c: the command, run by main.c. */
int exporter_main(struct ctx *c, int argc, char **argv);

#endif

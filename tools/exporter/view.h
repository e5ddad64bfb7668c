/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the exporter's last scrapes collected, as the status page (page.c)
 * shows it.  The exporter (exporter.c) owns and fills these after each
 * scrape; the page only reads them, under the exporter's lock, and never
 * contacts a rig.  Nothing here may hold a secret: error texts are the
 * library's messages, which never carry one.
 */
#ifndef RIGCTL_EXPORTER_VIEW_H
#define RIGCTL_EXPORTER_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ipmirig.h>

/* One fan header, as `rigctl fans` shows it (only rigs with a BMC). */
struct view_fan {
	const char *header;        /* "FAN1" */
	int mode;                  /* -1 unknown, 0 auto, 1 manual */
	int duty_pct;              /* -1 unknown */
	bool has_rpm;
	double rpm;
};

struct view_rig {
	const char *name;          /* inventory name */
	unsigned int paths;        /* RIG_PATH_* bits the rig has */
	int64_t last_scrape_ms;    /* Unix ms of the end of the last scrape; 0 never */
	double scrape_seconds;     /* how long it took */
	bool up;                   /* every path answered in the last scrape */
	unsigned int paths_up;     /* RIG_PATH_* bits that answered */
	const char *error;         /* first error of the last scrape, or NULL */

	bool power_known;
	rig_power_state power;

	/* Every sensor and GPU reading of the last scrape (GPUs: type
	 * RIG_SENSOR_GPU), with states and thresholds; NULL if none. */
	const rig_sensor_list *sensors;
	rig_state worst;           /* worst sensor state; UNKNOWN if none */
	bool has_hottest_gpu;
	double hottest_gpu_c;

	/* Events in the SEL and kernel log since the exporter started
	 * (counters, the same as rigctl_events_total), by rig_severity. */
	uint64_t events[3];
	bool ecc_known;            /* the rig has a path that reports ECC */
	uint64_t ecc_corrected;
	uint64_t ecc_uncorrected;

	size_t fan_count;          /* 0: no fan data */
	const struct view_fan *fans;

	bool has_plug;
	bool plug_known;           /* the last scrape read the plug */
	bool plug_relay_on;
	bool has_power_draw;       /* wall power from DCMI or the plug */
	double power_draw_w;
	const char *power_draw_source; /* "dcmi", "plug" */
};

struct view_fleet {
	int64_t now_ms;            /* when the page is rendered */
	const char *version;       /* rigctl's version */
	size_t count;
	const struct view_rig *rigs; /* in inventory order */
};

/*
 * The pages (page.c): a malloc'd, NUL-terminated HTML document in *html,
 * its length in *len.  page_rig() returns 404 when no rig has that name
 * (and still a small page saying so), else 200; page_index() always 200.
 * -1 (no page) only when out of memory.
 */
int page_index(const struct view_fleet *fleet, char **html, size_t *len);
int page_rig(const struct view_fleet *fleet, const char *name, char **html,
	     size_t *len);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prometheus text and --textfile files: the one emitter of rigctl. */
#ifndef RIGCTL_PROM_H
#define RIGCTL_PROM_H

#include <stddef.h>
#include <stdio.h>

struct ctx;

/* "# HELP" and "# TYPE" lines of a family (type "gauge" or "counter"). */
void prom_family(FILE *f, const char *name, const char *type,
		 const char *help);
/* One sample: labels are name, value pairs ending with NULL (NULL for
 * none); values are escaped, a NULL value is "". */
void prom_sample(FILE *f, const char *name, const char *const *labels,
		 double value);

/* text reduced to [A-Za-z0-9._-] for a file name: a space becomes '-',
 * anything else '_'.  Pure. */
void prom_name_part(const char *text, char *buf, size_t len);
/* "rigctl-<command>.prom" for selection NULL or "all", else
 * "rigctl-<command>-<selection>.prom", both reduced by prom_name_part().
 * 0, or -1 when buf is too small.  Pure. */
int prom_textfile_name(const char *command, const char *selection,
		       char *buf, size_t len);
/* The textfile name of this run (its command words and selection). */
int textfile_name(const struct ctx *c, char *buf, size_t len);
/* --textfile given: it needs -o prometheus and a directory rigctl can
 * write in.  EXIT_OK, or EXIT_USAGE after saying why; called before any
 * rig is contacted. */
int textfile_ready(const struct ctx *c);
/* Write prom's text to the run's textfile atomically (and sync the
 * directory), then remove the file an older rigctl wrote for the same
 * command and selection.  EXIT_OK or EXIT_FAILED after saying why. */
int textfile_write(struct ctx *c, void (*prom)(struct ctx *c, FILE *f));
void fsync_dir(const char *dir);

/* The families of each command, from its results' JSON (prom_fn): one
 * emitter, so -o prometheus, --textfile and the exporter agree.  Each
 * command writes families of its own, so the textfiles of several
 * commands over the same rigs never repeat a series. */
void prom_sensors(struct ctx *c, FILE *f); /* readings, states, GPUs */
void prom_power(struct ctx *c, FILE *f);   /* rigctl_up, rigctl_power_on,
					     rigctl_plug_relay_on */
void prom_power_reading(struct ctx *c, FILE *f); /* rigctl_power_draw_watts */
void prom_ecc(struct ctx *c, FILE *f);     /* ecc status */
void prom_fans(struct ctx *c, FILE *f);    /* rigctl_fan_duty_ratio,
					     rigctl_fan_mode */
void prom_fans_check(struct ctx *c, FILE *f); /* rigctl_check_state
						 {check="fans"} */
/* The exporter's event counters (rigctl_events_total{rig,source,severity,
 * kind}), from results whose data is an array of {source, severity, kind,
 * count}: what the SEL and kernel log held since the exporter started;
 * unlike check's, no check label and no check state behind them. */
void prom_events_seen(struct ctx *c, FILE *f);

#endif

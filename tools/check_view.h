/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl check / ecc check output: Nagios line and Prometheus text. */
#ifndef RIGCTL_CHECK_VIEW_H
#define RIGCTL_CHECK_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct ctx;

/* What ecc status and ecc check both say of a rig that cannot report
 * memory errors: no BMC (whose SEL would), no EDAC over SSH. */
#define ECC_NOT_AVAILABLE "not available (no EDAC, no BMC)"

/* Prometheus text of the check results (output_results's prom_fn). */
void check_prom(struct ctx *c, FILE *f);

/*
 * One Nagios plugin line for all rigs: "RIGCTL <title> <STATE> - summary
 * | perfdata", perfdata with warning and critical ranges from the sensors'
 * thresholds.
 */
void check_nagios(struct ctx *c, const char *title);

/*
 * A Nagios threshold range that alerts outside [lo, hi]: "lo:hi", "lo:"
 * (only a lower bound), "~:hi" (only an upper bound) or "" (none).  Pure.
 */
void nagios_range(bool has_lo, double lo, bool has_hi, double hi, char *buf,
		  size_t len);

/* A perfdata label: quoted, a quote doubled, '=' replaced.  Pure. */
void nagios_label(const char *rig_label, const char *name, char *buf, size_t len);

int check_main(struct ctx *c, int argc, char **argv, unsigned int what,
	       const char *leaf, const char *help);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ipmi_exporter's families and labels (prometheus-community's, as Debian's
 * prometheus-ipmi-exporter writes them) from what a collection read, for
 * --metrics ipmi_exporter|both: dashboards and alerts written for it keep
 * working. */
#ifndef RIGCTL_IPMI_COMPAT_H
#define RIGCTL_IPMI_COMPAT_H

#include <stdbool.h>
#include <stdio.h>

#include <ipmirig.h>

struct ipmi_compat {
	bool up;                   /* the BMC answered */
	bool chassis_read;
	bool power_known, power_on;
	bool sensors_read;
	const rig_sensor_list *sensors; /* BMC sensors are used, others not */
	bool info_read;
	const rig_bmc_info *info;
	bool sel_read;
	rig_sel_info sel;
	bool dcmi_read;
	double dcmi_w;
};

/* The families as text (malloc'd), or NULL when out of memory. */
char *ipmi_compat_render(const struct ipmi_compat *ic);

/* The families of a BMC that did not answer in time: ipmi_up 0. */
void ipmi_compat_down(FILE *out);

/* ipmi_scrape_duration_seconds. */
void ipmi_compat_duration(FILE *out, double seconds);

/* ipmi_exporter's state of a sensor: 0 nominal, 1 warning, 2 critical
 * (FreeIPMI's "Nominal", "Warning", "Critical"); unknown is NaN. */
double ipmi_compat_state(rig_state st);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rigs file: one INI section per rig (see docs/inventory.md). */
#ifndef RIGCTL_INVENTORY_H
#define RIGCTL_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ipmirig.h>

struct inv_rig {
	char *name;
	unsigned int line; /* of its section header */
	/* BMC */
	char *bmc, *bmc_user, *bmc_password_file, *bmc_password_env;
	char *bmc_kg_file, *bmc_kg_env;
	rig_privilege bmc_privilege; /* RIG_PRIV_AUTO when unset */
	int bmc_cipher_suite;        /* -1 when unset */
	bool bmc_workarounds_set;
	uint32_t bmc_workarounds;
	unsigned int bmc_timeout, bmc_retransmission_timeout; /* 0: unset */
	/* SSH */
	char *ssh, *ssh_identity, *ssh_known_hosts, *probe_root;
	unsigned int ssh_timeout, expect_pcie_width;
	/* Sensors: exclude_sensors as written ("GLOB, GLOB"), and each
	 * threshold line in order; checked by the parser (sensor_view.h). */
	char *exclude_sensors;
	char **thresholds;
	size_t nthresholds;
	/* Wake-on-LAN */
	char *wol_mac, *wol_broadcast;
	unsigned int wol_port;
	/* Smart plug: its URL, and its password by reference only */
	char *plug, *plug_password_file, *plug_password_env;
	/* The watchdog: watchdog = off, and watchdog_unreachable in seconds
	 * (0: unset) */
	bool watchdog_off;
	unsigned int watchdog_unreachable;
	/* Fan control: bmc_fan_profile, fan_headers and fan_curve as
	 * written (checked), fan_min (percent), fan_interval (seconds, 0:
	 * unset), fan_hysteresis (degrees) */
	char *fan_profile, *fan_headers, *fan_curve;
	unsigned int fan_min, fan_interval;
	bool fan_min_set, fan_hysteresis_set;
	double fan_hysteresis;
	/* Groups it belongs to */
	char **groups;
	size_t ngroups;
};

struct inventory {
	char *path;
	struct inv_rig *rigs;
	size_t count;
};

/*
 * Parse an inventory from text; label names it in messages ("FILE:LINE:
 * what is wrong").  On error returns false with the message in err.
 */
bool inventory_parse(const char *text, const char *label,
		     struct inventory **out, char *err, size_t errlen);

/* Read and parse a file. */
bool inventory_load(const char *path, struct inventory **out, char *err,
		    size_t errlen);

void inventory_free(struct inventory *inv);

/*
 * Resolve "NAME[,NAME...]" (rigs, groups, or "all") to rig indexes, each
 * once, in inventory order.  *idx is malloc'd.
 */
bool inventory_select(const struct inventory *inv, const char *names,
		      size_t **idx, size_t *n, char *err, size_t errlen);

/* The inventory file to use: -c, else the XDG config file, else
 * /etc/rigctl/rigs.conf; NULL when none exists (buf receives the path). */
const char *inventory_find(const char *explicit_path, char *buf, size_t len);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The BMC path: one FreeIPMI out-of-band session per rig handle. */
#ifndef RIG_BMC_H
#define RIG_BMC_H

#include <freeipmi/freeipmi.h>

#include "../internal.h"

#define BMC_DEFAULT_PORT 623u

struct bmc {
	char *host;    /* what FreeIPMI is given: host or host:port */
	char *label;   /* host:port, for messages and cache file names */
	char *username;
	char *password; /* secret copy, wiped on destroy */
	uint8_t *k_g;   /* secret copy */
	size_t k_g_len;
	rig_privilege privilege; /* RIG_PRIV_AUTO: by intent */
	int cipher_suite;
	unsigned int timeout_ms;
	unsigned int retransmission_ms;
	unsigned int workarounds; /* FreeIPMI's flags */
	char *sdr_cache_dir;
	ipmi_ctx_t ctx;
	uint8_t open_priv; /* IPMI privilege of the open session; 0: none */
};

/* The one place FreeIPMI's errors become rig statuses and messages. */
rig_status bmc_error(rig *r, struct bmc *b, const char *what);

/* Open (or keep) a session fit for intent. */
rig_status bmc_begin(rig *r, void *priv, rig_intent intent);

/* Forget a session that a failure left unusable. */
void bmc_drop_session(struct bmc *b);

rig_status bmc_power_status(rig *r, void *priv, rig_power_state *st);
rig_status bmc_power_action(rig *r, void *priv, rig_power_action a);
rig_status bmc_info(rig *r, void *priv, rig_bmc_info *info);

/* Vendor name for an IANA enterprise number into buf ("" if unknown). */
void bmc_vendor_name(uint32_t iana, char *buf, size_t len);

#endif

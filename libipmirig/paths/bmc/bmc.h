/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The BMC path: one FreeIPMI out-of-band session per rig handle. */
#ifndef RIG_BMC_H
#define RIG_BMC_H

#include <freeipmi/freeipmi.h>

#include "core/internal.h"

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
	uint32_t rig_workarounds; /* RIG_WORKAROUND_* as given (SOL's too) */
	char *sdr_cache_dir;
	ipmi_ctx_t ctx;
	uint8_t open_priv; /* IPMI privilege of the open session; 0: none */
	/* The manufacturer ID Get Device ID gave in this session (cleared
	 * with the session): fan control checks it before every write, and
	 * a controller writes every few seconds. */
	bool has_manufacturer;
	uint32_t manufacturer_id;
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
/* The BMC's IANA manufacturer ID (Get Device ID once per session). */
rig_status bmc_manufacturer(rig *r, struct bmc *b, uint32_t *iana);

/* ---- sensors and the SDR cache ---- */
/*
 * Open this BMC's SDR over the open session: the cache file under
 * sdr_cache_dir (rebuilt when stale, missing or damaged), or an in-memory
 * copy without a cache dir.  Close with bmc_sdr_close().
 */
rig_status bmc_sdr_open(rig *r, struct bmc *b, ipmi_sdr_ctx_t *out);
void bmc_sdr_close(ipmi_sdr_ctx_t sdr);
rig_status bmc_sdr_flush(rig *r, void *priv);
/* Reads r->sensors_opts (NULL: the defaults). */
rig_status bmc_sensors(rig *r, void *priv, rig_sensor_list *out);
/* Whether the last failed command got an answer from the BMC (a completion
 * code): the session is fine and only that command failed. */
bool bmc_answered(struct bmc *b);

/* ---- events, SEL, ECC and checks ---- */
rig_status bmc_events(rig *r, void *priv, const char *since, size_t last,
		      rig_event_list *out, char **next);
rig_status bmc_sel_info(rig *r, void *priv, rig_sel_info *info);
rig_status bmc_sel_clear(rig *r, void *priv, const rig_sel_clear_options *opts,
			 rig_sel_clear_result *result);

/* ---- hardening: retry.c, reads retried in a new session after
 * the session was lost mid-exchange; the ops table uses these. ---- */
rig_status bmc_retry_power_status(rig *r, void *priv, rig_power_state *st);
rig_status bmc_retry_info(rig *r, void *priv, rig_bmc_info *info);
rig_status bmc_retry_sensors(rig *r, void *priv, rig_sensor_list *out);
rig_status bmc_retry_events(rig *r, void *priv, const char *since,
			    size_t last, rig_event_list *out, char **next);
rig_status bmc_retry_sel_info(rig *r, void *priv, rig_sel_info *info);

/* Vendor name for an IANA enterprise number into buf ("" if unknown). */
void bmc_vendor_name(uint32_t iana, char *buf, size_t len);

#endif

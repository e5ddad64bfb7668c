/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BMC management: cold/warm reset, the SEL clock, the LAN configuration
 * and users (read only), raw requests, and freeing a stuck SOL payload.
 * Requests go through bmc_raw(), which refuses the forbidden ones, and
 * replies are decoded by codec/bmcmgmt.c.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec/bmcmgmt.h"
#include "codec/raw.h"
#include "util/timefmt.h"
#include "paths/bmc/mgmt.h"
#include "paths/bmc/remote.h"

/* Channels Get Channel Info may describe (0x0E is "this one", 0x0F the
 * system interface). */
#define LAST_CHANNEL 0x0Bu
/* Get LAN Configuration Parameters: the BMC lacks that parameter. */
#define CC_PARAM_NOT_SUPPORTED 0x80u
/* Between two probes of a resetting BMC. */
#define RESET_PROBE_MS 1000u

/* One request with a one-byte command and a small payload; a non-zero
 * completion code is left in rs[0] for the caller. */
static rig_status ask(rig *r, struct bmc *b, const char *what, uint8_t netfn,
		      uint8_t cmd, const uint8_t *data, size_t len, uint8_t *rs,
		      size_t size, size_t *n)
{
	uint8_t rq[RIG_RAW_MAX];

	if (len + 1 > sizeof(rq))
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"%s: %zu data bytes are too many", what, len);
	rq[0] = cmd;
	if (len > 0)
		memcpy(rq + 1, data, len);
	return bmc_raw(r, b, what, netfn, rq, (unsigned int)len + 1, rs, size,
		       n);
}

/* ask() where only completion code 0 will do. */
static rig_status ask_ok(rig *r, struct bmc *b, const char *what,
			 uint8_t netfn, uint8_t cmd, const uint8_t *data,
			 size_t len, uint8_t *rs, size_t size, size_t *n)
{
	rig_status rc = ask(r, b, what, netfn, cmd, data, len, rs, size, n);

	if (rc == RIG_OK && rs[0] != 0)
		rc = bmc_cc_error(r, b, what, netfn, cmd, rs[0]);
	return rc;
}

static rig_status decode_failed(rig *r, struct bmc *b, const char *what,
				rig_status rc, uint8_t netfn, uint8_t cmd,
				const uint8_t *rs, size_t n)
{
	if (rc == RIG_E_INVALID)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
				"%s: BMC %s sent a reply of %zu bytes, too "
				"short", what, b->label, n);
	return bmc_cc_error(r, b, what, netfn, cmd, rs[0]);
}

/* ---- reset ---- */

/* Whether the BMC answers a new session and Get Device ID. */
static bool answers(rig *r, struct bmc *b)
{
	size_t mark = rig__error_mark(r);
	uint8_t rs[32];
	size_t n;
	bool ok;

	bmc_drop_session(b);
	/* Each poll is a new try: a BMC silent at the last one may be back
	 * (an open that failed marks the path down for the call). */
	rig__paths_retry(r);
	ok = bmc_begin(r, b, RIG_INTENT_READ) == RIG_OK &&
	     ask_ok(r, b, "BMC reset", IPMI_NET_FN_APP_RQ,
		    IPMI_CMD_GET_DEVICE_ID, NULL, 0, rs, sizeof(rs),
		    &n) == RIG_OK;
	rig__error_rewind(r, mark);
	return ok;
}

rig_status bmc_mc_reset(rig *r, void *priv, bool warm, unsigned int wait_ms)
{
	struct bmc *b = priv;
	uint8_t cmd = warm ? IPMI_CMD_WARM_RESET : IPMI_CMD_COLD_RESET;
	const char *what = warm ? "BMC warm reset" : "BMC cold reset";
	uint8_t rs[8];
	size_t n, mark = rig__error_mark(r);
	uint64_t until;
	rig_status rc;

	rig__log(r, RIG_LOG_INFO, "BMC %s: %s", b->label, what);
	rc = ask_ok(r, b, what, IPMI_NET_FN_APP_RQ, cmd, NULL, 0, rs,
		    sizeof(rs), &n);
	if (rc == RIG_E_UNREACHABLE) {
		/* Many BMCs reset before their reply leaves: silence after the
		 * request went out is what a reset looks like. */
		rig__log(r, RIG_LOG_WARNING, "BMC %s: no reply to the reset "
					    "(it may have reset at once)",
			 b->label);
		rig__error_rewind(r, mark);
		rc = RIG_OK;
	}
	/* The session died with the BMC's state either way. */
	bmc_drop_session(b);
	if (rc != RIG_OK || wait_ms == 0)
		return rc;
	until = rig__now_ms() + wait_ms;
	do {
		/* Give it a moment first: a BMC may still answer between
		 * its reply and the reset. */
		rig__sleep_ms(RESET_PROBE_MS);
		if (answers(r, b))
			return RIG_OK;
	} while (rig__now_ms() < until);
	return rig__fail(r, RIG_PATH_BMC, RIG_E_WAIT_TIMEOUT,
			"%s: BMC %s did not answer again within %u s", what,
			b->label, wait_ms / 1000u);
}

/* ---- SEL clock ---- */

rig_status bmc_mc_time_get(rig *r, void *priv, rig_bmc_time *out)
{
	struct bmc *b = priv;
	uint8_t rs[16];
	uint32_t t;
	size_t n;
	rig_status rc;

	rc = ask(r, b, "BMC time", IPMI_NET_FN_STORAGE_RQ,
		 IPMI_CMD_GET_SEL_TIME, NULL, 0, rs, sizeof(rs), &n);
	if (rc != RIG_OK)
		return rc;
	out->local = (int64_t)time(NULL);
	rc = mgmt_sel_time_decode(rs, n, &t);
	if (rc != RIG_OK)
		return decode_failed(r, b, "BMC time", rc,
				     IPMI_NET_FN_STORAGE_RQ,
				     IPMI_CMD_GET_SEL_TIME, rs, n);
	out->pre_init = rig__ipmi_time_kind(t) != RIG_IPMI_TIME_ABSOLUTE;
	out->time = (int64_t)t;
	return RIG_OK;
}

rig_status bmc_mc_time_set(rig *r, void *priv, uint32_t t)
{
	struct bmc *b = priv;
	uint8_t data[4], rs[8];
	size_t n;

	mgmt_sel_time_encode(t, data);
	rig__log(r, RIG_LOG_INFO, "BMC %s: SEL time %u", b->label, t);
	return ask_ok(r, b, "BMC time sync", IPMI_NET_FN_STORAGE_RQ,
		      IPMI_CMD_SET_SEL_TIME, data, sizeof(data), rs, sizeof(rs),
		      &n);
}

/* ---- LAN and users ---- */

/* The first LAN channel, as ipmitool's 'lan print' finds it. */
static rig_status lan_channel(rig *r, struct bmc *b, unsigned int *channel)
{
	uint8_t rs[16];
	size_t n;

	for (uint8_t ch = 1; ch <= LAST_CHANNEL; ch++) {
		bool lan = false;
		rig_status rc;

		rc = ask(r, b, "BMC LAN channel", IPMI_NET_FN_APP_RQ,
			 IPMI_CMD_GET_CHANNEL_INFO_COMMAND, &ch, 1, rs,
			 sizeof(rs), &n);
		if (rc != RIG_OK)
			return rc;
		/* An absent channel answers with an error code: next one. */
		if (mgmt_channel_is_lan(rs, n, &lan) == RIG_OK && lan) {
			*channel = ch;
			return RIG_OK;
		}
	}
	return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
			"BMC LAN: not supported by this BMC (%s describes no "
			"LAN channel)", b->label);
}

rig_status bmc_mc_lan(rig *r, void *priv, rig_bmc_lan *out)
{
	static const uint8_t params[] = {MGMT_LAN_IP_SOURCE, MGMT_LAN_IP,
					 MGMT_LAN_NETMASK,   MGMT_LAN_MAC,
					 MGMT_LAN_GATEWAY,   MGMT_LAN_VLAN};
	struct bmc *b = priv;
	unsigned int ch = 0;
	uint8_t rs[64];
	size_t n;
	rig_status rc;

	out->ip_source = "unspecified";
	rc = lan_channel(r, b, &ch);
	if (rc != RIG_OK)
		return rc;
	out->channel = ch;
	for (size_t i = 0; i < sizeof(params); i++) {
		const uint8_t rq[] = {(uint8_t)ch, params[i], 0, 0};

		rc = ask(r, b, "BMC LAN", IPMI_NET_FN_TRANSPORT_RQ,
			 IPMI_CMD_GET_LAN_CONFIGURATION_PARAMETERS, rq,
			 sizeof(rq), rs, sizeof(rs), &n);
		if (rc != RIG_OK)
			return rc;
		/* Optional parameters (VLAN, gateway) a BMC may lack: left
		 * empty, as 'ipmitool lan print' leaves them out. */
		if (n > 0 && rs[0] == CC_PARAM_NOT_SUPPORTED)
			continue;
		rc = mgmt_lan_param_decode(params[i], rs, n, out);
		if (rc != RIG_OK)
			return decode_failed(
				r, b, "BMC LAN", rc, IPMI_NET_FN_TRANSPORT_RQ,
				IPMI_CMD_GET_LAN_CONFIGURATION_PARAMETERS, rs, n);
	}
	return RIG_OK;
}

rig_status bmc_mc_users(rig *r, void *priv, rig_bmc_user_list *out)
{
	struct bmc *b = priv;
	unsigned int ch = 0, max = 1;
	uint8_t rs[32];
	size_t n;
	rig_status rc;

	rc = lan_channel(r, b, &ch);
	if (rc != RIG_OK)
		return rc;
	out->channel = ch;
	/* max comes with the first answer; ids start at 1 (0 is reserved). */
	for (unsigned int id = 1; id <= max; id++) {
		const uint8_t rq[] = {(uint8_t)ch, (uint8_t)id};
		const uint8_t uid = (uint8_t)id;
		rig_bmc_user u, *grown;

		memset(&u, 0, sizeof(u));
		u.id = id;
		rc = ask(r, b, "BMC users", IPMI_NET_FN_APP_RQ,
			 IPMI_CMD_GET_USER_ACCESS_COMMAND, rq, sizeof(rq), rs,
			 sizeof(rs), &n);
		if (rc == RIG_OK)
			rc = mgmt_user_access_decode(rs, n, &max, &u);
		if (rc != RIG_OK)
			return rc == RIG_E_UNREACHABLE || rc == RIG_E_NOMEM
				       ? rc
				       : decode_failed(
						 r, b, "BMC users", rc,
						 IPMI_NET_FN_APP_RQ,
						 IPMI_CMD_GET_USER_ACCESS_COMMAND,
						 rs, n);
		rc = ask(r, b, "BMC users", IPMI_NET_FN_APP_RQ,
			 IPMI_CMD_GET_USER_NAME_COMMAND, &uid, 1, rs,
			 sizeof(rs), &n);
		if (rc != RIG_OK)
			return rc;
		/* A slot without a name may answer with an error code: it
		 * stays unnamed, as in 'ipmitool user list'. */
		if (n > 0 && rs[0] == 0 &&
		    mgmt_user_name_decode(rs, n, &u) != RIG_OK)
			return decode_failed(r, b, "BMC users", RIG_E_INVALID,
					     IPMI_NET_FN_APP_RQ,
					     IPMI_CMD_GET_USER_NAME_COMMAND, rs,
					     n);
		grown = realloc(out->items, (out->count + 1) * sizeof(*grown));
		if (grown == NULL)
			return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM,
					"out of memory");
		out->items = grown;
		out->items[out->count++] = u;
	}
	return RIG_OK;
}

/* ---- raw ---- */

rig_status bmc_raw_request(rig *r, void *priv, uint8_t netfn, uint8_t cmd,
			   const uint8_t *data, size_t len,
			   rig_raw_response *out)
{
	struct bmc *b = priv;
	uint8_t rs[RIG_RAW_MAX];
	char words[64];
	size_t n;
	rig_status rc;

	rc = ask(r, b, "raw", netfn, cmd, data, len, rs, sizeof(rs), &n);
	if (rc != RIG_OK)
		return rc;
	out->completion_code = rs[0];
	out->len = n - 1;
	memcpy(out->data, rs + 1, out->len);
	if (rs[0] == 0)
		return RIG_OK;
	if (rs[0] == IPMI_COMP_CODE_INSUFFICIENT_PRIVILEGE_LEVEL)
		return bmc_cc_error(r, b, "raw", netfn, cmd, rs[0]);
	/* In ipmitool's words, which scripts moved from 'ipmitool raw' may
	 * match; 0xC1 included: the request is the caller's, not ours. */
	return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
			"raw: BMC %s: Unable to send RAW command (channel=0x0 "
			"netfn=0x%x lun=0x0 cmd=0x%x rsp=0x%x): %s", b->label,
			netfn, cmd, rs[0], raw_cc_text(rs[0], words, sizeof(words)));
}

/* ---- SOL ---- */

rig_status bmc_console_deactivate(rig *r, void *priv, bool *was_active)
{
	struct bmc *b = priv;
	/* payload type SOL, instance 1, four bytes of payload data */
	const uint8_t rq[] = {IPMI_PAYLOAD_TYPE_SOL, 1, 0, 0, 0, 0};
	uint8_t rs[8];
	size_t n;
	rig_status rc;

	rig__log(r, RIG_LOG_INFO, "BMC %s: deactivating the SOL payload",
		 b->label);
	rc = ask(r, b, "console deactivate", IPMI_NET_FN_APP_RQ,
		 IPMI_CMD_DEACTIVATE_PAYLOAD, rq, sizeof(rq), rs, sizeof(rs),
		 &n);
	if (rc != RIG_OK)
		return rc;
	if (rs[0] == 0 ||
	    rs[0] == IPMI_COMP_CODE_DEACTIVATE_PAYLOAD_PAYLOAD_ALREADY_DEACTIVATED) {
		*was_active = rs[0] == 0;
		return RIG_OK;
	}
	if (rs[0] == IPMI_COMP_CODE_DEACTIVATE_PAYLOAD_PAYLOAD_TYPE_IS_DISABLED)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				"console deactivate: BMC %s has Serial-over-LAN "
				"disabled (0x81)", b->label);
	return bmc_cc_error(r, b, "console deactivate", IPMI_NET_FN_APP_RQ,
			    IPMI_CMD_DEACTIVATE_PAYLOAD, rs[0]);
}

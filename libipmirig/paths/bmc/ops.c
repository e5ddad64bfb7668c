/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Adding a BMC path to a rig: validate, copy, wire up the ops table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths/bmc/bmc.h"
#include "paths/bmc/fans.h"
#include "paths/bmc/mgmt.h"
#include "paths/bmc/remote.h"

static void bmc_destroy(void *priv)
{
	struct bmc *b = priv;

	if (b == NULL)
		return;
	bmc_drop_session(b);
	free(b->host);
	free(b->label);
	free(b->username);
	rig__secret_free_str(b->password);
	rig__secret_free(b->k_g, b->k_g_len);
	free(b->sdr_cache_dir);
	free(b);
}

static const struct rig_backend_ops bmc_ops = {
	.path = RIG_PATH_BMC,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_ON | RIG_CAP_POWER_OFF |
		RIG_CAP_POWER_SOFT | RIG_CAP_POWER_CYCLE | RIG_CAP_POWER_RESET |
		RIG_CAP_INFO | RIG_CAP_SENSORS | RIG_CAP_SEL | RIG_CAP_ECC |
		RIG_CAP_BOOT | RIG_CAP_CONSOLE | RIG_CAP_IDENTIFY | RIG_CAP_FRU,
	.destroy = bmc_destroy,
	.begin = bmc_begin,
	.power_status = bmc_retry_power_status,
	.power_action = bmc_power_action,
	.bmc_info = bmc_retry_info,
	.sensors = bmc_retry_sensors,
	.sdr_flush = bmc_sdr_flush,
	.events = bmc_retry_events,
	.sel_info = bmc_retry_sel_info,
	.sel_clear = bmc_sel_clear,
	.boot_set = bmc_boot_set,
	.boot_get = bmc_boot_get,
	.identify = bmc_identify,
	.fru = bmc_fru,
	.power_reading = bmc_power_reading,
	.console_open = bmc_console_open,
	.chassis_status = bmc_chassis_status,
	.power_policy_set = bmc_power_policy_set,
	.mc_reset = bmc_mc_reset,
	.mc_time_get = bmc_mc_time_get,
	.mc_time_set = bmc_mc_time_set,
	.mc_lan = bmc_mc_lan,
	.mc_users = bmc_mc_users,
	.raw = bmc_raw_request,
	.console_deactivate = bmc_console_deactivate,
	.fan_vendor = bmc_fan_vendor,
	.fan_request = bmc_fan_request,
};

static unsigned int ipmi_workarounds(uint32_t w)
{
	unsigned int f = 0;

	if (w & RIG_WORKAROUND_AUTHCAP)
		f |= IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_AUTHENTICATION_CAPABILITIES;
	if (w & RIG_WORKAROUND_INTEL20)
		f |= IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_INTEL_2_0_SESSION;
	if (w & RIG_WORKAROUND_SUPERMICRO20)
		f |= IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUPERMICRO_2_0_SESSION;
	if (w & RIG_WORKAROUND_SUN20)
		f |= IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_SUN_2_0_SESSION;
	if (w & RIG_WORKAROUND_OPENSESSPRIV)
		f |= IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_OPEN_SESSION_PRIVILEGE;
	if (w & RIG_WORKAROUND_INTEGRITYCHECKVALUE)
		f |= IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NON_EMPTY_INTEGRITY_CHECK_VALUE;
	if (w & RIG_WORKAROUND_NOCHECKSUMCHECK)
		f |= IPMI_WORKAROUND_FLAGS_OUTOFBAND_2_0_NO_CHECKSUM_CHECK;
	return f;
}

/*
 * Retransmit well inside the deadline: on a LAN a reply takes
 * milliseconds, so FreeIPMI's 1 s default turns each lost datagram into a
 * second of nothing.  A quarter of a second still leaves a slow BMC room.
 */
static unsigned int default_retransmission(unsigned int timeout_ms)
{
	unsigned int t = timeout_ms / 8u;

	if (t > 250u)
		t = 250u;
	if (t < 50u)
		t = 50u;
	return t;
}

static rig_status validate(rig *r, const rig_bmc_options *o)
{
	if (o->host == NULL || o->host[0] == '\0')
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"BMC options: no host");
	if (o->cipher_suite < 0 || o->cipher_suite > 255)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"BMC options: cipher suite %d out of range "
				"0-255", o->cipher_suite);
	/* Refused before any datagram: FreeIPMI would fail the session with
	 * a bare "invalid parameters" for a suite it does not implement. */
	if (!IPMI_CIPHER_SUITE_ID_SUPPORTED(o->cipher_suite))
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				      RIG_HINT_CIPHER_SUITE,
				      "BMC options: cipher suite %d is not "
				      "supported (supported: 0-3, 6-8, 11, 12, "
				      "15-17)", o->cipher_suite);
	if (o->cipher_suite == 0 && !o->allow_no_auth)
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_INVALID,
				      RIG_HINT_ALLOW_NO_AUTH,
				      "BMC options: cipher suite 0 authenticates "
				      "nothing (anyone who can reach the BMC "
				      "could act as this user); it is refused "
				      "unless no authentication is allowed "
				      "explicitly");
	if (o->k_g_len > 20 || (o->k_g == NULL && o->k_g_len > 0))
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"BMC options: K_g key longer than 20 bytes");
	if (o->username != NULL && strlen(o->username) > 16)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"BMC options: user name longer than 16 "
				"characters");
	if (o->password != NULL && strlen(o->password) > 20)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"BMC options: password longer than 20 "
				"characters (IPMI 2.0 limit)");
	if ((unsigned int)o->privilege > RIG_PRIV_ADMIN)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"BMC options: invalid privilege level");
	if (o->timeout_ms == 0 ||
	    (o->retransmission_timeout_ms != 0 &&
	     o->retransmission_timeout_ms >= o->timeout_ms))
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"BMC options: the timeout must be positive and "
				"longer than the retransmission timeout");
	return RIG_OK;
}

static rig_status fill(struct bmc *b, const rig_bmc_options *o,
		       const char *host, unsigned int port)
{
	bool v6 = strchr(host, ':') != NULL;
	int n;

	/* FreeIPMI takes host:port and [v6]:port. */
	if (v6)
		n = asprintf(&b->label, "[%s]:%u", host, port);
	else
		n = asprintf(&b->label, "%s:%u", host, port);
	if (n < 0)
		b->label = NULL;
	if (port == BMC_DEFAULT_PORT && !v6)
		b->host = strdup(host);
	else if (b->label != NULL)
		b->host = strdup(b->label);
	b->username = o->username != NULL ? strdup(o->username) : NULL;
	b->password = rig__secret_dup(o->password);
	b->k_g = rig__secret_memdup(o->k_g, o->k_g_len);
	b->k_g_len = o->k_g != NULL ? o->k_g_len : 0;
	b->sdr_cache_dir =
		o->sdr_cache_dir != NULL ? strdup(o->sdr_cache_dir) : NULL;
	b->privilege = o->privilege;
	b->cipher_suite = o->cipher_suite;
	b->timeout_ms = o->timeout_ms;
	b->retransmission_ms = o->retransmission_timeout_ms != 0
				       ? o->retransmission_timeout_ms
				       : default_retransmission(o->timeout_ms);
	b->workarounds = ipmi_workarounds(o->workarounds);
	b->rig_workarounds = o->workarounds;
	if (b->host == NULL || b->label == NULL ||
	    (o->username != NULL && b->username == NULL) ||
	    (o->password != NULL && b->password == NULL) ||
	    (o->k_g != NULL && b->k_g == NULL) ||
	    (o->sdr_cache_dir != NULL && b->sdr_cache_dir == NULL))
		return RIG_E_NOMEM;
	return RIG_OK;
}

RIG_API rig_status rig_add_bmc(rig *r, const rig_bmc_options *given)
{
	rig_bmc_options full;
	const rig_bmc_options *o = &full;
	struct bmc *b;
	char *host = NULL;
	unsigned int port;
	rig_status rc;

	if (r == NULL || given == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (r->bmc.ops != NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"%s already has a BMC", r->name);
	rc = rig__options_read(r, RIG_PATH_BMC, RIG_OPTS_BMC, given, &full);
	if (rc == RIG_OK)
		rc = validate(r, o);
	if (rc != RIG_OK)
		return rc;
	if (rig__split_hostport(o->host, &host, &port, BMC_DEFAULT_PORT) !=
	    RIG_OK)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"BMC address '%s' is not host, host:port or "
				"[IPv6]:port", o->host);
	b = calloc(1, sizeof(*b));
	rc = b != NULL ? fill(b, o, host, port) : RIG_E_NOMEM;
	free(host);
	if (rc != RIG_OK) {
		bmc_destroy(b);
		return rig__fail(r, RIG_PATH_BMC, rc, "out of memory");
	}
	r->bmc.ops = &bmc_ops;
	r->bmc.priv = b;
	return RIG_OK;
}

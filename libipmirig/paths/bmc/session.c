/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Session establishment, privilege by intent, and error translation. */
#include <stdio.h>
#include <string.h>

#include "paths/bmc/bmc.h"

/* Pause between two attempts to establish a session: long enough for a
 * busy BMC to free a session slot, short against any deadline. */
#define RETRY_PAUSE_MS 100u
/* An attempt gets this share of the deadline (see attempt_budget). */
#define ATTEMPT_SHARE 6u

static uint8_t ipmi_priv(rig_privilege p)
{
	switch (p) {
	case RIG_PRIV_USER:
		return IPMI_PRIVILEGE_LEVEL_USER;
	case RIG_PRIV_OPERATOR:
		return IPMI_PRIVILEGE_LEVEL_OPERATOR;
	case RIG_PRIV_ADMIN:
	case RIG_PRIV_AUTO:
		break;
	}
	return IPMI_PRIVILEGE_LEVEL_ADMIN;
}

static const char *priv_text(uint8_t p)
{
	switch (p) {
	case IPMI_PRIVILEGE_LEVEL_USER:
		return "user";
	case IPMI_PRIVILEGE_LEVEL_OPERATOR:
		return "operator";
	default:
		break;
	}
	return "admin";
}

static uint8_t needed_priv(const struct bmc *b, rig_intent intent)
{
	if (b->privilege != RIG_PRIV_AUTO)
		return ipmi_priv(b->privilege);
	switch (intent) {
	case RIG_INTENT_READ:
		return IPMI_PRIVILEGE_LEVEL_USER;
	case RIG_INTENT_CONTROL:
		return IPMI_PRIVILEGE_LEVEL_OPERATOR;
	case RIG_INTENT_ADMIN:
		break;
	}
	return IPMI_PRIVILEGE_LEVEL_ADMIN;
}

void bmc_drop_session(struct bmc *b)
{
	if (b->ctx != NULL) {
		if (b->open_priv != 0)
			ipmi_ctx_close(b->ctx);
		ipmi_ctx_destroy(b->ctx);
	}
	b->ctx = NULL;
	b->open_priv = 0;
	b->has_manufacturer = false;
}

rig_status bmc_error(rig *r, struct bmc *b, const char *what)
{
	int e = b->ctx != NULL ? ipmi_ctx_errnum(b->ctx) : IPMI_ERR_OUT_OF_MEMORY;
	const char *h = b->label;
	const char *user = b->username != NULL ? b->username : "(null user)";
	const char *pv = priv_text(b->open_priv != 0 ? b->open_priv
						     : needed_priv(b, RIG_INTENT_READ));

	switch (e) {
	case IPMI_ERR_USERNAME_INVALID:
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_AUTH,
				     RIG_HINT_BMC_USER,
				     "%s: BMC %s does not know user '%s'", what,
				     h, user);
	case IPMI_ERR_PASSWORD_INVALID:
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_AUTH, RIG_HINT_KG,
				     "%s: BMC %s refused the password of user "
				     "'%s' (wrong password, or the BMC needs a "
				     "K_g key)", what, h, user);
	case IPMI_ERR_K_G_INVALID:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_AUTH,
				"%s: BMC %s refused the K_g key", what, h);
	case IPMI_ERR_PRIVILEGE_LEVEL_INSUFFICIENT:
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_PRIVILEGE,
				     RIG_HINT_PRIVILEGE,
				     "%s: BMC %s refused it at privilege %s "
				     "(completion code 0xD4): it needs a higher "
				     "privilege, or an account with more rights",
				     what, h, pv);
	case IPMI_ERR_PRIVILEGE_LEVEL_CANNOT_BE_OBTAINED:
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_PRIVILEGE,
				     RIG_HINT_WORKAROUND_OPENSESSPRIV,
				     "%s: user '%s' cannot get privilege %s on "
				     "BMC %s (the account's limit is lower, or "
				     "the BMC needs the open-session privilege "
				     "workaround)", what, user, pv, h);
	case IPMI_ERR_AUTHENTICATION_TYPE_UNAVAILABLE:
	case IPMI_ERR_CIPHER_SUITE_ID_UNAVAILABLE:
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_AUTH,
				     RIG_HINT_CIPHER_SUITE,
				     "%s: BMC %s does not offer cipher suite %d",
				     what, h, b->cipher_suite);
	case IPMI_ERR_IPMI_ERROR:
		/* FreeIPMI 1.6 says no more than "internal IPMI error" when a
		 * BMC turns down the algorithms of the cipher suite in the
		 * RMCP+ handshake (ipmi_sim with 15-17, for one; the error
		 * is IPMI_ERR_IPMI_ERROR, whose text that is), and its own
		 * ipmi-sensors prints just that.  In the handshake the suite
		 * is what to change; after it, the BMC's error stands. */
		if (b->open_priv != 0)
			return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
					"%s: BMC %s: %s", what, h,
					ipmi_ctx_errormsg(b->ctx));
		return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				      RIG_HINT_CIPHER_SUITE,
				      "%s: BMC %s turned down the session with "
				      "cipher suite %d (FreeIPMI: internal IPMI "
				      "error): it most likely does not support "
				      "that cipher suite", what, h,
				      b->cipher_suite);
	case IPMI_ERR_IPMI_2_0_UNAVAILABLE:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				"%s: BMC %s does not speak IPMI 2.0 (RMCP+)",
				what, h);
	case IPMI_ERR_CONNECTION_TIMEOUT:
	case IPMI_ERR_SESSION_TIMEOUT:
	case IPMI_ERR_MESSAGE_TIMEOUT:
	case IPMI_ERR_PASSWORD_VERIFICATION_TIMEOUT:
		bmc_drop_session(b);
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNREACHABLE,
				"%s: BMC %s silent for %u ms (wrong address or "
				"port, BMC powered off or unplugged, or UDP 623 "
				"filtered)", what, h, b->timeout_ms);
	case IPMI_ERR_SUCCESS:
		/* FreeIPMI failed without saying why: in a handshake, a reply
		 * it did not expect (see retryable()). */
		bmc_drop_session(b);
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNREACHABLE,
				"%s: BMC %s: the exchange kept failing on "
				"unexpected replies (datagrams lost, duplicated "
				"or reordered on the way)", what, h);
	case IPMI_ERR_HOSTNAME_INVALID:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNREACHABLE,
				"%s: cannot resolve BMC host '%s'", what, h);
	case IPMI_ERR_BMC_BUSY:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
				"%s: BMC %s is busy (too many sessions, or "
				"initialising): try again shortly", what, h);
	case IPMI_ERR_COMMAND_INVALID_OR_UNSUPPORTED:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				"%s: not supported by BMC %s", what, h);
	case IPMI_ERR_OUT_OF_MEMORY:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "%s: out of memory",
				what);
	case IPMI_ERR_BAD_COMPLETION_CODE:
	case IPMI_ERR_BAD_RMCPPLUS_STATUS_CODE:
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC, "%s: BMC %s: %s", what,
				h, ipmi_ctx_errormsg(b->ctx));
	default:
		break;
	}
	return rig__fail(r, RIG_PATH_BMC, RIG_E_INTERNAL, "%s: BMC %s: %s", what,
			h, b->ctx != NULL ? ipmi_ctx_errormsg(b->ctx)
					  : "no context");
}

/*
 * Failures worth another attempt inside the deadline: lost datagrams, a
 * BMC short of session slots, and a failure without an error number.
 * FreeIPMI 1.6 gives up that way when a stray datagram arrives during the
 * handshake (a duplicated or late Open Session Response where RAKP 2 is
 * expected): the next attempt starts clean.  Refusals are final.
 */
static bool retryable(int e)
{
	return e == IPMI_ERR_SESSION_TIMEOUT ||
	       e == IPMI_ERR_CONNECTION_TIMEOUT || e == IPMI_ERR_BMC_BUSY ||
	       e == IPMI_ERR_SUCCESS;
}

/*
 * One attempt's share of what is left of the deadline.  Some handshakes
 * never recover: when RAKP 4 is lost, the BMC has activated the session
 * and ignores the retransmitted RAKP 3, so FreeIPMI retransmits until its
 * session timeout.  Giving an attempt only a share keeps time for a fresh
 * one (measured through a relay losing 20% each way: one attempt with the
 * whole deadline failed 3 to 5 times in 10).  FreeIPMI keeps the value as
 * the session's limit of silence for each later command too, so it must
 * still cover several retransmissions with FreeIPMI's linear back-off
 * (intervals r, r, 2r, 2r, 3r...): at least 8 retransmission intervals.
 */
static unsigned int attempt_budget(const struct bmc *b, unsigned int left)
{
	unsigned int t = b->timeout_ms / ATTEMPT_SHARE;

	if (t < 8u * b->retransmission_ms)
		t = 8u * b->retransmission_ms;
	/* No sliver too short to be worth a last attempt. */
	if (t >= left || left - t < t / 2)
		t = left;
	return t;
}

static rig_status bmc_open(rig *r, struct bmc *b, uint8_t priv)
{
	uint64_t start = rig__now_ms(), deadline = start + b->timeout_ms;
	int attempt = 0;

	for (;;) {
		uint64_t now = rig__now_ms();
		unsigned int left = now < deadline ? (unsigned int)(deadline - now) : 0;
		unsigned int budget = attempt_budget(b, left);
		unsigned int retrans = b->retransmission_ms;
		int e;

		if (b->ctx == NULL)
			b->ctx = ipmi_ctx_create();
		if (b->ctx == NULL)
			return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM,
					"BMC %s: out of memory", b->label);
		if (retrans >= budget)
			retrans = budget > 1 ? budget / 2 : 1;
		attempt++;
		rig__log(r, RIG_LOG_DEBUG,
			"BMC %s: opening session (privilege %s, cipher suite "
			"%d, attempt %d, %u of %u ms left)", b->label,
			priv_text(priv), b->cipher_suite, attempt, budget,
			left);
		if (ipmi_ctx_open_outofband_2_0(
			    b->ctx, b->host, b->username, b->password, b->k_g,
			    (unsigned int)b->k_g_len, priv,
			    (uint8_t)b->cipher_suite, budget, retrans,
			    b->workarounds, IPMI_FLAGS_DEFAULT) == 0) {
			b->open_priv = priv;
			return RIG_OK;
		}
		e = ipmi_ctx_errnum(b->ctx);
		now = rig__now_ms();
		rig__log(r, RIG_LOG_DEBUG, "BMC %s: attempt %d failed after "
			"%u ms: %s (FreeIPMI error %d)", b->label, attempt,
			(unsigned int)(now + left - deadline),
			ipmi_ctx_errormsg(b->ctx), e);
		if (!retryable(e) || now + RETRY_PAUSE_MS + 2u * retrans >= deadline) {
			size_t mark = rig__error_mark(r);
			rig_status rc = bmc_error(r, b, "opening a session");

			/* The rest of this call would only wait out the
			 * same silence or log in with the same password. */
			rig__path_failed(r, RIG_PATH_BMC, mark);
			return rc;
		}
		/* A failed open leaves the context unusable: start afresh. */
		bmc_drop_session(b);
		rig__sleep_ms(RETRY_PAUSE_MS);
	}
}

rig_status bmc_begin(rig *r, void *priv, rig_intent intent)
{
	struct bmc *b = priv;
	uint8_t need = needed_priv(b, intent);
	rig_status rc;

	if (b->open_priv != 0 && b->open_priv >= need)
		return RIG_OK;
	rc = rig__path_down(r, RIG_PATH_BMC);
	if (rc != RIG_OK)
		return rc;
	if (b->open_priv != 0)
		bmc_drop_session(b); /* reopen higher, as ipmitool -L would */
	return bmc_open(r, b, need);
}

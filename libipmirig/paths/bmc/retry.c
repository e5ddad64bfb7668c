/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reads that fail mid-exchange get another try in a fresh session.
 *
 * FreeIPMI retransmits each request within a session, but two failures end
 * the session for good: silence longer than the session timeout (FreeIPMI
 * keeps bmc_open's per-attempt share as that limit), and a datagram it did
 * not expect (a late duplicate of an earlier reply), on which FreeIPMI
 * 1.6 fails without an error number.  bmc_error() drops the session in
 * both cases, so "the session is gone and the status is unreachable" is
 * the mark of a failure a new session can cure.  A BMC error gets one more
 * try too: a duplicated Reserve SDR Repository request cancels the
 * reservation a download is using (completion code 0xC5), and a busy BMC
 * answers 0xC0; a BMC that means it answers the same again.  Refusals and
 * local failures are final.  So is a session that could not be had: a
 * failed open marks the path down for the rest of the call
 * (rig__path_down), so the retry's reopen, like every later op, fails at
 * once instead of waiting out a dead BMC or logging in with a wrong
 * password again; only a session lost after it was open is retried.
 *
 * Only reads are wrapped: they may run twice without harm.  The ops build
 * their results on the side and add nothing when they fail, so a retry
 * never duplicates an item.
 */
#include "paths/bmc/bmc.h"

/* Tries after the first, and the part of the deadline they may start in. */
#define RETRY_MAX 2u
#define RETRY_WINDOW_DIV 1u

struct retry {
	rig *r;
	struct bmc *b;
	uint64_t start;
	unsigned int tries;
	size_t mark; /* errors recorded before this op */
};

static void retry_start(struct retry *t, rig *r, void *priv)
{
	t->r = r;
	t->b = priv;
	t->start = rig__now_ms();
	t->tries = 0;
	t->mark = rig__error_mark(r);
}

/*
 * After a failed try: whether to try again (the failed try's error is then
 * forgotten and a new session is open).  When reopening fails, *rc is its
 * status and its error stays recorded.
 */
static bool retry_again(struct retry *t, rig_status *rc, rig_intent intent)
{
	uint64_t elapsed = rig__now_ms() - t->start;

	bool lost = *rc == RIG_E_UNREACHABLE && t->b->ctx == NULL;
	bool refused_once = *rc == RIG_E_BMC && t->tries == 0;

	if (!(lost || refused_once) || t->tries >= RETRY_MAX ||
	    elapsed >= t->b->timeout_ms / RETRY_WINDOW_DIV)
		return false;
	t->tries++;
	rig__log(t->r, RIG_LOG_DEBUG, "BMC %s: failed after %u ms (%s): "
		"trying again%s", t->b->label, (unsigned int)elapsed,
		rig__error_since(t->r, t->mark), lost ? " in a new session" : "");
	rig__error_rewind(t->r, t->mark);
	*rc = bmc_begin(t->r, t->b, intent);
	return *rc == RIG_OK;
}

rig_status bmc_retry_power_status(rig *r, void *priv, rig_power_state *st)
{
	struct retry t;
	rig_status rc;

	retry_start(&t, r, priv);
	do
		rc = bmc_power_status(r, priv, st);
	while (rc != RIG_OK && retry_again(&t, &rc, RIG_INTENT_READ));
	return rc;
}

rig_status bmc_retry_info(rig *r, void *priv, rig_bmc_info *info)
{
	struct retry t;
	rig_status rc;

	retry_start(&t, r, priv);
	do
		rc = bmc_info(r, priv, info);
	while (rc != RIG_OK && retry_again(&t, &rc, RIG_INTENT_READ));
	return rc;
}

rig_status bmc_retry_sensors(rig *r, void *priv, rig_sensor_list *out)
{
	struct retry t;
	rig_status rc;

	retry_start(&t, r, priv);
	do
		rc = bmc_sensors(r, priv, out);
	while (rc != RIG_OK && retry_again(&t, &rc, RIG_INTENT_READ));
	return rc;
}

rig_status bmc_retry_events(rig *r, void *priv, const char *since,
			    size_t last, rig_event_list *out, char **next)
{
	struct retry t;
	rig_status rc;

	retry_start(&t, r, priv);
	do
		rc = bmc_events(r, priv, since, last, out, next);
	while (rc != RIG_OK && retry_again(&t, &rc, RIG_INTENT_READ));
	return rc;
}

rig_status bmc_retry_sel_info(rig *r, void *priv, rig_sel_info *info)
{
	struct retry t;
	rig_status rc;

	retry_start(&t, r, priv);
	do
		rc = bmc_sel_info(r, priv, info);
	while (rc != RIG_OK && retry_again(&t, &rc, RIG_INTENT_READ));
	return rc;
}

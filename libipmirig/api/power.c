/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Power: status, actions by the best path, the state check before cycle
 * and reset, and waiting until the rig reports the requested state. */
#include <stdio.h>
#include <string.h>

#include "util/names.h"
#include "core/internal.h"
#include "core/route.h"

#define WAIT_POLL_MS 500u

static const char *const state_names[] = {"unknown", "off", "on",
					  "unreachable"};

RIG_API const char *rig_power_state_name(rig_power_state state)
{
	return RIG_NAME_OF(state_names, state);
}

/* Slot 0 is no action, so it has no name and never parses. */
static const char *const action_names[] = {NULL,    "on",    "off", "soft",
					   "cycle", "reset", "reboot"};

RIG_API const char *rig_power_action_name(rig_power_action action)
{
	return RIG_NAME_OF(action_names, action);
}

RIG_API rig_status rig_power_action_parse(const char *text,
					  rig_power_action *out)
{
	int a = RIG_NAME_INDEX(action_names, text, false);

	if (a < 0 || out == NULL)
		return RIG_E_INVALID;
	*out = (rig_power_action)a;
	return RIG_OK;
}

static enum route_op action_route(rig_power_action a)
{
	switch (a) {
	case RIG_POWER_ON:
		return ROUTE_POWER_ON;
	case RIG_POWER_OFF:
		return ROUTE_POWER_OFF;
	case RIG_POWER_SOFT:
		return ROUTE_POWER_SOFT;
	case RIG_POWER_CYCLE:
		return ROUTE_POWER_CYCLE;
	case RIG_POWER_RESET:
		return ROUTE_POWER_RESET;
	case RIG_POWER_REBOOT:
		break;
	}
	return ROUTE_POWER_REBOOT;
}

static rig_status status_via(rig *r, struct rig_backend *b,
			     rig_power_state *st)
{
	rig_status rc = RIG_OK;

	*st = RIG_POWERSTATE_UNKNOWN;
	if (b->ops->begin != NULL)
		rc = b->ops->begin(r, b->priv, RIG_INTENT_READ);
	if (rc == RIG_OK)
		rc = b->ops->power_status(r, b->priv, st);
	return rc;
}

/*
 * A plug knows only its relay: open is off; behind a closed relay the OS
 * answers over SSH (on) or does not (unreachable).  Without SSH, a closed
 * relay is all there is to know: on.
 */
static rig_status status_os(rig *r, struct rig_backend *b, rig_power_state *st)
{
	struct rig_backend *ssh;
	rig_status rc = status_via(r, b, st);

	if (rc != RIG_OK || b->ops->path != RIG_PATH_PLUG ||
	    *st != RIG_POWERSTATE_ON)
		return rc;
	ssh = rig__backend_of(r, RIG_PATH_SSH);
	if (ssh == NULL || ssh->ops->power_status == NULL)
		return RIG_OK;
	return status_via(r, ssh, st);
}

RIG_API rig_status rig_power_status(rig *r, rig_power_state *st)
{
	struct rig_backend *b;
	rig_status rc;

	if (r == NULL || st == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	*st = RIG_POWERSTATE_UNKNOWN;
	b = rig__route_ready(r, ROUTE_POWER_STATUS, "power status",
			    RIG_INTENT_READ, &rc);
	if (b != NULL && b->ops->path == RIG_PATH_PLUG)
		return status_os(r, b, st);
	return b != NULL ? b->ops->power_status(r, b->priv, st) : rc;
}

RIG_API rig_status rig_plug_status_get(rig *r, rig_plug_status *out)
{
	struct rig_backend *b;
	rig_status rc = RIG_OK;

	if (r == NULL || out == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	memset(out, 0, sizeof(*out));
	b = rig__backend_of(r, RIG_PATH_PLUG);
	if (b == NULL || b->ops->plug_status == NULL)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_UNSUPPORTED,
				"%s has no smart plug", r->name);
	if (b->ops->begin != NULL)
		rc = b->ops->begin(r, b->priv, RIG_INTENT_READ);
	return rc == RIG_OK ? b->ops->plug_status(r, b->priv, out) : rc;
}

/*
 * The states a wait passes through: a reboot first drops off the network,
 * then comes back; the others end in one state.  A BMC answers before the
 * power changes, so the first poll may still show the old state.
 */
static size_t wait_targets(rig_power_action a, rig_power_state t[2])
{
	switch (a) {
	case RIG_POWER_OFF:
	case RIG_POWER_SOFT:
		t[0] = RIG_POWERSTATE_OFF;
		return 1;
	case RIG_POWER_REBOOT:
		t[0] = RIG_POWERSTATE_UNREACHABLE;
		t[1] = RIG_POWERSTATE_ON;
		return 2;
	case RIG_POWER_ON:
	case RIG_POWER_CYCLE:
	case RIG_POWER_RESET:
		break;
	}
	t[0] = RIG_POWERSTATE_ON;
	return 1;
}

/*
 * Failures that end a wait.  A BMC runs on standby power and answers
 * through any power change: one silent for a whole exchange (a full
 * --timeout, retries included) has died or left the network, and waiting
 * on would only hang until --wait ends.  An SSH path going
 * silent is what a reboot or shutdown looks like.
 */
static bool fatal_while_waiting(rig_status rc, rig_path path)
{
	return rc == RIG_E_AUTH || rc == RIG_E_PRIVILEGE ||
	       rc == RIG_E_HOSTKEY || rc == RIG_E_INVALID ||
	       rc == RIG_E_NOMEM ||
	       (rc == RIG_E_UNREACHABLE && path == RIG_PATH_BMC);
}

/* An SSH path cannot tell off from silent: for it, off is unreachable. */
static bool state_reached(rig_power_state want, rig_power_state st)
{
	return st == want || (want == RIG_POWERSTATE_OFF &&
			      st == RIG_POWERSTATE_UNREACHABLE);
}

/*
 * Watch the state through the path that acted when it can tell (a reboot
 * over SSH never shows on a BMC, which stays "on" throughout), else through
 * the best status path (after Wake-on-LAN: SSH).
 */
static rig_status wait_for(rig *r, struct rig_backend *by, rig_power_action a,
			   unsigned int wait_ms)
{
	struct rig_backend *b = by->ops->power_status != NULL
					? by
					: rig__route_pick(r, ROUTE_POWER_STATUS);
	rig_power_state targets[2], st = RIG_POWERSTATE_UNKNOWN;
	size_t ntargets = wait_targets(a, targets), reached = 0;
	uint64_t deadline = rig__now_ms() + wait_ms;

	if (b == NULL)
		return rig__route_unsupported(r, ROUTE_POWER_STATUS,
					     "waiting for the power state");
	for (;;) {
		size_t mark = rig__error_mark(r);
		rig_status rc;

		/* Each poll is a new try: a rig that did not answer the last
		 * one may be up now. */
		rig__paths_retry(r);
		rc = status_os(r, b, &st);

		if (rc != RIG_OK && fatal_while_waiting(rc, b->ops->path))
			return rc;
		/* A rig that does not answer yet is what we wait through. */
		rig__error_rewind(r, mark);
		if (rc == RIG_OK && state_reached(targets[reached], st)) {
			reached++;
			rig__log(r, RIG_LOG_INFO, "power is %s",
				rig_power_state_name(st));
			if (reached == ntargets)
				return RIG_OK;
			continue;
		}
		if (rig__now_ms() + WAIT_POLL_MS > deadline)
			break;
		rig__sleep_ms(WAIT_POLL_MS);
	}
	return rig__fail(r, b->ops->path, RIG_E_WAIT_TIMEOUT,
			"%s: power %s was accepted, but the rig did not report "
			"'%s' within %u s (last seen: %s)",
			r->name, rig_power_action_name(a),
			rig_power_state_name(targets[reached]), wait_ms / 1000u,
			rig_power_state_name(st));
}

/* Cycle and reset do nothing useful (or nothing at all, on some BMCs) to a
 * rig that is off; look first rather than trust the BMC to refuse. */
static rig_status check_not_off(rig *r, struct rig_backend *b,
				rig_power_action *a, bool on_if_off)
{
	rig_power_state st;
	rig_status rc = status_via(r, b, &st);

	if (rc != RIG_OK)
		return rc;
	if (st != RIG_POWERSTATE_OFF)
		return RIG_OK;
	if (on_if_off) {
		rig__log(r, RIG_LOG_INFO, "rig is off: powering it on instead "
					 "of a %s", rig_power_action_name(*a));
		*a = RIG_POWER_ON;
		return RIG_OK;
	}
	return rig__fail_hint(r, b->ops->path, RIG_E_STATE, RIG_HINT_ON_IF_OFF,
			     "%s: the rig is off, so a power %s would do "
			     "nothing; cycle and reset need it on", r->name,
			     rig_power_action_name(*a));
}

/*
 * Power on through a plug: closing an open relay powers the rig (if its
 * BIOS powers on after AC loss).  A closed relay with an OS that answers
 * is on already; one whose OS is silent cannot be powered on by the plug:
 * Wake-on-LAN where the rig has a MAC, else the condition and a cycle as
 * the remedy.
 */
static rig_status plug_on(rig *r, struct rig_backend **b)
{
	struct rig_backend *ssh, *wol;
	rig_power_state st;
	rig_status rc = status_via(r, *b, &st);

	if (rc != RIG_OK || st == RIG_POWERSTATE_OFF)
		return rc == RIG_OK ? (*b)->ops->power_action(r, (*b)->priv,
							      RIG_POWER_ON)
				    : rc;
	ssh = rig__backend_of(r, RIG_PATH_SSH);
	if (ssh == NULL || ssh->ops->power_status == NULL) {
		rig__log(r, RIG_LOG_INFO, "the plug's relay is already on");
		return RIG_OK;
	}
	rc = status_via(r, ssh, &st);
	if (rc != RIG_OK)
		return rc;
	if (st == RIG_POWERSTATE_ON) {
		rig__log(r, RIG_LOG_INFO, "the rig is already on");
		return RIG_OK;
	}
	wol = rig__backend_of(r, RIG_PATH_WOL);
	if (wol != NULL && wol->ops->power_action != NULL) {
		rig__log(r, RIG_LOG_INFO, "the plug's relay is on but the OS "
					 "does not answer: sending Wake-on-LAN");
		*b = wol;
		return wol->ops->power_action(r, wol->priv, RIG_POWER_ON);
	}
	return rig__fail_hint(r, RIG_PATH_PLUG, RIG_E_STATE, RIG_HINT_USE_CYCLE,
			     "%s: the smart plug's relay is already on and the "
			     "OS does not answer; the rig powers on from the "
			     "plug only if its BIOS powers on after AC loss, "
			     "or by a power cycle", r->name);
}

RIG_API rig_status rig_power(rig *r, rig_power_action action,
			     const rig_power_options *given)
{
	rig_power_options full;
	const rig_power_options *opts = &full;
	struct rig_backend *b;
	rig_status rc;
	char what[32];

	if (r == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	rc = rig__options_read(r, RIG_PATH_NONE, RIG_OPTS_POWER, given, &full);
	if (rc != RIG_OK)
		return rc;
	if (action < RIG_POWER_ON || action > RIG_POWER_REBOOT)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_INVALID,
				"%s: invalid power action %d", r->name,
				(int)action);
	snprintf(what, sizeof(what), "power %s", rig_power_action_name(action));
	/* A hard reset needs a BMC; a plug's remedy is a cycle. */
	if (action == RIG_POWER_RESET &&
	    !rig__route_any(r, ROUTE_POWER_RESET) &&
	    rig__route_any(r, ROUTE_POWER_CYCLE))
		return rig__fail_hint(r, RIG_PATH_NONE, RIG_E_UNSUPPORTED,
				     RIG_HINT_USE_CYCLE,
				     "%s: power reset is not possible on this "
				     "rig: a hard reset needs a BMC; its smart "
				     "plug can do a power cycle", r->name);
	b = rig__route_ready(r, action_route(action), what, RIG_INTENT_CONTROL,
			    &rc);
	if (b == NULL)
		return rc;
	if (action == RIG_POWER_CYCLE || action == RIG_POWER_RESET)
		rc = check_not_off(r, b, &action, opts->on_if_off);
	if (rc == RIG_OK && action == RIG_POWER_ON &&
	    b->ops->path == RIG_PATH_PLUG)
		rc = plug_on(r, &b);
	else if (rc == RIG_OK)
		rc = b->ops->power_action(r, b->priv, action);
	if (rc == RIG_OK && opts->wait_ms > 0)
		rc = wait_for(r, b, action, opts->wait_ms);
	return rc;
}

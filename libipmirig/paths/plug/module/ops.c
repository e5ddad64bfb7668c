/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The smart-plug path: Tasmota's HTTP command API and Shelly's Gen2 RPC
 * over HTTP, through libcurl.  Every exchange is one GET with the path's
 * timeout as its whole deadline; every answer is JSON (jansson).
 *
 * A power cycle is handed to the plug's own timer (Tasmota Backlog with
 * Delay, Shelly toggle_after) so that it completes even if this process
 * dies after sending it; then the relay is read back.
 *
 * Secrets: the password goes to libcurl from the secret pool, in Tasmota's
 * query (the documented user=/password= parameters, built in a buffer that
 * is wiped after use) or as Shelly's digest credentials.  Neither the URL
 * nor libcurl's error text (which never carries the query) is logged.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/bytes.h"
#include "paths/plug/path.h"

#define REPLY_MAX 65536u
#define POLL_MS 100u

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

/* curl_global_init is not safe to race, and a fan-out adds plugs from
 * several threads. */
static void init_curl(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct reply {
	char *buf;
	size_t len;
	bool too_long;
};

static size_t on_data(char *data, size_t size, size_t n, void *user)
{
	struct reply *rp = user;
	size_t add = size * n;
	char *nb;

	if (rp->len + add > REPLY_MAX) {
		rp->too_long = true;
		return 0;
	}
	nb = realloc(rp->buf, rp->len + add + 1);
	if (nb == NULL)
		return 0;
	memcpy(nb + rp->len, data, add);
	rp->buf = nb;
	rp->len += add;
	rp->buf[rp->len] = '\0';
	return add;
}

static void wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/* libcurl's failures as the library's statuses: the one translation. */
static rig_status from_curl(rig *r, const struct plugp *p, CURLcode cc,
			    const char *detail)
{
	const char *why = detail[0] != '\0' ? detail : curl_easy_strerror(cc);

	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		return rig__fail_hint(r, RIG_PATH_PLUG, RIG_E_UNREACHABLE,
				     cc == CURLE_OPERATION_TIMEDOUT
					     ? RIG_HINT_TIMEOUT
					     : RIG_HINT_NONE,
				     "%s: smart plug %s:%u does not answer: %s",
				     r->name, p->host, p->port, why);
	case CURLE_GOT_NOTHING:
		/* What Tasmota 15.5+ does with an API call it refuses. */
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_IO,
				"%s: smart plug %s:%u closed the connection "
				"without an answer%s", r->name, p->host,
				p->port,
				p->kind == PLUG_TASMOTA
					? " (Tasmota refuses its HTTP API "
					  "unless SetOption128 is 1)"
					: "");
	case CURLE_OUT_OF_MEMORY:
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_NOMEM, "out of memory");
	default:
		break;
	}
	return rig__fail(r, RIG_PATH_PLUG, RIG_E_IO,
			"%s: smart plug %s:%u: %s", r->name, p->host, p->port,
			why);
}

static rig_status auth_failed(rig *r, const struct plugp *p)
{
	return rig__fail_hint(r, RIG_PATH_PLUG, RIG_E_AUTH,
			     RIG_HINT_PLUG_PASSWORD,
			     "%s: smart plug %s:%u refused the %s", r->name,
			     p->host, p->port,
			     p->password != NULL ? "password"
						 : "request without a password");
}

/*
 * GET path_query (which starts with '/') and parse the answer as a JSON
 * object into *out.  HTTP 401 is RIG_E_AUTH; another non-200 answer is
 * RIG_E_IO naming Shelly's error message when it gave one.
 */
static rig_status http_json(rig *r, struct plugp *p, const char *path_query,
			    json_t **out)
{
	char errbuf[CURL_ERROR_SIZE] = "", base[320];
	struct reply rp = {NULL, 0, false};
	char *url = NULL;
	size_t ulen;
	long code = 0;
	CURL *c;
	CURLcode cc;
	json_error_t jerr;
	rig_status rc = RIG_OK;
	bool v6 = strchr(p->host, ':') != NULL;

	*out = NULL;
	pthread_once(&curl_once, init_curl);
	if (curl_init_rc != CURLE_OK)
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_INTERNAL,
				"libcurl could not be initialised: %s",
				curl_easy_strerror(curl_init_rc));
	snprintf(base, sizeof(base), "http://%s%s%s:%u", v6 ? "[" : "",
		 p->host, v6 ? "]" : "", p->port);
	ulen = strlen(base) + strlen(path_query) + 1;
	url = malloc(ulen);
	c = curl_easy_init();
	if (url == NULL || c == NULL) {
		free(url);
		curl_easy_cleanup(c);
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_NOMEM, "out of memory");
	}
	snprintf(url, ulen, "%s%s", base, path_query);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)p->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)p->timeout_ms);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &rp);
	/* Tasmota 15.5+ answers the HTTP API only from its own pages unless
	 * SetOption128 is set; a Referer naming the plug satisfies that. */
	curl_easy_setopt(c, CURLOPT_REFERER, base);
	if (p->kind == PLUG_SHELLY && p->password != NULL) {
		/* RFC 7616 digest (SHA-256 on Gen2), user always admin. */
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_DIGEST);
		curl_easy_setopt(c, CURLOPT_USERNAME, "admin");
		curl_easy_setopt(c, CURLOPT_PASSWORD, p->password);
	}
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	/* The URL may hold Tasmota's password. */
	wipe_free(url);
	if (cc == CURLE_WRITE_ERROR && rp.too_long)
		rc = rig__fail(r, RIG_PATH_PLUG, RIG_E_IO,
			      "%s: smart plug %s:%u answered more than %u "
			      "bytes", r->name, p->host, p->port, REPLY_MAX);
	else if (cc != CURLE_OK)
		rc = from_curl(r, p, cc, errbuf);
	else if (code == 401)
		rc = auth_failed(r, p);
	if (rc == RIG_OK) {
		*out = rp.buf != NULL ? json_loads(rp.buf, 0, &jerr) : NULL;
		if (*out != NULL && !json_is_object(*out)) {
			json_decref(*out);
			*out = NULL;
		}
		if (code != 200) {
			json_t *m = json_object_get(*out, "message");

			rc = rig__fail(r, RIG_PATH_PLUG, RIG_E_IO,
				      "%s: smart plug %s:%u answered HTTP %ld%s%s",
				      r->name, p->host, p->port, code,
				      json_is_string(m) ? ": " : "",
				      json_is_string(m) ? json_string_value(m)
							: "");
		} else if (*out == NULL) {
			rc = rig__fail(r, RIG_PATH_PLUG, RIG_E_IO,
				      "%s: smart plug %s:%u answered something "
				      "other than a JSON object", r->name,
				      p->host, p->port);
		}
		if (rc != RIG_OK) {
			json_decref(*out);
			*out = NULL;
		}
	}
	free(rp.buf);
	return rc;
}

/* ---------------------------------------------------------------- Tasmota */

/* cmnd is already URL-encoded; the password goes in the documented
 * user=&password= parameters. */
static rig_status tasmota(rig *r, struct plugp *p, const char *cmnd,
			  json_t **out)
{
	char *q, *pw = NULL, *user = NULL;
	size_t qlen;
	rig_status rc;
	json_t *warn;

	if (p->password != NULL) {
		pw = curl_easy_escape(NULL, p->password, 0);
		user = curl_easy_escape(NULL, p->user, 0);
		if (pw == NULL || user == NULL) {
			if (pw != NULL)
				explicit_bzero(pw, strlen(pw));
			curl_free(pw);
			curl_free(user);
			return rig__fail(r, RIG_PATH_PLUG, RIG_E_NOMEM,
					"out of memory");
		}
	}
	qlen = strlen(cmnd) + 64 + (pw != NULL ? strlen(pw) + strlen(user) : 0);
	q = malloc(qlen);
	if (q == NULL) {
		rc = rig__fail(r, RIG_PATH_PLUG, RIG_E_NOMEM, "out of memory");
	} else {
		if (pw != NULL)
			snprintf(q, qlen, "/cm?user=%s&password=%s&cmnd=%s",
				 user, pw, cmnd);
		else
			snprintf(q, qlen, "/cm?cmnd=%s", cmnd);
		rc = http_json(r, p, q, out);
		wipe_free(q);
	}
	if (pw != NULL)
		explicit_bzero(pw, strlen(pw));
	curl_free(pw);
	curl_free(user);
	/* Firmware before about 8.2 refused with HTTP 200 and this body. */
	warn = rc == RIG_OK ? json_object_get(*out, "WARNING") : NULL;
	if (json_is_string(warn) &&
	    strstr(json_string_value(warn), "user=") != NULL) {
		json_decref(*out);
		*out = NULL;
		rc = auth_failed(r, p);
	}
	return rc;
}

/* The relay's state in a Power answer: POWER<n>, or POWER on a device
 * with one relay (which answers so even to Power1). */
static rig_status tasmota_relay(rig *r, struct plugp *p, json_t *j, bool *on)
{
	char key[16];
	json_t *v;

	snprintf(key, sizeof(key), "POWER%u", p->index);
	v = json_object_get(j, key);
	if (v == NULL && p->index == 1)
		v = json_object_get(j, "POWER");
	if (json_is_string(v) && strcmp(json_string_value(v), "ON") == 0) {
		*on = true;
		return RIG_OK;
	}
	if (json_is_string(v) && strcmp(json_string_value(v), "OFF") == 0) {
		*on = false;
		return RIG_OK;
	}
	return rig__fail(r, RIG_PATH_PLUG, RIG_E_IO,
			"%s: Tasmota plug %s:%u has no relay %u (its answer "
			"has no %s)", r->name, p->host, p->port, p->index, key);
}

static rig_status tasmota_power(rig *r, struct plugp *p, const char *arg,
				bool *on)
{
	char cmnd[48];
	json_t *j = NULL;
	rig_status rc;

	snprintf(cmnd, sizeof(cmnd), "Power%u%s%s", p->index,
		 arg != NULL ? "%20" : "", arg != NULL ? arg : "");
	rc = tasmota(r, p, cmnd, &j);
	if (rc == RIG_OK)
		rc = tasmota_relay(r, p, j, on);
	json_decref(j);
	return rc;
}

/* One meter value: a number, or the relay's channel of an array. */
static bool meter_value(const struct plugp *p, json_t *energy,
			const char *key, double *out)
{
	json_t *v = json_object_get(energy, key);

	if (json_is_array(v))
		v = json_array_get(v, json_array_size(v) > 1 ? p->index - 1
							     : 0);
	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

static rig_status tasmota_status(rig *r, struct plugp *p, rig_plug_status *out)
{
	json_t *j = NULL, *energy;
	rig_status rc = tasmota_power(r, p, NULL, &out->relay_on);

	if (rc != RIG_OK)
		return rc;
	/* Status 10: the sensors, ENERGY on a plug with a meter. */
	rc = tasmota(r, p, "Status%2010", &j);
	if (rc != RIG_OK)
		return rc;
	energy = json_object_get(json_object_get(j, "StatusSNS"), "ENERGY");
	out->has_power = meter_value(p, energy, "Power", &out->power_w);
	out->has_voltage = meter_value(p, energy, "Voltage", &out->voltage_v);
	out->has_current = meter_value(p, energy, "Current", &out->current_a);
	json_decref(j);
	return RIG_OK;
}

/* ----------------------------------------------------------------- Shelly */

/* Once per handle: only Gen2+ speaks the RPC; a Gen1 device would take
 * the requests for something else or answer 404. */
static rig_status shelly_check_gen(rig *r, struct plugp *p)
{
	json_t *j = NULL, *gen;
	rig_status rc;

	if (p->gen_ok)
		return RIG_OK;
	rc = http_json(r, p, "/shelly", &j);
	if (rc != RIG_OK)
		return rc;
	gen = json_object_get(j, "gen");
	if (json_is_integer(gen) && json_integer_value(gen) >= 2) {
		p->gen_ok = true;
	} else {
		json_t *fw = json_object_get(j, "fw"),
		       *type = json_object_get(j, "type");

		rc = rig__fail(r, RIG_PATH_PLUG, RIG_E_UNSUPPORTED,
			      "%s: %s:%u is a Shelly Gen1 device (%s, firmware "
			      "%s); only Gen2 and later (RPC API) are "
			      "supported", r->name, p->host, p->port,
			      json_is_string(type) ? json_string_value(type)
						   : "unknown model",
			      json_is_string(fw) ? json_string_value(fw)
						 : "unknown");
	}
	json_decref(j);
	return rc;
}

static rig_status shelly_status(rig *r, struct plugp *p, rig_plug_status *out)
{
	char q[64];
	json_t *j = NULL, *v;
	rig_status rc;

	snprintf(q, sizeof(q), "/rpc/Switch.GetStatus?id=%u", p->index);
	rc = http_json(r, p, q, &j);
	if (rc != RIG_OK)
		return rc;
	v = json_object_get(j, "output");
	if (!json_is_boolean(v)) {
		json_decref(j);
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_IO,
				"%s: Shelly %s:%u: switch %u's status has no "
				"output", r->name, p->host, p->port, p->index);
	}
	out->relay_on = json_is_true(v);
	/* Present only on models with a meter. */
	v = json_object_get(j, "apower");
	if ((out->has_power = json_is_number(v)))
		out->power_w = json_number_value(v);
	v = json_object_get(j, "voltage");
	if ((out->has_voltage = json_is_number(v)))
		out->voltage_v = json_number_value(v);
	v = json_object_get(j, "current");
	if ((out->has_current = json_is_number(v)))
		out->current_a = json_number_value(v);
	json_decref(j);
	return RIG_OK;
}

static rig_status shelly_set(rig *r, struct plugp *p, bool on,
			     unsigned int toggle_after_s)
{
	char q[96];
	json_t *j = NULL;
	rig_status rc;

	if (toggle_after_s > 0)
		snprintf(q, sizeof(q),
			 "/rpc/Switch.Set?id=%u&on=%s&toggle_after=%u",
			 p->index, on ? "true" : "false", toggle_after_s);
	else
		snprintf(q, sizeof(q), "/rpc/Switch.Set?id=%u&on=%s", p->index,
			 on ? "true" : "false");
	rc = http_json(r, p, q, &j);
	json_decref(j);
	return rc;
}

/* ------------------------------------------------------------------- ops */

static void destroy(void *priv)
{
	plugp_free(priv);
}

/* A plug that did not answer stays down for the rest of the call, so a
 * dead plug costs one timeout, not one per step. */
static rig_status begin(rig *r, void *priv, rig_intent intent)
{
	struct plugp *p = priv;
	size_t mark = rig__error_mark(r);
	rig_status rc = rig__path_down(r, RIG_PATH_PLUG);

	(void)intent;
	if (rc != RIG_OK)
		return rc;
	if (p->kind == PLUG_SHELLY)
		rc = shelly_check_gen(r, p);
	if (rc == RIG_E_UNREACHABLE || rc == RIG_E_AUTH)
		rig__path_failed(r, RIG_PATH_PLUG, mark);
	return rc;
}

static rig_status plug_status(rig *r, void *priv, rig_plug_status *out)
{
	struct plugp *p = priv;
	size_t mark = rig__error_mark(r);
	rig_status rc;

	memset(out, 0, sizeof(*out));
	rc = p->kind == PLUG_TASMOTA ? tasmota_status(r, p, out)
				     : shelly_status(r, p, out);
	if (rc == RIG_E_UNREACHABLE || rc == RIG_E_AUTH)
		rig__path_failed(r, RIG_PATH_PLUG, mark);
	return rc;
}

static rig_status relay_get(rig *r, struct plugp *p, bool *on)
{
	rig_plug_status st;
	rig_status rc;

	if (p->kind == PLUG_TASMOTA)
		return tasmota_power(r, p, NULL, on);
	memset(&st, 0, sizeof(st));
	rc = shelly_status(r, p, &st);
	*on = st.relay_on;
	return rc;
}

static rig_status power_status(rig *r, void *priv, rig_power_state *st)
{
	bool on = false;
	rig_status rc = relay_get(r, priv, &on);

	*st = rc != RIG_OK ? RIG_POWERSTATE_UNKNOWN
	      : on	   ? RIG_POWERSTATE_ON
			   : RIG_POWERSTATE_OFF;
	return rc;
}

/* Read the relay back until it shows want, for at most wait_ms (a
 * Backlog runs just after Tasmota answers it). */
static rig_status read_back(rig *r, struct plugp *p, bool want,
			    unsigned int wait_ms)
{
	uint64_t deadline = rig__now_ms() + wait_ms;
	bool on = !want;
	rig_status rc;

	for (;;) {
		rc = relay_get(r, p, &on);
		if (rc != RIG_OK || on == want ||
		    rig__now_ms() + POLL_MS > deadline)
			break;
		rig__sleep_ms(POLL_MS);
	}
	if (rc != RIG_OK || on == want)
		return rc;
	return rig__fail(r, RIG_PATH_PLUG, RIG_E_STATE,
			"%s: smart plug %s:%u accepted the command, but its "
			"relay is still %s", r->name, p->host, p->port,
			on ? "closed (on)" : "open (off)");
}

static rig_status switch_to(rig *r, struct plugp *p, bool on)
{
	bool now = !on;
	rig_status rc;

	if (p->kind == PLUG_TASMOTA)
		rc = tasmota_power(r, p, on ? "On" : "Off", &now);
	else
		rc = shelly_set(r, p, on, 0);
	if (rc != RIG_OK)
		return rc;
	/* The answer says what was asked for; the relay is what counts. */
	return read_back(r, p, on, 1000u);
}

/* Off now, on again by the plug's own timer. */
static rig_status cycle(rig *r, struct plugp *p)
{
	unsigned int off = p->off_time_ms;
	json_t *j = NULL;
	rig_status rc;

	if (p->kind == PLUG_TASMOTA) {
		char cmnd[160];
		/* Delay counts 0.1 s, 2 to 3600. */
		unsigned int d = (off + 50u) / 100u;

		d = d < 2u ? 2u : d > 3600u ? 3600u : d;
		off = d * 100u;
		snprintf(cmnd, sizeof(cmnd),
			 "Backlog%%20Power%u%%20Off%%3B%%20Delay%%20%u%%3B%%20"
			 "Power%u%%20On", p->index, d, p->index);
		rc = tasmota(r, p, cmnd, &j);
		json_decref(j);
	} else {
		/* toggle_after counts seconds. */
		unsigned int s = (off + 999u) / 1000u;

		off = s * 1000u;
		rc = shelly_set(r, p, false, s);
	}
	if (rc != RIG_OK)
		return rc;
	rig__log(r, RIG_LOG_INFO,
		 "smart plug: relay open, the plug closes it in %u.%u s", off / 1000u,
		 off % 1000u / 100u);
	/* Only half the off time: after that the plug may close it again. */
	return read_back(r, p, false, off / 2u);
}

static rig_status power_action(rig *r, void *priv, rig_power_action a)
{
	struct plugp *p = priv;
	size_t mark = rig__error_mark(r);
	rig_status rc;

	switch (a) {
	case RIG_POWER_ON:
		rc = switch_to(r, p, true);
		break;
	case RIG_POWER_OFF:
		rc = switch_to(r, p, false);
		break;
	case RIG_POWER_CYCLE:
		rc = cycle(r, p);
		break;
	default:
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_UNSUPPORTED,
				"%s: a smart plug only switches power on and "
				"off, or cycles it", r->name);
	}
	if (rc == RIG_E_UNREACHABLE || rc == RIG_E_AUTH)
		rig__path_failed(r, RIG_PATH_PLUG, mark);
	return rc;
}

static rig_status power_reading(rig *r, void *priv, rig_power_reading *out)
{
	struct plugp *p = priv;
	rig_plug_status st;
	rig_status rc = plug_status(r, priv, &st);
	unsigned int w;

	memset(out, 0, sizeof(*out));
	if (rc != RIG_OK)
		return rc;
	if (!st.has_power)
		return rig__fail(r, RIG_PATH_PLUG, RIG_E_NOT_AVAILABLE,
				"%s: smart plug %s:%u has no energy meter",
				r->name, p->host, p->port);
	w = st.power_w <= 0 ? 0u : (unsigned int)(st.power_w + 0.5);
	/* A plug gives one instantaneous value: no statistics period. */
	out->active = true;
	out->current_w = out->minimum_w = out->maximum_w = out->average_w = w;
	return RIG_OK;
}

const struct rig_backend_ops plug_backend_ops = {
	.path = RIG_PATH_PLUG,
	.caps = RIG_CAP_POWER_STATUS | RIG_CAP_POWER_ON | RIG_CAP_POWER_OFF |
		RIG_CAP_POWER_CYCLE,
	.destroy = destroy,
	.begin = begin,
	.power_status = power_status,
	.power_action = power_action,
	.power_reading = power_reading,
	.plug_status = plug_status,
};

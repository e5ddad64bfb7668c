/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nagios and Prometheus renderings of rigctl check results. */
#include <stdio.h>
#include <string.h>

#include "check_view.h"
#include "prom.h"
#include "rigctl.h"

#define SUMMARY_ITEMS 3 /* problems named in the Nagios line, per rig */

void nagios_range(bool has_lo, double lo, bool has_hi, double hi, char *buf,
		  size_t len)
{
	if (has_lo && has_hi)
		snprintf(buf, len, "%g:%g", lo, hi);
	else if (has_lo)
		snprintf(buf, len, "%g:", lo);
	else if (has_hi)
		snprintf(buf, len, "~:%g", hi);
	else
		snprintf(buf, len, "%s", "");
}

void nagios_label(const char *rig_label, const char *name, char *buf, size_t len)
{
	size_t o = 0;
	char full[512];

	snprintf(full, sizeof(full), "%s/%s", rig_label, name);
	buf[o++] = '\'';
	for (const char *p = full; *p != '\0' && o + 3 < len; p++) {
		if (*p == '\'')
			buf[o++] = '\'';
		buf[o++] = *p == '=' ? '_' : *p;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static bool thr(const json_t *s, const char *name, double *v)
{
	const json_t *t = json_object_get(json_object_get(s, "thresholds"), name);

	if (!json_is_number(t))
		return false;
	*v = json_number_value(t);
	return true;
}

static void sensor_perf(FILE *f, const char *rl, const json_t *s)
{
	char label[600], warn[64], crit[64];
	double lnc = 0, unc = 0, lcr = 0, ucr = 0;
	bool hl = thr(s, "lnc", &lnc), hu = thr(s, "unc", &unc);
	bool cl = thr(s, "lcr", &lcr), cu = thr(s, "ucr", &ucr);

	if (!json_is_number(json_object_get(s, "reading")))
		return;
	nagios_label(rl, jstr(s, "name"), label, sizeof(label));
	nagios_range(hl, lnc, hu, unc, warn, sizeof(warn));
	nagios_range(cl, lcr, cu, ucr, crit, sizeof(crit));
	fprintf(f, " %s=%g%s;%s;%s", label,
		json_number_value(json_object_get(s, "reading")),
		strcmp(jstr(s, "unit"), "%") == 0 ? "%" : "", warn, crit);
}

static void counts_perf(FILE *f, const char *rl, const json_t *d)
{
	char label[600];
	const json_t *ecc = json_object_get(d, "new_ecc");
	const char *k;
	json_t *v;

	nagios_label(rl, "new_events", label, sizeof(label));
	fprintf(f, " %s=%lld;0;", label,
		(long long)json_integer_value(json_object_get(d, "new_events")));
	json_object_foreach((json_t *)ecc, k, v) {
		char name[64];

		snprintf(name, sizeof(name), "new_ecc_%s", k);
		nagios_label(rl, name, label, sizeof(label));
		/* any new uncorrectable error is critical, others warn */
		fprintf(f, " %s=%lld;0;%s", label, (long long)json_integer_value(v),
			strcmp(k, "uncorrectable") == 0 ? "0" : "");
	}
}

static const char *state_word(const json_t *d)
{
	const char *s = json_string_value(json_object_get(d, "state"));

	if (s == NULL || strcmp(s, "unknown") == 0)
		return "UNKNOWN";
	if (strcmp(s, "ok") == 0)
		return "OK";
	return strcmp(s, "warning") == 0 ? "WARNING" : "CRITICAL";
}

static int word_rank(const char *w)
{
	if (strcmp(w, "CRITICAL") == 0)
		return 3;
	if (strcmp(w, "WARNING") == 0)
		return 2;
	return strcmp(w, "UNKNOWN") == 0 ? 1 : 0;
}

/* "rig: first problem; second problem (+N more)" */
static void rig_summary(FILE *f, const struct result *res)
{
	const json_t *items = json_object_get(res->data, "problems");
	size_t i, shown = 0, rest = 0;
	json_t *it;

	fprintf(f, "%s %s", rig_name(res->r), state_word(res->data));
	if (res->data == NULL && json_array_size(res->errors) > 0)
		fprintf(f, ": %s", jstr(json_array_get(res->errors, 0), "message"));
	json_array_foreach(items, i, it) {
		if (strcmp(jstr(it, "state"), "ok") == 0)
			continue;
		if (shown == SUMMARY_ITEMS) {
			rest++;
			continue;
		}
		fprintf(f, "%s%s", shown == 0 ? ": " : "; ", jstr(it, "text"));
		shown++;
	}
	if (rest > 0)
		fprintf(f, " (+%zu more)", rest);
	/* Said on every run, as ecc status says it: absent ECC reporting is
	 * no problem, but no one should read OK as "no errors seen". */
	if (json_is_string(json_object_get(res->data, "ecc_note")))
		fprintf(f, "%secc %s", shown == 0 ? ": " : "; ",
			jstr(res->data, "ecc_note"));
}

void check_nagios(struct ctx *c, const char *title)
{
	const char *worst = "OK";

	for (size_t i = 0; i < c->count; i++) {
		const char *w = state_word(c->results[i].data);

		if (word_rank(w) > word_rank(worst))
			worst = w;
	}
	fprintf(c->out, "RIGCTL %s %s - ", title, worst);
	for (size_t i = 0; i < c->count; i++) {
		if (i > 0)
			fputs(", ", c->out);
		rig_summary(c->out, &c->results[i]);
	}
	fputs(" |", c->out);
	for (size_t i = 0; i < c->count; i++) {
		const json_t *d = c->results[i].data;
		size_t k;
		json_t *s;

		if (d == NULL)
			continue;
		json_array_foreach(json_object_get(d, "sensors"), k, s)
			sensor_perf(c->out, rig_name(c->results[i].r), s);
		counts_perf(c->out, rig_name(c->results[i].r), d);
	}
	fputc('\n', c->out);
}

/* The check's families carry the check's name ("check", "ecc") as a
 * label, so check and ecc check textfiles of the same rigs never repeat a
 * series. */
void check_prom(struct ctx *c, FILE *f)
{
	const char *check = c->prom_command != NULL &&
				    strcmp(c->prom_command, "ecc check") == 0
			    ? "ecc" : "check";

	prom_family(f, "rigctl_check_state", "gauge",
		    "Check state: 0 ok, 1 warning, 2 critical, 3 unknown.");
	for (size_t i = 0; i < c->count; i++) {
		const char *w = state_word(c->results[i].data);
		int n = strcmp(w, "OK") == 0 ? 0 : strcmp(w, "WARNING") == 0 ? 1
					 : strcmp(w, "CRITICAL") == 0 ? 2 : 3;

		prom_sample(f, "rigctl_check_state",
			    (const char *const[]){"rig", rig_name(c->results[i].r),
						  "check", check, NULL},
			    n);
	}
	/* Counters, so that an alert reads increase() and no event is
	 * missed between scrapes; per output, like the check's state. */
	prom_family(f, "rigctl_events_total", "counter",
		    "Events and memory errors this check has seen, by source, "
		    "severity and kind.");
	for (size_t i = 0; i < c->count; i++) {
		size_t k;
		json_t *t;

		json_array_foreach(json_object_get(c->results[i].data, "totals"),
				   k, t)
			prom_sample(f, "rigctl_events_total",
				    (const char *const[]){
					    "rig", rig_name(c->results[i].r),
					    "check", check, "source",
					    jstr(t, "source"), "severity",
					    jstr(t, "severity"), "kind",
					    jstr(t, "kind"), NULL},
				    (double)json_integer_value(
					    json_object_get(t, "count")));
	}
}

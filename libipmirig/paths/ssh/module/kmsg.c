/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Kernel log lines to events: GPU Xid errors, machine checks and EDAC
 * memory errors, from the journal (JSON, one object a line) or dmesg.
 * Pure: probe records in, rig_event items out.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "util/bytes.h"
#include "paths/ssh/module/ssh.h"

/* ------------------------------------------------------------ classify */

/* Xids that mean the GPU or its memory is in trouble, not an application
 * fault: double-bit ECC (48), micro-controller halt (61, 62), row remap
 * failure (64), NVLink (74), fallen off the bus (79), ECC rate (92),
 * contained/uncontained ECC (94, 95), GSP (119, 120), memory (140). */
static bool xid_critical(long xid)
{
	static const long critical[] = {48, 61, 62, 64, 74, 79, 92, 94, 95,
					119, 120, 140};

	for (size_t i = 0; i < ARRAY_SIZE(critical); i++)
		if (critical[i] == xid)
			return true;
	return false;
}

/* "NVRM: Xid (PCI:0000:01:00): 79, pid=1, name=x, GPU has fallen off the
 * bus." (older drivers: no "PCI:", pid='<unknown>'). */
static bool classify_xid(const char *msg, struct kmsg_class *c)
{
	const char *p = strstr(msg, "NVRM: Xid ("), *close, *text;
	char *stop;
	long xid;

	if (p == NULL)
		return false;
	p += strlen("NVRM: Xid (");
	if (strncmp(p, "PCI:", 4) == 0)
		p += 4;
	close = strchr(p, ')');
	if (close == NULL || close[1] != ':')
		return false;
	errno = 0;
	xid = strtol(close + 2, &stop, 10);
	if (stop == close + 2 || errno != 0)
		return false;
	snprintf(c->sensor, sizeof(c->sensor), "%.*s", (int)(close - p), p);
	/* Drop "pid=..., name=..., ": who ran into it is not what it is. */
	text = *stop == ',' ? stop + 1 : stop;
	for (;;) {
		while (*text == ' ')
			text++;
		if (strncmp(text, "pid=", 4) != 0 && strncmp(text, "name=", 5) != 0)
			break;
		if (strchr(text, ',') == NULL)
			break;
		text = strchr(text, ',') + 1;
	}
	snprintf(c->type, sizeof(c->type), "GPU Xid");
	snprintf(c->description, sizeof(c->description), "Xid %ld%s%s", xid,
		 *text != '\0' ? ": " : "", text);
	c->severity = xid_critical(xid) ? RIG_SEVERITY_CRITICAL
					: RIG_SEVERITY_WARNING;
	return true;
}

static bool contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, word, n) == 0)
			return true;
	return false;
}

/* "mce: [Hardware Error]: ..." and APEI's "{1}[Hardware Error]: ...".  A
 * machine check prints several lines; only those that say what happened
 * are events (not "TSC ...", "PROCESSOR ...", "Run the above..."). */
static bool classify_hwerr(const char *msg, struct kmsg_class *c)
{
	const char *tag = strstr(msg, "[Hardware Error]");
	bool mce = strstr(msg, "mce: ") != NULL;
	const char *text, *cpu;

	if (tag != NULL) {
		text = tag + strlen("[Hardware Error]");
		if (*text == ':')
			text++;
	} else if (mce || contains_ci(msg, "machine check")) {
		text = mce ? strstr(msg, "mce: ") + 5 : msg;
	} else {
		return false;
	}
	while (*text == ' ')
		text++;
	if (!contains_ci(text, "machine check") && !contains_ci(text, "error"))
		return false;
	snprintf(c->type, sizeof(c->type), "%s",
		 mce || contains_ci(text, "machine check") ? "Machine Check"
							   : "Hardware Error");
	snprintf(c->description, sizeof(c->description), "%s", text);
	c->severity = contains_ci(text, "uncorrect") || contains_ci(text, "fatal") ||
				      contains_ci(text, "context corrupt") ||
				      contains_ci(text, "exception")
			      ? RIG_SEVERITY_CRITICAL
			      : RIG_SEVERITY_WARNING;
	cpu = strstr(text, "CPU ");
	if (cpu != NULL && isdigit((unsigned char)cpu[4]))
		snprintf(c->sensor, sizeof(c->sensor), "CPU %ld",
			 strtol(cpu + 4, NULL, 10));
	return true;
}

/* "EDAC MC0: 1 CE memory read error on DIMM_A1 (channel:0 slot:0 ...)";
 * UE for uncorrected.  Other EDAC lines (banners, probing) are not
 * events. */
static bool classify_edac(const char *msg, struct kmsg_class *c)
{
	const char *p = strstr(msg, "EDAC MC"), *colon, *kind, *on, *end;
	char *stop;
	long mc;

	if (p == NULL || !isdigit((unsigned char)p[7]))
		return false;
	mc = strtol(p + 7, &stop, 10);
	colon = stop;
	if (*colon != ':' || colon[1] != ' ' ||
	    !isdigit((unsigned char)colon[2]))
		return false;
	strtol(colon + 2, &stop, 10);
	kind = stop;
	if (strncmp(kind, " CE ", 4) != 0 && strncmp(kind, " UE ", 4) != 0)
		return false;
	c->ecc = kind[1] == 'C' ? RIG_ECC_CORRECTABLE : RIG_ECC_UNCORRECTABLE;
	c->severity = kind[1] == 'C' ? RIG_SEVERITY_WARNING
				     : RIG_SEVERITY_CRITICAL;
	snprintf(c->type, sizeof(c->type), "Memory");
	snprintf(c->sensor, sizeof(c->sensor), "MC%ld", mc);
	snprintf(c->description, sizeof(c->description), "%s", colon + 2);
	/* The location only when EDAC names one. */
	on = strstr(kind, " on ");
	if (on != NULL) {
		on += 4;
		end = strstr(on, " (");
		if (end == NULL)
			end = on + strlen(on);
		if (end > on && strncasecmp(on, "unknown", 7) != 0 &&
		    strncasecmp(on, "any memory", 10) != 0)
			snprintf(c->dimm, sizeof(c->dimm), "%.*s", (int)(end - on),
				 on);
	}
	return true;
}

bool kmsg_classify(const char *msg, struct kmsg_class *c)
{
	memset(c, 0, sizeof(*c));
	if (msg == NULL)
		return false;
	if (classify_xid(msg, c) || classify_edac(msg, c))
		return true;
	memset(c, 0, sizeof(*c));
	if (strstr(msg, "EDAC ") != NULL && strstr(msg, "[Hardware Error]") == NULL)
		return false;
	if (classify_hwerr(msg, c))
		return true;
	memset(c, 0, sizeof(*c));
	return false;
}

/* ------------------------------------------------------------ cursors */

rig_status kmsg_since(const char *since, char kind[2], char **value)
{
	kind[0] = '\0';
	kind[1] = '\0';
	*value = NULL;
	if (since == NULL || since[0] == '\0')
		return RIG_OK;
	for (const char *p = since; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return RIG_E_INVALID;
	if (strncmp(since, "j:", 2) == 0 && since[2] != '\0') {
		kind[0] = 'j';
		*value = strdup(since + 2);
	} else if (strncmp(since, "d:", 2) == 0 && strchr(since + 2, ':')) {
		kind[0] = 'd';
		*value = strdup("");
	} else {
		return RIG_E_INVALID;
	}
	return *value != NULL ? RIG_OK : RIG_E_NOMEM;
}

/* "[  123.456789] text": seconds and microseconds since boot. */
static bool dmesg_stamp(const char *line, unsigned long *sec,
			unsigned long *usec, const char **text)
{
	const char *p = line;
	char *stop;

	if (*p++ != '[')
		return false;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	*sec = strtoul(p, &stop, 10);
	if (*stop != '.' || !isdigit((unsigned char)stop[1]))
		return false;
	*usec = strtoul(stop + 1, &stop, 10);
	if (*stop != ']')
		return false;
	*text = stop[1] == ' ' ? stop + 2 : stop + 1;
	return true;
}

/* ------------------------------------------------------------ events */

struct kctx {
	rig_event_list tmp;
	bool nomem;
};

static void add_event(struct kctx *k, const char *id, const char *msg,
		      bool has_time, int64_t t)
{
	struct kmsg_class c;
	rig_event *e;

	if (!kmsg_classify(msg, &c))
		return;
	e = rig__event_list_add(&k->tmp);
	if (e == NULL) {
		k->nomem = true;
		return;
	}
	e->id = strdup(id);
	e->source = RIG_PATH_SSH;
	e->has_time = has_time;
	e->time = t;
	e->sensor = c.sensor[0] != '\0' ? strdup(c.sensor) : NULL;
	e->type = strdup(c.type);
	e->severity = c.severity;
	e->description = strdup(c.description);
	e->raw = strdup(msg);
	e->ecc = c.ecc;
	e->dimm = c.dimm[0] != '\0' ? strdup(c.dimm) : NULL;
	if (e->id == NULL || e->type == NULL || e->description == NULL ||
	    e->raw == NULL || (c.sensor[0] != '\0' && e->sensor == NULL) ||
	    (c.dimm[0] != '\0' && e->dimm == NULL))
		k->nomem = true;
}

/* The journal's MESSAGE is a string, or an array of bytes when it is not
 * valid UTF-8: then keep the printable ASCII. */
static char *journal_message(json_t *m)
{
	size_t n, i;
	char *s;

	if (json_is_string(m))
		return strdup(json_string_value(m));
	if (!json_is_array(m))
		return NULL;
	n = json_array_size(m);
	s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		json_int_t b = json_integer_value(json_array_get(m, i));

		s[i] = b >= 0x20 && b < 0x7f ? (char)b : '?';
	}
	s[n] = '\0';
	return s;
}

static void journal_line(struct kctx *k, const char *line)
{
	json_t *o = json_loads(line, 0, NULL);
	const char *cursor = json_string_value(json_object_get(o, "__CURSOR"));
	const char *usec =
		json_string_value(json_object_get(o, "__REALTIME_TIMESTAMP"));
	char *msg = journal_message(json_object_get(o, "MESSAGE"));

	/* A line that is not a journal entry is skipped, not fatal: the
	 * journal is the rig's, the probe only relays it. */
	if (cursor != NULL && msg != NULL)
		add_event(k, cursor, msg, usec != NULL,
			  usec != NULL ? (int64_t)(strtoull(usec, NULL, 10) /
						   1000000u)
				       : 0);
	free(msg);
	json_decref(o);
}

static char *journal_cursor_of(const char *line)
{
	json_t *o = json_loads(line, 0, NULL);
	const char *c = json_string_value(json_object_get(o, "__CURSOR"));
	char *next = NULL;

	if (c != NULL && asprintf(&next, "j:%s", c) < 0)
		next = NULL;
	json_decref(o);
	return next;
}

/* 9999-12-31T23:59:59Z: any later time from a rig is nonsense. */
#define KMSG_TIME_MAX 253402300799LL

struct dmesg_since {
	bool set;
	char boot[64];
	unsigned long sec, usec;
};

static void dmesg_since_parse(const char *since, struct dmesg_since *d)
{
	const char *colon;

	memset(d, 0, sizeof(*d));
	if (since == NULL || strncmp(since, "d:", 2) != 0)
		return;
	colon = strchr(since + 2, ':');
	if (colon == NULL || (size_t)(colon - since - 2) >= sizeof(d->boot))
		return;
	memcpy(d->boot, since + 2, (size_t)(colon - since - 2));
	d->set = sscanf(colon + 1, "%lu.%lu", &d->sec, &d->usec) == 2;
}

static rig_status dmesg_events(struct kctx *k, const struct probe *p,
			       const char *since, rig_event_list *out,
			       char **next)
{
	const struct probe_rec *boot = probe_find(p, "kd-boot");
	const struct probe_rec *lastr = probe_find(p, "kd-last");
	struct dmesg_since ds;
	unsigned long sec, usec;
	const char *text;
	char *stop;
	long long btime = strtoll(boot->f[1], &stop, 10);
	/* The rig's word: a boot time past year 9999 (or a huge uptime
	 * below) would overflow the sum, so it counts as none (found by
	 * tests/fuzz/fuzz-probe.c). */
	bool has_btime = stop != boot->f[1] && *stop == '\0' && btime >= 0 &&
			 btime <= KMSG_TIME_MAX;
	bool same_boot;

	dmesg_since_parse(since, &ds);
	same_boot = ds.set && strcmp(ds.boot, boot->f[0]) == 0;
	if (ds.set && !same_boot)
		out->restarted |= RIG_PATH_SSH; /* rebooted: a new log */
	for (size_t i = 0; i < p->count; i++) {
		char id[128];

		if (strcmp(p->recs[i].kind, "kd") != 0 ||
		    !dmesg_stamp(p->recs[i].f[0], &sec, &usec, &text))
			continue;
		if (same_boot && (sec < ds.sec || (sec == ds.sec && usec <= ds.usec)))
			continue;
		snprintf(id, sizeof(id), "dmesg:%.40s:%lu.%06lu", boot->f[0], sec,
			 usec);
		add_event(k, id, text,
			  has_btime && sec <= (unsigned long)KMSG_TIME_MAX,
			  has_btime && sec <= (unsigned long)KMSG_TIME_MAX
				  ? btime + (long long)sec : 0);
	}
	if (lastr != NULL && dmesg_stamp(lastr->f[0], &sec, &usec, &text)) {
		if (asprintf(next, "d:%.40s:%lu.%06lu", boot->f[0], sec, usec) < 0)
			*next = NULL;
	} else if (since != NULL) {
		*next = strdup(since);
	}
	return RIG_OK;
}

static rig_status kernel_failed(const struct probe *p, char *err,
				size_t errlen)
{
	const struct probe_rec *f = NULL;
	bool denied = false;

	for (size_t i = 0; i < p->count; i++) {
		if (strcmp(p->recs[i].kind, "k-fail") != 0)
			continue;
		f = &p->recs[i];
		denied = denied || contains_ci(f->f[2], "permission") ||
			 contains_ci(f->f[2], "not permitted") ||
			 contains_ci(f->f[2], "insufficient");
	}
	if (f == NULL) {
		snprintf(err, errlen, "the probe read no kernel log");
		return RIG_E_PROBE;
	}
	snprintf(err, errlen, "cannot read the kernel log (%s exit %s: %s)%s",
		 f->f[0], f->f[1], f->f[2][0] != '\0' ? f->f[2] : "no message",
		 denied ? "; the SSH user needs to be root or in the "
			  "systemd-journal or adm group"
			: "");
	return denied ? RIG_E_PRIVILEGE : RIG_E_PROBE;
}

static void keep_last(rig_event_list *l, size_t last)
{
	size_t drop;

	if (last == 0 || l->count <= last)
		return;
	drop = l->count - last;
	for (size_t i = 0; i < drop; i++)
		rig__event_clear(&l->items[i]);
	memmove(l->items, l->items + drop, last * sizeof(l->items[0]));
	l->count = last;
}

static rig_status move_events(rig_event_list *out, rig_event_list *tmp)
{
	rig_event *items;

	if (tmp->count == 0)
		return RIG_OK;
	items = realloc(out->items, (out->count + tmp->count) * sizeof(*items));
	if (items == NULL)
		return RIG_E_NOMEM;
	out->items = items;
	memcpy(items + out->count, tmp->items, tmp->count * sizeof(*items));
	out->count += tmp->count;
	tmp->count = 0;
	return RIG_OK;
}

rig_status probe_events(const struct probe *p, const char *since, size_t last,
			rig_event_list *out, char **next, char *err,
			size_t errlen)
{
	struct kctx k = {{0, NULL, NULL, 0}, false};
	bool journal_failed = false, dmesg_failed = false;
	const struct probe_rec *jl = probe_find(p, "kj-last");
	rig_status rc = RIG_OK;

	*next = NULL;
	for (size_t i = 0; i < p->count; i++) {
		if (strcmp(p->recs[i].kind, "k-fail") != 0)
			continue;
		if (strcmp(p->recs[i].f[0], "journal") == 0)
			journal_failed = true;
		else
			dmesg_failed = true;
	}
	if (probe_find(p, "kd-boot") != NULL && !dmesg_failed) {
		rc = dmesg_events(&k, p, since, out, next);
	} else if (!journal_failed && !dmesg_failed) {
		for (size_t i = 0; i < p->count; i++)
			if (strcmp(p->recs[i].kind, "kj") == 0)
				journal_line(&k, p->recs[i].f[0]);
		if (jl != NULL)
			*next = journal_cursor_of(jl->f[0]);
		else if (since != NULL)
			*next = strdup(since);
	} else {
		rc = kernel_failed(p, err, errlen);
	}
	if (rc == RIG_OK && k.nomem)
		rc = RIG_E_NOMEM;
	if (rc == RIG_OK) {
		keep_last(&k.tmp, last);
		rc = move_events(out, &k.tmp);
	}
	for (size_t i = 0; i < k.tmp.count; i++)
		rig__event_clear(&k.tmp.items[i]);
	free(k.tmp.items);
	if (rc != RIG_OK) {
		free(*next);
		*next = NULL;
	}
	return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Host-list expansion (the rules are in hostlist.h).  Each item is first
 * checked and counted, so a list that would expand to millions of names is
 * refused before a single one is made; then it is expanded bracket by
 * bracket, left to right, into a list that drops repeats through a small
 * hash set (a list may legitimately hold tens of thousands of names, where
 * a linear search per name would be quadratic).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hostlist.h"

/* Numbers in a range are at most this many characters: their value then
 * fits an unsigned long long, and a name's length stays bounded. */
#define NUM_MAX_DIGITS 18

struct expander {
	struct rig_hostlist *out;
	size_t cap, max;
	/* Open addressing over out->hosts: 0 is empty, else index + 1. */
	size_t *slots;
	size_t nslots;
	char *err;
	size_t errlen;
};

struct range {
	unsigned long long lo, hi;
	int width;
};

static bool fail(struct expander *ex, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool fail(struct expander *ex, const char *fmt, ...)
{
	va_list ap;

	if (ex->errlen == 0)
		return false;
	va_start(ap, fmt);
	vsnprintf(ex->err, ex->errlen, fmt, ap);
	va_end(ap);
	return false;
}

static size_t hash(const char *s)
{
	size_t h = 2166136261u; /* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot holding name, or the empty slot where it would go. */
static size_t *slot_of(const struct expander *ex, const char *name)
{
	size_t mask = ex->nslots - 1, i = hash(name) & mask;

	while (ex->slots[i] != 0 &&
	       strcmp(ex->out->hosts[ex->slots[i] - 1], name) != 0)
		i = (i + 1) & mask;
	return &ex->slots[i];
}

/* Keep the set at most half full, so probes stay short. */
static bool grow_set(struct expander *ex)
{
	size_t n = ex->nslots != 0 ? ex->nslots * 2 : 64;
	size_t *old = ex->slots, oldn = ex->nslots;

	ex->slots = calloc(n, sizeof(*ex->slots));
	if (ex->slots == NULL) {
		ex->slots = old;
		return false;
	}
	ex->nslots = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i] != 0)
			*slot_of(ex, ex->out->hosts[old[i] - 1]) = old[i];
	free(old);
	return true;
}

static bool add(struct expander *ex, const char *name)
{
	size_t *slot;

	if ((ex->out->count + 1) * 2 > ex->nslots && !grow_set(ex))
		return fail(ex, "out of memory");
	slot = slot_of(ex, name);
	if (*slot != 0)
		return true; /* named before: one host */
	if (ex->out->count == ex->cap) {
		size_t cap = ex->cap != 0 ? ex->cap * 2 : 16;
		char **h = realloc(ex->out->hosts, cap * sizeof(*h));

		if (h == NULL)
			return fail(ex, "out of memory");
		ex->out->hosts = h;
		ex->cap = cap;
	}
	ex->out->hosts[ex->out->count] = strdup(name);
	if (ex->out->hosts[ex->out->count] == NULL)
		return fail(ex, "out of memory");
	*slot = ++ex->out->count;
	return true;
}

/* Digits only, 1 to NUM_MAX_DIGITS of them, at s[0..len). */
static bool number(const char *s, size_t len, unsigned long long *v)
{
	if (len == 0 || len > NUM_MAX_DIGITS)
		return false;
	*v = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned long long)(s[i] - '0');
	}
	return true;
}

/* One element of a bracket's list, s[0..len): "N" or "N-M" with N <= M.
 * The width is that of N as written, as FreeIPMI pads. */
static bool parse_range(const char *s, size_t len, struct range *r)
{
	const char *dash = memchr(s, '-', len);
	size_t lo_len = dash != NULL ? (size_t)(dash - s) : len;

	if (!number(s, lo_len, &r->lo))
		return false;
	r->hi = r->lo;
	if (dash != NULL &&
	    !number(dash + 1, len - lo_len - 1, &r->hi))
		return false;
	r->width = (int)lo_len;
	return r->lo <= r->hi;
}

/* The bracket opening at item[open] holds an IPv6 address, not a range:
 * "[fe80::1]:623" is a host and port, as rig__split_hostport reads it. */
static bool is_address(const char *item, size_t open, size_t close)
{
	return memchr(item + open, ':', close - open) != NULL;
}

static size_t close_of(const char *item, size_t len, size_t open)
{
	const char *q = memchr(item + open, ']', len - open);

	return (size_t)(q - item); /* the tokenizer saw it closed */
}

/* Check every range in item and count the names it makes, saturating
 * just past limit so that no product overflows. */
static bool count_item(struct expander *ex, const char *item, size_t len,
		       size_t limit, size_t *count)
{
	size_t total = 1;

	for (size_t pos = 0; pos < len; pos++) {
		size_t close, n = 0;

		if (item[pos] != '[')
			continue;
		close = close_of(item, len, pos);
		if (is_address(item, pos, close)) {
			pos = close;
			continue;
		}
		for (size_t a = pos + 1, b; a <= close; a = b + 1) {
			struct range r;
			const char *comma = memchr(item + a, ',', close - a);

			b = comma != NULL ? (size_t)(comma - item) : close;
			if (!parse_range(item + a, b - a, &r))
				return fail(ex, "invalid range '%.*s' in '%.*s'"
					    " (a range is N or N-M with N <= M)",
					    (int)(b - a), item + a, (int)len,
					    item);
			if (r.hi - r.lo >= limit || n + (r.hi - r.lo + 1) > limit)
				n = limit + 1;
			else
				n += (size_t)(r.hi - r.lo + 1);
		}
		total = total > (limit + 1) / n ? limit + 1 : total * n;
		if (total > limit)
			total = limit + 1;
		pos = close;
	}
	*count = total;
	return true;
}

/* Expand item[pos..len) behind the name so far in buf[0..blen). */
static bool expand_at(struct expander *ex, const char *item, size_t len,
		      size_t pos, char *buf, size_t blen)
{
	size_t close = 0;

	while (pos < len) {
		if (item[pos] == '[') {
			close = close_of(item, len, pos);
			if (!is_address(item, pos, close))
				break;
			memcpy(buf + blen, item + pos, close + 1 - pos);
			blen += close + 1 - pos;
			pos = close + 1;
			continue;
		}
		buf[blen++] = item[pos++];
	}
	if (pos == len) {
		buf[blen] = '\0';
		return add(ex, buf);
	}
	for (size_t a = pos + 1, b; a <= close; a = b + 1) {
		struct range r;
		const char *comma = memchr(item + a, ',', close - a);

		b = comma != NULL ? (size_t)(comma - item) : close;
		(void)parse_range(item + a, b - a, &r); /* counted: valid */
		for (unsigned long long v = r.lo;; v++) {
			int n = snprintf(buf + blen, NUM_MAX_DIGITS + 1, "%0*llu",
					 r.width, v);

			if (!expand_at(ex, item, len, close + 1, buf,
				       blen + (size_t)n))
				return false;
			if (v == r.hi)
				break;
		}
	}
	return true;
}

static bool expand_item(struct expander *ex, const char *item, size_t len)
{
	size_t count = 0, brackets = 0;
	char *buf;
	bool ok;

	if (!count_item(ex, item, len, ex->max, &count))
		return false;
	if (count > ex->max - ex->out->count)
		return fail(ex, "expands to more than %zu hosts", ex->max);
	for (size_t i = 0; i < len; i++)
		brackets += item[i] == '[';
	/* A bracket of NUM_MAX_DIGITS + 2 characters or more prints a number
	 * no longer than itself; a shorter one at most NUM_MAX_DIGITS. */
	buf = malloc(len + brackets * NUM_MAX_DIGITS + 1);
	if (buf == NULL)
		return fail(ex, "out of memory");
	ok = expand_at(ex, item, len, 0, buf, 0);
	free(buf);
	return ok;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The item starting at text: up to a comma or blank outside brackets.
 * Refuses nested, unclosed and unopened brackets. */
static bool item_end(struct expander *ex, const char *text, size_t *len)
{
	size_t i = 0, open = 0;
	bool in = false;

	for (; text[i] != '\0' && (in || (text[i] != ',' && !is_blank(text[i])));
	     i++) {
		if (text[i] == '[' && in)
			return fail(ex, "a bracket inside a bracket in '%s'",
				    text);
		if (text[i] == ']' && !in)
			return fail(ex, "']' without '[' in '%.*s'", (int)i + 1,
				    text);
		if (text[i] == '[')
			open = i;
		if (text[i] == '[' || text[i] == ']')
			in = !in;
	}
	if (in)
		return fail(ex, "'[' without ']' in '%s'", text + open);
	*len = i;
	return true;
}

bool rig__hostlist_expand(const char *text, size_t max,
			  struct rig_hostlist *out, char *err, size_t errlen)
{
	struct expander ex = {out, 0, max, NULL, 0, err, errlen};
	bool want_item = true, comma = false, ok = true;
	const char *p = text;

	out->hosts = NULL;
	out->count = 0;
	if (errlen > 0)
		err[0] = '\0';
	while (ok) {
		size_t len = 0;

		while (is_blank(*p))
			p++;
		if (*p == '\0') {
			if (want_item)
				ok = fail(&ex, comma ? "empty item" : "empty");
			break;
		}
		if (*p == ',') {
			if (want_item)
				ok = fail(&ex, "empty item");
			want_item = comma = true;
			p++;
			continue;
		}
		ok = item_end(&ex, p, &len) && expand_item(&ex, p, len);
		want_item = false;
		p += len;
	}
	free(ex.slots);
	if (!ok)
		rig__hostlist_free(out);
	return ok;
}

void rig__hostlist_free(struct rig_hostlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->hosts[i]);
	free(l->hosts);
	l->hosts = NULL;
	l->count = 0;
}

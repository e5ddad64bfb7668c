/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The exporter's status page (view.h): `/`, every rig on one page, and
 * `/rig/NAME`, one rig's sensors and GPUs with small bars against their
 * thresholds.  Plain HTML with one inline style sheet and inline SVG: no
 * script, no fonts, no images from anywhere, so the exporter can send a
 * Content-Security-Policy of default-src 'none' and the page still works
 * (and can be read on a phone: the fleet table turns into one card per rig
 * under a media query, so nothing scrolls sideways at 390 px).
 *
 * Everything it prints comes from what the last scrapes collected; sensor
 * names, error texts and rig names come from BMCs, hosts and the inventory,
 * so every string goes through esc() (HTML) or url() (a path segment).
 * States are shown by word and symbol as well as by colour.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "view.h"

/* ------------------------------------------------------------ buffer */

/* A growing page.  A failed allocation sets oom and makes every later
 * append a no-op, so the renderers need no error path of their own. */
struct buf {
	char *p;
	size_t len;
	size_t cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	char *p;
	size_t cap;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap != 0 ? b->cap : 8192;
		while (b->len + n + 1 > cap)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void putf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		put(b, small, (size_t)n);
		return;
	}
	/* Only ever numbers and fixed words go through here: 256 bytes is
	 * plenty, and a longer result is cut rather than allocated. */
	put(b, small, sizeof(small) - 1);
}

/* The length of the valid UTF-8 sequence at s (1-4), or 0 if it is not
 * one (overlong forms, surrogates and code points past U+10FFFF too). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

/*
 * Text from outside (sensor names from a BMC's SDR, hwmon labels, error
 * messages, rig names) as HTML text or attribute value: the five special
 * characters as entities, control characters as '?', and bytes that are
 * not UTF-8 as U+FFFD, so the document stays valid UTF-8 whatever a BMC
 * sends.
 */
static void esc(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	const unsigned char *run = p;
	const char *rep;
	size_t n;

	while (*p != '\0') {
		rep = NULL;
		n = 1;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if ((*p < 0x20 && *p != '\t' && *p != '\n') ||
			    *p == 0x7F)
				rep = "?";
			else if ((n = utf8_len(p)) == 0) {
				rep = "\xEF\xBF\xBD";
				n = 1;
			}
		}
		if (rep == NULL) {
			p += n;
			continue;
		}
		put(b, (const char *)run, (size_t)(p - run));
		puts_(b, rep);
		p += n;
		run = p;
	}
	put(b, (const char *)run, (size_t)(p - run));
}

/* A rig name as one URL path segment: everything but RFC 3986's
 * unreserved characters percent-encoded ('/' and '?' above all). */
static void url(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char e[3];

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			put(b, (const char *)p, 1);
			continue;
		}
		e[0] = '%';
		e[1] = hex[*p >> 4];
		e[2] = hex[*p & 15];
		put(b, e, 3);
	}
}

/* ------------------------------------------------------------ words */

/* Rather than dmin() and friends: the exporter does not link libm for
 * three comparisons. */
static double dmin(double a, double c)
{
	return a < c ? a : c;
}

static double dmax(double a, double c)
{
	return a > c ? a : c;
}

static double dabs(double a)
{
	return a < 0 ? -a : a;
}

/* A number as people read it: at most two decimals, no trailing zeros. */
static void num(struct buf *b, double v)
{
	char s[64];
	char *end;

	if (!isfinite(v)) {
		puts_(b, "n/a");
		return;
	}
	if (dabs(v) >= 1e9) {
		putf(b, "%.4g", v);
		return;
	}
	snprintf(s, sizeof(s), "%.2f", v);
	end = s + strlen(s);
	while (end[-1] == '0')
		*--end = '\0';
	if (end[-1] == '.')
		*--end = '\0';
	puts_(b, strcmp(s, "-0") == 0 ? "0" : s);
}

static void unit(struct buf *b, const char *u)
{
	if (u == NULL || *u == '\0')
		return;
	if (strcmp(u, "C") == 0) {
		puts_(b, "\xC2\xA0\xC2\xB0" "C"); /* nbsp, degree sign */
		return;
	}
	puts_(b, "\xC2\xA0");
	esc(b, u);
}

/* The class and symbol of a state: the symbol carries the state for
 * whoever cannot tell the colours apart, the word after it for everyone. */
enum tone { T_OK, T_WARN, T_CRIT, T_UNK, T_OFF };

static const char *const tone_class[] = {"ok", "warn", "crit", "unk", "off"};
static const char *const tone_mark[] = {
	"\xE2\x9C\x93",	/* check mark */
	"\xE2\x96\xB2",	/* triangle */
	"\xE2\x9C\x96",	/* heavy cross */
	"?",
	"\xE2\x97\x8B",	/* circle */
};

static enum tone state_tone(rig_state s)
{
	switch (s) {
	case RIG_STATE_OK: return T_OK;
	case RIG_STATE_WARNING: return T_WARN;
	case RIG_STATE_CRITICAL: return T_CRIT;
	default: return T_UNK;
	}
}

static void badge(struct buf *b, enum tone t, const char *word)
{
	putf(b, "<span class=\"b %s\"><span class=\"m\" aria-hidden=\"true\">"
		"%s</span> ", tone_class[t], tone_mark[t]);
	esc(b, word);
	puts_(b, "</span>");
}

static const char *power_word(const struct view_rig *r)
{
	return r->power_known ? rig_power_state_name(r->power) : "unknown";
}

static enum tone power_tone(const struct view_rig *r)
{
	if (!r->power_known)
		return T_UNK;
	switch (r->power) {
	case RIG_POWERSTATE_ON: return T_OK;
	case RIG_POWERSTATE_OFF: return T_OFF;
	case RIG_POWERSTATE_UNREACHABLE: return T_CRIT;
	default: return T_UNK;
	}
}

/* The worst sensor state as a word; a rig never scraped has none yet. */
static const char *worst_word(const struct view_rig *r)
{
	if (r->last_scrape_ms == 0)
		return "unknown";
	return rig_state_name(r->worst);
}

static void utc(struct buf *b, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char s[32];

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
		puts_(b, "?");
		return;
	}
	puts_(b, s);
}

static void ago(struct buf *b, int64_t now_ms, int64_t then_ms)
{
	int64_t s = (now_ms - then_ms) / 1000;

	if (s < 1)
		puts_(b, "just now");
	else if (s < 120)
		putf(b, "%lld\xC2\xA0s ago", (long long)s);
	else if (s < 7200)
		putf(b, "%lld\xC2\xA0min ago", (long long)(s / 60));
	else if (s < 172800)
		putf(b, "%lld\xC2\xA0h ago", (long long)(s / 3600));
	else
		putf(b, "%lld\xC2\xA0" "d ago", (long long)(s / 86400));
}

static const rig_path path_bits[] = {RIG_PATH_BMC, RIG_PATH_SSH,
				     RIG_PATH_WOL, RIG_PATH_PLUG};

/* Each path the rig has, and whether it answered in the last scrape.
 * Wake-on-LAN never answers anything: it is listed, not judged. */
static void paths(struct buf *b, const struct view_rig *r)
{
	size_t i;
	bool any = false;
	char word[48];
	rig_path p;

	for (i = 0; i < sizeof(path_bits) / sizeof(path_bits[0]); i++) {
		p = path_bits[i];
		if ((r->paths & p) == 0)
			continue;
		if (any)
			puts_(b, " ");
		any = true;
		if (p == RIG_PATH_WOL || r->last_scrape_ms == 0) {
			badge(b, T_OFF, rig_path_name(p));
			continue;
		}
		snprintf(word, sizeof(word), "%s %s", rig_path_name(p),
			 (r->paths_up & p) != 0 ? "up" : "down");
		badge(b, (r->paths_up & p) != 0 ? T_OK : T_CRIT, word);
	}
	if (!any)
		puts_(b, "none");
}

/* "up", "partly up" or "down", and when; or "never scraped". */
static void scrape(struct buf *b, const struct view_fleet *f,
		   const struct view_rig *r)
{
	if (r->last_scrape_ms == 0) {
		badge(b, T_UNK, "never scraped");
		return;
	}
	if (r->up)
		badge(b, T_OK, "up");
	else if (r->paths_up != 0)
		badge(b, T_WARN, "partly up");
	else
		badge(b, T_CRIT, "down");
	puts_(b, " <span title=\"");
	utc(b, r->last_scrape_ms);
	puts_(b, "\">");
	ago(b, f->now_ms, r->last_scrape_ms);
	puts_(b, "</span> <span class=\"dim\">(");
	num(b, r->scrape_seconds);
	puts_(b, "\xC2\xA0s)</span>");
	if (r->error != NULL) {
		puts_(b, "<div class=\"err\">");
		esc(b, r->error);
		puts_(b, "</div>");
	}
}

static void sensor_counts(const struct view_rig *r, size_t *crit,
			  size_t *warn)
{
	size_t i;

	*crit = *warn = 0;
	if (r->sensors == NULL)
		return;
	for (i = 0; i < r->sensors->count; i++) {
		if (r->sensors->items[i].state == RIG_STATE_CRITICAL)
			(*crit)++;
		else if (r->sensors->items[i].state == RIG_STATE_WARNING)
			(*warn)++;
	}
}

static void worst(struct buf *b, const struct view_rig *r)
{
	size_t crit, warn, n = r->sensors != NULL ? r->sensors->count : 0;

	if (r->last_scrape_ms == 0) {
		badge(b, T_UNK, "unknown");
		return;
	}
	badge(b, n == 0 ? T_UNK : state_tone(r->worst), worst_word(r));
	sensor_counts(r, &crit, &warn);
	putf(b, " <span class=\"dim n\">%zu sensor%s", n, n == 1 ? "" : "s");
	if (crit != 0)
		putf(b, ", %zu critical", crit);
	if (warn != 0)
		putf(b, ", %zu warning", warn);
	puts_(b, "</span>");
}

/* The hottest GPU, with the state of the GPU temperature that reads it
 * when that is not ok. */
static void hottest(struct buf *b, const struct view_rig *r)
{
	const rig_sensor *s, *hot = NULL;
	size_t i;

	if (!r->has_hottest_gpu) {
		puts_(b, "<span class=\"dim\">\xE2\x80\x94</span>");
		return;
	}
	for (i = 0; r->sensors != NULL && i < r->sensors->count; i++) {
		s = &r->sensors->items[i];
		if (s->type == RIG_SENSOR_GPU && s->has_reading &&
		    s->unit != NULL && strcmp(s->unit, "C") == 0 &&
		    (hot == NULL || s->reading > hot->reading))
			hot = s;
	}
	puts_(b, "<span class=\"v plain\">");
	num(b, r->hottest_gpu_c);
	unit(b, "C");
	puts_(b, "</span>");
	if (hot != NULL && hot->state != RIG_STATE_OK) {
		puts_(b, " ");
		badge(b, state_tone(hot->state), rig_state_name(hot->state));
	}
}

static void events(struct buf *b, const struct view_rig *r)
{
	static const enum tone tones[] = {T_OFF, T_WARN, T_CRIT};
	char word[48];
	int sev;
	bool any = false;

	for (sev = RIG_SEVERITY_CRITICAL; sev >= RIG_SEVERITY_INFO; sev--) {
		if (r->events[sev] == 0)
			continue;
		if (any)
			puts_(b, " ");
		any = true;
		snprintf(word, sizeof(word), "%llu %s",
			 (unsigned long long)r->events[sev],
			 rig_severity_name((rig_severity)sev));
		badge(b, tones[sev], word);
	}
	if (!any)
		puts_(b, r->last_scrape_ms == 0 ? "\xE2\x80\x94" : "none");
}

static void ecc(struct buf *b, const struct view_rig *r)
{
	char word[64];

	if (!r->ecc_known) {
		puts_(b, "<span class=\"dim\">\xE2\x80\x94</span>");
		return;
	}
	if (r->ecc_uncorrected == 0 && r->ecc_corrected == 0) {
		badge(b, T_OK, "none");
		return;
	}
	/* Both numbers once there is one: "0 uncorrected" matters then. */
	snprintf(word, sizeof(word), "%llu uncorrected",
		 (unsigned long long)r->ecc_uncorrected);
	badge(b, r->ecc_uncorrected != 0 ? T_CRIT : T_OK, word);
	snprintf(word, sizeof(word), "%llu corrected",
		 (unsigned long long)r->ecc_corrected);
	puts_(b, " ");
	badge(b, r->ecc_corrected != 0 ? T_WARN : T_OK, word);
}

static void fan_mode(struct buf *b, int mode)
{
	puts_(b, mode == 0 ? "auto" : mode == 1 ? "manual" : "unknown");
}

static void fans_short(struct buf *b, const struct view_rig *r)
{
	size_t i;
	const struct view_fan *f;

	if (r->fan_count == 0) {
		puts_(b, "<span class=\"dim\">\xE2\x80\x94</span>");
		return;
	}
	for (i = 0; i < r->fan_count; i++) {
		f = &r->fans[i];
		puts_(b, "<span class=\"fan\">");
		esc(b, f->header);
		if (f->has_rpm) {
			puts_(b, " ");
			num(b, f->rpm);
			puts_(b, "\xC2\xA0rpm");
		}
		/* Mode and duty where a fan profile gives them (the rig
		 * page says "unknown" otherwise). */
		if (f->mode == 0 || f->mode == 1) {
			puts_(b, " ");
			fan_mode(b, f->mode);
		}
		if (f->duty_pct >= 0)
			putf(b, " %d%%", f->duty_pct);
		puts_(b, "</span> ");
	}
}

static void plug(struct buf *b, const struct view_rig *r)
{
	bool any = false;

	if (r->has_plug) {
		any = true;
		if (!r->plug_known)
			badge(b, T_UNK, "relay not read");
		else
			badge(b, r->plug_relay_on ? T_OK : T_OFF,
			      r->plug_relay_on ? "relay on" : "relay off");
	}
	if (r->has_power_draw) {
		if (any)
			puts_(b, " ");
		any = true;
		puts_(b, "<span class=\"v plain\">");
		num(b, r->power_draw_w);
		puts_(b, "\xC2\xA0W</span>");
		if (r->power_draw_source != NULL) {
			puts_(b, " <span class=\"dim\">(");
			esc(b, r->power_draw_source);
			puts_(b, ")</span>");
		}
	}
	if (!any)
		puts_(b, "<span class=\"dim\">\xE2\x80\x94</span>");
}

/* ------------------------------------------------------------ page frame */

/* A row as a card, each cell a line with its column's name in front. */
#define CARD "border:1px solid var(--line);border-radius:.5rem;" \
	"padding:.3rem .5rem;background:var(--card);"
#define CELL "position:relative;border:0;padding:.2rem 0 .2rem 6.8rem;" \
	"min-height:1.6rem"
#define LABEL "content:attr(data-label);position:absolute;left:0;" \
	"top:.25rem;width:6.3rem;color:var(--dim);font-size:.85rem"

/*
 * One style sheet for both pages.  Wide screens get tables; narrower ones
 * the fleet as a grid of cards, and below 760 px every row becomes a card
 * whose cells stack with their column's name in front (data-label), so a
 * phone never scrolls sideways.  overflow-wrap breaks long sensor names
 * and errors wherever it must.
 */
static const char style[] =
	":root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--dim:#59636e;"
	"--line:#d0d7de;--card:#f6f8fa;--ok:#1a7f37;--okb:#dafbe1;"
	"--warn:#7a4a00;--warnb:#fff1c2;--crit:#b3001e;--critb:#ffe0e3;"
	"--unk:#4a5561;--unkb:#e6eaef;--off:#3d444d;--offb:#eceff2}"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;"
	"--dim:#9198a1;--line:#3d444d;--card:#151b23;--ok:#56d364;"
	"--okb:#0f2d19;--warn:#e3b341;--warnb:#3a2a05;--crit:#ff7b72;"
	"--critb:#45121a;--unk:#b7bdc8;--unkb:#262c36;--off:#b7bdc8;"
	"--offb:#21262d}}"
	"*{box-sizing:border-box}"
	"body{margin:0;padding:1rem;font:15px/1.45 system-ui,sans-serif;"
	"color:var(--fg);background:var(--bg);overflow-wrap:break-word}"
	"h1{font-size:1.35rem;margin:0 0 .25rem}"
	"h2{font-size:1.1rem;margin:1.5rem 0 .5rem}"
	"h3{font-size:1rem;margin:1rem 0 .4rem}"
	"a{color:inherit}"
	".dim,.sub{color:var(--dim)}"
	".sub{margin:0 0 1rem}"
	"table{border-collapse:collapse;width:100%}"
	"th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;"
	"border-bottom:1px solid var(--line)}"
	"th{font-size:.85rem;color:var(--dim);font-weight:600;"
	"white-space:nowrap}"
	".wide{overflow-x:auto}"
	".b{display:inline-block;padding:0 .45em;border-radius:.6em;"
	"border:1px solid currentColor;font-size:.85rem;white-space:nowrap;"
	"margin:.05rem 0}"
	".m{font-size:.8em}"
	".ok{color:var(--ok)}.b.ok{background:var(--okb)}"
	".warn{color:var(--warn)}.b.warn{background:var(--warnb)}"
	".crit{color:var(--crit)}.b.crit{background:var(--critb)}"
	".unk{color:var(--unk)}.b.unk{background:var(--unkb)}"
	".off{color:var(--off)}.b.off{background:var(--offb)}"
	".v{font-weight:600}"
	".err{color:var(--crit);font-size:.85rem;margin-top:.2rem}"
	".fan{display:block;font-size:.9rem}"
	".n{display:block;font-size:.85rem}"
	"table.fleet{font-size:.93rem}"
	".rig-name{font-weight:600}"
	/* One column grid for every sensor and GPU table of a rig. */
	"table.sensors{table-layout:fixed}"
	".sensors th:nth-child(1){width:28%}.sensors th:nth-child(2){width:14%}"
	".sensors th:nth-child(3){width:14%}.sensors th:nth-child(4){width:22%}"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;"
	"gap:.3rem 1rem;margin:0}"
	"dl.facts dt{color:var(--dim)}dl.facts dd{margin:0}"
	"svg.bar{display:block;width:100%;max-width:16rem;height:14px}"
	".lim{font-size:.8rem;color:var(--dim)}"
	".z-ok{fill:#bfe5c8}.z-warn{fill:#ffd970}.z-crit{fill:#ff9c9c}"
	".z-nr{fill:#e0525a}.z-none{fill:#d5dbe1}"
	".r-ok{fill:#1a7f37}.r-warn{fill:#9a6700}.r-crit{fill:#b3001e}"
	".r-unk{fill:#57606a}.tick{fill:#24292f}"
	"footer{margin-top:2rem;font-size:.8rem;color:var(--dim)}"
	/* The fleet as a grid of cards until a table of ten columns fits. */
	"@media (max-width:1279px){"
	".fleet,.fleet tbody,.fleet tr,.fleet td{display:block}"
	".fleet thead{display:none}"
	".fleet tbody{display:grid;gap:.7rem;"
	"grid-template-columns:repeat(auto-fill,minmax(min(100%,21rem),1fr))}"
	".fleet tr{" CARD "}.fleet td{" CELL "}.fleet td::before{" LABEL "}"
	".fleet td:first-child{padding-left:0;font-size:1.1rem}"
	".fleet td:first-child::before{display:none}}"
	/* Every table as cards on a phone. */
	"@media (max-width:760px){"
	"body{padding:.6rem}"
	"table,tbody,tr,td{display:block;width:100%}"
	"thead{display:none}"
	"tr{" CARD "margin:0 0 .7rem}td{" CELL "}td::before{" LABEL "}"
	"td:empty{display:none}"
	"svg.bar{max-width:none}}";

static void head(struct buf *b, const char *title_pre, const char *title)
{
	puts_(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		 "<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" "
		 "content=\"width=device-width, initial-scale=1\">\n"
		 /* A wall display keeps itself current; a phone reloads. */
		 "<meta http-equiv=\"refresh\" content=\"60\">\n"
		 /* No favicon request: the exporter has none to give. */
		 "<link rel=\"icon\" href=\"data:,\">\n<title>");
	esc(b, title_pre);
	esc(b, title);
	puts_(b, "</title>\n<style>");
	puts_(b, style);
	puts_(b, "</style>\n</head>\n<body>\n");
}

static void foot(struct buf *b, const struct view_fleet *f)
{
	puts_(b, "<footer>rigctl ");
	esc(b, f->version != NULL ? f->version : "");
	puts_(b, " \xC2\xB7 rendered ");
	utc(b, f->now_ms);
	puts_(b, " \xC2\xB7 what the last scrapes collected; this page never "
		 "contacts a rig</footer>\n</body>\n</html>\n");
}

static int done(struct buf *b, int status, char **html, size_t *len)
{
	if (b->oom || b->p == NULL) {
		free(b->p);
		*html = NULL;
		*len = 0;
		return -1;
	}
	*html = b->p;
	*len = b->len;
	return status;
}

/* ------------------------------------------------------------ fleet */

static void cell(struct buf *b, const char *label)
{
	puts_(b, "<td data-label=\"");
	esc(b, label);
	puts_(b, "\">");
}

static void fleet_row(struct buf *b, const struct view_fleet *f,
		      const struct view_rig *r)
{
	puts_(b, "<tr class=\"rig\" data-rig=\"");
	esc(b, r->name);
	putf(b, "\" data-power=\"%s\" data-worst=\"%s\" data-up=\"%d\">",
	     power_word(r), worst_word(r),
	     r->last_scrape_ms == 0 ? -1 : r->up ? 1 : 0);
	cell(b, "Rig");
	puts_(b, "<a class=\"rig-name\" href=\"rig/");
	url(b, r->name);
	puts_(b, "\">");
	esc(b, r->name);
	puts_(b, "</a></td>");
	cell(b, "Paths");
	paths(b, r);
	puts_(b, "</td>");
	cell(b, "Power");
	badge(b, power_tone(r), power_word(r));
	puts_(b, "</td>");
	cell(b, "Sensors");
	worst(b, r);
	puts_(b, "</td>");
	cell(b, "Hottest GPU");
	hottest(b, r);
	puts_(b, "</td>");
	cell(b, "New events");
	events(b, r);
	puts_(b, "</td>");
	cell(b, "ECC");
	ecc(b, r);
	puts_(b, "</td>");
	cell(b, "Fans");
	fans_short(b, r);
	puts_(b, "</td>");
	cell(b, "Plug, wall");
	plug(b, r);
	puts_(b, "</td>");
	cell(b, "Last scrape");
	scrape(b, f, r);
	puts_(b, "</td></tr>\n");
}

/* The fleet in one line, also the page's title: what needs a look. */
static void summary(struct buf *b, const struct view_fleet *f)
{
	size_t i, down = 0, never = 0, crit = 0, warn = 0;
	const struct view_rig *r;

	for (i = 0; i < f->count; i++) {
		r = &f->rigs[i];
		if (r->last_scrape_ms == 0) {
			never++;
			continue;
		}
		if (!r->up)
			down++;
		if (r->worst == RIG_STATE_CRITICAL)
			crit++;
		else if (r->worst == RIG_STATE_WARNING)
			warn++;
	}
	putf(b, "%zu rig%s", f->count, f->count == 1 ? "" : "s");
	if (down != 0)
		putf(b, ", %zu not up", down);
	if (never != 0)
		putf(b, ", %zu never scraped", never);
	if (crit != 0)
		putf(b, ", %zu critical", crit);
	if (warn != 0)
		putf(b, ", %zu warning", warn);
}

int page_index(const struct view_fleet *fleet, char **html, size_t *len)
{
	struct buf b = {0};
	struct buf t = {0};
	size_t i;

	summary(&t, fleet);
	head(&b, "rigctl: ", t.oom || t.p == NULL ? "" : t.p);
	puts_(&b, "<header><h1>Rigs</h1><p class=\"sub\">");
	esc(&b, t.p != NULL ? t.p : "");
	puts_(&b, "</p></header>\n<main>\n");
	free(t.p);
	if (fleet->count == 0) {
		puts_(&b, "<p>No rigs in the inventory.</p>\n");
	} else {
		puts_(&b, "<div class=\"wide\"><table class=\"fleet\">\n"
			  "<thead><tr><th>Rig</th>"
			  "<th>Paths</th><th>Power</th><th>Sensors</th>"
			  "<th>Hottest GPU</th><th>New events</th>"
			  "<th>ECC</th><th>Fans</th><th>Plug, wall</th>"
			  "<th>Last scrape</th></tr></thead>\n<tbody>\n");
		for (i = 0; i < fleet->count; i++)
			fleet_row(&b, fleet, &fleet->rigs[i]);
		puts_(&b, "</tbody>\n</table></div>\n");
	}
	puts_(&b, "</main>\n");
	foot(&b, fleet);
	return done(&b, 200, html, len);
}

/* ------------------------------------------------------------ one rig */

/* Where v sits on a bar from lo to hi, in the SVG's 0..100 units. */
static double at(double v, double lo, double hi)
{
	double x = (v - lo) / (hi - lo) * 100.0;

	return x < 0 ? 0 : x > 100 ? 100 : x;
}

static bool has_th(const rig_sensor *s, enum rig_threshold t)
{
	return (s->thresholds_set & (1u << t)) != 0 &&
	       isfinite(s->thresholds[t]);
}

static void zone(struct buf *b, const char *cls, double from, double to)
{
	if (to <= from)
		return;
	putf(b, "<rect class=\"%s\" x=\"%.2f\" y=\"0\" width=\"%.2f\" "
		"height=\"10\"/>", cls, from, to - from);
}

/* A bar needs a scale: thresholds, or a percentage's own 0..100.  A
 * reading with neither gets none (a bar scaled to itself says nothing). */
static bool percent(const char *u)
{
	return u != NULL && strcmp(u, "%") == 0;
}

/* Units of rails that live in a narrow band around a nominal value. */
static bool narrow(const char *u)
{
	return u != NULL && (strcmp(u, "V") == 0 || strcmp(u, "A") == 0);
}

/*
 * The bands behind a bar: a point below lnr is non-recoverable, below lcr
 * critical, below lnc warning (the innermost threshold it crossed wins,
 * as the BMC judges it), and the same upwards; a missing threshold just
 * draws no band.
 */
static void bands(struct buf *b, const rig_sensor *s, double lo, double hi)
{
	double p[RIG_THRESH_COUNT], inner = 0, outer = 100;
	int t;

	for (t = 0; t < RIG_THRESH_COUNT; t++)
		p[t] = at(s->thresholds[t], lo, hi);
	if (has_th(s, RIG_THRESH_LNR)) {
		zone(b, "z-nr", 0, p[RIG_THRESH_LNR]);
		inner = p[RIG_THRESH_LNR];
	}
	if (has_th(s, RIG_THRESH_LCR)) {
		zone(b, "z-crit", inner, p[RIG_THRESH_LCR]);
		inner = dmax(inner, p[RIG_THRESH_LCR]);
	}
	if (has_th(s, RIG_THRESH_LNC)) {
		zone(b, "z-warn", inner, p[RIG_THRESH_LNC]);
		inner = dmax(inner, p[RIG_THRESH_LNC]);
	}
	if (has_th(s, RIG_THRESH_UNR)) {
		zone(b, "z-nr", p[RIG_THRESH_UNR], 100);
		outer = p[RIG_THRESH_UNR];
	}
	if (has_th(s, RIG_THRESH_UCR)) {
		zone(b, "z-crit", p[RIG_THRESH_UCR], outer);
		outer = dmin(outer, p[RIG_THRESH_UCR]);
	}
	if (has_th(s, RIG_THRESH_UNC)) {
		zone(b, "z-warn", p[RIG_THRESH_UNC], outer);
		outer = dmin(outer, p[RIG_THRESH_UNC]);
	}
	zone(b, "z-ok", inner, outer);
}

/*
 * A sensor's bar: the scale spans its reading and its thresholds, from 0
 * for what counts up from 0 (so 88 C against a 95 C limit looks nearly
 * full), but not for a rail that lives in a narrow band (12.06 V between
 * 10.2 and 13.8 keeps its detail); bands behind
 * it, a tick at each threshold, the reading as a bar in its state's colour
 * with a mark at its end.  The numbers are in the text beside it: the bar
 * is for the eye.
 */
static void bar(struct buf *b, const rig_sensor *s)
{
	double lo = s->reading, hi = s->reading, pad, x;
	const char *cls = tone_class[state_tone(s->state)];
	int t, n = 0;

	for (t = 0; t < RIG_THRESH_COUNT; t++) {
		if (!has_th(s, (enum rig_threshold)t))
			continue;
		n++;
		lo = dmin(lo, s->thresholds[t]);
		hi = dmax(hi, s->thresholds[t]);
	}
	pad = (hi - lo) * 0.08;
	if (pad == 0)
		pad = dabs(hi) > 0 ? dabs(hi) * 0.1 : 1;
	lo = lo >= 0 && (lo <= hi - lo || !narrow(s->unit)) ? 0 : lo - pad;
	hi += pad;
	if (percent(s->unit) && lo >= 0) {
		lo = 0;
		hi = dmax(hi, 100);
	}

	puts_(b, "<svg class=\"bar\" viewBox=\"0 0 100 10\" "
		 "preserveAspectRatio=\"none\" role=\"img\" aria-label=\"");
	esc(b, s->name);
	putf(b, "\" data-thresholds=\"%d\">", n);
	if (n == 0)
		zone(b, "z-none", 0, 100);
	else
		bands(b, s, lo, hi);
	x = at(s->reading, lo, hi);
	putf(b, "<rect class=\"r-%s\" x=\"0\" y=\"3\" width=\"%.2f\" "
		"height=\"4\"/>", cls, x);
	putf(b, "<rect class=\"r-%s\" x=\"%.2f\" y=\"0\" width=\"1.2\" "
		"height=\"10\"/>", cls, dmin(x, 98.8));
	for (t = 0; t < RIG_THRESH_COUNT; t++) {
		if (!has_th(s, (enum rig_threshold)t))
			continue;
		putf(b, "<rect class=\"tick\" data-th=\"%s\" x=\"%.2f\" "
			"y=\"0\" width=\"0.6\" height=\"10\"/>",
		     rig_threshold_name((enum rig_threshold)t),
		     dmin(at(s->thresholds[t], lo, hi), 99.4));
	}
	puts_(b, "</svg>");
}

static void limits(struct buf *b, const rig_sensor *s)
{
	int t;
	bool any = false;

	for (t = 0; t < RIG_THRESH_COUNT; t++) {
		if (!has_th(s, (enum rig_threshold)t))
			continue;
		puts_(b, any ? " \xC2\xB7 " : "<div class=\"lim\">");
		any = true;
		puts_(b, rig_threshold_name((enum rig_threshold)t));
		puts_(b, "\xC2\xA0");
		num(b, s->thresholds[t]);
	}
	if (any)
		puts_(b, "</div>");
}

static void sensor_row(struct buf *b, const rig_sensor *s)
{
	puts_(b, "<tr class=\"sensor\" data-sensor=\"");
	esc(b, s->name);
	putf(b, "\" data-state=\"%s\">", rig_state_name(s->state));
	cell(b, "Name");
	esc(b, s->name);
	puts_(b, "</td>");
	cell(b, "Type");
	esc(b, rig_sensor_type_name(s->type));
	puts_(b, " <span class=\"dim\">");
	esc(b, rig_path_name(s->source));
	puts_(b, "</span></td>");
	cell(b, "Reading");
	if (s->has_reading) {
		puts_(b, "<span class=\"v plain\">");
		num(b, s->reading);
		unit(b, s->unit);
		puts_(b, "</span>");
	} else {
		puts_(b, "<span class=\"dim\">");
		esc(b, s->reason != NULL ? s->reason : "no reading");
		puts_(b, "</span>");
	}
	puts_(b, "</td>");
	cell(b, "State");
	badge(b, state_tone(s->state), rig_state_name(s->state));
	if (s->state_text != NULL) {
		puts_(b, " <span class=\"dim\">");
		esc(b, s->state_text);
		puts_(b, "</span>");
	}
	puts_(b, "</td>");
	cell(b, "Range");
	if (s->has_reading && isfinite(s->reading) &&
	    (s->thresholds_set != 0 || percent(s->unit)))
		bar(b, s);
	limits(b, s);
	puts_(b, "</td></tr>\n");
}

static void sensor_table_head(struct buf *b)
{
	puts_(b, "<div class=\"wide\"><table class=\"sensors\">\n"
		 "<thead><tr><th>Name</th>"
		 "<th>Type</th><th>Reading</th><th>State</th><th>Range</th>"
		 "</tr></thead>\n<tbody>\n");
}

static void sensors(struct buf *b, const struct view_rig *r)
{
	size_t i, n = 0;

	for (i = 0; r->sensors != NULL && i < r->sensors->count; i++)
		if (r->sensors->items[i].type != RIG_SENSOR_GPU)
			n++;
	puts_(b, "<h2>Sensors</h2>\n");
	if (n == 0) {
		puts_(b, "<p class=\"dim\">No sensors in the last "
			 "scrape.</p>\n");
		return;
	}
	sensor_table_head(b);
	for (i = 0; i < r->sensors->count; i++)
		if (r->sensors->items[i].type != RIG_SENSOR_GPU)
			sensor_row(b, &r->sensors->items[i]);
	puts_(b, "</tbody>\n</table></div>\n");
}

static bool same(const char *a, const char *c)
{
	return a == c || (a != NULL && c != NULL && strcmp(a, c) == 0);
}

/* GPUs grouped by device (the bus id), in the order they came. */
static void gpus(struct buf *b, const struct view_rig *r)
{
	size_t i, j, n;
	const rig_sensor *s, *t;
	bool seen;

	n = 0;
	for (i = 0; r->sensors != NULL && i < r->sensors->count; i++)
		if (r->sensors->items[i].type == RIG_SENSOR_GPU)
			n++;
	if (n == 0)
		return;
	puts_(b, "<h2>GPUs</h2>\n");
	for (i = 0; i < r->sensors->count; i++) {
		s = &r->sensors->items[i];
		if (s->type != RIG_SENSOR_GPU)
			continue;
		seen = false;
		for (j = 0; j < i && !seen; j++)
			seen = r->sensors->items[j].type == RIG_SENSOR_GPU &&
			       same(r->sensors->items[j].device, s->device);
		if (seen)
			continue;
		puts_(b, "<h3>");
		esc(b, s->device != NULL ? s->device : "GPU");
		puts_(b, "</h3>\n");
		sensor_table_head(b);
		for (j = i; j < r->sensors->count; j++) {
			t = &r->sensors->items[j];
			if (t->type == RIG_SENSOR_GPU &&
			    same(t->device, s->device))
				sensor_row(b, t);
		}
		puts_(b, "</tbody>\n</table></div>\n");
	}
}

static void fans(struct buf *b, const struct view_rig *r)
{
	size_t i;
	const struct view_fan *f;

	if (r->fan_count == 0)
		return;
	puts_(b, "<h2>Fans</h2>\n<div class=\"wide\"><table class=\"fans\">\n"
		 "<thead><tr>"
		 "<th>Header</th><th>Mode</th><th>Duty</th><th>Speed</th>"
		 "</tr></thead>\n<tbody>\n");
	for (i = 0; i < r->fan_count; i++) {
		f = &r->fans[i];
		puts_(b, "<tr>");
		cell(b, "Header");
		esc(b, f->header);
		puts_(b, "</td>");
		cell(b, "Mode");
		fan_mode(b, f->mode);
		puts_(b, "</td>");
		cell(b, "Duty");
		if (f->duty_pct >= 0)
			putf(b, "%d%%", f->duty_pct);
		else
			puts_(b, "<span class=\"dim\">unknown</span>");
		puts_(b, "</td>");
		cell(b, "Speed");
		if (f->has_rpm) {
			num(b, f->rpm);
			puts_(b, "\xC2\xA0rpm");
		} else {
			puts_(b, "<span class=\"dim\">no reading</span>");
		}
		puts_(b, "</td></tr>\n");
	}
	puts_(b, "</tbody>\n</table></div>\n");
}

static void fact(struct buf *b, const char *name)
{
	puts_(b, "<dt>");
	puts_(b, name);
	puts_(b, "</dt><dd>");
}

static void facts(struct buf *b, const struct view_fleet *f,
		  const struct view_rig *r)
{
	puts_(b, "<dl class=\"facts\">\n");
	fact(b, "Last scrape");
	scrape(b, f, r);
	puts_(b, "</dd>\n");
	fact(b, "Paths");
	paths(b, r);
	puts_(b, "</dd>\n");
	fact(b, "Power");
	puts_(b, "<span class=\"power\">");
	badge(b, power_tone(r), power_word(r));
	puts_(b, "</span></dd>\n");
	fact(b, "Sensors");
	puts_(b, "<span class=\"worst\">");
	worst(b, r);
	puts_(b, "</span></dd>\n");
	fact(b, "Hottest GPU");
	hottest(b, r);
	puts_(b, "</dd>\n");
	fact(b, "New events");
	events(b, r);
	puts_(b, "</dd>\n");
	fact(b, "ECC");
	ecc(b, r);
	puts_(b, "</dd>\n");
	fact(b, "Plug, wall");
	plug(b, r);
	puts_(b, "</dd>\n</dl>\n");
}

int page_rig(const struct view_fleet *fleet, const char *name, char **html,
	     size_t *len)
{
	struct buf b = {0};
	const struct view_rig *r = NULL;
	size_t i;

	for (i = 0; i < fleet->count && r == NULL; i++)
		if (strcmp(fleet->rigs[i].name, name) == 0)
			r = &fleet->rigs[i];
	if (r == NULL) {
		head(&b, "rigctl: no rig named ", name);
		puts_(&b, "<p><a href=\"../\">\xE2\x86\x90 all rigs</a></p>\n"
			  "<main><h1>No such rig</h1><p>No rig in the "
			  "inventory is named \xE2\x80\x9C");
		esc(&b, name);
		puts_(&b, "\xE2\x80\x9D.</p></main>\n");
		foot(&b, fleet);
		return done(&b, 404, html, len);
	}
	head(&b, "rigctl: ", r->name);
	puts_(&b, "<p><a href=\"../\">\xE2\x86\x90 all rigs</a></p>\n"
		  "<main class=\"rig\" data-rig=\"");
	esc(&b, r->name);
	putf(&b, "\" data-power=\"%s\" data-worst=\"%s\">\n<h1>",
	     power_word(r), worst_word(r));
	esc(&b, r->name);
	puts_(&b, "</h1>\n");
	facts(&b, fleet, r);
	if (r->last_scrape_ms == 0) {
		puts_(&b, "<p class=\"dim\">Not scraped yet: this page shows "
			  "what Prometheus's scrapes of /probe collected."
			  "</p>\n");
	} else {
		sensors(&b, r);
		gpus(&b, r);
		fans(&b, r);
	}
	puts_(&b, "</main>\n");
	foot(&b, fleet);
	return done(&b, 200, html, len);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The exporter's status page (tools/exporter/page.c) from constructed
 * views: every rig's row with its power and worst sensor state in words,
 * a rig never scraped and a rig that is down with its error, escaping of
 * what BMCs and hosts name (a sensor called <script>), rig names
 * percent-encoded in links, one SVG bar per sensor with a tick per
 * threshold, 404 for an unknown rig, nothing from another origin, and a
 * document that is valid UTF-8 whatever bytes a BMC sent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exporter/view.h"

#define NOW_MS 1796610000000LL /* 2026-12-07 02:20:00 UTC */

/* ------------------------------------------------------------ fixtures */

static rig_sensor sensor(const char *name, rig_sensor_type type,
			 rig_path source, double reading, const char *unit,
			 rig_state state)
{
	rig_sensor s;

	memset(&s, 0, sizeof(s));
	s.name = (char *)name;
	s.type = type;
	s.source = source;
	s.record_id = -1;
	s.sensor_number = -1;
	s.has_reading = true;
	s.reading = reading;
	s.unit = (char *)unit;
	s.state = state;
	return s;
}

static void threshold(rig_sensor *s, enum rig_threshold t, double v)
{
	s->thresholds_set |= 1u << t;
	s->thresholds[t] = v;
}

static rig_sensor rig01_items[9];
static rig_sensor_list rig01_sensors = {9, rig01_items};
static rig_sensor rig04_items[1];
static rig_sensor_list rig04_sensors = {1, rig04_items};
static const struct view_fan rig01_fans[] = {
	{"FAN1", 0, 40, true, 4200},
	{"FAN2", 1, 100, false, 0},
	{"nct6798 fan3 with a long header", -1, -1, true, 900},
};
static struct view_rig rigs[4];
static struct view_fleet fleet;

#define DOWN_NAME "rig 02/weird?&x"
#define DOWN_ERROR "rig 02/weird?&x: bmc: no answer from <127.0.0.1:1> in 2 s"

static void make_fleet(void)
{
	rig_sensor *s = rig01_items;

	memset(rigs, 0, sizeof(rigs));
	/* rig01: both paths up, on, one critical sensor, GPUs, fans, plug. */
	s[0] = sensor("CPU Temp", RIG_SENSOR_TEMPERATURE, RIG_PATH_BMC, 88, "C",
		      RIG_STATE_CRITICAL);
	threshold(&s[0], RIG_THRESH_UNC, 85);
	threshold(&s[0], RIG_THRESH_UCR, 95);
	threshold(&s[0], RIG_THRESH_UNR, 100);
	s[0].state_text = (char *)"At or Above (>=) Upper Critical Threshold";
	s[1] = sensor("12V", RIG_SENSOR_VOLTAGE, RIG_PATH_BMC, 12.06, "V",
		      RIG_STATE_OK);
	threshold(&s[1], RIG_THRESH_LNR, 10.2);
	threshold(&s[1], RIG_THRESH_LCR, 10.8);
	threshold(&s[1], RIG_THRESH_LNC, 11.4);
	threshold(&s[1], RIG_THRESH_UNC, 12.6);
	threshold(&s[1], RIG_THRESH_UCR, 13.2);
	threshold(&s[1], RIG_THRESH_UNR, 13.8);
	s[2] = sensor("<script>alert(1)</script>", RIG_SENSOR_TEMPERATURE,
		      RIG_PATH_SSH, 41.5, "C", RIG_STATE_OK);
	s[3] = sensor("PSU1 Status", RIG_SENSOR_POWER_SUPPLY, RIG_PATH_BMC, 0,
		      NULL, RIG_STATE_OK);
	s[3].has_reading = false;
	s[3].state_text = (char *)"Presence detected";
	/* Bytes a broken BMC might send: a control character, a lone
	 * continuation byte, a truncated sequence. */
	s[4] = sensor("Bad\x01Name\x80\xE2\x82", RIG_SENSOR_FAN, RIG_PATH_BMC,
		      3000, "RPM", RIG_STATE_WARNING);
	threshold(&s[4], RIG_THRESH_LCR, 500);
	s[5] = sensor("GPU0 Temperature", RIG_SENSOR_GPU, RIG_PATH_SSH, 63, "C",
		      RIG_STATE_OK);
	s[5].device = (char *)"00000000:01:00.0";
	threshold(&s[5], RIG_THRESH_UNC, 83);
	threshold(&s[5], RIG_THRESH_UCR, 90);
	s[6] = sensor("GPU0 Power", RIG_SENSOR_GPU, RIG_PATH_SSH, 118.52, "W",
		      RIG_STATE_OK);
	s[6].device = (char *)"00000000:01:00.0";
	threshold(&s[6], RIG_THRESH_UCR, 130);
	s[7] = sensor("GPU1 Temperature", RIG_SENSOR_GPU, RIG_PATH_SSH, 66, "C",
		      RIG_STATE_WARNING);
	s[7].device = (char *)"00000000:02:00.0";
	threshold(&s[7], RIG_THRESH_UNC, 65);
	threshold(&s[7], RIG_THRESH_UCR, 90);
	s[8] = sensor("GPU1 Utilization", RIG_SENSOR_GPU, RIG_PATH_SSH, 45, "%",
		      RIG_STATE_OK);
	s[8].device = (char *)"00000000:02:00.0";

	rigs[0].name = "rig01";
	rigs[0].paths = RIG_PATH_BMC | RIG_PATH_SSH | RIG_PATH_PLUG;
	rigs[0].paths_up = rigs[0].paths;
	rigs[0].up = true;
	rigs[0].last_scrape_ms = NOW_MS - 12000;
	rigs[0].scrape_seconds = 0.31;
	rigs[0].power_known = true;
	rigs[0].power = RIG_POWERSTATE_ON;
	rigs[0].sensors = &rig01_sensors;
	rigs[0].worst = RIG_STATE_CRITICAL;
	rigs[0].has_hottest_gpu = true;
	rigs[0].hottest_gpu_c = 66;
	rigs[0].events[RIG_SEVERITY_INFO] = 5;
	rigs[0].events[RIG_SEVERITY_WARNING] = 1;
	rigs[0].events[RIG_SEVERITY_CRITICAL] = 2;
	rigs[0].ecc_known = true;
	rigs[0].ecc_corrected = 3;
	rigs[0].fan_count = 3;
	rigs[0].fans = rig01_fans;
	rigs[0].has_plug = true;
	rigs[0].plug_known = true;
	rigs[0].plug_relay_on = true;
	rigs[0].has_power_draw = true;
	rigs[0].power_draw_w = 312.4;
	rigs[0].power_draw_source = "plug";

	/* A rig whose BMC did not answer, with a name that needs encoding. */
	rigs[1].name = DOWN_NAME;
	rigs[1].paths = RIG_PATH_BMC;
	rigs[1].last_scrape_ms = NOW_MS - 3000;
	rigs[1].scrape_seconds = 2.01;
	rigs[1].error = DOWN_ERROR;
	rigs[1].worst = RIG_STATE_UNKNOWN;

	/* Never scraped. */
	rigs[2].name = "rig03";
	rigs[2].paths = RIG_PATH_SSH | RIG_PATH_WOL;
	rigs[2].worst = RIG_STATE_UNKNOWN;

	/* Off, one warning. */
	rig04_items[0] = sensor("Inlet Temp", RIG_SENSOR_TEMPERATURE,
				RIG_PATH_BMC, 44, "C", RIG_STATE_WARNING);
	threshold(&rig04_items[0], RIG_THRESH_UNC, 40);
	rigs[3].name = "rig04";
	rigs[3].paths = RIG_PATH_BMC;
	rigs[3].paths_up = RIG_PATH_BMC;
	rigs[3].up = true;
	rigs[3].last_scrape_ms = NOW_MS - 600000;
	rigs[3].power_known = true;
	rigs[3].power = RIG_POWERSTATE_OFF;
	rigs[3].sensors = &rig04_sensors;
	rigs[3].worst = RIG_STATE_WARNING;
	rigs[3].ecc_known = true;

	fleet.now_ms = NOW_MS;
	fleet.version = "9.9.9-test";
	fleet.count = 4;
	fleet.rigs = rigs;
}

/* ------------------------------------------------------------ helpers */

static int setup(void **state)
{
	(void)state;
	make_fleet();
	return 0;
}

/* A page, checked for what every page must be. */
static char *render(const char *name, int want_status)
{
	char *html = NULL;
	size_t len = 0;
	int st;

	st = name == NULL ? page_index(&fleet, &html, &len) :
			   page_rig(&fleet, name, &html, &len);
	assert_int_equal(st, want_status);
	assert_non_null(html);
	assert_int_equal(len, strlen(html));
	assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(html, "</html>"));
	return html;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* The text from needle to the end marker after it, malloc'd; fails the
 * test if either is missing. */
static char *slice(const char *hay, const char *needle, const char *end)
{
	const char *a = strstr(hay, needle), *z;
	char *out;

	if (a == NULL)
		fail_msg("'%s' not in the page", needle);
	z = strstr(a, end);
	if (z == NULL)
		fail_msg("no '%s' after '%s'", end, needle);
	out = strndup(a, (size_t)(z - a) + strlen(end));
	assert_non_null(out);
	return out;
}

/* The contents of the cell labelled label in a row (without the td). */
static char *cell(const char *row, const char *label)
{
	char open[64];
	char *c, *inner;

	snprintf(open, sizeof(open), "<td data-label=\"%s\">", label);
	c = slice(row, open, "</td>");
	inner = strndup(c + strlen(open), strlen(c) - strlen(open) - 5);
	free(c);
	assert_non_null(inner);
	return inner;
}

static char *row(const char *html, const char *escaped_name)
{
	char open[128];

	snprintf(open, sizeof(open), "<tr class=\"rig\" data-rig=\"%s\"",
		 escaped_name);
	return slice(html, open, "</tr>");
}

/* The visible word of a badge ("<span class="b ok">...</span> on</span>"). */
static void assert_word(const char *html, const char *cls, const char *word)
{
	char want[128];

	snprintf(want, sizeof(want), "<span class=\"b %s\">", cls);
	if (strstr(html, want) == NULL)
		fail_msg("no %s badge in '%s'", cls, html);
	snprintf(want, sizeof(want), "</span> %s</span>", word);
	if (strstr(html, want) == NULL)
		fail_msg("no word '%s' in '%s'", word, html);
}

static bool valid_utf8(const unsigned char *s)
{
	size_t n, i;

	while (*s != '\0') {
		n = *s < 0x80 ? 1 : (*s & 0xE0) == 0xC0 ? 2 :
		    (*s & 0xF0) == 0xE0 ? 3 : (*s & 0xF8) == 0xF0 ? 4 : 0;
		if (n == 0)
			return false;
		for (i = 1; i < n; i++)
			if ((s[i] & 0xC0) != 0x80)
				return false;
		s += n;
	}
	return true;
}

/* Nothing that would load from anywhere: no script, no scheme, every
 * link relative or a data: URL. */
static void assert_self_contained(const char *html)
{
	const char *p;

	assert_null(strstr(html, "http://"));
	assert_null(strstr(html, "https://"));
	assert_null(strstr(html, "//"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<iframe"));
	assert_null(strstr(html, "@import"));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, " src="));
	for (p = strstr(html, "href=\""); p != NULL;
	     p = strstr(p + 1, "href=\"")) {
		p += 6;
		if (strncmp(p, "rig/", 4) != 0 && strncmp(p, "../\"", 4) != 0 &&
		    strncmp(p, "data:,\"", 7) != 0)
			fail_msg("link off the page's own paths: %.40s", p);
	}
	assert_true(valid_utf8((const unsigned char *)html));
}

/* ------------------------------------------------------------ the fleet */

static void test_every_rig_row(void **state)
{
	char *html = render(NULL, 200), *r, *c;

	(void)state;
	assert_int_equal(count(html, "<tr class=\"rig\""), 4);

	r = row(html, "rig01");
	assert_non_null(strstr(r, "data-power=\"on\" data-worst=\"critical\""));
	c = cell(r, "Power");
	assert_word(c, "ok", "on");
	free(c);
	c = cell(r, "Sensors");
	assert_word(c, "crit", "critical");
	assert_non_null(strstr(c, "9 sensors, 1 critical, 2 warning"));
	free(c);
	c = cell(r, "Hottest GPU");
	assert_non_null(strstr(c, "66\xC2\xA0\xC2\xB0" "C"));
	assert_word(c, "warn", "warning");
	free(c);
	c = cell(r, "New events");
	assert_word(c, "crit", "2 critical");
	assert_word(c, "warn", "1 warning");
	assert_word(c, "off", "5 info");
	free(c);
	c = cell(r, "ECC");
	assert_word(c, "ok", "0 uncorrected");
	assert_word(c, "warn", "3 corrected");
	free(c);
	c = cell(r, "Fans");
	assert_non_null(strstr(c, "FAN1 4200\xC2\xA0rpm auto 40%"));
	assert_non_null(strstr(c, "FAN2 manual 100%"));
	/* Without a fan profile: no mode or duty to show here. */
	assert_non_null(strstr(c, ">nct6798 fan3 with a long header "
				  "900\xC2\xA0rpm</span>"));
	free(c);
	c = cell(r, "Plug, wall");
	assert_word(c, "ok", "relay on");
	assert_non_null(strstr(c, "312.4\xC2\xA0W"));
	free(c);
	c = cell(r, "Paths");
	assert_word(c, "ok", "bmc up");
	assert_word(c, "ok", "ssh up");
	assert_word(c, "ok", "plug up");
	free(c);
	c = cell(r, "Last scrape");
	assert_word(c, "ok", "up");
	assert_non_null(strstr(c, "12\xC2\xA0s ago"));
	assert_non_null(strstr(c, "2026-12-07 02:19:48 UTC"));
	free(c);
	free(r);

	r = row(html, "rig04");
	c = cell(r, "Power");
	assert_word(c, "off", "off");
	free(c);
	c = cell(r, "Sensors");
	assert_word(c, "warn", "warning");
	free(c);
	c = cell(r, "Hottest GPU");
	assert_null(strstr(c, "\xC2\xB0"));
	free(c);
	c = cell(r, "ECC");
	assert_null(strstr(c, "corrected"));
	assert_word(c, "ok", "none");
	free(c);
	c = cell(r, "Last scrape");
	assert_non_null(strstr(c, "10\xC2\xA0min ago"));
	free(c);
	free(r);

	/* Inventory order. */
	assert_true(strstr(html, "data-rig=\"rig01\"") <
		    strstr(html, "data-rig=\"rig03\""));
	assert_true(strstr(html, "data-rig=\"rig03\"") <
		    strstr(html, "data-rig=\"rig04\""));
	/* The summary, also the title. */
	assert_non_null(strstr(html, "<title>rigctl: 4 rigs, 1 not up, 1 never "
				     "scraped, 1 critical, 1 warning</title>"));
	assert_non_null(strstr(html, "9.9.9-test"));
	free(html);
}

static void test_down_and_never(void **state)
{
	char *html = render(NULL, 200), *r, *c;

	(void)state;
	r = row(html, "rig 02/weird?&amp;x");
	assert_non_null(strstr(r, "data-power=\"unknown\" "
				  "data-worst=\"unknown\""));
	assert_non_null(strstr(r, "data-up=\"0\""));
	c = cell(r, "Last scrape");
	assert_word(c, "crit", "down");
	assert_non_null(strstr(c, "<div class=\"err\">rig 02/weird?&amp;x: "
				  "bmc: no answer from &lt;127.0.0.1:1&gt; "
				  "in 2 s</div>"));
	free(c);
	c = cell(r, "Paths");
	assert_word(c, "crit", "bmc down");
	free(c);
	c = cell(r, "Power");
	assert_word(c, "unk", "unknown");
	free(c);
	free(r);

	r = row(html, "rig03");
	assert_non_null(strstr(r, "data-up=\"-1\""));
	c = cell(r, "Last scrape");
	assert_word(c, "unk", "never scraped");
	assert_null(strstr(c, "ago"));
	free(c);
	c = cell(r, "Sensors");
	assert_word(c, "unk", "unknown");
	free(c);
	c = cell(r, "Paths");
	/* Not judged before a scrape; Wake-on-LAN never is. */
	assert_word(c, "off", "ssh");
	assert_word(c, "off", "wol");
	assert_null(strstr(c, "down"));
	free(c);
	free(r);
	free(html);

	html = render("rig03", 200);
	assert_non_null(strstr(html, "Not scraped yet"));
	assert_null(strstr(html, "<svg"));
	free(html);
	html = render(DOWN_NAME, 200);
	assert_non_null(strstr(html, "&lt;127.0.0.1:1&gt;"));
	assert_non_null(strstr(html, "No sensors in the last scrape"));
	free(html);
}

static void test_escaping_and_links(void **state)
{
	char *html = render(NULL, 200);

	(void)state;
	/* The name with '/', '?', '&' and a space: one path segment. */
	assert_non_null(strstr(html, "href=\"rig/rig%2002%2Fweird%3F%26x\""));
	assert_non_null(strstr(html, ">rig 02/weird?&amp;x</a>"));
	assert_null(strstr(html, "weird?&x"));
	assert_self_contained(html);
	free(html);

	html = render("rig01", 200);
	assert_null(strstr(html, "<script>"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "data-sensor=\"&lt;script&gt;"));
	/* Control character and broken UTF-8 replaced, the rest kept. */
	assert_non_null(strstr(html, ">Bad?Name\xEF\xBF\xBD\xEF\xBF\xBD"
				     "\xEF\xBF\xBD<"));
	assert_non_null(strstr(html, "At or Above (&gt;=) Upper Critical"));
	assert_self_contained(html);
	free(html);
}

/* ------------------------------------------------------------ one rig */

static char *sensor_row(const char *html, const char *escaped_name)
{
	char open[128];

	snprintf(open, sizeof(open), "<tr class=\"sensor\" data-sensor=\"%s\"",
		 escaped_name);
	return slice(html, open, "</tr>");
}

static void test_rig_page_bars(void **state)
{
	char *html = render("rig01", 200), *r, *c;

	(void)state;
	assert_non_null(strstr(html, "<h1>rig01</h1>"));
	assert_non_null(strstr(html, "data-power=\"on\" "
				     "data-worst=\"critical\""));
	/* Every sensor once; a bar for each with a reading and a scale:
	 * thresholds or a percentage (not PSU1, no reading, nor the
	 * <script> one, no thresholds). */
	assert_int_equal(count(html, "<tr class=\"sensor\""), 9);
	assert_int_equal(count(html, "<svg class=\"bar\""), 7);
	assert_int_equal(count(html, "</svg>"), 7);

	r = sensor_row(html, "12V");
	assert_int_equal(count(r, "<svg class=\"bar\""), 1);
	assert_non_null(strstr(r, "data-thresholds=\"6\""));
	assert_int_equal(count(r, "class=\"tick\""), 6);
	assert_non_null(strstr(r, "data-th=\"lnr\""));
	assert_non_null(strstr(r, "data-th=\"unr\""));
	/* Each band of a full set of thresholds. */
	assert_int_equal(count(r, "class=\"z-nr\""), 2);
	assert_int_equal(count(r, "class=\"z-crit\""), 2);
	assert_int_equal(count(r, "class=\"z-warn\""), 2);
	assert_int_equal(count(r, "class=\"z-ok\""), 1);
	assert_non_null(strstr(r, "12.06\xC2\xA0V"));
	assert_non_null(strstr(r, "lnr\xC2\xA0" "10.2"));
	c = cell(r, "State");
	assert_word(c, "ok", "ok");
	free(c);
	free(r);

	r = sensor_row(html, "CPU Temp");
	assert_int_equal(count(r, "class=\"tick\""), 3);
	assert_non_null(strstr(r, "class=\"r-crit\""));
	assert_non_null(strstr(r, "88\xC2\xA0\xC2\xB0" "C"));
	c = cell(r, "State");
	assert_word(c, "crit", "critical");
	free(c);
	free(r);

	r = sensor_row(html, "PSU1 Status");
	assert_null(strstr(r, "<svg"));
	assert_non_null(strstr(r, "Presence detected"));
	free(r);

	r = sensor_row(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_null(strstr(r, "<svg"));
	assert_non_null(strstr(r, "41.5\xC2\xA0\xC2\xB0" "C"));
	free(r);
	/* A percentage without thresholds: its own scale, a neutral band. */
	r = sensor_row(html, "GPU1 Utilization");
	assert_non_null(strstr(r, "data-thresholds=\"0\""));
	assert_non_null(strstr(r, "class=\"z-none\""));
	assert_non_null(strstr(r, "width=\"45.00\""));
	assert_null(strstr(r, "class=\"tick\""));
	free(r);

	/* GPUs under their bus id, after the other sensors. */
	assert_int_equal(count(html, "<h3>00000000:01:00.0</h3>"), 1);
	assert_int_equal(count(html, "<h3>00000000:02:00.0</h3>"), 1);
	assert_true(strstr(html, "<h2>GPUs</h2>") >
		    strstr(html, "data-sensor=\"12V\""));
	assert_true(strstr(html, "data-sensor=\"GPU0 Power\"") <
		    strstr(html, "<h3>00000000:02:00.0</h3>"));
	r = sensor_row(html, "GPU1 Temperature");
	assert_non_null(strstr(r, "class=\"r-warn\""));
	free(r);

	/* Fans as a table. */
	assert_non_null(strstr(html, "<h2>Fans</h2>"));
	assert_non_null(strstr(html, "<td data-label=\"Duty\">40%</td>"));
	assert_non_null(strstr(html, "<td data-label=\"Mode\">unknown</td>"));
	free(html);
}

static void test_unknown_rig(void **state)
{
	char *html;

	(void)state;
	html = render("nope", 404);
	assert_non_null(strstr(html, "nope"));
	assert_null(strstr(html, "<tr"));
	free(html);
	html = render("<b>x</b>", 404);
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "&lt;b&gt;x&lt;/b&gt;"));
	assert_self_contained(html);
	free(html);
	/* A prefix of a rig's name is not that rig. */
	free(render("rig0", 404));
}

static void test_empty_fleet(void **state)
{
	struct view_fleet empty = {NOW_MS, NULL, 0, NULL};
	char *html = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(page_index(&empty, &html, &len), 200);
	assert_non_null(strstr(html, "No rigs in the inventory"));
	assert_non_null(strstr(html, "<title>rigctl: 0 rigs</title>"));
	free(html);
	assert_int_equal(page_rig(&empty, "rig01", &html, &len), 404);
	free(html);
}

/* The phone layout is CSS: a media query that turns rows into cards. */
static void test_phone_css(void **state)
{
	char *html = render(NULL, 200);

	(void)state;
	assert_non_null(strstr(html, "<meta name=\"viewport\" "
				     "content=\"width=device-width"));
	assert_non_null(strstr(html, "@media (max-width:760px){"));
	assert_non_null(strstr(html, "td::before{content:attr(data-label)"));
	assert_non_null(strstr(html, "overflow-wrap:break-word"));
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_every_rig_row, setup),
		cmocka_unit_test_setup(test_down_and_never, setup),
		cmocka_unit_test_setup(test_escaping_and_links, setup),
		cmocka_unit_test_setup(test_rig_page_bars, setup),
		cmocka_unit_test_setup(test_unknown_rig, setup),
		cmocka_unit_test_setup(test_empty_fleet, setup),
		cmocka_unit_test_setup(test_phone_css, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

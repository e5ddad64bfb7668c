/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The util/ helpers every layer and rigctl share: bytes, hex, percent
 * escapes, times, name tables, growing arrays.  Pure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/array.h"
#include "util/bytes.h"
#include "util/hex.h"
#include "util/names.h"
#include "util/timefmt.h"

static void bytes(void **state)
{
	static const uint8_t le[] = {0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0x80};
	static const uint8_t top[] = {0x00, 0x00, 0x00, 0x80};
	int five[5];

	(void)state;
	assert_int_equal(ARRAY_SIZE(five), 5);
	assert_int_equal(ARRAY_SIZE(le), 7);
	assert_int_equal(rig__le16(le), 0x5678);
	assert_int_equal(rig__le24(le), 0x345678);
	assert_int_equal(rig__le32(le), 0x12345678u);
	/* High bits must not sign-extend through int promotion. */
	assert_int_equal(rig__le16(le + 4), 0xffff);
	assert_int_equal(rig__le24(le + 4), 0x80ffffu);
	assert_true(rig__le32(top) == 0x80000000u);
	assert_true(rig__le32(le + 3) == 0x80ffff12u);
}

static void hex_digits(void **state)
{
	static const char bad[] = "gG/:@`\x7f \xff";

	(void)state;
	assert_int_equal(rig__hex_digit('0'), 0);
	assert_int_equal(rig__hex_digit('9'), 9);
	assert_int_equal(rig__hex_digit('a'), 10);
	assert_int_equal(rig__hex_digit('F'), 15);
	assert_int_equal(rig__hex_digit('f'), 15);
	assert_int_equal(rig__hex_digit('\0'), -1);
	for (size_t i = 0; i < strlen(bad); i++)
		assert_int_equal(rig__hex_digit((unsigned char)bad[i]), -1);
}

static void hex_codec(void **state)
{
	uint8_t out[4] = {0}, all[256], back[256];
	char text[2 * 256 + 1];

	(void)state;
	assert_true(rig__hex_decode("00ff7Fa0", 8, out));
	assert_memory_equal(out, "\x00\xff\x7f\xa0", 4);
	assert_true(rig__hex_decode("", 0, out));
	/* Odd length: a half byte is never guessed. */
	assert_false(rig__hex_decode("abc", 3, out));
	assert_false(rig__hex_decode("a", 1, out));
	/* A bad digit in either half of a byte. */
	assert_false(rig__hex_decode("0g", 2, out));
	assert_false(rig__hex_decode("g0", 2, out));
	assert_false(rig__hex_decode("00 1", 4, out));
	assert_false(rig__hex_decode("0x12", 4, out));
	/* len, not the NUL, bounds the read; a NUL inside it is no digit. */
	assert_true(rig__hex_decode("12zz", 2, out));
	assert_int_equal(out[0], 0x12);
	assert_false(rig__hex_decode("1\0", 2, out));

	for (size_t i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	rig__hex_encode(all, 256, text);
	assert_int_equal(strlen(text), 512);
	assert_memory_equal(text, "000102", 6);
	assert_memory_equal(text + 2 * 0x7f, "7f80", 4);
	assert_memory_equal(text + 2 * 0xab, "abac", 4);
	assert_string_equal(text + 2 * 0xfe, "feff");
	assert_true(rig__hex_decode(text, 512, back));
	assert_memory_equal(all, back, 256);
	rig__hex_encode(all, 0, text);
	assert_string_equal(text, "");
}

/* Decode as every caller does: plain bytes as themselves, escapes by
 * rig__pct_get; NULL for anything else. */
static char *pct_decode(const char *s, const char *also)
{
	size_t len = strlen(s);
	char *out = malloc(len + 1), *o = out;

	for (size_t i = 0; out != NULL && i < len; i++) {
		int c = rig__pct_plain((unsigned char)s[i], also)
				? (unsigned char)s[i]
				: rig__pct_get(s + i, len - i);

		if (c < 0) {
			free(out);
			return NULL;
		}
		if (s[i] == '%')
			i += 2;
		*o++ = (char)c;
	}
	if (out != NULL)
		*o = '\0';
	return out;
}

static void pct_bytes(void **state)
{
	char esc[4] = {0};

	(void)state;
	assert_true(rig__pct_plain('a', NULL));
	assert_true(rig__pct_plain('Z', ""));
	assert_true(rig__pct_plain('7', NULL));
	assert_false(rig__pct_plain('.', NULL));
	assert_true(rig__pct_plain('.', "._"));
	assert_false(rig__pct_plain('%', "._"));
	/* strchr would find the terminator; NUL is never plain. */
	assert_false(rig__pct_plain('\0', "._"));
	assert_false(rig__pct_plain(0xe9, "._"));

	assert_int_equal(rig__pct_put(esc, '/', 0), 3);
	assert_string_equal(esc, "%2F");
	rig__pct_put(esc, 0xab, RIG_PCT_LOWER);
	assert_string_equal(esc, "%ab");
	rig__pct_put(esc, 0xab, 0);
	assert_string_equal(esc, "%AB");

	assert_int_equal(rig__pct_get("%2F", 3), 0x2f);
	assert_int_equal(rig__pct_get("%2f", 3), 0x2f);
	assert_int_equal(rig__pct_get("%ffx", 4), 0xff);
	assert_int_equal(rig__pct_get("%01", 3), 0x01);
	assert_int_equal(rig__pct_get("%00", 3), -1);
	assert_int_equal(rig__pct_get("%2F", 2), -1);
	assert_int_equal(rig__pct_get("%2", 2), -1);
	assert_int_equal(rig__pct_get("%", 1), -1);
	assert_int_equal(rig__pct_get("%G0", 3), -1);
	assert_int_equal(rig__pct_get("%0G", 3), -1);
	assert_int_equal(rig__pct_get("%-1", 3), -1);
	assert_int_equal(rig__pct_get("x20", 3), -1);
}

static void pct_strings(void **state)
{
	/* RFC 3986's reserved characters, '%' itself, space, a control
	 * byte and UTF-8 "é". */
	static const char reserved[] = ":/?#[]@!$&'()*+,;= %\x01\xc3\xa9";
	static const char reserved_enc[] =
		"%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%20%25"
		"%01%C3%A9";
	char buf[128], *o, *back;

	(void)state;
	assert_int_equal(rig__pct_encoded_len(reserved, NULL),
			 strlen(reserved_enc));
	o = rig__pct_encode(buf, reserved, NULL, 0);
	assert_string_equal(buf, reserved_enc);
	assert_ptr_equal(o, buf + strlen(reserved_enc));
	back = pct_decode(buf, NULL);
	assert_non_null(back);
	assert_string_equal(back, reserved);
	free(back);

	/* A caller's own plain set: the cursor's keeps ':' '/' '+'. */
	rig__pct_encode(buf, "v1:a/b+c,d=e", "._:/+-", 0);
	assert_string_equal(buf, "v1:a/b+c%2Cd%3De");
	assert_int_equal(rig__pct_encoded_len("v1:a/b+c,d=e", "._:/+-"),
			 strlen(buf));
	rig__pct_encode(buf, "[::1]:623", ".-", RIG_PCT_LOWER);
	assert_string_equal(buf, "%5b%3a%3a1%5d%3a623");
	rig__pct_encode(buf, "", NULL, 0);
	assert_string_equal(buf, "");

	/* Lowercase escapes decode the same; broken ones do not decode. */
	back = pct_decode("a%2cb%2Cc", NULL);
	assert_non_null(back);
	assert_string_equal(back, "a,b,c");
	free(back);
	assert_null(pct_decode("a%2", NULL));
	assert_null(pct_decode("a%00b", NULL));
	assert_null(pct_decode("a b", NULL));
}

static void times(void **state)
{
	char buf[32];

	(void)state;
	assert_true(rig__time_rfc3339(0, buf, sizeof(buf)));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	assert_true(rig__time_rfc3339(-1, buf, sizeof(buf)));
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	/* Leap days: an ordinary leap year, a century that is one (2000),
	 * and the last second of one. */
	assert_true(rig__time_rfc3339(1709208000, buf, sizeof(buf)));
	assert_string_equal(buf, "2024-02-29T12:00:00Z");
	assert_true(rig__time_rfc3339(951782400, buf, sizeof(buf)));
	assert_string_equal(buf, "2000-02-29T00:00:00Z");
	assert_true(rig__time_rfc3339(825638399, buf, sizeof(buf)));
	assert_string_equal(buf, "1996-02-29T23:59:59Z");
	/* Past a signed 32-bit time_t, and the last IPMI time. */
	assert_true(rig__time_rfc3339(2147483648LL, buf, sizeof(buf)));
	assert_string_equal(buf, "2038-01-19T03:14:08Z");
	assert_true(rig__time_rfc3339(0xFFFFFFFELL, buf, sizeof(buf)));
	assert_string_equal(buf, "2106-02-07T06:28:14Z");

	assert_true(rig__time_basic(1709208000, buf, sizeof(buf)));
	assert_string_equal(buf, "20240229T120000Z");

	/* Exactly room for the text and its NUL, then one short. */
	assert_true(rig__time_rfc3339(0, buf, 21));
	strcpy(buf, "stale");
	assert_false(rig__time_rfc3339(0, buf, 20));
	assert_string_equal(buf, "");
	/* No calendar year fits an int this far out. */
	strcpy(buf, "stale");
	assert_false(rig__time_rfc3339(INT64_MAX, buf, sizeof(buf)));
	assert_string_equal(buf, "");
}

static void durations(void **state)
{
	uint64_t s = 0;

	(void)state;
	assert_true(rig__duration_parse("90", 1000000, &s));
	assert_int_equal(s, 90);
	assert_true(rig__duration_parse("90s", 1000000, &s));
	assert_int_equal(s, 90);
	assert_true(rig__duration_parse("10m", 1000000, &s));
	assert_int_equal(s, 600);
	assert_true(rig__duration_parse("24h", 1000000, &s));
	assert_int_equal(s, 86400);
	assert_true(rig__duration_parse("7d", 1000000, &s));
	assert_int_equal(s, 604800);
	assert_true(rig__duration_parse("0", 10, &s));
	assert_int_equal(s, 0);
	/* Units are one letter, lowercase, after a whole number. */
	assert_false(rig__duration_parse("", 100, &s));
	assert_false(rig__duration_parse("h", 100, &s));
	assert_false(rig__duration_parse("-5", 100, &s));
	assert_false(rig__duration_parse("1.5h", 100000, &s));
	assert_false(rig__duration_parse("10ms", 100000, &s));
	assert_false(rig__duration_parse("10H", 100000, &s));
	assert_false(rig__duration_parse("10 m", 100000, &s));
	/* Bounds, overflow included. */
	assert_false(rig__duration_parse("2d", 86400, &s));
	assert_true(rig__duration_parse("1d", 86400, &s));
	assert_false(rig__duration_parse("99999999999999999999", UINT64_MAX, &s));
	assert_false(rig__duration_parse("999999999999999999d", UINT64_MAX, &s));
}

static void ipmi_times(void **state)
{
	(void)state;
	assert_int_equal(RIG_SEL_PRE_INIT_MAX, 0x20000000u);
	assert_int_equal(rig__ipmi_time_kind(0), RIG_IPMI_TIME_PRE_INIT);
	assert_int_equal(rig__ipmi_time_kind(86400), RIG_IPMI_TIME_PRE_INIT);
	assert_int_equal(rig__ipmi_time_kind(0x20000000u),
			 RIG_IPMI_TIME_PRE_INIT);
	assert_int_equal(rig__ipmi_time_kind(0x20000001u),
			 RIG_IPMI_TIME_ABSOLUTE);
	assert_int_equal(rig__ipmi_time_kind(1709208000u),
			 RIG_IPMI_TIME_ABSOLUTE);
	assert_int_equal(rig__ipmi_time_kind(0xFFFFFFFEu),
			 RIG_IPMI_TIME_ABSOLUTE);
	assert_int_equal(rig__ipmi_time_kind(0xFFFFFFFFu), RIG_IPMI_TIME_NONE);
}

static void name_tables(void **state)
{
	static const char *const names[] = {NULL, "on", "off", "Soft"};
	static const struct rig_name_value nv[] = {
		{"power", 0x1}, {"power-on", 0x2}, {"sel", 0x100}};
	const struct rig_name_value *hit;

	(void)state;
	assert_string_equal(RIG_NAME_OF(names, 1), "on");
	assert_string_equal(RIG_NAME_OF(names, 3), "Soft");
	assert_string_equal(RIG_NAME_OF(names, 0), "invalid");
	assert_string_equal(RIG_NAME_OF(names, 4), "invalid");
	assert_string_equal(RIG_NAME_OF(names, -1), "invalid");

	assert_int_equal(RIG_NAME_INDEX(names, "off", false), 2);
	assert_int_equal(RIG_NAME_INDEX(names, "OFF", false), -1);
	assert_int_equal(RIG_NAME_INDEX(names, "OFF", true), 2);
	assert_int_equal(RIG_NAME_INDEX(names, "soft", true), 3);
	assert_int_equal(RIG_NAME_INDEX(names, "", false), -1);
	assert_int_equal(RIG_NAME_INDEX(names, NULL, false), -1);
	/* A shorter table hides the names past it. */
	assert_int_equal(rig__name_index(names, 3, "Soft", false), -1);

	assert_string_equal(rig__nv_name(nv, ARRAY_SIZE(nv), 0x100), "sel");
	assert_null(rig__nv_name(nv, ARRAY_SIZE(nv), 0x4));
	hit = rig__nv_find(nv, ARRAY_SIZE(nv), "power-on,sel", 8, false);
	assert_non_null(hit);
	assert_int_equal(hit->value, 0x2);
	/* Length, not a prefix: "power" is not "power-on", nor "pow". */
	hit = rig__nv_find(nv, ARRAY_SIZE(nv), "power-on", 5, false);
	assert_non_null(hit);
	assert_int_equal(hit->value, 0x1);
	assert_null(rig__nv_find(nv, ARRAY_SIZE(nv), "pow", 3, false));
	assert_null(rig__nv_find(nv, ARRAY_SIZE(nv), "SEL", 3, false));
	assert_non_null(rig__nv_find(nv, ARRAY_SIZE(nv), "SEL", 3, true));
	assert_null(rig__nv_find(nv, ARRAY_SIZE(nv), "", 0, true));
}

struct item {
	int a;
	char b[13];
};

static void arrays(void **state)
{
	void *items = NULL;
	size_t count = 0, huge;
	struct item *it;

	(void)state;
	for (int i = 0; i < 100; i++) {
		it = rig__array_add(&items, &count, sizeof(*it));
		assert_non_null(it);
		assert_int_equal(count, (size_t)i + 1);
		assert_ptr_equal(it, (struct item *)items + i);
		/* Zeroed, whatever realloc left there. */
		assert_int_equal(it->a, 0);
		assert_memory_equal(it->b, "\0\0\0\0\0\0\0\0\0\0\0\0\0", 13);
		it->a = i;
		memset(it->b, 'x', sizeof(it->b));
	}
	for (int i = 0; i < 100; i++)
		assert_int_equal(((struct item *)items)[i].a, i);

	/* A count whose size overflows: refused, the array as it was. */
	huge = (size_t)-1 / sizeof(struct item);
	it = items;
	assert_null(rig__array_add(&items, &huge, sizeof(struct item)));
	assert_int_equal(huge, (size_t)-1 / sizeof(struct item));
	assert_ptr_equal(items, it);
	free(items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bytes),       cmocka_unit_test(hex_digits),
		cmocka_unit_test(hex_codec),   cmocka_unit_test(pct_bytes),
		cmocka_unit_test(pct_strings), cmocka_unit_test(times),
		cmocka_unit_test(ipmi_times),  cmocka_unit_test(name_tables),
		cmocka_unit_test(durations),
		cmocka_unit_test(arrays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

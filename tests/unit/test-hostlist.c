/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Host-list expansion: the expansions FreeIPMI 1.6's ipmipower makes of
 * the same strings (padding, several brackets, widths that differ),
 * repeats dropped in order, and every malformed list refused with a
 * message that says what is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/hostlist.h"

/* Expand text and compare with the space-separated names in want. */
static void expands(const char *text, const char *want)
{
	struct rig_hostlist l;
	char err[256], got[4096] = "";
	size_t used = 0;

	if (!rig__hostlist_expand(text, RIG_HOSTLIST_MAX, &l, err, sizeof(err)))
		fail_msg("'%s' refused: %s", text, err);
	for (size_t i = 0; i < l.count; i++)
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s",
					 i > 0 ? " " : "", l.hosts[i]);
	if (strcmp(got, want) != 0)
		fail_msg("'%s' gave '%s', not '%s'", text, got, want);
	rig__hostlist_free(&l);
	assert_null(l.hosts);
	assert_int_equal(l.count, 0);
}

/* Refused, with a message that contains part. */
static void refused(const char *text, size_t max, const char *part)
{
	struct rig_hostlist l = {(char **)1, 7};
	char err[256];

	if (rig__hostlist_expand(text, max, &l, err, sizeof(err)))
		fail_msg("'%s' accepted (%zu hosts)", text, l.count);
	if (strstr(err, part) == NULL)
		fail_msg("'%s': message '%s' lacks '%s'", text, err, part);
	/* Nothing to free after a failure. */
	assert_null(l.hosts);
	assert_int_equal(l.count, 0);
}

static void plain_lists(void **state)
{
	(void)state;
	expands("bmc1", "bmc1");
	expands("a,b,c", "a b c");
	/* FreeIPMI separates by blanks too. */
	expands(" a, b\tc ", "a b c");
	expands("10.0.0.1:623", "10.0.0.1:623");
	expands("[fe80::1]:623,[::1]", "[fe80::1]:623 [::1]");
}

static void ranges_and_padding(void **state)
{
	(void)state;
	expands("bmc[01-03]", "bmc01 bmc02 bmc03");
	expands("10.0.0.[21-23]", "10.0.0.21 10.0.0.22 10.0.0.23");
	expands("127.0.0.1:[9700-9702]",
		"127.0.0.1:9700 127.0.0.1:9701 127.0.0.1:9702");
	expands("rig[01-03,07]", "rig01 rig02 rig03 rig07");
	expands("h[5]", "h5");
	expands("h[007]", "h007");
	/* The first number's width rules, as FreeIPMI's: */
	expands("h[8-11]", "h8 h9 h10 h11");
	expands("h[08-11]", "h08 h09 h10 h11");
	expands("h[8-011]", "h8 h9 h10 h11");
	expands("h[01-3]", "h01 h02 h03");
	expands("h[99-101]", "h99 h100 h101");
	expands("h[0099-0101]", "h0099 h0100 h0101");
	/* Two spellings of one number are two names, as FreeIPMI has them. */
	expands("h[7,07]", "h7 h07");
	expands("[1-2]h", "1h 2h");
	expands("h[1-2]-x", "h1-x h2-x");
}

static void several_brackets(void **state)
{
	(void)state;
	expands("a[1-2]b[1-2]", "a1b1 a1b2 a2b1 a2b2");
	expands("h[1-2][3-4]", "h13 h14 h23 h24");
	expands("r[1-2].[fe80::1]", "r1.[fe80::1] r2.[fe80::1]");
	expands("h[1-2],x[3,5]", "h1 h2 x3 x5");
}

static void repeats(void **state)
{
	(void)state;
	/* A host named twice is one, at its first place. */
	expands("h2,h1,h2", "h2 h1");
	expands("h[1-2,2-3],h1", "h1 h2 h3");
	expands("b,a,b,a", "b a");
}

static void malformed(void **state)
{
	(void)state;
	refused("", RIG_HOSTLIST_MAX, "empty");
	refused("   ", RIG_HOSTLIST_MAX, "empty");
	refused("a,,b", RIG_HOSTLIST_MAX, "empty item");
	refused(",a", RIG_HOSTLIST_MAX, "empty item");
	refused("a,", RIG_HOSTLIST_MAX, "empty item");
	refused("a, ,b", RIG_HOSTLIST_MAX, "empty item");
	refused("h[3-1]", RIG_HOSTLIST_MAX, "invalid range '3-1' in 'h[3-1]'");
	refused("h[a-b]", RIG_HOSTLIST_MAX, "invalid range 'a-b'");
	refused("h[]", RIG_HOSTLIST_MAX, "invalid range ''");
	refused("h[1,,2]", RIG_HOSTLIST_MAX, "invalid range ''");
	refused("h[-2]", RIG_HOSTLIST_MAX, "invalid range '-2'");
	refused("h[1-]", RIG_HOSTLIST_MAX, "invalid range '1-'");
	refused("h[ 1-2]", RIG_HOSTLIST_MAX, "invalid range ' 1-2'");
	refused("h[1--2]", RIG_HOSTLIST_MAX, "invalid range '1--2'");
	refused("h[1-2", RIG_HOSTLIST_MAX, "'[' without ']'");
	refused("x,h[1-2", RIG_HOSTLIST_MAX, "'[' without ']' in '[1-2'");
	refused("h[1-2]]", RIG_HOSTLIST_MAX, "']' without '['");
	refused("h[1[2]]", RIG_HOSTLIST_MAX, "bracket inside a bracket");
	/* Numbers whose value would not fit are refused, not wrapped. */
	refused("h[1234567890123456789]", RIG_HOSTLIST_MAX, "invalid range");
}

static void limits(void **state)
{
	struct rig_hostlist l;
	char err[128];

	(void)state;
	refused("h[0-99999999]", RIG_HOSTLIST_MAX, "more than 65536 hosts");
	refused("h[1-3]", 2, "more than 2 hosts");
	refused("a,b,c", 2, "more than 2 hosts");
	/* A product of brackets that would overflow a size_t is refused. */
	refused("h[0-999999999999999999][0-999999999999999999]"
		"[0-999999999999999999]",
		RIG_HOSTLIST_MAX, "more than");
	refused("h[1-40000,1-40000]", RIG_HOSTLIST_MAX, "more than");
	/* Exactly at the limit is fine, and so many names stay distinct. */
	assert_true(rig__hostlist_expand("n[1-256]x[00001-256]",
					 RIG_HOSTLIST_MAX, &l, err,
					 sizeof(err)));
	assert_int_equal(l.count, 65536);
	assert_string_equal(l.hosts[0], "n1x00001");
	assert_string_equal(l.hosts[65535], "n256x00256");
	rig__hostlist_free(&l);
	/* No room for the message: still refused, err untouched. */
	assert_false(rig__hostlist_expand("a,,b", 8, &l, err, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_lists),
		cmocka_unit_test(ranges_and_padding),
		cmocka_unit_test(several_brackets),
		cmocka_unit_test(repeats),
		cmocka_unit_test(malformed),
		cmocka_unit_test(limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

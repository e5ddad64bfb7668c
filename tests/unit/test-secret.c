/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The secret pool (libipmirig/core/secret.c): copies are exact,
 * NUL-terminated and never overlap, across chunks and under concurrent
 * use; a freed copy is wiped and its room reused; the pages are left out
 * of core dumps and, where RLIMIT_MEMLOCK allows (and not under
 * AddressSanitizer, which ignores mlock), locked; secrets longer than a
 * chunk work.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "core/internal.h"

#define MANY 300 /* more than one 4 KiB chunk holds */

/* AddressSanitizer turns mlock() into a no-op (it says so at start-up). */
#if defined(__SANITIZE_ADDRESS__)
#define MLOCK_WORKS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MLOCK_WORKS 0
#endif
#endif
#ifndef MLOCK_WORKS
#define MLOCK_WORKS 1
#endif

static void fill(char *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)('!' + (seed * 7u + i) % 90u);
	buf[len] = '\0';
}

static void copies_are_exact_and_disjoint(void **state)
{
	static char *copy[MANY];
	static size_t len[MANY];
	char src[80];

	(void)state;
	for (unsigned int i = 0; i < MANY; i++) {
		len[i] = 1 + i % 70;
		fill(src, len[i], i);
		copy[i] = rig__secret_dup(src);
		assert_non_null(copy[i]);
		assert_ptr_not_equal(copy[i], src);
	}
	/* Every copy intact after all were made: no two overlap. */
	for (unsigned int i = 0; i < MANY; i++) {
		fill(src, len[i], i);
		assert_string_equal(copy[i], src);
	}
	for (unsigned int i = 0; i < MANY; i++) {
		char *p = copy[i];

		rig__secret_free_str(p);
		/* The pool keeps its pages mapped: the bytes can be checked. */
		for (size_t k = 0; k <= len[i]; k++)
			assert_int_equal(p[k], 0);
	}
}

static void room_is_reused(void **state)
{
	char *a = rig__secret_dup("first secret");
	char *b;

	(void)state;
	assert_non_null(a);
	rig__secret_free_str(a);
	b = rig__secret_dup("second one!!");
	assert_ptr_equal(a, b); /* first fit: the same granules */
	assert_string_equal(b, "second one!!");
	rig__secret_free_str(b);
}

static void binary_copies(void **state)
{
	static const unsigned char kg[20] = {0, 1, 2, 0, 0xff, 0x80, 7};
	unsigned char *c = rig__secret_memdup(kg, sizeof(kg));

	(void)state;
	assert_non_null(c);
	assert_memory_equal(c, kg, sizeof(kg));
	assert_int_equal(c[sizeof(kg)], 0);
	rig__secret_free(c, sizeof(kg));
	assert_null(rig__secret_memdup(NULL, 5));
	assert_null(rig__secret_dup(NULL));
	rig__secret_free(NULL, 3);
	rig__secret_free_str(NULL);
}

static void big_secret(void **state)
{
	size_t n = 10000;
	char *src = malloc(n + 1);
	char *c;

	(void)state;
	assert_non_null(src);
	fill(src, n, 3);
	c = rig__secret_dup(src);
	assert_non_null(c);
	assert_string_equal(c, src);
	rig__secret_free(c, n);
	free(src);
}

/* The VmFlags line of the mapping holding p, from /proc/self/smaps. */
static int vmflags_of(const void *p, char *out, size_t outlen)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	bool inside = false;
	int found = -1;

	if (f == NULL)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f) != NULL) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
			snprintf(out, outlen, "%s", line + 8);
			found = 0;
		}
	}
	fclose(f);
	return found;
}

static bool has_flag(const char *flags, const char *flag)
{
	char padded[600];

	snprintf(padded, sizeof(padded), " %s", flags);
	padded[strcspn(padded, "\n")] = ' ';
	for (const char *s = padded; (s = strstr(s, flag)) != NULL; s++)
		if (s[-1] == ' ' && s[strlen(flag)] == ' ')
			return true;
	return false;
}

static void pages_not_dumped_and_locked(void **state)
{
	char *c = rig__secret_dup("adminpw");
	char flags[512] = "";
	struct rlimit rl;

	(void)state;
	assert_non_null(c);
	/* Linux only, like MADV_DONTDUMP: a missing /proc is a failure, not
	 * a silent cmocka skip that automake would not count. */
	if (vmflags_of(c, flags, sizeof(flags)) != 0)
		fail_msg("cannot read the mapping of a secret in /proc/self/smaps");
	assert_true(has_flag(flags, "dd")); /* MADV_DONTDUMP */
	if (MLOCK_WORKS && getrlimit(RLIMIT_MEMLOCK, &rl) == 0 &&
	    (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= 64 * 1024))
		assert_true(has_flag(flags, "lo"));
	rig__secret_free_str(c);
}

static void *churn(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg;
	char src[64];

	for (unsigned int i = 0; i < 2000; i++) {
		size_t len = 1 + (id * 13u + i) % 60u;
		char *c;

		fill(src, len, id * 10000u + i);
		c = rig__secret_dup(src);
		if (c == NULL || strcmp(c, src) != 0)
			return (void *)1;
		rig__secret_free_str(c);
	}
	return NULL;
}

static void concurrent_use(void **state)
{
	pthread_t t[4];
	/* Held across the churn: a neighbour overwritten would show here. */
	char *keep = rig__secret_dup("kept across the churn");

	(void)state;
	for (uintptr_t i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, churn, (void *)i), 0);
	for (int i = 0; i < 4; i++) {
		void *rc = (void *)1;

		assert_int_equal(pthread_join(t[i], &rc), 0);
		assert_null(rc);
	}
	assert_string_equal(keep, "kept across the churn");
	rig__secret_free_str(keep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copies_are_exact_and_disjoint),
		cmocka_unit_test(room_is_reused),
		cmocka_unit_test(binary_copies),
		cmocka_unit_test(big_secret),
		cmocka_unit_test(pages_not_dumped_and_locked),
		cmocka_unit_test(concurrent_use),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

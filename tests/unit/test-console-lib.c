/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading libipmiconsole on first use (libipmirig/paths/bmc/console_lib.c): the real one
 * loads with every entry point; a missing library, or one without the
 * entry points, is refused with a message that names it and what to do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "paths/bmc/console_lib.h"

#define NFNS (sizeof(struct console_lib) / sizeof(void (*)(void)))

static size_t loaded_fns(const struct console_lib *lib)
{
	void (*fns[NFNS])(void);
	size_t n = 0;

	memcpy(fns, lib, sizeof(fns));
	for (size_t i = 0; i < NFNS; i++)
		n += fns[i] != NULL;
	return n;
}

static void real_library(void **state)
{
	struct console_lib lib;
	char why[256] = "";

	(void)state;
	assert_int_equal(console_lib_load(RIG_IPMICONSOLE_SONAME, &lib, why,
					  sizeof(why)),
			 0);
	assert_int_equal(loaded_fns(&lib), NFNS);
	/* A call through a pointer reaches the library (this test does not
	 * link it: the text can only come from the loaded copy). */
	assert_string_equal(lib.ctx_strerror(IPMICONSOLE_ERR_SUCCESS),
			    "success");
}

static void missing_library(void **state)
{
	struct console_lib lib;
	char why[512] = "";

	(void)state;
	assert_int_equal(console_lib_load("libipmirig-test-none.so.9", &lib,
					  why, sizeof(why)),
			 -1);
	assert_int_equal(loaded_fns(&lib), 0);
	assert_non_null(strstr(why, "libipmirig-test-none.so.9"));
	assert_non_null(strstr(why, "install the Debian package libipmiconsole2"));
}

static void wrong_library(void **state)
{
	struct console_lib lib;
	char why[512] = "";

	(void)state;
	/* Loads, but is not libipmiconsole. */
	assert_int_equal(console_lib_load("libc.so.6", &lib, why, sizeof(why)),
			 -1);
	assert_int_equal(loaded_fns(&lib), 0);
	assert_non_null(strstr(why, "libc.so.6 has no ipmiconsole_engine_init"));
}

static void loaded_once(void **state)
{
	const char *why = NULL;
	const struct console_lib *a = console_lib(&why);

	(void)state;
	assert_non_null(a);
	assert_null(why); /* only set on failure */
	assert_ptr_equal(console_lib(NULL), a);
	assert_int_equal(loaded_fns(a), NFNS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_library),
		cmocka_unit_test(missing_library),
		cmocka_unit_test(wrong_library),
		cmocka_unit_test(loaded_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Status names, the per-path error list and how statuses combine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/internal.h"

static void every_status_has_its_own_name(void **state)
{
	(void)state;
	for (int a = RIG_OK; a <= RIG_E_INTERNAL; a++) {
		const char *na = rig_strerror((rig_status)a);

		assert_non_null(na);
		assert_string_not_equal(na, "unknown status");
		for (int b = a + 1; b <= RIG_E_INTERNAL; b++)
			assert_string_not_equal(na, rig_strerror((rig_status)b));
	}
	assert_string_equal(rig_strerror((rig_status)999), "unknown status");
}

static void errors_accumulate_per_path(void **state)
{
	rig *r = NULL;
	rig_path p = RIG_PATH_NONE;
	const char *msg = NULL;

	(void)state;
	assert_int_equal(rig_new(&r, "rig01"), RIG_OK);
	assert_string_equal(rig_errormsg(r), "");
	assert_int_equal(rig__fail(r, RIG_PATH_BMC, RIG_E_UNREACHABLE,
				  "BMC %s silent", "10.0.0.21"),
			 RIG_E_UNREACHABLE);
	assert_int_equal(rig__fail(r, RIG_PATH_SSH, RIG_E_AUTH, "key refused"),
			 RIG_E_AUTH);
	assert_int_equal(rig_error_count(r), 2);
	assert_string_equal(rig_errormsg(r), "BMC 10.0.0.21 silent");
	assert_int_equal(rig_error_at(r, 1, &p, &msg), RIG_E_AUTH);
	assert_int_equal(p, RIG_PATH_SSH);
	assert_string_equal(msg, "key refused");
	assert_int_equal(rig_error_at(r, 2, &p, &msg), RIG_E_INVALID);
	/* Past the cap, further errors are dropped, the first ones kept. */
	for (int i = 0; i < 20; i++)
		rig__fail(r, RIG_PATH_BMC, RIG_E_BMC, "more %d", i);
	assert_int_equal(rig_error_count(r), RIG_MAX_ERRORS);
	rig__clear_errors(r);
	assert_int_equal(rig_error_count(r), 0);
	assert_string_equal(rig_errormsg(r), "");
	rig_free(r);
}

static void combine_follows_the_exit_code_rules(void **state)
{
	rig *r = NULL;

	(void)state;
	assert_int_equal(rig_new(&r, "rig01"), RIG_OK);
	assert_int_equal(rig__combine(r, 2), RIG_OK);
	rig__fail(r, RIG_PATH_SSH, RIG_E_UNREACHABLE, "down");
	assert_int_equal(rig__combine(r, 1), RIG_E_PARTIAL);
	assert_int_equal(rig__combine(r, 0), RIG_E_UNREACHABLE);
	rig__fail(r, RIG_PATH_BMC, RIG_E_UNREACHABLE, "down too");
	assert_int_equal(rig__combine(r, 0), RIG_E_UNREACHABLE);
	rig__fail(r, RIG_PATH_BMC, RIG_E_AUTH, "refused");
	assert_int_equal(rig__combine(r, 0), RIG_E_PARTIAL);
	rig_free(r);
}

static void long_messages_are_cut_not_overrun(void **state)
{
	rig *r = NULL;
	char big[2000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(rig_new(&r, "rig01"), RIG_OK);
	rig__fail(r, RIG_PATH_BMC, RIG_E_BMC, "%s", big);
	assert_int_equal(strlen(rig_errormsg(r)), RIG_ERRMSG_MAX - 1);
	rig_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_status_has_its_own_name),
		cmocka_unit_test(errors_accumulate_per_path),
		cmocka_unit_test(combine_follows_the_exit_code_rules),
		cmocka_unit_test(long_messages_are_cut_not_overrun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

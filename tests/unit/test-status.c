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
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
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
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	assert_int_equal(rig__combine(r, 0, 2), RIG_OK);
	rig__fail(r, RIG_PATH_SSH, RIG_E_UNREACHABLE, "down");
	assert_int_equal(rig__combine(r, 0, 1), RIG_E_PARTIAL);
	assert_int_equal(rig__combine(r, 0, 0), RIG_E_UNREACHABLE);
	rig__fail(r, RIG_PATH_BMC, RIG_E_UNREACHABLE, "down too");
	assert_int_equal(rig__combine(r, 0, 0), RIG_E_UNREACHABLE);
	rig__fail(r, RIG_PATH_BMC, RIG_E_AUTH, "refused");
	assert_int_equal(rig__combine(r, 0, 0), RIG_E_PARTIAL);
	/* From a mark on, only the later errors count (a part of rig_check
	 * after another part failed). */
	assert_int_equal(rig__combine(r, 2, 0), RIG_E_AUTH);
	assert_int_equal(rig__combine(r, 3, 1), RIG_OK);
	rig_free(r);
}

static void errors_carry_their_hint(void **state)
{
	rig *r = NULL;

	(void)state;
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	rig__fail(r, RIG_PATH_BMC, RIG_E_UNREACHABLE, "silent");
	assert_int_equal(rig__fail_hint(r, RIG_PATH_BMC, RIG_E_PRIVILEGE,
				       RIG_HINT_PRIVILEGE, "refused at %s",
				       "user"),
			 RIG_E_PRIVILEGE);
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_NONE);
	assert_int_equal(rig_error_hint_at(r, 1), RIG_HINT_PRIVILEGE);
	assert_int_equal(rig_error_hint_at(r, 2), RIG_HINT_NONE);
	assert_int_equal(rig_error_hint_at(NULL, 0), RIG_HINT_NONE);
	assert_string_equal(rig_errormsg(r), "silent");
	rig__clear_errors(r);
	/* A slot reused after clearing must not keep the old hint. */
	rig__fail(r, RIG_PATH_BMC, RIG_E_BMC, "x");
	rig__fail(r, RIG_PATH_BMC, RIG_E_BMC, "y");
	assert_int_equal(rig_error_hint_at(r, 1), RIG_HINT_NONE);
	rig_free(r);
}

static void every_hint_has_its_own_name(void **state)
{
	(void)state;
	for (int a = RIG_HINT_NONE; a <= RIG_HINT_FAN_PROFILE; a++) {
		const char *na = rig_hint_name((rig_hint)a);

		assert_string_not_equal(na, "unknown");
		for (int b = a + 1; b <= RIG_HINT_FAN_PROFILE; b++)
			assert_string_not_equal(na, rig_hint_name((rig_hint)b));
	}
	assert_string_equal(rig_hint_name((rig_hint)999), "unknown");
}

static void mark_and_rewind_keep_what_came_before(void **state)
{
	rig *r = NULL;
	size_t mark;

	(void)state;
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	mark = rig__error_mark(r);
	assert_string_equal(rig__error_since(r, mark), "");
	rig__error_rewind(r, mark);
	assert_int_equal(rig_error_count(r), 0);
	rig__fail(r, RIG_PATH_BMC, RIG_E_BMC, "earlier");
	mark = rig__error_mark(r);
	rig__fail(r, RIG_PATH_SSH, RIG_E_UNREACHABLE, "tried");
	rig__fail(r, RIG_PATH_SSH, RIG_E_PROBE, "tried too");
	assert_string_equal(rig__error_since(r, mark), "tried");
	rig__error_rewind(r, mark);
	assert_int_equal(rig_error_count(r), 1);
	assert_string_equal(rig_errormsg(r), "earlier");
	/* A rewind never grows the list back. */
	rig__error_rewind(r, 5);
	assert_int_equal(rig_error_count(r), 1);
	rig__error_rewind(r, 0);
	assert_string_equal(rig_errormsg(r), "");
	rig_free(r);
}

static void drop_forgets_one_status_after_the_mark(void **state)
{
	rig *r = NULL;
	const char *msg = NULL;

	(void)state;
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	rig__fail(r, RIG_PATH_BMC, RIG_E_NOT_AVAILABLE, "before the mark");
	rig__fail(r, RIG_PATH_BMC, RIG_E_NOT_AVAILABLE, "no ECC on the BMC");
	rig__fail(r, RIG_PATH_SSH, RIG_E_UNREACHABLE, "ssh down");
	rig__fail(r, RIG_PATH_SSH, RIG_E_NOT_AVAILABLE, "no EDAC");
	rig__error_drop(r, 1, RIG_E_NOT_AVAILABLE);
	assert_int_equal(rig_error_count(r), 2);
	assert_int_equal(rig_error_at(r, 0, NULL, &msg), RIG_E_NOT_AVAILABLE);
	assert_string_equal(msg, "before the mark");
	assert_int_equal(rig_error_at(r, 1, NULL, &msg), RIG_E_UNREACHABLE);
	assert_string_equal(msg, "ssh down");
	rig_free(r);
}

static void long_messages_are_cut_not_overrun(void **state)
{
	rig *r = NULL;
	char big[2000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	rig__fail(r, RIG_PATH_BMC, RIG_E_BMC, "%s", big);
	assert_int_equal(strlen(rig_errormsg(r)), RIG_ERRMSG_MAX - 1);
	rig_free(r);
}

/* A path that could not be had stays down for the call: later ops get its
 * status without a second copy of its error, a rewound error comes back
 * rather than a silent failure, and the next call starts afresh. */
static void a_failed_path_stays_down_for_the_call(void **state)
{
	rig *r = NULL;
	const char *msg = NULL;
	rig_path path = RIG_PATH_NONE;
	size_t mark;

	(void)state;
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	assert_int_equal(rig__path_down(r, RIG_PATH_BMC), RIG_OK);
	mark = rig__error_mark(r);
	rig__fail(r, RIG_PATH_BMC, RIG_E_AUTH, "wrong password");
	rig__path_failed(r, RIG_PATH_BMC, mark);
	assert_int_equal(rig__path_down(r, RIG_PATH_BMC), RIG_E_AUTH);
	assert_int_equal(rig__path_down(r, RIG_PATH_BMC), RIG_E_AUTH);
	assert_int_equal(rig_error_count(r), 1); /* reported once */
	assert_int_equal(rig__path_down(r, RIG_PATH_SSH), RIG_OK);
	/* A caller that forgot the error still gets a failure that says why. */
	rig__error_rewind(r, mark);
	assert_int_equal(rig__path_down(r, RIG_PATH_BMC), RIG_E_AUTH);
	assert_int_equal(rig_error_count(r), 1);
	assert_int_equal(rig_error_at(r, 0, &path, &msg), RIG_E_AUTH);
	assert_int_equal(path, RIG_PATH_BMC);
	assert_string_equal(msg, "wrong password");
	/* A wait's next poll, and the next public call, try again. */
	rig__paths_retry(r);
	assert_int_equal(rig__path_down(r, RIG_PATH_BMC), RIG_OK);
	rig__path_failed(r, RIG_PATH_BMC, 0);
	rig__clear_errors(r);
	assert_int_equal(rig__path_down(r, RIG_PATH_BMC), RIG_OK);
	/* A privilege refused at one level may be granted at another. */
	mark = rig__error_mark(r);
	rig__fail(r, RIG_PATH_BMC, RIG_E_PRIVILEGE, "not as admin");
	rig__path_failed(r, RIG_PATH_BMC, mark);
	assert_int_equal(rig__path_down(r, RIG_PATH_BMC), RIG_OK);
	rig_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_status_has_its_own_name),
		cmocka_unit_test(errors_accumulate_per_path),
		cmocka_unit_test(combine_follows_the_exit_code_rules),
		cmocka_unit_test(errors_carry_their_hint),
		cmocka_unit_test(every_hint_has_its_own_name),
		cmocka_unit_test(mark_and_rewind_keep_what_came_before),
		cmocka_unit_test(drop_forgets_one_status_after_the_mark),
		cmocka_unit_test(long_messages_are_cut_not_overrun),
		cmocka_unit_test(a_failed_path_stays_down_for_the_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

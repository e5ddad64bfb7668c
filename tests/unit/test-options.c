/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Option parsing and validation: no I/O. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/internal.h"

static void workarounds_by_freeipmi_names(void **state)
{
	uint32_t f = 0;
	const char *bad = NULL;

	(void)state;
	assert_int_equal(rig_workarounds_parse("opensesspriv", &f, &bad), RIG_OK);
	assert_int_equal(f, RIG_WORKAROUND_OPENSESSPRIV);
	assert_int_equal(rig_workarounds_parse("authcap,intel20,SUN20", &f, &bad),
			 RIG_OK);
	assert_int_equal(f, RIG_WORKAROUND_AUTHCAP | RIG_WORKAROUND_INTEL20 |
				    RIG_WORKAROUND_SUN20);
	assert_int_equal(rig_workarounds_parse("", &f, &bad), RIG_OK);
	assert_int_equal(f, 0);
	assert_int_equal(rig_workarounds_parse("authcap,bogus", &f, &bad),
			 RIG_E_INVALID);
	assert_string_equal(bad, "bogus");
	/* A prefix of a real name is not that name. */
	assert_int_equal(rig_workarounds_parse("open", &f, &bad), RIG_E_INVALID);
	assert_int_equal(rig_workarounds_parse(NULL, &f, &bad), RIG_E_INVALID);
}

static void privileges(void **state)
{
	rig_privilege p;

	(void)state;
	assert_int_equal(rig_privilege_parse("user", &p), RIG_OK);
	assert_int_equal(p, RIG_PRIV_USER);
	assert_int_equal(rig_privilege_parse("OPERATOR", &p), RIG_OK);
	assert_int_equal(p, RIG_PRIV_OPERATOR);
	assert_int_equal(rig_privilege_parse("admin", &p), RIG_OK);
	assert_int_equal(p, RIG_PRIV_ADMIN);
	assert_int_equal(rig_privilege_parse("root", &p), RIG_E_INVALID);
	assert_string_equal(rig_privilege_name(RIG_PRIV_OPERATOR), "operator");
}

static void hostport(void **state)
{
	char *h = NULL;
	unsigned int port = 0;

	(void)state;
	assert_int_equal(rig__split_hostport("bmc01", &h, &port, 623), RIG_OK);
	assert_string_equal(h, "bmc01");
	assert_int_equal(port, 623);
	free(h);
	assert_int_equal(rig__split_hostport("10.0.0.21:9623", &h, &port, 623),
			 RIG_OK);
	assert_string_equal(h, "10.0.0.21");
	assert_int_equal(port, 9623);
	free(h);
	assert_int_equal(rig__split_hostport("[fe80::1]:624", &h, &port, 623),
			 RIG_OK);
	assert_string_equal(h, "fe80::1");
	assert_int_equal(port, 624);
	free(h);
	assert_int_equal(rig__split_hostport("fe80::1", &h, &port, 623), RIG_OK);
	assert_string_equal(h, "fe80::1");
	assert_int_equal(port, 623);
	free(h);
	assert_int_equal(rig__split_hostport("host:", &h, &port, 623), RIG_E_INVALID);
	assert_int_equal(rig__split_hostport("host:0", &h, &port, 623), RIG_E_INVALID);
	assert_int_equal(rig__split_hostport("host:70000", &h, &port, 623),
			 RIG_E_INVALID);
	assert_int_equal(rig__split_hostport("host:12x", &h, &port, 623),
			 RIG_E_INVALID);
	assert_int_equal(rig__split_hostport(":623", &h, &port, 623), RIG_E_INVALID);
	assert_int_equal(rig__split_hostport("[::1", &h, &port, 623), RIG_E_INVALID);
	assert_int_equal(rig__split_hostport("", &h, &port, 623), RIG_E_INVALID);
	assert_null(h);
}

static rig *new_rig(void)
{
	rig *r = NULL;

	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	return r;
}

static void bmc_options_validated(void **state)
{
	rig_bmc_options o;
	rig *r = new_rig();

	(void)state;
	rig_bmc_options_init(&o, RIG_BMC_OPTIONS_VERSION);
	assert_int_equal(o.cipher_suite, 3);
	assert_int_equal(o.timeout_ms, RIG_DEFAULT_TIMEOUT_MS);

	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID); /* no host */
	assert_non_null(strstr(rig_errormsg(r), "no host"));

	o.host = "bmc:99999";
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID);
	assert_non_null(strstr(rig_errormsg(r), "bmc:99999"));

	o.host = "bmc";
	o.cipher_suite = 300;
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID);
	/* A suite FreeIPMI does not implement: unsupported, before any
	 * datagram, with the hint that names the remedy. */
	o.cipher_suite = 5;
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_UNSUPPORTED);
	assert_non_null(strstr(rig_errormsg(r), "cipher suite 5 is not supported"));
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_CIPHER_SUITE);
	/* Suite 0 authenticates nothing: only when allowed. */
	o.cipher_suite = 0;
	assert_false(o.allow_no_auth);
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID);
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_ALLOW_NO_AUTH);
	o.cipher_suite = 3;
	o.password = "123456789012345678901"; /* 21 > IPMI 2.0's 20 */
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID);
	/* The message names the rule, never the password. */
	assert_null(strstr(rig_errormsg(r), "12345678901"));
	o.password = "secret";
	o.retransmission_timeout_ms = o.timeout_ms;
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID);
	o.retransmission_timeout_ms = 0;
	o.version = 99;
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID);
	assert_non_null(strstr(rig_errormsg(r), "rig_bmc_options of version 99: "
						"this library reads versions 1 to 2"));
	assert_non_null(strstr(rig_errormsg(r), "rig_bmc_options_init"));
	o.version = 0;
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID);
	assert_non_null(strstr(rig_errormsg(r), "rig_bmc_options of version 0: "));
	o.version = RIG_BMC_OPTIONS_VERSION;

	assert_int_equal(rig_paths(r), 0);
	assert_int_equal(rig_add_bmc(r, &o), RIG_OK);
	assert_int_equal(rig_error_count(r), 0);
	assert_int_equal(rig_paths(r), RIG_PATH_BMC);
	assert_true(rig_capabilities(r) & RIG_CAP_POWER_CYCLE);
	/* One BMC per rig. */
	assert_int_equal(rig_add_bmc(r, &o), RIG_E_INVALID);
	rig_free(r);
}

static void rig_new_checks(void **state)
{
	rig *r = (rig *)1;

	(void)state;
	assert_int_equal(rig_new("", &r), RIG_E_INVALID);
	assert_null(r);
	assert_int_equal(rig_new(NULL, &r), RIG_E_INVALID);
	assert_int_equal(rig_new("x", NULL), RIG_E_INVALID);
	rig_free(NULL); /* a no-op */
	r = new_rig();
	assert_string_equal(rig_name(r), "rig01");
	rig_free(r);
}

static void secret_copies_are_wiped_copies(void **state)
{
	char src[] = "hunter2";
	char *copy = rig__secret_dup(src);

	(void)state;
	assert_non_null(copy);
	assert_ptr_not_equal(copy, src);
	assert_string_equal(copy, "hunter2");
	rig__secret_free_str(copy);
	assert_null(rig__secret_dup(NULL));
	rig__secret_free_str(NULL);
}

static void power_action_names(void **state)
{
	rig_power_action a;

	(void)state;
	assert_int_equal(rig_power_action_parse("cycle", &a), RIG_OK);
	assert_int_equal(a, RIG_POWER_CYCLE);
	assert_int_equal(rig_power_action_parse("reboot", &a), RIG_OK);
	assert_int_equal(a, RIG_POWER_REBOOT);
	assert_int_equal(rig_power_action_parse("status", &a), RIG_E_INVALID);
	assert_int_equal(rig_power_action_parse("Cycle", &a), RIG_E_INVALID);
	assert_string_equal(rig_power_action_name(RIG_POWER_SOFT), "soft");
	assert_string_equal(rig_power_action_name((rig_power_action)42), "invalid");
	assert_string_equal(rig_power_state_name(RIG_POWERSTATE_UNREACHABLE),
			    "unreachable");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(workarounds_by_freeipmi_names),
		cmocka_unit_test(privileges),
		cmocka_unit_test(hostport),
		cmocka_unit_test(bmc_options_validated),
		cmocka_unit_test(rig_new_checks),
		cmocka_unit_test(secret_copies_are_wiped_copies),
		cmocka_unit_test(power_action_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

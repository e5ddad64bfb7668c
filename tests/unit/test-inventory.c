/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rigs file: valid files, each kind of error, selection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory.h"

static char err[1024];

static struct inventory *ok_parse(const char *text)
{
	struct inventory *inv = NULL;

	if (!inventory_parse(text, "rigs.conf", &inv, err, sizeof(err)))
		fail_msg("unexpected error: %s", err);
	return inv;
}

static void bad(const char *text, const char *expect)
{
	struct inventory *inv = (struct inventory *)1;

	assert_false(inventory_parse(text, "rigs.conf", &inv, err, sizeof(err)));
	assert_null(inv);
	if (strstr(err, expect) == NULL)
		fail_msg("error '%s' does not contain '%s'", err, expect);
}

static void full_rig(void **state)
{
	struct inventory *inv = ok_parse(
		"; fleet\n"
		"[rig01]\n"
		"bmc = 10.0.0.21\n"
		"bmc_user = admin\n"
		"bmc_password_file = /etc/rigctl/rig01.pw\n"
		"bmc_privilege = operator\n"
		"bmc_cipher_suite = 17\n"
		"bmc_workarounds = opensesspriv, authcap\n"
		"bmc_timeout = 3000\n"
		"ssh = root@rig01\n"
		"expect_pcie_width = 1\n"
		"wol_mac = aa:bb:cc:dd:ee:ff\n"
		"groups = farm, pro\n"
		"\n"
		"# a budget rig\n"
		"[rig02]\n"
		"ssh = miner@10.0.0.52:2222\n"
		"groups = farm\n");

	(void)state;
	assert_int_equal(inv->count, 2);
	assert_string_equal(inv->rigs[0].name, "rig01");
	assert_int_equal(inv->rigs[0].line, 2);
	assert_string_equal(inv->rigs[0].bmc, "10.0.0.21");
	assert_int_equal(inv->rigs[0].bmc_privilege, RIG_PRIV_OPERATOR);
	assert_int_equal(inv->rigs[0].bmc_cipher_suite, 17);
	assert_true(inv->rigs[0].bmc_workarounds_set);
	assert_int_equal(inv->rigs[0].bmc_workarounds,
			 RIG_WORKAROUND_OPENSESSPRIV | RIG_WORKAROUND_AUTHCAP);
	assert_int_equal(inv->rigs[0].bmc_timeout, 3000);
	assert_int_equal(inv->rigs[0].expect_pcie_width, 1);
	assert_int_equal(inv->rigs[0].ngroups, 2);
	assert_string_equal(inv->rigs[0].groups[1], "pro");
	assert_string_equal(inv->rigs[1].ssh, "miner@10.0.0.52:2222");
	assert_int_equal(inv->rigs[1].bmc_cipher_suite, -1);
	assert_int_equal(inv->rigs[1].line, 16);
	inventory_free(inv);
}

static void errors_name_file_line_and_cause(void **state)
{
	(void)state;
	bad("[rig01]\nbmc = x\nbmc_usr = admin\n", "rigs.conf:3: [rig01]: unknown key 'bmc_usr'");
	bad("bmc = x\n", "rigs.conf:1: 'bmc' is outside any [rig] section");
	bad("[rig01]\nbmc = a\nbmc = b\n", "rigs.conf:3: [rig01]: 'bmc' is set twice");
	bad("[rig01]\nbmc = a\n[rig02]\nssh = b\n[rig01]\nssh = c\n",
	    "rigs.conf:6: [rig01] appears twice (first at line 1)");
	bad("[rig01]\nbmc_privilege = root\n", "rigs.conf:2: bmc_privilege 'root'");
	bad("[rig01]\nbmc_cipher_suite = 300\n", "bmc_cipher_suite wants a whole number");
	bad("[rig01]\nbmc_timeout = 10s\n", "bmc_timeout wants");
	bad("[rig01]\nbmc_workarounds = opensesspriv,frob\n", "unknown workaround at 'frob'");
	bad("[rig01]\nwol_mac = aa:bb:cc:dd:ee\n", "wol_mac 'aa:bb:cc:dd:ee'");
	bad("[rig01]\nwol_port = 0\n", "wol_port wants");
	bad("[rig01]\nbmc =\n", "'bmc' has no value");
	bad("[all]\nbmc = x\n", "'all' is reserved");
	bad("[rig 01]\nbmc = x\n", "[rig 01] is not a usable rig name");
	bad("[rig01]\ngroups = farm, all\n", "group name 'all'");
	bad("[rig01]\nbmc = x\n[rig02]\nbmc = y\ngroups = rig01\n",
	    "rigs.conf:3: group 'rig01' of [rig02] has the name of a rig");
	bad("[rig01\nbmc = x\n", "rigs.conf:1:");
	bad("[rig01]\njust some words\n", "rigs.conf:2:");
}

static void empty_file_is_an_empty_inventory(void **state)
{
	struct inventory *inv = ok_parse("# nothing yet\n");

	(void)state;
	assert_int_equal(inv->count, 0);
	inventory_free(inv);
	inventory_free(NULL);
}

static void selection(void **state)
{
	struct inventory *inv = ok_parse("[a]\nbmc = 1\ngroups = farm\n"
					 "[b]\nssh = 2\ngroups = farm, cheap\n"
					 "[c]\nbmc = 3\n");
	size_t *idx = NULL, n = 0;

	(void)state;
	assert_true(inventory_select(inv, "all", &idx, &n, err, sizeof(err)));
	assert_int_equal(n, 3);
	free(idx);
	assert_true(inventory_select(inv, "farm", &idx, &n, err, sizeof(err)));
	assert_int_equal(n, 2);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 1);
	free(idx);
	/* Each rig once, in inventory order. */
	assert_true(inventory_select(inv, "c,cheap,b", &idx, &n, err, sizeof(err)));
	assert_int_equal(n, 2);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 2);
	free(idx);
	assert_false(inventory_select(inv, "a,nosuch", &idx, &n, err, sizeof(err)));
	assert_non_null(strstr(err, "no rig or group 'nosuch'"));
	assert_null(idx);
	assert_false(inventory_select(inv, ",", &idx, &n, err, sizeof(err)));
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_rig),
		cmocka_unit_test(errors_name_file_line_and_cause),
		cmocka_unit_test(empty_file_is_an_empty_inventory),
		cmocka_unit_test(selection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

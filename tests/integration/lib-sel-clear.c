/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rig_sel_clear against ipmi_sim (started by lib-sel-clear.sh, which also
 * gives SIM_PORT and a scratch directory in SCRATCH): an event that
 * arrives after the read and before the re-check is archived, not lost;
 * an archive that cannot be written leaves the SEL untouched; an existing
 * archive is never overwritten.  ipmi_sim does not cancel reservations on
 * new events, so only the re-check protects the event here.
 *
 * The event that arrives during the clear needs the library's internal
 * test hook, so that case is tests/integration/hook-sel-clear.c (run first
 * by lib-sel-clear.sh); this program uses the public API only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ipmirig.h>

#define assert_rig_ok(r, rc)                                                 \
	do {                                                                 \
		rig_status rc_ = (rc);                                       \
		if (rc_ != RIG_OK)                                           \
			fail_msg("%s: %s", rig_strerror(rc_),                \
				 rig_errormsg(r));                           \
	} while (0)

static const char *sim_port;
static const char *scratch;

static rig *sim_rig(void)
{
	rig_bmc_options o;
	char host[64];
	rig *r = NULL;

	snprintf(host, sizeof(host), "127.0.0.1:%s", sim_port);
	assert_int_equal(rig_new("sim", &r), RIG_OK);
	rig_bmc_options_init(&o, RIG_BMC_OPTIONS_VERSION);
	o.host = host;
	o.username = "admin";
	o.password = "adminpw";
	o.workarounds = RIG_WORKAROUND_OPENSESSPRIV;
	o.timeout_ms = 5000;
	assert_rig_ok(r, rig_add_bmc(r, &o));
	return r;
}

/* Add a correctable ECC record for sensor number num, through another
 * process and session, as a BMC would log it on its own. */
static void sel_add(unsigned int num)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "ipmitool -I lanplus -C 3 -H 127.0.0.1 -p %s -U admin -P adminpw "
		 "raw 0x0a 0x44 0 0 2 0 0 0 0 0x20 0 4 0x0c 0x%02x 0x6f 0 0xff "
		 "0xff >/dev/null",
		 sim_port, num);
	assert_int_equal(system(cmd), 0);
}

static uint32_t sel_entries(rig *r)
{
	rig_sel_info in;

	assert_rig_ok(r, rig_sel_info_get(r, &in));
	return in.entries;
}

static size_t archive_lines_with(const char *path, const char *needle,
				 size_t *records)
{
	char line[1024];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	*records = 0;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#')
			continue;
		(*records)++;
		if (strstr(line, needle) != NULL)
			n++;
	}
	fclose(f);
	return n;
}

static void test_unwritable_archive_clears_nothing(void **state)
{
	rig *r = sim_rig();
	rig_sel_clear_options o;
	char path[4096];

	(void)state;
	sel_add(0x42);
	snprintf(path, sizeof(path), "%s/no-such-dir/archive.txt", scratch);
	rig_sel_clear_options_init(&o, RIG_SEL_CLEAR_OPTIONS_VERSION);
	o.archive_path = path;
	assert_int_equal(rig_sel_clear(r, &o, NULL), RIG_E_IO);
	assert_non_null(strstr(rig_errormsg(r), "nothing was cleared"));
	assert_int_equal(sel_entries(r), 1);
	rig_free(r);
}

static void test_existing_archive_not_overwritten(void **state)
{
	rig *r = sim_rig();
	rig_sel_clear_options o;
	char path[4096];
	size_t records;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/taken.txt", scratch);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("someone else's file\n", f);
	fclose(f);
	rig_sel_clear_options_init(&o, RIG_SEL_CLEAR_OPTIONS_VERSION);
	o.archive_path = path;
	assert_int_equal(rig_sel_clear(r, &o, NULL), RIG_E_IO);
	assert_int_equal(sel_entries(r), 1);
	assert_int_equal(archive_lines_with(path, "someone", &records), 1);
	rig_free(r);
}

static void test_invalid_options(void **state)
{
	rig *r = sim_rig();
	rig_sel_clear_options o;

	(void)state;
	assert_int_equal(rig_sel_clear(r, NULL, NULL), RIG_E_INVALID);
	rig_sel_clear_options_init(&o, RIG_SEL_CLEAR_OPTIONS_VERSION);
	assert_int_equal(rig_sel_clear(r, &o, NULL), RIG_E_INVALID);
	assert_int_equal(sel_entries(r), 1);
	rig_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unwritable_archive_clears_nothing),
		cmocka_unit_test(test_existing_archive_not_overwritten),
		cmocka_unit_test(test_invalid_options),
	};

	sim_port = getenv("SIM_PORT");
	scratch = getenv("SCRATCH");
	if (sim_port == NULL || scratch == NULL) {
		fprintf(stderr, "run me from lib-sel-clear.sh\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rig_sel_clear against ipmi_sim (started by lib-sel-clear.sh, which gives
 * SIM_PORT and a scratch directory in SCRATCH): an event that arrives
 * after the read and before the re-check is archived, not lost.  Only a
 * hook inside the library can add it in exactly that window; the hook is
 * internal (core/internal.h: no program has a use for it, and as ABI it
 * would have to stay), so this program links the convenience library as
 * the library unit tests do.  The public-API cases are lib-sel-clear.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/internal.h"

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

static unsigned int hook_calls;

/* After the read, before the re-check: a new event (only the first time,
 * so the second round sees a quiet SEL). */
static void add_one_event(void *user)
{
	(void)user;
	if (hook_calls++ == 0)
		sel_add(0x77);
}

static void test_event_during_clear_is_archived(void **state)
{
	rig *r = sim_rig();
	rig_sel_clear_options o;
	rig_sel_clear_result res;
	char path[4096];
	size_t records;

	(void)state;
	sel_add(0x40);
	sel_add(0x41);
	assert_int_equal(sel_entries(r), 2);
	snprintf(path, sizeof(path), "%s/hook-archive.txt", scratch);
	rig_sel_clear_options_init(&o, RIG_SEL_CLEAR_OPTIONS_VERSION);
	o.archive_path = path;
	rig__set_sel_clear_hook(r, add_one_event, NULL);
	hook_calls = 0;
	assert_rig_ok(r, rig_sel_clear(r, &o, &res));
	assert_int_equal(hook_calls, 2);
	assert_int_equal(res.reads, 2);
	assert_int_equal(res.archived, 3);
	/* the record added by the hook (sensor 0x77) is in the archive */
	assert_int_equal(archive_lines_with(path, "0c776f00ffff", &records), 1);
	assert_int_equal(records, 3);
	assert_int_equal(sel_entries(r), 0);
	rig_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_during_clear_is_archived),
	};

	sim_port = getenv("SIM_PORT");
	scratch = getenv("SCRATCH");
	if (sim_port == NULL || scratch == NULL) {
		fprintf(stderr, "run me from lib-sel-clear.sh\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

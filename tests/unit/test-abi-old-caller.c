/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A program built against an older header keeps working: it passes
 * rig_sensors_options of version 1 (before exclude was added), in memory
 * that ends where version 1 ends, and the library reads and writes only
 * what that version has.  Two placements prove it: a heap block of exactly
 * the old size (ASan and valgrind see any byte past it), and the end of a
 * page followed by an inaccessible one (a stray byte is a crash in any
 * build).  The sensors come from a fake BMC path, so the real entry point
 * and its option reading run without a BMC.  Also: versions out of range
 * get the one message, and exclude drops what it names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/internal.h"

/* rig_sensors_options as the version-1 header (libipmirig 0.1) declared
 * it: what an old program has compiled in. */
struct old_sensors_options_v1 {
	unsigned int version;
	bool live_thresholds;
};

struct fake {
	unsigned int calls;
	bool saw_live;
	bool saw_no_exclude;
	unsigned int saw_version;
};

static const char *const names[] = {"CPU Temp", "FAN1", "GPU0 Temperature",
				    "gpu1 temperature"};

static rig_status fake_sensors(rig *r, void *priv, rig_sensor_list *out)
{
	struct fake *f = priv;

	f->calls++;
	/* The path sees the library's full copy, whatever the caller had. */
	f->saw_live = r->sensors_opts->live_thresholds;
	f->saw_no_exclude = r->sensors_opts->exclude == NULL;
	f->saw_version = r->sensors_opts->version;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		rig_sensor *s = rig__sensor_list_add(out);

		assert_non_null(s);
		s->name = strdup(names[i]);
		assert_non_null(s->name);
		s->source = RIG_PATH_BMC;
	}
	return RIG_OK;
}

static const struct rig_backend_ops fake_ops = {
	.path = RIG_PATH_BMC,
	.caps = RIG_CAP_SENSORS,
	.sensors = fake_sensors,
};

static rig *fake_rig(struct fake *f)
{
	rig *r = NULL;

	assert_int_equal(rig_new("old", &r), RIG_OK);
	r->bmc.ops = &fake_ops;
	r->bmc.priv = f;
	return r;
}

static void unplug(rig *r)
{
	r->bmc.ops = NULL;
	rig_free(r);
}

/* What an old program does: init with its version, set a field, call. */
static void old_program(struct old_sensors_options_v1 *v1)
{
	struct fake f = {0, false, false, 0};
	rig *r = fake_rig(&f);
	rig_sensor_list *l = NULL;

	assert_int_equal(rig_sensors_options_init((rig_sensors_options *)v1, 1),
			 RIG_OK);
	assert_int_equal(v1->version, 1);
	assert_false(v1->live_thresholds);
	v1->live_thresholds = true;
	assert_int_equal(rig_sensors_get(r, (const rig_sensors_options *)v1, &l),
			 RIG_OK);
	assert_int_equal(f.calls, 1);
	assert_true(f.saw_live);
	assert_true(f.saw_no_exclude); /* a field v1 lacks: its default */
	assert_int_equal(f.saw_version, RIG_SENSORS_OPTIONS_VERSION);
	assert_non_null(l);
	assert_int_equal(l->count, 4);
	rig_sensor_list_free(l);
	unplug(r);
}

static void version_1_on_the_heap(void **state)
{
	struct old_sensors_options_v1 *v1 = malloc(sizeof(*v1));

	(void)state;
	assert_non_null(v1);
	old_program(v1);
	free(v1);
}

static void version_1_at_the_end_of_a_page(void **state)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct old_sensors_options_v1 *v1;

	(void)state;
	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + page, page, PROT_NONE), 0);
	/* The struct's last byte is the page's last: one more is a fault. */
	v1 = (struct old_sensors_options_v1 *)(map + page - sizeof(*v1));
	old_program(v1);
	munmap(map, 2 * page);
}

static void versions_out_of_range_get_one_message(void **state)
{
	const unsigned int bad[] = {0, RIG_SENSORS_OPTIONS_VERSION + 1};
	struct fake f = {0, false, false, 0};
	rig *r = fake_rig(&f);

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rig_sensors_options o = RIG_SENSORS_OPTIONS_INIT;
		rig_sensor_list *l = (rig_sensor_list *)&f; /* must be reset */
		char want[128];

		o.version = bad[i];
		assert_int_equal(rig_sensors_get(r, &o, &l), RIG_E_INVALID);
		assert_null(l);
		snprintf(want, sizeof(want),
			 "old: rig_sensors_options of version %u: this library "
			 "reads versions 1 to %u (initialise them with "
			 "rig_sensors_options_init)",
			 bad[i], RIG_SENSORS_OPTIONS_VERSION);
		assert_string_equal(rig_errormsg(r), want);
		assert_int_equal(rig_error_count(r), 1);

		/* init refuses it too, and leaves the struct alone */
		memset(&o, 0xa5, sizeof(o));
		assert_int_equal(rig_sensors_options_init(&o, bad[i]),
				 RIG_E_INVALID);
		assert_int_equal(o.version, 0xa5a5a5a5u);
	}
	assert_int_equal(f.calls, 0);
	unplug(r);
}

static void exclude_drops_what_it_names(void **state)
{
	const char *const globs[] = {"cpu *", "GPU? temp*", NULL};
	const char *const none[] = {NULL};
	struct fake f = {0, false, false, 0};
	rig *r = fake_rig(&f);
	rig_sensors_options o;
	rig_sensor_list *l = NULL;

	(void)state;
	assert_int_equal(rig_sensors_options_init(&o, RIG_SENSORS_OPTIONS_VERSION),
			 RIG_OK);
	assert_null(o.exclude);
	o.exclude = globs;
	assert_int_equal(rig_sensors_get(r, &o, &l), RIG_OK);
	assert_int_equal(l->count, 1); /* case-insensitive, both GPUs */
	assert_string_equal(l->items[0].name, "FAN1");
	rig_sensor_list_free(l);

	o.exclude = none;
	assert_int_equal(rig_sensors_get(r, &o, &l), RIG_OK);
	assert_int_equal(l->count, 4);
	rig_sensor_list_free(l);
	unplug(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_1_on_the_heap),
		cmocka_unit_test(version_1_at_the_end_of_a_page),
		cmocka_unit_test(versions_out_of_range_get_one_message),
		cmocka_unit_test(exclude_drops_what_it_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

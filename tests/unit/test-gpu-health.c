/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The driver's word on a GPU's health, as the SSH probe reports it: the
 * recovery action (gpu_recovery_action), retired pages and remapped rows,
 * from nvidia-smi queries of their own (probe.sh rp_gpu_health).  First
 * from real captures in tests/fixtures/real/ (gpu-recovery-reset,
 * gpu-remap-rtx-pro-6000, gpu-remap-pending-q; see CASES.md), each value
 * as printed; the GPUs' own rows there are ours, holding only what ties a
 * health line to its GPU (index, bus id or UUID).  Then rules the captures
 * do not show, with records of our own: a failed remap, a page waiting to
 * be retired, GPUs without any of it (N/A throughout), an action rigctl
 * does not know, lines of other GPUs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "paths/ssh/module/ssh.h"

static char *slurp(const char *dir, const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/fixtures/real/%s/%s",
		 top != NULL ? top : ".", dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void sensors_of(const char *text, rig_sensor_list *l)
{
	struct probe *p = NULL;
	char err[256];
	bool trunc;

	memset(l, 0, sizeof(*l));
	assert_int_equal(probe_parse(text, strlen(text), "sensors", &p, &trunc,
				     err, sizeof(err)),
			 RIG_OK);
	if (probe_sensors(p, 0, l, err, sizeof(err)) != RIG_OK)
		fail_msg("probe_sensors: %s", err);
	probe_free(p);
}

static void sensors_clear(rig_sensor_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		rig__sensor_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* The sensor named `name`, or NULL. */
static const rig_sensor *named(const rig_sensor_list *l, const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].name != NULL &&
		    strcmp(l->items[i].name, name) == 0)
			return &l->items[i];
	return NULL;
}

static size_t count_suffix(const rig_sensor_list *l, const char *suffix)
{
	size_t n = 0, k = strlen(suffix);

	for (size_t i = 0; i < l->count; i++) {
		size_t m = l->items[i].name != NULL ? strlen(l->items[i].name) : 0;

		n += m >= k && strcmp(l->items[i].name + m - k, suffix) == 0;
	}
	return n;
}

/* Append to a growing probe answer. */
static void put(char **a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(char **a, const char *fmt, ...)
{
	va_list ap;
	char *n, *j;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&n, fmt, ap);
	va_end(ap);
	assert_true(rc >= 0);
	assert_true(asprintf(&j, "%s%s", *a != NULL ? *a : "", n) >= 0);
	free(*a);
	free(n);
	*a = j;
}

/* NVIDIA/DCGM #263: GPU 1 asks for a reset, the seven others for nothing.
 * The GPUs' rows are ours (an index and a name each). */
static void recovery_reset(void **state)
{
	char *cap = slurp("gpu-recovery-reset", "capture.txt"), *a = NULL;
	char *line, *save;
	rig_sensor_list l;
	unsigned int rows = 0;
	const rig_sensor *s;

	(void)state;
	put(&a, "%s", "rigprobe\t1\tsensors\ngpu-fields\tindex,name\n");
	for (unsigned int i = 0; i < 8; i++) {
		char row[64];

		snprintf(row, sizeof(row), "gpu\t%u, GPU of the capture\n", i);
		put(&a, "%s", row);
	}
	put(&a, "%s", "gpu-health-fields\tindex,gpu_recovery_action\n");
	for (line = strtok_r(cap, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *note = strstr(line, "<=");

		if (strncmp(line, "nvidia-smi ", 11) == 0)
			continue; /* the command */
		if (note != NULL)
			*note = '\0'; /* the reporter's annotation */
		put(&a, "gpu-health\t%s\n", line);
		rows++;
	}
	put(&a, "%s", "rigprobe-end\t1\n");
	assert_int_equal(rows, 8);
	sensors_of(a, &l);
	assert_int_equal(count_suffix(&l, " Recovery Action"), 8);
	s = named(&l, "GPU1 Recovery Action");
	assert_non_null(s);
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	assert_true(s->has_reading);
	assert_true(s->reading == 1.0); /* NVML's GPU_RESET */
	assert_string_equal(s->state_text, "the driver asks for a GPU reset");
	for (unsigned int i = 0; i < 8; i++) {
		char name[32];

		if (i == 1)
			continue;
		snprintf(name, sizeof(name), "GPU%u Recovery Action", i);
		s = named(&l, name);
		assert_non_null(s);
		assert_int_equal(s->state, RIG_STATE_OK);
		assert_true(s->has_reading && s->reading == 0.0);
	}
	/* No retired-page columns were asked: no such sensor. */
	assert_int_equal(count_suffix(&l, " Retired Pages"), 0);
	sensors_clear(&l);
	free(a);
	free(cap);
}

/* The RTX PRO 6000 machine after the reset: GPU 1 keeps its one row
 * remapped for an uncorrectable error, nothing pending, no failure: ok
 * with a reading of 1; the others 0.  Matched by UUID (the capture's own
 * shortened ones; the GPUs' rows are ours). */
static void remap_after_reset(void **state)
{
	char *cap = slurp("gpu-remap-rtx-pro-6000", "capture.txt"), *a = NULL;
	char *line, *save, list[512] = "";
	rig_sensor_list l;
	unsigned int n = 0;
	const rig_sensor *s;
	static const double want[] = {0, 1, 0, 0};

	(void)state;
	put(&a, "%s", "rigprobe\t1\tsensors\ngpu-fields\tindex,uuid,name\n");
	for (line = strtok_r(cap, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *note = strstr(line, " #"), row[128];

		if (strstr(line, "$ nvidia-smi") != NULL)
			continue;
		if (strncmp(line, "gpu_uuid", 8) == 0) {
			/* the header: the query's field list */
			for (char *f = line; *f != '\0'; f++)
				if (*f != ' ')
					snprintf(list + strlen(list),
						 sizeof(list) - strlen(list),
						 "%c", *f);
			continue;
		}
		if (note != NULL)
			*note = '\0';
		snprintf(row, sizeof(row), "gpu\t%u, %.*s, RTX PRO 6000\n", n,
			 (int)strcspn(line, ","), line);
		put(&a, "%s", row);
		put(&a, "gpu-remap\t%s\n", line);
		n++;
	}
	assert_int_equal(n, 4);
	assert_string_equal(list, "gpu_uuid,remapped_rows.correctable,"
				  "remapped_rows.uncorrectable,"
				  "remapped_rows.pending,remapped_rows.failure");
	put(&a, "gpu-remap-fields\t%s\n", list);
	put(&a, "%s", "rigprobe-end\t1\n");
	sensors_of(a, &l);
	assert_int_equal(count_suffix(&l, " Remapped Rows"), 4);
	for (unsigned int i = 0; i < 4; i++) {
		char name[32];

		snprintf(name, sizeof(name), "GPU%u Remapped Rows", i);
		s = named(&l, name);
		assert_non_null(s);
		assert_int_equal(s->state, RIG_STATE_OK);
		assert_true(s->has_reading && s->reading == want[i]);
	}
	assert_string_equal(named(&l, "GPU1 Remapped Rows")->state_text,
			    "correctable 0, uncorrectable 1");
	sensors_clear(&l);
	free(a);
	free(cap);
}

/* gpud #80: 4 rows remapped for uncorrectable errors, pending a reset: a
 * warning that says to reset.  The values from the -q text, as the CSV
 * query gives them, under a bus id of ours (0000: domain there,
 * 00000000: in the GPU's row, as nvidia-smi prints them in places). */
static void remap_pending(void **state)
{
	char *cap = slurp("gpu-remap-pending-q", "capture.txt"), *a = NULL;
	char cor[16], unc[16], pend[16], rec[128];
	rig_sensor_list l;
	const rig_sensor *s;
	const char *p;

	(void)state;
	p = strstr(cap, "Correctable Error");
	assert_int_equal(sscanf(strchr(p, ':') + 1, " %15s", cor), 1);
	p = strstr(cap, "Uncorrectable Error");
	assert_int_equal(sscanf(strchr(p, ':') + 1, " %15s", unc), 1);
	p = strstr(cap, "Pending");
	assert_int_equal(sscanf(strchr(p, ':') + 1, " %15s", pend), 1);
	snprintf(rec, sizeof(rec), "gpu-remap\t0000:07:00.0, %s, %s, %s\n", cor,
		 unc, pend);
	put(&a, "%s", "rigprobe\t1\tsensors\n"
		      "gpu-fields\tindex,pci.bus_id,name\n"
		      "gpu\t0, 00000000:07:00.0, A GPU\n"
		      "gpu\t1, 00000000:08:00.0, A GPU\n"
		      "gpu-remap-fields\tgpu_bus_id,remapped_rows.correctable,"
		      "remapped_rows.uncorrectable,remapped_rows.pending\n");
	put(&a, "%s", rec);
	put(&a, "%s", "rigprobe-end\t1\n");
	sensors_of(a, &l);
	s = named(&l, "GPU0 Remapped Rows");
	assert_non_null(s);
	assert_int_equal(s->state, RIG_STATE_WARNING);
	assert_true(s->reading == 4.0);
	assert_non_null(strstr(s->state_text, "reset the GPU"));
	assert_null(named(&l, "GPU1 Remapped Rows")); /* not its line */
	sensors_clear(&l);
	free(a);
	free(cap);
}

#define HEAD                                                               \
	"rigprobe\t1\tsensors\n"                                           \
	"gpu-fields\tindex,pci.bus_id,name\n"                              \
	"gpu\t0, 00000000:01:00.0, G0\n"                                   \
	"gpu\t1, 00000000:02:00.0, G1\n"                                   \
	"gpu\t2, 00000000:03:00.0, G2\n"
#define HEALTH                                                             \
	"gpu-health-fields\tindex,pci.bus_id,gpu_recovery_action,"         \
	"retired_pages.single_bit_ecc.count,retired_pages.double_bit.count," \
	"retired_pages.pending\n"
#define REMAP                                                              \
	"gpu-remap-fields\tgpu_bus_id,gpu_uuid,remapped_rows.correctable,"  \
	"remapped_rows.uncorrectable,remapped_rows.pending,"                \
	"remapped_rows.failure\n"

/* Rules of our own: a failed remap is critical; a page waiting to be
 * retired a warning; a GeForce (N/A throughout) gets no health sensor at
 * all; an action rigctl does not know is critical with its words. */
static void rules(void **state)
{
	static const char a[] =
		HEAD HEALTH
		"gpu-health\t0, 00000000:01:00.0, None, 2, 0, Yes\n"
		"gpu-health\t1, 00000000:02:00.0, [N/A], [N/A], [N/A], [N/A]\n"
		"gpu-health\t2, 00000000:03:00.0, Recover IMEX Domain, 0, 0, No\n"
		REMAP
		"gpu-remap\t00000000:01:00.0, GPU-a, 0, 9, No, Yes\n"
		"gpu-remap\t00000000:02:00.0, GPU-b, [N/A], [N/A], [N/A], [N/A]\n"
		"gpu-remap\t00000000:03:00.0, GPU-c, 3, 0, No, No\n"
		"rigprobe-end\t1\n";
	rig_sensor_list l;
	const rig_sensor *s;

	(void)state;
	sensors_of(a, &l);
	s = named(&l, "GPU0 Retired Pages");
	assert_non_null(s);
	assert_int_equal(s->state, RIG_STATE_WARNING);
	assert_true(s->reading == 2.0);
	s = named(&l, "GPU0 Recovery Action");
	assert_int_equal(s->state, RIG_STATE_OK);
	s = named(&l, "GPU0 Remapped Rows");
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	assert_true(s->reading == 9.0);
	assert_non_null(strstr(s->state_text, "replace the GPU"));
	/* GPU1: nothing known, nothing shown (never a 0) */
	assert_null(named(&l, "GPU1 Recovery Action"));
	assert_null(named(&l, "GPU1 Retired Pages"));
	assert_null(named(&l, "GPU1 Remapped Rows"));
	s = named(&l, "GPU2 Recovery Action");
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	assert_false(s->has_reading);
	assert_string_equal(s->state_text,
			    "the driver asks for 'Recover IMEX Domain'");
	assert_int_equal(named(&l, "GPU2 Retired Pages")->state, RIG_STATE_OK);
	assert_int_equal(named(&l, "GPU2 Remapped Rows")->state, RIG_STATE_OK);
	sensors_clear(&l);
}

/* An older driver: the query without gpu_recovery_action; no health
 * records at all (every such call failed): the base readings stand. */
static void older_or_none(void **state)
{
	static const char older[] =
		HEAD
		"gpu-health-fields\tindex,pci.bus_id,"
		"retired_pages.single_bit_ecc.count,"
		"retired_pages.double_bit.count,retired_pages.pending\n"
		"gpu-health\t0, 00000000:01:00.0, 0, 1, No\n"
		"rigprobe-end\t1\n";
	static const char none[] = HEAD "rigprobe-end\t1\n";
	rig_sensor_list l;
	const rig_sensor *s;

	(void)state;
	sensors_of(older, &l);
	assert_null(named(&l, "GPU0 Recovery Action"));
	s = named(&l, "GPU0 Retired Pages");
	assert_non_null(s);
	assert_int_equal(s->state, RIG_STATE_OK);
	assert_true(s->reading == 1.0);
	sensors_clear(&l);
	sensors_of(none, &l);
	assert_int_equal(count_suffix(&l, " Recovery Action") +
				 count_suffix(&l, " Retired Pages") +
				 count_suffix(&l, " Remapped Rows"),
			 0);
	assert_non_null(named(&l, "GPU2 Temperature"));
	sensors_clear(&l);
}

/* One GPU per PCI domain (as on some virtual machines): each line goes
 * to its own GPU, not every line to the first; a driver printing NVML's
 * number for the action reads as its name. */
static void domains_and_numbers(void **state)
{
	static const char a[] =
		"rigprobe\t1\tsensors\n"
		"gpu-fields\tindex,pci.bus_id,name\n"
		"gpu\t0, 00000001:00:00.0, G0\n"
		"gpu\t1, 00000002:00:00.0, G1\n"
		"gpu-health-fields\tindex,pci.bus_id,gpu_recovery_action\n"
		"gpu-health\t0, 00000001:00:00.0, None\n"
		"gpu-health\t1, 00000002:00:00.0, 2\n"
		"gpu-remap-fields\tgpu_bus_id,remapped_rows.correctable,"
		"remapped_rows.uncorrectable,remapped_rows.pending,"
		"remapped_rows.failure\n"
		"gpu-remap\t0001:00:00.0, 0, 0, No, No\n"
		"gpu-remap\t0002:00:00.0, 0, 2, Yes, No\n"
		"rigprobe-end\t1\n";
	rig_sensor_list l;
	const rig_sensor *s;

	(void)state;
	sensors_of(a, &l);
	s = named(&l, "GPU0 Recovery Action");
	assert_int_equal(s->state, RIG_STATE_OK);
	s = named(&l, "GPU1 Recovery Action");
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	assert_string_equal(s->state_text, "the driver asks for a reboot of the rig");
	assert_int_equal(named(&l, "GPU0 Remapped Rows")->state, RIG_STATE_OK);
	s = named(&l, "GPU1 Remapped Rows");
	assert_int_equal(s->state, RIG_STATE_WARNING);
	assert_true(s->reading == 2.0);
	sensors_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(recovery_reset),
		cmocka_unit_test(remap_after_reset),
		cmocka_unit_test(remap_pending),
		cmocka_unit_test(rules),
		cmocka_unit_test(older_or_none),
		cmocka_unit_test(domains_and_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

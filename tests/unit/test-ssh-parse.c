/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SSH probe's answer: parsing, sensors, kernel events, EDAC.  Pure:
 * text in, library types out; malformed input included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "paths/ssh/module/ssh.h"

#define HDR(w) "rigprobe\t1\t" w "\n"
#define END "rigprobe-end\t1\n"

static char err[512];

static struct probe *parse_ok(const char *text, const char *what)
{
	struct probe *p = NULL;
	bool truncated = true;
	rig_status rc = probe_parse(text, strlen(text), what, &p, &truncated,
				    err, sizeof(err));

	if (rc != RIG_OK)
		print_error("parse failed: %s\n", err);
	assert_int_equal(rc, RIG_OK);
	assert_false(truncated);
	assert_non_null(p);
	return p;
}

static rig_status parse_bad(const char *text, size_t len, const char *what,
			    bool *truncated)
{
	struct probe *p = (struct probe *)1;
	rig_status rc = probe_parse(text, len, what, &p, truncated, err,
				    sizeof(err));

	assert_null(p);
	assert_true(err[0] != '\0');
	return rc;
}

static const rig_sensor *find(const rig_sensor_list *l, const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return &l->items[i];
	fail_msg("no sensor '%s'", name);
	return NULL;
}

static void list_clear(rig_sensor_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		rig__sensor_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* ------------------------------------------------------------ parse */

static void skips_noise_and_splits(void **state)
{
	struct probe *p;

	(void)state;
	p = parse_ok("Welcome to the rig!\nmotd line\n" HDR("sensors")
		     "hw\thwmon0\tcoretemp\ttemp1_label\tPackage id 0\n"
		     "gpu\t0, 00000000:01:00.0, a, b\twith tab\n" END
		     "logout noise\n",
		     "sensors");
	assert_int_equal(p->count, 2);
	assert_string_equal(p->recs[0].kind, "hw");
	assert_string_equal(p->recs[0].f[3], "Package id 0");
	/* the last field takes the rest of the line, tabs included */
	assert_string_equal(p->recs[1].f[0],
			    "0, 00000000:01:00.0, a, b\twith tab");
	assert_non_null(probe_find(p, "gpu"));
	assert_null(probe_find(p, "edac-none"));
	probe_free(p);
}

static void truncated_answers(void **state)
{
	const char *a = HDR("sensors") "hw\thwmon0\tcoretemp\ttemp1_input\t4";
	const char *b = HDR("sensors") "hw\thwmon0\tcoretemp\ttemp1_input\t45000\n";
	const char *c = HDR("sensors") "rigprobe-end\t1"; /* no newline */
	bool t = false;

	(void)state;
	assert_int_equal(parse_bad(a, strlen(a), "sensors", &t), RIG_E_PROBE);
	assert_true(t);
	assert_int_equal(parse_bad(b, strlen(b), "sensors", &t), RIG_E_PROBE);
	assert_true(t);
	assert_non_null(strstr(err, "truncated"));
	assert_int_equal(parse_bad(c, strlen(c), "sensors", &t), RIG_E_PROBE);
	assert_true(t);
	/* nothing at all, or only noise */
	assert_int_equal(parse_bad("", 0, "sensors", &t), RIG_E_PROBE);
	assert_false(t);
	assert_int_equal(parse_bad("sh: timeout: not found\n", 23, "sensors",
				   &t),
			 RIG_E_PROBE);
	assert_false(t);
	assert_non_null(strstr(err, "no probe header"));
}

static void garbage_answers(void **state)
{
	static const char *const bad[] = {
		HDR("sensors") "bogus\tx\n" END,             /* unknown record */
		HDR("sensors") "edac-none\n" END,            /* wrong request */
		HDR("sensors") "hw\thwmon0\tcoretemp\n" END, /* too few fields */
		HDR("ecc") "edac-mc\tmc0\tx\t1\t2\t3\t4\t5\n" END, /* too many */
		"rigprobe\t2\tsensors\n" END,                /* other version */
		"rigprobe\tx\tsensors\n" END,                /* garbled header */
		HDR("events") END,                           /* other request */
	};
	static const char nul[] = HDR("sensors") "hw\th\tc\ta\t1\0\n" END;
	bool t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_bad(bad[i], strlen(bad[i]), "sensors", &t),
				 RIG_E_PROBE);
	assert_int_equal(parse_bad(nul, sizeof(nul) - 1, "sensors", &t),
			 RIG_E_PROBE);
	assert_int_equal(parse_bad(HDR("x") END, strlen(HDR("x") END), "x", &t),
			 RIG_E_INVALID);
}

static void random_bytes_never_crash(void **state)
{
	char buf[300];
	unsigned int seed = 12345;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t len = (size_t)(rand_r(&seed) % (int)sizeof(buf));
		struct probe *p = NULL;
		bool t;

		for (size_t i = 0; i < len; i++) {
			/* bias towards the format's own characters */
			static const char alpha[] = "\t\n,:rigpobe-nd1hwu[]0x!";
			int r = rand_r(&seed);

			buf[i] = r % 3 ? alpha[r % (int)(sizeof(alpha) - 1)]
				       : (char)(r & 0xff);
		}
		if (round % 2 == 0 && len > 20)
			memcpy(buf, HDR("sensors"), strlen(HDR("sensors")));
		if (probe_parse(buf, len, "sensors", &p, &t, err, sizeof(err)) ==
		    RIG_OK) {
			rig_sensor_list l = {0, NULL};

			(void)probe_sensors(p, 0, &l, err, sizeof(err));
			list_clear(&l);
			probe_free(p);
		}
	}
}

static void shell_quoting(void **state)
{
	char *q;

	(void)state;
	q = probe_shell_quote("s=1;i=2;b=it's");
	assert_string_equal(q, "'s=1;i=2;b=it'\\''s'");
	free(q);
	q = probe_shell_quote("");
	assert_string_equal(q, "''");
	free(q);
}

/* ------------------------------------------------------------ sensors */

#define FIELDS "index,pci.bus_id,uuid,temperature.gpu,fan.speed,power.draw," \
	"power.limit,utilization.gpu,memory.used,memory.total," \
	"ecc.errors.corrected.volatile.total," \
	"ecc.errors.uncorrected.volatile.total,clocks_event_reasons.active," \
	"pcie.link.gen.current,pcie.link.gen.max,pcie.link.width.current," \
	"pcie.link.width.max,name"

static const char sensors_answer[] =
	HDR("sensors")
	"hw\thwmon1\tcoretemp\ttemp1_input\t45000\n"
	"hw\thwmon1\tcoretemp\ttemp1_label\tPackage id 0\n"
	"hw\thwmon1\tcoretemp\ttemp1_max\t80000\n"
	"hw\thwmon1\tcoretemp\ttemp1_crit\t100000\n"
	"hw\thwmon2\tnct6798\tfan2_input\t1234\n"
	"hw\thwmon2\tnct6798\tfan2_min\t300\n"
	"hw\thwmon2\tnct6798\tin0_input\t1216\n"
	"hw\thwmon2\tnct6798\tin0_max\t0\n"
	"hw\thwmon2\tnct6798\tin1_input\t!\n"
	"hw\thwmon2\tnct6798\ttemp7_input\t97000\n"
	"hw\thwmon2\tnct6798\ttemp7_crit\t95000\n"
	"hw\thwmon3\tnvme\ttemp1_input\t38850\n"
	"hw\thwmon3\tnvme\ttemp1_label\tComposite\n"
	"hw\thwmon4\tnvme\ttemp1_input\t40000\n"
	"hw\thwmon4\tnvme\ttemp1_label\tComposite\n"
	"hw\thwmon5\tamdgpu\tpower1_average\t112000000\n"
	"gpu-fields\t" FIELDS "\n"
	"gpu\t0, 00000000:01:00.0, GPU-aaaa, 61, 75, 215.34, 220.00, 99, 4012, "
	"8192, [N/A], [N/A], 0x0000000000000004, 3, 3, 1, 16, NVIDIA GeForce "
	"RTX 3070, Ti\n"
	"gpu\t1, 00000000:02:00.0, GPU-bbbb, 55, [Not Supported], 100.5, 220.00, "
	"97, 10, 8192, 0, 2, 0x0000000000000040, 1, 3, 16, 16, Tesla\n"
	"gpu\t2, 00000000:03:00.0, GPU-cccc, 30, 0, 20.1, 220.00, 0, 0, 8192, "
	"[Unknown Error], 0, 0x0000000000000001, 1, 3, 16, 16, Idle card\n"
	"gpu\t3, 00000000:04:00.0, [GPU is lost], [GPU is lost], [GPU is lost], "
	"[GPU is lost], [GPU is lost], [GPU is lost], [GPU is lost], "
	"[GPU is lost], [GPU is lost], [GPU is lost], [GPU is lost], "
	"[GPU is lost], [GPU is lost], [GPU is lost], [GPU is lost], Lost\n"
	END;

static void hwmon_sensors(void **state)
{
	rig_sensor_list l = {0, NULL};
	struct probe *p = parse_ok(sensors_answer, "sensors");
	const rig_sensor *s;

	(void)state;
	assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)), RIG_OK);
	s = find(&l, "coretemp Package id 0");
	assert_int_equal(s->type, RIG_SENSOR_TEMPERATURE);
	assert_int_equal(s->source, RIG_PATH_SSH);
	assert_true(s->has_reading);
	assert_true(s->reading == 45.0);
	assert_string_equal(s->unit, "C");
	assert_string_equal(s->entity, "coretemp");
	assert_string_equal(s->device, "coretemp/Package id 0");
	assert_int_equal(s->state, RIG_STATE_OK);
	assert_true(s->thresholds[RIG_THRESH_UNC] == 80.0);
	assert_true(s->thresholds[RIG_THRESH_UCR] == 100.0);
	s = find(&l, "nct6798 fan2");
	assert_true(s->reading == 1234.0);
	assert_string_equal(s->unit, "RPM");
	assert_true(s->thresholds[RIG_THRESH_LNC] == 300.0);
	/* a 0 upper limit is "not set", not a limit every reading breaks */
	s = find(&l, "nct6798 in0");
	assert_true(s->reading == 1.216);
	assert_int_equal(s->thresholds_set, 0);
	assert_int_equal(s->state, RIG_STATE_OK);
	s = find(&l, "nct6798 in1");
	assert_false(s->has_reading);
	assert_non_null(s->reason);
	assert_int_equal(s->state, RIG_STATE_UNKNOWN);
	s = find(&l, "nct6798 temp7");
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	/* two chips of one name stay apart */
	find(&l, "nvme Composite");
	s = find(&l, "nvme#2 Composite");
	assert_true(s->reading == 40.0);
	s = find(&l, "amdgpu power1");
	assert_true(s->reading == 112.0);
	assert_string_equal(s->unit, "W");
	list_clear(&l);
	probe_free(p);
}

static void gpu_sensors_and_placeholders(void **state)
{
	rig_sensor_list l = {0, NULL};
	struct probe *p = parse_ok(sensors_answer, "sensors");
	const rig_sensor *s;

	(void)state;
	assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)), RIG_OK);
	s = find(&l, "GPU0 Temperature");
	assert_int_equal(s->type, RIG_SENSOR_GPU);
	assert_true(s->reading == 61.0);
	assert_string_equal(s->device, "00000000:01:00.0");
	/* the name may hold ", ": it is last and takes the rest */
	assert_string_equal(s->entity, "NVIDIA GeForce RTX 3070, Ti");
	s = find(&l, "GPU0 Power");
	assert_true(s->reading == 215.34);
	assert_string_equal(s->unit, "W");
	s = find(&l, "GPU0 Memory Total");
	assert_true(s->reading == 8192.0);
	assert_string_equal(s->unit, "MiB");
	/* GeForce: no ECC.  No reading, never 0. */
	s = find(&l, "GPU0 ECC Corrected");
	assert_false(s->has_reading);
	assert_string_equal(s->reason, "not available");
	s = find(&l, "GPU0 Throttle");
	assert_string_equal(s->state_text, "sw_power_cap");
	assert_int_equal(s->state, RIG_STATE_OK);
	s = find(&l, "GPU1 Fan");
	assert_false(s->has_reading);
	assert_string_equal(s->reason, "not supported by this GPU");
	s = find(&l, "GPU1 ECC Uncorrected");
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	s = find(&l, "GPU1 Throttle");
	assert_string_equal(s->state_text, "hw_thermal_slowdown");
	assert_int_equal(s->state, RIG_STATE_WARNING);
	s = find(&l, "GPU2 ECC Corrected");
	assert_false(s->has_reading);
	assert_int_equal(s->state, RIG_STATE_UNKNOWN);
	s = find(&l, "GPU3 Temperature");
	assert_false(s->has_reading);
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	list_clear(&l);
	probe_free(p);
}

static void riser_check(void **state)
{
	rig_sensor_list l = {0, NULL};
	struct probe *p = parse_ok(sensors_answer, "sensors");
	const rig_sensor *s;

	(void)state;
	assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)), RIG_OK);
	/* GPU0: x1 of x16, busy at gen 3 of 3: width warns, gen does not */
	s = find(&l, "GPU0 PCIe Width");
	assert_int_equal(s->state, RIG_STATE_WARNING);
	assert_non_null(strstr(s->state_text, "riser"));
	s = find(&l, "GPU0 PCIe Gen");
	assert_int_equal(s->state, RIG_STATE_OK);
	/* GPU1: gen 1 of 3 while 97% busy: a riser fault */
	s = find(&l, "GPU1 PCIe Gen");
	assert_int_equal(s->state, RIG_STATE_WARNING);
	s = find(&l, "GPU1 PCIe Width");
	assert_int_equal(s->state, RIG_STATE_OK);
	/* GPU2: gen 1 of 3 at 0%: idle power saving, no fault */
	s = find(&l, "GPU2 PCIe Gen");
	assert_int_equal(s->state, RIG_STATE_OK);
	list_clear(&l);
	/* A riser rig that should run at x1: GPU0 is fine. */
	assert_int_equal(probe_sensors(p, 1, &l, err, sizeof(err)), RIG_OK);
	s = find(&l, "GPU0 PCIe Width");
	assert_int_equal(s->state, RIG_STATE_OK);
	list_clear(&l);
	probe_free(p);
}

static void gpu_errors(void **state)
{
	static const char timeout[] =
		HDR("sensors") "gpu-error\t124\t\n" END;
	static const char unknown_field[] =
		HDR("sensors") "gpu-error\t2\tField \"x\" is not a valid field "
		"to query.\n" END;
	static const char bad_query[] =
		HDR("sensors") "gpu-fields\tindex,bogus.field,name\n" END;
	static const char short_line[] =
		HDR("sensors") "gpu-fields\t" FIELDS "\ngpu\t0, 1, 2\n" END;
	static const char orphan[] = HDR("sensors") "gpu\t0, 1\n" END;
	static const char *const bad[] = {bad_query, short_line, orphan};
	rig_sensor_list l = {0, NULL};
	struct probe *p;
	const rig_sensor *s;

	(void)state;
	p = parse_ok(timeout, "sensors");
	assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)), RIG_OK);
	s = find(&l, "nvidia-smi");
	assert_false(s->has_reading);
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	assert_non_null(strstr(s->reason, "did not answer in time"));
	list_clear(&l);
	probe_free(p);
	p = parse_ok(unknown_field, "sensors");
	assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)), RIG_OK);
	s = find(&l, "nvidia-smi");
	assert_int_equal(s->state, RIG_STATE_UNKNOWN);
	assert_non_null(strstr(s->reason, "not a valid field"));
	list_clear(&l);
	probe_free(p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = parse_ok(bad[i], "sensors");
		assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)),
				 RIG_E_PROBE);
		assert_int_equal(l.count, 0); /* all or nothing */
		probe_free(p);
	}
}

/* nvidia-smi exits 15 after printing the healthy GPUs' rows and, for the
 * lost one, its "Unable to determine the device handle" line (the text as
 * NVIDIA's tool prints it; no capture with rows was found, see
 * tests/fixtures/real/CASES.md).  The rows keep their readings; the lost
 * GPU is a critical sensor named for its bus id. */
#define LOST_LINE "Unable to determine the device handle for GPU " \
	"0000:02:00.0: GPU is lost.  Reboot the system to recover this GPU"
static void gpu_lost_among_healthy(void **state)
{
	static const char answer[] =
		HDR("sensors") "gpu-lost\t0000:02:00.0\t" LOST_LINE "\n"
		"gpu-fields\t" FIELDS "\n"
		"gpu\t0, 00000000:01:00.0, GPU-aaaa, 61, 75, 215.34, 220.00, 99, "
		"4012, 8192, [N/A], [N/A], 0x0000000000000004, 3, 3, 1, 16, "
		"NVIDIA GeForce RTX 3070, Ti\n" END;
	/* A single GPU, lost: no rows, no "nvidia-smi failed" either. */
	static const char only_lost[] =
		HDR("sensors") "gpu-lost\t0000:02:00.0\t" LOST_LINE "\n" END;
	/* Rows, then a failure the lost lines do not explain: both. */
	static const char rows_and_error[] =
		HDR("sensors") "gpu-error\t124\t\n"
		"gpu-fields\t" FIELDS "\n"
		"gpu\t0, 00000000:01:00.0, GPU-aaaa, 61, 75, 215.34, 220.00, 99, "
		"4012, 8192, [N/A], [N/A], 0x0000000000000004, 3, 3, 1, 16, "
		"NVIDIA GeForce RTX 3070, Ti\n" END;
	rig_sensor_list l = {0, NULL};
	struct probe *p;
	const rig_sensor *s;
	bool t;

	(void)state;
	p = parse_ok(answer, "sensors");
	assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)), RIG_OK);
	s = find(&l, "GPU0 Temperature");
	assert_true(s->has_reading);
	assert_true(s->reading == 61.0);
	assert_int_equal(s->state, RIG_STATE_OK);
	s = find(&l, "GPU0 Power");
	assert_true(s->reading == 215.34);
	s = find(&l, "GPU 0000:02:00.0");
	assert_int_equal(s->type, RIG_SENSOR_GPU);
	assert_false(s->has_reading);
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	assert_string_equal(s->device, "0000:02:00.0");
	assert_string_equal(s->state_text,
			    "GPU is lost.  Reboot the system to recover this GPU");
	assert_string_equal(s->reason, LOST_LINE);
	for (size_t i = 0; i < l.count; i++)
		assert_string_not_equal(l.items[i].name, "nvidia-smi");
	list_clear(&l);
	probe_free(p);

	p = parse_ok(only_lost, "sensors");
	assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)), RIG_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].name, "GPU 0000:02:00.0");
	assert_int_equal(l.items[0].state, RIG_STATE_CRITICAL);
	list_clear(&l);
	probe_free(p);

	p = parse_ok(rows_and_error, "sensors");
	assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)), RIG_OK);
	assert_int_equal(find(&l, "nvidia-smi")->state, RIG_STATE_CRITICAL);
	assert_true(find(&l, "GPU0 Temperature")->has_reading);
	list_clear(&l);
	probe_free(p);

	/* Not a record the other requests may send. */
	assert_int_equal(parse_bad(only_lost, strlen(only_lost), "info", &t),
			 RIG_E_PROBE);
}

static void placeholder_values(void **state)
{
	double v = -1;
	const char *why;

	(void)state;
	assert_false(gpu_value("[N/A]", &v, &why));
	assert_string_equal(why, "not available");
	assert_false(gpu_value("[GPU is lost]", &v, &why));
	assert_false(gpu_value("[Something New]", &v, &why));
	assert_false(gpu_value("12abc", &v, &why));
	assert_false(gpu_value("", &v, &why));
	assert_false(gpu_value(NULL, &v, &why));
	assert_true(v == -1); /* never a made-up 0 */
	assert_true(gpu_value("215.34", &v, &why));
	assert_true(v == 215.34);
}

/* ------------------------------------------------------------ events */

static void classify_lines(void **state)
{
	struct kmsg_class c;

	(void)state;
	assert_true(kmsg_classify("NVRM: Xid (PCI:0000:01:00): 79, pid=1234, "
				  "name=python3, GPU has fallen off the bus.",
				  &c));
	assert_string_equal(c.type, "GPU Xid");
	assert_string_equal(c.sensor, "0000:01:00");
	assert_int_equal(c.severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(c.description, "Xid 79: GPU has fallen off the bus.");
	assert_true(kmsg_classify("NVRM: Xid (PCI:0000:02:00): 13, pid='<unknown>'"
				  ", name=<unknown>, Graphics Exception", &c));
	assert_int_equal(c.severity, RIG_SEVERITY_WARNING);
	assert_string_equal(c.description, "Xid 13: Graphics Exception");
	assert_true(kmsg_classify("EDAC MC0: 1 CE memory read error on DIMM_A1 "
				  "(channel:0 slot:0 page:0x1234)", &c));
	assert_int_equal(c.ecc, RIG_ECC_CORRECTABLE);
	assert_string_equal(c.sensor, "MC0");
	assert_string_equal(c.dimm, "DIMM_A1");
	assert_int_equal(c.severity, RIG_SEVERITY_WARNING);
	assert_true(kmsg_classify("EDAC MC1: 2 UE Unknown syndrome on unknown "
				  "memory (page:0x0)", &c));
	assert_int_equal(c.ecc, RIG_ECC_UNCORRECTABLE);
	assert_string_equal(c.dimm, "");
	assert_int_equal(c.severity, RIG_SEVERITY_CRITICAL);
	/* only says records were queued: the records are the events */
	assert_false(kmsg_classify("mce: [Hardware Error]: Machine check events "
				   "logged", &c));
	assert_true(kmsg_classify("mce: [Hardware Error]: CPU 2: Machine Check "
				  "Exception: 5 Bank 4: b200000000070005", &c));
	assert_int_equal(c.severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(c.sensor, "CPU 2");
	/* banners and continuation lines are not events */
	assert_false(kmsg_classify("EDAC MC: Ver: 3.0.0", &c));
	assert_false(kmsg_classify("EDAC amd64: F17h detected (node 0).", &c));
	assert_false(kmsg_classify("mce: [Hardware Error]: TSC 0 ADDR fef1a140",
				   &c));
	assert_false(kmsg_classify("NVRM: Xid (PCI:0000:01:00", &c));
	assert_false(kmsg_classify("usb 1-1: new high-speed USB device", &c));
	assert_false(kmsg_classify(NULL, &c));
}

static void list_clear_events(rig_event_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		rig__event_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static const char journal_answer[] =
	HDR("events")
	"kj\t{\"__CURSOR\":\"s=a;i=1\",\"__REALTIME_TIMESTAMP\":\"1700000000123456\","
	"\"MESSAGE\":\"NVRM: Xid (PCI:0000:01:00): 79, pid=1, name=x, GPU has "
	"fallen off the bus.\"}\n"
	"kj\t{\"__CURSOR\":\"s=a;i=2\",\"__REALTIME_TIMESTAMP\":\"1700000001000000\","
	"\"MESSAGE\":[69,68,65,67,32,77,67,48,58,32,49,32,67,69,32,111,110,32,"
	"68,73,77,77,95,65,49,255]}\n"
	"kj\t{\"__CURSOR\":\"s=a;i=3\",\"MESSAGE\":\"EDAC MC: Ver: 3.0.0\"}\n"
	"kj\tnot json\n"
	"kj-last\t{\"__CURSOR\":\"s=a;i=9\",\"MESSAGE\":\"usb\"}\n" END;

static void journal_events(void **state)
{
	rig_event_list l = {0, NULL, NULL, 0};
	struct probe *p = parse_ok(journal_answer, "events");
	char *next = NULL;

	(void)state;
	assert_int_equal(probe_events(p, NULL, 0, &l, &next, err, sizeof(err)),
			 RIG_OK);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0].id, "s=a;i=1");
	assert_int_equal(l.items[0].source, RIG_PATH_SSH);
	assert_true(l.items[0].has_time);
	assert_int_equal(l.items[0].time, 1700000000);
	assert_string_equal(l.items[0].type, "GPU Xid");
	assert_string_equal(l.items[0].sensor, "0000:01:00");
	assert_non_null(strstr(l.items[0].raw, "fallen off the bus"));
	/* MESSAGE as bytes (not UTF-8) */
	assert_int_equal(l.items[1].ecc, RIG_ECC_CORRECTABLE);
	assert_string_equal(l.items[1].dimm, "DIMM_A1?");
	assert_string_equal(next, "j:s=a;i=9");
	free(next);
	list_clear_events(&l);
	/* only the last one */
	assert_int_equal(probe_events(p, "j:s=a;i=0", 1, &l, &next, err,
				      sizeof(err)),
			 RIG_OK);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].id, "s=a;i=2");
	free(next);
	list_clear_events(&l);
	probe_free(p);
}

static void dmesg_events_and_cursor(void **state)
{
	static const char answer[] =
		HDR("events")
		"k-fail\tjournal\t1\tNo journal files were found.\n"
		"kd-boot\tb00t\t1700000000\n"
		"kd\t[   12.500000] EDAC MC0: 1 UE memory read error on DIMM_B2 "
		"(x)\n"
		"kd\t[   20.000001] NVRM: Xid (PCI:0000:03:00): 48, pid=1, "
		"name=y, DBE\n"
		"kd-last\t[   30.000000] eth0: link up\n" END;
	rig_event_list l = {0, NULL, NULL, 0};
	struct probe *p = parse_ok(answer, "events");
	char *next = NULL;

	(void)state;
	assert_int_equal(probe_events(p, NULL, 0, &l, &next, err, sizeof(err)),
			 RIG_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.items[0].time, 1700000012);
	assert_string_equal(l.items[0].id, "dmesg:b00t:12.500000");
	assert_string_equal(next, "d:b00t:30.000000");
	free(next);
	list_clear_events(&l);
	/* since the first: only the second; same boot */
	assert_int_equal(probe_events(p, "d:b00t:12.500000", 0, &l, &next, err,
				      sizeof(err)),
			 RIG_OK);
	assert_int_equal(l.count, 1);
	assert_int_equal(l.restarted, 0);
	free(next);
	list_clear_events(&l);
	/* another boot: everything, and the log restarted */
	assert_int_equal(probe_events(p, "d:other:99.000000", 0, &l, &next, err,
				      sizeof(err)),
			 RIG_OK);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.restarted, RIG_PATH_SSH);
	free(next);
	list_clear_events(&l);
	probe_free(p);
}

static void kernel_log_denied(void **state)
{
	static const char answer[] =
		HDR("events")
		"k-fail\tjournal\t1\tNo journal files were opened due to "
		"insufficient permissions.\n"
		"kd-boot\tb00t\t!\n"
		"k-fail\tdmesg\t1\tdmesg: read kernel buffer failed: Operation "
		"not permitted\n" END;
	rig_event_list l = {0, NULL, NULL, 0};
	struct probe *p = parse_ok(answer, "events");
	char *next = NULL;

	(void)state;
	assert_int_equal(probe_events(p, NULL, 0, &l, &next, err, sizeof(err)),
			 RIG_E_PRIVILEGE);
	assert_null(next);
	assert_int_equal(l.count, 0);
	probe_free(p);
}

static void cursors(void **state)
{
	char kind[2], *v;

	(void)state;
	assert_int_equal(kmsg_since(NULL, kind, &v), RIG_OK);
	assert_string_equal(kind, "");
	assert_int_equal(kmsg_since("j:s=1;i=2", kind, &v), RIG_OK);
	assert_string_equal(kind, "j");
	assert_string_equal(v, "s=1;i=2");
	free(v);
	assert_int_equal(kmsg_since("d:boot:1.5", kind, &v), RIG_OK);
	assert_string_equal(kind, "d");
	free(v);
	assert_int_equal(kmsg_since("x:1", kind, &v), RIG_E_INVALID);
	assert_int_equal(kmsg_since("j:", kind, &v), RIG_E_INVALID);
	assert_int_equal(kmsg_since("j:a\nRIG_ROOT=/", kind, &v), RIG_E_INVALID);
}

/* ------------------------------------------------------------ ECC */

static void edac_counts(void **state)
{
	static const char answer[] =
		HDR("ecc")
		"edac-mc\tmc0\tSkylake Socket#0 IMC#0\t3\t1\t0\t!\n"
		"edac-dimm\tmc0\tdimm0\tCPU_SrcID#0_MC#0_Chan#0_DIMM#0\t3\t0\n"
		"edac-dimm\tmc0\tdimm1\t\t0\t1\n"
		"edac-mc\tmc1\tother\t5\t0\t!\t!\n" END;
	rig_ecc_report rep = {0, NULL, 0};
	struct probe *p = parse_ok(answer, "ecc");

	(void)state;
	assert_int_equal(probe_ecc(p, &rep, err, sizeof(err)), RIG_OK);
	assert_int_equal(rep.count, 6);
	assert_int_equal(rep.paths, RIG_PATH_SSH);
	assert_string_equal(rep.items[0].sensor, "mc0");
	assert_string_equal(rep.items[0].dimm, "CPU_SrcID#0_MC#0_Chan#0_DIMM#0");
	assert_int_equal(rep.items[0].kind, RIG_ECC_CORRECTABLE);
	assert_int_equal(rep.items[0].count, 3);
	assert_string_equal(rep.items[3].dimm, "dimm1"); /* no label */
	assert_int_equal(rep.items[3].kind, RIG_ECC_UNCORRECTABLE);
	assert_int_equal(rep.items[3].count, 1);
	assert_null(rep.items[4].dimm); /* mc1 has no DIMM entries */
	assert_int_equal(rep.items[4].count, 5);
	for (size_t i = 0; i < rep.count; i++) {
		free(rep.items[i].sensor);
		free(rep.items[i].dimm);
	}
	free(rep.items);
	probe_free(p);
}

static void edac_absent_or_broken(void **state)
{
	static const char none[] = HDR("ecc") "edac-none\n" END;
	static const char broken[] =
		HDR("ecc") "edac-mc\tmc0\tx\t!\t0\t0\t0\n" END;
	rig_ecc_report rep = {0, NULL, 0};
	struct probe *p = parse_ok(none, "ecc");

	(void)state;
	/* non-ECC memory: "not available", never "0 errors" */
	assert_int_equal(probe_ecc(p, &rep, err, sizeof(err)),
			 RIG_E_NOT_AVAILABLE);
	assert_int_equal(rep.count, 0);
	assert_non_null(strstr(err, "not available"));
	probe_free(p);
	p = parse_ok(broken, "ecc");
	assert_int_equal(probe_ecc(p, &rep, err, sizeof(err)), RIG_E_PROBE);
	assert_int_equal(rep.count, 0);
	free(rep.items);
	probe_free(p);
}

/* The info probe: identity fields, GPUs with a name holding ", ", a
 * driver problem that is reported rather than failing, and answers that
 * lack what the identity needs. */
static void os_identity(void **state)
{
	rig_os_info oi = {0};
	struct probe *p;
	bool t;

	(void)state;
	p = parse_ok(HDR("info") "host\trig01\nkernel\t6.8.0-45-generic\n"
		     "os\tUbuntu 24.04.1 LTS\ngpu-fields\t" SSH_INFO_GPU_QUERY
		     "\ngpu\t0, 00000000:01:00.0, GPU-aa, 550.54.15, NVIDIA "
		     "GeForce RTX 3060 Ti\ngpu\t1, 00000000:02:00.0, [N/A], "
		     "550.54.15, Tesla, PCIe, 16GB\n" END, "info");
	assert_int_equal(probe_os_info(p, &oi, err, sizeof(err)), RIG_OK);
	assert_string_equal(oi.hostname, "rig01");
	assert_string_equal(oi.kernel, "6.8.0-45-generic");
	assert_string_equal(oi.os, "Ubuntu 24.04.1 LTS");
	assert_string_equal(oi.driver_version, "550.54.15");
	assert_null(oi.gpu_problem);
	assert_int_equal(oi.gpu_count, 2);
	assert_string_equal(oi.gpus[0].bus_id, "00000000:01:00.0");
	assert_string_equal(oi.gpus[0].uuid, "GPU-aa");
	assert_string_equal(oi.gpus[0].name, "NVIDIA GeForce RTX 3060 Ti");
	assert_int_equal(oi.gpus[1].index, 1);
	assert_null(oi.gpus[1].uuid);
	assert_string_equal(oi.gpus[1].name, "Tesla, PCIe, 16GB");
	rig_os_info_free(&oi);
	probe_free(p);

	/* No driver: said, not failed; "!" is no value. */
	p = parse_ok(HDR("info") "host\trig01\nkernel\t6.1\nos\t!\n"
		     "gpu-error\t9\tNVIDIA-SMI has failed\n" END, "info");
	assert_int_equal(probe_os_info(p, &oi, err, sizeof(err)), RIG_OK);
	assert_null(oi.os);
	assert_null(oi.driver_version);
	assert_int_equal(oi.gpu_count, 0);
	assert_non_null(strstr(oi.gpu_problem, "NVIDIA-SMI has failed"));
	rig_os_info_free(&oi);
	probe_free(p);

	/* No kernel, a GPU line cut short, fields of another query. */
	p = parse_ok(HDR("info") "host\trig01\nkernel\t!\n"
		     "gpu-none\tnvidia-smi not found\n" END, "info");
	assert_int_equal(probe_os_info(p, &oi, err, sizeof(err)), RIG_E_PROBE);
	rig_os_info_free(&oi);
	probe_free(p);
	p = parse_ok(HDR("info") "host\th\nkernel\tk\ngpu-fields\t"
		     SSH_INFO_GPU_QUERY "\ngpu\t0, 00000000:01:00.0\n" END,
		     "info");
	assert_int_equal(probe_os_info(p, &oi, err, sizeof(err)), RIG_E_PROBE);
	assert_non_null(strstr(err, "expected 5"));
	rig_os_info_free(&oi);
	probe_free(p);
	p = parse_ok(HDR("info") "host\th\nkernel\tk\ngpu-fields\tindex\n"
		     END, "info");
	assert_int_equal(probe_os_info(p, &oi, err, sizeof(err)), RIG_E_PROBE);
	rig_os_info_free(&oi);
	probe_free(p);
	/* Info records belong to the info probe only. */
	assert_int_equal(parse_bad(HDR("sensors") "host\th\n" END,
				   strlen(HDR("sensors") "host\th\n" END),
				   "sensors", &t),
			 RIG_E_PROBE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(skips_noise_and_splits),
		cmocka_unit_test(truncated_answers),
		cmocka_unit_test(garbage_answers),
		cmocka_unit_test(random_bytes_never_crash),
		cmocka_unit_test(shell_quoting),
		cmocka_unit_test(hwmon_sensors),
		cmocka_unit_test(gpu_sensors_and_placeholders),
		cmocka_unit_test(riser_check),
		cmocka_unit_test(gpu_errors),
		cmocka_unit_test(gpu_lost_among_healthy),
		cmocka_unit_test(placeholder_values),
		cmocka_unit_test(classify_lines),
		cmocka_unit_test(journal_events),
		cmocka_unit_test(dmesg_events_and_cursor),
		cmocka_unit_test(kernel_log_denied),
		cmocka_unit_test(cursors),
		cmocka_unit_test(edac_counts),
		cmocka_unit_test(edac_absent_or_broken),
		cmocka_unit_test(os_identity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

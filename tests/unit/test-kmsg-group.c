/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Grouping kernel hardware-error lines into events, with what real logs
 * do to a record and the captures in tests/fixtures/real/ do not show:
 * two machine checks interleaved line by line, a record whose header was
 * lost, a record cut by the reader's cursor, garbage inside a record.
 * The lines are built from the kernel's formats (arch/x86/kernel/cpu/mce,
 * drivers/edac/mce_amd.c, drivers/firmware/efi/cper.c); what is checked
 * is the grouping's promise: nothing lost, nothing reported twice, each
 * record's severity from its own status word.
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
#include "probe-events.h"

#define HDR "rigprobe\t1\tevents\n"
#define END "rigprobe-end\t1\n"
/* One journal entry: cursor, microseconds, message. */
#define KJ(c, us, msg)                                                      \
	"kj\t{\"__CURSOR\":\"" c "\",\"__REALTIME_TIMESTAMP\":\"" us         \
	"\",\"MESSAGE\":\"" msg "\"}\n"
#define LAST(c) "kj-last\t{\"__CURSOR\":\"" c "\",\"MESSAGE\":\"x\"}\n"
#define HW "mce: [Hardware Error]: "
#define AMD "[Hardware Error]: "

static size_t lines_of(const char *raw)
{
	size_t n = 1;

	for (; *raw != '\0'; raw++)
		n += *raw == '\n';
	return n;
}

/* Every event once, and `total` kernel lines among their raws. */
static void whole_and_once(const rig_event_list *l, size_t total)
{
	size_t n = 0;

	for (size_t i = 0; i < l->count; i++) {
		n += lines_of(l->items[i].raw);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(l->items[i].id, l->items[j].id);
	}
	assert_int_equal(n, total);
}

/* The event whose raw holds `text`; it must be exactly one. */
static const rig_event *holding(const rig_event_list *l, const char *text)
{
	const rig_event *e = NULL;

	for (size_t i = 0; i < l->count; i++)
		if (strstr(l->items[i].raw, text) != NULL) {
			assert_null(e);
			e = &l->items[i];
		}
	assert_non_null(e);
	return e;
}

/* Two Intel machine checks from CPUs 1 and 2 printed line by line in
 * turn: each is an event of its own, named for its CPU, with the severity
 * of its own status word (CPU 1: UC and PCC; CPU 2: corrected). */
static void interleaved_intel(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", HW "CPU 1: Machine Check: 0 Bank 5: be00000000800400")
		KJ("b", "1001", HW "CPU 2: Machine Check: 0 Bank 6: 9000004000010005")
		KJ("c", "1002", HW "TSC 4d2 ADDR 1f2e3c40")
		KJ("d", "1003", HW "TSC 4d3")
		KJ("e", "1004", HW "PROCESSOR 0:906ea TIME 1 SOCKET 0 APIC 2 microcode ca")
		KJ("f", "1005", HW "PROCESSOR 0:906ea TIME 1 SOCKET 0 APIC 4 microcode ca")
		LAST("f") END;
	rig_event_list l = {0, NULL, NULL, 0};
	const rig_event *e;
	char *next;

	(void)state;
	events_of(a, NULL, &l, &next);
	assert_int_equal(l.count, 2);
	whole_and_once(&l, 6);
	e = holding(&l, "Bank 5: be00000000800400");
	assert_string_equal(e->id, "a");
	assert_string_equal(e->sensor, "CPU 1");
	assert_int_equal(e->severity, RIG_SEVERITY_CRITICAL);
	assert_non_null(strstr(e->description, "processor context corrupt"));
	e = holding(&l, "Bank 6: 9000004000010005");
	assert_string_equal(e->id, "b");
	assert_string_equal(e->sensor, "CPU 2");
	assert_int_equal(e->severity, RIG_SEVERITY_WARNING);
	assert_string_equal(next, "j:f");
	free(next);
	clear(&l);
}

#define G1 "{1}[Hardware Error]: "
#define G2 "{2}[Hardware Error]: "

/* Two GHES records printed at once, {1} and {2} line by line into each
 * other, an Xid between them: three events, each record whole with its
 * own severity ({1} corrected: a warning; {2} fatal: critical), the Xid
 * alone, in the order of their first lines. */
static void interleaved_ghes(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", G1 "Hardware error from APEI Generic Hardware Error Source: 1")
		KJ("b", "1001", G2 "Hardware error from APEI Generic Hardware Error Source: 2")
		KJ("c", "1002", G1 "event severity: corrected")
		KJ("d", "1003", "NVRM: Xid (PCI:0000:01:00): 13, pid=1, name=x, Graphics Exception")
		KJ("e", "1004", G2 "event severity: fatal")
		KJ("f", "1005", G1 " Error 0, type: corrected")
		KJ("g", "1006", G2 " Error 0, type: fatal")
		KJ("h", "1007", G2 "  section_type: memory error")
		KJ("i", "1008", G1 "  section_type: PCIe error")
		"kj\t{\"__CURSOR\":\"j\",\"MESSAGE\":\"usb 1-1: new device\"}\n"
		LAST("j") END;
	rig_event_list l = {0, NULL, NULL, 0};
	const rig_event *e;
	char *next;

	(void)state;
	events_of(a, NULL, &l, &next);
	assert_int_equal(l.count, 3);
	whole_and_once(&l, 9);
	assert_string_equal(l.items[0].id, "a");
	assert_string_equal(l.items[1].id, "b");
	assert_string_equal(l.items[2].id, "d");
	e = &l.items[0];
	assert_string_equal(e->raw, G1 "Hardware error from APEI Generic Hardware Error Source: 1\n"
			    G1 "event severity: corrected\n"
			    G1 " Error 0, type: corrected\n"
			    G1 "  section_type: PCIe error");
	assert_int_equal(e->severity, RIG_SEVERITY_WARNING);
	assert_string_equal(e->type, "Hardware Error");
	e = &l.items[1];
	assert_int_equal(lines_of(e->raw), 4);
	assert_null(strstr(e->raw, "{1}"));
	assert_int_equal(e->severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(e->type, "Memory");
	assert_int_equal(e->ecc, RIG_ECC_UNCORRECTABLE);
	assert_string_equal(l.items[2].type, "GPU Xid");
	assert_int_equal(lines_of(l.items[2].raw), 1);
	assert_string_equal(next, "j:j");
	free(next);
	clear(&l);
}

/* The log ends inside two interleaved GHES records, an Xid after their
 * first lines: the read holds back from the first record on (either may
 * still be printing), the Xid too; the next read reports the three once,
 * each record whole.  When the log has not moved since, the records are
 * reported as they are, not held again. */
static void interleaved_ghes_cut(void **state)
{
	static const char first[] =
		HDR
		KJ("a", "1000", "usb 1-1: new device")
		KJ("b", "2000000", G1 "Hardware error from APEI Generic Hardware Error Source: 1")
		KJ("c", "2000001", G2 "Hardware error from APEI Generic Hardware Error Source: 2")
		KJ("d", "2000002", "NVRM: Xid (PCI:0000:01:00): 13, pid=1, name=x, Graphics Exception")
		KJ("e", "2000003", G1 "event severity: recoverable")
		LAST("e") END;
	static const char second[] =
		HDR
		KJ("b", "2000000", G1 "Hardware error from APEI Generic Hardware Error Source: 1")
		KJ("c", "2000001", G2 "Hardware error from APEI Generic Hardware Error Source: 2")
		KJ("d", "2000002", "NVRM: Xid (PCI:0000:01:00): 13, pid=1, name=x, Graphics Exception")
		KJ("e", "2000003", G1 "event severity: recoverable")
		KJ("f", "2000004", G2 "event severity: corrected")
		KJ("g", "2000005", G1 " Error 0, type: recoverable")
		KJ("h", "2000006", G2 " Error 0, type: corrected")
		KJ("i", "9000000", "usb 1-1: new device")
		LAST("i") END;
	static const char again[] =
		HDR
		KJ("b", "2000000", G1 "Hardware error from APEI Generic Hardware Error Source: 1")
		KJ("c", "2000001", G2 "Hardware error from APEI Generic Hardware Error Source: 2")
		KJ("d", "2000002", "NVRM: Xid (PCI:0000:01:00): 13, pid=1, name=x, Graphics Exception")
		KJ("e", "2000003", G1 "event severity: recoverable")
		LAST("e") END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next, *since;

	(void)state;
	events_of(first, "j:0", &l, &next);
	assert_int_equal(l.count, 0);
	assert_string_equal(next, "jh:a");
	since = next;
	events_of(second, since, &l, &next);
	free(since);
	assert_int_equal(l.count, 3);
	whole_and_once(&l, 7);
	assert_string_equal(l.items[0].id, "b");
	assert_int_equal(lines_of(l.items[0].raw), 3);
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(l.items[1].id, "c");
	assert_int_equal(lines_of(l.items[1].raw), 3);
	assert_int_equal(l.items[1].severity, RIG_SEVERITY_WARNING);
	assert_string_equal(l.items[2].id, "d");
	assert_string_equal(next, "j:i");
	free(next);
	clear(&l);
	/* held once, the log unchanged: reported now, as they are */
	events_of(again, "jh:a", &l, &next);
	assert_int_equal(l.count, 3);
	whole_and_once(&l, 4);
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	/* {2} has only its first line: the record does not say how bad */
	assert_int_equal(l.items[1].severity, RIG_SEVERITY_WARNING);
	assert_non_null(strstr(l.items[1].description, "unknown severity"));
	free(next);
	clear(&l);
}

/* Read from a held cursor (force) while the log moved on and {2} may
 * still be printing: {1}, which starts the read, is reported now with all
 * its lines, so nothing after it can be held without being read twice:
 * all three are reported, each once, and the next read finds nothing. */
static void ghes_forced_moved(void **state)
{
	static const char a[] =
		HDR
		KJ("b", "2000000", G1 "Hardware error from APEI Generic Hardware Error Source: 1")
		KJ("c", "2000001", G2 "Hardware error from APEI Generic Hardware Error Source: 2")
		KJ("d", "2000002", "NVRM: Xid (PCI:0000:01:00): 13, pid=1, name=x, Graphics Exception")
		KJ("e", "2000003", G1 "event severity: recoverable")
		KJ("f", "2000004", G2 "event severity: corrected")
		LAST("f") END;
	static const char after[] = HDR LAST("f") END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next;

	(void)state;
	events_of(a, "jh:a", &l, &next);
	assert_int_equal(l.count, 3);
	whole_and_once(&l, 5);
	assert_string_equal(l.items[0].id, "b");
	assert_int_equal(lines_of(l.items[0].raw), 2);
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(l.items[1].id, "c");
	assert_int_equal(l.items[1].severity, RIG_SEVERITY_WARNING);
	assert_string_equal(next, "j:f");
	free(next);
	clear(&l);
	events_of(after, "j:f", &l, &next);
	assert_int_equal(l.count, 0);
	free(next);
	clear(&l);
}

/* {1} is set aside and its second passes while {2}, begun 0.9 s after
 * it, reaches the end of the log: {1} is done (emitted) but owns a line
 * after {2}'s first.  Holding from {2} alone would have the next read see
 * that line again as a piece; the read holds from {1} instead, and the
 * next (forced) read reports both, each whole and once. */
static void ghes_expired_before_hold(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", "usb 1-1: new device")
		KJ("b", "5000000", G1 "Hardware error from APEI Generic Hardware Error Source: 1")
		KJ("c", "5900000", G2 "Hardware error from APEI Generic Hardware Error Source: 2")
		KJ("d", "5950000", G1 "event severity: fatal")
		KJ("e", "6050000", G2 "event severity: corrected")
		LAST("e") END;
	static const char again[] =
		HDR
		KJ("b", "5000000", G1 "Hardware error from APEI Generic Hardware Error Source: 1")
		KJ("c", "5900000", G2 "Hardware error from APEI Generic Hardware Error Source: 2")
		KJ("d", "5950000", G1 "event severity: fatal")
		KJ("e", "6050000", G2 "event severity: corrected")
		LAST("e") END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next, *since;

	(void)state;
	events_of(a, "j:0", &l, &next);
	assert_int_equal(l.count, 0);
	assert_string_equal(next, "jh:a");
	since = next;
	events_of(again, since, &l, &next);
	free(since);
	assert_int_equal(l.count, 2);
	whole_and_once(&l, 4);
	assert_string_equal(l.items[0].id, "b");
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(l.items[1].id, "c");
	assert_int_equal(l.items[1].severity, RIG_SEVERITY_WARNING);
	assert_string_equal(next, "j:e");
	free(next);
	clear(&l);
}

/* dmesg: a record cut by the end of the log whose first line shares its
 * stamp with the line before it (one burst): the hold's cursor names the
 * record's own line and how many of that stamp come first, so the next
 * read starts at the record, not after every line of that stamp (which
 * lost the record's head, and with it the record: the rest are
 * continuation lines after a cursor). */
static void dmesg_hold_same_stamp(void **state)
{
	static const char first[] =
		HDR
		"kd-boot\tb00t\t1700000000\n"
		"kd\t[    5.100000] NVRM: Xid (PCI:0000:01:00): 13, pid=1, name=x, Graphics Exception\n"
		"kd\t[    5.100000] " HW "CPU 1: Machine Check: 0 Bank 5: be00000000800400\n"
		"kd\t[    5.100001] " HW "TSC 0 ADDR 1 MISC 2\n"
		"kd-last\t[    5.100001] " HW "TSC 0 ADDR 1 MISC 2\n" END;
	static const char second[] =
		HDR
		"kd-boot\tb00t\t1700000000\n"
		"kd\t[    5.100000] NVRM: Xid (PCI:0000:01:00): 13, pid=1, name=x, Graphics Exception\n"
		"kd\t[    5.100000] " HW "CPU 1: Machine Check: 0 Bank 5: be00000000800400\n"
		"kd\t[    5.100001] " HW "TSC 0 ADDR 1 MISC 2\n"
		"kd\t[    5.100002] " HW "PROCESSOR 0:906ea TIME 1 SOCKET 0 APIC 2 microcode ca\n"
		"kd-last\t[    9.000000] usb 1-1: new device\n" END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next, *since;

	(void)state;
	events_of(first, "d:b00t:1.000000", &l, &next);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].type, "GPU Xid");
	assert_string_equal(next, "dh:b00t:5.100000+1");
	clear(&l);
	since = next;
	events_of(second, since, &l, &next);
	free(since);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].type, "Machine Check");
	assert_int_equal(lines_of(l.items[0].raw), 3);
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(next, "d:b00t:9.000000");
	free(next);
	clear(&l);
	/* A held cursor of an older rigctl (no "+N"): as before, after
	 * every line of that stamp. */
	events_of(second, "dh:b00t:5.100000", &l, &next);
	assert_int_equal(l.count, 0);
	free(next);
	clear(&l);
}

/* A GHES piece without "event severity" (its first lines lost): the
 * section's "Error 0, type: fatal" decides; with neither, a warning. */
static void ghes_piece_severity(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", G1 " Error 0, type: fatal")
		KJ("b", "1001", G1 "  section_type: memory error")
		KJ("c", "5000000", G2 "  section_type: memory error")
		"kj\t{\"__CURSOR\":\"d\",\"MESSAGE\":\"usb 1-1: new device\"}\n"
		LAST("d") END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next;

	(void)state;
	events_of(a, NULL, &l, &next);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	assert_int_equal(l.items[0].ecc, RIG_ECC_UNCORRECTABLE);
	assert_int_equal(l.items[1].severity, RIG_SEVERITY_WARNING);
	free(next);
	clear(&l);
}

/* AMD's decoder, two records interleaved: whichever way the lines fall,
 * nothing is lost or doubled, and a status word never lends its severity
 * to another record's: CPU 0's corrected word is a warning, CPU 5's
 * uncorrected one critical and named for CPU 5. */
static void interleaved_amd(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", AMD "Corrected error, no action required.")
		KJ("b", "1001", AMD "Uncorrected, software restartable error.")
		KJ("c", "1002", AMD "CPU:0 (17:31:0) MC17_STATUS[Over|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|Scrub]: 0x9c2041000000011b")
		KJ("d", "1003", AMD "CPU:5 (17:31:0) MC0_STATUS[-|UE|MiscV|AddrV|-|-|-|UECC|-|Poison|-]: 0xbc002800000c0135")
		KJ("e", "1004", AMD "cache level: L3/GEN, tx: GEN, mem-tx: RD")
		KJ("f", "1005", AMD "cache level: L1, tx: DATA, mem-tx: DRD")
		"kj\t{\"__CURSOR\":\"g\",\"MESSAGE\":\"usb 1-1: new device\"}\n"
		LAST("g") END;
	rig_event_list l = {0, NULL, NULL, 0};
	const rig_event *e;
	char *next;

	(void)state;
	events_of(a, NULL, &l, &next);
	whole_and_once(&l, 6);
	e = holding(&l, "0x9c2041000000011b");
	assert_int_equal(e->severity, RIG_SEVERITY_WARNING);
	e = holding(&l, "0xbc002800000c0135");
	assert_int_equal(e->severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(e->sensor, "CPU 5");
	free(next);
	clear(&l);
}

/* A record whose header line was lost (rate-limited, overwritten): its
 * other lines are still one event, a machine check, not dropped and not
 * one event each.  After a cursor the same lines are the rest of a record
 * an earlier read reported: skipped. */
static void header_missing(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", "NVRM: Xid (PCI:0000:01:00): 13, pid=1, name=x, Graphics Exception")
		KJ("b", "3000000", HW "TSC 0 ADDR fef4c9e0")
		KJ("c", "3000001", HW "PROCESSOR 0:706a1 TIME 1 SOCKET 0 APIC 0")
		KJ("d", "3000002", "{3}[Hardware Error]:  Error 0, type: corrected")
		KJ("e", "3000003", "{3}[Hardware Error]:   section_type: memory error")
		KJ("f", "9000000", "usb 1-1: new device")
		LAST("f") END;
	rig_event_list l = {0, NULL, NULL, 0};
	const rig_event *e;
	char *next;

	(void)state;
	events_of(a, NULL, &l, &next);
	assert_int_equal(l.count, 3);
	whole_and_once(&l, 5);
	e = holding(&l, "TSC 0 ADDR fef4c9e0");
	assert_string_equal(e->id, "b");
	assert_string_equal(e->type, "Machine Check");
	assert_int_equal(lines_of(e->raw), 2);
	e = holding(&l, "section_type: memory error");
	assert_string_equal(e->id, "d");
	assert_string_equal(e->type, "Memory");
	free(next);
	clear(&l);

	/* the same after a cursor: only what starts a record counts */
	events_of(HDR KJ("b", "3000000", HW "TSC 0 ADDR fef4c9e0")
		  KJ("c", "3000001", HW "PROCESSOR 0:706a1 TIME 1 SOCKET 0 APIC 0")
		  KJ("d", "3000002", "{3}[Hardware Error]:  Error 0, type: corrected")
		  KJ("f", "9000000", "usb 1-1: new device")
		  LAST("f") END,
		  "j:a", &l, &next);
	assert_int_equal(l.count, 0);
	assert_string_equal(next, "j:f");
	free(next);
	clear(&l);
}

/* The reader's cursor falls inside a record: the first read reports the
 * records before it and holds back the one still printing (its cursor
 * points before it); the next read, from there, reports it once and
 * whole with the lines that came since. */
static void cut_by_cursor(void **state)
{
	static const char first[] =
		HDR
		KJ("a", "1000", AMD "Corrected error, no action required.")
		KJ("b", "1001", AMD "CPU:3 (17:31:0) MC17_STATUS[Over|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|Scrub]: 0xdc2041000000011b")
		KJ("c", "1002", AMD "Unified Memory Controller Ext. Error Code: 0, DRAM ECC error.")
		KJ("d", "1003", AMD "cache level: L3/GEN, tx: GEN, mem-tx: RD")
		KJ("e", "5000000", AMD "Deferred error, no action required.")
		KJ("f", "5000001", AMD "CPU:3 (17:31:0) MC17_STATUS[Over|-|MiscV|AddrV|-|-|SyndV|UECC|Deferred|-|-]: 0xdc2030000000011b")
		LAST("f") END;
	static const char second[] =
		HDR
		KJ("e", "5000000", AMD "Deferred error, no action required.")
		KJ("f", "5000001", AMD "CPU:3 (17:31:0) MC17_STATUS[Over|-|MiscV|AddrV|-|-|SyndV|UECC|Deferred|-|-]: 0xdc2030000000011b")
		KJ("g", "5000002", AMD "Unified Memory Controller Ext. Error Code: 0, DRAM ECC error.")
		KJ("h", "5000003", "EDAC MC0: 1 UE on mc#0csrow#0channel#0 (csrow:0 channel:0 page:0x79d6c8 offset:0x440 grain:64)")
		KJ("i", "5000004", AMD "cache level: L3/GEN, tx: GEN, mem-tx: RD")
		LAST("i") END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next, *since;

	(void)state;
	events_of(first, NULL, &l, &next);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].id, "a");
	assert_int_equal(lines_of(l.items[0].raw), 4);
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_WARNING);
	assert_int_equal(l.items[0].ecc, RIG_ECC_CORRECTABLE);
	assert_string_equal(next, "jh:d");
	clear(&l);
	since = next;
	events_of(second, since, &l, &next);
	free(since);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].id, "e");
	assert_int_equal(lines_of(l.items[0].raw), 5);
	/* AMD's deferred error: uncorrected (UC clear, Deferred set) */
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	assert_int_equal(l.items[0].ecc, RIG_ECC_UNCORRECTABLE);
	assert_string_equal(l.items[0].dimm, "mc#0csrow#0channel#0");
	assert_string_equal(next, "j:i");
	free(next);
	clear(&l);
}

/* Garbage inside records: a status word that is not hex, a line of noise
 * with the record's tag, a line that is not a journal entry at all, a
 * message that is not UTF-8 (the journal gives bytes), an unrelated line.
 * The records stay whole; a record without a readable status word is
 * judged by the decoder's words, never by the next record's word. */
static void garbage_inside(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", HW "CPU 3: Machine Check: 0 Bank 4: zz")
		KJ("b", "1001", HW "%%%% ???? \\u0001garbage")
		"kj\tthis is not a journal entry\n"
		"kj\t{\"__CURSOR\":\"c\",\"__REALTIME_TIMESTAMP\":\"1002\",\"MESSAGE\":\"usb 1-1: new device\"}\n"
		KJ("d", "1003", HW "CPU 3: Machine Check: 0 Bank 4: b200000000070f0f")
		"kj\t{\"__CURSOR\":\"e\",\"__REALTIME_TIMESTAMP\":\"1004\",\"MESSAGE\":"
		"[109,99,101,58,32,91,72,97,114,100,119,97,114,101,32,69,114,114,111,"
		"114,93,58,32,84,83,67,32,255,254]}\n"
		KJ("f", "1005", HW "PROCESSOR 0:906ea TIME 1 SOCKET 0 APIC 6")
		KJ("g", "1006", "{7}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 1")
		KJ("h", "1007", "{7}[Hardware Error]: \\u007f\\u0001")
		KJ("i", "1008", "{7}[Hardware Error]: event severity: recoverable")
		KJ("j", "1009", "{7}[Hardware Error]:   section_type: memory error")
		KJ("k", "9000000", "usb 1-1: new device")
		LAST("k") END;
	rig_event_list l = {0, NULL, NULL, 0};
	const rig_event *e;
	char *next;

	(void)state;
	events_of(a, NULL, &l, &next);
	assert_int_equal(l.count, 3);
	whole_and_once(&l, 9);
	e = holding(&l, "Bank 4: zz");
	assert_string_equal(e->id, "a");
	assert_int_equal(lines_of(e->raw), 2);
	assert_int_equal(e->severity, RIG_SEVERITY_WARNING);
	e = holding(&l, "b200000000070f0f");
	assert_string_equal(e->id, "d");
	assert_int_equal(e->severity, RIG_SEVERITY_CRITICAL);
	/* the bytes that are not text are kept as '?' */
	assert_non_null(strstr(e->raw, "\nmce: [Hardware Error]: TSC ??\n"));
	e = holding(&l, "event severity: recoverable");
	assert_string_equal(e->id, "g");
	assert_int_equal(lines_of(e->raw), 4);
	assert_int_equal(e->severity, RIG_SEVERITY_CRITICAL);
	assert_int_equal(e->ecc, RIG_ECC_UNCORRECTABLE);
	free(next);
	clear(&l);
}

/* The kernel's word on a memory error before the firmware's record of it
 * ("mce: Uncorrected hardware memory error in user-access at ..." then
 * GHES): one event; alone, it is still an event, not lost. */
static void aside_before_record(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", "mce: Uncorrected hardware memory error in user-access at 7e025e400")
		KJ("b", "1001", "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0")
		KJ("c", "1002", "{1}[Hardware Error]: event severity: recoverable")
		KJ("d", "1003", "{1}[Hardware Error]:   section_type: memory error")
		KJ("e", "1004", "{1}[Hardware Error]:   DIMM location: NODE 3 CPU0_DIMM_G1")
		KJ("f", "9000000", "mce: Uncorrected hardware memory error in user-access at 1234000")
		KJ("g", "9000001", "usb 1-1: new device")
		LAST("g") END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next;

	(void)state;
	events_of(a, NULL, &l, &next);
	assert_int_equal(l.count, 2);
	whole_and_once(&l, 6);
	assert_string_equal(l.items[0].id, "a");
	assert_string_equal(l.items[0].type, "Memory");
	assert_string_equal(l.items[0].dimm, "NODE 3 CPU0_DIMM_G1");
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	assert_string_equal(l.items[1].id, "f");
	assert_int_equal(l.items[1].severity, RIG_SEVERITY_CRITICAL);
	free(next);
	clear(&l);
}

/* The EDAC line in each driver's form names the DIMM the way the driver
 * does (the line after "on", up to its parenthesis). */
static void edac_forms(void **state)
{
	static const struct {
		const char *msg, *dimm, *sensor;
		rig_ecc_kind ecc;
	} forms[] = {
		/* ghes_edac (drivers/edac/ghes_edac.c: "%d %s ghes_mc on %s") */
		{"EDAC MC1: 1 CE ghes_mc on N1 DIMM_L0 (card:3 module:0 page:0xbd0db44 offset:0x0 grain:0 syndrome:0x0)",
		 "N1 DIMM_L0", "MC1", RIG_ECC_CORRECTABLE},
		/* amd64_edac */
		{"EDAC MC0: 1 CE on mc#0csrow#3channel#0 (csrow:3 channel:0 page:0x8bbfb offset:0x2c0 grain:64 syndrome:0x8)",
		 "mc#0csrow#3channel#0", "MC0", RIG_ECC_CORRECTABLE},
		/* skx / i10nm */
		{"EDAC MC3: 1 UE memory read error on CPU_SrcID#1_MC#1_Chan#2_DIMM#0 (channel:2 slot:0 page:0xb757589)",
		 "CPU_SrcID#1_MC#1_Chan#2_DIMM#0", "MC3", RIG_ECC_UNCORRECTABLE},
		/* no location */
		{"EDAC MC0: 1 CE memory read error on unknown memory (slot:0)",
		 "", "MC0", RIG_ECC_CORRECTABLE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct kmsg_class c;

		assert_true(kmsg_classify(forms[i].msg, &c));
		assert_string_equal(c.type, "Memory");
		assert_string_equal(c.dimm, forms[i].dimm);
		assert_string_equal(c.sensor, forms[i].sensor);
		assert_int_equal(c.ecc, forms[i].ecc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(interleaved_intel),
		cmocka_unit_test(interleaved_amd),
		cmocka_unit_test(interleaved_ghes),
		cmocka_unit_test(interleaved_ghes_cut),
		cmocka_unit_test(ghes_piece_severity),
		cmocka_unit_test(ghes_forced_moved),
		cmocka_unit_test(ghes_expired_before_hold),
		cmocka_unit_test(dmesg_hold_same_stamp),
		cmocka_unit_test(header_missing),
		cmocka_unit_test(cut_by_cursor),
		cmocka_unit_test(garbage_inside),
		cmocka_unit_test(aside_before_record),
		cmocka_unit_test(edac_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

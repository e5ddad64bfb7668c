/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The kernel-log readers against real captures (tests/fixtures/real/, see
 * CASES.md there): every case directory with an `expect` file, found by
 * walking the directory, goes through the probe's line filter (RP_KPAT,
 * read from probe.sh itself) and probe_events() as a journal would deliver
 * it, and the events must be the ones its `expect` file lists.  Where the
 * first read holds a record back (cut by the end of the log), a second
 * read continues from its cursor, as the next `rigctl events --since`
 * would: each record must come once.  (tests/integration/ssh-real-dmesg.sh
 * runs the same cases through the real probe over sshd.)
 * Then grouping cases of our own: a cut and a malformed block (more in
 * test-kmsg-group.c); hwmon records built from `sensors` captures (which
 * min/max/crit are limits); nvidia-smi rows of three drivers; the GPUs'
 * own temperature limits from real `nvidia-smi -q` text, read by the
 * probe script itself.  Last, every_case_read: each case directory is
 * read by some test (it has an `expect`, or its name is in hwmon_cases or
 * gpu_cases here, or in read_elsewhere with the test file that reads it).
 */
#include <dirent.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "paths/bmc/sel.h"
#include "paths/ssh/module/ssh.h"
#include "probe-events.h"

struct kmsg {
	unsigned int line; /* in capture.txt, from 1 */
	char *text;
	bool has_us;
	unsigned long long us;
};

/* The file at `rel` under the source tree, whole. */
static char *slurp_path(const char *rel)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", top != NULL ? top : ".", rel);
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

/* The case directories some test has read a file of (see slurp): the
 * last test checks every listed case against it. */
static char read_dirs[256][64];
static size_t n_read_dirs;

/* File `name` of the case `dir` in tests/fixtures/real/. */
static char *slurp(const char *dir, const char *name)
{
	char rel[512];
	size_t i;

	for (i = 0; i < n_read_dirs; i++)
		if (strcmp(read_dirs[i], dir) == 0)
			break;
	if (i == n_read_dirs) {
		/* more cases or a longer name: make read_dirs bigger */
		assert_true(n_read_dirs < sizeof(read_dirs) / sizeof(read_dirs[0]));
		assert_true(strlen(dir) < sizeof(read_dirs[0]));
		strcpy(read_dirs[n_read_dirs++], dir);
	}
	snprintf(rel, sizeof(rel), "tests/fixtures/real/%s/%s", dir, name);
	return slurp_path(rel);
}

/* The probe's kernel-line pattern, RP_KPAT in probe.sh, as its awk gets
 * it: the shell's single quotes keep every byte, then `awk -v pat=...`
 * processes the escapes of an awk string ("\\[" is "\[").  Read from the
 * script itself so that the test filters as the probe does; an escape
 * whose meaning differs between awks fails the test rather than guess. */
static const char *kpat(void)
{
	static char pat[1024];
	static const char key[] = "\nRP_KPAT='";
	char *sh, *p, *end;
	size_t n = 0;

	if (pat[0] != '\0')
		return pat;
	sh = slurp_path("libipmirig/paths/ssh/module/probe.sh");
	p = strstr(sh, key);
	if (p == NULL)
		fail_msg("probe.sh sets no RP_KPAT='...' at a line's start");
	p += strlen(key);
	end = strchr(p, '\'');
	if (end == NULL)
		fail_msg("probe.sh: RP_KPAT's quote is not closed");
	for (; p < end; p++) {
		char c = *p;

		if (c == '\\' && p + 1 < end) {
			const char *esc = "\\\\\"\"//a\ab\bf\fn\nr\rt\tv\v";
			const char *e;

			p++;
			for (e = esc; *e != '\0' && *e != *p; e += 2)
				;
			if (*e == '\0')
				fail_msg("probe.sh: RP_KPAT has \\%c, which awks "
					 "read differently", *p);
			c = e[1];
		}
		assert_true(n + 1 < sizeof(pat));
		pat[n++] = c;
	}
	pat[n] = '\0';
	free(sh);
	assert_true(n > 0);
	return pat;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The case directories of tests/fixtures/real/, sorted: their count, the
 * names in *out (free each and the array). */
static size_t case_dirs(char ***out)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/tests/fixtures/real",
		 top != NULL ? top : ".");
	d = opendir(path);
	if (d == NULL)
		fail_msg("cannot open %s", path);
	while ((e = readdir(d)) != NULL) {
		char sub[1300];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (stat(sub, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		v = realloc(v, (n + 1) * sizeof(*v));
		assert_non_null(v);
		v[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), name_cmp);
	*out = v;
	return n;
}

/* Has case `dir` an `expect` file? */
static bool has_expect(const char *dir)
{
	const char *top = getenv("top_srcdir");
	char path[1024];

	snprintf(path, sizeof(path), "%s/tests/fixtures/real/%s/expect",
		 top != NULL ? top : ".", dir);
	return access(path, F_OK) == 0;
}

/* "[   49.261458] " at p: its time in microseconds; the text after it. */
static const char *stamp(const char *p, bool *has_us, unsigned long long *us)
{
	unsigned long s, u;
	const char *close;

	*has_us = false;
	if (*p != '[' || (close = strstr(p, "] ")) == NULL)
		return p;
	if (sscanf(p + 1, " %lu.%lu", &s, &u) == 2) {
		*has_us = true;
		*us = (unsigned long long)s * 1000000ULL + u;
	}
	return close + 2;
}

/* The kernel messages of a capture, per its format (CASES.md). */
static size_t messages(char *cap, const char *format, struct kmsg *out,
		       size_t max)
{
	size_t n = 0;
	unsigned int lineno = 0;

	if (strcmp(format, "syslog") != 0 && strcmp(format, "dmesg") != 0 &&
	    strcmp(format, "plain") != 0)
		fail_msg("format '%s' is none of dmesg, syslog, plain", format);
	for (char *line = strtok(cap, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		const char *k = line;
		unsigned int h, m, s;
		struct kmsg *x;

		lineno++;
		if (strcmp(format, "syslog") == 0) {
			k = strstr(line, "kernel: ");
			if (k == NULL)
				continue;
			k += strlen("kernel: ");
		} else if (strcmp(format, "dmesg") == 0 &&
			   (line[0] == ' ' || line[0] == '\t') && n > 0) {
			/* dmesg's continuation of a multi-line message:
			 * the probe joins it with a space. */
			char *j;

			while (*k == ' ' || *k == '\t')
				k++;
			assert_true(asprintf(&j, "%s %s", out[n - 1].text, k) > 0);
			free(out[n - 1].text);
			out[n - 1].text = j;
			continue;
		}
		assert_true(n < max);
		x = &out[n++];
		x->line = lineno;
		x->has_us = false;
		k = stamp(k, &x->has_us, &x->us);
		if (!x->has_us && sscanf(line, "%*s %*u %u:%u:%u", &h, &m, &s) == 3) {
			x->has_us = true;
			x->us = ((h * 60ULL + m) * 60ULL + s) * 1000000ULL;
		}
		x->text = strdup(k);
	}
	return n;
}

static char *json_line(const struct kmsg *m)
{
	json_t *o = json_object();
	char cur[32], ts[32], *s;

	snprintf(cur, sizeof(cur), "c%u", m->line);
	json_object_set_new(o, "__CURSOR", json_string(cur));
	if (m->has_us) {
		snprintf(ts, sizeof(ts), "%llu", 1700000000000000ULL + m->us);
		json_object_set_new(o, "__REALTIME_TIMESTAMP", json_string(ts));
	}
	json_object_set_new(o, "MESSAGE", json_string(m->text));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

/* The probe's answer to an events request from message `from` on: the
 * lines its filter passes, and the log's last line. */
static char *answer(const struct kmsg *m, size_t n, size_t from)
{
	regex_t re;
	size_t cap = 64, len;
	char *a = malloc(cap), *j;

	assert_int_equal(regcomp(&re, kpat(), REG_EXTENDED | REG_NOSUB), 0);
	len = (size_t)sprintf(a, "rigprobe\t1\tevents\n");
	for (size_t i = from; i <= n && n > 0; i++) {
		bool last = i == n;
		const struct kmsg *x = &m[last ? n - 1 : i];

		if (!last && regexec(&re, x->text, 0, NULL, 0) != 0)
			continue;
		if (last && from >= n)
			break;
		j = json_line(x);
		while (len + strlen(j) + 32 > cap)
			a = realloc(a, cap *= 2);
		len += (size_t)sprintf(a + len, "%s\t%s\n",
				       last ? "kj-last" : "kj", j);
		free(j);
	}
	while (len + 32 > cap)
		a = realloc(a, cap *= 2);
	sprintf(a + len, "rigprobe-end\t1\n");
	regfree(&re);
	return a;
}

/* One read after `since`: events appended to l, the next cursor back. */
static char *read_once(const struct kmsg *m, size_t n, const char *since,
		       rig_event_list *l)
{
	size_t from = 0;
	struct probe *p = NULL;
	char err[256], *next = NULL, *text;
	bool trunc;

	if (since != NULL) {
		const char *c = strchr(since, ':') + 1;

		while (from < n && (strcmp(c + 1, "") == 0 ||
				    m[from].line <= (unsigned)atoi(c + 1)))
			from++;
	}
	text = answer(m, n, from);
	assert_int_equal(probe_parse(text, strlen(text), "events", &p, &trunc,
				     err, sizeof(err)),
			 RIG_OK);
	assert_int_equal(probe_events(p, since, 0, l, &next, err, sizeof(err)),
			 RIG_OK);
	probe_free(p);
	free(text);
	return next;
}

static const char *sev_name(rig_severity s)
{
	return s == RIG_SEVERITY_CRITICAL ? "critical"
	       : s == RIG_SEVERITY_WARNING ? "warning"
					   : "info";
}

static const char *ecc_name(rig_ecc_kind e)
{
	return e == RIG_ECC_CORRECTABLE	    ? "ce"
	       : e == RIG_ECC_UNCORRECTABLE ? "ue"
					    : "-";
}

static void run_case(const char *name)
{
	char *cap = slurp(name, "capture.txt"), *fmt = slurp(name, "format");
	char *exp = slurp(name, "expect"), *next, *next2 = NULL, got[4096];
	struct kmsg m[256];
	size_t n, len = 0;
	rig_event_list l = {0, NULL, NULL, 0};

	fmt[strcspn(fmt, "\n")] = '\0';
	n = messages(cap, fmt, m, 256);
	next = read_once(m, n, NULL, &l);
	if (next != NULL && strncmp(next, "jh:", 3) == 0)
		next2 = read_once(m, n, next, &l);
	got[0] = '\0';
	len = (size_t)snprintf(got, sizeof(got),
			       "# first line\tseverity\ttype\tecc\tdimm\tsensor"
			       "\tlines\n");
	for (size_t i = 0; i < l.count; i++) {
		const rig_event *e = &l.items[i];
		size_t lines = 1;

		for (const char *c = e->raw; *c != '\0'; c++)
			lines += *c == '\n';
		len += (size_t)snprintf(got + len, sizeof(got) - len,
					"%s\t%s\t%s\t%s\t%s\t%s\t%zu\n",
					e->id + 1, sev_name(e->severity),
					e->type, ecc_name(e->ecc),
					e->dimm != NULL ? e->dimm : "-",
					e->sensor != NULL ? e->sensor : "-",
					lines);
		if (len >= sizeof(got))
			fail_msg("%s: too many events for the test's buffer",
				 name);
		for (size_t j = 0; j < i; j++)
			if (strcmp(l.items[j].id, e->id) == 0)
				fail_msg("%s: %s reported twice", name, e->id);
	}
	if (strcmp(got, exp) != 0) {
		print_error("%s: expected\n%sgot\n%s", name, exp, got);
		fail();
	}
	for (size_t i = 0; i < l.count; i++)
		rig__event_clear(&l.items[i]);
	free(l.items);
	for (size_t i = 0; i < n; i++)
		free(m[i].text);
	free(next);
	free(next2);
	free(cap);
	free(fmt);
	free(exp);
}

/* Every case with an `expect` file, found by walking the directory: a
 * case added there is read without a list to keep. */
static void real_captures(void **state)
{
	char **dirs;
	size_t n = case_dirs(&dirs), ran = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (has_expect(dirs[i])) {
			run_case(dirs[i]);
			ran++;
		}
		free(dirs[i]);
	}
	free(dirs);
	assert_true(ran > 0);
}

/* ---- grouping: our own lines, to pin what the captures do not show */

#define HDR "rigprobe\t1\tevents\n"
#define END "rigprobe-end\t1\n"
#define KJ(c, us, msg)                                                      \
	"kj\t{\"__CURSOR\":\"" c "\",\"__REALTIME_TIMESTAMP\":\"" us         \
	"\",\"MESSAGE\":\"" msg "\"}\n"

/* A record cut by the end of the log: held back once, then reported
 * whole; and a forced report when the log has not moved. */
static void cut_by_end(void **state)
{
	static const char first[] =
		HDR
		KJ("a", "1000", "NVRM: Xid (PCI:0000:01:00): 79, GPU has fallen off the bus.")
		KJ("b", "5000000", "mce: [Hardware Error]: CPU 1: Machine Check: 0 Bank 5: be00000000800400")
		"kj-last\t{\"__CURSOR\":\"b\",\"MESSAGE\":\"x\"}\n" END;
	static const char second[] =
		HDR
		KJ("b", "5000000", "mce: [Hardware Error]: CPU 1: Machine Check: 0 Bank 5: be00000000800400")
		KJ("c", "5000001", "mce: [Hardware Error]: TSC 0 ADDR 1 MISC 2")
		KJ("d", "5000002", "mce: [Hardware Error]: PROCESSOR 0:906ea TIME 1 SOCKET 0 APIC 2 microcode ca")
		"kj-last\t{\"__CURSOR\":\"d\",\"MESSAGE\":\"x\"}\n" END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next = NULL, *since;

	(void)state;
	events_of(first, NULL, &l, &next);
	assert_int_equal(l.count, 1);
	assert_string_equal(next, "jh:a");
	clear(&l);
	since = next;
	events_of(second, since, &l, &next);
	free(since);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].id, "b");
	assert_int_equal(l.items[0].severity, RIG_SEVERITY_CRITICAL);
	assert_non_null(strstr(l.items[0].raw, "\nmce: [Hardware Error]: PROCESSOR"));
	assert_non_null(strstr(l.items[0].description, "processor context corrupt"));
	assert_string_equal(next, "j:d");
	free(next);
	clear(&l);
	/* held once and still cut, the log unchanged: reported now */
	events_of(HDR KJ("b", "5000000", "mce: [Hardware Error]: CPU 1: "
			 "Machine Check: 0 Bank 5: be00000000800400")
		  "kj-last\t{\"__CURSOR\":\"b\",\"MESSAGE\":\"x\"}\n" END,
		  "jh:a", &l, &next);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].id, "b");
	free(next);
	clear(&l);
}

/* Malformed: continuation lines with no record before them (the rest of
 * one reported earlier), a status word that is not hex, a GHES number
 * that is not closed. */
static void malformed(void **state)
{
	static const char a[] =
		HDR
		KJ("a", "1000", "mce: [Hardware Error]: TSC 0 ADDR fef4c9e0")
		KJ("b", "1001", "mce: [Hardware Error]: PROCESSOR 0:706a1 TIME 1 SOCKET 0 APIC 0")
		KJ("c", "3000000", "mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 4: zz")
		KJ("d", "3000001", "{9[Hardware Error]: event severity: fatal")
		KJ("e", "9000000", "usb 1-1: new device")
		"kj-last\t{\"__CURSOR\":\"e\",\"MESSAGE\":\"x\"}\n" END;
	rig_event_list l = {0, NULL, NULL, 0};
	char *next = NULL;

	(void)state;
	events_of(a, "j:0", &l, &next);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].id, "c");
	assert_string_equal(l.items[0].type, "Machine Check");
	free(next);
	clear(&l);
}

/* EDAC: dimmN and the legacy csrowN of the same controller count once. */
static void edac_two_views(void **state)
{
	static const char a[] =
		"rigprobe\t1\tecc\n"
		"edac-mc\tmc0\tx\t9\t0\t0\t0\n"
		"edac-dimm\tmc0\tdimm0\tA1\t9\t0\n"
		"edac-dimm\tmc0\tcsrow0\tA1\t9\t0\n"
		"edac-mc\tmc1\tF10h\t7\t0\t0\t0\n"
		"edac-dimm\tmc1\tcsrow6\t\t7\t0\n"
		"rigprobe-end\t1\n";
	rig_ecc_report r = {0, NULL, 0};
	struct probe *p = NULL;
	char err[256];
	bool trunc;
	uint64_t ce = 0;

	(void)state;
	assert_int_equal(probe_parse(a, strlen(a), "ecc", &p, &trunc, err,
				     sizeof(err)),
			 RIG_OK);
	assert_int_equal(probe_ecc(p, &r, err, sizeof(err)), RIG_OK);
	for (size_t i = 0; i < r.count; i++) {
		if (r.items[i].kind == RIG_ECC_CORRECTABLE)
			ce += r.items[i].count;
		free(r.items[i].sensor);
		free(r.items[i].dimm);
	}
	assert_int_equal(ce, 16);
	free(r.items);
	probe_free(p);
}

/* ---- hwmon: `sensors` captures as the probe's hw records */

/* The hwmon directory of the chip being read. */
static char hw_dir[16] = "hwmon2";

/* One hw record: sensors prints volts and degrees, sysfs has milli-. */
static size_t hw_rec(char *a, size_t len, const char *chip, const char *attr,
		     double v)
{
	double scale = strncmp(attr, "fan", 3) == 0 ? 1.0 : 1000.0;

	return len + (size_t)sprintf(a + len, "hw\t%s\t%s\t%s\t%.0f\n",
				     hw_dir, chip, attr, v * scale);
}

/* `sensors -u`: the sysfs names are in the capture. */
static size_t from_sensors_u(char *cap, char *a, size_t len, char *chip)
{
	for (char *line = strtok(cap, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char attr[64];
		double v;

		if (strstr(line, "-isa-") != NULL)
			snprintf(chip, 32, "%.*s", (int)strcspn(line, "-"), line);
		else if (sscanf(line, " %63[a-z0-9_]: %lf", attr, &v) == 2 &&
			 strchr(attr, '_') != NULL &&
			 (strstr(attr, "_input") || strstr(attr, "_min") ||
			  strstr(attr, "_max")))
			len = hw_rec(a, len, chip, attr, v);
	}
	return len;
}

/* A temperature line's limits, "(high = +95.0°C, crit = +105.0°C)" and
 * the "(crit = ...)" line under it: as sysfs names them, millidegrees. */
static size_t temp_limits(const char *text, const char *dir,
			  const char *chip, const char *base, char *a,
			  size_t len)
{
	static const struct {
		const char *word, *attr;
	} limits[] = {{"low  = ", "min"}, {"high = ", "max"},
		      {"crit = ", "crit"}};

	for (size_t i = 0; i < 3; i++) {
		const char *p = strstr(text, limits[i].word);

		if (p != NULL)
			len += (size_t)sprintf(a + len, "hw\t%s\t%s\t%s_%s\t%.0f\n",
					       dir, chip, base, limits[i].attr,
					       strtod(p + 7, NULL) * 1000.0);
	}
	return len;
}

/* Plain `sensors`: the capture has labels, not sysfs names; voltages are
 * numbered in0.., fans fan1.. and temperatures temp1.. per chip in the
 * order printed (that numbering is ours, the values, labels and limits
 * are the capture's).  A chip is a line like "k10temp-pci-00c3"; each
 * gets a hwmon directory of its own. */
static size_t from_sensors(char *cap, char *a, size_t len, char *chip)
{
	unsigned int in = 0, fan = 1, temp = 1, chips = 2;
	char *dir = hw_dir, tbase[16] = "";

	for (char *line = strtok(cap, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char *colon = strchr(line, ':'), base[16], attr[32], unit[8];
		double v, lo, hi;
		int used = 0;

		if (colon == NULL && line[0] != ' ' && strchr(line, '-') != NULL &&
		    (strstr(line, "-isa-") != NULL || strstr(line, "-pci-") != NULL ||
		     strstr(line, "-acpi-") != NULL || strstr(line, "-virtual-") != NULL)) {
			snprintf(chip, 32, "%.*s", (int)strcspn(line, "-"), line);
			snprintf(hw_dir, sizeof(hw_dir), "hwmon%u", chips++);
			in = 0;
			fan = temp = 1;
			tbase[0] = '\0';
			continue;
		}
		if (line[0] == ' ' && tbase[0] != '\0' && strchr(line, '(') != NULL) {
			/* "                       (crit = +99.8°C)" */
			len = temp_limits(line, dir, chip, tbase, a, len);
			continue;
		}
		tbase[0] = '\0';
		if (colon != NULL &&
		    sscanf(colon + 1, " %lf%n", &v, &used) == 1 && used > 0 &&
		    strncmp(colon + 1 + used, "°C", strlen("°C")) == 0) {
			snprintf(tbase, sizeof(tbase), "temp%u", temp++);
			len += (size_t)sprintf(a + len, "hw\t%s\t%s\t%s_input\t%.0f\n",
					       dir, chip, tbase, v * 1000.0);
			len = temp_limits(colon + 1 + used, dir, chip, tbase, a, len);
			len += (size_t)sprintf(a + len, "hw\t%s\t%s\t%s_label\t%.*s\n",
					       dir, chip, tbase, (int)(colon - line), line);
			continue;
		}
		if (colon == NULL ||
		    sscanf(colon + 1, " %lf %7s (min = %lf %*s max = %lf", &v,
			   unit, &lo, &hi) != 4)
			continue;
		if (strcmp(unit, "mV") == 0)
			v /= 1000.0;
		if (strcmp(unit, "RPM") == 0)
			snprintf(base, sizeof(base), "fan%u", fan++);
		else
			snprintf(base, sizeof(base), "in%u", in++);
		snprintf(attr, sizeof(attr), "%s_input", base);
		len = hw_rec(a, len, chip, attr, v);
		snprintf(attr, sizeof(attr), "%s_min", base);
		len = hw_rec(a, len, chip, attr, lo);
		snprintf(attr, sizeof(attr), "%s_max", base);
		len = hw_rec(a, len, chip, attr, hi);
		len += (size_t)sprintf(a + len, "hw\t%s\t%s\t%s_label\t%.*s\n",
				       dir, chip, base, (int)(colon - line), line);
	}
	return len;
}

/* `sensors -j`: "chip":{ ... "temp1_input": 58.000 ...}: the sysfs names
 * are in the capture. */
static size_t from_sensors_j(char *cap, char *a, size_t len, char *chip)
{
	for (char *line = strtok(cap, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char name[64];
		double v;

		if (sscanf(line, " \"%63[^\"]\":{", name) == 1 &&
		    strchr(name, '-') != NULL)
			snprintf(chip, 32, "%.*s", (int)strcspn(name, "-"), name);
		else if (sscanf(line, " \"%63[a-z0-9_]\": %lf", name, &v) == 2 &&
			 strchr(name, '_') != NULL)
			len = hw_rec(a, len, chip, name, v);
	}
	return len;
}

/* The sensors of a `sensors` capture, through the probe's hw records and
 * probe_sensors(). */
static void hwmon_of(const char *name, char mode, rig_sensor_list *l)
{
	char *cap = slurp(name, "capture.txt"), chip[32] = "";
	char *a = malloc(65536), err[256];
	size_t len = (size_t)sprintf(a, "rigprobe\t1\tsensors\n");
	struct probe *p = NULL;
	bool trunc;

	snprintf(hw_dir, sizeof(hw_dir), "hwmon2");
	len = mode == 'j'   ? from_sensors_j(cap, a, len, chip)
	      : mode == 'u' ? from_sensors_u(cap, a, len, chip)
			    : from_sensors(cap, a, len, chip);
	sprintf(a + len, "gpu-none\tno nvidia-smi\nrigprobe-end\t1\n");
	assert_int_equal(probe_parse(a, strlen(a), "sensors", &p, &trunc, err,
				     sizeof(err)),
			 RIG_OK);
	assert_int_equal(probe_sensors(p, 0, l, err, sizeof(err)), RIG_OK);
	probe_free(p);
	free(a);
	free(cap);
}

static const rig_sensor *sensor_named(const rig_sensor_list *l,
				      const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].name, name) == 0)
			return &l->items[i];
	fail_msg("no sensor '%s'", name);
	return NULL;
}

static bool has_thresh(const rig_sensor *s, enum rig_threshold t,
		       double want)
{
	return ((s->thresholds_set >> t) & 1u) && s->thresholds[t] > want - 0.01 &&
	       s->thresholds[t] < want + 0.01;
}

static void sensors_clear(rig_sensor_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		rig__sensor_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

#define UPPER ((1u << RIG_THRESH_UNC) | (1u << RIG_THRESH_UCR))
#define LOWER ((1u << RIG_THRESH_LNC) | (1u << RIG_THRESH_LCR))

/* k10temp (EPYC 9224: Tctl and Tccd without limits; EPYC 7252: the
 * driver's constant temp1_max 70 C is not one), nvme (its own high/crit;
 * "low = -273.1 C" is none), bnxt_en, coretemp (high and crit are the
 * CPU's). */
static void hwmon_limits(void **state)
{
	rig_sensor_list l = {0, NULL};
	const rig_sensor *s;
	size_t k10 = 0;

	(void)state;
	hwmon_of("hwmon-k10temp-epyc9224", 's', &l);
	for (size_t i = 0; i < l.count; i++) {
		assert_int_equal(l.items[i].state, RIG_STATE_OK);
		if (strncmp(l.items[i].name, "k10temp ", 8) == 0) {
			k10++;
			assert_int_equal(l.items[i].thresholds_set, 0);
		}
	}
	assert_int_equal(k10, 5);
	s = sensor_named(&l, "k10temp Tctl");
	assert_true(s->reading > 34.7 && s->reading < 34.9);
	s = sensor_named(&l, "nvme Composite");
	assert_true(has_thresh(s, RIG_THRESH_UNC, 95.8));
	assert_true(has_thresh(s, RIG_THRESH_UCR, 99.8));
	assert_int_equal(s->thresholds_set & LOWER, 0);
	s = sensor_named(&l, "nvme Sensor 3");
	assert_true(has_thresh(s, RIG_THRESH_UNC, 95.8));
	assert_int_equal(s->thresholds_set & LOWER, 0);
	/* four bnxt_en chips of one name: #2.. by the order listed */
	s = sensor_named(&l, "bnxt_en#4 temp1");
	assert_true(has_thresh(s, RIG_THRESH_UNC, 95.0));
	assert_true(has_thresh(s, RIG_THRESH_UCR, 105.0));
	sensors_clear(&l);

	hwmon_of("hwmon-k10temp-epyc7252", 'j', &l);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.items[0].name, "k10temp temp1");
	assert_true(l.items[0].reading > 57.9 && l.items[0].reading < 58.1);
	assert_int_equal(l.items[0].thresholds_set & UPPER, 0);
	sensors_clear(&l);

	hwmon_of("hwmon-coretemp-i7", 's', &l);
	assert_int_equal(l.count, 7);
	for (size_t i = 0; i < l.count; i++) {
		assert_int_equal(l.items[i].state, RIG_STATE_OK);
		assert_true(has_thresh(&l.items[i], RIG_THRESH_UNC, 82.0));
		assert_true(has_thresh(&l.items[i], RIG_THRESH_UCR, 100.0));
	}
	assert_true(sensor_named(&l, "coretemp Package id 0")->reading > 56.9);
	sensors_clear(&l);
}

/* ---- nvidia-smi: real --query-gpu rows */

/* The cases without an `expect` that gpu_rows, gpu_q_limits and
 * gpu_q_fewer_limits read (every_case_read checks the directory against
 * this list). */
static const char *const gpu_cases[] = {
	"gpu-520-units",	  "gpu-q-gtx1070-no-maxop",
	"gpu-q-mx330-465",	  "gpu-q-rtx3090-470",
	"gpu-q-rtx4090-tlimit",	  "gpu-q-titanv-451",
	"gpu-rtx2060-460",	  "gpu-rtx2080-440",
};

/* The fields the probe may ask nvidia-smi for (probe.sh's query). */
static const char *const gpu_known[] = {
	"index", "pci.bus_id", "uuid", "temperature.gpu", "fan.speed",
	"power.draw", "power.limit", "utilization.gpu", "memory.used",
	"memory.total", "ecc.errors.corrected.volatile.total",
	"ecc.errors.uncorrected.volatile.total", "clocks_event_reasons.active",
	"clocks_throttle_reasons.active", "pcie.link.gen.current",
	"pcie.link.gen.max", "pcie.link.width.current", "pcie.link.width.max",
};

/* A capture's row as the probe would report it: the fields rigctl asks
 * for, in the capture's order, name last; a unit the header declares
 * ("utilization.gpu [%]") taken off its value, as `nounits` prints it.
 * fields: the capture's field list (its header, or its command's). */
static void gpu_of(const char *fields, const char *row, rig_sensor_list *l)
{
	char *f = strdup(fields), *r = strdup(row), *save, err[256];
	char q[1024] = "", v[1024] = "", name[128] = "", a[4096];
	struct probe *p = NULL;
	char *fld = strtok_r(f, ",", &save);
	char *val = r;
	bool trunc;

	while (fld != NULL) {
		char *next = strstr(val, ", "), *unit;
		bool has_unit;

		while (*fld == ' ')
			fld++;
		if (next != NULL)
			*next = '\0';
		unit = strstr(fld, " [");
		has_unit = unit != NULL;
		if (has_unit)
			*unit = '\0';
		if (has_unit && strchr(val, ' ') != NULL)
			*strchr(val, ' ') = '\0';
		if (strcmp(fld, "name") == 0 || strcmp(fld, "gpu_name") == 0) {
			snprintf(name, sizeof(name), "%s", val);
		} else {
			for (size_t i = 0; i < sizeof(gpu_known) / sizeof(gpu_known[0]); i++)
				if (strcmp(fld, gpu_known[i]) == 0 ||
				    (strcmp(fld, "gpu_bus_id") == 0 &&
				     strcmp(gpu_known[i], "pci.bus_id") == 0)) {
					snprintf(q + strlen(q), sizeof(q) - strlen(q),
						 "%s%s", q[0] != '\0' ? "," : "",
						 gpu_known[i]);
					snprintf(v + strlen(v), sizeof(v) - strlen(v),
						 "%s%s", v[0] != '\0' ? ", " : "", val);
				}
		}
		val = next != NULL ? next + 2 : val + strlen(val);
		fld = strtok_r(NULL, ",", &save);
	}
	if (name[0] != '\0') {
		snprintf(q + strlen(q), sizeof(q) - strlen(q), ",name");
		snprintf(v + strlen(v), sizeof(v) - strlen(v), ", %s", name);
	}
	snprintf(a, sizeof(a),
		 "rigprobe\t1\tsensors\ngpu-fields\t%s\ngpu\t%s\n"
		 "rigprobe-end\t1\n", q, v);
	assert_int_equal(probe_parse(a, strlen(a), "sensors", &p, &trunc, err,
				     sizeof(err)),
			 RIG_OK);
	assert_int_equal(probe_sensors(p, 0, l, err, sizeof(err)), RIG_OK);
	probe_free(p);
	free(f);
	free(r);
}

/* The sensor whose name ends in `what` (" Temperature"), its reading. */
static double gpu_reading(const rig_sensor_list *l, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = 0; i < l->count; i++) {
		size_t m = strlen(l->items[i].name);

		if (m >= n && strcmp(l->items[i].name + m - n, what) == 0) {
			assert_true(l->items[i].has_reading);
			return l->items[i].reading;
		}
	}
	fail_msg("no sensor '...%s'", what);
	return 0;
}

#define NEAR(x, want) assert_true((x) > (want) - 0.005 && (x) < (want) + 0.005)

/* Three drivers' rows (440.64 without units, 460.91.03 and 520.56.06
 * with them): every value rigctl asks for reads as the capture says. */
static void gpu_rows(void **state)
{
	rig_sensor_list l = {0, NULL};
	char *cap, *line, *end;
	unsigned int rows = 0;

	(void)state;
	/* RTX 2080, 440.64: the row inside the tool's "['...', '']" */
	cap = slurp("gpu-rtx2080-440", "capture.txt");
	line = strstr(cap, "--query-gpu=") + strlen("--query-gpu=");
	*strchr(line, ' ') = '\0';
	end = strstr(line + strlen(line) + 1, "['") + 2;
	*strstr(end, "', ''") = '\0';
	gpu_of(line, end, &l);
	NEAR(gpu_reading(&l, " Temperature"), 45);
	NEAR(gpu_reading(&l, " Power"), 176.98);
	NEAR(gpu_reading(&l, " Power Limit"), 200);
	NEAR(gpu_reading(&l, " Utilization"), 86);
	NEAR(gpu_reading(&l, " Fan"), 100);
	NEAR(gpu_reading(&l, " Memory Total"), 7979);
	NEAR(gpu_reading(&l, " PCIe Width"), 8);
	for (size_t i = 0; i < l.count; i++) {
		assert_string_equal(l.items[i].entity, "GeForce RTX 2080");
		assert_int_not_equal(l.items[i].state, RIG_STATE_CRITICAL);
	}
	sensors_clear(&l);
	free(cap);

	/* RTX 2060, 460.91.03: header and units */
	cap = slurp("gpu-rtx2060-460", "capture.txt");
	line = cap;
	end = strchr(cap, '\n');
	*end++ = '\0';
	end[strcspn(end, "\n")] = '\0';
	gpu_of(line, end, &l);
	NEAR(gpu_reading(&l, "00000000:09:00.0 Temperature"), 36);
	NEAR(gpu_reading(&l, " Utilization"), 20);
	NEAR(gpu_reading(&l, " Memory Used"), 682);
	NEAR(gpu_reading(&l, " Memory Total"), 5934);
	assert_string_equal(l.items[0].entity, "GeForce RTX 2060");
	sensors_clear(&l);
	free(cap);

	/* 520.56.06: every row of the loop */
	cap = slurp("gpu-520-units", "capture.txt");
	line = cap;
	end = strchr(cap, '\n');
	*end++ = '\0';
	for (char *row = strtok(end, "\n"); row != NULL;
	     row = strtok(NULL, "\n")) {
		double t, u, fan, w;

		assert_int_equal(sscanf(row, "0, %lf, %lf %%, %*d %%, %lf %%, P3, %lf W",
					&t, &u, &fan, &w),
				 4);
		gpu_of(line, row, &l);
		NEAR(gpu_reading(&l, "GPU0 Temperature"), t);
		NEAR(gpu_reading(&l, "GPU0 Utilization"), u);
		NEAR(gpu_reading(&l, "GPU0 Fan"), fan);
		NEAR(gpu_reading(&l, "GPU0 Power"), w);
		sensors_clear(&l);
		rows++;
	}
	assert_int_equal(rows, 13);
	free(cap);
}

/* ---- nvidia-smi -q: the GPUs' own temperature limits */

/* What the probe makes of `nvidia-smi -q -d TEMPERATURE` printing `text`:
 * the script the library sends (ssh_probe_script), its last line (the call
 * of rp_main) replaced by a call of rp_gpu_limits, run by sh with
 * tests/fake-bin/nvidia-smi on PATH printing `text` as its
 * temperature.txt.  So the shell's own reading of the capture is tested,
 * not a copy of it.  Its records (gpu-tlimit lines), malloc'd. */
static char *probe_gpu_limits(const char *text)
{
	static const char tail[] = "rp_main </dev/null\n";
	static const char *const made[] = {"probe.sh", "temperature.txt",
					   "nvidia-smi.log"};
	const char *top = getenv("top_srcdir");
	size_t n = strlen(ssh_probe_script), tn = strlen(tail), len;
	char dir[] = "/tmp/rig-tlimit-XXXXXX", path[1024], cmd[3072];
	char *out = malloc(65536);
	FILE *f;

	assert_non_null(out);
	assert_non_null(mkdtemp(dir));
	assert_true(n > tn && strcmp(ssh_probe_script + n - tn, tail) == 0);
	snprintf(path, sizeof(path), "%s/probe.sh", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(ssh_probe_script, 1, n - tn, f), n - tn);
	fputs("rp_gpu_limits </dev/null\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/temperature.txt", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "RIG_FAKE_DIR='%s' RIG_T=60 PATH='%s/tests/fake-bin':\"$PATH\" "
		 "sh '%s/probe.sh'",
		 dir, top != NULL ? top : ".", dir);
	f = popen(cmd, "r");
	assert_non_null(f);
	len = fread(out, 1, 65535, f);
	out[len] = '\0';
	assert_int_equal(pclose(f), 0);
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, made[i]);
		unlink(path);
	}
	rmdir(dir);
	return out;
}

/* GPU0 on `bus` at `temp` C, with the probe's limit records `recs`: its
 * Temperature sensor through probe_parse() and probe_sensors(). */
static void gpu_temp_with(const char *bus, double temp, const char *recs,
			  rig_sensor_list *l)
{
	size_t size = strlen(recs) + 256;
	char *a = malloc(size), err[256];
	struct probe *p = NULL;
	bool trunc;

	assert_non_null(a);
	snprintf(a, size,
		 "rigprobe\t1\tsensors\n"
		 "gpu-fields\tindex,pci.bus_id,temperature.gpu\n"
		 "gpu\t0, %s, %g\n%srigprobe-end\t1\n",
		 bus, temp, recs);
	assert_int_equal(probe_parse(a, strlen(a), "sensors", &p, &trunc, err,
				     sizeof(err)),
			 RIG_OK);
	assert_int_equal(probe_sensors(p, 0, l, err, sizeof(err)), RIG_OK);
	probe_free(p);
	free(a);
}

/*
 * Real `nvidia-smi -q -d TEMPERATURE` output (a GeForce MX330 on 465.27,
 * as is) and Temperature sections of `nvidia-smi -q` (an RTX 3090 on
 * 470.63.01, a TITAN V on 451.67), these after their GPU's header line as
 * nvidia-smi prints it (the stored excerpts lack it; SOURCE says where it
 * is from).  NVIDIA's meanings (NVML's nvmlTemperatureThresholds_t): max
 * operating = above it the GPU may be throttled below base clock (the "SW
 * Thermal Slowdown" reason), slowdown = hardware slowdown begins,
 * shutdown = the GPU shuts down to protect itself.  So unc, ucr and unr in
 * that order, and the state at each: the capture's own reading ok, then
 * warning, critical, critical, each saying which limit.  The memory's
 * limit (the TITAN V's "Memory Max Operating Temp : 95 C") is not the
 * GPU's.
 */
static void gpu_q_limits(void **state)
{
	static const struct {
		const char *name, *bus;
		bool add_header; /* the excerpt lacks the GPU's header line */
		double now, maxop, slow, shut;
	} c[] = {
		/* max operating 57 C: the reporter's GPU is throttled above
		 * it, so 57 C is a warning, as NVIDIA means the number */
		{"gpu-q-mx330-465", "00000000:2D:00.0", false, 56, 57, 97, 102},
		{"gpu-q-rtx3090-470", "00000000:3E:00.0", true, 44, 93, 95, 98},
		{"gpu-q-titanv-451", "00000000:83:00.0", true, 43, 91, 97, 100},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *cap = slurp(c[i].name, "capture.txt");
		size_t size = strlen(cap) + 64;
		char *text = malloc(size), *recs, want[128];
		const struct {
			double t;
			rig_state st;
			const char *why;
		} at[] = {
			{c[i].now, RIG_STATE_OK, NULL},
			{c[i].maxop, RIG_STATE_WARNING, "max operating"},
			{c[i].slow, RIG_STATE_CRITICAL, "slowdown"},
			{c[i].shut, RIG_STATE_CRITICAL, "shutdown"},
		};

		assert_non_null(text);
		snprintf(text, size, "%s%s%s%s", c[i].add_header ? "GPU " : "",
			 c[i].add_header ? c[i].bus : "",
			 c[i].add_header ? "\n" : "", cap);
		recs = probe_gpu_limits(text);
		/* one record per limit, values as printed */
		snprintf(want,
			 sizeof(want),
			 "gpu-tlimit\t%s\tshutdown\t%g C\n"
			 "gpu-tlimit\t%s\tslowdown\t%g C\n",
			 c[i].bus, c[i].shut, c[i].bus, c[i].slow);
		assert_non_null(strstr(recs, want));
		snprintf(want, sizeof(want),
			 "gpu-tlimit\t%s\tmax-operating\t%g C\n", c[i].bus,
			 c[i].maxop);
		assert_non_null(strstr(recs, want));
		for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
			rig_sensor_list l = {0, NULL};
			const rig_sensor *s;

			gpu_temp_with(c[i].bus, at[k].t, recs, &l);
			s = sensor_named(&l, "GPU0 Temperature");
			assert_true(has_thresh(s, RIG_THRESH_UNC, c[i].maxop));
			assert_true(has_thresh(s, RIG_THRESH_UCR, c[i].slow));
			assert_true(has_thresh(s, RIG_THRESH_UNR, c[i].shut));
			if (s->state != at[k].st)
				fail_msg("%s at %g C: state %d", c[i].name,
					 at[k].t, (int)s->state);
			if (at[k].why != NULL) {
				snprintf(want, sizeof(want),
					 "the GPU's %s temperature (%g C)",
					 at[k].why, at[k].t);
				assert_non_null(s->state_text);
				assert_non_null(strstr(s->state_text, want));
			}
			sensors_clear(&l);
		}
		/* another GPU's limits are not this one's: defaults */
		{
			rig_sensor_list l = {0, NULL};
			const rig_sensor *s;

			gpu_temp_with("00000000:01:00.0", c[i].now, recs, &l);
			s = sensor_named(&l, "GPU0 Temperature");
			assert_true(has_thresh(s, RIG_THRESH_UNC, 83.0));
			assert_true(has_thresh(s, RIG_THRESH_UCR, 90.0));
			assert_false((s->thresholds_set >> RIG_THRESH_UNR) &
				     1u);
			sensors_clear(&l);
		}
		free(recs);
		free(text);
		free(cap);
	}
}

/*
 * Where nvidia-smi gives fewer limits.  An RTX 4090 on a 535+ driver prints
 * only T.Limit margins: "GPU T.Limit Temp : 42 C" at "GPU Current Temp :
 * 40 C", then shutdown -7, slowdown -2, max operating 0.  NVIDIA documents
 * these as points on the T.Limit scale, not temperatures, and no
 * documented sum turns them into limits for temperature.gpu: reading +
 * margin - value gives 82 / 84 / 89 C, a max operating point under the
 * card's own target temperature (83 C) and a shutdown under the 90 C the
 * RTX 4090 is specified for (docs/commands.md says more).  So no limit
 * record at all and rigctl's defaults: 40 and 82 C ok, 83 C a warning by
 * the default, 84 and 89 C still only warnings (where that sum would put
 * slowdown and shutdown), 90 C critical by the default.  A GTX 1070
 * prints shutdown and slowdown but "GPU Max Operating Temp : N/A": those
 * two, no warning threshold and no default in its place (docs/commands.md:
 * the defaults apply where neither max operating nor slowdown is given).
 */
static void gpu_q_fewer_limits(void **state)
{
	static const char *const tlimit_lines[] = {
		"GPU Current Temp                  : 40 C\n",
		"GPU T.Limit Temp                  : 42 C\n",
		"GPU Shutdown T.Limit Temp         : -7 C\n",
		"GPU Slowdown T.Limit Temp         : -2 C\n",
		"GPU Max Operating T.Limit Temp    : 0 C\n",
		"GPU Target Temperature            : 83 C\n",
	};
	static const struct {
		double t;
		rig_state st;
		const char *why;
	} at[] = {
		{40, RIG_STATE_OK, NULL},
		{82, RIG_STATE_OK, NULL},
		{83, RIG_STATE_WARNING, "rigctl's default warning limit"},
		{84, RIG_STATE_WARNING, "rigctl's default warning limit"},
		{89, RIG_STATE_WARNING, "rigctl's default warning limit"},
		{90, RIG_STATE_CRITICAL, "rigctl's default critical limit"},
	};
	char *cap, *recs;
	rig_sensor_list l = {0, NULL};
	const rig_sensor *s;

	(void)state;
	cap = slurp("gpu-q-rtx4090-tlimit", "capture.txt");
	/* the capture does carry the margins (else this proves nothing) */
	for (size_t i = 0; i < sizeof(tlimit_lines) / sizeof(tlimit_lines[0]);
	     i++)
		if (strstr(cap, tlimit_lines[i]) == NULL)
			fail_msg("capture lacks '%s'", tlimit_lines[i]);
	recs = probe_gpu_limits(cap);
	assert_null(strstr(recs, "gpu-tlimit"));
	for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		gpu_temp_with("00000000:01:00.0", at[k].t, recs, &l);
		s = sensor_named(&l, "GPU0 Temperature");
		assert_true(has_thresh(s, RIG_THRESH_UNC, 83.0));
		assert_true(has_thresh(s, RIG_THRESH_UCR, 90.0));
		assert_false((s->thresholds_set >> RIG_THRESH_UNR) & 1u);
		if (s->state != at[k].st)
			fail_msg("RTX 4090 at %g C: state %d", at[k].t,
				 (int)s->state);
		if (at[k].why != NULL) {
			assert_non_null(s->state_text);
			assert_non_null(strstr(s->state_text, at[k].why));
		}
		sensors_clear(&l);
	}
	free(recs);
	free(cap);

	cap = slurp("gpu-q-gtx1070-no-maxop", "capture.txt");
	recs = probe_gpu_limits(cap);
	assert_non_null(strstr(
		recs, "gpu-tlimit\t00000000:27:00.0\tshutdown\t99 C\n"
		      "gpu-tlimit\t00000000:27:00.0\tslowdown\t96 C\n"
		      "gpu-tlimit\t00000000:27:00.0\tmax-operating\tN/A\n"));
	gpu_temp_with("00000000:27:00.0", 34, recs, &l);
	s = sensor_named(&l, "GPU0 Temperature");
	assert_false((s->thresholds_set >> RIG_THRESH_UNC) & 1u);
	assert_true(has_thresh(s, RIG_THRESH_UCR, 96.0));
	assert_true(has_thresh(s, RIG_THRESH_UNR, 99.0));
	assert_int_equal(s->state, RIG_STATE_OK);
	sensors_clear(&l);
	gpu_temp_with("00000000:27:00.0", 96, recs, &l);
	s = sensor_named(&l, "GPU0 Temperature");
	assert_int_equal(s->state, RIG_STATE_CRITICAL);
	assert_non_null(
		strstr(s->state_text, "the GPU's slowdown temperature (96 C)"));
	sensors_clear(&l);
	free(recs);
	free(cap);
}

/*
 * A case of our own, not a capture: the T.Limit lines in every label form
 * known, and absolute lines whose values are not numbers of degrees.
 * GPU 01 prints the margins as the RTX 4090 capture does, then with the
 * labels drivers from 610 on use ("GPU Current T.Limit Temp", "... T.Limit
 * Temp Specification", as two public projects quote them): no record, so
 * the defaults.  GPU 02 mixes a T.Limit line among absolute ones: the
 * probe passes on the absolute values as printed ("N/A", "1O0 C" with a
 * letter O), the parser takes only "88 C", so unc 88 and nothing else (no
 * default either, since max operating is the GPU's own); 100 C is a
 * warning, not critical: neither the garbage nor the -5 margin became a
 * shutdown temperature.
 */
static void gpu_q_tlimit_labels(void **state)
{
	static const char text[] =
		"GPU 00000000:01:00.0\n"
		"    Temperature\n"
		"        GPU Current Temp                  : 40 C\n"
		"        GPU T.Limit Temp                  : 42 C\n"
		"        GPU Shutdown T.Limit Temp         : -7 C\n"
		"        GPU Slowdown T.Limit Temp         : -2 C\n"
		"        GPU Max Operating T.Limit Temp    : 0 C\n"
		"        GPU Current T.Limit Temp          : 42 C\n"
		"        GPU Shutdown T.Limit Temp Specification : -7 C\n"
		"        GPU Slowdown T.Limit Temp Specification : -2 C\n"
		"        GPU Max Operating T.Limit Temp Specification : 0 C\n"
		"        GPU Target Temperature Specification : 83 C\n"
		"        Memory Max Operating T.Limit Temp : 0 C\n"
		"\n"
		"GPU 00000000:02:00.0\n"
		"    Temperature\n"
		"        GPU Current Temp                  : 45 C\n"
		"        GPU T.Limit Temp                  : 43 C\n"
		"        GPU Shutdown Temp                 : 1O0 C\n"
		"        GPU Shutdown T.Limit Temp         : -5 C\n"
		"        GPU Slowdown Temp                 : N/A\n"
		"        GPU Max Operating Temp            : 88 C\n";
	char *recs;
	rig_sensor_list l = {0, NULL};
	const rig_sensor *s;

	(void)state;
	recs = probe_gpu_limits(text);
	assert_null(strstr(recs, "00000000:01:00.0"));
	assert_string_equal(recs,
			    "gpu-tlimit\t00000000:02:00.0\tshutdown\t1O0 C\n"
			    "gpu-tlimit\t00000000:02:00.0\tslowdown\tN/A\n"
			    "gpu-tlimit\t00000000:02:00.0\tmax-operating\t88 C\n");

	gpu_temp_with("00000000:01:00.0", 84, recs, &l);
	s = sensor_named(&l, "GPU0 Temperature");
	assert_true(has_thresh(s, RIG_THRESH_UNC, 83.0));
	assert_true(has_thresh(s, RIG_THRESH_UCR, 90.0));
	assert_false((s->thresholds_set >> RIG_THRESH_UNR) & 1u);
	assert_int_equal(s->state, RIG_STATE_WARNING);
	sensors_clear(&l);

	gpu_temp_with("00000000:02:00.0", 88, recs, &l);
	s = sensor_named(&l, "GPU0 Temperature");
	assert_int_equal(s->thresholds_set, 1u << RIG_THRESH_UNC);
	assert_true(has_thresh(s, RIG_THRESH_UNC, 88.0));
	assert_int_equal(s->state, RIG_STATE_WARNING);
	assert_non_null(s->state_text);
	assert_non_null(strstr(s->state_text,
			       "the GPU's max operating temperature (88 C)"));
	sensors_clear(&l);
	gpu_temp_with("00000000:02:00.0", 100, recs, &l);
	s = sensor_named(&l, "GPU0 Temperature");
	assert_int_equal(s->state, RIG_STATE_WARNING);
	sensors_clear(&l);
	free(recs);
}

/* The cases without an `expect` that hwmon_not_limits and hwmon_limits
 * read (every_case_read checks the directory against this list). */
static const char *const hwmon_cases[] = {
	"hwmon-coretemp-i7",	  "hwmon-k10temp-epyc7252",
	"hwmon-k10temp-epyc9224", "hwmon-nct6687",
	"hwmon-nct6798",
};

/* nct6687's min/max are the lowest/highest seen, nct6798's 0/0 are
 * unset: no sensor of either is a warning, none has those thresholds. */
static void hwmon_not_limits(void **state)
{
	static const char *const names[] = {"hwmon-nct6687", "hwmon-nct6798"};

	(void)state;
	for (size_t c = 0; c < 2; c++) {
		char *cap = slurp(names[c], "capture.txt"), chip[32] = "";
		char *a = malloc(65536), err[256];
		size_t len = (size_t)sprintf(a, "rigprobe\t1\tsensors\n");
		rig_sensor_list l = {0, NULL};
		struct probe *p = NULL;
		bool trunc;

		snprintf(hw_dir, sizeof(hw_dir), "hwmon2");
		len = c == 0 ? from_sensors(cap, a, len, chip)
			     : from_sensors_u(cap, a, len, chip);
		sprintf(a + len, "gpu-none\tno nvidia-smi\nrigprobe-end\t1\n");
		assert_int_equal(probe_parse(a, strlen(a), "sensors", &p, &trunc,
					     err, sizeof(err)),
				 RIG_OK);
		assert_int_equal(probe_sensors(p, 0, &l, err, sizeof(err)),
				 RIG_OK);
		assert_true(l.count >= 13);
		for (size_t i = 0; i < l.count; i++) {
			const rig_sensor *s = &l.items[i];

			if (s->type != RIG_SENSOR_VOLTAGE &&
			    s->type != RIG_SENSOR_FAN)
				continue;
			if (s->state != RIG_STATE_OK)
				fail_msg("%s: %s is not ok", names[c], s->name);
			/* in0's 0 .. 1.744 V is a range someone set */
			if (c == 1 && strcmp(s->name, "nct6798 in0") == 0)
				assert_true(s->thresholds_set &
					    (1u << RIG_THRESH_UNC));
			else
				assert_int_equal(s->thresholds_set &
							 ((1u << RIG_THRESH_UNC) |
							  (1u << RIG_THRESH_LNC)),
						 0);
		}
		for (size_t i = 0; i < l.count; i++)
			rig__sensor_clear(&l.items[i]);
		free(l.items);
		probe_free(p);
		free(a);
		free(cap);
	}
}

/* ---- SEL names: a record built from the IPMI 2.0 layout (table 32-1),
 * not a capture: this is about matching, not hardware output.  A Power
 * Unit event (type 0x09) from sensor 0x01 of the BMC (0x20, LUN 0), and an
 * SDR whose temperature sensor (type 0x01) is also number 0x01. */
static void sel_name_needs_type(void **state)
{
	static const uint8_t raw[RIG_SEL_RECORD_LEN] = {
		0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x60, 0x20, 0x00,
		0x04, 0x09, 0x01, 0x6f, 0x00, 0xff, 0xff};
	rig_sel_record rec;

	(void)state;
	assert_int_equal(rig_sel_decode(raw, sizeof(raw), &rec), RIG_OK);
	/* CPU1_Temp: same owner, LUN and number, another type */
	assert_false(bmc_sel_from_sensor(&rec, 0x20, 0, 0x01, 0x01));
	/* the Power Unit sensor itself */
	assert_true(bmc_sel_from_sensor(&rec, 0x20, 0, 0x01, 0x09));
	/* another owner or LUN */
	assert_false(bmc_sel_from_sensor(&rec, 0x2c, 0, 0x01, 0x09));
	assert_false(bmc_sel_from_sensor(&rec, 0x20, 1, 0x01, 0x09));
}

/* Cases without an `expect` that tests in other files read: the name
 * must appear in that file (checked), so a case it stops reading fails. */
static const struct {
	const char *name, *file;
} read_elsewhere[] = {
	{"gpu-recovery-reset", "tests/unit/test-gpu-health.c"},
	{"gpu-remap-pending-q", "tests/unit/test-gpu-health.c"},
	{"gpu-remap-rtx-pro-6000", "tests/unit/test-gpu-health.c"},
	{"smi-table-gtx1070-rig", "tests/integration/ssh-sensors.sh"},
};

/* Run last.  Every directory of tests/fixtures/real/ is a case some test
 * reads: with an `expect`, real_captures; without, one named in
 * hwmon_cases or gpu_cases (read here) or in read_elsewhere.  A case
 * nobody reads fails here, by name, and so does a listed name without its
 * directory, or that no test here opened, or that its other file does not
 * name. */
static void every_case_read(void **state)
{
	static const struct {
		const char *const *names;
		size_t n;
	} lists[] = {
		{hwmon_cases, sizeof(hwmon_cases) / sizeof(hwmon_cases[0])},
		{gpu_cases, sizeof(gpu_cases) / sizeof(gpu_cases[0])},
	};
	char **dirs;
	size_t n = case_dirs(&dirs), bad = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		bool listed = false;

		for (size_t k = 0; k < 2; k++)
			for (size_t j = 0; j < lists[k].n; j++)
				listed |= strcmp(lists[k].names[j], dirs[i]) == 0;
		for (size_t j = 0; j < sizeof(read_elsewhere) /
					       sizeof(read_elsewhere[0]);
		     j++)
			listed |= strcmp(read_elsewhere[j].name, dirs[i]) == 0;
		if (has_expect(dirs[i]) && listed) {
			print_error("tests/fixtures/real/%s has an expect file "
				    "and is in a list of cases without one\n",
				    dirs[i]);
			bad++;
		} else if (!has_expect(dirs[i]) && !listed) {
			print_error("tests/fixtures/real/%s: no expect file, "
				    "and no test reads it (add one, or name it "
				    "in hwmon_cases or gpu_cases next to the "
				    "test that reads it, or in read_elsewhere "
				    "with the file that does)\n",
				    dirs[i]);
			bad++;
		}
	}
	for (size_t k = 0; k < 2; k++)
		for (size_t j = 0; j < lists[k].n; j++) {
			const char *name = lists[k].names[j];
			bool found = false, opened = false;

			for (size_t i = 0; i < n; i++)
				found |= strcmp(dirs[i], name) == 0;
			for (size_t i = 0; i < n_read_dirs; i++)
				opened |= strcmp(read_dirs[i], name) == 0;
			if (!found) {
				print_error("%s is listed as a case, but "
					    "tests/fixtures/real/%s is not "
					    "there\n",
					    name, name);
				bad++;
			} else if (!opened) {
				print_error("%s is listed as a case, but no "
					    "test read it (or its test failed "
					    "before)\n",
					    name);
				bad++;
			}
		}
	for (size_t j = 0;
	     j < sizeof(read_elsewhere) / sizeof(read_elsewhere[0]); j++) {
		const char *name = read_elsewhere[j].name;
		char *text = slurp_path(read_elsewhere[j].file);
		bool found = false;

		for (size_t i = 0; i < n; i++)
			found |= strcmp(dirs[i], name) == 0;
		if (!found) {
			print_error("%s is listed as a case, but "
				    "tests/fixtures/real/%s is not there\n",
				    name, name);
			bad++;
		} else {
			/* As code names it, not as a comment may: "NAME" in
			 * C, real/NAME in a script's path. */
			char *quoted = NULL;
			bool c = strstr(read_elsewhere[j].file, ".c") != NULL;

			if (c)
				assert_true(asprintf(&quoted, "\"%s\"", name) > 0);
			else
				assert_true(asprintf(&quoted, "real/%s", name) > 0);
			if (strstr(text, quoted) == NULL) {
				print_error("%s is listed as read by %s, which "
					    "does not name it as %s\n",
					    name, read_elsewhere[j].file, quoted);
				bad++;
			}
			free(quoted);
		}
		free(text);
	}
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_captures),
		cmocka_unit_test(cut_by_end),
		cmocka_unit_test(malformed),
		cmocka_unit_test(edac_two_views),
		cmocka_unit_test(hwmon_not_limits),
		cmocka_unit_test(hwmon_limits),
		cmocka_unit_test(gpu_rows),
		cmocka_unit_test(gpu_q_limits),
		cmocka_unit_test(gpu_q_fewer_limits),
		cmocka_unit_test(gpu_q_tlimit_labels),
		cmocka_unit_test(sel_name_needs_type),
		cmocka_unit_test(every_case_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

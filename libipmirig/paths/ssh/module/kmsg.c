/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Kernel log lines to events: GPU Xid errors, machine checks and EDAC
 * memory errors, from the journal (JSON, one object a line) or dmesg.
 * Pure: probe records in, rig_event items out.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "util/bytes.h"
#include "paths/ssh/module/ssh.h"

/* ------------------------------------------------------------ classify */

/* Xids that mean the GPU or its memory is in trouble, not an application
 * fault: double-bit ECC (48), micro-controller halt (61, 62), row remap
 * failure (64), NVLink (74), fallen off the bus (79), ECC rate (92),
 * contained/uncontained ECC (94, 95), GSP (119, 120), memory (140). */
static bool xid_critical(long xid)
{
	static const long critical[] = {48, 61, 62, 64, 74, 79, 92, 94, 95,
					119, 120, 140};

	for (size_t i = 0; i < ARRAY_SIZE(critical); i++)
		if (critical[i] == xid)
			return true;
	return false;
}

/* "NVRM: Xid (PCI:0000:01:00): 79, pid=1, name=x, GPU has fallen off the
 * bus." (older drivers: no "PCI:", pid='<unknown>'). */
static bool classify_xid(const char *msg, struct kmsg_class *c)
{
	const char *p = strstr(msg, "NVRM: Xid ("), *close, *text;
	char *stop;
	long xid;

	if (p == NULL)
		return false;
	p += strlen("NVRM: Xid (");
	if (strncmp(p, "PCI:", 4) == 0)
		p += 4;
	close = strchr(p, ')');
	if (close == NULL || close[1] != ':')
		return false;
	errno = 0;
	xid = strtol(close + 2, &stop, 10);
	if (stop == close + 2 || errno != 0)
		return false;
	snprintf(c->sensor, sizeof(c->sensor), "%.*s", (int)(close - p), p);
	/* Drop "pid=..., name=..., ": who ran into it is not what it is. */
	text = *stop == ',' ? stop + 1 : stop;
	for (;;) {
		while (*text == ' ')
			text++;
		if (strncmp(text, "pid=", 4) != 0 && strncmp(text, "name=", 5) != 0)
			break;
		if (strchr(text, ',') == NULL)
			break;
		text = strchr(text, ',') + 1;
	}
	snprintf(c->type, sizeof(c->type), "GPU Xid");
	snprintf(c->description, sizeof(c->description), "Xid %ld%s%s", xid,
		 *text != '\0' ? ": " : "", text);
	c->severity = xid_critical(xid) ? RIG_SEVERITY_CRITICAL
					: RIG_SEVERITY_WARNING;
	/* NVIDIA's Xid catalog: 154 states the recovery the GPU now needs
	 * ("GPU recovery action changed from 0x0 (None) to 0x2 (Node Reboot
	 * Required)"); anything but back to None takes the GPU out of
	 * service.  NVLink Xids (144-150) carry the driver's own verdict,
	 * "Fatal" or "Nonfatal". */
	if (xid == 154) {
		const char *to = strstr(text, " to 0x");

		c->severity = to != NULL && strstr(to, "(None)") != NULL
				      ? RIG_SEVERITY_WARNING
				      : RIG_SEVERITY_CRITICAL;
	} else if (xid >= 144 && xid <= 150) {
		c->severity = strstr(text, " Fatal ") != NULL
				      ? RIG_SEVERITY_CRITICAL
				      : RIG_SEVERITY_WARNING;
	}
	return true;
}

static bool contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, word, n) == 0)
			return true;
	return false;
}

/* "mce: [Hardware Error]: ..." and APEI's "{1}[Hardware Error]: ...".  A
 * machine check prints several lines; only those that say what happened
 * are events (not "TSC ...", "PROCESSOR ...", "Run the above..."). */
static bool classify_hwerr(const char *msg, struct kmsg_class *c)
{
	const char *tag = strstr(msg, "[Hardware Error]");
	bool mce = strstr(msg, "mce: ") != NULL;
	const char *text, *cpu;

	if (tag != NULL) {
		text = tag + strlen("[Hardware Error]");
		if (*text == ':')
			text++;
	} else if (mce || contains_ci(msg, "machine check")) {
		text = mce ? strstr(msg, "mce: ") + 5 : msg;
	} else {
		return false;
	}
	while (*text == ' ')
		text++;
	/* Only says records were queued (on some kernels after every
	 * thermal-throttle transition): the records are the events. */
	if (strncasecmp(text, "Machine check events logged", 27) == 0)
		return false;
	if (!contains_ci(text, "machine check") && !contains_ci(text, "error"))
		return false;
	snprintf(c->type, sizeof(c->type), "%s",
		 mce || contains_ci(text, "machine check") ? "Machine Check"
							   : "Hardware Error");
	snprintf(c->description, sizeof(c->description), "%s", text);
	c->severity = contains_ci(text, "uncorrect") || contains_ci(text, "fatal") ||
				      contains_ci(text, "context corrupt") ||
				      contains_ci(text, "exception")
			      ? RIG_SEVERITY_CRITICAL
			      : RIG_SEVERITY_WARNING;
	cpu = strstr(text, "CPU ");
	if (cpu != NULL && isdigit((unsigned char)cpu[4]))
		snprintf(c->sensor, sizeof(c->sensor), "CPU %ld",
			 strtol(cpu + 4, NULL, 10));
	return true;
}

/* "EDAC MC0: 1 CE memory read error on DIMM_A1 (channel:0 slot:0 ...)";
 * UE for uncorrected.  Other EDAC lines (banners, probing) are not
 * events. */
static bool classify_edac(const char *msg, struct kmsg_class *c)
{
	const char *p = strstr(msg, "EDAC MC"), *colon, *kind, *on, *end;
	char *stop;
	long mc;

	if (p == NULL || !isdigit((unsigned char)p[7]))
		return false;
	mc = strtol(p + 7, &stop, 10);
	colon = stop;
	if (*colon != ':' || colon[1] != ' ')
		return false;
	/* Before 3.6 (and on RHEL 6): "EDAC MC1: CE page 0xfbf6f, offset
	 * 0x4d0, grain 8, syndrome 0xc8f4, row 1, channel 0, label "": k8_edac"
	 * and "EDAC MC1: CE - no information available: ...". */
	if ((strncmp(colon + 2, "CE ", 3) == 0 ||
	     strncmp(colon + 2, "UE ", 3) == 0) &&
	    (strncmp(colon + 5, "page ", 5) == 0 ||
	     strncmp(colon + 5, "- no information", 16) == 0 ||
	     strncmp(colon + 5, "row ", 4) == 0)) {
		const char *label = strstr(colon, "label \"");

		c->ecc = colon[2] == 'C' ? RIG_ECC_CORRECTABLE
					 : RIG_ECC_UNCORRECTABLE;
		c->severity = colon[2] == 'C' ? RIG_SEVERITY_WARNING
					      : RIG_SEVERITY_CRITICAL;
		snprintf(c->type, sizeof(c->type), "Memory");
		snprintf(c->sensor, sizeof(c->sensor), "MC%ld", mc);
		snprintf(c->description, sizeof(c->description), "%s",
			 colon + 2);
		if (label != NULL && label[7] != '"' &&
		    strchr(label + 7, '"') != NULL)
			snprintf(c->dimm, sizeof(c->dimm), "%.*s",
				 (int)(strchr(label + 7, '"') - label - 7),
				 label + 7);
		return true;
	}
	if (!isdigit((unsigned char)colon[2]))
		return false;
	strtol(colon + 2, &stop, 10);
	kind = stop;
	if (strncmp(kind, " CE ", 4) != 0 && strncmp(kind, " UE ", 4) != 0)
		return false;
	c->ecc = kind[1] == 'C' ? RIG_ECC_CORRECTABLE : RIG_ECC_UNCORRECTABLE;
	c->severity = kind[1] == 'C' ? RIG_SEVERITY_WARNING
				     : RIG_SEVERITY_CRITICAL;
	snprintf(c->type, sizeof(c->type), "Memory");
	snprintf(c->sensor, sizeof(c->sensor), "MC%ld", mc);
	snprintf(c->description, sizeof(c->description), "%s", colon + 2);
	/* The location only when EDAC names one. */
	on = strstr(kind, " on ");
	if (on != NULL) {
		on += 4;
		end = strstr(on, " (");
		if (end == NULL)
			end = on + strlen(on);
		if (end > on && strncasecmp(on, "unknown", 7) != 0 &&
		    strncasecmp(on, "any memory", 10) != 0)
			snprintf(c->dimm, sizeof(c->dimm), "%.*s", (int)(end - on),
				 on);
	}
	return true;
}

bool kmsg_classify(const char *msg, struct kmsg_class *c)
{
	memset(c, 0, sizeof(*c));
	if (msg == NULL)
		return false;
	if (classify_xid(msg, c) || classify_edac(msg, c))
		return true;
	memset(c, 0, sizeof(*c));
	if (strstr(msg, "EDAC ") != NULL && strstr(msg, "[Hardware Error]") == NULL)
		return false;
	if (classify_hwerr(msg, c))
		return true;
	memset(c, 0, sizeof(*c));
	return false;
}

/* ------------------------------------------------------------ cursors */

rig_status kmsg_since(const char *since, char kind[2], char **value)
{
	const char *rest;
	bool held;

	kind[0] = '\0';
	kind[1] = '\0';
	*value = NULL;
	if (since == NULL || since[0] == '\0')
		return RIG_OK;
	for (const char *p = since; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return RIG_E_INVALID;
	/* "jh:" and "dh:" are the same cursors after a read that held back
	 * a hardware-error record cut by the end of the log (see
	 * probe_events). */
	held = (since[0] == 'j' || since[0] == 'd') && since[1] == 'h' &&
	       since[2] == ':';
	rest = since + (held ? 3 : 2);
	if (!held && since[1] != ':')
		return RIG_E_INVALID;
	if (since[0] == 'j' && *rest != '\0') {
		kind[0] = 'j';
		*value = strdup(rest);
	} else if (since[0] == 'd' && strchr(rest, ':') != NULL) {
		kind[0] = 'd';
		*value = strdup("");
	} else {
		return RIG_E_INVALID;
	}
	return *value != NULL ? RIG_OK : RIG_E_NOMEM;
}

/* "[  123.456789] text": seconds and microseconds since boot. */
static bool dmesg_stamp(const char *line, unsigned long *sec,
			unsigned long *usec, const char **text)
{
	const char *p = line;
	char *stop;

	if (*p++ != '[')
		return false;
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	*sec = strtoul(p, &stop, 10);
	if (*stop != '.' || !isdigit((unsigned char)stop[1]))
		return false;
	*usec = strtoul(stop + 1, &stop, 10);
	if (*stop != ']')
		return false;
	*text = stop[1] == ' ' ? stop + 2 : stop + 1;
	return true;
}

/* ------------------------------------------------------------ records */

/*
 * The kernel prints one hardware error as a block of lines: a machine
 * check as "CPU 0: Machine Check: 0 Bank 4: <status>", "TSC ...",
 * "PROCESSOR ..." (AMD's decoder: "Corrected error, no action required.",
 * "CPU:6 (10:8:0) MC4_STATUS[...]: 0x...", "cache level: ..."); APEI/GHES
 * as "{N}[Hardware Error]: ..." lines sharing N; the EDAC line that decodes
 * the same record and "Memory failure: 0x<pfn>: ..." for its page.  PCIe
 * AER, NVRM and thermal-throttle messages come in bursts too.  A block is
 * one event: its raw keeps every line, its id is its first line's.
 */
enum kfam { F_NONE, F_MCE, F_GHES, F_EDAC, F_MEMFAIL, F_AER, F_XID, F_NVGPU,
	    F_THERM, F_LINE };

enum krole { K_NONE, K_START, K_CONT, K_DECODE, K_SINGLE };

struct kline {
	char *id;
	char *msg;
	bool has_time;
	int64_t t;
	bool has_us;
	unsigned long long us; /* for "printed together" only */
};

struct kctx {
	rig_event_list tmp;
	size_t *first; /* per event in tmp: the index of its first line */
	size_t *last;  /* ... and of its last */
	size_t first_cap;
	unsigned long long d_from_us; /* a dh:...+N cursor's stamp, or max */
	unsigned long d_from_skip;    /* ... and its N */
	bool nomem;
	struct kline *lines;
	size_t n, cap;
};

/* Printed together: a record's lines come within microseconds; a second
 * is far more than that and less than any two records worth merging. */
#define KMSG_BLOCK_US 1000000ULL

static bool starts(const char *s, const char *w)
{
	return strncmp(s, w, strlen(w)) == 0;
}

/* The text after "[Hardware Error]:" and, for GHES, its record number. */
static const char *hwerr_text(const char *msg, long *ghes)
{
	const char *tag = strstr(msg, "[Hardware Error]:");

	*ghes = -1;
	if (tag == NULL)
		return NULL;
	if (tag > msg && tag[-1] == '}') {
		const char *open = tag - 1;

		while (open > msg && isdigit((unsigned char)open[-1]))
			open--;
		if (open > msg && open[-1] == '{' && open < tag - 1)
			*ghes = strtol(open, NULL, 10);
	}
	tag += strlen("[Hardware Error]:");
	while (*tag == ' ')
		tag++;
	return tag;
}

/* "0000:01:00.0" or "0000:01:00" from the text at p, in out. */
static void pci_addr(const char *p, char *out, size_t len)
{
	size_t n = strspn(p, "0123456789abcdefABCDEF:.");

	while (n > 0 && (p[n - 1] == ':' || p[n - 1] == '.'))
		n--; /* "0000:01:00.0: RmInitAdapter", "...00.0 has" */
	if (n > 0 && n < len) {
		memcpy(out, p, n);
		out[n] = '\0';
	} else {
		out[0] = '\0';
	}
}

/* The device a driver message is about: "pcieport 0000:00:1c.5: ..." */
static void msg_device(const char *msg, char *out, size_t len)
{
	const char *sp = strchr(msg, ' ');

	out[0] = '\0';
	if (sp != NULL && isxdigit((unsigned char)sp[1]) && strchr(sp + 1, ':'))
		pci_addr(sp + 1, out, len);
}

/* "mce: ... memory error ...": the kernel's words on a machine check's
 * handling, not the record's lines. */
static bool mce_aside(const char *msg)
{
	return strstr(msg, "mce: ") != NULL && contains_ci(msg, "memory error") &&
	       strstr(msg, "[Hardware Error]") == NULL;
}

/* What role a line plays, in which family; key: GHES number, PCI address
 * or page, to tell records of the same family apart. */
static enum krole line_role(const char *msg, enum kfam *fam, char *key,
			    size_t keylen)
{
	const char *t, *p;
	long ghes;

	key[0] = '\0';
	*fam = F_NONE;
	if (strstr(msg, "NVRM: Xid (") != NULL) {
		struct kmsg_class c;

		if (!kmsg_classify(msg, &c))
			return K_NONE;
		*fam = F_XID;
		snprintf(key, keylen, "%s", c.sensor);
		return K_START;
	}
	if ((p = strstr(msg, "NVRM: GPU at ")) != NULL &&
	    strstr(msg, "fallen off the bus") != NULL) {
		*fam = F_NVGPU;
		pci_addr(p + 13, key, keylen);
		return K_START;
	}
	if ((p = strstr(msg, "NVRM: GPU ")) != NULL &&
	    (strstr(msg, "fallen off the bus") != NULL ||
	     strstr(msg, "RmInitAdapter failed") != NULL)) {
		*fam = F_NVGPU;
		pci_addr(p + 10, key, keylen);
		return K_START;
	}
	if ((p = strstr(msg, "NVRM: The NVIDIA GPU ")) != NULL &&
	    strstr(msg, "fallen off the bus") != NULL) {
		*fam = F_NVGPU;
		pci_addr(p + 21, key, keylen);
		return K_START;
	}
	if ((p = strstr(msg, "NVRM: GPU ")) != NULL &&
	    strstr(msg, "rm_init_adapter failed") != NULL) {
		*fam = F_NVGPU;
		pci_addr(p + 10, key, keylen);
		return K_CONT;
	}
	if (strstr(msg, "temperature above threshold, cpu clock throttled") !=
		    NULL ||
	    strstr(msg, "temperature above threshold, CPU clock throttled") !=
		    NULL) {
		*fam = F_THERM;
		return K_START;
	}
	if (strstr(msg, "available PCIe bandwidth, limited by ") != NULL) {
		*fam = F_LINE;
		return K_SINGLE;
	}
	if ((p = strstr(msg, "Memory failure: 0x")) != NULL) {
		*fam = F_MEMFAIL;
		pci_addr(p + 18, key, keylen); /* the page, "1f2e3:" */
		return K_DECODE;
	}
	if (strstr(msg, "AER: ") != NULL &&
	    strstr(msg, " error received") != NULL) {
		*fam = F_AER;
		return K_START;
	}
	if (strstr(msg, "PCIe Bus Error: ") != NULL) {
		*fam = F_AER;
		return K_DECODE;
	}
	if (strstr(msg, "error status/mask=") != NULL ||
	    strstr(msg, "Error of this Agent") != NULL ||
	    strstr(msg, "can't find device of ID") != NULL ||
	    (strstr(msg, "AER: ") != NULL && strstr(msg, "] ") != NULL) ||
	    ((p = strstr(msg, ":    [")) != NULL &&
	     strstr(p, "] ") != NULL)) {
		*fam = F_AER;
		return K_CONT;
	}
	t = hwerr_text(msg, &ghes);
	if (t != NULL && ghes >= 0) {
		*fam = F_GHES;
		snprintf(key, keylen, "%ld", ghes);
		return starts(t, "Hardware error from APEI") ? K_START : K_CONT;
	}
	if (t != NULL) {
		if (starts(t, "Machine check events logged"))
			return K_NONE;
		*fam = F_MCE;
		if ((starts(t, "CPU ") && strstr(t, "Machine Check") != NULL) ||
		    starts(t, "Corrected error, no action required") ||
		    starts(t, "Deferred error, no action required") ||
		    starts(t, "Uncorrected, software") ||
		    starts(t, "System Fatal error") ||
		    (starts(t, "MC") && strstr(t, " Error") != NULL &&
		     strstr(t, "_STATUS") == NULL &&
		     strstr(t, "_ADDR") == NULL))
			return K_START;
		return K_CONT;
	}
	if ((p = strstr(msg, "EDAC ")) != NULL) {
		struct kmsg_class c;

		memset(&c, 0, sizeof(c));
		if (classify_edac(msg, &c)) {
			*fam = F_EDAC;
			snprintf(key, keylen, "%s", c.sensor);
			return K_DECODE;
		}
		/* "EDAC sbridge MC1: HANDLING MCE MEMORY ERROR" and the
		 * driver's decoding lines after it; not banners. */
		p += 5;
		if (!starts(p, "MC") && strstr(p, " MC") != NULL &&
		    strchr(p, ':') != NULL &&
		    strstr(p, " MC") < strchr(p, ':')) {
			*fam = F_EDAC;
			return contains_ci(p, "error") && !contains_ci(p, "giving out")
				       ? K_START
				       : K_CONT;
		}
		return K_NONE;
	}
	if (strstr(msg, "mce: ") != NULL &&
	    contains_ci(msg, "machine check")) {
		*fam = F_MCE;
		return K_START;
	}
	/* The kernel's handling of the record it just printed (or is about
	 * to: the firmware's GHES copy may come after it): "mce: Uncorrected
	 * hardware memory error in user-access at 79d6c8440", "mce: Memory
	 * error not recovered". */
	if (mce_aside(msg)) {
		*fam = F_MCE;
		return K_CONT;
	}
	return K_NONE;
}

/* A block being built: lines[first..] that belong to it, in order. */
struct kblock {
	bool open;
	enum kfam fam;
	char key[64];
	size_t *idx;
	size_t n, cap;
	bool complete;  /* its closing line came (closes_record, EDAC) */
	bool decoded;   /* an EDAC CE/UE line joined */
	bool memfail;   /* a "Memory failure" line joined */
	bool status;    /* a machine check's status word came */
	bool lead;      /* only the kernel's "mce: ... memory error" so far */
	char page[64];  /* as long as a key: it is one */
};

/* The status word of a machine check: "Bank 4: a600000000020408" or AMD's
 * "MC4_STATUS[...]: 0x9c414000a0080813" (*smca: the bits above 31 mean
 * what AMD's Scalable MCA says, not Intel's corrected-error count).  Only
 * up to the end of the line: a line without a word does not borrow the
 * next one's. */
static bool mce_status(const char *text, unsigned long long *st, bool *smca)
{
	size_t len = strcspn(text, "\n");
	const char *p = strstr(text, " Bank "), *q;
	char *stop;

	*smca = false;
	if (p != NULL && p < text + len && (q = strstr(p, ": ")) != NULL &&
	    q < text + len && isxdigit((unsigned char)q[2])) {
		*st = strtoull(q + 2, &stop, 16);
		if (stop != q + 2)
			return true;
	}
	p = strstr(text, "_STATUS");
	if (p != NULL && p < text + len && (q = strstr(p, ": 0x")) != NULL &&
	    q < text + len && isxdigit((unsigned char)q[4])) {
		*st = strtoull(q + 4, &stop, 16);
		*smca = true;
		if (stop != q + 4)
			return true;
	}
	return false;
}

#define MCI_VAL (1ULL << 63)
#define MCI_UC (1ULL << 61)
#define MCI_PCC (1ULL << 57)
/* AMD SMCA: an uncorrectable error the hardware deferred (the data is
 * poisoned, not yet consumed); the kernel prints "Deferred error, no
 * action required." and amd64_edac counts it as UE. */
#define SMCA_DEFERRED (1ULL << 44)

/* The value after "name" up to the end of the line. */
static void after(const char *text, const char *name, char *out, size_t len)
{
	const char *p = strstr(text, name);
	size_t n;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += strlen(name);
	while (*p == ' ')
		p++;
	n = strcspn(p, "\n");
	while (n > 0 && p[n - 1] == ' ')
		n--;
	snprintf(out, len, "%.*s", (int)n, p);
}

static void classify_ghes(const char *raw, struct kmsg_class *c)
{
	char sev[32], where[64];
	bool memory = strstr(raw, "section_type: memory error") != NULL;

	after(raw, "event severity:", sev, sizeof(sev));
	if (sev[0] == '\0') {
		/* A piece without its header lines: the first section's
		 * "Error 0, type: corrected" says the same per section. */
		const char *t = strstr(raw, ", type: ");

		if (t != NULL && strstr(raw, "Error ") != NULL &&
		    strstr(raw, "Error ") < t)
			after(t, ", type:", sev, sizeof(sev));
	}
	/* CPER: "recoverable" is an uncorrected error the system survived.
	 * With neither line the record does not say: a warning (it is a
	 * hardware error), never a guess of fatal. */
	c->severity = sev[0] == '\0' || strcmp(sev, "corrected") == 0 ||
			      strncmp(sev, "info", 4) == 0
			      ? RIG_SEVERITY_WARNING
			      : RIG_SEVERITY_CRITICAL;
	snprintf(c->type, sizeof(c->type), "%s",
		 memory ? "Memory" : "Hardware Error");
	if (memory) {
		c->ecc = c->severity == RIG_SEVERITY_WARNING
				 ? RIG_ECC_CORRECTABLE
				 : RIG_ECC_UNCORRECTABLE;
		after(raw, "DIMM location:", where, sizeof(where));
		if (where[0] == '\0' || starts(where, "not present"))
			after(raw, "fru_text:", where, sizeof(where));
		snprintf(c->dimm, sizeof(c->dimm), "%s", where);
	}
	after(raw, "section_type:", where, sizeof(where));
	snprintf(c->description, sizeof(c->description),
		 "APEI: %s %s%s%s", sev[0] != '\0' ? sev : "unknown severity",
		 where[0] != '\0' ? where : "hardware error",
		 c->dimm[0] != '\0' ? " on " : "", c->dimm);
}

static void classify_mce(const char *raw, struct kmsg_class *c)
{
	unsigned long long st = 0;
	bool has = false, memory, smca = false, uc;
	const char *cpu = strstr(raw, "CPU ");
	const char *line = raw;

	/* The status word of the first record line that has one. */
	while (line != NULL && !has) {
		has = mce_status(line, &st, &smca);
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	/* Intel's compound error code 0000 0000 1MMM CCCC: memory
	 * controller; AMD's decoder names the DRAM. */
	memory = (has && (st & 0xef80ULL) == 0x0080ULL) ||
		 strstr(raw, "DRAM ECC") != NULL ||
		 strstr(raw, "Unified Memory Controller") != NULL;
	snprintf(c->type, sizeof(c->type), "%s",
		 memory ? "Memory" : "Machine Check");
	if (has && (st & MCI_VAL)) {
		bool deferred = smca && (st & SMCA_DEFERRED) && !(st & MCI_UC);

		uc = (st & MCI_UC) || deferred;
		c->severity = uc ? RIG_SEVERITY_CRITICAL : RIG_SEVERITY_WARNING;
		snprintf(c->description, sizeof(c->description),
			 "%s error%s (status 0x%016llx)",
			 deferred ? "deferred (uncorrected)"
			 : uc	  ? "uncorrected"
				  : "corrected",
			 (st & MCI_PCC) ? ", processor context corrupt" : "",
			 st);
	} else {
		/* No status word: the decoder's words. */
		c->severity = contains_ci(raw, "uncorrect") ||
					      contains_ci(raw, "fatal") ||
					      contains_ci(raw, "context corrupt")
				      ? RIG_SEVERITY_CRITICAL
				      : RIG_SEVERITY_WARNING;
		snprintf(c->description, sizeof(c->description), "%.*s",
			 (int)strcspn(raw, "\n"), raw);
	}
	if (memory)
		c->ecc = c->severity == RIG_SEVERITY_CRITICAL
				 ? RIG_ECC_UNCORRECTABLE
				 : RIG_ECC_CORRECTABLE;
	if (cpu == NULL)
		cpu = strstr(raw, "CPU:");
	if (cpu != NULL && isdigit((unsigned char)cpu[4]))
		snprintf(c->sensor, sizeof(c->sensor), "CPU %ld",
			 strtol(cpu + 4, NULL, 10));
}

static void classify_aer(const char *raw, struct kmsg_class *c)
{
	const char *bus = strstr(raw, "PCIe Bus Error: ");
	char dev[32];

	c->severity = strstr(raw, "Uncorrected") != NULL ||
			      strstr(raw, "Fatal") != NULL
			      ? RIG_SEVERITY_CRITICAL
			      : RIG_SEVERITY_WARNING;
	snprintf(c->type, sizeof(c->type), "PCIe AER");
	msg_device(raw, dev, sizeof(dev));
	snprintf(c->sensor, sizeof(c->sensor), "%s", dev);
	if (bus != NULL)
		snprintf(c->description, sizeof(c->description), "%.*s",
			 (int)strcspn(bus, "\n"), bus);
	else
		snprintf(c->description, sizeof(c->description), "%.*s",
			 (int)strcspn(strstr(raw, "AER: ") != NULL
					      ? strstr(raw, "AER: ") + 5
					      : raw,
				      "\n"),
			 strstr(raw, "AER: ") != NULL ? strstr(raw, "AER: ") + 5
						      : raw);
}

/* The event of a block, from all its lines. */
static void classify_block(const struct kblock *b, const char *raw,
			   const char *first, struct kmsg_class *c)
{
	const char *edac = strstr(raw, "EDAC MC");
	struct kmsg_class e;
	char *nl;

	memset(c, 0, sizeof(*c));
	switch (b->fam) {
	case F_GHES:
		classify_ghes(raw, c);
		break;
	case F_MCE:
		classify_mce(raw, c);
		break;
	case F_AER:
		classify_aer(raw, c);
		return;
	case F_XID:
		(void)kmsg_classify(first, c);
		return;
	case F_NVGPU:
		c->severity = RIG_SEVERITY_CRITICAL;
		snprintf(c->type, sizeof(c->type), "GPU");
		snprintf(c->sensor, sizeof(c->sensor), "%s", b->key);
		snprintf(c->description, sizeof(c->description), "%s",
			 strstr(first, "RmInitAdapter") != NULL
				 ? strstr(first, "RmInitAdapter")
				 : "GPU has fallen off the bus");
		return;
	case F_THERM:
		c->severity = RIG_SEVERITY_WARNING;
		snprintf(c->type, sizeof(c->type), "CPU Thermal");
		snprintf(c->description, sizeof(c->description), "%s%s",
			 strstr(first, "CPU") != NULL ? strstr(first, "CPU")
						       : first,
			 b->n > 1 ? " (and more CPUs)" : "");
		return;
	case F_LINE: {
		char dev[32];
		const char *text = first;

		c->severity = RIG_SEVERITY_WARNING;
		snprintf(c->type, sizeof(c->type), "PCIe Link");
		msg_device(first, dev, sizeof(dev));
		snprintf(c->sensor, sizeof(c->sensor), "%s", dev);
		/* "<device>: 2.000 Gb/s available PCIe bandwidth, ...": the
		 * text after the device, when the line has one. */
		if (strstr(first, "available PCIe bandwidth") != NULL &&
		    strstr(first, ": ") != NULL)
			text = strstr(first, ": ") + 2;
		snprintf(c->description, sizeof(c->description), "%s", text);
		return;
	}
	case F_MEMFAIL: {
		const char *m = strstr(raw, "Memory failure: ");

		/* The text after the marker; the whole line if it is not
		 * there (the family was told by the marker, but be sure). */
		m = m != NULL ? m + 16 : raw;

		snprintf(c->type, sizeof(c->type), "Memory");
		c->ecc = RIG_ECC_UNCORRECTABLE;
		/* The kernel took the page out of use ("Recovered") or
		 * could not ("Failed", "Ignored": the data may be lost). */
		c->severity = strstr(raw, ": Failed") != NULL ||
				      strstr(raw, ": Ignored") != NULL ||
				      strstr(raw, "unhandlable") != NULL
				      ? RIG_SEVERITY_CRITICAL
				      : RIG_SEVERITY_WARNING;
		snprintf(c->description, sizeof(c->description), "%.*s",
			 (int)strcspn(m, "\n"), m);
		return;
	}
	case F_EDAC:
	case F_NONE:
		break;
	}
	/* The EDAC line decoding the record names the controller and DIMM. */
	while (edac != NULL) {
		nl = strchr(edac, '\n');
		if (nl != NULL)
			*nl = '\0';
		memset(&e, 0, sizeof(e));
		if (classify_edac(edac, &e)) {
			if (nl != NULL)
				*nl = '\n';
			if (b->fam == F_EDAC ||
			    (c->ecc == RIG_ECC_NONE && c->type[0] != 'H')) {
				*c = e;
			} else {
				snprintf(c->sensor, sizeof(c->sensor), "%s",
					 e.sensor);
				if (c->dimm[0] == '\0')
					snprintf(c->dimm, sizeof(c->dimm), "%s",
						 e.dimm);
				snprintf(c->type, sizeof(c->type), "Memory");
				if (c->ecc == RIG_ECC_NONE)
					c->ecc = e.ecc;
			}
			break;
		}
		if (nl != NULL)
			*nl = '\n';
		edac = strstr(edac + 1, "EDAC MC");
	}
	if (c->type[0] == '\0') {
		/* A driver's EDAC block without a CE/UE line. */
		snprintf(c->type, sizeof(c->type), "Memory");
		c->severity = contains_ci(raw, "uncorrect") ||
					      contains_ci(raw, " UE ")
				      ? RIG_SEVERITY_CRITICAL
				      : RIG_SEVERITY_WARNING;
		snprintf(c->description, sizeof(c->description), "%s", first);
	}
}

/* ------------------------------------------------------------ events */

static void add_line(struct kctx *k, const char *id, const char *msg,
		     bool has_time, int64_t t, bool has_us,
		     unsigned long long us)
{
	struct kline *l;

	if (k->n == k->cap) {
		size_t cap = k->cap != 0 ? k->cap * 2 : 16;
		struct kline *nl = realloc(k->lines, cap * sizeof(*nl));

		if (nl == NULL) {
			k->nomem = true;
			return;
		}
		k->lines = nl;
		k->cap = cap;
	}
	l = &k->lines[k->n];
	l->id = strdup(id);
	l->msg = strdup(msg);
	l->has_time = has_time;
	l->t = t;
	l->has_us = has_us;
	l->us = us;
	if (l->id == NULL || l->msg == NULL) {
		free(l->id);
		free(l->msg);
		k->nomem = true;
		return;
	}
	k->n++;
}

static void emit(struct kctx *k, struct kblock *b)
{
	struct kmsg_class c;
	size_t len = 0;
	char *raw, *o;
	const struct kline *f;
	rig_event *e;
	size_t first, n_lines;

	if (!b->open || b->n == 0) {
		b->open = false;
		b->n = 0;
		return;
	}
	first = b->idx[0];
	n_lines = b->n;
	f = &k->lines[first];
	for (size_t i = 0; i < b->n; i++)
		len += strlen(k->lines[b->idx[i]].msg) + 1;
	raw = malloc(len);
	if (raw == NULL) {
		k->nomem = true;
		b->open = false;
		b->n = 0;
		return;
	}
	o = raw;
	for (size_t i = 0; i < b->n; i++) {
		size_t n = strlen(k->lines[b->idx[i]].msg);

		memcpy(o, k->lines[b->idx[i]].msg, n);
		o += n;
		*o++ = i + 1 < b->n ? '\n' : '\0';
	}
	classify_block(b, raw, f->msg, &c);
	b->open = false;
	b->n = 0;
	if (k->tmp.count == k->first_cap) {
		size_t cap = k->first_cap != 0 ? k->first_cap * 2 : 16;
		size_t *nf = realloc(k->first, cap * sizeof(*nf)), *nl;

		if (nf != NULL)
			k->first = nf;
		nl = nf != NULL ? realloc(k->last, cap * sizeof(*nl)) : NULL;
		if (nl == NULL) {
			free(raw);
			k->nomem = true;
			return;
		}
		k->last = nl;
		k->first_cap = cap;
	}
	e = rig__event_list_add(&k->tmp);
	if (e == NULL) {
		free(raw);
		k->nomem = true;
		return;
	}
	k->first[k->tmp.count - 1] = first;
	k->last[k->tmp.count - 1] = b->idx[n_lines - 1];
	e->id = strdup(f->id);
	e->source = RIG_PATH_SSH;
	e->has_time = f->has_time;
	e->time = f->t;
	e->sensor = c.sensor[0] != '\0' ? strdup(c.sensor) : NULL;
	e->type = strdup(c.type);
	e->severity = c.severity;
	e->description = strdup(c.description);
	e->raw = raw;
	e->ecc = c.ecc;
	e->dimm = c.dimm[0] != '\0' ? strdup(c.dimm) : NULL;
	if (e->id == NULL || e->type == NULL || e->description == NULL ||
	    (c.sensor[0] != '\0' && e->sensor == NULL) ||
	    (c.dimm[0] != '\0' && e->dimm == NULL))
		k->nomem = true;
}

static void block_add(struct kctx *k, struct kblock *b, size_t i)
{
	if (b->n == b->cap) {
		size_t cap = b->cap != 0 ? b->cap * 2 : 8;
		size_t *ni = realloc(b->idx, cap * sizeof(*ni));

		if (ni == NULL) {
			k->nomem = true;
			return;
		}
		b->idx = ni;
		b->cap = cap;
	}
	b->idx[b->n++] = i;
}

static void block_start(struct kctx *k, struct kblock *b, size_t i,
			enum kfam fam, const char *key)
{
	b->open = true;
	b->fam = fam;
	snprintf(b->key, sizeof(b->key), "%s", key);
	b->n = 0;
	b->complete = false;
	b->decoded = false;
	b->memfail = false;
	b->status = false;
	b->lead = false;
	b->page[0] = '\0';
	block_add(k, b, i);
}

static bool hw_record(enum kfam f)
{
	return f == F_MCE || f == F_GHES || f == F_EDAC;
}

/* Same GPU: the Xid's "0000:01:00" is the "0000:01:00.0" of others. */
static bool same_gpu(const char *a, const char *b)
{
	size_t n = strlen(a) < strlen(b) ? strlen(a) : strlen(b);

	return n > 0 && strncmp(a, b, n) == 0;
}

/* Does line i (role r, family f, key) continue block b? */
static bool joins(const struct kctx *k, const struct kblock *b, size_t i,
		  enum krole r, enum kfam f, const char *key)
{
	const struct kline *first, *l = &k->lines[i];

	if (!b->open || b->n == 0)
		return false;
	first = &k->lines[b->idx[0]];
	if (first->has_us && l->has_us && l->us > first->us + KMSG_BLOCK_US)
		return false;
	/* The kernel's word on a memory error printed before the record it
	 * is about: the record takes it. */
	if (b->lead && hw_record(f) && (r == K_START || r == K_DECODE))
		return true;
	switch (f) {
	case F_GHES:
		return r == K_CONT && b->fam == F_GHES &&
		       strcmp(b->key, key) == 0;
	case F_MCE: {
		unsigned long long st;
		bool smca;

		/* One status word per record: a second one is the next
		 * record, even when its header line was lost. */
		if (b->status && mce_status(l->msg, &st, &smca))
			return false;
		return r == K_CONT && (b->fam == F_MCE || b->fam == F_EDAC);
	}
	case F_EDAC:
		if (r == K_DECODE)
			return hw_record(b->fam) && !b->decoded;
		/* A driver's decoding line ("EDAC amd64 MC1: CE
		 * ERROR_ADDRESS=...") inside a record it decodes. */
		return (r == K_CONT || (r == K_START && !b->decoded)) &&
		       hw_record(b->fam);
	case F_MEMFAIL:
		return (hw_record(b->fam) || b->fam == F_MEMFAIL) &&
		       (b->page[0] == '\0' || strcmp(b->page, key) == 0);
	case F_AER:
		return (r == K_CONT || r == K_DECODE) && b->fam == F_AER;
	case F_NVGPU:
		return (b->fam == F_NVGPU || b->fam == F_XID) &&
		       same_gpu(b->key, key) &&
		       (r == K_CONT || (b->fam == F_XID &&
					strstr(l->msg, "fallen off") != NULL &&
					strstr(k->lines[b->idx[0]].msg,
					       "fallen off") != NULL) ||
			(b->fam == F_NVGPU &&
			 strstr(l->msg, "fallen off") != NULL &&
			 strstr(first->msg, "fallen off") != NULL));
	case F_THERM:
		return b->fam == F_THERM;
	case F_XID:
	case F_LINE:
	case F_NONE:
		break;
	}
	return false;
}

/* A machine check's last line: Intel's "PROCESSOR ..."; AMD's decoder
 * ends with the error code's meaning, "cache level: ..." or "internal:
 * ..." (drivers/edac/mce_amd.c, after the bank's and the EDAC lines). */
static bool closes_record(const char *msg)
{
	const char *t = strstr(msg, "[Hardware Error]: ");

	if (strstr(msg, "PROCESSOR ") != NULL)
		return true;
	if (t == NULL || (t > msg && t[-1] == '}'))
		return false; /* GHES: "{N}[Hardware Error]: ..." */
	t += strlen("[Hardware Error]: ");
	return starts(t, "cache level: ") || starts(t, "internal: ");
}

/* A machine check's line with its status word: the record has one now. */
static void note_status(struct kblock *b, enum kfam f, const char *msg)
{
	unsigned long long st;
	bool smca;

	if (f == F_MCE && mce_status(msg, &st, &smca))
		b->status = true;
}

/* GHES records set aside while another block is built: "{1}" and "{2}"
 * printed by two CPUs at once come line by line into each other, and
 * each line's number says which record it belongs to. */
#define KMSG_PARKED 8

struct kgroup {
	struct kblock b; /* the block being built */
	struct kblock park[KMSG_PARKED];
};

static bool expired(const struct kctx *k, const struct kblock *b, size_t i)
{
	const struct kline *first = &k->lines[b->idx[0]], *l = &k->lines[i];

	return first->has_us && l->has_us && l->us > first->us + KMSG_BLOCK_US;
}

/* The set-aside GHES record a line of number `key` continues, or NULL. */
static struct kblock *parked_of(struct kgroup *g, const char *key)
{
	for (size_t j = 0; j < KMSG_PARKED; j++)
		if (g->park[j].open && strcmp(g->park[j].key, key) == 0)
			return &g->park[j];
	return NULL;
}

/* The block being built makes way for line i: a GHES record is set
 * aside (its later lines may still come), anything else is done. */
static void make_way(struct kctx *k, struct kgroup *g, size_t i)
{
	struct kblock *slot = NULL, t;

	if (!g->b.open || g->b.n == 0 || g->b.fam != F_GHES ||
	    expired(k, &g->b, i)) {
		emit(k, &g->b);
		return;
	}
	for (size_t j = 0; j < KMSG_PARKED && slot == NULL; j++)
		if (!g->park[j].open)
			slot = &g->park[j];
	if (slot == NULL) { /* full: the oldest is done */
		slot = &g->park[0];
		for (size_t j = 1; j < KMSG_PARKED; j++)
			if (g->park[j].idx[0] < slot->idx[0])
				slot = &g->park[j];
		emit(k, slot);
	}
	t = *slot; /* swap: the slot's idx array is reused by b */
	*slot = g->b;
	g->b = t;
	g->b.open = false;
	g->b.n = 0;
}

/* Events in the order of their first lines (set-aside records are
 * emitted late); then those at or after line `hold` dropped: the next
 * read starts there. */
static void order_events(struct kctx *k, size_t hold)
{
	size_t n = k->tmp.count, keep = 0;

	for (size_t i = 1; i < n; i++) {
		rig_event e = k->tmp.items[i];
		size_t f = k->first[i], l = k->last[i], j = i;

		for (; j > 0 && k->first[j - 1] > f; j--) {
			k->tmp.items[j] = k->tmp.items[j - 1];
			k->first[j] = k->first[j - 1];
			k->last[j] = k->last[j - 1];
		}
		k->tmp.items[j] = e;
		k->first[j] = f;
		k->last[j] = l;
	}
	for (size_t i = 0; i < n; i++) {
		if (k->first[i] >= hold) {
			rig__event_clear(&k->tmp.items[i]);
			continue;
		}
		k->tmp.items[keep] = k->tmp.items[i];
		k->last[keep] = k->last[i];
		k->first[keep++] = k->first[i];
	}
	k->tmp.count = keep;
}

/*
 * Lines to events.  A hardware-error record that may still be printing
 * when the log was read (the block reaches the log's last line and a
 * machine check's closing "PROCESSOR" line has not come) is held back:
 * *hold is the index of its first line (or of the first of the GHES
 * records interleaved with it, which may be printing too), and the caller
 * continues the next read from just before it, so each record is reported
 * once, whole; events after that line wait for the next read too.
 * force: the previous read held a block back; report a block starting at
 * the first line even if it still looks open (the log has not moved).
 * A continuation line before any record started here is the rest of a
 * record reported by an earlier read: skipped, never an event of its own.
 */
static void group(struct kctx *k, bool at_end, bool force, bool after_cursor,
		  size_t *hold)
{
	struct kgroup g;
	struct kblock *owner = NULL;
	bool started = false;

	memset(&g, 0, sizeof(g));
	*hold = SIZE_MAX;
	for (size_t i = 0; i < k->n && !k->nomem; i++) {
		char key[64];
		enum kfam f;
		enum krole r = line_role(k->lines[i].msg, &f, key, sizeof(key));
		struct kblock *p;

		if (r == K_NONE)
			continue;
		for (size_t j = 0; j < KMSG_PARKED; j++)
			if (g.park[j].open && expired(k, &g.park[j], i))
				emit(k, &g.park[j]);
		if (joins(k, &g.b, i, r, f, key)) {
			if (g.b.lead && !mce_aside(k->lines[i].msg)) {
				/* the record the lead-in line was about */
				g.b.lead = false;
				g.b.fam = f;
				snprintf(g.b.key, sizeof(g.b.key), "%s", key);
			}
			block_add(k, &g.b, i);
			note_status(&g.b, f, k->lines[i].msg);
			/* The EDAC decoding comes last, as do Intel's
			 * PROCESSOR line and AMD's error-code line: the
			 * record is whole. */
			if (f == F_EDAC && r == K_DECODE)
				g.b.decoded = g.b.complete = true;
			if (closes_record(k->lines[i].msg))
				g.b.complete = true;
			if (f == F_MEMFAIL && g.b.page[0] == '\0')
				snprintf(g.b.page, sizeof(g.b.page), "%s", key);
			continue;
		}
		if (f == F_GHES && (p = parked_of(&g, key)) != NULL) {
			if (r == K_CONT) { /* back to its own record */
				block_add(k, p, i);
				continue;
			}
			emit(k, p); /* a new record of that number */
		}
		if (f == F_GHES && g.b.open && g.b.fam == F_GHES &&
		    strcmp(g.b.key, key) == 0)
			emit(k, &g.b); /* ditto */
		make_way(k, &g, i);
		if (r == K_CONT && !started && after_cursor)
			continue;
		started = true;
		block_start(k, &g.b, i, f, key);
		note_status(&g.b, f, k->lines[i].msg);
		if (closes_record(k->lines[i].msg))
			g.b.complete = true;
		g.b.lead = f == F_MCE && mce_aside(k->lines[i].msg);
		/* "EDAC MC0: 1 CE ..." alone is a whole record. */
		if (f == F_EDAC && r == K_DECODE)
			g.b.decoded = g.b.complete = true;
		if (f == F_MEMFAIL)
			snprintf(g.b.page, sizeof(g.b.page), "%s", key);
		if (r == K_SINGLE)
			emit(k, &g.b);
	}
	/* The block holding the log's last line may still be printing. */
	if (g.b.open && g.b.n > 0 && g.b.idx[g.b.n - 1] == k->n - 1)
		owner = &g.b;
	for (size_t j = 0; j < KMSG_PARKED && owner == NULL; j++)
		if (g.park[j].open && g.park[j].n > 0 &&
		    g.park[j].idx[g.park[j].n - 1] == k->n - 1)
			owner = &g.park[j];
	/* Held: from the first of it and the GHES records open beside it.
	 * After a hold (force) the block at the first line is reported as it
	 * is, never held again: the log has had its chance to move. */
	if (at_end && owner != NULL && hw_record(owner->fam) &&
	    !owner->complete) {
		if (!(force && owner->idx[0] == 0))
			*hold = owner->idx[0];
		for (size_t j = 0; j < KMSG_PARKED; j++)
			if (g.park[j].open && g.park[j].idx[0] < *hold &&
			    !(force && g.park[j].idx[0] == 0))
				*hold = g.park[j].idx[0];
	}
	/* Every block before the held one is done. */
	if (g.b.open && g.b.n > 0 && g.b.idx[0] < *hold)
		emit(k, &g.b);
	for (size_t j = 0; j < KMSG_PARKED; j++)
		if (g.park[j].open && g.park[j].n > 0 &&
		    g.park[j].idx[0] < *hold)
			emit(k, &g.park[j]);
	/* A record reported now may own lines after the held one's first
	 * (one set aside past its second, the oldest of too many, or the one
	 * a forced read reports): the next read would see them again, as a
	 * piece of their own.  Hold from its first line too, until no event
	 * before the hold reaches past it; when that is the forced block,
	 * hold nothing: everything is reported as it is. */
	for (bool moved = *hold != SIZE_MAX; moved;) {
		moved = false;
		for (size_t i = 0; i < k->tmp.count; i++) {
			if (k->first[i] >= *hold || k->last[i] < *hold)
				continue;
			if (force && k->first[i] == 0) {
				*hold = SIZE_MAX;
				moved = false;
				break;
			}
			*hold = k->first[i];
			moved = true;
		}
	}
	if (*hold == SIZE_MAX) {
		emit(k, &g.b);
		for (size_t j = 0; j < KMSG_PARKED; j++)
			emit(k, &g.park[j]);
	}
	order_events(k, *hold);
	free(g.b.idx);
	for (size_t j = 0; j < KMSG_PARKED; j++)
		free(g.park[j].idx);
}

/* The journal's MESSAGE is a string, or an array of bytes when it is not
 * valid UTF-8: then keep the printable ASCII. */
static char *journal_message(json_t *m)
{
	size_t n, i;
	char *s;

	if (json_is_string(m))
		return strdup(json_string_value(m));
	if (!json_is_array(m))
		return NULL;
	n = json_array_size(m);
	s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		json_int_t b = json_integer_value(json_array_get(m, i));

		s[i] = b >= 0x20 && b < 0x7f ? (char)b : '?';
	}
	s[n] = '\0';
	return s;
}

static void journal_line(struct kctx *k, const char *line)
{
	json_t *o = json_loads(line, 0, NULL);
	const char *cursor = json_string_value(json_object_get(o, "__CURSOR"));
	const char *usec =
		json_string_value(json_object_get(o, "__REALTIME_TIMESTAMP"));
	char *msg = journal_message(json_object_get(o, "MESSAGE"));
	unsigned long long us = usec != NULL ? strtoull(usec, NULL, 10) : 0;

	/* A line that is not a journal entry is skipped, not fatal: the
	 * journal is the rig's, the probe only relays it. */
	if (cursor != NULL && msg != NULL)
		add_line(k, cursor, msg, usec != NULL,
			 usec != NULL ? (int64_t)(us / 1000000u) : 0,
			 usec != NULL, us);
	free(msg);
	json_decref(o);
}

static char *journal_cursor_of(const char *line)
{
	json_t *o = json_loads(line, 0, NULL);
	const char *c = json_string_value(json_object_get(o, "__CURSOR"));
	char *next = NULL;

	if (c != NULL && asprintf(&next, "j:%s", c) < 0)
		next = NULL;
	json_decref(o);
	return next;
}

/* 9999-12-31T23:59:59Z: any later time from a rig is nonsense. */
#define KMSG_TIME_MAX 253402300799LL

/* A dmesg cursor: "d:BOOT:SEC.USEC", after every line up to that time;
 * "dh:BOOT:SEC.USEC+N" (after a hold), from the line of that time that
 * follows the first N of it: lines printed in one burst share a stamp,
 * and a held record's first line may share its stamp with the line
 * before it. */
struct dmesg_since {
	bool set;
	char boot[64];
	unsigned long sec, usec;
	bool has_skip; /* "+N": skip N lines of that stamp, keep the rest */
	unsigned long skip;
};

static void dmesg_since_parse(const char *since, struct dmesg_since *d)
{
	const char *colon;

	memset(d, 0, sizeof(*d));
	if (since != NULL && strncmp(since, "dh:", 3) == 0)
		since++;
	if (since == NULL ||
	    (strncmp(since, "d:", 2) != 0 && strncmp(since, "h:", 2) != 0))
		return;
	colon = strchr(since + 2, ':');
	if (colon == NULL || (size_t)(colon - since - 2) >= sizeof(d->boot))
		return;
	memcpy(d->boot, since + 2, (size_t)(colon - since - 2));
	d->set = sscanf(colon + 1, "%lu.%lu", &d->sec, &d->usec) == 2;
	if (d->set && since[0] == 'h' && strchr(colon, '+') != NULL)
		d->has_skip = sscanf(strchr(colon, '+'), "+%lu", &d->skip) == 1;
}

static rig_status dmesg_lines(struct kctx *k, const struct probe *p,
			      const char *since, rig_event_list *out,
			      bool *same_boot)
{
	const struct probe_rec *boot = probe_find(p, "kd-boot");
	struct dmesg_since ds;
	unsigned long sec, usec;
	const char *text;
	char *stop;
	long long btime = strtoll(boot->f[1], &stop, 10);
	/* The rig's word: a boot time past year 9999 (or a huge uptime
	 * below) would overflow the sum, so it counts as none (found by
	 * tests/fuzz/fuzz-probe.c). */
	bool has_btime = stop != boot->f[1] && *stop == '\0' && btime >= 0 &&
			 btime <= KMSG_TIME_MAX;

	unsigned long equal = 0;

	dmesg_since_parse(since, &ds);
	*same_boot = ds.set && strcmp(ds.boot, boot->f[0]) == 0;
	/* For cursor_before(): how many lines of the cursor's own stamp
	 * this read skipped before its first line. */
	k->d_from_us = *same_boot && ds.has_skip
			       ? (unsigned long long)ds.sec * 1000000ULL +
					 ds.usec % 1000000UL
			       : ULLONG_MAX;
	k->d_from_skip = ds.skip;
	if (ds.set && !*same_boot)
		out->restarted |= RIG_PATH_SSH; /* rebooted: a new log */
	for (size_t i = 0; i < p->count; i++) {
		char id[128];

		if (strcmp(p->recs[i].kind, "kd") != 0 ||
		    !dmesg_stamp(p->recs[i].f[0], &sec, &usec, &text))
			continue;
		if (*same_boot &&
		    (sec < ds.sec || (sec == ds.sec && usec < ds.usec)))
			continue;
		if (*same_boot && sec == ds.sec && usec == ds.usec &&
		    (!ds.has_skip || equal++ < ds.skip))
			continue;
		snprintf(id, sizeof(id), "dmesg:%.40s:%lu.%06lu", boot->f[0], sec,
			 usec);
		add_line(k, id, text,
			 has_btime && sec <= (unsigned long)KMSG_TIME_MAX,
			 has_btime && sec <= (unsigned long)KMSG_TIME_MAX
				 ? btime + (long long)sec
				 : 0,
			 sec <= (unsigned long)KMSG_TIME_MAX,
			 (unsigned long long)sec * 1000000ULL + usec % 1000000UL);
	}
	return RIG_OK;
}

static rig_status kernel_failed(const struct probe *p, char *err,
				size_t errlen)
{
	const struct probe_rec *f = NULL;
	bool denied = false;

	for (size_t i = 0; i < p->count; i++) {
		if (strcmp(p->recs[i].kind, "k-fail") != 0)
			continue;
		f = &p->recs[i];
		denied = denied || contains_ci(f->f[2], "permission") ||
			 contains_ci(f->f[2], "not permitted") ||
			 contains_ci(f->f[2], "insufficient");
	}
	if (f == NULL) {
		snprintf(err, errlen, "the probe read no kernel log");
		return RIG_E_PROBE;
	}
	snprintf(err, errlen, "cannot read the kernel log (%s exit %s: %s)%s",
		 f->f[0], f->f[1], f->f[2][0] != '\0' ? f->f[2] : "no message",
		 denied ? "; the SSH user needs to be root or in the "
			  "systemd-journal or adm group"
			: "");
	return denied ? RIG_E_PRIVILEGE : RIG_E_PROBE;
}

static void keep_last(rig_event_list *l, size_t last)
{
	size_t drop;

	if (last == 0 || l->count <= last)
		return;
	drop = l->count - last;
	for (size_t i = 0; i < drop; i++)
		rig__event_clear(&l->items[i]);
	memmove(l->items, l->items + drop, last * sizeof(l->items[0]));
	l->count = last;
}

static rig_status move_events(rig_event_list *out, rig_event_list *tmp)
{
	rig_event *items;

	if (tmp->count == 0)
		return RIG_OK;
	items = realloc(out->items, (out->count + tmp->count) * sizeof(*items));
	if (items == NULL)
		return RIG_E_NOMEM;
	out->items = items;
	memcpy(items + out->count, tmp->items, tmp->count * sizeof(*items));
	out->count += tmp->count;
	tmp->count = 0;
	return RIG_OK;
}

/* The cursor to continue from just before line i: after line i-1, or
 * after where this read started.  NULL when there is none. */
static char *cursor_before(const struct kctx *k, size_t i, bool journal,
			   const char *since, bool same_boot)
{
	char *c = NULL;

	if (i > 0 && journal) {
		if (asprintf(&c, "jh:%s", k->lines[i - 1].id) < 0)
			c = NULL;
		return c;
	}
	if (i > 0) {
		/* From line i itself: its stamp, and how many lines of that
		 * stamp come before it (lines of one burst share a stamp, and
		 * "after line i-1's time" would skip line i with them). */
		unsigned long n = 0;

		for (size_t j = 0; j < i; j++)
			n += strcmp(k->lines[j].id, k->lines[i].id) == 0;
		if (k->lines[i].has_us && k->lines[i].us == k->d_from_us)
			n += k->d_from_skip;
		if (asprintf(&c, "dh:%s+%lu", k->lines[i].id + strlen("dmesg:"),
			     n) < 0)
			c = NULL;
		return c;
	}
	if (since == NULL || (!journal && !same_boot))
		return NULL;
	if (asprintf(&c, "%ch:%s", since[0],
		     since + (since[1] == 'h' ? 3 : 2)) < 0)
		c = NULL;
	return c;
}

static void lines_free(struct kctx *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->lines[i].id);
		free(k->lines[i].msg);
	}
	free(k->lines);
	k->lines = NULL;
	k->n = k->cap = 0;
}

rig_status probe_events(const struct probe *p, const char *since, size_t last,
			rig_event_list *out, char **next, char *err,
			size_t errlen)
{
	struct kctx k;
	bool journal_failed = false, dmesg_failed = false, journal = false;
	bool same_boot = false, at_end = false, force, first_ok;
	const struct probe_rec *jl = probe_find(p, "kj-last");
	const struct probe_rec *dl = probe_find(p, "kd-last");
	rig_status rc = RIG_OK;
	size_t hold = SIZE_MAX;
	char *before = NULL;

	memset(&k, 0, sizeof(k));
	*next = NULL;
	force = since != NULL && (since[0] == 'j' || since[0] == 'd') &&
		since[1] == 'h';
	for (size_t i = 0; i < p->count; i++) {
		if (strcmp(p->recs[i].kind, "k-fail") != 0)
			continue;
		if (strcmp(p->recs[i].f[0], "journal") == 0)
			journal_failed = true;
		else
			dmesg_failed = true;
	}
	if (probe_find(p, "kd-boot") != NULL && !dmesg_failed) {
		rc = dmesg_lines(&k, p, since, out, &same_boot);
		/* The log's last line is the last we kept: nothing came
		 * after it yet. */
		for (size_t i = p->count; i > 0 && dl != NULL; i--)
			if (strcmp(p->recs[i - 1].kind, "kd") == 0) {
				at_end = strcmp(p->recs[i - 1].f[0],
						dl->f[0]) == 0;
				break;
			}
	} else if (!journal_failed && !dmesg_failed) {
		journal = true;
		for (size_t i = 0; i < p->count; i++)
			if (strcmp(p->recs[i].kind, "kj") == 0)
				journal_line(&k, p->recs[i].f[0]);
		if (jl != NULL)
			*next = journal_cursor_of(jl->f[0]);
		else if (since != NULL)
			*next = strdup(since);
		if (jl != NULL && k.n > 0) {
			char *c = journal_cursor_of(jl->f[0]);

			at_end = c != NULL &&
				 strcmp(c + 2, k.lines[k.n - 1].id) == 0;
			free(c);
		}
	} else {
		rc = kernel_failed(p, err, errlen);
	}
	if (rc == RIG_OK && !k.nomem) {
		before = cursor_before(&k, 0, journal, since, same_boot);
		first_ok = force || before == NULL;
		free(before);
		before = NULL;
		group(&k, at_end, first_ok, since != NULL && (journal || same_boot),
		      &hold);
		if (hold != SIZE_MAX)
			before = cursor_before(&k, hold, journal, since,
					       same_boot);
	}
	if (rc == RIG_OK && !journal && !k.nomem) {
		unsigned long sec, usec;
		const char *text;

		if (dl != NULL && dmesg_stamp(dl->f[0], &sec, &usec, &text)) {
			if (asprintf(next, "d:%.40s:%lu.%06lu",
				     probe_find(p, "kd-boot")->f[0], sec,
				     usec) < 0)
				*next = NULL;
		} else if (since != NULL) {
			*next = strdup(since);
		}
	}
	if (before != NULL) {
		free(*next);
		*next = before;
	}
	if (rc == RIG_OK && k.nomem)
		rc = RIG_E_NOMEM;
	if (rc == RIG_OK) {
		keep_last(&k.tmp, last);
		rc = move_events(out, &k.tmp);
	}
	for (size_t i = 0; i < k.tmp.count; i++)
		rig__event_clear(&k.tmp.items[i]);
	free(k.tmp.items);
	free(k.first);
	free(k.last);
	lines_free(&k);
	if (rc != RIG_OK) {
		free(*next);
		*next = NULL;
	}
	return rc;
}

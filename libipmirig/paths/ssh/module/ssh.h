/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SSH path: one libssh connection and one remote exec of the embedded
 * probe script (probe.sh) per operation.  The transport (transport.c) only
 * moves bytes; parse.c turns the probe's answer into records; sensors.c,
 * kmsg.c and edac.c turn records into the library's types.  Everything but
 * the transport is pure and unit-tested.
 */
#ifndef RIG_SSH_H
#define RIG_SSH_H

#include "paths/ssh/path.h"

#define SSH_PROBE_VERSION 1
/* GPU utilization (percent) from which a PCIe generation below the max is
 * a fault: idle GPUs lower their link generation to save power. */
#define SSH_BUSY_UTIL_PCT 50.0

/* The probe script, generated from probe.sh at build time. */
extern const char ssh_probe_script[];

/* ---- transport.c ---- */

/* What one exec brought back. */
struct ssh_answer {
	char *out;        /* stdout, NUL-terminated */
	size_t out_len;
	char *err;        /* the start of stderr, NUL-terminated */
	int exit_status;  /* -1 if unknown */
	/* RIG_OK when the channel ended normally; else how it ended (the
	 * error is recorded on the handle). */
	rig_status transport;
};

/* Connect and authenticate, then close: does the rig answer SSH? */
rig_status sshp_check(rig *r, struct sshp *p);

/*
 * One connection, one exec of the probe for `what` with the given probe
 * variables (already quoted shell assignments, may be NULL).  Fills *a
 * (free with ssh_answer_free) unless the connection could not be made.
 */
rig_status sshp_run(rig *r, struct sshp *p, const char *what,
		    const char *vars, struct ssh_answer *a);
void ssh_answer_free(struct ssh_answer *a);

/* ---- parse.c: the probe's answer, split and checked ---- */

struct probe_rec {
	const char *kind;
	size_t nf;
	char **f;
};

struct probe {
	char *buf;        /* a copy of the answer, split in place */
	char what[16];
	size_t count;
	struct probe_rec *recs;
};

/*
 * Parse an answer to a probe for `what`.  Lines before the header are
 * skipped (shell startup files may print).  Every record must be known,
 * allowed for `what` and have its field count; the end marker must be
 * there.  RIG_E_PROBE with a message in err otherwise (*out NULL), or
 * RIG_E_NOMEM.  *truncated tells whether the header came but not the end.
 */
rig_status probe_parse(const char *text, size_t len, const char *what,
		       struct probe **out, bool *truncated, char *err,
		       size_t errlen);
void probe_free(struct probe *p);

/* The first record of this kind, or NULL. */
const struct probe_rec *probe_find(const struct probe *p, const char *kind);

/* Quote a value for a POSIX shell (single quotes); NULL when out of
 * memory. */
char *probe_shell_quote(const char *s);

/* ---- sensors.c: hwmon and nvidia-smi records to sensors ---- */

/*
 * Append the sensors of a "sensors" probe to out.  expect_width 0 means
 * the max width nvidia-smi reports.  RIG_E_PROBE (message in err) when the
 * records are inconsistent; out is then left as it was.
 */
rig_status probe_sensors(const struct probe *p, unsigned int expect_width,
			 rig_sensor_list *out, char *err, size_t errlen);

/* A value of nvidia-smi: its number, or why there is none (a placeholder
 * such as "[N/A]", never 0).  Returns true when *v holds a number. */
bool gpu_value(const char *text, double *v, const char **reason);

/* ---- kmsg.c: kernel log records to events ---- */

/* What a kernel log message says, when it is an event we report. */
struct kmsg_class {
	char type[32];         /* "GPU Xid", "Machine Check", "Memory"... */
	rig_severity severity;
	char description[256];
	char sensor[64];       /* GPU bus id, "MC0", "CPU 2", or "" */
	rig_ecc_kind ecc;
	char dimm[64];         /* EDAC's location, or "" */
};

/* Classify one kernel log message; false if it is not an event we report
 * (EDAC banners, MCE continuation lines...). */
bool kmsg_classify(const char *msg, struct kmsg_class *c);

/*
 * Append the events of an "events" probe newer than since (this path's
 * cursor part, or NULL) to out, only the last `last` (0: all), and set
 * *next to the new cursor part (malloc'd, NULL if there is none).
 */
rig_status probe_events(const struct probe *p, const char *since, size_t last,
			rig_event_list *out, char **next, char *err,
			size_t errlen);

/* Split this path's cursor part into the probe's RIG_SINCE_KIND ("j",
 * "d" or "") and RIG_SINCE (malloc'd); RIG_E_INVALID if it is not ours. */
rig_status kmsg_since(const char *since, char kind[2], char **value);

/* ---- osinfo.c: the "info" probe to the OS's identity ---- */

/* The nvidia-smi query of the "info" probe, as its gpu-fields record
 * must repeat it. */
#define SSH_INFO_GPU_QUERY "index,pci.bus_id,uuid,driver_version,name"

/*
 * Fill *out (empty on entry) from an "info" probe.  RIG_E_PROBE (message
 * in err) when a record is missing or malformed, RIG_E_NOMEM; *out may
 * then hold part of the answer, which the caller frees with
 * rig_os_info_free() (the public entry does: the module cannot call the
 * library's exports).
 */
rig_status probe_os_info(const struct probe *p, rig_os_info *out, char *err,
			 size_t errlen);

/* ---- edac.c: EDAC records to ECC counters ---- */

/* RIG_E_NOT_AVAILABLE when the rig has no EDAC; counts appended to out. */
rig_status probe_ecc(const struct probe *p, rig_ecc_report *out, char *err,
		     size_t errlen);

#endif

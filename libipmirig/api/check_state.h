/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A check's state file: what was already reported (the events cursor and
 * the memory error counters of paths that count), per rig.  Text, one
 * item per line, tab-separated:
 *
 *   libipmirig-check-state 3   (2, and "rigctl-check-state 1": read; they
 *                               have no held lines)
 *   rig     <rig name>
 *   cursor  <events cursor>                  (absent: none yet)
 *   ecc     <path> <kind> <count> <sensor> <dimm or ->   (counter paths)
 *   held    <first reported, unix ms> <kind> <state> <text>
 *   total   <path> <event|counter> <severity> <ecc kind or -> <count>
 *                                            (rig_check_options.event_hold_s)
 *   end
 *
 * "end" makes a truncated file detectable.  Parsing is pure.
 */
#ifndef RIG_CHECK_STATE_H
#define RIG_CHECK_STATE_H

#include "core/internal.h"

/* An event or memory error kept at its state after it was reported. */
struct check_held {
	int64_t since_ms; /* first reported, unix milliseconds */
	rig_check_kind kind;
	rig_state state;
	char *text;
};

struct check_state {
	char *cursor;            /* NULL: none */
	rig_ecc_report counters; /* totals of counter paths (EDAC) */
	size_t held_count;
	struct check_held *held;
	size_t total_count;
	rig_check_total *totals;
};

/* Add n to the total of this key (created at 0); false when out of
 * memory. */
bool check_state_count(struct check_state *st, rig_path source, bool counter,
		       rig_severity severity, rig_ecc_kind ecc, uint64_t n);

/* Add a held item (text copied); false when out of memory. */
bool check_state_hold(struct check_state *st, int64_t since_ms,
		      rig_check_kind kind, rig_state state, const char *text);

enum state_parse { STATE_PARSED, STATE_FOREIGN, STATE_CORRUPT };

/* Parse text as rig_name's state; *why says what was wrong. */
enum state_parse check_state_parse(const char *text, const char *rig_name,
				   struct check_state *st, const char **why);

/* The file's text; NULL when out of memory. */
char *check_state_format(const struct check_state *st, const char *rig_name);

void check_state_clear(struct check_state *st);

/*
 * Take the lock "<path>.lock" (flock, exclusive), waiting up to timeout_ms
 * for an overlapping run.  Returns the descriptor (close to unlock) or -1
 * after recording the error.
 */
int check_lock(rig *r, const char *path, unsigned int timeout_ms);

/*
 * Load path.  Missing: *first_run.  Foreign or corrupt: renamed to
 * "<path>.bad-<unix time>", *first_run, and *note says so (malloc'd).
 * RIG_E_IO / RIG_E_NOMEM only for failures that make the check unsafe.
 */
rig_status check_state_load(rig *r, const char *path, struct check_state *st,
			    bool *first_run, char **note);

/* Write path atomically (temporary file, fsync, rename, fsync dir). */
rig_status check_state_save(rig *r, const char *path,
			    const struct check_state *st);

/* The acknowledgement file: "libipmirig-check-ack 1", the unix time in
 * milliseconds of the last acknowledgement (a check in the same second
 * must not be taken for before or after it), "end".  check_ack_read() gives 0 for none (a
 * missing or unreadable file: nothing was acknowledged). */
int64_t check_ack_read(const char *path);
rig_status check_ack_write(rig *r, const char *path, int64_t when);

#endif

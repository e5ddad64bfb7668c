/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A check's state file: what was already reported (the events cursor and
 * the memory error counters of paths that count), per rig.  Text, one
 * item per line, tab-separated:
 *
 *   libipmirig-check-state 2   (or "rigctl-check-state 1": read, same lines)
 *   rig     <rig name>
 *   cursor  <events cursor>                  (absent: none yet)
 *   ecc     <path> <kind> <count> <sensor> <dimm or ->   (counter paths)
 *   end
 *
 * "end" makes a truncated file detectable.  Parsing is pure.
 */
#ifndef RIG_CHECK_STATE_H
#define RIG_CHECK_STATE_H

#include "core/internal.h"

struct check_state {
	char *cursor;            /* NULL: none */
	rig_ecc_report counters; /* totals of counter paths (EDAC) */
};

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

#endif

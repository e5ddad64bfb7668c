/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private to the library: the rig handle and the backend ops table. */
#ifndef RIG_INTERNAL_H
#define RIG_INTERNAL_H

#include <stdarg.h>

#include "ipmirig.h"
#include "util/util.h"

struct rig_backend;

/*
 * What a session is for, so a backend can ask for the least privilege that
 * suffices (user to read, operator to change power).
 */
typedef enum rig_intent {
	RIG_INTENT_READ = 0,
	RIG_INTENT_CONTROL,
	RIG_INTENT_ADMIN
} rig_intent;

/*
 * One path's implementation.  Every op is optional: a NULL op means this
 * path cannot do it, and the router reports "unsupported" or tries the
 * next path.  Ops report failures with rig__fail() and return its status.
 */
struct rig_backend_ops {
	rig_path path;
	uint32_t caps; /* RIG_CAP_* this path provides */
	void (*destroy)(void *priv);
	/* Make sure a session fit for intent is open (optional). */
	rig_status (*begin)(rig *r, void *priv, rig_intent intent);
	rig_status (*power_status)(rig *r, void *priv, rig_power_state *st);
	rig_status (*power_action)(rig *r, void *priv, rig_power_action a);
	rig_status (*bmc_info)(rig *r, void *priv, rig_bmc_info *info);
	/* Append this path's sensors to out. */
	rig_status (*sensors)(rig *r, void *priv, rig_sensor_list *out);
	rig_status (*sdr_flush)(rig *r, void *priv);
	/*
	 * Append this path's events newer than since (this path's own part of
	 * the cursor, NULL for all) to out, at most the last `last` (0: all),
	 * and set *next to this path's new cursor part (malloc'd).
	 */
	rig_status (*events)(rig *r, void *priv, const char *since,
			     size_t last, rig_event_list *out, char **next);
	/* SEL information and archive-then-clear (issue 3). */
	rig_status (*sel_info)(rig *r, void *priv, rig_sel_info *info);
	rig_status (*sel_clear)(rig *r, void *priv,
				const rig_sel_clear_options *opts,
				rig_sel_clear_result *result);
	/*
	 * Append this path's memory error counters (e.g. EDAC) to out, with
	 * source set; RIG_E_NOT_AVAILABLE (recorded) when the rig has no ECC
	 * reporting there.  A path without it but with events and
	 * RIG_CAP_ECC has its ECC counted from its events instead.
	 */
	rig_status (*ecc_counters)(rig *r, void *priv, rig_ecc_report *out);
	/* Remote hands (issue 8).  console_open opens its own session: the
	 * router does not call begin() for it. */
	rig_status (*boot_set)(rig *r, void *priv, rig_boot_device dev,
			       const rig_boot_options *opts);
	rig_status (*boot_get)(rig *r, void *priv, rig_boot_status *st);
	rig_status (*identify)(rig *r, void *priv,
			       const rig_identify_options *opts);
	rig_status (*fru)(rig *r, void *priv, rig_fru_list *out);
	rig_status (*power_reading)(rig *r, void *priv, rig_power_reading *out);
	rig_status (*console_open)(rig *r, void *priv,
				   const rig_console_options *opts,
				   rig_console **out);
	/* Further ops (SEL info/clear, ECC counters, boot, console...) are
	 * added here by the features that need them. */
};

struct rig_backend {
	const struct rig_backend_ops *ops; /* NULL: path absent */
	void *priv;
};

#define RIG_MAX_ERRORS 8
#define RIG_ERRMSG_MAX 512

struct rig_error {
	rig_path path;
	rig_status status;
	char message[RIG_ERRMSG_MAX];
};

struct rig {
	char *name;
	struct rig_backend bmc;
	struct rig_backend ssh;
	struct rig_backend wol;
	rig_log_fn log_fn;
	void *log_user;
	rig_log_level log_level;
	size_t nerrors;
	struct rig_error errors[RIG_MAX_ERRORS];
	/* The options of the rig_sensors_get_opts() call under way, for the
	 * paths' sensors ops (which take none); NULL outside it. */
	const rig_sensors_options *sensors_opts;
};

/* Forget the previous call's errors; every public entry point calls it. */
void rig__clear_errors(rig *r);

/* Record an error of one path and return its status. */
rig_status rig__fail(rig *r, rig_path path, rig_status status,
		    const char *fmt, ...) RIG_PRINTF(4, 5);
rig_status rig__vfail(rig *r, rig_path path, rig_status status,
		     const char *fmt, va_list ap) RIG_PRINTF(4, 0);
/* A caller built against another version of rig_<what>_options (what:
 * "bmc", "sensors", ...): RIG_E_INVALID with the one message for it. */
rig_status rig__fail_options_version(rig *r, rig_path path, const char *what,
				    unsigned int got, unsigned int want);

/*
 * The combined status of a call that tried several paths: RIG_OK when all
 * tried paths succeeded (ok > 0 and no errors), the one status when every
 * failure shares it and nothing succeeded, RIG_E_PARTIAL when some
 * succeeded or the failures disagree (as INTERFACE.md's exit codes).
 */
rig_status rig__combine(const rig *r, unsigned int succeeded);

void rig__log(rig *r, rig_log_level level, const char *fmt, ...)
	RIG_PRINTF(3, 4);

/* The backend of one path, or NULL if the rig lacks it. */
struct rig_backend *rig__backend_of(rig *r, rig_path path);

/* Secrets: copies in locked, never-dumped memory, wiped on free (secret.c).
 * rig__secret_free() takes the length the copy was made with. */
char *rig__secret_dup(const char *s);
void *rig__secret_memdup(const void *p, size_t len);
void rig__secret_free(void *p, size_t len);
void rig__secret_free_str(char *s);

#endif

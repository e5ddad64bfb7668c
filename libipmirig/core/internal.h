/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private to the library: the rig handle and the backend ops table. */
#ifndef RIG_INTERNAL_H
#define RIG_INTERNAL_H

#include <stdarg.h>

#include "ipmirig.h"
#include "util/util.h"

struct rig_backend;
struct fan_profile; /* codec/fans.h */

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
	/* The OS's identity; *info is empty on entry, and the op leaves it
	 * empty when it fails. */
	rig_status (*os_info)(rig *r, void *priv, rig_os_info *info);
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
	/* SEL information and archive-then-clear. */
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
	/* Remote hands.  console_open opens its own session: the
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
	/* BMC management (api/bmc.c): chassis status, restore policy, BMC
	 * reset and clock, LAN and users (read only), raw requests, freeing
	 * a stuck console. */
	rig_status (*chassis_status)(rig *r, void *priv,
				     rig_chassis_status *out);
	rig_status (*power_policy_set)(rig *r, void *priv,
				       rig_power_policy policy);
	rig_status (*mc_reset)(rig *r, void *priv, bool warm,
			       unsigned int wait_ms);
	rig_status (*mc_time_get)(rig *r, void *priv, rig_bmc_time *out);
	rig_status (*mc_time_set)(rig *r, void *priv, uint32_t t);
	rig_status (*mc_lan)(rig *r, void *priv, rig_bmc_lan *out);
	rig_status (*mc_users)(rig *r, void *priv, rig_bmc_user_list *out);
	rig_status (*raw)(rig *r, void *priv, uint8_t netfn, uint8_t cmd,
			  const uint8_t *data, size_t len,
			  rig_raw_response *out);
	rig_status (*console_deactivate)(rig *r, void *priv, bool *was_active);
	/* BMC fan control (api/fans.c): the BMC's manufacturer ID (Get
	 * Device ID), and one request that must be one of the profile's
	 * commands (refused otherwise, and when forbidden); rs gets the data
	 * after a completion code of 0, a non-zero one is a failure. */
	rig_status (*fan_vendor)(rig *r, void *priv, uint32_t *iana);
	rig_status (*fan_request)(rig *r, void *priv,
				  const struct fan_profile *p, uint8_t cmd,
				  const uint8_t *data, size_t len, uint8_t *rs,
				  size_t size, size_t *n);
	/* The smart plug's relay and meter (paths/plug/). */
	rig_status (*plug_status)(rig *r, void *priv, rig_plug_status *out);
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
	rig_hint hint;
	char message[RIG_ERRMSG_MAX];
};

struct rig {
	char *name;
	struct rig_backend bmc;
	struct rig_backend ssh;
	struct rig_backend wol;
	struct rig_backend plug;
	rig_log_fn log_fn;
	void *log_user;
	rig_log_level log_level;
	size_t nerrors;
	struct rig_error errors[RIG_MAX_ERRORS];
	/* The options of the rig_sensors_get() call under way (the library's
	 * full copy), for the paths' sensors ops (which take none); NULL
	 * outside it. */
	const rig_sensors_options *sensors_opts;
	/* Tests only (rig__set_sel_clear_hook); NULL otherwise. */
	void (*sel_clear_hook)(void *user);
	void *sel_clear_hook_user;
	/* Paths that could not be connected to or logged in to during the
	 * public call under way, one per path bit (BMC, SSH, WoL, plug), with
	 * the error that said so; status RIG_OK: not down.  See
	 * rig__path_down. */
	struct rig_error down[4];
};

/* Forget the previous call's errors and down paths; every public entry
 * point calls it. */
void rig__clear_errors(rig *r);

/*
 * A path that never got a session in this public call stays failed for the
 * rest of it: one check reads sensors, events and ECC, and each would
 * otherwise wait out a dead BMC's timeout again, or log in again with a
 * wrong password (BMCs lock accounts).  rig__path_failed() marks path down
 * with the first error recorded on it since mark (nothing when there is
 * none, or for a refusal that another privilege or a later try could
 * cure); rig__path_down() is RIG_OK for a path that is up, else the
 * status it failed with, and records its error again only when a caller
 * has rewound it, so the failure is reported once and never silently.
 * rig__paths_retry() forgets the marks: a wait polls through a rig that
 * does not answer yet.  A session lost after it was open is no mark: the
 * paths may retry that once.
 */
void rig__path_failed(rig *r, rig_path path, size_t mark);
rig_status rig__path_down(rig *r, rig_path path);
void rig__paths_retry(rig *r);

/*
 * For tests: have the SEL clear call fn(user) after it read and archived
 * the SEL and before it checks whether the SEL changed meanwhile, so a
 * test can add an event in exactly that window.  Not public: no program
 * has a use for it, and it would be ABI to keep.  fn NULL removes it.
 */
void rig__set_sel_clear_hook(rig *r, void (*fn)(void *user), void *user);

/* Record an error of one path and return its status.  The message states
 * the condition and never names a program's option: a remedy goes in the
 * hint, which the program turns into its own advice. */
rig_status rig__fail(rig *r, rig_path path, rig_status status,
		    const char *fmt, ...) RIG_PRINTF(4, 5);
rig_status rig__vfail(rig *r, rig_path path, rig_status status,
		     const char *fmt, va_list ap) RIG_PRINTF(4, 0);
rig_status rig__fail_hint(rig *r, rig_path path, rig_status status,
			 rig_hint hint, const char *fmt, ...) RIG_PRINTF(5, 6);
rig_status rig__vfail_hint(rig *r, rig_path path, rig_status status,
			  rig_hint hint, const char *fmt, va_list ap)
	RIG_PRINTF(5, 0);

/*
 * Trying something whose failure is not the call's: take a mark first,
 * rewind to it to forget what was recorded since (the errors before the
 * mark stay).  rig__error_since() is the first message recorded after the
 * mark, "" when none, for a caller that logs what it forgets.
 */
size_t rig__error_mark(const rig *r);
void rig__error_rewind(rig *r, size_t mark);
const char *rig__error_since(const rig *r, size_t mark);
/* Forget the errors of one status recorded since mark, keeping the order
 * of the others (a path without ECC beside one with it is no failure). */
void rig__error_drop(rig *r, size_t mark, rig_status status);

/* The public option structs, for the one mechanism that reads them. */
enum rig_opts_kind {
	RIG_OPTS_BMC = 0,
	RIG_OPTS_POWER,
	RIG_OPTS_SSH,
	RIG_OPTS_WOL,
	RIG_OPTS_SENSORS,
	RIG_OPTS_EVENTS,
	RIG_OPTS_SEL_CLEAR,
	RIG_OPTS_CHECK,
	RIG_OPTS_BOOT,
	RIG_OPTS_IDENTIFY,
	RIG_OPTS_CONSOLE,
	RIG_OPTS_PLUG,
	RIG_OPTS_FANS,
	RIG_OPTS_KINDS
};

/*
 * Every public function that takes options reads them through this, never
 * through the caller's pointer: a caller built against an older header
 * owns only the fields of its version.  *full (a struct of the current
 * version of that kind) gets the defaults, then the fields the caller's
 * version has; given NULL leaves the defaults.  A version outside 1 to the
 * current one fails with RIG_E_INVALID and the one message for it,
 * recorded on r for path.
 */
rig_status rig__options_read(rig *r, rig_path path, enum rig_opts_kind kind,
			     const void *given, void *full);
/* What every rig_X_options_init() does: the defaults of that version,
 * written only as far as that version's fields go. */
rig_status rig__options_init(enum rig_opts_kind kind, void *opts,
			     unsigned int version);

/*
 * The combined status of a call that tried several paths, from the errors
 * recorded since mark: RIG_OK when all tried paths succeeded (ok > 0 and
 * no errors), the one status when every failure shares it and nothing
 * succeeded, RIG_E_PARTIAL when some succeeded or the failures disagree
 * (as rigctl's exit codes, docs/commands.md).  The mark keeps an earlier
 * part of a bigger call (rig_check) out of this part's status.
 */
rig_status rig__combine(const rig *r, size_t mark, unsigned int succeeded);

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

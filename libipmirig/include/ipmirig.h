/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libipmirig: one management interface for GPU rigs, whether they have a BMC
 * (IPMI 2.0 / RMCP+ through FreeIPMI), only SSH, or both.
 *
 * Conventions (docs/library.md):
 *  - Every fallible call returns a rig_status; RIG_OK is 0.
 *  - A call that fails records one error per failing path on the handle
 *    (rig_error_count / rig_error_at) and a detailed message (rig_errormsg).
 *    The next call on the handle clears them.
 *  - Arguments come in one order: the handle (or the object the call works
 *    on) first, then the inputs, then the out-parameters last.  An options
 *    struct being initialised is the object of its *_options_init call, so
 *    it comes first there.  What a call allocates has one matching *_free,
 *    and every *_free accepts NULL.
 *  - Option structs carry a version field: initialise one with
 *    rig_X_options_init(&o, RIG_X_OPTIONS_VERSION) or RIG_X_OPTIONS_INIT,
 *    then set what you need.  The library accepts every version from 1 to
 *    its own and reads only the fields the caller's version has, so a
 *    program keeps working with a newer library (docs/api-stability.md).
 *  - A handle is used by one thread at a time; separate handles may be used
 *    from separate threads at once (rig_fanout does exactly that).
 *  - The library never prints, exits, reads the environment or the terminal,
 *    or picks file locations: the caller passes paths in.
 */
#ifndef IPMIRIG_H
#define IPMIRIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RIG_VERSION_MAJOR 0
#define RIG_VERSION_MINOR 2
#define RIG_VERSION_PATCH 0
#define RIG_VERSION_STRING "0.2.0"

/*
 * The version of the library actually loaded, e.g. "0.2.0" (which may be
 * newer than RIG_VERSION_STRING, the one the program was built with).
 * Static: never freed.  Any thread.
 */
const char *rig_version(void);

/* ------------------------------------------------------------------ */
/* Status                                                               */

typedef enum rig_status {
	RIG_OK = 0,
	RIG_E_INVALID,       /* an argument or option is invalid */
	RIG_E_NOMEM,         /* out of memory */
	RIG_E_UNREACHABLE,   /* no answer in time, refused, name not resolved */
	RIG_E_HOSTKEY,       /* SSH host key unknown or changed */
	RIG_E_AUTH,          /* user, password, K_g or key refused */
	RIG_E_PRIVILEGE,     /* privilege level refused or too low */
	RIG_E_UNSUPPORTED,   /* no path of this rig can do it */
	RIG_E_NOT_AVAILABLE, /* the rig has no such data (e.g. ECC on non-ECC RAM) */
	RIG_E_BMC,           /* the BMC answered with an error */
	RIG_E_STATE,         /* the rig is in a state that forbids it */
	RIG_E_WAIT_TIMEOUT,  /* the requested state was not reached in time */
	RIG_E_PROBE,         /* the rig-side probe failed or answered garbage */
	RIG_E_IO,            /* a local file could not be read or written */
	RIG_E_PARTIAL,       /* some paths succeeded, others failed */
	RIG_E_INTERNAL       /* a bug or an unexpected library failure */
} rig_status;

/* A static English name for a status; never NULL. */
const char *rig_strerror(rig_status status);

/* ------------------------------------------------------------------ */
/* Rigs and their paths                                                 */

typedef struct rig rig;

typedef enum rig_path {
	RIG_PATH_NONE = 0,
	RIG_PATH_BMC = 1, /* IPMI 2.0 / RMCP+ */
	RIG_PATH_SSH = 2, /* SSH to the rig's OS */
	RIG_PATH_WOL = 4, /* Wake-on-LAN magic packet */
	RIG_PATH_PLUG = 8 /* a switchable smart plug (Tasmota, Shelly Gen2+) */
} rig_path;

/*
 * The name of one path: "bmc", "ssh", "wol", "plug", or "none" for
 * anything else.
 * Static: never freed.  Any thread.
 */
const char *rig_path_name(rig_path path);

/*
 * Create a rig with no paths (add them with rig_add_bmc, rig_add_ssh,
 * rig_add_wol).  name labels results and messages; it is copied.  The new
 * handle goes to *out, which the caller frees with rig_free(); *out is NULL
 * on failure: RIG_E_INVALID for a NULL or empty name, RIG_E_NOMEM.  Any
 * thread; the handle is then used by one thread at a time.
 */
rig_status rig_new(const char *name, rig **out);

/*
 * Free a rig, closing its sessions and wiping its secrets.  NULL is a
 * no-op.  No other thread may be using the handle.
 */
void rig_free(rig *r);

/*
 * The name given to rig_new(), owned by the handle (valid until
 * rig_free).  Never fails for a valid handle.
 */
const char *rig_name(const rig *r);

/* The paths the rig has, as a bitmask of rig_path; no I/O, cannot fail. */
unsigned int rig_paths(const rig *r);

/* Log levels for the optional log callback. */
typedef enum rig_log_level {
	RIG_LOG_ERROR = 0,
	RIG_LOG_WARNING,
	RIG_LOG_INFO,
	RIG_LOG_DEBUG
} rig_log_level;

/*
 * Called with formatted text (no trailing newline) for messages at or below
 * max_level.  Secrets never appear in it.  The callback may be called from
 * the thread that is using the handle.
 */
typedef void (*rig_log_fn)(void *user, rig_log_level level, const char *name,
			   const char *message);

/*
 * Send this handle's messages at or below max_level to fn (NULL: none,
 * the default).  user is passed back to fn as is; the library neither
 * copies nor frees it.  Cannot fail.
 */
void rig_set_log(rig *r, rig_log_fn fn, void *user, rig_log_level max_level);

/* ------------------------------------------------------------------ */
/* Errors of the last call                                              */

/*
 * The detailed message of the last failure on this handle: what failed, on
 * which host, and the likely cause.  "" when the last call succeeded.  Valid
 * until the next call on the handle.
 */
const char *rig_errormsg(const rig *r);

/* How many per-path errors the last call left (0 after success). */
size_t rig_error_count(const rig *r);

/*
 * The index-th error of the last call: its status, and optionally the path
 * it came from and its message (valid until the next call on the handle).
 * Returns RIG_E_INVALID if index is out of range.
 */
rig_status rig_error_at(const rig *r, size_t index, rig_path *path,
			const char **message);

/*
 * What would get past an error, when the library knows, so a program can
 * give the remedy in its own terms (an option of its own, a setting in its
 * configuration) while the message states only the condition.  New hints
 * may be added at the end; treat an unknown one as RIG_HINT_NONE.
 */
typedef enum rig_hint {
	RIG_HINT_NONE = 0,
	/* The rig lacks the path(s) the operation needs: add one with
	 * rig_add_bmc / rig_add_ssh / rig_add_wol. */
	RIG_HINT_NEED_BMC,
	RIG_HINT_NEED_SSH,
	RIG_HINT_NEED_BMC_OR_SSH,
	RIG_HINT_NEED_BMC_OR_WOL,
	/* No BMC for a hard power action; the OS can do a softer one over
	 * SSH: RIG_POWER_SOFT instead of off, RIG_POWER_REBOOT instead of
	 * cycle or reset; or, without SSH, RIG_POWER_CYCLE or RIG_POWER_RESET
	 * through a BMC instead of an OS reboot. */
	RIG_HINT_USE_SOFT_OFF,
	RIG_HINT_USE_REBOOT,
	RIG_HINT_USE_HARD_RESTART,
	/* Cycle or reset of a rig that is off: power it on, or set
	 * rig_power_options.on_if_off. */
	RIG_HINT_ON_IF_OFF,
	/* The BMC does not know the user (rig_bmc_options.username). */
	RIG_HINT_BMC_USER,
	/* Password refused: wrong, or the BMC wants a K_g key
	 * (rig_bmc_options.k_g). */
	RIG_HINT_KG,
	/* Refused at this privilege: ask for a higher one
	 * (rig_bmc_options.privilege), or use an account with more rights. */
	RIG_HINT_PRIVILEGE,
	/* As above, where admin is what it usually takes (Serial-over-LAN);
	 * some BMCs also need RIG_WORKAROUND_OPENSESSPRIV. */
	RIG_HINT_PRIVILEGE_ADMIN,
	/* The account may be allowed the privilege, but this BMC grants it
	 * only with RIG_WORKAROUND_OPENSESSPRIV. */
	RIG_HINT_WORKAROUND_OPENSESSPRIV,
	/* Serial-over-LAN quirks: one of RIG_WORKAROUND_SOLPAYLOADSIZE,
	 * _SOLPORT, _SOLSTATUS, _SOLCHANNELSUPPORT may help. */
	RIG_HINT_WORKAROUND_SOL,
	/* The cipher suite is not offered (rig_bmc_options.cipher_suite);
	 * 17 and 3 are the common ones. */
	RIG_HINT_CIPHER_SUITE,
	/* The SSH host key is not in known_hosts: verify it, then trust it
	 * (rig_ssh_options.accept_new_host_key, or add it to the file). */
	RIG_HINT_HOST_KEY_UNKNOWN,
	/* The SSH host key differs from the known one: nothing but removing
	 * the old key from known_hosts trusts the new one. */
	RIG_HINT_HOST_KEY_CHANGED,
	/* No SSH key was accepted (rig_ssh_options.identity_file, the
	 * agent, the rig's authorized_keys). */
	RIG_HINT_SSH_KEY,
	/* The step did not finish within the deadline
	 * (rig_*_options.timeout_ms). */
	RIG_HINT_TIMEOUT,
	/* Cipher suite 0 (no authentication) was asked for and not allowed
	 * (rig_bmc_options.allow_no_auth). */
	RIG_HINT_ALLOW_NO_AUTH,
	/* The serial console is held by another session, perhaps a stale
	 * one: rig_console_deactivate() frees it. */
	RIG_HINT_CONSOLE_IN_USE,
	/* A hard reset needs a BMC, but the rig's smart plug can do a
	 * power cycle (RIG_POWER_CYCLE). */
	RIG_HINT_USE_CYCLE,
	/* The smart plug refused the password (rig_plug_options.password). */
	RIG_HINT_PLUG_PASSWORD,
	/* Fan control needs the BMC's fan profile, named explicitly
	 * (rig_fans_options.profile); nothing is ever probed. */
	RIG_HINT_FAN_PROFILE
} rig_hint;

/*
 * The hint of the index-th error of the last call; RIG_HINT_NONE when it
 * has none or index is out of range.
 */
rig_hint rig_error_hint_at(const rig *r, size_t index);

/* A static lower-case name for a hint ("need-bmc", "kg"...); never NULL. */
const char *rig_hint_name(rig_hint hint);

/* ------------------------------------------------------------------ */
/* The BMC path                                                         */

typedef enum rig_privilege {
	RIG_PRIV_AUTO = 0, /* the least the operation needs */
	RIG_PRIV_USER,
	RIG_PRIV_OPERATOR,
	RIG_PRIV_ADMIN
} rig_privilege;

/* FreeIPMI's out-of-band IPMI 2.0 workarounds, by FreeIPMI's names. */
#define RIG_WORKAROUND_AUTHCAP 0x01u             /* "authcap" */
#define RIG_WORKAROUND_INTEL20 0x02u             /* "intel20" */
#define RIG_WORKAROUND_SUPERMICRO20 0x04u        /* "supermicro20" */
#define RIG_WORKAROUND_SUN20 0x08u               /* "sun20" */
#define RIG_WORKAROUND_OPENSESSPRIV 0x10u        /* "opensesspriv" */
#define RIG_WORKAROUND_INTEGRITYCHECKVALUE 0x20u /* "integritycheckvalue" */
#define RIG_WORKAROUND_NOCHECKSUMCHECK 0x40u     /* "nochecksumcheck" */

/*
 * Parse a comma-separated list of workaround names (case-insensitive) into
 * RIG_WORKAROUND_* bits in *flags.  RIG_E_INVALID for a NULL argument or an
 * unknown name; then *bad (if not NULL) points at that name inside text.
 * Pure; any thread.
 */
rig_status rig_workarounds_parse(const char *text, uint32_t *flags,
				 const char **bad);

/*
 * "user", "operator", "admin" or "auto" (case-insensitive) to a privilege
 * in *out; RIG_E_INVALID otherwise.  Pure; any thread.
 */
rig_status rig_privilege_parse(const char *text, rig_privilege *out);

/* The name rig_privilege_parse() reads, or "invalid".  Static; any thread. */
const char *rig_privilege_name(rig_privilege priv);

#define RIG_BMC_OPTIONS_VERSION 2
#define RIG_DEFAULT_TIMEOUT_MS 10000u
#define RIG_DEFAULT_CIPHER_SUITE 3

typedef struct rig_bmc_options {
	unsigned int version;
	/* "host", "host:port" or "[v6addr]:port"; port defaults to 623. */
	const char *host;
	const char *username; /* NULL: the null user */
	/* Copied into locked memory, wiped when the rig is freed. */
	const char *password;
	const uint8_t *k_g;
	size_t k_g_len; /* at most 20 */
	rig_privilege privilege;
	int cipher_suite; /* RMCP+ cipher suite id, default 3 */
	/* Deadline per exchange (session setup, one command), retries
	 * included.  Default RIG_DEFAULT_TIMEOUT_MS. */
	unsigned int timeout_ms;
	/* Retransmission interval; 0: derived from timeout_ms. */
	unsigned int retransmission_timeout_ms;
	uint32_t workarounds; /* RIG_WORKAROUND_* */
	/* Directory for this BMC's SDR cache; NULL: no cache kept. */
	const char *sdr_cache_dir;
	/* Version 2.  Cipher suite 0 authenticates nothing and encrypts
	 * nothing: anyone on the network can act as the user.  It is refused
	 * (RIG_E_INVALID, RIG_HINT_ALLOW_NO_AUTH) unless this is true, for
	 * callers of version 1 as well. */
	bool allow_no_auth;
} rig_bmc_options;

/* The defaults, as rig_bmc_options_init() sets them. */
#define RIG_BMC_OPTIONS_INIT                                                 \
	{RIG_BMC_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, RIG_PRIV_AUTO,  \
	 RIG_DEFAULT_CIPHER_SUITE, RIG_DEFAULT_TIMEOUT_MS, 0, 0, NULL, false}

/*
 * Fill *opts with the defaults of its version (pass RIG_BMC_OPTIONS_VERSION,
 * the one the program is built with); writes only the fields that version
 * has.  RIG_E_INVALID for NULL or a version this library does not know.
 * Pure; any thread.  The same holds for every rig_X_options_init below.
 */
rig_status rig_bmc_options_init(rig_bmc_options *opts, unsigned int version);

/*
 * Give the rig a BMC path; nothing connects until an operation needs it.
 * Strings are copied, the password and K_g into wiped memory; opts is not
 * kept.  One BMC per rig.  RIG_E_INVALID (recorded on r) for missing or
 * malformed options, a version out of range, or a second BMC.
 */
rig_status rig_add_bmc(rig *r, const rig_bmc_options *opts);

/* ------------------------------------------------------------------ */
/* Capabilities                                                         */

#define RIG_CAP_POWER_STATUS 0x0001u
#define RIG_CAP_POWER_ON 0x0002u
#define RIG_CAP_POWER_OFF 0x0004u
#define RIG_CAP_POWER_SOFT 0x0008u
#define RIG_CAP_POWER_CYCLE 0x0010u
#define RIG_CAP_POWER_RESET 0x0020u
#define RIG_CAP_POWER_REBOOT 0x0040u
#define RIG_CAP_SENSORS 0x0080u
#define RIG_CAP_GPUS 0x0100u
#define RIG_CAP_SEL 0x0200u
#define RIG_CAP_KERNEL_EVENTS 0x0400u
#define RIG_CAP_ECC 0x0800u
#define RIG_CAP_BOOT 0x1000u
#define RIG_CAP_CONSOLE 0x2000u
#define RIG_CAP_IDENTIFY 0x4000u
#define RIG_CAP_FRU 0x8000u
#define RIG_CAP_INFO 0x10000u
#define RIG_CAP_OS_INFO 0x20000u /* rig_os_info_get */

/*
 * What this rig's paths can do (RIG_CAP_* bits), known without I/O: a bit
 * means some path may do it, not that the rig will succeed.  0 for NULL.
 */
uint32_t rig_capabilities(const rig *r);

/*
 * The name of one RIG_CAP_* bit ("power-status", ...), NULL if cap is not
 * exactly one known bit.  Static; any thread.
 */
const char *rig_capability_name(uint32_t cap);

/* ------------------------------------------------------------------ */
/* Power                                                                */

typedef enum rig_power_state {
	RIG_POWERSTATE_UNKNOWN = 0,
	RIG_POWERSTATE_OFF,
	RIG_POWERSTATE_ON,
	RIG_POWERSTATE_UNREACHABLE /* no BMC and SSH does not answer */
} rig_power_state;

typedef enum rig_power_action {
	RIG_POWER_ON = 1,
	RIG_POWER_OFF,    /* hard off */
	RIG_POWER_SOFT,   /* ACPI / OS shutdown request */
	RIG_POWER_CYCLE,  /* off, then on */
	RIG_POWER_RESET,  /* hard reset */
	RIG_POWER_REBOOT  /* OS reboot over SSH */
} rig_power_action;

/* "on", "off", "unknown", "unreachable"; "invalid" for anything else.
 * Static; any thread. */
const char *rig_power_state_name(rig_power_state state);

/* "on", "off", "soft", "cycle", "reset", "reboot"; "invalid" for anything
 * else.  Static; any thread. */
const char *rig_power_action_name(rig_power_action action);

/* One of rig_power_action_name()'s names to an action in *out;
 * RIG_E_INVALID otherwise.  Pure; any thread. */
rig_status rig_power_action_parse(const char *text, rig_power_action *out);

#define RIG_POWER_OPTIONS_VERSION 1

typedef struct rig_power_options {
	unsigned int version;
	/* 0: return once the rig accepted the request.  Otherwise wait up to
	 * this long for the state the action leads to (RIG_E_WAIT_TIMEOUT). */
	unsigned int wait_ms;
	/* Cycle or reset of a rig that is off powers it on instead of
	 * failing with RIG_E_STATE. */
	bool on_if_off;
} rig_power_options;

/* The defaults (no wait, no on-if-off), as rig_power_options_init(). */
#define RIG_POWER_OPTIONS_INIT {RIG_POWER_OPTIONS_VERSION, 0, false}

/* See rig_bmc_options_init(). */
rig_status rig_power_options_init(rig_power_options *opts,
				  unsigned int version);

/*
 * The power state in *state, from the best path the rig has (the BMC;
 * else whether SSH answers).  Errors are recorded on r: RIG_E_UNSUPPORTED
 * without such a path, or the path's failure (RIG_E_UNREACHABLE,
 * RIG_E_AUTH...).
 */
rig_status rig_power_status(rig *r, rig_power_state *state);

/*
 * Perform a power action by the best path that can do it.  opts may be
 * NULL (no wait, no on-if-off).  Errors are recorded on r: RIG_E_INVALID
 * for an unknown action or options of a version out of range,
 * RIG_E_UNSUPPORTED when no path of the rig can do it, RIG_E_STATE for a
 * cycle or reset of a rig that is off, RIG_E_WAIT_TIMEOUT when the wait
 * ran out, or the path's failure.
 */
rig_status rig_power(rig *r, rig_power_action action,
		     const rig_power_options *opts);

/* ------------------------------------------------------------------ */
/* BMC identity                                                         */

typedef struct rig_bmc_info {
	uint32_t manufacturer_id;  /* IANA enterprise number */
	char manufacturer[64];     /* name if known, else "" */
	uint16_t product_id;
	uint8_t device_id;
	uint8_t device_revision;
	char firmware[16];         /* "1.23" */
	char ipmi_version[8];      /* "2.0" */
	bool has_guid;
	char guid[40];             /* 8-4-4-4-12 hex, when has_guid */
} rig_bmc_info;

/*
 * Ask the BMC who it is (Get Device ID; Get System GUID, else Get Device
 * GUID) and fill *info, which the caller owns.  RIG_E_UNSUPPORTED without
 * a BMC, else the BMC path's failure; recorded on r.
 */
rig_status rig_bmc_info_get(rig *r, rig_bmc_info *info);

/* ------------------------------------------------------------------ */
/* The operating system's identity, over SSH                            */

typedef struct rig_gpu_info {
	unsigned int index;  /* nvidia-smi's index */
	char *bus_id;        /* PCI bus id, "00000000:01:00.0" */
	char *uuid;          /* "GPU-...", or NULL */
	char *name;          /* "NVIDIA GeForce RTX 3060 Ti" */
} rig_gpu_info;

typedef struct rig_os_info {
	char *hostname;       /* uname -n */
	char *kernel;         /* uname -r, "6.8.0-45-generic" */
	char *os;             /* PRETTY_NAME of /etc/os-release, or NULL */
	char *driver_version; /* NVIDIA driver, NULL when none answered */
	/* Why no GPU is listed ("nvidia-smi not found", the driver's
	 * failure), or NULL; a GPU problem does not fail the call. */
	char *gpu_problem;
	size_t gpu_count;
	rig_gpu_info *gpus;
} rig_os_info;

/*
 * Ask the rig's operating system who it is over SSH (one probe run: host
 * name, kernel, distribution, NVIDIA driver and GPUs) and fill *info;
 * free it with rig_os_info_free().  RIG_E_UNSUPPORTED without an SSH
 * path, else the SSH path's failure (RIG_E_UNREACHABLE for a rig that is
 * down, RIG_E_PROBE for an answer that makes no sense); recorded on r, and
 * *info is then empty.
 */
rig_status rig_os_info_get(rig *r, rig_os_info *info);

/* Free what rig_os_info_get() put in *info and empty it; a no-op on NULL
 * and on an empty one. */
void rig_os_info_free(rig_os_info *info);

/* ------------------------------------------------------------------ */
/* The SSH path and Wake-on-LAN                                         */

#define RIG_SSH_OPTIONS_VERSION 1

typedef struct rig_ssh_options {
	unsigned int version;
	/* "[user@]host[:port]" or a Host alias of the user's ssh_config. */
	const char *target;
	const char *identity_file;  /* NULL: ssh_config / agent / defaults */
	const char *known_hosts;    /* NULL: libssh's default */
	bool accept_new_host_key;   /* trust an unknown key once; never a
				       changed one */
	unsigned int timeout_ms;    /* per exchange, default 10000 */
	const char *probe_root;     /* read /sys and /proc under it; "/" */
	unsigned int expect_pcie_width; /* 0: the max nvidia-smi reports */
	const char *ssh_config;     /* NULL: libssh's default files */
} rig_ssh_options;

/* The defaults, as rig_ssh_options_init() sets them. */
#define RIG_SSH_OPTIONS_INIT                                                 \
	{RIG_SSH_OPTIONS_VERSION, NULL, NULL, NULL, false,                   \
	 RIG_DEFAULT_TIMEOUT_MS, "/", 0, NULL}

/* See rig_bmc_options_init(). */
rig_status rig_ssh_options_init(rig_ssh_options *opts, unsigned int version);

/*
 * Give the rig an SSH path.  Nothing connects until an operation needs it
 * (the SSH module is loaded then).  Strings are copied; opts is not kept.
 * One SSH target per rig.  RIG_E_INVALID (recorded on r) for missing or
 * malformed options or a version out of range.
 */
rig_status rig_add_ssh(rig *r, const rig_ssh_options *opts);

#define RIG_WOL_OPTIONS_VERSION 1

typedef struct rig_wol_options {
	unsigned int version;
	const char *mac;       /* "aa:bb:cc:dd:ee:ff" or with '-' */
	const char *broadcast; /* default "255.255.255.255" */
	uint16_t port;         /* default 9 */
} rig_wol_options;

/* The defaults, as rig_wol_options_init() sets them. */
#define RIG_WOL_OPTIONS_INIT                                                 \
	{RIG_WOL_OPTIONS_VERSION, NULL, "255.255.255.255", 9}

/* See rig_bmc_options_init(). */
rig_status rig_wol_options_init(rig_wol_options *opts, unsigned int version);

/*
 * Let power on send a Wake-on-LAN packet (used only without a BMC).
 * Strings are copied; opts is not kept.  RIG_E_INVALID (recorded on r) for
 * a malformed MAC, options of a version out of range, or a second MAC.
 */
rig_status rig_add_wol(rig *r, const rig_wol_options *opts);

/* ------------------------------------------------------------------ */
/* The smart-plug path                                                  */

#define RIG_PLUG_OPTIONS_VERSION 1

typedef struct rig_plug_options {
	unsigned int version;
	/* "tasmota://[user@]host[:port][/relay]" (relay 1 by default) or
	 * "shelly://host[:port][/id]" (Shelly Gen2+ RPC, switch 0). */
	const char *url;
	/* The plug's web password, NULL for none; copied into locked
	 * memory.  Tasmota sends it in clear over HTTP. */
	const char *password;
	unsigned int timeout_ms;  /* per HTTP exchange, default 10000 */
	/* How long a power cycle leaves the relay open, counted by the
	 * plug itself; default 10000, rounded to what the plug counts in
	 * (Tasmota: 0.1 s, at most 360 s; Shelly: 1 s). */
	unsigned int off_time_ms;
} rig_plug_options;

/* The defaults, as rig_plug_options_init() sets them. */
#define RIG_PLUG_OPTIONS_INIT                                                \
	{RIG_PLUG_OPTIONS_VERSION, NULL, NULL, RIG_DEFAULT_TIMEOUT_MS, 10000}

/* See rig_bmc_options_init(). */
rig_status rig_plug_options_init(rig_plug_options *opts, unsigned int version);

/*
 * Give the rig a smart plug: power status, on, off, cycle (the plug's own
 * timer switches the relay back on, so a cycle completes even if the
 * program dies) and its energy meter as the power reading, where no BMC
 * does them.  Nothing connects until an operation needs it (the plug
 * module is loaded then).  Strings are copied; opts is not kept.
 * RIG_E_INVALID (recorded on r) for a malformed URL, options of a version
 * out of range, or a second plug.
 */
rig_status rig_add_plug(rig *r, const rig_plug_options *opts);

/* The plug's relay and meter.  Caller-allocated: never grows. */
typedef struct rig_plug_status {
	bool relay_on;     /* true: closed, the rig has wall power */
	bool has_power;    /* the plug measures power */
	double power_w;
	bool has_voltage;
	double voltage_v;
	bool has_current;
	double current_a;
} rig_plug_status;

/*
 * Read the relay and the meter of the rig's plug into *out.
 * RIG_E_UNSUPPORTED without a plug; RIG_E_UNREACHABLE, RIG_E_AUTH,
 * RIG_E_IO (an answer that is not the API's) as recorded on r.
 */
rig_status rig_plug_status_get(rig *r, rig_plug_status *out);

/* ------------------------------------------------------------------ */
/* Sensors                                                              */

typedef enum rig_sensor_type {
	RIG_SENSOR_TEMPERATURE = 0,
	RIG_SENSOR_FAN,
	RIG_SENSOR_VOLTAGE,
	RIG_SENSOR_CURRENT,
	RIG_SENSOR_POWER,
	RIG_SENSOR_GPU,
	RIG_SENSOR_OTHER,         /* OEM sensor types (0xC0-0xFF), unknown codes */
	/* The other IPMI sensor types (IPMI 2.0, table 42-3), in code order;
	 * their names are IPMI's, lowercase with hyphens. */
	RIG_SENSOR_PHYSICAL_SECURITY,   /* 0x05, chassis intrusion */
	RIG_SENSOR_PLATFORM_SECURITY,   /* 0x06 */
	RIG_SENSOR_PROCESSOR,           /* 0x07 */
	RIG_SENSOR_POWER_SUPPLY,        /* 0x08 */
	RIG_SENSOR_POWER_UNIT,          /* 0x09 */
	RIG_SENSOR_COOLING_DEVICE,      /* 0x0A */
	RIG_SENSOR_OTHER_UNITS_BASED,   /* 0x0B */
	RIG_SENSOR_MEMORY,              /* 0x0C */
	RIG_SENSOR_DRIVE_SLOT,          /* 0x0D */
	RIG_SENSOR_POST_MEMORY_RESIZE,  /* 0x0E */
	RIG_SENSOR_SYSTEM_FIRMWARE_PROGRESS, /* 0x0F */
	RIG_SENSOR_EVENT_LOGGING_DISABLED,   /* 0x10 */
	RIG_SENSOR_WATCHDOG1,           /* 0x11 */
	RIG_SENSOR_SYSTEM_EVENT,        /* 0x12 */
	RIG_SENSOR_CRITICAL_INTERRUPT,  /* 0x13 */
	RIG_SENSOR_BUTTON_SWITCH,       /* 0x14 */
	RIG_SENSOR_MODULE_BOARD,        /* 0x15 */
	RIG_SENSOR_MICROCONTROLLER_COPROCESSOR, /* 0x16 */
	RIG_SENSOR_ADD_IN_CARD,         /* 0x17 */
	RIG_SENSOR_CHASSIS,             /* 0x18 */
	RIG_SENSOR_CHIP_SET,            /* 0x19 */
	RIG_SENSOR_OTHER_FRU,           /* 0x1A */
	RIG_SENSOR_CABLE_INTERCONNECT,  /* 0x1B */
	RIG_SENSOR_TERMINATOR,          /* 0x1C */
	RIG_SENSOR_SYSTEM_BOOT_RESTART_INITIATED, /* 0x1D */
	RIG_SENSOR_BOOT_ERROR,          /* 0x1E */
	RIG_SENSOR_BASE_OS_BOOT_INSTALLATION_STATUS, /* 0x1F */
	RIG_SENSOR_OS_STOP_SHUTDOWN,    /* 0x20 */
	RIG_SENSOR_SLOT_CONNECTOR,      /* 0x21 */
	RIG_SENSOR_SYSTEM_ACPI_POWER_STATE, /* 0x22 */
	RIG_SENSOR_WATCHDOG2,           /* 0x23 */
	RIG_SENSOR_PLATFORM_ALERT,      /* 0x24 */
	RIG_SENSOR_ENTITY_PRESENCE,     /* 0x25 */
	RIG_SENSOR_MONITOR_ASIC_IC,     /* 0x26 */
	RIG_SENSOR_LAN,                 /* 0x27 */
	RIG_SENSOR_MANAGEMENT_SUBSYSTEM_HEALTH, /* 0x28 */
	RIG_SENSOR_BATTERY,             /* 0x29 */
	RIG_SENSOR_SESSION_AUDIT,       /* 0x2A */
	RIG_SENSOR_VERSION_CHANGE,      /* 0x2B */
	RIG_SENSOR_FRU_STATE            /* 0x2C */
} rig_sensor_type;

/* "temperature", "fan", "voltage", "current", "power", "gpu", "other",
 * then the IPMI sensor types by their IPMI names in lowercase with hyphens
 * ("physical-security", "power-supply", "drive-slot", "battery", ...);
 * "invalid" for anything else.  Static; any thread. */
const char *rig_sensor_type_name(rig_sensor_type type);

/* One of rig_sensor_type_name()'s names to a type in *out; RIG_E_INVALID
 * otherwise.  Pure; any thread. */
rig_status rig_sensor_type_parse(const char *text, rig_sensor_type *out);

/* Health of a sensor or of a check. */
typedef enum rig_state {
	RIG_STATE_OK = 0,
	RIG_STATE_WARNING,
	RIG_STATE_CRITICAL,
	RIG_STATE_UNKNOWN
} rig_state;

/* "ok", "warning", "critical", "unknown"; "invalid" for anything else.
 * Static; any thread. */
const char *rig_state_name(rig_state state);

/*
 * The worse of two states by the monitoring-plugin convention:
 * critical > warning > unknown > ok.  Pure; any thread.
 */
rig_state rig_state_worst(rig_state a, rig_state b);

/* Threshold slots, IPMI's names. */
enum rig_threshold {
	RIG_THRESH_LNR = 0, /* lower non-recoverable */
	RIG_THRESH_LCR,     /* lower critical */
	RIG_THRESH_LNC,     /* lower non-critical */
	RIG_THRESH_UNC,     /* upper non-critical */
	RIG_THRESH_UCR,     /* upper critical */
	RIG_THRESH_UNR,     /* upper non-recoverable */
	RIG_THRESH_COUNT
};

/* "lnr", "lcr", "lnc", "unc", "ucr", "unr"; "invalid" for anything else.
 * Static; any thread. */
const char *rig_threshold_name(enum rig_threshold t);

typedef struct rig_sensor {
	char *name;            /* "CPU Temp"; GPUs: "GPU0 Temperature" */
	rig_sensor_type type;
	rig_path source;       /* RIG_PATH_BMC or RIG_PATH_SSH */
	int record_id;         /* SDR record id; -1 when not from a BMC */
	int sensor_number;     /* -1 when not from a BMC */
	char *ipmi_type;       /* "Temperature", "Memory"...; NULL off-BMC */
	char *entity;          /* IPMI entity, hwmon chip, or NULL */
	char *device;          /* GPU bus id, hwmon chip+label key, or NULL */
	bool has_reading;
	double reading;
	char *unit;            /* "C", "RPM", "V", "A", "W", "%", "MiB"; NULL
				  for discrete sensors */
	char *reason;          /* why there is no reading, when !has_reading */
	rig_state state;
	char *state_text;      /* discrete state, or why not ok; may be NULL */
	uint32_t thresholds_set; /* bit (1 << RIG_THRESH_x) if present */
	double thresholds[RIG_THRESH_COUNT];
} rig_sensor;

typedef struct rig_sensor_list {
	size_t count;
	rig_sensor *items;
} rig_sensor_list;

/* Version 2 added exclude. */
#define RIG_SENSORS_OPTIONS_VERSION 2

typedef struct rig_sensors_options {
	unsigned int version;
	/*
	 * BMC thresholds as the BMC enforces them now (Get Sensor Thresholds:
	 * one more round trip per threshold sensor) instead of as written in
	 * the SDR (no round trip).  They differ only where someone changed a
	 * threshold at run time.  Sensor states never depend on this: the BMC compares
	 * against its live thresholds when it reports a reading.
	 */
	bool live_thresholds;
	/* Since version 2.  A NULL-terminated list of shell globs
	 * (fnmatch(3), case-insensitive) over sensor names; a sensor that
	 * matches one is left out of the result.  NULL: keep every sensor.
	 * Read during the call only. */
	const char *const *exclude;
} rig_sensors_options;

/* The defaults (thresholds from the SDR, nothing excluded), as
 * rig_sensors_options_init() sets them. */
#define RIG_SENSORS_OPTIONS_INIT {RIG_SENSORS_OPTIONS_VERSION, false, NULL}

/* See rig_bmc_options_init(). */
rig_status rig_sensors_options_init(rig_sensors_options *opts,
				    unsigned int version);

/*
 * Every sensor of every path the rig has (BMC sensors, hwmon and GPUs over
 * SSH), merged, less those opts->exclude names; opts NULL means the
 * defaults.  The list goes to *out (NULL on failure), which the caller
 * frees with rig_sensor_list_free().  When a path fails, *out still holds
 * what the other paths gave and the status is RIG_E_PARTIAL; errors are
 * recorded on r (RIG_E_UNSUPPORTED without a path that has sensors,
 * RIG_E_INVALID for options of a version out of range).
 */
rig_status rig_sensors_get(rig *r, const rig_sensors_options *opts,
			   rig_sensor_list **out);

/* Free a list from rig_sensors_get() with its strings.  NULL is a no-op. */
void rig_sensor_list_free(rig_sensor_list *list);

/*
 * Drop this rig's SDR cache file (rig_bmc_options.sdr_cache_dir), so the
 * next read fetches the SDR again.  No I/O with the BMC, so it works while
 * the BMC is down.  RIG_E_UNSUPPORTED without a BMC; RIG_E_IO if the file
 * exists and cannot be removed; recorded on r.
 */
rig_status rig_sdr_cache_flush(rig *r);

/* ------------------------------------------------------------------ */
/* Events: the SEL of a BMC, the kernel log over SSH                    */

typedef enum rig_severity {
	RIG_SEVERITY_INFO = 0,
	RIG_SEVERITY_WARNING,
	RIG_SEVERITY_CRITICAL
} rig_severity;

/* "info", "warning", "critical"; "invalid" for anything else.  Static;
 * any thread. */
const char *rig_severity_name(rig_severity sev);

typedef enum rig_ecc_kind {
	RIG_ECC_NONE = 0,        /* not a memory error */
	RIG_ECC_CORRECTABLE,
	RIG_ECC_UNCORRECTABLE,
	RIG_ECC_LOGGING_LIMIT,   /* correctable logging limit reached */
	RIG_ECC_OTHER,           /* parity, scrub failed, device disabled,
				    spare, throttled, configuration error,
				    overtemperature */
	/* How many kinds there are, for arrays indexed by kind.  It sizes
	 * rig_check_result.new_ecc, so a new kind changes that layout and
	 * comes only with a new soname (docs/api-stability.md). */
	RIG_ECC_KIND_COUNT
} rig_ecc_kind;

/* "none", "correctable", "uncorrectable", "logging-limit", "other";
 * "invalid" for anything else.  Static; any thread. */
const char *rig_ecc_kind_name(rig_ecc_kind kind);

typedef struct rig_event {
	char *id;             /* SEL record id as text, or journal cursor */
	rig_path source;      /* RIG_PATH_BMC: SEL; RIG_PATH_SSH: kernel */
	bool has_time;        /* false: pre-init or unknown time */
	int64_t time;         /* Unix seconds (UTC) when has_time */
	bool pre_init;        /* SEL timestamp before the BMC clock was set */
	uint32_t uptime_s;    /* the raw seconds of a pre-init timestamp */
	char *sensor;         /* sensor name, device (GPU bus id), or NULL */
	char *type;           /* "Memory", "Fan", "Power Supply", "GPU Xid" */
	rig_severity severity;
	bool deassertion;
	char *description;
	char *raw;            /* 32 lowercase hex digits, or the log line */
	rig_ecc_kind ecc;     /* memory error class, or RIG_ECC_NONE */
	char *dimm;           /* only when the record says so unambiguously */
} rig_event;

typedef struct rig_event_list {
	size_t count;
	rig_event *items;
	/* Opaque, covers all of the rig's paths: pass as since next time. */
	char *cursor;
	/* RIG_PATH_* bits of paths whose log restarted since the cursor
	 * (cleared or wrapped): all of their events are listed. */
	unsigned int restarted;
} rig_event_list;

#define RIG_EVENTS_OPTIONS_VERSION 1

typedef struct rig_events_options {
	unsigned int version;
	const char *since; /* a cursor from an earlier list, or NULL */
	size_t last;       /* only the last N events; 0: all */
} rig_events_options;

/* The defaults (every event, from the start), as rig_events_options_init(). */
#define RIG_EVENTS_OPTIONS_INIT {RIG_EVENTS_OPTIONS_VERSION, NULL, 0}

/* See rig_bmc_options_init(). */
rig_status rig_events_options_init(rig_events_options *opts,
				   unsigned int version);

/*
 * The events of every path the rig has (the BMC's SEL, the kernel log over
 * SSH), oldest first, with a cursor for the next call; opts NULL means the
 * defaults.  The list goes to *out (NULL on failure), which the caller
 * frees with rig_event_list_free().  When a path fails, *out holds the
 * other paths' events, the failed path keeps its old cursor part, and the
 * status is RIG_E_PARTIAL.  RIG_E_INVALID for a malformed cursor or
 * options of a version out of range; errors are recorded on r.
 */
rig_status rig_events_list(rig *r, const rig_events_options *opts,
			   rig_event_list **out);

/* Free a list from rig_events_list() with its strings.  NULL is a no-op. */
void rig_event_list_free(rig_event_list *list);

/* ------------------------------------------------------------------ */
/* SEL records, decoded from their 16 raw bytes alone (IPMI 2.0 ch. 32): no
 * SDR is needed, so a record whose sensor the SDR lacks still decodes.  */

#define RIG_SEL_RECORD_LEN 16
/* Timestamps at or below this count seconds since the BMC started, not
 * since 1970: the BMC clock had not been set yet (IPMI 2.0 37.1). */
#define RIG_SEL_PRE_INIT_MAX 0x20000000u

typedef enum rig_sel_class {
	RIG_SEL_CLASS_SYSTEM = 0,       /* record type 0x02, system event */
	RIG_SEL_CLASS_OEM_TIMESTAMPED,  /* 0xC0-0xDF */
	RIG_SEL_CLASS_OEM,              /* 0xE0-0xFF, no timestamp */
	RIG_SEL_CLASS_UNKNOWN           /* any other record type */
} rig_sel_class;

/* "system", "oem-timestamped", "oem", "unknown"; "invalid" for anything
 * else.  Static; any thread. */
const char *rig_sel_class_name(rig_sel_class cls);

typedef struct rig_sel_record {
	uint8_t raw[RIG_SEL_RECORD_LEN];
	uint16_t record_id;
	uint8_t record_type;
	rig_sel_class cls;
	/* System events and timestamped OEM records carry a timestamp;
	 * 0xFFFFFFFF means "unspecified" and gives has_timestamp false. */
	bool has_timestamp;
	uint32_t timestamp;
	bool pre_init;          /* timestamp <= RIG_SEL_PRE_INIT_MAX */
	/* System events only. */
	uint16_t generator_id;  /* byte 7 (slave address or software id)
				   | byte 8 (channel, LUN) << 8 */
	uint8_t evm_rev;
	uint8_t sensor_type;
	uint8_t sensor_number;
	uint8_t event_type;     /* event/reading type code, 7 bits */
	bool deassertion;
	uint8_t offset;         /* event data 1 bits [3:0] */
	uint8_t event_data[3];
	/* Timestamped OEM records only. */
	uint32_t manufacturer_id;
	/* Classification, from the bytes above only. */
	rig_severity severity;  /* deassertions are info */
	rig_ecc_kind ecc;       /* assertions of sensor type Memory (0x0C)
				   with sensor-specific offsets (0x6F) */
	bool has_dimm;          /* event data 1 says event data 3 names the
				   memory module (bits [5:4] = 11b) */
	uint8_t dimm;           /* that module, relative to the sensor's
				   entity; meaningful only when has_dimm */
	char type[48];          /* sensor type ("Memory"), or "OEM record" */
	char description[192];
} rig_sel_record;

/*
 * Decode one SEL record into *out, which the caller owns (it holds no
 * pointers).  len must be RIG_SEL_RECORD_LEN: anything else, or a NULL
 * argument, is RIG_E_INVALID and leaves *out zeroed.  Pure: no I/O, no
 * handle; any thread.
 */
rig_status rig_sel_decode(const uint8_t *raw, size_t len, rig_sel_record *out);

/* The same from 32 hex digits (as rig_event.raw), either case;
 * RIG_E_INVALID for anything else.  Pure; any thread. */
rig_status rig_sel_decode_hex(const char *hex, rig_sel_record *out);

/* ------------------------------------------------------------------ */
/* The SEL itself: information and archive-then-clear                   */

/* SEL information (Get SEL Info). */
typedef struct rig_sel_info {
	char version[8];        /* SEL version, "1.5" */
	uint32_t entries;
	uint32_t free_bytes;
	bool overflow;          /* events were dropped: the SEL was full */
	bool has_last_add;      /* false: nothing added since reset/clear */
	bool last_add_pre_init; /* last_add counts seconds since BMC start */
	int64_t last_add;
	bool has_last_erase;
	bool last_erase_pre_init;
	int64_t last_erase;
	bool supports_delete;
	bool supports_reserve;
} rig_sel_info;

/*
 * Ask the BMC about its SEL (Get SEL Info) and fill *info, which the caller
 * owns.  RIG_E_UNSUPPORTED without a BMC, else the BMC path's failure;
 * recorded on r.
 */
rig_status rig_sel_info_get(rig *r, rig_sel_info *info);

#define RIG_SEL_CLEAR_OPTIONS_VERSION 1

typedef struct rig_sel_clear_options {
	unsigned int version;
	/* Required; must not exist yet.  Written whole (temporary file, fsync,
	 * link into place, fsync of the directory) before anything is
	 * cleared.  Format: docs/commands.md, "SEL archives". */
	const char *archive_path;
} rig_sel_clear_options;

/* The defaults (no archive path yet: set one), as
 * rig_sel_clear_options_init(). */
#define RIG_SEL_CLEAR_OPTIONS_INIT {RIG_SEL_CLEAR_OPTIONS_VERSION, NULL}

/* See rig_bmc_options_init(). */
rig_status rig_sel_clear_options_init(rig_sel_clear_options *opts,
				      unsigned int version);

typedef struct rig_sel_clear_result {
	size_t archived;    /* records in the archive (all were cleared) */
	unsigned int reads; /* full reads: more than 1 if the SEL changed */
} rig_sel_clear_result;

/*
 * Archive the whole SEL, then clear it: reserve, read everything, write
 * and sync the archive, check that entry count and last add time did not
 * change (else read and archive again), then clear under the reservation.
 * If the archive cannot be written and synced, nothing is cleared
 * (RIG_E_IO).  A BMC that cancels reservations on new events makes the
 * clear fail rather than lose an event; on one that does not (ipmi_sim),
 * an event arriving between the final check and the clear is lost: a
 * window of one IPMI round trip.  result (caller-owned, may be NULL) says
 * what was archived.  Errors are recorded on r: RIG_E_INVALID without
 * options, an archive path, or with a version out of range;
 * RIG_E_UNSUPPORTED without a BMC; RIG_E_IO; or the BMC path's failure.
 */
rig_status rig_sel_clear(rig *r, const rig_sel_clear_options *opts,
			 rig_sel_clear_result *result);

/* ------------------------------------------------------------------ */
/* ECC: memory errors per sensor (or DIMM) and kind                     */

typedef struct rig_ecc_count {
	rig_path source;      /* RIG_PATH_BMC: SEL; RIG_PATH_SSH: EDAC */
	char *sensor;         /* SEL sensor name, or EDAC controller */
	char *dimm;           /* only when the source says so unambiguously */
	rig_ecc_kind kind;
	uint64_t count;
	bool has_first;       /* first/last seen are known (SEL with times) */
	int64_t first_seen;
	bool has_last;
	int64_t last_seen;
} rig_ecc_count;

typedef struct rig_ecc_report {
	size_t count;
	rig_ecc_count *items;
	unsigned int paths;   /* RIG_PATH_* bits that reported ECC */
} rig_ecc_report;

/*
 * Memory errors seen by every path that can report them (SEL memory events;
 * EDAC counters over SSH), in a report that goes to *out (NULL on failure)
 * and that the caller frees with rig_ecc_report_free().
 * RIG_E_NOT_AVAILABLE when no path can (e.g. no BMC and no EDAC);
 * RIG_E_PARTIAL when a path failed; errors are recorded on r.
 */
rig_status rig_ecc_status(rig *r, rig_ecc_report **out);

/* Free a report from rig_ecc_status() with its strings.  NULL is a no-op. */
void rig_ecc_report_free(rig_ecc_report *report);

/* ------------------------------------------------------------------ */
/* Checks for cron and monitoring systems                               */

#define RIG_CHECK_SENSORS 0x1u /* sensors in warning or critical */
#define RIG_CHECK_EVENTS 0x2u  /* new events of warning or worse */
#define RIG_CHECK_ECC 0x4u     /* new memory errors */
#define RIG_CHECK_ALL 0x7u

typedef enum rig_check_kind {
	RIG_CHECK_ITEM_SENSOR = 0,
	RIG_CHECK_ITEM_EVENT,
	RIG_CHECK_ITEM_ECC,
	RIG_CHECK_ITEM_NOTE      /* about the check itself (state file set
				    aside, log cleared or wrapped, a path that
				    failed) */
} rig_check_kind;

/* "sensor", "event", "ecc", "note"; "invalid" for anything else.  Static;
 * any thread. */
const char *rig_check_kind_name(rig_check_kind kind);

typedef struct rig_check_item {
	rig_check_kind kind;
	rig_state state;          /* what it adds to the check's state */
	char *text;               /* one line for people */
	const rig_sensor *sensor; /* into result->sensors, or NULL */
	const rig_event *event;   /* into result->events, or NULL */
} rig_check_item;

/* Version 2 added exclude; version 3 defer_commit, baseline,
 * event_hold_s and ack_path. */
#define RIG_CHECK_OPTIONS_VERSION 3

typedef struct rig_check_options {
	unsigned int version;
	unsigned int what;        /* RIG_CHECK_* bits; 0: RIG_CHECK_ALL */
	/* Required: this rig's state file.  "<state_path>.lock" is the lock. */
	const char *state_path;
	/* How long to wait for an overlapping run to finish. */
	unsigned int lock_timeout_ms; /* RIG_CHECK_DEFAULT_LOCK_TIMEOUT_MS */
	/* Since version 2.  Sensors left out of the check, as
	 * rig_sensors_options.exclude: a NULL-terminated list of shell globs
	 * (case-insensitive) over sensor names; NULL: none.  Read during the
	 * call only. */
	const char *const *exclude;
	/* Since version 3.  Keep the new state (and the lock) in the result
	 * instead of writing it: the caller delivers the report first, then
	 * calls rig_check_commit(), so a report that never arrived (a closed
	 * pipe, a full disk) is reported again by the next run.  Freeing the
	 * result uncommitted releases the lock and keeps the old state. */
	bool defer_commit;
	/* Since version 3.  Record every event and memory error as seen and
	 * report none of them (the first run on a rig with a long history);
	 * sensors are still judged. */
	bool baseline;
	/* Since version 3.  Keep each new event or memory error of warning or
	 * worse in the result, at its state, for this many seconds after it
	 * was first reported (a monitoring system's retries must see it
	 * again); 0: report it once. */
	unsigned int event_hold_s;
	/* Since version 3.  The rig's acknowledgement file, written by
	 * rig_check_ack(): held events first reported before it are dropped.
	 * NULL: none. */
	const char *ack_path;
} rig_check_options;

/* The defaults (everything, a 60 s lock wait, no state file yet: set
 * one), as rig_check_options_init() sets them. */
#define RIG_CHECK_DEFAULT_LOCK_TIMEOUT_MS 60000u
#define RIG_CHECK_OPTIONS_INIT                                               \
	{RIG_CHECK_OPTIONS_VERSION, RIG_CHECK_ALL, NULL,                     \
	 RIG_CHECK_DEFAULT_LOCK_TIMEOUT_MS, NULL, false, false, 0, NULL}

/* See rig_bmc_options_init(). */
rig_status rig_check_options_init(rig_check_options *opts,
				  unsigned int version);

/* A running total of what the checks of one state file have seen. */
typedef struct rig_check_total {
	rig_path source;       /* where it was seen */
	bool counter;          /* from a path's counters (EDAC), not an event */
	rig_severity severity; /* the event's, or by kind for counters */
	rig_ecc_kind ecc;      /* RIG_ECC_NONE: an event that is no memory
				  error */
	uint64_t count;
} rig_check_total;

typedef struct rig_check_result {
	rig_state state;          /* worst of the items; unknown if a read
				     failed */
	size_t count;
	rig_check_item *items;
	rig_sensor_list *sensors; /* every sensor read (RIG_CHECK_SENSORS) */
	rig_event_list *events;   /* every event new since the last run */
	size_t new_events;        /* new events of warning or worse (not ECC) */
	size_t new_ecc[RIG_ECC_KIND_COUNT]; /* new memory errors by kind */
	bool ecc_available;       /* some path can report ECC */
	bool first_run;           /* no usable state: everything was new */
	/* Every event read (any severity, baselines included) and every new
	 * memory error a counter path gave, summed over the runs of this
	 * state file: counters for a monitoring system (Prometheus's
	 * increase()).  They go on with the state: a state file set aside
	 * starts them again from 0, which such systems read as a reset. */
	size_t total_count;
	rig_check_total *totals;
} rig_check_result;

/*
 * Check the rig and remember what was reported in the state file, so that
 * events and memory errors are reported once; sensor problems are reported
 * on every run while they last.  The state file is read and written
 * (atomically) under an exclusive lock, so of two overlapping runs only one
 * reports a new event.  A state file that is not ours, or corrupt, is
 * renamed to "<state_path>.bad-<unix time>" and noted in the result.
 * Events are read from the state's cursor on (only new records).
 * *out is filled whenever the check ran, whatever the status: a part that
 * could not be read (status RIG_E_PARTIAL, or the failure's own status when
 * nothing could be read) makes its state at least unknown and adds a note;
 * RIG_E_IO when the state file could not be written.  With defer_commit
 * the state is not written here but by rig_check_commit(), and the lock is
 * held until then (or until the result is freed).  *out is NULL only
 * for invalid options, no memory, or a lock held too long (RIG_E_STATE).
 * The caller frees *out with rig_check_result_free(); its items point into
 * its own sensors and events.  Errors are recorded on r.
 */
rig_status rig_check(rig *r, const rig_check_options *opts,
		     rig_check_result **out);

/*
 * Write the state a rig_check() with defer_commit left in result
 * (atomically: temporary file, fsync, rename, fsync of the directory) and
 * release the lock.  Call it once the report was delivered.  RIG_E_IO when
 * the state could not be written (the next run reports the same events
 * again); RIG_E_INVALID when result has nothing to commit (no
 * defer_commit, or committed already).  Errors are recorded on r.
 */
rig_status rig_check_commit(rig *r, rig_check_result *result);

/*
 * Acknowledge the held events of a rig: write the current time to
 * ack_path (atomically, under "<ack_path>.lock"), which every check given
 * that ack_path reads (rig_check_options.ack_path), whatever its state
 * file.  Errors are recorded on r.
 */
rig_status rig_check_ack(rig *r, const char *ack_path);

/* Free a result from rig_check() with everything in it; a result not
 * committed releases its lock and leaves the state as it was.  NULL is a
 * no-op. */
void rig_check_result_free(rig_check_result *result);

/* ------------------------------------------------------------------ */
/* Remote hands: boot device, identify LED, FRU inventory, DCMI power   */
/* reading, serial console                                              */

/*
 * libipmiconsole's Serial-over-LAN workarounds, by its names; they take
 * effect for rig_console_open() only and go in rig_bmc_options.workarounds
 * with the RIG_WORKAROUND_* bits above.
 */
#define RIG_WORKAROUND_SOLPAYLOADSIZE 0x0100u       /* "solpayloadsize" */
#define RIG_WORKAROUND_SOLPORT 0x0200u              /* "solport" */
#define RIG_WORKAROUND_SOLSTATUS 0x0400u            /* "solstatus" */
#define RIG_WORKAROUND_SOLCHANNELSUPPORT 0x0800u    /* "solchannelsupport" */
#define RIG_WORKAROUND_SERIALALERTSDEFERRED 0x1000u /* "serialalertsdeferred" */
#define RIG_WORKAROUND_SOLPACKETSEQ 0x2000u /* "incrementsolpacketsequence" */

/* Boot device override (IPMI 2.0 System Boot Options, parameter 5). */
typedef enum rig_boot_device {
	RIG_BOOT_DEFAULT = 0, /* no override: the BIOS's own order */
	RIG_BOOT_PXE,
	RIG_BOOT_DISK,
	RIG_BOOT_CDROM,
	RIG_BOOT_BIOS,        /* stop in the BIOS setup */
	RIG_BOOT_OTHER        /* reported only: a selector not named here */
} rig_boot_device;

/* "default", "pxe", "disk", "cdrom", "bios", "other"; "invalid" for
 * anything else.  Static; any thread. */
const char *rig_boot_device_name(rig_boot_device dev);

/* One of rig_boot_device_name()'s names except "other" to a device in
 * *out; RIG_E_INVALID otherwise.  Pure; any thread. */
rig_status rig_boot_device_parse(const char *text, rig_boot_device *out);

#define RIG_BOOT_OPTIONS_VERSION 1

typedef struct rig_boot_options {
	unsigned int version;
	/* false: the next boot only (the BMC also forgets an override that
	 * no boot used within 60 s, IPMI 2.0 28.13); true: every boot. */
	bool persistent;
	bool efi; /* ask for an EFI boot instead of a legacy BIOS one */
} rig_boot_options;

/* The defaults (next boot only, legacy), as rig_boot_options_init(). */
#define RIG_BOOT_OPTIONS_INIT {RIG_BOOT_OPTIONS_VERSION, false, false}

/* See rig_bmc_options_init(). */
rig_status rig_boot_options_init(rig_boot_options *opts, unsigned int version);

/*
 * Set the boot device for the next boot (or every boot).  opts may be NULL
 * (next boot only, legacy).  Needs operator privilege.  Errors are
 * recorded on r: RIG_E_INVALID for RIG_BOOT_OTHER or options of a version
 * out of range, RIG_E_UNSUPPORTED without a BMC, or the BMC's refusal.
 */
rig_status rig_boot_set(rig *r, rig_boot_device dev,
			const rig_boot_options *opts);

/* The boot flags as the BMC reports them; has_* false for what it does
 * not report. */
typedef struct rig_boot_status {
	bool has_flags;       /* valid, persistent and efi below are known */
	bool valid;           /* the BMC will hand the override to the BIOS */
	bool persistent;
	bool efi;
	bool has_device;
	rig_boot_device device;
	uint8_t selector;     /* the raw 4-bit device selector */
} rig_boot_status;

/*
 * Read the boot flags (Get System Boot Options) into *st, which the caller
 * owns.  Needs operator.  RIG_E_UNSUPPORTED without a BMC, else the BMC
 * path's failure; recorded on r.
 */
rig_status rig_boot_get(rig *r, rig_boot_status *st);

/* Chassis identify LED. */
#define RIG_IDENTIFY_OPTIONS_VERSION 1
#define RIG_IDENTIFY_DEFAULT_S 15u
#define RIG_IDENTIFY_MAX_S 255u

typedef struct rig_identify_options {
	unsigned int version;
	unsigned int seconds; /* 0: off; at most 255; default 15 */
	bool force;           /* on until turned off (seconds ignored) */
} rig_identify_options;

/* The defaults (15 s), as rig_identify_options_init(). */
#define RIG_IDENTIFY_OPTIONS_INIT                                            \
	{RIG_IDENTIFY_OPTIONS_VERSION, RIG_IDENTIFY_DEFAULT_S, false}

/* See rig_bmc_options_init(). */
rig_status rig_identify_options_init(rig_identify_options *opts,
				     unsigned int version);

/*
 * Blink the identify LED (Chassis Identify); opts NULL means the defaults.
 * Needs operator.  Errors are recorded on r: RIG_E_INVALID for more than
 * RIG_IDENTIFY_MAX_S without force or options of a version out of range,
 * RIG_E_UNSUPPORTED without a BMC, or the BMC's refusal.
 */
rig_status rig_identify(rig *r, const rig_identify_options *opts);

/* FRU inventory: every FRU device the BMC lists. */
typedef struct rig_fru {
	unsigned int device_id;   /* logical FRU device id; 0 is the BMC's */
	char *name;               /* SDR device id string, or NULL */
	char *error;              /* why this device could not be read, or
				     NULL; the fields below are then empty */
	bool has_chassis;
	char *chassis_type;       /* "Rack Mount Chassis", or NULL */
	char *chassis_part_number;
	char *chassis_serial_number;
	bool has_board;
	bool has_board_time;
	int64_t board_time;       /* manufacturing time, Unix seconds (UTC) */
	char *board_manufacturer;
	char *board_product_name;
	char *board_serial_number;
	char *board_part_number;
	bool has_product;
	char *product_manufacturer;
	char *product_name;
	char *product_part_number;
	char *product_version;
	char *product_serial_number;
	char *product_asset_tag;
} rig_fru;                        /* absent strings are NULL */

typedef struct rig_fru_list {
	size_t count;
	rig_fru *items;
} rig_fru_list;

/*
 * Read the FRU inventory: device 0 and every FRU device locator of the
 * SDR.  A device that cannot be read keeps its error in rig_fru.error and
 * does not fail the call, unless no device could be read.  The list goes
 * to *out (NULL on failure), which the caller frees with
 * rig_fru_list_free().  RIG_E_UNSUPPORTED without a BMC, else the BMC
 * path's failure; recorded on r.
 */
rig_status rig_fru_get(rig *r, rig_fru_list **out);

/* Free a list from rig_fru_get() with its strings.  NULL is a no-op. */
void rig_fru_list_free(rig_fru_list *list);

/* DCMI power reading (DCMI 1.5, Get Power Reading, system power
 * statistics mode). */
typedef struct rig_power_reading {
	bool active;          /* false: the BMC measures nothing; the
				 numbers below mean nothing either */
	unsigned int current_w;
	unsigned int minimum_w;
	unsigned int maximum_w;
	unsigned int average_w;
	uint32_t period_ms;   /* the statistics reporting period */
	bool has_time;        /* false: unspecified or pre-init timestamp */
	int64_t time;         /* Unix seconds (UTC) of the reading */
} rig_power_reading;

/*
 * Ask the BMC for its DCMI power reading and fill *out, which the caller
 * owns.  RIG_E_UNSUPPORTED without a BMC or ("not supported by this BMC")
 * without DCMI, else the BMC path's failure; recorded on r.
 */
rig_status rig_power_reading_get(rig *r, rig_power_reading *out);

/* Serial-over-LAN console (FreeIPMI's libipmiconsole). */
typedef struct rig_console rig_console;

#define RIG_CONSOLE_OPTIONS_VERSION 1

typedef struct rig_console_options {
	unsigned int version;
	/* Refuse when another client has the console, rather than take it
	 * over (libipmiconsole takes it over by default). */
	bool fail_if_in_use;
} rig_console_options;

/* The defaults (take the console over), as rig_console_options_init(). */
#define RIG_CONSOLE_OPTIONS_INIT {RIG_CONSOLE_OPTIONS_VERSION, false}

/* See rig_bmc_options_init(). */
rig_status rig_console_options_init(rig_console_options *opts,
				    unsigned int version);

/*
 * Open the rig's serial console over its BMC (own IPMI session; privilege
 * admin unless the BMC options say otherwise, as most BMCs want for SOL).
 * Waits at most the BMC's timeout_ms for the session.  Bytes written to
 * rig_console_fd() go to the rig's serial port, its output can be read
 * from it; EOF means the session ended (see rig_console_status()).
 * opts may be NULL.  The console goes to *out (NULL on failure); close it
 * with rig_console_close().  The handle r must outlive the console, and
 * the console is used by the thread that uses r.  Errors are recorded on
 * r: RIG_E_UNSUPPORTED without a BMC, RIG_E_INVALID for options of a
 * version out of range, RIG_E_STATE when the console is in use and
 * fail_if_in_use is set, or the BMC's failure.
 */
rig_status rig_console_open(rig *r, const rig_console_options *opts,
			    rig_console **out);

/* The console's file descriptor (a socket), owned by the console: poll,
 * read and write it; do not close it yourself.  -1 for NULL. */
int rig_console_fd(const rig_console *con);

/* Send a serial break.  RIG_E_INVALID for NULL; a failure is recorded on
 * the console's rig. */
rig_status rig_console_break(rig_console *con);

/* RIG_OK while the session is up; after EOF on the fd, why it ended (the
 * reason is recorded on the console's rig). */
rig_status rig_console_status(rig_console *con);

/* End the session and free the console.  NULL is a no-op. */
void rig_console_close(rig_console *con);

/*
 * Free the BMC's Serial-over-LAN payload (Deactivate Payload, SOL instance
 * 1): a console left open by a client that died keeps others out until the
 * BMC times it out.  Sets *was_active (may be NULL) to whether a session
 * was active.  Needs admin unless the BMC options say otherwise.  Errors
 * are recorded on r: RIG_E_UNSUPPORTED without a BMC or when the BMC does
 * not implement it, else the BMC's refusal.
 */
rig_status rig_console_deactivate(rig *r, bool *was_active);

/* ------------------------------------------------------------------ */
/* BMC management: chassis status, power restore policy, BMC reset,    */
/* the SEL clock, LAN configuration, users, raw requests               */
/* ------------------------------------------------------------------ */

/* What the chassis does when mains power returns (IPMI 2.0 table 28-3). */
typedef enum rig_power_policy {
	RIG_POLICY_ALWAYS_OFF = 0, /* stays off */
	RIG_POLICY_PREVIOUS,       /* back to the state before the outage */
	RIG_POLICY_ALWAYS_ON,      /* powers up */
	RIG_POLICY_UNKNOWN
} rig_power_policy;

/* "always-off", "previous", "always-on", "unknown"; NULL out of range.
 * Static strings.  Pure; any thread. */
const char *rig_power_policy_name(rig_power_policy p);

/* One of rig_power_policy_name()'s names but "unknown" to *out; RIG_OK,
 * else RIG_E_INVALID.  Pure; any thread. */
rig_status rig_power_policy_parse(const char *text, rig_power_policy *out);

/* Get Chassis Status (IPMI 2.0 table 28-3), bit by bit. */
typedef struct rig_chassis_status {
	/* current power state */
	bool power_on;
	bool power_overload;
	bool power_interlock;
	bool power_fault;         /* main power subsystem fault */
	bool power_control_fault;
	rig_power_policy policy;
	/* last power event */
	bool last_ac_failed;
	bool last_overload;
	bool last_interlock;
	bool last_fault;
	bool last_on_by_command;  /* last power on came by an IPMI command */
	/* miscellaneous chassis state */
	bool intrusion;
	bool front_panel_lockout;
	bool drive_fault;
	bool cooling_fault;       /* cooling or fan fault */
	bool has_identify_state;  /* the BMC reports the identify state */
	unsigned int identify_state; /* 0 off, 1 timed on, 2 on, 3 reserved */
	/* front panel buttons (optional byte) */
	bool has_buttons;
	uint8_t buttons;          /* the byte as sent: bits 3..0 disabled
				     (standby, diagnostic, reset, power off),
				     bits 7..4 disabling allowed */
} rig_chassis_status;

/*
 * Read the chassis status into *out, which the caller owns.  Needs user.
 * RIG_E_UNSUPPORTED without a BMC, else the BMC path's failure; recorded
 * on r.
 */
rig_status rig_chassis_status_get(rig *r, rig_chassis_status *out);

/*
 * Set the power restore policy (Set Power Restore Policy).  Needs
 * operator.  Errors are recorded on r: RIG_E_INVALID for
 * RIG_POLICY_UNKNOWN, RIG_E_UNSUPPORTED without a BMC or when the BMC does
 * not implement the command or that policy, else the BMC's refusal.
 */
rig_status rig_power_policy_set(rig *r, rig_power_policy policy);

/*
 * Reset the BMC (Cold Reset, or Warm Reset when warm is true); the rig
 * itself keeps running.  Needs admin.  A BMC that resets before it
 * answers is taken to have got the request.  With wait_ms > 0, returns
 * once the BMC answers a new session again (RIG_E_WAIT_TIMEOUT when it
 * does not within wait_ms).  Errors are recorded on r: RIG_E_UNSUPPORTED
 * without a BMC or when the BMC does not implement it, else the BMC's
 * refusal.
 */
rig_status rig_bmc_reset(rig *r, bool warm, unsigned int wait_ms);

/* The BMC's SEL clock.  IPMI counts times up to 0x20000000 from the BMC's
 * initialisation ("pre-init"), not from 1970. */
typedef struct rig_bmc_time {
	bool pre_init;   /* time is seconds since the BMC started */
	int64_t time;    /* Unix seconds (UTC), or the pre-init seconds */
	int64_t local;   /* this machine's clock when the answer came */
} rig_bmc_time;

/*
 * Read the SEL clock (Get SEL Time) into *out.  Needs user.
 * RIG_E_UNSUPPORTED without a BMC or when the BMC has no SEL clock, else
 * the BMC path's failure; recorded on r.
 */
rig_status rig_bmc_time_get(rig *r, rig_bmc_time *out);

/*
 * Set the SEL clock to t, Unix seconds (Set SEL Time; IPMI keeps 32 bits,
 * so 1970 to 2106).  Needs operator.  Errors are recorded on r:
 * RIG_E_INVALID for a t out of that range, RIG_E_UNSUPPORTED without a
 * BMC or when the BMC does not implement it, else the BMC's refusal.
 */
rig_status rig_bmc_time_set(rig *r, int64_t t);

/* The LAN configuration of the BMC's channel (IPMI 2.0 table 23-4). */
typedef struct rig_bmc_lan {
	unsigned int channel;
	const char *ip_source; /* "static", "dhcp", "bios", "other",
				  "unspecified"; static string */
	char ip[16];           /* dotted quads; "" when not reported */
	char netmask[16];
	char gateway[16];
	char mac[18];          /* aa:bb:cc:dd:ee:ff */
	bool vlan_enabled;
	unsigned int vlan_id;  /* meaningful when vlan_enabled */
} rig_bmc_lan;

/*
 * Read the LAN configuration of the first LAN channel into *out (read
 * only).  Needs operator (IPMI 2.0 table G-1).  RIG_E_UNSUPPORTED without
 * a BMC or when the BMC has no LAN channel it describes, else the BMC
 * path's failure; recorded on r.
 */
rig_status rig_bmc_lan_get(rig *r, rig_bmc_lan *out);

/* One user slot of the BMC (Get User Access and Get User Name). */
typedef struct rig_bmc_user {
	unsigned int id;
	char name[17];          /* "" for an unnamed slot */
	bool enabled;           /* known only from IPMI 2.0 BMCs; else true */
	bool ipmi_messaging;    /* may use IPMI over this channel */
	bool link_auth;
	bool callin;
	/* privilege limit on this channel: 1 callback, 2 user, 3 operator,
	 * 4 admin, 5 OEM, 15 no access */
	unsigned int privilege;
} rig_bmc_user;

typedef struct rig_bmc_user_list {
	unsigned int channel;
	size_t count;
	rig_bmc_user *items;
} rig_bmc_user_list;

/* "callback", "user", "operator", "admin", "oem", "no-access" for an IPMI
 * privilege limit; "unknown" otherwise.  Static strings.  Pure. */
const char *rig_bmc_privilege_name(unsigned int privilege);

/*
 * Read the BMC's user slots on the channel of rig_bmc_lan_get() (read
 * only; every slot up to the BMC's maximum, named or not).  Needs
 * operator.  The list goes to *out (NULL on failure); free it with
 * rig_bmc_user_list_free().  RIG_E_UNSUPPORTED without a BMC, else the BMC
 * path's failure; recorded on r.
 */
rig_status rig_bmc_users_get(rig *r, rig_bmc_user_list **out);

/* Free a list from rig_bmc_users_get().  NULL is a no-op. */
void rig_bmc_user_list_free(rig_bmc_user_list *list);

/* A raw request's answer: the completion code and the data after it. */
#define RIG_RAW_MAX 256
typedef struct rig_raw_response {
	uint8_t completion_code;
	size_t len;
	uint8_t data[RIG_RAW_MAX];
} rig_raw_response;

/*
 * Why the library never sends this request, or NULL when it may be sent.
 * Commands no tool must send (a fan factory reset that cannot be undone)
 * are listed here; nothing overrides the list.  Static strings.  Pure; any
 * thread.
 */
const char *rig_raw_forbidden(uint8_t netfn, uint8_t cmd);

/*
 * Send one IPMI request (netfn, cmd and len data bytes, LUN 0) and fill
 * *out with the answer, which the caller owns.  Privilege: admin unless the
 * BMC options say otherwise.  A completion code other than 0 is a failure
 * (RIG_E_PRIVILEGE for 0xD4, else RIG_E_BMC) whose message gives the code
 * and its meaning; *out still holds the answer.  Errors are recorded on r:
 * RIG_E_INVALID for a netfn over 0x3F, an odd (response) netfn, more than
 * RIG_RAW_MAX - 2 data bytes or a forbidden request (rig_raw_forbidden()),
 * RIG_E_UNSUPPORTED without a BMC, else the BMC path's failure.
 */
rig_status rig_raw(rig *r, uint8_t netfn, uint8_t cmd, const uint8_t *data,
		   size_t len, rig_raw_response *out);

/* ------------------------------------------------------------------ */
/* Fans                                                                 */

/*
 * BMC fan control through a fan profile: the vendor's command bytes,
 * slots and header names as data, chosen explicitly per rig (a profile
 * whose vendor is not the BMC's manufacturer is refused; nothing is
 * probed).  Writes are built only from a fresh, validated read of every
 * slot, and the duty is read back after a write.  Fan commands need an
 * admin session.  A factory reset of the fan settings is in no profile and
 * is never sent (rig_raw_forbidden()).
 */
typedef enum rig_fan_mode {
	RIG_FAN_AUTO = 0,   /* the BMC's own control */
	RIG_FAN_MANUAL,     /* a fixed duty */
	RIG_FAN_CURVE,      /* the BMC's custom curve (read only) */
	RIG_FAN_MODE_UNKNOWN
} rig_fan_mode;

/* "auto", "manual", "curve", "unknown".  Static; any thread. */
const char *rig_fan_mode_name(rig_fan_mode mode);

/* What a profile is, for a program listing or checking them. */
typedef struct rig_fan_profile_info {
	const char *name;        /* "asrock-ast2500" */
	const char *description;
	uint32_t vendor_iana;    /* the BMC manufacturer ID it needs */
	unsigned int slots;
	unsigned int min_duty;   /* percent; nothing is written below it */
	size_t nheaders;
	const char *const *headers; /* the header names, slot order */
} rig_fan_profile_info;

/*
 * The index-th known profile into *out (static strings), RIG_E_INVALID
 * past the last.  Pure; any thread.
 */
rig_status rig_fan_profile_at(size_t index, rig_fan_profile_info *out);

/* The profile of that name into *out; RIG_E_INVALID for an unknown name.
 * Pure; any thread. */
rig_status rig_fan_profile_get(const char *name, rig_fan_profile_info *out);

#define RIG_FANS_OPTIONS_VERSION 1

typedef struct rig_fans_options {
	unsigned int version;
	/* The profile's name; NULL: none, so only the tach readings are read
	 * and nothing can be written. */
	const char *profile;
	/* Leave the tach sensors unread (rig_fan.has_rpm stays false): for a
	 * controller, which needs only modes and duties and has just read
	 * the sensors for its input. */
	bool skip_tachs;
} rig_fans_options;

/* The defaults (no profile, tachs read), as rig_fans_options_init() sets
 * them. */
#define RIG_FANS_OPTIONS_INIT {RIG_FANS_OPTIONS_VERSION, NULL, false}

/* See rig_bmc_options_init(). */
rig_status rig_fans_options_init(rig_fans_options *opts,
				 unsigned int version);

/* One fan header (with a profile) or one fan tach sensor (without). */
typedef struct rig_fan {
	char *name;            /* "FAN1" */
	int slot;              /* the profile's slot; -1 without a profile */
	rig_fan_mode mode;     /* RIG_FAN_MODE_UNKNOWN without a profile */
	bool has_duty;
	unsigned int duty;     /* percent, as the BMC reports it */
	/* rig_fans_set(): the duty asked for; a duty that differs is the
	 * BMC's clamping (its own minimum). */
	bool has_requested;
	unsigned int requested;
	bool has_rpm;          /* the tach sensor of that name */
	double rpm;
	rig_state tach_state;  /* RIG_STATE_UNKNOWN without a reading */
} rig_fan;

typedef struct rig_fan_list {
	size_t count;
	rig_fan *items;
} rig_fan_list;

/* Free a list from the calls below.  NULL is a no-op. */
void rig_fan_list_free(rig_fan_list *list);

/*
 * Every header of the profile with its mode, duty and tach reading; without
 * a profile, every fan sensor of the BMC with its reading (mode and duty
 * unknown, user privilege).  The list goes to *out (NULL on failure).
 * Errors are recorded on r: RIG_E_INVALID for an unknown profile,
 * RIG_E_UNSUPPORTED without a BMC or when the BMC's manufacturer is not
 * the profile's vendor, RIG_E_BMC for a reply that fails the profile's
 * checks, else the BMC path's failure (RIG_E_PRIVILEGE below admin).
 */
rig_status rig_fans_status(rig *r, const rig_fans_options *opts,
			   rig_fan_list **out);

/* One header to a fixed duty. */
typedef struct rig_fan_setting {
	const char *header;    /* a profile header name, any case */
	unsigned int duty;     /* percent: the profile's minimum to 100 */
} rig_fan_setting;

/*
 * Put the n headers in manual at their duties; the others keep their mode
 * and duty.  One read of every slot, checked, then the writes built from
 * it (duties, then modes), then a read-back: *out (NULL on failure) holds
 * every header as the BMC reports it afterwards, with requested set on
 * the changed ones.  Without a profile RIG_E_UNSUPPORTED with
 * RIG_HINT_FAN_PROFILE and nothing is sent; an unknown header or a duty
 * out of range is RIG_E_INVALID before anything is sent; else as
 * rig_fans_status().
 */
rig_status rig_fans_set(rig *r, const rig_fans_options *opts,
			const rig_fan_setting *settings, size_t n,
			rig_fan_list **out);

/*
 * Hand the n headers (n 0: every header of the profile) back to the BMC's
 * own control, built and checked as rig_fans_set().
 */
rig_status rig_fans_auto(rig *r, const rig_fans_options *opts,
			 const char *const *headers, size_t n,
			 rig_fan_list **out);

/* A controller's curve: duty (percent) by temperature, linear between
 * points, flat beyond the first and the last. */
#define RIG_FAN_CURVE_MAX 16

typedef struct rig_fan_point {
	double temp_c;
	unsigned int duty;
} rig_fan_point;

typedef struct rig_fan_curve {
	size_t count;
	rig_fan_point points[RIG_FAN_CURVE_MAX];
} rig_fan_curve;

/*
 * "T:D,T:D,..." (degrees Celsius, percent) into *out: at least one point,
 * temperatures rising, duties 0 to 100 and never falling.  RIG_E_INVALID
 * otherwise (why, when given, says what is wrong).  Pure; any thread.
 */
rig_status rig_fan_curve_parse(const char *text, rig_fan_curve *out,
			       char *why, size_t why_len);

/* The curve's duty at temp_c.  Pure; any thread. */
unsigned int rig_fan_curve_duty(const rig_fan_curve *curve, double temp_c);

/* A controller's memory between steps; start zeroed. */
typedef struct rig_fan_step_state {
	bool started;
	unsigned int duty;
} rig_fan_step_state;

/*
 * One controller step: the duty for the hottest input temp_c.  It rises
 * to the curve's duty at once, and falls only to the curve's duty at
 * temp_c + hysteresis_c (so a temperature hovering at a point does not
 * make the fans hunt); never below floor, never over 100.  Updates *st and
 * returns the duty.  Pure; any thread.
 */
unsigned int rig_fan_step(const rig_fan_curve *curve, double hysteresis_c,
			  unsigned int floor, double temp_c,
			  rig_fan_step_state *st);

/* ------------------------------------------------------------------ */
/* Fan-out                                                              */

/* Work on one rig; index is its position in the array passed in. */
typedef void (*rig_fanout_fn)(rig *r, size_t index, void *user);

/*
 * Run fn once for every rig and return when all are done.  A pool of
 * worker threads takes the rigs in order: it starts with 4 workers and
 * doubles whenever a few milliseconds pass with rigs waiting and none
 * finished (slow or dead rigs), up to parallel workers (0: 64; never more
 * than there are rigs).  With a limit of 1, fn runs in the calling thread.
 * Each rig's own deadlines bound its call, so a dead rig holds one worker
 * and delays nobody else for long.  fn may run on any worker thread, and
 * must only touch its own rig and its own slot of any shared result array.
 * Returns RIG_OK, RIG_E_INVALID for a NULL fn (or NULL rigs with a count),
 * or RIG_E_NOMEM / RIG_E_INTERNAL if no worker could be started (then no
 * rig was worked on).
 */
rig_status rig_fanout(rig *const *rigs, size_t count, unsigned int parallel,
		      rig_fanout_fn fn, void *user);

#ifdef __cplusplus
}
#endif

#endif /* IPMIRIG_H */

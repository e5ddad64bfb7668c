/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libipmirig: one management interface for GPU rigs, whether they have a BMC
 * (IPMI 2.0 / RMCP+ through FreeIPMI), only SSH, or both.
 *
 * Conventions (see README "Library"):
 *  - Every fallible call returns a rig_status; RIG_OK is 0.
 *  - A call that fails records one error per failing path on the handle
 *    (rig_error_count / rig_error_at) and a detailed message (rig_errormsg).
 *    The next call on the handle clears them.
 *  - Out-parameters come first after the handle; what a call allocates has one
 *    matching *_free, and every *_free accepts NULL.
 *  - Option structs carry a version field: initialise them with the matching
 *    *_init function, then set what you need.
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
#define RIG_VERSION_MINOR 1
#define RIG_VERSION_PATCH 0
#define RIG_VERSION_STRING "0.1.0"

/* The version of the library actually loaded, e.g. "0.1.0". */
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
	RIG_PATH_WOL = 4  /* Wake-on-LAN magic packet */
} rig_path;

/* "bmc", "ssh", "wol" or "none". */
const char *rig_path_name(rig_path path);

/*
 * Create a rig with no paths.  name labels results and messages; it is
 * copied.  *out is set to NULL on failure.  Free with rig_free().
 */
rig_status rig_new(rig **out, const char *name);

/* Free a rig, closing its sessions and wiping its secrets.  NULL is a no-op. */
void rig_free(rig *r);

/* The name given to rig_new(). */
const char *rig_name(const rig *r);

/* Paths present, as a bitmask of rig_path. */
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
 * Parse a comma-separated list of workaround names into RIG_WORKAROUND_*
 * bits.  On RIG_E_INVALID, *bad (if not NULL) points at the unknown name
 * inside text.
 */
rig_status rig_workarounds_parse(const char *text, uint32_t *flags,
				 const char **bad);

/* "user", "operator", "admin" (or "auto") to a privilege. */
rig_status rig_privilege_parse(const char *text, rig_privilege *out);
const char *rig_privilege_name(rig_privilege priv);

#define RIG_BMC_OPTIONS_VERSION 1
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
} rig_bmc_options;

void rig_bmc_options_init(rig_bmc_options *opts);

/* Give the rig a BMC path.  Strings are copied.  One BMC per rig. */
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

/* What this rig's paths can do (RIG_CAP_* bits), known without I/O. */
uint32_t rig_capabilities(const rig *r);

/* Name of one RIG_CAP_* bit ("power-status", ...), NULL if not one bit. */
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

/* "on", "off", "unknown", "unreachable". */
const char *rig_power_state_name(rig_power_state state);
/* "on", "off", "soft", "cycle", "reset", "reboot". */
const char *rig_power_action_name(rig_power_action action);
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

void rig_power_options_init(rig_power_options *opts);

/* The power state, from the best path the rig has. */
rig_status rig_power_status(rig *r, rig_power_state *state);

/*
 * Perform a power action by the best path that can do it.  opts may be
 * NULL (no wait, no on-if-off).  A rig without a path that can do it gets
 * RIG_E_UNSUPPORTED with a hint in rig_errormsg().
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

/* Ask the BMC who it is (Get Device ID, Get Device GUID). */
rig_status rig_bmc_info_get(rig *r, rig_bmc_info *info);

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

void rig_ssh_options_init(rig_ssh_options *opts);

/* Give the rig an SSH path.  Nothing connects until an operation needs it. */
rig_status rig_add_ssh(rig *r, const rig_ssh_options *opts);

#define RIG_WOL_OPTIONS_VERSION 1

typedef struct rig_wol_options {
	unsigned int version;
	const char *mac;       /* "aa:bb:cc:dd:ee:ff" or with '-' */
	const char *broadcast; /* default "255.255.255.255" */
	uint16_t port;         /* default 9 */
} rig_wol_options;

void rig_wol_options_init(rig_wol_options *opts);

/* Let power on send a Wake-on-LAN packet (used only without a BMC). */
rig_status rig_add_wol(rig *r, const rig_wol_options *opts);

/* ------------------------------------------------------------------ */
/* Sensors                                                              */

typedef enum rig_sensor_type {
	RIG_SENSOR_TEMPERATURE = 0,
	RIG_SENSOR_FAN,
	RIG_SENSOR_VOLTAGE,
	RIG_SENSOR_CURRENT,
	RIG_SENSOR_POWER,
	RIG_SENSOR_GPU,
	RIG_SENSOR_OTHER
} rig_sensor_type;

/* "temperature", "fan", "voltage", "current", "power", "gpu", "other". */
const char *rig_sensor_type_name(rig_sensor_type type);
rig_status rig_sensor_type_parse(const char *text, rig_sensor_type *out);

/* Health of a sensor or of a check. */
typedef enum rig_state {
	RIG_STATE_OK = 0,
	RIG_STATE_WARNING,
	RIG_STATE_CRITICAL,
	RIG_STATE_UNKNOWN
} rig_state;

/* "ok", "warning", "critical", "unknown". */
const char *rig_state_name(rig_state state);

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

/* "lnr", "lcr", "lnc", "unc", "ucr", "unr". */
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

/*
 * Every sensor of every path the rig has (BMC sensors, hwmon and GPUs over
 * SSH), merged.  When a path fails, *out still holds what the other paths
 * gave and the status is RIG_E_PARTIAL.  Free with rig_sensor_list_free().
 */
rig_status rig_sensors_get(rig *r, rig_sensor_list **out);
void rig_sensor_list_free(rig_sensor_list *list);

/* Drop this rig's SDR cache file (rig_bmc_options.sdr_cache_dir). */
rig_status rig_sdr_cache_flush(rig *r);

/* ------------------------------------------------------------------ */
/* Events: the SEL of a BMC, the kernel log over SSH                    */

typedef enum rig_severity {
	RIG_SEVERITY_INFO = 0,
	RIG_SEVERITY_WARNING,
	RIG_SEVERITY_CRITICAL
} rig_severity;

/* "info", "warning", "critical". */
const char *rig_severity_name(rig_severity sev);

typedef enum rig_ecc_kind {
	RIG_ECC_NONE = 0,        /* not a memory error */
	RIG_ECC_CORRECTABLE,
	RIG_ECC_UNCORRECTABLE,
	RIG_ECC_LOGGING_LIMIT,   /* correctable logging limit reached */
	RIG_ECC_OTHER            /* parity, scrub failed, device disabled,
				    spare, throttled, configuration error,
				    overtemperature */
} rig_ecc_kind;

/* "none", "correctable", "uncorrectable", "logging-limit", "other". */
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
} rig_event_list;

#define RIG_EVENTS_OPTIONS_VERSION 1

typedef struct rig_events_options {
	unsigned int version;
	const char *since; /* a cursor from an earlier list, or NULL */
	size_t last;       /* only the last N events; 0: all */
} rig_events_options;

void rig_events_options_init(rig_events_options *opts);
rig_status rig_events_list(rig *r, const rig_events_options *opts,
			   rig_event_list **out);
void rig_event_list_free(rig_event_list *list);

/* ---- issue 3: SEL info and clear, ECC, checks (declared below) ---- */

/* ---- issue 8: remote hands (declared below) ---- */

/* ------------------------------------------------------------------ */
/* Fan-out                                                              */

/* Work on one rig; index is its position in the array passed in. */
typedef void (*rig_fanout_fn)(rig *r, size_t index, void *user);

/*
 * Run fn once for every rig, at most parallel at a time (0: 64), each in a
 * thread of its own, and return when all are done.  Each rig's own
 * deadlines bound its call, so a dead rig delays nobody else.  fn must only
 * touch its own rig and its own slot of any shared result array.
 * Returns RIG_OK, or RIG_E_NOMEM / RIG_E_INTERNAL if threads could not be
 * started (then no rig was worked on).
 */
rig_status rig_fanout(rig *const *rigs, size_t count, unsigned int parallel,
		      rig_fanout_fn fn, void *user);

#ifdef __cplusplus
}
#endif

#endif /* IPMIRIG_H */

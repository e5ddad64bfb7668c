/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl's internals: global options, targets, results, output, commands.
 * The tool uses only the library's public header. */
#ifndef RIGCTL_H
#define RIGCTL_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include <ipmirig.h>

/* Exit codes: the table in docs/commands.md, and the monitoring-plugin codes
 * of the checks. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_UNREACHABLE = 3,
	EXIT_AUTH = 4,
	EXIT_UNSUPPORTED = 5,
	EXIT_PARTIAL = 6
};

int exit_code_of(rig_status st);
/* What rigctl's user can do about an error with this hint, in terms of
 * rigctl's options; NULL for none. */
const char *hint_advice(rig_hint hint);
/* Fold one more rig's code into the combined one (start with -1). */
int exit_code_fold(int acc, int code);

enum output_format { OUT_TABLE = 0, OUT_JSON, OUT_PROMETHEUS, OUT_NAGIOS };
#define OUT_BIT(f) (1u << (f))

/* Everything the global options say, before any rig exists. */
struct globals {
	const char *bmc_hosts;   /* -H, possibly a comma list */
	const char *ssh_target;  /* --ssh */
	const char *mac;         /* --mac */
	const char *rig_names;   /* -r */
	const char *config_file; /* -c */
	const char *username;    /* -U */
	rig_privilege privilege; /* -L */
	bool privilege_set;
	int cipher_suite;        /* -C */
	bool cipher_suite_set;
	uint32_t workarounds;    /* -W */
	bool workarounds_set;
	const char *password_file;
	const char *kg_file;
	unsigned int timeout_ms;
	bool timeout_set; /* given on the command line */
	unsigned int retransmission_ms;
	const char *identity_file;
	const char *known_hosts;
	bool accept_new_host_key;
	bool wol_broadcast_set, wol_port_set;
	const char *probe_root;
	unsigned int expect_pcie_width;
	const char *wol_broadcast;
	unsigned int wol_port;
	unsigned int fanout;
	bool consolidate;
	const char *textfile_dir;
	const char *cache_dir;
	const char *state_dir;
	enum output_format output;
	bool output_set;
	int verbose; /* -v count; -1 with -q */
};

/* Parse the global options; *cmd_index is where the command starts.
 * Returns EXIT_OK, or EXIT_USAGE after printing why; -1 when --help or
 * --version was printed (exit 0). */
int globals_parse(struct globals *g, int argc, char **argv, int *cmd_index);
void globals_init(struct globals *g);

/* Secrets: a password or K_g from a checked file, the environment or the
 * terminal.  Returned strings are wiped and freed with secret_free(). */
int secret_file_read(const char *path, const char *what, char **out,
		     size_t *len);
int secret_password(const struct globals *g, const char *rig_name, char **out);
int secret_kg(const struct globals *g, unsigned char **out, size_t *len);
int secret_kg_decode(const char *text, size_t tlen, unsigned char **out,
		     size_t *len);
void secret_free(void *p, size_t len);
void secret_wipe_env(const char *name);

/* One selected rig and what the command made of it. */
struct result {
	rig *r;
	rig_status status;
	json_t *data;   /* the command's noun, or NULL */
	json_t *errors; /* array of {path, code, message} */
};

struct command;

/* Per-invocation context shared by the command implementations. */
struct ctx {
	struct globals g;
	const struct command *cmd;
	struct result *results;
	size_t count;
	FILE *out;
	FILE *err;
	/* Build handles without reading any password or K_g (for commands
	 * that do no I/O with the rigs, such as "rigs"). */
	bool no_secrets;
	/* Colour in tables: stdout is a terminal and $NO_COLOR is unset. */
	bool color;
	/* Per selected rig, what the inventory or command line said of it:
	 * {"bmc": ..., "ssh": ..., "wol_mac": ..., "groups": [...]}. */
	json_t **specs;
};

/* Build rig handles for the selection; EXIT_OK or an exit code. */
int targets_build(struct ctx *c);
void targets_free(struct ctx *c);

/* Run fn on every selected rig in parallel, then record each rig's errors. */
typedef rig_status (*rig_job_fn)(struct ctx *c, struct result *res,
				 void *arg);
void run_all(struct ctx *c, rig_job_fn fn, void *arg);

/* Print the results in the chosen format and return the exit code.
 * table prints one rig's data in table form. */
typedef void (*table_fn)(struct ctx *c, const struct result *res);
/* Prometheus text for all rigs into f. */
typedef void (*prom_fn)(struct ctx *c, FILE *f);
int output_results(struct ctx *c, table_fn table, prom_fn prom);

/* The ANSI colour that starts a state word ("ok", "warning", "critical",
 * "unknown") and the one that ends it; both "" when colour is off. */
const char *paint(const struct ctx *c, const char *state);
const char *paint_end(const struct ctx *c);

/* --consolidate: identical table results of several rigs printed once. */
void output_consolidated(struct ctx *c, table_fn table);

/* A Prometheus label value with \\, \" and \n escaped, into buf. */
const char *prom_label(const char *value, char *buf, size_t len);

/* A usage error for the command: message to stderr, returns EXIT_USAGE. */
int usage_error(const struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Check that -o is one of the formats this command accepts. */
int output_allowed(const struct ctx *c, unsigned int formats);

/* A command that takes no arguments: prints help for --help (returns -1),
 * refuses anything else (EXIT_USAGE), else EXIT_OK. */
int command_no_args(const struct ctx *c, int argc, char **argv,
		    const char *help);

/* A command's start: -o checked against formats, then the rigs built.
 * EXIT_OK, or the exit code to return. */
int command_targets(struct ctx *c, unsigned int formats);

/* Parse a whole decimal number in [min, max]. */
bool parse_uint(const char *s, unsigned long min, unsigned long max,
		unsigned long *out);

struct command {
	const char *name;
	const char *noun; /* JSON key */
	const char *summary;
	int (*main)(struct ctx *c, int argc, char **argv);
};

const struct command *command_find(const char *name);
void commands_print(FILE *f);

int cmd_power(struct ctx *c, int argc, char **argv);
int cmd_info(struct ctx *c, int argc, char **argv);
int cmd_rigs(struct ctx *c, int argc, char **argv);
/* ---- sensors and the SDR cache ---- */
int cmd_sensors(struct ctx *c, int argc, char **argv);
int cmd_flush_cache(struct ctx *c, int argc, char **argv);
/* Default --cache-dir and --state-dir from the XDG base directories. */
void paths_defaults(struct globals *g);
/* DIR/rigctl from $XDG_..._HOME, else HOME/rel/rigctl, into buf; NULL when
 * neither is an absolute path (or buf is too small). */
const char *paths_xdg(const char *xdg, const char *home, const char *rel,
		      char *buf, size_t len);
/* ---- remote hands ---- */
int cmd_boot(struct ctx *c, int argc, char **argv);
int cmd_console(struct ctx *c, int argc, char **argv);
int cmd_identify(struct ctx *c, int argc, char **argv);
int cmd_fru(struct ctx *c, int argc, char **argv);
/* "power reading", called by cmd_power with argv at "reading". */
int cmd_power_reading(struct ctx *c, int argc, char **argv);
/* Unix seconds as RFC 3339 UTC ("2024-01-02T03:04:05Z") into buf. */
const char *hands_time_text(int64_t t, char *buf, size_t len);
/* ---- events, SEL, ECC and checks ---- */
int cmd_events(struct ctx *c, int argc, char **argv);
int cmd_ecc(struct ctx *c, int argc, char **argv);
int cmd_check(struct ctx *c, int argc, char **argv);

/* ---- hardening: signals.c ---- */
/* Handle SIGINT/SIGTERM/SIGHUP: rigs in flight may finish, no new one
 * starts, the terminal is restored, the exit status is 128 + signal. */
void signals_install(void);
bool signals_stopping(void);
void signals_job(int delta); /* +1 when a rig's job starts, -1 when done */
int signals_exit_code(int rc);

extern const char *const rigctl_exit_code_help;

#endif

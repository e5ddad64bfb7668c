/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl's internals: global options, targets, results, output, commands.
 * The tool uses only the library's public header. */
#ifndef RIGCTL_H
#define RIGCTL_H

#include <pthread.h>
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

enum output_format { OUT_TABLE = 0, OUT_JSON, OUT_PROMETHEUS, OUT_NAGIOS,
		     OUT_CSV };
#define OUT_BIT(f) (1u << (f))

/* Everything the global options say, before any rig exists. */
struct globals {
	const char *bmc_hosts;   /* -H, possibly a comma list */
	const char *ssh_target;  /* --ssh */
	const char *mac;         /* --mac */
	const char *plug;        /* --plug */
	const char *plug_password_file; /* --plug-password-file */
	unsigned int plug_off_time_ms;  /* power cycle --off-time; 0: default */
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
	bool dry_run;      /* --dry-run: say what would be sent, send nothing */
	bool yes;          /* --yes: no confirmation question */
	bool order_finish; /* --order finish (default: selection order) */
	bool prefix;       /* --prefix: the rig's name on every table line */
	bool no_header;    /* --no-header (csv) */
	bool allow_no_auth; /* --allow-no-auth: permit cipher suite 0 */
	const char *fan_profile; /* --fan-profile */
};

/* Parse the global options; *cmd_index is where the command starts.
 * Returns EXIT_OK, or EXIT_USAGE after printing why; -1 when --help or
 * --version was printed (exit 0). */
int globals_parse(struct globals *g, int argc, char **argv, int *cmd_index);
void globals_init(struct globals *g);
void globals_help(FILE *f);
/* Global options after the command: argv[0] is the command (cmd its name
 * for messages, spec its option list as in struct command).  The globals
 * among argv go through the same parser as those before the command (so a
 * value given on both sides is a repeat); argv keeps the command's own
 * arguments, *ncmd of them.  EXIT_OK, -1 after --version, or an exit code
 * after saying why. */
int globals_after_command(struct globals *g, const char *cmd,
			  const char *spec, int argc, char **argv, int *ncmd);

/* ---- the pieces of that, for the unit tests ---- */
enum { CLI_FLAG, CLI_VALUE, CLI_OPTIONAL };
/* Split argv (argv[0] the command) into the command's arguments (kept in
 * argv, *ncmd of them, NULL-terminated) and the global options with their
 * values (into gl, *ng of them; gl has room for argc). */
int cli_extract(const char *cmd, const char *spec, int argc, char **argv,
		char **gl, int *ng, int *ncmd);
int cli_spec_match(const char *spec, const char *name, size_t len, bool prefix,
		   int *kind);
bool cli_spec_short(const char *spec, char ch, int *kind);
/* "Did you mean": the closest candidate within a typo or two. */
size_t cli_distance(const char *a, size_t la, const char *b, size_t lb);
struct cli_suggest {
	const char *best;
	size_t len;
	size_t dist;
};
void cli_suggest_try(struct cli_suggest *s, const char *word, size_t wlen,
		     const char *cand, size_t clen);
/* Over a NULL-terminated list; the suggestion in buf, or NULL. */
const char *cli_suggest_list(const char *word, const char *const *cands,
			     char *buf, size_t len);

/* Secrets: a password or K_g from a checked file, the environment or the
 * terminal.  Returned strings are wiped and freed with secret_free(). */
int secret_file_read(const char *path, const char *what, char **out,
		     size_t *len);
/* The whole file (a key in PEM, an auth file of several lines), checked
 * as secret_file_read() checks it, NUL-terminated; *len is what to pass
 * to secret_free(). */
int secret_file_read_text(const char *path, const char *what, char **out,
			  size_t *len);
int secret_password(const struct globals *g, const char *rig_name, char **out);
int secret_kg(const struct globals *g, unsigned char **out, size_t *len);
int secret_kg_decode(const char *text, size_t tlen, unsigned char **out,
		     size_t *len);
void secret_free(void *p, size_t len);
void secret_wipe_env(const char *name);
/* Send the secret functions' messages to f (NULL: stderr again); returns
 * where they went before. */
FILE *secret_messages(FILE *f);

/* One selected rig and what the command made of it. */
struct result {
	rig *r;
	rig_status status;
	json_t *data;   /* the command's noun, or NULL */
	json_t *errors; /* array of {path, code, message} */
	bool printed;   /* already streamed to stdout by run_output() */
	/* A check's rig whose configuration is wrong (no password, a secret
	 * file missing or open to others): why, without "rigctl: "; the rig
	 * is not contacted and reports this as its error (UNKNOWN). */
	char *config_error;
	/* The command succeeded without any path answering: power status
	 * "unreachable" of an SSH rig (a state, exit 0) is rigctl_up 0 and
	 * "reachable": false. */
	bool unreachable;
	/* The plug was read in this run (the exporter reads it with the
	 * sensors): prom_sensors() then reports rigctl_path_up{path="plug"}. */
	bool plug_read;
	/* power --graceful on a rig with a BMC: a second handle with the SSH
	 * path alone, so the OS shutdown and the wait go over SSH (the
	 * library routes "soft" to the BMC's ACPI first); else NULL. */
	rig *os;
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
	/* Give each rig with a BMC and SSH an SSH-only twin (result.os). */
	bool ssh_twin;
	/* Colour in tables: stdout is a terminal and $NO_COLOR is unset. */
	bool color;
	/* Per selected rig, what the inventory or command line said of it:
	 * {"bmc": ..., "ssh": ..., "wol_mac": ..., "groups": [...]}. */
	json_t **specs;
	/* Output state (output.c, table.c), touched only under the output
	 * lock while results stream: rigs printed so far, whether the csv
	 * header went out, and a command without a csv form (console, the
	 * checks). */
	size_t shown;
	bool csv_header_done;
	bool no_csv;
	/* The command's words for its --textfile name ("ecc status");
	 * NULL: the command's name. */
	const char *prom_command;
	/* Set by a command that reports the rigs that finished when a
	 * signal stops the run (run_all()): called once, with the output
	 * lock held and finished[i] saying which rigs are done; it returns
	 * the exit code and the process exits with it.  The other rigs'
	 * results belong to their workers still: read only finished ones. */
	int (*on_interrupt)(struct ctx *c, const bool *finished, void *arg);
	void *interrupt_arg;
};

/* Build rig handles for the selection; EXIT_OK or an exit code. */
int targets_build(struct ctx *c);
void targets_free(struct ctx *c);

/* Run fn on every selected rig in parallel, then record each rig's errors. */
typedef rig_status (*rig_job_fn)(struct ctx *c, struct result *res,
				 void *arg);
void run_all(struct ctx *c, rig_job_fn fn, void *arg);

/* ---- progress.c: what a run waits for, on a terminal only ----
 * Started by run_all(): once a second, the rigs still pending (pending()
 * says which, under the output lock) on stderr, in place. */
struct progress;
struct progress *progress_start(struct ctx *c, pthread_mutex_t *lock,
				const bool *finished);
/* With the output lock held: take the line off before stdout is written. */
void progress_clear(struct progress *p);
void progress_stop(struct progress *p);

/* Print the results in the chosen format and return the exit code.
 * table prints one rig's data in table form. */
typedef void (*table_fn)(struct ctx *c, const struct result *res);
/* Prometheus text for all rigs into f. */
typedef void (*prom_fn)(struct ctx *c, FILE *f);
int output_results(struct ctx *c, table_fn table, prom_fn prom);
/* run_all() then output_results(), with table and csv results streamed
 * while the rigs run: in the selection's order (each rig once it and all
 * before it are done), or as each finishes with --order finish. */
int run_output(struct ctx *c, rig_job_fn fn, void *arg, table_fn table,
	       prom_fn prom);
/* For a table function: whether this rig's table is the first on stdout
 * (no blank line before its heading). */
bool output_first(const struct ctx *c, const struct result *res);
/* A failed rig (no data) in table form: "error: MESSAGE" lines, one per
 * error, without the rig's name; NULL for a rig that did not fail.  Free
 * it. */
char *output_failure(const struct result *res);
/* The rig's name taken out of text: lines that are only "NAME" or "NAME:"
 * dropped, "NAME: " before a line removed (consolidate.c). */
char *strip_rig_name(const char *text, const char *name, const char *indent);

/* ---- table.c: what a table function describes for -o csv ----
 * Columns first (lowercase with '_'), then rows of cells; table_emit()
 * writes them as csv (first column "rig", RFC 4180 quoting, the header
 * once per run unless --no-header) and frees the table. */
struct table;
struct table *table_new(const char *const *columns, size_t ncolumns);
void table_cell(struct table *t, const char *text); /* NULL: empty */
void table_cellf(struct table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void table_emit(struct ctx *c, const struct result *res, struct table *t);
/* A csv field with RFC 4180 quoting, to f. */
void csv_field(FILE *f, const char *text);
#define TABLE_NEW(...)                                                     \
	table_new((const char *const[]){__VA_ARGS__},                      \
		  sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

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
	/* Every option the command and its subcommands take, for telling
	 * them from global options after the command: "since=,last=,help"
	 * ("=" takes a value, "?" an optional "=value", one letter is a short
	 * option).  Keep it in step with the command's getopt table. */
	const char *options;
};

/* By name or alias ("sdr", "sensor", "sel"); NULL for neither. */
const struct command *command_find(const char *name);
/* The closest command name or alias to a mistyped one, or NULL. */
const char *command_suggest(const char *name, char *buf, size_t len);
/* The first command that has the long option name (len chars), or NULL. */
const char *command_option_owner(const char *name, size_t len);
void commands_print(FILE *f);

/* ---- confirmations and --dry-run: confirm.c ---- */
/* One way a rig can carry an action: the path and what is sent on it
 * ("chassis control"). */
struct dry_way {
	unsigned int path; /* RIG_PATH_* */
	const char *how;
};
/* --dry-run: each rig's entry says what it would be sent and by which of
 * ways (the first its paths have); nothing is sent.  Call after the rigs
 * are built; returns the exit code. */
int dry_run_output(struct ctx *c, const char *what, const struct dry_way *ways,
		   size_t n);
/* Before a disruptive action ("power off") over more than one rig on a
 * terminal: ask, unless --yes.  EXIT_OK to go on; EXIT_FAILED (after
 * saying so) when the user declined. */
int confirm_action(struct ctx *c, const char *what);
/* The same question for one rig too (bmc reset). */
int confirm_always(struct ctx *c, const char *what);
/* The rigs are built without secrets for a dry run: nothing is sent. */
void dry_run_prepare(struct ctx *c);

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
/* ---- the watchdog: cmd_watchdog.c ---- */
int cmd_watchdog(struct ctx *c, int argc, char **argv);
/* ---- the exporter: cmd_exporter.c execs rigctl-exporter ---- */
int cmd_exporter(struct ctx *c, int argc, char **argv);
extern const char exporter_help[];
/* ---- dispatch: cmd_table.c ---- */
int cmd_help(struct ctx *c, int argc, char **argv);
int cmd_chassis(struct ctx *c, int argc, char **argv);
/* ---- BMC management: cmd_chassis.c, cmd_bmc.c, cmd_raw.c ---- */
int cmd_chassis_status(struct ctx *c, int argc, char **argv);
/* "power policy", called by cmd_power with argv at "policy". */
int cmd_power_policy(struct ctx *c, int argc, char **argv);
int cmd_bmc(struct ctx *c, int argc, char **argv);
int cmd_raw(struct ctx *c, int argc, char **argv);

/* ---- fan control: cmd_fans.c ---- */
int cmd_fans(struct ctx *c, int argc, char **argv);
/* Whether name is a fan profile the library knows; the known names, comma
 * separated (static). */
bool fan_profile_known(const char *name);
const char *fan_profiles_text(void);

/* ---- hardening: signals.c ---- */
/* Handle SIGINT/SIGTERM/SIGHUP: rigs in flight may finish, no new one
 * starts, the terminal is restored, the exit status is 128 + signal. */
void signals_install(void);
bool signals_stopping(void);
void signals_job(int delta); /* +1 when a rig's job starts, -1 when done */
/* Readable once the first signal came (for a poll()); -1 if none. */
int signals_fd(void);
/* The one reporting what finished needs no grace timer to kill it. */
void signals_grace_off(void);
int signals_exit_code(int rc);

extern const char *const rigctl_exit_code_help;

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl: global options, the command from the table, global options
 * after it, then the command's own. */
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "rigctl.h"

/* The checks speak the monitoring-plugin convention, where a usage error
 * is UNKNOWN (3), as their own option errors are. */
static bool monitoring(const struct command *cmd, int argc, char **argv)
{
	return strcmp(cmd->name, "check") == 0 ||
	       strcmp(cmd->name, "watchdog") == 0 ||
	       (strcmp(cmd->name, "ecc") == 0 && argc > 1 &&
		strcmp(argv[1], "check") == 0);
}

/*
 * A usage error among the options before the command stops the parse
 * before the command is known.  The checks answer 3 to any usage error,
 * wherever it stands, so look for their words: "check", or "ecc" then
 * "check" (a rig named "check" makes a non-check's usage error 3: harmless
 * next to a check's 2 meaning "CRITICAL" to its monitoring system).
 */
static bool monitoring_words(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "check") == 0 ||
		    strcmp(argv[i], "watchdog") == 0)
			return true;
		if (strcmp(argv[i], "ecc") == 0 && i + 1 < argc &&
		    strcmp(argv[i + 1], "check") == 0)
			return true;
	}
	return false;
}

int main(int argc, char **argv)
{
	struct ctx c;
	int idx = 0, cargc = 0, rc;

	/* Passwords pass through this process: no core dumps, no ptrace by
	 * other users' processes. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	signals_install();
	memset(&c, 0, sizeof(c));
	c.out = stdout;
	c.err = stderr;
	/* https://no-color.org: present and not empty means no colour. */
	c.color = isatty(STDOUT_FILENO) &&
		  (getenv("NO_COLOR") == NULL || getenv("NO_COLOR")[0] == '\0');
	globals_init(&c.g);
	rc = globals_parse(&c.g, argc, argv, &idx);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK
		       : monitoring_words(argc, argv) ? 3 /* UNKNOWN */
						      : rc;
	if (idx >= argc) {
		fprintf(stderr, "rigctl: no command given\nTry 'rigctl --help'.\n");
		return EXIT_USAGE;
	}
	c.cmd = command_find(argv[idx]);
	if (c.cmd == NULL) {
		char buf[64];
		const char *near = command_suggest(argv[idx], buf, sizeof(buf));

		fprintf(stderr, "rigctl: unknown command '%s'%s%s%s\nTry 'rigctl "
				"--help'.\n", argv[idx],
			near != NULL ? "; did you mean '" : "",
			near != NULL ? near : "", near != NULL ? "'?" : "");
		return EXIT_USAGE;
	}
	/* An alias runs as its command: messages and help name that. */
	argv[idx] = (char *)c.cmd->name;
	/* Global options may follow the command too (as kubectl and gh take
	 * them); they are taken out before the command parses its own. */
	rc = globals_after_command(&c.g, c.cmd->name, c.cmd->options,
				   argc - idx, argv + idx, &cargc);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : monitoring(c.cmd, argc - idx, argv + idx)
					    ? 3 /* UNKNOWN */
					    : rc;
	/* After both: --cache-dir and --state-dir may come after the command. */
	paths_defaults(&c.g);
	/* jansson seeds its hash once; do it before any worker thread. */
	json_object_seed(0);
	rc = c.cmd->main(&c, cargc, argv + idx);
	targets_free(&c);
	return signals_exit_code(rc);
}

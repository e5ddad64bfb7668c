/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl: global options, then the command from the table. */
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "rigctl.h"

int main(int argc, char **argv)
{
	struct ctx c;
	int idx = 0, rc;

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
		return rc < 0 ? EXIT_OK : rc;
	paths_defaults(&c.g);
	if (idx >= argc) {
		fprintf(stderr, "rigctl: no command given\nTry 'rigctl --help'.\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[idx], "sel") == 0)
		argv[idx] = "events";
	c.cmd = command_find(argv[idx]);
	if (c.cmd == NULL) {
		fprintf(stderr, "rigctl: unknown command '%s'\nTry 'rigctl "
				"--help'.\n", argv[idx]);
		return EXIT_USAGE;
	}
	/* jansson seeds its hash once; do it before any worker thread. */
	json_object_seed(0);
	rc = c.cmd->main(&c, argc - idx, argv + idx);
	targets_free(&c);
	return signals_exit_code(rc);
}

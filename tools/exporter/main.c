/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl-exporter: what "rigctl exporter" execs.  It takes rigctl's whole
 * command line (global options, "exporter", its options) and parses it as
 * rigctl does, so the options mean the same in both.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "exporter.h"

int main(int argc, char **argv)
{
	struct ctx c;
	int idx = 0, cargc = 0, rc;

	/* Passwords live in this process for its whole life. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	memset(&c, 0, sizeof(c));
	c.out = stdout;
	c.err = stderr;
	globals_init(&c.g);
	rc = globals_parse(&c.g, argc, argv, &idx);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (idx >= argc || strcmp(argv[idx], "exporter") != 0) {
		fprintf(stderr, "rigctl-exporter: run it as 'rigctl exporter' "
				"(the command line is rigctl's)\n");
		return EXIT_USAGE;
	}
	c.cmd = command_find("exporter");
	rc = globals_after_command(&c.g, c.cmd->name, c.cmd->options,
				   argc - idx, argv + idx, &cargc);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	paths_defaults(&c.g);
	json_object_seed(0);
	rc = exporter_main(&c, cargc, argv + idx);
	return rc;
}

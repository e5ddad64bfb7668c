/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz rigctl's command line: the input, split at NUL bytes, is argv.
 * The global options go through globals_parse as in main(); then the
 * command's own argument parsing runs with every rig selection (-H, --ssh,
 * -r, --mac, --plug) removed,
 * so each command stops at "no rig chosen" (targets_build) before any
 * file, network or terminal I/O.  Invariants: the exit codes are the
 * documented ones, and the command index stays inside argv.
 */
#include <stdio.h>

#include "fuzz.h"
#include "rigctl.h"

#define MAX_ARGS 64

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Keep the default paths away from the user's real files. */
	setenv("HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("XDG_CACHE_HOME", "/nonexistent", 1);
	setenv("XDG_STATE_HOME", "/nonexistent", 1);
	unsetenv("RIGCTL_PASSWORD");
	unsetenv("IPMI_PASSWORD");
	unsetenv("RIGCTL_KG");
	return 0;
}

static int split(char *text, size_t size, char **argv)
{
	int argc = 0;

	argv[argc++] = "rigctl";
	for (size_t i = 0; i < size && argc < MAX_ARGS; ) {
		argv[argc++] = text + i;
		i += strlen(text + i) + 1;
	}
	argv[argc] = NULL;
	return argc;
}

static void run_command(struct ctx *c, int argc, char **argv, int idx)
{
	int rc;

	if (strcmp(argv[idx], "sel") == 0)
		argv[idx] = "events";
	c->cmd = command_find(argv[idx]);
	if (c->cmd == NULL)
		return;
	/* No rig: targets_build refuses before touching anything. */
	c->g.bmc_hosts = NULL;
	c->g.ssh_target = NULL;
	c->g.rig_names = NULL;
	c->g.mac = NULL;
	c->g.plug = NULL; /* a plug alone is a rig too */
	rc = c->cmd->main(c, argc - idx, argv + idx);
	if (rc < 0 || rc > 6)
		abort();
	if (c->count != 0)
		abort(); /* a rig was built from nothing */
	targets_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 1];
	char *text = malloc(size + 1);
	struct ctx c;
	int argc, idx = 0, rc;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	argc = split(text, size, argv);
	memset(&c, 0, sizeof(c));
	c.out = stdout;
	c.err = stderr;
	globals_init(&c.g);
	rc = globals_parse(&c.g, argc, argv, &idx);
	if (rc != EXIT_OK && rc != EXIT_USAGE && rc != -1)
		abort();
	if (rc == EXIT_OK) {
		if (idx < 1 || idx > argc)
			abort();
		paths_defaults(&c.g);
		if (idx < argc)
			run_command(&c, argc, argv, idx);
	}
	fflush(stdout);
	free(text);
	return 0;
}

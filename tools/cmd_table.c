/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one table of subcommands. */
#include <string.h>

#include "rigctl.h"

static const struct command commands[] = {
	{"power", "power",
	 "power status|on|off|soft|cycle|reset|reboot [--wait[=S]] [--on-if-off]",
	 cmd_power},
	{"info", "info", "BMC identity and firmware; rig paths and capabilities",
	 cmd_info},
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void commands_print(FILE *f)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
}

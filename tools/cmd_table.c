/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one table of subcommands. */
#include <string.h>

#include "util/bytes.h"
#include "rigctl.h"

static const struct command commands[] = {
	{"power", "power",
	 "power status|on|off|soft|cycle|reset|reboot [--wait[=S]] [--on-if-off]",
	 cmd_power},
	{"info", "info", "BMC identity and firmware; rig paths and capabilities",
	 cmd_info},
	{"rigs", "rigs", "the inventory's rigs, their paths and capabilities",
	 cmd_rigs},
	{"sensors", "sensors",
	 "sensors [--type T,...] [--name GLOB] [--thresholds] [--problems]",
	 cmd_sensors},
	{"flush-cache", "flush-cache", "drop the SDR cache of the chosen rigs",
	 cmd_flush_cache},
	{"events", "events",
	 "events list [--since CURSOR | --last N] | info | clear (alias: sel)",
	 cmd_events},
	{"ecc", "ecc", "ecc status | check: memory errors from the SEL and EDAC",
	 cmd_ecc},
	{"check", "check",
	 "sensors, new events and memory errors, for cron and monitoring",
	 cmd_check},
	{"boot", "boot",
	 "boot bios|pxe|disk|cdrom|default [--once|--persistent] [--efi]; "
	 "boot status", cmd_boot},
	{"console", "console",
	 "console [--log FILE]: the serial console (SOL); '&.' leaves",
	 cmd_console},
	{"identify", "identify", "identify [SECONDS|--force|--off]: blink the LED",
	 cmd_identify},
	{"fru", "fru", "FRU inventory: chassis, board and product data",
	 cmd_fru},
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

void commands_print(FILE *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
}

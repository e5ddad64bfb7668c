/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one table of subcommands. */
#include <stdio.h>
#include <string.h>

#include "util/bytes.h"
#include "rigctl.h"

static const struct command commands[] = {
	{"power", "power",
	 "power status|on|off|soft|cycle|reset|reboot [--wait[=S]] [--on-if-off] "
	 "[--off-time D] [--graceful[=D]]",
	 cmd_power, "wait?,on-if-off,off-time=,graceful?,help"},
	{"info", "info", "BMC identity and firmware; rig paths and capabilities",
	 cmd_info, "help"},
	{"rigs", "rigs", "the inventory's rigs, their paths and capabilities",
	 cmd_rigs, "help"},
	{"sensors", "sensors",
	 "sensors [--type T,...] [--name GLOB] [--thresholds] [--problems]",
	 cmd_sensors,
	 "type=,name=,thresholds,problems,exclude=,threshold=,help"},
	{"flush-cache", "flush-cache", "drop the SDR cache of the chosen rigs",
	 cmd_flush_cache, "help"},
	{"events", "events",
	 "events list [--since CURSOR | --last N] | info | clear (alias: sel)",
	 cmd_events, "since=,last=,help,h"},
	{"ecc", "ecc", "ecc status | check: memory errors from the SEL and EDAC",
	 cmd_ecc, /* "ecc check" takes check's options */
	 "exclude=,threshold=,baseline,event-hold=,ack,help,h"},
	{"check", "check",
	 "sensors, new events and memory errors, for cron and monitoring",
	 cmd_check, "exclude=,threshold=,baseline,event-hold=,ack,help"},
	{"watchdog", "watchdog",
	 "for cron: recover rigs whose OS has not answered over SSH "
	 "(--hold, --release)",
	 cmd_watchdog,
	 "unreachable=,action=,max=,boot-grace=,off-time=,hold?,release,help"},
	{"boot", "boot",
	 "boot bios|pxe|disk|cdrom|default [--once|--persistent] [--efi]; "
	 "boot status", cmd_boot, "once,persistent,efi,help"},
	{"console", "console",
	 "console [--log FILE] | --deactivate: the serial console (SOL)",
	 cmd_console, "log=,deactivate,help"},
	{"identify", "identify", "identify [SECONDS|--force|--off]: blink the LED",
	 cmd_identify, "force,off,help"},
	{"fru", "fru", "FRU inventory: chassis, board and product data",
	 cmd_fru, "help"},
	/* Its subcommands' options: status has none but --help. */
	{"chassis", "chassis",
	 "chassis status: Get Chassis Status; chassis power ...: as 'power ...'",
	 cmd_chassis, "wait?,on-if-off,help"},
	{"bmc", "bmc",
	 "bmc reset cold|warm [--wait[=S]] | time [sync] | lan | users",
	 cmd_bmc, "wait?,help"},
	{"raw", "raw", "raw NETFN CMD [BYTE...]: one IPMI request, as ipmitool",
	 cmd_raw, "help"},
	{"fans", "fans",
	 "fans [status] | set H=PCT,... | auto [H,...] | check | follow: "
	 "BMC fan control", cmd_fans,
	 "curve=,headers=,sensors=,interval=,hysteresis=,min=,once,help"},
	{"exporter", NULL,
	 "exporter [--listen ADDR:PORT] [--metrics rigctl|ipmi_exporter|both]: "
	 "Prometheus exporter", cmd_exporter,
	 "listen=,metrics=,tls-cert=,tls-key=,web-auth-file=,help"},
	{"help", NULL, "help [COMMAND]: this text, or as 'COMMAND --help'",
	 cmd_help, ""},
};

/* The names people try from other tools: ipmitool's "sdr" and "sel", and
 * the singular. */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{"sdr", "sensors"},
	{"sensor", "sensors"},
	{"sel", "events"},
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(aliases[i].alias, name) == 0)
			name = aliases[i].name;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

const char *command_suggest(const char *name, char *buf, size_t len)
{
	struct cli_suggest s = {NULL, 0, 0};
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		cli_suggest_try(&s, name, n, commands[i].name,
				strlen(commands[i].name));
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		cli_suggest_try(&s, name, n, aliases[i].alias,
				strlen(aliases[i].alias));
	if (s.best == NULL)
		return NULL;
	snprintf(buf, len, "%.*s", (int)s.len, s.best);
	return buf;
}

const char *command_option_owner(const char *name, size_t len)
{
	int kind;

	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (cli_spec_match(commands[i].options, name, len, false,
				   &kind) > 0)
			return commands[i].name;
	return NULL;
}

void commands_print(FILE *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "Aliases: sdr and sensor (sensors), sel (events), chassis "
		   "power (power).\n");
}

static const char chassis_help[] =
	"Usage: rigctl [OPTIONS] chassis status\n"
	"       rigctl [OPTIONS] chassis power status|on|off|soft|cycle|reset|"
	"reboot\n"
	"  status      the chassis status ('rigctl chassis status --help')\n"
	"  power ...   as 'rigctl power ...' ('rigctl power --help')\n";

int cmd_chassis(struct ctx *c, int argc, char **argv)
{
	if (argc < 2)
		return usage_error(c, "which one? status or power");
	if (strcmp(argv[1], "--help") == 0) {
		fputs(chassis_help, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "power") == 0) {
		/* The power command in every respect, its JSON noun included. */
		c->cmd = command_find("power");
		return c->cmd->main(c, argc - 1, argv + 1);
	}
	if (strcmp(argv[1], "status") == 0)
		return cmd_chassis_status(c, argc - 1, argv + 1);
	return usage_error(c, "unknown subcommand '%s' (status, power)",
			   argv[1]);
}

int cmd_help(struct ctx *c, int argc, char **argv)
{
	char *sub[3];
	char buf[64];
	const char *near;

	if (argc < 2) {
		globals_help(stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return usage_error(c, "one command at a time, not '%s'", argv[2]);
	c->cmd = command_find(argv[1]);
	if (c->cmd == NULL) {
		near = command_suggest(argv[1], buf, sizeof(buf));
		fprintf(stderr, "rigctl help: unknown command '%s'%s%s%s\n"
				"Try 'rigctl --help'.\n", argv[1],
			near != NULL ? "; did you mean '" : "",
			near != NULL ? near : "", near != NULL ? "'?" : "");
		return EXIT_USAGE;
	}
	if (c->cmd->main == cmd_help) {
		globals_help(stdout);
		return EXIT_OK;
	}
	/* Exactly what "COMMAND --help" prints. */
	sub[0] = (char *)c->cmd->name;
	sub[1] = "--help";
	sub[2] = NULL;
	return c->cmd->main(c, 2, sub);
}

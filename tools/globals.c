/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The global options, parsed in one place. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/names.h"
#include "rigctl.h"

enum {
	OPT_SSH = 256,
	OPT_MAC,
	OPT_KG_FILE,
	OPT_TIMEOUT,
	OPT_RETRANS,
	OPT_KNOWN_HOSTS,
	OPT_ACCEPT_NEW,
	OPT_PROBE_ROOT,
	OPT_PCIE_WIDTH,
	OPT_WOL_BCAST,
	OPT_WOL_PORT,
	OPT_FANOUT,
	OPT_CONSOLIDATE,
	OPT_TEXTFILE,
	OPT_CACHE_DIR,
	OPT_STATE_DIR,
	OPT_HELP,
	OPT_VERSION,
	OPT_PASSWORD
};

static const struct option long_opts[] = {
	{"ssh", required_argument, NULL, OPT_SSH},
	{"mac", required_argument, NULL, OPT_MAC},
	{"password-file", required_argument, NULL, 'f'},
	{"kg-file", required_argument, NULL, OPT_KG_FILE},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"retransmission-timeout", required_argument, NULL, OPT_RETRANS},
	{"identity", required_argument, NULL, 'i'},
	{"known-hosts", required_argument, NULL, OPT_KNOWN_HOSTS},
	{"accept-new-host-key", no_argument, NULL, OPT_ACCEPT_NEW},
	{"probe-root", required_argument, NULL, OPT_PROBE_ROOT},
	{"expect-pcie-width", required_argument, NULL, OPT_PCIE_WIDTH},
	{"wol-broadcast", required_argument, NULL, OPT_WOL_BCAST},
	{"wol-port", required_argument, NULL, OPT_WOL_PORT},
	{"fanout", required_argument, NULL, OPT_FANOUT},
	{"consolidate", no_argument, NULL, OPT_CONSOLIDATE},
	{"textfile", required_argument, NULL, OPT_TEXTFILE},
	{"cache-dir", required_argument, NULL, OPT_CACHE_DIR},
	{"state-dir", required_argument, NULL, OPT_STATE_DIR},
	{"output", required_argument, NULL, 'o'},
	{"verbose", no_argument, NULL, 'v'},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{"password", optional_argument, NULL, OPT_PASSWORD},
	{NULL, 0, NULL, 0},
};

static void print_help(FILE *f)
{
	fprintf(f,
		"Usage: rigctl [OPTIONS] COMMAND [ARGS]\n"
		"Manage GPU rigs through their BMC (IPMI 2.0) and/or SSH.\n\n"
		"Choosing rigs (one is required):\n"
		"  -H HOST[:PORT][,...]     BMC address(es)\n"
		"  --ssh [USER@]HOST[:PORT] SSH path (or an ssh_config Host alias)\n"
		"  --mac MAC                Wake-on-LAN MAC of that rig\n"
		"  -r NAME[,NAME...]|all    rigs or groups from the inventory\n"
		"  -c FILE                  inventory file\n\n"
		"BMC:\n"
		"  -U USER                  BMC user\n"
		"  -L user|operator|admin   privilege (default: least needed)\n"
		"  -C N                     RMCP+ cipher suite (default 3)\n"
		"  -W FLAG[,FLAG...]        FreeIPMI workarounds (opensesspriv, ...)\n"
		"  -f, --password-file FILE password file (mode 0600 or stricter)\n"
		"  --kg-file FILE           K_g key file\n"
		"  --timeout MS             deadline per exchange (default 10000)\n"
		"  --retransmission-timeout MS\n"
		"Passwords come from -f, $RIGCTL_PASSWORD, $IPMI_PASSWORD or a\n"
		"no-echo prompt on a terminal; never from the command line.\n\n"
		"SSH and Wake-on-LAN:\n"
		"  -i, --identity FILE, --known-hosts FILE, --accept-new-host-key\n"
		"  --probe-root DIR, --expect-pcie-width N\n"
		"  --wol-broadcast ADDR, --wol-port N\n\n"
		"Output and runs:\n"
		"  -o, --output table|json|prometheus|nagios\n"
		"  --fanout N, --consolidate, --textfile DIR\n"
		"  --cache-dir DIR, --state-dir DIR\n"
		"  -v, --verbose, -q, --quiet, --help, --version\n\n"
		"Commands ('rigctl COMMAND --help' for more):\n");
	commands_print(f);
	fprintf(f, "\n%s", rigctl_exit_code_help);
}

bool parse_uint(const char *s, unsigned long min, unsigned long max,
		unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

void globals_init(struct globals *g)
{
	memset(g, 0, sizeof(*g));
	g->cipher_suite = RIG_DEFAULT_CIPHER_SUITE;
	g->timeout_ms = RIG_DEFAULT_TIMEOUT_MS;
	g->fanout = 64;
	g->wol_port = 9;
	g->wol_broadcast = "255.255.255.255";
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rigctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'rigctl --help'.\n");
	return EXIT_USAGE;
}

static int number(const char *opt, const char *arg, unsigned long min,
		  unsigned long max, unsigned long *out)
{
	if (parse_uint(arg, min, max, out))
		return EXIT_OK;
	fprintf(stderr, "rigctl: %s wants a whole number from %lu to %lu, not "
			"'%s'\n", opt, min, max, arg);
	return EXIT_USAGE;
}

static int parse_output(struct globals *g, const char *arg)
{
	static const char *const names[] = {"table", "json", "prometheus",
					    "nagios"};
	int i = RIG_NAME_INDEX(names, arg, false);

	if (i >= 0) {
		g->output = (enum output_format)i;
		g->output_set = true;
		return EXIT_OK;
	}
	return bad("-o: unknown format '%s' (table, json, prometheus or "
		   "nagios)", arg);
}

static int one(struct globals *g, int opt, const char *arg)
{
	unsigned long v = 0;
	const char *badname = NULL;
	int rc = EXIT_OK;

	switch (opt) {
	case 'H':
		g->bmc_hosts = arg;
		break;
	case OPT_SSH:
		g->ssh_target = arg;
		break;
	case OPT_MAC:
		g->mac = arg;
		break;
	case 'r':
		g->rig_names = arg;
		break;
	case 'c':
		g->config_file = arg;
		break;
	case 'U':
		g->username = arg;
		break;
	case 'L':
		if (rig_privilege_parse(arg, &g->privilege) != RIG_OK ||
		    g->privilege == RIG_PRIV_AUTO)
			return bad("-L: unknown privilege '%s' (user, operator "
				   "or admin)", arg);
		g->privilege_set = true;
		break;
	case 'C':
		rc = number("-C", arg, 0, 255, &v);
		g->cipher_suite = (int)v;
		g->cipher_suite_set = true;
		break;
	case 'W':
		if (rig_workarounds_parse(arg, &g->workarounds, &badname) !=
		    RIG_OK)
			return bad("-W: unknown workaround at '%s' (authcap, "
				   "intel20, supermicro20, sun20, opensesspriv, "
				   "integritycheckvalue, nochecksumcheck)",
				   badname != NULL ? badname : arg);
		g->workarounds_set = true;
		break;
	case 'f':
		g->password_file = arg;
		break;
	case OPT_KG_FILE:
		g->kg_file = arg;
		break;
	case OPT_TIMEOUT:
		rc = number("--timeout", arg, 100, 3600000, &v);
		g->timeout_ms = (unsigned int)v;
		g->timeout_set = true;
		break;
	case OPT_RETRANS:
		rc = number("--retransmission-timeout", arg, 10, 60000, &v);
		g->retransmission_ms = (unsigned int)v;
		break;
	case 'i':
		g->identity_file = arg;
		break;
	case OPT_KNOWN_HOSTS:
		g->known_hosts = arg;
		break;
	case OPT_ACCEPT_NEW:
		g->accept_new_host_key = true;
		break;
	case OPT_PROBE_ROOT:
		g->probe_root = arg;
		break;
	case OPT_PCIE_WIDTH:
		rc = number("--expect-pcie-width", arg, 1, 32, &v);
		g->expect_pcie_width = (unsigned int)v;
		break;
	case OPT_WOL_BCAST:
		g->wol_broadcast = arg;
		g->wol_broadcast_set = true;
		break;
	case OPT_WOL_PORT:
		rc = number("--wol-port", arg, 1, 65535, &v);
		g->wol_port = (unsigned int)v;
		g->wol_port_set = true;
		break;
	case OPT_FANOUT:
		rc = number("--fanout", arg, 1, 1024, &v);
		g->fanout = (unsigned int)v;
		break;
	case OPT_CONSOLIDATE:
		g->consolidate = true;
		break;
	case OPT_TEXTFILE:
		g->textfile_dir = arg;
		break;
	case OPT_CACHE_DIR:
		g->cache_dir = arg;
		break;
	case OPT_STATE_DIR:
		g->state_dir = arg;
		break;
	case 'o':
		rc = parse_output(g, arg);
		break;
	case 'v':
		g->verbose = g->verbose < 0 ? 1 : g->verbose + 1;
		break;
	case 'q':
		g->verbose = -1;
		break;
	case 'P':
	case 'p':
	case OPT_PASSWORD:
		fprintf(stderr,
			"rigctl: a password on the command line shows in ps and "
			"shell history, so rigctl never takes one there: use -f "
			"FILE (mode 0600), $RIGCTL_PASSWORD, or the prompt\n");
		return EXIT_USAGE;
	default:
		return bad("invalid option");
	}
	return rc;
}

int globals_parse(struct globals *g, int argc, char **argv, int *cmd_index)
{
	int opt, rc;

	opterr = 0;
	optind = 0; /* 0: glibc re-initialises its scan, permutation included */
	/* '+': stop at the command, whose options are its own. */
	while ((opt = getopt_long(argc, argv, "+H:r:c:U:L:C:W:f:i:o:vqPp:h",
				  long_opts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			print_help(stdout);
			return -1;
		}
		if (opt == OPT_VERSION) {
			printf("rigctl (libipmirig) %s, library %s\n"
			       "GPU rig management over IPMI and SSH; not "
			       "Hamlib's rigctl.\nLicense GPL-3.0-or-later.\n",
			       RIG_VERSION_STRING, rig_version());
			return -1;
		}
		if (opt == 'h')
			return bad("-h: rigctl takes the BMC host as -H (as "
				   "ipmitool); help is --help");
		if (opt == '?' || opt == ':') {
			const char *o = argv[optind - 1];

			if (optopt != 0 && strchr("HrcULCWfio", optopt) != NULL)
				return bad("option -%c needs a value", optopt);
			return bad("unknown or incomplete option '%s'", o);
		}
		rc = one(g, opt, optarg);
		if (rc != EXIT_OK)
			return rc;
	}
	*cmd_index = optind;
	return EXIT_OK;
}

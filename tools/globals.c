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
	OPT_PLUG,
	OPT_PLUG_PASSWORD_FILE,
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
	OPT_PASSWORD,
	OPT_DRY_RUN,
	OPT_YES,
	OPT_ORDER,
	OPT_PREFIX,
	OPT_NO_HEADER,
	OPT_ALLOW_NO_AUTH,
	OPT_FAN_PROFILE,
	OPT_LAST
};

/* The short global options, in getopt's form; the extraction of globals
 * after the command reads it too. */
#define SHORT_OPTS "H:r:c:U:L:C:W:f:i:o:vqPp:h"
static const char short_opts[] = SHORT_OPTS;

static const struct option long_opts[] = {
	{"ssh", required_argument, NULL, OPT_SSH},
	{"mac", required_argument, NULL, OPT_MAC},
	{"plug", required_argument, NULL, OPT_PLUG},
	{"plug-password-file", required_argument, NULL, OPT_PLUG_PASSWORD_FILE},
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
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"yes", no_argument, NULL, OPT_YES},
	{"order", required_argument, NULL, OPT_ORDER},
	{"prefix", no_argument, NULL, OPT_PREFIX},
	{"no-header", no_argument, NULL, OPT_NO_HEADER},
	{"allow-no-auth", no_argument, NULL, OPT_ALLOW_NO_AUTH},
	{"fan-profile", required_argument, NULL, OPT_FAN_PROFILE},
	{NULL, 0, NULL, 0},
};

/* Which options were given, indexed by getopt's value: a second
 * single-value option is refused rather than silently replacing the
 * first. */
static bool seen[OPT_LAST];
/* Every -H and every -r value joined with commas (the selection expands
 * and de-duplicates the list).  Static: they live as long as argv does. */
static char *hosts_joined, *rigs_joined;

void globals_help(FILE *f)
{
	fprintf(f,
		"Usage: rigctl [OPTIONS] COMMAND [ARGS] [OPTIONS]\n"
		"Manage GPU rigs through their BMC (IPMI 2.0) and/or SSH.\n\n"
		"Choosing rigs (one is required):\n"
		"  -H HOST[:PORT][,...]     BMC address(es)\n"
		"  --ssh [USER@]HOST[:PORT] SSH path (or an ssh_config Host alias)\n"
		"  --mac MAC                Wake-on-LAN MAC of that rig\n"
		"  --plug URL               smart plug of that rig:\n"
		"                           tasmota://[USER@]HOST[:PORT][/RELAY] or\n"
		"                           shelly://HOST[:PORT][/ID]\n"
		"  --plug-password-file FILE  its password (else\n"
		"                           $RIGCTL_PLUG_PASSWORD)\n"
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
		"  --wol-broadcast ADDR, --wol-port N\n"
		"  --fan-profile NAME       the BMC's fan commands (asrock-ast2500);\n"
		"                           without one, no fan write is sent\n\n"
		"Output and runs:\n"
		"  -o, --output table|json|csv|prometheus|nagios\n"
		"  --no-header              csv without its header line\n"
		"  --prefix                 the rig's name on every table line\n"
		"  --order selection|finish fan-out output order (default selection)\n"
		"  --fanout N, --consolidate, --textfile DIR\n"
		"  --dry-run                say what would be sent; send nothing\n"
		"  --yes                    do not ask before a disruptive action\n"
		"  --allow-no-auth          permit cipher suite 0 (no authentication)\n"
		"  --cache-dir DIR, --state-dir DIR\n"
		"  -v, --verbose, -q, --quiet, --help, --version\n\n"
		"Global options go before or after the command; where a command\n"
		"has an option of the same name (today only --help), the\n"
		"command's wins after the command.  '--' ends the options.\n"
		"-H and -r add up when repeated, -W adds flags; any other option\n"
		"that takes a value may be given once.\n\n"
		"Commands ('rigctl help COMMAND' or 'rigctl COMMAND --help'):\n");
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
	memset(seen, 0, sizeof(seen));
	free(hosts_joined);
	free(rigs_joined);
	hosts_joined = rigs_joined = NULL;
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
					    "nagios", "csv"};
	int i = RIG_NAME_INDEX(names, arg, false);

	if (i >= 0) {
		g->output = (enum output_format)i;
		g->output_set = true;
		return EXIT_OK;
	}
	return bad("-o: unknown format '%s' (table, json, csv, prometheus or "
		   "nagios)", arg);
}

/* The option's name for messages: "-U", "--timeout", "-f/--password-file". */
static const char *opt_name(int opt, char *buf, size_t len)
{
	const char *lname = NULL;

	for (const struct option *o = long_opts; o->name != NULL; o++)
		if (o->val == opt) {
			lname = o->name;
			break;
		}
	if (opt < 256 && lname != NULL)
		snprintf(buf, len, "-%c/--%s", opt, lname);
	else if (opt < 256)
		snprintf(buf, len, "-%c", opt);
	else
		snprintf(buf, len, "--%s", lname != NULL ? lname : "?");
	return buf;
}

/* Does the option take a value (the password ones aside: refused anyway)? */
static bool takes_value(int opt)
{
	const char *p;

	if (opt == 'P' || opt == 'p' || opt == OPT_PASSWORD)
		return false;
	if (opt < 256)
		return opt != ':' && (p = strchr(short_opts, opt)) != NULL &&
		       p[1] == ':';
	for (const struct option *o = long_opts; o->name != NULL; o++)
		if (o->val == opt)
			return o->has_arg == required_argument;
	return false;
}

/* *field, plus "," and arg when it already has a value. */
static int join(char **buf, const char **field, const char *arg)
{
	size_t a, b;
	char *n;

	if (*field == NULL) {
		*field = arg;
		return EXIT_OK;
	}
	a = strlen(*field);
	b = strlen(arg);
	n = malloc(a + b + 2);
	if (n == NULL) {
		fprintf(stderr, "rigctl: out of memory\n");
		return EXIT_FAILED;
	}
	memcpy(n, *field, a);
	n[a] = ',';
	memcpy(n + a + 1, arg, b + 1);
	free(*buf); /* after the copy: *field may be *buf */
	*buf = n;
	*field = n;
	return EXIT_OK;
}

static int one(struct globals *g, int opt, const char *arg)
{
	unsigned long v = 0;
	const char *badname = NULL;
	uint32_t flags = 0;
	char name[64];
	int rc = EXIT_OK;

	if (opt >= 0 && opt < OPT_LAST && takes_value(opt)) {
		/* An empty value would only fail later, and less clearly. */
		if (arg == NULL || *arg == '\0')
			return bad("%s needs a value, not an empty one",
				   opt_name(opt, name, sizeof(name)));
		if (seen[opt] && opt != 'H' && opt != 'r' && opt != 'W')
			return bad("%s given twice: it takes one value",
				   opt_name(opt, name, sizeof(name)));
		seen[opt] = true;
	}
	switch (opt) {
	case 'H':
		return join(&hosts_joined, &g->bmc_hosts, arg);
	case OPT_SSH:
		g->ssh_target = arg;
		break;
	case OPT_MAC:
		g->mac = arg;
		break;
	case OPT_PLUG:
		g->plug = arg;
		break;
	case OPT_PLUG_PASSWORD_FILE:
		g->plug_password_file = arg;
		break;
	case 'r':
		return join(&rigs_joined, &g->rig_names, arg);
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
		/* Each -W adds its flags to those of the -W before it. */
		if (rig_workarounds_parse(arg, &flags, &badname) != RIG_OK)
			return bad("-W: unknown workaround at '%s' (authcap, "
				   "intel20, supermicro20, sun20, opensesspriv, "
				   "integritycheckvalue, nochecksumcheck)",
				   badname != NULL ? badname : arg);
		g->workarounds |= flags;
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
	case OPT_DRY_RUN:
		g->dry_run = true;
		break;
	case OPT_YES:
		g->yes = true;
		break;
	case OPT_ORDER:
		if (strcmp(arg, "finish") == 0)
			g->order_finish = true;
		else if (strcmp(arg, "selection") == 0)
			g->order_finish = false;
		else
			return bad("--order: '%s' is neither 'selection' nor "
				   "'finish'", arg);
		break;
	case OPT_PREFIX:
		g->prefix = true;
		break;
	case OPT_NO_HEADER:
		g->no_header = true;
		break;
	case OPT_ALLOW_NO_AUTH:
		g->allow_no_auth = true;
		break;
	case OPT_FAN_PROFILE:
		if (!fan_profile_known(arg))
			return bad("--fan-profile: unknown profile '%s' (known: "
				   "%s)", arg, fan_profiles_text());
		g->fan_profile = arg;
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

/* ------------------------------------------------ options after the command */

/* The optimal string alignment distance (Levenshtein with adjacent
 * transpositions, so "timeotu" is one edit from "timeout"); SIZE_MAX for
 * words too long to be a typo of an option or command. */
size_t cli_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t d[33][33];

	if (la > 32 || lb > 32)
		return SIZE_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t m = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < m)
				m = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < m)
				m = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < m)
				m = d[i - 2][j - 2] + 1;
			d[i][j] = m;
		}
	return d[la][lb];
}

void cli_suggest_try(struct cli_suggest *s, const char *word, size_t wlen,
		     const char *cand, size_t clen)
{
	size_t dist = cli_distance(word, wlen, cand, clen);

	/* A start of three letters or more is as good as one typo. */
	if (wlen >= 3 && wlen < clen && strncmp(word, cand, wlen) == 0)
		dist = 1;
	/* Short words get one edit: two would make anything look alike. */
	if (dist == 0 || dist > (wlen <= 4 ? 1u : 2u))
		return;
	if (s->best == NULL || dist < s->dist) {
		s->best = cand;
		s->len = clen;
		s->dist = dist;
	}
}

const char *cli_suggest_list(const char *word, const char *const *cands,
			     char *buf, size_t len)
{
	struct cli_suggest s = {NULL, 0, 0};

	for (; *cands != NULL; cands++)
		cli_suggest_try(&s, word, strlen(word), *cands, strlen(*cands));
	if (s.best == NULL)
		return NULL;
	snprintf(buf, len, "%.*s", (int)s.len, s.best);
	return buf;
}

/* Walk a command's option list ("since=,last=,wait?,help": "=" a value,
 * "?" an optional "=value"; one letter is a short option) for name.  The
 * number of long options that are name (1) or, with prefix, start with it;
 * *kind is the CLI_* of the match. */
int cli_spec_match(const char *spec, const char *name, size_t len, bool prefix,
		   int *kind)
{
	int n = 0;

	for (const char *p = spec; p != NULL && *p != '\0';) {
		size_t el = strcspn(p, "=?,");
		int k = p[el] == '=' ? CLI_VALUE
			: p[el] == '?' ? CLI_OPTIONAL : CLI_FLAG;

		if (el > 1 && el == len && memcmp(p, name, len) == 0) {
			*kind = k;
			return 1; /* exact: wins over every prefix, as in getopt */
		}
		if (prefix && el > 1 && el > len && memcmp(p, name, len) == 0) {
			*kind = k;
			n++;
		}
		p += el + strcspn(p + el, ",");
		if (*p == ',')
			p++;
	}
	return n;
}

bool cli_spec_short(const char *spec, char ch, int *kind)
{
	for (const char *p = spec; p != NULL && *p != '\0';) {
		size_t el = strcspn(p, "=?,");

		if (el == 1 && *p == ch) {
			*kind = p[1] == '=' ? CLI_VALUE : CLI_FLAG;
			return true;
		}
		p += el + strcspn(p + el, ",");
		if (*p == ',')
			p++;
	}
	return false;
}

/* The global long options that are name (exactly, or by its start with
 * prefix); *has_arg of the last. */
static int global_match(const char *name, size_t len, bool prefix,
			int *has_arg)
{
	int n = 0;

	for (const struct option *o = long_opts; o->name != NULL; o++) {
		size_t ol = strlen(o->name);

		if (ol == len && memcmp(o->name, name, len) == 0) {
			*has_arg = o->has_arg;
			return 1;
		}
		if (prefix && ol > len && memcmp(o->name, name, len) == 0) {
			*has_arg = o->has_arg;
			n++;
		}
	}
	return n;
}

/* An unknown long option: where it belongs, or what was probably meant. */
static int unknown_long(const char *arg, const char *cmd, const char *spec)
{
	const char *name = arg + 2, *owner;
	size_t len = strcspn(name, "=");
	struct cli_suggest s = {NULL, 0, 0};

	if (cmd == NULL && (owner = command_option_owner(name, len)) != NULL)
		return bad("'--%.*s' is an option of '%s': put it after the "
			   "command", (int)len, name, owner);
	for (const struct option *o = long_opts; o->name != NULL; o++)
		cli_suggest_try(&s, name, len, o->name, strlen(o->name));
	for (const char *p = spec; p != NULL && *p != '\0';) {
		size_t el = strcspn(p, "=?,");

		if (el > 1)
			cli_suggest_try(&s, name, len, p, el);
		p += el + strcspn(p + el, ",");
		if (*p == ',')
			p++;
	}
	if (s.best != NULL)
		return bad("unknown option '%s'%s%s; did you mean '--%.*s'?", arg,
			   cmd != NULL ? " for " : "", cmd != NULL ? cmd : "",
			   (int)s.len, s.best);
	return bad("unknown or incomplete option '%s'%s%s", arg,
		   cmd != NULL ? " for " : "", cmd != NULL ? cmd : "");
}

int cli_extract(const char *cmd, const char *spec, int argc, char **argv,
		char **gl, int *ng, int *ncmd)
{
	int n = 1, k = 0, kind = CLI_FLAG, has_arg = no_argument;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			/* The rest is the command's; it sees "--" too, so that
			 * its own getopt stops there. */
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			argv[n++] = a;
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			size_t len = strcspn(name, "=");
			bool inline_value = name[len] == '=';
			int nc;

			/* The command's wins after the command: exactly, then
			 * as the start of one of its options. */
			nc = cli_spec_match(spec, name, len, false, &kind);
			if (nc == 0 && global_match(name, len, false, &has_arg) == 0)
				nc = cli_spec_match(spec, name, len, true, &kind);
			if (nc > 0) {
				argv[n++] = a;
				if (nc == 1 && kind == CLI_VALUE && !inline_value &&
				    i + 1 < argc)
					argv[n++] = argv[++i];
				continue;
			}
			if (global_match(name, len, true, &has_arg) == 0)
				return unknown_long(a, cmd, spec);
			gl[k++] = a;
			if (has_arg == required_argument && !inline_value &&
			    i + 1 < argc)
				gl[k++] = argv[++i];
			continue;
		}
		if (cli_spec_short(spec, a[1], &kind)) {
			argv[n++] = a;
			if (kind == CLI_VALUE && a[2] == '\0' && i + 1 < argc)
				argv[n++] = argv[++i];
			continue;
		}
		/* A cluster of global short options ("-vv", "-Hbmc1"). */
		gl[k++] = a;
		for (int j = 1; a[j] != '\0'; j++) {
			const char *p = a[j] == ':' ? NULL : strchr(short_opts, a[j]);

			if (p == NULL)
				return bad("unknown option '-%c'%s%s", a[j],
					   cmd != NULL ? " for " : "",
					   cmd != NULL ? cmd : "");
			if (p[1] == ':') {
				if (a[j + 1] == '\0' && i + 1 < argc)
					gl[k++] = argv[++i];
				break;
			}
		}
	}
	argv[n] = NULL;
	*ncmd = n;
	*ng = k;
	return EXIT_OK;
}

/* getopt over argv, each option into g; *end is where options stop. */
static int parse_loop(struct globals *g, int argc, char **argv, int *end)
{
	int opt, rc;

	opterr = 0;
	optind = 0; /* 0: glibc re-initialises its scan, permutation included */
	/* '+': stop at the command, whose options are its own. */
	while ((opt = getopt_long(argc, argv, "+" SHORT_OPTS,
				  long_opts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			globals_help(stdout);
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
			char name[64];

			if (optopt != 0 && strchr("HrcULCWfio", optopt) != NULL)
				return bad("option -%c needs a value", optopt);
			if (optopt >= 256 && optopt < OPT_LAST &&
			    takes_value(optopt))
				return bad("%s needs a value",
					   opt_name(optopt, name, sizeof(name)));
			if (strncmp(o, "--", 2) == 0 && o[2] != '\0')
				return unknown_long(o, NULL, NULL);
			return bad("unknown or incomplete option '%s'", o);
		}
		rc = one(g, opt, optarg);
		if (rc != EXIT_OK)
			return rc;
	}
	*end = optind;
	return EXIT_OK;
}

int globals_parse(struct globals *g, int argc, char **argv, int *cmd_index)
{
	return parse_loop(g, argc, argv, cmd_index);
}

int globals_after_command(struct globals *g, const char *cmd,
			  const char *spec, int argc, char **argv, int *ncmd)
{
	char **gl = calloc((size_t)argc + 2, sizeof(*gl));
	int k = 0, end = 0, rc;

	if (gl == NULL) {
		fprintf(stderr, "rigctl: out of memory\n");
		return EXIT_FAILED;
	}
	gl[0] = "rigctl";
	rc = cli_extract(cmd, spec, argc, argv, gl + 1, &k, ncmd);
	/* The same parser as before the command: a value given on both
	 * sides is as repeated as one given twice on one side. */
	if (rc == EXIT_OK && k > 0) {
		rc = parse_loop(g, k + 1, gl, &end);
		if (rc == EXIT_OK && end < k + 1)
			rc = bad("unexpected '%s'", gl[end]);
	}
	free(gl);
	return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl exporter: the Prometheus exporter runs as its own program,
 * rigctl-exporter (tools/exporter/), which alone links the HTTP server;
 * this command replaces rigctl with it, passing the command line on as
 * it came (global options included), so both parse it the same way.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rigctl.h"

#ifndef RIG_PKGLIBEXECDIR
#define RIG_PKGLIBEXECDIR "/usr/local/libexec/rigctl"
#endif

const char exporter_help[] =
	"Usage: rigctl [-c FILE] -r NAMES exporter [--listen ADDR:PORT]\n"
	"              [--metrics rigctl|ipmi_exporter|both]\n"
	"              [--tls-cert FILE --tls-key FILE] [--web-auth-file FILE]\n"
	"A Prometheus exporter for the rigs -r names (-r all: the whole\n"
	"inventory), in the multi-target pattern of blackbox_exporter and\n"
	"ipmi_exporter:\n"
	"  /probe?target=RIG[&metrics=SET]  one rig: BMC, SSH and plug read in\n"
	"                 one session per path, within Prometheus's scrape\n"
	"                 timeout (X-Prometheus-Scrape-Timeout-Seconds); a dead\n"
	"                 rig answers rigctl_up 0 in time.  RIG is an inventory\n"
	"                 name or an address equal to exactly one rig's bmc;\n"
	"                 other targets are never contacted (404)\n"
	"  /ipmi          the same, for scrape configs moved over from\n"
	"                 ipmi_exporter (&module= is accepted and ignored)\n"
	"  /metrics       the exporter's own metrics; /  and /rig/NAME status\n"
	"                 pages\n"
	"  --listen ADDR:PORT  default 127.0.0.1:19623: 623 is IPMI's port, and\n"
	"                 19623 is taken by no exporter in Prometheus's\n"
	"                 default-port allocations (9100-9999 and just above)\n"
	"                 and is not ipmi_exporter's 9290, so both can run\n"
	"                 side by side while you migrate\n"
	"  --metrics SET  rigctl (default): rigctl's families, as -o prometheus;\n"
	"                 ipmi_exporter: ipmi_exporter's names and labels\n"
	"                 instead; both\n"
	"  --tls-cert FILE, --tls-key FILE  serve HTTPS (PEM files)\n"
	"  --web-auth-file FILE  basic auth: lines USER:HASH, HASH from\n"
	"                 crypt(3) (mkpasswd -m yescrypt, or sha-512)\n"
	"SIGHUP reloads the inventory, SIGTERM stops.  The exporter never\n"
	"changes its user (run it as a dedicated one: examples/\n"
	"rigctl-exporter.service) and never reads or advances a check's state.\n";

/* The program beside this one in the build tree, else the installed one;
 * $RIGCTL_EXPORTER first, for the tests. */
static const char *exporter_path(char *buf, size_t len)
{
	const char *env = getenv("RIGCTL_EXPORTER");
	char self[PATH_MAX];
	ssize_t n;

	if (env != NULL && env[0] != '\0')
		return env;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash != NULL) {
			*slash = '\0';
			/* tools/rigctl, or libtool's tools/.libs/rigctl */
			snprintf(buf, len, "%s/exporter/rigctl-exporter", self);
			if (access(buf, X_OK) == 0)
				return buf;
			snprintf(buf, len, "%s/../exporter/rigctl-exporter", self);
			if (strstr(self, "/.libs") != NULL && access(buf, X_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, len, "%s/rigctl-exporter", RIG_PKGLIBEXECDIR);
	return buf;
}

static size_t n_args(char **argv)
{
	size_t n = 0;

	while (argv[n] != NULL)
		n++;
	return n + 1; /* the text, kept after the NULL */
}

/* This process's own argv, as the kernel keeps it (the text they point
 * into after the terminating NULL, for free()). */
static char **own_argv(void)
{
	char *data = NULL, **argv;
	size_t len = 0, cap = 0, n = 0;
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return NULL;
	for (;;) {
		if (len + 4096 > cap) {
			char *p = realloc(data, cap + 8192);

			if (p == NULL)
				break;
			data = p;
			cap += 8192;
		}
		got = read(fd, data + len, cap - len - 1);
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	if (data == NULL || len == 0) {
		free(data);
		return NULL;
	}
	data[len] = '\0';
	for (size_t i = 0; i < len; i++)
		n += data[i] == '\0';
	argv = calloc(n + 2, sizeof(*argv));
	if (argv == NULL) {
		free(data);
		return NULL;
	}
	n = 0;
	for (size_t i = 0; i < len; i += strlen(data + i) + 1)
		argv[n++] = data + i;
	argv[n] = NULL;
	argv[n + 1] = data;
	return argv;
}

int cmd_exporter(struct ctx *c, int argc, char **argv)
{
	char buf[PATH_MAX + 64];
	const char *path;
	char **args;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0) {
			fputs(exporter_help, stdout);
			return EXIT_OK;
		}
	/* It answers in Prometheus's format over HTTP, never on stdout. */
	if (c->g.output_set && c->g.output != OUT_TABLE)
		return usage_error(c, "-o: the exporter answers over HTTP (the "
				      "format is Prometheus's); it takes no -o");
	/* No hidden default target, for the exporter too: -r all serves
	 * the whole inventory. */
	if (c->g.bmc_hosts == NULL && c->g.ssh_target == NULL &&
	    c->g.rig_names == NULL && c->g.mac == NULL && c->g.plug == NULL)
		return usage_error(c, "which rigs? give -r all (every rig of the "
				      "inventory), -r NAMES, or -H/--ssh/--plug");
	args = own_argv();
	if (args == NULL) {
		fprintf(stderr, "rigctl: exporter: cannot read /proc/self/cmdline\n");
		return EXIT_FAILED;
	}
	path = exporter_path(buf, sizeof(buf));
	args[0] = (char *)path;
	fflush(NULL);
	execv(path, args);
	fprintf(stderr, "rigctl: exporter: cannot run %s: %s (installed with "
			"rigctl; RIGCTL_EXPORTER names another)\n", path,
		strerror(errno));
	free(args[n_args(args)]);
	free(args);
	return EXIT_FAILED;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The console as a file descriptor, as another program would use it:
 * open it on the simulated BMC, type a line, read the echo of the serial
 * port behind it (tests/helpers/sol-echo), send a break, close.  Needs
 * SIM_HOST; run by tests/integration/console.sh.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ipmirig.h>

#define LINE "hello from lib-console\r"
#define WAIT_MS 10000

static int fails;

static void check(int ok, const char *what, const rig *r)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	if (!ok) {
		fails++;
		if (r != NULL)
			printf("  rig says: %s\n", rig_errormsg(r));
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read from fd until want shows up or WAIT_MS pass. */
static int read_until(int fd, const char *want)
{
	char got[4096];
	size_t len = 0;
	long long end = now_ms() + WAIT_MS;

	while (now_ms() < end && len < sizeof(got) - 1) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;

		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			continue;
		n = read(fd, got + len, sizeof(got) - 1 - len);
		if (n <= 0)
			return 0;
		len += (size_t)n;
		got[len] = '\0';
		if (strstr(got, want) != NULL)
			return 1;
	}
	return 0;
}

static rig *make_rig(const char *host, const char *password)
{
	rig_bmc_options o;
	rig *r = NULL;

	if (rig_new("sim", &r) != RIG_OK)
		return NULL;
	rig_bmc_options_init(&o, RIG_BMC_OPTIONS_VERSION);
	o.host = host;
	o.username = "admin";
	o.password = password;
	/* ipmi_sim: opensesspriv for any FreeIPMI session; it crashes on Get
	 * Channel Payload Support for channel 0xE and reports a SOL payload
	 * size FreeIPMI rejects, hence the two SOL workarounds. */
	o.workarounds = RIG_WORKAROUND_OPENSESSPRIV |
			RIG_WORKAROUND_SOLCHANNELSUPPORT |
			RIG_WORKAROUND_SOLPAYLOADSIZE;
	if (rig_add_bmc(r, &o) != RIG_OK) {
		rig_free(r);
		return NULL;
	}
	return r;
}

int main(void)
{
	const char *host = getenv("SIM_HOST");
	rig_console *con = NULL;
	rig *r;
	rig_status rc;

	if (host == NULL) {
		fprintf(stderr, "lib-console: SIM_HOST not set\n");
		return 99;
	}
	r = make_rig(host, "wrongpw");
	check(r != NULL, "rig with a wrong password", NULL);
	rc = rig_console_open(r, NULL, &con);
	check(rc == RIG_E_AUTH && con == NULL, "wrong password: RIG_E_AUTH", r);
	rig_free(r);

	r = make_rig(host, "adminpw");
	check(r != NULL, "rig", NULL);
	rc = rig_console_open(r, NULL, &con);
	check(rc == RIG_OK && con != NULL, "console opens", r);
	if (rc == RIG_OK) {
		int fd = rig_console_fd(con);

		check(fd >= 0, "console has a descriptor", r);
		check(write(fd, LINE, strlen(LINE)) == (ssize_t)strlen(LINE),
		      "line written", r);
		check(read_until(fd, "hello from lib-console"),
		      "its echo came back through SOL", r);
		check(rig_console_break(con) == RIG_OK, "break sent", r);
		check(rig_console_status(con) == RIG_OK, "session still up", r);
	}
	rig_console_close(con);
	rig_console_close(NULL);
	rig_free(r);
	printf("%d failure(s)\n", fails);
	return fails == 0 ? 0 : 1;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * udp-count [-i IDLE_MS] LISTEN_PORT TARGET_PORT
 *
 * A counting UDP relay on 127.0.0.1: every datagram a client sends to
 * LISTEN_PORT goes on to TARGET_PORT (the simulated BMC) from a socket of
 * its own per client, and the answers come back the same way.  Prints the
 * port it listens on (useful with LISTEN_PORT 0) as the first line, then
 * one line of counts on SIGUSR1 (and starts counting afresh), on SIGTERM or
 * SIGINT (and exits) or after IDLE_MS without traffic (default: never):
 *
 *     REQUESTS RESPONSES KIND=COUNT...
 *
 * Before it reports, it waits for 20 ms of quiet so that the last answer
 * of a client that just exited is counted too.
 *
 * The kinds tell a round trip apart from a retransmission and name the
 * session steps: ping, v15-NETFN-CMD (IPMI 1.5, e.g. Get Channel
 * Authentication Capabilities is v15-06-38), open, rakp1, rakp3, v20-NETFN-CMD
 * (unencrypted RMCP+ IPMI) and session (encrypted IPMI in a session: Set
 * Session Privilege, the commands, Close Session).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 256
#define MAX_KINDS 64

struct client {
	struct sockaddr_in addr;
	int fd;			/* connected to the target */
};

struct kind {
	char name[24];
	unsigned long count;
};

/* Quiet time that ends a report's drain. */
#define DRAIN_MS 20

static volatile sig_atomic_t stop, report_now;
static struct client clients[MAX_CLIENTS];
static size_t nclients;
static struct kind kinds[MAX_KINDS];
static size_t nkinds;
static unsigned long requests, responses;
/* The signal mask while waiting: signals are blocked elsewhere, so one
 * that comes between a flag test and the wait still ends the wait. */
static sigset_t wait_mask;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		report_now = 1;
	else
		stop = 1;
}

static void count_kind(const char *name)
{
	size_t i;

	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, name) == 0)
			break;
	if (i == nkinds) {
		if (nkinds == MAX_KINDS)
			return;
		snprintf(kinds[i].name, sizeof(kinds[i].name), "%s", name);
		kinds[i].count = 0;
		nkinds++;
	}
	kinds[i].count++;
}

/* An IPMI message inside a session header: rsSA, netFn/LUN, checksum,
 * rqSA, rqSeq/LUN, cmd. */
static void name_msg(char *buf, size_t len, const char *pfx,
		     const unsigned char *m, size_t n)
{
	if (n < 6)
		snprintf(buf, len, "%s-short", pfx);
	else
		snprintf(buf, len, "%s-%02x-%02x", pfx, m[1] >> 2, m[5]);
}

static void classify(const unsigned char *p, size_t n)
{
	char name[24] = "other";

	if (n >= 5 && p[0] == 0x06 && (p[3] & 0x1f) == 0x06) {
		snprintf(name, sizeof(name), "ping");
	} else if (n >= 6 && p[0] == 0x06 && p[4] == 0x06) {
		unsigned int type = p[5] & 0x3f;

		if (type == 0x10)
			snprintf(name, sizeof(name), "open");
		else if (type == 0x12)
			snprintf(name, sizeof(name), "rakp1");
		else if (type == 0x14)
			snprintf(name, sizeof(name), "rakp3");
		else if (type == 0x00 && (p[5] & 0x80) == 0 && n >= 16)
			name_msg(name, sizeof(name), "v20", p + 16, n - 16);
		else if (type == 0x00)
			snprintf(name, sizeof(name), "session");
		else
			snprintf(name, sizeof(name), "payload-%02x", type);
	} else if (n >= 14 && p[0] == 0x06) {
		/* IPMI 1.5: auth type, sequence, session id, [16-byte
		 * auth code unless type 0], length, message. */
		size_t off = 4 + 1 + 4 + 4 + (p[4] != 0 ? 16 : 0) + 1;

		if (off < n)
			name_msg(name, sizeof(name), "v15", p + off, n - off);
	}
	count_kind(name);
}

static int open_udp(unsigned short port, bool do_connect)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((do_connect ? connect(fd, (struct sockaddr *)&a, sizeof(a))
			: bind(fd, (struct sockaddr *)&a, sizeof(a))) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static struct client *client_for(const struct sockaddr_in *from,
				 unsigned short target)
{
	for (size_t i = 0; i < nclients; i++)
		if (clients[i].addr.sin_port == from->sin_port &&
		    clients[i].addr.sin_addr.s_addr == from->sin_addr.s_addr)
			return &clients[i];
	if (nclients == MAX_CLIENTS)
		return NULL;
	clients[nclients].addr = *from;
	clients[nclients].fd = open_udp(target, true);
	if (clients[nclients].fd < 0)
		return NULL;
	return &clients[nclients++];
}

static void from_client(int lfd, unsigned short target)
{
	unsigned char buf[65536];
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	ssize_t n = recvfrom(lfd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			     &flen);
	struct client *c;

	if (n < 0)
		return;
	requests++;
	classify(buf, (size_t)n);
	c = client_for(&from, target);
	if (c != NULL)
		(void)send(c->fd, buf, (size_t)n, 0);
}

static void from_target(int lfd, const struct client *c)
{
	unsigned char buf[65536];
	ssize_t n = recv(c->fd, buf, sizeof(buf), 0);

	if (n < 0)
		return;
	responses++;
	(void)sendto(lfd, buf, (size_t)n, 0, (const struct sockaddr *)&c->addr,
		     sizeof(c->addr));
}

static void report(void)
{
	printf("%lu %lu", requests, responses);
	for (size_t i = 0; i < nkinds; i++)
		printf(" %s=%lu", kinds[i].name, kinds[i].count);
	printf("\n");
	fflush(stdout);
	requests = responses = 0;
	nkinds = 0;
}

/* One round of poll(): false when nothing came within timeout_ms. */
static bool relay_once(int lfd, unsigned short target, int timeout_ms)
{
	struct pollfd pfd[MAX_CLIENTS + 1];
	size_t n = nclients;
	int rc;

	pfd[0].fd = lfd;
	pfd[0].events = POLLIN;
	for (size_t i = 0; i < n; i++) {
		pfd[i + 1].fd = clients[i].fd;
		pfd[i + 1].events = POLLIN;
	}
	if (timeout_ms >= 0) {
		struct timespec ts = {timeout_ms / 1000,
				      (long)(timeout_ms % 1000) * 1000000L};

		rc = ppoll(pfd, n + 1, &ts, &wait_mask);
	} else {
		rc = ppoll(pfd, n + 1, NULL, &wait_mask);
	}
	if (rc < 0)
		return errno == EINTR;
	if (rc == 0)
		return false;
	if (pfd[0].revents & POLLIN)
		from_client(lfd, target);
	for (size_t i = 0; i < n; i++)
		if (pfd[i + 1].revents & POLLIN)
			from_target(lfd, &clients[i]);
	return true;
}

static void relay(int lfd, unsigned short target, int idle_ms)
{
	while (!stop) {
		if (report_now) {
			while (relay_once(lfd, target, DRAIN_MS))
				;
			report_now = 0;
			report();
			continue;
		}
		if (!relay_once(lfd, target, idle_ms > 0 ? idle_ms : -1) &&
		    !report_now && !stop)
			break;
	}
	while (relay_once(lfd, target, DRAIN_MS))
		;
	report();
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block;
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int opt, idle_ms = 0, lfd;
	long lport, tport;

	while ((opt = getopt(argc, argv, "i:")) != -1) {
		if (opt != 'i')
			return 2;
		idle_ms = atoi(optarg);
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: udp-count [-i IDLE_MS] LISTEN_PORT "
				"TARGET_PORT\n");
		return 2;
	}
	lport = strtol(argv[optind], NULL, 10);
	tport = strtol(argv[optind + 1], NULL, 10);
	if (lport < 0 || lport > 65535 || tport < 1 || tport > 65535)
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	lfd = open_udp((unsigned short)lport, false);
	if (lfd < 0 || getsockname(lfd, (struct sockaddr *)&a, &alen) != 0) {
		perror("udp-count: bind");
		return 1;
	}
	printf("%u\n", (unsigned int)ntohs(a.sin_port));
	fflush(stdout);
	relay(lfd, (unsigned short)tport, idle_ms);
	return 0;
}

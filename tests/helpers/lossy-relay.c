/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lossy-relay: a seeded, misbehaving UDP relay on loopback, for tests that
 * put it between a client and ipmi_sim.
 *
 *   lossy-relay -t PORT [-l PORT] [-d PCT] [-u PCT] [-y PCT] [-m MS]
 *               [-s SEED] [-T SECONDS]
 *
 *   -t PORT   the server on 127.0.0.1 to relay to (required)
 *   -l PORT   where to listen on 127.0.0.1 (default 0: any; the port is
 *             printed on stdout as the first line)
 *   -d PCT    drop this % of datagrams, each direction (default 10)
 *   -u PCT    duplicate this % of the datagrams that pass (default 5)
 *   -y PCT    delay this % of the datagrams that pass (default 10)
 *   -m MS     longest delay, also of duplicates (default 40)
 *   -s SEED   seed of the random draws (default 1)
 *   -T SECS   stop by itself after this long (default 120, at most 3600)
 *
 * Every client address gets its own socket towards the server, so replies
 * find their way back as FreeIPMI's one socket per session expects.  On
 * exit (time limit, SIGTERM, SIGINT) it prints its counters on stderr:
 * "relay: c2s passed N dropped N duplicated N delayed N; s2c ...".
 * Each direction has its own random stream, drawn in datagram order, so a
 * seed gives the same fate to the n-th datagram of a direction however
 * the kernel schedules the two sides.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 128
#define MAX_HELD 512
#define DGRAM_MAX 2048

enum dir { C2S = 0, S2C = 1 };

struct stats {
	unsigned long passed, dropped, duplicated, delayed;
};

struct client {
	struct sockaddr_in addr;
	int fd; /* connected to the server */
};

/* A datagram waiting for its release time. */
struct held {
	uint64_t due_ms;
	enum dir dir;
	int client; /* index into clients */
	size_t len;
	unsigned char data[DGRAM_MAX];
};

struct relay {
	int listen_fd;
	struct sockaddr_in server;
	unsigned int drop_pct, dup_pct, delay_pct, max_delay_ms;
	uint64_t rng[2];
	struct client clients[MAX_CLIENTS];
	size_t nclients;
	struct held *held; /* MAX_HELD slots, len 0 = free */
	struct stats st[2];
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* splitmix64: small, good enough, and the same on every machine. */
static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static bool chance(struct relay *r, enum dir d, unsigned int pct)
{
	return next_rand(&r->rng[d]) % 100u < pct;
}

static unsigned int some_delay(struct relay *r, enum dir d)
{
	return 1u + (unsigned int)(next_rand(&r->rng[d]) %
				   (r->max_delay_ms > 0 ? r->max_delay_ms : 1u));
}

static void send_now(struct relay *r, enum dir d, int ci,
		     const unsigned char *buf, size_t len)
{
	ssize_t n;

	/* A refused send (server gone, client gone) is just one more lost
	 * datagram: UDP promises nothing. */
	if (d == C2S)
		n = send(r->clients[ci].fd, buf, len, 0);
	else
		n = sendto(r->listen_fd, buf, len, 0,
			   (const struct sockaddr *)&r->clients[ci].addr,
			   sizeof(r->clients[ci].addr));
	(void)n;
}

static void hold(struct relay *r, enum dir d, int ci, const unsigned char *buf,
		 size_t len, unsigned int delay)
{
	for (size_t i = 0; i < MAX_HELD; i++) {
		struct held *h = &r->held[i];

		if (h->len != 0)
			continue;
		h->due_ms = now_ms() + delay;
		h->dir = d;
		h->client = ci;
		h->len = len;
		memcpy(h->data, buf, len);
		return;
	}
	send_now(r, d, ci, buf, len); /* queue full: no delay then */
}

/* One datagram's fate: dropped, passed now or later, maybe twice. */
static void relay_one(struct relay *r, enum dir d, int ci,
		      const unsigned char *buf, size_t len)
{
	bool drop = chance(r, d, r->drop_pct);
	bool dup = chance(r, d, r->dup_pct);
	bool delay = chance(r, d, r->delay_pct);
	unsigned int ms = some_delay(r, d), dup_ms = some_delay(r, d);

	if (drop) {
		r->st[d].dropped++;
		return;
	}
	r->st[d].passed++;
	if (delay) {
		r->st[d].delayed++;
		hold(r, d, ci, buf, len, ms);
	} else {
		send_now(r, d, ci, buf, len);
	}
	if (dup) {
		r->st[d].duplicated++;
		hold(r, d, ci, buf, len, dup_ms);
	}
}

static int find_client(struct relay *r, const struct sockaddr_in *from)
{
	size_t i;
	int fd;

	for (i = 0; i < r->nclients; i++)
		if (r->clients[i].addr.sin_port == from->sin_port &&
		    r->clients[i].addr.sin_addr.s_addr == from->sin_addr.s_addr)
			return (int)i;
	if (r->nclients == MAX_CLIENTS) {
		/* Recycle the oldest client's slot: old sessions are over. */
		close(r->clients[0].fd);
		memmove(&r->clients[0], &r->clients[1],
			(MAX_CLIENTS - 1) * sizeof(r->clients[0]));
		for (i = 0; i < MAX_HELD; i++)
			if (r->held[i].len != 0 && r->held[i].client-- == 0)
				r->held[i].len = 0;
		r->nclients--;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (const struct sockaddr *)&r->server,
			      sizeof(r->server)) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	r->clients[r->nclients].addr = *from;
	r->clients[r->nclients].fd = fd;
	return (int)r->nclients++;
}

static void from_client(struct relay *r)
{
	unsigned char buf[DGRAM_MAX];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(r->listen_fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
	int ci;

	if (n <= 0 || fl != sizeof(from))
		return;
	ci = find_client(r, &from);
	if (ci >= 0)
		relay_one(r, C2S, ci, buf, (size_t)n);
}

static void from_server(struct relay *r, int ci)
{
	unsigned char buf[DGRAM_MAX];
	ssize_t n = recv(r->clients[ci].fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n > 0)
		relay_one(r, S2C, ci, buf, (size_t)n);
}

/* Send what is due; return ms until the next release (-1: none). */
static int release_due(struct relay *r)
{
	uint64_t now = now_ms(), next = UINT64_MAX;

	for (size_t i = 0; i < MAX_HELD; i++) {
		struct held *h = &r->held[i];

		if (h->len == 0)
			continue;
		if (h->due_ms <= now) {
			send_now(r, h->dir, h->client, h->data, h->len);
			h->len = 0;
		} else if (h->due_ms < next) {
			next = h->due_ms;
		}
	}
	return next == UINT64_MAX ? -1 : (int)(next - now);
}

static int run(struct relay *r, uint64_t end_ms)
{
	struct pollfd pfd[MAX_CLIENTS + 1];

	while (!stop) {
		uint64_t now = now_ms();
		int wait = release_due(r), n;

		if (now >= end_ms)
			break;
		if (wait < 0 || (uint64_t)wait > end_ms - now)
			wait = (int)(end_ms - now);
		pfd[0].fd = r->listen_fd;
		pfd[0].events = POLLIN;
		for (size_t i = 0; i < r->nclients; i++) {
			pfd[i + 1].fd = r->clients[i].fd;
			pfd[i + 1].events = POLLIN;
		}
		n = poll(pfd, r->nclients + 1, wait);
		if (n < 0 && errno != EINTR) {
			perror("relay: poll");
			return 1;
		}
		if (n <= 0)
			continue;
		/* Server side first: a new client may shift the indexes. */
		for (size_t i = r->nclients; i > 0; i--)
			if (pfd[i].revents & POLLIN)
				from_server(r, (int)i - 1);
		if (pfd[0].revents & POLLIN)
			from_client(r);
	}
	return 0;
}

static unsigned long arg_num(const char *s, unsigned long max, char opt)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || *s == '\0' || v > max) {
		fprintf(stderr, "relay: -%c wants 0 to %lu, not '%s'\n", opt,
			max, s);
		exit(2);
	}
	return v;
}

static int listen_on(unsigned int port)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
		perror("relay: bind");
		exit(1);
	}
	printf("%u\n", (unsigned int)ntohs(a.sin_port));
	fflush(stdout);
	return fd;
}

static void print_stats(const struct relay *r)
{
	static const char *const names[] = {"c2s", "s2c"};

	fprintf(stderr, "relay:");
	for (int d = 0; d < 2; d++)
		fprintf(stderr, "%s %s passed %lu dropped %lu duplicated %lu "
				"delayed %lu", d ? ";" : "", names[d],
			r->st[d].passed, r->st[d].dropped,
			r->st[d].duplicated, r->st[d].delayed);
	fprintf(stderr, "\n");
}

int main(int argc, char **argv)
{
	static struct relay r;
	unsigned long target = 0, lport = 0, secs = 120, seed = 1;
	struct sigaction sa;
	int opt, rc;

	r.drop_pct = 10;
	r.dup_pct = 5;
	r.delay_pct = 10;
	r.max_delay_ms = 40;
	while ((opt = getopt(argc, argv, "t:l:d:u:y:m:s:T:")) != -1) {
		switch (opt) {
		case 't': target = arg_num(optarg, 65535, 't'); break;
		case 'l': lport = arg_num(optarg, 65535, 'l'); break;
		case 'd': r.drop_pct = (unsigned int)arg_num(optarg, 100, 'd'); break;
		case 'u': r.dup_pct = (unsigned int)arg_num(optarg, 100, 'u'); break;
		case 'y': r.delay_pct = (unsigned int)arg_num(optarg, 100, 'y'); break;
		case 'm': r.max_delay_ms = (unsigned int)arg_num(optarg, 5000, 'm'); break;
		case 's': seed = arg_num(optarg, ULONG_MAX, 's'); break;
		case 'T': secs = arg_num(optarg, 3600, 'T'); break;
		default:
			fprintf(stderr, "usage: lossy-relay -t PORT [-l PORT] "
					"[-d PCT] [-u PCT] [-y PCT] [-m MS] "
					"[-s SEED] [-T SECONDS]\n");
			return 2;
		}
	}
	if (target == 0) {
		fprintf(stderr, "relay: -t PORT is required\n");
		return 2;
	}
	r.held = calloc(MAX_HELD, sizeof(*r.held));
	if (r.held == NULL)
		return 1;
	r.rng[C2S] = seed;
	r.rng[S2C] = seed ^ 0x5deece66dull;
	memset(&r.server, 0, sizeof(r.server));
	r.server.sin_family = AF_INET;
	r.server.sin_port = htons((uint16_t)target);
	r.server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	r.listen_fd = listen_on((unsigned int)lport);
	rc = run(&r, now_ms() + secs * 1000u);
	print_stats(&r);
	for (size_t i = 0; i < r.nclients; i++)
		close(r.clients[i].fd);
	close(r.listen_fd);
	free(r.held);
	return rc;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sol-echo PORT LOG: the "serial port" behind the simulator's SOL.
 * ipmi_sim connects to 127.0.0.1:PORT (lan.conf: sol "tcp:..."); every
 * byte it sends is appended to LOG and sent back, like a terminal that
 * echoes what is typed.  LOG.connected appears once a connection is up.
 * One connection at a time; runs until killed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_on(long port)
{
	struct sockaddr_in a;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 4) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void serve(int c, FILE *log)
{
	char buf[512];
	ssize_t n;

	while ((n = read(c, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, (size_t)n, log);
		fflush(log);
		if (write(c, buf, (size_t)n) != n)
			break;
	}
}

int main(int argc, char **argv)
{
	char mark[4096];
	long port = argc == 3 ? strtol(argv[1], NULL, 10) : 0;
	FILE *log;
	int fd;

	if (port <= 0 || port > 65535) {
		fprintf(stderr, "usage: sol-echo PORT LOG\n");
		return 2;
	}
	log = fopen(argv[2], "ab");
	fd = listen_on(port);
	if (log == NULL || fd < 0) {
		perror("sol-echo");
		return 1;
	}
	snprintf(mark, sizeof(mark), "%s.connected", argv[2]);
	for (;;) {
		int c = accept(fd, NULL, NULL);
		FILE *m;

		if (c < 0)
			continue;
		m = fopen(mark, "w");
		if (m != NULL)
			fclose(m);
		serve(c, log);
		close(c);
		unlink(mark);
	}
}

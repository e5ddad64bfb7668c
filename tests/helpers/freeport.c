/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * freeport udp|tcp [PORT]
 * With PORT: exit 0 if 127.0.0.1:PORT can be bound now (without
 * SO_REUSEADDR, so a socket already there makes it fail), else 1.
 * Without: bind port 0 and print the port the kernel chose.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int type, fd;
	long port = 0;

	if (argc < 2 || (strcmp(argv[1], "udp") != 0 && strcmp(argv[1], "tcp") != 0)) {
		fprintf(stderr, "usage: freeport udp|tcp [PORT]\n");
		return 2;
	}
	type = strcmp(argv[1], "udp") == 0 ? SOCK_DGRAM : SOCK_STREAM;
	if (argc > 2) {
		char *end;

		port = strtol(argv[2], &end, 10);
		if (*end != '\0' || port < 1 || port > 65535) {
			fprintf(stderr, "freeport: bad port '%s'\n", argv[2]);
			return 2;
		}
	}
	fd = socket(AF_INET, type, 0);
	if (fd < 0)
		return 1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return 1;
	}
	if (argc == 2) {
		if (getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
			close(fd);
			return 1;
		}
		printf("%u\n", (unsigned int)ntohs(a.sin_port));
	}
	close(fd);
	return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * udp-listen PORTFILE OUTFILE [TIMEOUT_S]: bind a UDP socket on 127.0.0.1
 * at a free port, write the port to PORTFILE (then it is ready), wait for
 * one datagram and write its bytes to OUTFILE.  Exit 0 on a datagram, 1 on
 * timeout or error.  For the Wake-on-LAN test.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int write_file(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		return -1;
	return rename(tmp, path); /* appears whole */
}

int main(int argc, char **argv)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	unsigned char buf[2048];
	char port[16];
	struct pollfd pfd;
	int fd, timeout_s = argc > 3 ? atoi(argv[3]) : 10;
	ssize_t n;

	if (argc < 3) {
		fprintf(stderr, "usage: udp-listen PORTFILE OUTFILE [TIMEOUT_S]\n");
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
		perror("udp-listen");
		return 1;
	}
	snprintf(port, sizeof(port), "%u\n", ntohs(a.sin_port));
	if (write_file(argv[1], port, strlen(port)) != 0) {
		perror("udp-listen: port file");
		return 1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, timeout_s * 1000) != 1) {
		fprintf(stderr, "udp-listen: no datagram within %d s\n", timeout_s);
		return 1;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0 || write_file(argv[2], buf, (size_t)n) != 0) {
		perror("udp-listen: receive");
		return 1;
	}
	close(fd);
	return 0;
}

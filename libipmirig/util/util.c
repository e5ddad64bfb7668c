/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Clocks and host:port splitting. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

uint64_t rig__now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void rig__sleep_ms(unsigned int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000u,
			      .tv_nsec = (long)(ms % 1000u) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

rig_status rig__split_hostport(const char *text, char **host,
			      unsigned int *port, unsigned int default_port)
{
	const char *h = text, *colon, *end;
	size_t hlen;

	*host = NULL;
	*port = default_port;
	if (text == NULL || text[0] == '\0')
		return RIG_E_INVALID;
	if (text[0] == '[') {
		end = strchr(text, ']');
		if (end == NULL || end == text + 1)
			return RIG_E_INVALID;
		h = text + 1;
		hlen = (size_t)(end - h);
		colon = end[1] == ':' ? end + 1 : NULL;
		if (colon == NULL && end[1] != '\0')
			return RIG_E_INVALID;
	} else {
		colon = strchr(text, ':');
		/* A bare IPv6 address has several colons and no port. */
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			colon = NULL;
		hlen = colon != NULL ? (size_t)(colon - text) : strlen(text);
		if (hlen == 0)
			return RIG_E_INVALID;
	}
	if (colon != NULL) {
		char *stop;
		unsigned long v;

		errno = 0;
		v = strtoul(colon + 1, &stop, 10);
		if (colon[1] == '\0' || *stop != '\0' || errno != 0 ||
		    v == 0 || v > 65535)
			return RIG_E_INVALID;
		*port = (unsigned int)v;
	}
	*host = strndup(h, hlen);
	return *host != NULL ? RIG_OK : RIG_E_NOMEM;
}

void rig__fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

void rig__fsync_dir_of(const char *path)
{
	char *copy = strdup(path);

	if (copy != NULL)
		rig__fsync_dir(dirname(copy));
	free(copy);
}

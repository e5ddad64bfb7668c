/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What a run waits for, on a terminal: once a run has taken a second, a
 * line on stderr names the rigs still pending and how long it has been,
 * rewritten in place each second and taken off before any result is
 * printed.  Never on a pipe or a file, so scripts and cron mail see only
 * results and errors; not with -q, nor with -v (log lines would tear it).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "rigctl.h"

#define PROGRESS_AFTER_MS 1000
#define PROGRESS_EVERY_MS 1000
/* Pending rigs named on the line; the rest are counted. */
#define PROGRESS_NAMES 3

struct progress {
	struct ctx *c;
	pthread_mutex_t *lock; /* the output lock: guards finished and stderr */
	const bool *finished;
	pthread_cond_t cv;
	pthread_t tid;
	struct timespec start;
	bool stop, shown;
};

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000L +
	       (now.tv_nsec - since->tv_nsec) / 1000000L;
}

static size_t columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 80;
}

/* The line, cut to the terminal's width: a line that wrapped could not be
 * rewritten in place by "\r". */
static void draw(struct progress *p)
{
	const struct ctx *c = p->c;
	long s = elapsed_ms(&p->start) / 1000;
	unsigned int deadline = c->g.timeout_ms / 1000;
	size_t done = 0, named = 0, width = columns() - 1, n;
	char line[512];

	for (size_t i = 0; i < c->count; i++)
		done += p->finished[i];
	if (done == c->count)
		return;
	if (c->count == 1 && s <= (long)deadline)
		n = (size_t)snprintf(line, sizeof(line),
				     "rigctl: waiting for %s (no result yet, "
				     "%ld s of %u s)",
				     rig_name(c->results[0].r), s, deadline);
	else if (c->count == 1)
		n = (size_t)snprintf(line, sizeof(line),
				     "rigctl: waiting for %s (no result yet, "
				     "%ld s; %u s per exchange)",
				     rig_name(c->results[0].r), s, deadline);
	else
		n = (size_t)snprintf(line, sizeof(line),
				     "rigctl: %zu of %zu done; waiting for",
				     done, c->count);
	for (size_t i = 0; c->count > 1 && i < c->count && n < sizeof(line);
	     i++) {
		if (p->finished[i])
			continue;
		if (named == PROGRESS_NAMES) {
			n += (size_t)snprintf(line + n, sizeof(line) - n,
					      ", +%zu more",
					      c->count - done - named);
			break;
		}
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s %s",
				      named > 0 ? "," : "",
				      rig_name(c->results[i].r));
		named++;
	}
	if (c->count > 1 && n < sizeof(line))
		n += (size_t)snprintf(line + n, sizeof(line) - n, " (%ld s)", s);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	if (n > width)
		n = width;
	fprintf(stderr, "\r\033[K%.*s", (int)n, line);
	fflush(stderr);
	p->shown = true;
}

void progress_clear(struct progress *p)
{
	if (p != NULL && p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = false;
	}
}

static void *progress_thread(void *arg)
{
	struct progress *p = arg;
	long wait_ms = PROGRESS_AFTER_MS;

	pthread_mutex_lock(p->lock);
	while (!p->stop) {
		struct timespec until;

		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&p->cv, p->lock, &until) == 0 ||
		    p->stop)
			continue;
		draw(p);
		wait_ms = PROGRESS_EVERY_MS;
	}
	progress_clear(p);
	pthread_mutex_unlock(p->lock);
	return NULL;
}

struct progress *progress_start(struct ctx *c, pthread_mutex_t *lock,
				const bool *finished)
{
	struct progress *p;
	pthread_condattr_t attr;

	if (c->g.verbose != 0 || c->count == 0 || !isatty(STDERR_FILENO))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return NULL;
	p->c = c;
	p->lock = lock;
	p->finished = finished;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cv, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&p->tid, NULL, progress_thread, p) != 0) {
		pthread_cond_destroy(&p->cv);
		free(p);
		return NULL; /* no progress line: the run itself goes on */
	}
	return p;
}

void progress_stop(struct progress *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(p->lock);
	p->stop = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(p->lock);
	pthread_join(p->tid, NULL);
	pthread_cond_destroy(&p->cv);
	free(p);
}

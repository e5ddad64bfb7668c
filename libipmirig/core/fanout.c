/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fan-out: workers take rigs from a shared counter.  Each rig has its own
 * handle and deadlines, so a dead rig holds one worker for at most its own
 * deadline and nobody else waits on it.
 *
 * The pool starts small and grows: every thread blocked on a BMC is woken
 * once per reply, and 64 of them cost more CPU in the kernel than the work
 * itself when rigs answer fast (bench/RESULTS.md).  While rigs keep
 * finishing, a few workers keep up; when GROW_AFTER_MS pass with none
 * finished and rigs still waiting (slow or dead rigs), the pool doubles, up
 * to the caller's limit.  So a dead rig delays the others by a few ms at
 * most, not by its deadline.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "core/internal.h"

#define FANOUT_DEFAULT 64u
#define SLOW_START 4u
#define GROW_AFTER_MS 5
/* Session setup is mostly waiting on the network: threads need little
 * stack, and 64 of them at glibc's default 8 MiB would reserve 512 MiB. */
#define FANOUT_STACK (1024u * 1024u)

struct fanout {
	rig *const *rigs;
	size_t count;
	rig_fanout_fn fn;
	void *user;
	pthread_mutex_t lock;
	pthread_cond_t progress;
	size_t next; /* the next rig to take */
	size_t done;
};

static void *worker(void *arg)
{
	struct fanout *f = arg;

	pthread_mutex_lock(&f->lock);
	while (f->next < f->count) {
		size_t i = f->next++;

		pthread_mutex_unlock(&f->lock);
		f->fn(f->rigs[i], i, f->user);
		pthread_mutex_lock(&f->lock);
		/* The watcher looks every GROW_AFTER_MS by itself: waking it
		 * for each rig would cost a context switch per rig. */
		if (++f->done == f->count)
			pthread_cond_signal(&f->progress);
	}
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

static void deadline_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_nsec += ms * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static size_t start(struct fanout *f, pthread_t *threads, size_t have,
		    size_t want, const pthread_attr_t *attr)
{
	while (have < want && pthread_create(&threads[have], attr, worker, f) == 0)
		have++;
	return have;
}

/* Watch progress and double the pool while rigs wait and none finish. */
static size_t grow_while_stalled(struct fanout *f, pthread_t *threads,
				 size_t nthreads, size_t max,
				 const pthread_attr_t *attr)
{
	pthread_mutex_lock(&f->lock);
	while (f->done < f->count) {
		size_t seen = f->done;
		struct timespec until;
		int rc = 0;

		deadline_in(&until, GROW_AFTER_MS);
		while (rc != ETIMEDOUT && f->done < f->count)
			rc = pthread_cond_timedwait(&f->progress, &f->lock, &until);
		if (f->done == seen && f->next < f->count && nthreads < max) {
			size_t want = nthreads * 2 < max ? nthreads * 2 : max;

			pthread_mutex_unlock(&f->lock);
			nthreads = start(f, threads, nthreads, want, attr);
			pthread_mutex_lock(&f->lock);
		}
	}
	pthread_mutex_unlock(&f->lock);
	return nthreads;
}

RIG_API rig_status rig_fanout(rig *const *rigs, size_t count,
			      unsigned int parallel, rig_fanout_fn fn,
			      void *user)
{
	struct fanout f = {.rigs = rigs, .count = count, .fn = fn,
			   .user = user};
	pthread_condattr_t cattr;
	pthread_attr_t attr;
	pthread_t *threads;
	size_t max, nthreads;

	if ((rigs == NULL && count > 0) || fn == NULL)
		return RIG_E_INVALID;
	if (count == 0)
		return RIG_OK;
	max = parallel == 0 ? FANOUT_DEFAULT : parallel;
	if (max > count)
		max = count;
	if (max == 1) {
		/* No thread for one rig, or a sequential run. */
		for (size_t i = 0; i < count; i++)
			fn(rigs[i], i, user);
		return RIG_OK;
	}
	threads = calloc(max, sizeof(*threads));
	if (threads == NULL)
		return RIG_E_NOMEM;
	pthread_mutex_init(&f.lock, NULL);
	pthread_condattr_init(&cattr);
	pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&f.progress, &cattr);
	pthread_condattr_destroy(&cattr);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, FANOUT_STACK);
	nthreads = start(&f, threads, 0, max < SLOW_START ? max : SLOW_START,
			 &attr);
	if (nthreads > 0)
		nthreads = grow_while_stalled(&f, threads, nthreads, max, &attr);
	pthread_attr_destroy(&attr);
	for (size_t i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	pthread_cond_destroy(&f.progress);
	pthread_mutex_destroy(&f.lock);
	free(threads);
	return nthreads > 0 ? RIG_OK : RIG_E_INTERNAL;
}

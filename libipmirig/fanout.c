/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fan-out: a fixed pool of threads takes rigs from a shared counter.  Each
 * rig has its own handle and deadlines, so a dead rig holds one worker for
 * at most its own deadline and nobody else waits on it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "internal.h"

#define FANOUT_DEFAULT 64u
/* Session setup is mostly waiting on the network: threads need little
 * stack, and 64 of them at glibc's default 8 MiB would reserve 512 MiB. */
#define FANOUT_STACK (1024u * 1024u)

struct fanout {
	rig *const *rigs;
	size_t count;
	atomic_size_t next;
	rig_fanout_fn fn;
	void *user;
};

static void *worker(void *arg)
{
	struct fanout *f = arg;

	for (;;) {
		size_t i = atomic_fetch_add(&f->next, 1);

		if (i >= f->count)
			break;
		f->fn(f->rigs[i], i, f->user);
	}
	return NULL;
}

RIG_API rig_status rig_fanout(rig *const *rigs, size_t count,
			      unsigned int parallel, rig_fanout_fn fn,
			      void *user)
{
	struct fanout f = {.rigs = rigs, .count = count, .fn = fn,
			   .user = user};
	pthread_attr_t attr;
	pthread_t *threads;
	size_t nthreads, started = 0;

	if ((rigs == NULL && count > 0) || fn == NULL)
		return RIG_E_INVALID;
	if (count == 0)
		return RIG_OK;
	atomic_init(&f.next, 0);
	nthreads = parallel == 0 ? FANOUT_DEFAULT : parallel;
	if (nthreads > count)
		nthreads = count;
	if (nthreads == 1) {
		/* No thread for the common single-rig case. */
		worker(&f);
		return RIG_OK;
	}
	threads = calloc(nthreads, sizeof(*threads));
	if (threads == NULL)
		return RIG_E_NOMEM;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, FANOUT_STACK);
	for (; started < nthreads; started++)
		if (pthread_create(&threads[started], &attr, worker, &f) != 0)
			break;
	pthread_attr_destroy(&attr);
	if (started == 0) {
		free(threads);
		return RIG_E_INTERNAL;
	}
	/* Fewer threads than asked still finish every rig. */
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	return RIG_OK;
}

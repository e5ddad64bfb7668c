/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Secret memory: the copies of passwords and K_g a rig keeps.  They live in
 * a per-process pool of pages that are locked (out of swap, where
 * RLIMIT_MEMLOCK allows), left out of core dumps (MADV_DONTDUMP) and wiped
 * on free.
 *
 * A pool rather than mlock() per copy: locks do not nest, so unlocking one
 * copy unlocked every other copy on its page; and each mlock()/munlock()
 * is a system call that takes the address space lock for writing, twice
 * per rig (64-rig fan-out: 128 calls, about 1 ms of CPU, bench/RESULTS.md).
 *
 * Chunks of CHUNK_SIZE bytes are cut into GRANULE-byte units tracked by a
 * bitmap; a copy takes a run of them.  Chunks stay mapped for the life of
 * the process (a few pages at most).  A secret longer than a chunk (nothing
 * the library accepts today) gets pages of its own, unmapped on free.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/internal.h"

#define CHUNK_SIZE 4096u
#define GRANULE 32u
#define UNITS (CHUNK_SIZE / GRANULE)
#define WORD_BITS 64u

struct chunk {
	struct chunk *next;
	unsigned char *mem;		    /* CHUNK_SIZE bytes, or big */
	size_t big;			    /* 0, or the length of a big mapping */
	uint64_t used[UNITS / WORD_BITS]; /* one bit per granule */
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *chunks;

/* Locked, never dumped, private pages; NULL if none. */
static unsigned char *secret_pages(size_t len)
{
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
#ifdef MADV_DONTDUMP
	(void)madvise(m, len, MADV_DONTDUMP);
#endif
	/* Failure (RLIMIT_MEMLOCK) is not fatal: the wipe still happens. */
	(void)mlock(m, len);
	return m;
}

static bool unit_used(const struct chunk *c, size_t u)
{
	return (c->used[u / WORD_BITS] >> (u % WORD_BITS)) & 1u;
}

static void mark(struct chunk *c, size_t first, size_t n, bool used)
{
	for (size_t u = first; u < first + n; u++) {
		uint64_t bit = (uint64_t)1 << (u % WORD_BITS);

		if (used)
			c->used[u / WORD_BITS] |= bit;
		else
			c->used[u / WORD_BITS] &= ~bit;
	}
}

/* The first run of n free granules in c, or UNITS. */
static size_t find_run(const struct chunk *c, size_t n)
{
	size_t run = 0;

	for (size_t u = 0; u < UNITS; u++) {
		run = unit_used(c, u) ? 0 : run + 1;
		if (run == n)
			return u + 1 - n;
	}
	return UNITS;
}

static struct chunk *new_chunk(size_t big)
{
	struct chunk *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->big = big;
	c->mem = secret_pages(big != 0 ? big : CHUNK_SIZE);
	if (c->mem == NULL) {
		free(c);
		return NULL;
	}
	c->next = chunks;
	chunks = c;
	return c;
}

/* size bytes of secret memory (zeroed); NULL when out of memory. */
static void *secret_alloc(size_t size)
{
	size_t n = (size + GRANULE - 1) / GRANULE;
	void *p = NULL;
	struct chunk *c;

	pthread_mutex_lock(&pool_lock);
	if (n > UNITS) {
		size_t page = CHUNK_SIZE;

		c = new_chunk((size + page - 1) / page * page);
		p = c != NULL ? c->mem : NULL;
		pthread_mutex_unlock(&pool_lock);
		return p;
	}
	for (c = chunks; c != NULL && p == NULL; c = c->next) {
		size_t first = c->big != 0 ? UNITS : find_run(c, n);

		if (first < UNITS) {
			mark(c, first, n, true);
			p = c->mem + first * GRANULE;
		}
	}
	if (p == NULL && (c = new_chunk(0)) != NULL) {
		mark(c, 0, n, true);
		p = c->mem;
	}
	pthread_mutex_unlock(&pool_lock);
	return p;
}

/* Wipe and return size bytes at p, which secret_alloc(size) gave. */
static void secret_release(void *p, size_t size)
{
	unsigned char *b = p;
	struct chunk **link, *c;

	pthread_mutex_lock(&pool_lock);
	for (link = &chunks; (c = *link) != NULL; link = &c->next) {
		size_t len = c->big != 0 ? c->big : CHUNK_SIZE;

		if (b < c->mem || b >= c->mem + len)
			continue;
		if (c->big != 0) {
			explicit_bzero(c->mem, c->big);
			munmap(c->mem, c->big);
			*link = c->next;
			free(c);
		} else {
			size_t first = (size_t)(b - c->mem) / GRANULE;
			size_t n = (size + GRANULE - 1) / GRANULE;

			explicit_bzero(c->mem + first * GRANULE, n * GRANULE);
			mark(c, first, n, false);
		}
		break;
	}
	pthread_mutex_unlock(&pool_lock);
}

void *rig__secret_memdup(const void *p, size_t len)
{
	unsigned char *copy;

	if (p == NULL)
		return NULL;
	copy = secret_alloc(len + 1);
	if (copy == NULL)
		return NULL;
	memcpy(copy, p, len);
	copy[len] = '\0';
	return copy;
}

char *rig__secret_dup(const char *s)
{
	return s != NULL ? rig__secret_memdup(s, strlen(s)) : NULL;
}

void rig__secret_free(void *p, size_t len)
{
	if (p != NULL)
		secret_release(p, len + 1);
}

void rig__secret_free_str(char *s)
{
	if (s != NULL)
		rig__secret_free(s, strlen(s));
}

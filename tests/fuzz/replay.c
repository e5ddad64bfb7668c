/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Replays saved inputs through a fuzz target's entry point, without
 * libFuzzer, so the normal test suite (and its ASan, UBSan and valgrind
 * runs) exercises every seed and every input that once crashed.
 *
 *   replay-TARGET [FILE...]
 *
 * Without files: every file under $top_srcdir/tests/fuzz/corpus/TARGET and
 * $top_srcdir/tests/fuzz/regress/TARGET.  A crash is the failure; the
 * exit status is 0 otherwise, 99 when no input was found.
 */
#include <dirent.h>
#include <stdio.h>

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET names the target, e.g. -DFUZZ_TARGET='\"sel\"'"
#endif

/* Targets without their own initialisation leave this undefined. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *p = realloc(buf, cap + 4096);

			if (p == NULL)
				abort();
			buf = p;
			cap += 4096;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
	/* A copy of exactly len bytes, so ASan sees a read past the end. */
	{
		uint8_t *exact = malloc(len > 0 ? len : 1);

		if (exact == NULL)
			abort();
		memcpy(exact, buf, len);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	free(buf);
	return 0;
}

static int replay_dir(const char *dir)
{
	char path[4096];
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), count = 0;

	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (replay_file(path) == 0)
				count++;
		}
		free(names[i]);
	}
	free(names);
	return count;
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	char dir[4096];
	int count = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (replay_file(argv[i]) != 0)
				return 1;
		return 0;
	}
	if (top == NULL)
		top = ".";
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", top, FUZZ_TARGET);
	count += replay_dir(dir);
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/regress/%s", top, FUZZ_TARGET);
	count += replay_dir(dir);
	printf("%d inputs of %s replayed\n", count, FUZZ_TARGET);
	return count > 0 ? 0 : 99;
}

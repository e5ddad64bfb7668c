/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared by the libFuzzer targets and by replay.c, which feeds saved
 * inputs (seed corpora, crash regressions) to the same entry point in the
 * normal test suite, where no libFuzzer is linked.
 */
#ifndef RIG_FUZZ_H
#define RIG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as a NUL-terminated string (parsers of text want one); a NUL
 * inside the input ends the text early, as it would in a file read with
 * the C string functions.  NULL only when out of memory. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s != NULL) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif

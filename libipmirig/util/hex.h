/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Hex digits and the one percent-encoding every name, cursor and state
 * file uses: a byte that is not kept as itself becomes '%' and two hex
 * digits.  Which bytes are kept differs by use (a file name keeps fewer
 * than a cursor), so callers say; the form of an escape does not.
 */
#ifndef RIG_UTIL_HEX_H
#define RIG_UTIL_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value of one hex digit of either case, or -1. */
int rig__hex_digit(int c);

/* len hex digits at text (either case) into len / 2 bytes at out; false,
 * with out partly written, for an odd len or a character that is not a
 * hex digit. */
bool rig__hex_decode(const char *text, size_t len, uint8_t *out);

/* n bytes as 2n lowercase hex digits and a NUL into out[2n + 1]. */
void rig__hex_encode(const uint8_t *in, size_t n, char *out);

/* Escapes use uppercase digits (RFC 3986 2.1) unless this flag asks for
 * lowercase: the SDR cache files were named that way before, and a new
 * name would orphan every cache already on disk. */
#define RIG_PCT_LOWER 1u

/* True for an ASCII letter or digit, or a byte in also (never NUL). */
bool rig__pct_plain(unsigned char c, const char *also);

/* Write the three-character escape of c at out; returns 3. */
size_t rig__pct_put(char *out, unsigned char c, unsigned int flags);

/* The byte of the escape at s, with left characters readable there, or
 * -1: not '%', too short, not hex, or "%00", which would end a C string
 * early and so is never an escape. */
int rig__pct_get(const char *s, size_t left);

/* The length of s encoded keeping rig__pct_plain(c, also) bytes. */
size_t rig__pct_encoded_len(const char *s, const char *also);

/* Encode s into out, which holds rig__pct_encoded_len(s, also) + 1
 * characters; returns the NUL written at the end. */
char *rig__pct_encode(char *out, const char *s, const char *also,
		      unsigned int flags);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hex digits and percent escapes (see hex.h). */
#include <string.h>

#include "util/hex.h"

static const char lower[] = "0123456789abcdef";
static const char upper[] = "0123456789ABCDEF";

int rig__hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool rig__hex_decode(const char *text, size_t len, uint8_t *out)
{
	if (len % 2 != 0)
		return false;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = rig__hex_digit((unsigned char)text[2 * i]);
		int lo = hi >= 0 ? rig__hex_digit((unsigned char)text[2 * i + 1])
				 : -1;

		if (lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

void rig__hex_encode(const uint8_t *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = lower[in[i] >> 4];
		out[2 * i + 1] = lower[in[i] & 0x0F];
	}
	out[2 * n] = '\0';
}

bool rig__pct_plain(unsigned char c, const char *also)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != '\0' && also != NULL && strchr(also, c) != NULL);
}

size_t rig__pct_put(char *out, unsigned char c, unsigned int flags)
{
	const char *digits = (flags & RIG_PCT_LOWER) != 0 ? lower : upper;

	out[0] = '%';
	out[1] = digits[c >> 4];
	out[2] = digits[c & 0x0F];
	return 3;
}

int rig__pct_get(const char *s, size_t left)
{
	int hi, lo;

	if (left < 3 || s[0] != '%')
		return -1;
	hi = rig__hex_digit((unsigned char)s[1]);
	lo = hi >= 0 ? rig__hex_digit((unsigned char)s[2]) : -1;
	if (lo < 0 || (hi == 0 && lo == 0))
		return -1;
	return hi << 4 | lo;
}

size_t rig__pct_encoded_len(const char *s, const char *also)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += rig__pct_plain((unsigned char)*s, also) ? 1 : 3;
	return n;
}

char *rig__pct_encode(char *out, const char *s, const char *also,
		      unsigned int flags)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (rig__pct_plain(c, also))
			*out++ = (char)c;
		else
			out += rig__pct_put(out, c, flags);
	}
	*out = '\0';
	return out;
}

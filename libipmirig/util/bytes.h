/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Counting arrays and reading IPMI's little-endian fields.  Inline so
 * that the SSH module, which shares no util/ code with the library at
 * link time, may use them too.
 */
#ifndef RIG_UTIL_BYTES_H
#define RIG_UTIL_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* Only for true arrays: a pointer would silently give a wrong count. */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* IPMI sends multi-byte fields least significant byte first (IPMI 2.0
 * section 13.5); these read such a field from a byte buffer whatever the
 * host's order and alignment. */
static inline uint16_t rig__le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Three-byte fields: IANA manufacturer ids. */
static inline uint32_t rig__le24(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static inline uint32_t rig__le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Raw IPMI requests (raw.c): the requests no path may send, and the words
 * for a completion code.  Pure: no I/O, no handle; unit-tested by
 * tests/unit/test-bmc-codec.c.
 */
#ifndef RIG_CODEC_RAW_H
#define RIG_CODEC_RAW_H

#include "util/util.h"

/* Why (netfn, cmd) must never be sent, or NULL.  The BMC path's raw
 * helper consults it for every raw request it sends, internal or not. */
const char *raw_forbidden(uint8_t netfn, uint8_t cmd);

/* A completion code in the words ipmitool uses for it (IPMI 2.0 table
 * 5-2), so a script moved from 'ipmitool raw' finds the same text;
 * "Unknown (0xNN)" into buf for a code outside the table.  Returns a static
 * string or buf. */
const char *raw_cc_text(uint8_t cc, char *buf, size_t len);

#endif

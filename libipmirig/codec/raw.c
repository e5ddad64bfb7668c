/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Raw requests: the forbidden list and the completion codes' words. */
#include <stdio.h>

#include "codec/raw.h"
#include "util/bytes.h"

/*
 * Requests whose effect cannot be undone and that no feature of ours
 * needs.  Checked below every public and internal raw request of the BMC
 * path, with no override: a fan profile that wants a vendor command lists
 * what it may send, never this.
 */
static const struct {
	uint8_t netfn, cmd;
	const char *why;
} forbidden[] = {
	/* tests/unit/test-bmc-codec.c checks that raw requests for it are
	 * refused before any path sees them. */
	{0x3a, 0xdc,
	 "ASRock Rack 0x3a 0xdc resets every fan setting of the BMC to its "
	 "factory defaults, which cannot be undone; it is never sent"},
};

const char *raw_forbidden(uint8_t netfn, uint8_t cmd)
{
	for (size_t i = 0; i < ARRAY_SIZE(forbidden); i++)
		if (forbidden[i].netfn == netfn && forbidden[i].cmd == cmd)
			return forbidden[i].why;
	return NULL;
}

/* ipmitool 1.8's completion_code_vals, which its 'raw' prints. */
static const struct {
	uint8_t cc;
	const char *text;
} cc_words[] = {
	{0x00, "Command completed normally"},
	{0xc0, "Node busy"},
	{0xc1, "Invalid command"},
	{0xc2, "Invalid command on LUN"},
	{0xc3, "Timeout"},
	{0xc4, "Out of space"},
	{0xc5, "Reservation cancelled or invalid"},
	{0xc6, "Request data truncated"},
	{0xc7, "Request data length invalid"},
	{0xc8, "Request data field length limit exceeded"},
	{0xc9, "Parameter out of range"},
	{0xca, "Cannot return number of requested data bytes"},
	{0xcb, "Requested sensor, data, or record not found"},
	{0xcc, "Invalid data field in request"},
	{0xcd, "Command illegal for specified sensor or record type"},
	{0xce, "Command response could not be provided"},
	{0xcf, "Cannot execute duplicated request"},
	{0xd0, "SDR Repository in update mode"},
	{0xd1, "Device firmware in update mode"},
	{0xd2, "BMC initialization in progress"},
	{0xd3, "Destination unavailable"},
	{0xd4, "Insufficient privilege level"},
	{0xd5, "Command not supported in present state"},
	{0xd6, "Cannot execute command, command disabled"},
	{0xff, "Unspecified error"},
};

const char *raw_cc_text(uint8_t cc, char *buf, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(cc_words); i++)
		if (cc_words[i].cc == cc)
			return cc_words[i].text;
	/* 0x01-0x7E are the command's own (OEM) codes: no fixed meaning. */
	snprintf(buf, len, "%s (0x%02X)",
		 cc >= 0x01 && cc <= 0x7e ? "Device-specific completion code"
					  : "Unknown",
		 cc);
	return buf;
}

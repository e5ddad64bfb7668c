/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pure decoders and encoders of remote-hands messages: no I/O, no handle,
 * so they are unit-tested from the specifications' byte layouts. */
#include <string.h>

#include "codec/chassis.h"
#include "util/bytes.h"
#include "util/timefmt.h"
#include "util/util.h"

/* System boot options parameter 5, IPMI 2.0 table 28-14. */
#define BOOT_PARAM_FLAGS 5u
#define BOOT_PARAM_LOCKED 0x80u  /* "parameter marked invalid / locked" */
#define BOOT_FLAG_VALID 0x80u
#define BOOT_FLAG_PERSISTENT 0x40u
#define BOOT_FLAG_EFI 0x20u

/* Completion code "invalid command", IPMI 2.0 table 5-2 (FreeIPMI's
 * IPMI_COMP_CODE_INVALID_COMMAND; this layer does not include FreeIPMI). */
#define CC_INVALID_COMMAND 0xC1u
/* DCMI 1.5 table 6-16: the group extension id, and the reading's length
 * and state bit. */
#define DCMI_GROUP_ID 0xDCu
#define DCMI_READING_LEN 19u
#define DCMI_MEASUREMENT_ACTIVE 0x40u

/* Boot device selector values, IPMI 2.0 table 28-14, data 2 [5:2]. */
static const struct {
	rig_boot_device dev;
	uint8_t selector;
} selectors[] = {
	{RIG_BOOT_DEFAULT, 0x0}, {RIG_BOOT_PXE, 0x1},  {RIG_BOOT_DISK, 0x2},
	{RIG_BOOT_CDROM, 0x5},   {RIG_BOOT_BIOS, 0x6},
};

static uint8_t selector_of(rig_boot_device dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(selectors); i++)
		if (selectors[i].dev == dev)
			return selectors[i].selector;
	return 0;
}

static rig_boot_device device_of(uint8_t selector)
{
	for (size_t i = 0; i < ARRAY_SIZE(selectors); i++)
		if (selectors[i].selector == selector)
			return selectors[i].dev;
	return RIG_BOOT_OTHER;
}

void chassis_boot_flags_encode(rig_boot_device dev,
			       const rig_boot_options *opts, uint8_t data[5])
{
	memset(data, 0, 5);
	data[0] = BOOT_FLAG_VALID;
	if (opts != NULL && opts->persistent)
		data[0] |= BOOT_FLAG_PERSISTENT;
	if (opts != NULL && opts->efi)
		data[0] |= BOOT_FLAG_EFI;
	data[1] = (uint8_t)(selector_of(dev) << 2);
}

rig_status chassis_boot_flags_decode(const uint8_t *rs, size_t len,
				     rig_boot_status *st)
{
	if (st == NULL)
		return RIG_E_INVALID;
	memset(st, 0, sizeof(*st));
	if (rs == NULL || len < 1)
		return RIG_E_INVALID;
	if (rs[0] != 0)
		return RIG_E_BMC;
	if (len < 3 || (rs[2] & 0x7fu) != BOOT_PARAM_FLAGS)
		return RIG_E_INVALID;
	/* A locked or invalid parameter says nothing we could trust. */
	if (rs[2] & BOOT_PARAM_LOCKED)
		return RIG_OK;
	if (len >= 4) {
		st->has_flags = true;
		st->valid = (rs[3] & BOOT_FLAG_VALID) != 0;
		st->persistent = (rs[3] & BOOT_FLAG_PERSISTENT) != 0;
		st->efi = (rs[3] & BOOT_FLAG_EFI) != 0;
	}
	if (len >= 5) {
		st->has_device = true;
		st->selector = (uint8_t)((rs[4] >> 2) & 0x0fu);
		st->device = device_of(st->selector);
	}
	return RIG_OK;
}

rig_status chassis_power_reading_decode(const uint8_t *rs, size_t len,
					rig_power_reading *out)
{
	uint32_t t;

	if (out == NULL)
		return RIG_E_INVALID;
	memset(out, 0, sizeof(*out));
	if (rs == NULL || len < 1)
		return RIG_E_INVALID;
	/* A BMC without DCMI answers the group extension netfn with
	 * "invalid command". */
	if (rs[0] == CC_INVALID_COMMAND)
		return RIG_E_UNSUPPORTED;
	if (rs[0] != 0)
		return RIG_E_BMC;
	if (len < DCMI_READING_LEN)
		return RIG_E_INVALID;
	if (rs[1] != DCMI_GROUP_ID)
		return RIG_E_BMC;
	out->current_w = rig__le16(rs + 2);
	out->minimum_w = rig__le16(rs + 4);
	out->maximum_w = rig__le16(rs + 6);
	out->average_w = rig__le16(rs + 8);
	t = rig__le32(rs + 10);
	out->period_ms = rig__le32(rs + 14);
	out->active = (rs[18] & DCMI_MEASUREMENT_ACTIVE) != 0;
	/* Only a calendar time is a time here: the reading has no field for
	 * an uptime. */
	if (rig__ipmi_time_kind(t) == RIG_IPMI_TIME_ABSOLUTE) {
		out->has_time = true;
		out->time = (int64_t)t;
	}
	return RIG_OK;
}

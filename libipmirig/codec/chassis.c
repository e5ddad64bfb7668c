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

/* Get Chassis Status, IPMI 2.0 table 28-3: completion code, current power
 * state, last power event, misc chassis state, then optionally the front
 * panel button byte. */
#define CHASSIS_STATUS_LEN 4u

rig_status chassis_status_decode(const uint8_t *rs, size_t len,
				 rig_chassis_status *out)
{
	uint8_t p, e, m;

	if (out == NULL)
		return RIG_E_INVALID;
	memset(out, 0, sizeof(*out));
	out->policy = RIG_POLICY_UNKNOWN;
	if (rs == NULL || len < 1)
		return RIG_E_INVALID;
	if (rs[0] == CC_INVALID_COMMAND)
		return RIG_E_UNSUPPORTED;
	if (rs[0] != 0)
		return RIG_E_BMC;
	if (len < CHASSIS_STATUS_LEN)
		return RIG_E_INVALID;
	p = rs[1];
	e = rs[2];
	m = rs[3];
	out->power_on = (p & 0x01) != 0;
	out->power_overload = (p & 0x02) != 0;
	out->power_interlock = (p & 0x04) != 0;
	out->power_fault = (p & 0x08) != 0;
	out->power_control_fault = (p & 0x10) != 0;
	/* Bits 6:5; 11b is the spec's own "unknown", as is our last value. */
	out->policy = (rig_power_policy)((p >> 5) & 0x03);
	out->last_ac_failed = (e & 0x01) != 0;
	out->last_overload = (e & 0x02) != 0;
	out->last_interlock = (e & 0x04) != 0;
	out->last_fault = (e & 0x08) != 0;
	out->last_on_by_command = (e & 0x10) != 0;
	out->intrusion = (m & 0x01) != 0;
	out->front_panel_lockout = (m & 0x02) != 0;
	out->drive_fault = (m & 0x04) != 0;
	out->cooling_fault = (m & 0x08) != 0;
	/* Bits 5:4 mean something only when bit 6 says the BMC reports them. */
	out->has_identify_state = (m & 0x40) != 0;
	if (out->has_identify_state)
		out->identify_state = (m >> 4) & 0x03;
	if (len > CHASSIS_STATUS_LEN) {
		out->has_buttons = true;
		out->buttons = rs[4];
	}
	return RIG_OK;
}

int chassis_policy_encode(rig_power_policy policy)
{
	/* Set Power Restore Policy, IPMI 2.0 table 28-8: byte 1 bits 2:0 are
	 * the same numbers as Get Chassis Status reports (011b would be "no
	 * change", which we never send). */
	switch (policy) {
	case RIG_POLICY_ALWAYS_OFF:
	case RIG_POLICY_PREVIOUS:
	case RIG_POLICY_ALWAYS_ON:
		return (int)policy;
	case RIG_POLICY_UNKNOWN:
		break;
	}
	return -1;
}

bool chassis_policy_supported(uint8_t support, rig_power_policy policy)
{
	/* The response's byte 2 is a mask: bit n set = policy n supported. */
	int bit = chassis_policy_encode(policy);

	return bit >= 0 && (support & (1u << bit)) != 0;
}

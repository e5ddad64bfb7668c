/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BMC management replies, bytes to structs. */
#include <stdio.h>
#include <string.h>

#include "codec/bmcmgmt.h"
#include "util/bytes.h"

#define CC_INVALID_COMMAND 0xC1u
#define MEDIUM_LAN_802_3 0x04u
#define USER_NAME_LEN 16u

static rig_status check(const uint8_t *rs, size_t len, size_t need)
{
	if (rs == NULL || len < 1)
		return RIG_E_INVALID;
	if (rs[0] == CC_INVALID_COMMAND)
		return RIG_E_UNSUPPORTED;
	if (rs[0] != 0)
		return RIG_E_BMC;
	return len < need ? RIG_E_INVALID : RIG_OK;
}

rig_status mgmt_sel_time_decode(const uint8_t *rs, size_t len, uint32_t *t)
{
	rig_status rc = check(rs, len, 5);

	if (rc == RIG_OK && t != NULL)
		*t = rig__le32(rs + 1);
	return t == NULL ? RIG_E_INVALID : rc;
}

void mgmt_sel_time_encode(uint32_t t, uint8_t out[4])
{
	for (unsigned int i = 0; i < 4; i++)
		out[i] = (uint8_t)(t >> (8 * i));
}

static void quad(char *dst, size_t size, const uint8_t *p)
{
	snprintf(dst, size, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

static const char *ip_source_name(uint8_t v)
{
	/* Parameter 4, bits 3:0. */
	switch (v & 0x0f) {
	case 0:
		return "unspecified";
	case 1:
		return "static";
	case 2:
		return "dhcp";
	case 3:
		return "bios";
	default:
		break;
	}
	return "other";
}

rig_status mgmt_lan_param_decode(uint8_t param, const uint8_t *rs, size_t len,
				 rig_bmc_lan *out)
{
	size_t need;
	rig_status rc;
	const uint8_t *d;

	switch (param) {
	case MGMT_LAN_IP_SOURCE:
		need = 1;
		break;
	case MGMT_LAN_IP:
	case MGMT_LAN_NETMASK:
	case MGMT_LAN_GATEWAY:
		need = 4;
		break;
	case MGMT_LAN_MAC:
		need = 6;
		break;
	case MGMT_LAN_VLAN:
		need = 2;
		break;
	default:
		return RIG_E_INVALID;
	}
	if (out == NULL)
		return RIG_E_INVALID;
	/* cc, parameter revision, then the data. */
	rc = check(rs, len, 2 + need);
	if (rc != RIG_OK)
		return rc;
	d = rs + 2;
	switch (param) {
	case MGMT_LAN_IP_SOURCE:
		out->ip_source = ip_source_name(d[0]);
		break;
	case MGMT_LAN_IP:
		quad(out->ip, sizeof(out->ip), d);
		break;
	case MGMT_LAN_NETMASK:
		quad(out->netmask, sizeof(out->netmask), d);
		break;
	case MGMT_LAN_GATEWAY:
		quad(out->gateway, sizeof(out->gateway), d);
		break;
	case MGMT_LAN_MAC:
		snprintf(out->mac, sizeof(out->mac),
			 "%02x:%02x:%02x:%02x:%02x:%02x", d[0], d[1], d[2],
			 d[3], d[4], d[5]);
		break;
	default: /* MGMT_LAN_VLAN: 12-bit id, bit 15 enables it */
		out->vlan_id = rig__le16(d) & 0x0fffu;
		out->vlan_enabled = (d[1] & 0x80) != 0;
		break;
	}
	return RIG_OK;
}

rig_status mgmt_channel_is_lan(const uint8_t *rs, size_t len, bool *lan)
{
	/* cc, channel number, medium type (bits 6:0), ... */
	rig_status rc = check(rs, len, 3);

	if (lan == NULL)
		return RIG_E_INVALID;
	*lan = rc == RIG_OK && (rs[2] & 0x7f) == MEDIUM_LAN_802_3;
	return rc;
}

rig_status mgmt_user_access_decode(const uint8_t *rs, size_t len,
				   unsigned int *max, rig_bmc_user *u)
{
	/* cc; max user ids (5:0); enable status (7:6) + enabled count (5:0);
	 * fixed names count; callback only (6), link auth (5), IPMI messaging (4),
	 * privilege limit (3:0). */
	rig_status rc = check(rs, len, 5);

	if (max == NULL || u == NULL)
		return RIG_E_INVALID;
	if (rc != RIG_OK)
		return rc;
	*max = rs[1] & 0x3fu;
	/* 10b: disabled; 01b enabled; 00b (before IPMI 2.0 errata 3) says
	 * nothing, and such a BMC uses every slot it has a name for. */
	u->enabled = ((rs[2] >> 6) & 0x03) != 0x02;
	/* Bit 6 set restricts the user to callback connections: call-in
	 * access is its inverse (as 'ipmitool user list' shows it). */
	u->callin = (rs[4] & 0x40) == 0;
	u->link_auth = (rs[4] & 0x20) != 0;
	u->ipmi_messaging = (rs[4] & 0x10) != 0;
	u->privilege = rs[4] & 0x0fu;
	return RIG_OK;
}

rig_status mgmt_user_name_decode(const uint8_t *rs, size_t len,
				 rig_bmc_user *u)
{
	rig_status rc = check(rs, len, 1 + USER_NAME_LEN);
	size_t n;

	if (u == NULL)
		return RIG_E_INVALID;
	if (rc != RIG_OK)
		return rc;
	memcpy(u->name, rs + 1, USER_NAME_LEN);
	u->name[USER_NAME_LEN] = '\0';
	/* Names are printable ASCII; anything else would garble a table. */
	n = strlen(u->name);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)u->name[i] < 0x20 ||
		    (unsigned char)u->name[i] > 0x7e)
			u->name[i] = '?';
	return RIG_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pure decoders of BMC management replies (bmcmgmt.c): the SEL clock, LAN
 * configuration parameters, channel info, user access and names.  Each
 * takes the response from its completion code on.  No I/O, no handle;
 * tests/unit/test-bmc-codec.c tests them from IPMI 2.0's byte layouts.
 */
#ifndef RIG_CODEC_BMCMGMT_H
#define RIG_CODEC_BMCMGMT_H

#include "util/util.h"

/* LAN configuration parameters we read (IPMI 2.0 table 23-4). */
enum {
	MGMT_LAN_IP = 3,
	MGMT_LAN_IP_SOURCE = 4,
	MGMT_LAN_MAC = 5,
	MGMT_LAN_NETMASK = 6,
	MGMT_LAN_GATEWAY = 12,
	MGMT_LAN_VLAN = 20
};

/*
 * The common shape of these decoders: RIG_E_UNSUPPORTED for completion
 * code 0xC1, RIG_E_BMC for another non-zero one (the code is rs[0], for
 * the caller's message), RIG_E_INVALID for NULL or a short response.
 */

/* Get SEL Time (IPMI 2.0 31.10): cc, 4 bytes LS first. */
rig_status mgmt_sel_time_decode(const uint8_t *rs, size_t len, uint32_t *t);
/* Set SEL Time's request data. */
void mgmt_sel_time_encode(uint32_t t, uint8_t out[4]);

/* Get LAN Configuration Parameters (IPMI 2.0 table 23-3): cc, parameter
 * revision, then parameter param's data, stored into its field of *out
 * (parameters other than the MGMT_LAN_* ones: RIG_E_INVALID). */
rig_status mgmt_lan_param_decode(uint8_t param, const uint8_t *rs, size_t len,
				 rig_bmc_lan *out);

/* Get Channel Info (IPMI 2.0 table 22-29): whether the channel's medium is
 * 802.3 LAN. */
rig_status mgmt_channel_is_lan(const uint8_t *rs, size_t len, bool *lan);

/* Get User Access (IPMI 2.0 table 22-33): the BMC's number of user slots
 * into *max and the user's access on the channel into *u (id untouched). */
rig_status mgmt_user_access_decode(const uint8_t *rs, size_t len,
				   unsigned int *max, rig_bmc_user *u);

/* Get User Name (IPMI 2.0 table 22-30): 16 bytes, NUL padded. */
rig_status mgmt_user_name_decode(const uint8_t *rs, size_t len,
				 rig_bmc_user *u);

#endif

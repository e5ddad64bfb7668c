/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wake-on-LAN: the pure parts, apart for the unit tests. */
#ifndef RIG_WOL_H
#define RIG_WOL_H

#include "core/internal.h"

#define WOL_MAC_LEN 6
#define WOL_PACKET_LEN 102 /* 6 x 0xFF, then the MAC 16 times */
#define WOL_DEFAULT_PORT 9
#define WOL_DEFAULT_BROADCAST "255.255.255.255"

/* "aa:bb:cc:dd:ee:ff", with '-' or no separators ("aabbccddeeff") too;
 * RIG_E_INVALID for anything else. */
rig_status wol_mac_parse(const char *text, uint8_t mac[WOL_MAC_LEN]);

void wol_packet(const uint8_t mac[WOL_MAC_LEN],
		uint8_t packet[WOL_PACKET_LEN]);

#endif

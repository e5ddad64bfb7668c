/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Vendor names: the boards rigs are built on first, FreeIPMI's IANA
 * registry for the rest. */
#include <stdio.h>
#include <string.h>

#include <freeipmi/util/ipmi-iana-enterprise-numbers-util.h>

#include "util/bytes.h"
#include "paths/bmc/bmc.h"

static const struct {
	uint32_t iana;
	const char *name;
} rig_vendors[] = {
	{49622, "ASRock Rack"},
	{10876, "Supermicro"},
	{15370, "GIGA-BYTE"},
	{2623, "ASUSTeK"},
	{343, "Intel"},
	{674, "Dell"},
	{11, "HPE"},
	{19046, "Lenovo"},
	{4128, "OpenIPMI"}, /* what ipmi_sim reports by default */
};

void bmc_vendor_name(uint32_t iana, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(rig_vendors); i++)
		if (rig_vendors[i].iana == iana) {
			snprintf(buf, len, "%s", rig_vendors[i].name);
			return;
		}
	if (ipmi_iana_enterprise_numbers_string(iana, buf,
						(unsigned int)len) < 0)
		buf[0] = '\0';
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Boot device override: System Boot Options parameter 5, boot flags. */
#include <string.h>

#include "codec/chassis.h"
#include "paths/bmc/remote.h"

rig_status bmc_boot_set(rig *r, void *priv, rig_boot_device dev,
			const rig_boot_options *opts)
{
	struct bmc *b = priv;
	uint8_t rq[2 + 5], rs[8];
	size_t n;
	rig_status rc;

	rq[0] = IPMI_CMD_SET_SYSTEM_BOOT_OPTIONS;
	/* bit 7 clear: not locked */
	rq[1] = IPMI_SYSTEM_BOOT_OPTION_PARAMETER_BOOT_FLAGS;
	chassis_boot_flags_encode(dev, opts, rq + 2);
	rig__log(r, RIG_LOG_INFO, "BMC %s: boot device %s (%s, %s)", b->label,
		rig_boot_device_name(dev),
		opts->persistent ? "persistent" : "next boot only",
		opts->efi ? "EFI" : "legacy");
	rc = bmc_raw(r, b, "setting the boot device", IPMI_NET_FN_CHASSIS_RQ, rq,
		     sizeof(rq), rs, sizeof(rs), &n);
	if (rc == RIG_OK && rs[0] != 0)
		rc = bmc_cc_error(r, b, "setting the boot device",
				  IPMI_NET_FN_CHASSIS_RQ,
				  IPMI_CMD_SET_SYSTEM_BOOT_OPTIONS, rs[0]);
	return rc;
}

rig_status bmc_boot_get(rig *r, void *priv, rig_boot_status *st)
{
	struct bmc *b = priv;
	/* Parameter 5, set selector 0, block selector 0. */
	const uint8_t rq[] = {IPMI_CMD_GET_SYSTEM_BOOT_OPTIONS,
			      IPMI_SYSTEM_BOOT_OPTION_PARAMETER_BOOT_FLAGS, 0, 0};
	uint8_t rs[16];
	size_t n;
	rig_status rc;

	rc = bmc_raw(r, b, "reading the boot device", IPMI_NET_FN_CHASSIS_RQ,
		     rq, sizeof(rq), rs, sizeof(rs), &n);
	if (rc != RIG_OK)
		return rc;
	if (rs[0] != 0)
		return bmc_cc_error(r, b, "reading the boot device",
				    IPMI_NET_FN_CHASSIS_RQ,
				    IPMI_CMD_GET_SYSTEM_BOOT_OPTIONS, rs[0]);
	if (chassis_boot_flags_decode(rs, n, st) != RIG_OK)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
				"reading the boot device: BMC %s answered for "
				"another parameter than the boot flags",
				b->label);
	return RIG_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The BMC's remote hands: boot options, identify, FRU, DCMI, SOL. */
#ifndef RIG_BMC_HANDS_H
#define RIG_BMC_HANDS_H

#include "paths/bmc/bmc.h"

/*
 * One raw request over the open session.  rq starts with the command
 * byte; rs receives the response from its completion code on, *rs_len its
 * length.  Transport failures are recorded (bmc_error); the completion
 * code is the caller's to judge, with bmc_cc_error().
 */
rig_status bmc_raw(rig *r, struct bmc *b, const char *what, uint8_t netfn,
		   const uint8_t *rq, unsigned int rq_len, uint8_t *rs,
		   size_t rs_size, size_t *rs_len);

/* Record a non-zero completion code of a raw command as a rig error. */
rig_status bmc_cc_error(rig *r, struct bmc *b, const char *what,
			uint8_t netfn, uint8_t cmd, uint8_t cc);

rig_status bmc_boot_set(rig *r, void *priv, rig_boot_device dev,
			const rig_boot_options *opts);
rig_status bmc_boot_get(rig *r, void *priv, rig_boot_status *st);
rig_status bmc_identify(rig *r, void *priv, const rig_identify_options *opts);
rig_status bmc_fru(rig *r, void *priv, rig_fru_list *out);
rig_status bmc_power_reading(rig *r, void *priv, rig_power_reading *out);
rig_status bmc_console_open(rig *r, void *priv,
			    const rig_console_options *opts, rig_console **out);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pure decoders and encoders of remote-hands messages (chassis.c): bytes
 * to structs and back, no I/O, no handle.  Internal: the BMC path uses
 * them and tests/unit/test-chassis-decode.c tests them from the
 * specifications' byte layouts; a program sees only the structs.
 */
#ifndef RIG_CODEC_CHASSIS_H
#define RIG_CODEC_CHASSIS_H

#include "util/util.h"

/* The 5 data bytes of Set System Boot Options parameter 5 (IPMI 2.0
 * table 28-14); opts NULL: next boot only, legacy. */
void chassis_boot_flags_encode(rig_boot_device dev,
			       const rig_boot_options *opts, uint8_t data[5]);

/*
 * Decode the response of Get System Boot Options for parameter 5, from its
 * completion code on (completion code, parameter version, parameter valid
 * + selector, 5 data bytes) into *st, zeroed first.  RIG_E_BMC for a
 * non-zero completion code, RIG_E_INVALID for NULL, an empty response or
 * one that is not for parameter 5; a short one leaves has_* false.
 */
rig_status chassis_boot_flags_decode(const uint8_t *rs, size_t len,
				     rig_boot_status *st);

/*
 * Decode a DCMI Get Power Reading response from its completion code on
 * (DCMI 1.5 table 6-16: completion code, group extension id 0xDC,
 * current, minimum, maximum, average power (2 bytes each, LS first),
 * timestamp (4), reporting period in ms (4), reading state (bit 6 =
 * measurement active)) into *out, zeroed first.  RIG_E_UNSUPPORTED for
 * completion code 0xC1 (invalid command), RIG_E_BMC for another non-zero
 * one or a wrong group id, RIG_E_INVALID for NULL or a short response.
 */
rig_status chassis_power_reading_decode(const uint8_t *rs, size_t len,
					rig_power_reading *out);

/*
 * Decode a Get Chassis Status response from its completion code on (IPMI
 * 2.0 table 28-3: completion code, current power state, last power event,
 * misc chassis state, optional front panel buttons) into *out, zeroed
 * first (policy RIG_POLICY_UNKNOWN).  RIG_E_UNSUPPORTED for completion
 * code 0xC1, RIG_E_BMC for another non-zero one, RIG_E_INVALID for NULL or
 * a response shorter than the four mandatory bytes.
 */
rig_status chassis_status_decode(const uint8_t *rs, size_t len,
				 rig_chassis_status *out);

/* The request byte of Set Power Restore Policy (IPMI 2.0 table 28-8) for
 * policy; -1 for RIG_POLICY_UNKNOWN or out of range. */
int chassis_policy_encode(rig_power_policy policy);

/* Whether the response's support mask (its byte after the completion
 * code) lists policy. */
bool chassis_policy_supported(uint8_t support, rig_power_policy policy);

#endif

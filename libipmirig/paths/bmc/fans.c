/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fan control requests on the BMC path.  The one door fan operations go
 * through: a request that is not one of the profile's four commands is
 * refused here, and bmc_raw() refuses the forbidden ones (the fan factory
 * reset) again, so no caller can send what no profile names.
 */
#include <string.h>

#include "codec/fans.h"
#include "codec/raw.h"
#include "paths/bmc/fans.h"
#include "paths/bmc/remote.h"

rig_status bmc_fan_vendor(rig *r, void *priv, uint32_t *iana)
{
	return bmc_manufacturer(r, priv, iana);
}

rig_status bmc_fan_request(rig *r, void *priv, const struct fan_profile *p,
			   uint8_t cmd, const uint8_t *data, size_t len,
			   uint8_t *rs, size_t size, size_t *n)
{
	struct bmc *b = priv;
	uint8_t rq[1 + FAN_SLOTS_MAX];
	uint8_t buf[64];
	size_t got;
	rig_status rc;

	*n = 0;
	if (p == NULL || !fan_profile_sends(p, p->netfn, cmd) ||
	    raw_forbidden(p->netfn, cmd) != NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INVALID,
				"fan control: refused to send netfn 0x%02x "
				"command 0x%02x: not a command of fan profile "
				"%s", p != NULL ? p->netfn : 0, cmd,
				p != NULL ? p->name : "(none)");
	if (len > FAN_SLOTS_MAX || (data == NULL && len > 0))
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INTERNAL,
				"fan control: %zu data bytes", len);
	rq[0] = cmd;
	if (len > 0)
		memcpy(rq + 1, data, len);
	rc = bmc_raw(r, b, "fan control", p->netfn, rq, (unsigned int)len + 1,
		     buf, sizeof(buf), &got);
	if (rc != RIG_OK)
		return rc;
	if (got >= 1 && buf[0] != 0)
		return bmc_cc_error(r, b, "fan control", p->netfn, cmd, buf[0]);
	if (got < 1)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_BMC,
				"fan control: BMC %s sent an empty reply",
				b->label);
	*n = got - 1 < size ? got - 1 : size;
	memcpy(rs, buf + 1, *n);
	return RIG_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Get Device ID and the GUID. */
#include <stdio.h>
#include <string.h>

#include "paths/bmc/bmc.h"

static uint64_t field(fiid_obj_t o, const char *name)
{
	uint64_t v = 0;

	(void)fiid_obj_get(o, name, &v);
	return v;
}

static unsigned int bcd(uint64_t v)
{
	return (unsigned int)(((v >> 4) & 0xf) * 10 + (v & 0xf));
}

/* IPMI sends the GUID least significant byte first (IPMI 2.0, 20.8):
 * reversed, it reads as the usual RFC 4122 text. */
static void format_guid(const uint8_t g[16], char *out, size_t len)
{
	uint8_t b[16];

	for (int i = 0; i < 16; i++)
		b[i] = g[15 - i];
	snprintf(out, len,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* One GUID command; true when it gave 16 bytes. */
static bool guid_by(struct bmc *b, bool system, rig_bmc_info *info)
{
	fiid_obj_t rs = fiid_obj_create(system ? tmpl_cmd_get_system_guid_rs
					       : tmpl_cmd_get_device_guid_rs);
	uint8_t g[16];
	bool ok = false;

	if (rs == NULL)
		return false;
	if ((system ? ipmi_cmd_get_system_guid(b->ctx, rs)
		    : ipmi_cmd_get_device_guid(b->ctx, rs)) == 0 &&
	    fiid_obj_get_data(rs, "guid", g, sizeof(g)) == (int)sizeof(g)) {
		format_guid(g, info->guid, sizeof(info->guid));
		ok = true;
	}
	fiid_obj_destroy(rs);
	return ok;
}

/* Optional commands: the System GUID is what ipmitool's "mc guid" and
 * FreeIPMI's bmc-info show; some BMCs only have the Device GUID. */
static void read_guid(rig *r, struct bmc *b, rig_bmc_info *info)
{
	info->has_guid = guid_by(b, true, info) || guid_by(b, false, info);
	if (!info->has_guid)
		rig__log(r, RIG_LOG_DEBUG, "BMC %s: no GUID: %s", b->label,
			ipmi_ctx_errormsg(b->ctx));
}

/* Get Device ID into rs, a tmpl_cmd_get_device_id_rs object (NULL: made
 * and destroyed here); the manufacturer is kept for the session. */
static rig_status device_id(rig *r, struct bmc *b, const char *what,
			    fiid_obj_t rs)
{
	fiid_obj_t own = rs == NULL ? fiid_obj_create(tmpl_cmd_get_device_id_rs)
				    : NULL;
	rig_status rc = RIG_OK;

	if (rs == NULL && own == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	if (ipmi_cmd_get_device_id(b->ctx, own != NULL ? own : rs) < 0) {
		rc = bmc_error(r, b, what);
	} else {
		b->manufacturer_id = (uint32_t)field(own != NULL ? own : rs,
						     "manufacturer_id.id");
		b->has_manufacturer = true;
	}
	if (own != NULL)
		fiid_obj_destroy(own);
	return rc;
}

rig_status bmc_manufacturer(rig *r, struct bmc *b, uint32_t *iana)
{
	rig_status rc = RIG_OK;

	if (!b->has_manufacturer)
		rc = device_id(r, b, "reading the BMC's manufacturer", NULL);
	if (rc == RIG_OK)
		*iana = b->manufacturer_id;
	return rc;
}

rig_status bmc_info(rig *r, void *priv, rig_bmc_info *info)
{
	struct bmc *b = priv;
	fiid_obj_t rs = fiid_obj_create(tmpl_cmd_get_device_id_rs);
	rig_status rc;

	if (rs == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	rc = device_id(r, b, "BMC info", rs);
	if (rc != RIG_OK) {
		fiid_obj_destroy(rs);
		return rc;
	}
	memset(info, 0, sizeof(*info));
	info->manufacturer_id = b->manufacturer_id;
	info->product_id = (uint16_t)field(rs, "product_id");
	info->device_id = (uint8_t)field(rs, "device_id");
	info->device_revision = (uint8_t)field(rs, "device_revision.revision");
	snprintf(info->firmware, sizeof(info->firmware), "%u.%02u",
		 (unsigned int)field(rs, "firmware_revision1.major_revision"),
		 bcd(field(rs, "firmware_revision2.minor_revision")));
	snprintf(info->ipmi_version, sizeof(info->ipmi_version), "%u.%u",
		 (unsigned int)field(rs, "ipmi_version_major"),
		 (unsigned int)field(rs, "ipmi_version_minor"));
	bmc_vendor_name(info->manufacturer_id, info->manufacturer,
			sizeof(info->manufacturer));
	fiid_obj_destroy(rs);
	read_guid(r, b, info);
	return RIG_OK;
}

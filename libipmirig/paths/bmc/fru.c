/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * FRU inventory: device 0 (the BMC's own FRU) and every logical FRU device
 * the SDR's FRU device locator records place behind the BMC; their
 * chassis, board and product areas through FreeIPMI's FRU parser.
 */
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "paths/bmc/remote.h"

#define FRU_MAX_DEVICES 64
/* FRU's epoch is 1996-01-01; a board time of 0 there means "unspecified"
 * and FreeIPMI hands it back as that epoch. */
#define FRU_EPOCH 820454400u

struct fru_reader {
	rig *r;
	struct bmc *b;
	ipmi_fru_ctx_t fru;
	uint8_t buf[IPMI_FRU_AREA_SIZE_MAX];
};

static char *field_text(struct fru_reader *fr, const ipmi_fru_field_t *f,
			uint8_t language)
{
	char text[IPMI_FRU_AREA_STRING_MAX + 1];
	unsigned int len = IPMI_FRU_AREA_STRING_MAX;

	if (f->type_length_field_length == 0)
		return NULL;
	memset(text, 0, sizeof(text));
	if (ipmi_fru_type_length_field_to_string(fr->fru, f->type_length_field,
						 f->type_length_field_length,
						 language, text, &len) < 0 ||
	    len == 0)
		return NULL;
	text[len < IPMI_FRU_AREA_STRING_MAX ? len : IPMI_FRU_AREA_STRING_MAX] =
		'\0';
	return text[0] != '\0' ? strdup(text) : NULL;
}

static void read_chassis(struct fru_reader *fr, rig_fru *f, unsigned int len)
{
	ipmi_fru_field_t part, serial;
	uint8_t type = 0;

	memset(&part, 0, sizeof(part));
	memset(&serial, 0, sizeof(serial));
	if (ipmi_fru_chassis_info_area(fr->fru, fr->buf, len, &type, &part,
				       &serial, NULL, 0) < 0)
		return;
	f->has_chassis = true;
	if (IPMI_FRU_CHASSIS_TYPE_VALID(type))
		f->chassis_type = strdup(ipmi_fru_chassis_types[type]);
	f->chassis_part_number =
		field_text(fr, &part, IPMI_FRU_LANGUAGE_CODE_ENGLISH);
	f->chassis_serial_number =
		field_text(fr, &serial, IPMI_FRU_LANGUAGE_CODE_ENGLISH);
}

static void read_board(struct fru_reader *fr, rig_fru *f, unsigned int len)
{
	ipmi_fru_field_t mfr, name, serial, part, file_id;
	uint8_t lang = 0;
	uint32_t when = 0;

	memset(&mfr, 0, sizeof(mfr));
	memset(&name, 0, sizeof(name));
	memset(&serial, 0, sizeof(serial));
	memset(&part, 0, sizeof(part));
	memset(&file_id, 0, sizeof(file_id));
	if (ipmi_fru_board_info_area(fr->fru, fr->buf, len, &lang, &when, &mfr,
				     &name, &serial, &part, &file_id, NULL,
				     0) < 0)
		return;
	f->has_board = true;
	if (when != 0 && when != FRU_EPOCH) {
		f->has_board_time = true;
		f->board_time = (int64_t)when;
	}
	f->board_manufacturer = field_text(fr, &mfr, lang);
	f->board_product_name = field_text(fr, &name, lang);
	f->board_serial_number = field_text(fr, &serial, lang);
	f->board_part_number = field_text(fr, &part, lang);
}

static void read_product(struct fru_reader *fr, rig_fru *f, unsigned int len)
{
	ipmi_fru_field_t mfr, name, part, version, serial, asset, file_id;
	uint8_t lang = 0;

	memset(&mfr, 0, sizeof(mfr));
	memset(&name, 0, sizeof(name));
	memset(&part, 0, sizeof(part));
	memset(&version, 0, sizeof(version));
	memset(&serial, 0, sizeof(serial));
	memset(&asset, 0, sizeof(asset));
	memset(&file_id, 0, sizeof(file_id));
	if (ipmi_fru_product_info_area(fr->fru, fr->buf, len, &lang, &mfr, &name,
				       &part, &version, &serial, &asset,
				       &file_id, NULL, 0) < 0)
		return;
	f->has_product = true;
	f->product_manufacturer = field_text(fr, &mfr, lang);
	f->product_name = field_text(fr, &name, lang);
	f->product_part_number = field_text(fr, &part, lang);
	f->product_version = field_text(fr, &version, lang);
	f->product_serial_number = field_text(fr, &serial, lang);
	f->product_asset_tag = field_text(fr, &asset, lang);
}

/* A FRU failure that means the session is gone, not just this device. */
static bool session_lost(struct fru_reader *fr)
{
	int e;

	if (ipmi_fru_ctx_errnum(fr->fru) != IPMI_FRU_ERR_IPMI_ERROR)
		return false;
	e = ipmi_ctx_errnum(fr->b->ctx);
	return e == IPMI_ERR_SESSION_TIMEOUT ||
	       e == IPMI_ERR_CONNECTION_TIMEOUT ||
	       e == IPMI_ERR_MESSAGE_TIMEOUT;
}

static rig_status read_areas(struct fru_reader *fr, rig_fru *f)
{
	int more;

	if (ipmi_fru_first(fr->fru) < 0)
		return RIG_E_BMC;
	do {
		unsigned int type = 0, len = 0;

		if (ipmi_fru_read_data_area(fr->fru, &type, &len, fr->buf,
					    sizeof(fr->buf)) < 0)
			return RIG_E_BMC;
		if (type == IPMI_FRU_AREA_TYPE_CHASSIS_INFO_AREA)
			read_chassis(fr, f, len);
		else if (type == IPMI_FRU_AREA_TYPE_BOARD_INFO_AREA)
			read_board(fr, f, len);
		else if (type == IPMI_FRU_AREA_TYPE_PRODUCT_INFO_AREA)
			read_product(fr, f, len);
		more = ipmi_fru_next(fr->fru);
	} while (more == 1);
	return more == 0 ? RIG_OK : RIG_E_BMC;
}

/* Read one device into f; a device-level failure stays in f->error. */
static rig_status read_device(struct fru_reader *fr, rig_fru *f)
{
	rig_status rc = RIG_E_BMC;

	if (ipmi_fru_open_device_id(fr->fru, (uint8_t)f->device_id) == 0) {
		rc = read_areas(fr, f);
		(void)ipmi_fru_close_device_id(fr->fru);
	}
	if (rc == RIG_OK)
		return RIG_OK;
	if (session_lost(fr))
		return bmc_error(fr->r, fr->b, "reading the FRU inventory");
	f->error = strdup(ipmi_fru_ctx_errnum(fr->fru) ==
					  IPMI_FRU_ERR_NO_FRU_INFORMATION
				  ? "no FRU information"
				  : ipmi_fru_ctx_errormsg(fr->fru));
	return RIG_OK;
}

struct fru_id {
	unsigned int id;
	char name[IPMI_SDR_MAX_DEVICE_ID_STRING_LENGTH + 1];
};

/* FreeIPMI gives the 7-bit field of the locator; some code paths and
 * BMCs use the 8-bit slave address form: accept both. */
static bool behind_bmc(uint8_t access)
{
	return access == IPMI_SLAVE_ADDRESS_BMC ||
	       (uint8_t)(access << 1) == IPMI_SLAVE_ADDRESS_BMC;
}

/* Logical FRU devices the BMC itself serves, from the SDR's locators.
 * Others sit behind another controller and need bridging: left out. */
static size_t locator_ids(struct fru_reader *fr, struct fru_id *ids,
			  size_t max)
{
	ipmi_sdr_ctx_t sdr = NULL;
	size_t n = 0, mark = rig__error_mark(fr->r);
	uint8_t rec[IPMI_SDR_MAX_RECORD_LENGTH];

	if (bmc_sdr_open(fr->r, fr->b, &sdr) != RIG_OK) {
		/* Device 0 is still worth reading: warn, do not fail. */
		rig__log(fr->r, RIG_LOG_WARNING, "%s",
			 rig__error_since(fr->r, mark));
		rig__error_rewind(fr->r, mark);
		return 0;
	}
	if (ipmi_sdr_cache_first(sdr) < 0)
		goto out;
	do {
		uint8_t access = 0, id = 0, bus = 0, lun = 0, logical = 0,
			channel = 0;
		uint16_t rid = 0;
		uint8_t type = 0;
		int len = ipmi_sdr_cache_record_read(sdr, rec, sizeof(rec));

		if (len <= 0 || n == max ||
		    ipmi_sdr_parse_record_id_and_type(sdr, rec, (unsigned int)len,
						      &rid, &type) < 0 ||
		    type != IPMI_SDR_FORMAT_FRU_DEVICE_LOCATOR_RECORD)
			continue;
		if (ipmi_sdr_parse_fru_device_locator_parameters(
			    sdr, rec, (unsigned int)len, &access, &id, &bus, &lun,
			    &logical, &channel) < 0 ||
		    !logical || !behind_bmc(access))
			continue;
		ids[n].id = id;
		memset(ids[n].name, 0, sizeof(ids[n].name));
		(void)ipmi_sdr_parse_device_id_string(sdr, rec, (unsigned int)len,
						      ids[n].name,
						      sizeof(ids[n].name) - 1);
		n++;
	} while (ipmi_sdr_cache_next(sdr) == 1);
out:
	bmc_sdr_close(sdr);
	return n;
}

static rig_fru *add_device(rig_fru_list *out, unsigned int id,
			   const char *name)
{
	void *items = out->items;
	rig_fru *f;

	for (size_t i = 0; i < out->count; i++)
		if (out->items[i].device_id == id)
			return NULL; /* listed already */
	f = rig__array_add(&items, &out->count, sizeof(*f));
	out->items = items;
	if (f == NULL)
		return NULL;
	f->device_id = id;
	f->name = name != NULL && name[0] != '\0' ? strdup(name) : NULL;
	return f;
}

static rig_status read_all(struct fru_reader *fr, rig_fru_list *out)
{
	struct fru_id ids[FRU_MAX_DEVICES];
	size_t n = locator_ids(fr, ids, FRU_MAX_DEVICES);
	const char *name0 = NULL;
	size_t ok = 0;

	for (size_t i = 0; i < n; i++)
		if (ids[i].id == 0)
			name0 = ids[i].name;
	if (add_device(out, 0, name0) == NULL)
		return rig__fail(fr->r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		(void)add_device(out, ids[i].id, ids[i].name);
	for (size_t i = 0; i < out->count; i++) {
		rig_status rc = read_device(fr, &out->items[i]);

		if (rc != RIG_OK)
			return rc;
		if (out->items[i].error == NULL)
			ok++;
	}
	if (ok == 0)
		return rig__fail(fr->r, RIG_PATH_BMC, RIG_E_BMC,
				"reading the FRU inventory: BMC %s: no FRU "
				"device could be read (device 0: %s)",
				fr->b->label,
				out->items[0].error != NULL ? out->items[0].error
							    : "unknown error");
	return RIG_OK;
}

rig_status bmc_fru(rig *r, void *priv, rig_fru_list *out)
{
	struct bmc *b = priv;
	struct fru_reader *fr = calloc(1, sizeof(*fr));
	rig_status rc;

	if (fr == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	fr->r = r;
	fr->b = b;
	fr->fru = ipmi_fru_ctx_create(b->ctx);
	if (fr->fru == NULL) {
		free(fr);
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	}
	rc = read_all(fr, out);
	ipmi_fru_ctx_destroy(fr->fru);
	free(fr);
	return rc;
}

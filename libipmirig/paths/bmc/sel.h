/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The BMC's SEL: reading records, Get SEL Info, archive-then-clear. */
#ifndef RIG_BMC_SEL_H
#define RIG_BMC_SEL_H

#include "paths/bmc/bmc.h"

/* Raw SEL timestamps as Get SEL Info reports them. */
struct sel_state {
	uint32_t entries;
	uint32_t free_bytes;
	uint32_t last_add;   /* 0xFFFFFFFF: never */
	uint32_t last_erase;
	uint8_t version_major, version_minor;
	bool overflow;
	bool supports_delete;
	bool supports_reserve;
};

/* Raw records in SEL order. */
struct sel_records {
	size_t count;
	uint8_t (*rec)[RIG_SEL_RECORD_LEN];
};

void sel_records_free(struct sel_records *l);

/* Is the SEL record from the SDR sensor with this owner (slave address or
 * software id << 1 | id type bit, as the SEL's generator ID byte), LUN,
 * number and sensor type?  Only then does it take that sensor's name. */
bool bmc_sel_from_sensor(const rig_sel_record *rec, uint8_t owner,
			 uint8_t lun, uint8_t number, uint8_t type);

rig_status bmc_sel_state(rig *r, struct bmc *b, struct sel_state *st);

/*
 * Read the records from start_id (0: the first) to the end into out
 * (appending).  FreeIPMI reserves the SEL itself unless a reservation is
 * registered on sel: then a cancelled reservation fails with
 * IPMI_SEL_ERR_RESERVATION_CANCELED, which *cancelled reports.
 */
rig_status bmc_sel_read(rig *r, struct bmc *b, ipmi_sel_ctx_t sel,
			uint16_t start_id, struct sel_records *out,
			bool *cancelled);

/*
 * This BMC's part of an events cursor: the newest record seen (id and its
 * timestamp bytes, to notice a reused id) and Get SEL Info's entry count
 * and last add / erase times when it was read.  Text:
 * "<id:4 hex>.<ts:8 hex>.<add:8 hex>.<erase:8 hex>.<entries:decimal>";
 * id ffff: no record seen (empty SEL).
 */
struct sel_cursor {
	uint16_t last_id;
	uint32_t last_ts;
	uint32_t last_add;
	uint32_t last_erase;
	uint32_t entries;
};

#define SEL_NO_RECORD 0xFFFFu

/* Strict parse; false for anything that is not exactly the format. */
bool sel_cursor_parse(const char *text, struct sel_cursor *c);
/* malloc'd text, NULL when out of memory. */
char *sel_cursor_format(const struct sel_cursor *c);

/* FreeIPMI SEL-context errors: IPMI ones go through bmc_error(). */
rig_status bmc_sel_error(rig *r, struct bmc *b, ipmi_sel_ctx_t sel,
			 const char *what);

/* Write the archive of recs to path (see docs/commands.md, "SEL archives"); its
 * first line is "# " SEL_ARCHIVE_MAGIC. */
#define SEL_ARCHIVE_MAGIC "libipmirig SEL archive 2"
rig_status bmc_sel_archive(rig *r, struct bmc *b, const char *path,
			   const struct sel_records *recs, bool replace);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Archive, then clear the SEL.  The order is what makes it safe: reserve,
 * read everything, write and sync the archive, check that the SEL did not
 * change meanwhile (entry count, last add time) and start over if it did,
 * then clear under the reservation.  A BMC that cancels the reservation
 * when an event arrives refuses the clear (we start over); one that does
 * not (OpenIPMI's simulator) is protected by the re-check, which leaves a
 * window of one round trip between the check and the clear.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/hex.h"
#include "util/timefmt.h"
#include "codec/sel.h"
#include "paths/bmc/sel.h"

#define CLEAR_ROUNDS 5

static void time_text(const rig_sel_record *rec, char *buf, size_t len)
{
	if (!rec->has_timestamp)
		snprintf(buf, len, "-");
	else if (rec->pre_init)
		snprintf(buf, len, "pre-init+%us", rec->timestamp);
	else if (!rig__time_rfc3339(rec->timestamp, buf, len))
		snprintf(buf, len, "-");
}

static void write_body(FILE *f, rig *r, struct bmc *b,
		       const struct sel_records *recs)
{
	char stamp[32];

	if (!rig__time_rfc3339(time(NULL), stamp, sizeof(stamp)))
		snprintf(stamp, sizeof(stamp), "-");
	/* Version 2 names the library that writes it; its lines are those
	 * of version 1 ("# rigctl SEL archive 1"), so a reader of either
	 * reads both: "#" lines are comments, the rest hex<TAB>text. */
	fprintf(f, "# " SEL_ARCHIVE_MAGIC "\n# rig: %s\n# bmc: %s\n"
		   "# written: %s\n# entries: %zu\n"
		   "# One record per line: the raw 16-byte SEL record as 32 hex "
		   "digits, then\n# tab-separated for people: time, sensor type, "
		   "description.\n",
		r->name, b->label, stamp, recs->count);
	for (size_t i = 0; i < recs->count; i++) {
		char hex[2 * RIG_SEL_RECORD_LEN + 1], when[40];
		rig_sel_record rec;

		rig__hex_encode(recs->rec[i], RIG_SEL_RECORD_LEN, hex);
		rig_sel_decode(recs->rec[i], RIG_SEL_RECORD_LEN, &rec);
		time_text(&rec, when, sizeof(when));
		fprintf(f, "%s\t%s\t%s\t%s\n", hex, when, rec.type,
			rec.description);
	}
	fprintf(f, "# end: %zu records\n", recs->count);
}

/* The temporary file beside path, written whole and synced. */
static int write_temp(rig *r, struct bmc *b, const char *tmp_template,
		      char *tmp, const struct sel_records *recs)
{
	FILE *f;
	int fd, rc = -1;

	strcpy(tmp, tmp_template);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	write_body(f, r, b, recs);
	if (fflush(f) == 0 && !ferror(f) && fsync(fd) == 0)
		rc = 0;
	if (fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		unlink(tmp);
	return rc;
}

rig_status bmc_sel_archive(rig *r, struct bmc *b, const char *path,
			   const struct sel_records *recs, bool replace)
{
	char *tmpl = NULL, *tmp;
	int err = 0;

	if (asprintf(&tmpl, "%s.tmp-XXXXXX", path) < 0)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	tmp = strdup(tmpl);
	if (tmp == NULL || write_temp(r, b, tmpl, tmp, recs) != 0) {
		err = errno;
	} else if (replace ? rename(tmp, path) != 0 : link(tmp, path) != 0) {
		/* link(): never overwrite an archive that is not ours */
		err = errno;
		unlink(tmp);
	} else if (!replace) {
		unlink(tmp);
	}
	free(tmp);
	free(tmpl);
	if (err != 0)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_IO,
				"cannot write the SEL archive %s: %s; nothing was "
				"cleared", path, strerror(err));
	rig__fsync_dir_of(path);
	return RIG_OK;
}

static bool same_state(const struct sel_state *a, const struct sel_state *b)
{
	return a->entries == b->entries && a->last_add == b->last_add;
}

/* One round; *again when the SEL changed and the round must be redone. */
static rig_status one_round(rig *r, struct bmc *b, ipmi_sel_ctx_t sel,
			    const rig_sel_clear_options *o, bool *written,
			    size_t *archived, bool *again)
{
	struct sel_records recs = {0, NULL};
	struct sel_state before, after;
	bool cancelled = false;
	rig_status rc;

	*again = false;
	if (ipmi_sel_ctx_register_reservation_id(sel, NULL) < 0)
		return bmc_sel_error(r, b, sel, "reserving the SEL");
	rc = bmc_sel_state(r, b, &before);
	if (rc == RIG_OK)
		rc = bmc_sel_read(r, b, sel, 0, &recs, &cancelled);
	if (rc == RIG_OK && !cancelled) {
		/* after the first write the archive at the path is ours */
		rc = bmc_sel_archive(r, b, o->archive_path, &recs, *written);
		*written = *written || rc == RIG_OK;
	}
	if (rc == RIG_OK && !cancelled && r->sel_clear_hook != NULL)
		r->sel_clear_hook(r->sel_clear_hook_user);
	if (rc == RIG_OK && !cancelled)
		rc = bmc_sel_state(r, b, &after);
	if (rc == RIG_OK && !cancelled && same_state(&before, &after)) {
		if (ipmi_sel_clear_sel(sel) == 0)
			*archived = recs.count;
		else if (ipmi_sel_ctx_errnum(sel) ==
			 IPMI_SEL_ERR_RESERVATION_CANCELED)
			cancelled = true;
		else
			rc = bmc_sel_error(r, b, sel, "clearing the SEL");
	} else if (rc == RIG_OK && !cancelled) {
		cancelled = true;
	}
	if (rc == RIG_OK && cancelled) {
		rig__log(r, RIG_LOG_INFO, "BMC %s: the SEL changed while it was "
					 "archived: reading it again", b->label);
		*again = true;
	}
	sel_records_free(&recs);
	ipmi_sel_ctx_clear_reservation_id(sel);
	return rc;
}

rig_status bmc_sel_clear(rig *r, void *priv, const rig_sel_clear_options *o,
			 rig_sel_clear_result *result)
{
	struct bmc *b = priv;
	ipmi_sel_ctx_t sel = ipmi_sel_ctx_create(b->ctx, NULL);
	rig_status rc = RIG_OK;
	bool again = true;
	bool written = false;
	unsigned int round;

	if (sel == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	for (round = 1; round <= CLEAR_ROUNDS && again && rc == RIG_OK; round++) {
		size_t keep_count = result->archived;

		rc = one_round(r, b, sel, o, &written, &result->archived,
			       &again);
		result->reads = round;
		if (again)
			result->archived = keep_count;
	}
	ipmi_sel_ctx_destroy(sel);
	if (rc == RIG_OK && again)
		rc = rig__fail(r, RIG_PATH_BMC, RIG_E_STATE,
			      "BMC %s: the SEL kept changing during %d attempts "
			      "to archive it; nothing was cleared (the archive "
			      "%s holds the last read)", b->label, CLEAR_ROUNDS,
			      o->archive_path);
	return rc;
}

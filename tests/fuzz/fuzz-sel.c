/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz the SEL decoder (libipmirig/codec/sel.c): records from raw bytes
 * and from their hex text, and the event built from a decoded record.
 * The first byte picks how the rest is used, so one corpus covers all.
 * Invariants: only 16 bytes decode; a decoded record's hex is its bytes;
 * hex that decodes gives back the same bytes.
 */
#include "fuzz.h"
#include "util/hex.h"
#include "codec/sel.h"

static void one_record(const uint8_t *raw, const char *name)
{
	rig_sel_record rec, again;
	char hex[2 * RIG_SEL_RECORD_LEN + 1];
	rig_event ev;

	if (rig_sel_decode(raw, RIG_SEL_RECORD_LEN, &rec) != RIG_OK)
		abort(); /* every 16 bytes are a record of some class */
	if (memcmp(rec.raw, raw, RIG_SEL_RECORD_LEN) != 0)
		abort();
	rig__hex_encode(raw, RIG_SEL_RECORD_LEN, hex);
	if (rig_sel_decode_hex(hex, &again) != RIG_OK ||
	    memcmp(again.raw, raw, RIG_SEL_RECORD_LEN) != 0)
		abort();
	(void)rig_sel_class_name(rec.cls);
	memset(&ev, 0, sizeof(ev));
	if (sel_event_fill(&ev, &rec, name) == RIG_OK)
		rig__event_clear(&ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rig_sel_record rec;
	char *text;

	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		/* Any length: only exactly 16 bytes may decode. */
		if (rig_sel_decode(data + 1, size - 1, &rec) == RIG_OK &&
		    size - 1 != RIG_SEL_RECORD_LEN)
			abort();
		/* Every whole record in the input, with and without a name
		 * from the SDR. */
		for (size_t off = 1; off + RIG_SEL_RECORD_LEN <= size;
		     off += RIG_SEL_RECORD_LEN)
			one_record(data + off, off % 32 == 1 ? "CPU0 DIMM" : NULL);
		break;
	case 1:
		text = fuzz_text(data + 1, size - 1);
		if (text != NULL && rig_sel_decode_hex(text, &rec) == RIG_OK) {
			char hex[2 * RIG_SEL_RECORD_LEN + 1];

			rig__hex_encode(rec.raw, RIG_SEL_RECORD_LEN, hex);
			if (strlen(text) != 2 * RIG_SEL_RECORD_LEN ||
			    strncasecmp(hex, text, sizeof(hex)) != 0)
				abort();
		}
		free(text);
		break;
	default:
		/* A sensor name from the SDR is outside data too. */
		if (size > RIG_SEL_RECORD_LEN + 1) {
			text = fuzz_text(data + 1 + RIG_SEL_RECORD_LEN,
					 size - 1 - RIG_SEL_RECORD_LEN);
			if (text != NULL)
				one_record(data + 1, text);
			free(text);
		}
		break;
	}
	return 0;
}

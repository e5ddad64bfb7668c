/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz the events cursor a user passes back with --since (cursor.c) and
 * the BMC's part of it (paths/bmc/sel.c).  Invariants: a cursor that splits
 * joins back into one that splits into the same parts; a BMC part that
 * parses formats back into text that parses to the same values.
 */
#include "paths/bmc/sel.h"
#include "codec/cursor.h"
#include "fuzz.h"

static void check_bmc_part(const char *text)
{
	struct sel_cursor c, again;
	char *back;

	if (!sel_cursor_parse(text, &c))
		return;
	back = sel_cursor_format(&c);
	if (back == NULL)
		return;
	/* Field by field: the struct has padding. */
	if (!sel_cursor_parse(back, &again) || c.last_id != again.last_id ||
	    c.last_ts != again.last_ts || c.last_add != again.last_add ||
	    c.last_erase != again.last_erase || c.entries != again.entries)
		abort();
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor_parts parts, again;
	const char *why = NULL;
	char *text = fuzz_text(data, size), *joined;

	if (text == NULL)
		return 0;
	check_bmc_part(text);
	memset(&parts, 0, sizeof(parts));
	if (cursor_split(text, &parts, &why) == RIG_OK) {
		if (parts.part[0] != NULL)
			check_bmc_part(parts.part[0]);
		joined = cursor_join(&parts);
		if (joined != NULL) {
			if (cursor_split(joined, &again, &why) != RIG_OK)
				abort();
			for (int i = 0; i < CURSOR_PATHS; i++)
				if ((parts.part[i] == NULL) != (again.part[i] == NULL) ||
				    (parts.part[i] != NULL &&
				     strcmp(parts.part[i], again.part[i]) != 0))
					abort();
			cursor_parts_free(&again);
			free(joined);
		}
	} else {
		for (int i = 0; i < CURSOR_PATHS; i++)
			if (parts.part[i] != NULL)
				abort(); /* a refusal leaves nothing behind */
	}
	cursor_parts_free(&parts);
	free(text);
	return 0;
}

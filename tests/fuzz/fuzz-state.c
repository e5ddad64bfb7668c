/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz the check state file parser (libipmirig/api/check_state.c): a state
 * file on disk may be truncated, edited by hand, or another rig's.
 * Invariants: what parses formats back to text that parses to the same
 * cursor and counters.
 */
#include "api/check_state.h"
#include "fuzz.h"

static void round_trip(const struct check_state *st, const char *name)
{
	struct check_state again;
	const char *why = NULL;
	char *text = check_state_format(st, name);

	if (text == NULL)
		return;
	if (check_state_parse(text, name, &again, &why) != STATE_PARSED)
		abort();
	if ((st->cursor == NULL) != (again.cursor == NULL) ||
	    (st->cursor != NULL && strcmp(st->cursor, again.cursor) != 0) ||
	    st->counters.count != again.counters.count)
		abort();
	for (size_t i = 0; i < st->counters.count; i++)
		if (st->counters.items[i].count != again.counters.items[i].count ||
		    st->counters.items[i].kind != again.counters.items[i].kind)
			abort();
	check_state_clear(&again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rigs[] = {"rig01", "127.0.0.1:623", ""};
	struct check_state st;
	const char *why = NULL;
	char *text = fuzz_text(data, size);

	if (text == NULL)
		return 0;
	for (size_t i = 0; i < 3; i++) {
		switch (check_state_parse(text, rigs[i], &st, &why)) {
		case STATE_PARSED:
			round_trip(&st, rigs[i]);
			check_state_clear(&st);
			break;
		case STATE_FOREIGN:
		case STATE_CORRUPT:
			/* Nothing is kept, and the caller can say why. */
			if (why == NULL || st.cursor != NULL ||
			    st.counters.count != 0)
				abort();
			break;
		}
	}
	free(text);
	return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers shared by the unit tests that run kernel-log text through the
 * SSH probe's parser (test-kmsg-group.c, test-real-data.c).  Include after
 * <cmocka.h> and "paths/ssh/module/ssh.h".
 */
#ifndef TESTS_UNIT_PROBE_EVENTS_H
#define TESTS_UNIT_PROBE_EVENTS_H

/* The events of a probe answer `text` after cursor `since` (NULL: all)
 * into *l, the next cursor into *next; any parse failure fails the test. */
static void events_of(const char *text, const char *since, rig_event_list *l,
		      char **next)
{
	struct probe *p = NULL;
	char err[256];
	bool trunc;

	*next = NULL;
	assert_int_equal(probe_parse(text, strlen(text), "events", &p, &trunc,
				     err, sizeof(err)),
			 RIG_OK);
	assert_int_equal(probe_events(p, since, 0, l, next, err, sizeof(err)),
			 RIG_OK);
	probe_free(p);
}

/* Free the events of *l and empty it. */
static void clear(rig_event_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		rig__event_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

#endif

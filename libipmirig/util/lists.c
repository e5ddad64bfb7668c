/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Growing and freeing the result lists every path appends to. */
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/util.h"

rig_sensor *rig__sensor_list_add(rig_sensor_list *l)
{
	void *items = l->items;
	rig_sensor *s = rig__array_add(&items, &l->count, sizeof(*s));

	l->items = items;
	if (s != NULL) {
		s->record_id = -1;
		s->sensor_number = -1;
		s->state = RIG_STATE_UNKNOWN;
	}
	return s;
}

rig_event *rig__event_list_add(rig_event_list *l)
{
	void *items = l->items;
	rig_event *e = rig__array_add(&items, &l->count, sizeof(*e));

	l->items = items;
	return e;
}

void rig__sensor_clear(rig_sensor *s)
{
	free(s->name);
	free(s->ipmi_type);
	free(s->entity);
	free(s->device);
	free(s->unit);
	free(s->reason);
	free(s->state_text);
	memset(s, 0, sizeof(*s));
}

void rig__event_clear(rig_event *e)
{
	free(e->id);
	free(e->sensor);
	free(e->type);
	free(e->description);
	free(e->raw);
	free(e->dimm);
	memset(e, 0, sizeof(*e));
}

RIG_API void rig_sensor_list_free(rig_sensor_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->count; i++)
		rig__sensor_clear(&l->items[i]);
	free(l->items);
	free(l);
}

RIG_API void rig_event_list_free(rig_event_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->count; i++)
		rig__event_clear(&l->items[i]);
	free(l->items);
	free(l->cursor);
	free(l);
}

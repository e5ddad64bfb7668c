/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Name tables (see names.h). */
#include <string.h>
#include <strings.h>

#include "util/names.h"

const char *rig__name_of(const char *const *names, size_t n, unsigned int v)
{
	if (v < n && names[v] != NULL)
		return names[v];
	return "invalid";
}

int rig__name_index(const char *const *names, size_t n, const char *text,
		    bool nocase)
{
	if (text == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (names[i] != NULL && (nocase ? strcasecmp(text, names[i])
					       : strcmp(text, names[i])) == 0)
			return (int)i;
	return -1;
}

const char *rig__nv_name(const struct rig_name_value *t, size_t n,
			 uint32_t value)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return NULL;
}

const struct rig_name_value *rig__nv_find(const struct rig_name_value *t,
					  size_t n, const char *text,
					  size_t len, bool nocase)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].name) == len &&
		    (nocase ? strncasecmp(text, t[i].name, len)
			    : strncmp(text, t[i].name, len)) == 0)
			return &t[i];
	return NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The composite events cursor: parsing (defensively) and joining. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex.h"
#include "codec/cursor.h"

static const char *const slot_names[CURSOR_PATHS] = {"bmc", "ssh"};

int cursor_slot(rig_path path)
{
	if (path == RIG_PATH_BMC)
		return 0;
	if (path == RIG_PATH_SSH)
		return 1;
	return -1;
}

/* Bytes a part keeps as itself.  ',' and '=' delimit parts, so they are
 * escaped like every byte not listed. */
#define CURSOR_PLAIN "._:/+-"

static bool plain(unsigned char c)
{
	return rig__pct_plain(c, CURSOR_PLAIN);
}

/* Decode text[0..len) into a new string; NULL with *why on bad input
 * (*why NULL: out of memory). */
static char *decode(const char *text, size_t len, const char **why)
{
	char *out = malloc(len + 1), *o = out;

	*why = NULL;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		int c = plain((unsigned char)text[i]) ? (unsigned char)text[i]
						      : rig__pct_get(text + i, len - i);

		if (c < 0) {
			*why = "a character that does not belong in a cursor";
			free(out);
			return NULL;
		}
		if (!plain((unsigned char)text[i]))
			i += 2;
		*o++ = (char)c;
	}
	*o = '\0';
	if (o == out) {
		*why = "an empty part";
		free(out);
		return NULL;
	}
	return out;
}

static int slot_named(const char *name, size_t len)
{
	for (int i = 0; i < CURSOR_PATHS; i++)
		if (strlen(slot_names[i]) == len &&
		    strncmp(slot_names[i], name, len) == 0)
			return i;
	return -1;
}

static rig_status split_parts(const char *p, struct cursor_parts *out,
			      const char **why)
{
	while (*p != '\0') {
		size_t len = strcspn(p + 1, ","), nlen;
		const char *eq;
		int slot;

		if (*p != ',') {
			*why = "no ',' between parts";
			return RIG_E_INVALID;
		}
		p++;
		eq = memchr(p, '=', len);
		nlen = eq != NULL ? (size_t)(eq - p) : 0;
		slot = eq != NULL ? slot_named(p, nlen) : -1;
		if (slot < 0) {
			*why = "a part for an unknown path";
			return RIG_E_INVALID;
		}
		if (out->part[slot] != NULL) {
			*why = "the same path twice";
			return RIG_E_INVALID;
		}
		out->part[slot] = decode(eq + 1, len - nlen - 1, why);
		if (out->part[slot] == NULL)
			return *why != NULL ? RIG_E_INVALID : RIG_E_NOMEM;
		p += len;
	}
	return RIG_OK;
}

rig_status cursor_split(const char *text, struct cursor_parts *out,
			const char **why)
{
	rig_status rc;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (text == NULL || strlen(text) > CURSOR_MAX_LEN) {
		*why = "too long";
		return RIG_E_INVALID;
	}
	if (strncmp(text, "v1", 2) != 0 || (text[2] != '\0' && text[2] != ',')) {
		*why = "not a cursor of this version (it starts with 'v1')";
		return RIG_E_INVALID;
	}
	rc = split_parts(text + 2, out, why);
	if (rc != RIG_OK)
		cursor_parts_free(out);
	return rc;
}

char *cursor_join(const struct cursor_parts *p)
{
	size_t len = 3;
	char *out, *o;

	for (int i = 0; i < CURSOR_PATHS; i++)
		if (p->part[i] != NULL)
			len += strlen(slot_names[i]) + 2 +
			       rig__pct_encoded_len(p->part[i], CURSOR_PLAIN);
	out = malloc(len);
	if (out == NULL)
		return NULL;
	o = out + sprintf(out, "v1");
	for (int i = 0; i < CURSOR_PATHS; i++) {
		if (p->part[i] == NULL)
			continue;
		o += sprintf(o, ",%s=", slot_names[i]);
		o = rig__pct_encode(o, p->part[i], CURSOR_PLAIN, 0);
	}
	*o = '\0';
	return out;
}

void cursor_parts_free(struct cursor_parts *p)
{
	for (int i = 0; i < CURSOR_PATHS; i++) {
		free(p->part[i]);
		p->part[i] = NULL;
	}
}

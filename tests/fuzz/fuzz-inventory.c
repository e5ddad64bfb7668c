/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz the inventory parser (tools/inventory.c over libinih) and the
 * selection of rigs from what it parsed.  Invariants checked beyond "no
 * crash, no leak": a parse that fails says why; one that succeeds has
 * named, distinct rigs, and "all" selects every one of them in order.
 */
#include <stdio.h>

#include "fuzz.h"
#include "inventory.h"

static void check_selection(const struct inventory *inv)
{
	char err[512];
	size_t *idx = NULL, n = 0;

	if (inventory_select(inv, "all", &idx, &n, err, sizeof(err))) {
		if (n != inv->count)
			abort();
		for (size_t i = 0; i < n; i++)
			if (idx[i] != i)
				abort();
	} else if (inv->count != 0 || err[0] == '\0') {
		abort();
	}
	free(idx);
	for (size_t i = 0; i < inv->count; i++) {
		const struct inv_rig *r = &inv->rigs[i];

		if (r->name == NULL || r->name[0] == '\0')
			abort();
		if (!inventory_select(inv, r->name, &idx, &n, err, sizeof(err)) ||
		    n != 1 || idx[0] != i)
			abort(); /* a rig name selects exactly that rig */
		free(idx);
		for (size_t k = 0; k < r->ngroups; k++) {
			if (!inventory_select(inv, r->groups[k], &idx, &n, err,
					      sizeof(err)) || n == 0)
				abort();
			free(idx);
		}
	}
	/* Empty names, repeats and an unknown name next to good ones: the
	 * unknown one spoils the lot (unless the input named a rig or group
	 * so; found by the fuzzer itself). */
	if (!inventory_select(inv, "nonexistent-rig-name", &idx, &n, err,
			      sizeof(err)) &&
	    inventory_select(inv, ",,all,,nonexistent-rig-name,", &idx, &n,
			     err, sizeof(err)))
		abort();
	free(idx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024] = "";
	struct inventory *inv = NULL;
	char *text = fuzz_text(data, size);

	if (text == NULL)
		return 0;
	if (inventory_parse(text, "fuzz.conf", &inv, err, sizeof(err))) {
		if (inv == NULL)
			abort();
		check_selection(inv);
	} else if (err[0] == '\0') {
		abort(); /* a refusal always says why */
	}
	inventory_free(inv);
	free(text);
	return 0;
}

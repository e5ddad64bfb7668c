/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * EDAC counters to ECC counts: per DIMM where the driver attributes errors
 * to one (with its label), else per memory controller.  No EDAC means no
 * ECC reporting: "not available", never "0 errors".  Pure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths/ssh/module/ssh.h"

static bool counter(const char *text, uint64_t *v)
{
	char *stop;

	if (text == NULL || text[0] < '0' || text[0] > '9')
		return false;
	errno = 0;
	*v = strtoull(text, &stop, 10);
	return *stop == '\0' && errno == 0;
}

static rig_status add_count(rig_ecc_report *out, const char *mc,
			    const char *dimm, rig_ecc_kind kind, uint64_t n)
{
	rig_ecc_count *items = realloc(out->items,
				       (out->count + 1) * sizeof(*items));
	rig_ecc_count *c;

	if (items == NULL)
		return RIG_E_NOMEM;
	out->items = items;
	c = &items[out->count];
	memset(c, 0, sizeof(*c));
	c->source = RIG_PATH_SSH;
	c->kind = kind;
	c->count = n;
	c->sensor = strdup(mc);
	c->dimm = dimm != NULL ? strdup(dimm) : NULL;
	out->count++;
	if (c->sensor == NULL || (dimm != NULL && c->dimm == NULL))
		return RIG_E_NOMEM;
	return RIG_OK;
}

static rig_status dimm_counts(const struct probe *p, const char *mc,
			      rig_ecc_report *out, bool *any, char *err,
			      size_t errlen)
{
	rig_status rc = RIG_OK;

	bool modern = false;

	/* With CONFIG_EDAC_LEGACY_SYSFS the same counters show twice: per
	 * dimmN/rankN and per csrowN.  Count one view, the DIMM one where it
	 * exists (csrows are the only view of older drivers). */
	for (size_t i = 0; i < p->count; i++)
		if (strcmp(p->recs[i].kind, "edac-dimm") == 0 &&
		    strcmp(p->recs[i].f[0], mc) == 0 &&
		    strncmp(p->recs[i].f[1], "csrow", 5) != 0)
			modern = true;
	*any = false;
	for (size_t i = 0; rc == RIG_OK && i < p->count; i++) {
		const struct probe_rec *r = &p->recs[i];
		const char *where;
		uint64_t ce, ue;

		if (strcmp(r->kind, "edac-dimm") != 0 || strcmp(r->f[0], mc) != 0)
			continue;
		if (modern && strncmp(r->f[1], "csrow", 5) == 0)
			continue;
		if (!counter(r->f[3], &ce) || !counter(r->f[4], &ue)) {
			snprintf(err, errlen, "cannot read the EDAC counters of "
				 "%s/%s", mc, r->f[1]);
			return RIG_E_PROBE;
		}
		/* The label says which slot to open; dimmN when it is unset. */
		where = r->f[2][0] != '\0' && strcmp(r->f[2], "!") != 0 ? r->f[2]
									: r->f[1];
		*any = true;
		rc = add_count(out, mc, where, RIG_ECC_CORRECTABLE, ce);
		if (rc == RIG_OK)
			rc = add_count(out, mc, where, RIG_ECC_UNCORRECTABLE, ue);
	}
	return rc;
}

static rig_status mc_counts(const struct probe *p, const struct probe_rec *r,
			    rig_ecc_report *out, char *err, size_t errlen)
{
	const char *mc = r->f[0];
	uint64_t ce, ue, n;
	bool dimms;
	rig_status rc = dimm_counts(p, mc, out, &dimms, err, errlen);

	if (rc != RIG_OK)
		return rc;
	if (!dimms) {
		if (!counter(r->f[2], &ce) || !counter(r->f[3], &ue)) {
			snprintf(err, errlen, "cannot read the EDAC counters "
				 "of %s", mc);
			return RIG_E_PROBE;
		}
		rc = add_count(out, mc, NULL, RIG_ECC_CORRECTABLE, ce);
		if (rc == RIG_OK)
			rc = add_count(out, mc, NULL, RIG_ECC_UNCORRECTABLE, ue);
		return rc;
	}
	/* Errors the driver could not pin on a DIMM. */
	if (counter(r->f[4], &n) && n > 0)
		rc = add_count(out, mc, NULL, RIG_ECC_CORRECTABLE, n);
	if (rc == RIG_OK && counter(r->f[5], &n) && n > 0)
		rc = add_count(out, mc, NULL, RIG_ECC_UNCORRECTABLE, n);
	return rc;
}

rig_status probe_ecc(const struct probe *p, rig_ecc_report *out, char *err,
		     size_t errlen)
{
	size_t before = out->count;
	bool any = false;
	rig_status rc = RIG_OK;

	if (probe_find(p, "edac-none") != NULL) {
		snprintf(err, errlen, "no EDAC on this rig (non-ECC memory, or "
			 "no EDAC driver loaded): ECC is not available");
		return RIG_E_NOT_AVAILABLE;
	}
	for (size_t i = 0; rc == RIG_OK && i < p->count; i++) {
		if (strcmp(p->recs[i].kind, "edac-mc") != 0)
			continue;
		any = true;
		rc = mc_counts(p, &p->recs[i], out, err, errlen);
	}
	if (rc == RIG_OK && !any) {
		snprintf(err, errlen, "the probe sent no EDAC records");
		rc = RIG_E_PROBE;
	}
	if (rc != RIG_OK) {
		/* All or nothing. */
		while (out->count > before) {
			rig_ecc_count *c = &out->items[--out->count];

			free(c->sensor);
			free(c->dimm);
		}
		return rc;
	}
	out->paths |= RIG_PATH_SSH;
	return RIG_OK;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Counting memory errors: pure helpers shared by ECC status and checks. */
#ifndef RIG_ECC_H
#define RIG_ECC_H

#include "core/internal.h"

/*
 * Add the memory errors among events (ecc != RIG_ECC_NONE) to rep, one
 * entry per source, sensor, DIMM and kind, with first and last seen from
 * the events that have a time.  RIG_E_NOMEM on failure.
 */
rig_status ecc_tally(rig_ecc_report *rep, const rig_event_list *events);

/* The entry for source/sensor/dimm/kind, added (zeroed) if missing; NULL
 * when out of memory. */
rig_ecc_count *ecc_entry(rig_ecc_report *rep, rig_path source,
			 const char *sensor, const char *dimm,
			 rig_ecc_kind kind);

#endif

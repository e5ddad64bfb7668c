/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BMC fan control as data (fans.c): the fan profiles (which vendor, which
 * command bytes, how many slots, which header sits in which slot, what the
 * mode values mean, the lowest duty allowed), the check of a read before
 * anything is built from it, the read-modify-write of a whole slot array,
 * and the controller's curve.  Pure: no I/O, no handle; unit-tested by
 * tests/unit/test-fans.c.
 */
#ifndef RIG_CODEC_FANS_H
#define RIG_CODEC_FANS_H

#include "util/util.h"

#define FAN_SLOTS_MAX 16u

/* One profile.  Every request a fan operation sends is one of the four
 * commands named here, on this netfn: nothing else can be sent. */
struct fan_profile {
	const char *name;
	const char *description;
	uint32_t vendor_iana;     /* the BMC's manufacturer ID must be this */
	const char *vendor_name;
	uint8_t netfn;
	uint8_t get_mode, set_mode, set_duty, get_duty;
	unsigned int slots;       /* every read and write carries them all */
	const char *const *headers; /* per slot, NULL: no header there */
	uint8_t mode_auto, mode_manual, mode_curve; /* mode_curve: read only */
	unsigned int min_duty;    /* percent: never written below */
};

/* By name (case-sensitive, as the contract spells them); NULL if none. */
const struct fan_profile *fan_profile_find(const char *name);
/* The index-th profile, NULL past the last. */
const struct fan_profile *fan_profile_at(size_t index);

/* Whether (netfn, cmd) is one of the profile's four commands. */
bool fan_profile_sends(const struct fan_profile *p, uint8_t netfn,
		       uint8_t cmd);

/* The slot of a header name (case-insensitive), or -1. */
int fan_header_slot(const struct fan_profile *p, const char *name);

/*
 * A mode array and a duty array as read from the BMC: exactly p->slots
 * bytes each, every mode one of the profile's three values, every duty 0 to
 * 100.  false with the reason in why otherwise: nothing may be written
 * from such a read (a short or garbled read turned into a write is how
 * home-made scripts have stopped fans).
 */
bool fan_read_valid(const struct fan_profile *p, const uint8_t *modes,
		    size_t nmodes, const uint8_t *duties, size_t nduties,
		    char *why, size_t len);

/* One header's change: to manual at duty, or (manual false) to auto. */
struct fan_change {
	unsigned int slot;
	bool manual;
	unsigned int duty;
};

/*
 * The arrays to write, built from a validated read (cur_*) and the
 * changes: every other slot exactly as read.  An auto slot keeps its duty.
 * false (why) for a slot out of range or a manual duty under the
 * profile's minimum or over 100.  *duty_changed and *mode_changed say
 * whether each array differs from the read (no write needed otherwise).
 */
bool fan_build(const struct fan_profile *p, const uint8_t *cur_modes,
	       const uint8_t *cur_duties, const struct fan_change *changes,
	       size_t n, uint8_t *new_modes, uint8_t *new_duties,
	       bool *mode_changed, bool *duty_changed, char *why, size_t len);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The parts of the ipmi_sim test module (tests/sim/rigmod.so): rigmod.c
 * holds the loader entry points and the chassis/reset commands; each other
 * part registers its own handlers from ipmi_sim_module_init().
 */
#ifndef RIGMOD_H
#define RIGMOD_H

#include <stddef.h>

/* Append one line to the oracle file (what reached the BMC). */
void rigmod_record(const char *line);

/* The value of "key=" (e.g. "oracle=") in the loadlib options string, up to
 * the next space; 0, or -1 when absent or too long for size. */
int rigmod_option(const char *options, const char *key, char *out,
		  size_t size);

/* A whole number from the file NAME in the state directory (the "state="
 * option), or dflt when it is absent or not a number; *present (if not
 * NULL) says whether the file exists. */
unsigned int rigmod_state_number(const char *name, unsigned int dflt,
				 int *present);

/* ASRock Rack fan commands (netfn 0x3a), fans.c. */
int rigmod_fans_init(const char *options);

/* DCMI commands (group extension 0xDC), dcmi.c. */
int rigmod_dcmi_init(const char *options);

#endif

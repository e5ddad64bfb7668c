/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: the fans part of the ipmi_sim test module registers nothing
 * yet. */
#include "rigmod.h"

int rigmod_fans_init(const char *options)
{
	(void)options;
	return 0;
}

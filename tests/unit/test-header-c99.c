/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The public header alone, in strict C99 (-std=c99 -pedantic -Werror): it
 * must need nothing but itself.  At run time, the library loaded is the one
 * the header describes.
 */
#include <ipmirig.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
	rig_bmc_options o;

	rig_bmc_options_init(&o);
	if (strcmp(rig_version(), RIG_VERSION_STRING) != 0) {
		fprintf(stderr, "header %s, library %s\n", RIG_VERSION_STRING,
			rig_version());
		return 1;
	}
	if (o.version != RIG_BMC_OPTIONS_VERSION || o.cipher_suite != 3) {
		fprintf(stderr, "rig_bmc_options_init did not set defaults\n");
		return 1;
	}
	puts("ok: header compiles alone in C99; versions agree");
	return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Power-cycle one rig through its BMC and wait until it is back on.
 *
 *   cc power-cycle.c $(pkg-config --cflags --libs libipmirig) -o power-cycle
 *   RIG_PASSWORD=... ./power-cycle 10.0.0.21 admin
 */
#include <stdio.h>
#include <stdlib.h>

#include <ipmirig.h>

int main(int argc, char **argv)
{
	rig_bmc_options bmc;
	rig_power_options power;
	rig *r = NULL;
	rig_status rc;

	if (argc < 3) {
		fprintf(stderr, "usage: %s HOST[:PORT] USER  (password in "
				"$RIG_PASSWORD)\n", argv[0]);
		return 2;
	}
	rc = rig_new(argv[1], &r);
	if (rc != RIG_OK) {
		fprintf(stderr, "%s\n", rig_strerror(rc));
		return 1;
	}
	rig_bmc_options_init(&bmc, RIG_BMC_OPTIONS_VERSION);
	bmc.host = argv[1];
	bmc.username = argv[2];
	bmc.password = getenv("RIG_PASSWORD");
	if (getenv("RIG_WORKAROUNDS") != NULL)
		rig_workarounds_parse(getenv("RIG_WORKAROUNDS"),
				      &bmc.workarounds, NULL);
	rc = rig_add_bmc(r, &bmc);
	if (rc == RIG_OK) {
		rig_power_options_init(&power, RIG_POWER_OPTIONS_VERSION);
		power.wait_ms = 60000;  /* until the BMC reports "on" again */
		power.on_if_off = true; /* a rig that is off gets switched on */
		rc = rig_power(r, RIG_POWER_CYCLE, &power);
	}
	if (rc != RIG_OK)
		fprintf(stderr, "%s: %s: %s\n", argv[1], rig_strerror(rc),
			rig_errormsg(r));
	else
		printf("%s: power cycled, on again\n", argv[1]);
	rig_free(r);
	return rc == RIG_OK ? 0 : 1;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Watch one rig for new memory (ECC) errors: every INTERVAL seconds, print
 * the ones that are new since the last look.  What was already reported is
 * kept in STATEFILE, so a restart does not report them again.
 *
 *   cc ecc-watch.c $(pkg-config --cflags --libs libipmirig)
 *   RIG_PASSWORD=... ./a.out 10.0.0.21 admin /var/lib/ecc-watch.state 60
 *
 * INTERVAL 0 looks once and exits: 0 nothing new, 1 new correctable errors
 * only, 2 an uncorrectable one, 3 could not read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <ipmirig.h>

static int look(rig *r, const char *state_path)
{
	rig_check_options o;
	rig_check_result *res = NULL;
	rig_status rc;
	int worst = 0;

	rig_check_options_init(&o, RIG_CHECK_OPTIONS_VERSION);
	o.what = RIG_CHECK_ECC;
	o.state_path = state_path;
	rc = rig_check(r, &o, &res);
	if (res == NULL) {
		fprintf(stderr, "%s: %s\n", rig_name(r), rig_errormsg(r));
		return 3;
	}
	for (size_t i = 0; i < res->count; i++) {
		const rig_check_item *it = &res->items[i];

		if (it->kind != RIG_CHECK_ITEM_ECC && it->kind != RIG_CHECK_ITEM_NOTE)
			continue;
		printf("%s: %s\n", rig_name(r), it->text);
	}
	if (res->new_ecc[RIG_ECC_CORRECTABLE] + res->new_ecc[RIG_ECC_LOGGING_LIMIT] +
	    res->new_ecc[RIG_ECC_OTHER] > 0)
		worst = 1;
	if (res->new_ecc[RIG_ECC_UNCORRECTABLE] > 0)
		worst = 2;
	if (!res->ecc_available)
		printf("%s: ECC not available (no BMC SEL, no EDAC)\n", rig_name(r));
	if (rc != RIG_OK && rc != RIG_E_PARTIAL)
		worst = 3;
	fflush(stdout);
	rig_check_result_free(res);
	return worst;
}

int main(int argc, char **argv)
{
	rig_bmc_options bmc;
	rig *r = NULL;
	long interval;
	int rc;

	if (argc < 5) {
		fprintf(stderr, "usage: %s HOST[:PORT] USER STATEFILE INTERVAL  "
				"(password in $RIG_PASSWORD)\n", argv[0]);
		return 3;
	}
	interval = strtol(argv[4], NULL, 10);
	if (rig_new(argv[1], &r) != RIG_OK)
		return 3;
	rig_bmc_options_init(&bmc, RIG_BMC_OPTIONS_VERSION);
	bmc.host = argv[1];
	bmc.username = argv[2];
	bmc.password = getenv("RIG_PASSWORD");
	if (getenv("RIG_WORKAROUNDS") != NULL)
		rig_workarounds_parse(getenv("RIG_WORKAROUNDS"), &bmc.workarounds,
				      NULL);
	if (rig_add_bmc(r, &bmc) != RIG_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], rig_errormsg(r));
		rig_free(r);
		return 3;
	}
	do {
		rc = look(r, argv[3]);
		if (interval > 0)
			sleep((unsigned int)interval);
	} while (interval > 0);
	rig_free(r);
	return rc;
}

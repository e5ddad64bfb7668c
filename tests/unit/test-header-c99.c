/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The public header alone, in strict C99 (-std=c99 -pedantic -Werror): it
 * must need nothing but itself.  At run time, the library loaded is the one
 * the header describes.
 */
#include <ipmirig.h>

#include <stdio.h>
#include <string.h>

/* Every static initialiser compiles here, in strict C99 with -Wextra (so
 * with no field left out), and gives what its init function gives. */
static int initialisers_agree(void)
{
	const rig_bmc_options bmc = RIG_BMC_OPTIONS_INIT;
	const rig_power_options power = RIG_POWER_OPTIONS_INIT;
	const rig_ssh_options ssh = RIG_SSH_OPTIONS_INIT;
	const rig_wol_options wol = RIG_WOL_OPTIONS_INIT;
	const rig_sensors_options sensors = RIG_SENSORS_OPTIONS_INIT;
	const rig_events_options events = RIG_EVENTS_OPTIONS_INIT;
	const rig_sel_clear_options sel_clear = RIG_SEL_CLEAR_OPTIONS_INIT;
	const rig_check_options check = RIG_CHECK_OPTIONS_INIT;
	const rig_boot_options boot = RIG_BOOT_OPTIONS_INIT;
	const rig_identify_options identify = RIG_IDENTIFY_OPTIONS_INIT;
	const rig_console_options console = RIG_CONSOLE_OPTIONS_INIT;
	rig_ssh_options s;
	rig_wol_options w;
	rig_check_options c;
	rig_identify_options i;

	if (rig_ssh_options_init(&s, RIG_SSH_OPTIONS_VERSION) != RIG_OK ||
	    rig_wol_options_init(&w, RIG_WOL_OPTIONS_VERSION) != RIG_OK ||
	    rig_check_options_init(&c, RIG_CHECK_OPTIONS_VERSION) != RIG_OK ||
	    rig_identify_options_init(&i, RIG_IDENTIFY_OPTIONS_VERSION) !=
		    RIG_OK)
		return 0;
	return bmc.cipher_suite == 3 && bmc.timeout_ms == 10000u &&
	       power.version == RIG_POWER_OPTIONS_VERSION &&
	       ssh.timeout_ms == s.timeout_ms &&
	       strcmp(ssh.probe_root, s.probe_root) == 0 &&
	       strcmp(wol.broadcast, w.broadcast) == 0 && wol.port == w.port &&
	       sensors.exclude == NULL && events.since == NULL &&
	       sel_clear.archive_path == NULL && check.what == c.what &&
	       check.lock_timeout_ms == c.lock_timeout_ms && !boot.efi &&
	       identify.seconds == i.seconds && !console.fail_if_in_use;
}

int main(void)
{
	rig_bmc_options o;

	if (rig_bmc_options_init(&o, RIG_BMC_OPTIONS_VERSION) != RIG_OK ||
	    !initialisers_agree()) {
		fprintf(stderr, "an options initialiser gives other defaults\n");
		return 1;
	}
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

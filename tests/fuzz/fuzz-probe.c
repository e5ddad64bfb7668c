/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Fuzz the SSH probe's answer: parse.c (libipmirig/paths/ssh/module/)
 * splits and checks it, then sensors.c, kmsg.c and edac.c turn the
 * records into sensors, events and ECC counters.  The answer comes from a rig we manage, not
 * from a party we trust: a broken nvidia-smi, a hostile login script or
 * a truncated connection can put anything in it.  The first byte picks
 * the request, the rest is the answer.
 */
#include "fuzz.h"
#include "paths/ssh/module/ssh.h"

static const char *const whats[] = {"sensors", "events", "ecc", "poweroff",
				    "reboot"};

static const char *const sinces[] = {NULL, "j:s=0a1b;i=2f",
				     "d:8c1e5a4e-boot:120.5"};

static void use_records(const struct probe *p, unsigned int which,
			unsigned int sel)
{
	char err[512];
	rig_sensor_list sensors = {0, NULL};
	rig_event_list events;
	rig_ecc_report ecc;
	char *next = NULL;

	memset(&events, 0, sizeof(events));
	memset(&ecc, 0, sizeof(ecc));
	switch (which) {
	case 0:
		(void)probe_sensors(p, sel % 17, &sensors, err, sizeof(err));
		for (size_t i = 0; i < sensors.count; i++)
			rig__sensor_clear(&sensors.items[i]);
		free(sensors.items);
		break;
	case 1:
		/* With no cursor, and with one of each kind of this path. */
		(void)probe_events(p, sinces[sel % 3], sel % 4, &events, &next,
				   err, sizeof(err));
		for (size_t i = 0; i < events.count; i++)
			rig__event_clear(&events.items[i]);
		free(events.items);
		free(events.cursor);
		free(next);
		break;
	case 2:
		(void)probe_ecc(p, &ecc, err, sizeof(err));
		for (size_t i = 0; i < ecc.count; i++) {
			free(ecc.items[i].sensor);
			free(ecc.items[i].dimm);
		}
		free(ecc.items);
		break;
	default:
		(void)probe_find(p, "action");
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	struct probe *p = NULL;
	bool truncated = false;
	unsigned int which;
	char *text;
	rig_status rc;

	if (size == 0)
		return 0;
	which = data[0] % 5u;
	text = fuzz_text(data + 1, size - 1);
	if (text == NULL)
		return 0;
	/* The transport hands over the length it read: NULs included. */
	rc = probe_parse(text, size - 1, whats[which], &p, &truncated, err,
			 sizeof(err));
	if (rc == RIG_OK) {
		if (p == NULL)
			abort();
		use_records(p, which, data[0] / 5u);
	} else if (p != NULL || (rc == RIG_E_PROBE && err[0] == '\0')) {
		abort(); /* a refusal leaves nothing and says why */
	}
	probe_free(p);
	free(text);
	return 0;
}

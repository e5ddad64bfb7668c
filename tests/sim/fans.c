/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The fans part of the ipmi_sim test module: ASRock Rack's AST2500 fan
 * commands (netfn 0x3a) with the rules the BMC applies, so rigctl's fan
 * control is tested against what reached the BMC.
 *
 *   0x3a 0xd9            get mode: 16 bytes (0 auto, 1 manual, 2 curve)
 *   0x3a 0xd8 + 16       set mode
 *   0x3a 0xda            get duty: 16 bytes, percent (what the fans run at)
 *   0x3a 0xd6 + 16       set duty (clamped up to the BMC's own minimum)
 *   0x3a 0xdc            "factory reset of the fan settings": counted, so a
 *                        test proves it never came
 * A request of another length is 0xC7, a mode over 2 or a duty over 100
 * 0xCC.  ipmi_sim itself answers every OEM netfn below admin with 0xD4
 * before this module sees it (lanserv/priv_table.c).
 *
 * Oracle lines (what reached the BMC): "fan-read-mode", "fan-read-duty",
 * "fan-mode M0 ... M15", "fan-duty D0 ... D15" (as stored, after the
 * clamp), "fan-reset".  The state directory's "fans" file holds the
 * current arrays ("mode ..." and "duty ..." lines) and "fan-resets" the
 * count of 0xdc requests.  Knobs there, read at each request: "fan-min"
 * (the clamp, default 20), "fan-garble" (get mode answers 15 bytes, as a
 * half-broken BMC might).
 *
 * The tach sensors FAN1 (0x10) and FAN2 (0x11) of rig.emu follow slots 0
 * and 1: in manual, 60 RPM per percent of duty; in auto, their starting
 * readings (3000 and 3200 RPM).
 */
#include <stdio.h>
#include <string.h>

#include <OpenIPMI/serv.h>
#include <OpenIPMI/mcserv.h>

#include "rigmod.h"

#define NETFN_ASROCK 0x3a
#define SLOTS 16
#define CC_OK 0x00
#define CC_BAD_LENGTH 0xC7
#define CC_INVALID_DATA 0xCC

static char dir[1024];
static unsigned char modes[SLOTS];
static unsigned char duties[SLOTS];
static unsigned int resets;

/* Slot -> tach sensor number and its raw reading in auto (x100 RPM). */
static const struct {
	unsigned char sensor, auto_raw;
} tach[] = {{0x10, 30}, {0x11, 32}};

static unsigned int knob(const char *name, unsigned int dflt, int *present)
{
	return rigmod_state_number(name, dflt, present);
}

static void line_of(const char *word, const unsigned char *a, char *buf,
		    size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%s", word);

	for (int i = 0; i < SLOTS && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " %u", a[i]);
}

static void save(void)
{
	char path[1100], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/fans", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	line_of("mode", modes, line, sizeof(line));
	fprintf(f, "%s\n", line);
	line_of("duty", duties, line, sizeof(line));
	fprintf(f, "%s\n", line);
	fclose(f);
	snprintf(path, sizeof(path), "%s/fan-resets", dir);
	f = fopen(path, "w");
	if (f != NULL) {
		fprintf(f, "%u\n", resets);
		fclose(f);
	}
}

static void move_tachs(lmc_data_t *mc)
{
	for (unsigned int i = 0; i < sizeof(tach) / sizeof(tach[0]); i++) {
		unsigned int raw = modes[i] == 1 ? duties[i] * 60u / 100u
						 : tach[i].auto_raw;

		/* No event: a fan slowed on purpose is no SEL entry. */
		ipmi_mc_sensor_set_value(mc, 0, tach[i].sensor,
					 (unsigned char)raw, 0);
	}
}

static void get_array(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
		      unsigned int *rdata_len, void *cb_data)
{
	int duty = cb_data != NULL;
	unsigned int n = SLOTS;
	int garble = 0;

	(void)mc;
	if (*rdata_len < 1 + SLOTS)
		return;
	rigmod_record(duty ? "fan-read-duty" : "fan-read-mode");
	if (msg->len != 0) {
		rdata[0] = CC_BAD_LENGTH;
		*rdata_len = 1;
		return;
	}
	knob("fan-garble", 0, &garble);
	if (!duty && garble)
		n = SLOTS - 1;
	rdata[0] = CC_OK;
	memcpy(rdata + 1, duty ? duties : modes, n);
	*rdata_len = 1 + n;
}

static void set_array(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
		      unsigned int *rdata_len, void *cb_data)
{
	int duty = cb_data != NULL;
	unsigned int min = knob("fan-min", 20, NULL);
	char line[128];

	*rdata_len = 1;
	if (msg->len != SLOTS) {
		rdata[0] = CC_BAD_LENGTH;
		return;
	}
	for (int i = 0; i < SLOTS; i++)
		if (msg->data[i] > (duty ? 100 : 2)) {
			rdata[0] = CC_INVALID_DATA;
			return;
		}
	for (int i = 0; i < SLOTS; i++) {
		if (!duty)
			modes[i] = msg->data[i];
		else
			duties[i] = msg->data[i] < min ? (unsigned char)min
						       : msg->data[i];
	}
	line_of(duty ? "fan-duty" : "fan-mode", duty ? duties : modes, line,
		sizeof(line));
	rigmod_record(line);
	save();
	move_tachs(mc);
	rdata[0] = CC_OK;
}

static void factory_reset(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
			  unsigned int *rdata_len, void *cb_data)
{
	(void)msg;
	(void)cb_data;
	resets++;
	rigmod_record("fan-reset");
	memset(modes, 0, sizeof(modes));
	save();
	move_tachs(mc);
	rdata[0] = CC_OK;
	*rdata_len = 1;
}

int rigmod_fans_init(const char *options)
{
	if (rigmod_option(options, "state=", dir, sizeof(dir)) != 0)
		return 1;
	memset(modes, 0, sizeof(modes));
	memset(duties, 50, sizeof(duties));
	save();
	if (ipmi_emu_register_cmd_handler(NETFN_ASROCK, 0xd9, get_array,
					  NULL) != 0 ||
	    ipmi_emu_register_cmd_handler(NETFN_ASROCK, 0xda, get_array,
					  "duty") != 0 ||
	    ipmi_emu_register_cmd_handler(NETFN_ASROCK, 0xd8, set_array,
					  NULL) != 0 ||
	    ipmi_emu_register_cmd_handler(NETFN_ASROCK, 0xd6, set_array,
					  "duty") != 0 ||
	    ipmi_emu_register_cmd_handler(NETFN_ASROCK, 0xdc, factory_reset,
					  NULL) != 0) {
		fprintf(stderr, "rigmod: cannot register the fan handlers\n");
		return 1;
	}
	return 0;
}

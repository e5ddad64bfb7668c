/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An ipmi_sim module (loadlib, OpenIPMI 2.0.33) for the commands the
 * simulator lacks or answers thinly: Set Power Restore Policy, Cold and
 * Warm Reset (0xC1 in 2.0.33), and a Get Chassis Status with every byte
 * (2.0.33 reports only the power bit).  A registered handler replaces or
 * fills the simulator's slot for that command.
 *
 * Options (the loadlib string): "oracle=FILE state=DIR".
 *   FILE  each request that reached the module is appended as one line
 *         ("policy 2", "cold-reset", "warm-reset", "chassis-status"), so
 *         a test sees what the BMC really got.
 *   DIR   the chassis-control state directory: DIR/power ("1" on) gives
 *         the power bit; DIR/status, if present, holds the other bits as
 *         hex bytes "POWER LAST MISC [BUTTONS]" (the policy bits of POWER
 *         are the module's own); DIR/policy keeps the policy across
 *         requests (starts as always-off, as a new BMC's).
 *
 * Runs inside ipmi_sim: built without the sanitizer or coverage flags
 * (tests/tests.am), and must never crash it, so every length is checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <OpenIPMI/serv.h>
#include <OpenIPMI/mcserv.h>

#include "rigmod.h"

#define CC_OK 0x00
#define CC_INVALID_DATA 0xCC
#define CC_BAD_LENGTH 0xC7
#define NETFN_CHASSIS 0x00
#define NETFN_APP 0x06

static char oracle[1024];
static char state[1024];

void rigmod_record(const char *line)
{
	FILE *f = fopen(oracle, "a");

	if (f == NULL)
		return;
	fprintf(f, "%s\n", line);
	fclose(f);
}

unsigned int rigmod_state_number(const char *name, unsigned int dflt,
				 int *present)
{
	char path[1100];
	unsigned int v = dflt;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", state, name);
	f = fopen(path, "r");
	if (present != NULL)
		*present = f != NULL;
	if (f == NULL)
		return dflt;
	if (fscanf(f, "%u", &v) != 1)
		v = dflt;
	fclose(f);
	return v;
}

static unsigned int read_state(const char *name, unsigned int dflt)
{
	return rigmod_state_number(name, dflt, NULL);
}

static void write_state(const char *name, unsigned int v)
{
	char path[1100];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", state, name);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	fprintf(f, "%u\n", v);
	fclose(f);
}

static void chassis_status(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
			   unsigned int *rdata_len, void *cb_data)
{
	unsigned int b[4] = {0, 0, 0, 0};
	char path[1100];
	int n = 0;
	FILE *f;

	(void)mc;
	(void)msg;
	(void)cb_data;
	snprintf(path, sizeof(path), "%s/status", state);
	f = fopen(path, "r");
	if (f != NULL) {
		n = fscanf(f, "%x %x %x %x", &b[0], &b[1], &b[2], &b[3]);
		fclose(f);
		if (n < 0)
			n = 0;
	}
	if (*rdata_len < 5)
		return;
	rdata[0] = CC_OK;
	rdata[1] = (unsigned char)((b[0] & 0x9e) |
				   (read_state("policy", 0) & 3) << 5 |
				   (read_state("power", 1) ? 1 : 0));
	rdata[2] = (unsigned char)b[1];
	rdata[3] = (unsigned char)b[2];
	rdata[4] = (unsigned char)b[3];
	/* The button byte is optional: sent only when the file gives it. */
	*rdata_len = n >= 4 ? 5 : 4;
	rigmod_record("chassis-status");
}

static void set_policy(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
		       unsigned int *rdata_len, void *cb_data)
{
	char line[32];
	unsigned int v;

	(void)mc;
	(void)cb_data;
	if (*rdata_len < 2)
		return;
	*rdata_len = 1;
	if (msg->len < 1) {
		rdata[0] = CC_BAD_LENGTH;
		return;
	}
	v = msg->data[0] & 0x07;
	if (v > 3) {
		rdata[0] = CC_INVALID_DATA;
		return;
	}
	snprintf(line, sizeof(line), "policy %u", v);
	rigmod_record(line);
	if (v != 3) /* 3: no change, only the support mask */
		write_state("policy", v);
	rdata[0] = CC_OK;
	rdata[1] = 0x07; /* all three policies supported */
	*rdata_len = 2;
}

static void reset(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
		  unsigned int *rdata_len, void *cb_data)
{
	(void)mc;
	(void)msg;
	rigmod_record(cb_data);
	rdata[0] = CC_OK;
	*rdata_len = 1;
}

int rigmod_option(const char *options, const char *key, char *out,
		  size_t size)
{
	const char *p = strstr(options, key);
	size_t n;

	if (p == NULL)
		return -1;
	p += strlen(key);
	n = strcspn(p, " ");
	if (n == 0 || n >= size)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

int ipmi_sim_module_init(sys_data_t *sys, const char *options)
{
	(void)sys;
	if (options == NULL || rigmod_option(options, "oracle=", oracle,
				      sizeof(oracle)) != 0 ||
	    rigmod_option(options, "state=", state, sizeof(state)) != 0) {
		fprintf(stderr, "rigmod: options must be \"oracle=FILE "
				"state=DIR\"\n");
		return 1;
	}
	if (ipmi_emu_register_cmd_handler(NETFN_CHASSIS, 0x01, chassis_status,
					  NULL) != 0 ||
	    ipmi_emu_register_cmd_handler(NETFN_CHASSIS, 0x06, set_policy,
					  NULL) != 0 ||
	    ipmi_emu_register_cmd_handler(NETFN_APP, 0x02, reset,
					  "cold-reset") != 0 ||
	    ipmi_emu_register_cmd_handler(NETFN_APP, 0x03, reset,
					  "warm-reset") != 0) {
		fprintf(stderr, "rigmod: cannot register the handlers\n");
		return 1;
	}
	if (rigmod_fans_init(options) != 0 || rigmod_dcmi_init(options) != 0)
		return 1;
	return 0;
}

int ipmi_sim_module_print_version(sys_data_t *sys, char *initstr)
{
	(void)sys;
	(void)initstr;
	printf("rigmod: chassis status, power restore policy, BMC reset\n");
	return 0;
}

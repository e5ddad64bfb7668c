/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * DCMI for the simulator (part of tests/sim/rigmod.so): Get Power Reading
 * (DCMI 1.5, netfn 0x2C group extension 0xDC, command 0x02) in system
 * power statistics mode, which ipmi_sim 2.0.33 lacks.  Group-extension
 * commands do not go through ipmi_emu_register_cmd_handler (notes/fans.md):
 * the simulator hands netfn 0x2C to the handler registered for the first
 * data byte.  It allows that netfn to admin sessions only, so below admin
 * the BMC answers 0xD4, as the exporter comparison expects.
 *
 * The reading: "dcmi-watts" in the state directory (a whole number of
 * watts), else 245 W; minimum, maximum and average follow from it.  Each
 * request that reaches the module adds "dcmi-power" to the oracle file.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <OpenIPMI/serv.h>
#include <OpenIPMI/mcserv.h>

#include "rigmod.h"

#define DCMI_GROUP 0xDC
#define DCMI_GET_POWER_READING 0x02
#define CC_OK 0x00
#define CC_INVALID_CMD 0xC1
#define CC_BAD_LENGTH 0xC7
#define CC_INVALID_DATA 0xCC

/* The wattage the BMC reports: STATEDIR/dcmi-watts, else 245 W. */
static unsigned int watts(void)
{
	unsigned int v = rigmod_state_number("dcmi-watts", 245, NULL);

	return v > 65535 ? 245 : v;
}

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8 & 0xff);
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i) & 0xff);
}

static void dcmi(lmc_data_t *mc, msg_t *msg, unsigned char *rdata,
		 unsigned int *rdata_len, void *cb_data)
{
	unsigned int w;

	(void)mc;
	(void)cb_data;
	if (*rdata_len < 20) {
		rdata[0] = CC_BAD_LENGTH;
		*rdata_len = 1;
		return;
	}
	if (msg->cmd != DCMI_GET_POWER_READING) {
		rdata[0] = CC_INVALID_CMD;
		*rdata_len = 1;
		return;
	}
	/* group id, mode, mode attributes, reserved */
	if (msg->len < 4) {
		rdata[0] = CC_BAD_LENGTH;
		*rdata_len = 1;
		return;
	}
	if (msg->data[1] != 0x01) { /* only system power statistics */
		rdata[0] = CC_INVALID_DATA;
		*rdata_len = 1;
		return;
	}
	rigmod_record("dcmi-power");
	w = watts();
	rdata[0] = CC_OK;
	rdata[1] = DCMI_GROUP;
	put16(rdata + 2, w);                  /* current */
	put16(rdata + 4, w > 20 ? w - 20 : 0); /* minimum */
	put16(rdata + 6, w + 30);             /* maximum */
	put16(rdata + 8, w);                  /* average */
	put32(rdata + 10, (uint32_t)time(NULL));
	put32(rdata + 14, 60000u);            /* statistics period, ms */
	rdata[18] = 0x40;                     /* power measurement active */
	*rdata_len = 19;
}

int rigmod_dcmi_init(const char *options)
{
	(void)options;
	ipmi_emu_register_group_extension_handler(DCMI_GROUP, dcmi, NULL);
	return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * BMC management from the specification's byte layouts: Get Chassis Status
 * bit by bit (IPMI 2.0 table 28-3), Set Power Restore Policy (table 28-8),
 * Get SEL Time, LAN configuration parameters (table 23-4), Get Channel
 * Info, Get User Access and Get User Name; the raw requests no path may
 * send, and ipmitool's words for completion codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "codec/bmcmgmt.h"
#include "codec/chassis.h"
#include "codec/raw.h"
#include "core/internal.h"
#include "paths/bmc/remote.h"

/* ---- Get Chassis Status ---- */

/* Each bit of table 28-3 and the field it must set, alone. */
struct bit {
	unsigned int byte; /* response byte after the completion code, 1.. */
	uint8_t mask;
	size_t offset; /* of the bool in rig_chassis_status */
};

#define FIELD(f) offsetof(rig_chassis_status, f)

static const struct bit bits[] = {
	/* byte 1: current power state */
	{1, 0x01, FIELD(power_on)},
	{1, 0x02, FIELD(power_overload)},
	{1, 0x04, FIELD(power_interlock)},
	{1, 0x08, FIELD(power_fault)},
	{1, 0x10, FIELD(power_control_fault)},
	/* byte 2: last power event */
	{2, 0x01, FIELD(last_ac_failed)},
	{2, 0x02, FIELD(last_overload)},
	{2, 0x04, FIELD(last_interlock)},
	{2, 0x08, FIELD(last_fault)},
	{2, 0x10, FIELD(last_on_by_command)},
	/* byte 3: misc chassis state */
	{3, 0x01, FIELD(intrusion)},
	{3, 0x02, FIELD(front_panel_lockout)},
	{3, 0x04, FIELD(drive_fault)},
	{3, 0x08, FIELD(cooling_fault)},
	{3, 0x40, FIELD(has_identify_state)},
};

static const size_t all_bools[] = {
	FIELD(power_on),	   FIELD(power_overload),
	FIELD(power_interlock),	   FIELD(power_fault),
	FIELD(power_control_fault), FIELD(last_ac_failed),
	FIELD(last_overload),	   FIELD(last_interlock),
	FIELD(last_fault),	   FIELD(last_on_by_command),
	FIELD(intrusion),	   FIELD(front_panel_lockout),
	FIELD(drive_fault),	   FIELD(cooling_fault),
	FIELD(has_identify_state), FIELD(has_buttons),
};

static bool flag(const rig_chassis_status *s, size_t off)
{
	bool v;

	memcpy(&v, (const char *)s + off, sizeof(v));
	return v;
}

static void chassis_status_every_bit_alone(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		uint8_t rs[4] = {0, 0, 0, 0};
		rig_chassis_status s;

		rs[bits[i].byte] = bits[i].mask;
		assert_int_equal(chassis_status_decode(rs, sizeof(rs), &s),
				 RIG_OK);
		for (size_t k = 0; k < sizeof(all_bools) / sizeof(all_bools[0]);
		     k++)
			assert_int_equal(flag(&s, all_bools[k]),
					 all_bools[k] == bits[i].offset);
		/* Policy bits 6:5 zero: always off. */
		assert_int_equal(s.policy, RIG_POLICY_ALWAYS_OFF);
	}
}

static void chassis_status_reserved_bits_set_nothing(void **state)
{
	/* Byte 1 bit 7, byte 2 bits 7:5, byte 3 bit 7 are reserved; byte 3
	 * bits 5:4 mean nothing without bit 6. */
	const uint8_t rs[4] = {0, 0x80, 0xe0, 0xb0};
	rig_chassis_status s;

	(void)state;
	assert_int_equal(chassis_status_decode(rs, sizeof(rs), &s), RIG_OK);
	for (size_t k = 0; k < sizeof(all_bools) / sizeof(all_bools[0]); k++)
		assert_false(flag(&s, all_bools[k]));
	assert_int_equal(s.identify_state, 0);
	assert_int_equal(s.policy, RIG_POLICY_ALWAYS_OFF);
}

static void chassis_status_policy_values(void **state)
{
	/* Byte 1 bits 6:5: 00b stays off, 01b previous, 10b powers up, 11b
	 * unknown. */
	const rig_power_policy want[4] = {RIG_POLICY_ALWAYS_OFF,
					  RIG_POLICY_PREVIOUS,
					  RIG_POLICY_ALWAYS_ON,
					  RIG_POLICY_UNKNOWN};
	rig_chassis_status s;

	(void)state;
	for (unsigned int v = 0; v < 4; v++) {
		const uint8_t rs[4] = {0, (uint8_t)(v << 5), 0, 0};

		assert_int_equal(chassis_status_decode(rs, sizeof(rs), &s),
				 RIG_OK);
		assert_int_equal(s.policy, want[v]);
		assert_false(s.power_on);
	}
}

static void chassis_status_identify_and_buttons(void **state)
{
	rig_chassis_status s;

	(void)state;
	/* Bit 6 set: bits 5:4 are the identify state, each value. */
	for (unsigned int v = 0; v < 4; v++) {
		const uint8_t rs[4] = {0, 0, 0, (uint8_t)(0x40 | v << 4)};

		assert_int_equal(chassis_status_decode(rs, sizeof(rs), &s),
				 RIG_OK);
		assert_true(s.has_identify_state);
		assert_int_equal(s.identify_state, v);
	}
	/* The optional fifth byte is kept as sent. */
	{
		const uint8_t rs[5] = {0, 0, 0, 0, 0xa5};

		assert_int_equal(chassis_status_decode(rs, sizeof(rs), &s),
				 RIG_OK);
		assert_true(s.has_buttons);
		assert_int_equal(s.buttons, 0xa5);
	}
}

static void chassis_status_errors(void **state)
{
	const uint8_t c1[1] = {0xC1}, d4[1] = {0xD4}, shortrs[3] = {0, 1, 0};
	rig_chassis_status s;

	(void)state;
	assert_int_equal(chassis_status_decode(c1, 1, &s), RIG_E_UNSUPPORTED);
	assert_int_equal(chassis_status_decode(d4, 1, &s), RIG_E_BMC);
	assert_int_equal(chassis_status_decode(shortrs, 3, &s), RIG_E_INVALID);
	assert_int_equal(s.policy, RIG_POLICY_UNKNOWN);
	assert_int_equal(chassis_status_decode(NULL, 4, &s), RIG_E_INVALID);
	assert_int_equal(chassis_status_decode(c1, 0, &s), RIG_E_INVALID);
	assert_int_equal(chassis_status_decode(c1, 1, NULL), RIG_E_INVALID);
}

static void policy_encoding(void **state)
{
	(void)state;
	/* Table 28-8 byte 1 bits 2:0. */
	assert_int_equal(chassis_policy_encode(RIG_POLICY_ALWAYS_OFF), 0);
	assert_int_equal(chassis_policy_encode(RIG_POLICY_PREVIOUS), 1);
	assert_int_equal(chassis_policy_encode(RIG_POLICY_ALWAYS_ON), 2);
	assert_int_equal(chassis_policy_encode(RIG_POLICY_UNKNOWN), -1);
	/* Response byte 2: bit 0 off, bit 1 previous, bit 2 on supported. */
	assert_true(chassis_policy_supported(0x04, RIG_POLICY_ALWAYS_ON));
	assert_false(chassis_policy_supported(0x03, RIG_POLICY_ALWAYS_ON));
	assert_true(chassis_policy_supported(0x02, RIG_POLICY_PREVIOUS));
	assert_true(chassis_policy_supported(0x01, RIG_POLICY_ALWAYS_OFF));
	assert_false(chassis_policy_supported(0x06, RIG_POLICY_ALWAYS_OFF));
	assert_false(chassis_policy_supported(0xff, RIG_POLICY_UNKNOWN));
}

static void policy_names(void **state)
{
	rig_power_policy p;

	(void)state;
	assert_int_equal(rig_power_policy_parse("always-on", &p), RIG_OK);
	assert_int_equal(p, RIG_POLICY_ALWAYS_ON);
	assert_int_equal(rig_power_policy_parse("previous", &p), RIG_OK);
	assert_int_equal(p, RIG_POLICY_PREVIOUS);
	/* Reported, never requested. */
	assert_int_equal(rig_power_policy_parse("unknown", &p), RIG_E_INVALID);
	assert_string_equal(rig_power_policy_name(RIG_POLICY_ALWAYS_OFF),
			    "always-off");
}

/* ---- the forbidden requests ---- */

static unsigned int raw_calls;

static rig_status fake_raw(rig *r, void *priv, uint8_t netfn, uint8_t cmd,
			   const uint8_t *data, size_t len,
			   rig_raw_response *out)
{
	(void)r;
	(void)priv;
	(void)netfn;
	(void)cmd;
	(void)data;
	(void)len;
	raw_calls++;
	out->completion_code = 0;
	out->len = 0;
	return RIG_OK;
}

static const struct rig_backend_ops fake_bmc_ops = {
	.path = RIG_PATH_BMC,
	.raw = fake_raw,
};

static void forbidden_table(void **state)
{
	(void)state;
	assert_non_null(raw_forbidden(0x3a, 0xdc));
	assert_non_null(rig_raw_forbidden(0x3a, 0xdc));
	/* Its neighbours, the fan profile's own commands among them, pass. */
	assert_null(raw_forbidden(0x3a, 0xdb));
	assert_null(raw_forbidden(0x3a, 0xdd));
	assert_null(raw_forbidden(0x3a, 0xd6));
	assert_null(raw_forbidden(0x3b, 0xdc));
	assert_null(raw_forbidden(0x06, 0x01));
}

static void forbidden_never_reaches_a_path(void **state)
{
	const uint8_t data[16] = {0};
	rig_raw_response rs;
	rig *r = NULL;

	(void)state;
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	r->bmc.ops = &fake_bmc_ops;
	raw_calls = 0;
	assert_int_equal(rig_raw(r, 0x3a, 0xdc, NULL, 0, &rs), RIG_E_INVALID);
	assert_int_equal(rig_raw(r, 0x3a, 0xdc, data, sizeof(data), &rs),
			 RIG_E_INVALID);
	assert_int_equal(raw_calls, 0);
	assert_non_null(strstr(rig_errormsg(r), "factory"));
	/* The same backend does get an allowed request. */
	assert_int_equal(rig_raw(r, 0x3a, 0xd9, NULL, 0, &rs), RIG_OK);
	assert_int_equal(raw_calls, 1);
	r->bmc.ops = NULL;
	rig_free(r);
}

static void forbidden_refused_by_the_bmc_door(void **state)
{
	/* The BMC path's raw helper, which every internal request uses,
	 * refuses before it touches the session (none here). */
	struct bmc b;
	const uint8_t rq[] = {0xdc};
	uint8_t rs[8];
	size_t n = 99;
	rig *r = NULL;

	(void)state;
	memset(&b, 0, sizeof(b));
	b.label = "test:623";
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	assert_int_equal(bmc_raw(r, &b, "fan reset", 0x3a, rq, 1, rs,
				 sizeof(rs), &n),
			 RIG_E_INVALID);
	assert_int_equal(n, 0);
	rig_free(r);
}

static void raw_argument_checks(void **state)
{
	rig_raw_response rs;
	rig *r = NULL;

	(void)state;
	assert_int_equal(rig_new("rig01", &r), RIG_OK);
	r->bmc.ops = &fake_bmc_ops;
	raw_calls = 0;
	/* A response netfn, a netfn over 0x3f, too many bytes: never sent. */
	assert_int_equal(rig_raw(r, 0x07, 0x01, NULL, 0, &rs), RIG_E_INVALID);
	assert_int_equal(rig_raw(r, 0x40, 0x01, NULL, 0, &rs), RIG_E_INVALID);
	assert_int_equal(rig_raw(r, 0x06, 0x01, rs.data, RIG_RAW_MAX - 1, &rs),
			 RIG_E_INVALID);
	assert_int_equal(raw_calls, 0);
	r->bmc.ops = NULL;
	rig_free(r);
}

static void completion_code_words(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(raw_cc_text(0xc1, buf, sizeof(buf)),
			    "Invalid command");
	assert_string_equal(raw_cc_text(0xcc, buf, sizeof(buf)),
			    "Invalid data field in request");
	assert_string_equal(raw_cc_text(0xd4, buf, sizeof(buf)),
			    "Insufficient privilege level");
	assert_string_equal(raw_cc_text(0x42, buf, sizeof(buf)),
			    "Device-specific completion code (0x42)");
	assert_string_equal(raw_cc_text(0x90, buf, sizeof(buf)),
			    "Unknown (0x90)");
}

/* ---- SEL time, LAN, channel, users ---- */

static void sel_time(void **state)
{
	const uint8_t rs[5] = {0, 0x80, 0x8f, 0x52, 0x65};
	const uint8_t c1[1] = {0xC1};
	uint8_t enc[4];
	uint32_t t = 0;

	(void)state;
	assert_int_equal(mgmt_sel_time_decode(rs, sizeof(rs), &t), RIG_OK);
	assert_int_equal(t, 0x65528f80u);
	assert_int_equal(mgmt_sel_time_decode(rs, 4, &t), RIG_E_INVALID);
	assert_int_equal(mgmt_sel_time_decode(c1, 1, &t), RIG_E_UNSUPPORTED);
	mgmt_sel_time_encode(0x65528f80u, enc);
	assert_memory_equal(enc, rs + 1, 4);
}

static void lan_params(void **state)
{
	/* cc, parameter revision 0x11, data */
	const uint8_t ip[] = {0, 0x11, 192, 168, 1, 20};
	const uint8_t mask[] = {0, 0x11, 255, 255, 255, 0};
	const uint8_t gw[] = {0, 0x11, 192, 168, 1, 1};
	const uint8_t mac[] = {0, 0x11, 0xd0, 0x50, 0x99, 0x0a, 0xbb, 0x0c};
	const uint8_t src[] = {0, 0x11, 0x02};
	const uint8_t vlan_on[] = {0, 0x11, 0x2a, 0x81}; /* 0x12a, enabled */
	const uint8_t vlan_off[] = {0, 0x11, 0x2a, 0x01};
	rig_bmc_lan l;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(mgmt_lan_param_decode(MGMT_LAN_IP, ip, sizeof(ip), &l),
			 RIG_OK);
	assert_string_equal(l.ip, "192.168.1.20");
	assert_int_equal(mgmt_lan_param_decode(MGMT_LAN_NETMASK, mask,
					       sizeof(mask), &l),
			 RIG_OK);
	assert_string_equal(l.netmask, "255.255.255.0");
	assert_int_equal(mgmt_lan_param_decode(MGMT_LAN_GATEWAY, gw,
					       sizeof(gw), &l),
			 RIG_OK);
	assert_string_equal(l.gateway, "192.168.1.1");
	assert_int_equal(mgmt_lan_param_decode(MGMT_LAN_MAC, mac, sizeof(mac),
					       &l),
			 RIG_OK);
	assert_string_equal(l.mac, "d0:50:99:0a:bb:0c");
	assert_int_equal(mgmt_lan_param_decode(MGMT_LAN_IP_SOURCE, src,
					       sizeof(src), &l),
			 RIG_OK);
	assert_string_equal(l.ip_source, "dhcp");
	assert_int_equal(mgmt_lan_param_decode(MGMT_LAN_VLAN, vlan_on,
					       sizeof(vlan_on), &l),
			 RIG_OK);
	assert_true(l.vlan_enabled);
	assert_int_equal(l.vlan_id, 0x12a);
	assert_int_equal(mgmt_lan_param_decode(MGMT_LAN_VLAN, vlan_off,
					       sizeof(vlan_off), &l),
			 RIG_OK);
	assert_false(l.vlan_enabled);
	/* A truncated MAC, an unknown parameter. */
	assert_int_equal(mgmt_lan_param_decode(MGMT_LAN_MAC, mac, 7, &l),
			 RIG_E_INVALID);
	assert_int_equal(mgmt_lan_param_decode(7, ip, sizeof(ip), &l),
			 RIG_E_INVALID);
}

static void channel_info(void **state)
{
	/* cc, channel, medium (04h 802.3 LAN), protocol, ... */
	const uint8_t lan[] = {0, 1, 0x04, 0x01, 0x82, 0xf2, 0x1b, 0, 0, 0};
	const uint8_t serial[] = {0, 2, 0x05, 0x01, 0x82, 0xf2, 0x1b, 0, 0, 0};
	const uint8_t absent[] = {0xCC};
	bool is = true;

	(void)state;
	assert_int_equal(mgmt_channel_is_lan(lan, sizeof(lan), &is), RIG_OK);
	assert_true(is);
	assert_int_equal(mgmt_channel_is_lan(serial, sizeof(serial), &is),
			 RIG_OK);
	assert_false(is);
	assert_int_equal(mgmt_channel_is_lan(absent, 1, &is), RIG_E_BMC);
	assert_false(is);
}

static void user_access_and_name(void **state)
{
	/* max 10 ids; enable status 01b + 3 enabled; 1 fixed name; byte 4:
	 * callback-only 0, link auth 1, IPMI messaging 1, privilege 4. */
	const uint8_t admin[] = {0, 0x0a, 0x43, 0x01, 0x34};
	/* disabled (10b), callback only, no messaging, no access */
	const uint8_t off[] = {0, 0x0a, 0x83, 0x01, 0x4f};
	const uint8_t name[17] = {0, 'a', 'd', 'm', 'i', 'n'};
	const uint8_t odd[17] = {0, 'o', 0x07, 'k'};
	unsigned int max = 0;
	rig_bmc_user u;

	(void)state;
	memset(&u, 0, sizeof(u));
	assert_int_equal(mgmt_user_access_decode(admin, sizeof(admin), &max, &u),
			 RIG_OK);
	assert_int_equal(max, 10);
	assert_true(u.enabled);
	assert_true(u.callin);
	assert_true(u.link_auth);
	assert_true(u.ipmi_messaging);
	assert_int_equal(u.privilege, 4);
	assert_string_equal(rig_bmc_privilege_name(u.privilege), "admin");
	assert_int_equal(mgmt_user_access_decode(off, sizeof(off), &max, &u),
			 RIG_OK);
	assert_false(u.enabled);
	assert_false(u.callin);
	assert_false(u.link_auth);
	assert_false(u.ipmi_messaging);
	assert_string_equal(rig_bmc_privilege_name(u.privilege), "no-access");
	assert_int_equal(mgmt_user_access_decode(off, 4, &max, &u),
			 RIG_E_INVALID);
	assert_int_equal(mgmt_user_name_decode(name, sizeof(name), &u), RIG_OK);
	assert_string_equal(u.name, "admin");
	assert_int_equal(mgmt_user_name_decode(odd, sizeof(odd), &u), RIG_OK);
	assert_string_equal(u.name, "o?k");
	assert_int_equal(mgmt_user_name_decode(name, 16, &u), RIG_E_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chassis_status_every_bit_alone),
		cmocka_unit_test(chassis_status_reserved_bits_set_nothing),
		cmocka_unit_test(chassis_status_policy_values),
		cmocka_unit_test(chassis_status_identify_and_buttons),
		cmocka_unit_test(chassis_status_errors),
		cmocka_unit_test(policy_encoding),
		cmocka_unit_test(policy_names),
		cmocka_unit_test(forbidden_table),
		cmocka_unit_test(forbidden_never_reaches_a_path),
		cmocka_unit_test(forbidden_refused_by_the_bmc_door),
		cmocka_unit_test(raw_argument_checks),
		cmocka_unit_test(completion_code_words),
		cmocka_unit_test(sel_time),
		cmocka_unit_test(lan_params),
		cmocka_unit_test(channel_info),
		cmocka_unit_test(user_access_and_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl chassis status, and rigctl power policy [POLICY]: Get Chassis
 * Status and Set Power Restore Policy. */
#include <string.h>

#include "rigctl.h"

static const char status_help[] =
	"Usage: rigctl [OPTIONS] chassis status\n"
	"The BMC's chassis status (Get Chassis Status): power, power restore\n"
	"policy, last power event, chassis intrusion, front-panel lockout,\n"
	"drive and cooling/fan faults, power overload, interlock, fault and\n"
	"control fault, identify state.  Needs user privilege.\n"
	"Output: -o table, json, csv.\n";

static const char policy_help[] =
	"Usage: rigctl [OPTIONS] power policy [always-on|always-off|previous]\n"
	"Without an argument, show the power restore policy: what the rig does\n"
	"when mains power returns after an outage.  With one, set it (Set\n"
	"Power Restore Policy, operator privilege; --dry-run sends nothing).\n"
	"  always-on   power up (a 24/7 rig comes back by itself)\n"
	"  always-off  stay off\n"
	"  previous    return to the state before the outage\n"
	"A BMC that does not implement it: \"not supported by this BMC\", exit 5.\n"
	"Output: -o table, json, csv.\n";

static json_t *last_event(const rig_chassis_status *s)
{
	/* ipmitool's words for the bits, in its order. */
	json_t *a = json_array();

	if (s->last_ac_failed)
		json_array_append_new(a, json_string("ac-failed"));
	if (s->last_overload)
		json_array_append_new(a, json_string("overload"));
	if (s->last_interlock)
		json_array_append_new(a, json_string("interlock"));
	if (s->last_fault)
		json_array_append_new(a, json_string("fault"));
	if (s->last_on_by_command)
		json_array_append_new(a, json_string("command"));
	return a;
}

static json_t *status_json(const rig_chassis_status *s)
{
	static const char *const identify[] = {"off", "timed", "on",
					       "reserved"};
	json_t *o = json_pack(
		"{s:s, s:s, s:o, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b}",
		"power", s->power_on ? "on" : "off", "policy",
		rig_power_policy_name(s->policy), "last_power_event",
		last_event(s), "power_overload", s->power_overload,
		"power_interlock", s->power_interlock, "power_fault",
		s->power_fault, "power_control_fault", s->power_control_fault,
		"intrusion", s->intrusion, "front_panel_lockout",
		s->front_panel_lockout, "drive_fault", s->drive_fault,
		"cooling_fault", s->cooling_fault);

	json_object_set_new(o, "identify",
			    s->has_identify_state
				    ? json_string(identify[s->identify_state & 3])
				    : json_null());
	if (s->has_buttons)
		json_object_set_new(
			o, "buttons_disabled",
			json_pack("{s:b, s:b, s:b, s:b}", "power",
				  (s->buttons & 0x01) != 0, "reset",
				  (s->buttons & 0x02) != 0, "diagnostic",
				  (s->buttons & 0x04) != 0, "standby",
				  (s->buttons & 0x08) != 0));
	else
		json_object_set_new(o, "buttons_disabled", json_null());
	return o;
}

static rig_status status_job(struct ctx *c, struct result *res, void *arg)
{
	rig_chassis_status s;
	rig_status rc;

	(void)c;
	(void)arg;
	rc = rig_chassis_status_get(res->r, &s);
	if (rc == RIG_OK)
		res->data = status_json(&s);
	return rc;
}

/* The table's rows: label, JSON key, and the words for true and false. */
static const struct {
	const char *label, *key, *yes, *no;
} rows[] = {
	{"Power Overload", "power_overload", "true", "false"},
	{"Power Interlock", "power_interlock", "active", "inactive"},
	{"Main Power Fault", "power_fault", "true", "false"},
	{"Power Control Fault", "power_control_fault", "true", "false"},
	{"Chassis Intrusion", "intrusion", "active", "inactive"},
	{"Front-Panel Lockout", "front_panel_lockout", "active", "inactive"},
	{"Drive Fault", "drive_fault", "true", "false"},
	{"Cooling/Fan Fault", "cooling_fault", "true", "false"},
};

static char *events_text(json_t *a, char *buf, size_t len)
{
	size_t i, n = 0;
	json_t *e;

	buf[0] = '\0';
	json_array_foreach(a, i, e)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      i > 0 ? " " : "", json_string_value(e));
	return buf;
}

static void status_table(struct ctx *c, const struct result *res)
{
	json_t *d = res->data;
	const char *idf = json_string_value(json_object_get(d, "identify"));
	char ev[96];

	events_text(json_object_get(d, "last_power_event"), ev, sizeof(ev));
	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW(
			"power", "policy", "last_power_event", "power_overload",
			"power_interlock", "power_fault", "power_control_fault",
			"intrusion", "front_panel_lockout", "drive_fault",
			"cooling_fault", "identify");

		table_cell(t, json_string_value(json_object_get(d, "power")));
		table_cell(t, json_string_value(json_object_get(d, "policy")));
		table_cell(t, ev);
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			table_cell(t, json_is_true(json_object_get(d, rows[i].key))
					      ? "yes"
					      : "no");
		table_cell(t, idf);
		table_emit(c, res, t);
		return;
	}
	/* ipmitool's labels and words, so eyes and greps move over. */
	if (!output_first(c, res))
		fputc('\n', c->out);
	fprintf(c->out, "%s:\n", rig_name(res->r));
	fprintf(c->out, "  %-21s: %s\n", "System Power",
		json_string_value(json_object_get(d, "power")));
	fprintf(c->out, "  %-21s: %s\n", "Power Restore Policy",
		json_string_value(json_object_get(d, "policy")));
	fprintf(c->out, "  %-21s: %s\n", "Last Power Event", ev);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		fprintf(c->out, "  %-21s: %s\n", rows[i].label,
			json_is_true(json_object_get(d, rows[i].key))
				? rows[i].yes
				: rows[i].no);
	if (idf != NULL)
		fprintf(c->out, "  %-21s: %s\n", "Identify", idf);
}

int cmd_chassis_status(struct ctx *c, int argc, char **argv)
{
	int rc = command_no_args(c, argc, argv, status_help);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
					OUT_BIT(OUT_CSV));
	if (rc != EXIT_OK)
		return rc;
	return run_output(c, status_job, NULL, status_table, NULL);
}

/* ---- power policy ---- */

struct policy_args {
	bool set;
	rig_power_policy policy;
};

static rig_status policy_job(struct ctx *c, struct result *res, void *arg)
{
	const struct policy_args *a = arg;
	rig_chassis_status s;
	rig_status rc;

	(void)c;
	if (a->set) {
		rc = rig_power_policy_set(res->r, a->policy);
		if (rc == RIG_OK)
			res->data = json_pack("{s:s, s:b}", "policy",
					      rig_power_policy_name(a->policy),
					      "changed", 1);
		return rc;
	}
	rc = rig_chassis_status_get(res->r, &s);
	if (rc == RIG_OK)
		res->data = json_pack("{s:s, s:b}", "policy",
				      rig_power_policy_name(s.policy),
				      "changed", 0);
	return rc;
}

static void policy_table(struct ctx *c, const struct result *res)
{
	const char *p = json_string_value(json_object_get(res->data, "policy"));
	bool changed = json_is_true(json_object_get(res->data, "changed"));

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("policy", "changed");

		table_cell(t, p);
		table_cell(t, changed ? "yes" : "no");
		table_emit(c, res, t);
		return;
	}
	fprintf(c->out, "%s: power restore policy %s%s\n", rig_name(res->r), p,
		changed ? " (set)" : "");
}

int cmd_power_policy(struct ctx *c, int argc, char **argv)
{
	struct policy_args a = {false, RIG_POLICY_UNKNOWN};
	int rc;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(policy_help, stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return usage_error(c, "unexpected '%s' after the policy", argv[2]);
	if (argc == 2) {
		if (rig_power_policy_parse(argv[1], &a.policy) != RIG_OK)
			return usage_error(c, "unknown policy '%s' (always-on, "
					      "always-off, previous)", argv[1]);
		a.set = true;
		dry_run_prepare(c);
	}
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON) |
					OUT_BIT(OUT_CSV));
	if (rc != EXIT_OK)
		return rc;
	if (a.set && c->g.dry_run) {
		static const struct dry_way way[] = {
			{RIG_PATH_BMC, "Set Power Restore Policy"},
		};
		char what[64];

		snprintf(what, sizeof(what), "set the power restore policy to %s",
			 rig_power_policy_name(a.policy));
		return dry_run_output(c, what, way, 1);
	}
	return run_output(c, policy_job, &a, policy_table, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl bmc reset cold|warm [--wait[=S]] | time [sync] | lan | users:
 * the BMC itself, not the rig it manages. */
#include <getopt.h>
#include <string.h>
#include <time.h>

#include "rigctl.h"

#define DEFAULT_WAIT_S 60u

static const char bmc_help[] =
	"Usage: rigctl [OPTIONS] bmc reset cold|warm [--wait[=SECONDS]]\n"
	"       rigctl [OPTIONS] bmc time [sync]\n"
	"       rigctl [OPTIONS] bmc lan | users\n"
	"  reset cold|warm   reset the BMC (the rig keeps running); admin.  On\n"
	"                    a terminal it always asks first (--yes skips it);\n"
	"                    --wait[=SECONDS] (default 60): until it answers\n"
	"  time              the BMC's SEL clock (RFC 3339 UTC) and its offset\n"
	"                    from this machine, or 'pre-init (N s since BMC\n"
	"                    start)'\n"
	"  time sync         set the SEL clock to this machine's UTC seconds\n"
	"                    (operator)\n"
	"  lan               the BMC's LAN settings: IP source, address,\n"
	"                    netmask, gateway, MAC, VLAN (read only; operator)\n"
	"  users             the BMC's user slots and privileges (read only;\n"
	"                    operator)\n"
	"reset and time sync take --dry-run.  A BMC that does not implement one\n"
	"(0xC1): \"not supported by this BMC\", exit 5.\n"
	"Output: -o table, json (lan, users and time also csv).\n";

enum bmc_sub { SUB_RESET, SUB_TIME, SUB_SYNC, SUB_LAN, SUB_USERS };

struct bmc_args {
	enum bmc_sub sub;
	bool warm;
	unsigned int wait_ms;
};

/* ---- reset ---- */

static rig_status reset_job(struct ctx *c, struct result *res, void *arg)
{
	const struct bmc_args *a = arg;
	rig_status rc;

	(void)c;
	rc = rig_bmc_reset(res->r, a->warm, a->wait_ms);
	if (rc == RIG_OK)
		res->data = json_pack("{s:s, s:b}", "reset",
				      a->warm ? "warm" : "cold", "waited",
				      a->wait_ms > 0);
	return rc;
}

static void reset_table(struct ctx *c, const struct result *res)
{
	fprintf(c->out, "%s: BMC %s reset sent%s\n", rig_name(res->r),
		json_string_value(json_object_get(res->data, "reset")),
		json_is_true(json_object_get(res->data, "waited"))
			? "; it answers again"
			: "");
}

/* ---- time ---- */

static rig_status time_job(struct ctx *c, struct result *res, void *arg)
{
	const struct bmc_args *a = arg;
	rig_bmc_time t;
	char when[32];
	rig_status rc;

	(void)c;
	if (a->sub == SUB_SYNC) {
		int64_t now = (int64_t)time(NULL);

		rc = rig_bmc_time_set(res->r, now);
		if (rc == RIG_OK)
			res->data = json_pack("{s:s, s:b}", "time",
					      hands_time_text(now, when,
							      sizeof(when)),
					      "synced", 1);
		return rc;
	}
	rc = rig_bmc_time_get(res->r, &t);
	if (rc != RIG_OK)
		return rc;
	if (t.pre_init)
		res->data = json_pack("{s:n, s:b, s:I}", "time", "pre_init", 1,
				      "uptime_s", (json_int_t)t.time);
	else
		res->data = json_pack("{s:s, s:b, s:I}", "time",
				      hands_time_text(t.time, when, sizeof(when)),
				      "pre_init", 0, "offset_s",
				      (json_int_t)(t.time - t.local));
	return RIG_OK;
}

static void time_table(struct ctx *c, const struct result *res)
{
	json_t *d = res->data;
	const char *when = json_string_value(json_object_get(d, "time"));
	bool pre = json_is_true(json_object_get(d, "pre_init"));
	bool synced = json_is_true(json_object_get(d, "synced"));
	long long v = (long long)json_integer_value(
		json_object_get(d, pre ? "uptime_s" : "offset_s"));

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("time", "offset_s", "uptime_s");

		table_cell(t, when);
		if (pre || synced)
			table_cell(t, NULL);
		else
			table_cellf(t, "%lld", v);
		if (pre)
			table_cellf(t, "%lld", v);
		else
			table_cell(t, NULL);
		table_emit(c, res, t);
		return;
	}
	if (synced)
		fprintf(c->out, "%s: BMC time set to %s\n", rig_name(res->r),
			when);
	else if (pre)
		fprintf(c->out, "%s: pre-init (%lld s since BMC start)\n",
			rig_name(res->r), v);
	else
		fprintf(c->out, "%s: %s (offset %+lld s from this machine)\n",
			rig_name(res->r), when, v);
}

/* ---- lan ---- */

static rig_status lan_job(struct ctx *c, struct result *res, void *arg)
{
	rig_bmc_lan l;
	rig_status rc;

	(void)c;
	(void)arg;
	rc = rig_bmc_lan_get(res->r, &l);
	if (rc != RIG_OK)
		return rc;
	res->data = json_pack("{s:i, s:s, s:s?, s:s?, s:s?, s:s?}", "channel",
			      (int)l.channel, "ip_source", l.ip_source, "ip",
			      l.ip[0] ? l.ip : NULL, "netmask",
			      l.netmask[0] ? l.netmask : NULL, "gateway",
			      l.gateway[0] ? l.gateway : NULL, "mac",
			      l.mac[0] ? l.mac : NULL);
	json_object_set_new(res->data, "vlan",
			    l.vlan_enabled ? json_integer(l.vlan_id)
					   : json_null());
	return RIG_OK;
}

static void lan_table(struct ctx *c, const struct result *res)
{
	static const char *const keys[] = {"ip_source", "ip", "netmask",
					   "gateway", "mac"};
	static const char *const labels[] = {"IP Address Source", "IP Address",
					     "Subnet Mask", "Default Gateway IP",
					     "MAC Address"};
	json_t *d = res->data, *vlan = json_object_get(d, "vlan");

	if (c->g.output == OUT_CSV) {
		struct table *t = TABLE_NEW("channel", "ip_source", "ip",
					    "netmask", "gateway", "mac", "vlan");

		table_cellf(t, "%lld", (long long)json_integer_value(
					       json_object_get(d, "channel")));
		for (size_t i = 0; i < 5; i++)
			table_cell(t, json_string_value(json_object_get(d, keys[i])));
		if (json_is_integer(vlan))
			table_cellf(t, "%lld", (long long)json_integer_value(vlan));
		else
			table_cell(t, NULL);
		table_emit(c, res, t);
		return;
	}
	if (!output_first(c, res))
		fputc('\n', c->out);
	fprintf(c->out, "%s:\n  %-19s: %lld\n", rig_name(res->r), "Channel",
		(long long)json_integer_value(json_object_get(d, "channel")));
	for (size_t i = 0; i < 5; i++) {
		const char *v = json_string_value(json_object_get(d, keys[i]));

		fprintf(c->out, "  %-19s: %s\n", labels[i],
			v != NULL ? v : "(not reported)");
	}
	if (json_is_integer(vlan))
		fprintf(c->out, "  %-19s: %lld\n", "802.1q VLAN ID",
			(long long)json_integer_value(vlan));
	else
		fprintf(c->out, "  %-19s: Disabled\n", "802.1q VLAN ID");
}

/* ---- users ---- */

static rig_status users_job(struct ctx *c, struct result *res, void *arg)
{
	rig_bmc_user_list *l = NULL;
	json_t *users;
	rig_status rc;

	(void)c;
	(void)arg;
	rc = rig_bmc_users_get(res->r, &l);
	if (rc != RIG_OK)
		return rc;
	users = json_array();
	for (size_t i = 0; i < l->count; i++) {
		const rig_bmc_user *u = &l->items[i];

		json_array_append_new(
			users,
			json_pack("{s:i, s:s, s:b, s:s, s:b, s:b, s:b}", "id",
				  (int)u->id, "name", u->name, "enabled",
				  u->enabled, "privilege",
				  rig_bmc_privilege_name(u->privilege),
				  "ipmi_messaging", u->ipmi_messaging,
				  "link_auth", u->link_auth, "callin",
				  u->callin));
	}
	res->data = json_pack("{s:i, s:o}", "channel", (int)l->channel, "users",
			      users);
	rig_bmc_user_list_free(l);
	return RIG_OK;
}

static void users_table(struct ctx *c, const struct result *res)
{
	json_t *users = json_object_get(res->data, "users"), *u;
	/* Here, not in a block: the table keeps the column names, a
	 * compound literal that lives as long as its block. */
	struct table *t = c->g.output == OUT_CSV
				  ? TABLE_NEW("id", "name", "enabled",
					      "privilege", "ipmi_messaging",
					      "link_auth", "callin")
				  : NULL;
	size_t i;

	if (t == NULL) {
		if (!output_first(c, res))
			fputc('\n', c->out);
		fprintf(c->out, "%s:\n  %-3s %-16s %-7s %-9s %-8s %-9s %s\n",
			rig_name(res->r), "ID", "NAME", "ENABLED", "PRIVILEGE",
			"IPMI MSG", "LINK AUTH", "CALLIN");
	}
	json_array_foreach(users, i, u) {
		const char *flags[] = {"enabled", "ipmi_messaging", "link_auth",
				       "callin"};
		const char *w[4];

		for (size_t k = 0; k < 4; k++)
			w[k] = json_is_true(json_object_get(u, flags[k])) ? "yes"
									  : "no";
		if (t != NULL) {
			table_cellf(t, "%lld", (long long)json_integer_value(
						       json_object_get(u, "id")));
			table_cell(t, json_string_value(json_object_get(u, "name")));
			table_cell(t, w[0]);
			table_cell(t, json_string_value(
					      json_object_get(u, "privilege")));
			for (size_t k = 1; k < 4; k++)
				table_cell(t, w[k]);
			continue;
		}
		fprintf(c->out, "  %-3lld %-16s %-7s %-9s %-8s %-9s %s\n",
			(long long)json_integer_value(json_object_get(u, "id")),
			json_string_value(json_object_get(u, "name")), w[0],
			json_string_value(json_object_get(u, "privilege")), w[1],
			w[2], w[3]);
	}
	if (t != NULL)
		table_emit(c, res, t);
}

/* ---- the command ---- */

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct bmc_args *a)
{
	static const struct option opts[] = {
		{"wait", optional_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	unsigned long secs = DEFAULT_WAIT_S;
	bool wait = false;
	const char *sub;
	int opt, rest;

	memset(a, 0, sizeof(*a));
	optind = 0; /* 0: glibc re-initialises its scan, permutation included */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(bmc_help, stdout);
			return -1;
		}
		if (opt != 'w')
			return usage_error(c, "unknown option '%s'",
					   argv[optind - 1]);
		wait = true;
		if (optarg != NULL && !parse_uint(optarg, 1, 86400, &secs))
			return usage_error(c, "--wait=SECONDS wants 1 to 86400, "
					      "not '%s'", optarg);
	}
	if (optind >= argc)
		return usage_error(c, "which one? reset, time, lan or users");
	sub = argv[optind];
	rest = argc - optind - 1;
	if (strcmp(sub, "reset") == 0) {
		if (rest != 1 || (strcmp(argv[optind + 1], "cold") != 0 &&
				  strcmp(argv[optind + 1], "warm") != 0))
			return usage_error(c, "reset cold or reset warm?");
		a->sub = SUB_RESET;
		a->warm = strcmp(argv[optind + 1], "warm") == 0;
	} else if (strcmp(sub, "time") == 0) {
		if (rest > 1 || (rest == 1 && strcmp(argv[optind + 1], "sync") != 0))
			return usage_error(c, "'time' or 'time sync', not 'time "
					      "%s'", argv[optind + 1]);
		a->sub = rest == 1 ? SUB_SYNC : SUB_TIME;
	} else if (strcmp(sub, "lan") == 0 || strcmp(sub, "users") == 0) {
		if (rest > 0)
			return usage_error(c, "unexpected '%s'", argv[optind + 1]);
		a->sub = sub[0] == 'l' ? SUB_LAN : SUB_USERS;
	} else {
		return usage_error(c, "unknown subcommand '%s' (reset, time, "
				      "lan, users)", sub);
	}
	if (wait && a->sub != SUB_RESET)
		return usage_error(c, "--wait applies to reset");
	if (wait)
		a->wait_ms = (unsigned int)secs * 1000u;
	return EXIT_OK;
}

int cmd_bmc(struct ctx *c, int argc, char **argv)
{
	static const struct dry_way reset_way[] = {
		{RIG_PATH_BMC, "Cold/Warm Reset"},
	};
	static const struct dry_way sync_way[] = {
		{RIG_PATH_BMC, "Set SEL Time"},
	};
	struct bmc_args a;
	unsigned int formats = OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON);
	char what[64];
	int rc;

	rc = parse_args(c, argc, argv, &a);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (a.sub == SUB_RESET || a.sub == SUB_SYNC)
		dry_run_prepare(c);
	else
		formats |= OUT_BIT(OUT_CSV);
	if (a.sub == SUB_TIME)
		formats |= OUT_BIT(OUT_CSV);
	rc = command_targets(c, formats);
	if (rc != EXIT_OK)
		return rc;
	switch (a.sub) {
	case SUB_RESET:
		snprintf(what, sizeof(what), "%s-reset the BMC",
			 a.warm ? "warm" : "cold");
		if (c->g.dry_run)
			return dry_run_output(c, what, reset_way, 1);
		strcat(what, " of");
		/* A BMC reset drops every session and, on many boards, the
		 * fans' control for a while: always a question. */
		rc = confirm_always(c, what);
		if (rc != EXIT_OK)
			return rc;
		return run_output(c, reset_job, &a, reset_table, NULL);
	case SUB_SYNC:
		if (c->g.dry_run)
			return dry_run_output(c, "set the BMC time to this "
						 "machine's UTC time", sync_way, 1);
		return run_output(c, time_job, &a, time_table, NULL);
	case SUB_TIME:
		return run_output(c, time_job, &a, time_table, NULL);
	case SUB_LAN:
		return run_output(c, lan_job, &a, lan_table, NULL);
	case SUB_USERS:
		break;
	}
	return run_output(c, users_job, &a, users_table, NULL);
}

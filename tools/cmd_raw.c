/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl raw NETFN CMD [BYTE...]: one IPMI request, as 'ipmitool raw'. */
#include <stdlib.h>
#include <string.h>

#include "rigctl.h"

static const char raw_help[] =
	"Usage: rigctl [OPTIONS] raw NETFN CMD [BYTE...]\n"
	"Send one IPMI request and print the response's data bytes as\n"
	"'ipmitool raw' prints them (two hex digits each, 16 to a line).\n"
	"  NETFN, CMD, BYTE   0x.. in hex, else decimal, 0 to 255 (NETFN an\n"
	"                     even request netfn, 0x00 to 0x3e)\n"
	"A completion code other than 0 is exit 1 with the code and its meaning\n"
	"(0xD4, insufficient privilege: exit 4).  Admin privilege unless -L\n"
	"says otherwise.  Requests no tool may send (ASRock Rack 0x3a 0xdc, the\n"
	"fan factory reset) are refused, exit 2, with no override.  Over more\n"
	"than one rig on a terminal, asks first (--yes skips it); --dry-run\n"
	"sends nothing.  Output: -o table, json.\n";

struct raw_args {
	uint8_t netfn, cmd;
	uint8_t data[RIG_RAW_MAX];
	size_t len;
};

/* "0x" hex, else decimal, as ipmitool takes them (scripts move over). */
static bool parse_byte(const char *s, unsigned long max, uint8_t *out)
{
	const char *digits = s;
	char *end;
	unsigned long v;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		digits = s + 2;
		base = 16;
	}
	/* strtoul would take a sign or blanks: digits only. */
	if (digits[0] == '\0' || strspn(digits, base == 16
						      ? "0123456789abcdefABCDEF"
						      : "0123456789") !=
					  strlen(digits))
		return false;
	v = strtoul(digits, &end, base);
	if (*end != '\0' || v > max)
		return false;
	*out = (uint8_t)v;
	return true;
}

static rig_status raw_job(struct ctx *c, struct result *res, void *arg)
{
	const struct raw_args *a = arg;
	rig_raw_response rs;
	json_t *bytes;
	rig_status rc;

	(void)c;
	rc = rig_raw(res->r, a->netfn, a->cmd, a->data, a->len, &rs);
	/* A completion code is an answer: its data goes out with the error
	 * (JSON), though stdout stays empty as ipmitool's does. */
	if (rc != RIG_OK && rs.completion_code == 0)
		return rc;
	bytes = json_array();
	for (size_t i = 0; i < rs.len; i++)
		json_array_append_new(bytes, json_integer(rs.data[i]));
	res->data = json_pack("{s:i, s:i, s:i, s:o}", "netfn", a->netfn, "cmd",
			      a->cmd, "completion_code", rs.completion_code,
			      "data", bytes);
	return rc;
}

static void raw_table(struct ctx *c, const struct result *res)
{
	json_t *bytes = json_object_get(res->data, "data");
	size_t i;
	json_t *b;

	/* A failed request prints nothing here; its error goes to stderr. */
	if (json_integer_value(json_object_get(res->data, "completion_code")) != 0)
		return;
	/* One rig: exactly ipmitool's lines.  Several: each rig's under its
	 * name, so the bytes can be told apart. */
	if (c->count > 1)
		fprintf(c->out, "%s:\n", rig_name(res->r));
	json_array_foreach(bytes, i, b) {
		if (i % 16 == 0 && i != 0)
			fputc('\n', c->out);
		fprintf(c->out, " %02x", (unsigned int)json_integer_value(b));
	}
	fputc('\n', c->out);
}

static int parse_args(struct ctx *c, int argc, char **argv,
		      struct raw_args *a)
{
	const char *why;

	memset(a, 0, sizeof(*a));
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(raw_help, stdout);
		return -1;
	}
	if (argc < 3)
		return usage_error(c, "give NETFN and CMD (e.g. 'raw 0x06 0x01')");
	if (!parse_byte(argv[1], 0x3e, &a->netfn) || (a->netfn & 1) != 0)
		return usage_error(c, "NETFN '%s' is not an even request netfn "
				      "0x00 to 0x3e", argv[1]);
	if (!parse_byte(argv[2], 255, &a->cmd))
		return usage_error(c, "CMD '%s' is not a byte (0x.. or 0 to 255)",
				   argv[2]);
	for (int i = 3; i < argc; i++) {
		if (a->len >= RIG_RAW_MAX - 2)
			return usage_error(c, "more than %d data bytes",
					   RIG_RAW_MAX - 2);
		if (!parse_byte(argv[i], 255, &a->data[a->len++]))
			return usage_error(c, "'%s' is not a byte (0x.. or 0 to "
					      "255)", argv[i]);
	}
	why = rig_raw_forbidden(a->netfn, a->cmd);
	if (why != NULL) {
		fprintf(stderr, "rigctl raw: refused: %s\n", why);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cmd_raw(struct ctx *c, int argc, char **argv)
{
	struct raw_args a;
	char what[64 + 5 * RIG_RAW_MAX];
	size_t n;
	int rc;

	rc = parse_args(c, argc, argv, &a);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	dry_run_prepare(c);
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	n = (size_t)snprintf(what, sizeof(what), "send raw 0x%02x 0x%02x",
			     a.netfn, a.cmd);
	for (size_t i = 0; i < a.len && n < sizeof(what); i++)
		n += (size_t)snprintf(what + n, sizeof(what) - n, " 0x%02x",
				      a.data[i]);
	if (c->g.dry_run) {
		static const struct dry_way way[] = {
			{RIG_PATH_BMC, "raw IPMI request"},
		};

		return dry_run_output(c, what, way, 1);
	}
	/* An OEM request may change anything: over several rigs, ask. */
	rc = confirm_action(c, what);
	if (rc != EXIT_OK)
		return rc;
	return run_output(c, raw_job, &a, raw_table, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rigctl's argument parsing, exit codes and secret-file rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "rigctl.h"

static int parse(struct globals *g, int *idx, char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	globals_init(g);
	return globals_parse(g, argc, argv, idx);
}

#define ARGV(...) ((char *[]){"rigctl", __VA_ARGS__, NULL})

static void globals_are_parsed(void **state)
{
	struct globals g;
	int idx = 0;

	(void)state;
	assert_int_equal(parse(&g, &idx, ARGV("-H", "10.0.0.21:9623", "-U",
					      "admin", "-L", "operator", "-C",
					      "17", "-W", "opensesspriv",
					      "--timeout", "2500", "-o", "json",
					      "power", "status")),
			 EXIT_OK);
	assert_string_equal(g.bmc_hosts, "10.0.0.21:9623");
	assert_string_equal(g.username, "admin");
	assert_true(g.privilege_set);
	assert_int_equal(g.privilege, RIG_PRIV_OPERATOR);
	assert_int_equal(g.cipher_suite, 17);
	assert_int_equal(g.workarounds, RIG_WORKAROUND_OPENSESSPRIV);
	assert_int_equal(g.timeout_ms, 2500);
	assert_int_equal(g.output, OUT_JSON);
	assert_int_equal(idx, 15);
}

static void defaults(void **state)
{
	struct globals g;
	int idx = 0;

	(void)state;
	assert_int_equal(parse(&g, &idx, ARGV("-H", "bmc", "info")), EXIT_OK);
	assert_int_equal(g.cipher_suite, 3);
	assert_int_equal(g.timeout_ms, 10000);
	assert_int_equal(g.fanout, 64);
	assert_false(g.privilege_set);
	assert_int_equal(g.output, OUT_TABLE);
	assert_int_equal(idx, 3);
}

static void command_options_are_not_globals(void **state)
{
	struct globals g;
	int idx = 0;

	(void)state;
	/* --wait belongs to "power": parsing stops at the command. */
	assert_int_equal(parse(&g, &idx, ARGV("-H", "b", "power", "on", "--wait")),
			 EXIT_OK);
	assert_int_equal(idx, 3);
}

static void bad_values_are_usage_errors(void **state)
{
	struct globals g;
	int idx = 0;

	(void)state;
	assert_int_equal(parse(&g, &idx, ARGV("-L", "root", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-C", "x", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-C", "256", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-W", "bogus", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("--timeout", "0", "info")),
			 EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("--timeout", "-5", "info")),
			 EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-o", "xml", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("--bogus", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-H")), EXIT_USAGE);
	/* ipmitool's and FreeIPMI's password flags are refused, not taken. */
	assert_int_equal(parse(&g, &idx, ARGV("-P", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-p", "secret", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("--password=secret", "info")),
			 EXIT_USAGE);
	/* FreeIPMI's -h HOST gets a pointer to -H. */
	assert_int_equal(parse(&g, &idx, ARGV("-h", "bmc", "info")), EXIT_USAGE);
}

static void repeated_options_add_up_or_are_refused(void **state)
{
	struct globals g;
	int idx = 0;

	(void)state;
	assert_int_equal(parse(&g, &idx, ARGV("-H", "a", "-H", "b:623", "-r",
					      "x", "-r", "y", "info")),
			 EXIT_OK);
	assert_string_equal(g.bmc_hosts, "a,b:623");
	assert_string_equal(g.rig_names, "x,y");
	assert_int_equal(parse(&g, &idx, ARGV("-W", "opensesspriv", "-W",
					      "authcap", "info")),
			 EXIT_OK);
	assert_int_equal(g.workarounds,
			 RIG_WORKAROUND_OPENSESSPRIV | RIG_WORKAROUND_AUTHCAP);
	assert_int_equal(parse(&g, &idx, ARGV("-U", "a", "-U", "b", "info")),
			 EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("--timeout", "100", "--timeout",
					      "200", "info")),
			 EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-o", "json", "--output=json",
					      "info")),
			 EXIT_USAGE);
	/* Flags may repeat: nothing is lost. */
	assert_int_equal(parse(&g, &idx, ARGV("-v", "-v", "--yes", "--yes",
					      "info")),
			 EXIT_OK);
	assert_int_equal(g.verbose, 2);
	/* Empty values are refused where they are given. */
	assert_int_equal(parse(&g, &idx, ARGV("--ssh", "", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-U", "", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-c", "", "info")), EXIT_USAGE);
	assert_int_equal(parse(&g, &idx, ARGV("-H", "", "info")), EXIT_USAGE);
}

static void edit_distance(void **state)
{
	char buf[32];
	const char *const cmds[] = {"power", "sensors", "events", "sdr", NULL};

	(void)state;
	assert_int_equal(cli_distance("sensrs", 6, "sensors", 7), 1);
	/* A transposition is one edit. */
	assert_int_equal(cli_distance("timeotu", 7, "timeout", 7), 1);
	assert_int_equal(cli_distance("abc", 3, "xyz", 3), 3);
	assert_int_equal(cli_distance("", 0, "four", 4), 4);
	assert_int_equal(cli_distance("same", 4, "same", 4), 0);
	assert_string_equal(cli_suggest_list("sensrs", cmds, buf, sizeof(buf)),
			    "sensors");
	assert_string_equal(cli_suggest_list("evnets", cmds, buf, sizeof(buf)),
			    "events");
	assert_string_equal(cli_suggest_list("sen", cmds, buf, sizeof(buf)),
			    "sensors");
	/* Nothing is close: no suggestion rather than a wild one. */
	assert_null(cli_suggest_list("frobnicate", cmds, buf, sizeof(buf)));
	/* Two edits of a three-letter word would match anything. */
	assert_null(cli_suggest_list("xyr", cmds, buf, sizeof(buf)));
}

static void command_option_lists(void **state)
{
	const char *spec = "since=,last=,wait?,help,h";
	int kind = -1;

	(void)state;
	assert_int_equal(cli_spec_match(spec, "since", 5, false, &kind), 1);
	assert_int_equal(kind, CLI_VALUE);
	assert_int_equal(cli_spec_match(spec, "wait", 4, false, &kind), 1);
	assert_int_equal(kind, CLI_OPTIONAL);
	assert_int_equal(cli_spec_match(spec, "help", 4, false, &kind), 1);
	assert_int_equal(kind, CLI_FLAG);
	assert_int_equal(cli_spec_match(spec, "sin", 3, false, &kind), 0);
	assert_int_equal(cli_spec_match(spec, "sin", 3, true, &kind), 1);
	/* "h" is a short option, never a long one. */
	assert_int_equal(cli_spec_match(spec, "h", 1, false, &kind), 0);
	assert_true(cli_spec_short(spec, 'h', &kind));
	assert_false(cli_spec_short(spec, 'H', &kind));
	assert_int_equal(cli_spec_match("", "x", 1, true, &kind), 0);
}

static void globals_are_taken_from_after_the_command(void **state)
{
	char *argv[] = {"sensors", "-H", "bmc1", "--name", "-H", "-o", "json",
			"--thresholds", "--timeout=500", "-vU", "admin", "--",
			"-v", NULL};
	char *gl[16];
	int ng = 0, nc = 0;

	(void)state;
	assert_int_equal(cli_extract("sensors", "type=,name=,thresholds,help", 13,
				     argv, gl, &ng, &nc),
			 EXIT_OK);
	/* --name's value "-H" is the command's; "--" and all after it too. */
	assert_int_equal(nc, 6);
	assert_string_equal(argv[1], "--name");
	assert_string_equal(argv[2], "-H");
	assert_string_equal(argv[3], "--thresholds");
	assert_string_equal(argv[4], "--");
	assert_string_equal(argv[5], "-v");
	assert_null(argv[6]);
	assert_int_equal(ng, 7);
	assert_string_equal(gl[0], "-H");
	assert_string_equal(gl[1], "bmc1");
	assert_string_equal(gl[2], "-o");
	assert_string_equal(gl[3], "json");
	assert_string_equal(gl[4], "--timeout=500");
	assert_string_equal(gl[5], "-vU");
	assert_string_equal(gl[6], "admin");
}

static void the_commands_option_wins_after_it(void **state)
{
	char *a1[] = {"power", "--help", "--wait=5", "on", NULL};
	char *a2[] = {"power", "--frob", NULL};
	char *a3[] = {"power", "-x", NULL};
	char *gl[8];
	int ng = 0, nc = 0;
	struct globals g;
	int idx = 0;

	(void)state;
	assert_int_equal(cli_extract("power", "wait?,on-if-off,help", 4, a1, gl,
				     &ng, &nc),
			 EXIT_OK);
	assert_int_equal(nc, 4);
	assert_int_equal(ng, 0);
	assert_int_equal(cli_extract("power", "wait?,help", 2, a2, gl, &ng, &nc),
			 EXIT_USAGE);
	assert_int_equal(cli_extract("power", "wait?,help", 2, a3, gl, &ng, &nc),
			 EXIT_USAGE);
	/* A value given before and after the command is given twice. */
	{
		char *argv[] = {"info", "-U", "b", NULL};

		assert_int_equal(parse(&g, &idx, ARGV("-U", "a", "info")), EXIT_OK);
		assert_int_equal(globals_after_command(&g, "info", "help", 3,
						       argv, &nc),
				 EXIT_USAGE);
	}
	{
		char *argv[] = {"info", "-H", "b", "-o", "json", NULL};

		assert_int_equal(parse(&g, &idx, ARGV("-H", "a", "info")), EXIT_OK);
		assert_int_equal(globals_after_command(&g, "info", "help", 5,
						       argv, &nc),
				 EXIT_OK);
		assert_int_equal(nc, 1);
		assert_string_equal(g.bmc_hosts, "a,b");
		assert_int_equal(g.output, OUT_JSON);
	}
}

static void exit_codes_match_the_contract(void **state)
{
	(void)state;
	assert_int_equal(exit_code_of(RIG_OK), 0);
	assert_int_equal(exit_code_of(RIG_E_BMC), 1);
	assert_int_equal(exit_code_of(RIG_E_STATE), 1);
	assert_int_equal(exit_code_of(RIG_E_WAIT_TIMEOUT), 1);
	assert_int_equal(exit_code_of(RIG_E_INVALID), 2);
	assert_int_equal(exit_code_of(RIG_E_UNREACHABLE), 3);
	assert_int_equal(exit_code_of(RIG_E_HOSTKEY), 3);
	assert_int_equal(exit_code_of(RIG_E_AUTH), 4);
	assert_int_equal(exit_code_of(RIG_E_PRIVILEGE), 4);
	assert_int_equal(exit_code_of(RIG_E_UNSUPPORTED), 5);
	assert_int_equal(exit_code_of(RIG_E_NOT_AVAILABLE), 5);
	assert_int_equal(exit_code_of(RIG_E_PARTIAL), 6);
	/* Over several rigs. */
	assert_int_equal(exit_code_fold(exit_code_fold(-1, 0), 0), 0);
	assert_int_equal(exit_code_fold(exit_code_fold(-1, 3), 3), 3);
	assert_int_equal(exit_code_fold(exit_code_fold(-1, 0), 3), 6);
	assert_int_equal(exit_code_fold(exit_code_fold(-1, 3), 4), 6);
}

/* The library's messages name no option (tests/no-flags.sh); the remedy
 * the user reads is rigctl's, one per hint, in rigctl's options. */
static void every_hint_has_rigctl_advice(void **state)
{
	(void)state;
	assert_null(hint_advice(RIG_HINT_NONE));
	assert_null(hint_advice((rig_hint)999)); /* a newer library's */
	for (int h = RIG_HINT_NONE + 1; h <= RIG_HINT_TIMEOUT; h++)
		assert_non_null(hint_advice((rig_hint)h));
	assert_non_null(strstr(hint_advice(RIG_HINT_ON_IF_OFF), "--on-if-off"));
	assert_non_null(strstr(hint_advice(RIG_HINT_NEED_BMC_OR_WOL), "--mac"));
	assert_non_null(strstr(hint_advice(RIG_HINT_NEED_BMC_OR_WOL), "-H"));
	assert_non_null(strstr(hint_advice(RIG_HINT_PRIVILEGE), "-L operator"));
	assert_non_null(strstr(hint_advice(RIG_HINT_KG), "--kg-file"));
	assert_non_null(strstr(hint_advice(RIG_HINT_WORKAROUND_OPENSESSPRIV),
			       "-W opensesspriv"));
	assert_non_null(strstr(hint_advice(RIG_HINT_HOST_KEY_UNKNOWN),
			       "--accept-new-host-key"));
	assert_non_null(strstr(hint_advice(RIG_HINT_TIMEOUT), "--timeout"));
}

static char *write_file(const char *content, mode_t mode)
{
	char *path = strdup("/tmp/rigctl-secret-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void secret_files_are_checked(void **state)
{
	char *out = NULL, *p;
	size_t len = 0;

	(void)state;
	p = write_file("s3cret\nsecond line ignored\n", 0600);
	assert_int_equal(secret_file_read(p, "password file", &out, &len), EXIT_OK);
	assert_string_equal(out, "s3cret");
	assert_int_equal(len, 6);
	secret_free(out, len);
	unlink(p);
	free(p);

	p = write_file("crlf\r\n", 0400);
	assert_int_equal(secret_file_read(p, "password file", &out, &len), EXIT_OK);
	assert_string_equal(out, "crlf");
	secret_free(out, len);
	unlink(p);
	free(p);

	p = write_file("s3cret\n", 0644); /* readable by others */
	assert_int_equal(secret_file_read(p, "password file", &out, &len),
			 EXIT_USAGE);
	assert_null(out);
	unlink(p);
	free(p);

	p = write_file("s3cret\n", 0620); /* writable by group */
	assert_int_equal(secret_file_read(p, "password file", &out, &len),
			 EXIT_USAGE);
	unlink(p);
	free(p);

	p = write_file("\n", 0600);
	assert_int_equal(secret_file_read(p, "password file", &out, &len),
			 EXIT_USAGE);
	unlink(p);
	free(p);

	assert_int_equal(secret_file_read("/nonexistent/pw", "password file",
					  &out, &len),
			 EXIT_USAGE);
	assert_int_equal(secret_file_read("/tmp", "password file", &out, &len),
			 EXIT_USAGE);
}

static void kg_keys(void **state)
{
	struct globals g;
	unsigned char *kg = NULL;
	size_t len = 0;
	char *p;

	(void)state;
	globals_init(&g);
	p = write_file("0x0102aBcD\n", 0600);
	g.kg_file = p;
	assert_int_equal(secret_kg(&g, &kg, &len), EXIT_OK);
	assert_int_equal(len, 4);
	assert_int_equal(kg[0], 0x01);
	assert_int_equal(kg[3], 0xcd);
	secret_free(kg, len + 1);
	unlink(p);
	free(p);

	p = write_file("0x01zz\n", 0600);
	g.kg_file = p;
	assert_int_equal(secret_kg(&g, &kg, &len), EXIT_USAGE);
	assert_null(kg);
	unlink(p);
	free(p);

	p = write_file("plainkey\n", 0600);
	g.kg_file = p;
	assert_int_equal(secret_kg(&g, &kg, &len), EXIT_OK);
	assert_int_equal(len, 8);
	assert_memory_equal(kg, "plainkey", 8);
	secret_free(kg, len);
	unlink(p);
	free(p);
}

static void env_password_is_taken_and_wiped(void **state)
{
	struct globals g;
	char *pw = NULL;

	(void)state;
	globals_init(&g);
	setenv("IPMI_PASSWORD", "fromipmi", 1);
	setenv("RIGCTL_PASSWORD", "fromrigctl", 1);
	assert_int_equal(secret_password(&g, "rig01", &pw), EXIT_OK);
	assert_string_equal(pw, "fromrigctl"); /* RIGCTL_ wins */
	assert_null(getenv("RIGCTL_PASSWORD"));
	assert_null(getenv("IPMI_PASSWORD"));
	secret_free(pw, strlen(pw));
}

static void prometheus_labels_are_escaped(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(prom_label("a\"b\\c\nd", buf, sizeof(buf)),
			    "a\\\"b\\\\c\\nd");
	assert_string_equal(prom_label("plain", buf, sizeof(buf)), "plain");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(globals_are_parsed),
		cmocka_unit_test(defaults),
		cmocka_unit_test(command_options_are_not_globals),
		cmocka_unit_test(bad_values_are_usage_errors),
		cmocka_unit_test(repeated_options_add_up_or_are_refused),
		cmocka_unit_test(edit_distance),
		cmocka_unit_test(command_option_lists),
		cmocka_unit_test(globals_are_taken_from_after_the_command),
		cmocka_unit_test(the_commands_option_wins_after_it),
		cmocka_unit_test(exit_codes_match_the_contract),
		cmocka_unit_test(every_hint_has_rigctl_advice),
		cmocka_unit_test(secret_files_are_checked),
		cmocka_unit_test(kg_keys),
		cmocka_unit_test(env_password_is_taken_and_wiped),
		cmocka_unit_test(prometheus_labels_are_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

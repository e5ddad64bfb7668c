/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The path-agnostic event logic against fake backends: the composite
 * cursor (parsing defensively), the BMC's cursor part, merging two paths
 * by time, a failing path keeping its cursor part, --last, ECC tallies,
 * the check state file (parse, foreign, corrupt) and rig_check across runs
 * (report once, set a corrupt state aside, unknown on failure).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "paths/bmc/sel.h"
#include "api/check_state.h"
#include "codec/cursor.h"
#include "api/ecc.h"
#include "core/internal.h"

/* ------------------------------------------------------------ cursor */

static void test_cursor_roundtrip(void **state)
{
	struct cursor_parts p = {{NULL, NULL}}, q;
	const char *why;
	char *text;

	(void)state;
	p.part[0] = strdup("0005.65a1b2c3.65a1b2c3.ffffffff.5");
	p.part[1] = strdup("s=abc;i=12,x=%y z");
	text = cursor_join(&p);
	assert_non_null(text);
	/* shell-safe: nothing but [A-Za-z0-9._:/+-=,%] */
	assert_int_equal(strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
				      "KLMNOPQRSTUVWXYZ0123456789._:/+-=,%"),
			 strlen(text));
	assert_int_equal(cursor_split(text, &q, &why), RIG_OK);
	assert_string_equal(q.part[0], p.part[0]);
	assert_string_equal(q.part[1], p.part[1]);
	cursor_parts_free(&q);
	free(text);
	cursor_parts_free(&p);
	text = cursor_join(&p);
	assert_string_equal(text, "v1");
	assert_int_equal(cursor_split(text, &q, &why), RIG_OK);
	assert_null(q.part[0]);
	free(text);
}

static void test_cursor_garbage(void **state)
{
	static const char *const bad[] = {
		"", "v2", "v1x", "v1,", "v1,bmc", "v1,bmc=", "v1,gpu=1",
		"v1,bmc=1,bmc=2", "v1,bmc=a b", "v1,bmc=%zz", "v1,bmc=%0",
		"v1,bmc=%00", "v1;bmc=1", "V1,bmc=1", "v1,=1", "v1,,bmc=1",
	};
	struct cursor_parts q;
	const char *why;
	char *huge;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(cursor_split(bad[i], &q, &why), RIG_E_INVALID);
		assert_non_null(why);
		assert_null(q.part[0]);
		assert_null(q.part[1]);
	}
	assert_int_equal(cursor_split(NULL, &q, &why), RIG_E_INVALID);
	huge = malloc(CURSOR_MAX_LEN + 16);
	memset(huge, 'a', CURSOR_MAX_LEN + 15);
	memcpy(huge, "v1,bmc=", 7);
	huge[CURSOR_MAX_LEN + 15] = '\0';
	assert_int_equal(cursor_split(huge, &q, &why), RIG_E_INVALID);
	free(huge);
}

static void test_sel_cursor(void **state)
{
	struct sel_cursor c = {0x0005, 0x65a1b2c3, 0x65a1b2c4, 0xffffffff, 5};
	struct sel_cursor d;
	char *text = sel_cursor_format(&c);

	(void)state;
	assert_string_equal(text, "0005.65a1b2c3.65a1b2c4.ffffffff.5");
	assert_true(sel_cursor_parse(text, &d));
	assert_int_equal(d.last_id, c.last_id);
	assert_int_equal(d.last_ts, c.last_ts);
	assert_int_equal(d.last_add, c.last_add);
	assert_int_equal(d.last_erase, c.last_erase);
	assert_int_equal(d.entries, c.entries);
	free(text);
	assert_false(sel_cursor_parse("0005.65a1b2c3.65a1b2c4.ffffffff.", &d));
	assert_false(sel_cursor_parse("0005.65a1b2c3.65a1b2c4.ffffffff.x", &d));
	assert_false(sel_cursor_parse("0005.65A1B2C3.65a1b2c4.ffffffff.5", &d));
	assert_false(sel_cursor_parse("0000.65a1b2c3.65a1b2c4.ffffffff.5", &d));
	assert_false(sel_cursor_parse("0005-65a1b2c3.65a1b2c4.ffffffff.5", &d));
	assert_false(sel_cursor_parse("0005.65a1b2c3.65a1b2c4.ffffffff.65536", &d));
	assert_false(sel_cursor_parse("0005.65a1b2c3.65a1b2c4.ffffffff.99999999999", &d));
	assert_false(sel_cursor_parse("", &d));
	assert_false(sel_cursor_parse(NULL, &d));
}

/* ------------------------------------------------------------ fakes */

/* A path whose log is times[0..n): event i has id "i+1".  Its cursor
 * part is the last id listed. */
struct fake_log {
	rig_path path;
	const int64_t *times;
	size_t n;
	rig_status fail;
	bool ecc;
	char last_since[64]; /* the part this path was last given */
};

static rig_status fake_events(rig *r, void *priv, const char *since,
			      size_t last, rig_event_list *out, char **next)
{
	struct fake_log *f = priv;
	size_t from = since != NULL ? (size_t)atoi(since) : 0, start;
	char buf[32];

	snprintf(f->last_since, sizeof(f->last_since), "%s",
		 since != NULL ? since : "(none)");
	if (f->fail != RIG_OK)
		return rig__fail(r, f->path, f->fail, "fake %s down",
				rig_path_name(f->path));
	if (since != NULL && strcmp(since, "bad") == 0)
		return rig__fail(r, f->path, RIG_E_INVALID, "bad part");
	start = last > 0 && f->n - from > last ? f->n - last : from;
	for (size_t i = start; i < f->n; i++) {
		rig_event *e = rig__event_list_add(out);

		snprintf(buf, sizeof(buf), "%zu", i + 1);
		e->id = strdup(buf);
		e->source = f->path;
		e->has_time = f->times[i] >= 0;
		e->time = f->times[i];
		e->severity = RIG_SEVERITY_WARNING;
		e->ecc = f->ecc ? RIG_ECC_CORRECTABLE : RIG_ECC_NONE;
		e->sensor = strdup(f->path == RIG_PATH_BMC ? "DIMM ECC" : "mc0");
		e->description = strdup("fake");
	}
	snprintf(buf, sizeof(buf), "%zu", f->n);
	*next = strdup(buf);
	return RIG_OK;
}

static const struct rig_backend_ops fake_bmc = {
	.path = RIG_PATH_BMC, .caps = RIG_CAP_SEL | RIG_CAP_ECC,
	.events = fake_events};
static const struct rig_backend_ops fake_ssh = {
	.path = RIG_PATH_SSH, .caps = RIG_CAP_KERNEL_EVENTS,
	.events = fake_events};

static rig *fake_rig(struct fake_log *bmc, struct fake_log *ssh)
{
	rig *r = NULL;

	assert_int_equal(rig_new("fake", &r), RIG_OK);
	if (bmc != NULL) {
		r->bmc.ops = &fake_bmc;
		r->bmc.priv = bmc;
	}
	if (ssh != NULL) {
		r->ssh.ops = &fake_ssh;
		r->ssh.priv = ssh;
	}
	return r;
}

static void ids(const rig_event_list *l, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < l->count && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%c%s", i ? " " : "",
				      l->items[i].source == RIG_PATH_BMC ? 'b' : 's',
				      l->items[i].id);
}

static void test_merge_by_time(void **state)
{
	/* the SEL has a pre-init record (no time) after record 1 */
	const int64_t bt[] = {100, -1, 300, 250};
	const int64_t st[] = {150, 260, 400};
	struct fake_log b = {RIG_PATH_BMC, bt, 4, RIG_OK, false, ""};
	struct fake_log s = {RIG_PATH_SSH, st, 3, RIG_OK, false, ""};
	rig *r = fake_rig(&b, &s);
	rig_event_list *l = NULL;
	rig_events_options o;
	char buf[128];

	(void)state;
	assert_int_equal(rig_events_list(r, NULL, &l), RIG_OK);
	ids(l, buf, sizeof(buf));
	/* each path keeps its order (b4 after b3 though older) */
	assert_string_equal(buf, "b1 b2 s1 s2 b3 b4 s3");
	assert_string_equal(l->cursor, "v1,bmc=4,ssh=3");
	rig_event_list_free(l);

	rig_events_options_init(&o, RIG_EVENTS_OPTIONS_VERSION);
	o.last = 2;
	assert_int_equal(rig_events_list(r, &o, &l), RIG_OK);
	ids(l, buf, sizeof(buf));
	assert_string_equal(buf, "b4 s3");
	rig_event_list_free(l);

	o.last = 0;
	o.since = "v1,bmc=3,ssh=3";
	assert_int_equal(rig_events_list(r, &o, &l), RIG_OK);
	ids(l, buf, sizeof(buf));
	assert_string_equal(buf, "b4");
	assert_string_equal(b.last_since, "3");
	rig_event_list_free(l);
	rig_free(r);
}

static void test_failing_path_keeps_its_part(void **state)
{
	const int64_t bt[] = {100, 200};
	const int64_t st[] = {150};
	struct fake_log b = {RIG_PATH_BMC, bt, 2, RIG_OK, false, ""};
	struct fake_log s = {RIG_PATH_SSH, st, 1, RIG_E_UNREACHABLE, false, ""};
	rig *r = fake_rig(&b, &s);
	rig_event_list *l = NULL;
	rig_events_options o;

	(void)state;
	rig_events_options_init(&o, RIG_EVENTS_OPTIONS_VERSION);
	o.since = "v1,bmc=1,ssh=s%3D7";
	assert_int_equal(rig_events_list(r, &o, &l), RIG_E_PARTIAL);
	assert_non_null(l);
	assert_int_equal(l->count, 1);
	assert_string_equal(l->cursor, "v1,bmc=2,ssh=s%3D7");
	assert_int_equal(rig_error_count(r), 1);
	rig_event_list_free(l);

	b.fail = RIG_E_UNREACHABLE;
	assert_int_equal(rig_events_list(r, &o, &l), RIG_E_UNREACHABLE);
	assert_null(l);
	rig_free(r);
}

static void test_invalid_cursor(void **state)
{
	const int64_t bt[] = {100};
	struct fake_log b = {RIG_PATH_BMC, bt, 1, RIG_OK, false, ""};
	rig *r = fake_rig(&b, NULL);
	rig_event_list *l = NULL;
	rig_events_options o;

	(void)state;
	rig_events_options_init(&o, RIG_EVENTS_OPTIONS_VERSION);
	o.since = "v1,bmc=1,zzz=2";
	assert_int_equal(rig_events_list(r, &o, &l), RIG_E_INVALID);
	assert_null(l);
	assert_non_null(strstr(rig_errormsg(r), "not valid"));
	o.version = 99;
	assert_int_equal(rig_events_list(r, &o, &l), RIG_E_INVALID);
	rig_free(r);
}

static void test_ecc_tally(void **state)
{
	const int64_t bt[] = {300, -1, 100, 200};
	struct fake_log b = {RIG_PATH_BMC, bt, 4, RIG_OK, true, ""};
	rig *r = fake_rig(&b, NULL);
	rig_ecc_report *rep = NULL;

	(void)state;
	assert_int_equal(rig_ecc_status(r, &rep), RIG_OK);
	assert_int_equal(rep->count, 1);
	assert_int_equal(rep->items[0].count, 4);
	assert_int_equal(rep->items[0].kind, RIG_ECC_CORRECTABLE);
	assert_string_equal(rep->items[0].sensor, "DIMM ECC");
	assert_null(rep->items[0].dimm);
	assert_int_equal(rep->items[0].first_seen, 100);
	assert_int_equal(rep->items[0].last_seen, 300);
	assert_int_equal(rep->paths, RIG_PATH_BMC);
	rig_ecc_report_free(rep);
	rig_free(r);

	/* no path that can report memory errors */
	r = fake_rig(NULL, NULL);
	assert_int_equal(rig_ecc_status(r, &rep), RIG_E_NOT_AVAILABLE);
	assert_null(rep);
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_NEED_BMC_OR_SSH);
	rig_free(r);
}

/* ------------------------------------------------------------ state */

static void test_state_parse(void **state)
{
	struct check_state st, back;
	const char *why;
	char *text;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.cursor = strdup("v1,bmc=5");
	ecc_entry(&st.counters, RIG_PATH_SSH, "mc0", "DIMM_A1",
		  RIG_ECC_CORRECTABLE)->count = 7;
	ecc_entry(&st.counters, RIG_PATH_SSH, "mc0\tx", NULL,
		  RIG_ECC_UNCORRECTABLE)->count = 1;
	/* names that escaping must keep apart */
	ecc_entry(&st.counters, RIG_PATH_SSH, "-", "%41", RIG_ECC_OTHER)->count = 2;
	ecc_entry(&st.counters, RIG_PATH_SSH, NULL, "A", RIG_ECC_OTHER)->count = 3;
	text = check_state_format(&st, "rig01");
	assert_non_null(text);
	assert_int_equal(check_state_parse(text, "rig01", &back, &why),
			 STATE_PARSED);
	assert_string_equal(back.cursor, "v1,bmc=5");
	assert_int_equal(back.counters.count, 4);
	assert_string_equal(back.counters.items[2].sensor, "-");
	assert_string_equal(back.counters.items[2].dimm, "%41");
	assert_null(back.counters.items[3].sensor);
	assert_string_equal(back.counters.items[3].dimm, "A");
	assert_int_equal(back.counters.items[0].count, 7);
	assert_string_equal(back.counters.items[0].dimm, "DIMM_A1");
	assert_string_equal(back.counters.items[1].sensor, "mc0\tx");
	assert_null(back.counters.items[1].dimm);
	check_state_clear(&back);
	assert_int_equal(check_state_parse(text, "rig02", &back, &why),
			 STATE_FOREIGN);
	/* every truncation of a good file is corrupt, never half-read */
	for (size_t n = 0; n + 1 < strlen(text); n++) {
		char *cut = strndup(text, n);

		assert_int_not_equal(check_state_parse(cut, "rig01", &back, &why),
				     STATE_PARSED);
		assert_null(back.cursor);
		free(cut);
	}
	free(text);
	check_state_clear(&st);
	assert_int_equal(check_state_parse("rigctl-check-state 1\nrig\tr\n"
					   "cursor\ta\ncursor\tb\nend\n",
					   "r", &back, &why),
			 STATE_CORRUPT);
	assert_int_equal(check_state_parse("rigctl-check-state 1\nrig\tr\n"
					   "ecc\tgpu\tcorrectable\t1\tx\t-\nend\n",
					   "r", &back, &why),
			 STATE_CORRUPT);
	assert_int_equal(check_state_parse("rigctl-check-state 1\nrig\tr\nend\n"
					   "more\n", "r", &back, &why),
			 STATE_CORRUPT);
	assert_int_equal(check_state_parse("rigctl-check-state 2\nrig\tr\nend\n",
					   "r", &back, &why),
			 STATE_CORRUPT);
}

/* The format before the file named the library: same lines, old first
 * line.  It must load whole (an upgrade that dropped the cursor would
 * report every old event again); what is written is the new format. */
static void test_state_old_format(void **state)
{
	static const char old[] = "rigctl-check-state 1\nrig\trig01\n"
				  "cursor\tv1,bmc=5\n"
				  "ecc\tssh\tcorrectable\t7\tmc0\tDIMM_A1\nend\n";
	struct check_state st;
	const char *why;
	char *text;

	(void)state;
	assert_int_equal(check_state_parse(old, "rig01", &st, &why),
			 STATE_PARSED);
	assert_string_equal(st.cursor, "v1,bmc=5");
	assert_int_equal(st.counters.count, 1);
	assert_int_equal(st.counters.items[0].count, 7);
	assert_int_equal(st.counters.items[0].source, RIG_PATH_SSH);
	text = check_state_format(&st, "rig01");
	assert_non_null(text);
	assert_memory_equal(text, "libipmirig-check-state 3\n", 25);
	assert_null(strstr(text, "rigctl"));
	/* the rest of the file is the old format's, line for line */
	assert_string_equal(strchr(text, '\n'), strchr(old, '\n'));
	check_state_clear(&st);
	free(text);
	/* neither first line with a version of its own is read */
	assert_int_equal(check_state_parse("libipmirig-check-state 1\nrig\tr\n"
					   "end\n", "r", &st, &why),
			 STATE_CORRUPT);
	assert_int_equal(check_state_parse("libipmirig-check-state 4\nrig\tr\n"
					   "end\n", "r", &st, &why),
			 STATE_CORRUPT);
	/* version 2 (before held lines) is read; its lines are 3's */
	assert_int_equal(check_state_parse("libipmirig-check-state 2\nrig\tr\n"
					   "cursor\tc\nend\n", "r", &st, &why),
			 STATE_PARSED);
	check_state_clear(&st);
	/* held lines survive a round trip, text escapes included */
	assert_true(check_state_hold(&st, 1700000000123, RIG_CHECK_ITEM_ECC,
				     RIG_STATE_CRITICAL, "SEL 5\tbad %"));
	text = check_state_format(&st, "r");
	check_state_clear(&st);
	assert_int_equal(check_state_parse(text, "r", &st, &why), STATE_PARSED);
	free(text);
	assert_int_equal(st.held_count, 1);
	assert_int_equal(st.held[0].since_ms, 1700000000123);
	assert_int_equal(st.held[0].kind, RIG_CHECK_ITEM_ECC);
	assert_int_equal(st.held[0].state, RIG_STATE_CRITICAL);
	assert_string_equal(st.held[0].text, "SEL 5\tbad %");
	check_state_clear(&st);
	assert_int_equal(check_state_parse("libipmirig-check-state 3\nrig\tr\n"
					   "held\t1\tecc\tbogus\tx\nend\n",
					   "r", &st, &why),
			 STATE_CORRUPT);
}

static char tmpdir[] = "/tmp/test-events-logic.XXXXXX";

static rig_check_result *run_check(rig *r, const char *path, rig_status want)
{
	rig_check_options o;
	rig_check_result *res = NULL;

	rig_check_options_init(&o, RIG_CHECK_OPTIONS_VERSION);
	o.state_path = path;
	assert_int_equal(rig_check(r, &o, &res), want);
	assert_non_null(res);
	return res;
}

static void test_check_across_runs(void **state)
{
	int64_t bt[] = {100, 200, 300};
	struct fake_log b = {RIG_PATH_BMC, bt, 2, RIG_OK, false, ""};
	rig *r = fake_rig(&b, NULL);
	rig_check_result *res;
	char path[256];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/check.state", tmpdir);
	res = run_check(r, path, RIG_OK);
	assert_true(res->first_run);
	assert_int_equal(res->state, RIG_STATE_WARNING);
	assert_int_equal(res->new_events, 2);
	rig_check_result_free(res);

	res = run_check(r, path, RIG_OK);
	assert_false(res->first_run);
	assert_int_equal(res->state, RIG_STATE_OK);
	assert_int_equal(res->count, 0);
	rig_check_result_free(res);

	b.n = 3; /* one more event */
	res = run_check(r, path, RIG_OK);
	assert_int_equal(res->new_events, 1);
	assert_string_equal(res->items[0].event->id, "3");
	rig_check_result_free(res);

	/* a failing path: unknown, and the cursor stays */
	b.fail = RIG_E_UNREACHABLE;
	res = run_check(r, path, RIG_E_UNREACHABLE);
	assert_int_equal(res->state, RIG_STATE_UNKNOWN);
	assert_int_equal(res->items[0].kind, RIG_CHECK_ITEM_NOTE);
	rig_check_result_free(res);
	b.fail = RIG_OK;
	res = run_check(r, path, RIG_OK);
	assert_int_equal(res->state, RIG_STATE_OK);
	rig_check_result_free(res);

	/* corrupt: set aside, noted, everything new again */
	f = fopen(path, "w");
	fputs("junk\n", f);
	fclose(f);
	res = run_check(r, path, RIG_OK);
	assert_true(res->first_run);
	assert_int_equal(res->new_events, 3);
	assert_int_equal(res->items[0].kind, RIG_CHECK_ITEM_NOTE);
	assert_non_null(strstr(res->items[0].text, "set aside"));
	rig_check_result_free(res);
	rig_free(r);
}

static void test_check_lock_and_options(void **state)
{
	const int64_t bt[] = {100};
	struct fake_log b = {RIG_PATH_BMC, bt, 1, RIG_OK, false, ""};
	rig *r = fake_rig(&b, NULL);
	rig_check_options o;
	rig_check_result *res = NULL;
	char path[256];
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/locked.state", tmpdir);
	fd = check_lock(r, path, 0);
	assert_true(fd >= 0);
	rig_check_options_init(&o, RIG_CHECK_OPTIONS_VERSION);
	o.state_path = path;
	o.lock_timeout_ms = 100;
	/* flock locks belong to the open file: a second open waits */
	assert_int_equal(rig_check(r, &o, &res), RIG_E_STATE);
	assert_null(res);
	assert_non_null(strstr(rig_errormsg(r), "still holds"));
	close(fd);
	assert_int_equal(rig_check(r, &o, &res), RIG_OK);
	rig_check_result_free(res);
	o.state_path = NULL;
	assert_int_equal(rig_check(r, &o, &res), RIG_E_INVALID);
	assert_int_equal(rig_state_worst(RIG_STATE_UNKNOWN, RIG_STATE_WARNING),
			 RIG_STATE_WARNING);
	assert_int_equal(rig_state_worst(RIG_STATE_OK, RIG_STATE_UNKNOWN),
			 RIG_STATE_UNKNOWN);
	assert_int_equal(rig_state_worst(RIG_STATE_CRITICAL, RIG_STATE_WARNING),
			 RIG_STATE_CRITICAL);
	rig_free(r);
}

static rig_check_result *deferred(rig *r, const rig_check_options *o,
				   size_t want_new, rig_state want_state)
{
	rig_check_result *res = NULL;

	assert_int_equal(rig_check(r, o, &res), RIG_OK);
	assert_non_null(res);
	assert_int_equal(res->new_events, want_new);
	assert_int_equal(res->state, want_state);
	return res;
}

/* The state advances only at rig_check_commit(); a baseline reports
 * nothing; a held event stays at its state until its time is up or an
 * acknowledgement comes. */
static void test_check_deferred_baseline_hold(void **state)
{
	const int64_t bt[] = {100, 200, 300};
	struct fake_log b = {RIG_PATH_BMC, bt, 1, RIG_OK, false, ""};
	rig *r = fake_rig(&b, NULL);
	rig_check_options o;
	rig_check_result *res;
	char path[256], ack[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/deferred.state", tmpdir);
	snprintf(ack, sizeof(ack), "%s/deferred.ack", tmpdir);
	rig_check_options_init(&o, RIG_CHECK_OPTIONS_VERSION);
	o.state_path = path;
	o.defer_commit = true;

	/* Freed uncommitted (a report not delivered): nothing written, and
	 * the lock is free again, so the next run reports it again. */
	res = deferred(r, &o, 1, RIG_STATE_WARNING);
	rig_check_result_free(res);
	assert_int_equal(access(path, F_OK), -1);
	res = deferred(r, &o, 1, RIG_STATE_WARNING);
	assert_int_equal(rig_check_commit(r, res), RIG_OK);
	assert_int_equal(rig_check_commit(r, res), RIG_E_INVALID);
	rig_check_result_free(res);
	res = deferred(r, &o, 0, RIG_STATE_OK);
	assert_int_equal(rig_check_commit(r, res), RIG_OK);
	rig_check_result_free(res);

	/* A baseline moves past the new event without a word. */
	b.n = 2;
	o.baseline = true;
	res = deferred(r, &o, 0, RIG_STATE_OK);
	assert_int_equal(res->count, 0);
	assert_int_equal(rig_check_commit(r, res), RIG_OK);
	rig_check_result_free(res);
	o.baseline = false;
	res = deferred(r, &o, 0, RIG_STATE_OK);
	rig_check_result_free(res);

	/* Held: reported, then kept at its state on the next run. */
	b.n = 3;
	o.event_hold_s = 3600;
	o.ack_path = ack;
	res = deferred(r, &o, 1, RIG_STATE_WARNING);
	assert_int_equal(rig_check_commit(r, res), RIG_OK);
	rig_check_result_free(res);
	res = deferred(r, &o, 0, RIG_STATE_WARNING);
	assert_int_equal(res->count, 1);
	assert_non_null(strstr(res->items[0].text, "held"));
	assert_int_equal(rig_check_commit(r, res), RIG_OK);
	rig_check_result_free(res);
	/* Acknowledged: gone, for this and every state file given the ack. */
	assert_int_equal(rig_check_ack(r, ack), RIG_OK);
	res = deferred(r, &o, 0, RIG_STATE_OK);
	assert_int_equal(res->count, 0);
	assert_int_equal(rig_check_commit(r, res), RIG_OK);
	rig_check_result_free(res);
	assert_int_equal(rig_check_ack(r, NULL), RIG_E_INVALID);
	rig_free(r);
}

static rig_status fake_sensors_down(rig *r, void *priv, rig_sensor_list *out)
{
	(void)priv;
	(void)out;
	return rig__fail_hint(r, RIG_PATH_BMC, RIG_E_PRIVILEGE,
			     RIG_HINT_PRIVILEGE, "fake sensors refused");
}

static const struct rig_backend_ops fake_bmc_sensors_down = {
	.path = RIG_PATH_BMC, .caps = RIG_CAP_SEL | RIG_CAP_SENSORS,
	.events = fake_events, .sensors = fake_sensors_down};

/* rig_check runs the bodies of the sensors and events entries one after
 * the other on one error list: the sensors' failure (with its hint) must
 * survive the events part, and must not make that part look failed. */
static void test_check_keeps_each_parts_errors(void **state)
{
	const int64_t bt[] = {100};
	struct fake_log b = {RIG_PATH_BMC, bt, 1, RIG_OK, false, ""};
	rig *r = fake_rig(NULL, NULL);
	rig_check_result *res;
	size_t notes = 0;
	char path[256];

	(void)state;
	r->bmc.ops = &fake_bmc_sensors_down;
	r->bmc.priv = &b;
	snprintf(path, sizeof(path), "%s/parts.state", tmpdir);
	res = run_check(r, path, RIG_E_PARTIAL);
	assert_int_equal(res->new_events, 1);
	/* the new warning event outranks the unknown of the failed part */
	assert_int_equal(res->state, RIG_STATE_WARNING);
	for (size_t i = 0; i < res->count; i++)
		if (res->items[i].kind == RIG_CHECK_ITEM_NOTE) {
			notes++;
			assert_string_equal(res->items[i].text,
					    "sensors could not be read: fake "
					    "sensors refused");
		}
	assert_int_equal(notes, 1);
	assert_int_equal(rig_error_count(r), 1);
	assert_string_equal(rig_errormsg(r), "fake sensors refused");
	assert_int_equal(rig_error_hint_at(r, 0), RIG_HINT_PRIVILEGE);
	rig_check_result_free(res);
	rig_free(r);
}

/* An upgrade: a state file of the old format keeps its cursor, so the
 * first check after it reports nothing old, and is rewritten new. */
static void test_check_reads_old_state(void **state)
{
	const int64_t bt[] = {100, 200, 300};
	struct fake_log b = {RIG_PATH_BMC, bt, 2, RIG_OK, false, ""};
	rig *r = fake_rig(&b, NULL);
	rig_check_result *res;
	char path[256], line[64] = "";
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/old.state", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("rigctl-check-state 1\nrig\tfake\ncursor\tv1,bmc=2\nend\n", f);
	fclose(f);
	b.n = 3;
	res = run_check(r, path, RIG_OK);
	assert_false(res->first_run);
	assert_string_equal(b.last_since, "2");
	assert_int_equal(res->new_events, 1);
	assert_string_equal(res->items[0].event->id, "3");
	rig_check_result_free(res);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	assert_string_equal(line, "libipmirig-check-state 3\n");
	rig_free(r);
}

/* The SEL archive's first line names the library and its version; the
 * record lines are version 1's. */
static void test_sel_archive_header(void **state)
{
	uint8_t raw[1][RIG_SEL_RECORD_LEN] = {
		{0x01, 0x00, 0x02, 0xc3, 0xb2, 0xa1, 0x65, 0x20, 0x00, 0x04,
		 0x0c, 0x01, 0x6f, 0x00, 0xff, 0xff}};
	struct sel_records recs = {1, raw};
	struct bmc b;
	rig *r = fake_rig(NULL, NULL);
	char path[256], line[256];
	FILE *f;

	(void)state;
	memset(&b, 0, sizeof(b));
	b.label = "10.0.0.21:623";
	snprintf(path, sizeof(path), "%s/sel-archive.txt", tmpdir);
	assert_int_equal(bmc_sel_archive(r, &b, path, &recs, true), RIG_OK);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_string_equal(line, "# libipmirig SEL archive 2\n");
	while (fgets(line, sizeof(line), f) != NULL && line[0] == '#')
		;
	fclose(f);
	assert_memory_equal(line, "010002c3b2a1652000040c016f00ffff\t", 33);
	rig_free(r);
}

static int make_tmp(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int drop_tmp(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_roundtrip),
		cmocka_unit_test(test_cursor_garbage),
		cmocka_unit_test(test_sel_cursor),
		cmocka_unit_test(test_merge_by_time),
		cmocka_unit_test(test_failing_path_keeps_its_part),
		cmocka_unit_test(test_invalid_cursor),
		cmocka_unit_test(test_ecc_tally),
		cmocka_unit_test(test_state_parse),
		cmocka_unit_test(test_state_old_format),
		cmocka_unit_test(test_check_across_runs),
		cmocka_unit_test(test_check_lock_and_options),
		cmocka_unit_test(test_check_deferred_baseline_hold),
		cmocka_unit_test(test_check_keeps_each_parts_errors),
		cmocka_unit_test(test_check_reads_old_state),
		cmocka_unit_test(test_sel_archive_header),
	};

	return cmocka_run_group_tests(tests, make_tmp, drop_tmp);
}

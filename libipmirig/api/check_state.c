/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The check state file: parse, format, lock, load, atomic save. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/array.h"
#include "util/hex.h"
#include "api/check_state.h"
#include "api/ecc.h"

/* The file names the library that writes it.  Version 1 named rigctl and
 * has the same lines: it is still read, so that an upgrade keeps the
 * cursor and counters and reports nothing twice. */
#define MAGIC "libipmirig-check-state 3"
#define MAGIC_V2 "libipmirig-check-state 2"
#define MAGIC_V1 "rigctl-check-state 1"
#define ACK_MAGIC "libipmirig-check-ack 1"
#define STATE_MAX_BYTES (1024 * 1024)
#define LOCK_POLL_MS 50u

void check_state_clear(struct check_state *st)
{
	free(st->cursor);
	for (size_t i = 0; i < st->counters.count; i++) {
		free(st->counters.items[i].sensor);
		free(st->counters.items[i].dimm);
	}
	free(st->counters.items);
	for (size_t i = 0; i < st->held_count; i++)
		free(st->held[i].text);
	free(st->held);
	free(st->totals);
	memset(st, 0, sizeof(*st));
}

bool check_state_count(struct check_state *st, rig_path source, bool counter,
		       rig_severity severity, rig_ecc_kind ecc, uint64_t n)
{
	void *items = st->totals;
	rig_check_total *t;

	for (size_t i = 0; i < st->total_count; i++) {
		t = &st->totals[i];
		if (t->source == source && t->counter == counter &&
		    t->severity == severity && t->ecc == ecc) {
			t->count += n;
			return true;
		}
	}
	t = rig__array_add(&items, &st->total_count, sizeof(*t));
	st->totals = items;
	if (t == NULL)
		return false;
	t->source = source;
	t->counter = counter;
	t->severity = severity;
	t->ecc = ecc;
	t->count = n;
	return true;
}

bool check_state_hold(struct check_state *st, int64_t since_ms,
		      rig_check_kind kind, rig_state state, const char *text)
{
	void *items = st->held;
	struct check_held *h = rig__array_add(&items, &st->held_count,
					      sizeof(*h));

	st->held = items;
	if (h == NULL)
		return false;
	h->since_ms = since_ms;
	h->kind = kind;
	h->state = state;
	h->text = strdup(text != NULL ? text : "");
	return h->text != NULL;
}

/*
 * Names go on one tab-separated line: '%', control characters, and a name
 * that is exactly "-" (our "none") are written as %XX.  Reversible, so two
 * different names never become one.
 */
static void put_name(FILE *f, const char *s)
{
	if (strcmp(s, "-") == 0 || s[0] == '\0') {
		fputs(s[0] == '\0' ? "%00" : "%2D", f);
		return;
	}
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[3];

		if (ch < 0x20 || ch == 0x7f || ch == '%')
			fwrite(esc, 1, rig__pct_put(esc, ch, 0), f);
		else
			fputc(ch, f);
	}
}

/* Undo put_name() in place; false for a malformed escape. */
static bool unescape(char *s)
{
	char *o = s;

	if (strcmp(s, "%00") == 0) {
		s[0] = '\0';
		return true;
	}
	for (; *s != '\0'; s++) {
		int c;

		if (*s != '%') {
			*o++ = *s;
			continue;
		}
		c = rig__pct_get(s, strlen(s));
		if (c < 0)
			return false;
		*o++ = (char)c;
		s += 2;
	}
	*o = '\0';
	return true;
}

static bool kind_parse(const char *s, rig_ecc_kind *k)
{
	for (unsigned int i = RIG_ECC_CORRECTABLE; i <= RIG_ECC_OTHER; i++)
		if (strcmp(s, rig_ecc_kind_name((rig_ecc_kind)i)) == 0) {
			*k = (rig_ecc_kind)i;
			return true;
		}
	return false;
}

static bool path_parse(const char *s, rig_path *p)
{
	if (strcmp(s, "bmc") == 0)
		*p = RIG_PATH_BMC;
	else if (strcmp(s, "ssh") == 0)
		*p = RIG_PATH_SSH;
	else
		return false;
	return true;
}

/* "ecc\tpath\tkind\tcount\tsensor\tdimm" without the "ecc\t". */
static bool parse_ecc(char *line, struct check_state *st)
{
	char *f[5], *save = NULL, *end;
	rig_path path;
	rig_ecc_kind kind;
	unsigned long long n;
	rig_ecc_count *c;
	int i = 0;

	for (char *t = strtok_r(line, "\t", &save); t != NULL && i < 5;
	     t = strtok_r(NULL, "\t", &save))
		f[i++] = t;
	if (i != 5 || strtok_r(NULL, "\t", &save) != NULL ||
	    !path_parse(f[0], &path) || !kind_parse(f[1], &kind) ||
	    f[2][0] < '0' || f[2][0] > '9')
		return false;
	errno = 0;
	n = strtoull(f[2], &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	/* "-" is none; a name that is "-" was written as %2D */
	for (int k = 3; k < 5; k++) {
		if (strcmp(f[k], "-") == 0)
			f[k] = NULL;
		else if (!unescape(f[k]))
			return false;
	}
	c = ecc_entry(&st->counters, path, f[3], f[4], kind);
	if (c == NULL || c->count != 0)
		return false; /* a duplicate line is corruption too */
	c->count = n;
	return true;
}

static bool held_kind_parse(const char *s, rig_check_kind *k)
{
	for (unsigned int i = RIG_CHECK_ITEM_SENSOR; i <= RIG_CHECK_ITEM_NOTE; i++)
		if (strcmp(s, rig_check_kind_name((rig_check_kind)i)) == 0) {
			*k = (rig_check_kind)i;
			return true;
		}
	return false;
}

static bool held_state_parse(const char *s, rig_state *st)
{
	static const rig_state states[] = {RIG_STATE_OK, RIG_STATE_WARNING,
					   RIG_STATE_CRITICAL,
					   RIG_STATE_UNKNOWN};

	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(s, rig_state_name(states[i])) == 0) {
			*st = states[i];
			return true;
		}
	return false;
}

/* "held\tsince\tkind\tstate\ttext" without the "held\t". */
static bool parse_held(char *line, struct check_state *st)
{
	char *f[4], *save = NULL, *end;
	rig_check_kind kind;
	rig_state state;
	long long since;
	int i = 0;

	for (char *t = strtok_r(line, "\t", &save); t != NULL && i < 4;
	     t = strtok_r(NULL, "\t", &save))
		f[i++] = t;
	if (i != 4 || strtok_r(NULL, "\t", &save) != NULL ||
	    f[0][0] < '0' || f[0][0] > '9' || !held_kind_parse(f[1], &kind) ||
	    !held_state_parse(f[2], &state) || !unescape(f[3]))
		return false;
	errno = 0;
	since = strtoll(f[0], &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	return check_state_hold(st, since, kind, state, f[3]);
}

static bool severity_parse(const char *s, rig_severity *sev)
{
	for (unsigned int i = RIG_SEVERITY_INFO; i <= RIG_SEVERITY_CRITICAL; i++)
		if (strcmp(s, rig_severity_name((rig_severity)i)) == 0) {
			*sev = (rig_severity)i;
			return true;
		}
	return false;
}

/* "total\tpath\tevent|counter\tseverity\tkind\tcount" without "total\t". */
static bool parse_total(char *line, struct check_state *st)
{
	char *f[5], *save = NULL, *end;
	rig_path path;
	rig_severity sev;
	rig_ecc_kind kind = RIG_ECC_NONE;
	unsigned long long n;
	size_t before = st->total_count;
	int i = 0;

	for (char *t = strtok_r(line, "\t", &save); t != NULL && i < 5;
	     t = strtok_r(NULL, "\t", &save))
		f[i++] = t;
	if (i != 5 || strtok_r(NULL, "\t", &save) != NULL ||
	    !path_parse(f[0], &path) ||
	    (strcmp(f[1], "event") != 0 && strcmp(f[1], "counter") != 0) ||
	    !severity_parse(f[2], &sev) ||
	    (strcmp(f[3], "-") != 0 && !kind_parse(f[3], &kind)) ||
	    f[4][0] < '0' || f[4][0] > '9')
		return false;
	errno = 0;
	n = strtoull(f[4], &end, 10);
	if (errno != 0 || *end != '\0' ||
	    !check_state_count(st, path, f[1][0] == 'c', sev, kind, n))
		return false;
	return st->total_count > before; /* a duplicate line is corruption */
}

static enum state_parse parse_line(char *line, struct check_state *st,
				   const char *rig_name, bool *seen_rig,
				   const char **why)
{
	if (strncmp(line, "rig\t", 4) == 0 && !*seen_rig) {
		*seen_rig = true;
		if (!unescape(line + 4)) {
			*why = "its rig name is malformed";
			return STATE_CORRUPT;
		}
		if (strcmp(line + 4, rig_name) == 0)
			return STATE_PARSED;
		*why = "it belongs to another rig";
		return STATE_FOREIGN;
	}
	if (strncmp(line, "cursor\t", 7) == 0 && *seen_rig &&
	    st->cursor == NULL && line[7] != '\0') {
		st->cursor = strdup(line + 7);
		return st->cursor != NULL ? STATE_PARSED : STATE_CORRUPT;
	}
	if (strncmp(line, "ecc\t", 4) == 0 && *seen_rig &&
	    parse_ecc(line + 4, st))
		return STATE_PARSED;
	if (strncmp(line, "held\t", 5) == 0 && *seen_rig &&
	    parse_held(line + 5, st))
		return STATE_PARSED;
	if (strncmp(line, "total\t", 6) == 0 && *seen_rig &&
	    parse_total(line + 6, st))
		return STATE_PARSED;
	*why = "it has a line libipmirig does not write";
	return STATE_CORRUPT;
}

enum state_parse check_state_parse(const char *text, const char *rig_name,
				   struct check_state *st, const char **why)
{
	char *copy = strdup(text), *save = NULL, *line;
	enum state_parse res = STATE_CORRUPT;
	bool seen_rig = false, ended = false;

	memset(st, 0, sizeof(*st));
	*why = "it is not a check state file of libipmirig";
	if (copy == NULL)
		return STATE_CORRUPT;
	line = strtok_r(copy, "\n", &save);
	if (line != NULL &&
	    (strcmp(line, MAGIC) == 0 || strcmp(line, MAGIC_V2) == 0 ||
	     strcmp(line, MAGIC_V1) == 0)) {
		res = STATE_PARSED;
		*why = "it is truncated";
		while (res == STATE_PARSED && !ended) {
			line = strtok_r(NULL, "\n", &save);
			if (line == NULL)
				res = STATE_CORRUPT;
			else if (strcmp(line, "end") == 0)
				ended = true;
			else
				res = parse_line(line, st, rig_name, &seen_rig, why);
		}
		if (res == STATE_PARSED && (!seen_rig ||
					    strtok_r(NULL, "\n", &save) != NULL)) {
			*why = "it is incomplete or has text after its end";
			res = STATE_CORRUPT;
		}
	}
	free(copy);
	if (res != STATE_PARSED)
		check_state_clear(st);
	return res;
}

char *check_state_format(const struct check_state *st, const char *rig_name)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	fputs(MAGIC "\nrig\t", f);
	put_name(f, rig_name);
	fputc('\n', f);
	if (st->cursor != NULL)
		fprintf(f, "cursor\t%s\n", st->cursor);
	for (size_t i = 0; i < st->counters.count; i++) {
		const rig_ecc_count *c = &st->counters.items[i];

		fprintf(f, "ecc\t%s\t%s\t%" PRIu64 "\t",
			rig_path_name(c->source), rig_ecc_kind_name(c->kind),
			c->count);
		/* no sensor is written as "-", like no DIMM */
		if (c->sensor != NULL)
			put_name(f, c->sensor);
		else
			fputc('-', f);
		fputc('\t', f);
		if (c->dimm != NULL)
			put_name(f, c->dimm);
		else
			fputc('-', f);
		fputc('\n', f);
	}
	for (size_t i = 0; i < st->held_count; i++) {
		const struct check_held *h = &st->held[i];

		fprintf(f, "held\t%lld\t%s\t%s\t", (long long)h->since_ms,
			rig_check_kind_name(h->kind), rig_state_name(h->state));
		put_name(f, h->text);
		fputc('\n', f);
	}
	for (size_t i = 0; i < st->total_count; i++) {
		const rig_check_total *t = &st->totals[i];

		fprintf(f, "total\t%s\t%s\t%s\t%s\t%" PRIu64 "\n",
			rig_path_name(t->source), t->counter ? "counter" : "event",
			rig_severity_name(t->severity),
			t->ecc == RIG_ECC_NONE ? "-" : rig_ecc_kind_name(t->ecc),
			t->count);
	}
	fputs("end\n", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int check_lock(rig *r, const char *path, unsigned int timeout_ms)
{
	char *lock = NULL;
	uint64_t deadline = rig__now_ms() + timeout_ms;
	int fd;

	if (asprintf(&lock, "%s.lock", path) < 0) {
		rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
		return -1;
	}
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		rig__fail(r, RIG_PATH_NONE, RIG_E_IO, "%s: cannot open the lock "
			 "file %s: %s", r->name, lock, strerror(errno));
		free(lock);
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    rig__now_ms() >= deadline) {
			rig__fail(r, RIG_PATH_NONE, RIG_E_STATE,
				 "%s: another check of this rig still holds %s "
				 "after %u ms (a run that hangs?)", r->name,
				 lock, timeout_ms);
			close(fd);
			free(lock);
			return -1;
		}
		rig__sleep_ms(LOCK_POLL_MS);
	}
	free(lock);
	return fd;
}

static char *read_all(const char *path, int *err)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;

	*err = 0;
	if (f == NULL) {
		*err = errno;
		return NULL;
	}
	buf = malloc(STATE_MAX_BYTES + 1);
	n = buf != NULL ? fread(buf, 1, STATE_MAX_BYTES + 1, f) : 0;
	if (buf == NULL || ferror(f)) {
		*err = buf == NULL ? ENOMEM : EIO;
		free(buf);
		buf = NULL;
	} else if (n > STATE_MAX_BYTES || memchr(buf, '\0', n) != NULL) {
		buf[0] = '\0'; /* too big or binary: not ours */
	} else {
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

/* "<path>.bad-<unix time>", with "-N" added if that exists: never replace
 * an earlier bad file (we hold the lock, so no one else renames here). */
static char *set_aside_name(rig *r, const char *path, int *err)
{
	long long now = (long long)time(NULL);
	char *bad = NULL;

	*err = 0;
	for (int n = 0; n < 100; n++) {
		int len = n == 0 ? asprintf(&bad, "%s.bad-%lld", path, now)
				 : asprintf(&bad, "%s.bad-%lld-%d", path, now, n);

		if (len < 0) {
			rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
			return NULL;
		}
		if (link(path, bad) == 0 && unlink(path) == 0)
			return bad;
		*err = errno;
		free(bad);
		bad = NULL;
		if (*err != EEXIST)
			break;
	}
	return NULL;
}

static rig_status set_aside(rig *r, const char *path, const char *why,
			    char **note)
{
	int err, n;
	size_t mark = rig__error_mark(r);
	char *bad = set_aside_name(r, path, &err);

	if (bad == NULL && rig__error_mark(r) > mark)
		return RIG_E_NOMEM;
	if (bad != NULL)
		n = asprintf(note, "the state file %s was set aside as %s because "
				   "%s; starting afresh, so earlier events are "
				   "reported again", path, bad, why);
	else
		n = asprintf(note, "the state file %s is unusable because %s "
				   "(and could not be set aside: %s); starting "
				   "afresh", path, why, strerror(err));
	if (n < 0)
		*note = NULL;
	free(bad);
	return RIG_OK;
}

rig_status check_state_load(rig *r, const char *path, struct check_state *st,
			    bool *first_run, char **note)
{
	const char *why = NULL;
	int err;
	char *text = read_all(path, &err);
	enum state_parse res;

	memset(st, 0, sizeof(*st));
	*note = NULL;
	*first_run = false;
	if (text == NULL && err == ENOENT) {
		*first_run = true;
		return RIG_OK;
	}
	if (text == NULL)
		return rig__fail(r, RIG_PATH_NONE, err == ENOMEM ? RIG_E_NOMEM
							       : RIG_E_IO,
				"%s: cannot read the check state %s: %s", r->name,
				path, strerror(err));
	res = check_state_parse(text, r->name, st, &why);
	free(text);
	if (res == STATE_PARSED)
		return RIG_OK;
	*first_run = true;
	return set_aside(r, path, why, note);
}

/* text to path through a temporary file, fsync, rename; errno or 0. */
static int write_atomic(const char *path, const char *text)
{
	size_t len = strlen(text);
	char *tmp = NULL;
	int fd = -1, err = 0;

	if (asprintf(&tmp, "%s.tmp-XXXXXX", path) < 0)
		return ENOMEM;
	errno = 0;
	fd = mkstemp(tmp);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
		err = errno != 0 ? errno : EIO;
	if (fd >= 0 && close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err != 0 && fd >= 0)
		unlink(tmp);
	free(tmp);
	if (err == 0)
		rig__fsync_dir_of(path);
	return err;
}

rig_status check_state_save(rig *r, const char *path,
			    const struct check_state *st)
{
	char *text = check_state_format(st, r->name);
	int err = text != NULL ? write_atomic(path, text) : ENOMEM;

	free(text);
	if (err == ENOMEM)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	if (err != 0)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_IO,
				"%s: cannot write the check state %s: %s; the "
				"next run will report the same events again",
				r->name, path, strerror(err));
	return RIG_OK;
}

int64_t check_ack_read(const char *path)
{
	int err;
	char *text = read_all(path, &err), *end;
	long long when = 0;
	size_t n = strlen(ACK_MAGIC);

	if (text != NULL && strncmp(text, ACK_MAGIC "\n", n + 1) == 0) {
		errno = 0;
		when = strtoll(text + n + 1, &end, 10);
		if (errno != 0 || strcmp(end, "\nend\n") != 0 || when < 0)
			when = 0; /* not ours: nothing acknowledged */
	}
	free(text);
	return when;
}

rig_status check_ack_write(rig *r, const char *path, int64_t when)
{
	char *text = NULL;
	int err;

	if (asprintf(&text, ACK_MAGIC "\n%lld\nend\n", (long long)when) < 0)
		return rig__fail(r, RIG_PATH_NONE, RIG_E_NOMEM, "out of memory");
	err = write_atomic(path, text);
	free(text);
	if (err != 0)
		return rig__fail(r, RIG_PATH_NONE,
				err == ENOMEM ? RIG_E_NOMEM : RIG_E_IO,
				"%s: cannot write the acknowledgement %s: %s",
				r->name, path, strerror(err));
	return RIG_OK;
}

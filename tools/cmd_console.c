/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rigctl console [--log FILE]: attach the terminal to the rig's serial
 * console (Serial-over-LAN).  The terminal is raw while attached and
 * restored on every way out: the escape, EOF, the BMC ending the session,
 * exit() and the terminating signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util/bytes.h"
#include "rigctl.h"

#define ESCAPE_CHAR '&'

static const char console_help[] =
	"Usage: rigctl [OPTIONS] console [--log FILE]\n"
	"       rigctl [OPTIONS] console --deactivate\n"
	"Attach this terminal to the rig's serial console (Serial-over-LAN).\n"
	"One rig only.  Escapes (type them anywhere):\n"
	"  &.   leave              &B   send a serial break\n"
	"  &&   send one '&'       &?   list the escapes\n"
	"  --log FILE   append everything the console prints to FILE (0600)\n"
	"  --deactivate free a stuck SOL session (Deactivate Payload) and\n"
	"               exit; any number of rigs; --dry-run sends nothing\n"
	"SOL usually needs -L admin (the default here).  --timeout bounds the\n"
	"connect only.  Some BMCs need -W solpayloadsize, solport, solstatus\n"
	"or solchannelsupport.  Output: -o table (nothing but the session),\n"
	"json (a summary after it).\n";

struct session {
	rig_console *con;
	int log_fd;
	bool escape;         /* the previous byte typed was the escape */
	unsigned long long bytes_in, bytes_out;
	const char *ended;
};

/* The terminal state to restore; touched by the signal handler too. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_raw;
static volatile sig_atomic_t got_signal;

static void tty_restore(void)
{
	if (tty_raw) {
		(void)tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_tty);
		tty_raw = 0;
	}
}

static void on_signal(int sig)
{
	got_signal = sig;
}

static void tty_make_raw(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;
	struct termios raw;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		(void)sigaction(sigs[i], &sa, NULL);
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return;
	raw = saved_tty;
	cfmakeraw(&raw);
	atexit(tty_restore);
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0)
		tty_raw = 1;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static void note(const char *text)
{
	/* \r: the terminal is raw, a bare \n would not return the carriage */
	if (isatty(STDERR_FILENO))
		(void)write_all(STDERR_FILENO, text, strlen(text));
}

/* Typed bytes to the console, escapes taken out.  Returns false to leave. */
static bool from_keyboard(struct session *s, const char *in, size_t n)
{
	char out[512 * 2];
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char ch = in[i];

		if (!s->escape && ch == ESCAPE_CHAR) {
			s->escape = true;
			continue;
		}
		if (s->escape) {
			s->escape = false;
			if (ch == '.') {
				s->ended = "escape";
				break;
			}
			if (ch == 'B') {
				if (!write_all(rig_console_fd(s->con), out, o))
					return false;
				o = 0;
				(void)rig_console_break(s->con);
				note("\r\n[rigctl: break sent]\r\n");
				continue;
			}
			if (ch == '?') {
				note("\r\n[rigctl: &. leave, &B break, && a "
				     "literal &]\r\n");
				continue;
			}
			if (ch != ESCAPE_CHAR)
				out[o++] = ESCAPE_CHAR;
		}
		out[o++] = ch;
	}
	s->bytes_out += o;
	if (!write_all(rig_console_fd(s->con), out, o))
		return false;
	return s->ended == NULL;
}

/* Console output to the terminal and the log. */
static bool from_console(struct session *s)
{
	char buf[4096];
	ssize_t n = read(rig_console_fd(s->con), buf, sizeof(buf));

	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0) {
		s->ended = "console closed";
		return false;
	}
	s->bytes_in += (size_t)n;
	(void)write_all(STDOUT_FILENO, buf, (size_t)n);
	if (s->log_fd >= 0)
		(void)write_all(s->log_fd, buf, (size_t)n);
	return true;
}

static void relay(struct session *s)
{
	char buf[512];

	while (s->ended == NULL) {
		struct pollfd p[2] = {
			{rig_console_fd(s->con), POLLIN, 0},
			{STDIN_FILENO, POLLIN, 0},
		};
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR && got_signal == 0)
				continue;
			s->ended = "signal";
			return;
		}
		if (p[0].revents != 0 && !from_console(s))
			return;
		if (p[1].revents == 0)
			continue;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->ended = "input closed";
			return;
		}
		if (!from_keyboard(s, buf, (size_t)n) && s->ended == NULL)
			s->ended = "console closed";
	}
}

static rig_status open_job(struct ctx *c, struct result *res, void *arg)
{
	struct session *s = arg;

	(void)c;
	return rig_console_open(res->r, NULL, &s->con);
}

/* After the session: why it ended, as the rig's result. */
static rig_status close_job(struct ctx *c, struct result *res, void *arg)
{
	struct session *s = arg;
	rig_status rc = RIG_OK;

	if (strcmp(s->ended, "console closed") == 0)
		rc = rig_console_status(s->con);
	rig_console_close(s->con);
	s->con = NULL;
	(void)c;
	res->data = json_pack("{s:s, s:n, s:I, s:I}", "ended", s->ended, "log",
			      "bytes_received", (json_int_t)s->bytes_in,
			      "bytes_sent", (json_int_t)s->bytes_out);
	return rc;
}

static void console_table(struct ctx *c, const struct result *res)
{
	(void)c;
	(void)res; /* the session itself was the output */
}

static int parse_args(struct ctx *c, int argc, char **argv, const char **log,
		      bool *deactivate)
{
	static const struct option opts[] = {
		{"log", required_argument, NULL, 'l'},
		{"deactivate", no_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	*log = NULL;
	*deactivate = false;
	optind = 0; /* 0: glibc re-initialises, permutation included */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(console_help, stdout);
			return -1;
		}
		if (opt == 'd') {
			*deactivate = true;
			continue;
		}
		if (opt != 'l')
			return usage_error(c, "unknown option or missing FILE: "
					      "'%s'", argv[optind - 1]);
		*log = optarg;
	}
	if (optind < argc)
		return usage_error(c, "unexpected argument '%s'", argv[optind]);
	if (*deactivate && *log != NULL)
		return usage_error(c, "--deactivate attaches nothing to log");
	return EXIT_OK;
}

static rig_status deactivate_job(struct ctx *c, struct result *res, void *arg)
{
	bool was_active = false;
	rig_status rc;

	(void)c;
	(void)arg;
	rc = rig_console_deactivate(res->r, &was_active);
	if (rc == RIG_OK)
		res->data = json_pack("{s:b}", "deactivated", was_active);
	return rc;
}

static void deactivate_table(struct ctx *c, const struct result *res)
{
	fprintf(c->out, "%s: %s\n", rig_name(res->r),
		json_is_true(json_object_get(res->data, "deactivated"))
			? "SOL session deactivated"
			: "no SOL session was active");
}

/* console --deactivate: a plain fan-out command, no session. */
static int deactivate(struct ctx *c)
{
	static const struct dry_way way[] = {
		{RIG_PATH_BMC, "Deactivate Payload"},
	};
	int rc;

	dry_run_prepare(c);
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	if (c->g.dry_run)
		return dry_run_output(c, "deactivate the SOL session", way, 1);
	return run_output(c, deactivate_job, NULL, deactivate_table, NULL);
}

static int attach(struct ctx *c, struct session *s, const char *log)
{
	int sig;

	/* Raw first: what is typed after the note must not sit in a
	 * canonical-mode line buffer. */
	tty_make_raw();
	note("[rigctl: console attached; &. leaves, &? lists escapes]\r\n");
	relay(s);
	tty_restore();
	note("\r\n[rigctl: console detached]\r\n");
	json_decref(c->results[0].errors);
	c->results[0].errors = NULL;
	run_all(c, close_job, s);
	if (s->log_fd >= 0)
		close(s->log_fd);
	if (c->results[0].data != NULL && log != NULL)
		json_object_set_new(c->results[0].data, "log", json_string(log));
	sig = got_signal;
	if (sig != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return output_results(c, console_table, NULL);
}

int cmd_console(struct ctx *c, int argc, char **argv)
{
	struct session s;
	const char *log;
	bool deact;
	int rc = parse_args(c, argc, argv, &log, &deact);

	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	if (deact)
		return deactivate(c);
	c->no_csv = true; /* a session, not a table */
	rc = command_targets(c, OUT_BIT(OUT_TABLE) | OUT_BIT(OUT_JSON));
	if (rc != EXIT_OK)
		return rc;
	if (c->count != 1)
		return usage_error(c, "the console attaches one rig, not %zu",
				   c->count);
	memset(&s, 0, sizeof(s));
	s.log_fd = -1;
	if (log != NULL) {
		s.log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
				0600);
		if (s.log_fd < 0) {
			fprintf(stderr, "rigctl: cannot open log %s: %s\n", log,
				strerror(errno));
			return EXIT_FAILED;
		}
	}
	run_all(c, open_job, &s);
	if (c->results[0].status != RIG_OK) {
		if (s.log_fd >= 0)
			close(s.log_fd);
		return output_results(c, console_table, NULL);
	}
	return attach(c, &s, log);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * SIGINT, SIGTERM and SIGHUP: stop promptly, with the terminal as it was.
 *
 * The library cannot be interrupted in the middle of an exchange, and it
 * writes every file through a temporary one renamed into place, so a kill
 * never leaves a half-written cache, state or archive.  What rigctl adds:
 * no new rig is started after the signal, the rigs in flight get GRACE_S
 * to finish (their temporary files are then removed or renamed by the
 * library itself), and the exit status is 128 + the signal (130 for ^C,
 * 143 for SIGTERM), as a shell reports a killed command.  Nothing in
 * flight, or a second signal: exit at once.  A command that can report
 * part of its rigs (the checks: what finished is printed and committed,
 * the rest keeps its state) is woken through signals_fd() at the first
 * signal, and exits by itself.  The terminal settings saved
 * at start are put back first (a ^C at the password prompt must not leave
 * echo off).  The console command installs its own handlers, which
 * replace these while it runs.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util/bytes.h"
#include "rigctl.h"

#define GRACE_S 2u

static volatile sig_atomic_t stop_signal;
static atomic_int in_flight;
static int wake[2] = {-1, -1}; /* self-pipe: the first signal writes */
static struct termios saved_tty;
static int tty_fd = -1;

static void restore_tty(void)
{
	if (tty_fd >= 0)
		(void)tcsetattr(tty_fd, TCSANOW, &saved_tty);
}

static void say(const char *text)
{
	size_t n = 0;

	while (text[n] != '\0')
		n++;
	(void)!write(STDERR_FILENO, text, n);
}

/* Only async-signal-safe calls here. */
static void on_signal(int sig)
{
	if (sig == SIGALRM) {
		say("rigctl: rigs still busy after the grace period: exiting\n");
		restore_tty();
		_exit(128 + stop_signal);
	}
	if (stop_signal != 0 || atomic_load(&in_flight) == 0) {
		restore_tty();
		_exit(128 + sig);
	}
	stop_signal = sig;
	if (wake[1] >= 0)
		(void)!write(wake[1], "!", 1);
	restore_tty();
	say("rigctl: interrupted: finishing the rigs in flight, starting no "
	    "more (again to quit at once)\n");
	alarm(GRACE_S);
}

void signals_install(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGALRM};
	struct sigaction sa;

	tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty_fd >= 0 && tcgetattr(tty_fd, &saved_tty) != 0) {
		close(tty_fd);
		tty_fd = -1;
	}
	if (pipe(wake) == 0) {
		for (int i = 0; i < 2; i++)
			(void)fcntl(wake[i], F_SETFD, FD_CLOEXEC);
		(void)fcntl(wake[1], F_SETFL, O_NONBLOCK);
	} else {
		wake[0] = wake[1] = -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		(void)sigaction(sigs[i], &sa, NULL);
}

int signals_fd(void)
{
	return wake[0];
}

void signals_grace_off(void)
{
	alarm(0);
}

bool signals_stopping(void)
{
	return stop_signal != 0;
}

void signals_job(int delta)
{
	atomic_fetch_add(&in_flight, delta);
}

int signals_exit_code(int rc)
{
	int sig = stop_signal;

	if (sig == 0)
		return rc;
	restore_tty();
	return 128 + sig;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Secrets: from a file whose mode and owner are checked, from the
 * environment (then wiped there), or from a no-echo prompt.  Every copy is
 * wiped before it is freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "util/hex.h"
#include "rigctl.h"

#define SECRET_MAX 256

/* Where the messages go: stderr, or a rig's own record (secret_messages). */
static FILE *sink;

static FILE *msgs(void)
{
	return sink != NULL ? sink : stderr;
}

FILE *secret_messages(FILE *f)
{
	FILE *old = msgs();

	sink = f;
	return old;
}

void secret_free(void *p, size_t len)
{
	if (p == NULL)
		return;
	explicit_bzero(p, len);
	free(p);
}

static int refuse(const char *what, const char *path, const char *why,
		  const char *fix)
{
	fprintf(msgs(), "rigctl: %s %s %s; fix it with: %s\n", what, path, why,
		fix);
	return EXIT_USAGE;
}

/* Same rule as ssh for private keys: nobody else may read it. */
static int check_owner_mode(const char *path, const char *what,
			    const struct stat *st)
{
	char fix[600];

	if (!S_ISREG(st->st_mode)) {
		fprintf(msgs(), "rigctl: %s %s is not a regular file\n", what,
			path);
		return EXIT_USAGE;
	}
	if (st->st_uid != getuid() && st->st_uid != 0) {
		snprintf(fix, sizeof(fix), "chown %u '%s'",
			 (unsigned int)getuid(), path);
		return refuse(what, path,
			      "is owned by another user (not you, not root)",
			      fix);
	}
	if ((st->st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		char why[64];

		snprintf(why, sizeof(why),
			 "is readable or writable by group or others (mode %04o)",
			 (unsigned int)(st->st_mode & 07777));
		snprintf(fix, sizeof(fix), "chmod 600 '%s'", path);
		return refuse(what, path, why, fix);
	}
	return EXIT_OK;
}

/* Open a secret file, check its owner and mode, and read up to cap bytes
 * of it into buf (*used: how many; cap itself when the file holds more).
 * EXIT_OK, or an exit code after saying why. */
static int read_checked(const char *path, const char *what, char *buf,
			size_t cap, size_t *used)
{
	struct stat st;
	ssize_t n;
	int fd, rc;

	*used = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fprintf(msgs(), "rigctl: cannot open %s %s: %s\n", what, path,
			strerror(errno));
		return EXIT_USAGE;
	}
	if (fstat(fd, &st) != 0) {
		close(fd);
		return EXIT_USAGE;
	}
	rc = check_owner_mode(path, what, &st);
	while (rc == EXIT_OK && *used < cap &&
	       (n = read(fd, buf + *used, cap - *used)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(msgs(), "rigctl: cannot read %s %s: %s\n", what,
				path, strerror(errno));
			rc = EXIT_USAGE;
			break;
		}
		*used += (size_t)n;
	}
	close(fd);
	return rc;
}

int secret_file_read(const char *path, const char *what, char **out,
		     size_t *len)
{
	char buf[SECRET_MAX + 2];
	size_t used = 0;
	int rc;

	*out = NULL;
	*len = 0;
	rc = read_checked(path, what, buf, sizeof(buf), &used);
	/* The secret is the first line, without its line ending. */
	if (rc == EXIT_OK) {
		size_t line = 0;

		while (line < used && buf[line] != '\n' && buf[line] != '\r')
			line++;
		if (line > SECRET_MAX) {
			fprintf(msgs(), "rigctl: %s %s: the first line is longer "
					"than %d bytes\n", what, path, SECRET_MAX);
			rc = EXIT_USAGE;
		} else if (line == 0) {
			fprintf(msgs(), "rigctl: %s %s is empty\n", what, path);
			rc = EXIT_USAGE;
		} else {
			*out = malloc(line + 1);
			if (*out != NULL) {
				memcpy(*out, buf, line);
				(*out)[line] = '\0';
				*len = line;
			}
		}
	}
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

int secret_file_read_text(const char *path, const char *what, char **out,
			  size_t *len)
{
	enum { TEXT_MAX = 64 * 1024 };
	char *buf = malloc(TEXT_MAX + 1);
	size_t used = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (buf == NULL)
		return EXIT_FAILED;
	rc = read_checked(path, what, buf, TEXT_MAX + 1, &used);
	if (rc == EXIT_OK && used > TEXT_MAX) {
		fprintf(msgs(), "rigctl: %s %s is larger than %d bytes\n", what,
			path, TEXT_MAX);
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK && used == 0) {
		fprintf(msgs(), "rigctl: %s %s is empty\n", what, path);
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_OK) {
		secret_free(buf, TEXT_MAX + 1);
		return rc;
	}
	buf[used] = '\0';
	*out = buf;
	*len = TEXT_MAX + 1;
	return EXIT_OK;
}

void secret_wipe_env(const char *name)
{
	char *v = getenv(name);

	/* Overwrite the text in place so it does not linger in the
	 * environment block, then drop the variable. */
	if (v != NULL)
		explicit_bzero(v, strlen(v));
	unsetenv(name);
}

static char *from_env(void)
{
	static const char *const vars[] = {"RIGCTL_PASSWORD", "IPMI_PASSWORD"};
	char *copy = NULL;

	for (size_t i = 0; i < 2; i++) {
		const char *v = getenv(vars[i]);

		/* Set but empty is no password: never send an empty one. */
		if (v != NULL && v[0] != '\0' && copy == NULL)
			copy = strdup(v);
	}
	for (size_t i = 0; i < 2; i++)
		secret_wipe_env(vars[i]);
	return copy;
}

static char *prompt(const char *rig_name)
{
	struct termios old, quiet;
	char buf[SECRET_MAX + 2];
	char *copy = NULL;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	ssize_t n;

	if (fd < 0)
		return NULL;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		return NULL;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	dprintf(fd, "BMC password for %s: ", rig_name);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	n = read(fd, buf, sizeof(buf) - 1);
	tcsetattr(fd, TCSAFLUSH, &old);
	dprintf(fd, "\n");
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		buf[strcspn(buf, "\r\n")] = '\0';
		/* Enter alone answers nothing: no empty password. */
		if (buf[0] != '\0')
			copy = strdup(buf);
	}
	explicit_bzero(buf, sizeof(buf));
	return copy;
}

int secret_password(const struct globals *g, const char *rig_name, char **out)
{
	size_t len;

	*out = NULL;
	if (g->password_file != NULL)
		return secret_file_read(g->password_file, "password file",
					out, &len);
	*out = from_env();
	if (*out == NULL && isatty(STDIN_FILENO))
		*out = prompt(rig_name);
	return EXIT_OK;
}

/* As FreeIPMI's -k: "0x" and hex digits, else the bytes themselves. */
int secret_kg_decode(const char *text, size_t tlen, unsigned char **out,
		     size_t *len)
{
	int rc = EXIT_OK;

	*out = NULL;
	*len = 0;
	if (tlen > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		size_t digits = tlen - 2;

		if (digits % 2 != 0 || digits / 2 > 20)
			rc = EXIT_USAGE;
		*out = calloc(1, digits / 2 + 1);
		if (rc == EXIT_OK && *out != NULL &&
		    !rig__hex_decode(text + 2, digits, *out))
			rc = EXIT_USAGE;
		*len = digits / 2;
	} else if (tlen > 20) {
		rc = EXIT_USAGE;
	} else {
		*out = malloc(tlen + 1);
		if (*out != NULL)
			memcpy(*out, text, tlen + 1);
		*len = tlen;
	}
	if (rc != EXIT_OK) {
		fprintf(msgs(), "rigctl: the K_g key must be at most 20 bytes, "
				"or 0x and at most 40 hex digits\n");
		secret_free(*out, *len + 1);
		*out = NULL;
		*len = 0;
	}
	return rc;
}

int secret_kg(const struct globals *g, unsigned char **out, size_t *len)
{
	char *text = NULL, *env;
	size_t tlen = 0;
	int rc = EXIT_OK;

	*out = NULL;
	*len = 0;
	if (g->kg_file != NULL) {
		rc = secret_file_read(g->kg_file, "K_g file", &text, &tlen);
	} else if ((env = getenv("RIGCTL_KG")) != NULL) {
		text = strdup(env);
		tlen = text != NULL ? strlen(text) : 0;
		secret_wipe_env("RIGCTL_KG");
	}
	if (rc == EXIT_OK && text != NULL)
		rc = secret_kg_decode(text, tlen, out, len);
	secret_free(text, tlen);
	return rc;
}

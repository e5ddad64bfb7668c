/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Serial-over-LAN through FreeIPMI's libipmiconsole.  Its engine runs the
 * SOL protocol in its own threads and hands us one end of a socket pair:
 * that descriptor is the console other programs can poll, read and write.
 * The library is loaded on the first open (console_lib.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths/bmc/console_lib.h"
#include "paths/bmc/remote.h"

#define POLL_MS 20u

struct rig_console {
	rig *r;
	const struct console_lib *lib;
	char *label;
	ipmiconsole_ctx_t ctx;
	int fd;
};

/*
 * The engine is process-wide: started by the first open console, torn down
 * with the last.  Its threads own each session's state until they have
 * closed it, so only the teardown frees everything a console used.
 */
static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int engine_users;

static bool engine_get(const struct console_lib *lib)
{
	bool ok = true;

	pthread_mutex_lock(&engine_lock);
	if (engine_users == 0 && lib->engine_init(1, 0) < 0)
		ok = false;
	if (ok)
		engine_users++;
	pthread_mutex_unlock(&engine_lock);
	return ok;
}

static void engine_put(const struct console_lib *lib)
{
	pthread_mutex_lock(&engine_lock);
	/* 1: close SOL sessions cleanly; blocks until they are. */
	if (--engine_users == 0)
		lib->engine_teardown(1);
	pthread_mutex_unlock(&engine_lock);
}

static unsigned int sol_workarounds(const struct bmc *b)
{
	/* FreeIPMI's out-of-band flags and libipmiconsole's share values for
	 * the session workarounds (both headers say so). */
	unsigned int f = b->workarounds;
	uint32_t w = b->rig_workarounds;

	if (w & RIG_WORKAROUND_SOLPAYLOADSIZE)
		f |= IPMICONSOLE_WORKAROUND_IGNORE_SOL_PAYLOAD_SIZE;
	if (w & RIG_WORKAROUND_SOLPORT)
		f |= IPMICONSOLE_WORKAROUND_IGNORE_SOL_PORT;
	if (w & RIG_WORKAROUND_SOLSTATUS)
		f |= IPMICONSOLE_WORKAROUND_SKIP_SOL_ACTIVATION_STATUS;
	if (w & RIG_WORKAROUND_SOLCHANNELSUPPORT)
		f |= IPMICONSOLE_WORKAROUND_SKIP_CHANNEL_PAYLOAD_SUPPORT;
	if (w & RIG_WORKAROUND_SERIALALERTSDEFERRED)
		f |= IPMICONSOLE_WORKAROUND_SERIAL_ALERTS_DEFERRED;
	if (w & RIG_WORKAROUND_SOLPACKETSEQ)
		f |= IPMICONSOLE_WORKAROUND_INCREMENT_SOL_PACKET_SEQUENCE;
	return f;
}

static int console_priv(const struct bmc *b)
{
	switch (b->privilege) {
	case RIG_PRIV_USER:
		return IPMICONSOLE_PRIVILEGE_USER;
	case RIG_PRIV_OPERATOR:
		return IPMICONSOLE_PRIVILEGE_OPERATOR;
	case RIG_PRIV_ADMIN:
	case RIG_PRIV_AUTO:
		break;
	}
	/* Most BMCs set the SOL payload privilege to admin. */
	return IPMICONSOLE_PRIVILEGE_ADMIN;
}

/* The one place libipmiconsole's errors become rig statuses. */
static rig_status console_error(rig *r, const struct console_lib *lib,
				const char *label, int e, const char *msg)
{
	rig_status st = RIG_E_BMC;
	rig_hint hint = RIG_HINT_NONE;
	const char *why = "";

	switch (e) {
	case IPMICONSOLE_ERR_USERNAME_INVALID:
	case IPMICONSOLE_ERR_PASSWORD_INVALID:
	case IPMICONSOLE_ERR_K_G_INVALID:
	case IPMICONSOLE_ERR_CIPHER_SUITE_ID_UNAVAILABLE:
		st = RIG_E_AUTH;
		break;
	case IPMICONSOLE_ERR_PRIVILEGE_LEVEL_INSUFFICIENT:
	case IPMICONSOLE_ERR_PRIVILEGE_LEVEL_CANNOT_BE_OBTAINED:
		st = RIG_E_PRIVILEGE;
		hint = RIG_HINT_PRIVILEGE_ADMIN;
		why = " (Serial-over-LAN usually needs the admin privilege)";
		break;
	case IPMICONSOLE_ERR_IPMI_2_0_UNAVAILABLE:
	case IPMICONSOLE_ERR_SOL_UNAVAILABLE:
		st = RIG_E_UNSUPPORTED;
		/* The BMC said so; some say it wrongly (FreeIPMI's SOL
		 * workarounds exist for those). */
		hint = e == IPMICONSOLE_ERR_SOL_UNAVAILABLE
			       ? RIG_HINT_WORKAROUND_SOL
			       : RIG_HINT_NONE;
		why = e == IPMICONSOLE_ERR_SOL_UNAVAILABLE
			      ? " (SOL disabled on the BMC or for this user, or "
				"a BMC that reports its SOL support wrongly: a "
				"Serial-over-LAN workaround may help)"
			      : "";
		break;
	case IPMICONSOLE_ERR_SOL_INUSE:
	case IPMICONSOLE_ERR_SOL_STOLEN:
		st = RIG_E_STATE;
		hint = RIG_HINT_CONSOLE_IN_USE;
		why = " (another client has the console, or a stale session "
		      "holds it)";
		break;
	case IPMICONSOLE_ERR_HOSTNAME_INVALID:
	case IPMICONSOLE_ERR_CONNECTION_TIMEOUT:
	case IPMICONSOLE_ERR_SESSION_TIMEOUT:
	case IPMICONSOLE_ERR_EXCESS_RETRANSMISSIONS_SENT:
		st = RIG_E_UNREACHABLE;
		break;
	case IPMICONSOLE_ERR_BMC_IMPLEMENTATION:
		hint = RIG_HINT_WORKAROUND_SOL;
		why = " (a Serial-over-LAN workaround may help)";
		break;
	case IPMICONSOLE_ERR_OUT_OF_MEMORY:
		st = RIG_E_NOMEM;
		break;
	default:
		break;
	}
	return rig__fail_hint(r, RIG_PATH_BMC, st, hint, "console: BMC %s: %s%s",
			     label, msg != NULL ? msg : lib->ctx_strerror(e),
			     why);
}

static ipmiconsole_ctx_t make_ctx(const struct console_lib *lib,
				  struct bmc *b,
				  const rig_console_options *opts)
{
	struct ipmiconsole_ipmi_config ipmi;
	struct ipmiconsole_protocol_config proto;
	struct ipmiconsole_engine_config eng;

	memset(&ipmi, 0, sizeof(ipmi));
	ipmi.username = b->username;
	ipmi.password = b->password;
	ipmi.k_g = b->k_g;
	ipmi.k_g_len = (unsigned int)b->k_g_len;
	ipmi.privilege_level = console_priv(b);
	ipmi.cipher_suite_id = b->cipher_suite;
	ipmi.workaround_flags = sol_workarounds(b);
	/* -1: libipmiconsole's defaults (60 s session, keepalives): our
	 * timeout bounds the connect only, by polling below. */
	memset(&proto, -1, sizeof(proto));
	proto.retransmission_timeout_len = (int)b->retransmission_ms;
	memset(&eng, 0, sizeof(eng));
	eng.engine_flags = IPMICONSOLE_ENGINE_LOCK_MEMORY;
	eng.behavior_flags =
		opts->fail_if_in_use ? IPMICONSOLE_BEHAVIOR_ERROR_ON_SOL_INUSE : 0;
	eng.debug_flags = 0;
	return lib->ctx_create(b->host, &ipmi, &proto, &eng);
}

/* Wait for the session within the BMC's timeout. */
static rig_status wait_established(rig *r, const struct console_lib *lib,
				   struct bmc *b, ipmiconsole_ctx_t ctx)
{
	uint64_t deadline = rig__now_ms() + b->timeout_ms;

	for (;;) {
		ipmiconsole_ctx_status_t st = lib->ctx_status(ctx);

		if (st == IPMICONSOLE_CTX_STATUS_SOL_ESTABLISHED)
			return RIG_OK;
		if (st == IPMICONSOLE_CTX_STATUS_SOL_ERROR ||
		    st == IPMICONSOLE_CTX_STATUS_ERROR)
			return console_error(r, lib, b->label,
					     lib->ctx_errnum(ctx),
					     lib->ctx_errormsg(ctx));
		if (rig__now_ms() >= deadline)
			return rig__fail(r, RIG_PATH_BMC, RIG_E_UNREACHABLE,
					"console: BMC %s: no SOL session within "
					"%u ms (BMC unreachable, or SOL not "
					"answering)", b->label, b->timeout_ms);
		rig__sleep_ms(POLL_MS);
	}
}

rig_status bmc_console_open(rig *r, void *priv,
			    const rig_console_options *opts, rig_console **out)
{
	struct bmc *b = priv;
	const char *why = "";
	const struct console_lib *lib = console_lib(&why);
	rig_console *con;
	rig_status rc;

	if (lib == NULL)
		return rig__fail(r, RIG_PATH_BMC, RIG_E_UNSUPPORTED,
				"console: BMC %s: %s", b->label, why);
	if (!engine_get(lib))
		return rig__fail(r, RIG_PATH_BMC, RIG_E_INTERNAL,
				"console: cannot start libipmiconsole's engine: "
				"%s", strerror(errno));
	con = calloc(1, sizeof(*con));
	if (con == NULL || (con->label = strdup(b->label)) == NULL) {
		free(con);
		engine_put(lib);
		return rig__fail(r, RIG_PATH_BMC, RIG_E_NOMEM, "out of memory");
	}
	con->r = r;
	con->lib = lib;
	con->fd = -1;
	con->ctx = make_ctx(lib, b, opts);
	if (con->ctx == NULL) {
		rc = rig__fail(r, RIG_PATH_BMC, errno == ENOMEM ? RIG_E_NOMEM
							       : RIG_E_INVALID,
			      "console: BMC %s: cannot set up SOL: %s",
			      b->label, strerror(errno));
		rig_console_close(con);
		return rc;
	}
	rig__log(r, RIG_LOG_INFO, "BMC %s: opening the serial console", b->label);
	if (lib->engine_submit(con->ctx, NULL, NULL) < 0)
		rc = console_error(r, lib, b->label, lib->ctx_errnum(con->ctx),
				   lib->ctx_errormsg(con->ctx));
	else
		rc = wait_established(r, lib, b, con->ctx);
	if (rc == RIG_OK) {
		con->fd = lib->ctx_fd(con->ctx);
		if (con->fd < 0)
			rc = console_error(r, lib, b->label,
					   lib->ctx_errnum(con->ctx), NULL);
	}
	if (rc != RIG_OK) {
		rig_console_close(con);
		return rc;
	}
	*out = con;
	return RIG_OK;
}

RIG_API int rig_console_fd(const rig_console *con)
{
	return con != NULL ? con->fd : -1;
}

RIG_API rig_status rig_console_break(rig_console *con)
{
	if (con == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(con->r);
	if (con->lib->ctx_generate_break(con->ctx) < 0)
		return console_error(con->r, con->lib, con->label,
				     con->lib->ctx_errnum(con->ctx),
				     con->lib->ctx_errormsg(con->ctx));
	return RIG_OK;
}

RIG_API rig_status rig_console_status(rig_console *con)
{
	int e;

	if (con == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(con->r);
	e = con->lib->ctx_errnum(con->ctx);
	if (e == IPMICONSOLE_ERR_SUCCESS)
		return RIG_OK;
	return console_error(con->r, con->lib, con->label, e,
			     con->lib->ctx_errormsg(con->ctx));
}

RIG_API void rig_console_close(rig_console *con)
{
	if (con == NULL)
		return;
	/* Closing our end makes the engine deactivate SOL and close the
	 * session; destroy then hands the context to its garbage
	 * collection. */
	if (con->fd >= 0)
		close(con->fd);
	if (con->ctx != NULL)
		con->lib->ctx_destroy(con->ctx);
	/* Every open that got this far took the engine. */
	engine_put(con->lib);
	free(con->label);
	free(con);
}

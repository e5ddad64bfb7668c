/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The smart-plug path as both sides of the module boundary see it: the
 * options a rig's plug was added with (struct plugp, checked and copied by
 * add.c in the library) and how the library gets the path's ops (load.c).
 * Everything that needs libcurl lives under module/.
 */
#ifndef RIG_PLUG_PATH_H
#define RIG_PLUG_PATH_H

#include "core/internal.h"

#define PLUG_DEFAULT_PORT 80u

enum plug_kind {
	PLUG_TASMOTA = 0, /* Tasmota's /cm?cmnd= HTTP API */
	PLUG_SHELLY       /* Shelly Gen2+ RPC over HTTP */
};

struct plugp {
	enum plug_kind kind;
	char *host;         /* without brackets */
	unsigned int port;
	unsigned int index; /* Tasmota relay (from 1), Shelly switch id */
	char *user;         /* Tasmota: from user@, else "admin" */
	char *password;     /* in the secret pool; NULL: none */
	char *label;        /* the URL as given, for messages */
	unsigned int timeout_ms;
	unsigned int off_time_ms;
	bool gen_ok;        /* Shelly: /shelly said Gen2 or later */
};

/* Free a struct plugp, wiping the password (add.c); NULL-safe. */
void plugp_free(struct plugp *p);

/* The path's operations (module/ops.c), and how the library gets them
 * (load.c): from the module ipmirig-plug.so when built with shared
 * libraries, else linked in.  RIG_E_UNSUPPORTED (recorded) when the
 * module is missing. */
extern const struct rig_backend_ops plug_backend_ops;
rig_status plug_backend_load(rig *r, const struct rig_backend_ops **ops);

#endif

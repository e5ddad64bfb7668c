/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SSH path as both sides of the module boundary see it: the options a
 * rig's SSH path was added with (struct sshp, checked and copied by
 * add.c in the library) and how the library gets the path's ops (load.c).
 * Everything that needs libssh lives under module/.
 */
#ifndef RIG_SSH_PATH_H
#define RIG_SSH_PATH_H

#include "core/internal.h"

#define SSH_DEFAULT_PORT 22u

struct sshp {
	char *host;       /* as given: host name, address or Host alias */
	char *user;       /* from user@, or NULL: ssh_config / local user */
	unsigned int port; /* 0: ssh_config, else 22 */
	char *label;      /* the target as given, for messages */
	char *identity;
	char *known_hosts;
	char *ssh_config;
	char *probe_root; /* "" for "/" */
	bool accept_new;
	unsigned int timeout_ms;
	unsigned int expect_width;
};

/* Free a struct sshp and its strings (add.c); NULL-safe. */
void sshp_free(struct sshp *p);

/* The path's operations (ops.c), and how the library gets them (load.c):
 * from the module ipmirig-ssh.so when built with shared libraries, else
 * linked in.  RIG_E_UNSUPPORTED (recorded) when the module is missing. */
extern const struct rig_backend_ops ssh_backend_ops;
rig_status ssh_backend_load(rig *r, const struct rig_backend_ops **ops);

#endif

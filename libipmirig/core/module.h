/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Back-end modules loaded on first use (paths/ssh, paths/plug): a path
 * whose dependencies are heavy (libssh and OpenSSL, libcurl) lives in a
 * module of its own, so that a process that never uses the path never
 * maps them.  One loader for all of them: where the module is looked for,
 * how it is opened and checked, what a failure says.
 */
#ifndef RIG_CORE_MODULE_H
#define RIG_CORE_MODULE_H

#include <pthread.h>

#include "core/internal.h"

struct rig__module {
	const char *file;  /* "ipmirig-ssh.so" */
	const char *entry; /* the one symbol it exports */
	const char *what;  /* "SSH support", for messages */
	const char *kind;  /* "an SSH module", for messages */
	/* Call the module's entry (sym, as dlsym found it) with the path's
	 * own core table; each path knows the entry's real type. */
	rig_status (*call_entry)(void *sym, const struct rig_backend_ops **ops);
	/* The outcome of the one load, kept for the process's life. */
	pthread_mutex_t lock;
	bool tried;
	const struct rig_backend_ops *ops;
	char error[RIG_ERRMSG_MAX];
};

#define RIG__MODULE_INIT(file_, entry_, what_, kind_, call_)                 \
	{.file = (file_), .entry = (entry_), .what = (what_),                \
	 .kind = (kind_), .call_entry = (call_),                             \
	 .lock = PTHREAD_MUTEX_INITIALIZER}

/*
 * The module's ops, loaded on the first call (thread-safe; a module that
 * loaded stays loaded).  RIG_OK and *ops, or RIG_E_UNSUPPORTED recorded on
 * r for path, saying where the module was looked for or why it could not
 * be used.  The module is looked for beside the libipmirig.so this code
 * runs from, so that an installed library and one in a build tree each
 * find their own (installed: <libdir>/libipmirig/FILE; libtool's build
 * tree: libipmirig/.libs/FILE), last in the configured $(pkglibdir).
 */
rig_status rig__module_load(rig *r, rig_path path, struct rig__module *m,
			    const struct rig_backend_ops **ops);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef RIGCTL_STATEFILE_H
#define RIGCTL_STATEFILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Replace the file at path with len bytes of data, atomically and durably:
 * a temporary file of the given mode beside it (a unique name, so two
 * writers never share one), written and fsync'd, renamed over path, then
 * the directory fsync'd so the rename survives a crash.  A reader sees the
 * old file or the new one, never a part.  0, or -1 with errno set (nothing
 * replaced, no temporary file left).
 */
int statefile_write(const char *path, const char *data, size_t len,
		    mode_t mode);

#endif

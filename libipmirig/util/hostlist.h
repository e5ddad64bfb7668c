/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Host lists as FreeIPMI's tools take them (LLNL's hostlist, as in pdsh
 * and Slurm): "bmc[01-16]", "10.0.0.[21-28]", "127.0.0.1:[9700-9715]",
 * "rig[01-03,07]", comma lists of any of these.
 *
 * The rules, checked against FreeIPMI 1.6's ipmipower expanding the same
 * strings:
 *  - items are separated by commas (and, as FreeIPMI does, by blanks); a
 *    comma inside brackets belongs to the bracket;
 *  - a bracket holds a comma list of N or N-M; a number is printed zero
 *    padded to the width of the range's first number as written ("[08-11]"
 *    gives 08 09 10 11, "[8-011]" gives 8 9 10 11, "[099-101]" gives 099
 *    100 101);
 *  - text before and after a bracket is kept; several brackets in one item
 *    give every combination, the leftmost varying slowest ("a[1-2]b[1-2]"
 *    is a1b1 a1b2 a2b1 a2b2);
 *  - a host named twice is one host, at its first place (FreeIPMI sorts
 *    the list; the order given is kept here, since it is the order rigs
 *    are reported in).
 * Where FreeIPMI would take a malformed bracket as a literal host name
 * ("h[3-1]", "h[a-b]", "h[1-2" all become one host that then fails to
 * resolve), this refuses the list instead, and it refuses an empty item
 * ("a,,b"), which FreeIPMI skips.  A bracket whose text has a ':' is an
 * IPv6 address ("[fe80::1]:623") and is kept as written.
 */
#ifndef RIG_UTIL_HOSTLIST_H
#define RIG_UTIL_HOSTLIST_H

#include <stdbool.h>
#include <stddef.h>

/* The most hosts a list may expand to by default: far more than any
 * machine room, far fewer than a typo like "[0-99999999]" would make. */
#define RIG_HOSTLIST_MAX 65536

/* A list expanded: count distinct names, each a malloc'd string. */
struct rig_hostlist {
	char **hosts;
	size_t count;
};

/*
 * Expand text into *out (which the caller frees with rig__hostlist_free),
 * at most max hosts.  On failure returns false with *out empty and, in err,
 * what is wrong without naming the option ("empty item", "invalid range
 * '3-1' in 'h[3-1]'", "expands to more than 65536 hosts", "out of memory").
 */
bool rig__hostlist_expand(const char *text, size_t max,
			  struct rig_hostlist *out, char *err, size_t errlen);

/* Free the names and empty the list; a no-op on an empty list. */
void rig__hostlist_free(struct rig_hostlist *l);

#endif

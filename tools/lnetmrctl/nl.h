/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmrctl: generic netlink plumbing for the lnetmr family.
 */
#ifndef _LNETMRCTL_NL_H
#define _LNETMRCTL_NL_H

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/lnetmr.h>

/* Receives one reply message's attributes (indexed up to the set's max). */
typedef int (*nl_reply_cb)(struct nlattr **tb, void *arg);

int ctl_nl_open(void);
void ctl_nl_close(void);

/* A request for @cmd; @dump asks for a dump. */
struct nl_msg *ctl_nl_request(int cmd, int dump);

/*
 * Send @req (consumed), parse each reply with the attribute set of @maxattr
 * and hand it to @cb.  On a kernel error prints "Error: <extack message>
 * (attribute NAME)" to stderr.  Returns 0 or a negative errno.
 */
int ctl_nl_transact(struct nl_msg *req, int maxattr, nl_reply_cb cb, void *arg);

#endif /* _LNETMRCTL_NL_H */

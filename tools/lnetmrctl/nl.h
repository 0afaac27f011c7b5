/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmrctl: generic netlink plumbing for the lnetmr family.
 */
#ifndef _LNETMRCTL_NL_H
#define _LNETMRCTL_NL_H

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/lnetmr.h>

/**
 * struct ctl_reply - one reply message
 * @tb: its attributes by type (the last of repeated ones)
 * @head: all its attributes, to walk repeated ones
 * @len: length of @head
 */
struct ctl_reply {
	struct nlattr **tb;
	struct nlattr *head;
	int len;
};

/* Walk the attributes of type @type of a reply. */
#define ctl_for_each(pos, r, rem, type)					\
	nla_for_each_attr(pos, (r)->head, (r)->len, rem)		\
		if (nla_type(pos) == (type))

typedef int (*nl_reply_cb)(const struct ctl_reply *r, void *arg);

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

/*
 * The usual shape of a command: ctl_begin() opens the socket and starts a
 * request (NULL when that failed; the reason was printed), the caller adds
 * attributes, ctl_finish() sends it, hands replies to @cb, closes the
 * socket and returns the exit code.
 */
struct nl_msg *ctl_begin(int cmd, int dump);
int ctl_finish(struct nl_msg *req, int maxattr, nl_reply_cb cb, void *arg);

/*
 * Events: join the family's multicast group @group on the socket opened by
 * ctl_nl_open(), then hand every event to @cb (with its command) until
 * @cb returns nonzero.  Returns 0 or a negative errno.
 */
typedef int (*nl_event_cb)(int cmd, const struct ctl_reply *r, void *arg);
int ctl_nl_subscribe(const char *group);
int ctl_nl_listen(int maxattr, nl_event_cb cb, void *arg);

/* Parse a nested attribute into @tb (maxattr + 1 entries). */
int ctl_nested(struct nlattr **tb, int maxattr, struct nlattr *nest);

#endif /* _LNETMRCTL_NL_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: helpers shared by the netlink handlers.
 */
#ifndef _LNETMR_NL_UTIL_H
#define _LNETMR_NL_UTIL_H

#include <net/genetlink.h>

#include "stats.h"

struct lnetmr_node;

extern struct genl_family lnetmr_genl_family;

struct lnetmr_node *lnetmr_nl_node(struct genl_info *info);
struct lnetmr_node *lnetmr_nl_dump_node(struct netlink_callback *cb);
int lnetmr_nl_get_net(struct genl_info *info, int attr, u32 *net);
int lnetmr_nl_put_net(struct sk_buff *skb, int attr, u32 net);
int lnetmr_nl_put_stats(struct sk_buff *skb, int attr, const struct lnetmr_stats *stats);
void *lnetmr_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd);
int lnetmr_nl_reply(struct genl_info *info, u8 cmd, size_t size,
		    int (*fill)(struct sk_buff *msg, void *arg), void *arg);
void lnetmr_nl_notify(struct net *net, u8 cmd, gfp_t gfp,
		      int (*fill)(struct sk_buff *msg, void *arg), void *arg);

#endif /* _LNETMR_NL_UTIL_H */

/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/lnetmr.yaml */
/* by scripts/nlspec-gen.py */

#ifndef _LNETMR_NL_GEN_H
#define _LNETMR_NL_GEN_H

#include <net/genetlink.h>
#include <net/netlink.h>

#include <linux/lnetmr.h>


/* Handlers, implemented by the driver. */
int lnetmr_nl_node_get_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_node_set_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_ni_add_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_ni_del_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_ni_get_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_ni_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int lnetmr_nl_rail_add_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_rail_del_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_rail_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int lnetmr_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int lnetmr_nl_peer_add_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_ping_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_bench_start_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_bench_get_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_bench_stop_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_policy_add_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info);
int lnetmr_nl_policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

extern const struct genl_ops lnetmr_nl_ops[18];

enum {
	LNETMR_NLGRP_EVENTS,
};

extern const struct genl_multicast_group lnetmr_nl_mcgrps[1];

#endif /* _LNETMR_NL_GEN_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: the generic netlink family.  Policies and the op table are
 * generated from Documentation/netlink/specs/lnetmr.yaml into nl_gen.c;
 * this file holds the handlers.  Every request acts on the node of the
 * sender's network namespace.
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include <linux/lnetmr.h>

#include "bench.h"
#include "netlink.h"
#include "nid.h"
#include "nl_gen.h"
#include "nl_util.h"
#include "node.h"
#include "version.h"

struct lnetmr_node *lnetmr_nl_node(struct genl_info *info)
{
	return lnetmr_node(genl_info_net(info));
}

struct lnetmr_node *lnetmr_nl_dump_node(struct netlink_callback *cb)
{
	return lnetmr_node(sock_net(cb->skb->sk));
}

/**
 * lnetmr_nl_get_net() - a network name attribute, parsed
 * @info: the request
 * @attr: the attribute (required)
 * @net: receives the network number
 *
 * Return: 0, or -EINVAL with an extack message on the attribute.
 */
int lnetmr_nl_get_net(struct genl_info *info, int attr, u32 *net)
{
	const struct nlattr *a = info->attrs[attr];

	if (GENL_REQ_ATTR_CHECK(info, attr))
		return -EINVAL;
	if (lnet_net_parse(nla_data(a), strnlen(nla_data(a), nla_len(a)), net)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "not a network name: want TYPE[NUM] such as tcp0");
		return -EINVAL;
	}
	return 0;
}

/**
 * lnetmr_nl_put_net() - add a network as its name ("tcp0")
 * @skb: the message
 * @attr: the attribute
 * @net: the network number
 *
 * Return: 0 or -EMSGSIZE.
 */
int lnetmr_nl_put_net(struct sk_buff *skb, int attr, u32 net)
{
	char name[LNET_NETSTR_SIZE];

	lnet_net_format(net, name, sizeof(name));
	return nla_put_string(skb, attr, name);
}

/**
 * lnetmr_nl_put_stats() - add a set of counters as a nest of name/value
 * @skb: the message
 * @attr: the nest's attribute
 * @stats: the counters
 *
 * Return: 0 or -EMSGSIZE.
 */
int lnetmr_nl_put_stats(struct sk_buff *skb, int attr, const struct lnetmr_stats *stats)
{
	struct nlattr *nest, *entry;
	int i;

	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < LNETMR_STAT_COUNT; i++) {
		entry = nla_nest_start(skb, LNETMR_A_STATS_ENTRY);
		if (!entry ||
		    nla_put_string(skb, LNETMR_A_STAT_NAME, lnetmr_stat_names[i]) ||
		    nla_put_u64_64bit(skb, LNETMR_A_STAT_VALUE, lnetmr_stat_read(stats, i),
				      LNETMR_A_STAT_UNSPEC)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * lnetmr_nl_reply() - answer a request with one message
 * @info: the request
 * @cmd: the reply's command
 * @size: bytes to allocate (NLMSG_DEFAULT_SIZE, or NLMSG_GOODSIZE for more)
 * @fill: puts the attributes (and may act: the message exists already, so
 *	an action taken there can be answered); returns 0 or a negative
 *	errno, with an extack message where the user can do something
 * @arg: for @fill
 *
 * Return: what a doit handler returns: 0 once sent, or the error.
 */
int lnetmr_nl_reply(struct genl_info *info, u8 cmd, size_t size,
		    int (*fill)(struct sk_buff *msg, void *arg), void *arg)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lnetmr_genl_family, 0, cmd);
	err = hdr ? fill(msg, arg) : -EMSGSIZE;
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/**
 * lnetmr_nl_notify() - send an event to the "events" group of a namespace
 * @net: the namespace
 * @cmd: the event (LNETMR_CMD_*_NTF)
 * @gfp: allocation context (GFP_ATOMIC from the data path)
 * @fill: puts the attributes; returns 0 or a negative errno
 * @arg: for @fill
 *
 * Sent only while somebody listens; an event that cannot be built is
 * dropped (listeners see a gap, as with any lost notification).
 */
void lnetmr_nl_notify(struct net *net, u8 cmd, gfp_t gfp,
		      int (*fill)(struct sk_buff *msg, void *arg), void *arg)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&lnetmr_genl_family, net, LNETMR_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &lnetmr_genl_family, 0, cmd);
	if (!hdr || fill(msg, arg)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&lnetmr_genl_family, net, msg, 0, LNETMR_NLGRP_EVENTS, gfp);
}

/* The header of one dump message. */
void *lnetmr_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &lnetmr_genl_family, NLM_F_MULTI, cmd);
}

static int node_fill(struct sk_buff *skb, void *arg)
{
	struct lnetmr_node *node = arg;
	int i;

	if (nla_put_u32(skb, LNETMR_A_NODE_FAMILY_VERSION, LNETMR_FAMILY_VERSION) ||
	    nla_put_string(skb, LNETMR_A_NODE_MODULE_VERSION, LNETMR_MODULE_VERSION) ||
	    nla_put_string(skb, LNETMR_A_NODE_BUILD_ID, lnetmr_build_id) ||
	    nla_put_string(skb, LNETMR_A_NODE_KERNEL, lnetmr_kernel_release) ||
	    nla_put_u64_64bit(skb, LNETMR_A_NODE_INCARNATION, node->incarnation,
			      LNETMR_A_NODE_UNSPEC) ||
	    nla_put_u64_64bit(skb, LNETMR_A_NODE_BENCH_MEM, lnetmr_bench_mem(node),
			      LNETMR_A_NODE_UNSPEC) ||
	    nla_put_u64_64bit(skb, LNETMR_A_NODE_BENCH_SINK_MEM, lnetmr_bench_sink_mem(node),
			      LNETMR_A_NODE_UNSPEC))
		return -EMSGSIZE;

	for (i = 0; i < LNETMR_SET_COUNT; i++) {
		const struct lnetmr_setting_desc *d = &lnetmr_settings[i];
		u32 val = lnetmr_node_setting(node, i);
		int err;

		if (d->nla_type == NLA_U8)
			err = nla_put_u8(skb, d->attr, val);
		else
			err = nla_put_u32(skb, d->attr, val);
		if (err)
			return err;
	}
	return lnetmr_nl_put_stats(skb, LNETMR_A_NODE_STATS, &node->stats);
}

int lnetmr_nl_node_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return lnetmr_nl_reply(info, LNETMR_CMD_NODE_GET, NLMSG_DEFAULT_SIZE, node_fill,
			       lnetmr_nl_node(info));
}

int lnetmr_nl_node_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *sink = info->attrs[LNETMR_A_NODE_BENCH_SINK_MAX];
	struct lnetmr_node *node = lnetmr_nl_node(info);
	bool any = false;
	int i, err = 0;

	/*
	 * Ranges were checked by the policy; the one setting that may fail
	 * (the bench sink's buffers) goes first, so the change is all or
	 * nothing.
	 */
	mutex_lock(&node->lock);
	if (sink && nla_get_u32(sink) != node->settings[LNETMR_SET_BENCH_SINK_MAX]) {
		err = lnetmr_bench_sink_resize(node, nla_get_u32(sink));
		if (err == -ENOSPC)
			NL_SET_ERR_MSG_ATTR(info->extack, sink,
					    "the bench sinks of all nodes hold what they may (a quarter of RAM, at most 4 GiB)");
		else if (err)
			NL_SET_ERR_MSG_ATTR(info->extack, sink,
					    "cannot allocate the bench sink's buffers of this size");
	}
	for (i = 0; !err && i < LNETMR_SET_COUNT; i++) {
		const struct lnetmr_setting_desc *d = &lnetmr_settings[i];
		struct nlattr *a = info->attrs[d->attr];

		if (!a)
			continue;
		WRITE_ONCE(node->settings[i],
			   d->nla_type == NLA_U8 ? nla_get_u8(a) : nla_get_u32(a));
		any = true;
	}
	mutex_unlock(&node->lock);
	if (!err && info->attrs[LNETMR_A_NODE_PEER_AGE])
		lnetmr_peer_aging_kick(node);	/* at the new pace */

	if (!err && !any) {
		NL_SET_ERR_MSG(info->extack,
			       "no setting given: pass at least one settable attribute");
		return -EINVAL;
	}
	return err;
}

struct genl_family lnetmr_genl_family __ro_after_init = {
	.name		= LNETMR_FAMILY_NAME,
	.version	= LNETMR_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= lnetmr_nl_ops,
	.n_ops		= ARRAY_SIZE(lnetmr_nl_ops),
	.mcgrps		= lnetmr_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(lnetmr_nl_mcgrps),
	.resv_start_op	= LNETMR_CMD_MAX + 1,
};

int __init lnetmr_netlink_init(void)
{
	return genl_register_family(&lnetmr_genl_family);
}

void lnetmr_netlink_exit(void)
{
	genl_unregister_family(&lnetmr_genl_family);
}

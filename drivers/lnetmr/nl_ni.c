// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: netlink handlers of NIs and rails.
 */
#include <net/genetlink.h>

#include <linux/lnetmr.h>

#include "netlink.h"
#include "ni.h"
#include "nl_gen.h"
#include "nl_util.h"
#include "node.h"
#include "policy.h"

static int ni_cfg(struct genl_info *info, struct lnetmr_cfg *cfg)
{
	cfg->net_attr = info->attrs[LNETMR_A_NI_NET];
	cfg->extack = info->extack;
	return lnetmr_nl_get_net(info, LNETMR_A_NI_NET, &cfg->net);
}

int lnetmr_nl_ni_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_cfg cfg = { };
	int err;

	err = ni_cfg(info, &cfg);
	return err ?: lnetmr_ni_add(lnetmr_nl_node(info), &cfg);
}

int lnetmr_nl_ni_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_cfg cfg = { };
	int err;

	err = ni_cfg(info, &cfg);
	return err ?: lnetmr_ni_del(lnetmr_nl_node(info), &cfg);
}

static int rail_cfg(struct genl_info *info, struct lnetmr_cfg *cfg)
{
	int err;

	cfg->net_attr = info->attrs[LNETMR_A_RAIL_NET];
	cfg->ifname_attr = info->attrs[LNETMR_A_RAIL_IFNAME];
	cfg->extack = info->extack;
	err = lnetmr_nl_get_net(info, LNETMR_A_RAIL_NET, &cfg->net);
	if (err)
		return err;
	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_RAIL_IFNAME))
		return -EINVAL;
	cfg->ifname = nla_data(cfg->ifname_attr);
	if (info->attrs[LNETMR_A_RAIL_SPEED])
		cfg->speed = nla_get_u32(info->attrs[LNETMR_A_RAIL_SPEED]);
	return 0;
}

int lnetmr_nl_rail_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_cfg cfg = { };
	int err;

	err = rail_cfg(info, &cfg);
	return err ?: lnetmr_rail_add(lnetmr_nl_node(info), &cfg);
}

int lnetmr_nl_rail_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_cfg cfg = { };
	int err;

	err = rail_cfg(info, &cfg);
	return err ?: lnetmr_rail_del(lnetmr_nl_node(info), &cfg);
}

static int put_net_name(struct sk_buff *skb, int attr, u32 net)
{
	char name[LNET_NETSTR_SIZE];

	lnet_net_format(net, name, sizeof(name));
	return nla_put_string(skb, attr, name);
}

/* up, down, or degraded: up but below full health */
static u8 rail_state(struct lnetmr_rail *rail)
{
	u8 state = READ_ONCE(rail->state);

	if (state == LNETMR_RAIL_STATE_UP &&
	    lnetmr_health_read(&rail->health) < LNETMR_HEALTH_MAX)
		return LNETMR_RAIL_STATE_DEGRADED;
	return state;
}

/* A rail's attributes; @full adds credits and counters. */
static int rail_fill(struct sk_buff *skb, struct lnetmr_rail *rail, bool full)
{
	u32 prio;

	if (put_net_name(skb, LNETMR_A_RAIL_NET, rail->ni->net) ||
	    nla_put_string(skb, LNETMR_A_RAIL_IFNAME, rail->ifname) ||
	    nla_put_u32(skb, LNETMR_A_RAIL_IFINDEX, rail->ifindex) ||
	    nla_put_u64_64bit(skb, LNETMR_A_RAIL_NID, rail->nid, LNETMR_A_RAIL_UNSPEC) ||
	    nla_put_u8(skb, LNETMR_A_RAIL_STATE, rail_state(rail)) ||
	    nla_put_u32(skb, LNETMR_A_RAIL_HEALTH, lnetmr_health_read(&rail->health)) ||
	    nla_put_u32(skb, LNETMR_A_RAIL_SPEED, rail->speed))
		return -EMSGSIZE;
	if (!full)
		return 0;
	prio = lnetmr_policy_rail_priority(rail->node, rail->nid);
	if (prio != LNETMR_POLICY_PRIO_NONE && nla_put_u32(skb, LNETMR_A_RAIL_PRIORITY, prio))
		return -EMSGSIZE;
	if (nla_put_s32(skb, LNETMR_A_RAIL_CREDITS, READ_ONCE(rail->credits)) ||
	    nla_put_s32(skb, LNETMR_A_RAIL_MIN_CREDITS, READ_ONCE(rail->min_credits)) ||
	    nla_put_s32(skb, LNETMR_A_RAIL_NUMA_NODE, rail->numa_node))
		return -EMSGSIZE;
	return lnetmr_nl_put_stats(skb, LNETMR_A_RAIL_STATS, &rail->stats);
}

static int ni_fill(struct sk_buff *skb, struct lnetmr_ni *ni)
{
	struct lnetmr_rail *rail;
	struct nlattr *nest;

	if (put_net_name(skb, LNETMR_A_NI_NET, ni->net))
		return -EMSGSIZE;
	list_for_each_entry_rcu(rail, &ni->rails, link) {
		nest = nla_nest_start(skb, LNETMR_A_NI_RAIL);
		if (!nest || rail_fill(skb, rail, false))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

int lnetmr_nl_ni_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_node *node = lnetmr_nl_node(info);
	struct lnetmr_ni *ni;
	struct sk_buff *msg;
	void *hdr;
	u32 net;
	int err;

	err = lnetmr_nl_get_net(info, LNETMR_A_NI_NET, &net);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lnetmr_genl_family, 0, LNETMR_CMD_NI_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	rcu_read_lock();
	ni = lnetmr_ni_find(node, net);
	err = ni ? ni_fill(msg, ni) : -ENOENT;
	rcu_read_unlock();
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_NI_NET], "no such NI");
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/* cb->args[0]: index of the next NI to dump */
int lnetmr_nl_ni_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lnetmr_node *node = lnetmr_nl_dump_node(cb);
	long idx = 0, start = cb->args[0];
	struct lnetmr_ni *ni;
	int err = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(ni, &node->nis, link) {
		void *hdr;

		if (idx++ < start)
			continue;
		hdr = lnetmr_nl_dump_hdr(skb, cb, LNETMR_CMD_NI_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		err = ni_fill(skb, ni);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = idx;
	}
	rcu_read_unlock();
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/*
 * cb->args[0]: index of the next rail to dump, counted over all NIs;
 * the optional net attribute restricts the dump to one NI.
 */
int lnetmr_nl_rail_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct lnetmr_node *node = lnetmr_nl_dump_node(cb);
	const struct nlattr *net_attr = info->attrs[LNETMR_A_RAIL_NET];
	long idx = 0, start = cb->args[0];
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;
	u32 net = 0;
	int err = 0;

	if (net_attr && lnet_net_parse(nla_data(net_attr),
				       strnlen(nla_data(net_attr), nla_len(net_attr)), &net)) {
		NL_SET_ERR_MSG_ATTR(cb->extack, net_attr,
				    "not a network name: want TYPE[NUM] such as tcp0");
		return -EINVAL;
	}

	rcu_read_lock();
	list_for_each_entry_rcu(ni, &node->nis, link) {
		if (net_attr && ni->net != net)
			continue;
		list_for_each_entry_rcu(rail, &ni->rails, link) {
			void *hdr;

			if (idx++ < start)
				continue;
			hdr = lnetmr_nl_dump_hdr(skb, cb, LNETMR_CMD_RAIL_GET);
			if (!hdr) {
				err = -EMSGSIZE;
				goto out;
			}
			err = rail_fill(skb, rail, true);
			if (err) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			cb->args[0] = idx;
		}
	}
out:
	rcu_read_unlock();
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/*
 * Events.  Sent only when somebody listens; a message that cannot be built
 * is dropped (listeners see a gap, as with any lost notification).
 */
static void notify(struct net *net, struct sk_buff *msg, gfp_t gfp)
{
	genlmsg_multicast_netns(&lnetmr_genl_family, net, msg, 0, LNETMR_NLGRP_EVENTS, gfp);
}

void lnetmr_nl_ni_notify(struct lnetmr_node *node, u32 net, u8 cmd)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&lnetmr_genl_family, node->net, LNETMR_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &lnetmr_genl_family, 0, cmd);
	if (!hdr || put_net_name(msg, LNETMR_A_NI_NET, net)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	notify(node->net, msg, GFP_KERNEL);
}

static void rail_notify(struct lnetmr_rail *rail, u8 cmd, gfp_t gfp)
{
	struct net *net = rail->node->net;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&lnetmr_genl_family, net, LNETMR_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &lnetmr_genl_family, 0, cmd);
	if (!hdr || rail_fill(msg, rail, false)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	notify(net, msg, gfp);
}

void lnetmr_nl_rail_notify(struct lnetmr_rail *rail, u8 cmd)
{
	rail_notify(rail, cmd, GFP_KERNEL);
}

/* the same from any context (the data path: health changes) */
void lnetmr_nl_rail_notify_atomic(struct lnetmr_rail *rail, u8 cmd)
{
	rail_notify(rail, cmd, GFP_ATOMIC);
}

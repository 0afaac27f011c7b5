// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: netlink handlers of NIs and rails.
 */
#include <net/genetlink.h>

#include <linux/lnetmr.h>

#include "kcompat.h"
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

	if (lnetmr_nl_put_net(skb, LNETMR_A_RAIL_NET, rail->ni->net) ||
	    nla_put_string(skb, LNETMR_A_RAIL_IFNAME, rail->xr.ifname) ||
	    nla_put_u32(skb, LNETMR_A_RAIL_IFINDEX, rail->ifindex) ||
	    nla_put_u64_64bit(skb, LNETMR_A_RAIL_NID, rail->xr.nid, LNETMR_A_RAIL_UNSPEC) ||
	    nla_put_u8(skb, LNETMR_A_RAIL_STATE, rail_state(rail)) ||
	    nla_put_u32(skb, LNETMR_A_RAIL_HEALTH, lnetmr_health_read(&rail->health)) ||
	    nla_put_u32(skb, LNETMR_A_RAIL_SPEED, rail->speed) ||
	    (rail->speed_set && nla_put_flag(skb, LNETMR_A_RAIL_SPEED_SET)))
		return -EMSGSIZE;
	if (!full)
		return 0;
	prio = lnetmr_policy_rail_priority(rail->node, rail->xr.nid);
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

	if (lnetmr_nl_put_net(skb, LNETMR_A_NI_NET, ni->net))
		return -EMSGSIZE;
	list_for_each_entry_rcu(rail, &ni->rails, link) {
		nest = nla_nest_start(skb, LNETMR_A_NI_RAIL);
		if (!nest || rail_fill(skb, rail, false))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* The NI a request names, as the reply to it. */
static int ni_get_fill(struct sk_buff *msg, void *arg)
{
	struct genl_info *info = arg;
	struct lnetmr_ni *ni;
	u32 net;
	int err;

	err = lnetmr_nl_get_net(info, LNETMR_A_NI_NET, &net);
	if (err)
		return err;
	rcu_read_lock();
	ni = lnetmr_ni_find(lnetmr_nl_node(info), net);
	err = ni ? ni_fill(msg, ni) : -ENOENT;
	rcu_read_unlock();
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_NI_NET], "no such NI");
	return err;
}

int lnetmr_nl_ni_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return lnetmr_nl_reply(info, LNETMR_CMD_NI_GET, NLMSG_GOODSIZE, ni_get_fill, info);
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
	const struct nlattr *net_attr = lnetmr_dump_attrs(cb)[LNETMR_A_RAIL_NET];
	struct lnetmr_node *node = lnetmr_nl_dump_node(cb);
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

/* Events (see lnetmr_nl_notify()). */
static int ni_event_fill(struct sk_buff *msg, void *arg)
{
	return lnetmr_nl_put_net(msg, LNETMR_A_NI_NET, *(u32 *)arg);
}

void lnetmr_nl_ni_notify(struct lnetmr_node *node, u32 net, u8 cmd)
{
	lnetmr_nl_notify(node->net, cmd, GFP_KERNEL, ni_event_fill, &net);
}

static int rail_event_fill(struct sk_buff *msg, void *arg)
{
	return rail_fill(msg, arg, false);
}

void lnetmr_nl_rail_notify(struct lnetmr_rail *rail, u8 cmd)
{
	lnetmr_nl_notify(rail->node->net, cmd, GFP_KERNEL, rail_event_fill, rail);
}

/* the same from any context (the data path: health changes) */
void lnetmr_nl_rail_notify_atomic(struct lnetmr_rail *rail, u8 cmd)
{
	lnetmr_nl_notify(rail->node->net, cmd, GFP_ATOMIC, rail_event_fill, rail);
}

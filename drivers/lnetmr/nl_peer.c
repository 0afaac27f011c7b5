// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: netlink handlers of peers and ping.
 */
#include <linux/slab.h>
#include <net/genetlink.h>

#include <linux/lnetmr.h>

#include "discovery.h"
#include "netlink.h"
#include "ni.h"
#include "nl_gen.h"
#include "nl_util.h"
#include "node.h"
#include "peer.h"
#include "policy.h"
#include "ping.h"
#include "send.h"

#define PING_DEFAULT_TIMEOUT_MS	5000

int lnetmr_nl_peer_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_node *node = lnetmr_nl_node(info);
	const struct nlattr *attrs[LNETMR_PEER_MAX_NIDS];
	lnet_nid_t nids[LNETMR_PEER_MAX_NIDS], primary;
	const struct nlattr *a;
	unsigned int n = 0, i, bad = 0;
	int rem, err;

	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_PEER_PRIMARY_NID))
		return -EINVAL;
	primary = nla_get_u64(info->attrs[LNETMR_A_PEER_PRIMARY_NID]);
	if (!lnetmr_peer_nid_ok(node, primary, info->extack,
				info->attrs[LNETMR_A_PEER_PRIMARY_NID]))
		return -EINVAL;
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		lnet_nid_t nid;

		if (nla_type(a) != LNETMR_A_PEER_NID)
			continue;
		if (n == LNETMR_PEER_MAX_NIDS - 1) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "a peer has at most "
					    __stringify(LNETMR_PEER_MAX_NIDS) " NIDs");
			return -E2BIG;
		}
		nid = nla_get_u64(a);
		if (!lnetmr_peer_nid_ok(node, nid, info->extack, a))
			return -EINVAL;
		for (i = 0; i < n; i++) {
			if (nids[i] == nid) {
				NL_SET_ERR_MSG_ATTR(info->extack, a, "this NID is given twice");
				return -EINVAL;
			}
		}
		if (nid == primary) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "this NID is the primary NID");
			return -EINVAL;
		}
		attrs[n] = a;
		nids[n++] = nid;
	}

	err = lnetmr_peer_add(node, primary, nids, n, true, &bad);
	if (err == -EEXIST)
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[bad], "this NID belongs to another peer");
	else if (err == -E2BIG)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_PEER_PRIMARY_NID],
				    "the peer would have more than "
				    __stringify(LNETMR_PEER_MAX_NIDS) " NIDs");
	else if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_PEER_PRIMARY_NID],
				    "the peer was removed meanwhile: try again");
	return err;
}

int lnetmr_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_PEER_PRIMARY_NID))
		return -EINVAL;
	err = lnetmr_peer_del(lnetmr_nl_node(info),
			      nla_get_u64(info->attrs[LNETMR_A_PEER_PRIMARY_NID]));
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_PEER_PRIMARY_NID],
				    "no peer has this NID");
	return err;
}

static int peer_ni_fill(struct sk_buff *skb, struct lnetmr_node *node,
			struct lnetmr_peer_ni *pni)
{
	u32 prio = lnetmr_policy_peer_priority(node, pni->nid);
	struct nlattr *nest = nla_nest_start(skb, LNETMR_A_PEER_NI);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, LNETMR_A_PEER_NI_NID, pni->nid, LNETMR_A_PEER_NI_UNSPEC) ||
	    nla_put_s32(skb, LNETMR_A_PEER_NI_CREDITS, READ_ONCE(pni->credits)) ||
	    nla_put_s32(skb, LNETMR_A_PEER_NI_MIN_CREDITS, READ_ONCE(pni->min_credits)) ||
	    nla_put_u64_64bit(skb, LNETMR_A_PEER_NI_INCARNATION, READ_ONCE(pni->incarnation),
			      LNETMR_A_PEER_NI_UNSPEC) ||
	    nla_put_u32(skb, LNETMR_A_PEER_NI_HEALTH, lnetmr_health_read(&pni->health)) ||
	    (prio != LNETMR_POLICY_PRIO_NONE &&
	     nla_put_u32(skb, LNETMR_A_PEER_NI_PRIORITY, prio)) ||
	    lnetmr_nl_put_stats(skb, LNETMR_A_PEER_NI_STATS, &pni->stats)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * A peer whose NIDs do not fit in one message (each carries its counters)
 * is dumped over several: each repeats primary-nid and features and goes on
 * with the next NIDs, so a reader joins consecutive messages of the same
 * primary NID.  cb->args[0]: index of the peer to dump next; cb->args[1]:
 * index of its first NID not yet dumped.
 */
int lnetmr_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lnetmr_node *node = lnetmr_nl_dump_node(cb);
	struct lnetmr_peer_table *table = &node->peers;
	long idx = 0, start = cb->args[0];
	struct lnetmr_peer_ni *pni;
	struct lnetmr_peer *peer;
	int err = 0;

	spin_lock(&table->lock);
	list_for_each_entry(peer, &table->peers, link) {
		long ni_idx = 0, ni_start = idx == start ? cb->args[1] : 0;
		unsigned int put = 0;
		void *hdr;

		if (idx++ < start)
			continue;
		hdr = lnetmr_nl_dump_hdr(skb, cb, LNETMR_CMD_PEER_GET);
		if (!hdr ||
		    nla_put_u64_64bit(skb, LNETMR_A_PEER_PRIMARY_NID, peer->primary,
				      LNETMR_A_PEER_UNSPEC) ||
		    nla_put_u32(skb, LNETMR_A_PEER_FEATURES, peer->features) ||
		    (peer->configured && nla_put_flag(skb, LNETMR_A_PEER_CONFIGURED))) {
			err = -EMSGSIZE;
			goto cancel;
		}
		list_for_each_entry(pni, &peer->nis, peer_link) {
			if (ni_idx++ < ni_start)
				continue;
			err = peer_ni_fill(skb, node, pni);
			if (err)
				break;
			put++;
		}
		if (err && !put)
			goto cancel;	/* not one NID fits: the next message */
		genlmsg_end(skb, hdr);
		if (err) {
			/* the rest of this peer's NIDs go in the next message */
			cb->args[0] = idx - 1;
			cb->args[1] = ni_start + put;
			break;
		}
		cb->args[0] = idx;
		cb->args[1] = 0;
		continue;
cancel:
		if (hdr)
			genlmsg_cancel(skb, hdr);
		break;
	}
	spin_unlock(&table->lock);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/**
 * struct ping_answer - what a ping reply tells
 * @nid: the NID pinged
 * @res: what came back
 */
struct ping_answer {
	lnet_nid_t nid;
	const struct lnetmr_ping_result *res;
};

static int ping_fill(struct sk_buff *skb, void *arg)
{
	const struct ping_answer *a = arg;
	const struct lnetmr_ping_result *res = a->res;
	lnet_nid_t nid = a->nid;
	unsigned int i;

	if (nla_put_u64_64bit(skb, LNETMR_A_PING_NID, nid, LNETMR_A_PING_UNSPEC) ||
	    nla_put_u64_64bit(skb, LNETMR_A_PING_RTT, res->rtt_ns, LNETMR_A_PING_UNSPEC) ||
	    nla_put_u32(skb, LNETMR_A_PING_FEATURES, res->info.features) ||
	    nla_put_u32(skb, LNETMR_A_PING_PID, res->info.pid))
		return -EMSGSIZE;
	for (i = 0; i < res->nents; i++) {
		struct nlattr *nest = nla_nest_start(skb, LNETMR_A_PING_ENTRY);

		if (!nest ||
		    nla_put_u64_64bit(skb, LNETMR_A_PING_ENTRY_NID, res->ents[i].nid,
				      LNETMR_A_PING_ENTRY_UNSPEC) ||
		    nla_put_u32(skb, LNETMR_A_PING_ENTRY_STATUS, res->ents[i].status))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

int lnetmr_nl_ping_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_node *node = lnetmr_nl_node(info);
	const struct nlattr *nid_attr = info->attrs[LNETMR_A_PING_NID];
	u32 timeout = PING_DEFAULT_TIMEOUT_MS;
	struct lnetmr_ping_result *res;
	lnet_nid_t nid;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_PING_NID))
		return -EINVAL;
	nid = nla_get_u64(nid_attr);
	if (info->attrs[LNETMR_A_PING_TIMEOUT])
		timeout = nla_get_u32(info->attrs[LNETMR_A_PING_TIMEOUT]);
	rcu_read_lock();
	err = lnetmr_ni_find(node, lnet_nid_net(nid)) ? 0 : -ENETUNREACH;
	rcu_read_unlock();
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, nid_attr,
				    "this node has no NI on the NID's network");
		return err;
	}

	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	err = lnetmr_ping(node, nid, timeout, res);
	if (!err)
		lnetmr_discovery_learn(node, &res->info, res->ents, res->nents);
	if (err) {
		if (err == -ETIMEDOUT)
			NL_SET_ERR_MSG_ATTR(info->extack, nid_attr, "no answer from the peer");
		else if (err == -EPROTO)
			NL_SET_ERR_MSG_ATTR(info->extack, nid_attr,
					    "the peer's answer is not a ping buffer");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, nid_attr, "the ping failed");
		goto out_free;
	}
	err = lnetmr_nl_reply(info, LNETMR_CMD_PING, NLMSG_GOODSIZE, ping_fill,
			      &(struct ping_answer){ .nid = nid, .res = res });
out_free:
	kfree(res);
	return err;
}

/* The events of peers (see lnetmr_nl_notify()). */
static int peer_health_fill(struct sk_buff *msg, void *arg)
{
	struct lnetmr_peer_ni *pni = arg;

	if (nla_put_u64_64bit(msg, LNETMR_A_PEER_NI_NID, pni->nid, LNETMR_A_PEER_NI_UNSPEC) ||
	    nla_put_u32(msg, LNETMR_A_PEER_NI_HEALTH, lnetmr_health_read(&pni->health)))
		return -EMSGSIZE;
	return 0;
}

/**
 * lnetmr_nl_peer_health_notify() - announce a peer NID's new health
 * @node: the node
 * @pni: the peer NID
 *
 * Callable in atomic context.
 */
void lnetmr_nl_peer_health_notify(struct lnetmr_node *node, struct lnetmr_peer_ni *pni)
{
	lnetmr_nl_notify(node->net, LNETMR_CMD_PEER_HEALTH_NTF, GFP_ATOMIC, peer_health_fill, pni);
}

/**
 * struct peer_of - a peer NID and the table it is in
 * @table: the node's peer table
 * @pni: the peer NID
 */
struct peer_of {
	struct lnetmr_peer_table *table;
	struct lnetmr_peer_ni *pni;
};

/* A peer's primary NID, features and NIDs, read under the table lock. */
static int discovery_fill(struct sk_buff *msg, void *arg)
{
	struct peer_of *of = arg;
	struct lnetmr_peer_table *table = of->table;
	struct lnetmr_peer_ni *pni = of->pni, *pos;
	int err = -ENOENT;

	spin_lock(&table->lock);
	if (pni->peer) {
		err = nla_put_u64_64bit(msg, LNETMR_A_PEER_PRIMARY_NID, pni->peer->primary,
					LNETMR_A_PEER_UNSPEC) ?:
		      nla_put_u32(msg, LNETMR_A_PEER_FEATURES, pni->peer->features);
		list_for_each_entry(pos, &pni->peer->nis, peer_link) {
			if (err)
				break;
			err = nla_put_u64_64bit(msg, LNETMR_A_PEER_NID, pos->nid,
						LNETMR_A_PEER_UNSPEC);
		}
	}
	spin_unlock(&table->lock);
	return err;
}

/**
 * lnetmr_nl_discovery_notify() - announce what discovery learned of a peer
 * @node: the node
 * @primary: the peer's primary NID
 */
void lnetmr_nl_discovery_notify(struct lnetmr_node *node, lnet_nid_t primary)
{
	struct peer_of of = {
		.table = &node->peers,
		.pni = lnetmr_peer_ni_get(node, primary, false),
	};

	if (!of.pni)
		return;
	lnetmr_nl_notify(node->net, LNETMR_CMD_DISCOVERY_NTF, GFP_KERNEL, discovery_fill, &of);
	lnetmr_peer_ni_put(of.pni);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: netlink handlers of peers and ping.
 */
#include <linux/slab.h>
#include <net/genetlink.h>

#include <linux/lnetmr.h>

#include "ni.h"
#include "nl_gen.h"
#include "nl_util.h"
#include "node.h"
#include "peer.h"
#include "ping.h"
#include "send.h"

#define PING_DEFAULT_TIMEOUT_MS	5000

/*
 * A NID a peer may have: a real address on a network we have an NI on, and
 * not ours.  Says why not in @extack (which may be NULL) at @attr.
 */
static bool peer_nid_ok(struct lnetmr_node *node, lnet_nid_t nid,
			struct netlink_ext_ack *extack, const struct nlattr *attr)
{
	bool has_ni;

	if (nid == LNET_NID_ANY || !lnet_nid_addr(nid)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "not a peer NID");
		return false;
	}
	if (lnetmr_is_local_nid(node, nid)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "this NID is one of this node's own");
		return false;
	}
	rcu_read_lock();
	has_ni = lnetmr_ni_find(node, lnet_nid_net(nid));
	rcu_read_unlock();
	if (!has_ni)
		NL_SET_ERR_MSG_ATTR(extack, attr, "this node has no NI on the NID's network");
	return has_ni;
}

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
	if (!peer_nid_ok(node, primary, info->extack, info->attrs[LNETMR_A_PEER_PRIMARY_NID]))
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
		if (!peer_nid_ok(node, nid, info->extack, a))
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

	err = lnetmr_peer_add(node, primary, nids, n, &bad);
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

/*
 * Discovery: a multi-rail peer's ping buffer lists its NIDs (entry 0 is
 * 0@lo, entry 1 the primary); they become one peer.  NIDs on networks we
 * have no NI on, or of another multi-NID peer, are left out.
 */
static void peer_learn(struct lnetmr_node *node, const struct lnetmr_ping_result *res)
{
	lnet_nid_t nids[LNETMR_PEER_MAX_NIDS];
	unsigned int i, n = 0, bad;

	if (!lnetmr_node_setting(node, LNETMR_SET_DISCOVERY) ||
	    !(res->info.features & LNET_PING_FEAT_MULTI_RAIL) || res->nents < 2 ||
	    !peer_nid_ok(node, res->ents[1].nid, NULL, NULL))
		return;
	for (i = 2; i < res->nents && n < LNETMR_PEER_MAX_NIDS - 1; i++)
		if (peer_nid_ok(node, res->ents[i].nid, NULL, NULL))
			nids[n++] = res->ents[i].nid;
	while (lnetmr_peer_add(node, res->ents[1].nid, nids, n, &bad) == -EEXIST)
		nids[bad] = nids[--n];	/* leave that one out */
}

static int peer_ni_fill(struct sk_buff *skb, struct lnetmr_peer_ni *pni)
{
	struct nlattr *nest = nla_nest_start(skb, LNETMR_A_PEER_NI);

	if (!nest ||
	    nla_put_u64_64bit(skb, LNETMR_A_PEER_NI_NID, pni->nid, LNETMR_A_PEER_NI_UNSPEC) ||
	    nla_put_s32(skb, LNETMR_A_PEER_NI_CREDITS, READ_ONCE(pni->credits)) ||
	    nla_put_s32(skb, LNETMR_A_PEER_NI_MIN_CREDITS, READ_ONCE(pni->min_credits)) ||
	    nla_put_u64_64bit(skb, LNETMR_A_PEER_NI_INCARNATION, READ_ONCE(pni->incarnation),
			      LNETMR_A_PEER_NI_UNSPEC) ||
	    lnetmr_nl_put_stats(skb, LNETMR_A_PEER_NI_STATS, &pni->stats))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* cb->args[0]: index of the next peer to dump */
int lnetmr_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lnetmr_peer_table *table = &lnetmr_nl_dump_node(cb)->peers;
	long idx = 0, start = cb->args[0];
	struct lnetmr_peer_ni *pni;
	struct lnetmr_peer *peer;
	int err = 0;

	spin_lock(&table->lock);
	list_for_each_entry(peer, &table->peers, link) {
		void *hdr;

		if (idx++ < start)
			continue;
		hdr = lnetmr_nl_dump_hdr(skb, cb, LNETMR_CMD_PEER_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		err = nla_put_u64_64bit(skb, LNETMR_A_PEER_PRIMARY_NID, peer->primary,
					LNETMR_A_PEER_UNSPEC);
		list_for_each_entry(pni, &peer->nis, peer_link) {
			if (err)
				break;
			err = peer_ni_fill(skb, pni);
		}
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = idx;
	}
	spin_unlock(&table->lock);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

static int ping_fill(struct sk_buff *skb, lnet_nid_t nid, const struct lnetmr_ping_result *res)
{
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
	struct sk_buff *msg;
	lnet_nid_t nid;
	void *hdr;
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
		peer_learn(node, res);
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
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out_free;
	}
	hdr = genlmsg_put_reply(msg, info, &lnetmr_genl_family, 0, LNETMR_CMD_PING);
	if (!hdr || ping_fill(msg, nid, res)) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
		goto out_free;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
out_free:
	kfree(res);
	return err;
}

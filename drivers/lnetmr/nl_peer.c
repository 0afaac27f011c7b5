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

#define PING_DEFAULT_TIMEOUT_MS	5000

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

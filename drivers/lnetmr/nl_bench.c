// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: netlink handlers of the bench engine.
 */
#include <net/genetlink.h>

#include <linux/lnetmr.h>

#include "bench.h"
#include "ni.h"
#include "nl_gen.h"
#include "nl_util.h"
#include "node.h"
#include "peer.h"
#include "ping.h"

#define BENCH_DEFAULT_DURATION_MS	10000

static u32 get_u32_or(struct genl_info *info, int attr, u32 def)
{
	return info->attrs[attr] ? nla_get_u32(info->attrs[attr]) : def;
}

int lnetmr_nl_bench_start_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_node *node = lnetmr_nl_node(info);
	const struct nlattr *target = info->attrs[LNETMR_A_BENCH_TARGET];
	struct lnetmr_bench_params p = { };
	struct sk_buff *msg;
	void *hdr;
	u32 id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_BENCH_TARGET))
		return -EINVAL;
	p.target = nla_get_u64(target);
	p.op = info->attrs[LNETMR_A_BENCH_OP] &&
	       nla_get_u8(info->attrs[LNETMR_A_BENCH_OP]) == LNETMR_BENCH_OP_GET ?
	       LNET_MSG_GET : LNET_MSG_PUT;
	p.size = get_u32_or(info, LNETMR_A_BENCH_SIZE, LNET_MTU);
	p.count = info->attrs[LNETMR_A_BENCH_COUNT] ?
		  nla_get_u64(info->attrs[LNETMR_A_BENCH_COUNT]) : 0;
	p.duration_ms = get_u32_or(info, LNETMR_A_BENCH_DURATION, BENCH_DEFAULT_DURATION_MS);
	p.concurrency = get_u32_or(info, LNETMR_A_BENCH_CONCURRENCY, 1);
	if (info->attrs[LNETMR_A_BENCH_COUNT] && info->attrs[LNETMR_A_BENCH_DURATION]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_BENCH_DURATION],
				    "give a count or a duration, not both");
		return -EINVAL;
	}
	if (p.size > LNET_MTU && p.op == LNET_MSG_PUT) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_BENCH_SIZE],
				    "the bench PUTs at most 1 MiB per transfer (GETs up to 64 MiB)");
		return -EMSGSIZE;
	}
	if (p.size > LNET_MTU &&
	    !(lnetmr_peer_features(node, p.target) & LNETMR_PING_FEAT_STRIPING)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_BENCH_SIZE],
				    "above 1 MiB the target must be an lnetmr node known to stripe: ping it first");
		return -EMSGSIZE;
	}
	if ((u64)p.size * p.concurrency > LNETMR_BENCH_MAX_INFLIGHT) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_BENCH_CONCURRENCY],
				    "size times concurrency may not exceed 256 MiB");
		return -E2BIG;
	}
	rcu_read_lock();
	err = lnetmr_ni_find(node, lnet_nid_net(p.target)) ? 0 : -ENETUNREACH;
	rcu_read_unlock();
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, target,
				    "this node has no NI on the target's network");
		return err;
	}

	err = lnetmr_bench_start(node, &p, &id);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		goto err_stop;
	hdr = genlmsg_put_reply(msg, info, &lnetmr_genl_family, 0, LNETMR_CMD_BENCH_START);
	if (!hdr || nla_put_u32(msg, LNETMR_A_BENCH_ID, id)) {
		nlmsg_free(msg);
		goto err_stop;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_stop:
	lnetmr_bench_stop(node, id);
	return -ENOMEM;
}

int lnetmr_nl_bench_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_bench_result res;
	struct sk_buff *msg;
	void *hdr;
	u32 id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_BENCH_ID))
		return -EINVAL;
	id = nla_get_u32(info->attrs[LNETMR_A_BENCH_ID]);
	err = lnetmr_bench_read(lnetmr_nl_node(info), id, &res);
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_BENCH_ID],
				    "no bench with this id");
		return err;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &lnetmr_genl_family, 0, LNETMR_CMD_BENCH_GET);
	if (!hdr ||
	    nla_put_u32(msg, LNETMR_A_BENCH_ID, id) ||
	    nla_put_u8(msg, LNETMR_A_BENCH_STATE, res.state) ||
	    nla_put_u64_64bit(msg, LNETMR_A_BENCH_MSGS, res.msgs, LNETMR_A_BENCH_UNSPEC) ||
	    nla_put_u64_64bit(msg, LNETMR_A_BENCH_BYTES, res.bytes, LNETMR_A_BENCH_UNSPEC) ||
	    nla_put_u64_64bit(msg, LNETMR_A_BENCH_ERRORS, res.errors, LNETMR_A_BENCH_UNSPEC) ||
	    nla_put_s64(msg, LNETMR_A_BENCH_MISMATCHES, res.mismatches, LNETMR_A_BENCH_UNSPEC) ||
	    nla_put_u64_64bit(msg, LNETMR_A_BENCH_ELAPSED, res.elapsed_ns,
			      LNETMR_A_BENCH_UNSPEC)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int lnetmr_nl_bench_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_BENCH_ID))
		return -EINVAL;
	err = lnetmr_bench_stop(lnetmr_nl_node(info),
				nla_get_u32(info->attrs[LNETMR_A_BENCH_ID]));
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_BENCH_ID],
				    "no bench with this id");
	return err;
}

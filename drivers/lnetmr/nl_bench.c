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

static int bench_id_fill(struct sk_buff *msg, void *arg)
{
	return nla_put_u32(msg, LNETMR_A_BENCH_ID, *(u32 *)arg);
}

int lnetmr_nl_bench_start_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_node *node = lnetmr_nl_node(info);
	const struct nlattr *target = info->attrs[LNETMR_A_BENCH_TARGET];
	struct lnetmr_bench_params p = { };
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
	if (err == -EBUSY)
		NL_SET_ERR_MSG(info->extack,
			       "this node runs " __stringify(LNETMR_BENCH_MAX_RUNNING)
			       " benches already: stop one or wait for one to end");
	else if (err == -ENOBUFS)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_BENCH_SIZE] ?:
				    info->attrs[LNETMR_A_BENCH_CONCURRENCY],
				    "this node's benches would hold more than 256 MiB of landing pages");
	if (err)
		return err;
	err = lnetmr_nl_reply(info, LNETMR_CMD_BENCH_START, NLMSG_DEFAULT_SIZE, bench_id_fill, &id);
	if (err)
		lnetmr_bench_stop(node, id);	/* nobody would know its id */
	return err;
}

/**
 * struct bench_report - a bench's counters, as a reply tells them
 * @id: the bench
 * @res: its counters
 */
struct bench_report {
	u32 id;
	struct lnetmr_bench_result res;
};

static int bench_report_fill(struct sk_buff *msg, void *arg)
{
	const struct bench_report *r = arg;

	if (nla_put_u32(msg, LNETMR_A_BENCH_ID, r->id) ||
	    nla_put_u8(msg, LNETMR_A_BENCH_STATE, r->res.state) ||
	    nla_put_u64_64bit(msg, LNETMR_A_BENCH_MSGS, r->res.msgs, LNETMR_A_BENCH_UNSPEC) ||
	    nla_put_u64_64bit(msg, LNETMR_A_BENCH_BYTES, r->res.bytes, LNETMR_A_BENCH_UNSPEC) ||
	    nla_put_u64_64bit(msg, LNETMR_A_BENCH_ERRORS, r->res.errors, LNETMR_A_BENCH_UNSPEC) ||
	    nla_put_s64(msg, LNETMR_A_BENCH_MISMATCHES, r->res.mismatches, LNETMR_A_BENCH_UNSPEC) ||
	    nla_put_u64_64bit(msg, LNETMR_A_BENCH_ELAPSED, r->res.elapsed_ns,
			      LNETMR_A_BENCH_UNSPEC))
		return -EMSGSIZE;
	return 0;
}

int lnetmr_nl_bench_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct bench_report r;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_BENCH_ID))
		return -EINVAL;
	r.id = nla_get_u32(info->attrs[LNETMR_A_BENCH_ID]);
	err = lnetmr_bench_read(lnetmr_nl_node(info), r.id, &r.res);
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_BENCH_ID],
				    "no bench with this id");
		return err;
	}
	return lnetmr_nl_reply(info, LNETMR_CMD_BENCH_GET, NLMSG_DEFAULT_SIZE,
			       bench_report_fill, &r);
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

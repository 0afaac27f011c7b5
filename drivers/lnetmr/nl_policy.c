// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: netlink handlers of selection policies (policy-add, policy-del,
 * policy-get).  The rule table itself is in policy.c.
 */
#include <net/genetlink.h>

#include <linux/lnetmr.h>

#include "nid.h"
#include "nl_gen.h"
#include "nl_util.h"
#include "node.h"
#include "policy.h"
#include "send.h"

/* the attribute that says what a rule matches: nid or net */
static const struct nlattr *match_attr(struct genl_info *info)
{
	return info->attrs[LNETMR_A_POLICY_NID] ?: info->attrs[LNETMR_A_POLICY_NET];
}

/*
 * What a request's rule matches: kind, and exactly one of nid and net.
 * Return: 0, or -EINVAL with an extack message on the bad attribute.
 */
static int match_parse(struct genl_info *info, struct lnetmr_policy_match *m)
{
	const struct nlattr *nid = info->attrs[LNETMR_A_POLICY_NID];
	const struct nlattr *net = info->attrs[LNETMR_A_POLICY_NET];

	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_POLICY_KIND))
		return -EINVAL;
	m->kind = nla_get_u8(info->attrs[LNETMR_A_POLICY_KIND]);	/* 0..1: policy */
	if (nid && net) {
		NL_SET_ERR_MSG_ATTR(info->extack, net,
				    "a rule matches a nid or a net, not both");
		return -EINVAL;
	}
	if (!nid && !net) {
		NL_SET_ERR_MSG(info->extack, "a rule matches a nid or a net: give one of them");
		return -EINVAL;
	}
	if (net) {
		m->by_net = true;
		return lnetmr_nl_get_net(info, LNETMR_A_POLICY_NET, &m->net);
	}
	m->nid = nla_get_u64(nid);
	if (m->nid == LNET_NID_ANY || !m->nid) {
		NL_SET_ERR_MSG_ATTR(info->extack, nid, "not a NID a rule can match");
		return -EINVAL;
	}
	return 0;
}

/**
 * struct policy_add - a rule to add, and the request asking for it
 * @info: the request
 * @m: what the rule matches
 * @priority: its priority
 */
struct policy_add {
	struct genl_info *info;
	struct lnetmr_policy_match m;
	u32 priority;
};

/* The rule goes in once its reply exists, so that it is added only if it can be told. */
static int policy_add_fill(struct sk_buff *msg, void *arg)
{
	struct policy_add *a = arg;
	struct genl_info *info = a->info;
	struct lnetmr_node *node = lnetmr_nl_node(info);
	u32 id;
	int err;

	err = lnetmr_policy_add(node, &a->m, a->priority, &id);
	switch (err) {
	case 0:
		break;
	case -EEXIST:
		if (a->m.by_net)
			NL_SET_ERR_MSG_ATTR(info->extack, match_attr(info),
					    "a rule of this kind already matches this network");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, match_attr(info),
					    "a rule of this kind already matches this NID");
		return err;
	case -ENOSPC:
		NL_SET_ERR_MSG(info->extack, "a node has at most "
			       __stringify(LNETMR_MAX_POLICIES) " rules");
		return err;
	case -EOVERFLOW:
		NL_SET_ERR_MSG(info->extack, "this node has used up its rule ids");
		return err;
	default:
		return err;
	}
	if (nla_put_u32(msg, LNETMR_A_POLICY_ID, id)) {
		lnetmr_policy_del(node, id);
		return -EMSGSIZE;
	}
	return 0;
}

int lnetmr_nl_policy_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct policy_add a = { .info = info };
	int err;

	err = match_parse(info, &a.m);
	if (err)
		return err;
	/* a rail is named by its NID: it must be one (a network may come later) */
	if (a.m.kind == LNETMR_POLICY_SRC && !a.m.by_net &&
	    !lnetmr_is_local_nid(lnetmr_nl_node(info), a.m.nid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LNETMR_A_POLICY_NID],
				    "no rail of this node has this NID");
		return -ENODEV;
	}
	if (GENL_REQ_ATTR_CHECK(info, LNETMR_A_POLICY_PRIORITY))
		return -EINVAL;
	a.priority = nla_get_u32(info->attrs[LNETMR_A_POLICY_PRIORITY]);	/* range: policy */
	return lnetmr_nl_reply(info, LNETMR_CMD_POLICY_ADD, NLMSG_DEFAULT_SIZE,
			       policy_add_fill, &a);
}

int lnetmr_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lnetmr_node *node = lnetmr_nl_node(info);
	const struct nlattr *id = info->attrs[LNETMR_A_POLICY_ID];
	const struct nlattr *kind = info->attrs[LNETMR_A_POLICY_KIND];
	struct lnetmr_policy_match m = { };
	int err;

	if (id) {
		if (kind || match_attr(info)) {
			NL_SET_ERR_MSG_ATTR(info->extack, kind ?: match_attr(info),
					    "give a rule's id, or its kind and nid or net, not both");
			return -EINVAL;
		}
		err = lnetmr_policy_del(node, nla_get_u32(id));
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack, id, "no rule has this id");
		return err;
	}
	if (!kind && !match_attr(info)) {
		NL_SET_ERR_MSG(info->extack, "give a rule's id, or its kind and nid or net");
		return -EINVAL;
	}
	err = match_parse(info, &m);
	if (err)
		return err;
	err = lnetmr_policy_del_match(node, &m);
	if (err && m.by_net)
		NL_SET_ERR_MSG_ATTR(info->extack, match_attr(info),
				    "no rule of this kind matches this network");
	else if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, match_attr(info),
				    "no rule of this kind matches this NID");
	return err;
}

static int policy_fill(struct sk_buff *skb, const struct lnetmr_policy *p)
{
	const struct lnetmr_policy_match *m = &p->match;

	if (nla_put_u32(skb, LNETMR_A_POLICY_ID, p->id) ||
	    nla_put_u8(skb, LNETMR_A_POLICY_KIND, m->kind) ||
	    nla_put_u32(skb, LNETMR_A_POLICY_PRIORITY, p->priority) ||
	    nla_put_u64_64bit(skb, LNETMR_A_POLICY_MATCHES, atomic64_read(&p->matches),
			      LNETMR_A_POLICY_UNSPEC))
		return -EMSGSIZE;
	if (m->by_net)
		return lnetmr_nl_put_net(skb, LNETMR_A_POLICY_NET, m->net);
	return nla_put_u64_64bit(skb, LNETMR_A_POLICY_NID, m->nid, LNETMR_A_POLICY_UNSPEC);
}

/*
 * cb->args[0]: id of the last rule dumped.  Rules are listed by rising id
 * and ids are never reused, so a dump resumes right even when rules come
 * and go between its parts.
 */
int lnetmr_nl_policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lnetmr_node *node = lnetmr_nl_dump_node(cb);
	struct lnetmr_policy *p;
	int err = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(p, &node->policies.rules, link) {
		void *hdr;

		if (p->id <= cb->args[0])
			continue;
		hdr = lnetmr_nl_dump_hdr(skb, cb, LNETMR_CMD_POLICY_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		err = policy_fill(skb, p);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = p->id;
	}
	rcu_read_unlock();
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/lnetmr.yaml */
/* by scripts/nlspec-gen.py */

#include <net/genetlink.h>
#include <net/netlink.h>

#include "nl_gen.h"

static const struct nla_policy lnetmr_nl_node_get_do_policy[LNETMR_A_NODE_MAX + 1] = {
};

static struct netlink_range_validation lnetmr_nl_node_set_do_transaction_timeout_range = {
	.min = 100ULL,
	.max = 3600000ULL,
};

static struct netlink_range_validation lnetmr_nl_node_set_do_stripe_threshold_range = {
	.min = 4096ULL,
	.max = 1048576ULL,
};

static const struct nla_policy lnetmr_nl_node_set_do_policy[LNETMR_A_NODE_MAX + 1] = {
	[LNETMR_A_NODE_DISCOVERY] = NLA_POLICY_MAX(NLA_U8, 1),
	[LNETMR_A_NODE_TRANSACTION_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_node_set_do_transaction_timeout_range),
	[LNETMR_A_NODE_STRIPE_THRESHOLD] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_node_set_do_stripe_threshold_range),
	[LNETMR_A_NODE_ACCEPT_ANY_PORT] = NLA_POLICY_MAX(NLA_U8, 1),
};

const struct genl_ops lnetmr_nl_ops[2] = {
	{
		.cmd		= LNETMR_CMD_NODE_GET,
		.doit		= lnetmr_nl_node_get_doit,
		.policy		= lnetmr_nl_node_get_do_policy,
		.maxattr	= LNETMR_A_NODE_MAX,
	},
	{
		.cmd		= LNETMR_CMD_NODE_SET,
		.doit		= lnetmr_nl_node_set_doit,
		.policy		= lnetmr_nl_node_set_do_policy,
		.maxattr	= LNETMR_A_NODE_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

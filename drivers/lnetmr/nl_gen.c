// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/lnetmr.yaml */
/* by scripts/nlspec-gen.py */

#include <net/genetlink.h>
#include <net/netlink.h>

#include "nl_gen.h"

static const struct nla_policy lnetmr_nl_node_get_policy[LNETMR_A_NODE_MAX + 1] = {
};

static struct netlink_range_validation lnetmr_nl_node_set_transaction_timeout_range = {
	.min = 100ULL,
	.max = 3600000ULL,
};

static struct netlink_range_validation lnetmr_nl_node_set_stripe_threshold_range = {
	.min = 4096ULL,
	.max = 1048576ULL,
};

static struct netlink_range_validation lnetmr_nl_node_set_timeout_range = {
	.min = 100ULL,
	.max = 3600000ULL,
};

static struct netlink_range_validation lnetmr_nl_node_set_bench_sink_max_range = {
	.min = 1048576ULL,
	.max = 67108864ULL,
};

static struct netlink_range_validation lnetmr_nl_node_set_peer_age_range = {
	.max = 604800ULL,
};

static const struct nla_policy lnetmr_nl_node_set_policy[LNETMR_A_NODE_MAX + 1] = {
	[LNETMR_A_NODE_DISCOVERY] = NLA_POLICY_MAX(NLA_U8, 1),
	[LNETMR_A_NODE_TRANSACTION_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_node_set_transaction_timeout_range),
	[LNETMR_A_NODE_STRIPE_THRESHOLD] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_node_set_stripe_threshold_range),
	[LNETMR_A_NODE_ACCEPT_ANY_PORT] = NLA_POLICY_MAX(NLA_U8, 1),
	[LNETMR_A_NODE_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_node_set_timeout_range),
	[LNETMR_A_NODE_BENCH_SINK_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_node_set_bench_sink_max_range),
	[LNETMR_A_NODE_PEER_AGE] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_node_set_peer_age_range),
};

static const struct nla_policy lnetmr_nl_ni_add_policy[LNETMR_A_NI_MAX + 1] = {
	[LNETMR_A_NI_NET] = { .type = NLA_NUL_STRING, .len = 15 },
};

static const struct nla_policy lnetmr_nl_ni_del_policy[LNETMR_A_NI_MAX + 1] = {
	[LNETMR_A_NI_NET] = { .type = NLA_NUL_STRING, .len = 15 },
};

static const struct nla_policy lnetmr_nl_ni_get_policy[LNETMR_A_NI_MAX + 1] = {
	[LNETMR_A_NI_NET] = { .type = NLA_NUL_STRING, .len = 15 },
};

static struct netlink_range_validation lnetmr_nl_rail_add_speed_range = {
	.min = 1ULL,
	.max = 10000000ULL,
};

static const struct nla_policy lnetmr_nl_rail_add_policy[LNETMR_A_RAIL_MAX + 1] = {
	[LNETMR_A_RAIL_NET] = { .type = NLA_NUL_STRING, .len = 15 },
	[LNETMR_A_RAIL_IFNAME] = { .type = NLA_NUL_STRING, .len = 15 },
	[LNETMR_A_RAIL_SPEED] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_rail_add_speed_range),
};

static const struct nla_policy lnetmr_nl_rail_del_policy[LNETMR_A_RAIL_MAX + 1] = {
	[LNETMR_A_RAIL_NET] = { .type = NLA_NUL_STRING, .len = 15 },
	[LNETMR_A_RAIL_IFNAME] = { .type = NLA_NUL_STRING, .len = 15 },
};

static const struct nla_policy lnetmr_nl_rail_get_policy[LNETMR_A_RAIL_MAX + 1] = {
	[LNETMR_A_RAIL_NET] = { .type = NLA_NUL_STRING, .len = 15 },
};

static const struct nla_policy lnetmr_nl_peer_get_policy[LNETMR_A_PEER_MAX + 1] = {
};

static const struct nla_policy lnetmr_nl_peer_add_policy[LNETMR_A_PEER_MAX + 1] = {
	[LNETMR_A_PEER_PRIMARY_NID] = { .type = NLA_U64, },
	[LNETMR_A_PEER_NID] = { .type = NLA_U64, },
};

static const struct nla_policy lnetmr_nl_peer_del_policy[LNETMR_A_PEER_MAX + 1] = {
	[LNETMR_A_PEER_PRIMARY_NID] = { .type = NLA_U64, },
};

static struct netlink_range_validation lnetmr_nl_ping_timeout_range = {
	.min = 1ULL,
	.max = 600000ULL,
};

static const struct nla_policy lnetmr_nl_ping_policy[LNETMR_A_PING_MAX + 1] = {
	[LNETMR_A_PING_NID] = { .type = NLA_U64, },
	[LNETMR_A_PING_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_ping_timeout_range),
};

static struct netlink_range_validation lnetmr_nl_bench_start_size_range = {
	.max = 67108864ULL,
};

static struct netlink_range_validation lnetmr_nl_bench_start_duration_range = {
	.min = 1ULL,
	.max = 86400000ULL,
};

static const struct nla_policy lnetmr_nl_bench_start_policy[LNETMR_A_BENCH_MAX + 1] = {
	[LNETMR_A_BENCH_TARGET] = { .type = NLA_U64, },
	[LNETMR_A_BENCH_OP] = NLA_POLICY_MAX(NLA_U8, 1),
	[LNETMR_A_BENCH_SIZE] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_bench_start_size_range),
	[LNETMR_A_BENCH_COUNT] = { .type = NLA_U64, },
	[LNETMR_A_BENCH_DURATION] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_bench_start_duration_range),
	[LNETMR_A_BENCH_CONCURRENCY] = NLA_POLICY_RANGE(NLA_U32, 1, 64),
};

static const struct nla_policy lnetmr_nl_bench_get_policy[LNETMR_A_BENCH_MAX + 1] = {
	[LNETMR_A_BENCH_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy lnetmr_nl_bench_stop_policy[LNETMR_A_BENCH_MAX + 1] = {
	[LNETMR_A_BENCH_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static struct netlink_range_validation lnetmr_nl_policy_add_priority_range = {
	.max = 65535ULL,
};

static const struct nla_policy lnetmr_nl_policy_add_policy[LNETMR_A_POLICY_MAX + 1] = {
	[LNETMR_A_POLICY_KIND] = NLA_POLICY_MAX(NLA_U8, 1),
	[LNETMR_A_POLICY_NID] = { .type = NLA_U64, },
	[LNETMR_A_POLICY_NET] = { .type = NLA_NUL_STRING, .len = 15 },
	[LNETMR_A_POLICY_PRIORITY] = NLA_POLICY_FULL_RANGE(NLA_U32, &lnetmr_nl_policy_add_priority_range),
};

static const struct nla_policy lnetmr_nl_policy_del_policy[LNETMR_A_POLICY_MAX + 1] = {
	[LNETMR_A_POLICY_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[LNETMR_A_POLICY_KIND] = NLA_POLICY_MAX(NLA_U8, 1),
	[LNETMR_A_POLICY_NID] = { .type = NLA_U64, },
	[LNETMR_A_POLICY_NET] = { .type = NLA_NUL_STRING, .len = 15 },
};

static const struct nla_policy lnetmr_nl_policy_get_policy[LNETMR_A_POLICY_MAX + 1] = {
};

const struct genl_ops lnetmr_nl_ops[18] = {
	{
		.cmd		= LNETMR_CMD_NODE_GET,
		.doit		= lnetmr_nl_node_get_doit,
		.policy		= lnetmr_nl_node_get_policy,
		.maxattr	= LNETMR_A_NODE_MAX,
	},
	{
		.cmd		= LNETMR_CMD_NODE_SET,
		.doit		= lnetmr_nl_node_set_doit,
		.policy		= lnetmr_nl_node_set_policy,
		.maxattr	= LNETMR_A_NODE_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_NI_ADD,
		.doit		= lnetmr_nl_ni_add_doit,
		.policy		= lnetmr_nl_ni_add_policy,
		.maxattr	= LNETMR_A_NI_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_NI_DEL,
		.doit		= lnetmr_nl_ni_del_doit,
		.policy		= lnetmr_nl_ni_del_policy,
		.maxattr	= LNETMR_A_NI_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_NI_GET,
		.doit		= lnetmr_nl_ni_get_doit,
		.dumpit		= lnetmr_nl_ni_get_dumpit,
		.policy		= lnetmr_nl_ni_get_policy,
		.maxattr	= LNETMR_A_NI_MAX,
	},
	{
		.cmd		= LNETMR_CMD_RAIL_ADD,
		.doit		= lnetmr_nl_rail_add_doit,
		.policy		= lnetmr_nl_rail_add_policy,
		.maxattr	= LNETMR_A_RAIL_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_RAIL_DEL,
		.doit		= lnetmr_nl_rail_del_doit,
		.policy		= lnetmr_nl_rail_del_policy,
		.maxattr	= LNETMR_A_RAIL_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_RAIL_GET,
		.dumpit		= lnetmr_nl_rail_get_dumpit,
		.policy		= lnetmr_nl_rail_get_policy,
		.maxattr	= LNETMR_A_RAIL_MAX,
	},
	{
		.cmd		= LNETMR_CMD_PEER_GET,
		.dumpit		= lnetmr_nl_peer_get_dumpit,
		.policy		= lnetmr_nl_peer_get_policy,
		.maxattr	= LNETMR_A_PEER_MAX,
	},
	{
		.cmd		= LNETMR_CMD_PEER_ADD,
		.doit		= lnetmr_nl_peer_add_doit,
		.policy		= lnetmr_nl_peer_add_policy,
		.maxattr	= LNETMR_A_PEER_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_PEER_DEL,
		.doit		= lnetmr_nl_peer_del_doit,
		.policy		= lnetmr_nl_peer_del_policy,
		.maxattr	= LNETMR_A_PEER_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_PING,
		.doit		= lnetmr_nl_ping_doit,
		.policy		= lnetmr_nl_ping_policy,
		.maxattr	= LNETMR_A_PING_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_BENCH_START,
		.doit		= lnetmr_nl_bench_start_doit,
		.policy		= lnetmr_nl_bench_start_policy,
		.maxattr	= LNETMR_A_BENCH_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_BENCH_GET,
		.doit		= lnetmr_nl_bench_get_doit,
		.policy		= lnetmr_nl_bench_get_policy,
		.maxattr	= LNETMR_A_BENCH_MAX,
	},
	{
		.cmd		= LNETMR_CMD_BENCH_STOP,
		.doit		= lnetmr_nl_bench_stop_doit,
		.policy		= lnetmr_nl_bench_stop_policy,
		.maxattr	= LNETMR_A_BENCH_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_POLICY_ADD,
		.doit		= lnetmr_nl_policy_add_doit,
		.policy		= lnetmr_nl_policy_add_policy,
		.maxattr	= LNETMR_A_POLICY_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_POLICY_DEL,
		.doit		= lnetmr_nl_policy_del_doit,
		.policy		= lnetmr_nl_policy_del_policy,
		.maxattr	= LNETMR_A_POLICY_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LNETMR_CMD_POLICY_GET,
		.dumpit		= lnetmr_nl_policy_get_dumpit,
		.policy		= lnetmr_nl_policy_get_policy,
		.maxattr	= LNETMR_A_POLICY_MAX,
	},
};

const struct genl_multicast_group lnetmr_nl_mcgrps[] = {
	[LNETMR_NLGRP_EVENTS] = { .name = LNETMR_MCGRP_EVENTS, },
};

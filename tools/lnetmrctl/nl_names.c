// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/lnetmr.yaml */
/* by scripts/nlspec-gen.py */

#include <stddef.h>

#include <linux/lnetmr.h>

#include "nl_names.h"

static const char *const lnetmr_node_attr_names[LNETMR_A_NODE_MAX + 1] = {
	[LNETMR_A_NODE_FAMILY_VERSION] = "family-version",
	[LNETMR_A_NODE_MODULE_VERSION] = "module-version",
	[LNETMR_A_NODE_BUILD_ID] = "build-id",
	[LNETMR_A_NODE_KERNEL] = "kernel",
	[LNETMR_A_NODE_INCARNATION] = "incarnation",
	[LNETMR_A_NODE_DISCOVERY] = "discovery",
	[LNETMR_A_NODE_TRANSACTION_TIMEOUT] = "transaction-timeout",
	[LNETMR_A_NODE_STRIPE_THRESHOLD] = "stripe-threshold",
	[LNETMR_A_NODE_ACCEPT_ANY_PORT] = "accept-any-port",
	[LNETMR_A_NODE_STATS] = "stats",
	[LNETMR_A_NODE_TIMEOUT] = "timeout",
	[LNETMR_A_NODE_BENCH_SINK_MAX] = "bench-sink-max",
	[LNETMR_A_NODE_BENCH_MEM] = "bench-mem",
	[LNETMR_A_NODE_PEER_AGE] = "peer-age",
	[LNETMR_A_NODE_BENCH_SINK_MEM] = "bench-sink-mem",
};

static const char *const lnetmr_rail_attr_names[LNETMR_A_RAIL_MAX + 1] = {
	[LNETMR_A_RAIL_NET] = "net",
	[LNETMR_A_RAIL_IFNAME] = "ifname",
	[LNETMR_A_RAIL_IFINDEX] = "ifindex",
	[LNETMR_A_RAIL_NID] = "nid",
	[LNETMR_A_RAIL_STATE] = "state",
	[LNETMR_A_RAIL_CREDITS] = "credits",
	[LNETMR_A_RAIL_MIN_CREDITS] = "min-credits",
	[LNETMR_A_RAIL_STATS] = "stats",
	[LNETMR_A_RAIL_SPEED] = "speed",
	[LNETMR_A_RAIL_HEALTH] = "health",
	[LNETMR_A_RAIL_NUMA_NODE] = "numa-node",
	[LNETMR_A_RAIL_PRIORITY] = "priority",
	[LNETMR_A_RAIL_SPEED_SET] = "speed-set",
};

static const char *const lnetmr_ni_attr_names[LNETMR_A_NI_MAX + 1] = {
	[LNETMR_A_NI_NET] = "net",
	[LNETMR_A_NI_RAIL] = "rail",
};

static const char *const lnetmr_peer_ni_attr_names[LNETMR_A_PEER_NI_MAX + 1] = {
	[LNETMR_A_PEER_NI_NID] = "nid",
	[LNETMR_A_PEER_NI_CREDITS] = "credits",
	[LNETMR_A_PEER_NI_MIN_CREDITS] = "min-credits",
	[LNETMR_A_PEER_NI_INCARNATION] = "incarnation",
	[LNETMR_A_PEER_NI_STATS] = "stats",
	[LNETMR_A_PEER_NI_HEALTH] = "health",
	[LNETMR_A_PEER_NI_PRIORITY] = "priority",
};

static const char *const lnetmr_peer_attr_names[LNETMR_A_PEER_MAX + 1] = {
	[LNETMR_A_PEER_PRIMARY_NID] = "primary-nid",
	[LNETMR_A_PEER_NI] = "ni",
	[LNETMR_A_PEER_NID] = "nid",
	[LNETMR_A_PEER_FEATURES] = "features",
	[LNETMR_A_PEER_CONFIGURED] = "configured",
};

static const char *const lnetmr_ping_attr_names[LNETMR_A_PING_MAX + 1] = {
	[LNETMR_A_PING_NID] = "nid",
	[LNETMR_A_PING_TIMEOUT] = "timeout",
	[LNETMR_A_PING_RTT] = "rtt",
	[LNETMR_A_PING_FEATURES] = "features",
	[LNETMR_A_PING_PID] = "pid",
	[LNETMR_A_PING_ENTRY] = "entry",
};

static const char *const lnetmr_bench_attr_names[LNETMR_A_BENCH_MAX + 1] = {
	[LNETMR_A_BENCH_ID] = "id",
	[LNETMR_A_BENCH_TARGET] = "target",
	[LNETMR_A_BENCH_OP] = "op",
	[LNETMR_A_BENCH_SIZE] = "size",
	[LNETMR_A_BENCH_COUNT] = "count",
	[LNETMR_A_BENCH_DURATION] = "duration",
	[LNETMR_A_BENCH_CONCURRENCY] = "concurrency",
	[LNETMR_A_BENCH_STATE] = "state",
	[LNETMR_A_BENCH_MSGS] = "msgs",
	[LNETMR_A_BENCH_BYTES] = "bytes",
	[LNETMR_A_BENCH_ERRORS] = "errors",
	[LNETMR_A_BENCH_MISMATCHES] = "mismatches",
	[LNETMR_A_BENCH_ELAPSED] = "elapsed",
};

static const char *const lnetmr_policy_attr_names[LNETMR_A_POLICY_MAX + 1] = {
	[LNETMR_A_POLICY_ID] = "id",
	[LNETMR_A_POLICY_KIND] = "kind",
	[LNETMR_A_POLICY_NID] = "nid",
	[LNETMR_A_POLICY_NET] = "net",
	[LNETMR_A_POLICY_PRIORITY] = "priority",
	[LNETMR_A_POLICY_MATCHES] = "matches",
};

const struct nl_attr_names lnetmr_cmd_attr_names[LNETMR_CMD_MAX + 1] = {
	[LNETMR_CMD_NODE_GET] = { "node-get", lnetmr_node_attr_names, LNETMR_A_NODE_MAX },
	[LNETMR_CMD_NODE_SET] = { "node-set", lnetmr_node_attr_names, LNETMR_A_NODE_MAX },
	[LNETMR_CMD_NI_ADD] = { "ni-add", lnetmr_ni_attr_names, LNETMR_A_NI_MAX },
	[LNETMR_CMD_NI_DEL] = { "ni-del", lnetmr_ni_attr_names, LNETMR_A_NI_MAX },
	[LNETMR_CMD_NI_GET] = { "ni-get", lnetmr_ni_attr_names, LNETMR_A_NI_MAX },
	[LNETMR_CMD_RAIL_ADD] = { "rail-add", lnetmr_rail_attr_names, LNETMR_A_RAIL_MAX },
	[LNETMR_CMD_RAIL_DEL] = { "rail-del", lnetmr_rail_attr_names, LNETMR_A_RAIL_MAX },
	[LNETMR_CMD_RAIL_GET] = { "rail-get", lnetmr_rail_attr_names, LNETMR_A_RAIL_MAX },
	[LNETMR_CMD_PEER_GET] = { "peer-get", lnetmr_peer_attr_names, LNETMR_A_PEER_MAX },
	[LNETMR_CMD_PEER_ADD] = { "peer-add", lnetmr_peer_attr_names, LNETMR_A_PEER_MAX },
	[LNETMR_CMD_PEER_DEL] = { "peer-del", lnetmr_peer_attr_names, LNETMR_A_PEER_MAX },
	[LNETMR_CMD_PING] = { "ping", lnetmr_ping_attr_names, LNETMR_A_PING_MAX },
	[LNETMR_CMD_BENCH_START] = { "bench-start", lnetmr_bench_attr_names, LNETMR_A_BENCH_MAX },
	[LNETMR_CMD_BENCH_GET] = { "bench-get", lnetmr_bench_attr_names, LNETMR_A_BENCH_MAX },
	[LNETMR_CMD_BENCH_STOP] = { "bench-stop", lnetmr_bench_attr_names, LNETMR_A_BENCH_MAX },
	[LNETMR_CMD_POLICY_ADD] = { "policy-add", lnetmr_policy_attr_names, LNETMR_A_POLICY_MAX },
	[LNETMR_CMD_POLICY_DEL] = { "policy-del", lnetmr_policy_attr_names, LNETMR_A_POLICY_MAX },
	[LNETMR_CMD_POLICY_GET] = { "policy-get", lnetmr_policy_attr_names, LNETMR_A_POLICY_MAX },
	[LNETMR_CMD_NI_NEW_NTF] = { "ni-new-ntf", lnetmr_ni_attr_names, LNETMR_A_NI_MAX },
	[LNETMR_CMD_NI_DEL_NTF] = { "ni-del-ntf", lnetmr_ni_attr_names, LNETMR_A_NI_MAX },
	[LNETMR_CMD_RAIL_NEW_NTF] = { "rail-new-ntf", lnetmr_rail_attr_names, LNETMR_A_RAIL_MAX },
	[LNETMR_CMD_RAIL_DEL_NTF] = { "rail-del-ntf", lnetmr_rail_attr_names, LNETMR_A_RAIL_MAX },
	[LNETMR_CMD_RAIL_STATE_NTF] = { "rail-state-ntf", lnetmr_rail_attr_names, LNETMR_A_RAIL_MAX },
	[LNETMR_CMD_RAIL_HEALTH_NTF] = { "rail-health-ntf", lnetmr_rail_attr_names, LNETMR_A_RAIL_MAX },
	[LNETMR_CMD_PEER_HEALTH_NTF] = { "peer-health-ntf", lnetmr_peer_ni_attr_names, LNETMR_A_PEER_NI_MAX },
	[LNETMR_CMD_DISCOVERY_NTF] = { "discovery-ntf", lnetmr_peer_attr_names, LNETMR_A_PEER_MAX },
};

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
};

const struct nl_attr_names lnetmr_cmd_attr_names[LNETMR_CMD_MAX + 1] = {
	[LNETMR_CMD_NODE_GET] = { "node-get", lnetmr_node_attr_names, LNETMR_A_NODE_MAX },
	[LNETMR_CMD_NODE_SET] = { "node-set", lnetmr_node_attr_names, LNETMR_A_NODE_MAX },
};

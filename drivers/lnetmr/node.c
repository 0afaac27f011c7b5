// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: per network namespace node state.  Each namespace is one LNet
 * node with its own incarnation and settings.
 */
#include <linux/ktime.h>
#include <net/netlink.h>
#include <net/netns/generic.h>

#include <linux/lnetmr.h>

#include "node.h"

static unsigned int lnetmr_net_id __read_mostly;

const struct lnetmr_setting_desc lnetmr_settings[LNETMR_SET_COUNT] = {
	[LNETMR_SET_DISCOVERY] = {
		.attr = LNETMR_A_NODE_DISCOVERY, .nla_type = NLA_U8,
		.name = "discovery", .def = 1,
	},
	[LNETMR_SET_TRANSACTION_TIMEOUT] = {
		.attr = LNETMR_A_NODE_TRANSACTION_TIMEOUT, .nla_type = NLA_U32,
		.name = "transaction-timeout", .def = 50000,
	},
	[LNETMR_SET_STRIPE_THRESHOLD] = {
		.attr = LNETMR_A_NODE_STRIPE_THRESHOLD, .nla_type = NLA_U32,
		.name = "stripe-threshold", .def = 65536,
	},
	[LNETMR_SET_ACCEPT_ANY_PORT] = {
		.attr = LNETMR_A_NODE_ACCEPT_ANY_PORT, .nla_type = NLA_U8,
		.name = "accept-any-port", .def = 0,
	},
};

/**
 * lnetmr_node() - the LNet node of a network namespace
 * @net: the namespace
 *
 * Return: the node; it exists for as long as @net does.
 */
struct lnetmr_node *lnetmr_node(const struct net *net)
{
	return net_generic(net, lnetmr_net_id);
}

static int __net_init lnetmr_net_init(struct net *net)
{
	struct lnetmr_node *node = lnetmr_node(net);
	int i;

	node->net = net;
	node->incarnation = ktime_get_real_ns();
	mutex_init(&node->lock);
	for (i = 0; i < LNETMR_SET_COUNT; i++)
		node->settings[i] = lnetmr_settings[i].def;
	return 0;
}

static void __net_exit lnetmr_net_exit(struct net *net)
{
	struct lnetmr_node *node = lnetmr_node(net);

	mutex_destroy(&node->lock);
}

static struct pernet_operations lnetmr_net_ops = {
	.init = lnetmr_net_init,
	.exit = lnetmr_net_exit,
	.id = &lnetmr_net_id,
	.size = sizeof(struct lnetmr_node),
};

int lnetmr_node_module_init(void)
{
	/* a device op: our exit runs while the namespace's devices still exist */
	return register_pernet_device(&lnetmr_net_ops);
}

void lnetmr_node_module_exit(void)
{
	unregister_pernet_device(&lnetmr_net_ops);
}

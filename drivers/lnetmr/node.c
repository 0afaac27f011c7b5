// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: per network namespace node state.  Each namespace is one LNet
 * node with its own incarnation and settings.
 */
#include <linux/ktime.h>
#include <net/netlink.h>
#include <net/netns/generic.h>

#include <linux/lnetmr.h>

#include "bench.h"
#include "core.h"
#include "health.h"
#include "ni.h"
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
	[LNETMR_SET_TIMEOUT] = {
		.attr = LNETMR_A_NODE_TIMEOUT, .nla_type = NLA_U32,
		.name = "timeout", .def = 10000,
	},
	[LNETMR_SET_BENCH_SINK_MAX] = {
		.attr = LNETMR_A_NODE_BENCH_SINK_MAX, .nla_type = NLA_U32,
		.name = "bench-sink-max", .def = LNET_MTU,
	},
	[LNETMR_SET_PEER_AGE] = {
		.attr = LNETMR_A_NODE_PEER_AGE, .nla_type = NLA_U32,
		.name = "peer-age", .def = 3600,
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

struct lnet_core *lnetmr_node_core(const struct lnetmr_node *node)
{
	return node->core;
}

struct net *lnetmr_node_net(const struct lnetmr_node *node)
{
	return node->net;
}

u32 lnetmr_node_setting(const struct lnetmr_node *node, enum lnetmr_setting_id id)
{
	return READ_ONCE(node->settings[id]);
}

void lnetmr_node_count(struct lnetmr_node *node, enum lnetmr_stat id, u64 n)
{
	lnetmr_stat_add(&node->stats, id, n);
}

static int __net_init lnetmr_net_init(struct net *net)
{
	struct lnetmr_node *node = lnetmr_node(net);
	int i, err;

	node->net = net;
	node->incarnation = ktime_get_real_ns();
	mutex_init(&node->lock);
	INIT_LIST_HEAD(&node->nis);
	lnetmr_peer_table_init(&node->peers);
	lnetmr_peer_aging_init(node);
	lnetmr_health_node_init(node);
	lnetmr_discovery_init(node);
	lnetmr_policy_table_init(&node->policies);
	for (i = 0; i < LNETMR_SET_COUNT; i++)
		node->settings[i] = lnetmr_settings[i].def;
	node->core = lnet_core_new(node);
	if (IS_ERR(node->core)) {
		err = PTR_ERR(node->core);
		node->core = NULL;
		goto err_lock;
	}
	err = lnetmr_discovery_start(node);
	if (err)
		goto err_core;
	err = lnetmr_bench_node_init(node);
	if (err)
		goto err_core;
	WRITE_ONCE(node->live, true);
	lnetmr_peer_aging_kick(node);
	return 0;

err_core:
	lnet_core_free(node->core);
	node->core = NULL;
err_lock:
	lnetmr_policy_table_flush(&node->policies);
	mutex_destroy(&node->lock);
	return err;
}

/*
 * Teardown: peer aging, recovery and discovery pings stop; benches stop issuing; rails
 * and NIs go (which stops the transports, so no message moves any more and
 * every transfer ends); the benches and the sink are freed; then the LNet
 * core (failing what still waits for an answer and unlinking every MD),
 * then the peers and the selection rules.
 */
static void __net_exit lnetmr_net_exit(struct net *net)
{
	struct lnetmr_node *node = lnetmr_node(net);

	WRITE_ONCE(node->live, false);
	lnetmr_peer_aging_stop(node);
	lnetmr_health_node_stop(node);
	lnetmr_discovery_stop(node);
	lnetmr_bench_stop_all(node);
	lnetmr_node_nis_flush(node);
	/* what transports queued for rails (rail_xprt_work) finds them gone */
	flush_workqueue(lnetmr_wq);
	lnetmr_bench_node_exit(node);
	lnet_core_free(node->core);
	node->core = NULL;
	/* what the last failures queued finds the node dead */
	lnetmr_health_node_stop(node);
	lnetmr_discovery_stop(node);
	lnetmr_peer_table_flush(&node->peers);
	lnetmr_policy_table_flush(&node->policies);
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

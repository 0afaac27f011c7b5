// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: LNet multi-rail driver, module entry points.
 *
 * Set-up order: the module's workqueue, the bench pattern, per-netns node
 * state, the netdevice
 * notifier (which needs the per-netns id), then the netlink family that
 * exposes it all.  Teardown runs in reverse.  An interface unregistered
 * between the notifier's removal and the nodes' teardown merely waits for
 * the teardown to release it.
 */
#include <linux/module.h>
#include <linux/workqueue.h>

#include "bench.h"
#include "netlink.h"
#include "ni.h"
#include "node.h"
#include "version.h"

struct workqueue_struct *lnetmr_wq;

static int __init lnetmr_init(void)
{
	int err;

	lnetmr_wq = alloc_workqueue("lnetmr", WQ_UNBOUND, 0);
	if (!lnetmr_wq)
		return -ENOMEM;
	err = lnetmr_bench_module_init();
	if (err)
		goto err_wq;
	err = lnetmr_node_module_init();
	if (err)
		goto err_bench;
	err = lnetmr_ni_module_init();
	if (err)
		goto err_node;
	err = lnetmr_netlink_init();
	if (err)
		goto err_ni;
	return 0;

err_ni:
	lnetmr_ni_module_exit();
err_node:
	lnetmr_node_module_exit();
err_bench:
	lnetmr_bench_module_exit();
err_wq:
	destroy_workqueue(lnetmr_wq);
	return err;
}

static void __exit lnetmr_exit(void)
{
	lnetmr_netlink_exit();
	lnetmr_ni_module_exit();
	lnetmr_node_module_exit();
	lnetmr_bench_module_exit();
	destroy_workqueue(lnetmr_wq);
}

module_init(lnetmr_init);
module_exit(lnetmr_exit);

MODULE_DESCRIPTION("LNet multi-rail network driver");
MODULE_AUTHOR("The lnetmr developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(LNETMR_MODULE_VERSION);

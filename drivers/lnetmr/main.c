// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: LNet multi-rail driver, module entry points.
 *
 * Set-up order: per-netns node state, then the netlink family that exposes
 * it.  Teardown runs in reverse.
 */
#include <linux/module.h>

#include "netlink.h"
#include "node.h"
#include "version.h"

static int __init lnetmr_init(void)
{
	int err;

	err = lnetmr_node_module_init();
	if (err)
		return err;
	err = lnetmr_netlink_init();
	if (err)
		goto err_node;
	return 0;

err_node:
	lnetmr_node_module_exit();
	return err;
}

static void __exit lnetmr_exit(void)
{
	lnetmr_netlink_exit();
	lnetmr_node_module_exit();
}

module_init(lnetmr_init);
module_exit(lnetmr_exit);

MODULE_DESCRIPTION("LNet multi-rail network driver");
MODULE_AUTHOR("The lnetmr developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(LNETMR_MODULE_VERSION);

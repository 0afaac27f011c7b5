// SPDX-License-Identifier: GPL-2.0
/*
 * core.c - the LNet core of a node: creation and teardown.
 */
#include <linux/random.h>
#include <linux/slab.h>

#include "core.h"
#include "lnet_node.h"
#include "ping.h"

struct lnet_core *lnet_core_of(struct net *net)
{
	return lnetmr_node_core(lnetmr_node(net));
}

/**
 * lnet_core_new() - the LNet core of a node
 * @node: the node
 *
 * Return: the core, with its ping buffer posted, or an ERR_PTR.
 */
struct lnet_core *lnet_core_new(struct lnetmr_node *node)
{
	struct lnet_core *core;
	int i, err;

	core = kzalloc(sizeof(*core), GFP_KERNEL);
	if (!core)
		return ERR_PTR(-ENOMEM);
	core->node = node;
	spin_lock_init(&core->lock);
	for (i = 0; i < LNET_MAX_PORTALS; i++)
		INIT_LIST_HEAD(&core->portals[i]);
	xa_init_flags(&core->mds, XA_FLAGS_ALLOC1);
	xa_init_flags(&core->waiting, XA_FLAGS_ALLOC1);
	INIT_LIST_HEAD(&core->wait_list);
	do {
		core->iface_cookie = get_random_u64();
	} while (core->iface_cookie == LNET_WIRE_HANDLE_COOKIE_NONE);
	INIT_DELAYED_WORK(&core->timeout_work, lnet_timeout_work);
	INIT_LIST_HEAD(&core->resend_list);
	INIT_WORK(&core->resend_work, lnet_resend_work);
	err = lnet_stripe_rx_init(core);
	if (err) {
		kfree(core);
		return ERR_PTR(err);
	}
	mutex_init(&core->ping_lock);

	err = lnet_ping_buf_update(core);
	if (err) {
		mutex_destroy(&core->ping_lock);
		lnet_stripe_rx_exit(core);
		kfree(core);
		return ERR_PTR(err);
	}
	queue_delayed_work(lnetmr_wq, &core->timeout_work, LNET_TIMEOUT_TICK);
	return core;
}

/**
 * lnet_core_free() - tear a node's core down
 * @core: the core; its node's rails are gone, so nothing is in flight any
 *	more but messages that wait for an answer
 *
 * Those fail with -ESHUTDOWN, then every MD is unlinked (its consumer gets
 * the UNLINK event).
 */
void lnet_core_free(struct lnet_core *core)
{
	/*
	 * No more timeouts (they queue resends); with no rail left, what was
	 * to be sent again fails at once.
	 */
	cancel_delayed_work_sync(&core->timeout_work);
	flush_work(&core->resend_work);
	lnet_fail_all_waiters(core, -ESHUTDOWN);
	flush_work(&core->resend_work);
	lnet_stripe_rx_exit(core);
	lnet_md_flush(core);
	WARN_ON(!xa_empty(&core->waiting));
	xa_destroy(&core->waiting);
	xa_destroy(&core->mds);
	mutex_destroy(&core->ping_lock);
	kfree(core);
}

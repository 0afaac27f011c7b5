// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: NIs and rails: configuration, lookups and the netdevice notifier
 * that removes a rail whose interface goes away.
 */
#include <linux/ethtool.h>
#include <linux/inetdevice.h>
#include <linux/ktime.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "bench.h"
#include "core.h"
#include "netlink.h"
#include "ni.h"
#include "node.h"
#include "send.h"
#include "xprt.h"

/*
 * The node's entry for @xport, started on the node's first NI of that
 * type.  Under RTNL and node->lock.
 */
static struct lnetmr_node_xprt *node_xprt_start(struct lnetmr_node *node,
						const struct lnet_transport *xport,
						const struct lnetmr_cfg *cfg)
{
	struct lnetmr_node_xprt *nx, *free = NULL;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(node->xprts); i++) {
		nx = &node->xprts[i];
		if (nx->xport == xport)
			return nx;
		if (!nx->xport && !free)
			free = nx;
	}
	if (!free) {
		NL_SET_ERR_MSG_ATTR(cfg->extack, cfg->net_attr,
				    "a node runs at most " __stringify(LNETMR_NODE_MAX_XPRTS)
				    " transports");
		return ERR_PTR(-ENOSPC);
	}
	free->xn.net = node->net;
	free->xn.stats = &node->stats;
	free->xn.priv = NULL;
	err = xport->node_start(&free->xn);
	if (err) {
		NL_SET_ERR_MSG_ATTR(cfg->extack, cfg->net_attr,
				    "the transport cannot start on this node (is its port in use?)");
		return ERR_PTR(err);
	}
	free->xport = xport;
	free->nis = 0;
	return free;
}

/* An NI of @nx's transport is gone; the last one stops it.  Same locks. */
static void node_xprt_put(struct lnetmr_node_xprt *nx)
{
	if (--nx->nis)
		return;
	nx->xport->node_stop(&nx->xn);
	nx->xport = NULL;
}

static struct lnetmr_node_xprt *node_xprt_of(struct lnetmr_ni *ni)
{
	return container_of(ni->xnode, struct lnetmr_node_xprt, xn);
}

struct lnetmr_ni *lnetmr_ni_find(struct lnetmr_node *node, u32 net)
{
	struct lnetmr_ni *ni;

	list_for_each_entry_rcu(ni, &node->nis, link,
				lockdep_is_held(&node->lock))
		if (ni->net == net)
			return ni;
	return NULL;
}

static void rail_free(struct kref *ref)
{
	struct lnetmr_rail *rail = container_of(ref, struct lnetmr_rail, ref);

	kfree_rcu(rail, rcu);
}

/**
 * lnetmr_rail_get() - take a reference on a rail
 * @rail: the rail, known to be alive (e.g. found under RCU)
 *
 * Return: @rail, or NULL when its last reference is already gone.
 */
struct lnetmr_rail *lnetmr_rail_get(struct lnetmr_rail *rail)
{
	return kref_get_unless_zero(&rail->ref) ? rail : NULL;
}

void lnetmr_rail_put(struct lnetmr_rail *rail)
{
	kref_put(&rail->ref, rail_free);
}

struct lnetmr_node *lnetmr_rail_node(const struct lnetmr_rail *rail)
{
	return rail->node;
}

void lnetmr_rail_count(struct lnetmr_rail *rail, enum lnetmr_stat id, u64 n)
{
	lnetmr_stat_add(&rail->stats, id, n);
}

/**
 * lnetmr_node_nid_count() - how many NIDs (rails) a node has
 * @node: the node
 *
 * Return: the count, which may change at any time.
 */
unsigned int lnetmr_node_nid_count(struct lnetmr_node *node)
{
	struct lnetmr_ni *ni;
	unsigned int n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(ni, &node->nis, link)
		n += READ_ONCE(ni->nrails);
	rcu_read_unlock();
	return n;
}

/**
 * lnetmr_node_nids() - a node's NIDs as ping buffer entries
 * @node: the node
 * @ents: where to put them: each rail's NID, and whether it is up
 * @max: room in @ents
 *
 * Return: the entries filled in.
 */
unsigned int lnetmr_node_nids(struct lnetmr_node *node, struct lnet_ping_entry *ents,
			      unsigned int max)
{
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;
	unsigned int n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(ni, &node->nis, link) {
		list_for_each_entry_rcu(rail, &ni->rails, link) {
			if (n == max)
				goto out;
			ents[n].nid = rail->xr.nid;
			ents[n].status = READ_ONCE(rail->state) == LNETMR_RAIL_STATE_UP ?
					 LNET_PING_STATUS_UP : LNET_PING_STATUS_DOWN;
			ents[n].msg_size = 0;
			n++;
		}
	}
out:
	rcu_read_unlock();
	return n;
}

/**
 * lnetmr_rail_find() - the local rail with a given NID
 * @node: the node
 * @nid: the NID
 *
 * Return: the rail with a reference the caller must put, or NULL.
 */
struct lnetmr_rail *lnetmr_rail_find(struct lnetmr_node *node, lnet_nid_t nid)
{
	struct lnetmr_rail *rail, *found = NULL;
	struct lnetmr_ni *ni;

	rcu_read_lock();
	ni = lnetmr_ni_find(node, lnet_nid_net(nid));
	if (ni) {
		list_for_each_entry_rcu(rail, &ni->rails, link) {
			if (rail->xr.nid == nid) {
				found = lnetmr_rail_get(rail);
				break;
			}
		}
	}
	rcu_read_unlock();
	return found;
}

static struct lnetmr_rail *rail_find_by_ifname(struct lnetmr_ni *ni, const char *ifname)
{
	struct lnetmr_rail *rail;

	list_for_each_entry(rail, &ni->rails, link)
		if (!strcmp(rail->xr.ifname, ifname))
			return rail;
	return NULL;
}

/*
 * The link's speed in Mbit/s as ethtool reports it.  Under RTNL, not under
 * node->lock (see lnetmr_rail_add()).
 */
static u32 link_speed(struct net_device *dev)
{
	struct ethtool_link_ksettings ks = { };

	if (__ethtool_get_link_ksettings(dev, &ks) || ks.base.speed == SPEED_UNKNOWN ||
	    !ks.base.speed)
		return LNETMR_RAIL_DEFAULT_SPEED;
	return ks.base.speed;
}

/* up when its interface is up with carrier and its transport can carry */
static int rail_actual_state(const struct lnetmr_rail *rail)
{
	const struct net_device *dev = rail->xr.dev;

	return netif_running(dev) && netif_carrier_ok(dev) && !rail->xprt_down ?
		LNETMR_RAIL_STATE_UP : LNETMR_RAIL_STATE_DOWN;
}

/**
 * lnetmr_rail_set_state_locked() - bring a rail's state in line with its
 *	interface and its transport
 * @rail: the rail, in its NI; node->lock held
 *
 * A rail going down is reset (its transport closes its connections) and
 * what waits for an answer over it goes another way at once; one coming
 * up starts its health's recovery.  Listeners hear of either.
 */
void lnetmr_rail_set_state_locked(struct lnetmr_rail *rail)
{
	struct lnetmr_node *node = rail->node;
	int state = rail_actual_state(rail);

	if (READ_ONCE(rail->state) == state)
		return;
	WRITE_ONCE(rail->state, state);
	if (state == LNETMR_RAIL_STATE_DOWN) {
		/* stop using it at once: what it carried goes another way */
		rail->ni->xport->rail_reset(&rail->xr);
		lnet_resend_path_waiters(node->core, rail, 0);
	} else {
		lnetmr_health_rail_up(rail);
	}
	lnetmr_nl_rail_notify(rail, LNETMR_CMD_RAIL_STATE_NTF);
	lnetmr_core_ping_update(node);
}

/* Unlink and stop a rail.  Under RTNL and node->lock. */
static void rail_remove(struct lnetmr_rail *rail)
{
	struct lnetmr_ni *ni = rail->ni;

	list_del_rcu(&rail->link);
	WRITE_ONCE(ni->nrails, ni->nrails - 1);
	/* no new message can select it after this */
	synchronize_rcu();
	lnetmr_send_rail_stop(rail);
	ni->xport->rail_stop(&rail->xr);
	/* what reached the dead rail has failed before the rail's users go */
	flush_work(&rail->dead_work);
	netdev_put(rail->xr.dev, &rail->dev_tracker);
	lnetmr_nl_rail_notify(rail, LNETMR_CMD_RAIL_DEL_NTF);
	lnetmr_rail_put(rail);
	lnetmr_core_ping_update(ni->node);
}

/*
 * What a transport asked for (lnetmr_rail_carrier(), lnetmr_rail_lost()),
 * done from a work item with the locks it needs: the transport may ask
 * from any context, even from under its own locks.
 */
static void rail_xprt_work(struct work_struct *work)
{
	struct lnetmr_rail *rail = container_of(work, struct lnetmr_rail, xprt_work);
	struct lnetmr_node *node = rail->node;

	rtnl_lock();
	mutex_lock(&node->lock);
	/* a rail already removed, by its user or its node's end, is left alone */
	if (!rail->dead) {
		if (test_and_clear_bit(LNETMR_RAIL_XPRT_LOST, &rail->xprt_events)) {
			rail_remove(rail);
		} else if (test_and_clear_bit(LNETMR_RAIL_XPRT_CARRIER, &rail->xprt_events)) {
			rail->xprt_down = !READ_ONCE(rail->xprt_carrier);
			lnetmr_rail_set_state_locked(rail);
		}
	}
	mutex_unlock(&node->lock);
	rtnl_unlock();
	lnetmr_rail_put(rail);
}

/**
 * lnetmr_rail_xprt_event() - a transport's news about its rail
 * @rail: the rail, alive (the transport has not stopped it)
 * @event: LNETMR_RAIL_XPRT_LOST or LNETMR_RAIL_XPRT_CARRIER
 *
 * Any context.  Handled by rail_xprt_work(), which holds a reference.
 */
void lnetmr_rail_xprt_event(struct lnetmr_rail *rail, unsigned int event)
{
	set_bit(event, &rail->xprt_events);
	if (!lnetmr_rail_get(rail))
		return;
	if (!queue_work(lnetmr_wq, &rail->xprt_work))
		lnetmr_rail_put(rail);
}

int lnetmr_rail_add(struct lnetmr_node *node, const struct lnetmr_cfg *cfg)
{
	struct netlink_ext_ack *extack = cfg->extack;
	struct net_device *dev;
	struct in_device *in_dev;
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;
	const struct in_ifaddr *ifa;
	int err;

	rail = kzalloc(sizeof(*rail), GFP_KERNEL);
	if (!rail)
		return -ENOMEM;

	rtnl_lock();
	dev = __dev_get_by_name(node->net, cfg->ifname);
	/*
	 * ethtool takes the device's instance lock, under which netdevice
	 * notifiers run and take node->lock: ask it before node->lock
	 */
	if (dev)
		rail->speed = cfg->speed ?: link_speed(dev);
	mutex_lock(&node->lock);
	ni = lnetmr_ni_find(node, cfg->net);
	if (!ni) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->net_attr, "no such NI: add it first with ni add");
		err = -ENOENT;
		goto err_unlock;
	}
	if (ni->nrails >= LNETMR_MAX_RAILS) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->net_attr,
				    "an NI holds at most " __stringify(LNETMR_MAX_RAILS) " rails");
		err = -ENOSPC;
		goto err_unlock;
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->ifname_attr,
				    "no such interface in this namespace");
		err = -ENODEV;
		goto err_unlock;
	}
	in_dev = __in_dev_get_rtnl(dev);
	ifa = in_dev ? rtnl_dereference(in_dev->ifa_list) : NULL;
	if (!ifa) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->ifname_attr, "the interface has no IPv4 address");
		err = -EADDRNOTAVAIL;
		goto err_unlock;
	}
	rail->xr.addr = ifa->ifa_local;
	rail->xr.mask = ifa->ifa_mask;
	rail->xr.nid = lnet_mknid(cfg->net, ntohl(rail->xr.addr));
	rail->xr.xnode = ni->xnode;
	rail->xr.stats = &rail->stats;
	if (lnetmr_rail_find_locked(node, rail->xr.nid, dev->ifindex)) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->ifname_attr,
				    "the interface or its address already is a rail of this node");
		err = -EEXIST;
		goto err_unlock;
	}

	INIT_LIST_HEAD(&rail->link);
	kref_init(&rail->ref);
	INIT_WORK(&rail->xprt_work, rail_xprt_work);
	rail->xprt_carrier = true;
	lnetmr_rail_init_send(rail);
	lnetmr_health_init(&rail->health);
	rail->numa_node = dev->dev.parent ? dev_to_node(dev->dev.parent) : NUMA_NO_NODE;
	rail->ni = ni;
	rail->node = node;
	rail->ifindex = dev->ifindex;
	rail->speed_set = cfg->speed;
	strscpy(rail->xr.ifname, dev->name, sizeof(rail->xr.ifname));
	rail->xr.dev = dev;
	rail->state = rail_actual_state(rail);
	netdev_hold(dev, &rail->dev_tracker, GFP_KERNEL);

	err = ni->xport->rail_start(&rail->xr, extack);
	if (err) {
		/* the transport says why, if it can */
		if (!extack || !extack->_msg)
			NL_SET_ERR_MSG_ATTR(extack, cfg->ifname_attr,
					    "the transport could not start the rail");
		else
			extack->bad_attr = cfg->ifname_attr;
		goto err_put_dev;
	}
	/* what the transport knows beats the interface's guess (RDMA ports) */
	if (!cfg->speed && rail->xr.speed)
		rail->speed = rail->xr.speed;
	list_add_tail_rcu(&rail->link, &ni->rails);
	WRITE_ONCE(ni->nrails, ni->nrails + 1);
	if (rail->state == LNETMR_RAIL_STATE_UP)
		lnetmr_health_rail_new(rail);
	lnetmr_core_ping_update(node);
	lnetmr_nl_rail_notify(rail, LNETMR_CMD_RAIL_NEW_NTF);
	mutex_unlock(&node->lock);
	rtnl_unlock();
	return 0;

err_put_dev:
	netdev_put(dev, &rail->dev_tracker);
err_unlock:
	mutex_unlock(&node->lock);
	rtnl_unlock();
	kfree(rail);
	return err;
}

int lnetmr_rail_del(struct lnetmr_node *node, const struct lnetmr_cfg *cfg)
{
	struct netlink_ext_ack *extack = cfg->extack;
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;
	int err = 0;

	rtnl_lock();
	mutex_lock(&node->lock);
	ni = lnetmr_ni_find(node, cfg->net);
	if (!ni) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->net_attr, "no such NI");
		err = -ENOENT;
		goto out;
	}
	rail = rail_find_by_ifname(ni, cfg->ifname);
	if (!rail) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->ifname_attr,
				    "the interface is not a rail of this NI");
		err = -ENOENT;
		goto out;
	}
	rail_remove(rail);
out:
	mutex_unlock(&node->lock);
	rtnl_unlock();
	return err;
}

int lnetmr_ni_add(struct lnetmr_node *node, const struct lnetmr_cfg *cfg)
{
	struct netlink_ext_ack *extack = cfg->extack;
	const struct lnet_transport *xport;
	struct lnetmr_node_xprt *nx;
	u32 net = cfg->net;
	struct lnetmr_ni *ni;
	int err;

	/* before RTNL: loading a transport's module may take it */
	xport = lnetmr_transport_get(lnet_net_type(net), cfg->net_attr, extack);
	if (IS_ERR(xport))
		return PTR_ERR(xport);
	ni = kzalloc(sizeof(*ni), GFP_KERNEL);
	if (!ni) {
		lnetmr_transport_put(xport);
		return -ENOMEM;
	}
	ni->node = node;
	ni->net = net;
	ni->xport = xport;
	INIT_LIST_HEAD(&ni->rails);

	rtnl_lock();
	mutex_lock(&node->lock);
	if (lnetmr_ni_find(node, net)) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->net_attr, "this NI exists already");
		err = -EEXIST;
		goto err_unlock;
	}
	if (node->nnis >= LNETMR_MAX_NIS) {
		NL_SET_ERR_MSG_ATTR(extack, cfg->net_attr,
				    "a node holds at most " __stringify(LNETMR_MAX_NIS) " NIs");
		err = -ENOSPC;
		goto err_unlock;
	}
	if (!node->nnis) {
		/* a node that had no NI starts afresh: peers see a restart */
		WRITE_ONCE(node->incarnation, ktime_get_real_ns());
		err = lnetmr_bench_sink_start(node);
		if (err) {
			NL_SET_ERR_MSG_ATTR(extack, cfg->net_attr, "cannot post the bench sink");
			goto err_unlock;
		}
	}
	nx = node_xprt_start(node, xport, cfg);
	if (IS_ERR(nx)) {
		err = PTR_ERR(nx);
		goto err_sink;
	}
	nx->nis++;
	ni->xnode = &nx->xn;
	list_add_tail_rcu(&ni->link, &node->nis);
	node->nnis++;
	lnetmr_nl_ni_notify(node, net, LNETMR_CMD_NI_NEW_NTF);
	mutex_unlock(&node->lock);
	rtnl_unlock();
	return 0;

err_sink:
	if (!node->nnis)
		lnetmr_bench_sink_stop(node);
err_unlock:
	mutex_unlock(&node->lock);
	rtnl_unlock();
	kfree(ni);
	lnetmr_transport_put(xport);
	return err;
}

/* Remove an NI with all its rails.  Under RTNL and node->lock. */
static void ni_remove(struct lnetmr_ni *ni)
{
	struct lnetmr_node *node = ni->node;
	struct lnetmr_rail *rail, *tmp;

	list_for_each_entry_safe(rail, tmp, &ni->rails, link)
		rail_remove(rail);
	list_del_rcu(&ni->link);
	node->nnis--;
	lnetmr_nl_ni_notify(node, ni->net, LNETMR_CMD_NI_DEL_NTF);
	node_xprt_put(node_xprt_of(ni));
	if (!node->nnis) {
		lnetmr_bench_sink_stop(node);
		/* the node stops being an LNet node: nothing it waits for will come */
		lnet_fail_all_waiters(node->core, -ENETDOWN);
	}
	/* nothing of the transport runs for this NI any more */
	lnetmr_transport_put(ni->xport);
	kfree_rcu(ni, rcu);
}

int lnetmr_ni_del(struct lnetmr_node *node, const struct lnetmr_cfg *cfg)
{
	struct lnetmr_ni *ni;
	int err = 0;

	rtnl_lock();
	mutex_lock(&node->lock);
	ni = lnetmr_ni_find(node, cfg->net);
	if (ni)
		ni_remove(ni);
	else
		err = -ENOENT;
	mutex_unlock(&node->lock);
	rtnl_unlock();
	if (err)
		NL_SET_ERR_MSG_ATTR(cfg->extack, cfg->net_attr, "no such NI");
	return err;
}

/**
 * lnetmr_node_nis_flush() - remove every NI and rail of a node
 * @node: the node, which is going away
 */
void lnetmr_node_nis_flush(struct lnetmr_node *node)
{
	struct lnetmr_ni *ni, *tmp;

	rtnl_lock();
	mutex_lock(&node->lock);
	list_for_each_entry_safe(ni, tmp, &node->nis, link)
		ni_remove(ni);
	mutex_unlock(&node->lock);
	rtnl_unlock();
}

/* The rail of @dev, if any.  Under node->lock. */
static struct lnetmr_rail *rail_of_dev(struct lnetmr_node *node, int ifindex)
{
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;

	list_for_each_entry(ni, &node->nis, link)
		list_for_each_entry(rail, &ni->rails, link)
			if (rail->ifindex == ifindex)
				return rail;
	return NULL;
}

/**
 * lnetmr_rail_find_locked() - is this NID or interface already a rail?
 * @node: the node, node->lock held
 * @nid: a NID
 * @ifindex: an interface index
 *
 * Return: the rail with that NID or on that interface, or NULL.
 */
struct lnetmr_rail *lnetmr_rail_find_locked(struct lnetmr_node *node, lnet_nid_t nid,
					    int ifindex)
{
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;

	list_for_each_entry(ni, &node->nis, link)
		list_for_each_entry(rail, &ni->rails, link)
			if (rail->xr.nid == nid || rail->ifindex == ifindex)
				return rail;
	return NULL;
}

static int lnetmr_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct lnetmr_node *node = lnetmr_node(dev_net(dev));
	struct lnetmr_rail *rail;

	/* a namespace still being set up, or already torn down: no rails */
	if (!node || !READ_ONCE(node->live))
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UNREGISTER:
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		break;
	default:
		return NOTIFY_DONE;
	}

	mutex_lock(&node->lock);
	rail = rail_of_dev(node, dev->ifindex);
	if (rail && event == NETDEV_UNREGISTER)
		rail_remove(rail);
	else if (rail)
		lnetmr_rail_set_state_locked(rail);
	mutex_unlock(&node->lock);
	return NOTIFY_DONE;
}

static struct notifier_block lnetmr_netdev_notifier = {
	.notifier_call = lnetmr_netdev_event,
};

int lnetmr_ni_module_init(void)
{
	return register_netdevice_notifier(&lnetmr_netdev_notifier);
}

void lnetmr_ni_module_exit(void)
{
	unregister_netdevice_notifier(&lnetmr_netdev_notifier);
}

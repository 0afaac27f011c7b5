// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr RDMA transport: the lnet_transport operations, rails and their
 * RDMA devices, peers, and the module.
 *
 * A rail is an IPoIB or RoCE interface with an RDMA device bound to it.
 * rail_start binds a listener to the rail's address, port 987, which also
 * tells the device and port behind the address (no device: the rail is
 * refused), allocates the protection domain its connections share and
 * follows the port's state.  ->send() hands a tx to the established
 * connection of the (rail, peer NID) pair, or queues it on the peer and
 * connects (conn.c).
 *
 * Device removal (ib_client remove, e.g. "rdma link delete") stops every
 * rail of the device at once, connections and all, and asks lnetmr to
 * remove the rails; until it has, they fail what they are given.
 *
 * Namespaces: an rdma_cm id holds a reference on its network namespace, so
 * a namespace whose last user went (ip netns del) would stay for as long
 * as we keep a listener there.  Every second the transport looks for a
 * namespace that only its own ids hold and asks lnetmr to remove its rails
 * there, after which the namespace goes as it would without us.
 */
#define pr_fmt(fmt) "lnetmr: o2ib: " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <rdma/ib_cache.h>

#include "o2ib.h"
#include "version.h"

/* the nodes where the transport runs (&struct lo2ib_node.link) */
static LIST_HEAD(lo2ib_nodes);
/* protects lo2ib_nodes and every node's rails list */
static DEFINE_MUTEX(lo2ib_devs_lock);

/* the module's own work: the reaper */
static struct workqueue_struct *lo2ib_wq;

static void lo2ib_reap_work(struct work_struct *work);
static DECLARE_DELAYED_WORK(lo2ib_reaper, lo2ib_reap_work);

/**
 * lo2ib_ltxs_complete() - complete a list of lnetmr's txs
 * @ltxs: txs linked by their ->link; emptied
 * @status: their status
 *
 * No lock of ours may be held: lnetmr may send again from the callback.
 */
void lo2ib_ltxs_complete(struct list_head *ltxs, int status)
{
	struct lnet_tx *ltx, *tmp;

	list_for_each_entry_safe(ltx, tmp, ltxs, link) {
		list_del_init(&ltx->link);
		lnet_tx_complete(ltx, status);
	}
}

/* ---- rdma_cm ids and the namespace they hold ---------------------------- */

/**
 * lo2ib_id_create() - an rdma_cm id in the node's namespace
 * @onode: the node
 * @handler: its event handler
 * @context: its context
 *
 * The id holds a reference on the namespace (rdma_cm takes it); the node
 * counts its ids so that the reaper can tell a namespace only we hold.
 * The count never exceeds the references: it goes up after the id is made
 * and down before it is destroyed.
 *
 * Return: the id or an ERR_PTR.
 */
struct rdma_cm_id *lo2ib_id_create(struct lo2ib_node *onode, rdma_cm_event_handler handler,
				   void *context)
{
	struct rdma_cm_id *id;

	atomic_inc(&onode->ids_seq);
	id = rdma_create_id(onode->xnode->net, handler, context, RDMA_PS_TCP, IB_QPT_RC);
	if (!IS_ERR(id))
		atomic_inc(&onode->ids);
	atomic_inc(&onode->ids_seq);
	return id;
}

/**
 * lo2ib_id_destroy() - destroy an id made by lo2ib_id_create()
 * @onode: its node
 * @id: the id; not from within its own event handler
 */
void lo2ib_id_destroy(struct lo2ib_node *onode, struct rdma_cm_id *id)
{
	atomic_inc(&onode->ids_seq);
	atomic_dec(&onode->ids);
	rdma_destroy_id(id);
	atomic_inc(&onode->ids_seq);
}

/* Does nobody but our ids hold @onode's namespace? */
static bool lo2ib_node_orphaned(struct lo2ib_node *onode)
{
	int seq = atomic_read(&onode->ids_seq), ids;
	unsigned int refs;

	/* the initial namespace never goes (and counts its references apart) */
	if (net_eq(onode->xnode->net, &init_net))
		return false;
	smp_rmb();	/* the count as of @seq */
	ids = atomic_read(&onode->ids);
	refs = lnetmr_net_refs(onode->xnode->net);
	smp_rmb();	/* both read before @seq is checked again */
	return ids > 0 && refs == ids && atomic_read(&onode->ids_seq) == seq && !(seq & 1);
}

static void lo2ib_reap_work(struct work_struct *work)
{
	struct lo2ib_node *onode;
	struct lo2ib_rail *orail;

	mutex_lock(&lo2ib_devs_lock);
	list_for_each_entry(onode, &lo2ib_nodes, link) {
		if (!lo2ib_node_orphaned(onode)) {
			onode->orphan_ticks = 0;
			continue;
		}
		/* twice in a row, a second apart, before it counts */
		if (++onode->orphan_ticks < 2)
			continue;
		pr_debug("namespace %p is held by our ids only: removing its rails\n",
			 onode->xnode->net);
		list_for_each_entry(orail, &onode->rails, node_link)
			lnetmr_rail_lost(orail->xr);
	}
	if (!list_empty(&lo2ib_nodes))
		queue_delayed_work(lo2ib_wq, &lo2ib_reaper, LO2IB_REAP_INTERVAL);
	mutex_unlock(&lo2ib_devs_lock);
}

/* ---- nodes --------------------------------------------------------------- */

static int lo2ib_node_start(struct lnet_xprt_node *xnode)
{
	struct lo2ib_node *onode = kzalloc(sizeof(*onode), GFP_KERNEL);

	if (!onode)
		return -ENOMEM;
	onode->xnode = xnode;
	INIT_LIST_HEAD(&onode->rails);
	atomic_set(&onode->ids, 0);
	atomic_set(&onode->ids_seq, 0);
	mutex_lock(&lo2ib_devs_lock);
	list_add_tail(&onode->link, &lo2ib_nodes);
	queue_delayed_work(lo2ib_wq, &lo2ib_reaper, LO2IB_REAP_INTERVAL);
	mutex_unlock(&lo2ib_devs_lock);
	xnode->priv = onode;
	return 0;
}

static void lo2ib_node_stop(struct lnet_xprt_node *xnode)
{
	struct lo2ib_node *onode = xnode->priv;

	mutex_lock(&lo2ib_devs_lock);
	WARN_ON(!list_empty(&onode->rails));
	list_del(&onode->link);
	mutex_unlock(&lo2ib_devs_lock);
	xnode->priv = NULL;
	kfree(onode);
}

/* ---- peers --------------------------------------------------------------- */

static void lo2ib_peer_retry_work(struct work_struct *work);

static struct lo2ib_peer *lo2ib_peer_find_locked(struct lo2ib_rail *orail, lnet_nid_t nid)
{
	struct lo2ib_peer *peer;

	hash_for_each_possible(orail->peers, peer, hnode, nid)
		if (peer->nid == nid)
			return peer;
	return NULL;
}

/**
 * lo2ib_peer_get() - find or create a peer
 * @orail: the rail, locked
 * @nid: the peer's NID
 *
 * Return: the peer (valid until rail_stop), or NULL if memory ran out.
 */
struct lo2ib_peer *lo2ib_peer_get(struct lo2ib_rail *orail, lnet_nid_t nid)
{
	struct lo2ib_peer *peer;

	lockdep_assert_held(&orail->lock);
	peer = lo2ib_peer_find_locked(orail, nid);
	if (peer)
		return peer;
	peer = kzalloc(sizeof(*peer), GFP_ATOMIC);
	if (!peer)
		return NULL;
	peer->orail = orail;
	peer->nid = nid;
	INIT_LIST_HEAD(&peer->txq);
	peer->queue_depth = LO2IB_QUEUE_DEPTH;
	peer->max_frags = LO2IB_MAX_FRAGS;
	peer->retry_after = jiffies;
	INIT_DELAYED_WORK(&peer->retry_work, lo2ib_peer_retry_work);
	hash_add(orail->peers, &peer->hnode, nid);
	return peer;
}

/* ---- rails --------------------------------------------------------------- */

static void lo2ib_port_event(struct ib_event_handler *handler, struct ib_event *event)
{
	struct lo2ib_rail *orail = container_of(handler, struct lo2ib_rail, event_handler);

	if (event->element.port_num != orail->port)
		return;
	switch (event->event) {
	case IB_EVENT_PORT_ACTIVE:
		lnetmr_rail_carrier(orail->xr, true);
		break;
	case IB_EVENT_PORT_ERR:
		lnetmr_rail_carrier(orail->xr, false);
		break;
	default:
		break;
	}
}

/*
 * Listen on the rail's address, port 987.  Binding the address is also
 * what finds the RDMA device and port behind it.
 */
static int lo2ib_rail_listen(struct lo2ib_rail *orail, struct netlink_ext_ack *extack)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = orail->xr->addr,
		.sin_port = htons(LO2IB_PORT),
	};
	struct rdma_cm_id *id;
	int rc;

	id = lo2ib_id_create(orail->onode, lo2ib_listen_handler, orail);
	if (IS_ERR(id))
		return PTR_ERR(id);
	rc = rdma_bind_addr(id, (struct sockaddr *)&sin);
	if (rc || !id->device) {
		NL_SET_ERR_MSG(extack, "no RDMA device (IPoIB, RoCE) is bound to the interface");
		rc = rc ?: -ENODEV;
		goto destroy;
	}
	rc = rdma_listen(id, LO2IB_BACKLOG);
	if (rc) {
		NL_SET_ERR_MSG(extack, "cannot listen on port 987 of the interface's address");
		goto destroy;
	}
	orail->listener = id;
	orail->device = id->device;
	orail->port = id->port_num;
	return 0;

destroy:
	lo2ib_id_destroy(orail->onode, id);
	return rc;
}

static int lo2ib_rail_start(struct lnet_xprt_rail *xr, struct netlink_ext_ack *extack)
{
	struct lo2ib_node *onode = xr->xnode->priv;
	enum ib_port_state state;
	struct lo2ib_rail *orail;
	int rc;

	orail = kzalloc(sizeof(*orail), GFP_KERNEL);
	if (!orail)
		return -ENOMEM;
	orail->xr = xr;
	orail->onode = onode;
	INIT_LIST_HEAD(&orail->node_link);
	spin_lock_init(&orail->lock);
	hash_init(orail->peers);
	INIT_LIST_HEAD(&orail->getreqs);
	atomic_set(&orail->nconns, 0);
	init_waitqueue_head(&orail->idle);

	rc = lo2ib_rail_listen(orail, extack);
	if (rc)
		goto free;
	/*
	 * The cached state: querying the port may take RTNL (rxe's does),
	 * which our caller holds.  The port's speed is what the interface
	 * reports (IPoIB and RoCE interfaces report their port's), which is
	 * lnetmr's default.
	 */
	rc = ib_get_cached_port_state(orail->device, orail->port, &state);
	if (rc) {
		NL_SET_ERR_MSG(extack, "cannot read the RDMA port's state");
		goto destroy_listener;
	}
	if (state != IB_PORT_ACTIVE) {
		NL_SET_ERR_MSG(extack, "the interface's RDMA port is not active (link down?)");
		rc = -ENETDOWN;
		goto destroy_listener;
	}
	orail->max_sge = min_t(u32, orail->device->attrs.max_send_sge, LO2IB_MAX_SGE);
	orail->max_qp_wr = orail->device->attrs.max_qp_wr;
	orail->max_fr_pages = min_t(u32, orail->device->attrs.max_fast_reg_page_list_len,
				    LO2IB_MAX_FRAGS);
	if (!(orail->device->attrs.device_cap_flags & IB_DEVICE_MEM_MGT_EXTENSIONS) ||
	    orail->max_fr_pages < 2 || orail->max_sge < 1) {
		NL_SET_ERR_MSG(extack, "the RDMA device has no fast memory registration");
		rc = -EOPNOTSUPP;
		goto destroy_listener;
	}
	orail->pd = ib_alloc_pd(orail->device, 0);
	if (IS_ERR(orail->pd)) {
		rc = PTR_ERR(orail->pd);
		NL_SET_ERR_MSG(extack, "cannot allocate an RDMA protection domain");
		goto destroy_listener;
	}
	orail->wq = alloc_workqueue("lnetmr_o2ib_%s", WQ_UNBOUND, 0, xr->ifname);
	if (!orail->wq) {
		rc = -ENOMEM;
		goto dealloc_pd;
	}
	INIT_IB_EVENT_HANDLER(&orail->event_handler, orail->device, lo2ib_port_event);
	ib_register_event_handler(&orail->event_handler);

	mutex_lock(&lo2ib_devs_lock);
	list_add_tail(&orail->node_link, &onode->rails);
	mutex_unlock(&lo2ib_devs_lock);
	xr->priv = orail;
	pr_debug("rail %s on %s port %u\n", xr->ifname, dev_name(&orail->device->dev),
		 orail->port);
	return 0;

dealloc_pd:
	ib_dealloc_pd(orail->pd);
destroy_listener:
	lo2ib_id_destroy(onode, orail->listener);
free:
	kfree(orail);
	return rc;
}

/*
 * Close every connection of the rail and wait until they are gone; what
 * waits for a connection fails with @error.  The listener stays.
 */
static void lo2ib_rail_close_all(struct lo2ib_rail *orail, int error)
{
	struct lo2ib_peer *peer, **peers;
	unsigned int n = 0, i;
	LIST_HEAD(ltxs);
	int bkt;

	/* peers stay until rail_stop: an array of them can be walked unlocked */
	spin_lock(&orail->lock);
	hash_for_each(orail->peers, bkt, peer, hnode)
		n++;
	peers = n ? kmalloc_array(n, sizeof(*peers), GFP_ATOMIC) : NULL;
	n = 0;
	hash_for_each(orail->peers, bkt, peer, hnode) {
		list_splice_tail_init(&peer->txq, &ltxs);
		if (peers)
			peers[n++] = peer;
	}
	spin_unlock(&orail->lock);
	lo2ib_ltxs_complete(&ltxs, error);
	for (i = 0; i < n; i++)
		lo2ib_peer_close(peers[i], error);
	kfree(peers);
}

/*
 * Stop everything the rail has on its device: listener, connections, port
 * events, protection domain.  Once; what comes later finds the rail dead.
 */
static void lo2ib_rail_shutdown(struct lo2ib_rail *orail, int error)
{
	struct rdma_cm_id *listener;

	spin_lock(&orail->lock);
	orail->stopping = true;
	listener = orail->listener;
	orail->listener = NULL;
	spin_unlock(&orail->lock);
	if (!listener)
		return;		/* done already */

	/* no new passive connections: the handler is done once this returns */
	lo2ib_id_destroy(orail->onode, listener);
	lo2ib_rail_close_all(orail, error);
	/* lnetmr hands no REPLY over any more: the GETs it owed go */
	lo2ib_getreqs_free(orail);
	wait_event(orail->idle, !atomic_read(&orail->nconns));
	flush_workqueue(orail->wq);
	ib_unregister_event_handler(&orail->event_handler);
	ib_dealloc_pd(orail->pd);
	orail->pd = NULL;
}

static void lo2ib_rail_stop(struct lnet_xprt_rail *xr)
{
	struct lo2ib_rail *orail = xr->priv;
	struct lo2ib_peer *peer;
	struct hlist_node *tmp;
	LIST_HEAD(ltxs);
	int bkt;

	/* under the lock, so that a device's removal waits for it */
	mutex_lock(&lo2ib_devs_lock);
	list_del_init(&orail->node_link);
	lo2ib_rail_shutdown(orail, -ENETDOWN);
	mutex_unlock(&lo2ib_devs_lock);

	hash_for_each(orail->peers, bkt, peer, hnode)
		cancel_delayed_work_sync(&peer->retry_work);
	destroy_workqueue(orail->wq);
	hash_for_each_safe(orail->peers, bkt, tmp, peer, hnode) {
		WARN_ON_ONCE(peer->conn || peer->connecting);
		list_splice_tail_init(&peer->txq, &ltxs);
		hash_del(&peer->hnode);
		kfree(peer);
	}
	lo2ib_ltxs_complete(&ltxs, -ENETDOWN);
	xr->priv = NULL;
	kfree(orail);
}

/* The rail's link went down: close its connections, the rail stays. */
static void lo2ib_rail_reset(struct lnet_xprt_rail *xr)
{
	lo2ib_rail_close_all(xr->priv, -ENETDOWN);
}

/*
 * lnetmr's REPLY to a peer's GET_REQ: it goes on the GET's connection,
 * whatever the peer's connection is now.  The GET is taken off the rail's
 * list first (the rail's end frees what is left there), unless the rail
 * is stopping, in which case it may be gone: the REPLY fails untouched.
 */
static void lo2ib_send_reply(struct lo2ib_rail *orail, struct lnet_tx *ltx)
{
	struct lo2ib_getreq *g = ltx->reply_to;

	spin_lock(&orail->lock);
	if (orail->stopping || orail->dead) {
		spin_unlock(&orail->lock);
		lnet_tx_complete(ltx, -ENETDOWN);
		return;
	}
	list_del_init(&g->link);
	spin_unlock(&orail->lock);
	lo2ib_reply_send(g, ltx);
}

static void lo2ib_send(struct lnet_xprt_rail *xr, lnet_nid_t nid, struct lnet_tx *ltx)
{
	struct lo2ib_rail *orail = xr->priv;
	struct lo2ib_conn *conn = NULL;
	struct lo2ib_peer *peer = NULL;
	bool connect = false;
	int err = 0;

	if (ltx->reply_to) {
		lo2ib_send_reply(orail, ltx);
		return;
	}
	spin_lock(&orail->lock);
	if (orail->stopping || orail->dead)
		err = -ENETDOWN;
	else if (lnet_net_type(lnet_nid_net(nid)) != O2IBLND)
		err = -EHOSTUNREACH;
	else
		peer = lo2ib_peer_get(orail, nid);
	if (!err && !peer)
		err = -ENOMEM;
	if (!err && peer->conn) {
		conn = peer->conn;
		kref_get(&conn->ref);
	} else if (!err) {
		list_add_tail(&ltx->link, &peer->txq);
		if (!peer->connecting && !peer->wait_race) {
			connect = time_after_eq(jiffies, peer->retry_after);
			/* a connection failed just now: the next try is due then */
			if (!connect)
				queue_delayed_work(orail->wq, &peer->retry_work,
						   peer->retry_after - jiffies);
		}
	}
	spin_unlock(&orail->lock);

	if (err) {
		lnet_tx_complete(ltx, err);
		return;
	}
	if (conn) {
		lo2ib_conn_send(conn, ltx);
		lo2ib_conn_put(conn);
		return;
	}
	if (connect)
		lo2ib_peer_connect(peer);
}

/**
 * lo2ib_peer_connect() - connect to a peer, or fail what waits for it
 * @peer: the peer, with no connection and none being made
 */
void lo2ib_peer_connect(struct lo2ib_peer *peer)
{
	struct lo2ib_rail *orail = peer->orail;
	LIST_HEAD(ltxs);
	int err;

	err = lo2ib_connect(peer);
	if (!err)
		return;
	spin_lock(&orail->lock);
	if (!peer->connecting && !peer->conn)
		list_splice_init(&peer->txq, &ltxs);
	peer->retry_after = jiffies + LO2IB_RETRY_INTERVAL;
	spin_unlock(&orail->lock);
	lo2ib_ltxs_complete(&ltxs, err);
}

/*
 * We lost a connection race, or were asked to wait: the peer's connection
 * was to come.  If it did not, connect ourselves (if anything waits).
 */
static void lo2ib_peer_retry_work(struct work_struct *work)
{
	struct lo2ib_peer *peer = container_of(to_delayed_work(work), struct lo2ib_peer,
					       retry_work);
	struct lo2ib_rail *orail = peer->orail;
	bool connect;

	spin_lock(&orail->lock);
	peer->wait_race = false;
	connect = !orail->stopping && !orail->dead && !peer->conn && !peer->connecting &&
		  !list_empty(&peer->txq);
	spin_unlock(&orail->lock);
	if (connect)
		lo2ib_peer_connect(peer);
}

struct lnet_transport lo2ib_transport = {
	.name		= "o2ib",
	.lnd_type	= O2IBLND,
	.owner		= THIS_MODULE,
	.max_frags	= LNET_MAX_IOV,
	.rdma		= true,
	.node_start	= lo2ib_node_start,
	.node_stop	= lo2ib_node_stop,
	.rail_start	= lo2ib_rail_start,
	.rail_stop	= lo2ib_rail_stop,
	.rail_reset	= lo2ib_rail_reset,
	.send		= lo2ib_send,
};

/* ---- devices ------------------------------------------------------------- */

static int lo2ib_dev_add(struct ib_device *device)
{
	return 0;	/* rails find their device when they are added */
}

/*
 * A device goes away: everything of ours on it goes now (the device waits
 * for us), and lnetmr removes the rails it carried.
 */
static void lo2ib_dev_remove(struct ib_device *device, void *client_data)
{
	struct lo2ib_node *onode;
	struct lo2ib_rail *orail;

	mutex_lock(&lo2ib_devs_lock);
	list_for_each_entry(onode, &lo2ib_nodes, link) {
		list_for_each_entry(orail, &onode->rails, node_link) {
			if (orail->device != device)
				continue;
			pr_debug("device %s removed: rail %s stops\n", dev_name(&device->dev),
				 orail->xr->ifname);
			spin_lock(&orail->lock);
			orail->dead = true;
			spin_unlock(&orail->lock);
			lo2ib_rail_shutdown(orail, -ENODEV);
			lnetmr_rail_lost(orail->xr);
		}
	}
	mutex_unlock(&lo2ib_devs_lock);
}

static struct ib_client lo2ib_client = {
	.name	= "lnetmr_o2ib",
	.add	= lo2ib_dev_add,
	.remove	= lo2ib_dev_remove,
};

static int __init lo2ib_init(void)
{
	int rc;

	lo2ib_wq = alloc_workqueue("lnetmr_o2ib", WQ_UNBOUND, 0);
	if (!lo2ib_wq)
		return -ENOMEM;
	rc = ib_register_client(&lo2ib_client);
	if (rc)
		goto destroy_wq;
	rc = lnetmr_transport_register(&lo2ib_transport);
	if (rc)
		goto unregister_client;
	return 0;

unregister_client:
	ib_unregister_client(&lo2ib_client);
destroy_wq:
	destroy_workqueue(lo2ib_wq);
	return rc;
}

static void __exit lo2ib_exit(void)
{
	lnetmr_transport_unregister(&lo2ib_transport);
	ib_unregister_client(&lo2ib_client);
	cancel_delayed_work_sync(&lo2ib_reaper);
	destroy_workqueue(lo2ib_wq);
}

module_init(lo2ib_init);
module_exit(lo2ib_exit);

MODULE_DESCRIPTION("lnetmr RDMA transport (Lustre o2iblnd protocol, over rdma_cm)");
MODULE_AUTHOR("The lnetmr developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(LNETMR_MODULE_VERSION);
MODULE_ALIAS_LNETMR_NET("o2ib");

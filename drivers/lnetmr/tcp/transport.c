// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr TCP transport: the lnet_transport operations.
 *
 * Per rail: a table of peers and an unbound workqueue.  ->send() queues a
 * tx on an established connection of the (rail, peer) pair, or on the peer
 * until one exists, and kicks the peer's connect work when connection types
 * are missing.  Like stock socklnd (conns_per_peer 1) a peer gets one
 * CONTROL, one BULK_IN and one BULK_OUT connection; payloads under 1 KiB
 * prefer CONTROL, larger ones BULK_OUT, and any established connection will
 * do if the preferred one is missing (connections the peer opened count as
 * well, so duplicates from connection races are simply used).
 *
 * The connect work (one per peer, on the rail's workqueue) tries the missing
 * types in order and stops at the first failure.  If it ends with no
 * connection at all, the waiting txs fail with its error; the next ->send()
 * tries again.  While some connection exists, a missing type is retried at
 * most every LTCP_RETRY_INTERVAL, on a later ->send().
 */
#define pr_fmt(fmt) "lnetmr: tcp: " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "tcp.h"
#include "version.h"

/**
 * lnetmr_tcp_txs_complete() - complete a list of txs
 * @txs: txs linked by their ->link; emptied
 * @status: their status
 *
 * No lock of ours may be held: the core may send again from the callback.
 */
void lnetmr_tcp_txs_complete(struct list_head *txs, int status)
{
	struct lnet_tx *tx, *tmp;

	list_for_each_entry_safe(tx, tmp, txs, link) {
		list_del_init(&tx->link);
		lnet_tx_complete(tx, status);
	}
}

/* ---- tx routing --------------------------------------------------------- */

/* the best connection for @tx: the preferred type, the other type, BULK_IN */
static struct ltcp_conn *ltcp_peer_pick_locked(struct ltcp_peer *peer,
					       const struct lnet_tx *tx)
{
	u32 want = tx->payload.len < LTCP_MIN_BULK ? SOCKLND_CONN_CONTROL :
						     SOCKLND_CONN_BULK_OUT;
	struct ltcp_conn *conn, *best = NULL;
	int rank, best_rank = INT_MAX;

	list_for_each_entry(conn, &peer->conns, link) {
		if (conn->type == want)
			return conn;
		rank = conn->type == SOCKLND_CONN_BULK_IN ? 2 : 1;
		if (rank < best_rank) {
			best = conn;
			best_rank = rank;
		}
	}
	return best;
}

static void ltcp_conn_queue_locked(struct ltcp_conn *conn, struct lnet_tx *tx)
{
	list_add_tail(&tx->link, &conn->txq);
	wake_up(&conn->tx_wait);
}

/**
 * lnetmr_tcp_peer_dispatch_locked() - move waiting txs onto connections
 * @peer: the peer, locked
 */
void lnetmr_tcp_peer_dispatch_locked(struct ltcp_peer *peer)
{
	struct lnet_tx *tx, *tmp;
	struct ltcp_conn *conn;

	lockdep_assert_held(&peer->lock);

	list_for_each_entry_safe(tx, tmp, &peer->txq, link) {
		conn = ltcp_peer_pick_locked(peer, tx);
		if (!conn)
			return;
		list_del(&tx->link);
		ltcp_conn_queue_locked(conn, tx);
	}
}

static bool ltcp_peer_has_type_locked(struct ltcp_peer *peer, u32 type)
{
	struct ltcp_conn *conn;

	list_for_each_entry(conn, &peer->conns, link)
		if (conn->type == type)
			return true;
	return false;
}

static bool ltcp_peer_has_type(struct ltcp_peer *peer, u32 type)
{
	bool has;

	spin_lock_bh(&peer->lock);
	has = ltcp_peer_has_type_locked(peer, type);
	spin_unlock_bh(&peer->lock);
	return has;
}

/*
 * We lost a connection race: the peer is connecting this type to us.  Give
 * its connection the time of a handshake to show up rather than failing
 * what waits for it.
 */
static bool ltcp_peer_wait_type(struct ltcp_peer *peer, u32 type)
{
	unsigned long deadline = jiffies + LTCP_HANDSHAKE_TIMEOUT;

	while (!ltcp_peer_has_type(peer, type)) {
		if (time_after(jiffies, deadline) || READ_ONCE(peer->trail->stopping))
			return false;
		msleep(20);
	}
	return true;
}

static bool ltcp_peer_complete_locked(struct ltcp_peer *peer)
{
	return ltcp_peer_has_type_locked(peer, SOCKLND_CONN_CONTROL) &&
	       ltcp_peer_has_type_locked(peer, SOCKLND_CONN_BULK_IN) &&
	       ltcp_peer_has_type_locked(peer, SOCKLND_CONN_BULK_OUT);
}

static void ltcp_connect_work(struct work_struct *work)
{
	static const u32 types[] = {
		SOCKLND_CONN_CONTROL, SOCKLND_CONN_BULK_IN, SOCKLND_CONN_BULK_OUT,
	};
	struct ltcp_peer *peer = container_of(work, struct ltcp_peer, connect_work);
	struct ltcp_rail *trail = peer->trail;
	LIST_HEAD(txs);
	unsigned int i;
	int rc = 0;

	for (i = 0; i < ARRAY_SIZE(types) && !rc; i++) {
		if (READ_ONCE(trail->stopping)) {
			rc = -ENETDOWN;
			break;
		}
		if (ltcp_peer_has_type(peer, types[i]))
			continue;
		rc = lnetmr_tcp_conn_connect(peer, types[i]);
		/* refused: fine if the peer connected this type to us meanwhile */
		if (rc == -EALREADY)
			rc = ltcp_peer_wait_type(peer, types[i]) ? 0 : -ECONNREFUSED;
		if (rc && !READ_ONCE(trail->stopping)) {
			pr_debug("connecting to %#llx (type %u) on %s failed: %d\n",
				 peer->nid, types[i], trail->xr->ifname, rc);
			ltcp_stat(trail->xr->stats, LNETMR_STAT_CONN_FAILURES);
		}
	}

	spin_lock_bh(&peer->lock);
	peer->connecting = false;
	if (rc)
		peer->retry_after = jiffies + LTCP_RETRY_INTERVAL;
	if (list_empty(&peer->conns))
		list_splice_init(&peer->txq, &txs);
	spin_unlock_bh(&peer->lock);

	/*
	 * No connection (or it died already): the next send tries again.  A
	 * peer that does not answer the connect is unreachable: its NID is
	 * to blame, not our rail (a silent rail shows on its connections).
	 */
	if (rc == -ETIMEDOUT)
		rc = -EHOSTUNREACH;
	lnetmr_tcp_txs_complete(&txs, rc ?: -ECONNRESET);
}

static void ltcp_peer_send(struct ltcp_peer *peer, struct lnet_tx *tx)
{
	struct ltcp_rail *trail = peer->trail;
	struct ltcp_conn *conn, *inline_conn = NULL;

	spin_lock_bh(&peer->lock);
	conn = ltcp_peer_pick_locked(peer, tx);
	if (conn && lnetmr_tcp_conn_can_send_inline_locked(conn, tx)) {
		conn->tx_busy = true;
		kref_get(&conn->ref);
		inline_conn = conn;
	} else if (conn) {
		ltcp_conn_queue_locked(conn, tx);
	} else {
		list_add_tail(&tx->link, &peer->txq);
	}

	if (!peer->connecting && !READ_ONCE(trail->stopping) &&
	    !ltcp_peer_complete_locked(peer) &&
	    (!conn || time_after_eq(jiffies, peer->retry_after))) {
		peer->connecting = true;
		queue_work(trail->wq, &peer->connect_work);
	}
	spin_unlock_bh(&peer->lock);

	if (inline_conn)
		lnetmr_tcp_conn_send_inline(inline_conn, tx);
}

/* ---- peers -------------------------------------------------------------- */

static struct ltcp_peer *ltcp_peer_alloc(struct ltcp_rail *trail, lnet_nid_t nid, gfp_t gfp)
{
	struct ltcp_peer *peer;

	peer = kzalloc(sizeof(*peer), gfp);
	if (!peer)
		return NULL;
	peer->trail = trail;
	peer->nid = nid;
	spin_lock_init(&peer->lock);
	INIT_LIST_HEAD(&peer->conns);
	INIT_LIST_HEAD(&peer->txq);
	INIT_LIST_HEAD(&peer->zc_txs);
	peer->zc_next = LTCP_KEEPALIVE_COOKIE;	/* cookies 0 and 1 mean no ACK */
	peer->retry_after = jiffies;
	INIT_WORK(&peer->connect_work, ltcp_connect_work);
	return peer;
}

static struct ltcp_peer *ltcp_peer_find_locked(struct ltcp_rail *trail, lnet_nid_t nid)
{
	struct ltcp_peer *peer;

	hash_for_each_possible(trail->peers, peer, hnode, nid)
		if (peer->nid == nid)
			return peer;
	return NULL;
}

/**
 * lnetmr_tcp_peer_get() - find or create a peer (process context)
 * @trail: the rail
 * @nid: the peer's NID
 *
 * Return: the peer (valid until rail_stop), or NULL if the rail is stopping
 * or memory ran out.
 */
struct ltcp_peer *lnetmr_tcp_peer_get(struct ltcp_rail *trail, lnet_nid_t nid)
{
	struct ltcp_peer *peer, *new;

	new = ltcp_peer_alloc(trail, nid, GFP_KERNEL);
	spin_lock_bh(&trail->lock);
	peer = NULL;
	if (!trail->stopping) {
		peer = ltcp_peer_find_locked(trail, nid);
		if (!peer && new) {
			hash_add(trail->peers, &new->hnode, nid);
			peer = new;
			new = NULL;
		}
	}
	spin_unlock_bh(&trail->lock);
	kfree(new);
	return peer;
}

/* close every connection of @peer and abort its connect in progress */
static void ltcp_peer_stop(struct ltcp_peer *peer)
{
	struct ltcp_conn *conn, *tmp, *connecting;
	LIST_HEAD(closing);
	LIST_HEAD(txs);

	spin_lock_bh(&peer->lock);
	list_for_each_entry_safe(conn, tmp, &peer->conns, link)
		if (lnetmr_tcp_conn_detach_locked(conn, -ENETDOWN, &txs))
			list_add_tail(&conn->link, &closing);
	connecting = peer->connecting_conn;
	if (connecting)
		kref_get(&connecting->ref);
	spin_unlock_bh(&peer->lock);

	list_for_each_entry_safe(conn, tmp, &closing, link) {
		list_del_init(&conn->link);
		lnetmr_tcp_conn_shutdown(conn);
	}
	if (connecting) {
		kernel_sock_shutdown(connecting->sock, SHUT_RDWR);
		lnetmr_tcp_conn_put(connecting);
	}
	lnetmr_tcp_txs_complete(&txs, -ENETDOWN);
}

/* ---- rails -------------------------------------------------------------- */

/* complete the txs ->send() could not queue, with the status it gave them */
static void ltcp_rail_complete_orphans(struct ltcp_rail *trail)
{
	struct lnet_tx *tx, *tmp;
	LIST_HEAD(txs);

	spin_lock_bh(&trail->lock);
	list_splice_init(&trail->orphans, &txs);
	spin_unlock_bh(&trail->lock);

	list_for_each_entry_safe(tx, tmp, &txs, link) {
		list_del_init(&tx->link);
		lnet_tx_complete(tx, tx->status);
	}
}

static void ltcp_orphan_work(struct work_struct *work)
{
	ltcp_rail_complete_orphans(container_of(work, struct ltcp_rail, orphan_work));
}

static int ltcp_rail_start(struct lnet_xprt_rail *xr, struct netlink_ext_ack *extack)
{
	struct ltcp_rail *trail;
	int rc;

	trail = kzalloc(sizeof(*trail), GFP_KERNEL);
	if (!trail)
		return -ENOMEM;
	trail->xr = xr;
	INIT_LIST_HEAD(&trail->link);
	spin_lock_init(&trail->lock);
	hash_init(trail->peers);
	init_waitqueue_head(&trail->idle_wait);
	INIT_LIST_HEAD(&trail->orphans);
	INIT_WORK(&trail->orphan_work, ltcp_orphan_work);

	trail->wq = alloc_workqueue("lnetmr_tcp_%s", WQ_UNBOUND, 0, xr->ifname);
	if (!trail->wq) {
		rc = -ENOMEM;
		goto free_trail;
	}
	rc = lnetmr_tcp_node_rail_attach(trail);
	if (rc)
		goto destroy_wq;
	xr->priv = trail;
	return 0;

destroy_wq:
	destroy_workqueue(trail->wq);
free_trail:
	kfree(trail);
	return rc;
}

/*
 * Close everything of the rail.  Order matters: once stopping is set no
 * peer, connection or work item is added; the passive handshakes are waited
 * for; then every connection is closed (queueing its reap work) and every
 * connect aborted; destroying the workqueue waits for the connect, reap
 * (hence every connection thread) and orphan work.  After that nothing of
 * ours runs for this rail, and what is left queued fails with -ENETDOWN.
 */
static void ltcp_rail_stop(struct lnet_xprt_rail *xr)
{
	struct ltcp_rail *trail = xr->priv;
	struct ltcp_peer *peer;
	struct hlist_node *tmp;
	LIST_HEAD(txs);
	int bkt;

	if (!trail)
		return;

	spin_lock_bh(&trail->lock);
	WRITE_ONCE(trail->stopping, true);
	spin_unlock_bh(&trail->lock);

	lnetmr_tcp_node_rail_detach(trail);
	/* the table is frozen now: walk it without the lock */
	hash_for_each(trail->peers, bkt, peer, hnode)
		ltcp_peer_stop(peer);
	destroy_workqueue(trail->wq);

	hash_for_each_safe(trail->peers, bkt, tmp, peer, hnode) {
		WARN_ON_ONCE(!list_empty(&peer->conns));
		list_splice_tail_init(&peer->txq, &txs);
		hash_del(&peer->hnode);
		kfree(peer);
	}
	lnetmr_tcp_txs_complete(&txs, -ENETDOWN);
	/* a completion may send again; such txs come back here as orphans */
	while (!list_empty_careful(&trail->orphans))
		ltcp_rail_complete_orphans(trail);

	xr->priv = NULL;
	kfree(trail);
}

/*
 * The rail's link went down: close its connections now (their txs fail, and
 * the core sends them another way) rather than waiting for TCP to give up.
 * Serialised with rail_stop by the caller (RTNL), so peers stay allocated.
 */
static void ltcp_rail_reset(struct lnet_xprt_rail *xr)
{
	struct ltcp_rail *trail = xr->priv;
	struct ltcp_peer *peer, **peers;
	unsigned int n = 0, i;
	int bkt;

	spin_lock_bh(&trail->lock);
	hash_for_each(trail->peers, bkt, peer, hnode)
		n++;
	peers = n ? kmalloc_array(n, sizeof(*peers), GFP_ATOMIC) : NULL;
	n = 0;
	if (peers)
		hash_for_each(trail->peers, bkt, peer, hnode)
			peers[n++] = peer;
	spin_unlock_bh(&trail->lock);

	for (i = 0; i < n; i++)
		ltcp_peer_stop(peers[i]);
	kfree(peers);
}

static void ltcp_send(struct lnet_xprt_rail *xr, lnet_nid_t nid, struct lnet_tx *tx)
{
	struct ltcp_rail *trail = xr->priv;
	struct ltcp_peer *peer;

	spin_lock_bh(&trail->lock);
	if (trail->stopping) {
		/* completed by rail_stop, never from here */
		tx->status = -ENETDOWN;
		list_add_tail(&tx->link, &trail->orphans);
		spin_unlock_bh(&trail->lock);
		return;
	}
	peer = NULL;
	if (lnet_net_type(lnet_nid_net(nid)) == SOCKLND) {
		peer = ltcp_peer_find_locked(trail, nid);
		if (!peer) {
			peer = ltcp_peer_alloc(trail, nid, GFP_ATOMIC);
			if (peer)
				hash_add(trail->peers, &peer->hnode, nid);
			else
				tx->status = -ENOMEM;
		}
	} else {
		tx->status = -EHOSTUNREACH;
	}
	if (!peer) {
		list_add_tail(&tx->link, &trail->orphans);
		queue_work(trail->wq, &trail->orphan_work);
	}
	spin_unlock_bh(&trail->lock);

	if (peer)
		ltcp_peer_send(peer, tx);
}

static struct lnet_transport lnetmr_tcp_transport = {
	.name		= "tcp",
	.lnd_type	= SOCKLND,
	.owner		= THIS_MODULE,
	.node_start	= lnetmr_tcp_node_start,
	.node_stop	= lnetmr_tcp_node_stop,
	.rail_start	= ltcp_rail_start,
	.rail_stop	= ltcp_rail_stop,
	.rail_reset	= ltcp_rail_reset,
	.send		= ltcp_send,
};

static int __init lnetmr_tcp_init(void)
{
	return lnetmr_transport_register(&lnetmr_tcp_transport);
}

static void __exit lnetmr_tcp_exit(void)
{
	lnetmr_transport_unregister(&lnetmr_tcp_transport);
}

module_init(lnetmr_tcp_init);
module_exit(lnetmr_tcp_exit);

MODULE_DESCRIPTION("lnetmr TCP transport (Lustre socklnd protocol v3)");
MODULE_AUTHOR("The lnetmr developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(LNETMR_MODULE_VERSION);
MODULE_ALIAS_LNETMR_NET("tcp");

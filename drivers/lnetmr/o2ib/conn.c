// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr RDMA transport: connections.
 *
 * Active side (lo2ib_connect()): an rdma_cm id bound to the rail's address
 * and a privileged port (1023 downwards), address then route resolution,
 * then the queue pair and rdma_connect() with a CONNREQ as private data;
 * the CONNACK comes with ESTABLISHED.  A reject says why: a connection race
 * lost (wait for the peer's), a stale incarnation, a queue depth or
 * fragment count to lower (try again with the peer's), or a fatal error.
 *
 * Passive side (lo2ib_listen_handler()): the CONNREQ is checked as a stock
 * node does (magic, version, NIDs, the source address and port, message
 * size, queue depth, fragments, incarnations, races) and either rejected
 * with the reason or answered with a CONNACK.
 *
 * One handler per connection (lo2ib_conn_handler()) follows its rdma_cm
 * events.  A connection that fails or closes is torn down from the rail's
 * workqueue (lo2ib_conn_teardown()): the queue pair is drained, so every
 * completion has run; the memory regions are deregistered, so the peer can
 * write nowhere any more; and only then does what the connection still
 * held fail back to lnetmr.
 */
#define pr_fmt(fmt) "lnetmr: o2ib: " fmt

#include <linux/slab.h>
#include <rdma/ib_cm.h>

#include "lnetmr_trace.h"
#include "o2ib.h"

static int lo2ib_conn_handler(struct rdma_cm_id *id, struct rdma_cm_event *event);
static void lo2ib_conn_teardown(struct work_struct *work);
static void lo2ib_resolve_work(struct work_struct *work);

/* ---- life cycle ---------------------------------------------------------- */

static struct lo2ib_conn *lo2ib_conn_alloc(struct lo2ib_peer *peer, bool active)
{
	struct lo2ib_conn *conn = kzalloc(sizeof(*conn), GFP_KERNEL);

	if (!conn)
		return NULL;
	kref_init(&conn->ref);
	conn->peer = peer;
	conn->orail = peer->orail;
	conn->active = active;
	conn->state = LO2IB_CONN_CONNECTING;
	conn->version = O2IB_VERSION_2;
	spin_lock_init(&conn->lock);
	mutex_init(&conn->setup_lock);
	mutex_init(&conn->resolve_lock);
	INIT_LIST_HEAD(&conn->queue_cred);
	INIT_LIST_HEAD(&conn->queue_nocred);
	INIT_LIST_HEAD(&conn->early_rxs);
	INIT_LIST_HEAD(&conn->dead_sinks);
	INIT_LIST_HEAD(&conn->mrs);
	INIT_LIST_HEAD(&conn->close_link);
	xa_init_flags(&conn->waiting, XA_FLAGS_ALLOC1);
	xa_init_flags(&conn->sinks, XA_FLAGS_ALLOC1);
	INIT_DELAYED_WORK(&conn->timer, lo2ib_conn_timer);
	INIT_WORK(&conn->teardown, lo2ib_conn_teardown);
	INIT_WORK(&conn->resolve_work, lo2ib_resolve_work);
	atomic_inc(&conn->orail->nconns);
	return conn;
}

static void lo2ib_conn_release(struct kref *ref)
{
	struct lo2ib_conn *conn = container_of(ref, struct lo2ib_conn, ref);
	struct lo2ib_rail *orail = conn->orail;

	xa_destroy(&conn->waiting);
	xa_destroy(&conn->sinks);
	mutex_destroy(&conn->resolve_lock);
	mutex_destroy(&conn->setup_lock);
	kfree(conn);
	if (atomic_dec_and_test(&orail->nconns))
		wake_up(&orail->idle);
}

void lo2ib_conn_put(struct lo2ib_conn *conn)
{
	kref_put(&conn->ref, lo2ib_conn_release);
}

/* DMA-mapped receive buffers, posted */
static int lo2ib_rxs_alloc(struct lo2ib_conn *conn)
{
	struct ib_device *dev = conn->orail->device;
	unsigned int i, n = LO2IB_RX_BUFS(conn->queue_depth);
	int rc = 0;

	conn->rxs = kcalloc(n, sizeof(*conn->rxs), GFP_KERNEL);
	if (!conn->rxs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct lo2ib_rx *rx = &conn->rxs[i];

		rx->conn = conn;
		rx->cqe.done = lo2ib_recv_done;
		rx->buf = kmalloc(O2IB_MSG_SIZE, GFP_KERNEL);
		if (!rx->buf)
			return -ENOMEM;
		rx->dma = ib_dma_map_single(dev, rx->buf, O2IB_MSG_SIZE, DMA_FROM_DEVICE);
		if (ib_dma_mapping_error(dev, rx->dma)) {
			kfree(rx->buf);
			rx->buf = NULL;
			return -ENOMEM;
		}
		conn->nrx++;
	}
	spin_lock(&conn->lock);
	for (i = 0; i < n && !rc; i++)
		rc = lo2ib_rx_post_locked(conn, &conn->rxs[i]);
	spin_unlock(&conn->lock);
	return rc;
}

static void lo2ib_rxs_free(struct lo2ib_conn *conn)
{
	struct ib_device *dev = conn->orail->device;
	unsigned int i;

	for (i = 0; i < conn->nrx; i++) {
		ib_dma_unmap_single(dev, conn->rxs[i].dma, O2IB_MSG_SIZE, DMA_FROM_DEVICE);
		kfree(conn->rxs[i].buf);
	}
	kfree(conn->rxs);
	conn->rxs = NULL;
	conn->nrx = 0;
}

/*
 * Send queue slots for messages: each of the queue_depth messages in
 * flight may carry a registration and its send, or its RDMA WRITEs (a
 * transfer of LNET_MTU bytes in pages, over fragments of an MD) and its
 * completion; and the NOOPs.  Invalidations have slots of their own, one
 * per region (lo2ib_conn_setup_qp()).
 */
static unsigned int lo2ib_sq_msg_slots(const struct lo2ib_conn *conn)
{
	unsigned int writes = DIV_ROUND_UP(LO2IB_MAX_FRAGS + LNET_MAX_IOV, conn->orail->max_sge);

	return conn->queue_depth * (1 + writes) + LO2IB_MAX_NOOPS;
}

/*
 * The queue pair of a connection, its completion queue, its receive buffers
 * (posted) and its memory regions, for conn->queue_depth.
 */
static int lo2ib_conn_setup_qp(struct lo2ib_conn *conn)
{
	struct lo2ib_rail *orail = conn->orail;
	unsigned int sq, rq, nmrs = 2 * conn->queue_depth;
	struct ib_qp_init_attr attr = {};
	int rc;

	/* the peer's PUTs and our GETs, queue_depth of each, have a sink */
	sq = min(lo2ib_sq_msg_slots(conn) + nmrs, orail->max_qp_wr);
	if (sq <= nmrs + LO2IB_MAX_NOOPS)
		return -ENOSPC;
	rq = LO2IB_RX_BUFS(conn->queue_depth);
	conn->cq = ib_alloc_cq(orail->device, conn, sq + rq + 2, 0, IB_POLL_WORKQUEUE);
	if (IS_ERR(conn->cq)) {
		rc = PTR_ERR(conn->cq);
		conn->cq = NULL;
		return rc;
	}
	attr.qp_context = conn;
	attr.send_cq = conn->cq;
	attr.recv_cq = conn->cq;
	attr.cap.max_send_wr = sq;
	attr.cap.max_recv_wr = rq;
	attr.cap.max_send_sge = orail->max_sge;
	attr.cap.max_recv_sge = 1;
	attr.sq_sig_type = IB_SIGNAL_REQ_WR;
	attr.qp_type = IB_QPT_RC;
	rc = rdma_create_qp(conn->cm_id, orail->pd, &attr);
	if (rc)
		return rc;
	conn->qp = conn->cm_id->qp;
	conn->inv_free = nmrs;
	conn->sq_free = min(attr.cap.max_send_wr, sq) - nmrs;
	rc = lo2ib_mrs_alloc(conn, nmrs);
	if (rc)
		return rc;
	rc = lo2ib_noops_alloc(conn);
	if (rc)
		return rc;
	return lo2ib_rxs_alloc(conn);
}

/* Under orail->lock: take @conn off its peer; true if it was its connection. */
static bool lo2ib_conn_detach_locked(struct lo2ib_conn *conn)
{
	struct lo2ib_peer *peer = conn->peer;
	bool was = false;

	if (peer->conn == conn) {
		peer->conn = NULL;
		was = true;
	}
	if (peer->connecting == conn) {
		peer->connecting = NULL;
		was = true;
	}
	return was;
}

/**
 * lo2ib_conn_close() - close a connection
 * @conn: the connection
 * @error: why (what its messages fail with)
 *
 * Once; any context but its own teardown, which it queues (with a
 * reference of its own).  A connection that is still its peer's is taken
 * off it (its reference dropped); one that was being set up takes what
 * waited for it down with it, unless another connection to the peer
 * exists or is coming, or it is to be tried again (a reject asked for
 * that, conn->retry).
 */
void lo2ib_conn_close(struct lo2ib_conn *conn, int error)
{
	struct lo2ib_rail *orail = conn->orail;
	struct lo2ib_peer *peer = conn->peer;
	bool was_connecting, owned, retry = false, wait;
	LIST_HEAD(ltxs);

	spin_lock(&conn->lock);
	if (conn->state == LO2IB_CONN_CLOSING) {
		spin_unlock(&conn->lock);
		return;
	}
	was_connecting = conn->state == LO2IB_CONN_CONNECTING;
	conn->state = LO2IB_CONN_CLOSING;
	conn->error = error;
	spin_unlock(&conn->lock);
	if (!was_connecting)
		trace_lnetmr_conn(orail->xr, "o2ib", peer->nid,
				  conn->active ? "active" : "passive", false, error);
	pr_debug("connection %p to %#llx on %s closes: %d\n", conn, peer->nid,
		 orail->xr->ifname, error);

	spin_lock(&orail->lock);
	owned = lo2ib_conn_detach_locked(conn);
	wait = peer->wait_race;
	if (owned && was_connecting && !peer->conn && !peer->connecting) {
		if (conn->retry && !orail->stopping && !orail->dead)
			retry = true;
		else if (!wait)
			list_splice_init(&peer->txq, &ltxs);
		peer->retry_after = jiffies + (retry ? 0 : LO2IB_RETRY_INTERVAL);
	}
	spin_unlock(&orail->lock);

	/* one that does not answer is unreachable: its NID is to blame */
	lo2ib_ltxs_complete(&ltxs, error == -ETIMEDOUT ? -EHOSTUNREACH : error);
	if (owned && (retry || wait))
		mod_delayed_work(orail->wq, &peer->retry_work, retry ? 0 : LO2IB_CONNECT_TIMEOUT);
	kref_get(&conn->ref);
	queue_work(orail->wq, &conn->teardown);
	if (owned)
		lo2ib_conn_put(conn);	/* the peer's */
}

/*
 * What a connection holds on its device: drain the queue pair (every
 * completion has run), deregister the memory regions (nobody may write into
 * what we registered once we give it back), fail back what is left, free.
 * May sleep; not from a completion.
 */
static void lo2ib_conn_free_resources(struct lo2ib_conn *conn)
{
	if (conn->qp)
		ib_drain_qp(conn->qp);
	cancel_delayed_work_sync(&conn->timer);
	lo2ib_mrs_free(conn);
	lo2ib_conn_fail_all(conn, conn->error ?: -ECONNABORTED);
	if (conn->qp)
		rdma_destroy_qp(conn->cm_id);
	conn->qp = NULL;
	if (conn->cq)
		ib_free_cq(conn->cq);
	conn->cq = NULL;
	lo2ib_rxs_free(conn);
}

/* On the rail's workqueue, never in an rdma_cm handler or a completion. */
static void lo2ib_conn_teardown(struct work_struct *work)
{
	struct lo2ib_conn *conn = container_of(work, struct lo2ib_conn, teardown);
	struct lo2ib_node *onode = conn->orail->onode;

	if (conn->cm_id && conn->established_at)
		rdma_disconnect(conn->cm_id);
	/* the handler may be creating the queue pair right now */
	mutex_lock(&conn->setup_lock);
	lo2ib_conn_free_resources(conn);
	mutex_unlock(&conn->setup_lock);
	if (conn->cm_id) {
		/*
		 * A barrier, not a critical section: a resolution under way
		 * ends first, later ones see CLOSING (set before we were
		 * queued) and leave the id alone.  Not held across the
		 * destruction, which waits for the id's handler.
		 */
		mutex_lock(&conn->resolve_lock);
		mutex_unlock(&conn->resolve_lock);
		lo2ib_id_destroy(onode, conn->cm_id);
		/*
		 * No handler runs any more: a resolution it asked for is
		 * cancelled, or saw the connection closed and did nothing.
		 */
		cancel_work_sync(&conn->resolve_work);
		conn->cm_id = NULL;
		lo2ib_conn_put(conn);	/* the id's */
	}
	lo2ib_conn_put(conn);	/* the teardown's */
}

/**
 * lo2ib_peer_close() - close a peer's connections and wait until they went
 * @peer: the peer; nothing makes a new connection to it meanwhile
 * @error: why
 */
void lo2ib_peer_close(struct lo2ib_peer *peer, int error)
{
	struct lo2ib_rail *orail = peer->orail;
	struct lo2ib_conn *conns[2];
	unsigned int i, n = 0;

	spin_lock(&orail->lock);
	if (peer->conn)
		conns[n++] = peer->conn;
	if (peer->connecting)
		conns[n++] = peer->connecting;
	for (i = 0; i < n; i++)
		kref_get(&conns[i]->ref);
	spin_unlock(&orail->lock);
	for (i = 0; i < n; i++) {
		lo2ib_conn_close(conns[i], error);
		flush_work(&conns[i]->teardown);
		lo2ib_conn_put(conns[i]);
	}
}

/* ---- private data -------------------------------------------------------- */

static void lo2ib_connparams_init(struct lo2ib_conn *conn, struct lnet_o2ib_msg *m, u8 type)
{
	lo2ib_msg_init(conn, m, type);
	m->u.conn.queue_depth = conn->queue_depth;
	m->u.conn.max_frags = conn->max_frags;
	m->u.conn.max_msg_size = O2IB_MSG_SIZE;
}

/* Reject a connection request, saying why; the id is then destroyed. */
static int lo2ib_reject(struct lo2ib_rail *orail, struct rdma_cm_id *id, u8 why)
{
	struct lnet_o2ib_rej rej = {
		.version = O2IB_VERSION_2,
		.why = why,
		.incarnation = lnetmr_xprt_incarnation(orail->xr->xnode),
		.cp = {
			.queue_depth = LO2IB_QUEUE_DEPTH,
			.max_frags = LO2IB_MAX_FRAGS,
			.max_msg_size = O2IB_MSG_SIZE,
		},
	};
	u8 buf[O2IB_REJ_SIZE];

	lnet_o2ib_rej_encode(&rej, buf);
	rdma_reject(id, buf, sizeof(buf), IB_CM_REJ_CONSUMER_DEFINED);
	lo2ib_stat(orail, LNETMR_STAT_CONNS_REFUSED, 1);
	return 1;	/* rdma_cm destroys the id */
}

/* ---- active side --------------------------------------------------------- */

/*
 * Bind the id to the rail's address and a free privileged port, resolve.
 * Under @conn->resolve_lock; -ECONNABORTED once the connection is closed
 * (its teardown destroys the id).
 */
static int lo2ib_resolve(struct lo2ib_conn *conn)
{
	struct lo2ib_rail *orail = conn->orail;
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(lnet_nid_addr(conn->peer->nid)),
		.sin_port = htons(LO2IB_PORT),
	};
	struct sockaddr_in src = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = orail->xr->addr,
	};
	int port, rc = -EADDRINUSE;

	lockdep_assert_held(&conn->resolve_lock);
	/* closed: the teardown destroys the id, or did */
	if (READ_ONCE(conn->state) == LO2IB_CONN_CLOSING)
		return -ECONNABORTED;
	if (conn->port) {
		/* bound already: resolve again */
		src.sin_port = htons(conn->port);
		return rdma_resolve_addr(conn->cm_id, (struct sockaddr *)&src,
					 (struct sockaddr *)&dst, LO2IB_RESOLVE_STEP_MS);
	}
	for (port = LO2IB_PORT_HI; port >= LO2IB_PORT_LO && rc == -EADDRINUSE; port--) {
		src.sin_port = htons(port);
		rc = rdma_resolve_addr(conn->cm_id, (struct sockaddr *)&src,
				       (struct sockaddr *)&dst, LO2IB_RESOLVE_STEP_MS);
		if (!rc)
			conn->port = port;
	}
	return rc;
}

/* Address resolution once more (see RDMA_CM_EVENT_ADDR_ERROR). */
static void lo2ib_resolve_work(struct work_struct *work)
{
	struct lo2ib_conn *conn = container_of(work, struct lo2ib_conn, resolve_work);
	int rc;

	mutex_lock(&conn->resolve_lock);
	rc = lo2ib_resolve(conn);
	mutex_unlock(&conn->resolve_lock);
	if (rc && READ_ONCE(conn->state) == LO2IB_CONN_CLOSING)
		return;		/* closed meanwhile */
	if (rc) {
		lo2ib_stat(conn->orail, LNETMR_STAT_CONN_FAILURES, 1);
		lo2ib_conn_close(conn, rc);
	}
}

/**
 * lo2ib_connect() - start connecting to a peer
 * @peer: the peer, with no connection and none being made
 *
 * Return: 0 when the connection is on its way (what waits for it is sent
 * or failed when it is up or failed), or a negative errno.
 */
int lo2ib_connect(struct lo2ib_peer *peer)
{
	struct lo2ib_rail *orail = peer->orail;
	struct lo2ib_conn *conn;
	struct rdma_cm_id *id;
	int rc;

	conn = lo2ib_conn_alloc(peer, true);
	if (!conn)
		return -ENOMEM;
	spin_lock(&orail->lock);
	if (orail->stopping || orail->dead || peer->conn || peer->connecting) {
		spin_unlock(&orail->lock);
		lo2ib_conn_put(conn);
		return peer->conn || peer->connecting ? 0 : -ENETDOWN;
	}
	conn->queue_depth = peer->queue_depth;
	conn->max_frags = peer->max_frags;
	peer->connecting = conn;	/* the peer's reference */
	spin_unlock(&orail->lock);

	id = lo2ib_id_create(orail->onode, lo2ib_conn_handler, conn);
	if (IS_ERR(id)) {
		rc = PTR_ERR(id);
		goto fail;
	}
	kref_get(&conn->ref);	/* the id's */
	conn->cm_id = id;
	/* the handler may run from now on */
	queue_delayed_work(orail->wq, &conn->timer, LO2IB_CONNECT_TIMEOUT);
	/*
	 * Others may close the connection meanwhile (a race the peer's
	 * request won, the rail going): the lock keeps its teardown from
	 * destroying the id under rdma_resolve_addr().
	 */
	mutex_lock(&conn->resolve_lock);
	rc = lo2ib_resolve(conn);
	mutex_unlock(&conn->resolve_lock);
	if (rc && READ_ONCE(conn->state) == LO2IB_CONN_CLOSING)
		return 0;	/* closed meanwhile: the closer failed what waited */
	if (rc)
		goto fail;
	return 0;

fail:
	lo2ib_stat(orail, LNETMR_STAT_CONN_FAILURES, 1);
	lo2ib_conn_close(conn, rc);	/* fails what waits for it, too */
	return 0;
}

/*
 * lo2ib_cm_param_init() - rdma_cm's parameters for a connection request or
 * its acceptance: no RDMA READ (o2iblnd only writes), the stock retry
 * counts, and @m encoded into @pd as the private data.
 */
static int lo2ib_cm_param_init(struct rdma_conn_param *param, const struct lnet_o2ib_msg *m,
			       u8 *pd, size_t size)
{
	int len = lnet_o2ib_msg_encode(m, pd, size);

	if (len < 0)
		return len;
	*param = (struct rdma_conn_param) {
		.private_data = pd,
		.private_data_len = len,
		.responder_resources = 0,
		.initiator_depth = 0,
		.flow_control = 1,
		.retry_count = 5,
		.rnr_retry_count = 6,
	};
	return 0;
}

static int lo2ib_active_connect(struct lo2ib_conn *conn)
{
	struct lnet_o2ib_msg m;
	struct rdma_conn_param param;
	u8 pd[O2IB_CONNPARAMS_SIZE];
	int rc;

	/*
	 * Closed meanwhile (the rail stops, the connect timer fired): its
	 * teardown may be past freeing already, so make nothing it would miss.
	 */
	mutex_lock(&conn->setup_lock);
	rc = READ_ONCE(conn->state) == LO2IB_CONN_CLOSING ? -ECONNABORTED :
	     lo2ib_conn_setup_qp(conn);
	mutex_unlock(&conn->setup_lock);
	if (rc)
		return rc;
	lo2ib_connparams_init(conn, &m, O2IB_MSG_CONNREQ);
	m.dststamp = conn->peer->incarnation;
	rc = lo2ib_cm_param_init(&param, &m, pd, sizeof(pd));
	if (rc)
		return rc;
	return rdma_connect_locked(conn->cm_id, &param);
}

/*
 * A reject of our connection request: what to do next.  Returns the errno
 * the connection fails with; conn->retry says whether to try again.
 */
static int lo2ib_rejected(struct lo2ib_conn *conn, struct rdma_cm_event *event)
{
	struct lo2ib_rail *orail = conn->orail;
	struct lo2ib_peer *peer = conn->peer;
	struct lnet_o2ib_rej rej;
	const void *data;
	bool learned;
	u8 len = 0;

	if (event->status == IB_CM_REJ_INVALID_SERVICE_ID)
		return -EHOSTUNREACH;	/* nobody listens there */
	if (event->status != IB_CM_REJ_CONSUMER_DEFINED)
		return -ECONNREFUSED;
	data = rdma_consumer_reject_data(conn->cm_id, event, &len);
	if (!data || lnet_o2ib_rej_decode(data, len, &rej))
		return -ECONNREFUSED;

	spin_lock(&orail->lock);
	learned = rej.incarnation && rej.incarnation != peer->incarnation;
	if (rej.incarnation)
		peer->incarnation = rej.incarnation;
	switch (rej.why) {
	case O2IB_REJECT_CONN_RACE:
		/* theirs wins: it is coming; if it does not, ours again later */
		peer->wait_race = true;
		break;
	case O2IB_REJECT_CONN_STALE:
	case O2IB_REJECT_CONN_UNCOMPAT:
		conn->retry = true;
		break;
	case O2IB_REJECT_MSG_QUEUE_SIZE:
		if (rej.cp.queue_depth && rej.cp.queue_depth < peer->queue_depth) {
			peer->queue_depth = rej.cp.queue_depth;
			conn->retry = true;
		}
		break;
	case O2IB_REJECT_RDMA_FRAGS:
		if (rej.cp.max_frags && rej.cp.max_frags < peer->max_frags) {
			peer->max_frags = rej.cp.max_frags;
			conn->retry = true;
		}
		break;
	default:
		break;
	}
	if (conn->retry && ++peer->tries > LO2IB_MAX_CONNECT_TRIES)
		conn->retry = false;
	spin_unlock(&orail->lock);
	/* a stale reject names the peer's new instance: lnetmr is to know */
	if (learned)
		lnetmr_peer_incarnation(orail->xr, peer->nid, rej.incarnation);
	if (rej.why == O2IB_REJECT_FATAL && rej.version == O2IB_VERSION_1)
		pr_debug("peer %#llx speaks only o2iblnd version 1\n", peer->nid);
	return rej.why == O2IB_REJECT_CONN_RACE ? -EALREADY : -ECONNREFUSED;
}

/* Our CONNREQ was accepted: check the CONNACK. */
static int lo2ib_check_connack(struct lo2ib_conn *conn, struct rdma_cm_event *event)
{
	struct lo2ib_rail *orail = conn->orail;
	struct lnet_o2ib_msg m;

	if (!event->param.conn.private_data ||
	    event->param.conn.private_data_len < O2IB_CONNPARAMS_SIZE ||
	    lnet_o2ib_msg_decode(event->param.conn.private_data, O2IB_CONNPARAMS_SIZE, &m))
		return -EPROTO;
	if (m.type != O2IB_MSG_CONNACK || m.version != conn->version ||
	    m.u.conn.queue_depth > conn->queue_depth || !m.u.conn.queue_depth ||
	    m.u.conn.max_frags > conn->max_frags || m.u.conn.max_msg_size > O2IB_MSG_SIZE ||
	    m.srcnid != conn->peer->nid || m.dstnid != orail->xr->nid ||
	    m.dststamp != lnetmr_xprt_incarnation(orail->xr->xnode))
		return -EPROTO;
	conn->queue_depth = m.u.conn.queue_depth;
	conn->max_frags = m.u.conn.max_frags;
	conn->peer_stamp = m.srcstamp;
	return 0;
}

/* ---- both sides: the connection is up ------------------------------------ */

/*
 * The connection carries now: make it the peer's, close an older one,
 * tell lnetmr of a restarted peer, send what waited.
 */
static void lo2ib_established(struct lo2ib_conn *conn)
{
	struct lo2ib_rail *orail = conn->orail;
	struct lo2ib_peer *peer = conn->peer;
	struct lo2ib_conn *old = NULL;
	struct lnet_tx *ltx, *tmp;
	bool learned = false;
	LIST_HEAD(ltxs);

	spin_lock(&conn->lock);
	if (conn->state != LO2IB_CONN_CONNECTING) {
		spin_unlock(&conn->lock);
		return;
	}
	lo2ib_noops_encode(conn);
	conn->state = LO2IB_CONN_ESTABLISHED;
	conn->credits = conn->queue_depth;
	conn->reserved = conn->queue_depth;
	conn->established_at = jiffies;
	conn->last_send = jiffies;
	conn->early_draining = !list_empty(&conn->early_rxs);
	spin_unlock(&conn->lock);

	spin_lock(&orail->lock);
	if (peer->connecting == conn)
		peer->connecting = NULL;
	old = peer->conn;
	peer->conn = conn;	/* takes over the peer's reference */
	peer->tries = 0;
	peer->wait_race = false;
	if (peer->incarnation != conn->peer_stamp) {
		learned = true;
		peer->incarnation = conn->peer_stamp;
	}
	list_splice_init(&peer->txq, &ltxs);
	spin_unlock(&orail->lock);

	trace_lnetmr_conn(orail->xr, "o2ib", peer->nid, conn->active ? "active" : "passive",
			  true, 0);
	pr_debug("connection %p to %#llx on %s up (%s, queue depth %u)\n", conn, peer->nid,
		 orail->xr->ifname, conn->active ? "active" : "passive", conn->queue_depth);
	cancel_delayed_work(&peer->retry_work);
	mod_delayed_work(orail->wq, &conn->timer, lo2ib_timeout(orail) / 4 ?: 1);
	lo2ib_stat(orail, conn->active ? LNETMR_STAT_CONNS_OPENED : LNETMR_STAT_CONNS_ACCEPTED, 1);
	if (old) {
		/* the peer replaced it: what it carried fails, lnetmr resends */
		lo2ib_conn_close(old, -ECONNRESET);
		lo2ib_conn_put(old);
	}
	if (learned)
		lnetmr_peer_incarnation(orail->xr, peer->nid, conn->peer_stamp);
	list_for_each_entry_safe(ltx, tmp, &ltxs, link) {
		list_del_init(&ltx->link);
		lo2ib_conn_send(conn, ltx);
	}
	lo2ib_early_rxs_handle(conn);
}

/* The rdma_cm events of one connection (active, or passive once accepted). */
static int lo2ib_conn_handler(struct rdma_cm_id *id, struct rdma_cm_event *event)
{
	struct lo2ib_conn *conn = id->context;
	struct lo2ib_rail *orail = conn->orail;
	int rc;

	pr_debug("connection %p to %#llx on %s: %s (%d)%s\n", conn, conn->peer->nid,
		 orail->xr->ifname, rdma_event_msg(event->event), event->status,
		 READ_ONCE(conn->state) == LO2IB_CONN_CLOSING ? ", closed already" : "");
	/* a closed connection only waits for its teardown */
	if (READ_ONCE(conn->state) == LO2IB_CONN_CLOSING)
		return 0;
	switch (event->event) {
	case RDMA_CM_EVENT_ADDR_RESOLVED:
		rc = rdma_resolve_route(id, LO2IB_RESOLVE_TIMEOUT_MS);
		if (rc)
			goto fail;
		return 0;
	case RDMA_CM_EVENT_ADDR_ERROR:
		/*
		 * Resolution waits for the neighbour and, in a namespace, may
		 * not hear of its answer before the timeout (seen with rxe):
		 * ask in short steps, which retry at once with what came.  Not
		 * from here: resolving cancels the request whose end this
		 * handler is, and would wait for itself.
		 */
		if (event->status == -ETIMEDOUT && ++conn->resolve_tries < LO2IB_RESOLVE_TRIES) {
			queue_work(orail->wq, &conn->resolve_work);
			return 0;
		}
		rc = -EHOSTUNREACH;
		goto fail;
	case RDMA_CM_EVENT_ROUTE_RESOLVED:
		rc = lo2ib_active_connect(conn);
		if (rc)
			goto fail;
		return 0;
	case RDMA_CM_EVENT_ESTABLISHED:
		if (conn->active) {
			rc = lo2ib_check_connack(conn, event);
			if (rc) {
				lo2ib_stat(orail, LNETMR_STAT_PROTO_ERRORS, 1);
				goto fail;
			}
		}
		lo2ib_established(conn);
		return 0;
	case RDMA_CM_EVENT_REJECTED:
		rc = lo2ib_rejected(conn, event);
		if (rc != -EALREADY)
			lo2ib_stat(orail, LNETMR_STAT_CONN_FAILURES, 1);
		lo2ib_conn_close(conn, rc);
		return 0;
	case RDMA_CM_EVENT_ROUTE_ERROR:
	case RDMA_CM_EVENT_UNREACHABLE:
	case RDMA_CM_EVENT_CONNECT_ERROR:
		rc = event->status == -ETIMEDOUT ? -ETIMEDOUT : -EHOSTUNREACH;
		goto fail;
	case RDMA_CM_EVENT_DISCONNECTED:
	case RDMA_CM_EVENT_ADDR_CHANGE:
	case RDMA_CM_EVENT_DEVICE_REMOVAL:
		lo2ib_conn_close(conn, -ECONNRESET);
		return 0;
	default:
		return 0;
	}

fail:
	pr_debug("connection to %#llx on %s failed: %d (event %s)\n", conn->peer->nid,
		 orail->xr->ifname, rc, rdma_event_msg(event->event));
	if (conn->active && event->event != RDMA_CM_EVENT_ESTABLISHED)
		lo2ib_stat(orail, LNETMR_STAT_CONN_FAILURES, 1);
	lo2ib_conn_close(conn, rc);
	return 0;
}

/* ---- passive side -------------------------------------------------------- */

/* The requester's source port is privileged, or any port is accepted. */
static bool lo2ib_port_ok(struct lo2ib_rail *orail, struct rdma_cm_id *id)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&id->route.addr.dst_addr;

	return lnetmr_xprt_accept_any_port(orail->xr->xnode) ||
	       (sin->sin_family == AF_INET && ntohs(sin->sin_port) < LO2IB_PORT_SECURE);
}

static __be32 lo2ib_peer_addr(struct rdma_cm_id *id)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&id->route.addr.dst_addr;

	return sin->sin_family == AF_INET ? sin->sin_addr.s_addr : 0;
}

/*
 * A CONNREQ: check it as a stock node does.  Returns 0 to accept, or the
 * reason to reject with (O2IB_REJECT_*).
 */
static int lo2ib_check_connreq(struct lo2ib_rail *orail, struct rdma_cm_id *id,
			       const struct rdma_cm_event *event, struct lnet_o2ib_msg *m)
{
	u64 me = lnetmr_xprt_incarnation(orail->xr->xnode);
	const void *data = event->param.conn.private_data;
	u8 len = event->param.conn.private_data_len;

	if (!data || len < O2IB_CONNPARAMS_SIZE ||
	    lnet_o2ib_msg_decode(data, O2IB_CONNPARAMS_SIZE, m) ||
	    m->type != O2IB_MSG_CONNREQ) {
		lo2ib_stat(orail, LNETMR_STAT_PROTO_ERRORS, 1);
		return O2IB_REJECT_FATAL;
	}
	/* we speak version 2 only; the reject says so */
	if (m->version != O2IB_VERSION_2)
		return O2IB_REJECT_FATAL;
	if (m->dstnid != orail->xr->nid || lnet_nid_net(m->srcnid) != lnet_nid_net(m->dstnid) ||
	    htonl(lnet_nid_addr(m->srcnid)) != lo2ib_peer_addr(id) ||
	    m->u.conn.max_msg_size > O2IB_MSG_SIZE || !m->u.conn.queue_depth)
		return O2IB_REJECT_FATAL;
	if (!lo2ib_port_ok(orail, id)) {
		pr_debug("connection from unprivileged port refused\n");
		return O2IB_REJECT_FATAL;
	}
	if (m->u.conn.queue_depth > LO2IB_QUEUE_DEPTH)
		return O2IB_REJECT_MSG_QUEUE_SIZE;
	if (m->u.conn.max_frags > LO2IB_MAX_FRAGS || !m->u.conn.max_frags)
		return O2IB_REJECT_RDMA_FRAGS;
	if (m->dststamp && m->dststamp != me)
		return O2IB_REJECT_CONN_STALE;
	return 0;
}

/*
 * The peer side of the checks: a restarted peer's old connections go (and
 * it is told to come again), a race lost by the requester is refused.
 * Under orail->lock.  Returns 0 or the reason to reject with.
 */
static int lo2ib_check_peer_locked(struct lo2ib_rail *orail, struct lo2ib_peer *peer,
				   const struct lnet_o2ib_msg *m, struct list_head *stale)
{
	if (peer->incarnation && peer->incarnation != m->srcstamp) {
		/* a new instance: the old one's connections lead nowhere */
		if (peer->conn) {
			list_add_tail(&peer->conn->close_link, stale);
			peer->conn = NULL;
		}
		if (peer->connecting) {
			list_add_tail(&peer->connecting->close_link, stale);
			peer->connecting = NULL;
		}
		peer->incarnation = m->srcstamp;
		return O2IB_REJECT_CONN_STALE;
	}
	/*
	 * Both sides connect at once: the larger NID's connection wins, be it
	 * still on its way or just established (the peer's request crossed
	 * our CONNACK).  Accepting a second one would close the first, and the
	 * peer, which keeps the first, would close the second.  A request well
	 * after ours was established is the peer's new connection: it closed
	 * the old one, whose end we have not heard of yet.
	 */
	if (peer->nid < orail->xr->nid &&
	    ((peer->connecting && peer->connecting->active) ||
	     (peer->conn && peer->conn->active &&
	      time_before(jiffies, peer->conn->established_at + LO2IB_CONNECT_TIMEOUT))))
		return O2IB_REJECT_CONN_RACE;	/* ours goes on */
	return 0;
}

static int lo2ib_accept(struct lo2ib_conn *conn, const struct lnet_o2ib_msg *req)
{
	struct rdma_conn_param param;
	struct lnet_o2ib_msg m;
	u8 pd[O2IB_CONNPARAMS_SIZE];
	int rc;

	rc = lo2ib_conn_setup_qp(conn);
	if (rc)
		return rc;
	lo2ib_connparams_init(conn, &m, O2IB_MSG_CONNACK);
	m.dststamp = req->srcstamp;
	rc = lo2ib_cm_param_init(&param, &m, pd, sizeof(pd));
	if (rc)
		return rc;
	return rdma_accept(conn->cm_id, &param);
}

/**
 * lo2ib_listen_handler() - the rdma_cm events of a rail's listener
 * @id: the listener, or for CONNECT_REQUEST the new connection's id
 * @event: the event
 *
 * Return: non-zero to have rdma_cm destroy @id (a rejected request).
 */
int lo2ib_listen_handler(struct rdma_cm_id *id, struct rdma_cm_event *event)
{
	struct lo2ib_rail *orail = id->context;
	struct lo2ib_conn *conn, *old = NULL, *old_stale, *tmp;
	struct lo2ib_peer *peer;
	struct lnet_o2ib_msg m;
	LIST_HEAD(stale);
	int why, rc;

	if (event->event != RDMA_CM_EVENT_CONNECT_REQUEST)
		return 0;	/* the listener goes with its rail */

	why = lo2ib_check_connreq(orail, id, event, &m);
	if (why) {
		pr_debug("connection request on %s refused: reason %d\n", orail->xr->ifname, why);
		return lo2ib_reject(orail, id, why);
	}

	spin_lock(&orail->lock);
	peer = orail->stopping || orail->dead ? NULL : lo2ib_peer_get(orail, m.srcnid);
	spin_unlock(&orail->lock);
	if (!peer)
		return lo2ib_reject(orail, id, O2IB_REJECT_NO_RESOURCES);
	conn = lo2ib_conn_alloc(peer, false);
	if (!conn)
		return lo2ib_reject(orail, id, O2IB_REJECT_NO_RESOURCES);
	conn->queue_depth = m.u.conn.queue_depth;
	conn->max_frags = m.u.conn.max_frags;
	conn->peer_stamp = m.srcstamp;
	conn->cm_id = id;

	/*
	 * The race check and the registration as the peer's connection in
	 * one go: a send that comes meanwhile finds this one coming and waits
	 * for it, rather than start a connection of ours that would lose.
	 */
	spin_lock(&orail->lock);
	if (orail->stopping || orail->dead)
		why = O2IB_REJECT_FATAL;
	else
		why = lo2ib_check_peer_locked(orail, peer, &m, &stale);
	if (!why) {
		old = peer->connecting;
		peer->connecting = conn;	/* the peer's reference */
	}
	spin_unlock(&orail->lock);
	list_for_each_entry_safe(old_stale, tmp, &stale, close_link) {
		list_del_init(&old_stale->close_link);
		lo2ib_conn_close(old_stale, -ECONNRESET);
		lo2ib_conn_put(old_stale);	/* the peer's reference */
	}
	if (why == O2IB_REJECT_CONN_STALE)
		lnetmr_peer_incarnation(orail->xr, m.srcnid, m.srcstamp);
	pr_debug("connection request from %#llx on %s: %s %d\n", m.srcnid, orail->xr->ifname,
		 why ? "refused, reason" : "accepted as", why ?: 0);
	if (why) {
		conn->cm_id = NULL;
		lo2ib_conn_put(conn);	/* never seen by anyone */
		return lo2ib_reject(orail, id, why);
	}
	/*
	 * A connection of the peer's it gave up on, or our own attempt, which
	 * lost the race (the peer rejects it): this one is the one now.
	 */
	if (old) {
		lo2ib_conn_close(old, -EALREADY);
		lo2ib_conn_put(old);	/* the peer's */
	}

	/* the id is ours now (the teardown destroys it) and its events come to the connection */
	atomic_inc(&orail->onode->ids_seq);
	atomic_inc(&orail->onode->ids);
	atomic_inc(&orail->onode->ids_seq);
	id->context = conn;
	id->event_handler = lo2ib_conn_handler;
	kref_get(&conn->ref);		/* the id's */
	queue_delayed_work(orail->wq, &conn->timer, LO2IB_CONNECT_TIMEOUT);

	/* closed meanwhile (the rail stops): its teardown may be past freeing */
	mutex_lock(&conn->setup_lock);
	rc = READ_ONCE(conn->state) == LO2IB_CONN_CLOSING ? -ECONNABORTED : lo2ib_accept(conn, &m);
	mutex_unlock(&conn->setup_lock);
	if (rc) {
		pr_debug("cannot accept %#llx on %s: %d\n", m.srcnid, orail->xr->ifname, rc);
		lo2ib_reject(orail, id, O2IB_REJECT_NO_RESOURCES);
		lo2ib_conn_close(conn, rc);	/* its teardown destroys the id */
	}
	return 0;
}

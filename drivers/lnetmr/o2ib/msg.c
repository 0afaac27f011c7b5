// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr RDMA transport: messages on an established connection.
 *
 * Sending an LNet message (lo2ib_conn_send()):
 *   - one that fits a 4096-byte message goes IMMEDIATE, its payload copied;
 *   - a larger PUT (or REPLY) goes PUT_REQ; the peer registers its sink and
 *     answers PUT_ACK (or PUT_NAK); we RDMA-WRITE into the sink and send
 *     PUT_DONE behind the WRITEs, in one post;
 *   - a GET whose sink is larger goes GET_REQ with the sink registered; the
 *     peer RDMA-WRITEs the reply into it and sends GET_DONE;
 *   - the REPLY to a peer's GET_REQ (tx->reply_to, lo2ib_reply_send()) is
 *     RDMA WRITEs into the peer's sink and GET_DONE, on the connection the
 *     GET came in on.
 *
 * Credits (per connection, queue_depth of them each way): IMMEDIATE,
 * PUT_REQ and GET_REQ cost one, and requests also a reserved credit that
 * comes back with their answer; everything else is free.  We return a
 * credit when a receive buffer whose message took one is free again: an
 * IMMEDIATE once it was consumed, a PUT_REQ when its PUT_DONE came (or we
 * NAKed it), a GET_REQ once its GET_DONE went.  Returned credits ride on
 * the next message we post, or on a NOOP when they pile up (half the queue
 * depth) or a keepalive is due.  A peer that sends more than its credits
 * allow has its connection closed.
 *
 * Posting happens under conn->lock (lo2ib_conn_check_sends_locked()), so
 * that credits go out in order, and the send queue cannot overflow: a
 * message is posted only when its work requests fit the slots left, and
 * the queue was sized for queue_depth messages of the largest kind, an
 * invalidation per region and the NOOPs.
 */
#define pr_fmt(fmt) "lnetmr: o2ib: " fmt

#include <linux/slab.h>

#include "o2ib.h"

static void lo2ib_send_done(struct ib_cq *cq, struct ib_wc *wc);
static void lo2ib_extra_done(struct ib_cq *cq, struct ib_wc *wc);

/* ---- helpers --------------------------------------------------------------- */

/**
 * lo2ib_msg_init() - the common fields of a message on a connection
 * @conn: the connection
 * @m: the message to fill in
 * @type: O2IB_MSG_*
 */
void lo2ib_msg_init(struct lo2ib_conn *conn, struct lnet_o2ib_msg *m, u8 type)
{
	struct lo2ib_rail *orail = conn->orail;

	memset(m, 0, sizeof(*m));
	m->version = conn->version;
	m->type = type;
	m->srcnid = orail->xr->nid;
	m->srcstamp = lnetmr_xprt_incarnation(orail->xr->xnode);
	m->dstnid = conn->peer->nid;
	m->dststamp = conn->peer_stamp;
}

/**
 * lo2ib_conn_unlock() - drop conn->lock, and close the connection if
 *	something failed meanwhile (a post, the peer's protocol)
 * @conn: the connection, locked
 */
void lo2ib_conn_unlock(struct lo2ib_conn *conn)
	__releases(&conn->lock)
{
	bool failed = conn->failed;
	int error = conn->fail_error;

	conn->failed = false;
	spin_unlock(&conn->lock);
	if (failed)
		lo2ib_conn_close(conn, error);
}

/**
 * lo2ib_wc_qp_error() - whether a failed completion is the queue pair
 *	breaking under @conn (and not its flush while the connection closes)
 * @conn: the connection
 * @wc: a completion of one of its work requests, not IB_WC_SUCCESS
 *
 * The first such completion of a connection counts in qp-errors.  Any
 * context, any lock.
 *
 * Return: true unless @wc is a flush; the caller closes the connection.
 */
bool lo2ib_wc_qp_error(struct lo2ib_conn *conn, const struct ib_wc *wc)
{
	if (wc->status == IB_WC_WR_FLUSH_ERR)
		return false;
	if (!test_and_set_bit(0, &conn->qp_errored)) {
		lo2ib_stat(conn->orail, LNETMR_STAT_QP_ERRORS, 1);
		pr_debug("queue pair to %#llx went to error: %s\n", conn->peer->nid,
			 ib_wc_status_msg(wc->status));
	}
	return true;
}

/* Fail the connection once the lock is dropped.  Under conn->lock. */
static void lo2ib_conn_fail_locked(struct lo2ib_conn *conn, int error)
{
	if (!conn->failed) {
		conn->failed = true;
		conn->fail_error = error;
	}
}

/* A cookie for @entry in @xa (conn->waiting or conn->sinks); 0 if none. */
static u32 lo2ib_cookie_alloc_locked(struct lo2ib_conn *conn, struct xarray *xa, void *entry)
{
	u32 id;

	if (xa_alloc_cyclic(xa, &id, entry, XA_LIMIT(1, U32_MAX), &conn->next_cookie,
			    GFP_ATOMIC) < 0)
		return 0;
	return id;
}

/* the status a message fails with when its connection broke */
static int lo2ib_conn_status(const struct lo2ib_conn *conn)
{
	return conn->error ?: -ECONNABORTED;
}

/* ---- txs --------------------------------------------------------------------- */

static struct lo2ib_tx *lo2ib_tx_alloc(struct lo2ib_conn *conn, u8 type)
{
	struct ib_device *dev = conn->orail->device;
	struct lo2ib_tx *tx = kzalloc(sizeof(*tx), GFP_KERNEL);

	if (!tx)
		return NULL;
	tx->buf = kmalloc(O2IB_MSG_SIZE, GFP_KERNEL);
	if (!tx->buf) {
		kfree(tx);
		return NULL;
	}
	tx->dma = ib_dma_map_single(dev, tx->buf, O2IB_MSG_SIZE, DMA_TO_DEVICE);
	if (ib_dma_mapping_error(dev, tx->dma)) {
		kfree(tx->buf);
		kfree(tx);
		return NULL;
	}
	INIT_LIST_HEAD(&tx->link);
	tx->conn = conn;
	tx->type = type;
	tx->cqe.done = lo2ib_send_done;
	tx->extra_cqe.done = lo2ib_extra_done;
	tx->refs = 1;		/* its send */
	tx->deadline = jiffies;
	return tx;
}

/* a peer's GET that is answered (or never will be): free it */
static void lo2ib_getreq_free(struct lo2ib_getreq *g)
{
	kfree(g->rd);
	lo2ib_conn_put(g->conn);
	kfree(g);
}

static void lo2ib_tx_free(struct lo2ib_tx *tx)
{
	struct lo2ib_conn *conn = tx->conn;

	if (tx->has_src)
		lo2ib_src_unmap(conn, &tx->src);
	ib_dma_unmap_single(conn->orail->device, tx->dma, O2IB_MSG_SIZE, DMA_TO_DEVICE);
	kfree(tx->buf);
	if (tx->getreq)
		lo2ib_getreq_free(tx->getreq);
	kfree(tx);
}

/* Encode @m into @tx and set up its send, behind what @tx chains already. */
static int lo2ib_tx_encode(struct lo2ib_tx *tx, const struct lnet_o2ib_msg *m)
{
	int nob = lnet_o2ib_msg_encode(m, tx->buf, O2IB_MSG_SIZE);

	if (nob < 0)
		return nob;
	tx->nob = nob;
	tx->sge = (struct ib_sge){
		.addr = tx->dma,
		.length = nob,
		.lkey = tx->conn->orail->pd->local_dma_lkey,
	};
	tx->send_wr = (struct ib_send_wr){
		.opcode = IB_WR_SEND,
		.send_flags = IB_SEND_SIGNALED,
		.wr_cqe = &tx->cqe,
		.sg_list = &tx->sge,
		.num_sge = 1,
	};
	if (!tx->first_wr)
		tx->first_wr = &tx->send_wr;
	tx->nwrs++;
	return 0;
}

/*
 * Post @tx now (credits and slots were checked).  Under conn->lock.  A
 * failed post closes the connection; the tx goes back to the front of its
 * queue, where the teardown fails it.
 */
static void lo2ib_tx_post_locked(struct lo2ib_conn *conn, struct lo2ib_tx *tx)
{
	struct ib_device *dev = conn->orail->device;
	int credits = min(conn->outstanding, 255);

	/* the credits we owe ride on whatever goes first */
	tx->buf[7] = credits;
	ib_dma_sync_single_for_device(dev, tx->dma, tx->nob, DMA_TO_DEVICE);
	if (ib_post_send(conn->qp, tx->first_wr, NULL)) {
		if (tx->type == O2IB_MSG_NOOP)
			tx->busy = false;
		else
			list_add(&tx->link, tx->credit ? &conn->queue_cred : &conn->queue_nocred);
		lo2ib_conn_fail_locked(conn, -EIO);
		return;
	}
	conn->outstanding -= credits;
	if (tx->credit)
		conn->credits--;
	if (tx->reserve)
		conn->reserved--;
	conn->sq_free -= tx->nwrs;
	if (!conn->nsends)
		conn->last_progress = jiffies;	/* idle until now: the clock starts */
	conn->nsends++;
	if (tx->type == O2IB_MSG_NOOP)
		conn->nnoops++;
	conn->last_send = jiffies;
	tx->deadline = jiffies;
}

/* A NOOP to post now, if one is due and free.  Under conn->lock. */
static struct lo2ib_tx *lo2ib_noop_due_locked(struct lo2ib_conn *conn)
{
	unsigned int i;

	if (!list_empty(&conn->queue_nocred) || !conn->sq_free)
		return NULL;
	/* a credited message takes the credits along, if it can go */
	if (!list_empty(&conn->queue_cred) && conn->credits > 0)
		return NULL;
	if (conn->outstanding < max(conn->queue_depth / 2, 1) && !conn->keepalive)
		return NULL;
	for (i = 0; i < LO2IB_MAX_NOOPS; i++)
		if (!conn->noops[i]->busy)
			return conn->noops[i];
	return NULL;
}

/**
 * lo2ib_conn_check_sends_locked() - post what can go now
 * @conn: the connection, locked
 *
 * Answers and completions first (they cost no credit and free the peer's
 * resources), then credited messages while credits (and, for requests,
 * reserved credits) last, then a NOOP if credits are to be returned.  At
 * most queue_depth messages are posted at once, besides the NOOPs.
 */
void lo2ib_conn_check_sends_locked(struct lo2ib_conn *conn)
{
	struct lo2ib_tx *tx;

	lockdep_assert_held(&conn->lock);
	if (conn->state != LO2IB_CONN_ESTABLISHED || conn->failed)
		return;
	while (conn->nsends - conn->nnoops < conn->queue_depth) {
		tx = list_first_entry_or_null(&conn->queue_nocred, struct lo2ib_tx, link);
		if (!tx) {
			tx = list_first_entry_or_null(&conn->queue_cred, struct lo2ib_tx, link);
			if (tx && (conn->credits <= 0 || (tx->reserve && conn->reserved <= 0)))
				tx = NULL;
		}
		if (!tx || tx->nwrs > conn->sq_free)
			break;
		list_del_init(&tx->link);
		lo2ib_tx_post_locked(conn, tx);
		if (conn->failed)
			return;
	}
	tx = lo2ib_noop_due_locked(conn);
	if (tx) {
		tx->busy = true;
		conn->keepalive = false;
		lo2ib_tx_post_locked(conn, tx);
	}
}

/*
 * Queue @tx and post what can go.  On a connection that is not up (any
 * more) the tx fails at once: its message with the connection's error.
 */
static void lo2ib_tx_queue(struct lo2ib_conn *conn, struct lo2ib_tx *tx)
{
	struct lnet_tx *ltx;
	int status;

	spin_lock(&conn->lock);
	if (conn->state == LO2IB_CONN_ESTABLISHED) {
		list_add_tail(&tx->link, tx->credit ? &conn->queue_cred : &conn->queue_nocred);
		lo2ib_conn_check_sends_locked(conn);
		lo2ib_conn_unlock(conn);
		return;
	}
	status = lo2ib_conn_status(conn);
	spin_unlock(&conn->lock);
	ltx = tx->ltx;
	tx->ltx = NULL;
	lo2ib_tx_free(tx);
	if (ltx)
		lnet_tx_complete(ltx, status);
}

/**
 * lo2ib_noops_alloc() - the NOOP messages of a connection
 * @conn: the connection, being set up
 *
 * Return: 0 or -ENOMEM.
 */
int lo2ib_noops_alloc(struct lo2ib_conn *conn)
{
	unsigned int i;

	for (i = 0; i < LO2IB_MAX_NOOPS; i++) {
		conn->noops[i] = lo2ib_tx_alloc(conn, O2IB_MSG_NOOP);
		if (!conn->noops[i])
			return -ENOMEM;
	}
	return 0;
}

/**
 * lo2ib_noops_encode() - write the NOOPs, now that the peer's incarnation
 *	is known
 * @conn: the connection, just established
 */
void lo2ib_noops_encode(struct lo2ib_conn *conn)
{
	struct lnet_o2ib_msg m;
	unsigned int i;

	lo2ib_msg_init(conn, &m, O2IB_MSG_NOOP);
	for (i = 0; i < LO2IB_MAX_NOOPS; i++) {
		conn->noops[i]->first_wr = NULL;
		conn->noops[i]->nwrs = 0;
		/* a NOOP always fits its buffer */
		WARN_ON_ONCE(lo2ib_tx_encode(conn->noops[i], &m));
	}
}

/* A completion message (PUT_NAK, PUT_DONE, GET_DONE) with no RDMA. */
static struct lo2ib_tx *lo2ib_completion_new(struct lo2ib_conn *conn, u8 type, u64 cookie,
					     s32 status)
{
	struct lo2ib_tx *tx = lo2ib_tx_alloc(conn, type);
	struct lnet_o2ib_msg m;

	if (!tx)
		return NULL;
	lo2ib_msg_init(conn, &m, type);
	m.u.done.cookie = cookie;
	m.u.done.status = status;
	if (lo2ib_tx_encode(tx, &m)) {
		lo2ib_tx_free(tx);
		return NULL;
	}
	return tx;
}

/* ---- completions of sends ---------------------------------------------------- */

static void lo2ib_extra_done(struct ib_cq *cq, struct ib_wc *wc)
{
	/* an unsignaled RDMA WRITE: only a failure (or a flush) gets here */
	struct lo2ib_tx *tx = container_of(wc->wr_cqe, struct lo2ib_tx, extra_cqe);

	if (lo2ib_wc_qp_error(tx->conn, wc))
		lo2ib_conn_close(tx->conn, -EIO);
}

static void lo2ib_send_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct lo2ib_tx *tx = container_of(wc->wr_cqe, struct lo2ib_tx, cqe);
	struct lo2ib_conn *conn = tx->conn;
	struct lnet_tx *ltx = NULL;
	int status = 0;
	bool free;

	spin_lock(&conn->lock);
	if (wc->status != IB_WC_SUCCESS) {
		status = lo2ib_conn_status(conn);
		if (lo2ib_wc_qp_error(conn, wc)) {
			pr_debug("send of type %#x to %#llx failed: %s\n", tx->type,
				 conn->peer->nid, ib_wc_status_msg(wc->status));
			lo2ib_conn_fail_locked(conn, -EIO);
			status = -EIO;
		}
	}
	conn->nsends--;
	conn->sq_free += tx->nwrs;
	if (!status)
		conn->last_progress = jiffies;
	if (tx->type == O2IB_MSG_NOOP) {
		conn->nnoops--;
		tx->busy = false;
		free = false;
	} else {
		if (!tx->reserve) {
			/* a message that waits for nothing is done once it went */
			ltx = tx->ltx;
			tx->ltx = NULL;
		}
		if (tx->getreq && !status) {
			/* a GET_DONE went: the GET_REQ's buffer takes another */
			conn->outstanding++;
			conn->ngetreqs--;
		}
		free = !--tx->refs;
	}
	lo2ib_conn_check_sends_locked(conn);
	lo2ib_conn_unlock(conn);

	if (ltx) {
		if (!status && tx->has_src)
			lo2ib_stat(conn->orail, LNETMR_STAT_TX_RDMA_BYTES, tx->src_bytes);
		lnet_tx_complete(ltx, status ?: tx->status);
	}
	if (free)
		lo2ib_tx_free(tx);
}

/* ---- sending LNet messages --------------------------------------------------- */

/* The LNet header lnetmr encoded into @ltx, decoded again. */
static int lo2ib_ltx_hdr(const struct lnet_tx *ltx, struct lnet_hdr *h)
{
	int rc = lnet_hdr_decode(ltx->hdr, h);

	if (rc == LNET_HDR_STRIPE)
		rc = lnet_stripe_decode(ltx->hdr, ltx->hdr + LNET_HDR_SIZE, h);
	return rc ? -EINVAL : 0;
}

/* Our GET's reply was written into its sink, and the sink taken back. */
static void lo2ib_get_sink_done(struct lo2ib_sink *sink, int status)
{
	struct lo2ib_tx *tx = container_of(sink, struct lo2ib_tx, sink);
	struct lo2ib_conn *conn = tx->conn;
	struct lnet_tx *ltx = tx->ltx;
	bool free;

	tx->ltx = NULL;
	if (!status && tx->status >= 0) {
		lo2ib_stat(conn->orail, LNETMR_STAT_RX_RDMA_BYTES, tx->status);
		lnetmr_tx_reply_landed(ltx, conn->orail->xr, conn->peer->nid, tx->status);
		lnet_tx_complete(ltx, 0);
	} else {
		lnet_tx_complete(ltx, status ?: tx->status);
	}
	spin_lock(&conn->lock);
	free = !--tx->refs;	/* the answer's */
	spin_unlock(&conn->lock);
	if (free)
		lo2ib_tx_free(tx);
}

/**
 * lo2ib_conn_send() - send one of lnetmr's messages on a connection
 * @conn: the connection (a reference held by the caller)
 * @ltx: the message, not a REPLY to a GET_REQ; completed once it is done
 *	(or failed)
 */
void lo2ib_conn_send(struct lo2ib_conn *conn, struct lnet_tx *ltx)
{
	struct lnet_o2ib_msg m;
	struct iov_iter iter;
	struct lo2ib_tx *tx;
	u32 room;
	u8 type;
	int rc;

	lo2ib_msg_init(conn, &m, O2IB_MSG_IMMEDIATE);
	rc = lo2ib_ltx_hdr(ltx, &m.u.lnet.hdr);
	if (rc) {
		lnet_tx_complete(ltx, rc);
		return;
	}
	room = O2IB_MSG_SIZE - lnet_o2ib_payload_offset(&m.u.lnet.hdr);
	type = O2IB_MSG_IMMEDIATE;
	if (ltx->type == LNET_MSG_GET && ltx->sink.len > room)
		type = O2IB_MSG_GET_REQ;
	else if (ltx->payload.len > room)
		type = O2IB_MSG_PUT_REQ;
	m.type = type;

	tx = lo2ib_tx_alloc(conn, type);
	if (!tx) {
		lnet_tx_complete(ltx, -ENOMEM);
		return;
	}
	tx->ltx = ltx;
	tx->credit = true;
	if (type == O2IB_MSG_IMMEDIATE) {
		rc = lo2ib_tx_encode(tx, &m);
		if (!rc && ltx->payload.len) {
			u32 at = lnet_o2ib_payload_offset(&m.u.lnet.hdr);

			lnet_iov_iter(&ltx->payload, &iter, ITER_SOURCE);
			if (copy_from_iter(tx->buf + at, ltx->payload.len, &iter) !=
			    ltx->payload.len)
				rc = -EFAULT;
			lo2ib_stat(conn->orail, LNETMR_STAT_TX_COPY_BYTES, ltx->payload.len);
		}
		if (rc)
			goto fail;
		lo2ib_tx_queue(conn, tx);
		return;
	}

	/* a request: it waits for its answer, under a cookie */
	tx->reserve = true;
	tx->refs = 2;
	if (type == O2IB_MSG_GET_REQ) {
		tx->sink.done = lo2ib_get_sink_done;
		rc = lo2ib_sink_register(conn, &tx->sink, &ltx->sink, ltx->sink.len);
		if (rc)
			goto fail;
		tx->has_sink = true;
		lo2ib_sink_rd(&tx->sink, &m.u.lnet.rd);
		tx->sink.reg.wr.next = &tx->send_wr;
		tx->first_wr = &tx->sink.reg.wr;
		tx->nwrs = 1;
	}
	spin_lock(&conn->lock);
	rc = lo2ib_conn_status(conn);
	if (conn->state == LO2IB_CONN_ESTABLISHED) {
		tx->cookie = lo2ib_cookie_alloc_locked(conn, &conn->waiting, tx);
		rc = tx->cookie ? 0 : -ENOMEM;
	}
	if (!rc) {
		m.u.lnet.cookie = tx->cookie;
		rc = lo2ib_tx_encode(tx, &m);
		if (rc)
			xa_erase(&conn->waiting, tx->cookie);
	}
	if (!rc) {
		list_add_tail(&tx->link, &conn->queue_cred);
		lo2ib_conn_check_sends_locked(conn);
	}
	lo2ib_conn_unlock(conn);
	if (!rc)
		return;
fail:
	if (tx->has_sink)
		lo2ib_sink_unregister(&tx->sink);
	tx->ltx = NULL;
	lo2ib_tx_free(tx);
	lnet_tx_complete(ltx, rc);
}

/*
 * lo2ib_tx_write_source() - chain, ahead of @tx's send, the RDMA WRITEs of
 * the first @nob bytes of @payload into the peer's sink @rd.  Returns the
 * status the DONE message carries: @nob, or -EIO when the source could not
 * be mapped (@tx->status then says why, and the DONE goes alone).
 */
static s32 lo2ib_tx_write_source(struct lo2ib_conn *conn, struct lo2ib_tx *tx,
				 const struct lnet_iov *payload, u32 nob,
				 const struct lo2ib_rdesc *rd)
{
	int rc;

	rc = lo2ib_src_map(conn, &tx->src, payload, nob, rd, &tx->extra_cqe);
	if (rc || !tx->src.nwrs) {
		tx->status = rc ?: -EIO;
		return -EIO;
	}
	tx->has_src = true;
	tx->src_bytes = nob;
	tx->first_wr = &tx->src.wrs[0].wr;
	tx->src.wrs[tx->src.nwrs - 1].wr.next = &tx->send_wr;
	tx->nwrs = tx->src.nwrs;
	return nob;
}

/**
 * lo2ib_reply_send() - lnetmr's REPLY to a peer's GET_REQ: RDMA WRITEs into
 *	the peer's sink, then GET_DONE, on the GET's connection
 * @g: the GET, taken off orail->getreqs by the caller (it is ours now)
 * @ltx: the REPLY
 */
void lo2ib_reply_send(struct lo2ib_getreq *g, struct lnet_tx *ltx)
{
	struct lo2ib_conn *conn = g->conn;
	u32 nob = min_t(u64, ltx->payload.len, g->rd->nob);
	struct lnet_o2ib_msg m;
	struct lo2ib_tx *tx;
	s32 status = nob;
	int rc;

	if (g->answered) {
		/* too late: the peer was told already */
		lo2ib_getreq_free(g);
		lnet_tx_complete(ltx, -ETIMEDOUT);
		return;
	}
	tx = lo2ib_tx_alloc(conn, O2IB_MSG_GET_DONE);
	if (!tx) {
		/* the peer's GET times out; its credit with the connection */
		lo2ib_getreq_free(g);
		lnet_tx_complete(ltx, -ENOMEM);
		return;
	}
	tx->getreq = g;
	tx->ltx = ltx;
	if (nob)
		status = lo2ib_tx_write_source(conn, tx, &ltx->payload, nob, g->rd);
	lo2ib_msg_init(conn, &m, O2IB_MSG_GET_DONE);
	m.u.done.cookie = g->cookie;
	m.u.done.status = status;
	rc = lo2ib_tx_encode(tx, &m);
	if (rc) {
		tx->ltx = NULL;
		lo2ib_tx_free(tx);
		lnet_tx_complete(ltx, rc);
		return;
	}
	lo2ib_tx_queue(conn, tx);
}

/* ---- receiving --------------------------------------------------------------- */

/**
 * lo2ib_rx_post_locked() - (re)post a receive buffer
 * @conn: the connection, locked
 * @rx: the buffer
 *
 * Return: 0 or a negative errno (the connection is then to close).
 */
int lo2ib_rx_post_locked(struct lo2ib_conn *conn, struct lo2ib_rx *rx)
{
	struct ib_sge sge = {
		.addr = rx->dma,
		.length = O2IB_MSG_SIZE,
		.lkey = conn->orail->pd->local_dma_lkey,
	};
	struct ib_recv_wr wr = {
		.wr_cqe = &rx->cqe,
		.sg_list = &sge,
		.num_sge = 1,
	};

	if (conn->state == LO2IB_CONN_CLOSING)
		return 0;
	ib_dma_sync_single_for_device(conn->orail->device, rx->dma, O2IB_MSG_SIZE,
				      DMA_FROM_DEVICE);
	return ib_post_recv(conn->qp, &wr, NULL);
}

/* An IMMEDIATE: its payload is copied where lnetmr says.  Returns 0 or -EPROTO. */
static int lo2ib_rx_immediate(struct lo2ib_conn *conn, const struct lnet_o2ib_msg *m,
			      const u8 *buf)
{
	struct lo2ib_rail *orail = conn->orail;
	const struct lnet_hdr *h = &m->u.lnet.hdr;
	struct lnet_rx rx = {};
	size_t n;
	int rc;

	rc = lnetmr_rx_begin(orail->xr, conn->peer->nid, h, &rx);
	if (rc == -EPROTO)
		return rc;
	if (rc)
		return 0;	/* dropped (and counted) by lnetmr */
	n = copy_to_iter(buf + m->u.lnet.payload, min(rx.mlen, h->payload_length), &rx.iter);
	lo2ib_stat(orail, LNETMR_STAT_RX_COPY_BYTES, n);
	lnetmr_rx_end(&rx, n == rx.mlen ? 0 : -EFAULT);
	return 0;
}

/* A peer's PUT landed in its sink (or could not): lnetmr hears it. */
static void lo2ib_put_sink_done(struct lo2ib_sink *sink, int status)
{
	struct lo2ib_putreq *p = container_of(sink, struct lo2ib_putreq, sink);
	struct lo2ib_conn *conn = p->conn;

	if (!status && p->status >= 0)
		lo2ib_stat(conn->orail, LNETMR_STAT_RX_RDMA_BYTES, p->rx.mlen);
	lnetmr_rx_end(&p->rx, status ?: min(p->status, 0));
	lo2ib_conn_put(conn);
	kfree(p);
}

/*
 * Answer a PUT_REQ: PUT_NAK with @status, or PUT_ACK for @p's sink.  The
 * PUT_REQ's credit comes back with a NAK at once, else with its PUT_DONE.
 */
static void lo2ib_put_answer(struct lo2ib_conn *conn, u64 src_cookie, struct lo2ib_putreq *p,
			     s32 status)
{
	struct lnet_o2ib_msg m;
	struct lo2ib_tx *tx;

	if (!p) {
		tx = lo2ib_completion_new(conn, O2IB_MSG_PUT_NAK, src_cookie, status);
		spin_lock(&conn->lock);
		conn->outstanding++;
		if (!tx)
			lo2ib_conn_fail_locked(conn, -ENOMEM);
		lo2ib_conn_unlock(conn);
		if (tx)
			lo2ib_tx_queue(conn, tx);
		return;
	}
	tx = lo2ib_tx_alloc(conn, O2IB_MSG_PUT_ACK);
	if (!tx)
		goto fail;
	lo2ib_msg_init(conn, &m, O2IB_MSG_PUT_ACK);
	m.u.putack.src_cookie = src_cookie;
	m.u.putack.dst_cookie = p->cookie;
	lo2ib_sink_rd(&p->sink, &m.u.putack.rd);
	p->sink.reg.wr.next = &tx->send_wr;
	tx->first_wr = &p->sink.reg.wr;
	tx->nwrs = 1;
	if (lo2ib_tx_encode(tx, &m)) {
		lo2ib_tx_free(tx);
		goto fail;
	}
	lo2ib_tx_queue(conn, tx);
	return;
fail:
	/* the sink stays in conn->sinks: the teardown ends it */
	lo2ib_conn_close(conn, -ENOMEM);
}

/* A PUT_REQ: the sink lnetmr gives is registered and announced. */
static int lo2ib_rx_put_req(struct lo2ib_conn *conn, const struct lnet_o2ib_msg *m)
{
	struct lo2ib_rail *orail = conn->orail;
	struct lo2ib_putreq *p;
	int rc;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->src_cookie = m->u.lnet.cookie;
	p->deadline = jiffies;
	rc = lnetmr_rx_begin(orail->xr, conn->peer->nid, &m->u.lnet.hdr, &p->rx);
	if (rc) {
		kfree(p);
		if (rc == -EPROTO)
			return rc;
		lo2ib_put_answer(conn, m->u.lnet.cookie, NULL, 0);	/* dropped */
		return 0;
	}
	if (!p->rx.mlen) {
		lnetmr_rx_end(&p->rx, 0);
		kfree(p);
		lo2ib_put_answer(conn, m->u.lnet.cookie, NULL, 0);
		return 0;
	}
	p->sink.done = lo2ib_put_sink_done;
	rc = lo2ib_sink_register(conn, &p->sink, &p->rx.win, p->rx.mlen);
	if (rc) {
		lnetmr_rx_end(&p->rx, rc);
		kfree(p);
		lo2ib_put_answer(conn, m->u.lnet.cookie, NULL, rc);
		return 0;
	}
	kref_get(&conn->ref);
	p->conn = conn;
	spin_lock(&conn->lock);
	if (conn->nsinks >= conn->queue_depth) {
		/* more PUTs than the credits we gave */
		lo2ib_conn_fail_locked(conn, -EPROTO);
		rc = -EPROTO;
	} else {
		p->cookie = lo2ib_cookie_alloc_locked(conn, &conn->sinks, p);
		rc = p->cookie ? 0 : -ENOMEM;
	}
	if (!rc)
		conn->nsinks++;
	else
		list_add_tail(&p->sink.dead_link, &conn->dead_sinks);
	lo2ib_conn_unlock(conn);
	if (!rc)
		lo2ib_put_answer(conn, m->u.lnet.cookie, p, 0);
	return rc == -EPROTO ? 0 : rc;
}

/* A GET_REQ: lnetmr matches it and sends the REPLY (lo2ib_reply_send()). */
static int lo2ib_rx_get_req(struct lo2ib_conn *conn, const struct lnet_o2ib_msg *m)
{
	struct lo2ib_rail *orail = conn->orail;
	struct lnet_rx rx = {};
	struct lo2ib_getreq *g;
	struct lo2ib_tx *tx;
	bool mine;
	int rc;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->rd = lo2ib_rdesc_new(&m->u.lnet.rd);
	if (!g->rd) {
		kfree(g);
		return -ENOMEM;
	}
	kref_get(&conn->ref);
	g->conn = conn;
	g->cookie = m->u.lnet.cookie;
	g->deadline = jiffies + lo2ib_timeout(orail);

	spin_lock(&conn->lock);
	rc = conn->ngetreqs < conn->queue_depth ? 0 : -EPROTO;	/* within its credits? */
	if (!rc)
		conn->ngetreqs++;
	spin_unlock(&conn->lock);
	if (rc) {
		lo2ib_getreq_free(g);
		return rc;
	}
	/* on the list before lnetmr sees it: its REPLY may come from within */
	spin_lock(&orail->lock);
	list_add_tail(&g->link, &orail->getreqs);
	spin_unlock(&orail->lock);

	rx.xprt_ctx = g;
	rc = lnetmr_rx_begin(orail->xr, conn->peer->nid, &m->u.lnet.hdr, &rx);
	if (!rc) {
		lnetmr_rx_end(&rx, 0);
		return 0;
	}
	/* nothing matched: take it back and say so */
	spin_lock(&orail->lock);
	mine = !list_empty(&g->link);
	list_del_init(&g->link);
	spin_unlock(&orail->lock);
	if (!mine)
		return rc == -EPROTO ? rc : 0;
	tx = lo2ib_completion_new(conn, O2IB_MSG_GET_DONE, g->cookie, -ENODATA);
	if (!tx) {
		lo2ib_getreq_free(g);
		return -ENOMEM;
	}
	tx->getreq = g;
	lo2ib_tx_queue(conn, tx);
	return rc == -EPROTO ? rc : 0;
}

/* A PUT_ACK: write our PUT's data into the peer's sink, then PUT_DONE. */
static int lo2ib_rx_put_ack(struct lo2ib_conn *conn, struct lo2ib_tx *req,
			    const struct lnet_o2ib_msg *m)
{
	struct lnet_tx *ltx = req->ltx;
	struct lo2ib_rdesc *rd;
	struct lnet_o2ib_msg done;
	struct lo2ib_tx *tx;
	s32 status;
	u32 nob;
	int rc;

	req->ltx = NULL;	/* the PUT_DONE finishes it */
	tx = lo2ib_tx_alloc(conn, O2IB_MSG_PUT_DONE);
	rd = lo2ib_rdesc_new(&m->u.putack.rd);
	if (!tx || !rd) {
		kfree(rd);
		if (tx)
			lo2ib_tx_free(tx);
		lnet_tx_complete(ltx, -ENOMEM);
		return -ENOMEM;
	}
	tx->ltx = ltx;
	nob = min_t(u64, ltx->payload.len, rd->nob);
	status = nob;
	if (nob)
		status = lo2ib_tx_write_source(conn, tx, &ltx->payload, nob, rd);
	kfree(rd);
	lo2ib_msg_init(conn, &done, O2IB_MSG_PUT_DONE);
	done.u.done.cookie = m->u.putack.dst_cookie;
	done.u.done.status = status;
	rc = lo2ib_tx_encode(tx, &done);
	if (rc) {
		tx->ltx = NULL;
		lo2ib_tx_free(tx);
		lnet_tx_complete(ltx, rc);
		return rc;
	}
	lo2ib_tx_queue(conn, tx);
	return 0;
}

/*
 * The answer to one of our requests (PUT_ACK, PUT_NAK, GET_DONE): it gives
 * the reserved credit back.
 */
static int lo2ib_rx_answer(struct lo2ib_conn *conn, const struct lnet_o2ib_msg *m)
{
	u64 cookie = m->type == O2IB_MSG_PUT_ACK ? m->u.putack.src_cookie : m->u.done.cookie;
	u8 want = m->type == O2IB_MSG_GET_DONE ? O2IB_MSG_GET_REQ : O2IB_MSG_PUT_REQ;
	struct lnet_tx *ltx = NULL;
	struct lo2ib_tx *req;
	bool free = false;
	int rc = 0;

	spin_lock(&conn->lock);
	req = cookie <= U32_MAX ? xa_load(&conn->waiting, cookie) : NULL;
	if (!req || req->type != want) {
		spin_unlock(&conn->lock);
		return -EPROTO;		/* no such request of ours */
	}
	xa_erase(&conn->waiting, cookie);
	conn->reserved++;
	if (m->type == O2IB_MSG_GET_DONE) {
		req->status = m->u.done.status;
		lo2ib_sink_invalidate_locked(&req->sink);	/* then lo2ib_get_sink_done() */
	} else if (m->type == O2IB_MSG_PUT_NAK) {
		ltx = req->ltx;
		req->ltx = NULL;
		free = !--req->refs;
	}
	lo2ib_conn_check_sends_locked(conn);
	lo2ib_conn_unlock(conn);

	if (m->type == O2IB_MSG_PUT_ACK) {
		rc = lo2ib_rx_put_ack(conn, req, m);
		spin_lock(&conn->lock);
		free = !--req->refs;
		spin_unlock(&conn->lock);
	} else if (ltx) {
		/* nothing landed, or the peer could not take it */
		lnet_tx_complete(ltx, m->u.done.status < 0 ? m->u.done.status : 0);
	}
	if (free)
		lo2ib_tx_free(req);
	return rc;
}

/* A PUT_DONE: the peer wrote into our sink; take the sink back. */
static int lo2ib_rx_put_done(struct lo2ib_conn *conn, const struct lnet_o2ib_msg *m)
{
	struct lo2ib_putreq *p;

	spin_lock(&conn->lock);
	p = m->u.done.cookie <= U32_MAX ? xa_erase(&conn->sinks, m->u.done.cookie) : NULL;
	if (!p) {
		spin_unlock(&conn->lock);
		return -EPROTO;
	}
	conn->nsinks--;
	conn->outstanding++;	/* the PUT_REQ's buffer takes another */
	p->status = m->u.done.status;
	lo2ib_sink_invalidate_locked(&p->sink);		/* then lo2ib_put_sink_done() */
	lo2ib_conn_check_sends_locked(conn);
	lo2ib_conn_unlock(conn);
	return 0;
}

/* Is @m for this connection, from its peer's instance to ours? */
static bool lo2ib_msg_matches(const struct lo2ib_conn *conn, const struct lnet_o2ib_msg *m)
{
	const struct lo2ib_rail *orail = conn->orail;

	return m->version == conn->version && m->srcnid == conn->peer->nid &&
	       m->dstnid == orail->xr->nid && m->srcstamp == conn->peer_stamp &&
	       m->dststamp == lnetmr_xprt_incarnation(orail->xr->xnode);
}

/* Handle one message; returns whether its buffer returns a credit now. */
static int lo2ib_rx_handle(struct lo2ib_conn *conn, const struct lnet_o2ib_msg *m,
			   const u8 *buf, bool *credit)
{
	*credit = false;
	switch (m->type) {
	case O2IB_MSG_NOOP:
		return 0;
	case O2IB_MSG_IMMEDIATE:
		*credit = true;
		return lo2ib_rx_immediate(conn, m, buf);
	case O2IB_MSG_PUT_REQ:
		return lo2ib_rx_put_req(conn, m);	/* its credit comes later */
	case O2IB_MSG_GET_REQ:
		return lo2ib_rx_get_req(conn, m);	/* likewise */
	case O2IB_MSG_PUT_ACK:
	case O2IB_MSG_PUT_NAK:
	case O2IB_MSG_GET_DONE:
		return lo2ib_rx_answer(conn, m);
	case O2IB_MSG_PUT_DONE:
		return lo2ib_rx_put_done(conn, m);
	default:
		return -EPROTO;		/* CONNREQ/CONNACK have no business here */
	}
}

/* Handle the message in @rx (@len bytes) and post the buffer again. */
static void lo2ib_rx_process(struct lo2ib_conn *conn, struct lo2ib_rx *rx, u32 len)
{
	struct lo2ib_rail *orail = conn->orail;
	struct lnet_o2ib_msg m;
	bool credit = false;
	int rc;

	rc = lnet_o2ib_msg_decode(rx->buf, len, &m);
	if (!rc && !lo2ib_msg_matches(conn, &m))
		rc = -ESTALE;
	if (!rc) {
		spin_lock(&conn->lock);
		conn->last_progress = jiffies;
		if (conn->credits + m.credits > conn->queue_depth) {
			rc = -EPROTO;	/* more credits back than it could owe us */
		} else {
			conn->credits += m.credits;
			lo2ib_conn_check_sends_locked(conn);
		}
		lo2ib_conn_unlock(conn);
	}
	if (!rc)
		rc = lo2ib_rx_handle(conn, &m, rx->buf, &credit);
	if (rc) {
		pr_debug("bad message (type %#x) from %#llx on %s: %d\n", m.type,
			 conn->peer->nid, orail->xr->ifname, rc);
		if (rc == -EPROTO || rc == -ESTALE)
			lo2ib_stat(orail, LNETMR_STAT_PROTO_ERRORS, 1);
		lo2ib_conn_close(conn, rc == -ENOMEM ? -ENOMEM : -EPROTO);
		return;
	}
	spin_lock(&conn->lock);
	if (credit)
		conn->outstanding++;
	if (lo2ib_rx_post_locked(conn, rx))
		lo2ib_conn_fail_locked(conn, -EIO);
	lo2ib_conn_check_sends_locked(conn);
	lo2ib_conn_unlock(conn);
}

/**
 * lo2ib_recv_done() - a message came into a receive buffer
 * @cq: the connection's completion queue
 * @wc: the completion
 *
 * The peer's end of a connection may be established before ours (its
 * ESTABLISHED event, or our RTU, travels while its first messages do):
 * what comes before ours waits in conn->early_rxs, in order, for
 * lo2ib_early_rxs_handle().
 */
void lo2ib_recv_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct lo2ib_rx *rx = container_of(wc->wr_cqe, struct lo2ib_rx, cqe);
	struct lo2ib_conn *conn = rx->conn;

	if (wc->status != IB_WC_SUCCESS) {
		if (lo2ib_wc_qp_error(conn, wc))
			lo2ib_conn_close(conn, -EIO);
		return;		/* flushed: the connection is closing */
	}
	ib_dma_sync_single_for_cpu(conn->orail->device, rx->dma, O2IB_MSG_SIZE,
				   DMA_FROM_DEVICE);
	spin_lock(&conn->lock);
	if (conn->state == LO2IB_CONN_CONNECTING || conn->early_draining) {
		rx->len = wc->byte_len;
		list_add_tail(&rx->early_link, &conn->early_rxs);
		spin_unlock(&conn->lock);
		return;
	}
	spin_unlock(&conn->lock);
	lo2ib_rx_process(conn, rx, wc->byte_len);
}

/**
 * lo2ib_early_rxs_handle() - handle what came before the connection was up
 * @conn: the connection, just established, with conn->early_draining set
 *	if conn->early_rxs holds anything
 *
 * In order: what comes meanwhile queues behind, until the list is empty.
 */
void lo2ib_early_rxs_handle(struct lo2ib_conn *conn)
{
	struct lo2ib_rx *rx;

	for (;;) {
		spin_lock(&conn->lock);
		rx = list_first_entry_or_null(&conn->early_rxs, struct lo2ib_rx, early_link);
		if (!rx || conn->state != LO2IB_CONN_ESTABLISHED) {
			/* done, or closed: the teardown frees the buffers left */
			conn->early_draining = false;
			spin_unlock(&conn->lock);
			return;
		}
		list_del_init(&rx->early_link);
		spin_unlock(&conn->lock);
		lo2ib_rx_process(conn, rx, rx->len);
	}
}

/* ---- timeouts and the end ---------------------------------------------------- */

/*
 * Is @conn stuck?  Under conn->lock.  It is when it holds work (messages
 * to send or in flight, answers or data it waits for) and nothing
 * completed for the node's timeout: a path that silently drops everything.
 * A request or sink the peer leaves unanswered while the rest moves is
 * given LO2IB_MAX_WAIT_TIMEOUTS times that.
 */
static bool lo2ib_conn_overdue_locked(struct lo2ib_conn *conn)
{
	unsigned long now = jiffies, timeout = lo2ib_timeout(conn->orail), i;
	unsigned long limit = now - LO2IB_MAX_WAIT_TIMEOUTS * timeout;
	struct lo2ib_putreq *p;
	struct lo2ib_tx *tx;
	bool busy;

	busy = conn->nsends - conn->nnoops > 0 || !list_empty(&conn->queue_cred) ||
	       !list_empty(&conn->queue_nocred) || !xa_empty(&conn->waiting) ||
	       !xa_empty(&conn->sinks);
	if (busy && time_after(now, conn->last_progress + timeout))
		return true;
	xa_for_each(&conn->waiting, i, tx)
		if (time_before(tx->deadline, limit))
			return true;
	xa_for_each(&conn->sinks, i, p)
		if (time_before(p->deadline, limit))
			return true;
	return false;
}

/*
 * The peer's GETs whose REPLY lnetmr has not sent in time: tell the peer
 * (GET_DONE -ETIMEDOUT, which gives its credit back); a REPLY that comes
 * later is dropped.
 */
static void lo2ib_getreqs_expire(struct lo2ib_conn *conn)
{
	struct lo2ib_rail *orail = conn->orail;
	struct lo2ib_getreq *g, *late = NULL;
	struct lo2ib_tx *tx;

	spin_lock(&orail->lock);
	list_for_each_entry(g, &orail->getreqs, link) {
		if (g->conn == conn && !g->answered && time_after(jiffies, g->deadline)) {
			g->answered = true;
			late = g;
			break;
		}
	}
	spin_unlock(&orail->lock);
	if (!late)
		return;
	tx = lo2ib_completion_new(conn, O2IB_MSG_GET_DONE, late->cookie, -ETIMEDOUT);
	if (!tx) {
		lo2ib_conn_close(conn, -ENOMEM);
		return;
	}
	spin_lock(&conn->lock);
	conn->outstanding++;
	conn->ngetreqs--;
	spin_unlock(&conn->lock);
	lo2ib_tx_queue(conn, tx);
}

/**
 * lo2ib_conn_timer() - a connection's periodic checks
 * @work: conn->timer
 *
 * One that did not come up in time fails; an established one that holds a
 * message, an answer or a sink past the node's timeout closes
 * (-ETIMEDOUT: a silently dead path); a keepalive NOOP goes after
 * LO2IB_KEEPALIVE without a send.
 */
void lo2ib_conn_timer(struct work_struct *work)
{
	struct lo2ib_conn *conn = container_of(to_delayed_work(work), struct lo2ib_conn, timer);
	struct lo2ib_rail *orail = conn->orail;
	unsigned long tick = max(lo2ib_timeout(orail) / 4, (unsigned long)HZ / 4);
	enum lo2ib_conn_state state;
	bool overdue;

	spin_lock(&conn->lock);
	state = conn->state;
	overdue = state == LO2IB_CONN_CONNECTING ||
		  (state == LO2IB_CONN_ESTABLISHED && lo2ib_conn_overdue_locked(conn));
	if (overdue && state == LO2IB_CONN_ESTABLISHED)
		pr_debug("overdue %p: credits %d outstanding %d reserved %d sends %d noops %d sq_free %d queued %d/%d waiting %d sinks %u getreqs %u\n",
			 conn, conn->credits, conn->outstanding, conn->reserved, conn->nsends,
			 conn->nnoops, conn->sq_free, !list_empty(&conn->queue_cred),
			 !list_empty(&conn->queue_nocred), !xa_empty(&conn->waiting),
			 conn->nsinks, conn->ngetreqs);
	if (state == LO2IB_CONN_ESTABLISHED && !overdue &&
	    time_after(jiffies, conn->last_send + LO2IB_KEEPALIVE)) {
		conn->keepalive = true;
		lo2ib_conn_check_sends_locked(conn);
	}
	lo2ib_conn_unlock(conn);
	if (state == LO2IB_CONN_CLOSING)
		return;
	if (overdue) {
		pr_debug("connection to %#llx on %s: %s\n", conn->peer->nid,
			 orail->xr->ifname,
			 state == LO2IB_CONN_CONNECTING ? "not up in time" :
			 "a message is overdue");
		lo2ib_stat(orail, LNETMR_STAT_FAIL_TIMEOUT, 1);
		lo2ib_conn_close(conn, -ETIMEDOUT);
		return;
	}
	lo2ib_getreqs_expire(conn);
	queue_delayed_work(orail->wq, &conn->timer, tick);
}

/* A tx that never went (or whose answer never comes) fails with @status. */
static void lo2ib_tx_fail(struct lo2ib_tx *tx, int status)
{
	struct lnet_tx *ltx = tx->ltx;

	if (tx->has_sink && tx->sink.mr) {
		/* its sink's done finishes it (with the error) */
		tx->status = status;
		lo2ib_sink_release(&tx->sink, status);
		return;
	}
	tx->ltx = NULL;
	lo2ib_tx_free(tx);
	if (ltx)
		lnet_tx_complete(ltx, status);
}

/**
 * lo2ib_conn_fail_all() - fail everything a closed connection still holds
 * @conn: the connection, drained (no completion comes any more) and its
 *	regions deregistered (nobody can write into a sink any more)
 * @status: what it all fails with
 */
void lo2ib_conn_fail_all(struct lo2ib_conn *conn, int status)
{
	struct lo2ib_sink *sink, *stmp;
	struct lo2ib_tx *tx, *tmp;
	struct lo2ib_putreq *p;
	LIST_HEAD(sinks);
	LIST_HEAD(txs);
	unsigned long i;

	spin_lock(&conn->lock);
	list_splice_init(&conn->queue_cred, &txs);
	list_splice_init(&conn->queue_nocred, &txs);
	/* a queued request is also in the table: it goes with the queue */
	list_for_each_entry(tx, &txs, link)
		if (tx->reserve)
			xa_erase(&conn->waiting, tx->cookie);
	xa_for_each(&conn->waiting, i, tx) {
		xa_erase(&conn->waiting, i);
		tx->refs = 1;	/* its send completed (or flushed) already */
		list_add_tail(&tx->link, &txs);
	}
	xa_for_each(&conn->sinks, i, p) {
		xa_erase(&conn->sinks, i);
		list_add_tail(&p->sink.dead_link, &sinks);
	}
	conn->nsinks = 0;
	list_splice_init(&conn->dead_sinks, &sinks);
	spin_unlock(&conn->lock);

	list_for_each_entry_safe(tx, tmp, &txs, link) {
		list_del_init(&tx->link);
		lo2ib_tx_fail(tx, status);
	}
	list_for_each_entry_safe(sink, stmp, &sinks, dead_link) {
		list_del_init(&sink->dead_link);
		lo2ib_sink_release(sink, status);
	}
	for (i = 0; i < LO2IB_MAX_NOOPS; i++) {
		if (conn->noops[i])
			lo2ib_tx_free(conn->noops[i]);
		conn->noops[i] = NULL;
	}
}

/**
 * lo2ib_getreqs_free() - forget the peers' GETs lnetmr never answered
 * @orail: the rail, stopping: lnetmr hands it no REPLY any more
 */
void lo2ib_getreqs_free(struct lo2ib_rail *orail)
{
	struct lo2ib_getreq *g, *tmp;
	LIST_HEAD(list);

	spin_lock(&orail->lock);
	list_splice_init(&orail->getreqs, &list);
	spin_unlock(&orail->lock);
	list_for_each_entry_safe(g, tmp, &list, link) {
		list_del(&g->link);
		lo2ib_getreq_free(g);
	}
}

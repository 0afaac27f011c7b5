// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr TCP transport: connections.
 *
 * A connection is set up either actively (lnetmr_tcp_conn_connect(): bind a
 * privileged port, connect, acceptor request + hello, read the answer) or
 * passively (lnetmr_tcp_conn_accept(): read the hello, answer it), then
 * registered with its peer, which notices a restarted peer from the hello's
 * incarnation.  A registered connection runs two kthreads doing blocking
 * socket I/O: the rx thread reads socklnd messages and hands LNet messages
 * to the core, the tx thread writes the txs queued on the connection, one at
 * a time and in order, plus zero-copy ACKs and keepalive NOOPs.
 *
 * Closing: whoever first marks a connection closing (under peer->lock) takes
 * its txs, shuts its socket down (which wakes both threads out of any
 * blocking call) and queues its reap work, which stops the threads and drops
 * the registration reference.
 *
 * Sending: payloads of pages of at least LTCP_ZC_MIN bytes, every page one
 * the network stack may hold (sendpage_ok(): not slab memory), go without
 * copying (sendpage before 6.5, then MSG_SPLICE_PAGES), with a zero-copy cookie
 * in the socklnd header; such a tx completes when the peer's NOOP echoes
 * the cookie, as stock socklnd does, so its pages stay untouched until the
 * data has arrived.  Other payloads are copied into the socket.  Small
 * messages may be sent by the caller itself (see
 * lnetmr_tcp_conn_can_send_inline_locked()).
 */
#define pr_fmt(fmt) "lnetmr: tcp: " fmt

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "lnetmr_trace.h"
#include "tcp.h"

/* ---- socket helpers ----------------------------------------------------- */

/**
 * lnetmr_tcp_sock_setup() - socket options every socklnd connection uses
 * @sock: a TCP socket
 *
 * TCP_NODELAY, and keepalive probes after 30 s idle, every 5 s, 5 times.
 * Also a zero linger time: kernel sockets hold no reference on their
 * namespace, so closing one must not leave an orphan (FIN_WAIT, TIME_WAIT)
 * with timers behind that could outlive the namespace.  Closing therefore
 * resets the connection; we only close connections that are broken or
 * being torn down anyway.
 */
void lnetmr_tcp_sock_setup(struct socket *sock)
{
	struct sock *sk = sock->sk;

	sock_no_linger(sk);
	tcp_sock_set_nodelay(sk);
	sock_set_keepalive(sk);
	/* constants within the allowed ranges: these cannot fail */
	tcp_sock_set_keepidle(sk, LTCP_KEEPALIVE_IDLE);
	tcp_sock_set_keepintvl(sk, LTCP_KEEPALIVE_INTVL);
	tcp_sock_set_keepcnt(sk, LTCP_KEEPALIVE_CNT);
}

/**
 * lnetmr_tcp_sock_timeouts() - set a socket's blocking timeouts
 * @sock: the socket
 * @rcvtimeo: receive (and accept) timeout in jiffies, at least 1
 * @sndtimeo: send (and connect) timeout in jiffies, at least 1
 *
 * A blocking call that times out returns what it did so far, or -EAGAIN
 * (-EINPROGRESS for connect).
 */
void lnetmr_tcp_sock_timeouts(struct socket *sock, long rcvtimeo, long sndtimeo)
{
	struct sock *sk = sock->sk;

	lock_sock(sk);
	WRITE_ONCE(sk->sk_rcvtimeo, max(rcvtimeo, 1L));
	WRITE_ONCE(sk->sk_sndtimeo, max(sndtimeo, 1L));
	release_sock(sk);
}

/**
 * lnetmr_tcp_recv() - read exactly @len bytes before a deadline
 * @sock: the socket
 * @buf: where to store them
 * @len: how many
 * @deadline: in jiffies
 *
 * For handshakes only: changes the socket's timeouts.
 *
 * Return: 0, -ETIMEDOUT, -ECONNRESET on end of stream, or another socket
 * error.
 */
int lnetmr_tcp_recv(struct socket *sock, void *buf, size_t len, unsigned long deadline)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {};
	long left;
	int rc;

	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &kv, 1, len);
	while (msg_data_left(&msg)) {
		left = (long)(deadline - jiffies);
		if (left <= 0)
			return -ETIMEDOUT;
		lnetmr_tcp_sock_timeouts(sock, left, left);
		rc = sock_recvmsg(sock, &msg, MSG_WAITALL);
		if (rc == 0)
			return -ECONNRESET;
		if (rc < 0 && rc != -EAGAIN)
			return rc;
	}
	return 0;
}

/* write exactly @len bytes from @buf before @deadline (handshakes only) */
static int ltcp_send_deadline(struct socket *sock, void *buf, size_t len,
			      unsigned long deadline)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	long left;
	int rc;

	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &kv, 1, len);
	while (msg_data_left(&msg)) {
		left = (long)(deadline - jiffies);
		if (left <= 0)
			return -ETIMEDOUT;
		lnetmr_tcp_sock_timeouts(sock, left, left);
		rc = sock_sendmsg(sock, &msg);
		if (rc == 0)
			return -EPIPE;
		if (rc < 0 && rc != -EAGAIN)
			return rc;
	}
	return 0;
}

/*
 * Read a whole socklnd hello: the fixed part, then the addresses it
 * announces.  Return: 0, -EPROTO for bad bytes, or an I/O error.
 */
static int ltcp_recv_hello(struct socket *sock, unsigned long deadline,
			   struct lnet_sock_hello *hello, bool *swab)
{
	u8 buf[SOCKLND_HELLO_MAX_SIZE];
	int need, rc;

	rc = lnetmr_tcp_recv(sock, buf, SOCKLND_HELLO_V3_SIZE, deadline);
	if (rc)
		return rc;
	need = lnet_sock_hello_decode(buf, SOCKLND_HELLO_V3_SIZE, hello, swab);
	if (need < 0)
		return need;
	if (need > SOCKLND_HELLO_V3_SIZE) {
		if (need > (int)sizeof(buf))
			return -EPROTO;
		rc = lnetmr_tcp_recv(sock, buf + SOCKLND_HELLO_V3_SIZE,
				     need - SOCKLND_HELLO_V3_SIZE, deadline);
		if (rc)
			return rc;
		need = lnet_sock_hello_decode(buf, need, hello, swab);
		if (need < 0)
			return need;
	}
	return 0;
}

/* ---- connection objects ------------------------------------------------- */

static void ltcp_conn_reap(struct work_struct *work);

/* a new connection owns @sock (released with the last reference) */
static struct ltcp_conn *ltcp_conn_alloc(struct ltcp_peer *peer, struct socket *sock,
					 u32 type)
{
	struct ltcp_conn *conn;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return NULL;
	kref_init(&conn->ref);
	conn->peer = peer;
	conn->sock = sock;
	conn->type = type;
	INIT_LIST_HEAD(&conn->link);
	INIT_LIST_HEAD(&conn->txq);
	init_waitqueue_head(&conn->tx_wait);
	init_waitqueue_head(&conn->zc_wait);
	INIT_WORK(&conn->reap_work, ltcp_conn_reap);
	return conn;
}

static void ltcp_conn_release(struct kref *ref)
{
	struct ltcp_conn *conn = container_of(ref, struct ltcp_conn, ref);

	if (conn->rx_task)
		put_task_struct(conn->rx_task);
	if (conn->tx_task)
		put_task_struct(conn->tx_task);
	sock_release(conn->sock);
	kfree(conn);
}

/**
 * lnetmr_tcp_conn_put() - drop a connection reference
 * @conn: the connection
 *
 * The last one releases the socket: process context only.
 */
void lnetmr_tcp_conn_put(struct ltcp_conn *conn)
{
	kref_put(&conn->ref, ltcp_conn_release);
}

/* the rx and tx threads of a closed connection are gone: free it */
static void ltcp_conn_reap(struct work_struct *work)
{
	struct ltcp_conn *conn = container_of(work, struct ltcp_conn, reap_work);

	kthread_stop(conn->rx_task);
	kthread_stop(conn->tx_task);
	lnetmr_tcp_conn_put(conn);	/* the registration reference */
}

/*
 * Txs sent zero-copy on @conn whose ACK has not come: they fail with the
 * connection (the data may have arrived, but nothing says so).
 */
static void ltcp_zc_txs_detach_locked(struct ltcp_conn *conn, struct list_head *txs)
{
	struct lnet_tx *tx, *tmp;

	list_for_each_entry_safe(tx, tmp, &conn->peer->zc_txs, link) {
		if (tx->xprt_conn != conn)
			continue;
		if (tx->xprt_flags & LTCP_ZC_SENDING) {
			/* its sender completes it */
			list_del_init(&tx->link);
			tx->xprt_flags |= LTCP_ZC_DETACHED;
		} else {
			list_move_tail(&tx->link, txs);
		}
	}
}

/*
 * The peer acknowledged zero-copy cookies: a pair (@c0 > @c1), or the range
 * @c0..@c1 (@c0 may be 0 for one cookie), as socklnd v3 packs them.  The
 * txs still being written are left to their senders, marked acknowledged.
 */
static void ltcp_zc_ack(struct ltcp_peer *peer, u64 c0, u64 c1)
{
	struct lnet_tx *tx, *tmp;
	LIST_HEAD(done);

	spin_lock_bh(&peer->lock);
	list_for_each_entry_safe(tx, tmp, &peer->zc_txs, link) {
		u64 c = tx->xprt_cookie;
		bool acked = c0 > c1 ? (c == c0 || c == c1) :
			     (c == c1 || (c0 && c >= c0 && c <= c1));

		if (!acked)
			continue;
		if (tx->xprt_flags & LTCP_ZC_SENDING) {
			list_del_init(&tx->link);
			tx->xprt_flags |= LTCP_ZC_ACKED;
		} else {
			list_move_tail(&tx->link, &done);
		}
		ltcp_stat(peer->trail->xr->stats, LNETMR_STAT_TX_ZEROCOPY);
	}
	spin_unlock_bh(&peer->lock);
	lnetmr_tcp_txs_complete(&done, 0);
}

/*
 * Has a zero-copy tx of @conn waited too long for its ACK?  Its wait counts
 * from its send or from the last time the peer's TCP acknowledged bytes of
 * the connection, whichever is later: behind a deep socket buffer on a
 * slow link the ACK comes seconds after the send (8 MiB queued on a rail
 * of 20 Mbit/s: over 3 s), while the connection makes progress all along.
 * Timing the ACK from the send alone failed such txs with the timeout of
 * 1 s the tests set, and moved the traffic off a working rail.  Called by
 * the tx thread only.
 */
static bool ltcp_zc_overdue(struct ltcp_conn *conn)
{
	u32 seq = READ_ONCE(tcp_sk(conn->sock->sk)->snd_una);
	struct ltcp_peer *peer = conn->peer;
	unsigned long since;
	struct lnet_tx *tx;
	bool late = false;

	if (seq != conn->acked_seq || !conn->acked_time) {
		conn->acked_seq = seq;
		conn->acked_time = jiffies;
	}
	spin_lock_bh(&peer->lock);
	list_for_each_entry(tx, &peer->zc_txs, link) {
		if (tx->xprt_conn != conn)
			continue;
		since = time_after(tx->xprt_time, conn->acked_time) ? tx->xprt_time :
								       conn->acked_time;
		if (time_after(jiffies, since + ltcp_io_timeout(peer))) {
			late = true;
			break;
		}
	}
	spin_unlock_bh(&peer->lock);
	return late;
}

/**
 * lnetmr_tcp_conn_detach_locked() - first half of closing a connection
 * @conn: a registered connection
 * @error: why, for the txs it still holds
 * @txs: its queued txs are moved here, for the caller to complete with
 *	@error once it has dropped the lock
 *
 * Called under peer->lock.  Marks @conn closing, takes it off the peer and
 * queues its reap work.  If this returns true the caller must call
 * lnetmr_tcp_conn_shutdown() once the lock is dropped (it holds a reference
 * taken here until then) and may reuse @conn->link until that call.
 *
 * Return: true if this call closed it, false if it was closing already.
 */
bool lnetmr_tcp_conn_detach_locked(struct ltcp_conn *conn, int error,
				   struct list_head *txs)
{
	lockdep_assert_held(&conn->peer->lock);

	if (conn->closing)
		return false;
	conn->closing = true;
	conn->error = error;
	trace_lnetmr_conn(conn->peer->trail->xr, "tcp", conn->peer->nid,
			  ltcp_conn_type_name(conn->type), false, error);
	list_del_init(&conn->link);
	list_splice_tail_init(&conn->txq, txs);
	ltcp_zc_txs_detach_locked(conn, txs);
	conn->nzc_acks = 0;
	kref_get(&conn->ref);	/* for lnetmr_tcp_conn_shutdown() */
	/* queued here, with the closing mark, so rail_stop cannot miss it */
	queue_work(conn->peer->trail->wq, &conn->reap_work);
	return true;
}

/**
 * lnetmr_tcp_conn_shutdown() - second half of closing a connection
 * @conn: a connection lnetmr_tcp_conn_detach_locked() returned true for
 *
 * Wakes both threads out of whatever they block on.  May sleep.
 */
void lnetmr_tcp_conn_shutdown(struct ltcp_conn *conn)
{
	kernel_sock_shutdown(conn->sock, SHUT_RDWR);
	wake_up(&conn->tx_wait);
	wake_up(&conn->zc_wait);
	lnetmr_tcp_conn_put(conn);
}

/**
 * lnetmr_tcp_conn_close() - close a registered connection
 * @conn: the connection; the caller is one of its threads or holds a
 *	reference
 * @error: completion status of the txs still queued on it
 *
 * Idempotent.  May sleep; completes txs, so no lock may be held.
 */
void lnetmr_tcp_conn_close(struct ltcp_conn *conn, int error)
{
	struct ltcp_peer *peer = conn->peer;
	LIST_HEAD(txs);
	bool closed;

	spin_lock_bh(&peer->lock);
	closed = lnetmr_tcp_conn_detach_locked(conn, error, &txs);
	spin_unlock_bh(&peer->lock);
	if (!closed)
		return;
	pr_debug("conn %p to %#llx (type %u) closed: %d\n", conn, peer->nid, conn->type, error);
	lnetmr_tcp_conn_shutdown(conn);
	lnetmr_tcp_txs_complete(&txs, error);
}

/* ---- established connections: I/O --------------------------------------- */

/*
 * Receive until @msg's iterator is full.  The socket's rcvtimeo
 * (LTCP_IO_POLL) lets this notice a closing connection and a stalled peer;
 * with @idle_ok a silent peer is fine until the first byte arrives.
 */
static int ltcp_conn_recvmsg(struct ltcp_conn *conn, struct msghdr *msg, bool idle_ok)
{
	unsigned long progress = jiffies;
	int rc;

	while (msg_data_left(msg)) {
		rc = sock_recvmsg(conn->sock, msg, MSG_WAITALL);
		if (rc > 0) {
			progress = jiffies;
			idle_ok = false;
			continue;
		}
		if (rc == 0)
			return -ECONNRESET;
		if (rc != -EAGAIN)
			return rc;
		if (READ_ONCE(conn->closing))
			return -ECONNRESET;
		if (!idle_ok && time_after(jiffies, progress + ltcp_io_timeout(conn->peer)))
			return -ETIMEDOUT;
	}
	return 0;
}

static int ltcp_conn_recv_buf(struct ltcp_conn *conn, void *buf, size_t len, bool idle_ok)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {};

	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &kv, 1, len);
	return ltcp_conn_recvmsg(conn, &msg, idle_ok);
}

/*
 * After a send call returned @rc: 1 to go on (bytes went out, or the socket's
 * timeout expired with the connection open and progress within
 * the I/O timeout), or the error to give up with.
 */
static int ltcp_send_step(struct ltcp_conn *conn, int rc, unsigned long *progress)
{
	if (rc > 0) {
		*progress = jiffies;
		return 1;
	}
	if (rc == 0)
		return -EPIPE;
	if (rc != -EAGAIN)
		return rc;
	if (READ_ONCE(conn->closing))
		return -ECONNRESET;
	if (time_after(jiffies, *progress + ltcp_io_timeout(conn->peer)))
		return -ETIMEDOUT;
	return 1;
}

/* send all of @msg; a peer that takes nothing for the I/O timeout is dead */
static int ltcp_conn_sendmsg(struct ltcp_conn *conn, struct msghdr *msg)
{
	unsigned long progress = jiffies;
	int rc;

	while (msg_data_left(msg)) {
		rc = ltcp_send_step(conn, sock_sendmsg(conn->sock, msg), &progress);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* a NOOP: keepalive (cookie LTCP_KEEPALIVE_COOKIE) or zero-copy ACK */
static int ltcp_send_noop(struct ltcp_conn *conn, u64 cookie)
{
	struct lnet_sock_hdr m = {
		.type = SOCKLND_MSG_NOOP,
		.zc_cookies = { 0, cookie },
	};
	u8 buf[SOCKLND_HDR_SIZE];
	struct kvec kv = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

	lnet_sock_hdr_encode(&m, buf);
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &kv, 1, sizeof(buf));
	return ltcp_conn_sendmsg(conn, &msg);
}

/* the payload_length field of an encoded LNet header (little-endian) */
static u32 ltcp_hdr_payload_length(const u8 *hdr)
{
	const u8 *p = hdr + 28;

	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/*
 * May TCP hold every page of @payload's window instead of copying it?  Not
 * slab memory, nor a page without references (sendpage_ok()).
 */
static bool ltcp_pages_sendable(const struct lnet_iov *payload)
{
	size_t skip = payload->offset, left = payload->len;
	unsigned int i;

	for (i = 0; left && i < payload->nr; i++) {
		const struct bio_vec *bv = &payload->bvec[i];
		size_t off, end;

		if (skip >= bv->bv_len) {
			skip -= bv->bv_len;
			continue;
		}
		off = bv->bv_offset + skip;
		end = off + min_t(size_t, bv->bv_len - skip, left);
		left -= end - off;
		skip = 0;
		for (off &= PAGE_MASK; off < end; off += PAGE_SIZE)
			if (!sendpage_ok(nth_page(bv->bv_page, off >> PAGE_SHIFT)))
				return false;
	}
	return true;
}

/*
 * Send a payload of pages without copying it: TCP keeps references on the
 * pages and transmits from them.  Every page passed ltcp_pages_sendable().
 */
static int ltcp_send_pages(struct ltcp_conn *conn, const struct lnet_iov *payload)
{
#ifndef LNETMR_SEND_PAGES_BY_SENDPAGE
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL | MSG_SPLICE_PAGES };

	lnet_iov_iter(payload, &msg.msg_iter, ITER_SOURCE);
	return ltcp_conn_sendmsg(conn, &msg);
#else
	size_t skip = payload->offset, left = payload->len;
	unsigned long progress = jiffies;
	unsigned int i;

	for (i = 0; left && i < payload->nr; i++) {
		const struct bio_vec *bv = &payload->bvec[i];
		size_t off, n;

		if (skip >= bv->bv_len) {
			skip -= bv->bv_len;
			continue;
		}
		off = bv->bv_offset + skip;
		n = min_t(size_t, bv->bv_len - skip, left);
		skip = 0;
		while (n) {
			struct page *page = nth_page(bv->bv_page, off >> PAGE_SHIFT);
			size_t poff = off & ~PAGE_MASK;
			size_t chunk = min_t(size_t, n, PAGE_SIZE - poff);
			int flags = MSG_NOSIGNAL | (left > chunk ? MSG_MORE : 0);
			int rc;

			rc = kernel_sendpage(conn->sock, page, poff, chunk, flags);
			if (rc > 0) {
				off += rc;
				n -= rc;
				left -= rc;
			}
			rc = ltcp_send_step(conn, rc, &progress);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
#endif
}

/*
 * socklnd header, LNet header, payload.  Returns 0 (sent; complete the tx),
 * LTCP_TX_ZC_PENDING (sent without copying: the peer's ACK completes the
 * tx, which the caller must no longer touch) or a negative errno.
 */
static int ltcp_send_lnet(struct ltcp_conn *conn, struct lnet_tx *tx)
{
	struct lnet_sock_hdr m = { .type = SOCKLND_MSG_LNET };
	struct ltcp_peer *peer = conn->peer;
	bool zc = !tx->payload.is_kvec && tx->payload.len >= LTCP_ZC_MIN &&
		  ltcp_pages_sendable(&tx->payload);
	u8 sh[SOCKLND_HDR_SIZE];
	struct kvec kv[2] = {
		{ .iov_base = sh, .iov_len = sizeof(sh) },
		{ .iov_base = tx->hdr, .iov_len = tx->hdr_len },
	};
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	u64 cookie = 0;
	u32 flags;
	int rc;

	if (zc) {
		/* listed before it is sent: the ACK may beat the send's return */
		spin_lock_bh(&peer->lock);
		if (conn->closing) {
			/* its zero-copy txs were collected already */
			spin_unlock_bh(&peer->lock);
			return -ECONNRESET;
		}
		cookie = ++peer->zc_next;
		tx->xprt_cookie = cookie;
		tx->xprt_conn = conn;
		tx->xprt_flags = LTCP_ZC_SENDING;
		tx->xprt_time = jiffies;
		list_add_tail(&tx->link, &peer->zc_txs);
		spin_unlock_bh(&peer->lock);
		m.zc_cookies[0] = cookie;
	}
	lnet_sock_hdr_encode(&m, sh);
	if (tx->payload.len)
		msg.msg_flags |= MSG_MORE;
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, kv, 2, sizeof(sh) + tx->hdr_len);
	rc = ltcp_conn_sendmsg(conn, &msg);
	if (!rc && tx->payload.len) {
		if (zc) {
			rc = ltcp_send_pages(conn, &tx->payload);
		} else {
			msg.msg_flags = MSG_NOSIGNAL;
			lnet_iov_iter(&tx->payload, &msg.msg_iter, ITER_SOURCE);
			rc = ltcp_conn_sendmsg(conn, &msg);
			if (!rc)
				lnetmr_stat_add(peer->trail->xr->stats, LNETMR_STAT_TX_COPY_BYTES,
						tx->payload.len);
		}
	}
	if (!zc)
		return rc;

	spin_lock_bh(&peer->lock);
	flags = tx->xprt_flags;
	tx->xprt_flags &= ~LTCP_ZC_SENDING;
	if (flags & LTCP_ZC_ACKED)
		rc = 0;			/* the peer has it all */
	else if (flags & LTCP_ZC_DETACHED)
		rc = rc ?: -ECONNRESET;
	else if (rc)
		list_del_init(&tx->link);
	else
		rc = LTCP_TX_ZC_PENDING;	/* from here on the ACK completes it */
	spin_unlock_bh(&peer->lock);
	return rc;
}

/* the status for a tx that failed on @conn with @rc */
static int ltcp_conn_tx_error(struct ltcp_conn *conn, int rc)
{
	struct ltcp_peer *peer = conn->peer;

	spin_lock_bh(&peer->lock);
	if (conn->closing && conn->error)
		rc = conn->error;
	spin_unlock_bh(&peer->lock);
	return rc;
}

/* send and complete one tx; nonzero: the connection is broken */
static int ltcp_conn_send_tx(struct ltcp_conn *conn, struct lnet_tx *tx)
{
	int rc;

	/* the receiver reads payload_length bytes: anything else desyncs it */
	if (tx->payload.len != ltcp_hdr_payload_length(tx->hdr) ||
	    tx->payload.len > LNET_MTU || tx->hdr_len > sizeof(tx->hdr)) {
		lnet_tx_complete(tx, -EINVAL);
		return 0;
	}
	rc = ltcp_send_lnet(conn, tx);
	if (rc == LTCP_TX_ZC_PENDING)
		return READ_ONCE(conn->closing) ? -ECONNRESET : 0;
	lnet_tx_complete(tx, rc ? ltcp_conn_tx_error(conn, rc) : 0);
	return rc;
}

static bool ltcp_conn_tx_ready(struct ltcp_conn *conn)
{
	return READ_ONCE(conn->closing) || kthread_should_stop() ||
	       (!READ_ONCE(conn->tx_busy) &&
		(READ_ONCE(conn->nzc_acks) || !list_empty_careful(&conn->txq)));
}

/**
 * lnetmr_tcp_conn_can_send_inline_locked() - may the caller send @tx itself?
 * @conn: the chosen connection, peer->lock held
 * @tx: the message
 *
 * Small messages (less than LTCP_MIN_BULK, so never zero-copy) skip the tx
 * thread's wakeup when nothing is queued before them and the socket has
 * ample room for the whole message, so the send cannot block (a blocked
 * sender could be a receive thread, and two of those
 * waiting on each other would stall both connections).
 */
bool lnetmr_tcp_conn_can_send_inline_locked(struct ltcp_conn *conn, const struct lnet_tx *tx)
{
	return in_task() && !conn->tx_busy && !conn->closing && !conn->nzc_acks &&
	       list_empty(&conn->txq) && tx->payload.len < LTCP_MIN_BULK &&
	       /* room to spare: skb overheads take more than the bytes */
	       sk_stream_wspace(conn->sock->sk) >=
	       4 * (int)(tx->payload.len + SOCKLND_HDR_SIZE + LNET_HDR_MAX_SIZE);
}

/**
 * lnetmr_tcp_conn_send_inline() - send @tx from the caller's context
 * @conn: the connection, on which the caller set tx_busy and took a
 *	reference (both are given up here)
 * @tx: the message
 */
void lnetmr_tcp_conn_send_inline(struct ltcp_conn *conn, struct lnet_tx *tx)
{
	struct ltcp_peer *peer = conn->peer;
	int rc;

	rc = ltcp_conn_send_tx(conn, tx);
	if (!rc)
		WRITE_ONCE(conn->last_tx, jiffies);
	spin_lock_bh(&peer->lock);
	conn->tx_busy = false;
	if (conn->nzc_acks || !list_empty(&conn->txq))
		wake_up(&conn->tx_wait);
	spin_unlock_bh(&peer->lock);
	if (rc)
		lnetmr_tcp_conn_close(conn, rc);
	lnetmr_tcp_conn_put(conn);
}

static int ltcp_tx_thread(void *arg)
{
	struct ltcp_conn *conn = arg;
	struct ltcp_peer *peer = conn->peer;
	int rc = 0;

	WRITE_ONCE(conn->last_tx, jiffies);
	while (!rc) {
		struct lnet_tx *tx = NULL;
		bool zc_ack = false, other = false;
		u64 cookie = 0;
		long idle;

		spin_lock_bh(&peer->lock);
		if (conn->closing) {
			spin_unlock_bh(&peer->lock);
			break;
		}
		if (conn->tx_busy) {
			/* a caller is sending inline; it wakes us when done */
			other = true;
		} else if (conn->nzc_acks) {
			cookie = conn->zc_acks[--conn->nzc_acks];
			zc_ack = true;
			wake_up(&conn->zc_wait);
		} else if (!list_empty(&conn->txq)) {
			tx = list_first_entry(&conn->txq, struct lnet_tx, link);
			list_del_init(&tx->link);
		}
		/* keepalive due: this thread sends it, so it owns the socket */
		idle = (long)(READ_ONCE(conn->last_tx) + LTCP_NOOP_IDLE - jiffies);
		idle = min_t(long, idle, LTCP_IO_POLL);	/* to check zero-copy ACKs */
		if (zc_ack || tx || (!other && idle <= 0))
			conn->tx_busy = true;
		spin_unlock_bh(&peer->lock);

		if (!zc_ack && !tx && (other || idle > 0)) {
			wait_event_interruptible_timeout(conn->tx_wait, ltcp_conn_tx_ready(conn),
							 other ? LTCP_IO_POLL : idle);
			if (kthread_should_stop())
				break;
			if (ltcp_zc_overdue(conn)) {
				/* the peer never acknowledged: the connection is no good */
				rc = -ETIMEDOUT;
				break;
			}
			continue;
		}
		if (tx)
			rc = ltcp_conn_send_tx(conn, tx);
		else
			rc = ltcp_send_noop(conn, zc_ack ? cookie : LTCP_KEEPALIVE_COOKIE);
		if (!rc)
			WRITE_ONCE(conn->last_tx, jiffies);
		spin_lock_bh(&peer->lock);
		conn->tx_busy = false;
		spin_unlock_bh(&peer->lock);
	}
	if (rc)
		lnetmr_tcp_conn_close(conn, rc);
	return 0;
}

/*
 * The peer sent a message zero-copy and wants to hear when it has arrived:
 * queue the ACK for the tx thread, waiting for room if it lags behind.
 */
static int ltcp_conn_queue_zc_ack(struct ltcp_conn *conn, u64 cookie)
{
	struct ltcp_peer *peer = conn->peer;

	for (;;) {
		spin_lock_bh(&peer->lock);
		if (conn->closing) {
			spin_unlock_bh(&peer->lock);
			return -ECONNRESET;
		}
		if (conn->nzc_acks < LTCP_ZC_ACKS_MAX) {
			conn->zc_acks[conn->nzc_acks++] = cookie;
			wake_up(&conn->tx_wait);
			spin_unlock_bh(&peer->lock);
			return 0;
		}
		spin_unlock_bh(&peer->lock);
		wait_event_interruptible_timeout(conn->zc_wait,
						 READ_ONCE(conn->nzc_acks) < LTCP_ZC_ACKS_MAX ||
						 READ_ONCE(conn->closing), LTCP_IO_POLL);
	}
}

/* one LNet message whose header was read: hand it to the core, read payload */
static int ltcp_rx_lnet(struct ltcp_conn *conn, const struct lnet_hdr *hdr)
{
	struct ltcp_peer *peer = conn->peer;
	struct lnet_xprt_rail *xr = peer->trail->xr;
	size_t len = hdr->payload_length;	/* <= LNET_MTU (decoder checked) */
	struct lnet_rx rx = {};
	struct msghdr msg = {};
	size_t mlen;
	int rc;

	rc = lnetmr_rx_begin(xr, peer->nid, hdr, &rx);
	if (rc == -EPROTO) {
		ltcp_stat(xr->stats, LNETMR_STAT_PROTO_ERRORS);
		return rc;
	}
	if (rc) {
		iov_iter_discard(&msg.msg_iter, ITER_DEST, len);
		return ltcp_conn_recvmsg(conn, &msg, false);
	}

	/*
	 * The wire carries payload_length bytes (== rx.rlen): store what the
	 * core asked for and has room for, discard the rest.
	 */
	mlen = min3((size_t)rx.mlen, len, iov_iter_count(&rx.iter));
	msg.msg_iter = rx.iter;
	iov_iter_truncate(&msg.msg_iter, mlen);
	rc = ltcp_conn_recvmsg(conn, &msg, false);
	if (!rc)
		lnetmr_stat_add(xr->stats, LNETMR_STAT_RX_COPY_BYTES, mlen);
	if (!rc && len > mlen) {
		iov_iter_discard(&msg.msg_iter, ITER_DEST, len - mlen);
		rc = ltcp_conn_recvmsg(conn, &msg, false);
	}
	lnetmr_rx_end(&rx, rc);
	return rc;
}

static int ltcp_rx_thread(void *arg)
{
	struct ltcp_conn *conn = arg;
	struct lnet_xprt_rail *xr = conn->peer->trail->xr;
	u8 shbuf[SOCKLND_HDR_SIZE];
	u8 hbuf[LNET_HDR_MAX_SIZE];
	struct lnet_sock_hdr sh;
	struct lnet_hdr hdr;
	int rc;

	for (;;) {
		rc = ltcp_conn_recv_buf(conn, shbuf, sizeof(shbuf), true);
		if (rc)
			break;
		rc = lnet_sock_hdr_decode(shbuf, conn->swab, &sh);
		if (rc) {
			ltcp_stat(xr->stats, LNETMR_STAT_PROTO_ERRORS);
			pr_debug("conn %p: bad socklnd message type %#x\n", conn, sh.type);
			break;
		}
		if (sh.type == SOCKLND_MSG_NOOP) {
			/* a keepalive, or ACKs of messages we sent zero-copy */
			if (sh.zc_cookies[1] &&
			    !(sh.zc_cookies[1] == LTCP_KEEPALIVE_COOKIE && !sh.zc_cookies[0]))
				ltcp_zc_ack(conn->peer, sh.zc_cookies[0], sh.zc_cookies[1]);
			continue;
		}
		/* an LNet message may carry one ACK along */
		if (sh.zc_cookies[1])
			ltcp_zc_ack(conn->peer, 0, sh.zc_cookies[1]);

		rc = ltcp_conn_recv_buf(conn, hbuf, LNET_HDR_SIZE, false);
		if (rc)
			break;
		rc = lnet_hdr_decode(hbuf, &hdr);
		if (rc == LNET_HDR_STRIPE) {
			/* lnetmr's striped message: its extension follows */
			rc = ltcp_conn_recv_buf(conn, hbuf + LNET_HDR_SIZE,
						LNET_STRIPE_EXT_SIZE, false);
			if (rc)
				break;
			rc = lnet_stripe_decode(hbuf, hbuf + LNET_HDR_SIZE, &hdr);
		}
		if (rc) {
			ltcp_stat(xr->stats, LNETMR_STAT_PROTO_ERRORS);
			pr_debug("conn %p: bad LNet header (type %u, payload %u)\n",
				 conn, hdr.type, hdr.payload_length);
			break;
		}
		rc = ltcp_rx_lnet(conn, &hdr);
		if (!rc && sh.zc_cookies[0])
			rc = ltcp_conn_queue_zc_ack(conn, sh.zc_cookies[0]);
		if (rc)
			break;
	}
	lnetmr_tcp_conn_close(conn, rc);
	return 0;
}

/* ---- registration ------------------------------------------------------- */

static int ltcp_conn_threads(struct ltcp_conn *conn)
{
	struct task_struct *task;

	task = kthread_create(ltcp_rx_thread, conn, "lnetmr_tcp_rx");
	if (IS_ERR(task))
		return PTR_ERR(task);
	get_task_struct(task);
	conn->rx_task = task;

	task = kthread_create(ltcp_tx_thread, conn, "lnetmr_tcp_tx");
	if (IS_ERR(task)) {
		kthread_stop(conn->rx_task);	/* never ran: exits at once */
		return PTR_ERR(task);
	}
	get_task_struct(task);
	conn->tx_task = task;
	return 0;
}

/*
 * Add a handshaken connection to its peer and start it.  A new incarnation
 * means the peer restarted: its older connections are closed and the core
 * is told.  The caller keeps its own reference.
 */
static int ltcp_conn_register(struct ltcp_conn *conn)
{
	struct ltcp_peer *peer = conn->peer;
	struct ltcp_rail *trail = peer->trail;
	struct ltcp_conn *old, *tmp;
	bool restarted = false, learned = false;
	LIST_HEAD(stale);
	LIST_HEAD(txs);
	int rc;

	lnetmr_tcp_sock_timeouts(conn->sock, LTCP_IO_POLL, LTCP_IO_POLL);
	rc = ltcp_conn_threads(conn);
	if (rc)
		return rc;

	spin_lock_bh(&peer->lock);
	if (peer->connecting_conn == conn)
		peer->connecting_conn = NULL;
	if (READ_ONCE(trail->stopping)) {
		spin_unlock_bh(&peer->lock);
		/* neither thread was woken: both exit without running */
		kthread_stop(conn->rx_task);
		kthread_stop(conn->tx_task);
		return -ENETDOWN;
	}
	if (conn->incarnation != peer->incarnation) {
		restarted = peer->incarnation != 0;
		learned = true;
		peer->incarnation = conn->incarnation;
	}
	if (restarted) {
		/* the older connections lead to the previous instance */
		list_for_each_entry_safe(old, tmp, &peer->conns, link)
			if (lnetmr_tcp_conn_detach_locked(old, -ECONNRESET, &txs))
				list_add_tail(&old->link, &stale);
	}
	conn->registered = true;
	kref_get(&conn->ref);	/* registration reference, dropped by the reap work */
	list_add_tail(&conn->link, &peer->conns);
	lnetmr_tcp_peer_dispatch_locked(peer);
	spin_unlock_bh(&peer->lock);
	trace_lnetmr_conn(trail->xr, "tcp", peer->nid, ltcp_conn_type_name(conn->type), true, 0);

	list_for_each_entry_safe(old, tmp, &stale, link) {
		list_del_init(&old->link);
		lnetmr_tcp_conn_shutdown(old);
	}
	lnetmr_tcp_txs_complete(&txs, -ECONNRESET);
	if (restarted)
		pr_debug("peer %#llx restarted (incarnation %#llx)\n", peer->nid,
			 conn->incarnation);
	/* the core keeps the incarnation too, and tells a restart on its own */
	if (learned)
		lnetmr_peer_incarnation(trail->xr, peer->nid, conn->incarnation);
	wake_up_process(conn->rx_task);
	wake_up_process(conn->tx_task);
	return 0;
}

/* ---- passive side ------------------------------------------------------- */

/*
 * Does a hello claiming @nid come from that NID's address?  socklnd
 * connects from the address of the NI its hello names (as we do), so a
 * peer can only speak for its own NIDs: the privileged port says the
 * connector is root on its host, the address says which host (stock
 * LNet's trust model).
 */
static bool ltcp_hello_from_its_nid(struct socket *sock, lnet_nid_t nid)
{
	struct sockaddr_in sin = {};

	return kernel_getpeername(sock, (struct sockaddr *)&sin) >= 0 &&
	       sin.sin_family == AF_INET &&
	       sin.sin_addr.s_addr == htonl(lnet_nid_addr(nid));
}

/**
 * lnetmr_tcp_conn_accept() - socklnd hello exchange of an accepted socket
 * @trail: the rail the connector asked for
 * @sock: the socket, right after the acceptor request
 * @deadline: when to give up, in jiffies
 * @connp: the new, not yet registered connection
 *
 * Reads and checks the peer's hello and answers it.  On success the
 * connection owns @sock; hand it to lnetmr_tcp_conn_start().  On failure
 * the caller still owns @sock; the failure is counted.
 *
 * Return: 0 or a negative errno.
 */
int lnetmr_tcp_conn_accept(struct ltcp_rail *trail, struct socket *sock,
			   unsigned long deadline, struct ltcp_conn **connp)
{
	struct lnet_xprt_rail *xr = trail->xr;
	struct lnet_sock_hello hello = {}, reply;
	u8 buf[SOCKLND_HELLO_MAX_SIZE];
	struct ltcp_peer *peer;
	struct ltcp_conn *conn;
	bool swab;
	int rc;

	rc = ltcp_recv_hello(sock, deadline, &hello, &swab);
	if (rc)
		goto proto_error;
	if (!ltcp_hello_from_its_nid(sock, hello.src_nid)) {
		/* a NID claimed from another address: nothing is created for it */
		pr_debug("hello from %#llx on %s: not from that NID's address\n",
			 hello.src_nid, xr->ifname);
		ltcp_stat(xr->stats, LNETMR_STAT_CONNS_REFUSED);
		return -EACCES;
	}
	if ((hello.conn_type != SOCKLND_CONN_CONTROL &&
	     hello.conn_type != SOCKLND_CONN_BULK_IN &&
	     hello.conn_type != SOCKLND_CONN_BULK_OUT) ||
	    hello.dst_nid != xr->nid ||
	    lnet_nid_net(hello.src_nid) != lnet_nid_net(xr->nid)) {
		rc = -EPROTO;
		goto proto_error;
	}

	peer = lnetmr_tcp_peer_get(trail, hello.src_nid);
	if (!peer) {
		ltcp_stat(xr->stats, LNETMR_STAT_CONNS_REFUSED);
		return -ENOMEM;
	}

	reply = (struct lnet_sock_hello) {
		.version = SOCKLND_PROTO_V3,
		.src_nid = xr->nid,
		.dst_nid = hello.src_nid,
		.src_pid = LNET_PID_LUSTRE,
		.dst_pid = hello.src_pid,
		.src_incarnation = lnetmr_xprt_incarnation(xr->xnode),
		.dst_incarnation = hello.src_incarnation,
		.conn_type = ltcp_conn_type_peer(hello.conn_type),
	};
	rc = lnet_sock_hello_encode(&reply, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	rc = ltcp_send_deadline(sock, buf, rc, deadline);
	if (rc)
		goto proto_error;

	conn = ltcp_conn_alloc(peer, sock, ltcp_conn_type_peer(hello.conn_type));
	if (!conn) {
		ltcp_stat(xr->stats, LNETMR_STAT_CONNS_REFUSED);
		return -ENOMEM;
	}
	conn->swab = swab;
	conn->incarnation = hello.src_incarnation;
	*connp = conn;
	return 0;

proto_error:
	/* bad bytes, truncated or too slow: all the connector's fault */
	pr_debug("hello from %#llx on %s failed: %d\n", hello.src_nid, xr->ifname, rc);
	ltcp_stat(xr->stats, LNETMR_STAT_PROTO_ERRORS);
	return rc;
}

/**
 * lnetmr_tcp_conn_start() - register an accepted connection and start it
 * @conn: from lnetmr_tcp_conn_accept(); its reference is consumed
 */
void lnetmr_tcp_conn_start(struct ltcp_conn *conn)
{
	struct lnet_xprt_rail *xr = conn->peer->trail->xr;

	if (ltcp_conn_register(conn))
		ltcp_stat(xr->stats, LNETMR_STAT_CONNS_REFUSED);
	else
		ltcp_stat(xr->stats, LNETMR_STAT_CONNS_ACCEPTED);
	lnetmr_tcp_conn_put(conn);
}

/* ---- active side -------------------------------------------------------- */

static void ltcp_conn_unpublish(struct ltcp_conn *conn)
{
	struct ltcp_peer *peer = conn->peer;

	spin_lock_bh(&peer->lock);
	if (peer->connecting_conn == conn)
		peer->connecting_conn = NULL;
	spin_unlock_bh(&peer->lock);
}

/*
 * Connect from local port @port.  Return: 0 with *@connp connected and
 * published as peer->connecting_conn, -EAGAIN to try another port, or an
 * error.
 */
static int ltcp_connect_port(struct ltcp_peer *peer, u32 type, u16 port,
			     struct ltcp_conn **connp)
{
	struct ltcp_rail *trail = peer->trail;
	struct lnet_xprt_rail *xr = trail->xr;
	struct sockaddr_in src = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = xr->addr,
	};
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_port = htons(LNET_ACCEPTOR_PORT),
		.sin_addr.s_addr = htonl(lnet_nid_addr(peer->nid)),
	};
	struct ltcp_conn *conn;
	struct socket *sock;
	bool stopping;
	int rc;

	rc = sock_create_kern(xr->xnode->net, PF_INET, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (rc)
		return rc;
	lnetmr_tcp_sock_setup(sock);
	sock_set_reuseaddr(sock->sk);
	rc = kernel_bind(sock, lnetmr_sockaddr(&src), sizeof(src));
	if (rc) {
		sock_release(sock);
		return rc == -EADDRINUSE ? -EAGAIN : rc;
	}
	conn = ltcp_conn_alloc(peer, sock, type);
	if (!conn) {
		sock_release(sock);
		return -ENOMEM;
	}

	/* published so that rail_stop can abort a connect or handshake */
	spin_lock_bh(&peer->lock);
	stopping = READ_ONCE(trail->stopping);
	if (!stopping)
		peer->connecting_conn = conn;
	spin_unlock_bh(&peer->lock);
	if (stopping) {
		rc = -ENETDOWN;
		goto put_conn;
	}

	lnetmr_tcp_sock_timeouts(sock, LTCP_CONNECT_TIMEOUT, LTCP_CONNECT_TIMEOUT);
	rc = kernel_connect(sock, lnetmr_sockaddr(&dst), sizeof(dst), 0);
	if (!rc) {
		*connp = conn;
		return 0;
	}
	if (rc == -EINPROGRESS)		/* sndtimeo expired */
		rc = -ETIMEDOUT;
	else if (rc == -EADDRINUSE || rc == -EADDRNOTAVAIL)
		rc = -EAGAIN;		/* that 4-tuple is taken */
	ltcp_conn_unpublish(conn);
put_conn:
	lnetmr_tcp_conn_put(conn);
	return rc;
}

/**
 * lnetmr_tcp_conn_connect() - open one connection to a peer
 * @peer: the peer
 * @type: SOCKLND_CONN_CONTROL, _BULK_IN or _BULK_OUT (our point of view)
 *
 * Binds the rail's address and a privileged port (1023 down to 512),
 * connects to the peer's port 988, sends the acceptor request and our hello
 * and checks the answer, then registers the connection.  Runs in the peer's
 * connect work; may sleep for up to LTCP_CONNECT_TIMEOUT +
 * LTCP_HANDSHAKE_TIMEOUT.
 *
 * Return: 0; -EALREADY if the peer answered with connection type NONE
 * (refused, e.g. it lost a connection race); -EPROTO for a bad answer
 * (counted); or the socket error (-ECONNREFUSED, -ETIMEDOUT, ...).
 */
int lnetmr_tcp_conn_connect(struct ltcp_peer *peer, u32 type)
{
	struct ltcp_rail *trail = peer->trail;
	struct lnet_xprt_rail *xr = trail->xr;
	struct lnet_acceptor_req req = {
		.version = LNET_ACCEPTOR_VERSION,
		.nid = peer->nid,
	};
	struct lnet_sock_hello hello = {
		.version = SOCKLND_PROTO_V3,
		.src_nid = xr->nid,
		.dst_nid = peer->nid,
		.src_pid = LNET_PID_LUSTRE,
		.src_incarnation = lnetmr_xprt_incarnation(xr->xnode),
		.conn_type = type,
	};
	u8 buf[LNET_ACCEPTOR_REQ_SIZE + SOCKLND_HELLO_MAX_SIZE];
	struct ltcp_conn *conn = NULL;
	unsigned long deadline;
	int port, rc = -EAGAIN;
	bool swab;

	for (port = LTCP_PORT_HI; port >= LTCP_PORT_LO && rc == -EAGAIN; port--)
		rc = ltcp_connect_port(peer, type, port, &conn);
	if (rc == -EAGAIN)
		rc = -EADDRINUSE;
	if (rc)
		return rc;

	deadline = jiffies + LTCP_HANDSHAKE_TIMEOUT;
	lnet_acceptor_req_encode(&req, buf);
	rc = lnet_sock_hello_encode(&hello, buf + LNET_ACCEPTOR_REQ_SIZE,
				    sizeof(buf) - LNET_ACCEPTOR_REQ_SIZE);
	if (rc < 0)
		goto put_conn;
	rc = ltcp_send_deadline(conn->sock, buf, LNET_ACCEPTOR_REQ_SIZE + rc, deadline);
	if (rc)
		goto put_conn;

	rc = ltcp_recv_hello(conn->sock, deadline, &hello, &swab);
	if (rc)
		goto check_proto;
	if (hello.conn_type == SOCKLND_CONN_NONE) {
		rc = -EALREADY;
		goto put_conn;
	}
	if (hello.src_nid != peer->nid || hello.dst_nid != xr->nid ||
	    hello.conn_type != ltcp_conn_type_peer(type)) {
		rc = -EPROTO;
		goto check_proto;
	}
	conn->swab = swab;
	conn->incarnation = hello.src_incarnation;

	rc = ltcp_conn_register(conn);
	if (rc)
		goto put_conn;
	ltcp_stat(xr->stats, LNETMR_STAT_CONNS_OPENED);
	lnetmr_tcp_conn_put(conn);
	return 0;

check_proto:
	if (rc == -EPROTO) {
		pr_debug("bad hello answer from %#llx on %s\n", peer->nid, xr->ifname);
		ltcp_stat(xr->stats, LNETMR_STAT_PROTO_ERRORS);
	}
put_conn:
	ltcp_conn_unpublish(conn);
	lnetmr_tcp_conn_put(conn);
	return rc;
}

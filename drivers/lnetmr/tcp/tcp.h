/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr TCP transport: private declarations.
 *
 * The transport speaks Lustre's socklnd protocol (v3, IPv4): an acceptor
 * request and a hello exchange open each connection, then every message is a
 * 24-byte socklnd header, the 72-byte LNet header and the payload.
 *
 * Objects (each one's kernel-doc below says who owns it):
 *   ltcp_node  per node (network namespace): listening socket, acceptor
 *              thread, passive handshakes in progress (acceptor.c)
 *   ltcp_rail  per rail: the peer table and a workqueue (transport.c)
 *   ltcp_peer  per (rail, peer NID): connections, txs waiting for one, the
 *              peer's incarnation (transport.c)
 *   ltcp_conn  one TCP connection with its rx and tx threads (conn.c)
 *
 * Threads and work items:
 *   - acceptor kthread (one per node): accept, check the source port, hand
 *     the socket to a handshake work item on the node's workqueue;
 *   - handshake work (node workqueue): acceptor request and hello, bounded
 *     by LTCP_HANDSHAKE_TIMEOUT, then the connection is registered;
 *   - connect work (rail workqueue, one per peer, never concurrent with
 *     itself): opens the missing CONTROL / BULK_IN / BULK_OUT connections;
 *   - rx and tx kthreads (two per connection): blocking socket I/O;
 *   - reap work (rail workqueue, one per connection): stops the threads of a
 *     closed connection and frees it;
 *   - orphan work (rail workqueue): completes txs ->send() could not queue.
 * Stopping a rail destroys its workqueue, which waits for all of its connect
 * and reap work, and so for every connection thread of the rail.
 *
 * Locks, outermost first (none is held while calling into the core or while
 * sleeping on the network, except ltcp_node.lock around socket shutdowns):
 *   ltcp_node.lock  mutex
 *   ltcp_rail.lock  spinlock, BH-safe (taken by ->send() and by the threads)
 *   ltcp_peer.lock  spinlock, BH-safe; never nested with ltcp_rail.lock
 */
#ifndef _LNETMR_TCP_H
#define _LNETMR_TCP_H

#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "kcompat.h"
#include "transport.h"
#include "wire.h"
#include "wire_sock.h"

#define LTCP_PORT_HI		1023	/* privileged source ports, tried downwards */
#define LTCP_PORT_LO		512
#define LTCP_PORT_SECURE	1024	/* accepted source ports are below this */
#define LTCP_BACKLOG		128
#define LTCP_MAX_HANDSHAKES	64	/* passive handshakes in progress per node */

#define LTCP_HANDSHAKE_TIMEOUT	(5 * HZ)	/* acceptor request + hellos */
#define LTCP_CONNECT_TIMEOUT	(5 * HZ)	/* TCP connect */
/* established sockets' rcv/snd timeo: how often stalls are looked for */
#define LTCP_IO_POLL		(HZ / 4)
#define LTCP_NOOP_IDLE		(30 * HZ)	/* tx idleness before a keepalive NOOP */
#define LTCP_RETRY_INTERVAL	(5 * HZ)	/* before reopening a missing conn type */
#define LTCP_ACCEPT_POLL	HZ		/* acceptor wakes to check for stop */

#define LTCP_KEEPALIVE_IDLE	30	/* TCP keepalive, seconds */
#define LTCP_KEEPALIVE_INTVL	5
#define LTCP_KEEPALIVE_CNT	5

#define LTCP_MIN_BULK		1024	/* payloads this big go on BULK_OUT */
#define LTCP_KEEPALIVE_COOKIE	1ULL	/* zc_cookies[1] of a keepalive NOOP */
#define LTCP_ZC_ACKS_MAX	32	/* zero-copy ACKs waiting to be sent */
#define LTCP_ZC_MIN		(16 * 1024)	/* page payloads this big go zero copy */
#define LTCP_TX_ZC_PENDING	1	/* sent zero-copy; the peer's ACK completes it */

/* tx->xprt_flags of a zero-copy tx on peer->zc_txs */
#define LTCP_ZC_SENDING		BIT(0)	/* its sender still writes it: it completes it */
#define LTCP_ZC_ACKED		BIT(1)	/* acknowledged while being sent */
#define LTCP_ZC_DETACHED	BIT(2)	/* its connection closed while being sent */
#define LTCP_PEER_HASH_BITS	6

/**
 * struct ltcp_node - TCP transport state of one node (xnode->priv)
 * @xnode: the node
 * @lsock: listening socket, INADDR_ANY:988 in the node's namespace
 * @acceptor: the accept kthread (we hold a task reference)
 * @wq: runs passive handshakes
 * @lock: protects @handshakes, @nhandshakes, @rails and @stopping, and
 *	keeps the sockets of @handshakes alive while it is held
 * @handshakes: passive handshakes in progress (&struct ltcp_handshake)
 * @nhandshakes: entries in @handshakes
 * @rails: started rails (&struct ltcp_rail), for passive lookups
 * @stopping: set by node_stop; no new handshakes are queued
 *
 * Created by node_start, freed by node_stop after the acceptor and every
 * handshake have finished.
 */
struct ltcp_node {
	struct lnet_xprt_node *xnode;
	struct socket *lsock;
	struct task_struct *acceptor;
	struct workqueue_struct *wq;
	struct mutex lock;	/* protects the lists and @stopping, see above */
	struct list_head handshakes;
	unsigned int nhandshakes;
	struct list_head rails;
	bool stopping;
};

/**
 * struct ltcp_rail - TCP transport state of one rail (xr->priv)
 * @rail: the rail
 * @tnode: the node's state; NULL once node_stop detached the rail
 * @link: in @tnode->rails, under @tnode->lock
 * @wq: runs this rail's connect, reap and orphan work
 * @lock: protects @peers (membership), @stopping, @busy and @orphans
 * @peers: &struct ltcp_peer by NID; peers live until rail_stop
 * @stopping: set once by rail_stop; read locklessly as a hint
 * @busy: passive handshakes working on this rail (see acceptor.c)
 * @idle_wait: rail_stop waits here for @busy to drop to 0
 * @orphans: txs to complete with their ->status (could not be queued)
 * @orphan_work: completes @orphans
 *
 * Created by rail_start, freed by rail_stop.
 */
struct ltcp_rail {
	struct lnet_xprt_rail *xr;
	struct ltcp_node *tnode;
	struct list_head link;
	struct workqueue_struct *wq;
	spinlock_t lock;	/* protects peers, stopping, busy, orphans */
	DECLARE_HASHTABLE(peers, LTCP_PEER_HASH_BITS);
	bool stopping;
	unsigned int busy;
	wait_queue_head_t idle_wait;
	struct list_head orphans;
	struct work_struct orphan_work;
};

/**
 * struct ltcp_peer - a peer NID as seen from one rail
 * @hnode: in trail->peers
 * @trail: the rail
 * @nid: the peer's NID
 * @lock: protects every field below
 * @conns: established, not closing connections (&struct ltcp_conn)
 * @txq: txs waiting for a first connection
 * @connecting_conn: the active connection being set up, if any (so that
 *	rail_stop can abort it); a reference is taken to use it unlocked
 * @zc_txs: txs sent without copying, waiting for the peer's zero-copy
 *	ACK (a NOOP echoing their cookie, on any connection) before they
 *	complete; each names its connection in xprt_conn
 * @zc_next: the last zero-copy cookie used
 * @incarnation: the peer's incarnation from its last hello, 0 if unknown
 * @connecting: @connect_work is queued or running
 * @retry_after: jiffies before which a missing connection type is not
 *	retried while other connections exist
 * @connect_work: opens the missing connections
 *
 * Created on first use by ->send() or a passive handshake; freed only by
 * rail_stop, after the rail's workqueue is gone, so no reference counting
 * is needed: everything that uses a peer is bounded by the rail's life.
 */
struct ltcp_peer {
	struct hlist_node hnode;
	struct ltcp_rail *trail;
	lnet_nid_t nid;
	spinlock_t lock;	/* protects the fields below */
	struct list_head conns;
	struct list_head txq;
	struct ltcp_conn *connecting_conn;
	struct list_head zc_txs;
	u64 zc_next;
	u64 incarnation;
	bool connecting;
	unsigned long retry_after;
	struct work_struct connect_work;
};

/**
 * struct ltcp_conn - one socklnd connection
 * @ref: references; the creator holds one until it is done, a registered
 *	connection holds one more that its reap work drops
 * @peer: the peer it connects to (outlives it)
 * @sock: the socket, released with the last reference
 * @link: in peer->conns while registered and not closing (under peer->lock)
 * @type: connection type from OUR point of view (BULK_OUT: we send bulk)
 * @swab: the peer's byte order differs from ours
 * @incarnation: the peer's incarnation from the hello
 * @registered: was added to peer->conns (so a close must reap it)
 * @closing: set once, under peer->lock, by whoever closes it
 * @error: why it was closed, for txs in flight
 * @tx_busy: a sender (the tx thread, or a caller sending inline) owns the
 *	socket's send side (under peer->lock)
 * @txq: txs to send (under peer->lock)
 * @zc_acks: zero-copy cookies to acknowledge (under peer->lock)
 * @nzc_acks: entries in @zc_acks
 * @tx_wait: the tx thread waits here for work
 * @zc_wait: the rx thread waits here for room in @zc_acks
 * @last_tx: jiffies of the last send (written by whoever holds @tx_busy)
 * @acked_seq: the socket's snd_una when the tx thread last looked (tx
 *	thread only)
 * @acked_time: jiffies when the tx thread saw @acked_seq move: the last
 *	sign that the peer takes our bytes (tx thread only)
 * @rx_task: the rx kthread (task reference held)
 * @tx_task: the tx kthread (task reference held)
 * @reap_work: stops the threads and drops the registration reference
 *
 * The rx and tx threads run without references of their own: the reap work
 * stops them before it drops the registration reference.
 */
struct ltcp_conn {
	struct kref ref;
	struct ltcp_peer *peer;
	struct socket *sock;
	struct list_head link;
	u32 type;
	bool swab;
	u64 incarnation;
	bool registered;
	bool closing;
	int error;
	bool tx_busy;
	struct list_head txq;
	u64 zc_acks[LTCP_ZC_ACKS_MAX];
	unsigned int nzc_acks;
	wait_queue_head_t tx_wait;
	wait_queue_head_t zc_wait;
	unsigned long last_tx;
	u32 acked_seq;
	unsigned long acked_time;
	struct task_struct *rx_task;
	struct task_struct *tx_task;
	struct work_struct reap_work;
};

/*
 * No progress within a message, or no zero-copy ACK and no byte
 * acknowledged by the peer's TCP, for this long: the connection is dead
 * (-ETIMEDOUT).  The node's timeout setting, so that a
 * rail that silently drops everything is noticed as soon as an unanswered
 * request would be.
 */
static inline unsigned long ltcp_io_timeout(const struct ltcp_peer *peer)
{
	return msecs_to_jiffies(lnetmr_xprt_timeout_ms(peer->trail->xr->xnode));
}

/* the connection type the other side uses for a connection of @type */
static inline u32 ltcp_conn_type_peer(u32 type)
{
	if (type == SOCKLND_CONN_BULK_IN)
		return SOCKLND_CONN_BULK_OUT;
	if (type == SOCKLND_CONN_BULK_OUT)
		return SOCKLND_CONN_BULK_IN;
	return type;
}

/* a connection type's name, for the trace */
static inline const char *ltcp_conn_type_name(u32 type)
{
	switch (type) {
	case SOCKLND_CONN_CONTROL:
		return "control";
	case SOCKLND_CONN_BULK_IN:
		return "bulk-in";
	case SOCKLND_CONN_BULK_OUT:
		return "bulk-out";
	default:
		return "any";
	}
}

static inline void ltcp_stat(struct lnetmr_stats *stats, enum lnetmr_stat id)
{
	lnetmr_stat_add(stats, id, 1);
}

/* conn.c: sending from the caller's context */
bool lnetmr_tcp_conn_can_send_inline_locked(struct ltcp_conn *conn, const struct lnet_tx *tx);
void lnetmr_tcp_conn_send_inline(struct ltcp_conn *conn, struct lnet_tx *tx);

/* acceptor.c */
int lnetmr_tcp_node_start(struct lnet_xprt_node *xnode);
void lnetmr_tcp_node_stop(struct lnet_xprt_node *xnode);
int lnetmr_tcp_node_rail_attach(struct ltcp_rail *trail);
void lnetmr_tcp_node_rail_detach(struct ltcp_rail *trail);

/* transport.c */
struct ltcp_peer *lnetmr_tcp_peer_get(struct ltcp_rail *trail, lnet_nid_t nid);
void lnetmr_tcp_peer_dispatch_locked(struct ltcp_peer *peer);
void lnetmr_tcp_txs_complete(struct list_head *txs, int status);

/* conn.c */
void lnetmr_tcp_sock_setup(struct socket *sock);
void lnetmr_tcp_sock_timeouts(struct socket *sock, long rcvtimeo, long sndtimeo);
int lnetmr_tcp_recv(struct socket *sock, void *buf, size_t len, unsigned long deadline);
int lnetmr_tcp_conn_accept(struct ltcp_rail *trail, struct socket *sock,
			   unsigned long deadline, struct ltcp_conn **connp);
void lnetmr_tcp_conn_start(struct ltcp_conn *conn);
int lnetmr_tcp_conn_connect(struct ltcp_peer *peer, u32 type);
void lnetmr_tcp_conn_close(struct ltcp_conn *conn, int error);
bool lnetmr_tcp_conn_detach_locked(struct ltcp_conn *conn, int error,
				   struct list_head *txs);
void lnetmr_tcp_conn_shutdown(struct ltcp_conn *conn);
void lnetmr_tcp_conn_put(struct ltcp_conn *conn);

#endif /* _LNETMR_TCP_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr RDMA transport: private declarations.
 *
 * The transport speaks Lustre's o2iblnd protocol (version 2) over RC queue
 * pairs set up with rdma_cm on port 987, as a stock ko2iblnd does (see
 * ../shared/specs/lnet-wire.md, section o2iblnd): small messages go as
 * IMMEDIATE sends, bulk by RDMA WRITE into the receiver's memory, which it
 * registers with fast registration (FRWR) for the one transfer.
 *
 * Objects (each one's kernel-doc below says who owns it):
 *   lo2ib_node  per node where the transport runs: its rails (transport.c)
 *   lo2ib_rail  per rail: the RDMA device and port, a protection domain,
 *               the listener and the peer table (transport.c)
 *   lo2ib_peer  per (rail, peer NID): its connection (transport.c)
 *   lo2ib_conn  one RC connection: QP, CQ, receive buffers, credits,
 *               queues, memory regions (conn.c; messages in msg.c)
 *   lo2ib_tx    one message we send, with the RDMA WRITEs and the
 *               registration it carries (msg.c)
 *   lo2ib_sink  memory registered for the peer to write to (mr.c)
 *
 * Contexts: everything runs in process context.  Completions are polled
 * from the core's completion workqueue (ib_alloc_cq, IB_POLL_WORKQUEUE) and
 * rdma_cm calls its handlers from its own workqueue, so both may call into
 * lnetmr, which may send from within (lnet/transport.h).  Connection
 * teardown runs on the rail's workqueue, never in a handler.
 *
 * Locks, outermost first; none is held while calling into lnetmr:
 *   lo2ib_devs_lock  mutex: the started rails, by device (transport.c)
 *   lo2ib_rail.lock  spinlock: the peer table, each peer's state
 *   lo2ib_conn.lock  spinlock: a connection's state, credits, queues and
 *                    cookie tables; ib_post_send() and ib_post_recv() run
 *                    under it so that credits go out in order
 */
#ifndef _LNETMR_O2IB_H
#define _LNETMR_O2IB_H

#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <rdma/ib_verbs.h>
#include <rdma/rdma_cm.h>

#include "kcompat.h"
#include "transport.h"
#include "wire.h"
#include "wire_o2ib.h"

#define LO2IB_PORT		987	/* rdma_cm port (service id 0x10603db) */
#define LO2IB_PORT_HI		1023	/* privileged source ports, tried downwards */
#define LO2IB_PORT_LO		512
#define LO2IB_PORT_SECURE	1024	/* accepted source ports are below this */
#define LO2IB_BACKLOG		256

/* our peer_credits: the queue depth we ask for and accept at most */
#define LO2IB_QUEUE_DEPTH	8
#define LO2IB_MAX_FRAGS		O2IB_MAX_RDMA_FRAGS
/* receive buffers: the peer's credited messages, answers to ours, 2 NOOPs */
#define LO2IB_RX_BUFS(qd)	(2 * (qd) + 2)
/* NOOPs in flight at most (they cost no credit in version 2) */
#define LO2IB_MAX_NOOPS		2
/* scatter/gather entries of one RDMA WRITE */
#define LO2IB_MAX_SGE		16

#define LO2IB_RESOLVE_TIMEOUT_MS	5000	/* address and route resolution */
/* address resolution asks this often, so many times */
#define LO2IB_RESOLVE_STEP_MS	250
#define LO2IB_RESOLVE_TRIES	(LO2IB_RESOLVE_TIMEOUT_MS / LO2IB_RESOLVE_STEP_MS)
#define LO2IB_CONNECT_TIMEOUT	(12 * HZ)	/* a connection to be established */
#define LO2IB_RETRY_INTERVAL	(1 * HZ)	/* before connecting again */
#define LO2IB_MAX_CONNECT_TRIES	4	/* rejects that ask to try again */
#define LO2IB_KEEPALIVE		(100 * HZ)	/* a NOOP after this long without a send */
#define LO2IB_PEER_HASH_BITS	6
#define LO2IB_REAP_INTERVAL	HZ	/* namespaces that only we hold are looked for */
/* a request or sink unanswered for this many timeouts closes its connection */
#define LO2IB_MAX_WAIT_TIMEOUTS	10

struct lo2ib_conn;

/**
 * struct lo2ib_node - the transport on one node (xnode->priv)
 * @xnode: the node
 * @link: in lo2ib_nodes, under lo2ib_devs_lock
 * @rails: started rails (&struct lo2ib_rail.node_link), under lo2ib_devs_lock
 * @ids: rdma_cm ids alive in the node's namespace; each holds a
 *	reference on the namespace (see lo2ib_id_create())
 * @ids_seq: bumped around each change of @ids, so that a reader can tell
 *	it read the namespace's references while nothing changed
 * @orphan_ticks: consecutive looks at which only our ids held the namespace
 *
 * Created by node_start, freed by node_stop.
 */
struct lo2ib_node {
	struct lnet_xprt_node *xnode;
	struct list_head link;
	struct list_head rails;
	atomic_t ids;
	atomic_t ids_seq;
	unsigned int orphan_ticks;
};

/**
 * struct lo2ib_rail - the transport on one rail (xr->priv)
 * @xr: the rail
 * @onode: its node's transport state
 * @node_link: in @onode->rails, under lo2ib_devs_lock
 * @device: the RDMA device of the rail's interface
 * @port: its port
 * @pd: the protection domain every connection of the rail uses
 * @listener: the rdma_cm id listening on the rail's address, port 987
 * @wq: connection setup and teardown
 * @event_handler: port state changes of @device
 * @lock: protects @peers, @getreqs, @stopping, @dead and every peer's
 *	fields
 * @peers: &struct lo2ib_peer by NID
 * @getreqs: peers' GETs whose REPLY lnetmr has not sent yet
 *	(&struct lo2ib_getreq): lnetmr holds a pointer to each until it
 *	hands the REPLY over (or never will: the rail stopped), so they live
 *	until then, whatever their connection does
 * @stopping: set once by rail_stop: no connection is made any more
 * @dead: the device went away (ib_client remove): the rail only waits for
 *	lnetmr to remove it; sends fail
 * @nconns: connections that exist (set up, up or being torn down)
 * @idle: woken when @nconns drops to 0
 * @max_sge: scatter/gather entries an RDMA WRITE may use on @device
 * @max_qp_wr: work requests a queue of @device may hold
 * @max_fr_pages: pages a fast-registration region of @device may map
 *
 * Created by rail_start, freed by rail_stop.
 */
struct lo2ib_rail {
	struct lnet_xprt_rail *xr;
	struct lo2ib_node *onode;
	struct list_head node_link;
	struct ib_device *device;
	u32 port;
	struct ib_pd *pd;
	struct rdma_cm_id *listener;
	struct workqueue_struct *wq;
	struct ib_event_handler event_handler;
	spinlock_t lock;	/* peers, getreqs, stopping, dead, peers' fields */
	DECLARE_HASHTABLE(peers, LO2IB_PEER_HASH_BITS);
	struct list_head getreqs;
	bool stopping;
	bool dead;
	atomic_t nconns;
	wait_queue_head_t idle;
	u32 max_sge;
	u32 max_qp_wr;
	u32 max_fr_pages;
};

/**
 * struct lo2ib_peer - a peer NID as seen from one rail
 * @hnode: in orail->peers
 * @orail: the rail
 * @nid: the peer's NID
 * @conn: the established connection, referenced, or NULL
 * @connecting: a connection being set up (either side), referenced, or NULL
 * @txq: lnetmr's txs waiting for a connection (&struct lnet_tx.link)
 * @incarnation: the peer's incarnation, 0 if unknown
 * @queue_depth: the queue depth to ask for (lowered by a peer's reject)
 * @max_frags: the RDMA fragments to announce (likewise)
 * @tries: connection attempts asked again by rejects, for @connecting
 * @retry_after: jiffies before which no new connection is tried after a
 *	failed one
 * @wait_race: we lost a connection race: the peer's connection is coming
 *	(until @retry_work runs)
 * @retry_work: connects after a lost race if the peer's connection did
 *	not come
 *
 * Under orail->lock.  Created on first use; freed by rail_stop, after
 * every connection is gone, so it needs no reference count.
 */
struct lo2ib_peer {
	struct hlist_node hnode;
	struct lo2ib_rail *orail;
	lnet_nid_t nid;
	struct lo2ib_conn *conn;
	struct lo2ib_conn *connecting;
	struct list_head txq;
	u64 incarnation;
	u16 queue_depth;
	u16 max_frags;
	unsigned int tries;
	unsigned long retry_after;
	bool wait_race;
	struct delayed_work retry_work;
};

/**
 * enum lo2ib_conn_state - where a connection is
 * @LO2IB_CONN_CONNECTING: being set up (addresses, route, CM exchange)
 * @LO2IB_CONN_ESTABLISHED: carrying messages
 * @LO2IB_CONN_CLOSING: closed; its teardown is queued or running
 */
enum lo2ib_conn_state {
	LO2IB_CONN_CONNECTING,
	LO2IB_CONN_ESTABLISHED,
	LO2IB_CONN_CLOSING,
};

/**
 * struct lo2ib_rx - one receive buffer of a connection
 * @cqe: its completion
 * @conn: the connection
 * @buf: O2IB_MSG_SIZE bytes
 * @dma: @buf's DMA address
 * @len: bytes received, while it waits in @conn->early_rxs
 * @early_link: in @conn->early_rxs
 */
struct lo2ib_rx {
	struct ib_cqe cqe;
	struct lo2ib_conn *conn;
	u8 *buf;
	u64 dma;
	u32 len;
	struct list_head early_link;
};

/**
 * struct lo2ib_conn - one o2iblnd connection (an RC queue pair)
 * @ref: references: its peer's pointer to it (peer->conn or
 *	peer->connecting: whoever clears the pointer drops it), its cm id's
 *	context (dropped once the id is destroyed), a queued teardown, and
 *	users that drop the rail's lock
 * @peer: its peer (outlives it)
 * @orail: its rail
 * @cm_id: its rdma_cm id (ours to destroy)
 * @cq: send and receive completions
 * @qp: the queue pair (@cm_id->qp)
 * @active: we asked for it
 * @retry: a reject asked to ask again (active side)
 * @port: the source port of an active connection
 * @resolve_tries: address resolutions it asked for
 * @state: &enum lo2ib_conn_state (changes under @lock)
 * @setup_lock: serializes the queue pair's creation (in the rdma_cm
 *	handler) with the teardown, which may run meanwhile: whichever comes
 *	second sees what the first did
 * @resolve_lock: held across what is asked of @cm_id outside its handler
 *	(address resolution, from the sender or @resolve_work), which
 *	gives up once @state is CLOSING; the teardown takes and drops it
 *	before destroying the id, so that no resolution runs under
 *	rdma_destroy_id().  Never taken in the handler
 * @error: why it was closed
 * @version: the negotiated protocol version
 * @queue_depth: the negotiated queue depth
 * @max_frags: the negotiated RDMA fragment count
 * @peer_stamp: the peer's incarnation
 * @qp_errored: a work request failed other than by a flush (bit 0, set
 *	once by test_and_set_bit(), so no lock: the queue pair went to
 *	error, counted in qp-errors)
 * @lock: protects every field below, and @state
 * @credits: credited messages we may send now
 * @outstanding: credits we owe the peer (buffers reposted), piggybacked
 * @reserved: our requests that may still wait for an answer (PUT_REQ,
 *	GET_REQ), so that the answers always find a receive buffer
 * @nsends: messages posted whose completion has not come
 * @nnoops: NOOPs among them
 * @sq_free: send queue slots left for messages
 * @inv_free: send queue slots left for invalidations (one per region)
 * @queue_cred: txs waiting for a credit (IMMEDIATE, PUT_REQ, GET_REQ)
 * @queue_nocred: txs that need none (answers and completions)
 * @waiting: our requests that wait for their answer, by cookie
 * @sinks: the peer's PUTs whose data we wait for, by cookie
 * @nsinks: entries in @sinks
 * @ngetreqs: the peer's GETs that wait for their REPLY (orail->getreqs)
 * @early_rxs: messages that came before the connection was established
 *	here (the peer's end may be up first), handled once it is
 * @early_draining: @early_rxs is being handled: new messages queue behind
 * @dead_sinks: sinks whose invalidation failed (the queue pair broke):
 *	released once the regions are deregistered
 * @noops: the two NOOP messages, reused
 * @keepalive: a NOOP is due (nothing was sent for LO2IB_KEEPALIVE)
 * @failed: a post failed: the connection is to close with @fail_error once
 *	the lock is dropped (lo2ib_conn_unlock())
 * @fail_error: see @failed
 * @mr_all: every region of the connection, free or in use
 * @reg_cqe: completion of registrations, which report only errors
 * @next_cookie: cursor of the cyclic allocation in @waiting and @sinks
 * @mrs: free fast-registration regions
 * @nmrs: entries of @mr_all
 * @rxs: the receive buffers
 * @nrx: entries of @rxs
 * @last_send: jiffies of the last post
 * @last_progress: jiffies of the last completion (or of the first post
 *	after an idle spell)
 * @established_at: jiffies when it was established
 * @timer: looks for overdue messages and sends keepalives
 * @teardown: drains and frees it
 * @resolve_work: asks for address resolution again (not from its handler)
 * @close_link: in a list of connections being closed together
 *
 * Timeouts: a connection that holds work and completes nothing for the
 * node's timeout setting closes with -ETIMEDOUT (a silently dead path),
 * see lo2ib_conn_timer().
 */
struct lo2ib_conn {
	struct kref ref;
	struct lo2ib_peer *peer;
	struct lo2ib_rail *orail;
	struct rdma_cm_id *cm_id;
	struct ib_cq *cq;
	struct ib_qp *qp;
	bool active;
	bool retry;
	u16 port;
	unsigned int resolve_tries;
	enum lo2ib_conn_state state;
	struct mutex setup_lock;	/* @cq, @qp, @rxs, @mr_all while being set up */
	struct mutex resolve_lock;	/* @cm_id's resolution vs its destruction */
	int error;
	u16 version;
	u16 queue_depth;
	u16 max_frags;
	u64 peer_stamp;
	unsigned long qp_errored;
	spinlock_t lock;	/* the fields below, and @state */
	int credits;
	int outstanding;
	int reserved;
	int nsends;
	int nnoops;
	int sq_free;
	int inv_free;
	struct list_head queue_cred;
	struct list_head queue_nocred;
	struct xarray waiting;
	struct xarray sinks;
	unsigned int nsinks;
	unsigned int ngetreqs;
	struct list_head early_rxs;
	bool early_draining;
	struct list_head dead_sinks;
	struct lo2ib_tx *noops[LO2IB_MAX_NOOPS];
	bool keepalive;
	bool failed;
	int fail_error;
	u32 next_cookie;
	struct list_head mrs;
	struct lo2ib_mr *mr_all;
	unsigned int nmrs;
	struct ib_cqe reg_cqe;
	struct lo2ib_rx *rxs;
	unsigned int nrx;
	unsigned long last_send;
	unsigned long last_progress;
	unsigned long established_at;
	struct delayed_work timer;
	struct work_struct teardown;
	struct work_struct resolve_work;
	struct list_head close_link;
};

/**
 * struct lo2ib_mr - a fast-registration region of a connection
 * @link: in conn->mrs while free
 * @mr: the region
 */
struct lo2ib_mr {
	struct list_head link;
	struct ib_mr *mr;
};

/**
 * struct lo2ib_sink - memory registered for the peer to write to
 * @conn: the connection it is registered for
 * @win: the memory: a window of an MD
 * @len: bytes the peer may write
 * @mr: the region it is registered in, NULL when not registered
 * @sgt: its pages, DMA mapped
 * @bounce: a copy the peer writes to when the window's pages cannot be
 *	one region (gaps between fragments): copied into @win afterwards
 * @reg: the registration work request, posted in front of the message
 *	that announces the sink
 * @inv: the invalidation, posted once the peer said it is done
 * @inv_cqe: its completion
 * @dead_link: in conn->dead_sinks when its invalidation could not be done
 * @done: called once the sink is invalidated and unmapped (or its
 *	connection went), with 0 or an error
 */
struct lo2ib_sink {
	struct lo2ib_conn *conn;
	struct lnet_iov win;
	u32 len;
	struct lo2ib_mr *mr;
	struct sg_table sgt;
	void *bounce;
	struct ib_reg_wr reg;
	struct ib_send_wr inv;
	struct ib_cqe inv_cqe;
	struct list_head dead_link;
	void (*done)(struct lo2ib_sink *sink, int status);
};

/**
 * struct lo2ib_src - memory we RDMA-WRITE from
 * @sgt: its pages, DMA mapped
 * @wrs: the WRITE work requests, chained in front of the completion
 * @sges: their scatter/gather entries
 * @nwrs: entries of @wrs
 */
struct lo2ib_src {
	struct sg_table sgt;
	struct ib_rdma_wr *wrs;
	struct ib_sge *sges;
	unsigned int nwrs;
};

/**
 * struct lo2ib_tx - one message we send
 * @cqe: completion of its send
 * @link: in a queue of its connection while it waits to be posted
 * @conn: the connection
 * @type: O2IB_MSG_*
 * @credit: it costs a credit
 * @reserve: and a reserved credit (a request that waits for an answer)
 * @refs: its send's completion and, for a request, its answer (or its
 *	connection's end): the last frees it (under conn->lock)
 * @busy: a NOOP: posted and not completed (under conn->lock)
 * @cookie: our name for the transfer, for requests
 * @buf: the message
 * @dma: @buf's DMA address
 * @nob: bytes of the message
 * @nwrs: send queue slots its post takes
 * @ltx: lnetmr's message this tx finishes, if any
 * @sink: a GET_REQ's sink, for the reply
 * @has_sink: @sink is registered
 * @src: a completion's source of RDMA WRITEs, when it has one
 * @has_src: @src is set up
 * @src_bytes: bytes @src writes
 * @first_wr: the first work request of its post (a registration, an RDMA
 *	WRITE, or @send_wr)
 * @extra_cqe: completion of its unsignaled work requests, which report
 *	only errors
 * @send_wr: the send
 * @sge: its one scatter/gather entry
 * @deadline: jiffies when it was posted (a request waits for its answer
 *	from then on)
 * @status: what @ltx completes with
 * @getreq: a GET_DONE: the peer's GET it answers (freed with the tx)
 */
struct lo2ib_tx {
	struct ib_cqe cqe;
	struct list_head link;
	struct lo2ib_conn *conn;
	u8 type;
	bool credit;
	bool reserve;
	unsigned int refs;
	bool busy;
	u32 cookie;
	u8 *buf;
	u64 dma;
	u32 nob;
	unsigned int nwrs;
	struct lnet_tx *ltx;
	struct lo2ib_sink sink;
	bool has_sink;
	struct lo2ib_src src;
	bool has_src;
	u32 src_bytes;
	struct ib_send_wr *first_wr;
	struct ib_cqe extra_cqe;
	struct ib_send_wr send_wr;
	struct ib_sge sge;
	unsigned long deadline;
	int status;
	struct lo2ib_getreq *getreq;
};

/**
 * struct lo2ib_putreq - a peer's PUT whose data comes by RDMA
 * @rx: lnetmr's view of the message, until lnetmr_rx_end()
 * @conn: the connection (referenced)
 * @src_cookie: the PUT_REQ's cookie
 * @cookie: ours, in conn->sinks
 * @sink: where the data lands
 * @deadline: jiffies when it came (its PUT_DONE is waited for from then)
 * @status: the PUT_DONE's status
 */
struct lo2ib_putreq {
	struct lnet_rx rx;
	struct lo2ib_conn *conn;
	u64 src_cookie;
	u32 cookie;
	struct lo2ib_sink sink;
	unsigned long deadline;
	int status;
};

/**
 * struct lo2ib_rdesc - where the peer lets us write, as it told (an RDMA
 *	descriptor copied out of its message)
 * @key: the remote key of its region
 * @nfrags: fragments
 * @nob: bytes of them all
 * @frags: them
 * @frags.nob: bytes of one
 * @frags.addr: its address
 */
struct lo2ib_rdesc {
	u32 key;
	u32 nfrags;
	u64 nob;
	struct {
		u32 nob;
		u64 addr;
	} frags[];
};

/**
 * struct lo2ib_getreq - a peer's GET, waiting for lnetmr's REPLY
 *	(rx->xprt_ctx, then tx->reply_to)
 * @link: in orail->getreqs until its REPLY comes (under orail->lock)
 * @conn: the connection it came on (referenced)
 * @deadline: jiffies by which its REPLY must come
 * @answered: a GET_DONE went already (the REPLY took too long): its REPLY,
 *	if it comes, is dropped
 * @cookie: the GET_REQ's cookie
 * @rd: where the REPLY goes
 */
struct lo2ib_getreq {
	struct list_head link;
	struct lo2ib_conn *conn;
	unsigned long deadline;
	bool answered;
	u64 cookie;
	struct lo2ib_rdesc *rd;
};

/* transport.c */
extern struct lnet_transport lo2ib_transport;
struct lo2ib_peer *lo2ib_peer_get(struct lo2ib_rail *orail, lnet_nid_t nid);
struct rdma_cm_id *lo2ib_id_create(struct lo2ib_node *onode, rdma_cm_event_handler handler,
				   void *context);
void lo2ib_id_destroy(struct lo2ib_node *onode, struct rdma_cm_id *id);
void lo2ib_ltxs_complete(struct list_head *ltxs, int status);
void lo2ib_peer_connect(struct lo2ib_peer *peer);

/* conn.c */
int lo2ib_connect(struct lo2ib_peer *peer);
int lo2ib_listen_handler(struct rdma_cm_id *id, struct rdma_cm_event *event);
void lo2ib_conn_close(struct lo2ib_conn *conn, int error);
void lo2ib_conn_put(struct lo2ib_conn *conn);
void lo2ib_peer_close(struct lo2ib_peer *peer, int error);

/* msg.c */
void lo2ib_conn_send(struct lo2ib_conn *conn, struct lnet_tx *ltx);
void lo2ib_reply_send(struct lo2ib_getreq *g, struct lnet_tx *ltx);
void lo2ib_conn_check_sends_locked(struct lo2ib_conn *conn);
void lo2ib_conn_unlock(struct lo2ib_conn *conn) __releases(&conn->lock);
bool lo2ib_wc_qp_error(struct lo2ib_conn *conn, const struct ib_wc *wc);
int lo2ib_rx_post_locked(struct lo2ib_conn *conn, struct lo2ib_rx *rx);
void lo2ib_recv_done(struct ib_cq *cq, struct ib_wc *wc);
void lo2ib_early_rxs_handle(struct lo2ib_conn *conn);
int lo2ib_noops_alloc(struct lo2ib_conn *conn);
void lo2ib_noops_encode(struct lo2ib_conn *conn);
void lo2ib_conn_fail_all(struct lo2ib_conn *conn, int status);
void lo2ib_conn_timer(struct work_struct *work);
void lo2ib_msg_init(struct lo2ib_conn *conn, struct lnet_o2ib_msg *m, u8 type);
void lo2ib_getreqs_free(struct lo2ib_rail *orail);

/* mr.c */
int lo2ib_mrs_alloc(struct lo2ib_conn *conn, unsigned int n);
void lo2ib_mrs_free(struct lo2ib_conn *conn);
int lo2ib_sink_register(struct lo2ib_conn *conn, struct lo2ib_sink *sink,
			const struct lnet_iov *win, u32 len);
void lo2ib_sink_rd(const struct lo2ib_sink *sink, struct lnet_o2ib_rdma_desc *rd);
void lo2ib_sink_unregister(struct lo2ib_sink *sink);
void lo2ib_sink_invalidate_locked(struct lo2ib_sink *sink);
void lo2ib_sink_release(struct lo2ib_sink *sink, int status);
struct lo2ib_rdesc *lo2ib_rdesc_new(const struct lnet_o2ib_rdma_desc *rd);
int lo2ib_src_map(struct lo2ib_conn *conn, struct lo2ib_src *src, const struct lnet_iov *win,
		  u32 len, const struct lo2ib_rdesc *rd, struct ib_cqe *cqe);
void lo2ib_src_unmap(struct lo2ib_conn *conn, struct lo2ib_src *src);

static inline void lo2ib_stat(struct lo2ib_rail *orail, enum lnetmr_stat id, u64 n)
{
	lnetmr_stat_add(orail->xr->stats, id, n);
}

static inline unsigned long lo2ib_timeout(const struct lo2ib_rail *orail)
{
	return msecs_to_jiffies(lnetmr_xprt_timeout_ms(orail->xr->xnode));
}

#endif /* _LNETMR_O2IB_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * transport.h - the contract between lnetmr and its rail transports (an
 * "LND" in Lustre's words: TCP sockets, verbs over rdma_cm).
 *
 * A transport is a module of its own.  It fills a &struct lnet_transport
 * and registers it with lnetmr_transport_register() from its init (and
 * unregisters it from its exit); lnetmr holds a reference on the module
 * for every NI of its network type, so it cannot go while it is in use,
 * and loads it (module alias "lnetmr-net-NAME", see MODULE_ALIAS_LNETMR_NET)
 * when an NI of that type is added.  A transport includes this header and
 * the wire codecs it speaks, nothing of the driver.
 *
 * What a transport sees of lnetmr:
 *   &struct lnet_xprt_node  one node (network namespace) where it runs:
 *                           node_start() .. node_stop()
 *   &struct lnet_xprt_rail  one rail it carries: rail_start() .. rail_stop()
 *   &struct lnet_tx         a message to send: ->send() .. lnet_tx_complete()
 *   &struct lnet_rx         a message received: lnetmr_rx_begin() ..
 *                           lnetmr_rx_end()
 *
 * Sending: lnetmr calls ->send() with a tx, which the transport queues and
 * later completes exactly once with lnet_tx_complete(): 0 once the message
 * was delivered as far as the transport can tell, or a negative errno when
 * it could not be.  The errors of a path, after which lnetmr sends the
 * message again another way: -ENETDOWN (the rail stops or its link went
 * down), -ENODEV (its device went away), -ECONNREFUSED, -ECONNRESET,
 * -ECONNABORTED, -EALREADY, -EPIPE, -EIO, -EPROTO (the connection was
 * refused, lost, replaced or broken; a work completion in error),
 * -EHOSTUNREACH, -ENETUNREACH, -ETIMEDOUT (no progress within the node's
 * timeout), -ENOMEM; any other error is the message's own (-EMSGSIZE: it
 * spans more fragments than the transport takes) and ends it.  ->send() itself
 * never fails.  A transport that moves bulk by RDMA keeps the tx until the
 * data has moved: a PUT's tx until its data was written to the peer's sink
 * (PUT_DONE sent), a GET's tx, whose sink lnetmr describes in
 * @tx->sink, until the peer wrote the reply there (GET_DONE received): it
 * then calls lnetmr_tx_reply_landed() before completing the tx, since no
 * REPLY message crosses the wire.  A REPLY whose @tx->reply_to is set
 * answers a GET the transport received: it must go on the connection that
 * GET came in on (its sink's key is only good there), as an RDMA WRITE
 * into that sink and the GET's completion; lnetmr never sends such a REPLY
 * another way, and the transport fails it if that connection is gone.
 *
 * Receiving: for each message the transport decodes the LNet header and
 * calls lnetmr_rx_begin() with a &struct lnet_rx of its own, which must
 * stay valid until it calls lnetmr_rx_end().  On 0, rx->mlen payload bytes
 * go to the window rx->win of the destination MD (rx->iter is the same
 * window as an iterator, for transports that copy), the rest of rx->rlen
 * is discarded, and lnetmr_rx_end() follows exactly once, right away (a
 * copy) or later (an RDMA WRITE into the window registered as a sink, and
 * its completion); rx->xprt_ctx is the transport's, handed back on the
 * REPLY of a GET (@tx->reply_to).  On an error the message is dropped (its
 * payload discarded, or the connection closed for -EPROTO) and
 * lnetmr_rx_end() is not called.
 *
 * Contexts and locking: every callback and upcall runs in process
 * context, may sleep, and is made with none of the other side's locks
 * held; lnet_tx_complete() may send the next message from within (so a
 * transport holds none of its locks when it calls it).  RDMA transports
 * take their completions on workqueues (ib_alloc_cq with IB_POLL_WORKQUEUE)
 * for this reason.  node_start/node_stop/rail_start/rail_stop/rail_reset
 * are called with RTNL and the node's configuration mutex held, never
 * concurrently for one node.
 */
#ifndef LNET_TRANSPORT_H
#define LNET_TRANSPORT_H

#include <linux/bvec.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/uio.h>

#include "nid.h"
#include "stats.h"
#include "wire.h"

struct netlink_ext_ack;

/* kernels before 6.1 spell the iov_iter directions READ/WRITE */
#ifndef ITER_DEST
#define ITER_DEST	READ
#define ITER_SOURCE	WRITE
#endif

/**
 * struct lnet_iov - a window of a memory descriptor's buffer
 * @kvec: the buffer as kernel virtual ranges (kmalloc'ed or vmalloc'ed),
 *	when @is_kvec
 * @bvec: the buffer as pages, when !@is_kvec
 * @nr: entries in @kvec or @bvec
 * @is_kvec: which of the two
 * @offset: start of the window, in bytes from the start of the buffer
 * @len: length of the window in bytes
 */
struct lnet_iov {
	union {
		const struct kvec *kvec;
		const struct bio_vec *bvec;
	};
	unsigned int nr;
	bool is_kvec;
	size_t offset;
	size_t len;
};

/**
 * lnet_iov_iter() - an iov_iter over an &struct lnet_iov window
 * @iov: the window
 * @iter: the iterator to set up
 * @dir: ITER_SOURCE (to send from) or ITER_DEST (to receive into)
 */
static inline void lnet_iov_iter(const struct lnet_iov *iov, struct iov_iter *iter,
				 unsigned int dir)
{
	if (iov->is_kvec)
		iov_iter_kvec(iter, dir, iov->kvec, iov->nr, iov->offset + iov->len);
	else
		iov_iter_bvec(iter, dir, iov->bvec, iov->nr, iov->offset + iov->len);
	iov_iter_advance(iter, iov->offset);
}

/**
 * struct lnet_xprt_node - a node (network namespace) as its transports see it
 * @net: the namespace
 * @stats: the node's counters, for what no rail can be blamed for
 * @priv: the transport's, from its node_start() to its node_stop()
 *
 * One per (node, transport), owned by lnetmr.
 */
struct lnet_xprt_node {
	struct net *net;
	struct lnetmr_stats *stats;
	void *priv;
};

/**
 * struct lnet_xprt_rail - a rail as its transport sees it
 * @nid: the rail's NID
 * @addr: its IPv4 address (network order)
 * @mask: its netmask (network order)
 * @dev: its interface (held by lnetmr while the rail exists)
 * @ifname: the interface's name when the rail was added
 * @xnode: the node it belongs to
 * @stats: the rail's counters, for the transport's events
 * @speed: the rail's speed in Mbit/s as its transport knows it (an RDMA
 *	port's rate), set by rail_start(), 0 for none: lnetmr uses it when
 *	the user gave none
 * @priv: the transport's, from its rail_start() to its rail_stop()
 *
 * Read-only for the transport, but for @speed, @priv and the counters.
 */
struct lnet_xprt_rail {
	lnet_nid_t nid;
	__be32 addr;
	__be32 mask;
	struct net_device *dev;
	char ifname[IFNAMSIZ];
	struct lnet_xprt_node *xnode;
	struct lnetmr_stats *stats;
	u32 speed;
	void *priv;
};

/**
 * struct lnet_tx - one message to send
 * @hdr: the encoded LNet header (with a stripe's extension, see wire.h)
 * @hdr_len: bytes of @hdr to send: LNET_HDR_SIZE, or LNET_HDR_MAX_SIZE for
 *	a stripe
 * @type: the LNet message type (LNET_MSG_PUT, _GET, _ACK, _REPLY)
 * @payload: the payload (hdr's payload_length bytes; len 0 for none)
 * @sink: a GET: where its REPLY lands (the window of its MD, @sink.len
 *	being the length asked for)
 * @reply_to: a REPLY that answers a GET the transport received: the
 *	rx->xprt_ctx of that GET; NULL otherwise
 * @link: free for the transport's queues while it owns the tx
 * @xprt_cookie: free for the transport while it owns the tx
 * @xprt_conn: free for the transport while it owns the tx
 * @xprt_flags: free for the transport while it owns the tx
 * @xprt_time: free for the transport while it owns the tx
 * @complete: called by lnet_tx_complete()
 * @status: result, set by lnet_tx_complete()
 *
 * The payload's and the sink's memory stays unchanged until the tx is
 * complete: a transport may send pages without copying them, and write
 * into the sink, until then.
 */
struct lnet_tx {
	u8 hdr[LNET_HDR_MAX_SIZE];
	u32 hdr_len;
	u32 type;
	struct lnet_iov payload;
	struct lnet_iov sink;
	void *reply_to;
	struct list_head link;
	u64 xprt_cookie;
	void *xprt_conn;
	u32 xprt_flags;
	unsigned long xprt_time;
	void (*complete)(struct lnet_tx *tx);
	int status;
};

static inline void lnet_tx_complete(struct lnet_tx *tx, int status)
{
	tx->status = status;
	tx->complete(tx);
}

struct lnetmr_rail;

/**
 * struct lnet_rx - one received message, and where its payload goes
 * @win: where the payload lands: @mlen bytes of the destination MD, set up
 *	by lnetmr_rx_begin()
 * @iter: the same window as an iterator, for transports that copy
 * @mlen: payload bytes to store
 * @rlen: payload bytes on the wire (the header's payload_length)
 * @xprt_ctx: the transport's: handed back as @tx->reply_to on the REPLY of
 *	a GET
 * @priv: lnetmr's state for this message
 * @stripe_index: lnetmr's: which stripe of a striped REPLY this is
 * @stripe_xfer_length: lnetmr's: bytes of the whole striped REPLY
 * @rail: lnetmr's: the rail a PUT, GET or REPLY came in on
 * @from: lnetmr's: the NID it came from
 */
struct lnet_rx {
	struct lnet_iov win;
	struct iov_iter iter;
	u32 mlen;
	u32 rlen;
	void *xprt_ctx;
	void *priv;
	u16 stripe_index;
	u32 stripe_xfer_length;
	struct lnetmr_rail *rail;
	lnet_nid_t from;
};

/**
 * struct lnet_transport - a rail transport
 * @name: network type name ("tcp", "o2ib")
 * @lnd_type: network type number (SOCKLND, O2IBLND)
 * @owner: its module (THIS_MODULE)
 * @max_frags: most fragments of an MD one message (payload or sink) may
 *	span, 0 for no limit; lnetmr fails a message that spans more with
 *	-EMSGSIZE rather than hand it over
 * @rdma: it moves bulk data by RDMA: of two networks to a peer that are
 *	equally fast, path selection prefers the RDMA one
 * @node_start: the node got its first NI of this type (start listening...)
 * @node_stop: the node's last NI of this type is gone; after it returns no
 *	callback into lnetmr may run for the node
 * @rail_start: a rail was added: attach state to @xr->priv; on error, say
 *	why in @extack
 * @rail_stop: the rail is being removed: close its connections and
 *	complete every tx it holds (and end every rx) before returning
 * @rail_reset: the rail's link went down: close its connections (their
 *	txs complete with an error); the rail stays and reconnects later
 * @send: queue @tx to @peer over @xr
 * @link: in the registry (lnetmr's)
 */
struct lnet_transport {
	const char *name;
	u32 lnd_type;
	struct module *owner;
	unsigned int max_frags;
	bool rdma;
	int (*node_start)(struct lnet_xprt_node *xnode);
	void (*node_stop)(struct lnet_xprt_node *xnode);
	int (*rail_start)(struct lnet_xprt_rail *xr, struct netlink_ext_ack *extack);
	void (*rail_stop)(struct lnet_xprt_rail *xr);
	void (*rail_reset)(struct lnet_xprt_rail *xr);
	void (*send)(struct lnet_xprt_rail *xr, lnet_nid_t peer, struct lnet_tx *tx);
	struct list_head link;
};

/* the module alias under which lnetmr looks for a network type's transport */
#define MODULE_ALIAS_LNETMR_NET(name)	MODULE_ALIAS("lnetmr-net-" name)

/* the registry */
int lnetmr_transport_register(struct lnet_transport *xport);
void lnetmr_transport_unregister(struct lnet_transport *xport);

/* upcalls: messages */
int lnetmr_rx_begin(struct lnet_xprt_rail *xr, lnet_nid_t from,
		    const struct lnet_hdr *hdr, struct lnet_rx *rx);
void lnetmr_rx_end(struct lnet_rx *rx, int status);
void lnetmr_tx_reply_landed(struct lnet_tx *tx, struct lnet_xprt_rail *xr,
			    lnet_nid_t from, u32 mlen);

/* upcalls: peers and rails */
void lnetmr_peer_incarnation(struct lnet_xprt_rail *xr, lnet_nid_t peer, u64 incarnation);
void lnetmr_rail_carrier(struct lnet_xprt_rail *xr, bool up);
void lnetmr_rail_lost(struct lnet_xprt_rail *xr);

/* the node's settings that concern transports */
u64 lnetmr_xprt_incarnation(const struct lnet_xprt_node *xnode);
u32 lnetmr_xprt_timeout_ms(const struct lnet_xprt_node *xnode);
bool lnetmr_xprt_accept_any_port(const struct lnet_xprt_node *xnode);

#endif /* LNET_TRANSPORT_H */

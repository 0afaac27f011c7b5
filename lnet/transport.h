/* SPDX-License-Identifier: GPL-2.0 */
/*
 * transport.h - the contract between the LNet core and a rail transport
 * (an "LND" in Lustre's words: TCP sockets, verbs).
 *
 * A transport moves whole LNet messages (the 72-byte header and its
 * payload) between a local rail and a peer NID.  It never interprets the
 * header beyond decoding it; matching, replies and events belong to the
 * core.
 *
 * Sending: the core calls ->send() with a &struct lnet_tx.  The transport
 * queues it and later calls lnet_tx_complete() exactly once, from process
 * or softirq-free context, with 0 once the message was handed to the
 * network or with a negative errno when it could not be (connection
 * refused or lost, rail stopping, peer restarted...).  ->send() itself
 * never fails.
 *
 * Receiving: for each message the transport decodes the header and calls
 * lnetmr_rx_begin() (process context, may sleep).  On 0 it copies
 * rx->mlen payload bytes into rx->iter, discards the remaining
 * rx->rlen - rx->mlen, and calls lnetmr_rx_end() exactly once; on an error
 * it discards hdr->payload_length bytes (or closes the connection for
 * -EPROTO) and does not call lnetmr_rx_end().
 */
#ifndef LNET_TRANSPORT_H
#define LNET_TRANSPORT_H

#include <linux/bvec.h>
#include <linux/list.h>
#include <linux/uio.h>

#include "nid.h"
#include "wire.h"

struct lnetmr_node;
struct lnetmr_rail;

/**
 * struct lnet_iov - a window of a memory descriptor's buffer
 * @kvec: the buffer as kernel virtual ranges (when @is_kvec)
 * @bvec: the buffer as pages (when !@is_kvec)
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
 * @dir: ITER_SOURCE (to send from) or ITER_DEST (to receive into);
 *	READ/WRITE on kernels before 6.3
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
 * struct lnet_tx - one message to send
 * @hdr: the encoded LNet header (with a stripe's extension, see wire.h)
 * @hdr_len: bytes of @hdr to send: LNET_HDR_SIZE, or LNET_HDR_MAX_SIZE for
 *	a stripe
 * @payload: the payload (hdr's payload_length bytes; len 0 for none)
 * @link: free for the transport's queues while it owns the tx
 * @xprt_cookie: free for the transport while it owns the tx
 * @xprt_conn: free for the transport while it owns the tx
 * @xprt_flags: free for the transport while it owns the tx
 * @xprt_time: free for the transport while it owns the tx
 * @complete: called by lnet_tx_complete()
 * @status: result, set by lnet_tx_complete()
 *
 * The payload's memory must stay unchanged until the tx is complete: a
 * transport may send pages without copying them and complete the tx only
 * once the peer has received them.
 */
struct lnet_tx {
	u8 hdr[LNET_HDR_MAX_SIZE];
	u32 hdr_len;
	struct lnet_iov payload;
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

/**
 * struct lnet_rx - where the payload of one received message goes
 * @iter: destination of @mlen bytes, set up by lnetmr_rx_begin()
 * @mlen: payload bytes to store
 * @rlen: payload bytes on the wire (the header's payload_length)
 * @priv: the core's state for this message
 * @stripe_index: the core's: which stripe of a striped REPLY this is
 * @stripe_xfer_length: the core's: bytes of the whole striped REPLY
 * @rail: the core's: the rail a REPLY came in on
 * @from: the core's: the NID it came from
 */
struct lnet_rx {
	struct iov_iter iter;
	u32 mlen;
	u32 rlen;
	void *priv;
	u16 stripe_index;
	u32 stripe_xfer_length;
	struct lnetmr_rail *rail;
	lnet_nid_t from;
};

/**
 * struct lnet_transport - operations of a rail transport
 * @name: network type name ("tcp")
 * @lnd_type: network type number (SOCKLND)
 * @node_start: the node got its first NI of this type (start listening...)
 * @node_stop: the node's last NI of this type is gone, or the node is
 *	exiting; after it returns no callback into the core may run
 * @rail_start: a rail was added; the transport may attach state to
 *	rail->xprt
 * @rail_stop: the rail is being removed: close its connections and
 *	complete every tx it holds with an error before returning
 * @rail_reset: the rail's link went down: close its connections (their
 *	txs complete with an error); the rail stays and reconnects later
 * @send: queue @tx to @peer over @rail
 */
struct lnet_transport {
	const char *name;
	u32 lnd_type;
	int (*node_start)(struct lnetmr_node *node);
	void (*node_stop)(struct lnetmr_node *node);
	int (*rail_start)(struct lnetmr_rail *rail);
	void (*rail_stop)(struct lnetmr_rail *rail);
	void (*rail_reset)(struct lnetmr_rail *rail);
	void (*send)(struct lnetmr_rail *rail, lnet_nid_t peer, struct lnet_tx *tx);
};

/* Upcalls into the core, for transports. */
int lnetmr_rx_begin(struct lnetmr_rail *rail, lnet_nid_t from,
		    const struct lnet_hdr *hdr, struct lnet_rx *rx);
void lnetmr_rx_end(struct lnet_rx *rx, int status);
void lnetmr_peer_incarnation(struct lnetmr_rail *rail, lnet_nid_t peer, u64 incarnation);

#endif /* LNET_TRANSPORT_H */

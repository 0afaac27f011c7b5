/* SPDX-License-Identifier: GPL-2.0 */
/*
 * core.h - the LNet core's objects, private to lnetmr.
 *
 * Per node (network namespace) one &struct lnet_core keeps the portals
 * with their match entries, the table of MDs, and the messages that wait
 * for an ACK or a REPLY.  Messages are &struct lnet_msg: built here, sent
 * through the driver's rail selection (lnetmr_send()), received from the
 * transports through lnetmr_rx_begin()/lnetmr_rx_end().
 *
 * Locking: core->lock (a spinlock, never taken in interrupt context)
 * protects the portals' ME lists and every MD's mutable state (threshold,
 * local offset, inflight count, unlinked flag) and the waiting list.  The
 * MD and waiting-message tables are xarrays with their own locks; entries
 * are added and removed with core->lock held so that state and table
 * agree.  Event handlers run with no lock held.
 */
#ifndef LNET_CORE_H
#define LNET_CORE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "api.h"
#include "lnet_node.h"
#include "transport.h"

struct lnetmr_node;
struct lnetmr_rail;
struct lnetmr_peer_ni;

/**
 * struct lnet_md - a memory descriptor
 * @ref: references: the MD table entry holds one until unlink, each
 *	message using the MD holds one
 * @id: index in core->mds (the handle cookie)
 * @core: its core
 * @desc: the user's description (memory, length, options, handler)
 * @local_offset: next offset for PUTs/GETs without MANAGE_REMOTE
 * @threshold: operations left, or LNET_MD_THRESH_INF
 * @inflight: messages still using the MD
 * @unlinked: no new operation may use it; it goes when @inflight is 0
 * @me: its match entry, or NULL for a bound MD
 */
struct lnet_md {
	struct kref ref;
	u32 id;
	struct lnet_core *core;
	struct lnet_md_desc desc;
	u32 local_offset;
	int threshold;
	unsigned int inflight;
	bool unlinked;
	struct lnet_me *me;
};

/**
 * struct lnet_me - a match entry on a portal
 * @link: in core->portals[portal]
 * @portal: its portal
 * @match_bits: bits to match
 * @ignore_bits: bits that do not take part in matching
 * @md: the MD behind it
 */
struct lnet_me {
	struct list_head link;
	u32 portal;
	u64 match_bits;
	u64 ignore_bits;
	struct lnet_md *md;
};

/**
 * enum lnet_msg_kind - the role of a message
 * @LNET_MSG_KIND_REQUEST: our PUT or GET (or one stripe of it)
 * @LNET_MSG_KIND_TARGET: a peer's PUT landing in one of our MDs
 * @LNET_MSG_KIND_RESPONSE: our ACK or REPLY (or REPLY stripe) to a peer's
 *	request
 * @LNET_MSG_KIND_STRIPE_RX: one stripe of a peer's striped PUT landing
 */
enum lnet_msg_kind {
	LNET_MSG_KIND_REQUEST,
	LNET_MSG_KIND_TARGET,
	LNET_MSG_KIND_RESPONSE,
	LNET_MSG_KIND_STRIPE_RX,
};

/**
 * struct lnet_stripe_tx - our striped request, kept on its parent message
 * @cookie: names the transfer on the wire
 * @count: stripes
 * @size: bytes of each stripe but the last
 * @done: GET: stripes whose REPLY landed (bit per stripe)
 * @busy: GET: stripes whose REPLY is landing now
 * @sending: stripes handed to the send path and not completed
 * @error: the first error of a stripe that could not be sent any way
 * @ack_rail: PUT: the local rail stripe 0 last went out on, which the
 *	target sends the ACK back to; compared, never dereferenced (so not
 *	referenced)
 * @ack_nid: PUT: the peer NID stripe 0 last went to, which sends the ACK
 * @landed_end: GET: the furthest byte a stripe's REPLY brought
 *
 * Under core->lock, except @cookie, @count and @size, set once.
 */
struct lnet_stripe_tx {
	u64 cookie;
	u16 count;
	u32 size;
	u64 done;
	u64 busy;
	unsigned int sending;
	int error;
	const struct lnetmr_rail *ack_rail;
	lnet_nid_t ack_nid;
	u32 landed_end;
};

/* lnet_stripe_reply_landed(): the REPLY did not say its whole length */
#define LNET_STRIPE_XFER_UNKNOWN	U32_MAX

/**
 * struct lnet_stripe_owner - a peer NID with striped transfers in progress
 *	here
 * @hash: in core->stripe_owners, by @nid
 * @nid: the NID of the connection its first stripe came by
 * @nactive: its transfers in core->stripes_rx_active (the entry goes when
 *	this drops to 0), at most LNET_STRIPES_RX_PEER_MAX
 *
 * Under core->lock.
 */
struct lnet_stripe_owner {
	struct rhash_head hash;
	lnet_nid_t nid;
	unsigned int nactive;
};

/**
 * struct lnet_stripe_rx - a peer's striped transfer on one of our MDs
 * @hash: in core->stripes_rx, by @cookie
 * @link: in core->stripes_rx_active while in progress, then in
 *	core->stripes_rx_done; each list oldest first
 * @cookie: the initiator's name for it
 * @wmd: the handle its stripes carry for the answer (the same in all)
 * @match_bits: its match bits
 * @acked: a PUT whose ACK was sent: a late copy of its first stripe (the
 *	initiator sending it all again) gets the ACK again
 * @type: LNET_MSG_PUT or LNET_MSG_GET
 * @count: its stripes
 * @xfer_length: its length
 * @msg: the message that delivers its event (PUT: with the ACK) and holds
 *	the matched MD; NULL once it completed (set exactly while @srx is in
 *	core->stripes_rx_active)
 * @offset: where it starts in the MD
 * @mlength: bytes that land (PUT) or are read (GET)
 * @done: stripes that landed (PUT) or whose REPLY was sent (GET)
 * @busy: stripes landing or being answered now
 * @deadline: jiffies when an incomplete transfer fails, or when a
 *	completed one is forgotten (until then late copies of its stripes
 *	are recognised and dropped)
 * @owner: the peer NID that started it, while in progress
 *
 * Under core->lock.
 */
struct lnet_stripe_rx {
	struct rhash_head hash;
	struct list_head link;
	u64 cookie;
	struct lnet_handle_wire wmd;
	u64 match_bits;
	bool acked;
	u32 type;
	u16 count;
	u32 xfer_length;
	struct lnet_msg *msg;
	u32 offset;
	u32 mlength;
	u64 done;
	u64 busy;
	unsigned long deadline;
	struct lnet_stripe_owner *owner;
};

/**
 * struct lnet_msg - one LNet message in flight, either direction
 * @tx: the transport's view when sending
 * @core: its core
 * @kind: its role
 * @pinned: a request that goes to its destination NID itself, not to any
 *	NID of the destination's peer (pings)
 * @via: when not 0, the NID of the only local rail it may leave from
 *	(recovery pings of a rail)
 * @target: the NID a request was addressed to (its path may change it)
 * @retries: times a request was sent again after its path failed
 * @portal: portal of the operation, for events
 * @match_bits: match bits of the operation, for events
 * @hdr_data: header data of a PUT, for events
 * @hdr: the header (host order); src_nid is filled in once a rail is chosen
 * @md: the MD whose memory it moves, or NULL (ACK)
 * @rail: the rail it travels on, referenced once chosen
 * @peer: the peer NID state (credits, counters), referenced once chosen
 * @ev_type: the event its completion delivers on @md, if any
 * @rlength: length asked for
 * @mlength: length moved
 * @offset: offset in @md
 * @wait_id: index in core->waiting while it waits for an ACK or REPLY
 * @wait_link: in core->wait_list, oldest first
 * @deadline: jiffies when waiting fails with -ETIMEDOUT
 * @path_deadline: jiffies when the answer is overdue on the path it took
 *	(the node's timeout setting after it was sent; under core->lock): the
 *	path counts as failed and the request goes another way
 * @rx_claimed: the payload of its REPLY is landing (under core->lock):
 *	nothing else may finish it until lnetmr_rx_end() did
 * @stx: a striped request: @stripes, its stripes' state (it sends none
 *	itself); NULL for a whole message
 * @stripes: see @stx
 * @parent: a stripe of ours: the striped request it belongs to
 * @srx: a stripe of a peer's transfer (STRIPE_RX, or a REPLY stripe)
 * @stripe_index: which stripe, for @parent or @srx
 * @resp_wmd: the peer's handle to answer to (incoming PUT/GET)
 * @ack_wanted: an ACK is expected (outgoing PUT) or owed (incoming PUT)
 * @credit_link: the message's place in one list at a time: a credit queue
 *	(under that credit's lock), a dead rail's list (under the rail's
 *	credit_lock), core->resend_list (under core->lock), or a private list
 *	while being failed or resent
 * @tx_done: the transport is done with it (under core->lock)
 * @resp_done: its ACK/REPLY came, failed or is not expected (under
 *	core->lock); whoever sets the second of the two finishes the message
 * @tx_status: result of sending
 * @resp_status: result of the response
 */
struct lnet_msg {
	struct lnet_tx tx;
	struct lnet_core *core;
	enum lnet_msg_kind kind;
	bool pinned;
	lnet_nid_t via;
	lnet_nid_t target;
	u8 retries;
	u32 portal;
	u64 match_bits;
	u64 hdr_data;
	struct lnet_hdr hdr;
	struct lnet_md *md;
	struct lnetmr_rail *rail;
	struct lnetmr_peer_ni *peer;
	enum lnet_event_type ev_type;
	u32 rlength;
	u32 mlength;
	u32 offset;
	u32 wait_id;
	struct list_head wait_link;
	unsigned long deadline;
	unsigned long path_deadline;
	bool rx_claimed;
	struct lnet_stripe_tx *stx;
	struct lnet_stripe_tx stripes;
	struct lnet_msg *parent;
	struct lnet_stripe_rx *srx;
	u16 stripe_index;
	struct lnet_handle_wire resp_wmd;
	bool ack_wanted;
	struct list_head credit_link;
	bool tx_done;
	bool resp_done;
	int tx_status;
	int resp_status;
};

/**
 * struct lnet_core - LNet state of one node
 * @node: the node
 * @lock: see the top of this file
 * @portals: match entries per portal
 * @mds: the MDs by handle id
 * @waiting: messages waiting for an ACK or REPLY, by id (the object cookie
 *	of the wire handle the peer echoes)
 * @wait_list: the same messages, oldest first, for timeouts
 * @iface_cookie: interface cookie of our wire handles, random per core
 * @next_wait_id: cursor of the cyclic allocation in @waiting
 * @next_md_id: cursor of the cyclic allocation in @mds (a stale handle
 *	does not name a new MD for a long while)
 * @timeout_work: fails waiting messages past their deadline
 * @ping_md: the MD of our ping buffer (portal 0), replaced on change
 * @ping_seq: sequence number of our interface list
 * @ping_lock: serialises ping buffer rebuilds
 * @resend_list: requests to send again on another path (credit_link;
 *	under @lock)
 * @resend_work: sends them
 * @next_xfer: names our striped transfers (with @iface_cookie)
 * @stripes_rx: peers' striped transfers by cookie (changed and looked up
 *	under @lock only)
 * @stripes_rx_active: those in progress, oldest first (under @lock)
 * @stripes_rx_done: those completed and remembered, oldest first (under
 *	@lock)
 * @nstripes_rx_active: entries in @stripes_rx_active (under @lock)
 * @nstripes_rx_done: entries in @stripes_rx_done (under @lock)
 * @stripe_owners: the peer NIDs of @stripes_rx_active, with how many each
 *	(&struct lnet_stripe_owner; under @lock)
 */
struct lnet_core {
	struct lnetmr_node *node;
	spinlock_t lock;	/* see above */
	struct list_head portals[LNET_MAX_PORTALS];
	struct xarray mds;
	struct xarray waiting;
	struct list_head wait_list;
	u64 iface_cookie;
	u32 next_wait_id;
	u32 next_md_id;
	struct delayed_work timeout_work;
	struct lnet_handle_md ping_md;
	u32 ping_seq;
	struct mutex ping_lock;	/* serialises ping buffer rebuilds */
	struct list_head resend_list;
	struct work_struct resend_work;
	atomic64_t next_xfer;
	struct rhashtable stripes_rx;
	struct list_head stripes_rx_active;
	struct list_head stripes_rx_done;
	unsigned int nstripes_rx_active;
	unsigned int nstripes_rx_done;
	struct rhashtable stripe_owners;
};

/*
 * Most peer transfers a core has in progress, in all and from one peer
 * NID (a further one is refused until one ends; its initiator sends it
 * again), and most completed ones it remembers (the oldest is forgotten
 * early to make room).  A peer NID is the authenticated source of a
 * connection, so a host holds at most this share per address it owns, and
 * 64 NIDs at their limit fill the table.
 */
#define LNET_STRIPES_RX_ACTIVE_MAX	16384
#define LNET_STRIPES_RX_PEER_MAX	256
#define LNET_STRIPES_RX_DONE_MAX	65536

/* times a request is sent again after the path it took failed */
#define LNET_MAX_RETRIES	3

/* how often waiting messages are checked for their deadline */
#define LNET_TIMEOUT_TICK	(HZ / 4)

/* core.c */
struct lnet_core *lnet_core_new(struct lnetmr_node *node);
void lnet_core_free(struct lnet_core *core);
struct lnet_core *lnet_core_of(struct net *net);

/* md.c */
int lnet_md_new(struct lnet_core *core, const struct lnet_md_desc *desc,
		struct lnet_me *me, struct lnet_handle_md *handle);
struct lnet_md *lnet_md_get_active(struct lnet_core *core, struct lnet_handle_md h,
				   u32 max_length, int *err);
void lnet_md_op_done(struct lnet_md *md);
void lnet_md_put(struct lnet_md *md);
int lnet_md_unlink_handle(struct lnet_core *core, struct lnet_handle_md h);
void lnet_md_window(const struct lnet_md *md, u32 offset, u32 len, struct lnet_iov *iov);
struct lnet_md *lnet_match(struct lnet_core *core, const struct lnet_hdr *hdr,
			   u32 *offset, u32 *mlength, bool *outside);
struct lnet_md *lnet_match_locked(struct lnet_core *core, const struct lnet_hdr *hdr,
				  u32 *offset, u32 *mlength, bool *outside);
void lnet_md_hold_op(struct lnet_md *md);
void lnet_event_deliver(struct lnet_md *md, struct lnet_event *ev);
void lnet_md_flush(struct lnet_core *core);

/**
 * struct lnet_request - a PUT or GET to send, for lnet_send_request()
 * @mdh: the MD: the payload of a PUT, the sink of a GET
 * @type: LNET_MSG_PUT or LNET_MSG_GET
 * @ack: PUT: ask for an ACK
 * @target: the peer NID
 * @portal: the peer's portal
 * @match_bits: match bits
 * @offset: offset in the peer's MD (when it manages it remotely)
 * @hdr_data: PUT: 64 bits delivered with the PUT event
 * @pinned: go to @target itself, not to any NID of its peer, and never
 *	another way
 * @via: when not 0, leave from the local rail of this NID only
 * @timeout_ms: how long the answer may take; 0 for the node's
 *	transaction timeout
 */
struct lnet_request {
	struct lnet_handle_md mdh;
	u32 type;
	bool ack;
	lnet_nid_t target;
	u32 portal;
	u64 match_bits;
	u32 offset;
	u64 hdr_data;
	bool pinned;
	lnet_nid_t via;
	u32 timeout_ms;
};

/* msg.c */
int lnet_send_request(struct lnet_core *core, const struct lnet_request *req);
struct lnet_msg *lnet_msg_alloc(struct lnet_core *core);
void lnet_msg_free(struct lnet_msg *msg);
void lnet_msg_event(struct lnet_msg *msg, enum lnet_event_type type, int status);
void lnet_msg_resp_complete(struct lnet_msg *msg, int status);
bool lnet_msg_resend_claim_locked(struct lnet_msg *msg);
void lnet_msg_resend(struct lnet_msg *msg, int cause);
struct lnet_msg *lnet_response_new(struct lnet_core *core, struct lnetmr_rail *rail,
				   const struct lnet_hdr *req, u32 type);
void lnet_target_put_done(struct lnet_msg *msg, int status);
void lnet_rx_window(struct lnet_rx *rx, const struct lnet_md *md, u32 offset, u32 len);
int lnet_rx_begin(struct lnetmr_rail *rail, lnet_nid_t from,
		  const struct lnet_hdr *hdr, struct lnet_rx *rx);
void lnet_rx_end(struct lnet_rx *rx, int status);
void lnet_tx_reply_landed(struct lnet_tx *tx, struct lnetmr_rail *rail, lnet_nid_t from,
			  u32 mlen);

/* stripe.c */
bool lnet_stripe_possible(struct lnet_core *core, const struct lnet_request *req);
int lnet_stripe_setup(struct lnet_msg *msg);
void lnet_stripe_send(struct lnet_msg *parent);
void lnet_stripe_child_done(struct lnet_msg *child, int status);
bool lnet_stripe_reply_claim_locked(struct lnet_msg *parent, const struct lnet_hdr *hdr);
void lnet_stripe_reply_landed(struct lnet_msg *parent, u16 index, u32 xfer_length,
			      u32 end, int status);
int lnet_stripe_rx_begin(struct lnet_core *core, struct lnetmr_rail *rail,
			 const struct lnet_hdr *hdr, struct lnet_rx *rx);
void lnet_stripe_rx_done(struct lnet_msg *msg, int status);
int lnet_stripe_rx_init(struct lnet_core *core);
void lnet_stripe_rx_expire(struct lnet_core *core);
void lnet_stripe_rx_exit(struct lnet_core *core);
void lnet_msg_tx_done(struct lnet_msg *msg, int status);
void lnet_fail_peer_waiters(struct lnet_core *core, lnet_nid_t peer, int status);
void lnet_fail_md_waiters(struct lnet_core *core, struct lnet_md *md, int status);
void lnet_fail_all_waiters(struct lnet_core *core, int status);
void lnet_timeout_work(struct work_struct *work);
void lnet_resend_work(struct work_struct *work);
void lnet_resend_path_waiters(struct lnet_core *core, struct lnetmr_rail *rail,
			      lnet_nid_t nid);

/**
 * struct lnet_get_sync_req - a synchronous GET
 * @target: peer NID
 * @portal: its portal
 * @match_bits: match bits
 * @offset: offset in the peer's MD
 * @buf: where the REPLY goes (kmalloc'ed or vmalloc'ed)
 * @len: size of @buf, the length asked for
 * @timeout_ms: how long to wait
 * @pinned: to @target itself, not to any NID of its peer
 * @via: when not 0, from the local rail of this NID only
 * @mlength: result: bytes received
 * @rtt_ns: result: round trip
 */
struct lnet_get_sync_req {
	lnet_nid_t target;
	u32 portal;
	u64 match_bits;
	u32 offset;
	void *buf;
	u32 len;
	u32 timeout_ms;
	bool pinned;
	lnet_nid_t via;
	u32 mlength;
	u64 rtt_ns;
};

/* getsync.c */
int lnet_get_sync(struct lnet_core *core, struct lnet_get_sync_req *req);

/* ping.c */
int lnet_ping_buf_update(struct lnet_core *core);
int lnetmr_core_ping_update(struct lnetmr_node *node);

#endif /* LNET_CORE_H */

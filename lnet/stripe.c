// SPDX-License-Identifier: GPL-2.0
/*
 * stripe.c - striped transfers between lnetmr nodes.
 *
 * A PUT or GET larger than the node's stripe threshold, to a peer whose
 * ping buffer announces LNETMR_PING_FEAT_STRIPING, is cut into stripes of
 * at most LNET_MTU bytes that each take a path of their own (see
 * select_path()), so that one transfer uses every rail at once; a
 * transfer may then be as large as LNETMR_MAX_XFER.  Each stripe is an
 * ordinary message with a stripe extension (wire.h) saying where it
 * belongs.
 *
 * Our side: the user's request becomes the parent (it keeps the MD, waits
 * for the ACK or the REPLY stripes and delivers the events) and sends no
 * bytes itself; its children are the stripes.  A stripe whose path fails
 * goes another way like any request.  The parent's SEND completes when
 * every stripe was sent; a GET completes when every REPLY stripe landed.
 * When its answer is overdue the parent is resent, which sends again what
 * is missing: for a GET the stripes whose REPLY did not land, for a PUT
 * all of them (the target drops what it already has).
 *
 * Target side: the first stripe of a transfer to arrive matches an MD for
 * the whole transfer (one operation of its threshold) and records it as a
 * &struct lnet_stripe_rx; the others find it by the transfer's cookie.
 * PUT stripes land in place; the PUT event and the one ACK come once all
 * landed, and the ACK goes back the way stripe 0 came (the initiator
 * knows that way, so it can send again when that way fails).  GET stripes
 * are each answered by a REPLY stripe (on the rail they came in on); the
 * GET event comes once all were sent.  A completed transfer is remembered
 * until its deadline (or, when the target remembers
 * LNET_STRIPES_RX_DONE_MAX of them, until it is the oldest) so that late
 * copies of its stripes are dropped.
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "core.h"
#include "lnet_node.h"
#include "lnetmr_trace.h"
#include "ping.h"

static u64 stripes_all(u16 count)
{
	return count == 64 ? ~0ULL : BIT_ULL(count) - 1;
}

/**
 * lnet_stripe_possible() - may this request be striped?
 * @core: the core
 * @req: the request
 *
 * Return: true for a request that may go by any path to a peer that
 * announced striping (its size decides later).
 */
bool lnet_stripe_possible(struct lnet_core *core, const struct lnet_request *req)
{
	return !req->pinned && !req->via &&
	       (lnetmr_peer_features(core->node, req->target) & LNETMR_PING_FEAT_STRIPING);
}

/**
 * lnet_stripe_setup() - cut a request into stripes, if it is worth it
 * @msg: the request, with its MD (msg->stripes is filled in)
 *
 * One stripe per usable rail, each at least the stripe threshold and at
 * most LNET_MTU bytes.
 *
 * Return: 0 when @msg is now a striped parent, 1 when it goes as one
 * message (small enough).
 */
int lnet_stripe_setup(struct lnet_msg *msg)
{
	struct lnet_core *core = msg->core;
	struct lnet_stripe_tx *stx = &msg->stripes;
	u32 len = msg->md->desc.length;
	u32 threshold = lnetmr_node_setting(core->node, LNETMR_SET_STRIPE_THRESHOLD);
	u32 rails, size;

	if (len <= threshold)
		return 1;
	rails = max(1U, lnetmr_usable_rails(core->node, msg->target));
	if (len <= LNET_MTU && rails == 1)
		return 1;
	size = clamp_t(u32, round_up(DIV_ROUND_UP(len, rails), PAGE_SIZE), threshold, LNET_MTU);
	size = max_t(u32, size, DIV_ROUND_UP(len, LNETMR_MAX_STRIPES));
	if (DIV_ROUND_UP(len, size) < 2)
		return 1;
	stx->count = DIV_ROUND_UP(len, size);
	stx->size = size;
	stx->cookie = core->iface_cookie ^ atomic64_inc_return(&core->next_xfer);
	return 0;
}

/**
 * lnet_stripe_send() - send the stripes of a striped request
 * @parent: the request, without a path
 *
 * Sends the stripes still missing; see the top of this file.
 */
void lnet_stripe_send(struct lnet_msg *parent)
{
	struct lnet_core *core = parent->core;
	struct lnet_stripe_tx *stx = parent->stx;
	struct lnet_msg *child, *tmp;
	u32 len = parent->md->desc.length;
	unsigned int i, n = 0;
	LIST_HEAD(children);
	u64 skip;

	spin_lock(&core->lock);
	skip = parent->hdr.type == LNET_MSG_GET ? stx->done | stx->busy : 0;
	stx->error = 0;
	spin_unlock(&core->lock);

	for (i = 0; i < stx->count; i++) {
		u32 off = i * stx->size, slen = min(stx->size, len - off);
		struct lnet_hdr *h;

		if (skip & BIT_ULL(i))
			continue;
		child = lnet_msg_alloc(core);
		if (!child) {
			stx->error = -ENOMEM;
			continue;
		}
		child->kind = LNET_MSG_KIND_REQUEST;
		child->parent = parent;
		child->stripe_index = i;
		child->target = parent->target;
		child->portal = parent->portal;
		child->match_bits = parent->match_bits;
		child->hdr = parent->hdr;
		h = &child->hdr;
		h->dest_nid = parent->target;
		h->striped = true;
		h->stripe = (struct lnet_stripe){
			.len = slen,
			.cookie = stx->cookie,
			.xfer_length = len,
			.offset = off,
			.index = i,
			.count = stx->count,
		};
		lnet_md_hold_op(parent->md);
		child->md = parent->md;
		child->rlength = slen;
		child->mlength = slen;
		if (h->type == LNET_MSG_PUT) {
			h->payload_length = slen;
			lnet_md_window(parent->md, off, slen, &child->tx.payload);
		} else {
			lnet_md_window(parent->md, off, slen, &child->tx.sink);
		}
		list_add_tail(&child->credit_link, &children);
		n++;
	}

	spin_lock(&core->lock);
	stx->sending = n;
	spin_unlock(&core->lock);
	if (!n) {
		/* nothing could go (or nothing was missing): the parent is done sending */
		lnet_msg_tx_done(parent, stx->error);
		return;
	}
	list_for_each_entry_safe(child, tmp, &children, credit_link) {
		list_del_init(&child->credit_link);
		trace_lnetmr_stripe_issue(parent, child);
		lnetmr_node_count(core->node, LNETMR_STAT_TX_STRIPES, 1);
		lnetmr_send(core->node, child);
	}
}

/**
 * lnet_stripe_child_done() - a stripe of ours was sent, or failed every way
 * @child: the stripe, freed here
 * @status: its result
 */
void lnet_stripe_child_done(struct lnet_msg *child, int status)
{
	struct lnet_msg *parent = child->parent;
	struct lnet_core *core = parent->core;
	struct lnet_stripe_tx *stx = parent->stx;
	bool last;
	int err;

	if (child->rail && !status)
		lnetmr_rail_count(child->rail, LNETMR_STAT_TX_STRIPES, 1);

	spin_lock(&core->lock);
	if (!status && !child->stripe_index) {
		/* the path a PUT's ACK comes back on (see lnet_stripe_rx_begin()) */
		stx->ack_rail = child->rail;
		stx->ack_nid = child->hdr.dest_nid;
	}
	if (status && !stx->error)
		stx->error = status;
	last = !--stx->sending;
	err = stx->error;
	spin_unlock(&core->lock);
	lnet_msg_free(child);
	if (last)
		lnet_msg_tx_done(parent, err);
}

/**
 * lnet_stripe_reply_claim_locked() - a REPLY stripe for our striped GET
 * @parent: the GET, waiting
 * @hdr: the REPLY stripe's header
 *
 * Under core->lock.
 *
 * Return: true when the stripe may land (it is marked landing), false for
 * one that does not belong to @parent or landed already.
 */
bool lnet_stripe_reply_claim_locked(struct lnet_msg *parent, const struct lnet_hdr *hdr)
{
	struct lnet_stripe_tx *stx = parent->stx;
	const struct lnet_stripe *s = &hdr->stripe;
	u64 bit = BIT_ULL(s->index);

	if (s->cookie != stx->cookie || s->count != stx->count || s->len > stx->size ||
	    hdr->payload_length > stx->size ||
	    s->offset != s->index * stx->size || s->offset > parent->md->desc.length ||
	    ((stx->done | stx->busy) & bit))
		return false;
	stx->busy |= bit;
	return true;
}

/**
 * lnet_stripe_reply_landed() - the payload of a REPLY stripe is in, or not
 * @parent: our striped GET
 * @index: the stripe
 * @xfer_length: bytes of the whole REPLY (the target's MD may be shorter),
 *	or LNET_STRIPE_XFER_UNKNOWN when the REPLY did not say (it was
 *	written by RDMA): then the furthest byte any stripe wrote tells
 * @end: the stripe's offset plus the bytes it brought
 * @status: 0, or why its payload did not land
 *
 * The GET completes when its last stripe landed.  A stripe that did not
 * land is asked for again when the GET's answer is overdue.
 */
void lnet_stripe_reply_landed(struct lnet_msg *parent, u16 index, u32 xfer_length,
			      u32 end, int status)
{
	struct lnet_core *core = parent->core;
	struct lnet_stripe_tx *stx = parent->stx;
	bool complete = false, again = false;

	if (trace_lnetmr_stripe_land_enabled()) {
		u32 off = index * stx->size;

		trace_lnetmr_stripe_land(core, LNET_MSG_GET, stx->cookie, index, off,
					 min(stx->size, parent->md->desc.length - off),
					 parent->md->desc.length, status);
	}
	spin_lock(&core->lock);
	stx->busy &= ~BIT_ULL(index);
	if (!status) {
		stx->done |= BIT_ULL(index);
		stx->landed_end = max(stx->landed_end, end);
	}
	if (stx->done == stripes_all(stx->count) && parent->wait_id) {
		xa_erase(&core->waiting, parent->wait_id);
		list_del_init(&parent->wait_link);
		parent->wait_id = 0;
		if (xfer_length == LNET_STRIPE_XFER_UNKNOWN)
			xfer_length = stx->landed_end;
		parent->mlength = min(xfer_length, parent->md->desc.length);
		complete = true;
	} else if (status) {
		/* what is missing goes again at once, not after the timeout */
		again = lnet_msg_resend_claim_locked(parent);
	}
	spin_unlock(&core->lock);
	/* unless claimed, @parent may be gone now */
	if (complete)
		lnet_msg_resp_complete(parent, 0);
	else if (again)
		lnet_msg_resend(parent, status);
}

/* ---- target side -------------------------------------------------------- */

/* the answer handle of a PUT or GET stripe */
static const struct lnet_handle_wire *stripe_wmd(const struct lnet_hdr *hdr)
{
	return hdr->type == LNET_MSG_PUT ? &hdr->msg.put.ack_wmd : &hdr->msg.get.return_wmd;
}

/* how long a transfer is waited for, and remembered once done */
static unsigned long srx_memory(struct lnet_core *core)
{
	return msecs_to_jiffies(lnetmr_node_setting(core->node, LNETMR_SET_TRANSACTION_TIMEOUT));
}

/*
 * Peers' transfers by cookie.  The table is changed and looked up under
 * core->lock only, so an entry taken out of it may be freed at once.
 */
static const struct rhashtable_params srx_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct lnet_stripe_rx, cookie),
	.head_offset = offsetof(struct lnet_stripe_rx, hash),
	.automatic_shrinking = true,
};

static struct lnet_stripe_rx *srx_lookup_locked(struct lnet_core *core, u64 cookie)
{
	return rhashtable_lookup_fast(&core->stripes_rx, &cookie, srx_params);
}

/* The peer NIDs with transfers in progress, each with how many. */
static const struct rhashtable_params owner_params = {
	.key_len = sizeof(lnet_nid_t),
	.key_offset = offsetof(struct lnet_stripe_owner, nid),
	.head_offset = offsetof(struct lnet_stripe_owner, hash),
	.automatic_shrinking = true,
};

/*
 * One more transfer in progress for @nid, unless it has its share
 * (-EBUSY) or no memory is left (-ENOMEM).  Under core->lock.
 */
static int owner_take_locked(struct lnet_core *core, lnet_nid_t nid,
			     struct lnet_stripe_owner **ownerp)
{
	struct lnet_stripe_owner *owner;
	int err;

	owner = rhashtable_lookup_fast(&core->stripe_owners, &nid, owner_params);
	if (owner && owner->nactive >= LNET_STRIPES_RX_PEER_MAX)
		return -EBUSY;
	if (!owner) {
		owner = kzalloc(sizeof(*owner), GFP_ATOMIC);
		if (!owner)
			return -ENOMEM;
		owner->nid = nid;
		err = rhashtable_insert_fast(&core->stripe_owners, &owner->hash, owner_params);
		if (err) {
			kfree(owner);
			return err;
		}
	}
	owner->nactive++;
	*ownerp = owner;
	return 0;
}

/* A transfer of @owner is no longer in progress.  Under core->lock. */
static void owner_put_locked(struct lnet_core *core, struct lnet_stripe_owner *owner)
{
	if (--owner->nactive)
		return;
	rhashtable_remove_fast(&core->stripe_owners, &owner->hash, owner_params);
	kfree(owner);
}

/* @srx, in progress, ends (completed or failed).  Under core->lock. */
static void srx_end_active_locked(struct lnet_core *core, struct lnet_stripe_rx *srx)
{
	core->nstripes_rx_active--;
	owner_put_locked(core, srx->owner);
	srx->owner = NULL;
}

/* Forget a transfer; its message, if it had one, is the caller's. */
static void srx_free_locked(struct lnet_core *core, struct lnet_stripe_rx *srx)
{
	rhashtable_remove_fast(&core->stripes_rx, &srx->hash, srx_params);
	list_del(&srx->link);
	if (srx->msg)
		srx_end_active_locked(core, srx);
	else
		core->nstripes_rx_done--;
	kfree(srx);
}

/*
 * The first stripe of a peer's transfer: match the whole transfer once and
 * remember it.  Under core->lock; @srx and @msg are preallocated and used
 * (returns 0) or not (the caller frees them).
 */
static int srx_start_locked(struct lnet_core *core, struct lnetmr_rail *rail,
			    const struct lnet_hdr *hdr, struct lnet_stripe_rx *srx,
			    struct lnet_msg *msg)
{
	struct lnet_hdr whole = *hdr;
	u32 offset, mlength;
	struct lnet_md *md;
	bool outside;
	int err;

	if (core->nstripes_rx_active >= LNET_STRIPES_RX_ACTIVE_MAX)
		return -EBUSY;		/* dropped: its initiator sends it again */
	/* each peer NID its share; the connection vouches for the source */
	err = owner_take_locked(core, hdr->src_nid, &srx->owner);
	if (err)
		return err;	/* dropped: its initiator sends it again */
	/* in the table before it takes an operation of an MD, which stays taken */
	srx->cookie = hdr->stripe.cookie;
	err = rhashtable_insert_fast(&core->stripes_rx, &srx->hash, srx_params);
	if (err) {
		owner_put_locked(core, srx->owner);
		return err;	/* dropped: its initiator sends it again */
	}
	whole.striped = false;
	if (hdr->type == LNET_MSG_PUT)
		whole.payload_length = hdr->stripe.xfer_length;
	else
		whole.msg.get.sink_length = hdr->stripe.xfer_length;
	md = lnet_match_locked(core, &whole, &offset, &mlength, &outside);
	if (!md) {
		rhashtable_remove_fast(&core->stripes_rx, &srx->hash, srx_params);
		owner_put_locked(core, srx->owner);
		return outside ? -EPROTO : -ENOENT;
	}

	srx->wmd = *stripe_wmd(hdr);
	srx->match_bits = hdr->type == LNET_MSG_PUT ? hdr->msg.put.match_bits :
			  hdr->msg.get.match_bits;
	srx->type = hdr->type;
	srx->count = hdr->stripe.count;
	srx->xfer_length = hdr->stripe.xfer_length;
	srx->offset = offset;
	srx->mlength = mlength;
	srx->deadline = jiffies + srx_memory(core);
	srx->msg = msg;

	/* the message that delivers the transfer's event (and a PUT's ACK) */
	msg->kind = LNET_MSG_KIND_TARGET;
	msg->hdr = whole;
	msg->md = md;
	msg->rail = lnetmr_rail_get(rail);
	msg->offset = offset;
	msg->mlength = mlength;
	msg->rlength = hdr->stripe.xfer_length;
	if (hdr->type == LNET_MSG_PUT) {
		msg->portal = hdr->msg.put.ptl_index;
		msg->match_bits = hdr->msg.put.match_bits;
		msg->hdr_data = hdr->msg.put.hdr_data;
		msg->resp_wmd = hdr->msg.put.ack_wmd;
		msg->ack_wanted = hdr->msg.put.ack_wmd.object_cookie !=
				  LNET_WIRE_HANDLE_COOKIE_NONE &&
				  !(md->desc.options & LNET_MD_ACK_DISABLE);
	} else {
		msg->portal = hdr->msg.get.ptl_index;
		msg->match_bits = hdr->msg.get.match_bits;
	}
	list_add_tail(&srx->link, &core->stripes_rx_active);
	core->nstripes_rx_active++;
	return 0;
}

/* The window of @md that stripe @s of @srx covers: its length (0 if none). */
static u32 srx_window(const struct lnet_stripe_rx *srx, const struct lnet_stripe *s,
		      u32 len, struct lnet_iov *win)
{
	if (s->offset >= srx->mlength)
		return 0;
	len = min(len, srx->mlength - s->offset);
	lnet_md_window(srx->msg->md, srx->offset + s->offset, len, win);
	return len;
}

/*
 * A completed PUT's stripes come again: its ACK was lost (the initiator
 * sends everything again when the ACK is overdue).  ACK it again.
 */
static void stripe_ack_again(struct lnet_core *core, struct lnetmr_rail *rail,
			     const struct lnet_hdr *hdr, u32 mlength)
{
	struct lnet_msg *ack = lnet_response_new(core, rail, hdr, LNET_MSG_ACK);

	if (!ack)
		return;
	ack->hdr.msg.ack.dst_wmd = hdr->msg.put.ack_wmd;
	ack->hdr.msg.ack.match_bits = hdr->msg.put.match_bits;
	ack->hdr.msg.ack.mlength = mlength;
	lnetmr_send(core->node, ack);
}

/*
 * A striped PUT's ACK goes back the way its stripe 0 came, which the
 * initiator knows: when that path fails, it sends again what waits for the
 * ACK there (lnet_resend_path_waiters()).  @srx is in progress.
 */
static void srx_ack_path_locked(struct lnet_stripe_rx *srx, struct lnetmr_rail *rail,
				const struct lnet_hdr *hdr)
{
	struct lnet_msg *msg = srx->msg;
	struct lnetmr_rail *old = msg->rail;

	if (old != rail) {
		if (!lnetmr_rail_get(rail))
			return;
		msg->rail = rail;
		if (old)
			lnetmr_rail_put(old);
	}
	msg->hdr.src_nid = hdr->src_nid;
	msg->hdr.dest_nid = hdr->dest_nid;
}

/**
 * lnet_stripe_rx_begin() - a stripe of a peer's striped PUT or GET came in
 * @core: the core
 * @rail: the rail it came in on
 * @hdr: its header
 * @rx: where its payload goes
 *
 * Return: 0, -ENOENT (nothing matches: dropped), -EBUSY (the peer NID,
 * or the node, has its most transfers in progress: dropped), -ENOMEM, or
 * -EPROTO.
 */
int lnet_stripe_rx_begin(struct lnet_core *core, struct lnetmr_rail *rail,
			 const struct lnet_hdr *hdr, struct lnet_rx *rx)
{
	const struct lnet_stripe *s = &hdr->stripe;
	struct lnet_stripe_rx *srx, *fresh;
	struct lnet_msg *first, *msg;
	u64 bit = BIT_ULL(s->index);
	bool ack_again = false;
	struct lnet_iov win = {};
	u32 len, mlength = 0;
	int err = 0;

	if (hdr->type == LNET_MSG_REPLY)
		return -EPROTO;		/* REPLY stripes go to rx_reply() */
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	first = lnet_msg_alloc(core);
	msg = hdr->type == LNET_MSG_GET ?
	      lnet_response_new(core, rail, hdr, LNET_MSG_REPLY) : lnet_msg_alloc(core);
	if (!fresh || !first || !msg) {
		err = -ENOMEM;
		goto out_free;
	}

	spin_lock(&core->lock);
	srx = srx_lookup_locked(core, s->cookie);
	if (!srx) {
		err = srx_start_locked(core, rail, hdr, fresh, first);
		if (!err) {
			srx = fresh;
			fresh = NULL;
			first = NULL;
		}
	} else if (srx->type != hdr->type || srx->count != s->count ||
		   srx->xfer_length != s->xfer_length ||
		   memcmp(&srx->wmd, stripe_wmd(hdr), sizeof(srx->wmd))) {
		err = -ENOENT;		/* not the transfer it claims to be part of */
	}
	/* the ACK goes the way of the latest copy of stripe 0, landing or not */
	if (!err && srx->msg && !s->index && hdr->type == LNET_MSG_PUT)
		srx_ack_path_locked(srx, rail, hdr);
	if (!err && (!srx->msg || ((srx->done | srx->busy) & bit))) {
		err = -EALREADY;	/* a late or second copy */
		ack_again = srx->acked && !s->index;
		mlength = srx->mlength;
	}
	if (err) {
		spin_unlock(&core->lock);
		if (ack_again)
			stripe_ack_again(core, rail, hdr, mlength);
		goto out_free;
	}
	srx->busy |= bit;
	spin_unlock(&core->lock);

	lnet_md_hold_op(srx->msg->md);
	msg->md = srx->msg->md;
	msg->srx = srx;
	msg->stripe_index = s->index;
	len = srx_window(srx, s, s->len, &win);
	if (hdr->type == LNET_MSG_GET) {
		/* answered by a REPLY stripe carrying this part of the MD */
		msg->hdr.msg.reply.dst_wmd = hdr->msg.get.return_wmd;
		msg->hdr.striped = true;
		msg->hdr.stripe = *s;
		msg->hdr.stripe.xfer_length = srx->mlength;
		msg->hdr.payload_length = len;
		if (len)
			msg->tx.payload = win;
		/* over RDMA, it is written into the GET stripe's sink */
		msg->tx.reply_to = rx->xprt_ctx;
		rx->mlen = 0;
		rx->rlen = 0;
	} else {
		msg->kind = LNET_MSG_KIND_STRIPE_RX;
		msg->rail = lnetmr_rail_get(rail);
		msg->offset = s->offset;	/* in the transfer, for the trace */
		msg->mlength = len;
		rx->mlen = len;
		rx->rlen = hdr->payload_length;
		rx->win = win;
		if (len)
			lnet_iov_iter(&win, &rx->iter, ITER_DEST);
	}
	lnetmr_rail_count(rail, LNETMR_STAT_RX_STRIPES, 1);
	rx->priv = msg;
	msg = NULL;

out_free:
	kfree(fresh);
	if (first)
		lnet_msg_free(first);
	if (msg)
		lnet_msg_free(msg);
	if (err == -EALREADY) {
		/* take it and throw it away: the sender did nothing wrong */
		rx->priv = NULL;
		rx->mlen = 0;
		rx->rlen = hdr->payload_length;
		return 0;
	}
	return err;
}

/*
 * A transfer completed: its message is the caller's to deliver.  Remember
 * the transfer until late copies of its stripes can no longer come (the
 * initiator gives up), so that they are dropped; when too many are
 * remembered, forget the oldest early.
 */
static struct lnet_msg *srx_complete_locked(struct lnet_core *core,
					    struct lnet_stripe_rx *srx)
{
	struct lnet_msg *msg = srx->msg;

	srx->acked = msg->ack_wanted;
	srx->msg = NULL;
	srx->deadline = jiffies + srx_memory(core);
	list_move_tail(&srx->link, &core->stripes_rx_done);
	srx_end_active_locked(core, srx);
	if (++core->nstripes_rx_done > LNET_STRIPES_RX_DONE_MAX)
		srx_free_locked(core, list_first_entry(&core->stripes_rx_done,
						       struct lnet_stripe_rx, link));
	return msg;
}

/* Deliver a transfer's end: the PUT event and the ACK, or the GET event. */
static void srx_deliver(struct lnet_msg *msg, u32 type, int status)
{
	if (type == LNET_MSG_PUT) {
		lnet_target_put_done(msg, status);
	} else {
		lnet_msg_event(msg, LNET_EVENT_GET, status);
		lnet_msg_free(msg);
	}
}

/**
 * lnet_stripe_rx_done() - one stripe of a peer's transfer landed (PUT) or
 *	was answered (GET), or failed to
 * @msg: the stripe's message (the caller frees it)
 * @status: 0 or why it failed (the initiator sends it again)
 */
void lnet_stripe_rx_done(struct lnet_msg *msg, int status)
{
	struct lnet_stripe_rx *srx = msg->srx;
	struct lnet_core *core = msg->core;
	struct lnet_msg *done = NULL;
	u64 bit = BIT_ULL(msg->stripe_index);
	u32 type = srx->type;

	if (type == LNET_MSG_PUT)
		trace_lnetmr_stripe_land(core, type, srx->cookie, msg->stripe_index,
					 msg->offset, msg->mlength, srx->xfer_length, status);
	spin_lock(&core->lock);
	srx->busy &= ~bit;
	if (!status)
		srx->done |= bit;
	if (srx->msg && srx->done == stripes_all(srx->count))
		done = srx_complete_locked(core, srx);
	spin_unlock(&core->lock);
	/* @srx may be gone now */
	if (done)
		srx_deliver(done, type, 0);
}

/**
 * lnet_stripe_rx_expire() - fail the transfers past their deadline, forget
 *	the completed ones whose late stripes can no longer come
 * @core: the core
 */
void lnet_stripe_rx_expire(struct lnet_core *core)
{
	struct lnet_stripe_rx *srx, *tmp;
	struct lnet_msg *msg;
	u32 type;

	spin_lock(&core->lock);
	list_for_each_entry_safe(srx, tmp, &core->stripes_rx_done, link) {
		if (time_before(jiffies, srx->deadline))
			break;
		srx_free_locked(core, srx);
	}
	spin_unlock(&core->lock);

	for (;;) {
		msg = NULL;
		spin_lock(&core->lock);
		list_for_each_entry(srx, &core->stripes_rx_active, link) {
			if (time_before(jiffies, srx->deadline))
				break;
			if (srx->busy)
				continue;
			type = srx->type;
			msg = srx->msg;
			srx_free_locked(core, srx);
			break;
		}
		spin_unlock(&core->lock);
		if (!msg)
			return;
		srx_deliver(msg, type, -ETIMEDOUT);
	}
}

/**
 * lnet_stripe_rx_init() - set up the table of peers' striped transfers
 * @core: the core
 *
 * Return: 0 or a negative errno.
 */
int lnet_stripe_rx_init(struct lnet_core *core)
{
	int err;

	INIT_LIST_HEAD(&core->stripes_rx_active);
	INIT_LIST_HEAD(&core->stripes_rx_done);
	err = rhashtable_init(&core->stripe_owners, &owner_params);
	if (err)
		return err;
	err = rhashtable_init(&core->stripes_rx, &srx_params);
	if (err)
		rhashtable_destroy(&core->stripe_owners);
	return err;
}

/**
 * lnet_stripe_rx_exit() - fail every peer transfer of a core going away,
 *	and free the table
 * @core: the core; nothing is in flight any more
 */
void lnet_stripe_rx_exit(struct lnet_core *core)
{
	struct lnet_stripe_rx *srx, *tmp;
	struct lnet_msg *msg;
	u32 type;

	for (;;) {
		spin_lock(&core->lock);
		srx = list_first_entry_or_null(&core->stripes_rx_active,
					       struct lnet_stripe_rx, link);
		if (!srx)
			break;
		msg = srx->msg;
		type = srx->type;
		srx_free_locked(core, srx);
		spin_unlock(&core->lock);
		srx_deliver(msg, type, -ESHUTDOWN);
	}
	list_for_each_entry_safe(srx, tmp, &core->stripes_rx_done, link)
		srx_free_locked(core, srx);
	spin_unlock(&core->lock);
	rhashtable_destroy(&core->stripes_rx);
	/* empty: each owner went with its last transfer in progress */
	WARN_ON_ONCE(atomic_read(&core->stripe_owners.nelems));
	rhashtable_destroy(&core->stripe_owners);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * msg.c - LNet messages: PUT, GET, ACK and REPLY, both directions, their
 * events, and the timeouts of messages that wait for an answer.
 *
 * An initiator's PUT (with ACK) or GET is finished when both its send
 * completed and its answer arrived, failed or timed out; the two may come
 * in either order, and the SEND event is always delivered first.  A PUT
 * with ACK and a GET always end with their ACK or REPLY event, carrying an
 * error when the transfer failed.
 */
#include <linux/slab.h>

#include "core.h"
#include "lnet_node.h"
#include "lnetmr_trace.h"

#define WAIT_ID_LIMIT	XA_LIMIT(1, U32_MAX)

struct lnet_msg *lnet_msg_alloc(struct lnet_core *core)
{
	struct lnet_msg *msg = kzalloc(sizeof(*msg), GFP_KERNEL);

	if (!msg)
		return NULL;
	msg->core = core;
	INIT_LIST_HEAD(&msg->wait_link);
	INIT_LIST_HEAD(&msg->credit_link);
	INIT_LIST_HEAD(&msg->tx.link);
	msg->hdr.dest_pid = LNET_PID_LUSTRE;
	msg->hdr.src_pid = LNET_PID_LUSTRE;
	return msg;
}

/* Release everything a message holds. */
void lnet_msg_free(struct lnet_msg *msg)
{
	if (msg->md)
		lnet_md_op_done(msg->md);
	lnetmr_msg_release(msg);
	kfree(msg);
}

void lnet_msg_event(struct lnet_msg *msg, enum lnet_event_type type, int status)
{
	const struct lnet_hdr *h = &msg->hdr;
	bool ours = msg->kind == LNET_MSG_KIND_REQUEST;
	struct lnet_event ev = {
		.type = type,
		/* a response's header is addressed to the peer, like a request's */
		.peer_nid = msg->kind == LNET_MSG_KIND_TARGET ? h->src_nid : h->dest_nid,
		.peer_pid = msg->kind == LNET_MSG_KIND_TARGET ? h->src_pid : h->dest_pid,
		.self_nid = msg->kind == LNET_MSG_KIND_TARGET ? h->dest_nid : h->src_nid,
		.portal = msg->portal,
		.match_bits = msg->match_bits,
		.hdr_data = msg->hdr_data,
		.rlength = msg->rlength,
		.mlength = status ? 0 : msg->mlength,
		.offset = ours ? 0 : msg->offset,
		.status = status,
	};

	if (msg->md)
		lnet_event_deliver(msg->md, &ev);
}

/* The answer of a waiting message is in (or failed): finish it if sent. */
void lnet_msg_resp_complete(struct lnet_msg *msg, int status)
{
	struct lnet_core *core = msg->core;
	bool finish;

	spin_lock(&core->lock);
	msg->resp_done = true;
	msg->resp_status = status;
	finish = msg->tx_done;
	spin_unlock(&core->lock);
	if (finish) {
		lnet_msg_event(msg, msg->ev_type, msg->tx_status ?: status);
		lnet_msg_free(msg);
	}
}

/* Take a message off the waiting table; false if somebody else did. */
static bool msg_unwait_locked(struct lnet_msg *msg)
{
	if (!msg->wait_id)
		return false;
	xa_erase(&msg->core->waiting, msg->wait_id);
	list_del_init(&msg->wait_link);
	msg->wait_id = 0;
	return true;
}

/*
 * Errors of a path (rail, device, connection, peer interface), not of the
 * message: another path may carry it (see lnet/transport.h)
 */
static bool path_error(int status)
{
	switch (status) {
	case -ENETDOWN:
	case -ENODEV:
	case -ENETUNREACH:
	case -EHOSTUNREACH:
	case -ECONNREFUSED:
	case -ECONNRESET:
	case -ECONNABORTED:
	case -EALREADY:
	case -EPIPE:
	case -EIO:
	case -EPROTO:
	case -ENOMEM:
	case -ETIMEDOUT:
		return true;
	default:
		return false;
	}
}

/**
 * lnet_msg_resend() - take a message off its path and send it again
 * @msg: a request, or an ACK or REPLY (the initiator takes an answer from
 *	any NID of ours); the caller owns its sending (see
 *	lnet_msg_resend_claim_locked())
 * @cause: why its path failed (a negative errno)
 *
 * It goes to any NID of its peer, from a work item.
 */
void lnet_msg_resend(struct lnet_msg *msg, int cause)
{
	struct lnet_core *core = msg->core;

	trace_lnetmr_resend(msg, cause);
	msg->retries++;
	if (msg->rail)
		lnetmr_rail_count(msg->rail, LNETMR_STAT_RESENDS, 1);
	else if (msg->stx)	/* a striped request: its stripes had the paths */
		lnetmr_node_count(core->node, LNETMR_STAT_RESENDS, 1);
	if (msg->peer)
		lnetmr_peer_ni_count(msg->peer, LNETMR_STAT_RESENDS, 1);
	lnetmr_msg_release(msg);
	msg->rail = NULL;
	msg->peer = NULL;
	msg->hdr.dest_nid = msg->target;
	spin_lock(&core->lock);
	list_add_tail(&msg->credit_link, &core->resend_list);
	spin_unlock(&core->lock);
	queue_work(lnetmr_wq, &core->resend_work);
}

void lnet_resend_work(struct work_struct *work)
{
	struct lnet_core *core = container_of(work, struct lnet_core, resend_work);
	struct lnet_msg *msg, *tmp;
	LIST_HEAD(todo);

	spin_lock(&core->lock);
	list_splice_init(&core->resend_list, &todo);
	spin_unlock(&core->lock);
	list_for_each_entry_safe(msg, tmp, &todo, credit_link) {
		list_del_init(&msg->credit_link);
		lnetmr_send(core->node, msg);
	}
}

/* Is an answer landing in a waiting message's MD?  Under core->lock. */
static bool msg_rx_busy(const struct lnet_msg *msg)
{
	return msg->rx_claimed || (msg->stx && msg->stx->busy);
}

/* May a waiting message be sent again now?  Under core->lock. */
static bool msg_resendable_locked(const struct lnet_msg *msg)
{
	return msg->tx_done && !msg->resp_done && !msg_rx_busy(msg) && !msg->pinned &&
	       msg->retries < LNET_MAX_RETRIES;
}

/**
 * lnet_msg_resend_claim_locked() - may a waiting request be sent again now?
 * @msg: the request
 *
 * Under core->lock.  On true the caller owns sending it again and calls
 * lnet_msg_resend() once the lock is dropped: the message's send is no
 * longer done, so nothing else finishes it meanwhile.
 *
 * Return: whether it is to be sent again.
 */
bool lnet_msg_resend_claim_locked(struct lnet_msg *msg)
{
	if (!msg->wait_id || !msg_resendable_locked(msg))
		return false;
	msg->tx_done = false;
	return true;
}

/*
 * Would the answer @msg waits for come over @rail (from peer NID @nid, or
 * any when 0)?  Under core->lock.
 */
static bool answer_may_come_via_locked(const struct lnet_msg *msg,
				       const struct lnetmr_rail *rail, lnet_nid_t nid)
{
	const struct lnet_stripe_tx *stx = msg->stx;

	if (!stx)	/* the way the request went */
		return msg->rail == rail && (!nid || msg->hdr.dest_nid == nid);
	/* REPLY stripes come every way their GET stripes went */
	if (msg->hdr.type == LNET_MSG_GET)
		return true;
	/* a PUT's ACK comes the way of its stripe 0 */
	return stx->ack_rail == rail && (!nid || stx->ack_nid == nid);
}

/**
 * lnet_resend_path_waiters() - a path failed: send again what went out on
 *	it and waits for an answer that cannot come back that way
 * @core: the core
 * @rail: the rail of the path (its link went down)
 * @nid: the peer NID of the path, or 0 for every path of @rail
 *
 * The peer may see such a request twice; LNet operations are idempotent
 * for the data they move, and the second answer finds no waiter.
 */
void lnet_resend_path_waiters(struct lnet_core *core, struct lnetmr_rail *rail,
			      lnet_nid_t nid)
{
	struct lnet_msg *msg, *tmp;
	LIST_HEAD(again);

	spin_lock(&core->lock);
	list_for_each_entry(msg, &core->wait_list, wait_link) {
		if (!answer_may_come_via_locked(msg, rail, nid) || !msg_resendable_locked(msg))
			continue;
		/* it stays registered: whichever answer comes first is taken */
		msg->tx_done = false;
		list_add_tail(&msg->credit_link, &again);
	}
	spin_unlock(&core->lock);
	list_for_each_entry_safe(msg, tmp, &again, credit_link) {
		list_del_init(&msg->credit_link);
		lnet_msg_resend(msg, -ENETDOWN);
	}
}

/**
 * lnet_msg_tx_done() - the transport finished sending a message
 * @msg: the message
 * @status: 0 or a negative errno
 *
 * Called by the driver's send path once credits were returned.
 */
void lnet_msg_tx_done(struct lnet_msg *msg, int status)
{
	struct lnet_core *core = msg->core;
	bool waits = msg->hdr.type == LNET_MSG_GET ||
		     (msg->hdr.type == LNET_MSG_PUT && msg->ack_wanted);
	bool finish, unwaited = false, retry;

	if (msg->parent) {
		/* a stripe of ours: another path if it failed, else its parent counts it */
		lnetmr_account_tx(msg, status, true);
		if (status && msg->retries < LNET_MAX_RETRIES && path_error(status)) {
			lnet_msg_resend(msg, status);
			return;
		}
		lnet_stripe_child_done(msg, status);
		return;
	}
	/* a striped request has no path of its own: its stripes were counted */
	if (!msg->stx)
		lnetmr_account_tx(msg, status, waits && msg->kind == LNET_MSG_KIND_REQUEST);

	/*
	 * A message whose path failed goes another way, if there is one; not
	 * a REPLY written into its GET's sink, whose key is good only on the
	 * connection the GET came in on (the GET goes again instead).
	 */
	retry = status && msg->kind != LNET_MSG_KIND_TARGET && msg->rail && !msg->pinned &&
		!msg->tx.reply_to && msg->retries < LNET_MAX_RETRIES && path_error(status);
	if (retry && waits && msg->kind == LNET_MSG_KIND_REQUEST) {
		/* not if its answer came, or is landing: that finishes it */
		spin_lock(&core->lock);
		retry = !msg->resp_done && !msg_rx_busy(msg);
		spin_unlock(&core->lock);
	}
	if (retry) {
		lnet_msg_resend(msg, status);
		return;
	}

	if (msg->kind == LNET_MSG_KIND_RESPONSE) {
		/* sending our REPLY is what completes a peer's GET on our MD */
		if (msg->srx)
			lnet_stripe_rx_done(msg, status);	/* one stripe of it */
		else if (msg->hdr.type == LNET_MSG_REPLY)
			lnet_msg_event(msg, LNET_EVENT_GET, status);
		lnet_msg_free(msg);
		return;
	}
	if (!waits) {
		lnet_msg_event(msg, LNET_EVENT_SEND, status);
		lnet_msg_free(msg);
		return;
	}

	/*
	 * SEND first: once tx_done is published, the answer's path may finish
	 * and free the message at any time.
	 */
	lnet_msg_event(msg, LNET_EVENT_SEND, status);

	spin_lock(&core->lock);
	msg->tx_done = true;
	msg->tx_status = status;
	msg->path_deadline = jiffies +
		msecs_to_jiffies(lnetmr_node_setting(core->node, LNETMR_SET_TIMEOUT));
	/* a REPLY landing in its MD is left to finish it */
	if (status && !msg_rx_busy(msg))
		unwaited = msg_unwait_locked(msg);
	if (unwaited) {
		msg->resp_done = true;
		msg->resp_status = status;
	}
	finish = msg->resp_done;
	spin_unlock(&core->lock);

	if (finish) {
		lnet_msg_event(msg, msg->ev_type, msg->tx_status ?: msg->resp_status);
		lnet_msg_free(msg);
	}
}

/**
 * lnet_send_request() - send a PUT or a GET from an MD
 * @core: the core
 * @req: what to send
 *
 * Return: 0 when the message is on its way (its events report how it
 * ends), or a negative errno and no event.
 */
int lnet_send_request(struct lnet_core *core, const struct lnet_request *req)
{
	u32 type = req->type, portal = req->portal, offset = req->offset;
	u64 match_bits = req->match_bits, hdr_data = req->hdr_data;
	lnet_nid_t target = req->target;
	bool waits = type == LNET_MSG_GET || req->ack;
	bool stripable = lnet_stripe_possible(core, req);
	struct lnet_msg *msg;
	struct lnet_md *md;
	u32 wait_id = 0;
	int err;

	if (portal >= LNET_MAX_PORTALS || target == LNET_NID_ANY)
		return -EINVAL;
	msg = lnet_msg_alloc(core);
	if (!msg)
		return -ENOMEM;
	/*
	 * Everything that can fail happens before the MD is used, so that a
	 * failed call leaves the MD as it was (and delivers no event): the
	 * answer's slot is reserved now and filled in below.
	 */
	if (waits) {
		spin_lock(&core->lock);
		err = xa_alloc_cyclic(&core->waiting, &wait_id, NULL, WAIT_ID_LIMIT,
				      &core->next_wait_id, GFP_ATOMIC);
		spin_unlock(&core->lock);
		if (err < 0) {
			kfree(msg);
			return err;
		}
	}
	/* above 1 MiB only in stripes (to an lnetmr peer) */
	md = lnet_md_get_active(core, req->mdh, stripable ? LNETMR_MAX_XFER : LNET_MTU, &err);
	if (!md) {
		if (waits)
			xa_erase(&core->waiting, wait_id);
		kfree(msg);
		return err;
	}
	msg->md = md;

	msg->kind = LNET_MSG_KIND_REQUEST;
	msg->pinned = req->pinned;
	msg->via = req->via;
	msg->target = target;
	msg->portal = portal;
	msg->match_bits = match_bits;
	msg->hdr_data = hdr_data;
	msg->hdr.dest_nid = target;
	msg->hdr.type = type;
	msg->rlength = md->desc.length;
	msg->mlength = md->desc.length;
	if (type == LNET_MSG_PUT) {
		struct lnet_put_body *put = &msg->hdr.msg.put;

		msg->hdr.payload_length = md->desc.length;
		lnet_md_window(md, 0, md->desc.length, &msg->tx.payload);
		put->match_bits = match_bits;
		put->hdr_data = hdr_data;
		put->ptl_index = portal;
		put->offset = offset;
		put->ack_wmd.interface_cookie = LNET_WIRE_HANDLE_COOKIE_NONE;
		put->ack_wmd.object_cookie = LNET_WIRE_HANDLE_COOKIE_NONE;
		msg->ack_wanted = req->ack;
		msg->ev_type = LNET_EVENT_ACK;
	} else {
		struct lnet_get_body *get = &msg->hdr.msg.get;

		get->match_bits = match_bits;
		get->ptl_index = portal;
		get->src_offset = offset;
		get->sink_length = md->desc.length;
		lnet_md_window(md, 0, md->desc.length, &msg->tx.sink);
		msg->ev_type = LNET_EVENT_REPLY;
	}

	if (waits) {
		struct lnet_handle_wire *wmd = type == LNET_MSG_GET ?
			&msg->hdr.msg.get.return_wmd : &msg->hdr.msg.put.ack_wmd;
		u32 timeout_ms = req->timeout_ms ?:
				 lnetmr_node_setting(core->node, LNETMR_SET_TRANSACTION_TIMEOUT);

		wmd->interface_cookie = core->iface_cookie;
		wmd->object_cookie = wait_id;
		spin_lock(&core->lock);
		msg->wait_id = wait_id;
		msg->deadline = jiffies + msecs_to_jiffies(timeout_ms);
		list_add_tail(&msg->wait_link, &core->wait_list);
		/* the slot is reserved: storing into it needs no memory */
		xa_store(&core->waiting, wait_id, msg, GFP_ATOMIC);
		spin_unlock(&core->lock);
	} else {
		msg->resp_done = true;
	}
	if (stripable && !lnet_stripe_setup(msg))
		msg->stx = &msg->stripes;	/* it goes in stripes */
	lnetmr_send(core->node, msg);
	return 0;
}

/*
 * An ACK or REPLY came in: the message waiting for it.  An ACK's is taken
 * off the table; a REPLY's stays there, claimed, until its payload landed
 * (see lnetmr_rx_end()).  The answer may come from any NID of the peer
 * the request went to: after a failure it may have been resent, or
 * answered, another way.
 */
static struct lnet_msg *waiter_claim(struct lnet_core *core, const struct lnet_hdr *hdr)
{
	const struct lnet_handle_wire *wmd = hdr->type == LNET_MSG_ACK ?
		&hdr->msg.ack.dst_wmd : &hdr->msg.reply.dst_wmd;
	u32 want = hdr->type == LNET_MSG_ACK ? LNET_MSG_PUT : LNET_MSG_GET;
	struct lnet_msg *msg;

	if (wmd->interface_cookie != core->iface_cookie ||
	    !wmd->object_cookie || wmd->object_cookie > U32_MAX)
		return NULL;
	spin_lock(&core->lock);
	msg = xa_load(&core->waiting, wmd->object_cookie);
	/* a striped GET takes REPLY stripes only (a striped PUT's ACK is whole) */
	if (msg && (msg->hdr.type != want || msg->rx_claimed ||
		    (want == LNET_MSG_GET && !msg->stx != !hdr->striped) ||
		    !lnetmr_peer_same(core->node, msg->target, hdr->src_nid)))
		msg = NULL;
	if (msg && msg->stx && want == LNET_MSG_GET) {
		/* one stripe of the REPLY: others may land at the same time */
		if (!lnet_stripe_reply_claim_locked(msg, hdr))
			msg = NULL;
	} else if (msg && want == LNET_MSG_GET) {
		msg->rx_claimed = true;
	} else if (msg) {
		msg_unwait_locked(msg);
	}
	spin_unlock(&core->lock);
	return msg;
}

struct lnet_msg *lnet_response_new(struct lnet_core *core, struct lnetmr_rail *rail,
				   const struct lnet_hdr *req, u32 type)
{
	struct lnet_msg *resp = lnet_msg_alloc(core);

	if (!resp)
		return NULL;
	resp->kind = LNET_MSG_KIND_RESPONSE;
	resp->hdr.type = type;
	resp->hdr.dest_nid = req->src_nid;
	resp->hdr.dest_pid = req->src_pid;
	resp->target = req->src_nid;
	resp->rail = lnetmr_rail_get(rail);
	if (!resp->rail) {
		kfree(resp);
		return NULL;
	}
	return resp;
}

/* Incoming PUT or GET: match it and prepare what follows. */
static int rx_put_get(struct lnet_core *core, struct lnetmr_rail *rail,
		      const struct lnet_hdr *hdr, struct lnet_rx *rx)
{
	struct lnet_msg *msg;
	struct lnet_md *md;
	u32 offset, mlength;
	bool outside;

	if (hdr->type == LNET_MSG_GET && hdr->payload_length)
		return -EPROTO;
	if (hdr->striped)
		return lnet_stripe_rx_begin(core, rail, hdr, rx);
	md = lnet_match(core, hdr, &offset, &mlength, &outside);
	if (!md && outside) {
		/* it names memory it may address, then points outside it */
		lnetmr_rail_count(rail, LNETMR_STAT_PROTO_ERRORS, 1);
		return -EPROTO;
	}
	if (!md)
		return -ENOENT;

	if (hdr->type == LNET_MSG_GET) {
		/* the REPLY carries the MD's data; its completion is the GET event */
		msg = lnet_response_new(core, rail, hdr, LNET_MSG_REPLY);
		if (!msg) {
			lnet_md_op_done(md);
			return -ENOMEM;
		}
		msg->md = md;
		msg->offset = offset;
		msg->rlength = hdr->msg.get.sink_length;
		msg->mlength = mlength;
		msg->portal = hdr->msg.get.ptl_index;
		msg->match_bits = hdr->msg.get.match_bits;
		msg->hdr.msg.reply.dst_wmd = hdr->msg.get.return_wmd;
		msg->hdr.payload_length = mlength;
		lnet_md_window(md, offset, mlength, &msg->tx.payload);
		/* over RDMA, it is written into the GET's sink */
		msg->tx.reply_to = rx->xprt_ctx;
		rx->mlen = 0;
		rx->rlen = 0;
	} else {
		msg = lnet_msg_alloc(core);
		if (!msg) {
			lnet_md_op_done(md);
			return -ENOMEM;
		}
		msg->kind = LNET_MSG_KIND_TARGET;
		msg->hdr = *hdr;
		msg->md = md;
		msg->portal = hdr->msg.put.ptl_index;
		msg->match_bits = hdr->msg.put.match_bits;
		msg->hdr_data = hdr->msg.put.hdr_data;
		msg->rail = lnetmr_rail_get(rail);
		msg->offset = offset;
		msg->rlength = hdr->payload_length;
		msg->mlength = mlength;
		msg->resp_wmd = hdr->msg.put.ack_wmd;
		msg->ack_wanted = hdr->msg.put.ack_wmd.object_cookie !=
				  LNET_WIRE_HANDLE_COOKIE_NONE &&
				  !(md->desc.options & LNET_MD_ACK_DISABLE);
		rx->mlen = mlength;
		rx->rlen = hdr->payload_length;
		lnet_rx_window(rx, md, offset, mlength);
	}
	rx->priv = msg;
	return 0;
}

/* Incoming REPLY: its payload lands in the GET's MD. */
static int rx_reply(struct lnet_core *core, const struct lnet_hdr *hdr,
		    struct lnet_rx *rx)
{
	struct lnet_msg *msg = waiter_claim(core, hdr);
	u32 len, offset = 0;

	if (!msg)
		return -ENOENT;
	if (hdr->striped) {
		/* the stripe lands at its place (the claim checked it is inside) */
		offset = hdr->stripe.offset;
		rx->stripe_index = hdr->stripe.index;
		rx->stripe_xfer_length = hdr->stripe.xfer_length;
		len = min_t(u32, hdr->payload_length, msg->md->desc.length - offset);
	} else {
		len = min_t(u32, hdr->payload_length, msg->md->desc.length);
		msg->mlength = len;
	}
	rx->mlen = len;
	rx->rlen = hdr->payload_length;
	lnet_rx_window(rx, msg->md, offset, len);
	rx->priv = msg;
	return 0;
}

/**
 * lnet_rx_window() - where a received message's payload lands
 * @rx: the message
 * @md: the MD it lands in
 * @offset: where in the MD
 * @len: how many bytes (rx->mlen)
 */
void lnet_rx_window(struct lnet_rx *rx, const struct lnet_md *md, u32 offset, u32 len)
{
	lnet_md_window(md, offset, len, &rx->win);
	if (len)
		lnet_iov_iter(&rx->win, &rx->iter, ITER_DEST);
	else
		iov_iter_kvec(&rx->iter, ITER_DEST, NULL, 0, 0);
}

/**
 * lnet_rx_begin() - a transport received an LNet header
 * @rail: the rail it came in on
 * @from: the peer NID of the connection
 * @hdr: the decoded header
 * @rx: receives where the payload goes
 *
 * See lnet/transport.h.
 *
 * Return: 0, or -EPROTO (close the connection), or another negative errno
 * (discard the payload).
 */
int lnet_rx_begin(struct lnetmr_rail *rail, lnet_nid_t from,
		  const struct lnet_hdr *hdr, struct lnet_rx *rx)
{
	struct lnetmr_node *node = lnetmr_rail_node(rail);
	struct lnet_core *core = lnetmr_node_core(node);
	struct lnet_msg *msg;
	int err;

	rx->priv = NULL;
	rx->mlen = 0;
	rx->rlen = hdr->payload_length;
	memset(&rx->win, 0, sizeof(rx->win));
	/* we route nothing: a message says it is from the connection's peer */
	if (hdr->src_nid != from) {
		lnetmr_rail_count(rail, LNETMR_STAT_PROTO_ERRORS, 1);
		return -EPROTO;
	}
	if (!lnetmr_is_local_nid(node, hdr->dest_nid) ||
	    hdr->dest_pid != LNET_PID_LUSTRE) {
		err = -ENOENT;
		goto drop;
	}

	switch (hdr->type) {
	case LNET_MSG_PUT:
	case LNET_MSG_GET:
		err = rx_put_get(core, rail, hdr, rx);
		rx->rail = rail;	/* counts an abort of the payload */
		rx->from = hdr->src_nid;
		break;
	case LNET_MSG_ACK:
		if (hdr->payload_length)
			return -EPROTO;
		msg = waiter_claim(core, hdr);
		if (!msg) {
			err = -ENOENT;
			break;
		}
		msg->mlength = min(hdr->msg.ack.mlength, msg->rlength);
		lnetmr_account_rx(rail, hdr, 0);
		lnetmr_health_answer(rail, hdr->src_nid, 0);
		lnet_msg_resp_complete(msg, 0);
		rx->rlen = 0;
		return 0;
	case LNET_MSG_REPLY:
		err = rx_reply(core, hdr, rx);
		rx->rail = rail;
		rx->from = hdr->src_nid;
		break;
	default:
		return -EPROTO;
	}
	if (!err) {
		lnetmr_account_rx(rail, hdr, rx->mlen);
		return 0;
	}
	if (err == -EPROTO)
		return err;
drop:
	lnetmr_rail_count(rail, LNETMR_STAT_RX_DROPS, 1);
	return err;
}

/* A peer's PUT landed: PUT event, then the ACK it asked for. */
void lnet_target_put_done(struct lnet_msg *msg, int status)
{
	struct lnet_msg *ack = NULL;

	lnet_msg_event(msg, LNET_EVENT_PUT, status);
	if (!status && msg->ack_wanted)
		ack = lnet_response_new(msg->core, msg->rail, &msg->hdr, LNET_MSG_ACK);
	if (ack) {
		struct lnet_ack_body *body = &ack->hdr.msg.ack;

		body->dst_wmd = msg->resp_wmd;
		body->match_bits = msg->match_bits;
		body->mlength = msg->mlength;
		lnetmr_send(msg->core->node, ack);
	}
	lnet_msg_free(msg);
}

/*
 * The payload of a claimed REPLY is in, or its connection broke half way:
 * then the GET goes another way when it can (or waits for its timeouts).
 */
static void reply_landed(struct lnet_msg *msg, int status)
{
	struct lnet_core *core = msg->core;
	bool lost = status && path_error(status), again = false;

	spin_lock(&core->lock);
	msg->rx_claimed = false;
	if (!lost)
		msg_unwait_locked(msg);
	else if (msg_resendable_locked(msg))
		again = true;
	if (again)
		msg->tx_done = false;
	spin_unlock(&core->lock);
	if (again)
		lnet_msg_resend(msg, status);
	else if (!lost)
		lnet_msg_resp_complete(msg, status);
	/* else it still waits: its timeouts decide */
}

/**
 * lnet_rx_end() - the payload of a received message is in (or not)
 * @rx: as filled by lnet_rx_begin()
 * @status: 0 or a negative errno
 */
void lnet_rx_end(struct lnet_rx *rx, int status)
{
	struct lnet_msg *msg = rx->priv;

	if (!msg)
		return;
	if (status && rx->rail)
		lnetmr_rail_count(rx->rail, LNETMR_STAT_RX_ABORTS, 1);
	switch (msg->kind) {
	case LNET_MSG_KIND_RESPONSE:
		/* a peer's GET was read in: send our REPLY */
		if (status) {
			if (msg->srx)
				lnet_stripe_rx_done(msg, status);
			lnet_msg_free(msg);
			break;
		}
		lnetmr_send(msg->core->node, msg);
		break;
	case LNET_MSG_KIND_TARGET:
		lnet_target_put_done(msg, status);
		break;
	case LNET_MSG_KIND_REQUEST:
		/* the REPLY to our GET, or one stripe of it: its path worked, or not */
		lnetmr_health_answer(rx->rail, rx->from, status);
		if (msg->stx)
			lnet_stripe_reply_landed(msg, rx->stripe_index, rx->stripe_xfer_length,
						 0, status);
		else
			reply_landed(msg, status);
		break;
	case LNET_MSG_KIND_STRIPE_RX:
		lnet_stripe_rx_done(msg, status);
		lnet_msg_free(msg);
		break;
	}
}

/**
 * lnet_tx_reply_landed() - the REPLY to one of our GETs was written into
 *	its sink by RDMA (no REPLY message crossed the wire)
 * @tx: the GET, or a stripe of a striped GET, still held by its transport
 *	(which completes it next)
 * @rail: the rail it went on
 * @from: the peer NID that answered
 * @mlen: bytes written into the sink
 *
 * The GET completes as if its REPLY had landed; a stripe counts as landed
 * in its striped GET.  A GET that timed out meanwhile is left alone.
 */
void lnet_tx_reply_landed(struct lnet_tx *tx, struct lnetmr_rail *rail, lnet_nid_t from,
			  u32 mlen)
{
	struct lnet_msg *msg = container_of(tx, struct lnet_msg, tx);
	struct lnet_msg *parent = msg->parent;
	struct lnet_core *core = msg->core;
	struct lnet_hdr reply = {
		.type = LNET_MSG_REPLY,
		.src_nid = from,
		.dest_nid = msg->hdr.src_nid,
		.payload_length = mlen,
		.striped = parent,
	};
	bool claimed;

	lnetmr_account_rx(rail, &reply, mlen);
	lnetmr_health_answer(rail, from, 0);
	if (parent) {
		u64 bit = BIT_ULL(msg->stripe_index);
		struct lnet_stripe_tx *stx = parent->stx;

		spin_lock(&core->lock);
		claimed = parent->wait_id && !((stx->done | stx->busy) & bit);
		if (claimed)
			stx->busy |= bit;
		spin_unlock(&core->lock);
		if (claimed)
			lnet_stripe_reply_landed(parent, msg->stripe_index,
						 LNET_STRIPE_XFER_UNKNOWN,
						 msg->hdr.stripe.offset + mlen, 0);
		return;
	}
	spin_lock(&core->lock);
	claimed = !msg->rx_claimed && msg_unwait_locked(msg);
	if (claimed)
		msg->mlength = min(mlen, msg->md->desc.length);
	spin_unlock(&core->lock);
	if (claimed)
		lnet_msg_resp_complete(msg, 0);
}

/* Fail the waiting messages @match selects. */
static void fail_waiters(struct lnet_core *core, int status,
			 bool (*match)(const struct lnet_msg *msg, const void *arg),
			 const void *arg)
{
	struct lnet_msg *msg, *tmp;
	LIST_HEAD(failed);

	spin_lock(&core->lock);
	list_for_each_entry_safe(msg, tmp, &core->wait_list, wait_link) {
		/* a REPLY landing in its MD finishes it */
		if (msg_rx_busy(msg) || !match(msg, arg))
			continue;
		msg_unwait_locked(msg);
		list_add_tail(&msg->wait_link, &failed);
	}
	spin_unlock(&core->lock);

	list_for_each_entry_safe(msg, tmp, &failed, wait_link) {
		list_del_init(&msg->wait_link);
		lnet_msg_resp_complete(msg, status);
	}
}

/*
 * Sent to the peer already: its answer was to come from the instance that
 * is gone.  Messages the transport still holds go to the new instance (or
 * fail on their own if they were on a connection to the old one).
 */
static bool match_peer_sent(const struct lnet_msg *msg, const void *arg)
{
	return msg->hdr.dest_nid == *(const lnet_nid_t *)arg && msg->tx_done;
}

static bool match_md(const struct lnet_msg *msg, const void *arg)
{
	return msg->md == arg;
}

static bool match_expired(const struct lnet_msg *msg, const void *arg)
{
	return time_after_eq(jiffies, msg->deadline);
}

static bool match_all(const struct lnet_msg *msg, const void *arg)
{
	return true;
}

/**
 * lnet_fail_peer_waiters() - fail what waits for an answer from a peer
 *	that restarted
 * @core: the core
 * @peer: the peer NID
 * @status: the error the messages end with
 *
 * Only messages already sent are failed; see match_peer_sent().
 */
void lnet_fail_peer_waiters(struct lnet_core *core, lnet_nid_t peer, int status)
{
	fail_waiters(core, status, match_peer_sent, &peer);
}

void lnet_fail_md_waiters(struct lnet_core *core, struct lnet_md *md, int status)
{
	fail_waiters(core, status, match_md, md);
}

void lnet_fail_all_waiters(struct lnet_core *core, int status)
{
	fail_waiters(core, status, match_all, NULL);
}

/* Periodic: fail the messages whose answer is overdue. */
void lnet_timeout_work(struct work_struct *work)
{
	struct lnet_core *core = container_of(to_delayed_work(work), struct lnet_core,
					      timeout_work);
	struct lnet_msg *msg, *tmp;
	LIST_HEAD(expired);
	LIST_HEAD(again);

	spin_lock(&core->lock);
	list_for_each_entry_safe(msg, tmp, &core->wait_list, wait_link) {
		if (msg_rx_busy(msg))
			continue;
		if (match_expired(msg, NULL)) {
			msg_unwait_locked(msg);
			list_add_tail(&msg->wait_link, &expired);
			continue;
		}
		if (!msg->tx_done || msg->resp_done ||
		    time_before(jiffies, msg->path_deadline))
			continue;
		/* no answer on this path in time: it failed, try another */
		if (msg->stx)	/* its stripes had the paths: the node counts it */
			lnetmr_node_count(core->node, LNETMR_STAT_FAIL_TIMEOUT, 1);
		else
			lnetmr_health_failed(msg->rail, msg->peer, -ETIMEDOUT);
		if (msg_resendable_locked(msg)) {
			msg->tx_done = false;
			list_add_tail(&msg->credit_link, &again);
		} else {
			msg->path_deadline = msg->deadline;	/* counted once */
		}
	}
	spin_unlock(&core->lock);

	list_for_each_entry_safe(msg, tmp, &again, credit_link) {
		list_del_init(&msg->credit_link);
		lnet_msg_resend(msg, -ETIMEDOUT);
	}
	list_for_each_entry_safe(msg, tmp, &expired, wait_link) {
		list_del_init(&msg->wait_link);
		lnetmr_count_timeout(msg);
		lnet_msg_resp_complete(msg, -ETIMEDOUT);
	}
	lnet_stripe_rx_expire(core);
	queue_delayed_work(lnetmr_wq, &core->timeout_work, LNET_TIMEOUT_TICK);
}

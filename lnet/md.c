// SPDX-License-Identifier: GPL-2.0
/*
 * md.c - memory descriptors, match entries and event delivery.
 */
#include <linux/slab.h>

#include "core.h"

#define MD_ID_LIMIT	XA_LIMIT(1, U32_MAX)

static void md_free(struct kref *ref)
{
	struct lnet_md *md = container_of(ref, struct lnet_md, ref);

	kfree(md->me);
	kfree(md);
}

void lnet_md_put(struct lnet_md *md)
{
	kref_put(&md->ref, md_free);
}

/* bytes the descriptor's vectors add up to */
static size_t desc_bytes(const struct lnet_md_desc *desc)
{
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < desc->nr; i++)
		n += desc->is_kvec ? desc->kvec[i].iov_len : desc->bvec[i].bv_len;
	return n;
}

/**
 * lnet_md_new() - create an MD, optionally behind a match entry
 * @core: the core
 * @desc: the user's description
 * @me: a match entry to attach on its portal (taken over), or NULL
 * @handle: receives the MD's handle
 *
 * Return: 0 or a negative errno (the ME is freed on error).
 */
int lnet_md_new(struct lnet_core *core, const struct lnet_md_desc *desc,
		struct lnet_me *me, struct lnet_handle_md *handle)
{
	struct lnet_md *md;
	int err;

	if (!desc->handler || desc->nr > LNET_MD_MAX_IOV ||
	    (desc->nr && !desc->kvec) || (!desc->nr && desc->length) ||
	    (desc->threshold < 0 && desc->threshold != LNET_MD_THRESH_INF)) {
		kfree(me);
		return -EINVAL;
	}
	if (desc_bytes(desc) < desc->length) {
		kfree(me);
		return -EINVAL;
	}
	md = kzalloc(sizeof(*md), GFP_KERNEL);
	if (!md) {
		kfree(me);
		return -ENOMEM;
	}
	kref_init(&md->ref);
	md->core = core;
	md->desc = *desc;
	md->threshold = desc->threshold;
	md->me = me;

	spin_lock(&core->lock);
	err = xa_alloc_cyclic(&core->mds, &md->id, md, MD_ID_LIMIT, &core->next_md_id,
			      GFP_ATOMIC);
	if (err > 0)
		err = 0;	/* wrapped around */
	if (!err && me) {
		me->md = md;
		list_add_tail(&me->link, &core->portals[me->portal]);
	}
	spin_unlock(&core->lock);
	if (err) {
		lnet_md_put(md);
		return err;
	}
	handle->cookie = md->id;
	return 0;
}

/* Unlink under core->lock; true when the MD can go now. */
static bool md_unlink_locked(struct lnet_md *md)
{
	if (!md->unlinked) {
		md->unlinked = true;
		if (md->me)
			list_del(&md->me->link);
		xa_erase(&md->core->mds, md->id);
	}
	return md->inflight == 0;
}

static void md_finish(struct lnet_md *md)
{
	struct lnet_event ev = {
		.type = LNET_EVENT_UNLINK,
		.md.cookie = md->id,
		.user_ptr = md->desc.user_ptr,
	};

	md->desc.handler(&ev);
	lnet_md_put(md);	/* the table's reference */
}

/**
 * lnet_md_get_active() - a usable MD by handle, for a new operation
 * @core: the core
 * @h: the handle
 * @max_length: the largest MD the operation can move
 * @err: receives -ENOENT (no such MD, or no operation left) or -EMSGSIZE
 *
 * Takes a reference and counts the operation in flight (pair with
 * lnet_md_op_done()), and consumes one operation of the threshold.
 *
 * Return: the MD, or NULL (and *@err) leaving the MD untouched.
 */
struct lnet_md *lnet_md_get_active(struct lnet_core *core, struct lnet_handle_md h,
				   u32 max_length, int *err)
{
	struct lnet_md *md;
	bool finish = false;

	*err = -ENOENT;
	if (!h.cookie || h.cookie > U32_MAX)
		return NULL;
	spin_lock(&core->lock);
	md = xa_load(&core->mds, h.cookie);
	if (!md || md->unlinked || !md->threshold) {
		spin_unlock(&core->lock);
		return NULL;
	}
	if (md->desc.length > max_length) {
		spin_unlock(&core->lock);
		*err = -EMSGSIZE;
		return NULL;
	}
	kref_get(&md->ref);
	md->inflight++;
	if (md->threshold != LNET_MD_THRESH_INF && --md->threshold == 0)
		finish = md_unlink_locked(md);
	spin_unlock(&core->lock);
	WARN_ON_ONCE(finish);	/* inflight > 0 here */
	return md;
}

/**
 * lnet_md_op_done() - an operation on an MD is over
 * @md: the MD, as returned by lnet_md_get_active() or lnet_match()
 *
 * Delivers the UNLINK event when this was the last operation of an
 * unlinked MD, and drops the operation's reference.
 */
void lnet_md_op_done(struct lnet_md *md)
{
	struct lnet_core *core = md->core;
	bool finish;

	spin_lock(&core->lock);
	finish = --md->inflight == 0 && md->unlinked;
	spin_unlock(&core->lock);
	if (finish)
		md_finish(md);
	lnet_md_put(md);
}

/**
 * lnet_md_unlink_handle() - unlink an MD
 * @core: the core
 * @h: its handle
 *
 * No new operation can use the MD; operations in flight finish, and then
 * the UNLINK event is delivered.  Messages of the MD that wait for an ACK
 * or REPLY are failed with -ECANCELED at once.
 *
 * Return: 0 or -ENOENT.
 */
int lnet_md_unlink_handle(struct lnet_core *core, struct lnet_handle_md h)
{
	struct lnet_md *md;
	bool finish;

	if (!h.cookie || h.cookie > U32_MAX)
		return -ENOENT;
	spin_lock(&core->lock);
	md = xa_load(&core->mds, h.cookie);
	if (!md || md->unlinked) {
		spin_unlock(&core->lock);
		return -ENOENT;
	}
	finish = md_unlink_locked(md);
	if (!finish)
		kref_get(&md->ref);	/* across the failing of its waiters */
	spin_unlock(&core->lock);
	if (finish) {
		md_finish(md);
	} else {
		lnet_fail_md_waiters(core, md, -ECANCELED);
		lnet_md_put(md);
	}
	return 0;
}

/**
 * lnet_md_window() - describe part of an MD's memory
 * @md: the MD
 * @offset: start, in bytes
 * @len: length, in bytes (offset + len <= the MD's length)
 * @iov: receives the window
 */
void lnet_md_window(const struct lnet_md *md, u32 offset, u32 len, struct lnet_iov *iov)
{
	iov->is_kvec = md->desc.is_kvec;
	iov->kvec = md->desc.kvec;
	iov->nr = md->desc.nr;
	iov->offset = offset;
	iov->len = len;
}

static bool me_matches(const struct lnet_me *me, u64 match_bits)
{
	return !((me->match_bits ^ match_bits) & ~me->ignore_bits);
}

/**
 * lnet_match() - find the MD an incoming PUT or GET lands in
 * @core: the core
 * @hdr: the message's header
 * @offset: receives the offset in the MD
 * @mlength: receives the length that lands (PUT) or is read (GET)
 * @outside: receives whether the message addressed memory outside an MD
 *
 * Takes the operation on the MD as lnet_md_get_active() does.
 *
 * A message longer than what an MD holds from its offset matches only an
 * MD with LNET_MD_TRUNCATE; otherwise it is dropped, as stock LNet drops
 * it, and its connection goes on.
 *
 * Return: the MD; or NULL with *@outside set when an MD whose memory the
 * initiator addresses (LNET_MD_MANAGE_REMOTE) matched and the initiator's
 * offset lies beyond its end (a protocol violation), or with *@outside
 * clear when nothing takes the message.
 */
struct lnet_md *lnet_match(struct lnet_core *core, const struct lnet_hdr *hdr,
			   u32 *offset, u32 *mlength, bool *outside)
{
	struct lnet_md *md;

	spin_lock(&core->lock);
	md = lnet_match_locked(core, hdr, offset, mlength, outside);
	spin_unlock(&core->lock);
	return md;
}

/**
 * lnet_match_locked() - lnet_match() under core->lock
 * @core: the core, locked
 * @hdr: the message's header (a striped transfer's: as one message)
 * @offset: receives the offset in the MD
 * @mlength: receives the length that lands (PUT) or is read (GET)
 * @outside: receives whether the message addressed memory outside an MD
 *
 * Return: as lnet_match().
 */
struct lnet_md *lnet_match_locked(struct lnet_core *core, const struct lnet_hdr *hdr,
				  u32 *offset, u32 *mlength, bool *outside)
{
	u32 portal, rlen, roffset, op;
	struct lnet_md *found = NULL;
	bool finish = false;
	struct lnet_me *me;
	u64 bits;

	if (hdr->type == LNET_MSG_PUT) {
		portal = hdr->msg.put.ptl_index;
		bits = hdr->msg.put.match_bits;
		rlen = hdr->payload_length;
		roffset = hdr->msg.put.offset;
		op = LNET_MD_OP_PUT;
	} else {
		portal = hdr->msg.get.ptl_index;
		bits = hdr->msg.get.match_bits;
		rlen = hdr->msg.get.sink_length;
		roffset = hdr->msg.get.src_offset;
		op = LNET_MD_OP_GET;
	}
	*outside = false;
	if (portal >= LNET_MAX_PORTALS)
		return NULL;

	lockdep_assert_held(&core->lock);
	list_for_each_entry(me, &core->portals[portal], link) {
		struct lnet_md *md = me->md;
		bool remote = md->desc.options & LNET_MD_MANAGE_REMOTE;
		u32 off, avail;

		if (!me_matches(me, bits) || !(md->desc.options & op) || !md->threshold)
			continue;
		off = remote ? roffset : md->local_offset;
		if (off > md->desc.length) {
			*outside |= remote;
			continue;
		}
		/* too long for it and not to be cut short: as stock LNet, a drop */
		avail = md->desc.length - off;
		if (rlen > avail && !(md->desc.options & LNET_MD_TRUNCATE))
			continue;
		*offset = off;
		*mlength = min(rlen, avail);
		if (!(md->desc.options & LNET_MD_MANAGE_REMOTE))
			md->local_offset += *mlength;
		kref_get(&md->ref);
		md->inflight++;
		if (md->threshold != LNET_MD_THRESH_INF && --md->threshold == 0)
			finish = md_unlink_locked(md);
		found = md;
		*outside = false;
		break;
	}
	WARN_ON_ONCE(finish);
	return found;
}

/**
 * lnet_md_hold_op() - one more message uses an MD already in use
 * @md: the MD, held by a message
 *
 * For the stripes of a transfer that matched once: they use the MD
 * without another operation of its threshold.  Pair with
 * lnet_md_op_done().
 */
void lnet_md_hold_op(struct lnet_md *md)
{
	struct lnet_core *core = md->core;

	spin_lock(&core->lock);
	kref_get(&md->ref);
	md->inflight++;
	spin_unlock(&core->lock);
}

/**
 * lnet_event_deliver() - hand an event of an MD to its handler
 * @md: the MD
 * @ev: the event; its md and user_ptr fields are filled in here
 */
void lnet_event_deliver(struct lnet_md *md, struct lnet_event *ev)
{
	ev->md.cookie = md->id;
	ev->user_ptr = md->desc.user_ptr;
	md->desc.handler(ev);
}

/**
 * lnet_md_flush() - unlink every MD of a core that is going away
 * @core: the core; no message can be in flight any more
 */
void lnet_md_flush(struct lnet_core *core)
{
	struct lnet_md *md;
	unsigned long id;

	xa_for_each(&core->mds, id, md) {
		struct lnet_handle_md h = { .cookie = id };

		lnet_md_unlink_handle(core, h);
	}
}

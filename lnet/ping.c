// SPDX-License-Identifier: GPL-2.0
/*
 * ping.c - our ping buffer, answered to GETs on portal 0, and pinging
 * others.
 */
#include <linux/slab.h>

#include "core.h"
#include "lnet_node.h"
#include "ping.h"

static void ping_buf_event(const struct lnet_event *ev)
{
	if (ev->type == LNET_EVENT_UNLINK)
		kfree(ev->user_ptr);
}

/**
 * lnetmr_node_ping_features() - the feature bits our ping buffer carries
 * @node: the node
 *
 * Return: NI_STATUS, MULTI_RAIL and lnetmr's STRIPING, with DISCOVERY
 * when it is on.
 */
static u32 lnetmr_node_ping_features(struct lnetmr_node *node)
{
	u32 f = LNET_PING_FEAT_NI_STATUS | LNET_PING_FEAT_MULTI_RAIL |
		LNETMR_PING_FEAT_STRIPING;

	if (lnetmr_node_setting(node, LNETMR_SET_DISCOVERY))
		f |= LNET_PING_FEAT_DISCOVERY;
	return f;
}

/**
 * lnetmr_ping_buf_new() - our ping buffer, encoded
 * @node: the node
 * @seq: sequence number of the interface list (entry 0's status)
 *
 * Return: the buffer (kfree() it), its length in buf->kvec, or NULL.
 */
struct ping_buf *lnetmr_ping_buf_new(struct lnetmr_node *node, u32 seq)
{
	struct lnet_ping_info info = { .pid = LNET_PID_LUSTRE };
	struct lnet_ping_entry *ents;
	struct ping_buf *buf;
	unsigned int n, max;
	int len;

	max = lnetmr_node_nid_count(node) + 1;
	ents = kcalloc(max, sizeof(*ents), GFP_KERNEL);
	buf = kzalloc(struct_size(buf, data, LNET_PING_HDR_SIZE +
				  max * LNET_PING_ENTRY_SIZE), GFP_KERNEL);
	if (!ents || !buf)
		goto err_free;

	/* entry 0 is 0@lo; rails added meanwhile wait for the next update */
	ents[0] = (struct lnet_ping_entry){ .nid = LNET_NID_LO_0, .status = seq };
	n = 1 + lnetmr_node_nids(node, ents + 1, max - 1);
	info.features = lnetmr_node_ping_features(node);
	info.nnis = n;
	len = lnet_ping_info_encode(&info, ents, buf->data,
				    LNET_PING_HDR_SIZE + max * LNET_PING_ENTRY_SIZE);
	if (len < 0)
		goto err_free;
	buf->kvec.iov_base = buf->data;
	buf->kvec.iov_len = len;
	kfree(ents);
	return buf;

err_free:
	kfree(buf);
	kfree(ents);
	return NULL;
}

/**
 * lnet_ping_portal_attach() - post a buffer on the ping portal
 * @core: the core
 * @kvec: the buffer (its iov_len is the MD's length)
 * @op: LNET_MD_OP_GET (our ping buffer, read by pings) or LNET_MD_OP_PUT
 *	(a buffer that takes a push)
 * @threshold: operations before it unlinks itself, or LNET_MD_THRESH_INF
 * @handler: its event handler
 * @user_ptr: handed to @handler
 * @mdh: receives the MD's handle
 *
 * Portal 0 with the ping match bits; the initiator's offset counts and a
 * longer message is truncated, as stock LNet posts it.
 *
 * Return: 0 or a negative errno.
 */
int lnet_ping_portal_attach(struct lnet_core *core, struct kvec *kvec, u32 op, int threshold,
			    lnet_handler_t handler, void *user_ptr, struct lnet_handle_md *mdh)
{
	struct lnet_me *me = kzalloc(sizeof(*me), GFP_KERNEL);
	struct lnet_md_desc desc = {
		.kvec = kvec,
		.nr = 1,
		.is_kvec = true,
		.length = kvec->iov_len,
		.threshold = threshold,
		.options = op | LNET_MD_TRUNCATE | LNET_MD_MANAGE_REMOTE,
		.user_ptr = user_ptr,
		.handler = handler,
	};

	if (!me)
		return -ENOMEM;
	me->portal = LNET_PING_PORTAL;
	me->match_bits = LNET_PING_MATCHBITS;
	return lnet_md_new(core, &desc, me, mdh);	/* @me taken over */
}

/**
 * lnet_ping_buf_update() - post our ping buffer anew
 * @core: the core
 *
 * Return: 0 or a negative errno (the old buffer stays in place).
 */
int lnet_ping_buf_update(struct lnet_core *core)
{
	struct lnetmr_node *node = core->node;
	struct lnet_handle_md old;
	struct ping_buf *buf;
	int err;

	mutex_lock(&core->ping_lock);
	buf = lnetmr_ping_buf_new(node, ++core->ping_seq);
	if (!buf) {
		err = -ENOMEM;
		goto err_free;
	}
	old = core->ping_md;
	err = lnet_ping_portal_attach(core, &buf->kvec, LNET_MD_OP_GET, LNET_MD_THRESH_INF,
				      ping_buf_event, buf, &core->ping_md);
	if (err)
		goto err_free;
	if (old.cookie)
		lnet_md_unlink_handle(core, old);
	mutex_unlock(&core->ping_lock);
	return 0;

err_free:
	mutex_unlock(&core->ping_lock);
	kfree(buf);
	return err;
}

/**
 * lnetmr_core_ping_update() - rebuild our ping buffer
 * @node: the node; its interface list changed
 *
 * Peers that discovered us are pushed the new buffer.
 *
 * Return: 0 or a negative errno (the old buffer stays in place).
 */
int lnetmr_core_ping_update(struct lnetmr_node *node)
{
	int err = lnet_ping_buf_update(lnetmr_node_core(node));

	if (!err)
		lnetmr_discovery_push_all(node);
	return err;
}

/**
 * lnetmr_ping() - ping a peer NID: GET its ping buffer
 * @node: the node
 * @nid: the peer NID
 * @timeout_ms: how long to wait for the answer
 * @res: receives the peer's ping buffer and the round trip
 *
 * The first GET asks for room for 16 interfaces, as stock LNet does (so
 * that on o2ib it fits in one IMMEDIATE message both ways); a peer with
 * more sends its buffer cut to that size, saying how many it has, and is
 * asked again for all of them.
 *
 * Return: 0, -ETIMEDOUT, -EPROTO for an answer that is no ping buffer, or
 * another negative errno.
 */
int lnetmr_ping(struct lnetmr_node *node, lnet_nid_t nid, u32 timeout_ms,
		struct lnetmr_ping_result *res)
{
	size_t size = LNET_PING_MIN_SIZE;
	struct lnet_get_sync_req req = {
		.target = nid,
		.portal = LNET_PING_PORTAL,
		.match_bits = LNET_PING_MATCHBITS,
		.timeout_ms = timeout_ms,
		.pinned = true,		/* a ping tests that very NID */
	};
	bool swab;
	int err, n;

again:
	req.len = size;
	req.buf = kzalloc(size, GFP_KERNEL);
	if (!req.buf)
		return -ENOMEM;
	err = lnet_get_sync(lnetmr_node_core(node), &req);
	if (err)
		goto out_free;

	res->rtt_ns = req.rtt_ns;
	n = lnet_ping_info_decode(req.buf, req.mlength, &res->info, res->ents,
				  LNETMR_PING_MAX_ENTRIES, &swab);
	if (n == -EMSGSIZE && size == LNET_PING_MIN_SIZE &&
	    res->info.nnis <= LNETMR_PING_MAX_ENTRIES) {
		/* cut to what we asked for: ask for all of it */
		size = LNET_PING_HDR_SIZE + res->info.nnis * LNET_PING_ENTRY_SIZE;
		kfree(req.buf);
		goto again;
	}
	if (n < 0) {
		/* not a ping buffer, or more interfaces than any node may have */
		err = -EPROTO;
		goto out_free;
	}
	res->nents = n;
out_free:
	kfree(req.buf);
	return err;
}

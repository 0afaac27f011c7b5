// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: discovery pings and pushes (see discovery.h).
 */
#include <linux/slab.h>

#include "core.h"
#include "discovery.h"
#include "netlink.h"
#include "ni.h"
#include "node.h"
#include "peer.h"
#include "ping.h"

/* most peers one push pass reaches */
#define PUSH_MAX_PEERS		256
/* how long a pushed buffer may wait for its ACK */
#define PUSH_TIMEOUT_MS		10000

static void push_one(struct lnetmr_node *node, lnet_nid_t primary);

/*
 * A peer's ping buffer (a ping's answer or a push) was read: a multi-rail
 * peer's NIDs become one peer, and NIDs it no longer lists are forgotten.
 * NIDs on networks we have no NI on, ours, or another multi-NID peer's
 * are left out.  Announced on the events
 * group.  Returns the peer's primary NID, 0 if nothing was learned.
 */
static lnet_nid_t discovery_learn(struct lnetmr_node *node, const struct lnet_ping_info *info,
				  const struct lnet_ping_entry *ents, unsigned int n)
{
	struct lnetmr_peer_table *table = &node->peers;
	lnet_nid_t nids[LNETMR_PEER_MAX_NIDS], primary;
	unsigned int i, m = 0, bad;
	struct lnetmr_peer_ni *pni;

	if (!lnetmr_node_setting(node, LNETMR_SET_DISCOVERY) || n < 2 ||
	    !lnetmr_peer_nid_ok(node, ents[1].nid, NULL, NULL))
		return 0;
	primary = ents[1].nid;
	if (info->features & LNET_PING_FEAT_MULTI_RAIL) {
		for (i = 2; i < n && m < LNETMR_PEER_MAX_NIDS - 1; i++)
			if (lnetmr_peer_nid_ok(node, ents[i].nid, NULL, NULL))
				nids[m++] = ents[i].nid;
	}
	while (lnetmr_peer_add(node, primary, nids, m, false, &bad) == -EEXIST)
		nids[bad] = nids[--m];	/* leave that one out */
	/* the peer's own list: what it no longer has goes */
	if (info->features & LNET_PING_FEAT_MULTI_RAIL)
		lnetmr_peer_prune(node, primary, ents, n);

	pni = lnetmr_peer_ni_get(node, primary, false);
	if (!pni)
		return 0;
	spin_lock(&table->lock);
	if (pni->peer) {
		WRITE_ONCE(pni->peer->features, info->features);
		WRITE_ONCE(pni->peer->disc_state, LNETMR_DISC_DONE);
	}
	spin_unlock(&table->lock);
	lnetmr_peer_ni_put(pni);
	lnetmr_nl_discovery_notify(node, primary);
	return primary;
}

/**
 * lnetmr_discovery_learn() - a peer's ping buffer came back from a ping
 * @node: the node
 * @info: the buffer's fixed part
 * @ents: its interfaces, entry 0 being 0@lo and entry 1 the primary NID
 * @n: entries in @ents
 *
 * Learns the peer's NIDs (see discovery_learn()) and, as discovery is a
 * ping and a push, pushes our own buffer to a peer that runs discovery:
 * it learns our NIDs, and pushes its own when they change.
 */
void lnetmr_discovery_learn(struct lnetmr_node *node, const struct lnet_ping_info *info,
			    const struct lnet_ping_entry *ents, unsigned int n)
{
	lnet_nid_t primary = discovery_learn(node, info, ents, n);

	if (primary && (info->features & LNET_PING_FEAT_DISCOVERY))
		push_one(node, primary);
}

/**
 * lnetmr_discovery_want() - we are about to send to a peer NID
 * @node: the node
 * @pni: the peer NID
 *
 * A peer never discovered (or whose discovery failed a while ago) is
 * pinged in the background.  Callable in atomic context.
 */
void lnetmr_discovery_want(struct lnetmr_node *node, struct lnetmr_peer_ni *pni)
{
	struct lnetmr_discovery *disc = &node->disc;
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer *peer;
	bool queue = false, done;

	if (!lnetmr_node_setting(node, LNETMR_SET_DISCOVERY) || !READ_ONCE(node->live))
		return;
	/* the common case, without the table lock: discovered already */
	rcu_read_lock();
	peer = READ_ONCE(pni->peer);
	done = peer && READ_ONCE(peer->disc_state) == LNETMR_DISC_DONE;
	rcu_read_unlock();
	if (done)
		return;
	spin_lock(&table->lock);
	peer = pni->peer;
	if (peer && (peer->disc_state == LNETMR_DISC_NONE ||
		     (peer->disc_state == LNETMR_DISC_FAILED &&
		      time_after_eq(jiffies, peer->disc_retry)))) {
		spin_lock(&disc->lock);
		if (disc->nqueue < LNETMR_DISCOVERY_QUEUE) {
			disc->queue[disc->nqueue++] = pni->nid;
			WRITE_ONCE(peer->disc_state, LNETMR_DISC_PENDING);
			queue = true;
		}
		spin_unlock(&disc->lock);
	}
	spin_unlock(&table->lock);
	if (queue)
		queue_work(lnetmr_wq, &disc->ping_work);
}

static void disc_failed(struct lnetmr_node *node, lnet_nid_t nid)
{
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer_ni *pni = lnetmr_peer_ni_get(node, nid, false);

	if (!pni)
		return;
	spin_lock(&table->lock);
	if (pni->peer && pni->peer->disc_state == LNETMR_DISC_PENDING) {
		WRITE_ONCE(pni->peer->disc_state, LNETMR_DISC_FAILED);
		pni->peer->disc_retry = jiffies + LNETMR_DISCOVERY_RETRY;
	}
	spin_unlock(&table->lock);
	lnetmr_peer_ni_put(pni);
}

static void disc_ping_work(struct work_struct *work)
{
	struct lnetmr_node *node = container_of(work, struct lnetmr_node, disc.ping_work);
	struct lnetmr_discovery *disc = &node->disc;
	struct lnetmr_ping_result *res;
	lnet_nid_t nid;

	res = kmalloc(sizeof(*res), GFP_KERNEL);
	for (;;) {
		spin_lock(&disc->lock);
		nid = disc->nqueue ? disc->queue[--disc->nqueue] : 0;
		spin_unlock(&disc->lock);
		if (!nid)
			break;
		if (!res || !READ_ONCE(node->live) ||
		    lnetmr_ping(node, nid, lnetmr_node_setting(node, LNETMR_SET_TIMEOUT), res)) {
			disc_failed(node, nid);
			continue;
		}
		lnetmr_discovery_learn(node, &res->info, res->ents, res->nents);
		/* still pending: its buffer was of no use; not asked again at once */
		disc_failed(node, nid);
	}
	kfree(res);
}

/*
 * Pushes we send: our ping buffer, PUT with an ACK to the peer's portal 0.
 * The buffer goes with the MD's UNLINK event.
 */
static void push_buf_event(const struct lnet_event *ev)
{
	if (ev->type == LNET_EVENT_UNLINK)
		kfree(ev->user_ptr);
}

static void push_one(struct lnetmr_node *node, lnet_nid_t primary)
{
	struct lnet_core *core = node->core;
	struct lnet_handle_md mdh;
	struct lnet_md_desc desc;
	struct ping_buf *buf;
	int err;

	buf = lnetmr_ping_buf_new(node, READ_ONCE(core->ping_seq));
	if (!buf)
		return;
	desc = (struct lnet_md_desc){
		.kvec = &buf->kvec,
		.nr = 1,
		.is_kvec = true,
		.length = buf->kvec.iov_len,
		.threshold = 1,
		.user_ptr = buf,
		.handler = push_buf_event,
	};
	if (lnet_md_new(core, &desc, NULL, &mdh)) {
		kfree(buf);
		return;
	}
	err = lnet_send_request(core, &(struct lnet_request){
					.mdh = mdh,
					.type = LNET_MSG_PUT,
					.ack = true,
					.target = primary,
					.portal = LNET_PING_PORTAL,
					.match_bits = LNET_PING_MATCHBITS,
					.timeout_ms = PUSH_TIMEOUT_MS,
				});
	if (err)
		lnet_md_unlink_handle(core, mdh);	/* its UNLINK event frees @buf */
}

static void disc_push_work(struct work_struct *work)
{
	struct lnetmr_node *node = container_of(work, struct lnetmr_node, disc.push_work);
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer *peer;
	lnet_nid_t *primaries;
	unsigned int i, n = 0;

	if (!lnetmr_node_setting(node, LNETMR_SET_DISCOVERY) || !READ_ONCE(node->live))
		return;
	primaries = kmalloc_array(PUSH_MAX_PEERS, sizeof(*primaries), GFP_KERNEL);
	if (!primaries)
		return;
	spin_lock(&table->lock);
	list_for_each_entry(peer, &table->peers, link) {
		if (n == PUSH_MAX_PEERS)
			break;
		if (peer->disc_state == LNETMR_DISC_DONE &&
		    (peer->features & LNET_PING_FEAT_DISCOVERY))
			primaries[n++] = peer->primary;
	}
	spin_unlock(&table->lock);
	for (i = 0; i < n; i++)
		push_one(node, primaries[i]);
	kfree(primaries);
}

/**
 * lnetmr_discovery_push_all() - tell the peers that our interfaces changed
 * @node: the node
 */
void lnetmr_discovery_push_all(struct lnetmr_node *node)
{
	if (READ_ONCE(node->live))
		queue_work(lnetmr_wq, &node->disc.push_work);
}

/*
 * Pushes we receive: one MD on portal 0 takes one push (threshold 1), is
 * read when its PUT event comes and replaced by a fresh one.
 */
#define PUSH_BUF_SIZE	(LNET_PING_HDR_SIZE + LNETMR_PING_MAX_ENTRIES * LNET_PING_ENTRY_SIZE)

static int push_md_post(struct lnetmr_node *node);

static void push_rx_learn(struct lnetmr_node *node, const struct lnet_event *ev,
			  const u8 *data)
{
	struct lnetmr_ping_result *res = kmalloc(sizeof(*res), GFP_KERNEL);
	unsigned int i;
	bool swab;
	int n;

	if (!res)
		return;
	n = lnet_ping_info_decode(data, ev->mlength, &res->info, res->ents,
				  LNETMR_PING_MAX_ENTRIES, &swab);
	/* a push speaks for its sender only */
	for (i = 1; n > 1 && i < (unsigned int)n; i++) {
		if (res->ents[i].nid == ev->peer_nid) {
			discovery_learn(node, &res->info, res->ents, n);
			break;
		}
	}
	kfree(res);
}

/**
 * struct push_rx_buf - memory of the MD that takes one push
 * @node: the node
 * @kvec: describes @data
 * @data: where the push lands
 */
struct push_rx_buf {
	struct lnetmr_node *node;
	struct kvec kvec;
	u8 data[PUSH_BUF_SIZE];
};

static void push_rx_event(const struct lnet_event *ev)
{
	struct push_rx_buf *buf = ev->user_ptr;
	struct lnetmr_node *node = buf->node;

	switch (ev->type) {
	case LNET_EVENT_PUT:
		if (!ev->status)
			push_rx_learn(node, ev, buf->data);
		if (READ_ONCE(node->live))
			push_md_post(node);
		break;
	case LNET_EVENT_UNLINK:
		kfree(buf);
		break;
	default:
		break;
	}
}

static int push_md_post(struct lnetmr_node *node)
{
	struct push_rx_buf *buf;
	int err;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf->node = node;
	buf->kvec.iov_base = buf->data;
	buf->kvec.iov_len = sizeof(buf->data);
	err = lnet_ping_portal_attach(node->core, &buf->kvec, LNET_MD_OP_PUT, 1, push_rx_event,
				      buf, &node->disc.push_md);
	if (err)
		kfree(buf);
	return err;
}

void lnetmr_discovery_init(struct lnetmr_node *node)
{
	spin_lock_init(&node->disc.lock);
	INIT_WORK(&node->disc.ping_work, disc_ping_work);
	INIT_WORK(&node->disc.push_work, disc_push_work);
}

/**
 * lnetmr_discovery_start() - take pushes
 * @node: the node, its core set up
 *
 * Return: 0 or -ENOMEM.
 */
int lnetmr_discovery_start(struct lnetmr_node *node)
{
	return push_md_post(node);
}

/**
 * lnetmr_discovery_stop() - no more discovery pings or pushes
 * @node: the node, no longer live
 */
void lnetmr_discovery_stop(struct lnetmr_node *node)
{
	cancel_work_sync(&node->disc.ping_work);
	cancel_work_sync(&node->disc.push_work);
}

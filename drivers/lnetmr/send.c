// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: the send path.  A request gets a path, a local rail and one of
 * its peer's NIDs (see select_path(); answers travel on the rail their
 * request came in on), its header is completed with the
 * rail's NID, and it takes a credit of its peer NID and of its rail, in
 * that order, queueing when one is exhausted, before the transport gets
 * it.  Completion gives the credits back, which sends the next queued
 * message.
 */
#include "core.h"
#include "discovery.h"
#include "health.h"
#include "lnetmr_trace.h"
#include "ni.h"
#include "node.h"
#include "peer.h"
#include "policy.h"
#include "send.h"

/* Can @rail carry @msg now?  Up, and the one it must leave from if any. */
static bool rail_usable(const struct lnetmr_rail *rail, const struct lnet_msg *msg)
{
	return READ_ONCE(rail->state) == LNETMR_RAIL_STATE_UP &&
	       (!msg->via || msg->via == rail->xr.nid);
}

/* Pick a usable rail towards @dest, in turn.  Returns it referenced, or NULL. */
static struct lnetmr_rail *select_rail(struct lnetmr_node *node, struct lnet_msg *msg)
{
	struct lnetmr_rail *rail, *up[LNETMR_MAX_RAILS], *pick = NULL;
	struct lnetmr_ni *ni;
	unsigned int n = 0;

	rcu_read_lock();
	ni = lnetmr_ni_find(node, lnet_nid_net(msg->hdr.dest_nid));
	if (ni) {
		list_for_each_entry_rcu(rail, &ni->rails, link)
			if (rail_usable(rail, msg) && n < LNETMR_MAX_RAILS)
				up[n++] = rail;
		if (n)
			pick = lnetmr_rail_get(up[(unsigned int)atomic_inc_return(&ni->rr) % n]);
	}
	rcu_read_unlock();
	return pick;
}

/**
 * lnetmr_rail_reaches() - does @rail reach @nid directly?
 * @rail: a local rail
 * @nid: a peer NID
 *
 * Return: true when @nid is on the rail's network and IP subnet.
 */
bool lnetmr_rail_reaches(const struct lnetmr_rail *rail, lnet_nid_t nid)
{
	return lnet_nid_net(nid) == rail->ni->net &&
	       !((rail->xr.addr ^ htonl(lnet_nid_addr(nid))) & rail->xr.mask);
}

/**
 * struct path_rank - how good a path is, compared field by field
 * @rail_health: health of the local rail (higher is better)
 * @pni_health: health of the peer NID (higher is better)
 * @rail_prio: priority policies give the rail (lower is better)
 * @pni_prio: priority policies give the peer NID (lower is better)
 * @net_speed: the sum of the speeds of the usable rails of the path's NI
 *	(higher is better: of two networks to a peer, the faster one)
 * @net_rdma: the NI's transport moves bulk by RDMA (better, at equal speed)
 * @numa_dist: NUMA distance from this CPU to the rail's device (lower is
 *	better; 0 when either is unknown)
 * @busy: messages queue for a credit of the rail or the peer NID, a full
 *	window of them (the path is congested; a path that merely has all
 *	its credits in use, a connection being set up say, is not busy)
 */
struct path_rank {
	u32 rail_health;
	u32 pni_health;
	u32 rail_prio;
	u32 pni_prio;
	u64 net_speed;
	bool net_rdma;
	u32 numa_dist;
	bool busy;
};

/* What the usable rails of @ni carry together, in Mbit/s.  Under RCU. */
static u64 ni_usable_speed(const struct lnetmr_ni *ni, const struct lnet_msg *msg)
{
	const struct lnetmr_rail *rail;
	u64 speed = 0;

	list_for_each_entry_rcu(rail, &ni->rails, link)
		if (rail_usable(rail, msg))
			speed += rail->speed;
	return speed;
}

static void path_rank(struct lnetmr_node *node, const struct lnetmr_rail *rail,
		      const struct lnetmr_peer_ni *pni, u64 net_speed, struct path_rank *r)
{
	int here = numa_node_id();

	r->rail_health = lnetmr_health_read(&rail->health);
	r->pni_health = lnetmr_health_read(&pni->health);
	r->rail_prio = lnetmr_policy_rail_priority(node, rail->xr.nid);
	r->pni_prio = lnetmr_policy_peer_priority(node, pni->nid);
	r->net_speed = net_speed;
	r->net_rdma = rail->ni->xport->rdma;
	r->numa_dist = rail->numa_node == NUMA_NO_NODE || here == NUMA_NO_NODE ? 0 :
		       node_distance(here, rail->numa_node);
	r->busy = READ_ONCE(rail->credits) <= -LNETMR_RAIL_CREDITS ||
		  READ_ONCE(pni->credits) <= -LNETMR_PEER_CREDITS;
}

/*
 * <0 if @a is the better path, >0 if @b is, 0 for a tie; the magnitude
 * is the criterion that decided (enum lnetmr_trace_why).
 */
static int path_cmp(const struct path_rank *a, const struct path_rank *b)
{
	bool a_wins;
	int why;

	if (a->rail_health != b->rail_health) {
		why = LNETMR_WHY_RAIL_HEALTH;
		a_wins = a->rail_health > b->rail_health;
	} else if (a->pni_health != b->pni_health) {
		why = LNETMR_WHY_PEER_HEALTH;
		a_wins = a->pni_health > b->pni_health;
	} else if (a->rail_prio != b->rail_prio) {
		why = LNETMR_WHY_RAIL_POLICY;
		a_wins = a->rail_prio < b->rail_prio;
	} else if (a->pni_prio != b->pni_prio) {
		why = LNETMR_WHY_PEER_POLICY;
		a_wins = a->pni_prio < b->pni_prio;
	} else if (a->net_speed != b->net_speed) {
		why = LNETMR_WHY_NET_SPEED;
		a_wins = a->net_speed > b->net_speed;
	} else if (a->net_rdma != b->net_rdma) {
		why = LNETMR_WHY_RDMA;
		a_wins = a->net_rdma;
	} else if (a->numa_dist != b->numa_dist) {
		why = LNETMR_WHY_NUMA;
		a_wins = a->numa_dist < b->numa_dist;
	} else if (a->busy != b->busy) {
		why = LNETMR_WHY_BUSY;
		a_wins = !a->busy;
	} else {
		return 0;
	}
	return a_wins ? -why : why;
}

/**
 * struct path_choice - the best of the paths select_path() has seen so far
 * @top: the best rank
 * @runner: the best of the ranks worse than @top (what @top beat, for the
 *	trace), when @has_runner
 * @has_runner: a path worse than @top was seen
 * @tied: paths ranked equal to @top, itself included
 * @rail: of those, the rail whose turn it is (the earliest virtual time)
 * @pni: and its peer NID
 * @turn: that rail's virtual time
 *
 * One pass, a few words of stack: a peer's paths (usable rail, NID pairs)
 * may number 16 x 16.
 */
struct path_choice {
	struct path_rank top;
	struct path_rank runner;
	bool has_runner;
	unsigned int tied;
	struct lnetmr_rail *rail;
	struct lnetmr_peer_ni *pni;
	u64 turn;
};

/* Take path number @n (@r: its rank) into @c.  Under the peer table lock. */
static void path_consider(struct path_choice *c, unsigned int n, const struct path_rank *r,
			  struct lnetmr_rail *rail, struct lnetmr_peer_ni *pni, u64 vclock)
{
	u64 t = max(rail->vtime, vclock);
	int cmp = n ? path_cmp(r, &c->top) : -1;

	if (cmp < 0) {
		if (n) {	/* the old best is better than anything below it */
			c->runner = c->top;
			c->has_runner = true;
		}
		c->top = *r;
		c->tied = 1;
	} else if (!cmp) {
		c->tied++;
		if (t >= c->turn)
			return;
	} else {
		if (!c->has_runner || path_cmp(r, &c->runner) < 0) {
			c->runner = *r;
			c->has_runner = true;
		}
		return;
	}
	c->rail = rail;
	c->pni = pni;
	c->turn = t;
}

/* For the trace: the criterion by which @c's best path won. */
static int path_why(const struct path_choice *c, unsigned int n)
{
	if (c->has_runner)
		return -path_cmp(&c->top, &c->runner);
	return n == 1 ? LNETMR_WHY_ONLY : LNETMR_WHY_TURN;
}

/**
 * select_path() - choose the local rail and the peer NID of a message
 * @node: the node
 * @msg: the message, to any NID of its peer (to that NID itself if pinned)
 *
 * The paths are the (usable rail, peer NID) pairs where the rail reaches
 * the NID directly.  The best is chosen in this order: the healthier
 * rail, the healthier peer NID, the rail and then the NID that policies
 * prefer, the faster network (when the peer has NIDs on several: the NI
 * whose usable rails carry more together, and at equal speed the one that
 * moves bulk by RDMA), the rail nearest this CPU's NUMA node, a path that is not
 * congested (a full window of messages queued for its credits).  Paths
 * that tie on all of these are taken in turn, weighted by rail speed: the
 * path whose rail has the earliest virtual time wins, and its rail's time
 * moves on by 2^40 / speed, so a rail twice as fast gets twice the turns.
 * A rail back from down (or new) starts at the node's current virtual
 * time, not with a backlog of turns.  A peer that no rail reaches directly
 * (a routed subnet) is sent to as addressed, over any usable rail of the
 * NI.
 *
 * Return: 0 with msg->rail, msg->peer and the destination set, or
 * -ENETUNREACH or -ENOMEM.
 */
static int select_path(struct lnetmr_node *node, struct lnet_msg *msg)
{
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer_ni *pni, *dest;
	struct path_choice choice = { };
	struct lnetmr_rail *rail;
	struct path_rank rank;
	unsigned int n = 0, tied = 0;
	int why = LNETMR_WHY_ROUTED;	/* for the trace */
	struct lnetmr_ni *ni;
	u64 net_speed;

	dest = lnetmr_peer_ni_get(node, msg->hdr.dest_nid, true);
	if (!dest)
		return -ENOMEM;
	if (!msg->pinned)
		lnetmr_discovery_want(node, dest);

	spin_lock(&table->lock);
	rcu_read_lock();
	if (dest->peer) {
		list_for_each_entry(pni, &dest->peer->nis, peer_link) {
			if (msg->pinned && pni != dest)
				continue;
			ni = lnetmr_ni_find(node, lnet_nid_net(pni->nid));
			if (!ni)
				continue;
			net_speed = ni_usable_speed(ni, msg);
			list_for_each_entry_rcu(rail, &ni->rails, link) {
				if (!rail_usable(rail, msg) || !lnetmr_rail_reaches(rail, pni->nid))
					continue;
				path_rank(node, rail, pni, net_speed, &rank);
				path_consider(&choice, n++, &rank, rail, pni, table->vclock);
			}
		}
	}
	if (n) {
		table->vclock = choice.turn;
		choice.rail->vtime = choice.turn + div_u64(1ULL << 40, choice.rail->speed);
		msg->rail = lnetmr_rail_get(choice.rail);
		msg->peer = choice.pni;
		kref_get(&msg->peer->ref);
		lnetmr_policy_count(node, choice.rail->xr.nid, choice.pni->nid);
		tied = choice.tied;
		why = path_why(&choice, n);
	}
	rcu_read_unlock();
	spin_unlock(&table->lock);

	if (!msg->peer) {
		msg->rail = select_rail(node, msg);
		msg->peer = dest;
		dest = NULL;
	}
	if (dest)
		lnetmr_peer_ni_put(dest);
	if (!msg->rail)
		return -ENETUNREACH;
	msg->hdr.dest_nid = msg->peer->nid;
	trace_lnetmr_path(msg, &msg->rail->xr, n, tied, why);
	return 0;
}

/*
 * Messages that reach a dead rail fail from a work item, never in the
 * sender's stack: a failure hands the credit to the next queued message,
 * which would fail in turn, as deep as the queues are long.
 */
static void dead_rail_work(struct work_struct *work)
{
	struct lnetmr_rail *rail = container_of(work, struct lnetmr_rail, dead_work);
	struct lnet_msg *msg, *tmp;
	LIST_HEAD(failed);

	spin_lock(&rail->credit_lock);
	list_splice_init(&rail->dead_txs, &failed);
	spin_unlock(&rail->credit_lock);
	/* each message holds a reference on the rail: the last may free it */
	list_for_each_entry_safe(msg, tmp, &failed, credit_link) {
		list_del_init(&msg->credit_link);
		lnet_tx_complete(&msg->tx, -ENETDOWN);
	}
}

/* Hand a message that holds both credits to its transport. */
static void xmit(struct lnet_msg *msg)
{
	struct lnetmr_rail *rail = msg->rail;

	/* a sender count, not a lock: the transport may complete inline */
	atomic_inc(&rail->senders);
	smp_mb__after_atomic();		/* pairs with lnetmr_send_rail_stop() */
	if (READ_ONCE(rail->dead)) {
		spin_lock(&rail->credit_lock);
		list_add_tail(&msg->credit_link, &rail->dead_txs);
		queue_work(lnetmr_wq, &rail->dead_work);
		spin_unlock(&rail->credit_lock);
	} else {
		trace_lnetmr_send(msg, &rail->xr);
		rail->ni->xport->send(&rail->xr, msg->hdr.dest_nid, &msg->tx);
	}
	if (atomic_dec_and_test(&rail->senders))
		wake_up(&rail->senders_wait);
}

/*
 * A message that holds both credits, handed over by a completion.  The
 * completion may itself run inside a send on this rail (a small TCP message
 * is written by its sender and completes there): sending from it would
 * nest once per waiting message.  So messages join the rail's ready list,
 * and whoever finds nobody sending that list sends it whole, in a loop;
 * a completion inside one of those sends only adds to the list.
 */
static void rail_ready(struct lnet_msg *msg)
{
	struct lnetmr_rail *rail = msg->rail;

	spin_lock(&rail->credit_lock);
	list_add_tail(&msg->credit_link, &rail->ready);
	if (rail->ready_sending) {
		spin_unlock(&rail->credit_lock);
		return;
	}
	rail->ready_sending = true;
	spin_unlock(&rail->credit_lock);

	kref_get(&rail->ref);	/* @msg's reference may go with its send */
	for (;;) {
		spin_lock(&rail->credit_lock);
		msg = list_first_entry_or_null(&rail->ready, struct lnet_msg, credit_link);
		if (msg)
			list_del_init(&msg->credit_link);
		else
			rail->ready_sending = false;
		spin_unlock(&rail->credit_lock);
		if (!msg)
			break;
		xmit(msg);
	}
	lnetmr_rail_put(rail);
}

/*
 * Take a rail credit, or queue for one.  @deferred (from a completion):
 * with the credit, the message is sent through rail_ready().
 */
static void rail_credit_take(struct lnet_msg *msg, bool deferred)
{
	struct lnetmr_rail *rail = msg->rail;
	bool queued;

	spin_lock(&rail->credit_lock);
	rail->credits--;
	rail->min_credits = min(rail->min_credits, rail->credits);
	queued = rail->credits < 0;
	if (queued)
		list_add_tail(&msg->credit_link, &rail->credit_queue);
	spin_unlock(&rail->credit_lock);
	if (queued)
		return;
	if (deferred)
		rail_ready(msg);
	else
		xmit(msg);
}

/* Take a peer credit, or queue for one; then the rail's. */
static void peer_credit_take(struct lnet_msg *msg)
{
	struct lnetmr_peer_ni *pni = msg->peer;
	bool queued;

	spin_lock(&pni->lock);
	pni->credits--;
	pni->min_credits = min(pni->min_credits, pni->credits);
	queued = pni->credits < 0;
	if (queued)
		list_add_tail(&msg->credit_link, &pni->queue);
	spin_unlock(&pni->lock);
	if (!queued)
		rail_credit_take(msg, false);
}

/* Give a credit back; returns the queued message that now owns it. */
static struct lnet_msg *credit_return(spinlock_t *lock, int *credits,
				      struct list_head *queue)
{
	struct lnet_msg *next = NULL;

	spin_lock(lock);
	(*credits)++;
	if (*credits <= 0) {
		next = list_first_entry_or_null(queue, struct lnet_msg, credit_link);
		if (next)
			list_del_init(&next->credit_link);
	}
	spin_unlock(lock);
	return next;
}

static void send_complete(struct lnet_tx *tx)
{
	struct lnet_msg *msg = container_of(tx, struct lnet_msg, tx);
	struct lnetmr_rail *rail = msg->rail;
	struct lnetmr_peer_ni *pni = msg->peer;
	struct lnet_msg *next;

	trace_lnetmr_send_done(msg, &rail->xr, tx->status);
	next = credit_return(&rail->credit_lock, &rail->credits, &rail->credit_queue);
	if (next)
		rail_ready(next);
	next = credit_return(&pni->lock, &pni->credits, &pni->queue);
	if (next)
		rail_credit_take(next, true);
	lnet_msg_tx_done(msg, tx->status);
}

/* fragments of an MD a window touches */
static unsigned int iov_frags(const struct lnet_iov *iov)
{
	size_t skip = iov->offset, left = iov->len, len;
	unsigned int i, n = 0;

	for (i = 0; i < iov->nr && left; i++) {
		len = iov->is_kvec ? iov->kvec[i].iov_len : iov->bvec[i].bv_len;
		if (skip >= len) {
			skip -= len;
			continue;
		}
		left -= min(left, len - skip);
		skip = 0;
		n++;
	}
	return n;
}

/* Does @msg span more MD fragments than its rail's transport takes? */
static bool too_fragmented(const struct lnet_msg *msg)
{
	unsigned int max = msg->rail->ni->xport->max_frags;

	return max && (iov_frags(&msg->tx.payload) > max || iov_frags(&msg->tx.sink) > max);
}

/**
 * lnetmr_rail_init_send() - set up the send state of a new rail
 * @rail: the rail
 */
void lnetmr_rail_init_send(struct lnetmr_rail *rail)
{
	atomic_set(&rail->senders, 0);
	init_waitqueue_head(&rail->senders_wait);
	INIT_LIST_HEAD(&rail->dead_txs);
	INIT_WORK(&rail->dead_work, dead_rail_work);
	INIT_LIST_HEAD(&rail->ready);
	rail->ready_sending = false;
	spin_lock_init(&rail->credit_lock);
	rail->credits = LNETMR_RAIL_CREDITS;
	rail->min_credits = LNETMR_RAIL_CREDITS;
	INIT_LIST_HEAD(&rail->credit_queue);
}

/**
 * lnetmr_send() - send a message built by the core
 * @node: the node
 * @msg: the message; msg->rail is set for answers, chosen here otherwise
 *
 * Never fails directly: the message's completion reports the result.
 */
void lnetmr_send(struct lnetmr_node *node, struct lnet_msg *msg)
{
	int err;

	if (msg->stx) {
		/* a striped request travels as its stripes */
		lnet_stripe_send(msg);
		return;
	}
	if (!msg->rail) {
		err = select_path(node, msg);
		if (err) {
			lnet_msg_tx_done(msg, err);
			return;
		}
	}
	if (!msg->peer)
		msg->peer = lnetmr_peer_ni_get(node, msg->hdr.dest_nid, true);
	if (!msg->peer) {
		lnet_msg_tx_done(msg, -ENOMEM);
		return;
	}
	if (too_fragmented(msg)) {
		lnet_msg_tx_done(msg, -EMSGSIZE);
		return;
	}
	msg->hdr.src_nid = msg->rail->xr.nid;
	msg->tx.type = msg->hdr.type;
	lnet_hdr_encode(&msg->hdr, msg->tx.hdr);
	msg->tx.hdr_len = LNET_HDR_SIZE;
	if (msg->hdr.striped) {
		lnet_stripe_encode(&msg->hdr, msg->tx.hdr + LNET_HDR_SIZE);
		msg->tx.hdr_len += LNET_STRIPE_EXT_SIZE;
	}
	msg->tx.complete = send_complete;
	peer_credit_take(msg);
}

/**
 * lnetmr_msg_release() - drop what the send path holds of a message
 * @msg: the message, being freed
 */
void lnetmr_msg_release(struct lnet_msg *msg)
{
	if (msg->peer)
		lnetmr_peer_ni_put(msg->peer);
	if (msg->rail)
		lnetmr_rail_put(msg->rail);
}

/**
 * lnetmr_send_rail_stop() - stop sending on a rail that is going away
 * @rail: the rail, no longer selectable
 *
 * From now on its sends fail; the messages queued for its credits fail
 * with -ENETDOWN.  Called before the transport stops the rail.
 */
void lnetmr_send_rail_stop(struct lnetmr_rail *rail)
{
	WRITE_ONCE(rail->dead, true);
	smp_mb();	/* a sender sees dead, or we see its count */
	wait_event(rail->senders_wait, !atomic_read(&rail->senders));

	/* what waits for a credit of the rail fails like a late sender */
	spin_lock(&rail->credit_lock);
	list_splice_tail_init(&rail->credit_queue, &rail->dead_txs);
	if (!list_empty(&rail->dead_txs))
		queue_work(lnetmr_wq, &rail->dead_work);
	spin_unlock(&rail->credit_lock);
}

/**
 * lnetmr_usable_rails() - how many rails could carry a message to @nid
 * @node: the node
 * @nid: a peer NID
 *
 * Return: the usable rails of the NI on @nid's network.
 */
unsigned int lnetmr_usable_rails(struct lnetmr_node *node, lnet_nid_t nid)
{
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;
	unsigned int n = 0;

	rcu_read_lock();
	ni = lnetmr_ni_find(node, lnet_nid_net(nid));
	if (ni)
		list_for_each_entry_rcu(rail, &ni->rails, link)
			n += READ_ONCE(rail->state) == LNETMR_RAIL_STATE_UP;
	rcu_read_unlock();
	return n;
}

bool lnetmr_is_local_nid(struct lnetmr_node *node, lnet_nid_t nid)
{
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;
	bool found = false;

	rcu_read_lock();
	ni = lnetmr_ni_find(node, lnet_nid_net(nid));
	if (ni) {
		list_for_each_entry_rcu(rail, &ni->rails, link) {
			if (rail->xr.nid == nid) {
				found = true;
				break;
			}
		}
	}
	rcu_read_unlock();
	return found;
}

static const u8 tx_type_stat[] = {
	[LNET_MSG_ACK] = LNETMR_STAT_TX_ACK,
	[LNET_MSG_PUT] = LNETMR_STAT_TX_PUT,
	[LNET_MSG_GET] = LNETMR_STAT_TX_GET,
	[LNET_MSG_REPLY] = LNETMR_STAT_TX_REPLY,
};

static const u8 rx_type_stat[] = {
	[LNET_MSG_ACK] = LNETMR_STAT_RX_ACK,
	[LNET_MSG_PUT] = LNETMR_STAT_RX_PUT,
	[LNET_MSG_GET] = LNETMR_STAT_RX_GET,
	[LNET_MSG_REPLY] = LNETMR_STAT_RX_REPLY,
};

static void account_one(struct lnetmr_stats *s, bool rx, u32 type, u32 bytes)
{
	bool bulk = bytes >= LNETMR_BULK_MIN;

	lnetmr_stat_add(s, rx ? LNETMR_STAT_RX_MSGS : LNETMR_STAT_TX_MSGS, 1);
	lnetmr_stat_add(s, rx ? LNETMR_STAT_RX_BYTES : LNETMR_STAT_TX_BYTES, bytes);
	if (bulk) {
		lnetmr_stat_add(s, rx ? LNETMR_STAT_RX_BULK_MSGS : LNETMR_STAT_TX_BULK_MSGS, 1);
		lnetmr_stat_add(s, rx ? LNETMR_STAT_RX_BULK_BYTES : LNETMR_STAT_TX_BULK_BYTES,
				bytes);
	} else {
		lnetmr_stat_add(s, rx ? LNETMR_STAT_RX_SMALL_MSGS : LNETMR_STAT_TX_SMALL_MSGS, 1);
		lnetmr_stat_add(s, rx ? LNETMR_STAT_RX_SMALL_BYTES : LNETMR_STAT_TX_SMALL_BYTES,
				bytes);
	}
	if (type <= LNET_MSG_REPLY)
		lnetmr_stat_add(s, rx ? rx_type_stat[type] : tx_type_stat[type], 1);
}

/**
 * lnetmr_account_tx() - count a sent message on its rail and peer NID
 * @msg: the message
 * @status: the send's result
 * @answered: an answer is expected: only that proves the path works
 *
 * A failure counts against the path's health (by class); a message that
 * expects no answer, once sent, counts for it.
 */
void lnetmr_account_tx(struct lnet_msg *msg, int status, bool answered)
{
	u32 bytes = msg->hdr.payload_length;

	if (status) {
		if (msg->rail)
			lnetmr_stat_add(&msg->rail->stats, LNETMR_STAT_TX_ERRORS, 1);
		if (msg->peer)
			lnetmr_stat_add(&msg->peer->stats, LNETMR_STAT_TX_ERRORS, 1);
		lnetmr_health_failed(msg->rail, msg->peer, status);
		return;
	}
	account_one(&msg->rail->stats, false, msg->hdr.type, bytes);
	account_one(&msg->peer->stats, false, msg->hdr.type, bytes);
	if (!answered)
		lnetmr_health_succeeded(msg->rail, msg->peer);
}

/**
 * lnetmr_account_rx() - count a received message on its rail and peer NID
 * @rail: the rail it came in on
 * @hdr: its header
 * @mlen: payload bytes it brings (what landed)
 */
void lnetmr_account_rx(struct lnetmr_rail *rail, const struct lnet_hdr *hdr, u32 mlen)
{
	struct lnetmr_peer_ni *pni;

	account_one(&rail->stats, true, hdr->type, hdr->payload_length);
	pni = lnetmr_peer_ni_get(rail->node, hdr->src_nid, true);
	if (pni) {
		account_one(&pni->stats, true, hdr->type, hdr->payload_length);
		/*
		 * An lnetmr node striping to us has several NIDs: learn them, so
		 * that our answers can take another one when a rail fails.
		 */
		if (hdr->striped)
			lnetmr_discovery_want(rail->node, pni);
		lnetmr_peer_ni_put(pni);
	}
}

void lnetmr_count_timeout(struct lnet_msg *msg)
{
	if (msg->rail)
		lnetmr_stat_add(&msg->rail->stats, LNETMR_STAT_TIMEOUTS, 1);
	if (msg->peer)
		lnetmr_stat_add(&msg->peer->stats, LNETMR_STAT_TIMEOUTS, 1);
}

/**
 * lnetmr_send_peer_incarnation() - a transport learned a peer's incarnation
 * @rail: the rail of the handshake
 * @peer: the peer NID
 * @incarnation: its incarnation
 *
 * A new incarnation means the peer restarted: what waits for its answers
 * fails with -ECONNRESET.
 */
void lnetmr_send_peer_incarnation(struct lnetmr_rail *rail, lnet_nid_t peer, u64 incarnation)
{
	struct lnetmr_node *node = rail->node;
	struct lnetmr_peer_ni *pni;
	bool restarted;

	pni = lnetmr_peer_ni_get(node, peer, true);
	if (!pni)
		return;
	spin_lock(&pni->lock);
	restarted = pni->incarnation && pni->incarnation != incarnation;
	pni->incarnation = incarnation;
	spin_unlock(&pni->lock);
	if (restarted) {
		lnetmr_stat_add(&pni->stats, LNETMR_STAT_PEER_RESTARTS, 1);
		lnetmr_stat_add(&rail->stats, LNETMR_STAT_PEER_RESTARTS, 1);
		lnet_fail_peer_waiters(node->core, peer, -ECONNRESET);
	}
	lnetmr_peer_ni_put(pni);
}

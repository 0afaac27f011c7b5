// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: the peer table.
 */
#include <linux/slab.h>
#include <net/netlink.h>

#include "ni.h"

#include "node.h"
#include "peer.h"
#include "send.h"

void lnetmr_peer_table_init(struct lnetmr_peer_table *table)
{
	spin_lock_init(&table->lock);
	hash_init(table->nids);
	INIT_LIST_HEAD(&table->peers);
}

static void peer_ni_free(struct kref *ref)
{
	struct lnetmr_peer_ni *pni = container_of(ref, struct lnetmr_peer_ni, ref);

	WARN_ON(!list_empty(&pni->queue));
	kfree_rcu(pni, rcu);
}

void lnetmr_peer_ni_put(struct lnetmr_peer_ni *pni)
{
	kref_put(&pni->ref, peer_ni_free);
}

static struct lnetmr_peer_ni *peer_ni_lookup_rcu(struct lnetmr_peer_table *table,
						 lnet_nid_t nid)
{
	struct lnetmr_peer_ni *pni;

	hash_for_each_possible_rcu(table->nids, pni, hash, nid)
		if (pni->nid == nid)
			return pni;
	return NULL;
}

/**
 * lnetmr_peer_ni_get() - a peer NID, referenced
 * @node: the node
 * @nid: the NID
 * @create: make a new peer with this NID as primary when it is unknown
 *
 * Return: the peer NID (put it with lnetmr_peer_ni_put()), or NULL when it
 * is unknown and @create is false, or memory or the table is exhausted.
 */
struct lnetmr_peer_ni *lnetmr_peer_ni_get(struct lnetmr_node *node, lnet_nid_t nid,
					  bool create)
{
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer_ni *pni, *found;
	struct lnetmr_peer *peer;

	rcu_read_lock();
	pni = peer_ni_lookup_rcu(table, nid);
	if (pni && !kref_get_unless_zero(&pni->ref))
		pni = NULL;
	rcu_read_unlock();
	if (pni) {
		unsigned long now = jiffies;

		/* once a tick at most: no cache line bounced per message */
		if (READ_ONCE(pni->last_used) != now)
			WRITE_ONCE(pni->last_used, now);
	}
	if (pni || !create)
		return pni;

	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	pni = kzalloc(sizeof(*pni), GFP_KERNEL);
	if (!peer || !pni)
		goto err_free;
	peer->primary = nid;
	INIT_LIST_HEAD(&peer->nis);
	pni->peer = peer;
	pni->nid = nid;
	kref_init(&pni->ref);		/* the table's */
	spin_lock_init(&pni->lock);
	pni->credits = LNETMR_PEER_CREDITS;
	pni->min_credits = LNETMR_PEER_CREDITS;
	INIT_LIST_HEAD(&pni->queue);
	lnetmr_health_init(&pni->health);
	pni->last_used = jiffies;

	spin_lock(&table->lock);
	found = peer_ni_lookup_rcu(table, nid);
	if (found || table->npeer_nis >= LNETMR_MAX_PEER_NIS) {
		/* lost a race (or full): use the winner */
		if (found)
			kref_get(&found->ref);
		spin_unlock(&table->lock);
		kfree(pni);
		kfree(peer);
		return found;
	}
	list_add_tail(&pni->peer_link, &peer->nis);
	peer->nnis = 1;
	list_add_tail(&peer->link, &table->peers);
	hash_add_rcu(table->nids, &pni->hash, nid);
	table->npeer_nis++;
	kref_get(&pni->ref);		/* the caller's */
	spin_unlock(&table->lock);
	return pni;

err_free:
	kfree(pni);
	kfree(peer);
	return NULL;
}

/* Unhash and drop one NID of a peer.  Under the table lock. */
static void peer_ni_remove_locked(struct lnetmr_peer_table *table, struct lnetmr_peer_ni *pni)
{
	hash_del_rcu(&pni->hash);
	list_del(&pni->peer_link);
	pni->peer->nnis--;
	pni->peer = NULL;
	table->npeer_nis--;
	lnetmr_peer_ni_put(pni);
}

static struct lnetmr_peer *peer_of_nid_locked(struct lnetmr_peer_table *table, lnet_nid_t nid)
{
	struct lnetmr_peer_ni *pni = peer_ni_lookup_rcu(table, nid);

	return pni ? pni->peer : NULL;
}

/**
 * lnetmr_peer_add() - make @primary and @nids one peer
 * @node: the node
 * @primary: the peer's primary NID (it may be known already)
 * @nids: more NIDs of the peer
 * @n: entries in @nids
 * @configured: an administrator's (peer-add): the peer is never forgotten
 *	for being idle (see the peer-age setting)
 * @bad: on -EEXIST, receives the index in @nids of a NID that belongs to
 *	another peer with several NIDs
 *
 * NIDs known alone (learned from traffic) join the peer; NIDs of another
 * multi-NID peer are refused, and then nothing changes.
 *
 * Return: 0, -EEXIST, -E2BIG (more than LNETMR_PEER_MAX_NIDS) or -ENOMEM.
 */
int lnetmr_peer_add(struct lnetmr_node *node, lnet_nid_t primary, const lnet_nid_t *nids,
		    unsigned int n, bool configured, unsigned int *bad)
{
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer_ni *pni, *fresh[LNETMR_PEER_MAX_NIDS + 1] = { };
	struct lnetmr_peer *peer, *other;
	unsigned int i, added = 0;
	int err = 0;

	/* make sure every NID has an entry, alone if new */
	for (i = 0; i <= n; i++) {
		fresh[i] = lnetmr_peer_ni_get(node, i ? nids[i - 1] : primary, true);
		if (!fresh[i]) {
			err = -ENOMEM;
			goto out;
		}
	}

	spin_lock(&table->lock);
	peer = fresh[0]->peer;
	if (!peer) {
		err = -ENOENT;	/* raced with a peer del: try again */
		goto out_unlock;
	}
	for (i = 1; i <= n; i++) {
		other = fresh[i]->peer;
		if (other && other != peer && other->nnis > 1) {
			*bad = i - 1;
			err = -EEXIST;
			goto out_unlock;
		}
		if (other != peer)
			added++;
	}
	if (peer->nnis + added > LNETMR_PEER_MAX_NIDS) {
		err = -E2BIG;
		goto out_unlock;
	}
	peer->primary = primary;
	for (i = 1; i <= n; i++) {
		pni = fresh[i];
		other = pni->peer;
		if (!other || other == peer)
			continue;
		/* a peer known by this NID alone joins the bigger one */
		list_move_tail(&pni->peer_link, &peer->nis);
		pni->peer = peer;
		peer->nnis++;
		peer->configured |= other->configured;
		if (!--other->nnis) {
			list_del(&other->link);
			kfree_rcu(other, rcu);
		}
	}
	peer->configured |= configured;
out_unlock:
	spin_unlock(&table->lock);
out:
	for (i = 0; i <= n; i++)
		if (fresh[i])
			lnetmr_peer_ni_put(fresh[i]);
	return err;
}

/**
 * lnetmr_peer_del() - forget a peer
 * @node: the node
 * @primary: any NID of the peer
 *
 * Messages in flight keep what they use; the next message to one of its
 * NIDs learns the peer anew.
 *
 * Return: 0 or -ENOENT.
 */
int lnetmr_peer_del(struct lnetmr_node *node, lnet_nid_t primary)
{
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer_ni *pni, *tmp;
	struct lnetmr_peer *peer;

	spin_lock(&table->lock);
	peer = peer_of_nid_locked(table, primary);
	if (!peer) {
		spin_unlock(&table->lock);
		return -ENOENT;
	}
	list_for_each_entry_safe(pni, tmp, &peer->nis, peer_link)
		peer_ni_remove_locked(table, pni);
	list_del(&peer->link);
	spin_unlock(&table->lock);
	kfree_rcu(peer, rcu);
	return 0;
}

/**
 * lnetmr_peer_prune() - forget the NIDs a peer no longer lists
 * @node: the node
 * @primary: the peer's primary NID (kept)
 * @ents: the interfaces of the peer's ping buffer
 * @n: entries in @ents
 *
 * The NID the peer was first known by is kept too: messages may still be
 * addressed to it, and they go to the peer's other NIDs.  Messages still
 * using a pruned NID keep it until they are done.
 */
void lnetmr_peer_prune(struct lnetmr_node *node, lnet_nid_t primary,
		       const struct lnet_ping_entry *ents, unsigned int n)
{
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer_ni *pni, *tmp, *first;
	struct lnetmr_peer *peer;
	unsigned int i;

	spin_lock(&table->lock);
	peer = peer_of_nid_locked(table, primary);
	if (peer) {
		first = list_first_entry(&peer->nis, struct lnetmr_peer_ni, peer_link);
		list_for_each_entry_safe(pni, tmp, &peer->nis, peer_link) {
			for (i = 0; i < n && ents[i].nid != pni->nid; i++)
				;
			if (pni->nid != primary && pni != first && i == n)
				peer_ni_remove_locked(table, pni);
		}
	}
	spin_unlock(&table->lock);
}

void lnetmr_peer_ni_count(struct lnetmr_peer_ni *pni, enum lnetmr_stat id, u64 n)
{
	lnetmr_stat_add(&pni->stats, id, n);
}

/**
 * lnetmr_peer_same() - are two NIDs the same peer's?
 * @node: the node
 * @a: a NID
 * @b: another NID
 *
 * Return: true when @a is @b or both belong to one known peer.
 */
bool lnetmr_peer_same(struct lnetmr_node *node, lnet_nid_t a, lnet_nid_t b)
{
	struct lnetmr_peer_ni *pa, *pb;
	bool same;

	if (a == b)
		return true;
	rcu_read_lock();
	pa = peer_ni_lookup_rcu(&node->peers, a);
	pb = peer_ni_lookup_rcu(&node->peers, b);
	/* ->peer changes under the table lock; a stale answer is harmless */
	same = pa && pb && READ_ONCE(pa->peer) && READ_ONCE(pa->peer) == READ_ONCE(pb->peer);
	rcu_read_unlock();
	return same;
}

/**
 * lnetmr_peer_features() - the ping features a NID's peer announced
 * @node: the node
 * @nid: a peer NID
 *
 * Return: the features, 0 for a peer not (yet) discovered.
 */
u32 lnetmr_peer_features(struct lnetmr_node *node, lnet_nid_t nid)
{
	struct lnetmr_peer_ni *pni;
	struct lnetmr_peer *peer;
	u32 f = 0;

	/* peers are freed after a grace period: no lock on the send path */
	rcu_read_lock();
	pni = peer_ni_lookup_rcu(&node->peers, nid);
	peer = pni ? READ_ONCE(pni->peer) : NULL;
	if (peer)
		f = READ_ONCE(peer->features);
	rcu_read_unlock();
	return f;
}

/**
 * lnetmr_peer_nid_ok() - may @nid be a peer's NID?
 * @node: the node
 * @nid: the NID
 * @extack: where to say why not (may be NULL)
 * @attr: the attribute @nid came from (may be NULL)
 *
 * Return: true for a real address on a network we have an NI on, and not
 * one of ours.
 */
bool lnetmr_peer_nid_ok(struct lnetmr_node *node, lnet_nid_t nid,
			struct netlink_ext_ack *extack, const struct nlattr *attr)
{
	bool has_ni;

	if (nid == LNET_NID_ANY || !lnet_nid_addr(nid)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "not a peer NID");
		return false;
	}
	if (lnetmr_is_local_nid(node, nid)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "this NID is one of this node's own");
		return false;
	}
	rcu_read_lock();
	has_ni = lnetmr_ni_find(node, lnet_nid_net(nid));
	rcu_read_unlock();
	if (!has_ni)
		NL_SET_ERR_MSG_ATTR(extack, attr, "this node has no NI on the NID's network");
	return has_ni;
}

/**
 * lnetmr_peer_table_flush() - forget every peer
 * @table: the table of a node going away; no message is in flight
 */
void lnetmr_peer_table_flush(struct lnetmr_peer_table *table)
{
	struct lnetmr_peer_ni *pni, *ptmp;
	struct lnetmr_peer *peer, *tmp;

	spin_lock(&table->lock);
	list_for_each_entry_safe(peer, tmp, &table->peers, link) {
		list_for_each_entry_safe(pni, ptmp, &peer->nis, peer_link)
			peer_ni_remove_locked(table, pni);
		list_del(&peer->link);
		kfree_rcu(peer, rcu);
	}
	spin_unlock(&table->lock);
}

/* ---- aging ----------------------------------------------------------- */

/*
 * Forgettable: nobody configured it, no discovery of it is under way, and
 * each of its NIDs is held by the table alone (no message uses it, so none
 * waits in its queue), at full health (what failed is remembered) and
 * unused for @age.  Under the table lock; a lookup may take a NID right
 * after this said yes: it then holds a NID out of the table, as after
 * lnetmr_peer_del(), and the next lookup learns the peer anew.
 */
static bool peer_forgettable_locked(const struct lnetmr_peer *peer, unsigned long now,
				    unsigned long age)
{
	struct lnetmr_peer_ni *pni;

	if (peer->configured || READ_ONCE(peer->disc_state) == LNETMR_DISC_PENDING)
		return false;
	list_for_each_entry(pni, &peer->nis, peer_link) {
		if (kref_read(&pni->ref) != 1 ||
		    lnetmr_health_read(&pni->health) != LNETMR_HEALTH_MAX ||
		    time_before(now, READ_ONCE(pni->last_used) + age))
			return false;
	}
	return true;
}

/* Forget the peers idle for @age; returns how many went. */
static unsigned int peer_table_age(struct lnetmr_peer_table *table, unsigned long age)
{
	struct lnetmr_peer_ni *pni, *ptmp;
	struct lnetmr_peer *peer, *tmp;
	unsigned long now = jiffies;
	unsigned int n = 0;

	spin_lock(&table->lock);
	list_for_each_entry_safe(peer, tmp, &table->peers, link) {
		if (!peer_forgettable_locked(peer, now, age))
			continue;
		list_for_each_entry_safe(pni, ptmp, &peer->nis, peer_link)
			peer_ni_remove_locked(table, pni);
		list_del(&peer->link);
		kfree_rcu(peer, rcu);
		n++;
	}
	spin_unlock(&table->lock);
	return n;
}

/* how often the table is looked through: a quarter of the age, 1 to 60 s */
static unsigned long peer_age_period(u32 age_s)
{
	return clamp_t(unsigned long, (unsigned long)age_s * HZ / 4, HZ, 60 * HZ);
}

static void peer_age_work(struct work_struct *work)
{
	struct lnetmr_node *node = container_of(to_delayed_work(work), struct lnetmr_node,
						peer_age_work);
	u32 age = lnetmr_node_setting(node, LNETMR_SET_PEER_AGE);

	if (!READ_ONCE(node->live) || !age)
		return;		/* peer-age 0: kept for ever; a change kicks us */
	peer_table_age(&node->peers, (unsigned long)age * HZ);
	if (READ_ONCE(node->live))
		queue_delayed_work(lnetmr_wq, &node->peer_age_work, peer_age_period(age));
}

/**
 * lnetmr_peer_aging_init() - set up the forgetting of idle peers
 * @node: a node being made
 */
void lnetmr_peer_aging_init(struct lnetmr_node *node)
{
	INIT_DELAYED_WORK(&node->peer_age_work, peer_age_work);
}

/**
 * lnetmr_peer_aging_kick() - look through the peers now, then at the pace
 *	of the peer-age setting (after a change of it)
 * @node: a live node
 */
void lnetmr_peer_aging_kick(struct lnetmr_node *node)
{
	if (READ_ONCE(node->live))
		mod_delayed_work(lnetmr_wq, &node->peer_age_work, 0);
}

/**
 * lnetmr_peer_aging_stop() - stop forgetting peers
 * @node: the node, no longer live (so the work does not queue itself again)
 */
void lnetmr_peer_aging_stop(struct lnetmr_node *node)
{
	cancel_delayed_work_sync(&node->peer_age_work);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: the peer table.
 */
#include <linux/slab.h>

#include "node.h"
#include "peer.h"

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
		list_for_each_entry_safe(pni, ptmp, &peer->nis, peer_link) {
			hash_del_rcu(&pni->hash);
			list_del(&pni->peer_link);
			table->npeer_nis--;
			lnetmr_peer_ni_put(pni);
		}
		list_del(&peer->link);
		kfree(peer);
	}
	spin_unlock(&table->lock);
}

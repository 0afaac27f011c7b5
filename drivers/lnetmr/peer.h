/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: peers.  A peer is another LNet node; it owns one or more peer
 * NIDs (&struct lnetmr_peer_ni), each with its own send credits and
 * counters.  Peers are learned when a message is first sent to or received
 * from one of their NIDs.
 *
 * Locking: the node's peer table (a hash of peer NIDs and a list of peers)
 * changes under table->lock and is read under RCU; peer NIDs are
 * reference counted.
 */
#ifndef _LNETMR_PEER_H
#define _LNETMR_PEER_H

#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/spinlock.h>

#include "health.h"
#include "nid.h"
#include "stats.h"

struct lnetmr_node;

/* send credits of a peer NID (messages in flight to it before queueing) */
#define LNETMR_PEER_CREDITS	8
/* most peer NIDs a node keeps */
#define LNETMR_MAX_PEER_NIS	65536

/**
 * struct lnetmr_peer - another node
 * @link: in the table's peer list
 * @primary: its primary NID
 * @nis: its NIDs (&struct lnetmr_peer_ni.peer_link), under the table lock
 * @nnis: entries in @nis
 * @features: ping feature bits it announced (0 until discovered); written
 *	under the table lock, read with READ_ONCE() under RCU
 * @disc_state: LNETMR_DISC_*, the same way
 * @disc_retry: jiffies before which a failed discovery is not retried
 * @configured: added with peer-add: never forgotten for being idle (under
 *	the table lock, as the peer dump reads it)
 * @rcu: for freeing after a grace period (pni->peer is read under RCU)
 */
struct lnetmr_peer {
	struct list_head link;
	lnet_nid_t primary;
	struct list_head nis;
	unsigned int nnis;
	u32 features;
	u8 disc_state;
	unsigned long disc_retry;
	bool configured;
	struct rcu_head rcu;
};

/* discovery states of a peer */
#define LNETMR_DISC_NONE	0	/* never tried */
#define LNETMR_DISC_PENDING	1	/* its ping is queued or in flight */
#define LNETMR_DISC_DONE	2	/* its ping buffer or push was read */
#define LNETMR_DISC_FAILED	3	/* its ping failed; retried later */

/* most NIDs of one peer */
#define LNETMR_PEER_MAX_NIDS	16

/**
 * struct lnetmr_peer_ni - one NID of a peer
 * @hash: in the table's NID hash (RCU)
 * @peer_link: in peer->nis
 * @peer: the peer it belongs to (under the table lock; NULL once removed)
 * @nid: the NID
 * @ref: references: the table holds one, messages hold more
 * @rcu: for freeing after a grace period
 * @lock: protects @credits, @min_credits, @queue
 * @credits: send credits left; negative: messages queued
 * @min_credits: lowest @credits seen
 * @queue: messages waiting for a credit, oldest first
 * @incarnation: the peer's incarnation as last seen in a handshake
 * @last_used: jiffies of the last lookup (a message to or from the NID),
 *	written and read with WRITE_ONCE()/READ_ONCE()
 * @stats: counters of traffic with this NID
 * @health: the NID's health
 */
struct lnetmr_peer_ni {
	struct hlist_node hash;
	struct list_head peer_link;
	struct lnetmr_peer *peer;
	lnet_nid_t nid;
	struct kref ref;
	struct rcu_head rcu;
	spinlock_t lock;	/* credits, min_credits, queue */
	int credits;
	int min_credits;
	struct list_head queue;
	u64 incarnation;
	unsigned long last_used;
	struct lnetmr_stats stats;
	struct lnetmr_health health;
};

/**
 * struct lnetmr_peer_table - the peers of a node
 * @lock: serialises changes of @nids, @peers and the peers' NID lists
 * @nids: peer NIDs by NID
 * @peers: all peers
 * @npeer_nis: entries in @nids
 * @vclock: virtual time of path selection (see &struct lnetmr_rail.vtime)
 */
struct lnetmr_peer_table {
	spinlock_t lock;	/* changes of nids, peers, peer->nis; vclock */
	DECLARE_HASHTABLE(nids, 8);
	struct list_head peers;
	unsigned int npeer_nis;
	u64 vclock;
};

void lnetmr_peer_table_init(struct lnetmr_peer_table *table);
void lnetmr_peer_table_flush(struct lnetmr_peer_table *table);
struct lnetmr_peer_ni *lnetmr_peer_ni_get(struct lnetmr_node *node, lnet_nid_t nid,
					  bool create);
void lnetmr_peer_ni_put(struct lnetmr_peer_ni *pni);
int lnetmr_peer_add(struct lnetmr_node *node, lnet_nid_t primary, const lnet_nid_t *nids,
		    unsigned int n, bool configured, unsigned int *bad);
void lnetmr_peer_aging_init(struct lnetmr_node *node);
void lnetmr_peer_aging_kick(struct lnetmr_node *node);
void lnetmr_peer_aging_stop(struct lnetmr_node *node);
int lnetmr_peer_del(struct lnetmr_node *node, lnet_nid_t primary);
bool lnetmr_peer_same(struct lnetmr_node *node, lnet_nid_t a, lnet_nid_t b);
struct lnet_ping_entry;
void lnetmr_peer_prune(struct lnetmr_node *node, lnet_nid_t primary,
		       const struct lnet_ping_entry *ents, unsigned int n);
u32 lnetmr_peer_features(struct lnetmr_node *node, lnet_nid_t nid);
struct netlink_ext_ack;
struct nlattr;
bool lnetmr_peer_nid_ok(struct lnetmr_node *node, lnet_nid_t nid,
			struct netlink_ext_ack *extack, const struct nlattr *attr);

#endif /* _LNETMR_PEER_H */

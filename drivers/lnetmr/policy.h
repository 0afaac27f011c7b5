/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: selection policies, a netlink-native equivalent of Lustre's UDSP.
 *
 * A rule gives a priority to the local rails (LNETMR_POLICY_SRC) or to the
 * peer NIDs (LNETMR_POLICY_DST) it matches, by NID or by network.  A lower
 * number is preferred; what no rule matches gets LNETMR_POLICY_PRIO_NONE,
 * the lowest preference.  Path selection asks for priorities after it has
 * kept the usable, healthiest paths and before NUMA distance, credits and
 * weighted round robin break ties.
 *
 * Locking: each node has one table of at most LNETMR_MAX_POLICIES rules.
 * The rule list is read under RCU by the send path and changed under
 * table->lock; removed rules are freed with kfree_rcu().  A rule is never
 * changed once published, except for its @matches counter.
 */
#ifndef _LNETMR_POLICY_H
#define _LNETMR_POLICY_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "nid.h"

struct lnetmr_node;

/* most rules a node holds */
#define LNETMR_MAX_POLICIES	64
/* the priority of what no rule matches: the lowest preference */
#define LNETMR_POLICY_PRIO_NONE	U32_MAX

/**
 * struct lnetmr_policy_match - what a rule matches
 * @kind: LNETMR_POLICY_SRC (local rails) or LNETMR_POLICY_DST (peer NIDs)
 * @by_net: the rule matches every NID of network @net, not just @nid
 * @nid: the NID matched when !@by_net
 * @net: the network matched when @by_net (see lnet_nid_net())
 */
struct lnetmr_policy_match {
	u8 kind;
	bool by_net;
	lnet_nid_t nid;
	u32 net;
};

/**
 * struct lnetmr_policy - one selection rule
 * @link: in &struct lnetmr_policy_table.rules (RCU)
 * @rcu: for freeing after a grace period
 * @id: the rule's id, unique in its node for the node's lifetime
 * @match: what the rule matches
 * @priority: the priority it gives (lower is preferred, 0..65535)
 * @matches: paths chosen that this rule decided (lnetmr_policy_count())
 */
struct lnetmr_policy {
	struct list_head link;
	struct rcu_head rcu;
	u32 id;
	struct lnetmr_policy_match match;
	u32 priority;
	atomic64_t matches;
};

/**
 * struct lnetmr_policy_table - the selection rules of a node
 * @lock: serialises changes of @rules, @nrules and @next_id
 * @rules: the rules in the order they were added (so by rising id); an
 *	RCU list, changed under @lock
 * @nrules: entries in @rules
 * @next_id: id of the next rule; ids are never reused while the node lives
 */
struct lnetmr_policy_table {
	struct mutex lock;	/* changes of rules, nrules, next_id */
	struct list_head rules;
	unsigned int nrules;
	u32 next_id;
};

void lnetmr_policy_table_init(struct lnetmr_policy_table *table);
void lnetmr_policy_table_flush(struct lnetmr_policy_table *table);

int lnetmr_policy_add(struct lnetmr_node *node, const struct lnetmr_policy_match *m,
		      u32 priority, u32 *id);
int lnetmr_policy_del(struct lnetmr_node *node, u32 id);
int lnetmr_policy_del_match(struct lnetmr_node *node, const struct lnetmr_policy_match *m);

/* for the send path: callable in atomic context */
u32 lnetmr_policy_rail_priority(struct lnetmr_node *node, lnet_nid_t rail_nid);
u32 lnetmr_policy_peer_priority(struct lnetmr_node *node, lnet_nid_t peer_nid);
void lnetmr_policy_count(struct lnetmr_node *node, lnet_nid_t rail_nid, lnet_nid_t peer_nid);

#endif /* _LNETMR_POLICY_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: selection policies.  The rule table of a node, its changes, and
 * the lookups path selection makes (see policy.h for the locking).
 */
#include <linux/slab.h>

#include <linux/lnetmr.h>

#include "node.h"
#include "policy.h"

/**
 * lnetmr_policy_table_init() - set up the empty rule table of a new node
 * @table: the table
 */
void lnetmr_policy_table_init(struct lnetmr_policy_table *table)
{
	mutex_init(&table->lock);
	INIT_LIST_HEAD(&table->rules);
	table->nrules = 0;
	table->next_id = 1;
}

/**
 * lnetmr_policy_table_flush() - remove every rule of a node that goes away
 * @table: the table
 *
 * Context: process context, once nothing sends on the node any more; the
 * rules are freed after a grace period all the same.
 */
void lnetmr_policy_table_flush(struct lnetmr_policy_table *table)
{
	struct lnetmr_policy *p, *tmp;

	mutex_lock(&table->lock);
	list_for_each_entry_safe(p, tmp, &table->rules, link) {
		list_del_rcu(&p->link);
		kfree_rcu(p, rcu);
	}
	table->nrules = 0;
	mutex_unlock(&table->lock);
	mutex_destroy(&table->lock);
}

static bool match_same(const struct lnetmr_policy_match *a, const struct lnetmr_policy_match *b)
{
	if (a->kind != b->kind || a->by_net != b->by_net)
		return false;
	return a->by_net ? a->net == b->net : a->nid == b->nid;
}

/* Does the rule of @m apply to @nid? (the caller checked the kind) */
static bool match_nid(const struct lnetmr_policy_match *m, lnet_nid_t nid)
{
	return m->by_net ? lnet_nid_net(nid) == m->net : m->nid == nid;
}

/**
 * lnetmr_policy_add() - add a selection rule to a node
 * @node: the node
 * @m: what the rule matches (kind, and a NID or a network)
 * @priority: the priority it gives (lower is preferred)
 * @id: receives the new rule's id
 *
 * Context: process context; takes the table's mutex.
 * Return: 0; -EEXIST when a rule of the same kind has the same match;
 * -ENOSPC when the node has LNETMR_MAX_POLICIES rules; -EOVERFLOW when the
 * node has used up its ids; -ENOMEM.
 */
int lnetmr_policy_add(struct lnetmr_node *node, const struct lnetmr_policy_match *m,
		      u32 priority, u32 *id)
{
	struct lnetmr_policy_table *table = &node->policies;
	struct lnetmr_policy *p, *new;
	int err = 0;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->match = *m;
	new->priority = priority;
	atomic64_set(&new->matches, 0);

	mutex_lock(&table->lock);
	list_for_each_entry(p, &table->rules, link) {
		if (match_same(&p->match, m)) {
			err = -EEXIST;
			goto out_unlock;
		}
	}
	if (table->nrules >= LNETMR_MAX_POLICIES) {
		err = -ENOSPC;
		goto out_unlock;
	}
	if (!table->next_id) {	/* wrapped after 2^32 - 1 adds */
		err = -EOVERFLOW;
		goto out_unlock;
	}
	new->id = table->next_id++;
	*id = new->id;
	list_add_tail_rcu(&new->link, &table->rules);
	table->nrules++;
	new = NULL;
out_unlock:
	mutex_unlock(&table->lock);
	kfree(new);
	return err;
}

/* Unlink and free a rule; under the table's lock. */
static void policy_remove(struct lnetmr_policy_table *table, struct lnetmr_policy *p)
{
	lockdep_assert_held(&table->lock);
	list_del_rcu(&p->link);
	table->nrules--;
	kfree_rcu(p, rcu);
}

/**
 * lnetmr_policy_del() - remove a rule by id
 * @node: the node
 * @id: the rule's id
 *
 * Context: process context; takes the table's mutex.
 * Return: 0, or -ENOENT when the node has no rule @id.
 */
int lnetmr_policy_del(struct lnetmr_node *node, u32 id)
{
	struct lnetmr_policy_table *table = &node->policies;
	struct lnetmr_policy *p;
	int err = -ENOENT;

	mutex_lock(&table->lock);
	list_for_each_entry(p, &table->rules, link) {
		if (p->id == id) {
			policy_remove(table, p);
			err = 0;
			break;
		}
	}
	mutex_unlock(&table->lock);
	return err;
}

/**
 * lnetmr_policy_del_match() - remove the rule with a given match
 * @node: the node
 * @m: the kind and NID or network of the rule
 *
 * Context: process context; takes the table's mutex.
 * Return: 0, or -ENOENT when no rule has exactly this match.
 */
int lnetmr_policy_del_match(struct lnetmr_node *node, const struct lnetmr_policy_match *m)
{
	struct lnetmr_policy_table *table = &node->policies;
	struct lnetmr_policy *p;
	int err = -ENOENT;

	mutex_lock(&table->lock);
	list_for_each_entry(p, &table->rules, link) {
		if (match_same(&p->match, m)) {
			policy_remove(table, p);
			err = 0;
			break;
		}
	}
	mutex_unlock(&table->lock);
	return err;
}

/*
 * The rule of @kind that decides for @nid: the matching one with the lowest
 * priority number, the oldest of equals.  Under rcu_read_lock().
 */
static struct lnetmr_policy *policy_best(struct lnetmr_policy_table *table, u8 kind,
					 lnet_nid_t nid)
{
	struct lnetmr_policy *p, *best = NULL;

	list_for_each_entry_rcu(p, &table->rules, link) {
		if (p->match.kind != kind || !match_nid(&p->match, nid))
			continue;
		if (!best || p->priority < best->priority)
			best = p;
	}
	return best;
}

static u32 policy_priority(struct lnetmr_node *node, u8 kind, lnet_nid_t nid)
{
	struct lnetmr_policy_table *table = &node->policies;
	struct lnetmr_policy *p;
	u32 prio;

	/* list_empty() reads the head once: a hint, as under RCU it must be */
	if (list_empty(&table->rules))
		return LNETMR_POLICY_PRIO_NONE;
	rcu_read_lock();
	p = policy_best(table, kind, nid);
	prio = p ? p->priority : LNETMR_POLICY_PRIO_NONE;
	rcu_read_unlock();
	return prio;
}

/**
 * lnetmr_policy_rail_priority() - the priority the rules give a local rail
 * @node: the node
 * @rail_nid: the rail's NID
 *
 * The lowest priority number among the src rules that match @rail_nid, by
 * NID or by its network.
 *
 * Context: any, including under rcu_read_lock() and with spinlocks held;
 * never sleeps.
 * Return: the priority, or LNETMR_POLICY_PRIO_NONE when no rule matches.
 */
u32 lnetmr_policy_rail_priority(struct lnetmr_node *node, lnet_nid_t rail_nid)
{
	return policy_priority(node, LNETMR_POLICY_SRC, rail_nid);
}

/**
 * lnetmr_policy_peer_priority() - the priority the rules give a peer NID
 * @node: the node
 * @peer_nid: the peer NID
 *
 * The lowest priority number among the dst rules that match @peer_nid, by
 * NID or by its network.
 *
 * Context: any, including under rcu_read_lock() and with spinlocks held;
 * never sleeps.
 * Return: the priority, or LNETMR_POLICY_PRIO_NONE when no rule matches.
 */
u32 lnetmr_policy_peer_priority(struct lnetmr_node *node, lnet_nid_t peer_nid)
{
	return policy_priority(node, LNETMR_POLICY_DST, peer_nid);
}

/**
 * lnetmr_policy_count() - count a chosen path on the rules that decided it
 * @node: the node
 * @rail_nid: NID of the rail the path leaves on
 * @peer_nid: the peer NID it goes to
 *
 * Bumps the ``matches`` counter of the src rule that gave @rail_nid its
 * priority and of the dst rule that gave @peer_nid its own (the matching
 * rule with the lowest priority number, the oldest of equals), if any.
 * Costs one read of the list head when the node has no rules.
 *
 * Context: any, including under rcu_read_lock() and with spinlocks held;
 * never sleeps.
 */
void lnetmr_policy_count(struct lnetmr_node *node, lnet_nid_t rail_nid, lnet_nid_t peer_nid)
{
	struct lnetmr_policy_table *table = &node->policies;
	struct lnetmr_policy *p;

	if (list_empty(&table->rules))
		return;
	rcu_read_lock();
	p = policy_best(table, LNETMR_POLICY_SRC, rail_nid);
	if (p)
		atomic64_inc(&p->matches);
	p = policy_best(table, LNETMR_POLICY_DST, peer_nid);
	if (p)
		atomic64_inc(&p->matches);
	rcu_read_unlock();
}

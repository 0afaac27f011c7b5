// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: health of rails and peer NIDs, and the recovery pings that
 * bring it back (see health.h).
 */
#include <linux/slab.h>

#include "core.h"
#include "health.h"
#include "lnetmr_trace.h"
#include "netlink.h"
#include "ni.h"
#include "node.h"
#include "peer.h"
#include "send.h"

/* most recovery pings one pass of the recovery work starts */
#define PROBES_PER_PASS		16
/* bytes of the peer's ping buffer a recovery ping reads: its header */
#define PROBE_LEN		LNET_PING_HDR_SIZE
/* health events of one object closer than this are dropped, except returns to the maximum */
#define NTF_INTERVAL		(HZ / 10)

void lnetmr_health_init(struct lnetmr_health *h)
{
	atomic_set(&h->value, LNETMR_HEALTH_MAX);
	spin_lock_init(&h->lock);
	h->interval_s = 1;
}

/**
 * fail_class_of() - the failure class of a path's error
 * @status: a negative errno a transport or the core reported
 *
 * Return: the class.
 */
static enum lnetmr_fail_class fail_class_of(int status)
{
	switch (status) {
	case -ETIMEDOUT:
		return LNETMR_FAIL_TIMEOUT;
	case -ECONNREFUSED:
	case -ECONNRESET:
	case -ECONNABORTED:
	case -EALREADY:
	case -EPIPE:
	case -EIO:
	case -EPROTO:
		return LNETMR_FAIL_REMOTE;
	case -ENETUNREACH:
	case -EHOSTUNREACH:
		return LNETMR_FAIL_NETWORK;
	default:
		return LNETMR_FAIL_LOCAL;
	}
}

static const u8 fail_stat[] = {
	[LNETMR_FAIL_LOCAL] = LNETMR_STAT_FAIL_LOCAL,
	[LNETMR_FAIL_REMOTE] = LNETMR_STAT_FAIL_REMOTE,
	[LNETMR_FAIL_TIMEOUT] = LNETMR_STAT_FAIL_TIMEOUT,
	[LNETMR_FAIL_NETWORK] = LNETMR_STAT_FAIL_NETWORK,
};

/* Should a change of @h to @value be announced?  Rate limited per object. */
static bool health_ntf_due(struct lnetmr_health *h, unsigned int value)
{
	bool due;

	spin_lock(&h->lock);
	due = value == LNETMR_HEALTH_MAX || value == 0 ||
	      time_after_eq(jiffies, h->last_ntf + NTF_INTERVAL);
	if (due)
		h->last_ntf = jiffies;
	spin_unlock(&h->lock);
	return due;
}

/* Move @h by @delta within 0..max; returns true if it changed. */
static bool health_add(struct lnetmr_health *h, int delta, unsigned int *value)
{
	int old = atomic_read(&h->value), new;

	do {
		new = clamp(old + delta, 0, LNETMR_HEALTH_MAX);
		if (new == old)
			return false;
	} while (!atomic_try_cmpxchg(&h->value, &old, new));
	*value = new;
	return true;
}

/*
 * @rail's health became @value, for @why (enum lnetmr_trace_health_why;
 * @status: the failure's error): trace it, and notify (rate limited).
 */
static void rail_changed(struct lnetmr_rail *rail, unsigned int value, int why, int status)
{
	trace_lnetmr_health(rail->node->net, true, rail->xr.nid, value, why, status);
	if (health_ntf_due(&rail->health, value))
		lnetmr_nl_rail_notify_atomic(rail, LNETMR_CMD_RAIL_HEALTH_NTF);
}

static void peer_ni_changed(struct lnetmr_node *node, struct lnetmr_peer_ni *pni,
			    unsigned int value, int why, int status)
{
	trace_lnetmr_health(node->net, false, pni->nid, value, why, status);
	if (health_ntf_due(&pni->health, value))
		lnetmr_nl_peer_health_notify(node, pni);
}

static void recovery_kick(struct lnetmr_node *node)
{
	if (READ_ONCE(node->live))
		queue_delayed_work(lnetmr_wq, &node->recovery_work, LNETMR_HEALTH_TICK);
}

/* A failure starts the wait for a recovery ping (if none is waited for) */
static void health_probe_arm(struct lnetmr_health *h, lnet_nid_t probe_nid)
{
	spin_lock(&h->lock);
	if (probe_nid)
		h->probe_nid = probe_nid;
	if (!h->probing && time_after(jiffies, h->next_probe))
		h->next_probe = jiffies + h->interval_s * HZ;
	spin_unlock(&h->lock);
}

/**
 * lnetmr_health_failed() - a path failed
 * @rail: its local rail, or NULL
 * @pni: its peer NID, or NULL
 * @status: the error
 *
 * Counts the failure by class on both and lowers the health of whom the
 * class blames: a local failure the rail, a remote or network one the peer
 * NID, a timeout both (nobody can tell which side dropped it).  Callable in
 * atomic context.
 */
void lnetmr_health_failed(struct lnetmr_rail *rail, struct lnetmr_peer_ni *pni, int status)
{
	enum lnetmr_fail_class class = fail_class_of(status);
	struct lnetmr_node *node = rail ? rail->node : NULL;
	unsigned int value;

	/* a rail being removed has no health to keep (nor an NI to name) */
	if (rail && READ_ONCE(rail->dead))
		rail = NULL;
	if (rail) {
		lnetmr_stat_add(&rail->stats, fail_stat[class], 1);
		if (class == LNETMR_FAIL_LOCAL || class == LNETMR_FAIL_TIMEOUT) {
			health_probe_arm(&rail->health, pni ? pni->nid : 0);
			if (health_add(&rail->health, -LNETMR_HEALTH_STEP, &value))
				rail_changed(rail, value, LNETMR_HEALTH_WHY_FAILED, status);
		}
	}
	if (pni) {
		lnetmr_stat_add(&pni->stats, fail_stat[class], 1);
		if (class != LNETMR_FAIL_LOCAL && node) {
			health_probe_arm(&pni->health, 0);
			if (health_add(&pni->health, -LNETMR_HEALTH_STEP, &value))
				peer_ni_changed(node, pni, value, LNETMR_HEALTH_WHY_FAILED,
						status);
		}
	}
	if (node)
		recovery_kick(node);
}

/**
 * lnetmr_health_succeeded() - a path carried a message (and its answer)
 * @rail: its local rail, or NULL
 * @pni: its peer NID, or NULL
 */
void lnetmr_health_succeeded(struct lnetmr_rail *rail, struct lnetmr_peer_ni *pni)
{
	unsigned int value;

	if (rail && READ_ONCE(rail->dead))
		return;
	if (rail && lnetmr_health_read(&rail->health) < LNETMR_HEALTH_MAX &&
	    health_add(&rail->health, LNETMR_HEALTH_STEP, &value))
		rail_changed(rail, value, LNETMR_HEALTH_WHY_SUCCEEDED, 0);
	if (rail && pni && lnetmr_health_read(&pni->health) < LNETMR_HEALTH_MAX &&
	    health_add(&pni->health, LNETMR_HEALTH_STEP, &value))
		peer_ni_changed(rail->node, pni, value, LNETMR_HEALTH_WHY_SUCCEEDED, 0);
}

/**
 * lnetmr_health_answer() - an ACK or REPLY came in, or its payload broke off
 * @rail: the rail it came in on
 * @from: the peer NID it came from
 * @status: 0, or why its payload did not land
 *
 * An answer proves the path it took, whichever the request took.
 */
void lnetmr_health_answer(struct lnetmr_rail *rail, lnet_nid_t from, int status)
{
	struct lnetmr_peer_ni *pni = lnetmr_peer_ni_get(rail->node, from, false);

	if (status)
		lnetmr_health_failed(rail, pni, status);
	else
		lnetmr_health_succeeded(rail, pni);
	if (pni)
		lnetmr_peer_ni_put(pni);
}

/* The next recovery ping of @h is due now, its back-off starts over. */
static void health_probe_now(struct lnetmr_health *h)
{
	spin_lock(&h->lock);
	h->interval_s = 1;
	h->next_probe = jiffies;
	spin_unlock(&h->lock);
}

/**
 * lnetmr_health_rail_new() - a rail is up (added, or its link came back):
 *	ask again now of the peer NIDs below full health that it reaches
 * @rail: the rail
 *
 * What failed while no rail reached them backed their recovery pings off
 * (up to LNETMR_HEALTH_PROBE_MAX_S apart); a new path is news worth a ping.
 * Callable in atomic context.
 */
void lnetmr_health_rail_new(struct lnetmr_rail *rail)
{
	struct lnetmr_node *node = rail->node;
	struct lnetmr_peer_ni *pni;
	unsigned int bkt;
	bool any = false;

	rcu_read_lock();
	hash_for_each_rcu(node->peers.nids, bkt, pni, hash) {
		if (lnetmr_health_read(&pni->health) < LNETMR_HEALTH_MAX &&
		    lnetmr_rail_reaches(rail, pni->nid)) {
			health_probe_now(&pni->health);
			any = true;
		}
	}
	rcu_read_unlock();
	if (any)
		recovery_kick(node);
}

/**
 * lnetmr_health_rail_up() - a rail's link came back: probe it now
 * @rail: the rail
 *
 * A rail that has no peer NID to probe (it failed alone) is taken back
 * at full health.
 */
void lnetmr_health_rail_up(struct lnetmr_rail *rail)
{
	struct lnetmr_health *h = &rail->health;
	bool restore;

	health_probe_now(h);
	spin_lock(&h->lock);
	restore = !h->probe_nid;
	spin_unlock(&h->lock);
	if (restore && lnetmr_health_read(h) < LNETMR_HEALTH_MAX) {
		atomic_set(&h->value, LNETMR_HEALTH_MAX);
		rail_changed(rail, LNETMR_HEALTH_MAX, LNETMR_HEALTH_WHY_LINK_UP, 0);
	}
	lnetmr_health_rail_new(rail);
	recovery_kick(rail->node);
}

/**
 * struct health_probe - one recovery ping in flight
 * @node: the node
 * @rail: the rail it probes (referenced), or NULL
 * @pni: the peer NID it probes (referenced), or NULL
 * @h: the health it restores
 * @answered: the REPLY came
 * @kvec: describes @buf
 * @buf: where the REPLY lands
 */
struct health_probe {
	struct lnetmr_node *node;
	struct lnetmr_rail *rail;
	struct lnetmr_peer_ni *pni;
	struct lnetmr_health *h;
	bool answered;
	struct kvec kvec;
	u8 buf[PROBE_LEN];
};

static void probe_done(struct health_probe *p)
{
	struct lnetmr_health *h = p->h;
	bool restored = false;

	spin_lock(&h->lock);
	h->probing = false;
	if (p->answered) {
		h->interval_s = 1;
		restored = atomic_xchg(&h->value, LNETMR_HEALTH_MAX) != LNETMR_HEALTH_MAX;
	} else {
		h->interval_s = min(h->interval_s * 2, LNETMR_HEALTH_PROBE_MAX_S);
	}
	h->next_probe = jiffies + h->interval_s * HZ;
	spin_unlock(&h->lock);

	if (restored && p->rail && !READ_ONCE(p->rail->dead))
		rail_changed(p->rail, LNETMR_HEALTH_MAX, LNETMR_HEALTH_WHY_PROBE, 0);
	if (restored && p->pni)
		peer_ni_changed(p->node, p->pni, LNETMR_HEALTH_MAX, LNETMR_HEALTH_WHY_PROBE, 0);
	if (!p->answered)
		recovery_kick(p->node);
	if (p->rail)
		lnetmr_rail_put(p->rail);
	if (p->pni)
		lnetmr_peer_ni_put(p->pni);
	kfree(p);
}

static void probe_event(const struct lnet_event *ev)
{
	struct health_probe *p = ev->user_ptr;

	if (ev->type == LNET_EVENT_REPLY && !ev->status)
		p->answered = true;
	else if (ev->type == LNET_EVENT_UNLINK)
		probe_done(p);
}

/* Ping @target (through @p->rail's NID when probing a rail). */
static void probe_start(struct health_probe *p, lnet_nid_t target)
{
	struct lnet_core *core = p->node->core;
	struct lnet_handle_md mdh;
	struct lnet_md_desc desc;
	int err;

	p->kvec.iov_base = p->buf;
	p->kvec.iov_len = sizeof(p->buf);
	desc = (struct lnet_md_desc){
		.kvec = &p->kvec,
		.nr = 1,
		.is_kvec = true,
		.length = sizeof(p->buf),
		.threshold = 1,
		.user_ptr = p,
		.handler = probe_event,
	};
	if (p->rail)
		lnetmr_stat_add(&p->rail->stats, LNETMR_STAT_RECOVERY_PINGS, 1);
	if (p->pni)
		lnetmr_stat_add(&p->pni->stats, LNETMR_STAT_RECOVERY_PINGS, 1);
	err = lnet_md_new(core, &desc, NULL, &mdh);
	if (err) {
		probe_done(p);
		return;
	}
	err = lnet_send_request(core, &(struct lnet_request){
					.mdh = mdh,
					.type = LNET_MSG_GET,
					.target = target,
					.portal = LNET_PING_PORTAL,
					.match_bits = LNET_PING_MATCHBITS,
					.pinned = true,
					.via = p->rail ? p->rail->xr.nid : 0,
					.timeout_ms = lnetmr_node_setting(p->node,
									  LNETMR_SET_TIMEOUT),
				});
	if (err)
		lnet_md_unlink_handle(core, mdh);	/* its UNLINK event frees @p */
}

/* Claim @h for a recovery ping if one is due; false if not. */
static bool probe_claim(struct lnetmr_health *h, lnet_nid_t *last_nid)
{
	bool due;

	spin_lock(&h->lock);
	due = !h->probing && time_after_eq(jiffies, h->next_probe);
	if (due) {
		h->probing = true;
		if (last_nid)
			*last_nid = h->probe_nid;
	}
	spin_unlock(&h->lock);
	return due;
}

static void probe_unclaim(struct lnetmr_health *h)
{
	spin_lock(&h->lock);
	h->probing = false;
	spin_unlock(&h->lock);
}

/*
 * Whom a rail's recovery ping goes to: a peer NID it reaches that is at
 * full health (so that a dead peer interface does not keep a good rail
 * down), else the one its last failure involved.  Under RCU.
 */
static lnet_nid_t rail_probe_target(struct lnetmr_node *node, struct lnetmr_rail *rail,
				    lnet_nid_t last_nid)
{
	struct lnetmr_peer_ni *pni;
	unsigned int bkt;

	hash_for_each_rcu(node->peers.nids, bkt, pni, hash)
		if (lnetmr_rail_reaches(rail, pni->nid) &&
		    lnetmr_health_read(&pni->health) == LNETMR_HEALTH_MAX)
			return pni->nid;
	return last_nid;
}

/**
 * struct probe_plan - recovery pings chosen under RCU, started after it
 * @p: the pings, with their references taken
 * @target: the NID each one pings
 * @n: entries used
 */
struct probe_plan {
	struct health_probe *p[PROBES_PER_PASS];
	lnet_nid_t target[PROBES_PER_PASS];
	unsigned int n;
};

static void plan_add(struct probe_plan *plan, struct health_probe *p, lnet_nid_t target)
{
	plan->p[plan->n] = p;
	plan->target[plan->n++] = target;
}

/* Rails below full health that are up: ping their last failed peer NID through them */
static bool plan_rails(struct lnetmr_node *node, struct probe_plan *plan)
{
	struct lnetmr_rail *rail;
	struct lnetmr_ni *ni;
	bool unhealthy = false;

	list_for_each_entry_rcu(ni, &node->nis, link) {
		list_for_each_entry_rcu(rail, &ni->rails, link) {
			struct health_probe *p;
			lnet_nid_t target;

			if (lnetmr_health_read(&rail->health) == LNETMR_HEALTH_MAX)
				continue;
			unhealthy = true;
			if (plan->n == PROBES_PER_PASS ||
			    READ_ONCE(rail->state) != LNETMR_RAIL_STATE_UP)
				continue;
			p = kzalloc(sizeof(*p), GFP_ATOMIC);
			if (!p)
				continue;
			if (!probe_claim(&rail->health, &target)) {
				kfree(p);
				continue;
			}
			target = rail_probe_target(node, rail, target);
			if (!target) {
				/* nobody to ask yet: the rail's next success tells */
				probe_unclaim(&rail->health);
				kfree(p);
				continue;
			}
			p->node = node;
			p->rail = lnetmr_rail_get(rail);
			p->h = &rail->health;
			plan_add(plan, p, target);
		}
	}
	return unhealthy;
}

/* Peer NIDs below full health: ping them, through any rail */
static bool plan_peer_nis(struct lnetmr_node *node, struct probe_plan *plan)
{
	struct lnetmr_peer_table *table = &node->peers;
	struct lnetmr_peer_ni *pni;
	bool unhealthy = false;
	unsigned int bkt;

	hash_for_each_rcu(table->nids, bkt, pni, hash) {
		struct health_probe *p;

		if (lnetmr_health_read(&pni->health) == LNETMR_HEALTH_MAX)
			continue;
		unhealthy = true;
		if (plan->n == PROBES_PER_PASS || !kref_get_unless_zero(&pni->ref))
			continue;
		p = kzalloc(sizeof(*p), GFP_ATOMIC);
		if (!p || !probe_claim(&pni->health, NULL)) {
			kfree(p);
			lnetmr_peer_ni_put(pni);
			continue;
		}
		p->node = node;
		p->pni = pni;
		p->h = &pni->health;
		plan_add(plan, p, pni->nid);
	}
	return unhealthy;
}

static void recovery_work(struct work_struct *work)
{
	struct lnetmr_node *node = container_of(to_delayed_work(work), struct lnetmr_node,
						recovery_work);
	struct probe_plan plan = { };
	bool unhealthy;
	unsigned int i;

	if (!READ_ONCE(node->live))
		return;
	rcu_read_lock();
	unhealthy = plan_rails(node, &plan);
	unhealthy |= plan_peer_nis(node, &plan);
	rcu_read_unlock();
	for (i = 0; i < plan.n; i++)
		probe_start(plan.p[i], plan.target[i]);
	if (unhealthy)
		recovery_kick(node);
}

void lnetmr_health_node_init(struct lnetmr_node *node)
{
	INIT_DELAYED_WORK(&node->recovery_work, recovery_work);
}

/**
 * lnetmr_health_node_stop() - no more recovery pings
 * @node: the node, no longer live (so the work does not start pings or
 *	come back)
 */
void lnetmr_health_node_stop(struct lnetmr_node *node)
{
	cancel_delayed_work_sync(&node->recovery_work);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: health of rails and peer NIDs.
 *
 * Every rail and every peer NID has a health value from 0 to
 * LNETMR_HEALTH_MAX.  A failure lowers it by LNETMR_HEALTH_STEP, a success
 * raises it by as much; path selection prefers healthier paths but never
 * excludes one for its health alone.  What is below the maximum is probed
 * with recovery pings, one after 1 s, then after 2, 4 ... up to
 * LNETMR_HEALTH_PROBE_MAX_S seconds while they fail; a recovery ping that
 * is answered brings the health back to the maximum.
 */
#ifndef _LNETMR_HEALTH_H
#define _LNETMR_HEALTH_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "nid.h"

struct lnetmr_node;
struct lnetmr_rail;
struct lnetmr_peer_ni;

#define LNETMR_HEALTH_STEP		100
#define LNETMR_HEALTH_PROBE_MAX_S	60
/* how often the recovery work looks for what needs a recovery ping */
#define LNETMR_HEALTH_TICK		(HZ / 4)

/**
 * enum lnetmr_fail_class - what kind of failure hit a path
 * @LNETMR_FAIL_LOCAL: our side: the rail went down or is going away
 * @LNETMR_FAIL_REMOTE: the peer's side: connection refused, reset or lost
 * @LNETMR_FAIL_TIMEOUT: no progress or no answer within the timeout setting
 * @LNETMR_FAIL_NETWORK: no route to the peer NID
 */
enum lnetmr_fail_class {
	LNETMR_FAIL_LOCAL,
	LNETMR_FAIL_REMOTE,
	LNETMR_FAIL_TIMEOUT,
	LNETMR_FAIL_NETWORK,
};

/**
 * struct lnetmr_health - health of a rail or a peer NID
 * @value: 0..LNETMR_HEALTH_MAX
 * @lock: protects the fields below
 * @next_probe: jiffies when the next recovery ping is due
 * @interval_s: seconds between recovery pings, doubled by each failure
 * @probing: a recovery ping is in flight
 * @probe_nid: rail: the peer NID its recovery pings go to (the last one a
 *	failure on the rail involved)
 * @last_ntf: jiffies of the last health event sent
 */
struct lnetmr_health {
	atomic_t value;
	spinlock_t lock;	/* next_probe, interval_s, probing, probe_nid, last_ntf */
	unsigned long next_probe;
	unsigned int interval_s;
	bool probing;
	lnet_nid_t probe_nid;
	unsigned long last_ntf;
};

static inline unsigned int lnetmr_health_read(const struct lnetmr_health *h)
{
	return atomic_read(&h->value);
}

void lnetmr_health_init(struct lnetmr_health *h);
void lnetmr_health_failed(struct lnetmr_rail *rail, struct lnetmr_peer_ni *pni, int status);
void lnetmr_health_succeeded(struct lnetmr_rail *rail, struct lnetmr_peer_ni *pni);
void lnetmr_health_rail_up(struct lnetmr_rail *rail);
void lnetmr_health_rail_new(struct lnetmr_rail *rail);
void lnetmr_health_answer(struct lnetmr_rail *rail, lnet_nid_t from, int status);

void lnetmr_health_node_init(struct lnetmr_node *node);
void lnetmr_health_node_stop(struct lnetmr_node *node);

#endif /* _LNETMR_HEALTH_H */

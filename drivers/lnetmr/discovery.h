/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: discovery.  A node learns the NIDs and features of a peer from
 * its ping buffer: by pinging a peer NID the first time it sends to it (in
 * the background; the first messages go to that NID alone), and from the
 * pushes of peers (their ping buffer PUT to portal 0 when their interfaces
 * change).  When our own interfaces change we push our buffer to the peers
 * that discovered us, or that we discovered.  `set discovery off` stops
 * all of it; `peer add` still works.
 */
#ifndef _LNETMR_DISCOVERY_H
#define _LNETMR_DISCOVERY_H

#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "api.h"
#include "nid.h"

struct lnetmr_node;
struct lnetmr_peer_ni;
struct lnet_ping_info;
struct lnet_ping_entry;

/* peer NIDs waiting for their discovery ping */
#define LNETMR_DISCOVERY_QUEUE	64
/* after a discovery ping failed, the next one waits this long */
#define LNETMR_DISCOVERY_RETRY	(10 * HZ)

/**
 * struct lnetmr_discovery - discovery state of a node
 * @lock: protects @queue and @nqueue
 * @queue: peer NIDs to ping
 * @nqueue: entries in @queue
 * @ping_work: pings them
 * @push_work: pushes our ping buffer to the peers that know us
 * @push_md: the MD that receives peers' pushes (reposted after each)
 */
struct lnetmr_discovery {
	spinlock_t lock;	/* queue, nqueue */
	lnet_nid_t queue[LNETMR_DISCOVERY_QUEUE];
	unsigned int nqueue;
	struct work_struct ping_work;
	struct work_struct push_work;
	struct lnet_handle_md push_md;
};

void lnetmr_discovery_init(struct lnetmr_node *node);
int lnetmr_discovery_start(struct lnetmr_node *node);
void lnetmr_discovery_stop(struct lnetmr_node *node);
void lnetmr_discovery_want(struct lnetmr_node *node, struct lnetmr_peer_ni *pni);
void lnetmr_discovery_learn(struct lnetmr_node *node, const struct lnet_ping_info *info,
			    const struct lnet_ping_entry *ents, unsigned int n);
void lnetmr_discovery_push_all(struct lnetmr_node *node);

#endif /* _LNETMR_DISCOVERY_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: network interfaces (NIs) and their rails.
 *
 * An NI is one LNet network of a node ("tcp0").  It aggregates 1 to
 * LNETMR_MAX_RAILS rails; a rail is one local interface with an IPv4
 * address, and its NID is that address on the NI's network.
 *
 * Locking: the node's NI list and each NI's rail list change under
 * RTNL and then node->lock, in that order (the netdevice notifier runs
 * under RTNL and takes node->lock), and are walked under RCU by the data
 * path.  Rails are reference counted; the data path takes a reference with
 * lnetmr_rail_find() / lnetmr_rail_get() while it uses one.
 */
#ifndef _LNETMR_NI_H
#define _LNETMR_NI_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/spinlock.h>

#include "health.h"
#include "nid.h"
#include "stats.h"
#include "transport.h"

#include <linux/lnetmr.h>

#define LNETMR_MAX_NIS		16
#define LNETMR_MAX_RAILS	16

struct lnetmr_node;
struct lnetmr_ni;

/**
 * struct lnetmr_rail - one interface of an NI
 * @link: in ni->rails (RCU list)
 * @ni: the NI it belongs to (outlives the rail's membership; the NI is
 *	freed only after all its rails left and an RCU grace period)
 * @node: the node
 * @xr: what the transport sees of the rail, and where the rail's
 *	interface is kept: @xr.dev (held with @dev_tracker while the rail is
 *	in the list), @xr.ifname (its name when the rail was added), @xr.addr
 *	and @xr.mask (the IPv4 address and netmask of the rail's NID, network
 *	order: peer NIDs in the subnet are the ones this rail reaches
 *	directly), @xr.nid (the rail's NID); @xr.priv is the transport's
 * @dev_tracker: reference tracker of @xr.dev
 * @ifindex: @xr.dev's index, for lookups without touching it
 * @speed: Mbit/s, the rail's weight in path selection
 * @speed_set: @speed is the one rail-add gave (not the link's)
 * @vtime: virtual time of the rail's next turn in path selection (under
 *	the node's peer table lock): each turn moves it by 2^40 / @speed
 * @state: LNETMR_RAIL_STATE_UP or _DOWN (the interface is down or has no
 *	carrier, or the transport says the rail cannot carry: an RDMA port
 *	that is not active), written under node->lock, read with READ_ONCE
 * @xprt_down: the transport says the rail cannot carry (under node->lock)
 * @xprt_carrier: what the transport said last (lnetmr_rail_carrier())
 * @xprt_events: LNETMR_RAIL_XPRT_* bits the transport set, for @xprt_work
 * @xprt_work: acts on @xprt_events under RTNL and node->lock
 * @ref: references: the NI's list holds one, users take more
 * @rcu: for freeing after a grace period
 * @stats: counters of this rail (@xr.stats points here)
 * @senders: callers inside the transport's ->send() for this rail
 * @senders_wait: woken when @senders drops to 0
 * @dead: the rail is being removed: sends fail; once it is set and
 *	@senders is 0, nothing reaches the transport any more
 * @dead_txs: messages that reached the rail once it was dead, failed by
 *	@dead_work (under @credit_lock)
 * @dead_work: fails @dead_txs
 * @ready: messages a completion gave both credits to, waiting to be sent
 *	by whoever is sending them (@ready_sending): sends cannot nest
 *	however many messages wait
 * @ready_sending: someone is sending @ready; a completion inside one of
 *	those sends only adds to it
 * @credit_lock: protects @credits, @min_credits, @credit_queue, @dead_txs,
 *	@ready, @ready_sending
 * @credits: send credits left; negative: messages queued
 * @min_credits: lowest @credits seen
 * @credit_queue: messages waiting for a credit, oldest first
 * @health: the rail's health
 * @numa_node: NUMA node of the interface's device, NUMA_NO_NODE if none
 */
struct lnetmr_rail {
	struct list_head link;
	struct lnetmr_ni *ni;
	struct lnetmr_node *node;
	struct lnet_xprt_rail xr;
	netdevice_tracker dev_tracker;
	int ifindex;
	u32 speed;
	bool speed_set;
	u64 vtime;
	int state;
	bool xprt_down;
	bool xprt_carrier;
	unsigned long xprt_events;
	struct work_struct xprt_work;
	struct kref ref;
	struct rcu_head rcu;
	struct lnetmr_stats stats;
	atomic_t senders;
	wait_queue_head_t senders_wait;
	bool dead;
	struct list_head dead_txs;
	struct work_struct dead_work;
	struct list_head ready;
	bool ready_sending;
	spinlock_t credit_lock;	/* credits, min_credits, credit_queue, dead_txs, ready */
	int credits;
	int min_credits;
	struct list_head credit_queue;
	struct lnetmr_health health;
	int numa_node;
};

/* what a transport tells of its rail (bits of lnetmr_rail.xprt_events) */
#define LNETMR_RAIL_XPRT_LOST		0	/* what it ran on is gone: remove it */
#define LNETMR_RAIL_XPRT_CARRIER	1	/* @xprt_carrier changed */

/* send credits of a rail (messages in flight before queueing) */
#define LNETMR_RAIL_CREDITS	256

/**
 * struct lnetmr_ni - an LNet network of a node
 * @link: in node->nis (RCU list)
 * @node: the node
 * @net: the LNet network number ((type << 16) | num)
 * @xport: the transport of the network's type (the NI holds a reference
 *	on its module)
 * @xnode: the node as the transport sees it
 * @rails: the rails (RCU list; changes under node->lock)
 * @nrails: number of entries in @rails
 * @rr: round-robin cursor of rail selection
 * @rcu: for freeing after a grace period
 */
struct lnetmr_ni {
	struct list_head link;
	struct lnetmr_node *node;
	u32 net;
	const struct lnet_transport *xport;
	struct lnet_xprt_node *xnode;
	struct list_head rails;
	unsigned int nrails;
	atomic_t rr;
	struct rcu_head rcu;
};

struct lnetmr_rail *lnetmr_rail_find(struct lnetmr_node *node, lnet_nid_t nid);
struct lnetmr_rail *lnetmr_rail_find_locked(struct lnetmr_node *node, lnet_nid_t nid,
					    int ifindex);

static inline struct lnetmr_rail *lnetmr_rail_of(struct lnet_xprt_rail *xr)
{
	return container_of(xr, struct lnetmr_rail, xr);
}

/**
 * struct lnetmr_cfg - a configuration request
 * @net: the NI's network
 * @ifname: the rail's interface name (rail requests)
 * @net_attr: attribute @net came from, for error messages
 * @ifname_attr: attribute @ifname came from, for error messages
 * @speed: the rail's speed in Mbit/s, 0 for the link's
 * @extack: where error messages go
 */
struct lnetmr_cfg {
	u32 net;
	const char *ifname;
	const struct nlattr *net_attr;
	const struct nlattr *ifname_attr;
	u32 speed;
	struct netlink_ext_ack *extack;
};

/* a rail's speed when neither the user nor the link says */
#define LNETMR_RAIL_DEFAULT_SPEED	1000

int lnetmr_ni_add(struct lnetmr_node *node, const struct lnetmr_cfg *cfg);
int lnetmr_ni_del(struct lnetmr_node *node, const struct lnetmr_cfg *cfg);
struct lnetmr_ni *lnetmr_ni_find(struct lnetmr_node *node, u32 net);
int lnetmr_rail_add(struct lnetmr_node *node, const struct lnetmr_cfg *cfg);
int lnetmr_rail_del(struct lnetmr_node *node, const struct lnetmr_cfg *cfg);
void lnetmr_rail_set_state_locked(struct lnetmr_rail *rail);
void lnetmr_rail_xprt_event(struct lnetmr_rail *rail, unsigned int event);
void lnetmr_node_nis_flush(struct lnetmr_node *node);

void lnetmr_rail_init_send(struct lnetmr_rail *rail);

int lnetmr_ni_module_init(void);
void lnetmr_ni_module_exit(void);

#endif /* _LNETMR_NI_H */

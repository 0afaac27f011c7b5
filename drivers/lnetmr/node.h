/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: the LNet node of one network namespace.
 */
#ifndef _LNETMR_NODE_H
#define _LNETMR_NODE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "discovery.h"
#include "lnet_node.h"
#include "peer.h"
#include "policy.h"
#include "stats.h"
#include "transport.h"

/**
 * struct lnetmr_setting_desc - how one setting is named, stored and defaulted
 * @attr: its attribute in the LNETMR_A_NODE_* set
 * @nla_type: NLA_U8 or NLA_U32 (range checks live in the netlink policy)
 * @name: its name as the CLI and documentation spell it
 * @def: value of a new node
 */
struct lnetmr_setting_desc {
	int attr;
	int nla_type;
	const char *name;
	u32 def;
};

extern const struct lnetmr_setting_desc lnetmr_settings[LNETMR_SET_COUNT];

/* transports one node may run at once (one per network type in use) */
#define LNETMR_NODE_MAX_XPRTS	4

/**
 * struct lnetmr_node_xprt - a transport running on a node
 * @xport: the transport, NULL for a free entry
 * @xn: what the transport sees of the node
 * @nis: the node's NIs of that transport
 */
struct lnetmr_node_xprt {
	const struct lnet_transport *xport;
	struct lnet_xprt_node xn;
	unsigned int nis;
};

/**
 * struct lnetmr_node - per network namespace LNet node
 * @net: the namespace this node lives in (not refcounted: the node is part
 *	of the namespace and dies with it)
 * @incarnation: start time stamp (ns since the epoch), sent to peers so that
 *	they can tell a restarted node from an old one
 * @lock: serialises configuration changes of this node: writers of @settings
 *	(and, as the node grows, of its NIs, rails and peers tables)
 * @settings: values indexed by &enum lnetmr_setting_id; written under @lock
 *	with WRITE_ONCE(), read locklessly with lnetmr_node_setting()
 * @nis: the node's NIs (&struct lnetmr_ni), an RCU list changed under RTNL
 *	and @lock
 * @nnis: entries in @nis
 * @xprts: the transports running on this node, one entry per transport
 *	that has an NI here (under @lock)
 * @core: the LNet core's per-node state (portals, MDs, events)
 * @stats: node-wide counters, for what no rail can be blamed for
 * @peers: the peers this node has talked to
 * @policies: the selection rules (see policy.h)
 * @bench: the bench engine's and sink's state
 * @disc: discovery's state
 * @recovery_work: sends recovery pings to what is below full health
 *	(health.c)
 * @peer_age_work: forgets the peers idle for longer than the peer-age
 *	setting (peer.c)
 * @live: set once the node is fully set up, cleared when it starts going
 *	away; the netdevice notifier ignores nodes that are not live
 */
struct lnetmr_node {
	struct net *net;
	u64 incarnation;
	struct mutex lock;	/* serialises configuration changes */
	u32 settings[LNETMR_SET_COUNT];
	struct list_head nis;
	unsigned int nnis;
	struct lnetmr_node_xprt xprts[LNETMR_NODE_MAX_XPRTS];
	struct lnet_core *core;
	struct lnetmr_stats stats;
	struct lnetmr_peer_table peers;
	struct lnetmr_policy_table policies;
	struct lnetmr_bench_node *bench;
	struct lnetmr_discovery disc;
	struct delayed_work recovery_work;
	struct delayed_work peer_age_work;
	bool live;
};

static inline struct lnetmr_node *lnetmr_node_of_xnode(const struct lnet_xprt_node *xn)
{
	return lnetmr_node(xn->net);
}

int lnetmr_node_module_init(void);
void lnetmr_node_module_exit(void);

#endif /* _LNETMR_NODE_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnet_node.h - what the LNet core needs from the node it runs in.
 *
 * The core (lnet/) builds, matches and finishes messages; the multi-rail
 * driver (drivers/lnetmr/) owns the node: its settings, rails, peers,
 * counters and health, and the send path that picks a message's way.  The
 * core reaches the driver only through the functions declared here, which
 * the driver implements; the core's headers are all it includes.
 */
#ifndef LNET_LNET_NODE_H
#define LNET_LNET_NODE_H

#include <linux/types.h>

#include "nid.h"
#include "stats.h"
#include "wire.h"

struct net;
struct lnet_core;
struct lnet_msg;
struct lnetmr_node;
struct lnetmr_rail;
struct lnetmr_peer_ni;

/**
 * enum lnetmr_setting_id - node settings changeable over netlink
 * @LNETMR_SET_DISCOVERY: peer discovery on or off
 * @LNETMR_SET_TRANSACTION_TIMEOUT: transaction timeout in milliseconds
 * @LNETMR_SET_STRIPE_THRESHOLD: bulk size in bytes above which to stripe
 * @LNETMR_SET_ACCEPT_ANY_PORT: accept connections from unprivileged ports
 * @LNETMR_SET_TIMEOUT: milliseconds one path may hold a message without
 *	progress or answer before it counts as failed
 * @LNETMR_SET_BENCH_SINK_MAX: the largest bench PUT the bench sink takes
 * @LNETMR_SET_PEER_AGE: seconds an idle peer nobody configured is kept
 *	(0: for ever)
 * @LNETMR_SET_COUNT: number of settings
 */
enum lnetmr_setting_id {
	LNETMR_SET_DISCOVERY,
	LNETMR_SET_TRANSACTION_TIMEOUT,
	LNETMR_SET_STRIPE_THRESHOLD,
	LNETMR_SET_ACCEPT_ANY_PORT,
	LNETMR_SET_TIMEOUT,
	LNETMR_SET_BENCH_SINK_MAX,
	LNETMR_SET_PEER_AGE,
	LNETMR_SET_COUNT
};

/* the module's workqueue, for the core's work items too */
extern struct workqueue_struct *lnetmr_wq;

/* the node */
struct lnetmr_node *lnetmr_node(const struct net *net);
struct net *lnetmr_node_net(const struct lnetmr_node *node);
struct lnet_core *lnetmr_node_core(const struct lnetmr_node *node);
u32 lnetmr_node_setting(const struct lnetmr_node *node, enum lnetmr_setting_id id);
void lnetmr_node_count(struct lnetmr_node *node, enum lnetmr_stat id, u64 n);

/* sending: a message's path, credits and transport */
void lnetmr_send(struct lnetmr_node *node, struct lnet_msg *msg);
void lnetmr_msg_release(struct lnet_msg *msg);
bool lnetmr_is_local_nid(struct lnetmr_node *node, lnet_nid_t nid);
unsigned int lnetmr_usable_rails(struct lnetmr_node *node, lnet_nid_t nid);

/* rails */
struct lnetmr_rail *lnetmr_rail_get(struct lnetmr_rail *rail);
void lnetmr_rail_put(struct lnetmr_rail *rail);
struct lnetmr_node *lnetmr_rail_node(const struct lnetmr_rail *rail);
void lnetmr_rail_count(struct lnetmr_rail *rail, enum lnetmr_stat id, u64 n);

/* peers */
void lnetmr_peer_ni_count(struct lnetmr_peer_ni *pni, enum lnetmr_stat id, u64 n);
bool lnetmr_peer_same(struct lnetmr_node *node, lnet_nid_t a, lnet_nid_t b);
u32 lnetmr_peer_features(struct lnetmr_node *node, lnet_nid_t nid);

/* accounting and health of the paths messages took */
void lnetmr_account_tx(struct lnet_msg *msg, int status, bool answered);
void lnetmr_account_rx(struct lnetmr_rail *rail, const struct lnet_hdr *hdr, u32 mlen);
void lnetmr_count_timeout(struct lnet_msg *msg);
void lnetmr_health_failed(struct lnetmr_rail *rail, struct lnetmr_peer_ni *pni, int status);
void lnetmr_health_answer(struct lnetmr_rail *rail, lnet_nid_t from, int status);

/* the ping buffer: our NIDs, and discovery's pushes of them */
unsigned int lnetmr_node_nids(struct lnetmr_node *node, struct lnet_ping_entry *ents,
			      unsigned int max);
unsigned int lnetmr_node_nid_count(struct lnetmr_node *node);
void lnetmr_discovery_push_all(struct lnetmr_node *node);

#endif /* LNET_LNET_NODE_H */

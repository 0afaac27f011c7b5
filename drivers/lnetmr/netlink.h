/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LNETMR_NETLINK_H
#define _LNETMR_NETLINK_H

#include <linux/types.h>

#include "nid.h"

struct lnetmr_node;
struct lnetmr_rail;
struct lnetmr_peer_ni;
struct lnetmr_peer;

int lnetmr_netlink_init(void);
void lnetmr_netlink_exit(void);

/* events to the "events" multicast group (LNETMR_CMD_*_NTF) */
void lnetmr_nl_ni_notify(struct lnetmr_node *node, u32 net, u8 cmd);
void lnetmr_nl_rail_notify(struct lnetmr_rail *rail, u8 cmd);
void lnetmr_nl_rail_notify_atomic(struct lnetmr_rail *rail, u8 cmd);
void lnetmr_nl_peer_health_notify(struct lnetmr_node *node, struct lnetmr_peer_ni *pni);
void lnetmr_nl_discovery_notify(struct lnetmr_node *node, lnet_nid_t primary);

#endif /* _LNETMR_NETLINK_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LNETMR_NETLINK_H
#define _LNETMR_NETLINK_H

#include <linux/types.h>

struct lnetmr_node;
struct lnetmr_rail;

int lnetmr_netlink_init(void);
void lnetmr_netlink_exit(void);

/* events to the "events" multicast group (LNETMR_CMD_*_NTF) */
void lnetmr_nl_ni_notify(struct lnetmr_node *node, u32 net, u8 cmd);
void lnetmr_nl_rail_notify(struct lnetmr_rail *rail, u8 cmd);

#endif /* _LNETMR_NETLINK_H */

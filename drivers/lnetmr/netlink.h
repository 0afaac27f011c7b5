/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LNETMR_NETLINK_H
#define _LNETMR_NETLINK_H

int lnetmr_netlink_init(void);
void lnetmr_netlink_exit(void);

#endif /* _LNETMR_NETLINK_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: the transport registry (xprt.c), for the NI code.
 */
#ifndef _LNETMR_XPRT_H
#define _LNETMR_XPRT_H

#include "transport.h"

struct nlattr;

const struct lnet_transport *lnetmr_transport_get(u32 lnd_type, const struct nlattr *attr,
						  struct netlink_ext_ack *extack);
void lnetmr_transport_put(const struct lnet_transport *xport);

#endif /* _LNETMR_XPRT_H */

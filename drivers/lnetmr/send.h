/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: the send path between the LNet core and the transports: rail
 * selection, credits, counters.
 */
#ifndef _LNETMR_SEND_H
#define _LNETMR_SEND_H

#include "lnet_node.h"
#include "nid.h"
#include "wire.h"

struct lnet_msg;
struct lnetmr_node;
struct lnetmr_rail;

void lnetmr_send_rail_stop(struct lnetmr_rail *rail);
bool lnetmr_rail_reaches(const struct lnetmr_rail *rail, lnet_nid_t nid);
void lnetmr_send_peer_incarnation(struct lnetmr_rail *rail, lnet_nid_t peer, u64 incarnation);

#endif /* _LNETMR_SEND_H */

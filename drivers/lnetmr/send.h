/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: the send path between the LNet core and the transports: rail
 * selection, credits, counters.
 */
#ifndef _LNETMR_SEND_H
#define _LNETMR_SEND_H

#include "nid.h"
#include "wire.h"

struct lnet_msg;
struct lnetmr_node;
struct lnetmr_rail;

void lnetmr_send(struct lnetmr_node *node, struct lnet_msg *msg);
void lnetmr_msg_release(struct lnet_msg *msg);
void lnetmr_send_rail_stop(struct lnetmr_rail *rail);
bool lnetmr_is_local_nid(struct lnetmr_node *node, lnet_nid_t nid);
unsigned int lnetmr_usable_rails(struct lnetmr_node *node, lnet_nid_t nid);
bool lnetmr_rail_reaches(const struct lnetmr_rail *rail, lnet_nid_t nid);
void lnetmr_account_tx(struct lnet_msg *msg, int status, bool answered);
void lnetmr_account_rx(struct lnetmr_rail *rail, const struct lnet_hdr *hdr, u32 mlen);
void lnetmr_count_timeout(struct lnet_msg *msg);

#endif /* _LNETMR_SEND_H */

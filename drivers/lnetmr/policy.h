/* SPDX-License-Identifier: GPL-2.0 */
/* placeholder until the policy table lands */
#ifndef _LNETMR_POLICY_H
#define _LNETMR_POLICY_H
#include "nid.h"
struct lnetmr_node;
#define LNETMR_POLICY_PRIO_NONE	U32_MAX
static inline u32 lnetmr_policy_rail_priority(struct lnetmr_node *node, lnet_nid_t nid)
{
	return LNETMR_POLICY_PRIO_NONE;
}

static inline u32 lnetmr_policy_peer_priority(struct lnetmr_node *node, lnet_nid_t nid)
{
	return LNETMR_POLICY_PRIO_NONE;
}

static inline void lnetmr_policy_count(struct lnetmr_node *node, lnet_nid_t rail_nid,
				       lnet_nid_t peer_nid)
{
}
#endif

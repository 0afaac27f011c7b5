// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: netlink handlers of selection policies (being written: the
 * commands answer -EOPNOTSUPP until the policy table lands).
 */
#include <net/genetlink.h>

#include "nl_gen.h"

int lnetmr_nl_policy_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack, "policies are not implemented yet");
	return -EOPNOTSUPP;
}

int lnetmr_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack, "policies are not implemented yet");
	return -EOPNOTSUPP;
}

int lnetmr_nl_policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return 0;
}

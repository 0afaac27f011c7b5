// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: "monitor": print the node's events as they happen.
 */
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nl.h"
#include "nl_names.h"
#include "output.h"
#include "parse.h"

const char monitor_usage[] =
	"lnetmrctl monitor [count N]\n";

#define MAX2(a, b)	((int)(a) > (int)(b) ? (int)(a) : (int)(b))
/* the largest attribute set an event uses */
#define EVENT_MAXATTR	MAX2(MAX2(LNETMR_A_RAIL_MAX, LNETMR_A_NI_MAX), \
			     MAX2(LNETMR_A_PEER_MAX, LNETMR_A_PEER_NI_MAX))

struct monitor {
	uint32_t left;		/* events still to print, 0: no limit */
	bool limited;
};

static int print_event(int cmd, const struct ctl_reply *r, void *arg)
{
	struct monitor *m = arg;
	struct nlattr **tb = r->tb;
	char name[32];
	size_t len;

	if (cmd <= 0 || cmd > LNETMR_CMD_MAX || !lnetmr_cmd_attr_names[cmd].cmd)
		return 0;
	/* "rail-state-ntf" -> "rail-state" */
	snprintf(name, sizeof(name), "%s", lnetmr_cmd_attr_names[cmd].cmd);
	len = strlen(name);
	if (len > 4 && !strcmp(name + len - 4, "-ntf"))
		name[len - 4] = 0;

	out_open_object(NULL);
	out_str("event", name);
	switch (cmd) {
	case LNETMR_CMD_NI_NEW_NTF:
	case LNETMR_CMD_NI_DEL_NTF:
		if (tb[LNETMR_A_NI_NET])
			out_str("net", nla_get_string(tb[LNETMR_A_NI_NET]));
		break;
	case LNETMR_CMD_PEER_HEALTH_NTF:
		if (tb[LNETMR_A_PEER_NI_NID])
			out_nid("nid", nla_get_u64(tb[LNETMR_A_PEER_NI_NID]));
		if (tb[LNETMR_A_PEER_NI_HEALTH])
			out_u64("health", nla_get_u32(tb[LNETMR_A_PEER_NI_HEALTH]));
		break;
	case LNETMR_CMD_DISCOVERY_NTF: {
		struct nlattr *a;
		int rem;

		if (tb[LNETMR_A_PEER_PRIMARY_NID])
			out_nid("primary-nid", nla_get_u64(tb[LNETMR_A_PEER_PRIMARY_NID]));
		if (tb[LNETMR_A_PEER_FEATURES])
			out_u64("features", nla_get_u32(tb[LNETMR_A_PEER_FEATURES]));
		out_open_array("nids");
		ctl_for_each(a, r, rem, LNETMR_A_PEER_NID)
			out_nid(NULL, nla_get_u64(a));
		out_close_array();
		break;
	}
	default:
		out_rail(tb, true);	/* rail events */
		break;
	}
	out_close_object();
	out_record_end();
	return m->limited && --m->left == 0;
}

int do_monitor(int argc, char **argv)
{
	struct monitor m = { 0 };
	int rc;

	if (argc == 2 && is_keyword(argv[0], "count")) {
		if (parse_u32(argv[1], 1, UINT32_MAX, &m.left))
			return usage_error("monitor", "count takes a positive number, not \"%s\"",
					   argv[1]);
		m.limited = true;
	} else if (argc) {
		return usage_error("monitor", "unexpected argument \"%s\"", argv[0]);
	}
	if (ctl_nl_open())
		return EXIT_ERROR;
	rc = ctl_nl_subscribe(LNETMR_MCGRP_EVENTS);
	if (!rc) {
		/* on stderr, so that scripts know events from now on are seen */
		fprintf(stderr, "monitoring lnetmr events\n");
		rc = ctl_nl_listen(EVENT_MAXATTR, print_event, &m);
	}
	ctl_nl_close();
	return rc ? EXIT_ERROR : EXIT_OK;
}

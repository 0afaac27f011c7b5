// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: "stats show": the node's counters and every rail's.
 */
#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nl.h"
#include "output.h"
#include "parse.h"

const char stats_usage[] =
	"lnetmrctl stats show\n";

static int print_node_stats(const struct ctl_reply *r, void *arg)
{
	(void)arg;
	if (out_is_json()) {
		out_stats("node", r->tb[LNETMR_A_NODE_STATS]);
		return 0;
	}
	out_open_object("node");	/* a heading over the rows */
	out_stats(NULL, r->tb[LNETMR_A_NODE_STATS]);
	out_close_object();
	return 0;
}

static int print_rail_stats(const struct ctl_reply *r, void *arg)
{
	struct nlattr **tb = r->tb;

	(void)arg;
	out_open_object(NULL);
	out_rail_id(tb, true);
	out_stats("stats", tb[LNETMR_A_RAIL_STATS]);
	out_close_object();
	return 0;
}

int do_stats(int argc, char **argv)
{
	struct nl_msg *req;
	int rc;

	if (argc > 0 && !is_keyword(argv[0], "show"))
		return usage_error("stats", "unknown command \"%s\"", argv[0]);
	if (argc > 1)
		return usage_error("stats", "unexpected argument \"%s\"", argv[1]);

	out_open_object(NULL);
	req = ctl_begin(LNETMR_CMD_NODE_GET, 0);
	if (!req)
		return EXIT_ERROR;
	rc = ctl_finish(req, LNETMR_A_NODE_MAX, print_node_stats, NULL);
	if (!rc) {
		req = ctl_begin(LNETMR_CMD_RAIL_GET, 1);
		if (!req)
			return EXIT_ERROR;
		out_open_array("rails");
		rc = ctl_finish(req, LNETMR_A_RAIL_MAX, print_rail_stats, NULL);
		out_close_array();
	}
	out_close_object();
	return rc;
}

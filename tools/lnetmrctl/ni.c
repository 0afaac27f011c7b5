// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: NIs and rails.
 */
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nid.h"
#include "nl.h"
#include "output.h"
#include "parse.h"

const char ni_usage[] =
	"lnetmrctl ni { add | del } NET\n"
	"lnetmrctl ni show [NET]\n";
const char rail_usage[] =
	"lnetmrctl rail add NET dev IFNAME [speed MBIT]\n"
	"lnetmrctl rail del NET dev IFNAME\n"
	"lnetmrctl rail show [NET] [-s]\n"
	"lnetmrctl rail show [NET] -s interval SECONDS [count N]\n";

/* NET as the kernel wants it: checked here to give a CLI-side message */
static int check_net(const char *object, const char *net)
{
	uint32_t n;

	if (lnet_net_parse(net, strlen(net), &n))
		return usage_error(object, "\"%s\" is not a network name (e.g. tcp0)", net);
	return 0;
}

void out_nid(const char *key, uint64_t nid)
{
	char buf[LNET_NIDSTR_SIZE];

	lnet_nid_format(nid, buf, sizeof(buf));
	out_str(key, buf);
}

const char *rail_state_name(unsigned int state)
{
	switch (state) {
	case LNETMR_RAIL_STATE_UP:
		return "up";
	case LNETMR_RAIL_STATE_DOWN:
		return "down";
	case LNETMR_RAIL_STATE_DEGRADED:
		return "degraded";
	default:
		return "?";
	}
}

/* A rail's network, interface and NID, those of them present. */
void out_rail_id(struct nlattr **tb, bool with_net)
{
	if (with_net && tb[LNETMR_A_RAIL_NET])
		out_str("net", nla_get_string(tb[LNETMR_A_RAIL_NET]));
	if (tb[LNETMR_A_RAIL_IFNAME])
		out_str("dev", nla_get_string(tb[LNETMR_A_RAIL_IFNAME]));
	if (tb[LNETMR_A_RAIL_NID])
		out_nid("nid", nla_get_u64(tb[LNETMR_A_RAIL_NID]));
}

/* Every attribute of a rail present in @tb but its counters. */
void out_rail(struct nlattr **tb, bool with_net)
{
	out_rail_id(tb, with_net);
	if (tb[LNETMR_A_RAIL_STATE])
		out_str("state", rail_state_name(nla_get_u8(tb[LNETMR_A_RAIL_STATE])));
	if (tb[LNETMR_A_RAIL_HEALTH])
		out_u64("health", nla_get_u32(tb[LNETMR_A_RAIL_HEALTH]));
	if (tb[LNETMR_A_RAIL_SPEED])
		out_u64("speed", nla_get_u32(tb[LNETMR_A_RAIL_SPEED]));
	if (tb[LNETMR_A_RAIL_PRIORITY])
		out_u64("priority", nla_get_u32(tb[LNETMR_A_RAIL_PRIORITY]));
	if (tb[LNETMR_A_RAIL_NUMA_NODE])
		out_s64("numa-node", (int32_t)nla_get_u32(tb[LNETMR_A_RAIL_NUMA_NODE]));
	if (tb[LNETMR_A_RAIL_CREDITS])
		out_s64("credits", (int32_t)nla_get_u32(tb[LNETMR_A_RAIL_CREDITS]));
	if (tb[LNETMR_A_RAIL_MIN_CREDITS])
		out_s64("min-credits", (int32_t)nla_get_u32(tb[LNETMR_A_RAIL_MIN_CREDITS]));
}

static void print_rail(struct nlattr **tb, bool with_net, bool stats)
{
	out_open_object(NULL);
	out_rail(tb, with_net);
	if (stats)
		out_stats("stats", tb[LNETMR_A_RAIL_STATS]);
	out_close_object();
}

static int print_ni(const struct ctl_reply *r, void *arg)
{
	struct nlattr *rtb[LNETMR_A_RAIL_MAX + 1];
	struct nlattr **tb = r->tb;
	struct nlattr *a;
	int rem;

	(void)arg;
	out_open_object(NULL);
	out_str("net", tb[LNETMR_A_NI_NET] ? nla_get_string(tb[LNETMR_A_NI_NET]) : "?");
	out_open_array("rails");
	ctl_for_each(a, r, rem, LNETMR_A_NI_RAIL) {
		if (ctl_nested(rtb, LNETMR_A_RAIL_MAX, a))
			continue;
		print_rail(rtb, false, false);
	}
	out_close_array();
	out_close_object();
	return 0;
}

static int ni_add_del(int cmd, int argc, char **argv)
{
	struct nl_msg *req;
	int rc;

	if (argc != 1)
		return usage_error("ni", argc ? "unexpected argument \"%s\"" : "NET is missing%s",
				   argc ? argv[1] : "");
	rc = check_net("ni", argv[0]);
	if (rc)
		return rc;
	req = ctl_begin(cmd, 0);
	if (!req)
		return EXIT_ERROR;
	nla_put_string(req, LNETMR_A_NI_NET, argv[0]);
	return ctl_finish(req, LNETMR_A_NI_MAX, NULL, NULL);
}

int do_ni(int argc, char **argv)
{
	struct nl_msg *req;
	int rc;

	if (argc == 0 || is_keyword(argv[0], "show")) {
		if (argc > 2)
			return usage_error("ni", "unexpected argument \"%s\"", argv[2]);
		if (argc == 2) {
			rc = check_net("ni", argv[1]);
			if (rc)
				return rc;
		}
		req = ctl_begin(LNETMR_CMD_NI_GET, argc < 2);
		if (!req)
			return EXIT_ERROR;
		if (argc == 2)
			nla_put_string(req, LNETMR_A_NI_NET, argv[1]);
		out_open_array(NULL);
		rc = ctl_finish(req, LNETMR_A_NI_MAX, print_ni, NULL);
		out_close_array();
		return rc;
	}
	if (is_keyword(argv[0], "add"))
		return ni_add_del(LNETMR_CMD_NI_ADD, argc - 1, argv + 1);
	if (is_keyword(argv[0], "del"))
		return ni_add_del(LNETMR_CMD_NI_DEL, argc - 1, argv + 1);
	return usage_error("ni", "unknown command \"%s\"", argv[0]);
}

static int rail_add_del(int cmd, int argc, char **argv)
{
	struct nl_msg *req;
	uint32_t speed = 0;
	int rc;

	if (argc < 1)
		return usage_error("rail", "NET is missing");
	if (argc < 3 || !is_keyword(argv[1], "dev"))
		return usage_error("rail", "want: NET dev IFNAME");
	if (cmd == LNETMR_CMD_RAIL_ADD && argc == 5 && is_keyword(argv[3], "speed")) {
		if (parse_u32(argv[4], 1, 10000000, &speed))
			return usage_error("rail", "speed takes 1 to 10000000 Mbit/s, not \"%s\"",
					   argv[4]);
	} else if (argc > 3) {
		return usage_error("rail", "unexpected argument \"%s\"", argv[3]);
	}
	rc = check_net("rail", argv[0]);
	if (rc)
		return rc;
	if (strlen(argv[2]) >= 16)
		return usage_error("rail", "interface name \"%s\" is too long", argv[2]);
	req = ctl_begin(cmd, 0);
	if (!req)
		return EXIT_ERROR;
	nla_put_string(req, LNETMR_A_RAIL_NET, argv[0]);
	nla_put_string(req, LNETMR_A_RAIL_IFNAME, argv[2]);
	if (speed)
		nla_put_u32(req, LNETMR_A_RAIL_SPEED, speed);
	return ctl_finish(req, LNETMR_A_RAIL_MAX, NULL, NULL);
}

static int print_rail_cb(const struct ctl_reply *r, void *arg)
{
	print_rail(r->tb, true, *(bool *)arg);
	return 0;
}

int do_rail(int argc, char **argv)
{
	const char *net = NULL;
	struct nl_msg *req;
	bool stats = ctl_stats_wanted();
	uint32_t interval_ms = 0, count = 0;
	int i, rc;

	if (argc == 0 || is_keyword(argv[0], "show")) {
		for (i = 1; i < argc; i++) {
			if (is_keyword(argv[i], "-s") || is_keyword(argv[i], "stats")) {
				stats = true;
			} else if (is_keyword(argv[i], "interval")) {
				if (++i == argc ||
				    parse_seconds_ms(argv[i], 100, 3600 * 1000, &interval_ms))
					return usage_error("rail",
							   "interval wants SECONDS from 0.1 to 3600 (e.g. 0.5)");
			} else if (is_keyword(argv[i], "count")) {
				if (++i == argc || parse_u32(argv[i], 1, UINT32_MAX, &count))
					return usage_error("rail", "count wants a number from 1");
			} else if (!net)
				net = argv[i];
			else
				return usage_error("rail", "unexpected argument \"%s\"", argv[i]);
		}
		if (net) {
			rc = check_net("rail", net);
			if (rc)
				return rc;
		}
		if (count && !interval_ms)
			return usage_error("rail", "count goes with interval");
		if (interval_ms) {
			if (!stats)
				return usage_error("rail", "interval goes with -s (rates of counters)");
			return rail_rates(net, interval_ms, count);
		}
		req = ctl_begin(LNETMR_CMD_RAIL_GET, 1);
		if (!req)
			return EXIT_ERROR;
		if (net)
			nla_put_string(req, LNETMR_A_RAIL_NET, net);
		out_open_array(NULL);
		rc = ctl_finish(req, LNETMR_A_RAIL_MAX, print_rail_cb, &stats);
		out_close_array();
		return rc;
	}
	if (is_keyword(argv[0], "add"))
		return rail_add_del(LNETMR_CMD_RAIL_ADD, argc - 1, argv + 1);
	if (is_keyword(argv[0], "del"))
		return rail_add_del(LNETMR_CMD_RAIL_DEL, argc - 1, argv + 1);
	return usage_error("rail", "unknown command \"%s\"", argv[0]);
}

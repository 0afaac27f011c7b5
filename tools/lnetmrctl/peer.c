// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: peers and ping.
 */
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nid.h"
#include "nl.h"
#include "output.h"
#include "parse.h"
#include "wire.h"

const char peer_usage[] =
	"lnetmrctl peer add PRIMARY_NID nid NID [nid NID ...]\n"
	"lnetmrctl peer del PRIMARY_NID\n"
	"lnetmrctl peer show [NID]\n";
const char ping_usage[] =
	"lnetmrctl ping NID [timeout MS]\n";

static int parse_nid_arg(const char *object, const char *s, lnet_nid_t *nid)
{
	if (lnet_nid_parse(s, strlen(s), nid))
		return usage_error(object, "\"%s\" is not a NID (e.g. 10.0.0.1@tcp)", s);
	return 0;
}

/**
 * struct peer_filter - what "peer show" prints, and where it is
 * @any: every peer (else the one that has @nid)
 * @nid: the NID asked for
 * @finding: first pass: looking for the peer that has @nid
 * @found: it was found; its primary NID is @primary
 * @primary: the primary NID of the peer to print
 * @open: a peer object is open in the output (its NIDs may go on in the
 *	next message); its primary NID is @open_primary
 * @open_primary: see @open
 */
struct peer_filter {
	bool any;
	lnet_nid_t nid;
	bool finding;
	bool found;
	lnet_nid_t primary;
	bool open;
	lnet_nid_t open_primary;
};

static bool peer_has_nid(const struct ctl_reply *r, lnet_nid_t nid)
{
	struct nlattr *tb[LNETMR_A_PEER_NI_MAX + 1];
	struct nlattr *a;
	int rem;

	ctl_for_each(a, r, rem, LNETMR_A_PEER_NI) {
		if (!ctl_nested(tb, LNETMR_A_PEER_NI_MAX, a) && tb[LNETMR_A_PEER_NI_NID] &&
		    nla_get_u64(tb[LNETMR_A_PEER_NI_NID]) == nid)
			return true;
	}
	return false;
}

/*
 * A peer may come in several messages (the kernel splits one whose NIDs do
 * not fit in one), each with primary-nid and features, then more NIDs:
 * consecutive messages of the same primary NID are one peer.
 */
static int print_peer(const struct ctl_reply *r, void *arg)
{
	struct peer_filter *f = arg;
	struct nlattr *tb[LNETMR_A_PEER_NI_MAX + 1];
	lnet_nid_t primary;
	struct nlattr *a;
	int rem;

	if (!r->tb[LNETMR_A_PEER_PRIMARY_NID])
		return 0;
	primary = nla_get_u64(r->tb[LNETMR_A_PEER_PRIMARY_NID]);
	if (f->finding) {
		/* first pass of "peer show NID": which peer has the NID */
		if (!f->found && (primary == f->nid || peer_has_nid(r, f->nid))) {
			f->found = true;
			f->primary = primary;
		}
		return 0;
	}
	if (!f->any && primary != f->primary)
		return 0;
	if (!f->open || primary != f->open_primary) {
		if (f->open) {
			out_close_array();
			out_close_object();
		}
		out_open_object(NULL);
		out_nid("primary", primary);
		if (r->tb[LNETMR_A_PEER_FEATURES])
			out_u64("features", nla_get_u32(r->tb[LNETMR_A_PEER_FEATURES]));
		out_open_array("nids");
		f->open = true;
		f->open_primary = primary;
	}
	ctl_for_each(a, r, rem, LNETMR_A_PEER_NI) {
		if (ctl_nested(tb, LNETMR_A_PEER_NI_MAX, a))
			continue;
		out_open_object(NULL);
		if (tb[LNETMR_A_PEER_NI_NID])
			out_nid("nid", nla_get_u64(tb[LNETMR_A_PEER_NI_NID]));
		if (tb[LNETMR_A_PEER_NI_CREDITS])
			out_s64("credits", (int32_t)nla_get_u32(tb[LNETMR_A_PEER_NI_CREDITS]));
		if (tb[LNETMR_A_PEER_NI_MIN_CREDITS])
			out_s64("min-credits",
				(int32_t)nla_get_u32(tb[LNETMR_A_PEER_NI_MIN_CREDITS]));
		if (tb[LNETMR_A_PEER_NI_INCARNATION])
			out_u64("incarnation", nla_get_u64(tb[LNETMR_A_PEER_NI_INCARNATION]));
		if (tb[LNETMR_A_PEER_NI_HEALTH])
			out_u64("health", nla_get_u32(tb[LNETMR_A_PEER_NI_HEALTH]));
		if (tb[LNETMR_A_PEER_NI_PRIORITY])
			out_u64("priority", nla_get_u32(tb[LNETMR_A_PEER_NI_PRIORITY]));
		out_stats("stats", tb[LNETMR_A_PEER_NI_STATS]);
		out_close_object();
	}
	return 0;
}

static int peer_add(int argc, char **argv)
{
	struct nl_msg *req;
	lnet_nid_t nid;
	int i, rc;

	if (argc < 3)
		return usage_error("peer", "want: PRIMARY_NID nid NID [nid NID ...]");
	rc = parse_nid_arg("peer", argv[0], &nid);
	if (rc)
		return rc;
	for (i = 1; i < argc; i += 2) {
		if (!is_keyword(argv[i], "nid") || i + 1 >= argc)
			return usage_error("peer", "want \"nid NID\", not \"%s\"", argv[i]);
		rc = parse_nid_arg("peer", argv[i + 1], &nid);
		if (rc)
			return rc;
	}
	req = ctl_begin(LNETMR_CMD_PEER_ADD, 0);
	if (!req)
		return EXIT_ERROR;
	lnet_nid_parse(argv[0], strlen(argv[0]), &nid);
	nla_put_u64(req, LNETMR_A_PEER_PRIMARY_NID, nid);
	for (i = 2; i < argc; i += 2) {
		lnet_nid_parse(argv[i], strlen(argv[i]), &nid);
		nla_put_u64(req, LNETMR_A_PEER_NID, nid);
	}
	return ctl_finish(req, LNETMR_A_PEER_MAX, NULL, NULL);
}

static int peer_del(int argc, char **argv)
{
	struct nl_msg *req;
	lnet_nid_t nid;
	int rc;

	if (argc != 1)
		return usage_error("peer", "want: PRIMARY_NID");
	rc = parse_nid_arg("peer", argv[0], &nid);
	if (rc)
		return rc;
	req = ctl_begin(LNETMR_CMD_PEER_DEL, 0);
	if (!req)
		return EXIT_ERROR;
	nla_put_u64(req, LNETMR_A_PEER_PRIMARY_NID, nid);
	return ctl_finish(req, LNETMR_A_PEER_MAX, NULL, NULL);
}

int do_peer(int argc, char **argv)
{
	struct peer_filter f = { .any = true };
	struct nl_msg *req;
	int rc;

	if (argc > 0 && is_keyword(argv[0], "add"))
		return peer_add(argc - 1, argv + 1);
	if (argc > 0 && is_keyword(argv[0], "del"))
		return peer_del(argc - 1, argv + 1);
	if (argc > 0 && !is_keyword(argv[0], "show"))
		return usage_error("peer", "unknown command \"%s\"", argv[0]);
	if (argc > 2)
		return usage_error("peer", "unexpected argument \"%s\"", argv[2]);
	if (argc == 2) {
		rc = parse_nid_arg("peer", argv[1], &f.nid);
		if (rc)
			return rc;
		f.any = false;
	}
	if (!f.any) {
		/* which peer has the NID: its NIDs may span messages */
		f.finding = true;
		req = ctl_begin(LNETMR_CMD_PEER_GET, 1);
		if (!req)
			return EXIT_ERROR;
		rc = ctl_finish(req, LNETMR_A_PEER_MAX, print_peer, &f);
		if (rc)
			return rc;
		f.finding = false;
	}
	out_open_array(NULL);
	if (f.any || f.found) {
		req = ctl_begin(LNETMR_CMD_PEER_GET, 1);
		if (!req)
			return EXIT_ERROR;
		rc = ctl_finish(req, LNETMR_A_PEER_MAX, print_peer, &f);
		if (f.open) {
			out_close_array();
			out_close_object();
		}
	}
	out_close_array();
	return rc;
}

static const char *ping_status_name(uint32_t status)
{
	switch (status) {
	case LNET_PING_STATUS_UP:
		return "up";
	case LNET_PING_STATUS_DOWN:
		return "down";
	default:
		return "?";
	}
}

static int print_ping(const struct ctl_reply *r, void *arg)
{
	struct nlattr *tb[LNETMR_A_PING_ENTRY_MAX + 1];
	struct nlattr *a;
	int rem;

	(void)arg;
	out_open_object(NULL);
	if (r->tb[LNETMR_A_PING_NID])
		out_nid("nid", nla_get_u64(r->tb[LNETMR_A_PING_NID]));
	if (r->tb[LNETMR_A_PING_RTT])
		out_u64("rtt-us", nla_get_u64(r->tb[LNETMR_A_PING_RTT]) / 1000);
	if (r->tb[LNETMR_A_PING_PID])
		out_u64("pid", nla_get_u32(r->tb[LNETMR_A_PING_PID]));
	if (r->tb[LNETMR_A_PING_FEATURES])
		out_hex("features", nla_get_u32(r->tb[LNETMR_A_PING_FEATURES]));
	out_open_array("nids");
	ctl_for_each(a, r, rem, LNETMR_A_PING_ENTRY) {
		uint64_t nid;
		uint32_t status;

		if (ctl_nested(tb, LNETMR_A_PING_ENTRY_MAX, a) || !tb[LNETMR_A_PING_ENTRY_NID])
			continue;
		nid = nla_get_u64(tb[LNETMR_A_PING_ENTRY_NID]);
		status = tb[LNETMR_A_PING_ENTRY_STATUS] ?
			 nla_get_u32(tb[LNETMR_A_PING_ENTRY_STATUS]) : 0;
		if (nid == LNET_NID_LO_0)
			continue;	/* entry 0: only the list's sequence number */
		out_open_object(NULL);
		out_nid("nid", nid);
		out_str("status", ping_status_name(status));
		out_close_object();
	}
	out_close_array();
	out_close_object();
	return 0;
}

int do_ping(int argc, char **argv)
{
	uint32_t timeout = 0;
	struct nl_msg *req;
	lnet_nid_t nid;
	int rc;

	if (argc < 1)
		return usage_error("ping", "NID is missing");
	rc = parse_nid_arg("ping", argv[0], &nid);
	if (rc)
		return rc;
	if (argc == 3 && is_keyword(argv[1], "timeout")) {
		if (parse_u32(argv[2], 1, 600000, &timeout))
			return usage_error("ping", "timeout takes 1 to 600000 ms, not \"%s\"",
					   argv[2]);
	} else if (argc != 1) {
		return usage_error("ping", "unexpected argument \"%s\"", argv[1]);
	}
	req = ctl_begin(LNETMR_CMD_PING, 0);
	if (!req)
		return EXIT_ERROR;
	nla_put_u64(req, LNETMR_A_PING_NID, nid);
	if (timeout)
		nla_put_u32(req, LNETMR_A_PING_TIMEOUT, timeout);
	return ctl_finish(req, LNETMR_A_PING_MAX, print_ping, NULL);
}

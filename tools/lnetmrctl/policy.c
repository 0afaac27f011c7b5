// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: selection policies (rules that give rails and peer NIDs a
 * priority).
 */
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nid.h"
#include "nl.h"
#include "output.h"
#include "parse.h"

const char policy_usage[] =
	"lnetmrctl policy add { src | dst } { NID | NET } priority N\n"
	"lnetmrctl policy del { ID | { src | dst } { NID | NET } }\n"
	"lnetmrctl policy show\n";

static const char *kind_name(unsigned int kind)
{
	switch (kind) {
	case LNETMR_POLICY_SRC:
		return "src";
	case LNETMR_POLICY_DST:
		return "dst";
	default:
		return "?";
	}
}

static int parse_kind(const char *s, uint8_t *kind)
{
	if (is_keyword(s, "src"))
		*kind = LNETMR_POLICY_SRC;
	else if (is_keyword(s, "dst"))
		*kind = LNETMR_POLICY_DST;
	else
		return usage_error("policy", "want src or dst, not \"%s\"", s ? s : "");
	return 0;
}

/*
 * "KIND NID-or-NET" into @req: a word with an '@' is a NID (10.1.0.1@tcp),
 * any other a network (tcp1).  @req NULL: only check.
 */
static int put_match(struct nl_msg *req, char **argv)
{
	bool is_nid = strchr(argv[1], '@');
	lnet_nid_t nid = 0;
	uint32_t net = 0;
	uint8_t kind = 0;
	int rc;

	rc = parse_kind(argv[0], &kind);
	if (rc)
		return rc;
	if (is_nid && lnet_nid_parse(argv[1], strlen(argv[1]), &nid))
		return usage_error("policy", "\"%s\" is not a NID (e.g. 10.0.0.1@tcp)", argv[1]);
	if (!is_nid && lnet_net_parse(argv[1], strlen(argv[1]), &net))
		return usage_error("policy", "\"%s\" is not a NID or a network name (e.g. tcp1)",
				   argv[1]);
	if (!req)
		return 0;
	nla_put_u8(req, LNETMR_A_POLICY_KIND, kind);
	if (is_nid)
		nla_put_u64(req, LNETMR_A_POLICY_NID, nid);
	else
		nla_put_string(req, LNETMR_A_POLICY_NET, argv[1]);
	return 0;
}

static int print_id(const struct ctl_reply *r, void *arg)
{
	(void)arg;
	if (r->tb[LNETMR_A_POLICY_ID]) {
		out_open_object(NULL);
		out_u64("id", nla_get_u32(r->tb[LNETMR_A_POLICY_ID]));
		out_close_object();
	}
	return 0;
}

static int policy_add(int argc, char **argv)
{
	uint32_t prio;
	struct nl_msg *req;
	int rc;

	if (argc != 4 || !is_keyword(argv[2], "priority"))
		return usage_error("policy", "want: { src | dst } { NID | NET } priority N");
	rc = put_match(NULL, argv);
	if (rc)
		return rc;
	/* the range (0..65535) is the kernel's to check */
	if (parse_u32(argv[3], 0, UINT32_MAX, &prio))
		return usage_error("policy", "priority takes a number, not \"%s\"", argv[3]);
	req = ctl_begin(LNETMR_CMD_POLICY_ADD, 0);
	if (!req)
		return EXIT_ERROR;
	put_match(req, argv);
	nla_put_u32(req, LNETMR_A_POLICY_PRIORITY, prio);
	return ctl_finish(req, LNETMR_A_POLICY_MAX, print_id, NULL);
}

static int policy_del(int argc, char **argv)
{
	struct nl_msg *req;
	uint32_t id;
	int rc;

	if (argc == 1 && (is_keyword(argv[0], "src") || is_keyword(argv[0], "dst")))
		return usage_error("policy", "NID or NET is missing after \"%s\"", argv[0]);
	if (argc == 1) {
		if (parse_u32(argv[0], 0, UINT32_MAX, &id))
			return usage_error("policy", "\"%s\" is not a rule id", argv[0]);
		req = ctl_begin(LNETMR_CMD_POLICY_DEL, 0);
		if (!req)
			return EXIT_ERROR;
		nla_put_u32(req, LNETMR_A_POLICY_ID, id);
		return ctl_finish(req, LNETMR_A_POLICY_MAX, NULL, NULL);
	}
	if (argc != 2)
		return usage_error("policy", "want: ID, or { src | dst } { NID | NET }");
	rc = put_match(NULL, argv);
	if (rc)
		return rc;
	req = ctl_begin(LNETMR_CMD_POLICY_DEL, 0);
	if (!req)
		return EXIT_ERROR;
	put_match(req, argv);
	return ctl_finish(req, LNETMR_A_POLICY_MAX, NULL, NULL);
}

static int print_policy(const struct ctl_reply *r, void *arg)
{
	struct nlattr **tb = r->tb;

	(void)arg;
	out_open_object(NULL);
	if (tb[LNETMR_A_POLICY_ID])
		out_u64("id", nla_get_u32(tb[LNETMR_A_POLICY_ID]));
	if (tb[LNETMR_A_POLICY_KIND])
		out_str("kind", kind_name(nla_get_u8(tb[LNETMR_A_POLICY_KIND])));
	if (tb[LNETMR_A_POLICY_NID])
		out_nid("nid", nla_get_u64(tb[LNETMR_A_POLICY_NID]));
	if (tb[LNETMR_A_POLICY_NET])
		out_str("net", nla_get_string(tb[LNETMR_A_POLICY_NET]));
	if (tb[LNETMR_A_POLICY_PRIORITY])
		out_u64("priority", nla_get_u32(tb[LNETMR_A_POLICY_PRIORITY]));
	if (tb[LNETMR_A_POLICY_MATCHES])
		out_u64("matches", nla_get_u64(tb[LNETMR_A_POLICY_MATCHES]));
	out_close_object();
	return 0;
}

int do_policy(int argc, char **argv)
{
	struct nl_msg *req;
	int rc;

	if (argc > 0 && is_keyword(argv[0], "add"))
		return policy_add(argc - 1, argv + 1);
	if (argc > 0 && is_keyword(argv[0], "del"))
		return policy_del(argc - 1, argv + 1);
	if (argc > 0 && !is_keyword(argv[0], "show"))
		return usage_error("policy", "unknown command \"%s\"", argv[0]);
	if (argc > 1)
		return usage_error("policy", "unexpected argument \"%s\"", argv[1]);
	req = ctl_begin(LNETMR_CMD_POLICY_GET, 1);
	if (!req)
		return EXIT_ERROR;
	out_open_array(NULL);
	rc = ctl_finish(req, LNETMR_A_POLICY_MAX, print_policy, NULL);
	out_close_array();
	return rc;
}

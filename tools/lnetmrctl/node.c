// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: the node of the current network namespace: "version",
 * "node show" and "set".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nl.h"
#include "output.h"
#include "parse.h"

const char version_usage[] =
	"lnetmrctl version\n";
const char node_usage[] =
	"lnetmrctl node show\n";
const char set_usage[] =
	"lnetmrctl set [discovery on|off] [timeout MS] [transaction-timeout MS]\n"
	"              [stripe-threshold BYTES] [accept-any-port on|off]\n"
	"              [bench-sink-max BYTES] [peer-age SECONDS]\n";

const struct setting node_settings[] = {
	{ "discovery",		LNETMR_A_NODE_DISCOVERY,		true, false },
	{ "timeout",		LNETMR_A_NODE_TIMEOUT,			false, false },
	{ "transaction-timeout", LNETMR_A_NODE_TRANSACTION_TIMEOUT,	false, false },
	{ "stripe-threshold",	LNETMR_A_NODE_STRIPE_THRESHOLD,		false, true },
	{ "accept-any-port",	LNETMR_A_NODE_ACCEPT_ANY_PORT,		true, false },
	{ "bench-sink-max",	LNETMR_A_NODE_BENCH_SINK_MAX,		false, true },
	{ "peer-age",		LNETMR_A_NODE_PEER_AGE,			false, false },
	{ NULL, 0, false, false }
};

#define settings node_settings
#define N_SETTINGS (sizeof(node_settings) / sizeof(node_settings[0]) - 1)

static int get_node(nl_reply_cb cb, void *arg)
{
	struct nl_msg *req = ctl_begin(LNETMR_CMD_NODE_GET, 0);

	if (!req)
		return EXIT_ERROR;
	return ctl_finish(req, LNETMR_A_NODE_MAX, cb, arg);
}

static const char *str_attr(struct nlattr *a)
{
	return a ? nla_get_string(a) : "?";
}

static int print_version(const struct ctl_reply *r, void *arg)
{
	struct nlattr **tb = r->tb;

	(void)arg;
	out_open_object(NULL);
	out_u64("family", tb[LNETMR_A_NODE_FAMILY_VERSION] ?
		nla_get_u32(tb[LNETMR_A_NODE_FAMILY_VERSION]) : 0);
	out_str("module", str_attr(tb[LNETMR_A_NODE_MODULE_VERSION]));
	out_str("build", str_attr(tb[LNETMR_A_NODE_BUILD_ID]));
	out_str("kernel", str_attr(tb[LNETMR_A_NODE_KERNEL]));
	out_close_object();
	return 0;
}

static int print_node(const struct ctl_reply *r, void *arg)
{
	struct nlattr **tb = r->tb;
	unsigned int i;

	(void)arg;
	out_open_object(NULL);
	if (tb[LNETMR_A_NODE_INCARNATION])
		out_u64("incarnation", nla_get_u64(tb[LNETMR_A_NODE_INCARNATION]));
	for (i = 0; i < N_SETTINGS; i++) {
		struct nlattr *a = tb[settings[i].attr];

		if (!a)
			continue;
		if (settings[i].is_bool)
			out_bool(settings[i].keyword, nla_get_u8(a));
		else
			out_u64(settings[i].keyword, nla_get_u32(a));
	}
	if (tb[LNETMR_A_NODE_BENCH_MEM])
		out_u64("bench-mem", nla_get_u64(tb[LNETMR_A_NODE_BENCH_MEM]));
	if (tb[LNETMR_A_NODE_BENCH_SINK_MEM])
		out_u64("bench-sink-mem", nla_get_u64(tb[LNETMR_A_NODE_BENCH_SINK_MEM]));
	if (arg)
		out_stats("stats", tb[LNETMR_A_NODE_STATS]);
	out_close_object();
	return 0;
}

int do_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 0)
		return usage_error("version", "unexpected argument \"%s\"", argv[0]);
	return get_node(print_version, NULL);
}

int do_node(int argc, char **argv)
{
	if (argc == 0 || is_keyword(argv[0], "show")) {
		if (argc > 1)
			return usage_error("node", "unexpected argument \"%s\"", argv[1]);
		return get_node(print_node, ctl_stats_wanted() ? "stats" : NULL);
	}
	return usage_error("node", "unknown command \"%s\"", argv[0]);
}

const struct setting *find_setting(const char *word)
{
	unsigned int i;

	for (i = 0; i < N_SETTINGS; i++)
		if (is_keyword(word, settings[i].keyword))
			return &settings[i];
	return NULL;
}

int setting_parse(const struct setting *s, const char *word, uint32_t *out)
{
	bool b;

	if (s->is_bool) {
		if (parse_onoff(word, &b))
			return -EINVAL;
		*out = b;
		return 0;
	}
	return s->is_size ? parse_size(word, UINT32_MAX, out) :
			    parse_u32(word, 0, UINT32_MAX, out);
}

const char *setting_wants(const struct setting *s)
{
	return s->is_bool ? "on or off" :
	       s->is_size ? "a size in bytes (64K, 1M...)" : "a number";
}

int do_set(int argc, char **argv)
{
	struct nl_msg *req;
	int i, err;

	if (argc == 0)
		return usage_error("set", "nothing to set");
	if (argc % 2)
		return usage_error("set", "\"%s\" needs a value", argv[argc - 1]);
	for (i = 0; i < argc; i += 2)
		if (!find_setting(argv[i]))
			return usage_error("set", "unknown setting \"%s\"", argv[i]);

	if (ctl_nl_open())
		return EXIT_ERROR;
	req = ctl_nl_request(LNETMR_CMD_NODE_SET, 0);
	if (!req) {
		ctl_nl_close();
		return EXIT_ERROR;
	}
	for (i = 0; i < argc; i += 2) {
		const struct setting *s = find_setting(argv[i]);
		uint32_t v;

		if (setting_parse(s, argv[i + 1], &v)) {
			nlmsg_free(req);
			ctl_nl_close();
			return usage_error("set", "%s takes %s, not \"%s\"", s->keyword,
					   setting_wants(s), argv[i + 1]);
		}
		if (s->is_bool)
			nla_put_u8(req, s->attr, v);
		else
			nla_put_u32(req, s->attr, v);
	}
	err = ctl_nl_transact(req, LNETMR_A_NODE_MAX, NULL, NULL);
	ctl_nl_close();
	return err ? EXIT_ERROR : EXIT_OK;
}

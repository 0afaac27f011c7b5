// SPDX-License-Identifier: GPL-2.0
/*
 * nlraw: send one raw request to the lnetmr generic netlink family with
 * arbitrary attributes, so that tests can feed the kernel input the CLI
 * would never build (wrong types, out-of-range values, unknown attributes)
 * and tell a CLI bug from a kernel bug.
 *
 * usage: nlraw [-d] CMD [TYPE:KIND:VALUE ...]
 *   CMD   command number (LNETMR_CMD_*)
 *   KIND  u8 u16 u32 u64 str flag hex (raw bytes given as hex)
 *   -d    send as a dump
 *
 * Prints "ok" and one "attr TYPE LEN" line per reply attribute, or
 * "error ERRNO msg=MESSAGE offs_type=T miss_type=T" and exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include <linux/lnetmr.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct nl_msg *req;
static int done, failed;

static int put_attr(char *spec)
{
	char *kind = strchr(spec, ':'), *val;
	int type;

	if (!kind || !(val = strchr(kind + 1, ':')))
		return -1;
	*kind++ = 0;
	*val++ = 0;
	type = atoi(spec);
	if (!strcmp(kind, "u8"))
		return nla_put_u8(req, type, strtoul(val, NULL, 0));
	if (!strcmp(kind, "u16"))
		return nla_put_u16(req, type, strtoul(val, NULL, 0));
	if (!strcmp(kind, "u32"))
		return nla_put_u32(req, type, strtoul(val, NULL, 0));
	if (!strcmp(kind, "u64"))
		return nla_put_u64(req, type, strtoull(val, NULL, 0));
	if (!strcmp(kind, "str"))
		return nla_put_string(req, type, val);
	if (!strcmp(kind, "flag"))
		return nla_put_flag(req, type);
	if (!strcmp(kind, "hex")) {
		unsigned char buf[4096];
		size_t n = strlen(val) / 2, i;
		unsigned int b;

		if (n > sizeof(buf))
			return -1;
		for (i = 0; i < n; i++) {
			if (sscanf(val + 2 * i, "%2x", &b) != 1)
				return -1;
			buf[i] = b;
		}
		return nla_put(req, type, n, buf);
	}
	return -1;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *a;
	int rem;

	(void)arg;
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem)
		printf("attr %d %d\n", nla_type(a), nla_len(a));
	return NL_OK;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	done = 1;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct nlmsghdr *orig = nlmsg_hdr(req);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	size_t skip = sizeof(*e);
	int offs_type = 0, miss_type = 0;

	(void)nla;
	(void)arg;
	done = 1;
	if (!e->error) {
		printf("ok\n");
		return NL_STOP;
	}
	failed = 1;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			skip += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		if (nlh->nlmsg_len > NLMSG_HDRLEN + skip)
			nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)e + skip),
				  nlh->nlmsg_len - NLMSG_HDRLEN - skip, NULL);
	}
	if (tb[NLMSGERR_ATTR_OFFS]) {
		unsigned int offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);

		if (offs + sizeof(struct nlattr) <= orig->nlmsg_len)
			offs_type = ((struct nlattr *)((char *)orig + offs))->nla_type &
				    NLA_TYPE_MASK;
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	printf("error %d msg=%s offs_type=%d miss_type=%d\n", -e->error,
	       tb[NLMSGERR_ATTR_MSG] ? nla_get_string(tb[NLMSGERR_ATTR_MSG]) : "",
	       offs_type, miss_type);
	return NL_STOP;
}

int main(int argc, char **argv)
{
	struct nl_sock *sk;
	struct nl_cb *cb;
	int one = 1, family, dump = 0, i = 1;

	if (argc > 1 && !strcmp(argv[1], "-d")) {
		dump = 1;
		i++;
	}
	if (argc <= i) {
		fprintf(stderr, "usage: nlraw [-d] CMD [TYPE:KIND:VALUE ...]\n");
		return 2;
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk))
		return 2;
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	family = genl_ctrl_resolve(sk, LNETMR_FAMILY_NAME);
	if (family < 0) {
		printf("error %d msg=family not found offs_type=0 miss_type=0\n", ENOENT);
		return 1;
	}
	req = nlmsg_alloc();
	genlmsg_put(req, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
		    NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0),
		    atoi(argv[i]), LNETMR_FAMILY_VERSION);
	for (i++; i < argc; i++) {
		if (put_attr(argv[i])) {
			fprintf(stderr, "nlraw: bad attribute \"%s\"\n", argv[i]);
			return 2;
		}
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, NULL);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, NULL);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, NULL);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, NULL);
	if (nl_send_auto(sk, req) < 0)
		return 2;
	while (!done)
		if (nl_recvmsgs(sk, cb) < 0 && !done)
			return 2;
	if (!failed && !dump)
		printf("ok\n");
	nl_cb_put(cb);
	nlmsg_free(req);
	nl_socket_free(sk);
	return failed;
}

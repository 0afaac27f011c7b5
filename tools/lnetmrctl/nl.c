// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: generic netlink plumbing.  Errors are reported with the
 * kernel's extended ACK message and the name of the attribute it points at.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "nl.h"
#include "nl_names.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static struct nl_sock *sock;
static int family_id;

int ctl_nl_open(void)
{
	int one = 1;
	int err;

	sock = nl_socket_alloc();
	if (!sock)
		return -ENOMEM;
	err = genl_connect(sock);
	if (err) {
		fprintf(stderr, "Error: cannot open a generic netlink socket: %s\n",
			nl_geterror(err));
		goto err_free;
	}
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	family_id = genl_ctrl_resolve(sock, LNETMR_FAMILY_NAME);
	if (family_id < 0) {
		fprintf(stderr, "Error: lnetmr module not loaded (no generic netlink family \"%s\"; try: modprobe lnetmr)\n",
			LNETMR_FAMILY_NAME);
		err = -ENOENT;
		goto err_free;
	}
	return 0;

err_free:
	nl_socket_free(sock);
	sock = NULL;
	return err < 0 ? err : -EIO;
}

void ctl_nl_close(void)
{
	nl_socket_free(sock);
	sock = NULL;
}

struct nl_msg *ctl_nl_request(int cmd, int dump)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0,
			 NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0),
			 cmd, LNETMR_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct transaction {
	struct nl_msg *req;
	int maxattr;
	nl_reply_cb cb;
	void *arg;
	int err;
	int done;
};

/* Name of the request attribute that starts at byte @offs of the request. */
static const char *attr_at(struct nl_msg *req, unsigned int offs)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	const struct nl_attr_names *names;
	struct nlattr *a;
	int rem;

	if (gh->cmd > LNETMR_CMD_MAX)
		return NULL;
	names = &lnetmr_cmd_attr_names[gh->cmd];
	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		unsigned int start = (char *)a - (char *)nlh;

		if (offs >= start && offs < start + nla_total_size(nla_len(a))) {
			int type = nla_type(a);

			if (type > 0 && type <= names->max && names->names[type])
				return names->names[type];
			return "unknown";
		}
	}
	return NULL;
}

static const char *attr_name(struct nl_msg *req, int type)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(req));
	const struct nl_attr_names *names;

	if (gh->cmd > LNETMR_CMD_MAX)
		return NULL;
	names = &lnetmr_cmd_attr_names[gh->cmd];
	if (type > 0 && type <= names->max)
		return names->names[type];
	return NULL;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct transaction *t = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	const char *msg = NULL, *attr = NULL;
	size_t skip = sizeof(*e);

	(void)nla;
	t->err = e->error;
	t->done = 1;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			skip += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		if (nlh->nlmsg_len > NLMSG_HDRLEN + skip)
			nla_parse(tb, NLMSGERR_ATTR_MAX,
				  (struct nlattr *)((char *)e + skip),
				  nlh->nlmsg_len - NLMSG_HDRLEN - skip, NULL);
	}
	if (tb[NLMSGERR_ATTR_MSG])
		msg = nla_get_string(tb[NLMSGERR_ATTR_MSG]);
	if (tb[NLMSGERR_ATTR_OFFS])
		attr = attr_at(t->req, nla_get_u32(tb[NLMSGERR_ATTR_OFFS]));
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		attr = attr_name(t->req, nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
		if (!msg)
			msg = "missing attribute";
	}

	if (e->error == -EPERM && !msg)
		msg = "Operation not permitted (this change needs CAP_NET_ADMIN in the namespace's owning user namespace)";
	if (!msg)
		msg = strerror(-e->error);
	if (attr)
		fprintf(stderr, "Error: %s (attribute %s)\n", msg, attr);
	else
		fprintf(stderr, "Error: %s\n", msg);
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct transaction *t = arg;

	(void)msg;
	t->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct transaction *t = arg;
	struct nlattr *tb[t->maxattr + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	memset(tb, 0, sizeof(tb));
	if (nla_parse(tb, t->maxattr, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL) < 0) {
		fprintf(stderr, "Error: malformed reply from the kernel\n");
		t->err = -EPROTO;
		return NL_STOP;
	}
	if (t->cb) {
		struct ctl_reply r = {
			.tb = tb,
			.head = genlmsg_attrdata(gh, 0),
			.len = genlmsg_attrlen(gh, 0),
		};
		int err = t->cb(&r, t->arg);

		if (err) {
			t->err = err;
			return NL_STOP;
		}
	}
	return NL_OK;
}

int ctl_nl_transact(struct nl_msg *req, int maxattr, nl_reply_cb cb, void *arg)
{
	struct transaction t = { .req = req, .maxattr = maxattr, .cb = cb, .arg = arg };
	struct nl_cb *nlcb;
	int err;

	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		nlmsg_free(req);
		return -ENOMEM;
	}
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &t);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, &t);

	err = nl_send_auto(sock, req);
	if (err < 0) {
		fprintf(stderr, "Error: cannot send request: %s\n", nl_geterror(err));
		t.err = -EIO;
		goto out;
	}
	while (!t.done && !t.err) {
		err = nl_recvmsgs(sock, nlcb);
		if (err < 0 && !t.done && !t.err) {
			fprintf(stderr, "Error: netlink receive failed: %s\n",
				nl_geterror(err));
			t.err = -EIO;
		}
	}
out:
	nl_cb_put(nlcb);
	nlmsg_free(req);
	return t.err;
}

struct nl_msg *ctl_begin(int cmd, int dump)
{
	struct nl_msg *req;

	if (ctl_nl_open())
		return NULL;
	req = ctl_nl_request(cmd, dump);
	if (!req) {
		fprintf(stderr, "Error: out of memory\n");
		ctl_nl_close();
	}
	return req;
}

int ctl_finish(struct nl_msg *req, int maxattr, nl_reply_cb cb, void *arg)
{
	int err = ctl_nl_transact(req, maxattr, cb, arg);

	ctl_nl_close();
	return err ? 1 : 0;
}

int ctl_nested(struct nlattr **tb, int maxattr, struct nlattr *nest)
{
	memset(tb, 0, sizeof(*tb) * (maxattr + 1));
	return nla_parse_nested(tb, maxattr, nest, NULL);
}

int ctl_nl_subscribe(const char *group)
{
	int grp = genl_ctrl_resolve_grp(sock, LNETMR_FAMILY_NAME, group);
	int err;

	if (grp < 0) {
		fprintf(stderr, "Error: the lnetmr module has no \"%s\" multicast group\n", group);
		return grp;
	}
	err = nl_socket_add_membership(sock, grp);
	if (err) {
		fprintf(stderr, "Error: cannot join the \"%s\" group: %s\n", group,
			nl_geterror(err));
		return -EIO;
	}
	return 0;
}

struct listener {
	int maxattr;
	nl_event_cb cb;
	void *arg;
	int stop;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct listener *l = arg;
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[l->maxattr + 1];
	struct ctl_reply r = {
		.tb = tb,
		.head = genlmsg_attrdata(gh, 0),
		.len = genlmsg_attrlen(gh, 0),
	};

	memset(tb, 0, sizeof(tb));
	if (nla_parse(tb, l->maxattr, r.head, r.len, NULL) < 0)
		return NL_OK;	/* not ours to judge: skip it */
	l->stop = l->cb(gh->cmd, &r, l->arg);
	return l->stop ? NL_STOP : NL_OK;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int ctl_nl_listen(int maxattr, nl_event_cb cb, void *arg)
{
	struct listener l = { .maxattr = maxattr, .cb = cb, .arg = arg };
	struct nl_cb *nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	int err = 0;

	if (!nlcb)
		return -ENOMEM;
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &l);
	/* events are not answers to requests: no sequence numbers to check */
	nl_cb_set(nlcb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	while (!l.stop) {
		err = nl_recvmsgs(sock, nlcb);
		if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN) {
			fprintf(stderr, "Error: netlink receive failed: %s\n", nl_geterror(err));
			err = -EIO;
			break;
		}
		err = 0;
	}
	nl_cb_put(nlcb);
	return err;
}

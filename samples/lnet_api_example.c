// SPDX-License-Identifier: GPL-2.0
/*
 * lnet_api_example.c - the in-kernel LNet API (lnet/api.h) at work, as
 * Documentation/kernel-api.rst describes it: a PUT with its ACK, then a
 * GET with its REPLY, between two lnetmr nodes, every byte compared.
 *
 * Every network namespace's node gets a mirror: an MD behind a match entry
 * on portal LNET_EXAMPLE_PORTAL that PUTs land in and GETs read back.
 * Loaded with target=NID (in the namespace of the process that loads it:
 * "ip netns exec A insmod lnetmr_api_example.ko target=10.2.0.2@o2ib"),
 * the module PUTs @size bytes of a pattern into the target's mirror, GETs
 * them back into a second buffer and compares the two.  The load fails
 * with the first error (-EBADMSG if the bytes differ); on success the log
 * says "PUT and GET of SIZE bytes to NID: intact".  Unloading unlinks the
 * mirrors.  A test of the API: its parameters name one exchange, they
 * configure nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "api.h"
#include "wire.h"

#define LNET_EXAMPLE_PORTAL	12
#define LNET_EXAMPLE_MATCH	0x4c4e4554ULL	/* "LNET" */

static char *target;
module_param(target, charp, 0400);
MODULE_PARM_DESC(target, "the NID to PUT to and GET from (none: only serve)");

static unsigned int size = LNET_MTU;
module_param(size, uint, 0400);
MODULE_PARM_DESC(size, "bytes to move each way, 1 to 1048576");

/**
 * struct example_wait - one MD's life, as its events tell it
 * @done: completed by the MD's UNLINK event, always its last
 * @status: the status of the ACK or REPLY event (or of a failed SEND)
 * @mlength: bytes the REPLY brought, or the ACK says landed
 */
struct example_wait {
	struct completion done;
	int status;
	u32 mlength;
};

static void example_event(const struct lnet_event *ev)
{
	struct example_wait *w = ev->user_ptr;

	switch (ev->type) {
	case LNET_EVENT_SEND:
		if (ev->status)
			w->status = ev->status;
		break;
	case LNET_EVENT_ACK:
	case LNET_EVENT_REPLY:
		w->status = ev->status;
		w->mlength = ev->mlength;
		break;
	case LNET_EVENT_UNLINK:
		complete(&w->done);
		break;
	default:
		break;
	}
}

/**
 * struct example_mirror - a namespace's mirror MD
 * @buf: its memory (LNET_MTU bytes)
 * @kv: @buf as the MD's one kvec
 * @md: the MD
 * @wait: its UNLINK, waited for before @buf is freed
 * @attached: the MD exists
 */
struct example_mirror {
	void *buf;
	struct kvec kv;
	struct lnet_handle_md md;
	struct example_wait wait;
	bool attached;
};

static unsigned int example_net_id;

static int __net_init example_net_init(struct net *net)
{
	struct example_mirror *m = net_generic(net, example_net_id);
	struct lnet_md_desc desc = {
		.nr = 1,
		.is_kvec = true,
		.length = LNET_MTU,
		.threshold = LNET_MD_THRESH_INF,
		.options = LNET_MD_OP_PUT | LNET_MD_OP_GET | LNET_MD_MANAGE_REMOTE |
			   LNET_MD_TRUNCATE,
		.handler = example_event,
	};
	int err;

	m->buf = kvzalloc(LNET_MTU, GFP_KERNEL);
	if (!m->buf)
		return -ENOMEM;
	m->kv = (struct kvec){ .iov_base = m->buf, .iov_len = LNET_MTU };
	init_completion(&m->wait.done);
	desc.kvec = &m->kv;
	desc.user_ptr = &m->wait;
	err = lnet_me_attach(net, LNET_EXAMPLE_PORTAL, LNET_EXAMPLE_MATCH, 0, &desc, &m->md);
	if (err) {
		kvfree(m->buf);
		return err;
	}
	m->attached = true;
	return 0;
}

static void __net_exit example_net_exit(struct net *net)
{
	struct example_mirror *m = net_generic(net, example_net_id);

	if (!m->attached)
		return;
	lnet_md_unlink(net, m->md);
	wait_for_completion(&m->wait.done);
	kvfree(m->buf);
}

static struct pernet_operations example_net_ops = {
	.init = example_net_init,
	.exit = example_net_exit,
	.id = &example_net_id,
	.size = sizeof(struct example_mirror),
};

/*
 * example_xfer() - one PUT (with ACK) from @buf, or one GET into it, of
 * @len bytes to @nid's mirror; returns the ACK's or REPLY's status, or
 * -EMSGSIZE when less than @len bytes moved.
 */
static int example_xfer(struct net *net, bool put, lnet_nid_t nid, void *buf, u32 len)
{
	struct example_wait w = { .status = -EIO };
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct lnet_md_desc desc = {
		.kvec = &kv,
		.nr = 1,
		.is_kvec = true,
		.length = len,
		.threshold = 1,
		.user_ptr = &w,
		.handler = example_event,
	};
	struct lnet_handle_md md;
	int err;

	init_completion(&w.done);
	err = lnet_md_bind(net, &desc, &md);
	if (err)
		return err;
	if (put)
		err = lnet_put(net, md, true, nid, LNET_EXAMPLE_PORTAL, LNET_EXAMPLE_MATCH, 0, 0);
	else
		err = lnet_get(net, md, nid, LNET_EXAMPLE_PORTAL, LNET_EXAMPLE_MATCH, 0);
	if (err) {
		lnet_md_unlink(net, md);
		wait_for_completion(&w.done);
		return err;
	}
	/* the ACK or REPLY event comes, at the latest after the transaction timeout */
	wait_for_completion(&w.done);
	if (!w.status && w.mlength != len)
		return -EMSGSIZE;
	return w.status;
}

/* PUT a pattern to @nid's mirror, GET it back, compare. */
static int example_exchange(struct net *net, lnet_nid_t nid)
{
	u8 *out, *back;
	u32 i;
	int err;

	out = kvmalloc(size, GFP_KERNEL);
	back = kvzalloc(size, GFP_KERNEL);
	err = out && back ? 0 : -ENOMEM;
	if (err)
		goto free;
	for (i = 0; i < size; i++)
		out[i] = (u8)(i * 131 + (i >> 8) + 7);
	err = example_xfer(net, true, nid, out, size);
	if (err) {
		pr_err("PUT of %u bytes to %s failed: %d\n", size, target, err);
		goto free;
	}
	err = example_xfer(net, false, nid, back, size);
	if (err) {
		pr_err("GET of %u bytes from %s failed: %d\n", size, target, err);
		goto free;
	}
	if (memcmp(out, back, size)) {
		pr_err("the %u bytes read back from %s differ from those sent\n", size, target);
		err = -EBADMSG;
		goto free;
	}
	pr_info("PUT and GET of %u bytes to %s: intact\n", size, target);
free:
	kvfree(back);
	kvfree(out);
	return err;
}

static int __init example_init(void)
{
	lnet_nid_t nid = 0;
	int err;

	if (target) {
		if (!size || size > LNET_MTU) {
			pr_err("size must be 1 to %u\n", LNET_MTU);
			return -EINVAL;
		}
		err = lnet_nid_parse(target, strlen(target), &nid);
		if (err) {
			pr_err("target %s is not a NID\n", target);
			return err;
		}
	}
	err = register_pernet_subsys(&example_net_ops);
	if (err || !target)
		return err;
	err = example_exchange(current->nsproxy->net_ns, nid);
	if (err)
		unregister_pernet_subsys(&example_net_ops);
	return err;
}

static void __exit example_exit(void)
{
	unregister_pernet_subsys(&example_net_ops);
}

module_init(example_init);
module_exit(example_exit);
MODULE_DESCRIPTION("lnetmr: an example of the in-kernel LNet API (PUT and GET, checked)");
MODULE_AUTHOR("lnetmr developers");
MODULE_LICENSE("GPL");

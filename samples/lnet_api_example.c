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
 *
 * memory= says what the PUT is sent from, the three kinds of MD memory a
 * user of the API may have: "kvec" (one virtually contiguous buffer, the
 * default), "pages" (a list of whole pages, which TCP sends without
 * copying) or "slab" (small kmalloc()ed pieces described as pages: memory
 * the network stack may not hold, which a transport must copy).
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

static char *memory = "kvec";
module_param(memory, charp, 0400);
MODULE_PARM_DESC(memory, "what the PUT is sent from: kvec, pages or slab");

#define EXAMPLE_SLAB_PIECE	2048	/* bytes per kmalloc() piece of "slab" */

/**
 * struct example_src - the memory a PUT is sent from
 * @kv: the buffer, for "kvec"
 * @bv: the pages or pieces, for "pages" and "slab"
 * @nr: entries of @bv
 * @desc: @kv or @bv as MD memory
 */
struct example_src {
	struct kvec kv;
	struct bio_vec *bv;
	unsigned int nr;
	struct lnet_md_desc desc;
};

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

static u8 example_byte(u32 i)
{
	return (u8)(i * 131 + (i >> 8) + 7);
}

static void example_src_free(struct example_src *src)
{
	unsigned int i;

	kvfree(src->kv.iov_base);
	for (i = 0; src->bv && i < src->nr; i++) {
		if (!src->bv[i].bv_page)
			break;
		if (!strcmp(memory, "pages"))
			__free_page(src->bv[i].bv_page);
		else
			kfree(page_address(src->bv[i].bv_page) + src->bv[i].bv_offset);
	}
	kvfree(src->bv);
}

/* @len bytes of the pattern in the memory @memory names */
static int example_src_alloc(struct example_src *src, u32 len)
{
	bool pages = !strcmp(memory, "pages");
	u32 piece = pages ? PAGE_SIZE : EXAMPLE_SLAB_PIECE;
	unsigned int i;
	u32 at;

	memset(src, 0, sizeof(*src));
	if (!strcmp(memory, "kvec")) {
		u8 *buf = kvmalloc(len, GFP_KERNEL);

		if (!buf)
			return -ENOMEM;
		for (at = 0; at < len; at++)
			buf[at] = example_byte(at);
		src->kv = (struct kvec){ .iov_base = buf, .iov_len = len };
		src->desc = (struct lnet_md_desc){ .kvec = &src->kv, .nr = 1, .is_kvec = true };
		return 0;
	}
	src->nr = DIV_ROUND_UP(len, piece);
	src->bv = kvcalloc(src->nr, sizeof(*src->bv), GFP_KERNEL);
	if (!src->bv)
		return -ENOMEM;
	for (i = 0, at = 0; i < src->nr; i++) {
		u32 n = min(piece, len - at);
		u8 *p;

		if (pages) {
			struct page *page = alloc_page(GFP_KERNEL);

			p = page ? page_address(page) : NULL;
		} else {
			p = kmalloc(EXAMPLE_SLAB_PIECE, GFP_KERNEL);
		}
		if (!p)
			return -ENOMEM;		/* the caller frees what there is */
		bvec_set_page(&src->bv[i], virt_to_page(p), n, offset_in_page(p));
		for (; n; n--, at++)
			*p++ = example_byte(at);
	}
	src->desc = (struct lnet_md_desc){ .bvec = src->bv, .nr = src->nr };
	return 0;
}

/*
 * example_xfer() - one PUT (with ACK) from @mem, or one GET into it, of
 * @len bytes to @nid's mirror; returns the ACK's or REPLY's status, or
 * -EMSGSIZE when less than @len bytes moved.
 */
static int example_xfer(struct net *net, bool put, lnet_nid_t nid,
			const struct lnet_md_desc *mem, u32 len)
{
	struct example_wait w = { .status = -EIO };
	struct lnet_md_desc desc = *mem;
	struct lnet_handle_md md;
	int err;

	desc.length = len;
	desc.threshold = 1;
	desc.user_ptr = &w;
	desc.handler = example_event;
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
	struct example_src src;
	struct kvec back_kv;
	u8 *back;
	u32 i;
	int err;

	err = example_src_alloc(&src, size);
	back = kvzalloc(size, GFP_KERNEL);
	if (!err && !back)
		err = -ENOMEM;
	if (err)
		goto free;
	err = example_xfer(net, true, nid, &src.desc, size);
	if (err) {
		pr_err("PUT of %u bytes to %s failed: %d\n", size, target, err);
		goto free;
	}
	back_kv = (struct kvec){ .iov_base = back, .iov_len = size };
	err = example_xfer(net, false, nid, &(struct lnet_md_desc){
				.kvec = &back_kv, .nr = 1, .is_kvec = true }, size);
	if (err) {
		pr_err("GET of %u bytes from %s failed: %d\n", size, target, err);
		goto free;
	}
	for (i = 0; i < size; i++)
		if (back[i] != example_byte(i))
			break;
	if (i < size) {
		pr_err("the %u bytes read back from %s differ from those sent at byte %u\n",
		       size, target, i);
		err = -EBADMSG;
		goto free;
	}
	pr_info("PUT and GET of %u bytes to %s: intact\n", size, target);
free:
	kvfree(back);
	example_src_free(&src);
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
		if (strcmp(memory, "kvec") && strcmp(memory, "pages") &&
		    strcmp(memory, "slab")) {
			pr_err("memory must be kvec, pages or slab\n");
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

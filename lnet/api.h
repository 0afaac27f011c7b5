/* SPDX-License-Identifier: GPL-2.0 */
/*
 * api.h - the in-kernel LNet API of lnetmr, for kernel consumers.
 *
 * A consumer describes memory with a memory descriptor (MD): either bound
 * alone, as the source of a PUT or the sink of a GET, or attached behind a
 * match entry (ME) on a portal, where incoming PUTs and GETs find it by
 * their match bits.  Everything that happens to an MD is reported to its
 * handler as an &struct lnet_event; the last event of an MD is always
 * LNET_EVENT_UNLINK, after which its memory may be reused.
 *
 * Every call acts on the LNet node of a network namespace.
 * See Documentation/kernel-api.rst for an example.
 */
#ifndef LNET_API_H
#define LNET_API_H

#include <linux/types.h>
#include <linux/uio.h>
#include <linux/bvec.h>

#include "nid.h"

struct net;

/* MD options */
#define LNET_MD_OP_PUT		BIT(0)	/* incoming PUTs may write it */
#define LNET_MD_OP_GET		BIT(1)	/* incoming GETs may read it */
#define LNET_MD_MANAGE_REMOTE	BIT(2)	/* offsets come from the initiator */
#define LNET_MD_TRUNCATE	BIT(3)	/* accept messages longer than the space left */
#define LNET_MD_ACK_DISABLE	BIT(4)	/* never send ACKs for PUTs into it */

/* threshold meaning "unlimited operations" */
#define LNET_MD_THRESH_INF	(-1)

/*
 * most fragments of an MD: pages enough for the largest striped transfer
 * (64 MiB) and then some; a message to a stock peer carries at most 1 MiB
 */
#define LNET_MD_MAX_IOV		32768

/* highest portal index */
#define LNET_MAX_PORTALS	64

/**
 * enum lnet_event_type - what happened to an MD
 * @LNET_EVENT_SEND: a PUT or GET from this MD was sent (or failed to be)
 * @LNET_EVENT_ACK: the ACK of a PUT arrived (or the PUT timed out)
 * @LNET_EVENT_PUT: a PUT landed in this MD
 * @LNET_EVENT_GET: a GET read this MD (the REPLY was sent)
 * @LNET_EVENT_REPLY: the REPLY of a GET landed in this MD (or timed out)
 * @LNET_EVENT_UNLINK: the MD is gone; no event follows
 */
enum lnet_event_type {
	LNET_EVENT_SEND,
	LNET_EVENT_ACK,
	LNET_EVENT_PUT,
	LNET_EVENT_GET,
	LNET_EVENT_REPLY,
	LNET_EVENT_UNLINK,
};

/**
 * struct lnet_handle_md - names an MD
 * @cookie: opaque; 0 is never valid
 */
struct lnet_handle_md {
	u64 cookie;
};

/**
 * struct lnet_event - one completion
 * @type: what happened
 * @peer_nid: the other side: initiator of a PUT/GET, target of a SEND,
 *	sender of an ACK/REPLY
 * @peer_pid: its pid
 * @self_nid: the local NID involved
 * @portal: portal of the operation
 * @match_bits: match bits of the operation
 * @hdr_data: the PUT's header data
 * @rlength: length requested
 * @mlength: length that landed or was read
 * @offset: offset in the MD
 * @status: 0 or a negative errno
 * @md: the MD
 * @user_ptr: the MD's user pointer
 */
struct lnet_event {
	enum lnet_event_type type;
	lnet_nid_t peer_nid;
	u32 peer_pid;
	lnet_nid_t self_nid;
	u32 portal;
	u64 match_bits;
	u64 hdr_data;
	u32 rlength;
	u32 mlength;
	u32 offset;
	int status;
	struct lnet_handle_md md;
	void *user_ptr;
};

typedef void (*lnet_handler_t)(const struct lnet_event *ev);

/**
 * struct lnet_md_desc - what an MD is made of
 * @kvec: the memory as kernel virtual ranges (kmalloc'ed or vmalloc'ed,
 *	never on the stack), when @is_kvec
 * @bvec: the memory as pages, when !@is_kvec
 * @nr: entries in @kvec or @bvec (at most LNET_MD_MAX_IOV); the array must
 *	stay valid until the UNLINK event
 * @is_kvec: which of the two
 * @length: bytes described
 * @threshold: operations before the MD unlinks itself, or
 *	LNET_MD_THRESH_INF
 * @options: LNET_MD_* bits
 * @user_ptr: handed back in every event
 * @handler: receives the events (process context, no lnetmr lock held;
 *	it must not sleep for long)
 */
struct lnet_md_desc {
	union {
		const struct kvec *kvec;
		const struct bio_vec *bvec;
	};
	unsigned int nr;
	bool is_kvec;
	u32 length;
	int threshold;
	u32 options;
	void *user_ptr;
	lnet_handler_t handler;
};

int lnet_md_bind(struct net *net, const struct lnet_md_desc *desc,
		 struct lnet_handle_md *handle);
int lnet_me_attach(struct net *net, u32 portal, u64 match_bits, u64 ignore_bits,
		   const struct lnet_md_desc *desc, struct lnet_handle_md *handle);
int lnet_md_unlink(struct net *net, struct lnet_handle_md handle);
int lnet_put(struct net *net, struct lnet_handle_md md, bool ack, lnet_nid_t target,
	     u32 portal, u64 match_bits, u32 offset, u64 hdr_data);
int lnet_get(struct net *net, struct lnet_handle_md md, lnet_nid_t target,
	     u32 portal, u64 match_bits, u32 offset);

#endif /* LNET_API_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * wire_o2ib.c - encode and decode o2iblnd messages and reject records at
 * explicit offsets (see wire_o2ib.h and ../shared/specs/lnet-wire.md).
 *
 * The decoder is fed what a peer wrote into one of our receive buffers: it
 * reads only inside @len, checks every count against it, and takes a
 * message only when all of it adds up.
 */
#include "compat.h"
#include "nid.h"
#include "wire.h"
#include "wire_o2ib.h"
#include "wire_util.h"

/* header */
#define IB_MAGIC	0
#define IB_VERSION	4
#define IB_TYPE		6
#define IB_CREDITS	7
#define IB_NOB		8
#define IB_CKSUM	12
#define IB_SRCNID	16
#define IB_SRCSTAMP	24
#define IB_DSTNID	32
#define IB_DSTSTAMP	40
#define IB_BODY		48
/* CONNREQ / CONNACK */
#define CP_QUEUE_DEPTH	48
#define CP_MAX_FRAGS	50
#define CP_MAX_MSG_SIZE	52
/* PUT_NAK, PUT_DONE, GET_DONE */
#define DONE_COOKIE	48
#define DONE_STATUS	56
/* PUT_ACK */
#define PA_SRC_COOKIE	48
#define PA_DST_COOKIE	56
#define PA_RD		64
/* rdma descriptor */
#define RD_KEY		0
#define RD_NFRAGS	4
#define RD_FRAGS	8
#define RDF_NOB		0
#define RDF_ADDR	4
/* reject record */
#define REJ_MAGIC	0
#define REJ_VERSION	4
#define REJ_WHY		6
#define REJ_INCARNATION	8
#define REJ_QUEUE_DEPTH	16
#define REJ_MAX_FRAGS	18
#define REJ_MAX_MSG	20

/* bytes of the LNet header region: 72, or 112 for an lnetmr stripe */
static u32 lnet_hdr_room(const struct lnet_hdr *h)
{
	return h->striped ? LNET_HDR_MAX_SIZE : LNET_HDR_SIZE;
}

/**
 * lnet_o2ib_cksum() - o2iblnd's message checksum
 * @buf: the message
 * @len: its nob
 *
 * The checksum field counts as zero, whatever it holds.
 *
 * Return: the checksum; never 0, which means "none".
 */
u32 lnet_o2ib_cksum(const u8 *buf, size_t len)
{
	u32 sum = 0;
	size_t i;
	s8 c;

	for (i = 0; i < len; i++) {
		c = i >= IB_CKSUM && i < IB_CKSUM + 4 ? 0 : (s8)buf[i];
		sum = ((sum << 1) | (sum >> 31)) + (u32)(s32)c;
	}
	return sum ?: 1;
}

/**
 * lnet_o2ib_payload_offset() - where an IMMEDIATE's payload starts
 * @h: the LNet header it carries
 *
 * Return: the offset from the start of the message.
 */
u32 lnet_o2ib_payload_offset(const struct lnet_hdr *h)
{
	return IB_BODY + lnet_hdr_room(h);
}

static void put_lnet_hdr(u8 *p, const struct lnet_hdr *h)
{
	lnet_hdr_encode(h, p);
	if (h->striped)
		lnet_stripe_encode(h, p + LNET_HDR_SIZE);
}

static void put_rd(u8 *p, const struct lnet_o2ib_rdma_desc *rd)
{
	put_h32(p + RD_KEY, rd->key);
	put_h32(p + RD_NFRAGS, 1);
	put_h32(p + RD_FRAGS + RDF_NOB, rd->nob);
	put_h64(p + RD_FRAGS + RDF_ADDR, rd->addr);
}

/**
 * lnet_o2ib_msg_encode() - write an o2iblnd message in host order
 * @m: the message; an RDMA descriptor always goes with one fragment
 *	(@rd.nob, @rd.addr), as fast registration makes it
 * @buf: where
 * @size: bytes available
 *
 * An IMMEDIATE is written up to its payload, which the caller copies in at
 * lnet_o2ib_payload_offset(); nob counts it.
 * The checksum field is written as given (0: none).
 *
 * Return: the message's nob, or -EMSGSIZE, or -EINVAL for a type it does
 * not know.
 */
int lnet_o2ib_msg_encode(const struct lnet_o2ib_msg *m, u8 *buf, size_t size)
{
	const struct lnet_hdr *h = &m->u.lnet.hdr;
	u32 nob, at = IB_BODY;

	switch (m->type) {
	case O2IB_MSG_CONNREQ:
	case O2IB_MSG_CONNACK:
		nob = O2IB_CONNPARAMS_SIZE;
		break;
	case O2IB_MSG_NOOP:
		nob = O2IB_HDR_SIZE;
		break;
	case O2IB_MSG_IMMEDIATE:
		nob = IB_BODY + lnet_hdr_room(h) + h->payload_length;
		break;
	case O2IB_MSG_PUT_REQ:
		nob = IB_BODY + lnet_hdr_room(h) + 8;
		break;
	case O2IB_MSG_GET_REQ:
		nob = IB_BODY + lnet_hdr_room(h) + 8 + O2IB_RDMA_DESC_SIZE(1);
		break;
	case O2IB_MSG_PUT_ACK:
		nob = PA_RD + O2IB_RDMA_DESC_SIZE(1);
		break;
	case O2IB_MSG_PUT_NAK:
	case O2IB_MSG_PUT_DONE:
	case O2IB_MSG_GET_DONE:
		nob = O2IB_COMPLETION_SIZE;
		break;
	default:
		return -EINVAL;
	}
	if (nob > size || nob > O2IB_MSG_SIZE)
		return -EMSGSIZE;

	put_h32(buf + IB_MAGIC, O2IB_MAGIC);
	put_h16(buf + IB_VERSION, m->version);
	buf[IB_TYPE] = m->type;
	buf[IB_CREDITS] = m->credits;
	put_h32(buf + IB_NOB, nob);
	put_h32(buf + IB_CKSUM, m->cksum);
	put_h64(buf + IB_SRCNID, m->srcnid);
	put_h64(buf + IB_SRCSTAMP, m->srcstamp);
	put_h64(buf + IB_DSTNID, m->dstnid);
	put_h64(buf + IB_DSTSTAMP, m->dststamp);

	switch (m->type) {
	case O2IB_MSG_CONNREQ:
	case O2IB_MSG_CONNACK:
		put_h16(buf + CP_QUEUE_DEPTH, m->u.conn.queue_depth);
		put_h16(buf + CP_MAX_FRAGS, m->u.conn.max_frags);
		put_h32(buf + CP_MAX_MSG_SIZE, m->u.conn.max_msg_size);
		break;
	case O2IB_MSG_IMMEDIATE:
	case O2IB_MSG_PUT_REQ:
	case O2IB_MSG_GET_REQ:
		put_lnet_hdr(buf + at, h);
		at += lnet_hdr_room(h);
		if (m->type == O2IB_MSG_IMMEDIATE)
			break;
		put_h64(buf + at, m->u.lnet.cookie);
		if (m->type == O2IB_MSG_GET_REQ)
			put_rd(buf + at + 8, &m->u.lnet.rd);
		break;
	case O2IB_MSG_PUT_ACK:
		put_h64(buf + PA_SRC_COOKIE, m->u.putack.src_cookie);
		put_h64(buf + PA_DST_COOKIE, m->u.putack.dst_cookie);
		put_rd(buf + PA_RD, &m->u.putack.rd);
		break;
	case O2IB_MSG_PUT_NAK:
	case O2IB_MSG_PUT_DONE:
	case O2IB_MSG_GET_DONE:
		put_h64(buf + DONE_COOKIE, m->u.done.cookie);
		put_h32(buf + DONE_STATUS, (u32)m->u.done.status);
		break;
	}
	return nob;
}

/*
 * An RDMA descriptor at @p, with @room bytes left in the message: check
 * its fragment count fits, and remember where the fragments are.
 */
static int get_rd(const u8 *p, u32 room, bool swab, struct lnet_o2ib_rdma_desc *rd)
{
	if (room < RD_FRAGS)
		return -EPROTO;
	rd->key = get_s32(p + RD_KEY, swab);
	rd->nfrags = get_s32(p + RD_NFRAGS, swab);
	if (!rd->nfrags || rd->nfrags > O2IB_MAX_RDMA_FRAGS ||
	    room < O2IB_RDMA_DESC_SIZE(rd->nfrags))
		return -EPROTO;
	rd->frags = p + RD_FRAGS;
	rd->swab = swab;
	lnet_o2ib_rdma_frag(rd, 0, &rd->nob, &rd->addr);
	return 0;
}

/**
 * lnet_o2ib_rdma_frag() - one fragment of a decoded RDMA descriptor
 * @rd: the descriptor (its message buffer still holds the fragments)
 * @i: which, below @rd->nfrags
 * @nob: receives its length
 * @addr: receives its address
 */
void lnet_o2ib_rdma_frag(const struct lnet_o2ib_rdma_desc *rd, u32 i, u32 *nob, u64 *addr)
{
	const u8 *f = rd->frags + (size_t)i * O2IB_RDMA_FRAG_SIZE;

	*nob = get_s32(f + RDF_NOB, rd->swab);
	*addr = get_s64(f + RDF_ADDR, rd->swab);
}

/* The LNet header of an IMMEDIATE, PUT_REQ or GET_REQ; returns its room. */
static int get_lnet_hdr(const u8 *p, u32 room, struct lnet_hdr *h)
{
	int rc;

	if (room < LNET_HDR_SIZE)
		return -EPROTO;
	rc = lnet_hdr_decode(p, h);
	if (rc == LNET_HDR_STRIPE) {
		if (room < LNET_HDR_MAX_SIZE)
			return -EPROTO;
		rc = lnet_stripe_decode(p, p + LNET_HDR_SIZE, h);
	}
	if (rc)
		return -EPROTO;
	return lnet_hdr_room(h);
}

/* bytes every message of @type has at least (0: unknown type) */
static u32 type_min_nob(u8 type)
{
	switch (type) {
	case O2IB_MSG_CONNREQ:
	case O2IB_MSG_CONNACK:
		return O2IB_CONNPARAMS_SIZE;
	case O2IB_MSG_NOOP:
		return O2IB_HDR_SIZE;
	case O2IB_MSG_IMMEDIATE:
		return O2IB_IMMEDIATE_HDR;
	case O2IB_MSG_PUT_REQ:
		return O2IB_IMMEDIATE_HDR + 8;
	case O2IB_MSG_GET_REQ:
		return O2IB_IMMEDIATE_HDR + 8 + RD_FRAGS;
	case O2IB_MSG_PUT_ACK:
		return PA_RD + RD_FRAGS;
	case O2IB_MSG_PUT_NAK:
	case O2IB_MSG_PUT_DONE:
	case O2IB_MSG_GET_DONE:
		return O2IB_COMPLETION_SIZE;
	default:
		return 0;
	}
}

/**
 * lnet_o2ib_msg_decode() - read an o2iblnd message
 * @buf: the bytes received
 * @len: how many
 * @m: result; an RDMA descriptor's fragments stay in @buf
 *
 * Checks, as a stock node does: the magic in either byte order, version 1
 * or 2, 48 <= nob <= @len, the checksum when one is given, a source NID,
 * the type's size, the embedded LNet header and the RDMA descriptor's
 * fragments.  An IMMEDIATE's payload must fill the message exactly.
 *
 * Return: 0, or -EPROTO (a protocol error: the connection goes).
 */
int lnet_o2ib_msg_decode(const u8 *buf, size_t len, struct lnet_o2ib_msg *m)
{
	struct lnet_hdr *h = &m->u.lnet.hdr;
	u32 nob, min, at = IB_BODY;
	bool swab;
	int room;

	memset(m, 0, sizeof(*m));
	if (len < O2IB_HDR_SIZE || check_magic(buf + IB_MAGIC, O2IB_MAGIC, &swab))
		return -EPROTO;
	m->version = get_s16(buf + IB_VERSION, swab);
	m->type = buf[IB_TYPE];
	m->credits = buf[IB_CREDITS];
	nob = get_s32(buf + IB_NOB, swab);
	m->nob = nob;
	m->cksum = get_s32(buf + IB_CKSUM, swab);
	m->srcnid = get_s64(buf + IB_SRCNID, swab);
	m->srcstamp = get_s64(buf + IB_SRCSTAMP, swab);
	m->dstnid = get_s64(buf + IB_DSTNID, swab);
	m->dststamp = get_s64(buf + IB_DSTSTAMP, swab);

	if ((m->version != O2IB_VERSION_1 && m->version != O2IB_VERSION_2) ||
	    nob < O2IB_HDR_SIZE || nob > len || m->srcnid == LNET_NID_ANY)
		return -EPROTO;
	min = type_min_nob(m->type);
	if (!min || nob < min)
		return -EPROTO;
	if (m->cksum && lnet_o2ib_cksum(buf, nob) != m->cksum)
		return -EPROTO;

	switch (m->type) {
	case O2IB_MSG_CONNREQ:
	case O2IB_MSG_CONNACK:
		m->u.conn.queue_depth = get_s16(buf + CP_QUEUE_DEPTH, swab);
		m->u.conn.max_frags = get_s16(buf + CP_MAX_FRAGS, swab);
		m->u.conn.max_msg_size = get_s32(buf + CP_MAX_MSG_SIZE, swab);
		return 0;
	case O2IB_MSG_NOOP:
		return 0;
	case O2IB_MSG_IMMEDIATE:
	case O2IB_MSG_PUT_REQ:
	case O2IB_MSG_GET_REQ:
		room = get_lnet_hdr(buf + at, nob - at, h);
		if (room < 0)
			return -EPROTO;
		at += room;
		if (m->type == O2IB_MSG_IMMEDIATE) {
			m->u.lnet.payload = at;
			return nob - at == h->payload_length ? 0 : -EPROTO;
		}
		if (nob - at < 8)
			return -EPROTO;
		m->u.lnet.cookie = get_s64(buf + at, swab);
		at += 8;
		if (m->type == O2IB_MSG_PUT_REQ)
			/* a large PUT, or a REPLY that did not fit an IMMEDIATE */
			return (h->type == LNET_MSG_PUT || h->type == LNET_MSG_REPLY) &&
			       h->payload_length ? 0 : -EPROTO;
		if (h->type != LNET_MSG_GET)
			return -EPROTO;
		return get_rd(buf + at, nob - at, swab, &m->u.lnet.rd);
	case O2IB_MSG_PUT_ACK:
		m->u.putack.src_cookie = get_s64(buf + PA_SRC_COOKIE, swab);
		m->u.putack.dst_cookie = get_s64(buf + PA_DST_COOKIE, swab);
		return get_rd(buf + PA_RD, nob - PA_RD, swab, &m->u.putack.rd);
	default:	/* PUT_NAK, PUT_DONE, GET_DONE */
		m->u.done.cookie = get_s64(buf + DONE_COOKIE, swab);
		m->u.done.status = (s32)get_s32(buf + DONE_STATUS, swab);
		return 0;
	}
}

/**
 * lnet_o2ib_rej_encode() - write a reject record (host order)
 * @rej: the record
 * @out: its 24 bytes
 */
void lnet_o2ib_rej_encode(const struct lnet_o2ib_rej *rej, u8 out[O2IB_REJ_SIZE])
{
	memset(out, 0, O2IB_REJ_SIZE);
	put_h32(out + REJ_MAGIC, O2IB_MAGIC);
	put_h16(out + REJ_VERSION, rej->version);
	out[REJ_WHY] = rej->why;
	put_h64(out + REJ_INCARNATION, rej->incarnation);
	put_h16(out + REJ_QUEUE_DEPTH, rej->cp.queue_depth);
	put_h16(out + REJ_MAX_FRAGS, rej->cp.max_frags);
	put_h32(out + REJ_MAX_MSG, rej->cp.max_msg_size);
}

/**
 * lnet_o2ib_rej_decode() - read a reject record
 * @buf: the REJ's private data
 * @len: its length
 * @rej: result; @rej->cp is zero when the record is too short to have it
 *
 * Return: 0, or -EPROTO when it is not an o2iblnd reject record.
 */
int lnet_o2ib_rej_decode(const u8 *buf, size_t len, struct lnet_o2ib_rej *rej)
{
	bool swab;

	memset(rej, 0, sizeof(*rej));
	if (len < REJ_INCARNATION || check_magic(buf + REJ_MAGIC, O2IB_MAGIC, &swab))
		return -EPROTO;
	rej->version = get_s16(buf + REJ_VERSION, swab);
	rej->why = buf[REJ_WHY];
	if (len >= REJ_QUEUE_DEPTH)
		rej->incarnation = get_s64(buf + REJ_INCARNATION, swab);
	if (len >= O2IB_REJ_SIZE) {
		rej->cp.queue_depth = get_s16(buf + REJ_QUEUE_DEPTH, swab);
		rej->cp.max_frags = get_s16(buf + REJ_MAX_FRAGS, swab);
		rej->cp.max_msg_size = get_s32(buf + REJ_MAX_MSG, swab);
	}
	return 0;
}

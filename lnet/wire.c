// SPDX-License-Identifier: GPL-2.0
/*
 * wire.c - encode and decode LNet wire structures at explicit offsets.
 *
 * The decoders are fed raw bytes from the network: they only ever read
 * inside the length they are given, never trust a count before checking it
 * against that length, and use fixed-width unsigned arithmetic throughout.
 */
#include "compat.h"
#include "nid.h"
#include "wire.h"
#include "wire_util.h"

/* LNet header: fields are little-endian */
#define HDR_DEST_NID		0
#define HDR_SRC_NID		8
#define HDR_DEST_PID		16
#define HDR_SRC_PID		20
#define HDR_TYPE		24
#define HDR_PAYLOAD_LENGTH	28
#define HDR_BODY		32
/* PUT body */
#define PUT_ACK_WMD		32
#define PUT_MATCH_BITS		48
#define PUT_HDR_DATA		56
#define PUT_PTL_INDEX		64
#define PUT_OFFSET		68
/* GET body */
#define GET_RETURN_WMD		32
#define GET_MATCH_BITS		48
#define GET_PTL_INDEX		56
#define GET_SRC_OFFSET		60
#define GET_SINK_LENGTH		64
/* ACK body */
#define ACK_DST_WMD		32
#define ACK_MATCH_BITS		48
#define ACK_MLENGTH		56
/* REPLY body */
#define REPLY_DST_WMD		32
/* HELLO body */
#define HELLO_INCARNATION	32
#define HELLO_TYPE		40

/* ping buffer: sender order */
#define PING_MAGIC		0
#define PING_FEATURES		4
#define PING_PID		8
#define PING_NNIS		12
#define PING_ENTRIES		16
#define PING_ENT_NID		0
#define PING_ENT_STATUS		8
#define PING_ENT_MSG_SIZE	12

static void put_wmd(u8 *p, const struct lnet_handle_wire *wh)
{
	put_unaligned_le64(wh->interface_cookie, p);
	put_unaligned_le64(wh->object_cookie, p + 8);
}

static void get_wmd(const u8 *p, struct lnet_handle_wire *wh)
{
	wh->interface_cookie = get_unaligned_le64(p);
	wh->object_cookie = get_unaligned_le64(p + 8);
}

/* stripe extension */
#define STRIPE_TYPE		0
#define STRIPE_LEN		4
#define STRIPE_COOKIE		8
#define STRIPE_XFER_LENGTH	16
#define STRIPE_OFFSET		20
#define STRIPE_INDEX		24
#define STRIPE_COUNT		26
#define STRIPE_FLAGS		28

/* ---- LNet header -------------------------------------------------------- */

/**
 * lnet_hdr_encode() - write an LNet header in its 72-byte wire form
 * @h: header to encode; only the body member selected by @h->type is used
 * @out: 72 output bytes
 *
 * All fields are written little-endian. Body bytes not used by the message
 * type are zero; an unknown type gets an all-zero body.
 */
void lnet_hdr_encode(const struct lnet_hdr *h, u8 out[LNET_HDR_SIZE])
{
	BUILD_BUG_ON(PUT_OFFSET + 4 != LNET_HDR_SIZE);
	BUILD_BUG_ON(GET_SINK_LENGTH + 4 > LNET_HDR_SIZE);
	BUILD_BUG_ON(ACK_MLENGTH + 4 > LNET_HDR_SIZE);
	BUILD_BUG_ON(HELLO_TYPE + 4 > LNET_HDR_SIZE);

	memset(out, 0, LNET_HDR_SIZE);
	put_unaligned_le64(h->dest_nid, out + HDR_DEST_NID);
	put_unaligned_le64(h->src_nid, out + HDR_SRC_NID);
	put_unaligned_le32(h->dest_pid, out + HDR_DEST_PID);
	put_unaligned_le32(h->src_pid, out + HDR_SRC_PID);
	/* a stripe's type is in its extension (lnet_stripe_encode()) */
	put_unaligned_le32(h->striped ? LNETMR_MSG_STRIPE : h->type, out + HDR_TYPE);
	put_unaligned_le32(h->payload_length, out + HDR_PAYLOAD_LENGTH);

	switch (h->type) {
	case LNET_MSG_PUT:
		put_wmd(out + PUT_ACK_WMD, &h->msg.put.ack_wmd);
		put_unaligned_le64(h->msg.put.match_bits, out + PUT_MATCH_BITS);
		put_unaligned_le64(h->msg.put.hdr_data, out + PUT_HDR_DATA);
		put_unaligned_le32(h->msg.put.ptl_index, out + PUT_PTL_INDEX);
		put_unaligned_le32(h->msg.put.offset, out + PUT_OFFSET);
		break;
	case LNET_MSG_GET:
		put_wmd(out + GET_RETURN_WMD, &h->msg.get.return_wmd);
		put_unaligned_le64(h->msg.get.match_bits, out + GET_MATCH_BITS);
		put_unaligned_le32(h->msg.get.ptl_index, out + GET_PTL_INDEX);
		put_unaligned_le32(h->msg.get.src_offset, out + GET_SRC_OFFSET);
		put_unaligned_le32(h->msg.get.sink_length, out + GET_SINK_LENGTH);
		break;
	case LNET_MSG_ACK:
		put_wmd(out + ACK_DST_WMD, &h->msg.ack.dst_wmd);
		put_unaligned_le64(h->msg.ack.match_bits, out + ACK_MATCH_BITS);
		put_unaligned_le32(h->msg.ack.mlength, out + ACK_MLENGTH);
		break;
	case LNET_MSG_REPLY:
		put_wmd(out + REPLY_DST_WMD, &h->msg.reply.dst_wmd);
		break;
	case LNET_MSG_HELLO:
		put_unaligned_le64(h->msg.hello.incarnation, out + HELLO_INCARNATION);
		put_unaligned_le32(h->msg.hello.type, out + HELLO_TYPE);
		break;
	default:
		break;
	}
}
EXPORT_SYMBOL_GPL(lnet_hdr_encode);

/**
 * lnet_hdr_decode() - read an LNet header from its 72-byte wire form
 * @in: 72 input bytes
 * @h: result; zeroed first, then filled as far as the input allows
 *
 * Checks that the type is known, that payload_length is at most LNET_MTU,
 * and that ACK and GET carry no payload. Unused body bytes are ignored.
 *
 * Return: 0 on success, -EPROTO if the header is invalid (the common
 * fields of @h are still filled in for diagnostics).
 */
int lnet_hdr_decode(const u8 in[LNET_HDR_SIZE], struct lnet_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->dest_nid = get_unaligned_le64(in + HDR_DEST_NID);
	h->src_nid = get_unaligned_le64(in + HDR_SRC_NID);
	h->dest_pid = get_unaligned_le32(in + HDR_DEST_PID);
	h->src_pid = get_unaligned_le32(in + HDR_SRC_PID);
	h->type = get_unaligned_le32(in + HDR_TYPE);
	h->payload_length = get_unaligned_le32(in + HDR_PAYLOAD_LENGTH);

	if (h->payload_length > LNET_MTU)
		return -EPROTO;

	switch (h->type) {
	case LNETMR_MSG_STRIPE:
		return LNET_HDR_STRIPE;
	case LNET_MSG_PUT:
		get_wmd(in + PUT_ACK_WMD, &h->msg.put.ack_wmd);
		h->msg.put.match_bits = get_unaligned_le64(in + PUT_MATCH_BITS);
		h->msg.put.hdr_data = get_unaligned_le64(in + PUT_HDR_DATA);
		h->msg.put.ptl_index = get_unaligned_le32(in + PUT_PTL_INDEX);
		h->msg.put.offset = get_unaligned_le32(in + PUT_OFFSET);
		return 0;
	case LNET_MSG_GET:
		get_wmd(in + GET_RETURN_WMD, &h->msg.get.return_wmd);
		h->msg.get.match_bits = get_unaligned_le64(in + GET_MATCH_BITS);
		h->msg.get.ptl_index = get_unaligned_le32(in + GET_PTL_INDEX);
		h->msg.get.src_offset = get_unaligned_le32(in + GET_SRC_OFFSET);
		h->msg.get.sink_length = get_unaligned_le32(in + GET_SINK_LENGTH);
		return h->payload_length ? -EPROTO : 0;
	case LNET_MSG_ACK:
		get_wmd(in + ACK_DST_WMD, &h->msg.ack.dst_wmd);
		h->msg.ack.match_bits = get_unaligned_le64(in + ACK_MATCH_BITS);
		h->msg.ack.mlength = get_unaligned_le32(in + ACK_MLENGTH);
		return h->payload_length ? -EPROTO : 0;
	case LNET_MSG_REPLY:
		get_wmd(in + REPLY_DST_WMD, &h->msg.reply.dst_wmd);
		return 0;
	case LNET_MSG_HELLO:
		h->msg.hello.incarnation = get_unaligned_le64(in + HELLO_INCARNATION);
		h->msg.hello.type = get_unaligned_le32(in + HELLO_TYPE);
		return 0;
	default:
		return -EPROTO;
	}
}
EXPORT_SYMBOL_GPL(lnet_hdr_decode);

/**
 * lnet_stripe_encode() - write the stripe extension of a striped header
 * @h: the header (@h->striped)
 * @out: 40 output bytes, sent right after the 72 of lnet_hdr_encode()
 */
void lnet_stripe_encode(const struct lnet_hdr *h, u8 out[LNET_STRIPE_EXT_SIZE])
{
	BUILD_BUG_ON(STRIPE_FLAGS + 4 + 8 != LNET_STRIPE_EXT_SIZE);

	memset(out, 0, LNET_STRIPE_EXT_SIZE);
	put_unaligned_le32(h->type, out + STRIPE_TYPE);
	put_unaligned_le32(h->stripe.len, out + STRIPE_LEN);
	put_unaligned_le64(h->stripe.cookie, out + STRIPE_COOKIE);
	put_unaligned_le32(h->stripe.xfer_length, out + STRIPE_XFER_LENGTH);
	put_unaligned_le32(h->stripe.offset, out + STRIPE_OFFSET);
	put_unaligned_le16(h->stripe.index, out + STRIPE_INDEX);
	put_unaligned_le16(h->stripe.count, out + STRIPE_COUNT);
}
EXPORT_SYMBOL_GPL(lnet_stripe_encode);

/**
 * lnet_stripe_decode() - read a striped header
 * @in: its 72 bytes, for which lnet_hdr_decode() said LNET_HDR_STRIPE
 * @ext: the 40 bytes of its extension
 * @h: result
 *
 * Return: 0, or -EPROTO for a stripe that does not add up (a type other
 * than PUT, GET or REPLY, a stripe outside its transfer, a payload that
 * does not fit the stripe, flags we do not know).
 */
int lnet_stripe_decode(const u8 in[LNET_HDR_SIZE], const u8 ext[LNET_STRIPE_EXT_SIZE],
		       struct lnet_hdr *h)
{
	u8 plain[LNET_HDR_SIZE];
	struct lnet_stripe *s = &h->stripe;
	u32 type = get_unaligned_le32(ext + STRIPE_TYPE);
	int rc;

	if (type != LNET_MSG_PUT && type != LNET_MSG_GET && type != LNET_MSG_REPLY)
		return -EPROTO;
	memcpy(plain, in, sizeof(plain));
	put_unaligned_le32(type, plain + HDR_TYPE);
	rc = lnet_hdr_decode(plain, h);
	if (rc)
		return -EPROTO;
	h->striped = true;
	s->len = get_unaligned_le32(ext + STRIPE_LEN);
	s->cookie = get_unaligned_le64(ext + STRIPE_COOKIE);
	s->xfer_length = get_unaligned_le32(ext + STRIPE_XFER_LENGTH);
	s->offset = get_unaligned_le32(ext + STRIPE_OFFSET);
	s->index = get_unaligned_le16(ext + STRIPE_INDEX);
	s->count = get_unaligned_le16(ext + STRIPE_COUNT);
	if (get_unaligned_le32(ext + STRIPE_FLAGS) || get_unaligned_le64(ext + STRIPE_FLAGS + 4) ||
	    !s->count || s->count > LNETMR_MAX_STRIPES || s->index >= s->count ||
	    s->len > LNET_MTU || s->xfer_length > LNETMR_MAX_XFER ||
	    (type != LNET_MSG_REPLY && (u64)s->offset + s->len > s->xfer_length) ||
	    h->payload_length > s->len ||
	    (type == LNET_MSG_PUT && h->payload_length != s->len))
		return -EPROTO;
	return 0;
}
EXPORT_SYMBOL_GPL(lnet_stripe_decode);

/* ---- ping buffer -------------------------------------------------------- */

/**
 * lnet_ping_info_encode() - write a ping buffer (host order)
 * @pi: fixed part; @pi->nnis entries are written
 * @ents: @pi->nnis entries, entry 0 normally 0@lo
 * @buf: output buffer
 * @size: size of @buf
 *
 * Return: bytes written (16 + 16 * nnis), -EINVAL if nnis is 0 or larger
 * than LNET_PING_MAX_NNIS, -EMSGSIZE if @size is too small.
 */
int lnet_ping_info_encode(const struct lnet_ping_info *pi,
			  const struct lnet_ping_entry *ents, u8 *buf, size_t size)
{
	size_t need;
	u32 i;

	if (pi->nnis == 0 || pi->nnis > LNET_PING_MAX_NNIS)
		return -EINVAL;
	need = LNET_PING_HDR_SIZE + LNET_PING_ENTRY_SIZE * (size_t)pi->nnis;
	if (size < need)
		return -EMSGSIZE;

	put_h32(buf + PING_MAGIC, LNET_PING_MAGIC);
	put_h32(buf + PING_FEATURES, pi->features);
	put_h32(buf + PING_PID, pi->pid);
	put_h32(buf + PING_NNIS, pi->nnis);
	for (i = 0; i < pi->nnis; i++) {
		u8 *p = buf + PING_ENTRIES + LNET_PING_ENTRY_SIZE * (size_t)i;

		put_h64(p + PING_ENT_NID, ents[i].nid);
		put_h32(p + PING_ENT_STATUS, ents[i].status);
		put_h32(p + PING_ENT_MSG_SIZE, ents[i].msg_size);
	}
	return (int)need;
}

/**
 * lnet_ping_info_decode() - read a ping buffer
 * @buf: received bytes (e.g. the payload of a ping REPLY)
 * @len: number of bytes in @buf
 * @pi: fixed part, filled in whenever the magic is valid
 * @ents: caller's array for the entries (may be NULL if @max_ents is 0)
 * @max_ents: capacity of @ents
 * @swab: set to true if the sender's byte order differs from ours
 *
 * The total entry count is reported in @pi->nnis; at most @max_ents of
 * them are stored. Feature bits are not interpreted. Bytes after the last
 * entry are ignored.
 *
 * Return: the number of entries stored in @ents (min(nnis, max_ents)), or
 * -EPROTO if @len is below the 16-byte fixed part, the magic is wrong, or
 * nnis is 0 or impossibly large, or
 * -EMSGSIZE if the buffer is valid but holds fewer than nnis entries: the
 * sender truncated it to our sink length, so ping again with at least
 * 16 + 16 * @pi->nnis bytes.
 */
int lnet_ping_info_decode(const u8 *buf, size_t len, struct lnet_ping_info *pi,
			  struct lnet_ping_entry *ents, u32 max_ents, bool *swab)
{
	bool sw = false;
	u32 i, n;

	memset(pi, 0, sizeof(*pi));
	*swab = false;
	if (len < LNET_PING_HDR_SIZE)
		return -EPROTO;
	if (check_magic(buf + PING_MAGIC, LNET_PING_MAGIC, &sw))
		return -EPROTO;
	*swab = sw;

	pi->features = get_s32(buf + PING_FEATURES, sw);
	pi->pid = get_s32(buf + PING_PID, sw);
	pi->nnis = get_s32(buf + PING_NNIS, sw);
	if (pi->nnis == 0 || pi->nnis > LNET_PING_MAX_NNIS)
		return -EPROTO;
	if ((len - LNET_PING_HDR_SIZE) / LNET_PING_ENTRY_SIZE < pi->nnis)
		return -EMSGSIZE;

	n = pi->nnis < max_ents ? pi->nnis : max_ents;
	for (i = 0; i < n; i++) {
		const u8 *p = buf + PING_ENTRIES + LNET_PING_ENTRY_SIZE * (size_t)i;

		ents[i].nid = get_s64(p + PING_ENT_NID, sw);
		ents[i].status = get_s32(p + PING_ENT_STATUS, sw);
		ents[i].msg_size = get_s32(p + PING_ENT_MSG_SIZE, sw);
	}
	return (int)n;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wire_o2ib.h - the o2iblnd wire protocol (Lustre's RDMA LND, version 2):
 * its messages, connection parameters and reject records, host-order views
 * and their codecs.
 *
 * Every o2iblnd message starts with a 48-byte header in the sender's byte
 * order (the receiver detects a swapped magic); LNet headers inside are
 * always little-endian.  Cookies are opaque: only their owner compares
 * them, so they are never swapped on decode beyond the sender-order rule.
 * The codecs never read outside the bytes they are given.
 */
#ifndef LNET_WIRE_O2IB_H
#define LNET_WIRE_O2IB_H

#include "compat.h"
#include "nid.h"
#include "wire.h"

#define O2IB_MAGIC		0x0be91b91U
#define O2IB_VERSION_1		0x11
#define O2IB_VERSION_2		0x12	/* the one we speak */

#define O2IB_MSG_CONNREQ	0xc0
#define O2IB_MSG_CONNACK	0xc1
#define O2IB_MSG_NOOP		0xd0
#define O2IB_MSG_IMMEDIATE	0xd1
#define O2IB_MSG_PUT_REQ	0xd2
#define O2IB_MSG_PUT_NAK	0xd3
#define O2IB_MSG_PUT_ACK	0xd4
#define O2IB_MSG_PUT_DONE	0xd5
#define O2IB_MSG_GET_REQ	0xd6
#define O2IB_MSG_GET_DONE	0xd7

#define O2IB_HDR_SIZE		48
#define O2IB_CONNPARAMS_SIZE	(O2IB_HDR_SIZE + 8)	/* CONNREQ, CONNACK */
#define O2IB_COMPLETION_SIZE	(O2IB_HDR_SIZE + 12)	/* PUT_NAK, PUT_DONE, GET_DONE */
#define O2IB_IMMEDIATE_HDR	(O2IB_HDR_SIZE + LNET_HDR_SIZE)	/* payload follows */
#define O2IB_RDMA_FRAG_SIZE	12
#define O2IB_RDMA_DESC_SIZE(n)	(8 + O2IB_RDMA_FRAG_SIZE * (n))

/* message and receive buffer size, and the largest IMMEDIATE payload */
#define O2IB_MSG_SIZE		4096
#define O2IB_MAX_IMMEDIATE	(O2IB_MSG_SIZE - O2IB_IMMEDIATE_HDR)
/* most fragments of an RDMA descriptor (256 pages and a misaligned start) */
#define O2IB_MAX_RDMA_FRAGS	257

#define O2IB_REJ_SIZE		24
/* reject reasons (the "why" of a reject record) */
#define O2IB_REJECT_CONN_RACE		1
#define O2IB_REJECT_NO_RESOURCES	2
#define O2IB_REJECT_FATAL		3
#define O2IB_REJECT_CONN_UNCOMPAT	4
#define O2IB_REJECT_CONN_STALE		5
#define O2IB_REJECT_RDMA_FRAGS		6
#define O2IB_REJECT_MSG_QUEUE_SIZE	7
#define O2IB_REJECT_INVALID_SRV_ID	8
#define O2IB_REJECT_EARLY		9

/* rdma_cm's header in front of a CM REQ's private data (IPv4 and IPv6) */
#define O2IB_CMA_HDR_SIZE	36

/**
 * struct lnet_o2ib_connparams - what a CONNREQ asks and a CONNACK grants
 * @queue_depth: messages each side may have in flight to the other
 * @max_frags: most RDMA fragments of one transfer
 * @max_msg_size: largest message (O2IB_MSG_SIZE)
 */
struct lnet_o2ib_connparams {
	u16 queue_depth;
	u16 max_frags;
	u32 max_msg_size;
};

/**
 * struct lnet_o2ib_rdma_desc - where an RDMA WRITE may land
 * @key: the remote key of the memory region
 * @nfrags: fragments, 1..O2IB_MAX_RDMA_FRAGS
 * @frags: where they are: in the decoded message's buffer, @nfrags
 *	entries of O2IB_RDMA_FRAG_SIZE bytes (read with
 *	lnet_o2ib_rdma_frag()); for encoding, one fragment is taken from
 *	@nob and @addr
 * @swab: the fragments are in the other byte order
 * @nob: encoding: the length of the one fragment
 * @addr: encoding: its address (the region's iova)
 */
struct lnet_o2ib_rdma_desc {
	u32 key;
	u32 nfrags;
	const u8 *frags;
	bool swab;
	u32 nob;
	u64 addr;
};

/**
 * struct lnet_o2ib_msg - one o2iblnd message, host order
 * @version: O2IB_VERSION_1 or O2IB_VERSION_2
 * @type: O2IB_MSG_*
 * @credits: credits returned to the receiver
 * @nob: bytes of the whole message
 * @cksum: checksum, 0 for none
 * @srcnid: the sender's NID
 * @srcstamp: the sender's incarnation
 * @dstnid: the receiver's NID
 * @dststamp: the receiver's incarnation as the sender knows it (0: unknown)
 * @u: the body, by @type
 * @u.conn: CONNREQ, CONNACK
 * @u.lnet: IMMEDIATE, PUT_REQ, GET_REQ: the LNet header they carry (with a
 *	stripe's extension when @u.lnet.hdr.striped)
 * @u.lnet.hdr: the LNet header
 * @u.lnet.cookie: PUT_REQ, GET_REQ: the sender's name for the transfer
 * @u.lnet.rd: GET_REQ: where the reply goes
 * @u.lnet.payload: IMMEDIATE: offset of the payload in the message
 * @u.putack: PUT_ACK
 * @u.putack.src_cookie: the PUT_REQ's cookie
 * @u.putack.dst_cookie: the sink's name for the transfer
 * @u.putack.rd: where the data goes
 * @u.done: PUT_NAK, PUT_DONE, GET_DONE
 * @u.done.cookie: the transfer's cookie
 * @u.done.status: bytes moved, or a negative errno
 */
struct lnet_o2ib_msg {
	u16 version;
	u8 type;
	u8 credits;
	u32 nob;
	u32 cksum;
	lnet_nid_t srcnid;
	u64 srcstamp;
	lnet_nid_t dstnid;
	u64 dststamp;
	union {
		struct lnet_o2ib_connparams conn;
		struct {
			struct lnet_hdr hdr;
			u64 cookie;
			struct lnet_o2ib_rdma_desc rd;
			u32 payload;
		} lnet;
		struct {
			u64 src_cookie;
			u64 dst_cookie;
			struct lnet_o2ib_rdma_desc rd;
		} putack;
		struct {
			u64 cookie;
			s32 status;
		} done;
	} u;
};

/**
 * struct lnet_o2ib_rej - a reject record (private data of a CM REJ)
 * @version: the version the rejecter speaks
 * @why: O2IB_REJECT_*
 * @incarnation: the rejecter's incarnation
 * @cp: the rejecter's connection parameters
 */
struct lnet_o2ib_rej {
	u16 version;
	u8 why;
	u64 incarnation;
	struct lnet_o2ib_connparams cp;
};

int lnet_o2ib_msg_encode(const struct lnet_o2ib_msg *m, u8 *buf, size_t size);
int lnet_o2ib_msg_decode(const u8 *buf, size_t len, struct lnet_o2ib_msg *m);
void lnet_o2ib_rdma_frag(const struct lnet_o2ib_rdma_desc *rd, u32 i, u32 *nob, u64 *addr);
u32 lnet_o2ib_payload_offset(const struct lnet_hdr *h);
u32 lnet_o2ib_cksum(const u8 *buf, size_t len);
void lnet_o2ib_rej_encode(const struct lnet_o2ib_rej *rej, u8 out[O2IB_REJ_SIZE]);
int lnet_o2ib_rej_decode(const u8 *buf, size_t len, struct lnet_o2ib_rej *rej);

#endif /* LNET_WIRE_O2IB_H */

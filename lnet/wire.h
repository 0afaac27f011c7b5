/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wire.h - LNet on-wire layouts and their codecs.
 *
 * Every structure here is a host-order view; the codecs in wire.c convert
 * to and from the exact wire bytes at explicit offsets, so no C structure
 * is ever overlaid on network data.
 *
 * Two byte orders occur on the wire:
 *  - the LNet header is always little-endian;
 *  - ping buffers (like the LNDs' own structures, wire_sock.h and
 *    wire_o2ib.h) are in the *sender's* order.  The receiver recognises a
 *    byte-swapped magic and sets @swab; encoders always write host order.
 */
#ifndef LNET_WIRE_H
#define LNET_WIRE_H

#include "compat.h"
#include "nid.h"

/* ---- LNet core ---------------------------------------------------------- */

#define LNET_MTU			(1024U * 1024U)	/* max payload of one message */
#define LNET_MAX_IOV			256		/* max fragments of one message */

/**
 * enum lnet_msg_type - LNet message types (lnet_hdr.type)
 * @LNET_MSG_ACK: acknowledgment of a PUT
 * @LNET_MSG_PUT: PUT, payload follows
 * @LNET_MSG_GET: GET, no payload
 * @LNET_MSG_REPLY: reply to a GET, payload follows
 * @LNET_MSG_HELLO: legacy LND-level hello
 */
enum lnet_msg_type {
	LNET_MSG_ACK	= 0,
	LNET_MSG_PUT	= 1,
	LNET_MSG_GET	= 2,
	LNET_MSG_REPLY	= 3,
	LNET_MSG_HELLO	= 4,
};

/* both cookies of a wire handle set to this: "no handle" (e.g. no ACK wanted) */
#define LNET_WIRE_HANDLE_COOKIE_NONE	(~0ULL)

#define LNET_HDR_SIZE			72

/*
 * lnetmr's striped messages, only ever sent to peers whose ping buffer
 * announces LNETMR_PING_FEAT_STRIPING: the 72-byte header carries this
 * type and the body of the message type it stands for, and is followed by
 * a 40-byte stripe extension (see &struct lnet_stripe) before the payload.
 */
#define LNETMR_MSG_STRIPE		0x4c4d5354	/* "LMST" */
#define LNET_STRIPE_EXT_SIZE		40
#define LNET_HDR_MAX_SIZE		(LNET_HDR_SIZE + LNET_STRIPE_EXT_SIZE)
/* largest striped transfer, and most stripes of one */
#define LNETMR_MAX_XFER			(64U * LNET_MTU)
#define LNETMR_MAX_STRIPES		64
/* lnet_hdr_decode(): the header is a stripe's, its extension follows */
#define LNET_HDR_STRIPE			1
#define LNET_WIRE_HANDLE_SIZE		16

/**
 * struct lnet_handle_wire - a memory descriptor handle as sent on the wire
 * @interface_cookie: identifies the LNet instance (incarnation) that issued it
 * @object_cookie: identifies the object within that instance
 */
struct lnet_handle_wire {
	u64 interface_cookie;
	u64 object_cookie;
};

/**
 * struct lnet_put_body - PUT-specific header fields
 * @ack_wmd: where to send the ACK; both cookies NONE if no ACK is wanted
 * @match_bits: match bits at the target portal
 * @hdr_data: 64 bits of out-of-band data delivered with the event
 * @ptl_index: target portal
 * @offset: offset into the target buffer
 */
struct lnet_put_body {
	struct lnet_handle_wire ack_wmd;
	u64 match_bits;
	u64 hdr_data;
	u32 ptl_index;
	u32 offset;
};

/**
 * struct lnet_get_body - GET-specific header fields
 * @return_wmd: handle the REPLY must carry as its dst_wmd
 * @match_bits: match bits at the target portal
 * @ptl_index: target portal
 * @src_offset: offset into the source buffer
 * @sink_length: how many bytes the requester can take
 */
struct lnet_get_body {
	struct lnet_handle_wire return_wmd;
	u64 match_bits;
	u32 ptl_index;
	u32 src_offset;
	u32 sink_length;
};

/**
 * struct lnet_ack_body - ACK-specific header fields
 * @dst_wmd: the PUT's ack_wmd
 * @match_bits: the PUT's match bits
 * @mlength: how many bytes of the PUT were accepted
 */
struct lnet_ack_body {
	struct lnet_handle_wire dst_wmd;
	u64 match_bits;
	u32 mlength;
};

/**
 * struct lnet_reply_body - REPLY-specific header fields
 * @dst_wmd: the GET's return_wmd
 */
struct lnet_reply_body {
	struct lnet_handle_wire dst_wmd;
};

/**
 * struct lnet_hello_body - HELLO-specific header fields (legacy)
 * @incarnation: sender's incarnation
 * @type: connection type
 */
struct lnet_hello_body {
	u64 incarnation;
	u32 type;
};

/**
 * struct lnet_stripe - where one stripe of a striped transfer belongs
 * @len: bytes of this stripe (a GET stripe asks for them; a PUT or REPLY
 *	stripe carries up to them)
 * @cookie: names the transfer, chosen by its initiator
 * @xfer_length: bytes of the whole transfer (a REPLY stripe: the bytes
 *	the target's MD gives, after truncation)
 * @offset: where the stripe starts within the transfer
 * @index: the stripe's number, 0 to @count - 1
 * @count: stripes of the transfer (1..LNETMR_MAX_STRIPES)
 */
struct lnet_stripe {
	u32 len;
	u64 cookie;
	u32 xfer_length;
	u32 offset;
	u16 index;
	u16 count;
};

/**
 * struct lnet_hdr - the 72-byte LNet message header, host order
 * @dest_nid: destination NID
 * @src_nid: source NID
 * @dest_pid: destination process id
 * @src_pid: source process id
 * @type: message type, see &enum lnet_msg_type
 * @payload_length: bytes of payload following the header (<= LNET_MTU)
 * @msg: the per-type body, selected by @type
 * @msg.put: body of a PUT
 * @msg.get: body of a GET
 * @msg.ack: body of an ACK
 * @msg.reply: body of a REPLY
 * @msg.hello: body of a HELLO
 * @striped: a stripe (PUT, GET or REPLY) of a striped transfer
 * @stripe: which one, when @striped
 */
struct lnet_hdr {
	lnet_nid_t dest_nid;
	lnet_nid_t src_nid;
	u32 dest_pid;
	u32 src_pid;
	u32 type;
	u32 payload_length;
	union {
		struct lnet_put_body put;
		struct lnet_get_body get;
		struct lnet_ack_body ack;
		struct lnet_reply_body reply;
		struct lnet_hello_body hello;
	} msg;
	bool striped;
	struct lnet_stripe stripe;
};

void lnet_hdr_encode(const struct lnet_hdr *h, u8 out[LNET_HDR_SIZE]);
int lnet_hdr_decode(const u8 in[LNET_HDR_SIZE], struct lnet_hdr *h);
void lnet_stripe_encode(const struct lnet_hdr *h, u8 out[LNET_STRIPE_EXT_SIZE]);
int lnet_stripe_decode(const u8 in[LNET_HDR_SIZE], const u8 ext[LNET_STRIPE_EXT_SIZE],
		       struct lnet_hdr *h);

/* ---- ping buffer (discovery) -------------------------------------------- */

#define LNET_PING_MAGIC			0x70696E67U	/* "ping" */

#define LNET_PING_FEAT_BASE		BIT(0)
#define LNET_PING_FEAT_NI_STATUS	BIT(1)
#define LNET_PING_FEAT_RTE_DISABLED	BIT(2)
#define LNET_PING_FEAT_MULTI_RAIL	BIT(3)
#define LNET_PING_FEAT_DISCOVERY	BIT(4)
#define LNET_PING_FEAT_LARGE_ADDR	BIT(5)
#define LNET_PING_FEAT_PRIMARY_LARGE	BIT(6)
#define LNET_PING_FEAT_METADATA		BIT(7)
#define LNET_PING_FEAT_KNOWN		0xffU

#define LNET_PING_STATUS_UP		0x15aac0deU
#define LNET_PING_STATUS_DOWN		0xdeadfaceU

#define LNET_PING_PORTAL		0	/* reserved portal */
#define LNET_PING_MATCHBITS		0x8000000000000000ULL
#define LNET_PING_HDR_SIZE		16
#define LNET_PING_ENTRY_SIZE		16
#define LNET_PING_MIN_SIZE		(LNET_PING_HDR_SIZE + 16 * LNET_PING_ENTRY_SIZE)
/* most entries that can fit in one LNET_MTU-sized message */
#define LNET_PING_MAX_NNIS		((LNET_MTU - LNET_PING_HDR_SIZE) / LNET_PING_ENTRY_SIZE)

/**
 * struct lnet_ping_info - fixed part of a ping buffer, host order
 * @features: LNET_PING_FEAT_* bits
 * @pid: sender's pid
 * @nnis: number of entries the sender has (may exceed what was received)
 */
struct lnet_ping_info {
	u32 features;
	u32 pid;
	u32 nnis;
};

/**
 * struct lnet_ping_entry - one interface in a ping buffer, host order
 * @nid: the NID; entry 0 is always 0@lo
 * @status: LNET_PING_STATUS_UP/DOWN; for entry 0, the interface-list
 *          sequence number
 * @msg_size: largest message the interface takes, 0 if unstated
 */
struct lnet_ping_entry {
	lnet_nid_t nid;
	u32 status;
	u32 msg_size;
};

int lnet_ping_info_encode(const struct lnet_ping_info *pi,
			  const struct lnet_ping_entry *ents, u8 *buf, size_t size);
int lnet_ping_info_decode(const u8 *buf, size_t len, struct lnet_ping_info *pi,
			  struct lnet_ping_entry *ents, u32 max_ents, bool *swab);

#endif /* LNET_WIRE_H */

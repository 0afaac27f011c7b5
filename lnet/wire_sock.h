/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wire_sock.h - socklnd's wire layouts (Lustre's TCP LND, protocol v3) and
 * the acceptor request that opens every TCP connection, host-order views
 * and their codecs (wire_sock.c).
 *
 * socklnd hellos and message headers, and acceptor requests, are in the
 * *sender's* byte order: the receiver recognises a byte-swapped magic and
 * sets @swab; encoders always write host order.
 */
#ifndef LNET_WIRE_SOCK_H
#define LNET_WIRE_SOCK_H

#include "compat.h"
#include "nid.h"
#include "wire.h"

/* ---- socklnd ------------------------------------------------------------ */

#define SOCKLND_HELLO_MAGIC		0x45726963U	/* "Eric" */
#define SOCKLND_PROTO_V3		3U
#define SOCKLND_HELLO_V3_SIZE		56	/* fixed part, before ips[] */
#define SOCKLND_HELLO_MAX_IPS		16	/* we accept at most this many */
#define SOCKLND_HELLO_MAX_SIZE		(SOCKLND_HELLO_V3_SIZE + 4 * SOCKLND_HELLO_MAX_IPS)

/* connection types in a hello; NONE is the stock answer to a refused connection */
#define SOCKLND_CONN_NONE		0xffffffffU
#define SOCKLND_CONN_ANY		0U
#define SOCKLND_CONN_CONTROL		1U
#define SOCKLND_CONN_BULK_IN		2U
#define SOCKLND_CONN_BULK_OUT		3U

/* socklnd message types */
#define SOCKLND_MSG_NOOP		0xc0U	/* keepalive, nothing follows */
#define SOCKLND_MSG_LNET		0xc1U	/* LNet header + payload follow */
#define SOCKLND_HDR_SIZE		24

/**
 * struct lnet_sock_hdr - the 24-byte socklnd message header, host order
 * @type: SOCKLND_MSG_LNET or SOCKLND_MSG_NOOP
 * @csum: checksum, 0 unless checksums are enabled
 * @zc_cookies: zero-copy request/ack cookies
 */
struct lnet_sock_hdr {
	u32 type;
	u32 csum;
	u64 zc_cookies[2];
};

void lnet_sock_hdr_encode(const struct lnet_sock_hdr *m, u8 out[SOCKLND_HDR_SIZE]);
int lnet_sock_hdr_decode(const u8 in[SOCKLND_HDR_SIZE], bool swab,
			 struct lnet_sock_hdr *m);

/**
 * struct lnet_sock_hello - socklnd hello (protocol v3, IPv4), host order
 * @version: protocol version (SOCKLND_PROTO_V3)
 * @src_nid: sender's NID
 * @dst_nid: NID the sender wants to reach
 * @src_pid: sender's pid
 * @dst_pid: pid the sender wants to reach (stock active side sends 0)
 * @src_incarnation: sender's incarnation (start time stamp)
 * @dst_incarnation: receiver's incarnation as known to the sender, or 0
 * @conn_type: SOCKLND_CONN_*
 * @nips: number of valid entries in @ips
 * @ips: sender's IPv4 addresses (stock sends none)
 */
struct lnet_sock_hello {
	u32 version;
	lnet_nid_t src_nid;
	lnet_nid_t dst_nid;
	u32 src_pid;
	u32 dst_pid;
	u64 src_incarnation;
	u64 dst_incarnation;
	u32 conn_type;
	u32 nips;
	u32 ips[SOCKLND_HELLO_MAX_IPS];
};

int lnet_sock_hello_encode(const struct lnet_sock_hello *h, u8 *buf, size_t size);
int lnet_sock_hello_decode(const u8 *buf, size_t len, struct lnet_sock_hello *h,
			   bool *swab);

/* ---- acceptor ----------------------------------------------------------- */

#define LNET_ACCEPTOR_MAGIC		0xacce7100U
#define LNET_ACCEPTOR_VERSION		1U
#define LNET_ACCEPTOR_PORT		988
#define LNET_ACCEPTOR_REQ_SIZE		16

/**
 * struct lnet_acceptor_req - the connector's first 16 bytes, host order
 * @version: acceptor protocol version (LNET_ACCEPTOR_VERSION)
 * @nid: the NID the connector wants to reach on the accepting node
 */
struct lnet_acceptor_req {
	u32 version;
	lnet_nid_t nid;
};

void lnet_acceptor_req_encode(const struct lnet_acceptor_req *req,
			      u8 out[LNET_ACCEPTOR_REQ_SIZE]);
int lnet_acceptor_req_decode(const u8 in[LNET_ACCEPTOR_REQ_SIZE],
			     struct lnet_acceptor_req *req, bool *swab);

#endif /* LNET_WIRE_SOCK_H */

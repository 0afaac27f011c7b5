// SPDX-License-Identifier: GPL-2.0
/*
 * wire_sock.c - encode and decode socklnd's wire structures (message
 * header, hello v3) and the acceptor request, at explicit offsets.
 *
 * The decoders are fed raw bytes from the network: they only ever read
 * inside the length they are given, never trust a count before checking it
 * against that length, and use fixed-width unsigned arithmetic throughout.
 */
#include "compat.h"
#include "nid.h"
#include "wire_sock.h"
#include "wire_util.h"

/* socklnd message header: sender order */
#define SOCK_TYPE		0
#define SOCK_CSUM		4
#define SOCK_ZC_COOKIES		8

/* socklnd hello v3: sender order */
#define SH_MAGIC		0
#define SH_VERSION		4
#define SH_SRC_NID		8
#define SH_DST_NID		16
#define SH_SRC_PID		24
#define SH_DST_PID		28
#define SH_SRC_INCARNATION	32
#define SH_DST_INCARNATION	40
#define SH_CONN_TYPE		48
#define SH_NIPS			52
#define SH_IPS			56

/* acceptor request: sender order */
#define ACC_MAGIC		0
#define ACC_VERSION		4
#define ACC_NID			8

/* ---- socklnd message header --------------------------------------------- */

/**
 * lnet_sock_hdr_encode() - write a socklnd message header (host order)
 * @m: header to encode
 * @out: 24 output bytes
 */
void lnet_sock_hdr_encode(const struct lnet_sock_hdr *m, u8 out[SOCKLND_HDR_SIZE])
{
	BUILD_BUG_ON(SOCK_ZC_COOKIES + 16 != SOCKLND_HDR_SIZE);

	put_h32(out + SOCK_TYPE, m->type);
	put_h32(out + SOCK_CSUM, m->csum);
	put_h64(out + SOCK_ZC_COOKIES, m->zc_cookies[0]);
	put_h64(out + SOCK_ZC_COOKIES + 8, m->zc_cookies[1]);
}

/**
 * lnet_sock_hdr_decode() - read a socklnd message header
 * @in: 24 input bytes
 * @swab: true if the peer's byte order differs from ours (from its hello)
 * @m: result, always filled in
 *
 * Return: 0 on success, -EPROTO if the type is neither
 * SOCKLND_MSG_LNET nor SOCKLND_MSG_NOOP.
 */
int lnet_sock_hdr_decode(const u8 in[SOCKLND_HDR_SIZE], bool swab,
			 struct lnet_sock_hdr *m)
{
	m->type = get_s32(in + SOCK_TYPE, swab);
	m->csum = get_s32(in + SOCK_CSUM, swab);
	m->zc_cookies[0] = get_s64(in + SOCK_ZC_COOKIES, swab);
	m->zc_cookies[1] = get_s64(in + SOCK_ZC_COOKIES + 8, swab);

	if (m->type != SOCKLND_MSG_LNET && m->type != SOCKLND_MSG_NOOP)
		return -EPROTO;
	return 0;
}

/* ---- socklnd hello ------------------------------------------------------ */

static bool sock_conn_type_valid(u32 type)
{
	return type == SOCKLND_CONN_NONE || type <= SOCKLND_CONN_BULK_OUT;
}

/**
 * lnet_sock_hello_encode() - write a socklnd v3 hello (host order)
 * @h: hello to encode; @h->version must be SOCKLND_PROTO_V3
 * @buf: output buffer
 * @size: size of @buf
 *
 * Writes the 56-byte fixed part followed by @h->nips addresses.
 *
 * Return: the number of bytes written (56 + 4 * nips), -EINVAL if the
 * version is not 3 or nips exceeds SOCKLND_HELLO_MAX_IPS, or -EMSGSIZE if
 * @size is too small.
 */
int lnet_sock_hello_encode(const struct lnet_sock_hello *h, u8 *buf, size_t size)
{
	size_t need;
	u32 i;

	BUILD_BUG_ON(SH_IPS != SOCKLND_HELLO_V3_SIZE);

	if (h->version != SOCKLND_PROTO_V3 || h->nips > SOCKLND_HELLO_MAX_IPS)
		return -EINVAL;
	need = SOCKLND_HELLO_V3_SIZE + 4 * (size_t)h->nips;
	if (size < need)
		return -EMSGSIZE;

	put_h32(buf + SH_MAGIC, SOCKLND_HELLO_MAGIC);
	put_h32(buf + SH_VERSION, h->version);
	put_h64(buf + SH_SRC_NID, h->src_nid);
	put_h64(buf + SH_DST_NID, h->dst_nid);
	put_h32(buf + SH_SRC_PID, h->src_pid);
	put_h32(buf + SH_DST_PID, h->dst_pid);
	put_h64(buf + SH_SRC_INCARNATION, h->src_incarnation);
	put_h64(buf + SH_DST_INCARNATION, h->dst_incarnation);
	put_h32(buf + SH_CONN_TYPE, h->conn_type);
	put_h32(buf + SH_NIPS, h->nips);
	for (i = 0; i < h->nips; i++)
		put_h32(buf + SH_IPS + 4 * i, h->ips[i]);

	return (int)need;
}

/**
 * lnet_sock_hello_decode() - read a socklnd v3 hello, possibly incrementally
 * @buf: bytes received so far
 * @len: number of bytes in @buf
 * @h: result; zeroed first, then filled as far as @len allows
 * @swab: set to true if the sender's byte order differs from ours
 *
 * Meant for a stream reader: call it with what has arrived (normally the
 * SOCKLND_HELLO_V3_SIZE fixed part first). As soon as the magic (4 bytes)
 * and version (8 bytes) are present they are checked; once the fixed part
 * is present, conn_type and nips are checked and the total size is known.
 * The return value is the number of bytes the whole hello occupies; if it
 * exceeds @len, read up to that many bytes and call again. @h and @swab are
 * complete only when the return value is <= @len. If only the version is
 * wrong, @h->version and @swab are still set so the caller can answer.
 *
 * Return: total hello size (>= SOCKLND_HELLO_V3_SIZE), or -EPROTO for a bad
 * magic, a version other than 3, an unknown connection type, or more than
 * SOCKLND_HELLO_MAX_IPS addresses.
 */
int lnet_sock_hello_decode(const u8 *buf, size_t len, struct lnet_sock_hello *h,
			   bool *swab)
{
	bool sw = false;
	size_t need;
	u32 i;

	memset(h, 0, sizeof(*h));
	*swab = false;

	if (len < SH_VERSION)
		return SOCKLND_HELLO_V3_SIZE;
	if (check_magic(buf + SH_MAGIC, SOCKLND_HELLO_MAGIC, &sw))
		return -EPROTO;
	*swab = sw;

	if (len < SH_VERSION + 4)
		return SOCKLND_HELLO_V3_SIZE;
	h->version = get_s32(buf + SH_VERSION, sw);
	if (h->version != SOCKLND_PROTO_V3)
		return -EPROTO;

	if (len < SOCKLND_HELLO_V3_SIZE)
		return SOCKLND_HELLO_V3_SIZE;
	h->src_nid = get_s64(buf + SH_SRC_NID, sw);
	h->dst_nid = get_s64(buf + SH_DST_NID, sw);
	h->src_pid = get_s32(buf + SH_SRC_PID, sw);
	h->dst_pid = get_s32(buf + SH_DST_PID, sw);
	h->src_incarnation = get_s64(buf + SH_SRC_INCARNATION, sw);
	h->dst_incarnation = get_s64(buf + SH_DST_INCARNATION, sw);
	h->conn_type = get_s32(buf + SH_CONN_TYPE, sw);
	h->nips = get_s32(buf + SH_NIPS, sw);
	if (!sock_conn_type_valid(h->conn_type) ||
	    h->nips > SOCKLND_HELLO_MAX_IPS)
		return -EPROTO;

	need = SOCKLND_HELLO_V3_SIZE + 4 * (size_t)h->nips;
	if (len < need)
		return (int)need;
	for (i = 0; i < h->nips; i++)
		h->ips[i] = get_s32(buf + SH_IPS + 4 * i, sw);

	return (int)need;
}

/* ---- acceptor ----------------------------------------------------------- */

/**
 * lnet_acceptor_req_encode() - write an acceptor request (host order)
 * @req: request to encode (version normally LNET_ACCEPTOR_VERSION)
 * @out: 16 output bytes
 */
void lnet_acceptor_req_encode(const struct lnet_acceptor_req *req,
			      u8 out[LNET_ACCEPTOR_REQ_SIZE])
{
	BUILD_BUG_ON(ACC_NID + 8 != LNET_ACCEPTOR_REQ_SIZE);

	put_h32(out + ACC_MAGIC, LNET_ACCEPTOR_MAGIC);
	put_h32(out + ACC_VERSION, req->version);
	put_h64(out + ACC_NID, req->nid);
}

/**
 * lnet_acceptor_req_decode() - read an acceptor request
 * @in: 16 input bytes
 * @req: result
 * @swab: set to true if the sender's byte order differs from ours
 *
 * Return: 0 on success, -EPROTO if the magic is wrong (in both orders) or
 * the version is not LNET_ACCEPTOR_VERSION (@req->version then holds it).
 */
int lnet_acceptor_req_decode(const u8 in[LNET_ACCEPTOR_REQ_SIZE],
			     struct lnet_acceptor_req *req, bool *swab)
{
	bool sw = false;

	memset(req, 0, sizeof(*req));
	*swab = false;
	if (check_magic(in + ACC_MAGIC, LNET_ACCEPTOR_MAGIC, &sw))
		return -EPROTO;
	*swab = sw;

	req->version = get_s32(in + ACC_VERSION, sw);
	req->nid = get_s64(in + ACC_NID, sw);
	if (req->version != LNET_ACCEPTOR_VERSION)
		return -EPROTO;
	return 0;
}


// SPDX-License-Identifier: GPL-2.0
/*
 * test_o2ib.c - host unit tests for lnet/wire_o2ib.c, the o2iblnd codec.
 *
 * Decodes every message captured between two stock Lustre 2.16.1 nodes
 * over Soft-RoCE (tests/vectors/stock-lustre-2.16.1-o2iblnd.txt), checks
 * each field against the capture's own decoding, re-encodes and compares
 * byte for byte; builds byte-swapped variants and checksummed ones by hand;
 * and feeds every truncation and thousands of mutated and random buffers to
 * the decoders.
 *
 * Usage: test_o2ib VECTORS_FILE
 */
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nid.h"
#include "wire.h"
#include "wire_o2ib.h"
#include "unit.h"
#include "vectors.h"

#define SERVER_NID	0x000500000a0a0001ULL	/* 10.10.0.1@o2ib */
#define CLIENT_NID	0x000500000a0a0002ULL	/* 10.10.0.2@o2ib */
#define SERVER_STAMP	0x66194d118746fULL
#define CLIENT_STAMP	0x66194d139e606ULL
#define CLIENT_STAMP2	0x66194d684b5bdULL

static const char *const message_vectors[] = {
	"cm_rep_connack", "immediate_get", "immediate_reply", "immediate_put_push",
	"immediate_ack", "immediate_put", "get_req_4096", "get_done_ok",
	"put_req_put_4096", "put_ack_4096", "put_done_ok", "get_req_1048576",
	"put_req_put_1048576", "put_ack_1048576", "noop_credits", "noop_keepalive",
};

static const char *const connreq_vectors[] = {
	"cm_req_connreq_qd_8_dststamp_0", "cm_req_connreq_qd_16_dststamp_0",
	"cm_req_connreq_qd_8_dststamp_known",
};

static int decode_vec(const char *name, struct lnet_o2ib_msg *m)
{
	const struct vec *v = vec_get(name);
	u8 *b = dup_exact(v->data, v->len);
	int rc = lnet_o2ib_msg_decode(b, v->len, m);

	/* the descriptor's first fragment was read: its pointer is not used */
	if (!rc && m->type == O2IB_MSG_GET_REQ)
		m->u.lnet.rd.frags = NULL;
	else if (!rc && m->type == O2IB_MSG_PUT_ACK)
		m->u.putack.rd.frags = NULL;
	free(b);
	return rc;
}

static void test_loaded(const char *path)
{
	CHECK(load_vectors(path) == 0 && nvecs == 24,
	      "o2iblnd vectors file %s loads cleanly with 24 vectors (got %u)", path, nvecs);
	CHECK(host_is_le(), "host is little-endian, so host-order re-encodings match the vectors");
}

static void test_connreq(void)
{
	static const struct {
		const char *name;
		u64 stamp, dststamp;
		u16 qd;
	} want[] = {
		{ "cm_req_connreq_qd_8_dststamp_0", CLIENT_STAMP, 0, 8 },
		{ "cm_req_connreq_qd_16_dststamp_0", CLIENT_STAMP2, 0, 16 },
		{ "cm_req_connreq_qd_8_dststamp_known", CLIENT_STAMP2, SERVER_STAMP, 8 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct vec *v = vec_get(want[i].name);
		struct lnet_o2ib_msg m;
		u8 out[O2IB_MSG_SIZE];
		int rc, n;

		/* rdma_cm's header: version 0, IPv4, source port 1023, addresses */
		CHECK(v->len == 92 && v->data[0] == 0 && v->data[1] == 0x40 &&
		      v->data[2] == 0x03 && v->data[3] == 0xff &&
		      !memcmp(v->data + 16, "\x0a\x0a\x00\x02", 4) &&
		      !memcmp(v->data + 32, "\x0a\x0a\x00\x01", 4),
		      "%s: 36-byte rdma_cm header from port 1023, 10.10.0.2 -> 10.10.0.1",
		      want[i].name);
		rc = lnet_o2ib_msg_decode(v->data + O2IB_CMA_HDR_SIZE, v->len - O2IB_CMA_HDR_SIZE, &m);
		CHECK(rc == 0 && m.type == O2IB_MSG_CONNREQ && m.version == O2IB_VERSION_2 &&
		      m.nob == 56 && m.credits == 0 && m.cksum == 0 &&
		      m.srcnid == CLIENT_NID && m.srcstamp == want[i].stamp &&
		      m.dstnid == SERVER_NID && m.dststamp == want[i].dststamp,
		      "%s: CONNREQ header (rc %d)", want[i].name, rc);
		CHECK(m.u.conn.queue_depth == want[i].qd && m.u.conn.max_frags == 257 &&
		      m.u.conn.max_msg_size == 4096,
		      "%s: queue depth %u, 257 fragments, 4096-byte messages", want[i].name,
		      want[i].qd);
		n = lnet_o2ib_msg_encode(&m, out, sizeof(out));
		CHECK(n == 56 && !memcmp(out, v->data + O2IB_CMA_HDR_SIZE, 56),
		      "%s: re-encoded CONNREQ is byte-identical", want[i].name);
	}
}

static void test_messages(void)
{
	struct lnet_o2ib_msg m;
	int rc;

	rc = decode_vec("cm_rep_connack", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_CONNACK && m.srcnid == SERVER_NID &&
	      m.srcstamp == SERVER_STAMP && m.dstnid == CLIENT_NID &&
	      m.dststamp == CLIENT_STAMP && m.u.conn.queue_depth == 8 &&
	      m.u.conn.max_frags == 257 && m.u.conn.max_msg_size == 4096,
	      "CONNACK: the CONNREQ's stamp echoed, queue depth 8");

	rc = decode_vec("immediate_get", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_IMMEDIATE && m.nob == 120 && m.credits == 0 &&
	      m.u.lnet.hdr.type == LNET_MSG_GET && m.u.lnet.hdr.msg.get.sink_length == 3960 &&
	      m.u.lnet.hdr.msg.get.match_bits == LNET_PING_MATCHBITS &&
	      m.u.lnet.hdr.msg.get.return_wmd.object_cookie == 0x1c0d &&
	      m.u.lnet.payload == 120,
	      "IMMEDIATE GET (ping): sink 3960, ping match bits, no payload");

	rc = decode_vec("immediate_reply", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_IMMEDIATE && m.nob == 168 && m.credits == 1 &&
	      m.u.lnet.hdr.type == LNET_MSG_REPLY && m.u.lnet.hdr.payload_length == 48 &&
	      m.u.lnet.payload == 120,
	      "IMMEDIATE REPLY: 48-byte ping buffer at 120, one credit returned");

	rc = decode_vec("immediate_ack", &m);
	CHECK(rc == 0 && m.u.lnet.hdr.type == LNET_MSG_ACK && m.u.lnet.hdr.msg.ack.mlength == 48,
	      "IMMEDIATE ACK of the 48-byte push");

	rc = decode_vec("immediate_put", &m);
	CHECK(rc == 0 && m.nob == 280 && m.u.lnet.hdr.type == LNET_MSG_PUT &&
	      m.u.lnet.hdr.payload_length == 160 && m.u.lnet.hdr.msg.put.ptl_index == 51 &&
	      m.u.lnet.hdr.msg.put.ack_wmd.object_cookie == LNET_WIRE_HANDLE_COOKIE_NONE,
	      "IMMEDIATE PUT: 160 bytes to portal 51, no ACK wanted");

	rc = decode_vec("get_req_4096", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_GET_REQ && m.nob == 148 && m.credits == 1 &&
	      m.u.lnet.hdr.type == LNET_MSG_GET && m.u.lnet.hdr.msg.get.sink_length == 4096 &&
	      m.u.lnet.cookie == 7 && m.u.lnet.rd.key == 0x9aa && m.u.lnet.rd.nfrags == 1 &&
	      m.u.lnet.rd.nob == 4096 && m.u.lnet.rd.addr == 0xffff8a2eb0cb6000ULL,
	      "GET_REQ 4096: cookie 7, one fragment, key 0x9aa at 0xffff8a2eb0cb6000");

	rc = decode_vec("get_done_ok", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_GET_DONE && m.nob == 60 &&
	      m.u.done.cookie == 7 && m.u.done.status == 4096 && m.srcnid == CLIENT_NID,
	      "GET_DONE: cookie 7, 4096 bytes");

	rc = decode_vec("put_req_put_4096", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_PUT_REQ && m.nob == 128 &&
	      m.u.lnet.hdr.type == LNET_MSG_PUT && m.u.lnet.hdr.payload_length == 4096 &&
	      m.u.lnet.cookie == 0xc && m.u.lnet.hdr.msg.put.ptl_index == 52,
	      "PUT_REQ 4096: cookie 0xc");

	rc = decode_vec("put_ack_4096", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_PUT_ACK && m.nob == 84 &&
	      m.u.putack.src_cookie == 0xc && m.u.putack.dst_cookie == 0x25 &&
	      m.u.putack.rd.key == 0x20a3 && m.u.putack.rd.nob == 4096 &&
	      m.u.putack.rd.addr == 0xffff8b5874e18000ULL,
	      "PUT_ACK 4096: src 0xc, dst 0x25, key 0x20a3");

	rc = decode_vec("put_done_ok", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_PUT_DONE && m.u.done.cookie == 0x25 &&
	      m.u.done.status == 4096, "PUT_DONE: the PUT_ACK's dst cookie, 4096 bytes");

	rc = decode_vec("put_ack_1048576", &m);
	CHECK(rc == 0 && m.u.putack.rd.nob == 1048576 && m.u.putack.rd.key == 0x40d8 &&
	      m.u.putack.src_cookie == 0x16 && m.u.putack.dst_cookie == 0x47,
	      "PUT_ACK 1 MiB: one fragment covers it (fast registration)");

	rc = decode_vec("noop_credits", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_NOOP && m.nob == 48 && m.credits == 4,
	      "NOOP returning 4 credits");
	rc = decode_vec("noop_keepalive", &m);
	CHECK(rc == 0 && m.type == O2IB_MSG_NOOP && m.credits == 0, "keepalive NOOP");
}

/* Decode, re-encode (copying an IMMEDIATE's payload), compare. */
static void test_roundtrip(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(message_vectors); i++) {
		const struct vec *v = vec_get(message_vectors[i]);
		struct lnet_o2ib_msg m;
		u8 out[O2IB_MSG_SIZE];
		int rc, n = -1;

		rc = lnet_o2ib_msg_decode(v->data, v->len, &m);
		if (!rc) {
			n = lnet_o2ib_msg_encode(&m, out, sizeof(out));
			if (m.type == O2IB_MSG_IMMEDIATE && n > 0) {
				u32 at = lnet_o2ib_payload_offset(&m.u.lnet.hdr);

				memcpy(out + at, v->data + at, n - at);
			}
		}
		CHECK(rc == 0 && n == (int)v->len && !memcmp(out, v->data, v->len),
		      "%s: decode + encode gives the captured bytes", message_vectors[i]);
	}
}

static void test_rej(void)
{
	const struct vec *v = vec_get("rej_msg_queue_size");
	struct lnet_o2ib_rej rej;
	u8 out[O2IB_REJ_SIZE];
	int rc = lnet_o2ib_rej_decode(v->data, v->len, &rej);

	CHECK(rc == 0 && rej.version == O2IB_VERSION_2 && rej.why == O2IB_REJECT_MSG_QUEUE_SIZE &&
	      rej.incarnation == SERVER_STAMP && rej.cp.queue_depth == 8 &&
	      rej.cp.max_frags == 257 && rej.cp.max_msg_size == 4096,
	      "REJ: MSG_QUEUE_SIZE, the rejecter's incarnation and queue depth 8");
	lnet_o2ib_rej_encode(&rej, out);
	CHECK(!memcmp(out, v->data, O2IB_REJ_SIZE), "REJ re-encodes byte-identical");
	CHECK(lnet_o2ib_rej_decode(v->data, 8, &rej) == 0 && rej.why == 7 && !rej.cp.queue_depth,
	      "a short REJ (magic, version, why) decodes without its parameters");
	CHECK(lnet_o2ib_rej_decode(v->data, 7, &rej) == -EPROTO, "a 7-byte REJ is refused");
	out[0] ^= 0xff;
	CHECK(lnet_o2ib_rej_decode(out, O2IB_REJ_SIZE, &rej) == -EPROTO,
	      "a REJ with a wrong magic is refused");
}

/* Build a byte-swapped copy of a message: every sender-order field swapped. */
static void swap_fields(u8 *b, const struct lnet_o2ib_msg *m)
{
	static const struct {
		u8 at, size;
	} hdr[] = { { 0, 4 }, { 4, 2 }, { 8, 4 }, { 12, 4 }, { 16, 8 }, { 24, 8 },
		    { 32, 8 }, { 40, 8 } };
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(hdr); i++)
		for (j = 0; j < hdr[i].size / 2; j++) {
			u8 t = b[hdr[i].at + j];

			b[hdr[i].at + j] = b[hdr[i].at + hdr[i].size - 1 - j];
			b[hdr[i].at + hdr[i].size - 1 - j] = t;
		}
	if (m->type == O2IB_MSG_PUT_DONE || m->type == O2IB_MSG_GET_DONE) {
		for (j = 0; j < 4; j++) {	/* cookie */
			u8 t = b[48 + j];

			b[48 + j] = b[55 - j];
			b[55 - j] = t;
		}
		for (j = 0; j < 2; j++) {	/* status */
			u8 t = b[56 + j];

			b[56 + j] = b[59 - j];
			b[59 - j] = t;
		}
	}
}

static void test_swab(void)
{
	static const char *const names[] = { "get_done_ok", "put_done_ok", "noop_credits",
					     "immediate_get" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct vec *v = vec_get(names[i]);
		struct lnet_o2ib_msg a, b;
		u8 *buf = dup_exact(v->data, v->len);
		int ra = lnet_o2ib_msg_decode(v->data, v->len, &a), rb;

		swap_fields(buf, &a);
		rb = lnet_o2ib_msg_decode(buf, v->len, &b);
		CHECK(ra == 0 && rb == 0 && a.type == b.type && a.nob == b.nob &&
		      a.srcnid == b.srcnid && a.srcstamp == b.srcstamp && a.dstnid == b.dstnid &&
		      a.dststamp == b.dststamp && a.credits == b.credits &&
		      a.u.done.cookie == b.u.done.cookie && a.u.done.status == b.u.done.status &&
		      (a.type != O2IB_MSG_IMMEDIATE ||
		       a.u.lnet.hdr.msg.get.sink_length == b.u.lnet.hdr.msg.get.sink_length),
		      "%s from a big-endian sender decodes to the same values", names[i]);
		free(buf);
	}
}

static void test_cksum(void)
{
	const struct vec *v = vec_get("immediate_reply");
	struct lnet_o2ib_msg m;
	u8 *buf = dup_exact(v->data, v->len);
	u32 sum = lnet_o2ib_cksum(buf, v->len);

	memcpy(buf + 12, &sum, 4);
	CHECK(sum != 0 && lnet_o2ib_msg_decode(buf, v->len, &m) == 0 && m.cksum == sum,
	      "a message with a correct checksum (%#x) is taken", sum);
	buf[130] ^= 1;
	CHECK(lnet_o2ib_msg_decode(buf, v->len, &m) == -EPROTO,
	      "one flipped payload bit fails the checksum");
	free(buf);
}

static void test_validation(void)
{
	const struct vec *v = vec_get("get_req_4096");
	struct lnet_o2ib_msg m;
	u8 *b = dup_exact(v->data, v->len);
	u32 x;

	/* nfrags 0, 258, or more than the message holds */
	x = 0;
	memcpy(b + 132, &x, 4);
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO, "GET_REQ with 0 fragments refused");
	x = 258;
	memcpy(b + 132, &x, 4);
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO, "GET_REQ with 258 fragments refused");
	x = 2;
	memcpy(b + 132, &x, 4);
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO,
	      "GET_REQ claiming 2 fragments in room for 1 refused");
	memcpy(b, v->data, v->len);
	b[4] = 0x13;
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO, "version 0x13 refused");
	memcpy(b, v->data, v->len);
	b[6] = 0xd8;
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO, "unknown type 0xd8 refused");
	memcpy(b, v->data, v->len);
	memset(b + 16, 0xff, 8);
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO, "source NID ANY refused");
	memcpy(b, v->data, v->len);
	x = 149;
	memcpy(b + 8, &x, 4);
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO, "nob past the bytes received refused");
	memcpy(b, v->data, v->len);
	b[48 + 24] = LNET_MSG_PUT;	/* the LNet type inside a GET_REQ */
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO, "GET_REQ carrying a PUT refused");
	free(b);

	v = vec_get("immediate_reply");
	b = dup_exact(v->data, v->len);
	x = 47;		/* payload_length one short of what the message holds */
	memcpy(b + 48 + 28, &x, 4);
	CHECK(lnet_o2ib_msg_decode(b, v->len, &m) == -EPROTO,
	      "IMMEDIATE whose payload does not fill it refused");
	free(b);
}

static void test_truncations(void)
{
	unsigned int i, bad = 0, n = 0;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(message_vectors); i++) {
		const struct vec *v = vec_get(message_vectors[i]);

		for (len = 0; len < v->len; len++) {
			u8 *b = dup_exact(v->data, len);
			struct lnet_o2ib_msg m;

			n++;
			if (lnet_o2ib_msg_decode(b, len, &m) != -EPROTO)
				bad++;
			free(b);
		}
	}
	for (i = 0; i < ARRAY_SIZE(connreq_vectors); i++) {
		const struct vec *v = vec_get(connreq_vectors[i]);

		for (len = 0; len + O2IB_CMA_HDR_SIZE < v->len; len++) {
			u8 *b = dup_exact(v->data + O2IB_CMA_HDR_SIZE, len);
			struct lnet_o2ib_msg m;

			n++;
			if (lnet_o2ib_msg_decode(b, len, &m) != -EPROTO)
				bad++;
			free(b);
		}
	}
	CHECK(bad == 0, "every truncation of every message and CONNREQ is refused (%u)", n);
}

/* Mutated and random buffers: never a crash; what is taken re-encodes. */
static void test_robust(void)
{
	unsigned int i, k, taken = 0, bad = 0;

	unit_srand(0x0be91b91);
	for (i = 0; i < 20000; i++) {
		const struct vec *v = vec_get(message_vectors[i % ARRAY_SIZE(message_vectors)]);
		size_t len = v->len;
		struct lnet_o2ib_msg m;
		u8 *b = dup_exact(v->data, len);

		for (k = 0; k < 1 + unit_rand_below(4); k++)
			b[unit_rand_below(len)] = (u8)unit_rand64();
		if (i % 5 == 0)
			len = unit_rand_below(len + 1);
		if (!lnet_o2ib_msg_decode(b, len, &m)) {
			u8 out[O2IB_MSG_SIZE] = { 0 }, again[O2IB_MSG_SIZE] = { 0 };
			struct lnet_o2ib_msg m2;
			int n = lnet_o2ib_msg_encode(&m, out, sizeof(out)), n2 = -1;

			/* what is taken re-encodes, and that re-encoding is stable */
			taken++;
			if (n >= O2IB_HDR_SIZE && (u32)n <= m.nob &&
			    !lnet_o2ib_msg_decode(out, n, &m2))
				n2 = lnet_o2ib_msg_encode(&m2, again, sizeof(again));
			if (n2 != n || memcmp(out, again, n))
				bad++;
		}
		free(b);
	}
	CHECK(bad == 0, "20000 mutated messages: safe, and the %u taken re-encode stably",
	      taken);

	taken = 0;
	for (i = 0; i < 20000; i++) {
		size_t len = unit_rand_below(300);
		bool magic = len >= 4 && i % 2;
		struct lnet_o2ib_msg m;
		u8 *b = malloc(len ? len : 1);

		for (k = 0; k < len; k++)
			b[k] = (u8)unit_rand64();
		if (magic)
			memcpy(b, "\x91\x1b\xe9\x0b", 4);
		else if (len >= 4 && (!memcmp(b, "\x91\x1b\xe9\x0b", 4) ||
				      !memcmp(b, "\x0b\xe9\x1b\x91", 4)))
			b[0] ^= 1;
		if (!lnet_o2ib_msg_decode(b, len, &m) && !magic)
			taken++;
		free(b);
	}
	CHECK(taken == 0, "20000 random buffers (half with the magic): safe, none taken without it");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "../vectors/stock-lustre-2.16.1-o2iblnd.txt";

	test_loaded(path);
	test_connreq();
	test_messages();
	test_roundtrip();
	test_rej();
	test_swab();
	test_cksum();
	test_validation();
	test_truncations();
	test_robust();
	return unit_done();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * test_wire.c - host unit tests for lnet/wire.c.
 *
 * Decodes every captured vector from a stock Lustre 2.16.1 node, checks
 * each field, re-encodes and compares byte for byte; builds byte-swapped
 * (big-endian) variants by hand; and feeds every truncation, every window
 * and thousands of random or mutated buffers to the decoders.
 *
 * Usage: test_wire VECTORS_FILE
 */
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nid.h"
#include "wire.h"
#include "wire_sock.h"
#include "unit.h"
#include "vectors.h"

#define NID_10_80_0_1	0x000200000A500001ULL	/* 10.80.0.1@tcp, the stock node */
#define NID_10_80_0_2	0x000200000A500002ULL	/* 10.80.0.2@tcp, the probe */
#define STOCK_INCARNATION 0x18ebbf712940387eULL
#define PROBE_INCARNATION 0x1122334455667788ULL
#define HDR_COMMON_SIZE	32	/* bytes before the per-type body */

static void test_vectors_loaded(const char *path)
{
	static const struct {
		const char *name;
		size_t len;
	} want[] = {
		{ "stock_active_first_bytes", 72 }, { "probe_connreq", 16 },
		{ "probe_hello", 56 }, { "stock_passive_hello", 56 },
		{ "probe_ping_get", 96 }, { "stock_after_get", 144 },
	};
	size_t i;
	int rc = load_vectors(path);

	CHECK(rc == 0 && nvecs == ARRAY_SIZE(want),
	      "vectors file %s loads cleanly with %zu vectors (got %u)", path,
	      ARRAY_SIZE(want), nvecs);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		unsigned int j, found = 0;

		for (j = 0; j < nvecs; j++)
			if (!strcmp(vecs[j].name, want[i].name) && vecs[j].len == want[i].len)
				found = 1;
		CHECK(found, "vector %s present with %zu bytes", want[i].name, want[i].len);
	}
	CHECK(host_is_le(), "host is little-endian, so host-order re-encodings match the vectors");
}

/* ---- constants ------------------------------------------------------------ */

static void test_constants(void)
{
	CHECK(LNET_HDR_SIZE == 72 && SOCKLND_HDR_SIZE == 24 && LNET_ACCEPTOR_REQ_SIZE == 16 &&
	      SOCKLND_HELLO_V3_SIZE == 56, "structure sizes 72/24/16/56");
	CHECK(LNET_MTU == 1048576 && LNET_MAX_IOV == 256, "LNET_MTU 1 MiB, LNET_MAX_IOV 256");
	CHECK(LNET_MSG_ACK == 0 && LNET_MSG_PUT == 1 && LNET_MSG_GET == 2 &&
	      LNET_MSG_REPLY == 3 && LNET_MSG_HELLO == 4, "message type numbers");
	CHECK(SOCKLND_HELLO_MAGIC == 0x45726963 && SOCKLND_PROTO_V3 == 3 &&
	      SOCKLND_MSG_LNET == 0xc1 && SOCKLND_MSG_NOOP == 0xc0 &&
	      SOCKLND_CONN_ANY == 0 && SOCKLND_CONN_CONTROL == 1 &&
	      SOCKLND_CONN_BULK_IN == 2 && SOCKLND_CONN_BULK_OUT == 3, "socklnd constants");
	CHECK(LNET_ACCEPTOR_MAGIC == 0xacce7100 && LNET_ACCEPTOR_VERSION == 1 &&
	      LNET_ACCEPTOR_PORT == 988, "acceptor constants");
	CHECK(LNET_PING_MAGIC == 0x70696E67 && LNET_PING_STATUS_UP == 0x15aac0de &&
	      LNET_PING_STATUS_DOWN == 0xdeadface && LNET_PING_PORTAL == 0 &&
	      LNET_PING_MATCHBITS == 0x8000000000000000ULL && LNET_PING_MIN_SIZE == 272 &&
	      LNET_PING_FEAT_DISCOVERY == 0x10 && LNET_PING_FEAT_METADATA == 0x80,
	      "ping constants");
	CHECK(LNET_WIRE_HANDLE_COOKIE_NONE == 0xffffffffffffffffULL, "wire handle NONE cookie");
}

/* ---- acceptor ------------------------------------------------------------- */

static void check_acceptor_vec(const char *what, const u8 *bytes, lnet_nid_t want)
{
	struct lnet_acceptor_req req;
	u8 *in = dup_exact(bytes, LNET_ACCEPTOR_REQ_SIZE);
	u8 out[LNET_ACCEPTOR_REQ_SIZE];
	bool swab = true;
	int rc = lnet_acceptor_req_decode(in, &req, &swab);

	CHECK(rc == 0 && !swab && req.version == LNET_ACCEPTOR_VERSION && req.nid == want,
	      "%s: acceptor request decodes (v1, target 0x%016llx)", what, want);
	lnet_acceptor_req_encode(&req, out);
	CHECK(!memcmp(out, bytes, sizeof(out)), "%s: acceptor request re-encodes identically",
	      what);
	free(in);
}

static void test_acceptor(void)
{
	struct lnet_acceptor_req req;
	u8 b[LNET_ACCEPTOR_REQ_SIZE];
	bool swab;

	check_acceptor_vec("stock_active_first_bytes", vec_get("stock_active_first_bytes")->data,
			   NID_10_80_0_2);
	check_acceptor_vec("probe_connreq", vec_get("probe_connreq")->data, NID_10_80_0_1);

	wr_be32(b, LNET_ACCEPTOR_MAGIC);
	wr_be32(b + 4, 1);
	wr_be64(b + 8, 0x00050001C0A80102ULL);
	CHECK(lnet_acceptor_req_decode(b, &req, &swab) == 0 && swab == be_swab() &&
	      req.version == 1 && req.nid == 0x00050001C0A80102ULL,
	      "big-endian acceptor request decodes with swab set");

	wr_be32(b + 4, 2);
	CHECK(lnet_acceptor_req_decode(b, &req, &swab) == -EPROTO && req.version == 2 &&
	      swab == be_swab(), "big-endian acceptor request version 2: -EPROTO, version reported");

	memcpy(b, vec_get("probe_connreq")->data, sizeof(b));
	b[0] ^= 0x01;
	CHECK(lnet_acceptor_req_decode(b, &req, &swab) == -EPROTO && !swab,
	      "acceptor request with bad magic: -EPROTO");

	memcpy(b, vec_get("probe_hello")->data, sizeof(b));
	CHECK(lnet_acceptor_req_decode(b, &req, &swab) == -EPROTO,
	      "a bare socklnd hello is not an acceptor request");

	memset(b, 0, sizeof(b));
	CHECK(lnet_acceptor_req_decode(b, &req, &swab) == -EPROTO, "all-zero acceptor request: -EPROTO");
}

/* ---- socklnd hello -------------------------------------------------------- */

static int hello_eq(const struct lnet_sock_hello *a, const struct lnet_sock_hello *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void check_hello_vec(const char *what, const u8 *bytes, const struct lnet_sock_hello *want)
{
	struct lnet_sock_hello h;
	u8 *in = dup_exact(bytes, SOCKLND_HELLO_V3_SIZE);
	u8 out[SOCKLND_HELLO_V3_SIZE];
	bool swab = true;
	int rc = lnet_sock_hello_decode(in, SOCKLND_HELLO_V3_SIZE, &h, &swab);

	CHECK(rc == SOCKLND_HELLO_V3_SIZE && !swab && hello_eq(&h, want),
	      "%s: hello decodes, every field as expected", what);
	rc = lnet_sock_hello_encode(&h, out, sizeof(out));
	CHECK(rc == SOCKLND_HELLO_V3_SIZE && !memcmp(out, bytes, sizeof(out)),
	      "%s: hello re-encodes identically", what);
	free(in);
}

static void test_hello_vectors(void)
{
	struct lnet_sock_hello want;

	memset(&want, 0, sizeof(want));
	want.version = 3;
	want.src_nid = NID_10_80_0_1;
	want.dst_nid = NID_10_80_0_2;
	want.src_pid = LNET_PID_LUSTRE;
	want.dst_pid = 0;
	want.src_incarnation = STOCK_INCARNATION;
	want.dst_incarnation = 0;
	want.conn_type = SOCKLND_CONN_CONTROL;
	want.nips = 0;
	check_hello_vec("stock_active_first_bytes",
			vec_get("stock_active_first_bytes")->data + LNET_ACCEPTOR_REQ_SIZE, &want);

	want.dst_pid = LNET_PID_LUSTRE;
	check_hello_vec("stock_passive_hello", vec_get("stock_passive_hello")->data, &want);

	want.src_nid = NID_10_80_0_2;
	want.dst_nid = NID_10_80_0_1;
	want.src_incarnation = PROBE_INCARNATION;
	check_hello_vec("probe_hello", vec_get("probe_hello")->data, &want);
}

static void test_hello_stream(void)
{
	const u8 *v = vec_get("probe_hello")->data;
	struct lnet_sock_hello h, src;
	u8 buf[SOCKLND_HELLO_MAX_SIZE + 8];
	unsigned int bad = 0;
	size_t len;
	bool swab;
	int rc, i;

	/* every prefix of the fixed part asks for the fixed part */
	for (len = 0; len < SOCKLND_HELLO_V3_SIZE; len++) {
		u8 *in = dup_exact(v, len);

		if (lnet_sock_hello_decode(in, len, &h, &swab) != SOCKLND_HELLO_V3_SIZE)
			bad++;
		free(in);
	}
	CHECK(bad == 0, "hello decode of every prefix 0..55 returns 56 (need more)");

	memset(&src, 0, sizeof(src));
	src.version = SOCKLND_PROTO_V3;
	src.src_nid = NID_10_80_0_2;
	src.dst_nid = NID_10_80_0_1;
	src.src_pid = LNET_PID_LUSTRE;
	src.dst_pid = LNET_PID_LUSTRE;
	src.src_incarnation = 42;
	src.dst_incarnation = 43;
	src.conn_type = SOCKLND_CONN_BULK_IN;
	src.nips = 3;
	src.ips[0] = 0x0a500002;
	src.ips[1] = 0xc0a80102;
	src.ips[2] = 0xffffffff;
	rc = lnet_sock_hello_encode(&src, buf, sizeof(buf));
	CHECK(rc == 68 && rd_le32(buf + 52) == 3 && rd_le32(buf + 56) == 0x0a500002 &&
	      rd_le32(buf + 64) == 0xffffffff, "hello with 3 ips encodes to 68 bytes, ips at 56");

	bad = 0;
	for (len = SOCKLND_HELLO_V3_SIZE; len < 68; len++) {
		u8 *in = dup_exact(buf, len);

		rc = lnet_sock_hello_decode(in, len, &h, &swab);
		if (rc != 68 || h.nips != 3 || h.src_nid != src.src_nid || h.ips[0] != 0)
			bad++;
		free(in);
	}
	CHECK(bad == 0, "hello with 3 ips: lengths 56..67 return 68 with the fixed part decoded");

	{
		u8 *in = dup_exact(buf, 68);

		rc = lnet_sock_hello_decode(in, 68, &h, &swab);
		CHECK(rc == 68 && !swab && hello_eq(&h, &src), "hello with 3 ips decodes fully at 68");
		free(in);
	}
	memset(buf + 68, 0xee, 8);
	rc = lnet_sock_hello_decode(buf, 76, &h, &swab);
	CHECK(rc == 68 && hello_eq(&h, &src), "bytes after the hello are not consumed");

	/* a big-endian hello, written by hand */
	memset(buf, 0, sizeof(buf));
	wr_be32(buf + 0, SOCKLND_HELLO_MAGIC);
	wr_be32(buf + 4, 3);
	wr_be64(buf + 8, NID_10_80_0_2);
	wr_be64(buf + 16, NID_10_80_0_1);
	wr_be32(buf + 24, 12345);
	wr_be32(buf + 28, 0);
	wr_be64(buf + 32, PROBE_INCARNATION);
	wr_be64(buf + 40, STOCK_INCARNATION);
	wr_be32(buf + 48, SOCKLND_CONN_BULK_OUT);
	wr_be32(buf + 52, 2);
	wr_be32(buf + 56, 0x0a500002);
	wr_be32(buf + 60, 0x0a510002);
	{
		u8 *in = dup_exact(buf, 64);

		rc = lnet_sock_hello_decode(in, 64, &h, &swab);
		CHECK(rc == 64 && swab == be_swab() && h.version == 3 &&
		      h.src_nid == NID_10_80_0_2 && h.dst_nid == NID_10_80_0_1 &&
		      h.src_pid == 12345 && h.dst_pid == 0 &&
		      h.src_incarnation == PROBE_INCARNATION &&
		      h.dst_incarnation == STOCK_INCARNATION &&
		      h.conn_type == SOCKLND_CONN_BULK_OUT && h.nips == 2 &&
		      h.ips[0] == 0x0a500002 && h.ips[1] == 0x0a510002 && h.ips[2] == 0,
		      "big-endian hello with 2 ips decodes with swab set, every field");
		free(in);
	}

	/* errors */
	memcpy(buf, v, SOCKLND_HELLO_V3_SIZE);
	buf[3] ^= 0x80;
	CHECK(lnet_sock_hello_decode(buf, 4, &h, &swab) == -EPROTO &&
	      lnet_sock_hello_decode(buf, 56, &h, &swab) == -EPROTO,
	      "hello with bad magic: -EPROTO as soon as 4 bytes are there");
	wr_le32(buf, 0xeebc0ded);
	CHECK(lnet_sock_hello_decode(buf, 56, &h, &swab) == -EPROTO,
	      "hello with the old v1 magic: -EPROTO");

	memcpy(buf, v, SOCKLND_HELLO_V3_SIZE);
	wr_le32(buf + 4, 2);
	CHECK(lnet_sock_hello_decode(buf, 8, &h, &swab) == -EPROTO && h.version == 2 && !swab,
	      "hello version 2: -EPROTO at 8 bytes, version reported");
	wr_be32(buf, SOCKLND_HELLO_MAGIC);
	wr_be32(buf + 4, 4);
	CHECK(lnet_sock_hello_decode(buf, 56, &h, &swab) == -EPROTO && h.version == 4 &&
	      swab == be_swab(), "big-endian hello version 4: -EPROTO, version and swab reported");

	memcpy(buf, v, SOCKLND_HELLO_V3_SIZE);
	wr_le32(buf + 52, SOCKLND_HELLO_MAX_IPS + 1);
	CHECK(lnet_sock_hello_decode(buf, 56, &h, &swab) == -EPROTO, "hello with 17 ips: -EPROTO");
	wr_le32(buf + 52, 0xffffffff);
	CHECK(lnet_sock_hello_decode(buf, 56, &h, &swab) == -EPROTO,
	      "hello with nips 0xffffffff: -EPROTO");
	wr_le32(buf + 52, SOCKLND_HELLO_MAX_IPS);
	CHECK(lnet_sock_hello_decode(buf, 56, &h, &swab) == SOCKLND_HELLO_MAX_SIZE,
	      "hello with 16 ips asks for %d bytes", SOCKLND_HELLO_MAX_SIZE);

	memcpy(buf, v, SOCKLND_HELLO_V3_SIZE);
	wr_le32(buf + 48, 4);
	CHECK(lnet_sock_hello_decode(buf, 56, &h, &swab) == -EPROTO,
	      "hello with conn type 4: -EPROTO");
	bad = 0;
	for (i = 0; i < 4; i++) {
		wr_le32(buf + 48, (u32)i);
		if (lnet_sock_hello_decode(buf, 56, &h, &swab) != 56 || h.conn_type != (u32)i)
			bad++;
	}
	wr_le32(buf + 48, SOCKLND_CONN_NONE);
	if (lnet_sock_hello_decode(buf, 56, &h, &swab) != 56 || h.conn_type != SOCKLND_CONN_NONE)
		bad++;
	CHECK(bad == 0, "hello conn types ANY, CONTROL, BULK_IN, BULK_OUT and NONE accepted");

	/* encoder errors */
	src.version = 2;
	CHECK(lnet_sock_hello_encode(&src, buf, sizeof(buf)) == -EINVAL,
	      "hello encode of version 2: -EINVAL");
	src.version = 3;
	src.nips = SOCKLND_HELLO_MAX_IPS + 1;
	CHECK(lnet_sock_hello_encode(&src, buf, sizeof(buf)) == -EINVAL,
	      "hello encode of 17 ips: -EINVAL");
	src.nips = 3;
	CHECK(lnet_sock_hello_encode(&src, buf, 67) == -EMSGSIZE &&
	      lnet_sock_hello_encode(&src, buf, 0) == -EMSGSIZE,
	      "hello encode into a short buffer: -EMSGSIZE");
}

/* ---- socklnd message header ----------------------------------------------- */

static void test_sock_hdr(void)
{
	static const char *const names[] = { "probe_ping_get", "stock_after_get" };
	struct lnet_sock_hdr m;
	u8 b[SOCKLND_HDR_SIZE], out[SOCKLND_HDR_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const u8 *v = vec_get(names[i])->data;
		u8 *in = dup_exact(v, SOCKLND_HDR_SIZE);
		int rc = lnet_sock_hdr_decode(in, false, &m);

		CHECK(rc == 0 && m.type == SOCKLND_MSG_LNET && m.csum == 0 &&
		      m.zc_cookies[0] == 0 && m.zc_cookies[1] == 0,
		      "%s: socklnd header is LNET, csum 0, no zc cookies", names[i]);
		lnet_sock_hdr_encode(&m, out);
		CHECK(!memcmp(out, v, sizeof(out)), "%s: socklnd header re-encodes identically",
		      names[i]);
		free(in);
	}

	memset(&m, 0, sizeof(m));
	m.type = SOCKLND_MSG_NOOP;
	m.zc_cookies[1] = 1;
	lnet_sock_hdr_encode(&m, out);
	CHECK(rd_le32(out) == 0xc0 && rd_le32(out + 4) == 0 && rd_le64(out + 8) == 0 &&
	      rd_le64(out + 16) == 1, "NOOP keepalive encodes at the right offsets");

	wr_be32(b, SOCKLND_MSG_NOOP);
	wr_be32(b + 4, 0xabcdef01);
	wr_be64(b + 8, 1);
	wr_be64(b + 16, 0x0102030405060708ULL);
	CHECK(lnet_sock_hdr_decode(b, be_swab(), &m) == 0 && m.type == SOCKLND_MSG_NOOP &&
	      m.csum == 0xabcdef01 && m.zc_cookies[0] == 1 &&
	      m.zc_cookies[1] == 0x0102030405060708ULL,
	      "big-endian socklnd header decodes with swab");
	CHECK(lnet_sock_hdr_decode(b, !be_swab(), &m) == -EPROTO,
	      "big-endian socklnd header decoded without swab: -EPROTO");

	memset(b, 0, sizeof(b));
	CHECK(lnet_sock_hdr_decode(b, false, &m) == -EPROTO, "socklnd header type 0: -EPROTO");
	b[0] = 0xc2;
	CHECK(lnet_sock_hdr_decode(b, false, &m) == -EPROTO, "socklnd header type 0xc2: -EPROTO");
}

/* ---- LNet header ---------------------------------------------------------- */

static void test_lnet_hdr_vectors(void)
{
	const u8 *get = vec_get("probe_ping_get")->data + SOCKLND_HDR_SIZE;
	const u8 *rep = vec_get("stock_after_get")->data + SOCKLND_HDR_SIZE;
	u8 out[LNET_HDR_SIZE];
	struct lnet_hdr h;
	u8 *in;
	int rc;

	in = dup_exact(get, LNET_HDR_SIZE);
	rc = lnet_hdr_decode(in, &h);
	free(in);
	CHECK(rc == 0, "probe_ping_get: LNet header decodes");
	CHECK(h.type == LNET_MSG_GET && h.payload_length == 0, "probe_ping_get: GET, no payload");
	CHECK(h.dest_nid == NID_10_80_0_1 && h.src_nid == NID_10_80_0_2,
	      "probe_ping_get: 10.80.0.2@tcp -> 10.80.0.1@tcp");
	CHECK(h.dest_pid == LNET_PID_LUSTRE && h.src_pid == LNET_PID_LUSTRE,
	      "probe_ping_get: pids 12345 -> 12345");
	CHECK(h.msg.get.ptl_index == LNET_PING_PORTAL &&
	      h.msg.get.match_bits == LNET_PING_MATCHBITS,
	      "probe_ping_get: portal 0, match bits 0x8000000000000000");
	CHECK(h.msg.get.return_wmd.interface_cookie == 0x1111 &&
	      h.msg.get.return_wmd.object_cookie == 0x2222,
	      "probe_ping_get: return_wmd 0x1111/0x2222");
	CHECK(h.msg.get.src_offset == 0 && h.msg.get.sink_length == LNET_PING_MIN_SIZE,
	      "probe_ping_get: src_offset 0, sink_length 272");
	lnet_hdr_encode(&h, out);
	CHECK(!memcmp(out, get, LNET_HDR_SIZE), "probe_ping_get: LNet header re-encodes identically");

	in = dup_exact(rep, LNET_HDR_SIZE);
	rc = lnet_hdr_decode(in, &h);
	free(in);
	CHECK(rc == 0 && h.type == LNET_MSG_REPLY && h.payload_length == 48,
	      "stock_after_get: REPLY with 48 bytes of payload");
	CHECK(h.dest_nid == NID_10_80_0_2 && h.src_nid == NID_10_80_0_1 &&
	      h.dest_pid == LNET_PID_LUSTRE && h.src_pid == LNET_PID_LUSTRE,
	      "stock_after_get: 12345-10.80.0.1@tcp -> 12345-10.80.0.2@tcp");
	CHECK(h.msg.reply.dst_wmd.interface_cookie == 0x1111 &&
	      h.msg.reply.dst_wmd.object_cookie == 0x2222,
	      "stock_after_get: dst_wmd echoes our return_wmd 0x1111/0x2222");
	lnet_hdr_encode(&h, out);
	CHECK(!memcmp(out, rep, LNET_HDR_SIZE),
	      "stock_after_get: LNet header re-encodes identically");
}

static void fill_garbage(struct lnet_hdr *h)
{
	memset(h, 0xa5, sizeof(*h));
	h->striped = false;	/* a bool holds 0 or 1; the stripe itself stays garbage */
}

static void test_lnet_hdr_layout(void)
{
	struct lnet_hdr h;
	u8 o[LNET_HDR_SIZE];

	fill_garbage(&h);
	h.dest_nid = 0x0102030405060708ULL;
	h.src_nid = 0x1112131415161718ULL;
	h.dest_pid = 0x21222324;
	h.src_pid = 0x31323334;
	h.type = LNET_MSG_PUT;
	h.payload_length = 4096;
	h.msg.put.ack_wmd.interface_cookie = 0x4142434445464748ULL;
	h.msg.put.ack_wmd.object_cookie = 0x5152535455565758ULL;
	h.msg.put.match_bits = 0x6162636465666768ULL;
	h.msg.put.hdr_data = 0x7172737475767778ULL;
	h.msg.put.ptl_index = 0x81828384;
	h.msg.put.offset = 0x91929394;
	lnet_hdr_encode(&h, o);
	CHECK(rd_le64(o) == h.dest_nid && rd_le64(o + 8) == h.src_nid &&
	      rd_le32(o + 16) == h.dest_pid && rd_le32(o + 20) == h.src_pid &&
	      rd_le32(o + 24) == 1 && rd_le32(o + 28) == 4096,
	      "common header fields little-endian at offsets 0/8/16/20/24/28");
	CHECK(rd_le64(o + 32) == 0x4142434445464748ULL && rd_le64(o + 40) == 0x5152535455565758ULL &&
	      rd_le64(o + 48) == 0x6162636465666768ULL && rd_le64(o + 56) == 0x7172737475767778ULL &&
	      rd_le32(o + 64) == 0x81828384 && rd_le32(o + 68) == 0x91929394,
	      "PUT body at 32/48/56/64/68");

	fill_garbage(&h);
	h.type = LNET_MSG_GET;
	h.payload_length = 0;
	h.msg.get.return_wmd.interface_cookie = 1;
	h.msg.get.return_wmd.object_cookie = 2;
	h.msg.get.match_bits = 3;
	h.msg.get.ptl_index = 4;
	h.msg.get.src_offset = 5;
	h.msg.get.sink_length = 6;
	lnet_hdr_encode(&h, o);
	CHECK(rd_le64(o + 32) == 1 && rd_le64(o + 40) == 2 && rd_le64(o + 48) == 3 &&
	      rd_le32(o + 56) == 4 && rd_le32(o + 60) == 5 && rd_le32(o + 64) == 6 &&
	      all_zero(o + 68, 4), "GET body at 32/48/56/60/64, bytes 68..71 zero");

	fill_garbage(&h);
	h.type = LNET_MSG_ACK;
	h.payload_length = 0;
	h.msg.ack.dst_wmd.interface_cookie = 7;
	h.msg.ack.dst_wmd.object_cookie = 8;
	h.msg.ack.match_bits = 9;
	h.msg.ack.mlength = 10;
	lnet_hdr_encode(&h, o);
	CHECK(rd_le64(o + 32) == 7 && rd_le64(o + 40) == 8 && rd_le64(o + 48) == 9 &&
	      rd_le32(o + 56) == 10 && all_zero(o + 60, 12),
	      "ACK body at 32/48/56, bytes 60..71 zero");

	fill_garbage(&h);
	h.type = LNET_MSG_REPLY;
	h.payload_length = 1;
	h.msg.reply.dst_wmd.interface_cookie = 11;
	h.msg.reply.dst_wmd.object_cookie = 12;
	lnet_hdr_encode(&h, o);
	CHECK(rd_le64(o + 32) == 11 && rd_le64(o + 40) == 12 && all_zero(o + 48, 24),
	      "REPLY body at 32, bytes 48..71 zero");

	fill_garbage(&h);
	h.type = LNET_MSG_HELLO;
	h.payload_length = 0;
	h.msg.hello.incarnation = 0x0102030405060708ULL;
	h.msg.hello.type = 2;
	lnet_hdr_encode(&h, o);
	CHECK(rd_le64(o + 32) == 0x0102030405060708ULL && rd_le32(o + 40) == 2 &&
	      all_zero(o + 44, 28), "HELLO body at 32/40, bytes 44..71 zero");

	fill_garbage(&h);
	h.type = 77;
	lnet_hdr_encode(&h, o);
	CHECK(rd_le32(o + 24) == 77 && all_zero(o + 32, 40),
	      "unknown type encodes an all-zero body");

	fill_garbage(&h);
	h.type = LNET_MSG_PUT;
	h.payload_length = 0;
	h.msg.put.ack_wmd.interface_cookie = LNET_WIRE_HANDLE_COOKIE_NONE;
	h.msg.put.ack_wmd.object_cookie = LNET_WIRE_HANDLE_COOKIE_NONE;
	lnet_hdr_encode(&h, o);
	CHECK(rd_le64(o + 32) == ~0ULL && rd_le64(o + 40) == ~0ULL,
	      "PUT without ACK carries ack_wmd cookies ~0");
}

static int hdr_bytes_decode(u32 type, u32 payload)
{
	struct lnet_hdr h;
	u8 b[LNET_HDR_SIZE];

	memcpy(b, vec_get("probe_ping_get")->data + SOCKLND_HDR_SIZE, sizeof(b));
	wr_le32(b + 24, type);
	wr_le32(b + 28, payload);
	return lnet_hdr_decode(b, &h);
}

static void test_lnet_hdr_validation(void)
{
	CHECK(hdr_bytes_decode(5, 0) == -EPROTO && hdr_bytes_decode(0xffffffff, 0) == -EPROTO &&
	      hdr_bytes_decode(0x01000000, 0) == -EPROTO, "unknown LNet message types: -EPROTO");
	CHECK(hdr_bytes_decode(LNET_MSG_GET, 1) == -EPROTO, "GET with payload: -EPROTO");
	CHECK(hdr_bytes_decode(LNET_MSG_ACK, 1) == -EPROTO, "ACK with payload: -EPROTO");
	CHECK(hdr_bytes_decode(LNET_MSG_ACK, 0) == 0 && hdr_bytes_decode(LNET_MSG_HELLO, 8) == 0,
	      "ACK without payload and HELLO accepted");
	CHECK(hdr_bytes_decode(LNET_MSG_PUT, LNET_MTU) == 0 &&
	      hdr_bytes_decode(LNET_MSG_REPLY, LNET_MTU) == 0,
	      "PUT and REPLY with exactly LNET_MTU payload accepted");
	CHECK(hdr_bytes_decode(LNET_MSG_PUT, LNET_MTU + 1) == -EPROTO &&
	      hdr_bytes_decode(LNET_MSG_REPLY, 0xffffffff) == -EPROTO &&
	      hdr_bytes_decode(LNET_MSG_HELLO, 0x80000000) == -EPROTO,
	      "payload_length above LNET_MTU: -EPROTO");
}

static void random_hdr(struct lnet_hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->dest_nid = unit_rand64();
	h->src_nid = unit_rand64();
	h->dest_pid = (u32)unit_rand64();
	h->src_pid = (u32)unit_rand64();
	h->type = unit_rand_below(5);
	h->payload_length = unit_rand_below(LNET_MTU + 1);
	switch (h->type) {
	case LNET_MSG_PUT:
		h->msg.put.ack_wmd.interface_cookie = unit_rand64();
		h->msg.put.ack_wmd.object_cookie = unit_rand64();
		h->msg.put.match_bits = unit_rand64();
		h->msg.put.hdr_data = unit_rand64();
		h->msg.put.ptl_index = (u32)unit_rand64();
		h->msg.put.offset = (u32)unit_rand64();
		break;
	case LNET_MSG_GET:
		h->payload_length = 0;
		h->msg.get.return_wmd.interface_cookie = unit_rand64();
		h->msg.get.return_wmd.object_cookie = unit_rand64();
		h->msg.get.match_bits = unit_rand64();
		h->msg.get.ptl_index = (u32)unit_rand64();
		h->msg.get.src_offset = (u32)unit_rand64();
		h->msg.get.sink_length = (u32)unit_rand64();
		break;
	case LNET_MSG_ACK:
		h->payload_length = 0;
		h->msg.ack.dst_wmd.interface_cookie = unit_rand64();
		h->msg.ack.dst_wmd.object_cookie = unit_rand64();
		h->msg.ack.match_bits = unit_rand64();
		h->msg.ack.mlength = (u32)unit_rand64();
		break;
	case LNET_MSG_REPLY:
		h->msg.reply.dst_wmd.interface_cookie = unit_rand64();
		h->msg.reply.dst_wmd.object_cookie = unit_rand64();
		break;
	default:
		h->msg.hello.incarnation = unit_rand64();
		h->msg.hello.type = (u32)unit_rand64();
		break;
	}
}

static void stripe_hdr(struct lnet_hdr *h, u32 type, u32 xfer, u32 off, u32 len)
{
	memset(h, 0, sizeof(*h));
	h->dest_nid = 0x0102030405060708ULL;
	h->src_nid = 0x1112131415161718ULL;
	h->dest_pid = 12345;
	h->src_pid = 12345;
	h->type = type;
	h->payload_length = type == LNET_MSG_GET ? 0 : len;
	if (type != LNET_MSG_REPLY)	/* same place in PUT and GET bodies */
		h->msg.put.match_bits = 0x6162636465666768ULL;
	h->striped = true;
	h->stripe.len = len;
	h->stripe.cookie = 0xc0c0c0c0deadbeefULL;
	h->stripe.xfer_length = xfer;
	h->stripe.offset = off;
	h->stripe.index = off / LNET_MTU;
	h->stripe.count = (xfer + LNET_MTU - 1) / LNET_MTU;
}

/* encode a striped header and decode it back: 0 and equal, or the error */
static int stripe_roundtrip(const struct lnet_hdr *a, struct lnet_hdr *b)
{
	u8 o[LNET_HDR_MAX_SIZE];
	int rc;

	lnet_hdr_encode(a, o);
	lnet_stripe_encode(a, o + LNET_HDR_SIZE);
	rc = lnet_hdr_decode(o, b);
	if (rc != LNET_HDR_STRIPE)
		return rc == 0 ? -1000 : rc;
	return lnet_stripe_decode(o, o + LNET_HDR_SIZE, b);
}

static void test_stripe_hdr(void)
{
	struct lnet_hdr a, b;
	u8 o[LNET_HDR_MAX_SIZE];
	u32 t;
	bool ok = true;

	for (t = LNET_MSG_PUT; t <= LNET_MSG_REPLY; t++) {
		stripe_hdr(&a, t, 64 * LNET_MTU, 63 * LNET_MTU, LNET_MTU);
		ok &= stripe_roundtrip(&a, &b) == 0 && !memcmp(&a, &b, sizeof(a));
	}
	CHECK(ok, "PUT, GET and REPLY stripes: encode -> decode is exact");

	stripe_hdr(&a, LNET_MSG_PUT, 3 * LNET_MTU, LNET_MTU, 4096);
	lnet_hdr_encode(&a, o);
	lnet_stripe_encode(&a, o + LNET_HDR_SIZE);
	CHECK(rd_le32(o + 24) == LNETMR_MSG_STRIPE && rd_le32(o + 72) == LNET_MSG_PUT &&
	      rd_le32(o + 76) == 4096 && rd_le64(o + 80) == a.stripe.cookie &&
	      rd_le32(o + 88) == 3 * LNET_MTU && rd_le32(o + 92) == LNET_MTU &&
	      o[96] == 1 && o[97] == 0 && o[98] == 3 && o[99] == 0,
	      "stripe extension layout: type, len, cookie, xfer, offset, index, count");

	stripe_hdr(&a, LNET_MSG_ACK, LNET_MTU, 0, 0);
	CHECK(stripe_roundtrip(&a, &b) == -EPROTO, "an ACK stripe: -EPROTO");
	stripe_hdr(&a, LNET_MSG_PUT, LNET_MTU, 4096, LNET_MTU);
	CHECK(stripe_roundtrip(&a, &b) == -EPROTO, "a stripe past its transfer: -EPROTO");
	stripe_hdr(&a, LNET_MSG_PUT, 2 * LNET_MTU, 0, 4096);
	a.payload_length = 4095;
	CHECK(stripe_roundtrip(&a, &b) == -EPROTO, "a PUT stripe short of its length: -EPROTO");
	stripe_hdr(&a, LNET_MSG_PUT, 2 * LNET_MTU, 0, 4096);
	a.stripe.index = 2;
	CHECK(stripe_roundtrip(&a, &b) == -EPROTO, "a stripe index beyond its count: -EPROTO");
	stripe_hdr(&a, LNET_MSG_GET, LNETMR_MAX_XFER + LNET_MTU, 0, LNET_MTU);
	CHECK(stripe_roundtrip(&a, &b) == -EPROTO, "a transfer above 64 MiB: -EPROTO");
	stripe_hdr(&a, LNET_MSG_GET, 2 * LNET_MTU, 0, 4096);
	a.stripe.count = LNETMR_MAX_STRIPES + 1;
	CHECK(stripe_roundtrip(&a, &b) == -EPROTO, "more than 64 stripes: -EPROTO");
	stripe_hdr(&a, LNET_MSG_REPLY, 2 * LNET_MTU, 0, 4096);
	lnet_hdr_encode(&a, o);
	lnet_stripe_encode(&a, o + LNET_HDR_SIZE);
	o[LNET_HDR_SIZE + 28] = 1;
	CHECK(lnet_stripe_decode(o, o + LNET_HDR_SIZE, &b) == -EPROTO,
	      "unknown stripe flags: -EPROTO");
}

static void test_lnet_hdr_roundtrip(void)
{
	unsigned int i, bad = 0;

	unit_srand(0x5eed0101);
	for (i = 0; i < 5000; i++) {
		struct lnet_hdr a, b;
		u8 o[LNET_HDR_SIZE], o2[LNET_HDR_SIZE];

		random_hdr(&a);
		lnet_hdr_encode(&a, o);
		if (lnet_hdr_decode(o, &b) != 0 || memcmp(&a, &b, sizeof(a))) {
			bad++;
			continue;
		}
		lnet_hdr_encode(&b, o2);
		if (memcmp(o, o2, sizeof(o)))
			bad++;
	}
	CHECK(bad == 0, "5000 random headers of every type: encode -> decode -> encode is exact");
}

/* ---- ping buffer ---------------------------------------------------------- */

static void test_ping_vector(void)
{
	const u8 *v = vec_get("stock_after_get")->data + SOCKLND_HDR_SIZE + LNET_HDR_SIZE;
	struct lnet_ping_entry ents[4];
	struct lnet_ping_info pi;
	unsigned int bad;
	u8 out[64];
	bool swab = true;
	size_t len;
	u8 *in;
	int rc;

	in = dup_exact(v, 48);
	rc = lnet_ping_info_decode(in, 48, &pi, ents, ARRAY_SIZE(ents), &swab);
	CHECK(rc == 2 && !swab && pi.nnis == 2, "stock ping buffer decodes: 2 entries, not swapped");
	CHECK(pi.features == 0x1e &&
	      pi.features == (LNET_PING_FEAT_NI_STATUS | LNET_PING_FEAT_RTE_DISABLED |
			      LNET_PING_FEAT_MULTI_RAIL | LNET_PING_FEAT_DISCOVERY),
	      "stock ping buffer features 0x1e = NI_STATUS|RTE_DISABLED|MULTI_RAIL|DISCOVERY");
	CHECK(pi.pid == LNET_PID_LUSTRE, "stock ping buffer pid 12345");
	CHECK(ents[0].nid == LNET_NID_LO_0 && ents[0].status == 2 && ents[0].msg_size == 0,
	      "stock ping entry 0: 0@lo, status (sequence) 2");
	CHECK(ents[1].nid == NID_10_80_0_1 && ents[1].status == LNET_PING_STATUS_UP &&
	      ents[1].msg_size == 0, "stock ping entry 1: 10.80.0.1@tcp, UP");
	rc = lnet_ping_info_encode(&pi, ents, out, 48);
	CHECK(rc == 48 && !memcmp(out, v, 48), "stock ping buffer re-encodes identically");

	/* a smaller caller array */
	memset(ents, 0x5a, sizeof(ents));
	rc = lnet_ping_info_decode(in, 48, &pi, ents, 1, &swab);
	CHECK(rc == 1 && pi.nnis == 2 && ents[0].nid == LNET_NID_LO_0 &&
	      ents[1].nid == 0x5a5a5a5a5a5a5a5aULL,
	      "capacity 1: one entry stored, nnis 2 reported, nothing else written");
	rc = lnet_ping_info_decode(in, 48, &pi, NULL, 0, &swab);
	CHECK(rc == 0 && pi.nnis == 2 && pi.pid == 12345, "capacity 0 (NULL): nnis still reported");
	free(in);

	/* every truncation */
	bad = 0;
	for (len = 0; len < 48; len++) {
		in = dup_exact(v, len);
		rc = lnet_ping_info_decode(in, len, &pi, ents, ARRAY_SIZE(ents), &swab);
		if (len < LNET_PING_HDR_SIZE ? rc != -EPROTO :
		    (rc != -EMSGSIZE || pi.nnis != 2 || pi.features != 0x1e))
			bad++;
		free(in);
	}
	CHECK(bad == 0, "truncated ping buffer: -EPROTO below 16 bytes, -EMSGSIZE (nnis 2) 16..47");

	memcpy(out, v, 48);
	memset(out + 48, 0xff, 16);
	rc = lnet_ping_info_decode(out, 64, &pi, ents, ARRAY_SIZE(ents), &swab);
	CHECK(rc == 2 && ents[1].nid == NID_10_80_0_1, "bytes after the last entry are ignored");
}

static void test_ping_errors(void)
{
	const u8 *v = vec_get("stock_after_get")->data + SOCKLND_HDR_SIZE + LNET_HDR_SIZE;
	struct lnet_ping_entry ents[4], big[300], big2[300];
	struct lnet_ping_info pi;
	u8 b[64], *buf;
	bool swab;
	int rc, i;

	/* big-endian, by hand */
	memset(b, 0, sizeof(b));
	wr_be32(b, LNET_PING_MAGIC);
	wr_be32(b + 4, LNET_PING_FEAT_NI_STATUS | LNET_PING_FEAT_MULTI_RAIL);
	wr_be32(b + 8, 12345);
	wr_be32(b + 12, 3);
	wr_be64(b + 16, LNET_NID_LO_0);
	wr_be32(b + 24, 7);
	wr_be64(b + 32, 0x00050000C0A80101ULL);
	wr_be32(b + 40, LNET_PING_STATUS_UP);
	wr_be32(b + 44, 4096);
	wr_be64(b + 48, 0x00050001C0A80201ULL);
	wr_be32(b + 56, LNET_PING_STATUS_DOWN);
	buf = dup_exact(b, 64);
	rc = lnet_ping_info_decode(buf, 64, &pi, ents, ARRAY_SIZE(ents), &swab);
	CHECK(rc == 3 && swab == be_swab() && pi.features == 0xa && pi.pid == 12345 &&
	      pi.nnis == 3 && ents[0].nid == LNET_NID_LO_0 && ents[0].status == 7 &&
	      ents[1].nid == 0x00050000C0A80101ULL && ents[1].status == LNET_PING_STATUS_UP &&
	      ents[1].msg_size == 4096 && ents[2].nid == 0x00050001C0A80201ULL &&
	      ents[2].status == LNET_PING_STATUS_DOWN && ents[2].msg_size == 0,
	      "big-endian ping buffer with 3 entries decodes with swab, every field");
	free(buf);

	memcpy(b, v, 48);
	b[0] ^= 0x20;
	CHECK(lnet_ping_info_decode(b, 48, &pi, ents, 4, &swab) == -EPROTO,
	      "ping buffer with bad magic: -EPROTO");
	memcpy(b, v, 48);
	wr_le32(b + 12, 0);
	CHECK(lnet_ping_info_decode(b, 48, &pi, ents, 4, &swab) == -EPROTO,
	      "ping buffer with nnis 0: -EPROTO");
	wr_le32(b + 12, LNET_PING_MAX_NNIS + 1);
	CHECK(lnet_ping_info_decode(b, 48, &pi, ents, 4, &swab) == -EPROTO,
	      "ping buffer with nnis 65536: -EPROTO");
	wr_le32(b + 12, 0xffffffff);
	CHECK(lnet_ping_info_decode(b, 48, &pi, ents, 4, &swab) == -EPROTO,
	      "ping buffer with nnis 0xffffffff: -EPROTO");
	wr_le32(b + 12, LNET_PING_MAX_NNIS);
	CHECK(lnet_ping_info_decode(b, 48, &pi, ents, 4, &swab) == -EMSGSIZE &&
	      pi.nnis == LNET_PING_MAX_NNIS, "ping buffer with nnis 65535 in 48 bytes: -EMSGSIZE");
	wr_le32(b + 12, 3);
	CHECK(lnet_ping_info_decode(b, 48, &pi, ents, 4, &swab) == -EMSGSIZE && pi.nnis == 3,
	      "ping buffer with one entry missing: -EMSGSIZE, nnis 3 reported");

	/* encoder limits */
	pi.features = 0;
	pi.pid = 1;
	pi.nnis = 0;
	CHECK(lnet_ping_info_encode(&pi, ents, b, sizeof(b)) == -EINVAL,
	      "ping encode with nnis 0: -EINVAL");
	pi.nnis = 2;
	CHECK(lnet_ping_info_encode(&pi, ents, b, 47) == -EMSGSIZE,
	      "ping encode into 47 bytes: -EMSGSIZE");

	/* a large buffer round-trips */
	for (i = 0; i < 300; i++) {
		big[i].nid = i ? lnet_mknid(lnet_mknet(O2IBLND, (u32)i % 7), 0xc0a80000U + (u32)i) :
				 LNET_NID_LO_0;
		big[i].status = i ? (i % 3 ? LNET_PING_STATUS_UP : LNET_PING_STATUS_DOWN) : 99;
		big[i].msg_size = (u32)i * 16;
	}
	pi.features = LNET_PING_FEAT_NI_STATUS | LNET_PING_FEAT_MULTI_RAIL;
	pi.pid = LNET_PID_LUSTRE;
	pi.nnis = 300;
	buf = malloc(16 + 16 * 300);
	if (!buf)
		abort();
	rc = lnet_ping_info_encode(&pi, big, buf, 16 + 16 * 300);
	memset(big2, 0, sizeof(big2));
	CHECK(rc == 16 + 16 * 300 &&
	      lnet_ping_info_decode(buf, (size_t)rc, &pi, big2, 300, &swab) == 300 &&
	      pi.nnis == 300 && !memcmp(big, big2, sizeof(big)),
	      "ping buffer with 300 entries round-trips");
	free(buf);
}

/* ---- robustness ----------------------------------------------------------- */

static unsigned int rob_bad;
static unsigned int rob_hello_ok, rob_ping_ok;	/* accepting paths reached */

static void rob_fail(const char *what, size_t len, int rc)
{
	if (!rob_bad)
		DIAG("robustness: %s (len %zu) broke an invariant, rc %d", what, len, rc);
	rob_bad++;
}

/* run every decoder that takes a length on buf[0..len) and check invariants */
static void rob_lengthed(const u8 *p, size_t len)
{
	u8 *buf = dup_exact(p, len);
	struct lnet_ping_entry ents[8];
	struct lnet_sock_hello h;
	struct lnet_ping_info pi;
	u8 out[SOCKLND_HELLO_MAX_SIZE];
	bool swab;
	int rc;

	rc = lnet_sock_hello_decode(buf, len, &h, &swab);
	if (rc != -EPROTO) {
		if (rc < SOCKLND_HELLO_V3_SIZE || rc > SOCKLND_HELLO_MAX_SIZE || rc % 4)
			rob_fail("hello return value", len, rc);
		else if ((size_t)rc <= len &&
			 (h.version != 3 || h.nips > SOCKLND_HELLO_MAX_IPS ||
			  rc != SOCKLND_HELLO_V3_SIZE + 4 * (int)h.nips ||
			  lnet_sock_hello_encode(&h, out, sizeof(out)) != rc ||
			  (!swab && memcmp(out, buf, (size_t)rc))))
			rob_fail("hello contents", len, rc);
		else if ((size_t)rc <= len)
			rob_hello_ok++;
	}

	rc = lnet_ping_info_decode(buf, len, &pi, ents, ARRAY_SIZE(ents), &swab);
	if (rc >= 0) {
		size_t need = 16 + 16 * (size_t)pi.nnis;

		rob_ping_ok++;
		if (pi.nnis == 0 || pi.nnis > LNET_PING_MAX_NNIS || need > len ||
		    (u32)rc != (pi.nnis < ARRAY_SIZE(ents) ? pi.nnis : ARRAY_SIZE(ents)))
			rob_fail("ping result", len, rc);
		else if (pi.nnis <= ARRAY_SIZE(ents)) {
			u8 o[16 + 16 * ARRAY_SIZE(ents)];

			if (lnet_ping_info_encode(&pi, ents, o, sizeof(o)) != (int)need ||
			    (!swab && memcmp(o, buf, need)))
				rob_fail("ping re-encode", len, rc);
		}
	} else if (rc == -EMSGSIZE) {
		if (len < 16 || 16 + 16 * (size_t)pi.nnis <= len || pi.nnis == 0)
			rob_fail("ping -EMSGSIZE", len, rc);
	} else if (rc != -EPROTO) {
		rob_fail("ping error code", len, rc);
	}
	free(buf);
}

/* run the fixed-size decoders on p[0..size) where the window is big enough */
static void rob_fixed(const u8 *p, size_t len, bool sw)
{
	if (len >= LNET_HDR_SIZE) {
		u8 *buf = dup_exact(p, LNET_HDR_SIZE);
		struct lnet_hdr h, h2;
		u8 o[LNET_HDR_SIZE];
		int rc = lnet_hdr_decode(buf, &h);

		if (rc == 0) {
			lnet_hdr_encode(&h, o);
			if (h.type > LNET_MSG_HELLO || h.payload_length > LNET_MTU ||
			    ((h.type == LNET_MSG_ACK || h.type == LNET_MSG_GET) && h.payload_length) ||
			    memcmp(o, buf, HDR_COMMON_SIZE) || lnet_hdr_decode(o, &h2) ||
			    memcmp(&h, &h2, sizeof(h)))
				rob_fail("LNet header", len, rc);
		} else if (rc == LNET_HDR_STRIPE && len >= LNET_HDR_MAX_SIZE) {
			struct lnet_hdr hs;
			u8 ext[LNET_STRIPE_EXT_SIZE];

			rc = lnet_stripe_decode(buf, p + LNET_HDR_SIZE, &hs);
			if (rc == 0) {
				lnet_hdr_encode(&hs, o);
				lnet_stripe_encode(&hs, ext);
				if (!hs.striped || hs.stripe.index >= hs.stripe.count ||
				    hs.payload_length > hs.stripe.len ||
				    memcmp(o, buf, HDR_COMMON_SIZE))
					rob_fail("stripe header", len, rc);
			} else if (rc != -EPROTO) {
				rob_fail("stripe header error code", len, rc);
			}
		} else if (rc != -EPROTO && rc != LNET_HDR_STRIPE) {
			rob_fail("LNet header error code", len, rc);
		}
		free(buf);
	}
	if (len >= SOCKLND_HDR_SIZE) {
		u8 *buf = dup_exact(p, SOCKLND_HDR_SIZE);
		struct lnet_sock_hdr m;
		u8 o[SOCKLND_HDR_SIZE];
		int rc = lnet_sock_hdr_decode(buf, sw, &m);

		if (rc == 0) {
			lnet_sock_hdr_encode(&m, o);
			if ((m.type != SOCKLND_MSG_LNET && m.type != SOCKLND_MSG_NOOP) ||
			    (!sw && memcmp(o, buf, sizeof(o))))
				rob_fail("socklnd header", len, rc);
		} else if (rc != -EPROTO || m.type == SOCKLND_MSG_LNET ||
			   m.type == SOCKLND_MSG_NOOP) {
			rob_fail("socklnd header error", len, rc);
		}
		free(buf);
	}
	if (len >= LNET_ACCEPTOR_REQ_SIZE) {
		u8 *buf = dup_exact(p, LNET_ACCEPTOR_REQ_SIZE);
		struct lnet_acceptor_req r;
		u8 o[LNET_ACCEPTOR_REQ_SIZE];
		bool swab;
		int rc = lnet_acceptor_req_decode(buf, &r, &swab);

		if (rc == 0) {
			lnet_acceptor_req_encode(&r, o);
			if (r.version != 1 || (!swab && memcmp(o, buf, sizeof(o))))
				rob_fail("acceptor", len, rc);
		} else if (rc != -EPROTO) {
			rob_fail("acceptor error code", len, rc);
		}
		free(buf);
	}
}

static void test_robust_windows(void)
{
	unsigned int i, calls = 0;
	size_t start, len;

	rob_bad = 0;
	for (i = 0; i < nvecs; i++) {
		for (start = 0; start <= vecs[i].len; start++) {
			for (len = 0; start + len <= vecs[i].len; len++) {
				rob_lengthed(vecs[i].data + start, len);
				calls++;
			}
			rob_fixed(vecs[i].data + start, vecs[i].len - start, false);
			rob_fixed(vecs[i].data + start, vecs[i].len - start, true);
		}
	}
	CHECK(rob_bad == 0 && calls > 10000,
	      "every window (offset, length) of every vector: decoders safe and consistent (%u)",
	      calls);
}

static void plant_magic(u8 *b, size_t len)
{
	static const u32 magics[] = {
		SOCKLND_HELLO_MAGIC, LNET_PING_MAGIC, LNET_ACCEPTOR_MAGIC,
	};
	u32 m = magics[unit_rand_below(ARRAY_SIZE(magics))];
	bool be = unit_rand64() & 1;
	u32 second;

	if (len < 16)
		return;
	if (be)
		wr_be32(b, m);
	else
		wr_le32(b, m);
	/* a plausible second word: version 1/3 or a small count */
	second = unit_rand_below(5);
	if (be)
		wr_be32(b + 4, second);
	else
		wr_le32(b + 4, second);
	if (m == LNET_PING_MAGIC) {
		u32 nnis = unit_rand_below(12);

		if (be)
			wr_be32(b + 12, nnis);
		else
			wr_le32(b + 12, nnis);
	} else if (m == SOCKLND_HELLO_MAGIC && len >= 56) {
		if (be) {
			wr_be32(b + 4, 3);
			wr_be32(b + 48, unit_rand_below(5));
			wr_be32(b + 52, unit_rand_below(20));
		} else {
			wr_le32(b + 4, 3);
			wr_le32(b + 48, unit_rand_below(5));
			wr_le32(b + 52, unit_rand_below(20));
		}
	}
}

static void test_robust_random(void)
{
	unsigned int i, accepted_hdr = 0;
	u8 b[512];

	rob_bad = 0;
	rob_hello_ok = 0;
	rob_ping_ok = 0;
	unit_srand(0x5eed0201);
	for (i = 0; i < 5000; i++) {
		size_t len = unit_rand_below(sizeof(b) + 1), k;
		struct lnet_hdr h;

		for (k = 0; k < len; k++)
			b[k] = (u8)unit_rand64();
		if (i % 2)
			plant_magic(b, len);
		rob_lengthed(b, len);
		rob_fixed(b, len, i & 2);

		/* plausible LNet headers: small type, small payload */
		if (len >= LNET_HDR_SIZE) {
			wr_le32(b + 24, unit_rand_below(6));
			wr_le32(b + 28, unit_rand64() & 1 ? 0 : unit_rand_below(LNET_MTU + 2));
			if (lnet_hdr_decode(b, &h) == 0)
				accepted_hdr++;
			rob_fixed(b, len, false);
		}
	}
	CHECK(rob_bad == 0, "5000 random buffers (half with planted magics): decoders safe");
	CHECK(accepted_hdr > 100 && rob_hello_ok > 10 && rob_ping_ok > 10,
	      "random fuzz reached the accepting paths (%u headers, %u hellos, %u ping buffers)",
	      accepted_hdr, rob_hello_ok, rob_ping_ok);
}

static void test_robust_mutations(void)
{
	unsigned int i;
	u8 b[256];

	rob_bad = 0;
	unit_srand(0x5eed0301);
	for (i = 0; i < 5000 && nvecs; i++) {
		const struct vec *v = &vecs[unit_rand_below(nvecs)];
		unsigned int flips = 1 + unit_rand_below(4), k;
		size_t start;

		if (v->len > sizeof(b))
			continue;
		memcpy(b, v->data, v->len);
		for (k = 0; k < flips; k++)
			b[unit_rand_below((u32)v->len)] ^= (u8)(1 + unit_rand_below(255));
		/* decode at every structure boundary found in the vectors */
		for (start = 0; start <= v->len; start += 8) {
			rob_lengthed(b + start, v->len - start);
			rob_fixed(b + start, v->len - start, false);
		}
	}
	CHECK(rob_bad == 0, "5000 mutated vectors (1-4 corrupted bytes): decoders safe");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] :
			   "../vectors/stock-lustre-2.16.1-socklnd.txt";

	test_vectors_loaded(path);
	test_constants();
	test_acceptor();
	test_hello_vectors();
	test_hello_stream();
	test_sock_hdr();
	test_lnet_hdr_vectors();
	test_lnet_hdr_layout();
	test_lnet_hdr_validation();
	test_lnet_hdr_roundtrip();
	test_stripe_hdr();
	test_ping_vector();
	test_ping_errors();
	test_robust_windows();
	test_robust_random();
	test_robust_mutations();
	return unit_done();
}

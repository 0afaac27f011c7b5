// SPDX-License-Identifier: GPL-2.0
/*
 * o2ibpeer - a scripted stock Lustre o2iblnd peer, for the selftests.
 *
 * It speaks o2iblnd (version 2) over librdmacm and libibverbs as a stock
 * Lustre 2.16.1 node does, from the message bytes captured between two such
 * nodes (tests/vectors/stock-lustre-2.16.1-o2iblnd.txt): it sends those
 * bytes with only the incarnations, cookies and credits patched in, and it
 * checks every field of every message the node under test sends, with its
 * own offsets (not lnetmr's codec).
 *
 *   o2ibpeer connect VECTORS ADDR MY_NID NODE_NID
 *	connect to ADDR:987 from port 1023 as a stock client does: first with
 *	queue depth 16 (expect a MSG_QUEUE_SIZE reject), then as the reject
 *	says; ping; PUT 4096 bytes by RDMA into the node's bench sink and GET
 *	its stats; GET 1 MiB of the bench pattern by RDMA; a NOOP; print one
 *	line per step
 *   o2ibpeer serve VECTORS ADDR MY_NID SECONDS
 *	listen on ADDR:987 as a stock node and serve what comes for SECONDS:
 *	pings, bench PUTs (by IMMEDIATE or RDMA, checked against the pattern),
 *	bench GETs (written by RDMA), the bench's stats; print what it served
 *   o2ibpeer badconnect VECTORS ADDR MY_NID NODE_NID KIND
 *	connect with bad private data of a KIND (empty, short, magic,
 *	version, nob, queue, frags, msgsize, dstnid, srcnid) or from an
 *	unprivileged port (port); print "rejected why N" or "accepted"
 *   o2ibpeer vanish VECTORS ADDR MY_NID NODE_NID HOW
 *	connect, send a PUT_REQ, take the PUT_ACK and then vanish (HOW: exit)
 *	or write with a wrong key (badkey); print "done"
 *
 * Every check that fails prints "bad: ..." and makes the exit status 1.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <infiniband/verbs.h>
#include <rdma/rdma_cma.h>

#define MAGIC		0x0be91b91u
#define VERSION		0x12
#define T_CONNREQ	0xc0
#define T_CONNACK	0xc1
#define T_NOOP		0xd0
#define T_IMMEDIATE	0xd1
#define T_PUT_REQ	0xd2
#define T_PUT_NAK	0xd3
#define T_PUT_ACK	0xd4
#define T_PUT_DONE	0xd5
#define T_GET_REQ	0xd6
#define T_GET_DONE	0xd7
#define MSG_SIZE	4096
#define NRX		18	/* 2 * 8 + 2 receive buffers */
#define NTX		8
#define PORT		987
#define PID		12345
#define LNET_PUT	1
#define LNET_GET	2
#define LNET_ACK	0
#define LNET_REPLY	3
#define BENCH_PORTAL	62
#define BENCH_MB_PUT	1
#define BENCH_MB_GET	2
#define BENCH_MB_STATS	3
#define PATTERN_SIZE	(2u << 20)
#define BIG		(1u << 20)
#define NSINKS		8	/* PUTs in flight to us at once, a sink of BIG each */
#define NONE64		0xffffffffffffffffull

static int bad;

static void badf(const char *fmt, ...)
{
	va_list ap;

	printf("bad: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	bad = 1;
}

static void die(const char *what)
{
	printf("bad: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ---- bytes ---------------------------------------------------------------- */

static uint16_t g16(const uint8_t *p) { return p[0] | p[1] << 8; }
static uint32_t g32(const uint8_t *p) { return g16(p) | (uint32_t)g16(p + 2) << 16; }
static uint64_t g64(const uint8_t *p) { return g32(p) | (uint64_t)g32(p + 4) << 32; }
static void p32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = v >> (8 * i); }
static void p64(uint8_t *p, uint64_t v) { p32(p, v); p32(p + 4, v >> 32); }
static void p16(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }

static uint64_t nid_of(const char *s)
{
	unsigned int a, b, c, d, num = 0;
	char net[16] = "";

	if (sscanf(s, "%u.%u.%u.%u@%15s", &a, &b, &c, &d, net) != 5 || strncmp(net, "o2ib", 4)) {
		fprintf(stderr, "not an o2ib NID: %s\n", s);
		exit(2);
	}
	if (net[4])
		num = atoi(net + 4);
	return (5ull << 48) | ((uint64_t)num << 32) | (a << 24 | b << 16 | c << 8 | d);
}

/* ---- the captured vectors -------------------------------------------------- */

struct vec {
	char name[64];
	size_t len;
	uint8_t data[512];
};

static struct vec vecs[32];
static int nvecs;

static void load_vectors(const char *path)
{
	char line[2048], hex[1100];
	FILE *f = fopen(path, "r");

	if (!f)
		die(path);
	while (fgets(line, sizeof(line), f) && nvecs < 32) {
		struct vec *v = &vecs[nvecs];

		if (strncmp(line, "VEC ", 4) ||
		    sscanf(line, "VEC %63s %zu %1099s", v->name, &v->len, hex) != 3 ||
		    v->len > sizeof(v->data) || strlen(hex) != 2 * v->len)
			continue;
		for (size_t i = 0; i < v->len; i++)
			sscanf(hex + 2 * i, "%2hhx", &v->data[i]);
		nvecs++;
	}
	fclose(f);
}

static const struct vec *vec(const char *name)
{
	for (int i = 0; i < nvecs; i++)
		if (!strcmp(vecs[i].name, name))
			return &vecs[i];
	fprintf(stderr, "vector %s missing\n", name);
	exit(2);
}

/* the bench's pattern: xorshift64 from a fixed seed, little-endian words */
static uint8_t *pattern;

static void make_pattern(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;

	pattern = malloc(PATTERN_SIZE);
	for (uint32_t i = 0; i < PATTERN_SIZE; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p64(pattern + i, x);
	}
}

static bool pattern_ok(const uint8_t *p, uint32_t off, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if (p[i] != pattern[(off + i) % PATTERN_SIZE])
			return false;
	return true;
}

/* ---- a connection -------------------------------------------------------- */

struct conn {
	struct rdma_event_channel *ec;
	struct rdma_cm_id *id;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	uint8_t *rxbuf, *txbuf, *big;
	struct ibv_mr *rxmr, *txmr, *bigmr;
	int txnext;
	uint64_t my_nid, node_nid, my_stamp, node_stamp;
	uint8_t last[MSG_SIZE];	/* the last message received */
	int owed;		/* credits we owe the node */
	int credits;		/* credits we have */
	int got_credits;	/* credits the node returned in all */
};

static struct rdma_cm_event *wait_event(struct conn *c, int ms)
{
	struct pollfd pfd = { .fd = c->ec->fd, .events = POLLIN };
	struct rdma_cm_event *ev;

	if (poll(&pfd, 1, ms) <= 0)
		return NULL;
	if (rdma_get_cm_event(c->ec, &ev))
		die("rdma_get_cm_event");
	return ev;
}

static void post_rx(struct conn *c, int i)
{
	struct ibv_sge sge = {
		.addr = (uintptr_t)(c->rxbuf + i * MSG_SIZE),
		.length = MSG_SIZE,
		.lkey = c->rxmr->lkey,
	};
	struct ibv_recv_wr wr = { .wr_id = i, .sg_list = &sge, .num_sge = 1 }, *badwr;

	if (ibv_post_recv(c->id->qp, &wr, &badwr))
		die("ibv_post_recv");
}

static void setup_qp(struct conn *c, struct rdma_cm_id *id)
{
	struct ibv_qp_init_attr attr = {
		.cap = { .max_send_wr = 64, .max_recv_wr = NRX, .max_send_sge = 2,
			 .max_recv_sge = 1 },
		.qp_type = IBV_QPT_RC,
	};

	c->id = id;
	c->pd = ibv_alloc_pd(id->verbs);
	c->cq = ibv_create_cq(id->verbs, 128, NULL, NULL, 0);
	if (!c->pd || !c->cq)
		die("pd/cq");
	attr.send_cq = attr.recv_cq = c->cq;
	if (rdma_create_qp(id, c->pd, &attr))
		die("rdma_create_qp");
	c->rxbuf = calloc(NRX, MSG_SIZE);
	c->txbuf = calloc(NTX, MSG_SIZE);
	c->big = calloc(NSINKS, BIG);
	c->rxmr = ibv_reg_mr(c->pd, c->rxbuf, NRX * MSG_SIZE, IBV_ACCESS_LOCAL_WRITE);
	c->txmr = ibv_reg_mr(c->pd, c->txbuf, NTX * MSG_SIZE, 0);
	c->bigmr = ibv_reg_mr(c->pd, c->big, NSINKS * BIG,
			      IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE);
	if (!c->rxmr || !c->txmr || !c->bigmr)
		die("ibv_reg_mr");
	for (int i = 0; i < NRX; i++)
		post_rx(c, i);
	c->credits = 8;
}

/* The common o2iblnd header, as a stock node writes it (little-endian here). */
static void hdr(struct conn *c, uint8_t *m, uint8_t type, uint32_t nob)
{
	p32(m, MAGIC);
	p16(m + 4, VERSION);
	m[6] = type;
	m[7] = 0;
	p32(m + 8, nob);
	p32(m + 12, 0);
	p64(m + 16, c->my_nid);
	p64(m + 24, c->my_stamp);
	p64(m + 32, c->node_nid);
	p64(m + 40, c->node_stamp);
}

/* A captured message, its stamps (and credits) ours. */
static uint8_t *from_vec(struct conn *c, const char *name, size_t *len)
{
	const struct vec *v = vec(name);
	uint8_t *m = c->txbuf + (c->txnext++ % NTX) * MSG_SIZE;

	memcpy(m, v->data, v->len);
	p64(m + 24, c->my_stamp);
	p64(m + 40, c->node_stamp);
	*len = v->len;
	return m;
}

static uint8_t *tx_slot(struct conn *c)
{
	return c->txbuf + (c->txnext++ % NTX) * MSG_SIZE;
}

static int wait_cq(struct conn *c, struct ibv_wc *wc, int ms)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int n = ibv_poll_cq(c->cq, 1, wc);

		if (n > 0)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 > ms)
			return -1;
		usleep(100);
	}
}

/* Send a message; @credited says whether it takes one of our credits. */
static void send_msg(struct conn *c, uint8_t *m, size_t len, bool credited)
{
	struct ibv_sge sge = { .addr = (uintptr_t)m, .length = len, .lkey = c->txmr->lkey };
	struct ibv_send_wr wr = {
		.wr_id = 1000, .sg_list = &sge, .num_sge = 1, .opcode = IBV_WR_SEND,
		.send_flags = IBV_SEND_SIGNALED,
	}, *badwr;

	m[7] = c->owed > 255 ? 255 : c->owed;
	c->owed -= m[7];
	if (credited && c->credits-- <= 0)
		badf("we ran out of credits: the node does not return them");
	if (ibv_post_send(c->id->qp, &wr, &badwr))
		die("ibv_post_send");
}

/* RDMA WRITE @len bytes of @src to (@addr, @key), chained before @m. */
static void write_and_send(struct conn *c, const uint8_t *src, uint32_t len, uint64_t addr,
			   uint32_t key, uint8_t *m, size_t mlen)
{
	struct ibv_mr *mr = ibv_reg_mr(c->pd, (void *)src, len ? len : 1, 0);
	struct ibv_sge s1 = { .addr = (uintptr_t)src, .length = len, .lkey = mr ? mr->lkey : 0 };
	struct ibv_sge s2 = { .addr = (uintptr_t)m, .length = mlen, .lkey = c->txmr->lkey };
	struct ibv_send_wr done = {
		.wr_id = 1001, .sg_list = &s2, .num_sge = 1, .opcode = IBV_WR_SEND,
		.send_flags = IBV_SEND_SIGNALED,
	};
	struct ibv_send_wr wr = {
		.wr_id = 1002, .sg_list = &s1, .num_sge = 1, .opcode = IBV_WR_RDMA_WRITE,
		.wr.rdma = { .remote_addr = addr, .rkey = key }, .next = &done,
	}, *badwr;

	if (!mr)
		die("ibv_reg_mr source");
	m[7] = c->owed > 255 ? 255 : c->owed;
	c->owed -= m[7];
	if (ibv_post_send(c->id->qp, len ? &wr : &done, &badwr))
		die("ibv_post_send write");
}

/*
 * The next message from the node, checked: magic, version, nob, checksum,
 * NIDs and stamps; credits counted.  Returns its receive buffer, or NULL on
 * timeout; *type and *len tell what it is.
 */
static uint8_t *recv_msg(struct conn *c, int ms, uint8_t *type, uint32_t *len)
{
	struct ibv_wc wc;

	for (;;) {
		uint8_t *m;

		if (wait_cq(c, &wc, ms))
			return NULL;
		if (wc.status != IBV_WC_SUCCESS) {
			if (wc.wr_id < NRX || wc.status != IBV_WC_WR_FLUSH_ERR)
				printf("completion %llu: %s\n", (unsigned long long)wc.wr_id,
				       ibv_wc_status_str(wc.status));
			return NULL;
		}
		if (!(wc.opcode & IBV_WC_RECV))
			continue;	/* one of our sends */
		m = c->rxbuf + wc.wr_id * MSG_SIZE;
		*len = wc.byte_len;
		*type = m[6];
		if (g32(m) != MAGIC)
			badf("magic %#x", g32(m));
		if (g16(m + 4) != VERSION)
			badf("version %#x", g16(m + 4));
		if (g32(m + 8) != wc.byte_len)
			badf("nob %u, %u bytes came", g32(m + 8), wc.byte_len);
		if (g32(m + 12))
			badf("checksum %#x (stock sends none)", g32(m + 12));
		if (g64(m + 16) != c->node_nid || g64(m + 24) != c->node_stamp)
			badf("source %#llx/%#llx", (unsigned long long)g64(m + 16),
			     (unsigned long long)g64(m + 24));
		if (g64(m + 32) != c->my_nid || g64(m + 40) != c->my_stamp)
			badf("destination %#llx/%#llx", (unsigned long long)g64(m + 32),
			     (unsigned long long)g64(m + 40));
		c->credits += m[7];
		c->got_credits += m[7];
		if (c->credits > 8)
			badf("the node returned more credits than it owes (%d)", c->credits);
		/* the buffer goes back at once: the caller gets a copy */
		memcpy(c->last, m, wc.byte_len);
		post_rx(c, wc.wr_id);
		m = c->last;
		if (*type == T_IMMEDIATE || *type == T_PUT_REQ || *type == T_GET_REQ)
			c->owed++;
		if (*type == T_NOOP)
			continue;
		return m;
	}
}

/* Check an embedded LNet header's common part. */
static void check_lnet_hdr(struct conn *c, const uint8_t *h, uint32_t type, const char *what)
{
	if (g64(h) != c->my_nid || g64(h + 8) != c->node_nid || g32(h + 16) != PID ||
	    g32(h + 20) != PID || g32(h + 24) != type)
		badf("%s: LNet header dst %#llx src %#llx pids %u/%u type %u", what,
		     (unsigned long long)g64(h), (unsigned long long)g64(h + 8), g32(h + 16),
		     g32(h + 20), g32(h + 24));
}

/* ---- connecting ------------------------------------------------------------ */

/* CONNREQ from the captured one: our NIDs (the capture's), stamps, depth. */
static void connreq(struct conn *c, uint8_t *pd, uint16_t qd, uint64_t dststamp)
{
	const struct vec *v = vec("cm_req_connreq_qd_8_dststamp_0");

	memcpy(pd, v->data + 36, 56);	/* after rdma_cm's header, which librdmacm adds */
	p64(pd + 24, c->my_stamp);
	p64(pd + 40, dststamp);
	p16(pd + 48, qd);
}

/* Active connect; returns 0, or the reject's reason (and its record). */
static int do_connect(struct conn *c, const char *addr, uint16_t qd, uint64_t dststamp,
		      const uint8_t *pdata, uint8_t plen, int port, uint8_t rej[24])
{
	struct sockaddr_in src = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct rdma_conn_param param = {
		.flow_control = 1, .retry_count = 5, .rnr_retry_count = 6,
	};
	struct rdma_cm_event *ev;
	struct rdma_cm_id *id;
	uint8_t pd[56];
	int why = -1;

	inet_pton(AF_INET, addr, &dst.sin_addr);
	src.sin_addr.s_addr = htonl(c->my_nid & 0xffffffff);
	if (rdma_create_id(c->ec, &id, NULL, RDMA_PS_TCP))
		die("rdma_create_id");
	if (rdma_bind_addr(id, (struct sockaddr *)&src))
		die("rdma_bind_addr");
	if (rdma_resolve_addr(id, NULL, (struct sockaddr *)&dst, 5000))
		die("rdma_resolve_addr");
	ev = wait_event(c, 10000);
	if (!ev || ev->event != RDMA_CM_EVENT_ADDR_RESOLVED)
		die("address resolution");
	rdma_ack_cm_event(ev);
	if (rdma_resolve_route(id, 5000))
		die("rdma_resolve_route");
	ev = wait_event(c, 10000);
	if (!ev || ev->event != RDMA_CM_EVENT_ROUTE_RESOLVED)
		die("route resolution");
	rdma_ack_cm_event(ev);
	setup_qp(c, id);
	if (!pdata) {
		connreq(c, pd, qd, dststamp);
		pdata = pd;
		plen = sizeof(pd);
	}
	param.private_data = pdata;
	param.private_data_len = plen;
	if (rdma_connect(id, &param))
		die("rdma_connect");
	ev = wait_event(c, 20000);
	if (!ev)
		die("no answer to the connection request");
	if (ev->event == RDMA_CM_EVENT_ESTABLISHED) {
		const uint8_t *a = ev->param.conn.private_data;

		why = 0;
		if (!a || ev->param.conn.private_data_len < 56) {
			badf("CONNACK: no private data");
		} else {
			if (g32(a) != MAGIC || g16(a + 4) != VERSION || a[6] != T_CONNACK ||
			    a[7] || g32(a + 8) != 56 || g32(a + 12))
				badf("CONNACK header");
			if (g64(a + 16) != c->node_nid || g64(a + 32) != c->my_nid ||
			    g64(a + 40) != c->my_stamp || !g64(a + 24))
				badf("CONNACK NIDs or stamps");
			if (g16(a + 48) != qd || g16(a + 50) != 257 || g32(a + 52) != 4096)
				badf("CONNACK parameters %u %u %u", g16(a + 48), g16(a + 50),
				     g32(a + 52));
			for (int i = 56; i < ev->param.conn.private_data_len; i++)
				if (a[i])
					badf("CONNACK: byte %d after the record is not 0", i);
			c->node_stamp = g64(a + 24);
		}
	} else if (ev->event == RDMA_CM_EVENT_REJECTED) {
		const uint8_t *r = ev->param.conn.private_data;

		if (ev->status != 28)
			printf("rejected with IB reason %d\n", ev->status);
		if (r && ev->param.conn.private_data_len >= 24) {
			memcpy(rej, r, 24);
			why = r[6];
		} else {
			why = 256;
		}
	} else {
		printf("connect: event %s\n", rdma_event_str(ev->event));
		why = 257;
	}
	rdma_ack_cm_event(ev);
	return why;
}

static void conn_free(struct conn *c)
{
	if (!c->id)
		return;
	rdma_disconnect(c->id);
	rdma_destroy_qp(c->id);
	ibv_dereg_mr(c->rxmr);
	ibv_dereg_mr(c->txmr);
	ibv_dereg_mr(c->bigmr);
	ibv_destroy_cq(c->cq);
	ibv_dealloc_pd(c->pd);
	rdma_destroy_id(c->id);
	free(c->rxbuf);
	free(c->txbuf);
	free(c->big);
	c->id = NULL;
}

/* ---- connect: the scripted client ----------------------------------------- */

static void ping(struct conn *c)
{
	size_t len;
	uint8_t *m = from_vec(c, "immediate_get", &len), type;
	uint32_t n;

	send_msg(c, m, len, true);
	m = recv_msg(c, 10000, &type, &n);
	if (!m || type != T_IMMEDIATE) {
		badf("ping: no IMMEDIATE answer");
		return;
	}
	check_lnet_hdr(c, m + 48, LNET_REPLY, "ping REPLY");
	if (g64(m + 48 + 32) != 0x18ed2d51455fe00dull || g64(m + 48 + 40) != 0x1c0d)
		badf("ping REPLY: dst_wmd not the GET's return_wmd");
	if (g32(m + 120) != 0x70696e67)
		badf("ping REPLY: not a ping buffer");
	printf("ping reply nnis %u features %#x nid1 %#llx status1 %#x\n", g32(m + 132),
	       g32(m + 124), (unsigned long long)g64(m + 152), g32(m + 160));
}

/*
 * The start of an o2iblnd message of @nob bytes carrying an LNet header:
 * the o2iblnd header, then the LNet header's common part, from us to @dest
 * (type @lnet_type, @payload bytes); the caller fills in the rest.
 */
static void lnet_msg_start(struct conn *c, uint8_t *m, uint8_t o2ib_type, uint32_t nob,
			   uint64_t dest, uint32_t lnet_type, uint32_t payload)
{
	hdr(c, m, o2ib_type, nob);
	memset(m + 48, 0, 72);
	p64(m + 48, dest);
	p64(m + 56, c->my_nid);
	p32(m + 64, PID);
	p32(m + 68, PID);
	p32(m + 72, lnet_type);
	p32(m + 76, payload);
}

/* PUT @size bytes of the pattern into the node's bench sink, with ACK. */
static void put_rdma(struct conn *c, uint32_t size, uint32_t session)
{
	uint8_t *m = tx_slot(c), type, *a;
	uint64_t cookie = 0xc, dst_cookie, addr;
	uint32_t n, key, nob, nfrags;

	lnet_msg_start(c, m, T_PUT_REQ, 128, c->node_nid, LNET_PUT, size);
	p64(m + 80, 0x18ed2d51455fe00dull);	/* ack_wmd: an ACK is wanted */
	p64(m + 88, 0x1c3d);
	p64(m + 96, BENCH_MB_PUT);
	p64(m + 104, (uint64_t)session << 32);	/* hdr_data: session, pattern offset 0 */
	p32(m + 112, BENCH_PORTAL);
	p32(m + 116, 0);
	p64(m + 120, cookie);
	send_msg(c, m, 128, true);

	a = recv_msg(c, 10000, &type, &n);
	if (!a || type != T_PUT_ACK || n != 84) {
		badf("PUT_REQ: no PUT_ACK (type %#x, %u bytes)", a ? type : 0, a ? n : 0);
		return;
	}
	dst_cookie = g64(a + 56);
	key = g32(a + 64);
	nfrags = g32(a + 68);
	nob = g32(a + 72);
	addr = g64(a + 76);
	if (g64(a + 48) != cookie || !dst_cookie || nfrags != 1 || nob != size)
		badf("PUT_ACK: src_cookie %#llx dst_cookie %#llx nfrags %u nob %u",
		     (unsigned long long)g64(a + 48), (unsigned long long)dst_cookie, nfrags, nob);

	m = tx_slot(c);
	hdr(c, m, T_PUT_DONE, 60);
	p64(m + 48, dst_cookie);
	p32(m + 56, size);
	write_and_send(c, pattern, size, addr, key, m, 60);

	a = recv_msg(c, 10000, &type, &n);
	if (!a || type != T_IMMEDIATE || g32(a + 48 + 24) != LNET_ACK) {
		badf("PUT: no ACK");
		return;
	}
	check_lnet_hdr(c, a + 48, LNET_ACK, "ACK");
	if (g64(a + 48 + 40) != 0x1c3d || g32(a + 48 + 56) != size)
		badf("ACK: wmd or mlength %u", g32(a + 48 + 56));
	printf("put %u ok: ack mlength %u, key %#x\n", size, g32(a + 48 + 56), key);
}

/* GET the bench sink's session results (an IMMEDIATE GET). */
static void sink_stats(struct conn *c, uint32_t session)
{
	uint8_t *m = tx_slot(c), type, *r;
	uint32_t n;

	lnet_msg_start(c, m, T_IMMEDIATE, 120, c->node_nid, LNET_GET, 0);
	p64(m + 80, 0x18ed2d51455fe00dull);
	p64(m + 88, 0x2000);
	p64(m + 96, BENCH_MB_STATS);
	p32(m + 104, BENCH_PORTAL);
	p32(m + 108, 0);
	p32(m + 112, 2048);
	send_msg(c, m, 120, true);
	r = recv_msg(c, 10000, &type, &n);
	if (!r || type != T_IMMEDIATE) {
		badf("stats: no REPLY");
		return;
	}
	for (uint32_t at = 120; at + 32 <= n; at += 32)
		if (g64(r + at) == session)
			printf("sink saw session %u: msgs %llu bytes %llu mismatches %llu\n",
			       session, (unsigned long long)g64(r + at + 8),
			       (unsigned long long)g64(r + at + 16),
			       (unsigned long long)g64(r + at + 24));
}

/* GET @size bytes of the bench pattern into our memory by RDMA. */
static void get_rdma(struct conn *c, uint32_t size)
{
	uint8_t *m = tx_slot(c), type, *d;
	uint64_t cookie = 0x7;
	uint32_t n;

	memset(c->big, 0, BIG);
	lnet_msg_start(c, m, T_GET_REQ, 148, c->node_nid, LNET_GET, 0);
	p64(m + 80, 0x18ed2d50c399ceb4ull);
	p64(m + 88, 0x2025);
	p64(m + 96, BENCH_MB_GET);
	p32(m + 104, BENCH_PORTAL);
	p32(m + 108, 0);	/* src_offset */
	p32(m + 112, size);	/* sink_length */
	p64(m + 120, cookie);
	p32(m + 128, c->bigmr->rkey);
	p32(m + 132, 1);
	p32(m + 136, size);
	p64(m + 140, (uintptr_t)c->big);
	send_msg(c, m, 148, true);
	d = recv_msg(c, 20000, &type, &n);
	if (!d || type != T_GET_DONE || n != 60) {
		badf("GET_REQ: no GET_DONE (type %#x)", d ? type : 0);
		return;
	}
	if (g64(d + 48) != cookie || (int32_t)g32(d + 56) != (int32_t)size)
		badf("GET_DONE: cookie %#llx status %d", (unsigned long long)g64(d + 48),
		     (int32_t)g32(d + 56));
	printf("get %u: status %d, data %s\n", size, (int32_t)g32(d + 56),
	       pattern_ok(c->big, 0, size) ? "is the pattern" : "DIFFERS");
	if (!pattern_ok(c->big, 0, size))
		bad = 1;
}

static int cmd_connect(const char *addr, const char *my, const char *node)
{
	struct conn c = { 0 };
	uint8_t rej[24], type;
	uint32_t n;
	int why;
	uint16_t qd;

	c.ec = rdma_create_event_channel();
	if (!c.ec)
		die("rdma_create_event_channel");
	c.my_nid = nid_of(my);
	c.node_nid = nid_of(node);
	c.my_stamp = 0x66194d684b5bdull;	/* the capture's client, reconfigured */

	/* as captured: queue depth 16 asked, the reject says 8 */
	why = do_connect(&c, addr, 16, 0, NULL, 0, 1023, rej);
	printf("reject why %d version %#x queue-depth %u frags %u msg-size %u incarnation %s\n",
	       why, why > 0 ? g16(rej + 4) : 0, why > 0 ? g16(rej + 16) : 0,
	       why > 0 ? g16(rej + 18) : 0, why > 0 ? g32(rej + 20) : 0,
	       why > 0 && g64(rej + 8) ? "set" : "none");
	if (why > 0 && g32(rej) != MAGIC)
		badf("reject record magic %#x", g32(rej));
	conn_free(&c);
	if (why <= 0)
		return 1;
	c.node_stamp = g64(rej + 8);
	qd = g16(rej + 16);
	why = do_connect(&c, addr, qd, c.node_stamp, NULL, 0, 1023, rej);
	if (why == 5) {
		/* as stock: to the node we are a new instance; it dropped the old one */
		printf("rejected as stale: connecting again\n");
		conn_free(&c);
		why = do_connect(&c, addr, qd, c.node_stamp, NULL, 0, 1023, rej);
	}
	if (why) {
		badf("the retry as the reject said was refused (%d)", why);
		return 1;
	}
	printf("connected queue-depth %u\n", qd);
	ping(&c);
	put_rdma(&c, 4096, 7);
	put_rdma(&c, BIG, 8);
	sink_stats(&c, 7);
	sink_stats(&c, 8);
	get_rdma(&c, 4096);
	get_rdma(&c, BIG);

	/* a NOOP returning what we owe; nothing answers a NOOP */
	{
		uint8_t *m = tx_slot(&c);

		hdr(&c, m, T_NOOP, 48);
		send_msg(&c, m, 48, false);
		if (recv_msg(&c, 500, &type, &n))
			badf("something answered our NOOP (type %#x)", type);
		else
			printf("noop ok\n");
	}
	/*
	 * What we sent took 7 credits: the node gives them back on what it
	 * sends, and by NOOP once half the queue depth piles up.
	 */
	for (int i = 0; i < 20 && c.got_credits < 7; i++)
		recv_msg(&c, 100, &type, &n);
	printf("credits returned %d of 7\n", c.got_credits);
	conn_free(&c);
	rdma_destroy_event_channel(c.ec);
	return bad;
}

/* ---- serve: a stock node lnetmr talks to --------------------------------- */

struct sink_rec {
	uint64_t session, msgs, bytes, mismatches;
};

static struct sink_rec sessions[64];
static int nsessions;
static unsigned long n_pings, n_puts, n_gets, n_bytes;

static void record(uint32_t session, uint32_t bytes, bool mismatch)
{
	int i;

	for (i = 0; i < nsessions; i++)
		if (sessions[i].session == session)
			break;
	if (i == nsessions && nsessions < 64)
		sessions[nsessions++].session = session;
	if (i < 64) {
		sessions[i].msgs++;
		sessions[i].bytes += bytes;
		sessions[i].mismatches += mismatch;
	}
}

/* An IMMEDIATE carrying an LNet header in reply to @req's GET or PUT. */
static uint8_t *lnet_answer(struct conn *c, const uint8_t *req, uint32_t type,
			    uint32_t payload)
{
	uint8_t *m = tx_slot(c);

	lnet_msg_start(c, m, T_IMMEDIATE, 120 + payload, g64(req + 56), type, payload);
	memcpy(m + 80, req + 80, 16);	/* the requester's wire handle */
	return m;
}

static void serve_get(struct conn *c, uint8_t *r, uint32_t len, uint8_t type)
{
	uint64_t bits = g64(r + 96);
	uint32_t portal = g32(r + 104), off = g32(r + 108), sink = g32(r + 112);
	uint8_t *m;

	if (type == T_IMMEDIATE && portal == 0 && bits == 0x8000000000000000ull) {
		const struct vec *v = vec("immediate_reply");

		m = lnet_answer(c, r, LNET_REPLY, 48);
		memcpy(m + 120, v->data + 120, 48);	/* the stock ping buffer */
		p64(m + 152, c->my_nid);
		send_msg(c, m, 168, true);
		n_pings++;
		return;
	}
	if (type == T_IMMEDIATE && portal == BENCH_PORTAL && bits == BENCH_MB_STATS) {
		uint32_t n = nsessions * 32;

		m = lnet_answer(c, r, LNET_REPLY, n);
		for (int i = 0; i < nsessions; i++) {
			p64(m + 120 + 32 * i, sessions[i].session);
			p64(m + 128 + 32 * i, sessions[i].msgs);
			p64(m + 136 + 32 * i, sessions[i].bytes);
			p64(m + 144 + 32 * i, sessions[i].mismatches);
		}
		send_msg(c, m, 120 + n, true);
		return;
	}
	if (type == T_IMMEDIATE && portal == BENCH_PORTAL && bits == BENCH_MB_GET &&
	    sink <= MSG_SIZE - 120) {
		m = lnet_answer(c, r, LNET_REPLY, sink);
		memcpy(m + 120, pattern + off % (PATTERN_SIZE / 2), sink);
		send_msg(c, m, 120 + sink, true);
		n_gets++;
		n_bytes += sink;
		return;
	}
	if (type == T_GET_REQ && portal == BENCH_PORTAL && bits == BENCH_MB_GET &&
	    len >= 148 && g32(r + 132) == 1) {
		uint64_t cookie = g64(r + 120), addr = g64(r + 140);
		uint32_t key = g32(r + 128), nob = g32(r + 136);
		uint8_t *src = pattern + off % (PATTERN_SIZE / 2);

		if (nob != sink || nob > PATTERN_SIZE / 2)
			badf("GET_REQ: sink %u, descriptor %u", sink, nob);
		m = tx_slot(c);
		hdr(c, m, T_GET_DONE, 60);
		p64(m + 48, cookie);
		p32(m + 56, nob);
		write_and_send(c, src, nob, addr, key, m, 60);
		n_gets++;
		n_bytes += nob;
		return;
	}
	badf("a GET we do not serve (portal %u bits %#llx, type %#x)", portal,
	     (unsigned long long)bits, type);
}

/*
 * The PUTs whose data we wait for, as a stock node has them: each a sink
 * of its own, finished by its PUT_DONE whenever that comes.
 */
static struct pending_put {
	bool busy;
	uint8_t req[120];	/* the PUT_REQ's header part */
} pending[NSINKS];

/* A PUT landed (@data, by IMMEDIATE or RDMA): check it, count it, ACK it. */
static void put_landed(struct conn *c, const uint8_t *r, const uint8_t *data)
{
	uint32_t portal = g32(r + 112), size = g32(r + 76);
	uint64_t hdr_data = g64(r + 104), bits = g64(r + 96);
	uint8_t *m;

	if (portal == BENCH_PORTAL && bits == BENCH_MB_PUT)
		record(hdr_data >> 32, size, !pattern_ok(data, (uint32_t)hdr_data, size));
	n_puts++;
	n_bytes += size;
	if (g64(r + 88) != NONE64) {	/* an ACK is wanted */
		m = lnet_answer(c, r, LNET_ACK, 0);
		memcpy(m + 80, r + 80, 16);		/* dst_wmd: the PUT's ack_wmd */
		p64(m + 96, bits);
		p32(m + 104, size);
		send_msg(c, m, 120, true);
	}
}

static void serve_put(struct conn *c, uint8_t *r, uint8_t type)
{
	uint32_t size = g32(r + 76);
	uint8_t *m;
	int i;

	if (type != T_PUT_REQ) {
		put_landed(c, r, r + 120);
		return;
	}
	for (i = 0; i < NSINKS && pending[i].busy; i++)
		;
	if (size > BIG || i == NSINKS) {
		badf("PUT_REQ of %u bytes, %d in flight", size, i);
		return;
	}
	pending[i].busy = true;
	memcpy(pending[i].req, r, 120);
	m = tx_slot(c);
	hdr(c, m, T_PUT_ACK, 84);
	p64(m + 48, g64(r + 120));		/* the node's cookie */
	p64(m + 56, 0x25 + i);			/* ours: the sink */
	p32(m + 64, c->bigmr->rkey);
	p32(m + 68, 1);
	p32(m + 72, size);
	p64(m + 76, (uintptr_t)(c->big + (size_t)i * BIG));
	send_msg(c, m, 84, false);
}

/* A PUT_DONE: the data of one of our sinks is there. */
static void serve_put_done(struct conn *c, const uint8_t *d, uint32_t n)
{
	uint64_t cookie = g64(d + 48);
	int i = (int)(cookie - 0x25);

	if (n != 60 || cookie < 0x25 || i >= NSINKS || !pending[i].busy) {
		badf("PUT_DONE for no sink of ours (cookie %#llx)", (unsigned long long)cookie);
		return;
	}
	pending[i].busy = false;
	if ((int32_t)g32(d + 56) != (int32_t)g32(pending[i].req + 76)) {
		badf("PUT_DONE status %d", (int32_t)g32(d + 56));
		return;
	}
	put_landed(c, pending[i].req, c->big + (size_t)i * BIG);
}

static int cmd_serve(const char *addr, const char *my, int seconds)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct conn c = { 0 };
	struct rdma_cm_event *ev;
	struct rdma_cm_id *lid;
	time_t end = time(NULL) + seconds;

	c.ec = rdma_create_event_channel();
	c.my_nid = nid_of(my);
	c.my_stamp = 0x66194d118746full;	/* the capture's server */
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (rdma_create_id(c.ec, &lid, NULL, RDMA_PS_TCP) ||
	    rdma_bind_addr(lid, (struct sockaddr *)&sin) || rdma_listen(lid, 4))
		die("listen");
	printf("listening\n");
	fflush(stdout);
	while (time(NULL) < end) {
		uint8_t *r, type;
		uint32_t n;

		if (!c.id) {
			const uint8_t *q;
			struct sockaddr_in *peer;
			uint8_t ack[56];
			struct rdma_conn_param param = {
				.flow_control = 1, .retry_count = 5, .rnr_retry_count = 6,
				.private_data = ack, .private_data_len = 56,
			};

			ev = wait_event(&c, 500);
			if (!ev)
				continue;
			if (ev->event != RDMA_CM_EVENT_CONNECT_REQUEST) {
				rdma_ack_cm_event(ev);
				continue;
			}
			q = ev->param.conn.private_data;
			peer = (struct sockaddr_in *)rdma_get_peer_addr(ev->id);
			if (ntohs(peer->sin_port) >= 1024)
				badf("connection from unprivileged port %u", ntohs(peer->sin_port));
			if (!q || ev->param.conn.private_data_len < 56 || g32(q) != MAGIC ||
			    g16(q + 4) != VERSION || q[6] != T_CONNREQ || q[7] || g32(q + 8) != 56 ||
			    g32(q + 12) || g64(q + 32) != c.my_nid ||
			    g16(q + 48) != 8 || g16(q + 50) != 257 || g32(q + 52) != 4096)
				badf("CONNREQ fields");
			else
				printf("connreq ok from port %u\n", ntohs(peer->sin_port));
			if (q && g64(q + 40) && g64(q + 40) != c.my_stamp) {
				/* as stock: meant for an instance of us that is gone */
				uint8_t rej[24] = { 0 };

				p32(rej, MAGIC);
				p16(rej + 4, VERSION);
				rej[6] = 5;	/* IBLND_REJECT_CONN_STALE */
				p64(rej + 8, c.my_stamp);
				p16(rej + 16, 8);
				p16(rej + 18, 257);
				p32(rej + 20, 4096);
				struct rdma_cm_id *rid = ev->id;

				rdma_reject(rid, rej, sizeof(rej));
				rdma_ack_cm_event(ev);
				rdma_destroy_id(rid);
				printf("rejected a stale connreq\n");
				continue;
			}
			c.node_nid = g64(q + 16);
			c.node_stamp = g64(q + 24);
			memcpy(ack, vec("cm_rep_connack")->data, 56);
			p64(ack + 16, c.my_nid);
			p64(ack + 24, c.my_stamp);
			p64(ack + 32, c.node_nid);
			p64(ack + 40, c.node_stamp);
			setup_qp(&c, ev->id);
			if (rdma_accept(ev->id, &param))
				die("rdma_accept");
			rdma_ack_cm_event(ev);
			ev = wait_event(&c, 10000);
			if (!ev || ev->event != RDMA_CM_EVENT_ESTABLISHED)
				die("not established");
			rdma_ack_cm_event(ev);
			continue;
		}
		r = recv_msg(&c, 500, &type, &n);
		if (!r) {
			ev = wait_event(&c, 0);
			if (ev) {
				if (ev->event == RDMA_CM_EVENT_DISCONNECTED) {
					printf("disconnected\n");
					conn_free(&c);
					memset(pending, 0, sizeof(pending));
				}
				rdma_ack_cm_event(ev);
			}
		} else if (type == T_PUT_DONE) {
			serve_put_done(&c, r, n);
		} else if (type == T_IMMEDIATE || type == T_PUT_REQ || type == T_GET_REQ) {
			static uint8_t req[MSG_SIZE];
			uint32_t lt = g32(r + 48 + 24);

			/* what we receive next lands in c.last: keep this one */
			memcpy(req, r, n);
			if (lt == LNET_GET)
				serve_get(&c, req, n, type);
			else if (lt == LNET_PUT)
				serve_put(&c, req, type);
			else if (lt != LNET_ACK && lt != LNET_REPLY)
				badf("LNet type %u", lt);
		} else {
			badf("message type %#x", type);
		}
		if (c.id && c.owed >= 4) {
			uint8_t *m = tx_slot(&c);

			hdr(&c, m, T_NOOP, 48);
			send_msg(&c, m, 48, false);
		}
	}
	printf("served pings %lu puts %lu gets %lu bytes %lu\n", n_pings, n_puts, n_gets, n_bytes);
	conn_free(&c);
	return bad;
}

/* ---- badconnect and vanish ----------------------------------------------- */

static int cmd_badconnect(const char *addr, const char *my, const char *node,
			  const char *kind)
{
	struct conn c = { 0 };
	uint8_t pd[56], rej[24];
	uint8_t plen = 56;
	int port = 1023, why;

	c.ec = rdma_create_event_channel();
	c.my_nid = nid_of(my);
	c.node_nid = nid_of(node);
	c.my_stamp = 0x1234;
	connreq(&c, pd, 8, 0);
	p64(pd + 16, c.my_nid);
	p64(pd + 32, c.node_nid);
	if (!strcmp(kind, "empty"))
		plen = 0;
	else if (!strcmp(kind, "short"))
		plen = 20;
	else if (!strcmp(kind, "magic"))
		p32(pd, 0x45726963);	/* socklnd's */
	else if (!strcmp(kind, "version"))
		p16(pd + 4, 0x13);
	else if (!strcmp(kind, "nob"))
		p32(pd + 8, 4000);
	else if (!strcmp(kind, "queue"))
		p16(pd + 48, 65535);
	else if (!strcmp(kind, "frags"))
		p16(pd + 50, 65535);
	else if (!strcmp(kind, "msgsize"))
		p32(pd + 52, 1 << 20);
	else if (!strcmp(kind, "dstnid"))
		p64(pd + 32, c.node_nid + 1);
	else if (!strcmp(kind, "srcnid"))
		p64(pd + 16, c.my_nid + 7);	/* not the address it comes from */
	else if (!strcmp(kind, "port"))
		port = 40000;
	else
		return 2;
	why = do_connect(&c, addr, 8, 0, plen ? pd : NULL, plen, port, rej);
	if (!plen && why < 0)
		why = 0;
	if (why > 0)
		printf("rejected why %d\n", why);
	else
		printf("accepted\n");
	conn_free(&c);
	return bad;
}

static int cmd_vanish(const char *addr, const char *my, const char *node, const char *how)
{
	struct conn c = { 0 };
	uint8_t rej[24], *m, *a, type;
	uint32_t n;
	int why;

	c.ec = rdma_create_event_channel();
	c.my_nid = nid_of(my);
	c.node_nid = nid_of(node);
	c.my_stamp = 0x4321;
	why = do_connect(&c, addr, 8, 0, NULL, 0, 1023, rej);
	if (why == 5) {		/* a new instance to the node: again, as stock */
		conn_free(&c);
		why = do_connect(&c, addr, 8, g64(rej + 8), NULL, 0, 1023, rej);
	}
	if (why) {
		badf("not connected (%d)", why);
		return 1;
	}
	/* a PUT_REQ of 1 MiB into the bench sink */
	m = tx_slot(&c);
	lnet_msg_start(&c, m, T_PUT_REQ, 128, c.node_nid, LNET_PUT, BIG);
	p64(m + 80, NONE64);
	p64(m + 88, NONE64);
	p64(m + 96, BENCH_MB_PUT);
	p32(m + 112, BENCH_PORTAL);
	p64(m + 120, 0x99);
	send_msg(&c, m, 128, true);
	a = recv_msg(&c, 10000, &type, &n);
	if (!a || type != T_PUT_ACK) {
		badf("no PUT_ACK");
		return 1;
	}
	if (!strcmp(how, "badkey")) {
		m = tx_slot(&c);
		hdr(&c, m, T_PUT_DONE, 60);
		p64(m + 48, g64(a + 56));
		p32(m + 56, BIG);
		write_and_send(&c, pattern, BIG, g64(a + 76), g32(a + 64) + 1, m, 60);
		recv_msg(&c, 3000, &type, &n);
	}
	printf("done\n");
	fflush(stdout);
	_exit(0);	/* vanish: no disconnect */
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	make_pattern();
	if (argc == 6 && !strcmp(argv[1], "connect")) {
		load_vectors(argv[2]);
		return cmd_connect(argv[3], argv[4], argv[5]);
	}
	if (argc == 6 && !strcmp(argv[1], "serve")) {
		load_vectors(argv[2]);
		return cmd_serve(argv[3], argv[4], atoi(argv[5]));
	}
	if (argc == 7 && !strcmp(argv[1], "badconnect")) {
		load_vectors(argv[2]);
		return cmd_badconnect(argv[3], argv[4], argv[5], argv[6]);
	}
	if (argc == 7 && !strcmp(argv[1], "vanish")) {
		load_vectors(argv[2]);
		return cmd_vanish(argv[3], argv[4], argv[5], argv[6]);
	}
	fprintf(stderr, "usage: see the top of o2ibpeer.c\n");
	return 2;
}

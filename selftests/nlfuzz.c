// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a bounded fuzzer of the lnetmr generic netlink family.
 *
 * usage: nlfuzz [-s SEED] [-n CASES] [-t SECONDS] [-v]
 *
 * Each case is one request: an op of the family (or a number that is
 * none), as a do or a dump, with attributes that are either plausible (a
 * request the op may take, so that NIs, rails, peers, rules and benches
 * come and go in any order), a valid request mutated (an attribute dropped, repeated, retyped, resized,
 * given an extreme value) or drawn at random (any type number, integers
 * of every width at their limits, strings short, long, unterminated,
 * nests of nests, lengths that overrun the message).  Every request must
 * be answered: an ACK, a reply and an ACK, a dump ending in DONE, or an
 * error.  An error must say what was wrong (an extack message or the
 * offending attribute), except the few the generic netlink core gives
 * before the family sees the request (see bare_error_allowed()).
 *
 * Prints one line per outcome class and, with -v, each case.  Exits 1
 * when a request went unanswered or an error said nothing, 2 on a usage
 * or socket error.  The same seed gives the same cases.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/lnetmr.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define BUF_SIZE	16384
#define ANSWER_MS	20000	/* a request unanswered this long is a failure */
#define MAX_ATTRS	12
#define MAX_DEPTH	3

static uint64_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift64*: reproducible from the seed, good enough for fuzzing */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(unsigned int one_in)
{
	return below(one_in) == 0;
}

/* ---- what the family takes ------------------------------------------- */

enum kind { K_U8, K_U16, K_U32, K_U64, K_STR, K_FLAG, K_NEST };

struct attr_def {
	int type;
	enum kind kind;
};

struct op_def {
	const char *name;
	int cmd;
	int dump;	/* the op has a dump */
	int max_attr;	/* of its attribute set */
	struct attr_def attrs[8];
	int nattrs;
};

#define A(t, k) { LNETMR_A_##t, K_##k }

static const struct op_def ops[] = {
	{ "node-get", LNETMR_CMD_NODE_GET, 0, LNETMR_A_NODE_MAX, { }, 0 },
	{ "node-set", LNETMR_CMD_NODE_SET, 0, LNETMR_A_NODE_MAX,
	  { A(NODE_DISCOVERY, U8), A(NODE_TRANSACTION_TIMEOUT, U32),
	    A(NODE_STRIPE_THRESHOLD, U32), A(NODE_ACCEPT_ANY_PORT, U8),
	    A(NODE_TIMEOUT, U32), A(NODE_BENCH_SINK_MAX, U32), A(NODE_PEER_AGE, U32) }, 7 },
	{ "ni-add", LNETMR_CMD_NI_ADD, 0, LNETMR_A_NI_MAX, { A(NI_NET, STR) }, 1 },
	{ "ni-del", LNETMR_CMD_NI_DEL, 0, LNETMR_A_NI_MAX, { A(NI_NET, STR) }, 1 },
	{ "ni-get", LNETMR_CMD_NI_GET, 1, LNETMR_A_NI_MAX, { A(NI_NET, STR) }, 1 },
	{ "rail-add", LNETMR_CMD_RAIL_ADD, 0, LNETMR_A_RAIL_MAX,
	  { A(RAIL_NET, STR), A(RAIL_IFNAME, STR), A(RAIL_SPEED, U32) }, 3 },
	{ "rail-del", LNETMR_CMD_RAIL_DEL, 0, LNETMR_A_RAIL_MAX,
	  { A(RAIL_NET, STR), A(RAIL_IFNAME, STR) }, 2 },
	{ "rail-get", LNETMR_CMD_RAIL_GET, 1, LNETMR_A_RAIL_MAX,
	  { A(RAIL_NET, STR), A(RAIL_IFNAME, STR) }, 2 },
	{ "peer-get", LNETMR_CMD_PEER_GET, 1, LNETMR_A_PEER_MAX, { A(PEER_PRIMARY_NID, U64) }, 1 },
	{ "peer-add", LNETMR_CMD_PEER_ADD, 0, LNETMR_A_PEER_MAX,
	  { A(PEER_PRIMARY_NID, U64), A(PEER_NID, U64), A(PEER_NID, U64) }, 3 },
	{ "peer-del", LNETMR_CMD_PEER_DEL, 0, LNETMR_A_PEER_MAX,
	  { A(PEER_PRIMARY_NID, U64), A(PEER_NID, U64) }, 2 },
	{ "ping", LNETMR_CMD_PING, 0, LNETMR_A_PING_MAX,
	  { A(PING_NID, U64), A(PING_TIMEOUT, U32) }, 2 },
	{ "bench-start", LNETMR_CMD_BENCH_START, 0, LNETMR_A_BENCH_MAX,
	  { A(BENCH_TARGET, U64), A(BENCH_OP, U8), A(BENCH_SIZE, U32), A(BENCH_COUNT, U64),
	    A(BENCH_DURATION, U32), A(BENCH_CONCURRENCY, U32) }, 6 },
	{ "bench-get", LNETMR_CMD_BENCH_GET, 0, LNETMR_A_BENCH_MAX, { A(BENCH_ID, U32) }, 1 },
	{ "bench-stop", LNETMR_CMD_BENCH_STOP, 0, LNETMR_A_BENCH_MAX, { A(BENCH_ID, U32) }, 1 },
	{ "policy-add", LNETMR_CMD_POLICY_ADD, 0, LNETMR_A_POLICY_MAX,
	  { A(POLICY_KIND, U8), A(POLICY_NID, U64), A(POLICY_NET, STR), A(POLICY_PRIORITY, U32) },
	  4 },
	{ "policy-del", LNETMR_CMD_POLICY_DEL, 0, LNETMR_A_POLICY_MAX,
	  { A(POLICY_ID, U32), A(POLICY_KIND, U8), A(POLICY_NID, U64), A(POLICY_NET, STR) }, 4 },
	{ "policy-get", LNETMR_CMD_POLICY_GET, 1, LNETMR_A_POLICY_MAX, { }, 0 },
};

#define NOPS	(sizeof(ops) / sizeof(ops[0]))

/* ---- values ----------------------------------------------------------- */

static const char *const strings[] = {
	"tcp0", "tcp1", "tcp", "o2ib0", "o2ib1", "o2ib", "tcp4294967295", "gni0", "lo0",
	"eth0", "lo", "fz0", "fz1", "nosuchdev", "", "0", "tcp0 ", "TCP0", "tcp-1",
	"aaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa",
};

static uint64_t nid_of(uint32_t net_type, uint32_t net_num, uint32_t addr)
{
	return ((uint64_t)((net_type << 16) | net_num) << 32) | addr;
}

static uint64_t some_nid(void)
{
	static const uint32_t addrs[] = {
		0x0a1e0001, 0x0a1e0002, 0x0a1e0101, 0x7f000001, 0, 0xffffffff,
	};
	uint32_t types[] = { 2, 5, 0, 9, 0xffff };	/* SOCKLND, O2IBLND, LO, other */

	if (chance(8))
		return ((uint64_t)rnd() << 32) | rnd();
	return nid_of(types[below(5)], chance(4) ? below(3) : 0, addrs[below(6)]);
}

static uint64_t some_int(enum kind k)
{
	static const uint64_t edges[] = {
		0, 1, 2, 3, 7, 8, 100, 1000, 4095, 4096, 65535, 65536, 65537, 1 << 20,
		64 << 20, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, ~0ULL,
	};
	uint64_t v = chance(4) ? ((uint64_t)rnd() << 32 | rnd()) : edges[below(21)];

	if (k == K_U64 && chance(2))
		return some_nid();
	return v;
}

/* ---- building a request ---------------------------------------------- */

struct req {
	char buf[BUF_SIZE];
	size_t len;
};

/* append an attribute header and @n payload bytes; returns the header */
static struct nlattr *put(struct req *r, uint16_t type, const void *data, size_t n)
{
	struct nlattr *a = (struct nlattr *)(r->buf + r->len);
	size_t total = NLA_ALIGN(NLA_HDRLEN + n);

	if (r->len + total > BUF_SIZE)
		return NULL;
	memset(a, 0, total);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + n;
	if (data && n)
		memcpy((char *)a + NLA_HDRLEN, data, n);
	r->len += total;
	return a;
}

static void put_int(struct req *r, uint16_t type, unsigned int width, uint64_t v)
{
	uint8_t v8 = v;
	uint16_t v16 = v;
	uint32_t v32 = v;

	switch (width) {
	case 1: put(r, type, &v8, 1); break;
	case 2: put(r, type, &v16, 2); break;
	case 4: put(r, type, &v32, 4); break;
	default: put(r, type, &v, 8); break;
	}
}

static void put_string(struct req *r, uint16_t type)
{
	char s[512];
	size_t n;

	switch (below(6)) {
	case 0:		/* long */
		n = 17 + below(400);
		memset(s, 'a' + below(26), n);
		s[n] = 0;
		put(r, type, s, n + 1);
		return;
	case 1:		/* not terminated */
		n = 1 + below(16);
		memset(s, 'x', n);
		put(r, type, s, n);
		return;
	case 2:		/* random bytes */
		n = below(40);
		for (size_t i = 0; i < n; i++)
			s[i] = rnd();
		put(r, type, s, n);
		return;
	default: {
		const char *w = strings[below(sizeof(strings) / sizeof(strings[0]))];

		put(r, type, w, strlen(w) + 1);
	}
	}
}

static void put_random(struct req *r, int max_type, int depth);

static void put_nest(struct req *r, uint16_t type, int max_type, int depth)
{
	size_t start = r->len;
	struct nlattr *a = put(r, type | NLA_F_NESTED, NULL, 0);
	int n = below(4);

	if (!a)
		return;
	while (n-- > 0 && depth < MAX_DEPTH)
		put_random(r, max_type, depth + 1);
	a = (struct nlattr *)(r->buf + start);
	a->nla_len = r->len - start;
}

static void put_value(struct req *r, uint16_t type, enum kind k, int max_type, int depth)
{
	switch (k) {
	case K_U8: put_int(r, type, 1, some_int(k)); break;
	case K_U16: put_int(r, type, 2, some_int(k)); break;
	case K_U32: put_int(r, type, 4, some_int(k)); break;
	case K_U64: put_int(r, type, 8, some_int(k)); break;
	case K_STR: put_string(r, type); break;
	case K_FLAG: put(r, type, NULL, 0); break;
	case K_NEST: put_nest(r, type, max_type, depth); break;
	}
}

/* one attribute of any type number, any shape */
static void put_random(struct req *r, int max_type, int depth)
{
	uint16_t type = below(max_type + 4);
	unsigned char raw[4096];
	size_t n;

	if (chance(16))
		type |= NLA_F_NET_BYTEORDER;
	switch (below(8)) {
	case 0:
		put_nest(r, type, max_type, depth);
		return;
	case 1:
		n = chance(8) ? 1000 + below(3000) : below(64);
		for (size_t i = 0; i < n; i++)
			raw[i] = rnd();
		put(r, type, raw, n);
		return;
	default:
		put_value(r, type, (enum kind)below(K_NEST + 1), max_type, depth);
	}
}

/* a valid-looking request for @op with one or two things wrong in it */
static void put_mutated(struct req *r, const struct op_def *op)
{
	int drop = chance(3) ? (int)below(op->nattrs + 1) : -1;

	for (int i = 0; i < op->nattrs; i++) {
		const struct attr_def *d = &op->attrs[i];

		if (i == drop)
			continue;
		switch (below(10)) {
		case 0:		/* the wrong width */
			put_int(r, d->type, 1u << below(4), some_int(K_U64));
			break;
		case 1:		/* repeated */
			put_value(r, d->type, d->kind, op->max_attr, 0);
			put_value(r, d->type, d->kind, op->max_attr, 0);
			break;
		case 2:		/* as a nest */
			put_nest(r, d->type, op->max_attr, 0);
			break;
		default:
			put_value(r, d->type, d->kind, op->max_attr, 0);
		}
	}
	if (chance(3))
		put_random(r, op->max_attr, 0);
}

/* G's NID in netlink_fuzz.sh (10.30.0.2@tcp), a silent one, and F's own */
static uint64_t test_nid(void)
{
	static const uint32_t addrs[] = { 0x0a1e0002, 0x0a1e0003, 0x0a1e0001 };

	return nid_of(2, 0, addrs[below(3)]);
}

/*
 * A value the op would take, for the attribute of type @type: so that
 * requests also succeed, and the code behind the checks (NIs, rails,
 * peers, rules and benches made, changed and removed in any order) runs.
 */
static void put_plausible(struct req *r, const struct op_def *op, const struct attr_def *d)
{
	static const char *const nets[] = { "tcp0", "tcp1", "o2ib0" };
	static const char *const devs[] = { "eth0", "lo", "fz0" };
	static const uint32_t sizes[] = { 0, 1, 4096, 65536, 1 << 20 };
	const char *str = NULL;
	uint64_t v = 0;

	switch (d->kind) {
	case K_STR:
		/* an interface name for a rail op's ifname, else a network */
		str = op->max_attr == LNETMR_A_RAIL_MAX && d->type == LNETMR_A_RAIL_IFNAME ?
		      devs[below(3)] : nets[below(3)];
		put(r, d->type, str, strlen(str) + 1);
		return;
	case K_U64:
		v = op->cmd == LNETMR_CMD_BENCH_START && d->type == LNETMR_A_BENCH_COUNT ?
		    1 + below(20) : test_nid();
		break;
	default:
		break;
	}
	switch (op->cmd) {
	case LNETMR_CMD_NODE_SET:
		v = d->type == LNETMR_A_NODE_DISCOVERY || d->type == LNETMR_A_NODE_ACCEPT_ANY_PORT ?
		    below(2) : d->type == LNETMR_A_NODE_BENCH_SINK_MAX ? (1u << 20) << below(7) :
		    d->type == LNETMR_A_NODE_STRIPE_THRESHOLD ? 4096u << below(9) :
		    1000 + below(60000);
		break;
	case LNETMR_CMD_RAIL_ADD:
		v = 100 * (1 + below(1000));			/* speed */
		break;
	case LNETMR_CMD_PING:
		v = 100 + below(200);				/* timeout */
		break;
	case LNETMR_CMD_BENCH_START:
		if (d->type == LNETMR_A_BENCH_OP)
			v = below(2);
		else if (d->type == LNETMR_A_BENCH_SIZE)
			v = sizes[below(5)];
		else if (d->type == LNETMR_A_BENCH_DURATION)
			v = 1 + below(2);
		else if (d->type == LNETMR_A_BENCH_CONCURRENCY)
			v = 1 + below(8);
		break;
	case LNETMR_CMD_BENCH_GET:
	case LNETMR_CMD_BENCH_STOP:
		v = below(20);					/* id */
		break;
	case LNETMR_CMD_POLICY_ADD:
	case LNETMR_CMD_POLICY_DEL:
		if (d->type == LNETMR_A_POLICY_KIND)
			v = below(2);
		else if (d->type == LNETMR_A_POLICY_PRIORITY || d->type == LNETMR_A_POLICY_ID)
			v = below(20);
		break;
	default:
		break;
	}
	switch (d->kind) {
	case K_U8: put_int(r, d->type, 1, v); break;
	case K_U16: put_int(r, d->type, 2, v); break;
	case K_U32: put_int(r, d->type, 4, v); break;
	case K_U64: put_int(r, d->type, 8, v); break;
	default: break;
	}
}

/* a request the op may well take: each attribute plausible, some left out */
static void put_plausible_request(struct req *r, const struct op_def *op)
{
	for (int i = 0; i < op->nattrs; i++)
		if (!chance(6))
			put_plausible(r, op, &op->attrs[i]);
}

/* ---- the case --------------------------------------------------------- */

struct fuzz_case {
	int cmd;
	const char *name;
	int dump;
	uint8_t version;
	struct req r;
};

static void make_case(struct fuzz_case *c, int family, uint32_t seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)c->r.buf;
	struct genlmsghdr *gh;
	const struct op_def *op = &ops[below(NOPS)];
	int nattrs, i;

	memset(&c->r, 0, sizeof(struct nlmsghdr) + GENL_HDRLEN);
	c->r.len = NLMSG_HDRLEN + GENL_HDRLEN;
	c->name = op->name;
	c->cmd = op->cmd;
	c->dump = op->dump ? chance(2) : chance(16);
	c->version = chance(16) ? rnd() : LNETMR_FAMILY_VERSION;
	if (chance(24)) {	/* a command number that is no op */
		c->cmd = chance(2) ? LNETMR_CMD_MAX + 1 + below(200) : 0;
		c->name = "none";
	} else if (chance(32)) {	/* a notification's number */
		c->cmd = LNETMR_CMD_NI_NEW_NTF + below(LNETMR_CMD_MAX - LNETMR_CMD_NI_NEW_NTF + 1);
		c->name = "ntf";
	}
	if (chance(3)) {
		put_plausible_request(&c->r, op);
	} else if (chance(2)) {
		put_mutated(&c->r, op);
	} else {
		nattrs = below(MAX_ATTRS);
		for (i = 0; i < nattrs; i++)
			put_random(&c->r, op->max_attr, 0);
	}
	/* a ping must not block the fuzzer: the last timeout is the one used */
	if (c->cmd == LNETMR_CMD_PING)
		put_int(&c->r, LNETMR_A_PING_TIMEOUT, 4, 100 + below(200));
	/* an attribute whose length overruns what follows it */
	if (chance(12) && c->r.len > NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN) {
		struct nlattr *a = (struct nlattr *)(c->r.buf + NLMSG_HDRLEN + GENL_HDRLEN);

		a->nla_len = chance(2) ? 2 : c->r.len + below(100);
	}
	nlh->nlmsg_len = c->r.len;
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (c->dump ? NLM_F_DUMP : 0);
	nlh->nlmsg_seq = seq;
	gh = (struct genlmsghdr *)NLMSG_DATA(nlh);
	gh->cmd = c->cmd;
	gh->version = c->version;
	if (chance(32)) {	/* a header cut short: only the netlink part */
		nlh->nlmsg_len = NLMSG_HDRLEN + below(GENL_HDRLEN);
		c->r.len = nlh->nlmsg_len;
	}
}

/* ---- talking to the kernel -------------------------------------------- */

static int nl_open(void)
{
	int one = 1, fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

/* the family's id from the controller, or -1 */
static int resolve_family(int fd)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} q = { 0 };
	static char buf[BUF_SIZE];
	struct nlattr *a = (struct nlattr *)q.attrs;
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	ssize_t n;
	int rem;

	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(LNETMR_FAMILY_NAME);
	memcpy((char *)a + NLA_HDRLEN, LNETMR_FAMILY_NAME, sizeof(LNETMR_FAMILY_NAME));
	q.n.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(a->nla_len);
	q.n.nlmsg_type = GENL_ID_CTRL;
	q.n.nlmsg_flags = NLM_F_REQUEST;
	q.g.cmd = CTRL_CMD_GETFAMILY;
	q.g.version = 1;
	if (send(fd, &q, q.n.nlmsg_len, 0) < 0)
		return -1;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < (ssize_t)NLMSG_HDRLEN || nlh->nlmsg_type != GENL_ID_CTRL)
		return -1;
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	for (a = (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	     rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
	return -1;
}

enum outcome { O_OK, O_ERR_SAID, O_ERR_BARE, O_ERR_BARE_OK, O_NO_ANSWER, O_MAX };

static const char *const outcome_names[O_MAX] = {
	"answered with success", "refused, saying why", "refused, saying nothing",
	"refused by the genetlink core", "not answered",
};

/*
 * Errors the generic netlink core returns before the family's code runs,
 * without an extack message: a permission check, an op or a dump the
 * family has not, a header cut short.
 */
static int bare_error_allowed(const struct fuzz_case *c, int err)
{
	if (err == EPERM || err == EOPNOTSUPP)
		return 1;
	return err == EINVAL && c->r.len < NLMSG_HDRLEN + GENL_HDRLEN;
}

/* do the TLVs from @tlv to the end of @nlh say what was wrong? */
static int tlvs_say(const struct nlmsghdr *nlh, const void *tlv, char *msg, size_t msg_size)
{
	long rem = (long)nlh->nlmsg_len - ((const char *)tlv - (const char *)nlh);
	const struct nlattr *a;
	int said = 0;

	msg[0] = 0;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	for (a = tlv; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
	     rem -= NLA_ALIGN(a->nla_len),
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		switch (a->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			snprintf(msg, msg_size, "%.*s", (int)(a->nla_len - NLA_HDRLEN),
				 (const char *)a + NLA_HDRLEN);
			said = 1;
			break;
		case NLMSGERR_ATTR_OFFS:
		case NLMSGERR_ATTR_MISS_TYPE:
		case NLMSGERR_ATTR_MISS_NEST:
			said = 1;
			break;
		}
	}
	return said;
}

/* does the error message @nlh say what was wrong? */
static int error_says(const struct nlmsghdr *nlh, char *msg, size_t msg_size)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t skip = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		skip += e->msg.nlmsg_len - NLMSG_HDRLEN;
	return tlvs_say(nlh, (const char *)e + skip, msg, msg_size);
}

/* send @c and read until its answer ends; the outcome, errno in *err */
static enum outcome run_case(int fd, const struct fuzz_case *c, int *err, char *msg,
			     size_t msg_size)
{
	static char buf[BUF_SIZE * 4];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	const struct nlmsghdr *nlh;
	ssize_t n;

	*err = 0;
	msg[0] = 0;
	if (send(fd, c->r.buf, c->r.len, 0) < 0) {
		*err = errno;
		return O_NO_ANSWER;
	}
	for (;;) {
		if (poll(&p, 1, ANSWER_MS) <= 0)
			return O_NO_ANSWER;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == ENOBUFS)	/* a dump overran our buffer: still answered */
				continue;
			*err = errno;
			return O_NO_ANSWER;
		}
		for (nlh = (const struct nlmsghdr *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			const struct nlmsgerr *e = NLMSG_DATA(nlh);

			if (nlh->nlmsg_seq != ((const struct nlmsghdr *)c->r.buf)->nlmsg_seq)
				continue;	/* an answer to an earlier case */
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int status = nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) ?
					     *(const int *)NLMSG_DATA(nlh) : 0;

				if (!status)
					return O_OK;
				*err = -status;
				if (tlvs_say(nlh, (const char *)NLMSG_DATA(nlh) + sizeof(int),
					     msg, msg_size))
					return O_ERR_SAID;
				return bare_error_allowed(c, *err) ? O_ERR_BARE_OK : O_ERR_BARE;
			}
			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;	/* a reply or a dump part */
			if (!e->error) {
				if (c->dump)
					continue;	/* the dump's own DONE follows */
				return O_OK;
			}
			*err = -e->error;
			if (error_says(nlh, msg, msg_size))
				return O_ERR_SAID;
			return bare_error_allowed(c, *err) ? O_ERR_BARE_OK : O_ERR_BARE;
		}
	}
}

static void dump_case(const struct fuzz_case *c)
{
	fprintf(stderr, "#   request (%zu bytes):", c->r.len);
	for (size_t i = 0; i < c->r.len && i < 256; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n#     ", (unsigned char)c->r.buf[i]);
	fprintf(stderr, "\n");
}

int main(int argc, char **argv)
{
	unsigned long cases = 1000, counts[O_MAX] = { 0 }, i;
	uint64_t seed = (uint64_t)time(NULL);
	unsigned int seconds = 0;
	time_t end;
	int verbose = 0, fd, family, opt;
	static struct fuzz_case c;

	while ((opt = getopt(argc, argv, "s:n:t:v")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': cases = strtoul(optarg, NULL, 0); break;
		case 't': seconds = strtoul(optarg, NULL, 0); break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: nlfuzz [-s SEED] [-n CASES] [-t SECONDS] [-v]\n");
			return 2;
		}
	}
	rng_state = seed ? seed : 1;
	fd = nl_open();
	if (fd < 0) {
		perror("nlfuzz: netlink socket");
		return 2;
	}
	family = resolve_family(fd);
	if (family < 0) {
		fprintf(stderr, "nlfuzz: family %s not found\n", LNETMR_FAMILY_NAME);
		return 2;
	}
	printf("# nlfuzz: seed %llu, %s\n", (unsigned long long)seed,
	       seconds ? "for a time" : "a fixed number of cases");
	end = time(NULL) + seconds;
	for (i = 0; seconds ? time(NULL) < end : i < cases; i++) {
		char msg[256];
		enum outcome o;
		int err;

		make_case(&c, family, (uint32_t)i + 1);
		o = run_case(fd, &c, &err, msg, sizeof(msg));
		counts[o]++;
		if (verbose || o == O_ERR_BARE || o == O_NO_ANSWER) {
			fprintf(stderr, "# case %lu: %s%s cmd %d: %s (errno %d%s%s)\n", i, c.name,
				c.dump ? " dump" : "", c.cmd, outcome_names[o], err,
				msg[0] ? ", " : "", msg);
			if (o == O_ERR_BARE || o == O_NO_ANSWER)
				dump_case(&c);
		}
		if (o == O_NO_ANSWER)	/* the socket's state is unknown now */
			break;
	}
	printf("# nlfuzz: %lu cases\n", i);
	for (int k = 0; k < O_MAX; k++)
		printf("%s: %lu\n", outcome_names[k], counts[k]);
	close(fd);
	return counts[O_ERR_BARE] || counts[O_NO_ANSWER] ? 1 : 0;
}

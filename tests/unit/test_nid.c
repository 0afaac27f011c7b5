// SPDX-License-Identifier: GPL-2.0
/*
 * test_nid.c - host unit tests for lnet/nid.c: NID and net parsing and
 * formatting, strictness of the accepted spellings, and buffer handling.
 *
 * Every parser call goes through a heap copy of exactly the given length
 * (no terminating NUL), so AddressSanitizer catches any read past @len.
 */
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nid.h"
#include "unit.h"

/* exact-length heap copy: never NUL-terminated */
static char *dup_exact(const char *s, size_t len)
{
	char *b = malloc(len ? len : 1);

	if (!b)
		abort();
	memcpy(b, s, len);
	return b;
}

static int nid_parse_n(const char *s, size_t len, lnet_nid_t *nid)
{
	char *b = dup_exact(s, len);
	int rc = lnet_nid_parse(b, len, nid);

	free(b);
	return rc;
}

static int net_parse_n(const char *s, size_t len, u32 *net)
{
	char *b = dup_exact(s, len);
	int rc = lnet_net_parse(b, len, net);

	free(b);
	return rc;
}

static int nid_parse_s(const char *s, lnet_nid_t *nid)
{
	return nid_parse_n(s, strlen(s), nid);
}

static int net_parse_s(const char *s, u32 *net)
{
	return net_parse_n(s, strlen(s), net);
}

/* ---- constants and inline helpers ---------------------------------------- */

static void test_helpers(void)
{
	lnet_nid_t nid = 0x00050001C0A80102ULL;

	CHECK(LNET_NID_LO_0 == 0x0009000000000000ULL, "LNET_NID_LO_0 is 0@lo");
	CHECK(LNET_NID_ANY == 0xffffffffffffffffULL, "LNET_NID_ANY is ~0");
	CHECK(LNET_PID_ANY == 0xffffffffU, "LNET_PID_ANY is ~0U");
	CHECK(LNET_PID_LUSTRE == 12345, "LNET_PID_LUSTRE is 12345");
	CHECK(SOCKLND == 2 && O2IBLND == 5 && LOLND == 9 && KFILND == 16 && EFALND == 18,
	      "LND type numbers");
	CHECK(lnet_nid_net(nid) == 0x00050001U, "lnet_nid_net");
	CHECK(lnet_nid_addr(nid) == 0xC0A80102U, "lnet_nid_addr");
	CHECK(lnet_net_type(lnet_nid_net(nid)) == O2IBLND, "lnet_net_type");
	CHECK(lnet_net_num(lnet_nid_net(nid)) == 1, "lnet_net_num");
	CHECK(lnet_mknet(O2IBLND, 1) == 0x00050001U, "lnet_mknet");
	CHECK(lnet_mknid(lnet_mknet(O2IBLND, 1), 0xC0A80102U) == nid, "lnet_mknid");
	CHECK(lnet_mknid(lnet_mknet(LOLND, 0), 0) == LNET_NID_LO_0, "lnet_mknid 0@lo");
	CHECK(lnet_lnd_name(SOCKLND) && !strcmp(lnet_lnd_name(SOCKLND), "tcp") &&
	      !strcmp(lnet_lnd_name(O2IBLND), "o2ib") && !strcmp(lnet_lnd_name(LOLND), "lo") &&
	      !strcmp(lnet_lnd_name(KFILND), "kfi") && !strcmp(lnet_lnd_name(EFALND), "efa"),
	      "lnet_lnd_name of known types");
	CHECK(!lnet_lnd_name(0) && !lnet_lnd_name(3) && !lnet_lnd_name(0xffff),
	      "lnet_lnd_name of unknown types is NULL");
}

/* ---- nets ---------------------------------------------------------------- */

static const struct {
	const char *s;
	u32 net;
	const char *canon;	/* NULL: same as s */
} good_nets[] = {
	{ "tcp",	0x00020000U, NULL },
	{ "tcp0",	0x00020000U, "tcp" },
	{ "tcp1",	0x00020001U, NULL },
	{ "tcp12",	0x0002000cU, NULL },
	{ "tcp65535",	0x0002ffffU, NULL },
	{ "o2ib",	0x00050000U, NULL },
	{ "o2ib1",	0x00050001U, NULL },
	{ "o2ib10",	0x0005000aU, NULL },
	{ "lo",		0x00090000U, NULL },
	{ "lo0",	0x00090000U, "lo" },
	{ "kfi",	0x00100000U, NULL },
	{ "kfi7",	0x00100007U, NULL },
	{ "efa",	0x00120000U, NULL },
	{ "efa3",	0x00120003U, NULL },
};

static const struct {
	const char *s;
	size_t len;	/* 0: strlen(s) */
} bad_nets[] = {
	{ "", 0 }, { "tcp01", 0 }, { "tcp00", 0 }, { "tcp65536", 0 },
	{ "tcp100000", 0 }, { "tcp4294967296", 0 },
	{ "tcp99999999999999999999999", 0 }, { "tcp-1", 0 }, { "tcp+1", 0 },
	{ "+tcp", 0 }, { " tcp", 0 }, { "tcp ", 0 }, { "TCP", 0 }, { "Tcp", 0 },
	{ "o2ib 1", 0 }, { "foo", 0 }, { "tc", 0 }, { "t", 0 }, { "tcpx", 0 },
	{ "tcp1x", 0 }, { "lo1", 0 }, { "lo00", 0 }, { "lo65535", 0 },
	{ "o2ib1a", 0 }, { "1tcp", 0 }, { "o2", 0 }, { "o2ib-1", 0 },
	{ "tcp@", 0 }, { "tcp.1", 0 }, { "kfi0x1", 0 }, { "tcptcp", 0 },
	{ "ib", 0 }, { "sock", 0 }, { "tcp\0", 4 }, { "t\0cp", 4 },
	{ "\0", 1 }, { "tcp1\0", 5 }, { "\0tcp", 4 },
};

static void test_net_parse(void)
{
	char buf[LNET_NETSTR_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good_nets); i++) {
		const char *canon = good_nets[i].canon ? good_nets[i].canon : good_nets[i].s;
		u32 net = 0xdeadbeef, net2 = 0;
		int rc = net_parse_s(good_nets[i].s, &net);
		int n = lnet_net_format(net, buf, sizeof(buf));

		CHECK(rc == 0 && net == good_nets[i].net && n == (int)strlen(canon) &&
		      !strcmp(buf, canon) && net_parse_s(buf, &net2) == 0 && net2 == net,
		      "net \"%s\" parses to 0x%08x, formats as \"%s\" and re-parses",
		      good_nets[i].s, good_nets[i].net, canon);
	}

	for (i = 0; i < ARRAY_SIZE(bad_nets); i++) {
		size_t len = bad_nets[i].len ? bad_nets[i].len : strlen(bad_nets[i].s);
		u32 net = 0x12345678;
		int rc = net_parse_n(bad_nets[i].s, len, &net);

		CHECK(rc == -EINVAL && net == 0x12345678,
		      "net \"%s\" (len %zu) rejected with -EINVAL, output untouched",
		      unit_esc(bad_nets[i].s, len), len);
	}

	{
		u32 net = 0;

		/* only len characters count; the rest of the string is ignored */
		CHECK(lnet_net_parse("tcp1XYZ", 4, &net) == 0 && net == 0x00020001U,
		      "net parse stops at len (\"tcp1\" out of \"tcp1XYZ\")");
		CHECK(lnet_net_parse("tcp12", 4, &net) == 0 && net == 0x00020001U,
		      "net parse of \"tcp12\" with len 4 gives tcp1");
		CHECK(lnet_net_parse("tcp", 2, &net) == -EINVAL, "\"tc\" (len 2) rejected");
		CHECK(lnet_net_parse(NULL, 0, &net) == -EINVAL, "NULL with len 0 rejected");
	}
}

static void test_net_format(void)
{
	static const struct {
		u32 net;
		const char *s;
	} cases[] = {
		{ 0x00020000U, "tcp" },
		{ 0x00020003U, "tcp3" },
		{ 0x0005ffffU, "o2ib65535" },
		{ 0x00090000U, "lo" },
		{ 0x00120001U, "efa1" },
		{ LNET_NET_ANY, "<?>" },
		{ 0x00630003U, "<99:3>" },
		{ 0xfffeffffU, "<65534:65535>" },
		{ 0x00000000U, "<0:0>" },
	};
	char buf[LNET_NETSTR_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int n;

		memset(buf, 'X', sizeof(buf));
		n = lnet_net_format(cases[i].net, buf, sizeof(buf));
		CHECK(n == (int)strlen(cases[i].s) && !strcmp(buf, cases[i].s) &&
		      n < LNET_NETSTR_SIZE,
		      "net 0x%08x formats as \"%s\"", cases[i].net, cases[i].s);
	}
	CHECK(lnet_net_format(0x00020003U, NULL, 0) == 4,
	      "net format with size 0 returns the full length");
}

/* ---- NIDs ---------------------------------------------------------------- */

static const struct {
	const char *s;
	lnet_nid_t nid;
	const char *canon;	/* NULL: same as s */
} good_nids[] = {
	{ "192.168.1.2@o2ib1",		0x00050001C0A80102ULL, NULL },
	{ "0@lo",			0x0009000000000000ULL, NULL },
	{ "0@lo0",			0x0009000000000000ULL, "0@lo" },
	{ "10.0.0.1@tcp",		0x000200000A000001ULL, NULL },
	{ "10.0.0.1@tcp0",		0x000200000A000001ULL, "10.0.0.1@tcp" },
	{ "10.80.0.1@tcp",		0x000200000A500001ULL, NULL },
	{ "10.80.0.2@tcp",		0x000200000A500002ULL, NULL },
	{ "0.0.0.0@tcp",		0x0002000000000000ULL, NULL },
	{ "255.255.255.255@tcp65535",	0x0002FFFFFFFFFFFFULL, NULL },
	{ "255.255.255.255@o2ib65535",	0x0005FFFFFFFFFFFFULL, NULL },
	{ "172.16.5.9@o2ib",		0x00050000AC100509ULL, NULL },
	{ "172.16.5.9@o2ib0",		0x00050000AC100509ULL, "172.16.5.9@o2ib" },
	{ "1.2.3.4@kfi7",		0x0010000701020304ULL, NULL },
	{ "100.64.0.10@efa",		0x001200006440000AULL, NULL },
	{ "9.8.7.6@tcp10",		0x0002000A09080706ULL, NULL },
	{ "192.168.100.200@o2ib300",	0x0005012CC0A864C8ULL, NULL },
	{ "1.0.0.0@tcp1",		0x0002000101000000ULL, NULL },
	{ "0.0.0.1@tcp1",		0x0002000100000001ULL, NULL },
	{ "10.10.10.10@tcp9",		0x000200090A0A0A0AULL, NULL },
	{ "199.99.9.0@efa65534",	0x0012FFFEC7630900ULL, NULL },
};

static const struct {
	const char *s;
	size_t len;	/* 0: strlen(s) */
} bad_nids[] = {
	{ "", 0 }, { "1.2.3@tcp", 0 }, { "1.2.3.256@tcp", 0 },
	{ "01.2.3.4@tcp", 0 }, { "1.2.3.4@", 0 }, { "1.2.3.4@tcp65536", 0 },
	{ "1.2.3.4@foo", 0 }, { "1@lo", 0 }, { "1.2.3.4@tcp junk", 0 },
	{ "1.2.3.4@tcpx", 0 }, { "1.2.3.4\0@tcp", 12 }, { "1.2.3.4@tcp\0", 12 },
	{ "1.2\0.3.4@tcp", 12 }, { "0@lo\0", 5 }, { "\0", 1 },
	{ "@tcp", 0 }, { "1.2.3.4", 0 }, { "1.2.3.4@@tcp", 0 },
	{ "1.2.3.4@tcp@tcp", 0 }, { "1..2.3@tcp", 0 }, { ".1.2.3.4@tcp", 0 },
	{ "1.2.3.4.@tcp", 0 }, { "1.2.3.4.5@tcp", 0 }, { "1.2.3.-4@tcp", 0 },
	{ "1.2.3.+4@tcp", 0 }, { " 1.2.3.4@tcp", 0 }, { "1.2.3.4 @tcp", 0 },
	{ "1.2.3.4@ tcp", 0 }, { "1.2.3.4@tcp ", 0 }, { "0x1.2.3.4@tcp", 0 },
	{ "1.2.3.4@lo", 0 }, { "0.0.0.0@lo", 0 }, { "00@lo", 0 }, { "@lo", 0 },
	{ "0@", 0 }, { "0@lo1", 0 }, { "0@LO", 0 }, { "1.2.3.4@TCP", 0 },
	{ "1.2.3.0400@tcp", 0 }, { "1.2.3.4000@tcp", 0 }, { "1.2.3.00@tcp", 0 },
	{ "4294967296.0.0.0@tcp", 0 }, { "99999999999999999999.1.1.1@tcp", 0 },
	{ "1.2.3.99999999999999999999@tcp", 0 }, { "256.0.0.0@tcp", 0 },
	{ "1.2.3.4@tcp01", 0 }, { "1.2.3.4@tcp-0", 0 }, { "16909060@tcp", 0 },
	{ "1.2.3.4@o2ib1a", 0 }, { "1.2.3.4@ib", 0 }, { "...@tcp", 0 },
	{ ".@tcp", 0 }, { "1.2.3.@tcp", 0 }, { "a.b.c.d@tcp", 0 },
	{ "1.2.3.4@tcp\n", 0 }, { "\t1.2.3.4@tcp", 0 }, { "@", 0 },
	{ "0@tcp", 0 }, { "1.2.3.4@<2:0>", 0 }, { "<?>", 0 },
};

/*
 * Spelling oracle: an accepted string must be exactly the canonical
 * formatting of its NID, or that plus a trailing explicit net number "0".
 */
static int canonical_ok(const char *s, size_t len, lnet_nid_t nid)
{
	char buf[LNET_NIDSTR_SIZE];
	size_t n = (size_t)lnet_nid_format(nid, buf, sizeof(buf));

	if (len == n && !memcmp(s, buf, n))
		return 1;
	return len == n + 1 && !memcmp(s, buf, n) && s[n] == '0';
}

static void test_nid_parse(void)
{
	char buf[LNET_NIDSTR_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good_nids); i++) {
		const char *canon = good_nids[i].canon ? good_nids[i].canon : good_nids[i].s;
		lnet_nid_t nid = 0, nid2 = 0;
		int rc = nid_parse_s(good_nids[i].s, &nid);
		int n = lnet_nid_format(nid, buf, sizeof(buf));

		CHECK(rc == 0 && nid == good_nids[i].nid && n == (int)strlen(canon) &&
		      !strcmp(buf, canon) && nid_parse_s(buf, &nid2) == 0 && nid2 == nid,
		      "NID \"%s\" parses to 0x%016llx, formats as \"%s\" and re-parses",
		      good_nids[i].s, good_nids[i].nid, canon);
	}

	for (i = 0; i < ARRAY_SIZE(bad_nids); i++) {
		size_t len = bad_nids[i].len ? bad_nids[i].len : strlen(bad_nids[i].s);
		lnet_nid_t nid = 0x1122334455667788ULL;
		int rc = nid_parse_n(bad_nids[i].s, len, &nid);

		CHECK(rc == -EINVAL && nid == 0x1122334455667788ULL,
		      "NID \"%s\" (len %zu) rejected with -EINVAL, output untouched",
		      unit_esc(bad_nids[i].s, len), len);
	}

	{
		lnet_nid_t nid = 0;

		CHECK(lnet_nid_parse("10.0.0.1@tcpXYZ", 12, &nid) == 0 &&
		      nid == 0x000200000A000001ULL,
		      "NID parse stops at len (not NUL-terminated within len)");
		CHECK(nid_parse_n("10.0.0.1@tcp1", 12, &nid) == 0 &&
		      nid == 0x000200000A000001ULL,
		      "\"10.0.0.1@tcp1\" with len 12 is 10.0.0.1@tcp");
		CHECK(nid_parse_n("10.0.0.1@tcp", 11, &nid) == -EINVAL,
		      "\"10.0.0.1@tc\" (len 11) rejected");
		CHECK(nid_parse_n("0@lo", 3, &nid) == -EINVAL, "\"0@l\" (len 3) rejected");
		CHECK(lnet_nid_parse(NULL, 0, &nid) == -EINVAL, "NULL with len 0 rejected");
	}

	/* every proper prefix of a good NID is either rejected or a valid NID */
	{
		unsigned int bad = 0, accepted = 0;

		for (i = 0; i < ARRAY_SIZE(good_nids); i++) {
			size_t len, full = strlen(good_nids[i].s);

			for (len = 0; len < full; len++) {
				lnet_nid_t nid = 0, nid2 = 0;

				if (nid_parse_n(good_nids[i].s, len, &nid))
					continue;
				accepted++;
				lnet_nid_format(nid, buf, sizeof(buf));
				if (nid_parse_s(buf, &nid2) || nid2 != nid ||
				    !canonical_ok(good_nids[i].s, len, nid) ||
				    lnet_nid_addr(nid) != lnet_nid_addr(good_nids[i].nid) ||
				    lnet_net_type(lnet_nid_net(nid)) !=
				    lnet_net_type(lnet_nid_net(good_nids[i].nid)))
					bad++;
			}
		}
		CHECK(bad == 0 && accepted > 0,
		      "prefixes of good NIDs: rejected unless a shorter net number (%u accepted)",
		      accepted);
	}
}

static void test_nid_format(void)
{
	static const struct {
		lnet_nid_t nid;
		const char *s;
	} cases[] = {
		{ LNET_NID_ANY,			"<?>" },
		{ LNET_NID_LO_0,		"0@lo" },
		{ 0x0009000000000005ULL,	"5@lo" },
		{ 0x0063000301020304ULL,	"0x1020304@<99:3>" },
		{ 0xfffeffffffffffffULL,	"0xffffffff@<65534:65535>" },
		{ 0x0005FFFFFFFFFFFFULL,	"255.255.255.255@o2ib65535" },
		{ 0x00020000C0A80001ULL,	"192.168.0.1@tcp" },
		{ 0x0000000000000000ULL,	"0x0@<0:0>" },
		{ 0xffffffff00000000ULL,	"0x0@<?>" },
	};
	char buf[LNET_NIDSTR_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int n;

		memset(buf, 'X', sizeof(buf));
		n = lnet_nid_format(cases[i].nid, buf, sizeof(buf));
		CHECK(n == (int)strlen(cases[i].s) && !strcmp(buf, cases[i].s) &&
		      n < LNET_NIDSTR_SIZE,
		      "NID 0x%016llx formats as \"%s\"", cases[i].nid, cases[i].s);
	}

	{
		lnet_nid_t nid;

		CHECK(nid_parse_s("5@lo", &nid) == -EINVAL &&
		      nid_parse_s("0x1020304@<99:3>", &nid) == -EINVAL,
		      "formatted invalid NIDs do not parse back");
	}

	/* snprintf-like truncation, into exact-size heap buffers */
	{
		const lnet_nid_t nid = 0x00050001C0A80102ULL;
		const char *full = "192.168.1.2@o2ib1";
		size_t size, flen = strlen(full);
		unsigned int bad = 0;

		if (lnet_nid_format(nid, NULL, 0) != (int)flen)
			bad++;
		for (size = 1; size <= flen + 1; size++) {
			char *b = malloc(size);

			if (!b)
				abort();
			if (lnet_nid_format(nid, b, size) != (int)flen ||
			    strlen(b) != size - 1 || memcmp(b, full, size - 1))
				bad++;
			free(b);
		}
		CHECK(bad == 0, "NID format truncates like snprintf for every size 0..%zu",
		      flen + 1);
	}
}

/* ---- randomised ---------------------------------------------------------- */

static const u32 all_types[] = { SOCKLND, O2IBLND, LOLND, KFILND, EFALND };

static void test_random_roundtrip(void)
{
	unsigned int i, bad = 0, maxlen = 0;
	char buf[LNET_NIDSTR_SIZE];

	unit_srand(0x5eed0001);
	for (i = 0; i < 5000; i++) {
		u32 type = all_types[unit_rand_below(ARRAY_SIZE(all_types))];
		u32 num = type == LOLND ? 0 : (u32)unit_rand64() & 0xffff;
		u32 addr = type == LOLND ? 0 : (u32)unit_rand64();
		lnet_nid_t nid, nid2 = 0;
		u32 net2 = 0;
		int n;

		if (i % 4 == 0 && type != LOLND)
			num = 0;	/* exercise the omitted-number form */
		nid = lnet_mknid(lnet_mknet(type, num), addr);
		n = lnet_nid_format(nid, buf, sizeof(buf));
		if (n <= 0 || n >= LNET_NIDSTR_SIZE || (size_t)n != strlen(buf) ||
		    nid_parse_s(buf, &nid2) || nid2 != nid) {
			if (!bad)
				DIAG("round trip failed for 0x%016llx \"%s\"", nid, buf);
			bad++;
		}
		if ((unsigned int)n > maxlen)
			maxlen = (unsigned int)n;
		n = lnet_net_format(lnet_nid_net(nid), buf, sizeof(buf));
		if (n <= 0 || n >= LNET_NETSTR_SIZE || net_parse_s(buf, &net2) ||
		    net2 != lnet_nid_net(nid))
			bad++;
	}
	CHECK(bad == 0, "5000 random NIDs/nets of every LND round-trip (longest %u chars)",
	      maxlen);
}

static void test_random_strings(void)
{
	static const char *const pieces[] = {
		"0", "1", "2", "9", "10", "25", "255", "256", "01", "00", "999",
		"65535", "65536", ".", ".", ".", "@", "tcp", "o2ib", "lo", "kfi",
		"efa", "t", "o2", "x", " ", "-", "+", "\0", "1.2.3.4", "0@lo",
		"@tcp", "4294967296",
	};
	static const char alphabet[] = "0123456789.@tcpo2iblkfea x-+\0";
	unsigned int i, accepted = 0, bad = 0;
	char s[64];

	unit_srand(0x5eed0002);
	for (i = 0; i < 20000; i++) {
		size_t len = 0;
		lnet_nid_t nid = 0, nid2 = 0;
		unsigned int k, parts;

		if (i & 1) {
			/* structured: glue random pieces together */
			parts = 1 + unit_rand_below(9);
			for (k = 0; k < parts; k++) {
				const char *p = pieces[unit_rand_below(ARRAY_SIZE(pieces))];
				size_t pl = p[0] ? strlen(p) : 1;

				if (len + pl > sizeof(s))
					break;
				memcpy(s + len, p, pl);
				len += pl;
			}
		} else {
			len = unit_rand_below(28);
			for (k = 0; k < len; k++)
				s[k] = alphabet[unit_rand_below(sizeof(alphabet) - 1)];
		}

		if (nid_parse_n(s, len, &nid))
			continue;
		accepted++;
		if (!canonical_ok(s, len, nid) || nid_parse_n(s, len, &nid2) || nid2 != nid) {
			if (!bad)
				DIAG("accepted non-canonical \"%s\"", unit_esc(s, len));
			bad++;
		}
	}
	CHECK(bad == 0, "20000 random strings: every accepted one is a canonical spelling (%u accepted)",
	      accepted);

	/* single-character mutations of good NIDs */
	accepted = 0;
	bad = 0;
	for (i = 0; i < 20000; i++) {
		const char *g = good_nids[unit_rand_below(ARRAY_SIZE(good_nids))].s;
		size_t len = strlen(g), pos;
		lnet_nid_t nid = 0;

		memcpy(s, g, len);
		pos = unit_rand_below((u32)len + 1);
		switch (unit_rand_below(3)) {
		case 0:	/* replace */
			if (pos < len)
				s[pos] = alphabet[unit_rand_below(sizeof(alphabet) - 1)];
			break;
		case 1:	/* insert */
			memmove(s + pos + 1, s + pos, len - pos);
			s[pos] = alphabet[unit_rand_below(sizeof(alphabet) - 1)];
			len++;
			break;
		default: /* delete */
			if (pos < len) {
				memmove(s + pos, s + pos + 1, len - pos - 1);
				len--;
			}
			break;
		}
		if (nid_parse_n(s, len, &nid))
			continue;
		accepted++;
		if (!canonical_ok(s, len, nid)) {
			if (!bad)
				DIAG("accepted non-canonical \"%s\"", unit_esc(s, len));
			bad++;
		}
	}
	CHECK(bad == 0, "20000 mutated NIDs: every accepted one is a canonical spelling (%u accepted)",
	      accepted);
}

int main(void)
{
	test_helpers();
	test_net_parse();
	test_net_format();
	test_nid_parse();
	test_nid_format();
	test_random_roundtrip();
	test_random_strings();
	return unit_done();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * nid.c - parse and format classic LNet NIDs and nets.
 *
 * The parsers are deliberately strict, so that one NID has exactly one
 * accepted spelling apart from the optional network number 0:
 *  - LND names are lower case and must be one of the known ones;
 *  - numbers are plain decimal: no sign, no whitespace, no leading zeros
 *    ("0" itself is fine, "tcp01" and "01.2.3.4@tcp" are not);
 *  - network numbers are 0..65535, IPv4 octets 0..255, exactly 4 octets;
 *  - the loopback net only exists as number 0 ("lo" or "lo0") and its only
 *    address is "0".
 * Inputs are (pointer, length) pairs and need not be NUL-terminated; a NUL
 * byte inside the length is just an invalid character.
 *
 * Only snprintf/strlen/memcmp are used, so this builds in the kernel too.
 */
#include "compat.h"
#include "nid.h"

struct lnet_lnd_desc {
	u32 type;
	const char *name;
	bool ipv4;	/* address is written as a dotted IPv4 quad */
};

static const struct lnet_lnd_desc lnet_lnds[] = {
	{ SOCKLND,	"tcp",	true },
	{ O2IBLND,	"o2ib",	true },
	{ LOLND,	"lo",	false },
	{ KFILND,	"kfi",	true },
	{ EFALND,	"efa",	true },
};

static const struct lnet_lnd_desc *lnet_lnd_find(u32 type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lnet_lnds); i++)
		if (lnet_lnds[i].type == type)
			return &lnet_lnds[i];
	return NULL;
}

/**
 * lnet_lnd_name() - text name of an LND type
 * @type: LND type, see &enum lnet_lnd_type
 *
 * Return: the name ("tcp", "o2ib", ...), or NULL for an unknown type.
 */
const char *lnet_lnd_name(u32 type)
{
	const struct lnet_lnd_desc *lnd = lnet_lnd_find(type);

	return lnd ? lnd->name : NULL;
}

/*
 * Parse s[0..len) as a decimal number no larger than @max (which must stay
 * well below U32_MAX / 10). Rejects empty input, leading zeros and anything
 * but the digits 0-9.
 */
static int lnet_parse_dec(const char *s, size_t len, u32 max, u32 *val)
{
	u32 v = 0;
	size_t i;

	if (len == 0 || (len > 1 && s[0] == '0'))
		return -EINVAL;

	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (u32)(s[i] - '0');
		if (v > max)
			return -EINVAL;
	}
	*val = v;
	return 0;
}

/* Parse exactly four dot-separated octets into a host-order address. */
static int lnet_parse_ipv4(const char *s, size_t len, u32 *addr)
{
	size_t start = 0, i;
	unsigned int n = 0;
	u32 a = 0, octet;

	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (n == 4 ||
		    lnet_parse_dec(s + start, i - start, 255, &octet))
			return -EINVAL;
		a = (a << 8) | octet;
		n++;
		start = i + 1;
	}
	if (n != 4)
		return -EINVAL;
	*addr = a;
	return 0;
}

static const struct lnet_lnd_desc *lnet_net_parse_desc(const char *s, size_t len,
						       u32 *net)
{
	size_t i, nlen;
	u32 num = 0;

	for (i = 0; i < ARRAY_SIZE(lnet_lnds); i++) {
		const struct lnet_lnd_desc *lnd = &lnet_lnds[i];

		nlen = strlen(lnd->name);
		if (len < nlen || memcmp(s, lnd->name, nlen) != 0)
			continue;
		/* no known name is a prefix of another, so this is the one */
		if (len > nlen &&
		    lnet_parse_dec(s + nlen, len - nlen, LNET_NET_NUM_MAX, &num))
			return NULL;
		if (lnd->type == LOLND && num != 0)
			return NULL;
		*net = lnet_mknet(lnd->type, num);
		return lnd;
	}
	return NULL;
}

/**
 * lnet_net_parse() - parse a network name such as "tcp", "tcp0" or "o2ib1"
 * @s: text, need not be NUL-terminated
 * @len: number of characters of @s to parse
 * @net: result, written only on success
 *
 * The LND name must be known and lower case, the optional number is
 * decimal 0..65535 without leading zeros (so "tcp01" is rejected), and the
 * loopback net only accepts number 0.
 *
 * Return: 0 on success, -EINVAL if the text is not a valid net.
 */
int lnet_net_parse(const char *s, size_t len, u32 *net)
{
	u32 n;

	if (!lnet_net_parse_desc(s, len, &n))
		return -EINVAL;
	*net = n;
	return 0;
}

/**
 * lnet_nid_parse() - parse a NID such as "10.0.0.1@tcp" or "0@lo"
 * @s: text, need not be NUL-terminated
 * @len: number of characters of @s to parse
 * @nid: result, written only on success
 *
 * The address is a dotted IPv4 quad (exactly four decimal octets 0..255
 * without leading zeros) for tcp, o2ib, kfi and efa, and exactly "0" for lo.
 * The net follows the rules of lnet_net_parse().
 *
 * Return: 0 on success, -EINVAL if the text is not a valid NID.
 */
int lnet_nid_parse(const char *s, size_t len, lnet_nid_t *nid)
{
	const struct lnet_lnd_desc *lnd;
	size_t at;
	u32 net, addr;

	for (at = 0; at < len; at++)
		if (s[at] == '@')
			break;
	if (at == len)
		return -EINVAL;

	lnd = lnet_net_parse_desc(s + at + 1, len - at - 1, &net);
	if (!lnd)
		return -EINVAL;

	if (lnd->ipv4) {
		if (lnet_parse_ipv4(s, at, &addr))
			return -EINVAL;
	} else {
		/* loopback: the address can only be "0" */
		if (lnet_parse_dec(s, at, 0, &addr))
			return -EINVAL;
	}

	*nid = lnet_mknid(net, addr);
	return 0;
}
EXPORT_SYMBOL_GPL(lnet_nid_parse);

/**
 * lnet_net_format() - write the text form of a net
 * @net: the net
 * @buf: output buffer (may be NULL if @size is 0)
 * @size: size of @buf; the output is always NUL-terminated if @size > 0
 *
 * Number 0 is written without the number ("tcp"), others with it ("tcp3").
 * LNET_NET_ANY is written as "<?>" and an unknown LND type as
 * "<TYPE:NUM>" in decimal. LNET_NETSTR_SIZE always suffices.
 *
 * Return: the length of the full text, like snprintf().
 */
int lnet_net_format(u32 net, char *buf, size_t size)
{
	u32 type = lnet_net_type(net), num = lnet_net_num(net);
	const char *name;

	if (net == LNET_NET_ANY)
		return snprintf(buf, size, "<?>");

	name = lnet_lnd_name(type);
	if (!name)
		return snprintf(buf, size, "<%u:%u>", type, num);
	if (num == 0)
		return snprintf(buf, size, "%s", name);
	return snprintf(buf, size, "%s%u", name, num);
}

/**
 * lnet_nid_format() - write the text form of a NID
 * @nid: the NID
 * @buf: output buffer (may be NULL if @size is 0)
 * @size: size of @buf; the output is always NUL-terminated if @size > 0
 *
 * LNET_NID_ANY is written as "<?>". The address is a dotted quad for the
 * IPv4 LNDs, decimal for lo ("0@lo"), and hexadecimal for an unknown LND
 * ("0x1020304@<99:3>"). LNET_NIDSTR_SIZE always suffices.
 *
 * Return: the length of the full text, like snprintf().
 */
int lnet_nid_format(lnet_nid_t nid, char *buf, size_t size)
{
	const struct lnet_lnd_desc *lnd;
	char netstr[LNET_NETSTR_SIZE];
	u32 net = lnet_nid_net(nid), addr = lnet_nid_addr(nid);

	if (nid == LNET_NID_ANY)
		return snprintf(buf, size, "<?>");

	lnet_net_format(net, netstr, sizeof(netstr));
	lnd = lnet_lnd_find(lnet_net_type(net));
	if (!lnd)
		return snprintf(buf, size, "0x%x@%s", addr, netstr);
	if (!lnd->ipv4)
		return snprintf(buf, size, "%u@%s", addr, netstr);
	return snprintf(buf, size, "%u.%u.%u.%u@%s",
			(addr >> 24) & 0xff, (addr >> 16) & 0xff,
			(addr >> 8) & 0xff, addr & 0xff, netstr);
}
EXPORT_SYMBOL_GPL(lnet_nid_format);

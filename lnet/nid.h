/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nid.h - classic 64-bit LNet network identifiers (NIDs).
 *
 * A NID packs three fields into a u64:
 *   bits 63..48  LND type (the top byte is always 0)
 *   bits 47..32  network number
 *   bits 31..0   address (an IPv4 address is stored as a host-order number)
 * The upper 32 bits on their own are the "net": (type << 16) | number.
 *
 * Text form: "ADDR@NAME[NUM]", e.g. "192.168.1.2@o2ib1" or "0@lo"; network
 * number 0 is written without the number ("10.0.0.1@tcp").
 */
#ifndef LNET_NID_H
#define LNET_NID_H

#include "compat.h"

/**
 * typedef lnet_nid_t - a classic 64-bit NID, in host order
 */
typedef u64 lnet_nid_t;

/**
 * enum lnet_lnd_type - LND (network driver) type numbers as used on the wire
 * @SOCKLND: TCP sockets, text name "tcp"
 * @O2IBLND: InfiniBand / RoCE / OPA verbs, text name "o2ib"
 * @LOLND: loopback, text name "lo"; its only NID is 0@lo
 * @KFILND: kfabric, text name "kfi"
 * @EFALND: AWS EFA, text name "efa"
 */
enum lnet_lnd_type {
	SOCKLND		= 2,
	O2IBLND		= 5,
	LOLND		= 9,
	KFILND		= 16,
	EFALND		= 18,
};

/* wildcards */
#define LNET_NID_ANY		(~0ULL)
#define LNET_NET_ANY		(~0U)
#define LNET_PID_ANY		(~0U)

/* the pid used by every kernel LNet instance, and the userspace pid flag */
#define LNET_PID_LUSTRE		12345U
#define LNET_PID_USERFLAG	0x80000000U

/* 0@lo, the loopback NID */
#define LNET_NID_LO_0		((lnet_nid_t)LOLND << 48)

/* largest network number */
#define LNET_NET_NUM_MAX	0xffffU

/*
 * Buffer sizes that always hold a formatted net / NID, terminating NUL
 * included. The longest NID is "0xffffffff@<65535:65535>" (24 chars) or
 * "255.255.255.255@o2ib65535" (25 chars).
 */
#define LNET_NETSTR_SIZE	16
#define LNET_NIDSTR_SIZE	32

/**
 * lnet_nid_net() - the network part of a NID
 * @nid: the NID
 *
 * Return: (type << 16) | number.
 */
static inline u32 lnet_nid_net(lnet_nid_t nid)
{
	return (u32)(nid >> 32);
}

/**
 * lnet_nid_addr() - the address part of a NID
 * @nid: the NID
 *
 * Return: the low 32 bits (an IPv4 address as a host-order number).
 */
static inline u32 lnet_nid_addr(lnet_nid_t nid)
{
	return (u32)nid;
}

/**
 * lnet_mknid() - build a NID from a net and an address
 * @net: network, as from lnet_mknet()
 * @addr: address
 *
 * Return: the NID.
 */
static inline lnet_nid_t lnet_mknid(u32 net, u32 addr)
{
	return ((lnet_nid_t)net << 32) | addr;
}

/**
 * lnet_mknet() - build a net from an LND type and a network number
 * @type: LND type (16 bits)
 * @num: network number (16 bits)
 *
 * Return: the net.
 */
static inline u32 lnet_mknet(u32 type, u32 num)
{
	return ((type & 0xffffU) << 16) | (num & 0xffffU);
}

/**
 * lnet_net_type() - the LND type of a net
 * @net: the net
 *
 * Return: the LND type (see &enum lnet_lnd_type).
 */
static inline u32 lnet_net_type(u32 net)
{
	return net >> 16;
}

/**
 * lnet_net_num() - the network number of a net
 * @net: the net
 *
 * Return: the network number.
 */
static inline u32 lnet_net_num(u32 net)
{
	return net & 0xffffU;
}

const char *lnet_lnd_name(u32 type);
int lnet_net_parse(const char *s, size_t len, u32 *net);
int lnet_nid_parse(const char *s, size_t len, lnet_nid_t *nid);
int lnet_net_format(u32 net, char *buf, size_t size);
int lnet_nid_format(lnet_nid_t nid, char *buf, size_t size);

#endif /* LNET_NID_H */

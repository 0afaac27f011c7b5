/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/lnetmr.yaml */
/* by scripts/nlspec-gen.py */

#ifndef _UAPI_LINUX_LNETMR_H
#define _UAPI_LINUX_LNETMR_H

#define LNETMR_FAMILY_NAME	"lnetmr"
#define LNETMR_FAMILY_VERSION	1

/*
 * LNet multi-rail driver.  Every network namespace is one LNet node; the
 * family is netns-aware and each request acts on the sender's namespace.
 * Reads are open to everybody, writes need CAP_NET_ADMIN in the user
 * namespace that owns the network namespace.
 */

/*
 * The LNet node of one network namespace, its identity and settings.
 */
enum {
	LNETMR_A_NODE_UNSPEC,
	/*
	 * Version of this netlink family (LNETMR_FAMILY_VERSION).
	 */
	LNETMR_A_NODE_FAMILY_VERSION,
	/*
	 * Release of the lnetmr module.
	 */
	LNETMR_A_NODE_MODULE_VERSION,
	/*
	 * Source revision the module was built from (git describe).
	 */
	LNETMR_A_NODE_BUILD_ID,
	/*
	 * Kernel release the module was built against.
	 */
	LNETMR_A_NODE_KERNEL,
	/*
	 * Start time stamp of this node (ns since the epoch); it changes
	 * whenever the node restarts, as LNet peers expect.
	 */
	LNETMR_A_NODE_INCARNATION,
	/*
	 * Peer discovery on (1) or off (0).
	 */
	LNETMR_A_NODE_DISCOVERY,
	/*
	 * Milliseconds before an unanswered transaction (and a silent rail)
	 * is declared failed.
	 */
	LNETMR_A_NODE_TRANSACTION_TIMEOUT,
	/*
	 * Bulk transfers larger than this many bytes are striped over several
	 * rails between lnetmr nodes.
	 */
	LNETMR_A_NODE_STRIPE_THRESHOLD,
	/*
	 * Accept connections from unprivileged source ports (1); by default
	 * (0) only ports below 1024 are accepted, as stock LNet does.
	 */
	LNETMR_A_NODE_ACCEPT_ANY_PORT,

	__LNETMR_A_NODE_MAX,
	LNETMR_A_NODE_MAX = (__LNETMR_A_NODE_MAX - 1)
};

enum {
	LNETMR_CMD_UNSPEC,
	/*
	 * Read the node's identity and settings.
	 */
	LNETMR_CMD_NODE_GET,
	/*
	 * Change one or more node settings; attributes left out keep their value.
	 */
	LNETMR_CMD_NODE_SET,

	__LNETMR_CMD_MAX,
	LNETMR_CMD_MAX = (__LNETMR_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_LNETMR_H */

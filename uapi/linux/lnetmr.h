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
	/*
	 * Node-wide counters (what no rail can be blamed for).
	 */
	LNETMR_A_NODE_STATS,
	/*
	 * Milliseconds a request may wait for its answer on one path before
	 * that path counts as failed (a timeout: its rail and peer NID lose
	 * health) and the request is resent on another path.  This is how a
	 * rail that silently drops packets is detected.  It should be well
	 * below transaction-timeout, which ends the transfer.
	 */
	LNETMR_A_NODE_TIMEOUT,
	/*
	 * Largest bench PUT the node's bench sink takes, in bytes: 1 MiB (the
	 * default) or up to 64 MiB, for striped PUTs from lnetmr peers.  Above
	 * 1 MiB the sink holds two buffers of this size besides its 1 MiB ones;
	 * a change re-posts the sink (PUTs landing meanwhile are dropped).
	 */
	LNETMR_A_NODE_BENCH_SINK_MAX,
	/*
	 * Bytes of memory the node's running benches hold now (the pages GETs
	 * land in; read only).  The node's benches hold at most 256 MiB of
	 * them, and at most 8 run at once, whoever starts them; a finished
	 * bench gives its pages back and keeps only its counters.
	 */
	LNETMR_A_NODE_BENCH_MEM,
	/*
	 * Seconds a peer learned from traffic or discovery is kept once idle:
	 * no message to or from any of its NIDs, none in flight or queued,
	 * every NID at full health.  Then it is forgotten (its counters with
	 * it) and learned anew when it talks again.  Peers added with
	 * peer-add are kept.  0 keeps every peer; default 3600.
	 */
	LNETMR_A_NODE_PEER_AGE,
	/*
	 * Bytes of PUT buffers the node's bench sink holds (read only): 32 MiB,
	 * plus two of bench-sink-max when that is above 1 MiB.  The sinks of
	 * all nodes together hold at most a quarter of RAM (from 128 MiB to
	 * 4 GiB): a node whose NI comes when they do has a sink that serves
	 * GETs but takes no PUTs (0 here; PUTs to it are dropped).
	 */
	LNETMR_A_NODE_BENCH_SINK_MEM,

	__LNETMR_A_NODE_MAX,
	LNETMR_A_NODE_MAX = (__LNETMR_A_NODE_MAX - 1)
};

/*
 * One counter.
 */
enum {
	LNETMR_A_STAT_UNSPEC,
	/*
	 * Counter name, e.g. "tx-bytes".
	 */
	LNETMR_A_STAT_NAME,
	LNETMR_A_STAT_VALUE,

	__LNETMR_A_STAT_MAX,
	LNETMR_A_STAT_MAX = (__LNETMR_A_STAT_MAX - 1)
};

/*
 * A set of counters.
 */
enum {
	LNETMR_A_STATS_UNSPEC,
	LNETMR_A_STATS_ENTRY,

	__LNETMR_A_STATS_MAX,
	LNETMR_A_STATS_MAX = (__LNETMR_A_STATS_MAX - 1)
};

/*
 * A rail, one interface of an NI.
 */
enum {
	LNETMR_A_RAIL_UNSPEC,
	/*
	 * The NI's network, e.g. "tcp0".
	 */
	LNETMR_A_RAIL_NET,
	/*
	 * The interface.
	 */
	LNETMR_A_RAIL_IFNAME,
	LNETMR_A_RAIL_IFINDEX,
	/*
	 * The rail's NID (its IPv4 address on the NI's network).
	 */
	LNETMR_A_RAIL_NID,
	LNETMR_A_RAIL_STATE,
	/*
	 * Send credits left; negative when messages wait for one.
	 */
	LNETMR_A_RAIL_CREDITS,
	/*
	 * Lowest credits seen.
	 */
	LNETMR_A_RAIL_MIN_CREDITS,
	LNETMR_A_RAIL_STATS,
	/*
	 * The rail's speed in Mbit/s, its weight when paths are taken in
	 * turn; by default the interface's link speed (1000 if unknown).
	 */
	LNETMR_A_RAIL_SPEED,
	/*
	 * 0 to health-max: lowered on each failure of the rail, raised by
	 * successes and recovery pings.
	 */
	LNETMR_A_RAIL_HEALTH,
	/*
	 * NUMA node of the interface's device, -1 when it has none.
	 */
	LNETMR_A_RAIL_NUMA_NODE,
	/*
	 * Priority a policy rule gives the rail (lower is preferred).
	 */
	LNETMR_A_RAIL_PRIORITY,
	/*
	 * Present when rail-add gave the speed; absent when it is the
	 * interface's own (which lnetmrctl export then leaves out).
	 */
	LNETMR_A_RAIL_SPEED_SET,

	__LNETMR_A_RAIL_MAX,
	LNETMR_A_RAIL_MAX = (__LNETMR_A_RAIL_MAX - 1)
};

/*
 * An NI, one LNet network of the node.
 */
enum {
	LNETMR_A_NI_UNSPEC,
	/*
	 * Network name, e.g. "tcp0" (tcp is tcp0).
	 */
	LNETMR_A_NI_NET,
	LNETMR_A_NI_RAIL,

	__LNETMR_A_NI_MAX,
	LNETMR_A_NI_MAX = (__LNETMR_A_NI_MAX - 1)
};

/*
 * One NID of a peer.
 */
enum {
	LNETMR_A_PEER_NI_UNSPEC,
	LNETMR_A_PEER_NI_NID,
	LNETMR_A_PEER_NI_CREDITS,
	LNETMR_A_PEER_NI_MIN_CREDITS,
	/*
	 * The peer's incarnation as last seen, 0 if never.
	 */
	LNETMR_A_PEER_NI_INCARNATION,
	LNETMR_A_PEER_NI_STATS,
	/*
	 * 0 to health-max, like a rail's.
	 */
	LNETMR_A_PEER_NI_HEALTH,
	/*
	 * Priority a policy rule gives the NID (lower is preferred).
	 */
	LNETMR_A_PEER_NI_PRIORITY,

	__LNETMR_A_PEER_NI_MAX,
	LNETMR_A_PEER_NI_MAX = (__LNETMR_A_PEER_NI_MAX - 1)
};

/*
 * A peer node.
 */
enum {
	LNETMR_A_PEER_UNSPEC,
	LNETMR_A_PEER_PRIMARY_NID,
	LNETMR_A_PEER_NI,
	/*
	 * One more NID of the peer (peer-add), repeated for each.
	 */
	LNETMR_A_PEER_NID,
	/*
	 * Ping feature bits the peer announced (0 until discovered):
	 * MULTI_RAIL 1<<3, DISCOVERY 1<<4, and lnetmr's STRIPING 1<<16.
	 */
	LNETMR_A_PEER_FEATURES,
	/*
	 * Present when the peer was added with peer-add (an administrator's,
	 * never forgotten for being idle), absent for a peer the node
	 * learned by traffic or discovery.
	 */
	LNETMR_A_PEER_CONFIGURED,

	__LNETMR_A_PEER_MAX,
	LNETMR_A_PEER_MAX = (__LNETMR_A_PEER_MAX - 1)
};

/*
 * One interface in a peer's ping buffer.
 */
enum {
	LNETMR_A_PING_ENTRY_UNSPEC,
	LNETMR_A_PING_ENTRY_NID,
	/*
	 * 0x15aac0de up, 0xdeadface down (entry 0@lo - the list's sequence number).
	 */
	LNETMR_A_PING_ENTRY_STATUS,

	__LNETMR_A_PING_ENTRY_MAX,
	LNETMR_A_PING_ENTRY_MAX = (__LNETMR_A_PING_ENTRY_MAX - 1)
};

/*
 * A ping of a peer NID and its answer.
 */
enum {
	LNETMR_A_PING_UNSPEC,
	/*
	 * The NID to ping.
	 */
	LNETMR_A_PING_NID,
	/*
	 * Milliseconds to wait for the answer (default 5000).
	 */
	LNETMR_A_PING_TIMEOUT,
	/*
	 * Round trip in nanoseconds.
	 */
	LNETMR_A_PING_RTT,
	/*
	 * The peer's ping feature bits.
	 */
	LNETMR_A_PING_FEATURES,
	LNETMR_A_PING_PID,
	LNETMR_A_PING_ENTRY,

	__LNETMR_A_PING_MAX,
	LNETMR_A_PING_MAX = (__LNETMR_A_PING_MAX - 1)
};

/*
 * A bench run: transfers from this node's bench engine to the bench sink
 * of a peer, every byte checked against a known pattern.
 */
enum {
	LNETMR_A_BENCH_UNSPEC,
	LNETMR_A_BENCH_ID,
	/*
	 * The peer NID.
	 */
	LNETMR_A_BENCH_TARGET,
	LNETMR_A_BENCH_OP,
	/*
	 * Bytes per transfer: up to 1 MiB (one LNet message), up to 64 MiB
	 * to an lnetmr peer, which takes larger transfers in stripes (a PUT
	 * above 1 MiB only if the target's bench-sink-max allows it: else the
	 * target drops it and the transfer fails after the transaction
	 * timeout).
	 */
	LNETMR_A_BENCH_SIZE,
	/*
	 * Transfers to run (0 or absent - run for duration).
	 */
	LNETMR_A_BENCH_COUNT,
	/*
	 * Milliseconds to run when count is not given (default 10000).
	 */
	LNETMR_A_BENCH_DURATION,
	/*
	 * Transfers in flight at once (default 1).
	 */
	LNETMR_A_BENCH_CONCURRENCY,
	LNETMR_A_BENCH_STATE,
	LNETMR_A_BENCH_MSGS,
	LNETMR_A_BENCH_BYTES,
	LNETMR_A_BENCH_ERRORS,
	/*
	 * Transfers whose data differed from the pattern; -1 while unknown.
	 */
	LNETMR_A_BENCH_MISMATCHES,
	/*
	 * Nanoseconds since the start (to the end once done).
	 */
	LNETMR_A_BENCH_ELAPSED,

	__LNETMR_A_BENCH_MAX,
	LNETMR_A_BENCH_MAX = (__LNETMR_A_BENCH_MAX - 1)
};

/*
 * A selection rule: it gives the local rails (src) or the peer NIDs (dst)
 * it matches a priority.  Among healthy paths, the lowest priority
 * number wins; what no rule matches has the lowest preference.
 */
enum {
	LNETMR_A_POLICY_UNSPEC,
	/*
	 * The rule's id, given by policy-add.
	 */
	LNETMR_A_POLICY_ID,
	LNETMR_A_POLICY_KIND,
	/*
	 * The NID the rule matches (either this or net).
	 */
	LNETMR_A_POLICY_NID,
	/*
	 * The network the rule matches, e.g. "tcp1" (either this or nid).
	 */
	LNETMR_A_POLICY_NET,
	/*
	 * Lower is preferred.
	 */
	LNETMR_A_POLICY_PRIORITY,
	/*
	 * Paths chosen while the rule applied.
	 */
	LNETMR_A_POLICY_MATCHES,

	__LNETMR_A_POLICY_MAX,
	LNETMR_A_POLICY_MAX = (__LNETMR_A_POLICY_MAX - 1)
};

enum lnetmr_rail_state {
	LNETMR_RAIL_STATE_UP = 0,
	LNETMR_RAIL_STATE_DOWN = 1,
	LNETMR_RAIL_STATE_DEGRADED = 2,
};

enum lnetmr_bench_op {
	LNETMR_BENCH_OP_PUT = 0,
	LNETMR_BENCH_OP_GET = 1,
};

enum lnetmr_bench_state {
	LNETMR_BENCH_STATE_RUNNING = 0,
	LNETMR_BENCH_STATE_DRAINING = 1,
	LNETMR_BENCH_STATE_DONE = 2,
};

/*
 * What a policy rule selects.
 */
enum lnetmr_policy_kind {
	/*
	 * local rails (by rail NID, or every rail of a network)
	 */
	LNETMR_POLICY_SRC = 0,
	/*
	 * peer NIDs (by NID, or every NID of a network)
	 */
	LNETMR_POLICY_DST = 1,
};

/*
 * Health of a rail or peer NID that works; failures lower it.
 */
#define LNETMR_HEALTH_MAX	1000

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
	/*
	 * Add an NI (an LNet network) to the node.
	 */
	LNETMR_CMD_NI_ADD,
	/*
	 * Remove an NI and all its rails.
	 */
	LNETMR_CMD_NI_DEL,
	/*
	 * One NI, or all, with their rails.
	 */
	LNETMR_CMD_NI_GET,
	/*
	 * Add an interface as a rail of an NI; its NID is its IPv4 address.
	 */
	LNETMR_CMD_RAIL_ADD,
	/*
	 * Remove a rail.
	 */
	LNETMR_CMD_RAIL_DEL,
	/*
	 * The rails (of one NI when net is given), with credits and counters.
	 */
	LNETMR_CMD_RAIL_GET,
	/*
	 * The peers this node has talked to, their NIDs, credits and counters.
	 * A peer whose NIDs do not fit in one message comes in several, each
	 * with primary-nid and features and the next NIDs: consecutive
	 * messages with the same primary-nid are one peer.
	 */
	LNETMR_CMD_PEER_GET,
	/*
	 * Declare a peer with several NIDs (its primary NID and more), or add
	 * NIDs to a known one.  NIDs already known alone join it.
	 */
	LNETMR_CMD_PEER_ADD,
	/*
	 * Forget a peer and all its NIDs.
	 */
	LNETMR_CMD_PEER_DEL,
	/*
	 * Ping a peer NID (GET its ping buffer) and return its interfaces.
	 */
	LNETMR_CMD_PING,
	/*
	 * Start a bench run; returns its id.
	 */
	LNETMR_CMD_BENCH_START,
	/*
	 * Progress or result of a bench run.
	 */
	LNETMR_CMD_BENCH_GET,
	/*
	 * Stop issuing transfers; the run drains and ends.
	 */
	LNETMR_CMD_BENCH_STOP,
	/*
	 * Add a selection rule; returns its id.
	 */
	LNETMR_CMD_POLICY_ADD,
	/*
	 * Remove a rule, by id or by what it matches (kind and nid or net).
	 */
	LNETMR_CMD_POLICY_DEL,
	/*
	 * The rules, in the order they were added.
	 */
	LNETMR_CMD_POLICY_GET,
	/*
	 * Notification - an NI was added.
	 */
	LNETMR_CMD_NI_NEW_NTF,
	/*
	 * Notification - an NI was removed.
	 */
	LNETMR_CMD_NI_DEL_NTF,
	/*
	 * Notification - a rail was added.
	 */
	LNETMR_CMD_RAIL_NEW_NTF,
	/*
	 * Notification - a rail was removed (by request, or its interface went away).
	 */
	LNETMR_CMD_RAIL_DEL_NTF,
	/*
	 * Notification - a rail went up or down with its interface.
	 */
	LNETMR_CMD_RAIL_STATE_NTF,
	/*
	 * Notification - a rail's health changed by a failure or a recovery.
	 */
	LNETMR_CMD_RAIL_HEALTH_NTF,
	/*
	 * Notification - a peer NID's health changed by a failure or a recovery.
	 */
	LNETMR_CMD_PEER_HEALTH_NTF,
	/*
	 * Notification - discovery learned (or relearned) a peer's NIDs.
	 */
	LNETMR_CMD_DISCOVERY_NTF,

	__LNETMR_CMD_MAX,
	LNETMR_CMD_MAX = (__LNETMR_CMD_MAX - 1)
};

#define LNETMR_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_LNETMR_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - lnetmr's counters.  Each rail, each peer NID and the node as a
 * whole keep one array of u64 counters; their names (drivers/lnetmr/stats.c)
 * are what "lnetmrctl stats show" prints and what tests assert on.  The
 * LNet core, the driver and the transports all count into them.
 */
#ifndef LNET_STATS_H
#define LNET_STATS_H

#include <linux/atomic.h>

/**
 * enum lnetmr_stat - the counters of a rail, a peer NID or the node
 * @LNETMR_STAT_TX_MSGS: messages sent
 * @LNETMR_STAT_TX_BYTES: payload bytes sent
 * @LNETMR_STAT_RX_MSGS: messages received
 * @LNETMR_STAT_RX_BYTES: payload bytes received
 * @LNETMR_STAT_TX_PUT: PUTs sent
 * @LNETMR_STAT_TX_GET: GETs sent
 * @LNETMR_STAT_TX_ACK: ACKs sent
 * @LNETMR_STAT_TX_REPLY: REPLY messages sent
 * @LNETMR_STAT_RX_PUT: PUTs received
 * @LNETMR_STAT_RX_GET: GETs received
 * @LNETMR_STAT_RX_ACK: ACKs received
 * @LNETMR_STAT_RX_REPLY: REPLY messages received
 * @LNETMR_STAT_TX_ZEROCOPY: messages sent without copying their payload
 *	(completed by the peer's zero-copy ACK)
 * @LNETMR_STAT_TX_ERRORS: sends that failed
 * @LNETMR_STAT_RESENDS: requests sent again another way after this path failed
 * @LNETMR_STAT_RX_DROPS: messages received that matched nothing
 * @LNETMR_STAT_PROTO_ERRORS: bad bytes from the network (connection closed)
 * @LNETMR_STAT_CONNS_ACCEPTED: connections accepted
 * @LNETMR_STAT_CONNS_REFUSED: connections refused
 * @LNETMR_STAT_CONNS_OPENED: connections opened by us
 * @LNETMR_STAT_CONN_FAILURES: connections we could not open
 * @LNETMR_STAT_TIMEOUTS: transactions that timed out
 * @LNETMR_STAT_PEER_RESTARTS: peer restarts seen
 * @LNETMR_STAT_TX_BULK_MSGS: messages sent with a payload of
 *	LNETMR_BULK_MIN bytes or more
 * @LNETMR_STAT_TX_BULK_BYTES: their payload bytes
 * @LNETMR_STAT_TX_SMALL_MSGS: messages sent with a smaller payload
 * @LNETMR_STAT_TX_SMALL_BYTES: their payload bytes
 * @LNETMR_STAT_RX_BULK_MSGS: like TX_BULK_MSGS, received
 * @LNETMR_STAT_RX_BULK_BYTES: their payload bytes
 * @LNETMR_STAT_RX_SMALL_MSGS: like TX_SMALL_MSGS, received
 * @LNETMR_STAT_RX_SMALL_BYTES: their payload bytes
 * @LNETMR_STAT_FAIL_LOCAL: failures of our side of a path (the rail went
 *	down or stopped, the local stack refused)
 * @LNETMR_STAT_FAIL_REMOTE: failures of the peer's side (connection
 *	refused, reset or lost, peer restarted)
 * @LNETMR_STAT_FAIL_TIMEOUT: a path took no data or gave no answer within
 *	the node's timeout setting
 * @LNETMR_STAT_FAIL_NETWORK: no route to the peer NID
 * @LNETMR_STAT_TX_STRIPES: stripes of striped transfers sent
 * @LNETMR_STAT_RX_STRIPES: stripes of striped transfers received
 * @LNETMR_STAT_RECOVERY_PINGS: recovery pings sent to bring health back
 * @LNETMR_STAT_TX_RDMA_BYTES: payload bytes we wrote into a peer's memory
 *	by RDMA WRITE
 * @LNETMR_STAT_RX_RDMA_BYTES: payload bytes a peer wrote into our memory
 *	by RDMA WRITE
 * @LNETMR_STAT_TX_COPY_BYTES: payload bytes sent by copying them (into a
 *	socket, or into an RDMA message buffer)
 * @LNETMR_STAT_RX_COPY_BYTES: payload bytes received by copying them
 *	(from a socket, or from an RDMA message buffer)
 * @LNETMR_STAT_RDMA_SINKS: memory regions registered for a peer to write to
 * @LNETMR_STAT_RDMA_BOUNCE_BYTES: RDMA payload bytes that went through a
 *	bounce buffer (a sink whose pages could not be registered as one
 *	region)
 * @LNETMR_STAT_RX_ABORTS: messages received whose payload did not land
 *	(the connection broke in the middle; the initiator sends again)
 * @LNETMR_STAT_QP_ERRORS: RDMA connections whose queue pair went to the
 *	error state under them (a work request failed other than by a flush:
 *	transport retries exceeded, a remote access or protection error)
 * @LNETMR_STAT_COUNT: number of counters
 */
enum lnetmr_stat {
	LNETMR_STAT_TX_MSGS,
	LNETMR_STAT_TX_BYTES,
	LNETMR_STAT_RX_MSGS,
	LNETMR_STAT_RX_BYTES,
	LNETMR_STAT_TX_PUT,
	LNETMR_STAT_TX_GET,
	LNETMR_STAT_TX_ACK,
	LNETMR_STAT_TX_REPLY,
	LNETMR_STAT_RX_PUT,
	LNETMR_STAT_RX_GET,
	LNETMR_STAT_RX_ACK,
	LNETMR_STAT_RX_REPLY,
	LNETMR_STAT_TX_ZEROCOPY,
	LNETMR_STAT_TX_ERRORS,
	LNETMR_STAT_RESENDS,
	LNETMR_STAT_RX_DROPS,
	LNETMR_STAT_PROTO_ERRORS,
	LNETMR_STAT_CONNS_ACCEPTED,
	LNETMR_STAT_CONNS_REFUSED,
	LNETMR_STAT_CONNS_OPENED,
	LNETMR_STAT_CONN_FAILURES,
	LNETMR_STAT_TIMEOUTS,
	LNETMR_STAT_PEER_RESTARTS,
	LNETMR_STAT_TX_BULK_MSGS,
	LNETMR_STAT_TX_BULK_BYTES,
	LNETMR_STAT_TX_SMALL_MSGS,
	LNETMR_STAT_TX_SMALL_BYTES,
	LNETMR_STAT_RX_BULK_MSGS,
	LNETMR_STAT_RX_BULK_BYTES,
	LNETMR_STAT_RX_SMALL_MSGS,
	LNETMR_STAT_RX_SMALL_BYTES,
	LNETMR_STAT_FAIL_LOCAL,
	LNETMR_STAT_FAIL_REMOTE,
	LNETMR_STAT_FAIL_TIMEOUT,
	LNETMR_STAT_FAIL_NETWORK,
	LNETMR_STAT_TX_STRIPES,
	LNETMR_STAT_RX_STRIPES,
	LNETMR_STAT_RECOVERY_PINGS,
	LNETMR_STAT_TX_RDMA_BYTES,
	LNETMR_STAT_RX_RDMA_BYTES,
	LNETMR_STAT_TX_COPY_BYTES,
	LNETMR_STAT_RX_COPY_BYTES,
	LNETMR_STAT_RDMA_SINKS,
	LNETMR_STAT_RDMA_BOUNCE_BYTES,
	LNETMR_STAT_RX_ABORTS,
	LNETMR_STAT_QP_ERRORS,
	LNETMR_STAT_COUNT
};

/* payloads of this many bytes or more count as bulk */
#define LNETMR_BULK_MIN		4096

extern const char *const lnetmr_stat_names[LNETMR_STAT_COUNT];

/**
 * struct lnetmr_stats - a set of counters (lock free)
 * @v: one counter per &enum lnetmr_stat
 */
struct lnetmr_stats {
	atomic64_t v[LNETMR_STAT_COUNT];
};

static inline void lnetmr_stat_add(struct lnetmr_stats *s, enum lnetmr_stat id, u64 n)
{
	atomic64_add(n, &s->v[id]);
}

static inline u64 lnetmr_stat_read(const struct lnetmr_stats *s, enum lnetmr_stat id)
{
	return atomic64_read(&s->v[id]);
}

#endif /* LNET_STATS_H */

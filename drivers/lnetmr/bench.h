/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr: the bench engine (runs transfers from this node, like Lustre's
 * lnet_selftest) and the bench sink every node with an NI runs.
 *
 * Every byte moved is checked against one fixed pseudo-random pattern that
 * every node computes the same way (LNETMR_BENCH_PATTERN_SIZE bytes): a
 * transfer of N bytes carries the pattern from offset o, where o varies per
 * message, so misplaced, stale or mixed data shows as a mismatch.  PUTs
 * are checked by the sink, which reports per session; GETs by the engine.
 */
#ifndef _LNETMR_BENCH_H
#define _LNETMR_BENCH_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "api.h"
#include "nid.h"

#include <linux/lnetmr.h>

struct lnetmr_node;

/* portal of the bench sink, and the match bits of its three services */
#define LNETMR_BENCH_PORTAL		62
#define LNETMR_BENCH_MB_PUT		0x1ULL	/* PUT data here */
#define LNETMR_BENCH_MB_GET		0x2ULL	/* GET pattern data here */
#define LNETMR_BENCH_MB_STATS		0x3ULL	/* GET per-session results */

#define LNETMR_BENCH_PATTERN_SIZE	(2 * LNET_MTU)
/* bytes the sink serves to GETs: the largest transfer at any start below 1 MiB */
#define LNETMR_BENCH_GET_SPAN		(LNETMR_MAX_XFER + LNET_MTU)
/* transfers larger than one message: GETs only, and this much in flight at most */
#define LNETMR_BENCH_MAX_INFLIGHT	(256U * LNET_MTU)	/* size x concurrency */
/*
 * What benches may hold per node, whoever starts them (root of a user
 * namespace may, in the network namespaces it owns): this many running at
 * once, and this many bytes of GET landing pages over all of them.  A
 * finished bench gives its pages back at once; only its counters stay.
 */
#define LNETMR_BENCH_MAX_RUNNING	8
#define LNETMR_BENCH_MEM_MAX		(256ULL * LNET_MTU)
#define LNETMR_BENCH_MAX_CONCURRENCY	64
#define LNETMR_BENCH_SINK_BUFS		32	/* of LNET_MTU */
#define LNETMR_BENCH_SINK_BIG_BUFS	2	/* of bench-sink-max, when above LNET_MTU */
#define LNETMR_BENCH_SINK_SESSIONS	64
#define LNETMR_BENCH_KEEP		16	/* finished benches kept for reading */

/**
 * struct lnetmr_bench_params - what to run
 * @target: the peer NID
 * @op: LNET_MSG_PUT or LNET_MSG_GET
 * @size: bytes per transfer: PUT 0..LNET_MTU, GET 0..LNETMR_MAX_XFER (above
 *	LNET_MTU to an lnetmr peer only, which takes it in stripes)
 * @count: transfers to run, or 0 for time-bound
 * @duration_ms: how long to run when @count is 0
 * @concurrency: transfers in flight at once
 */
struct lnetmr_bench_params {
	lnet_nid_t target;
	u32 op;
	u32 size;
	u64 count;
	u32 duration_ms;
	u32 concurrency;
};

/**
 * struct lnetmr_bench_result - counters of a bench
 * @state: LNETMR_BENCH_STATE_*
 * @msgs: transfers completed successfully
 * @bytes: bytes moved by them
 * @errors: transfers that failed
 * @mismatches: transfers whose data differed from the pattern (for PUTs,
 *	as reported by the sink at the end; -1 while unknown)
 * @elapsed_ns: time since the start (until the end when done)
 */
struct lnetmr_bench_result {
	u32 state;
	u64 msgs;
	u64 bytes;
	u64 errors;
	s64 mismatches;
	u64 elapsed_ns;
};

int lnetmr_bench_module_init(void);
void lnetmr_bench_module_exit(void);

struct lnetmr_bench_node;

int lnetmr_bench_node_init(struct lnetmr_node *node);
void lnetmr_bench_stop_all(struct lnetmr_node *node);
void lnetmr_bench_node_exit(struct lnetmr_node *node);
int lnetmr_bench_sink_start(struct lnetmr_node *node);
void lnetmr_bench_sink_stop(struct lnetmr_node *node);
int lnetmr_bench_sink_resize(struct lnetmr_node *node, u32 max);

int lnetmr_bench_start(struct lnetmr_node *node, const struct lnetmr_bench_params *p,
		       u32 *id);
int lnetmr_bench_read(struct lnetmr_node *node, u32 id, struct lnetmr_bench_result *res);
int lnetmr_bench_stop(struct lnetmr_node *node, u32 id);
u64 lnetmr_bench_mem(struct lnetmr_node *node);
u64 lnetmr_bench_sink_mem(struct lnetmr_node *node);

#endif /* _LNETMR_BENCH_H */

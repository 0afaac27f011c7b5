// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: the bench engine and the bench sink (see bench.h).
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "bench.h"
#include "core.h"
#include "node.h"

/* the pattern every node computes alike; read-only after module init */
static u8 *bench_pattern;
/*
 * The pattern's pages over and over, LNETMR_BENCH_GET_SPAN bytes: what the
 * sink serves to GETs, so that byte x of it is pattern byte x modulo the
 * pattern's size, however large the GET.
 */
static struct bio_vec *bench_get_bvec;
static unsigned int bench_get_nr;

/**
 * struct sink_session - what the sink saw of one bench session (on the
 *	wire as 4 little-endian u64, served to the engine at its end)
 * @session: the session id, 0 for a free slot
 * @msgs: PUTs received
 * @bytes: bytes received
 * @mismatches: PUTs whose data differed from the pattern
 */
struct sink_session {
	__le64 session;
	__le64 msgs;
	__le64 bytes;
	__le64 mismatches;
};

/**
 * struct sink_buf - one posted receive buffer of the sink
 * @bn: the node's bench state
 * @data: @size bytes (vmalloc)
 * @size: LNET_MTU, or bench-sink-max for the big buffers
 * @kvec: describes @data
 * @mdh: the MD currently posted over it
 */
struct sink_buf {
	struct lnetmr_bench_node *bn;
	void *data;
	u32 size;
	struct kvec kvec;
	struct lnet_handle_md mdh;
};

/**
 * struct lnetmr_bench_node - bench state of a node
 * @node: the node
 * @lock: protects @benches, @next_id and the sink's life (@sink_on,
 *	@sink_stopping, reposting of @bufs)
 * @benches: engines of this node, newest last
 * @next_id: id of the next bench
 * @sink_on: the sink is posted
 * @sink_stopping: the sink is being taken down: no reposting
 * @sink_mds: MDs of the sink not yet unlinked (all their events done)
 * @sink_idle: completed when @sink_mds drops to 0
 * @bufs: receive buffers: LNETMR_BENCH_SINK_BUFS of LNET_MTU, then
 *	LNETMR_BENCH_SINK_BIG_BUFS of bench-sink-max (allocated when that is
 *	above LNET_MTU, posted with the others)
 * @nbufs: how many of @bufs the sink posts
 * @sessions: per-session results (@sessions_kvec describes them)
 * @sessions_lock: protects @sessions
 * @sessions_kvec: describes @sessions for the stats MD
 * @get_mdh: the MD serving GETs
 * @stats_mdh: the MD serving the session results
 * @running: benches started and not yet finished (at most
 *	LNETMR_BENCH_MAX_RUNNING)
 * @mem: bytes of landing pages the benches hold (at most
 *	LNETMR_BENCH_MEM_MAX); reserved before they are allocated
 */
struct lnetmr_bench_node {
	struct lnetmr_node *node;
	struct mutex lock;	/* benches, next_id, sink life */
	struct list_head benches;
	u32 next_id;
	bool sink_on;
	bool sink_stopping;
	atomic_t sink_mds;
	struct completion sink_idle;
	struct sink_buf bufs[LNETMR_BENCH_SINK_BUFS + LNETMR_BENCH_SINK_BIG_BUFS];
	unsigned int nbufs;
	struct sink_session sessions[LNETMR_BENCH_SINK_SESSIONS];
	spinlock_t sessions_lock;	/* sessions */
	struct kvec sessions_kvec;
	struct lnet_handle_md get_mdh;
	struct lnet_handle_md stats_mdh;
	atomic_t running;
	atomic64_t mem;
};

/**
 * struct bench_slot - one transfer in flight
 * @b: its bench
 * @bvec: the MD's memory as pages: PUT, the pattern's pages of the
 *	window sent (which the TCP transport sends without copying); GET,
 *	@npages pages of its own where the data lands
 * @npages: entries in @bvec
 * @offset: pattern offset of this transfer
 * @ok: the transfer succeeded (set by its final event)
 */
struct bench_slot {
	struct lnetmr_bench *b;
	struct bio_vec *bvec;
	unsigned int npages;
	u32 offset;
	bool ok;
};

/**
 * struct lnetmr_bench - one bench run
 * @link: in bn->benches
 * @bn: the node's bench state
 * @id: its id
 * @p: what it runs
 * @session: id sent with every PUT, for the sink's report
 * @lock: protects the counters, @issued, @inflight, @free_slots, @state
 * @issued: transfers started
 * @inflight: transfers not yet unlinked
 * @free_slots: stack of free slot indexes, @nfree entries
 * @nfree: entries in @free_slots
 * @state: LNETMR_BENCH_STATE_*
 * @stop: stop issuing (asked, or the time is up)
 * @res: the counters
 * @start: when it started
 * @end: when it finished
 * @work: issues transfers and finishes the bench
 * @timer: ends a time-bound bench
 * @done: completed when @state becomes DONE
 * @users: transfers started and not yet through their UNLINK handler; the
 *	bench is freed only once it is 0 (and its work and timer are idle)
 * @idle: woken when @users drops to 0
 * @mem: bytes of landing pages reserved in bn->mem for this bench
 * @released: its place among the running benches and its pages are given
 *	back; set once, by the work that finishes it (nothing in flight) or
 *	by bench_free() after bench_quiesce(), never both at once: no lock
 * @slots: the transfer slots (concurrency of them)
 */
struct lnetmr_bench {
	struct list_head link;
	struct lnetmr_bench_node *bn;
	u32 id;
	struct lnetmr_bench_params p;
	u32 session;
	spinlock_t lock;	/* counters, issued, inflight, slots, state */
	u64 issued;
	u32 inflight;
	u32 *free_slots;
	u32 nfree;
	u32 state;
	bool stop;
	struct lnetmr_bench_result res;
	ktime_t start;
	ktime_t end;
	struct work_struct work;
	struct delayed_work timer;
	struct completion done;
	atomic_t users;
	wait_queue_head_t idle;
	u64 mem;
	bool released;
	struct bench_slot slots[];
};

static struct net *bn_net(struct lnetmr_bench_node *bn)
{
	return bn->node->net;
}

/* ---- sink ---------------------------------------------------------- */

/* Is @data the pattern from @offset on (the pattern repeats)? */
static bool pattern_matches(const void *data, u32 offset, u32 len)
{
	while (len) {
		u32 at = offset % LNETMR_BENCH_PATTERN_SIZE;
		u32 n = min(len, LNETMR_BENCH_PATTERN_SIZE - at);

		if (memcmp(data, bench_pattern + at, n))
			return false;
		data += n;
		offset += n;
		len -= n;
	}
	return true;
}

static void sink_record(struct lnetmr_bench_node *bn, u32 session, u32 bytes, bool mismatch)
{
	struct sink_session *s, *free = NULL;
	int i;

	spin_lock(&bn->sessions_lock);
	for (i = 0; i < LNETMR_BENCH_SINK_SESSIONS; i++) {
		s = &bn->sessions[i];
		if (le64_to_cpu(s->session) == session)
			goto found;
		if (!free && !s->session)
			free = s;
	}
	/* a new session takes a free slot, else recycles one */
	s = free ?: &bn->sessions[session % LNETMR_BENCH_SINK_SESSIONS];
	memset(s, 0, sizeof(*s));
	s->session = cpu_to_le64(session);
found:
	le64_add_cpu(&s->msgs, 1);
	le64_add_cpu(&s->bytes, bytes);
	if (mismatch)
		le64_add_cpu(&s->mismatches, 1);
	spin_unlock(&bn->sessions_lock);
}

static void sink_md_event(const struct lnet_event *ev);

/* (Re)post a receive buffer.  Under bn->lock. */
static void sink_post(struct sink_buf *sb)
{
	struct lnet_md_desc desc = {
		.kvec = &sb->kvec,
		.nr = 1,
		.is_kvec = true,
		.length = sb->size,
		.threshold = 1,
		.options = LNET_MD_OP_PUT | LNET_MD_MANAGE_REMOTE,
		.user_ptr = sb,
		.handler = sink_md_event,
	};

	atomic_inc(&sb->bn->sink_mds);
	if (lnet_me_attach(bn_net(sb->bn), LNETMR_BENCH_PORTAL, LNETMR_BENCH_MB_PUT, 0,
			   &desc, &sb->mdh)) {
		sb->mdh.cookie = 0;
		if (atomic_dec_and_test(&sb->bn->sink_mds))
			complete(&sb->bn->sink_idle);
	}
}

/*
 * A PUT landed in a buffer: check it, and post the buffer again at once
 * (the landed data is no longer needed once checked, and the ACK that
 * follows does not touch it).
 */
static void sink_md_event(const struct lnet_event *ev)
{
	struct sink_buf *sb = ev->user_ptr;
	struct lnetmr_bench_node *bn = sb->bn;

	if (ev->type == LNET_EVENT_UNLINK) {
		if (atomic_dec_and_test(&bn->sink_mds))
			complete(&bn->sink_idle);
		return;
	}
	if (ev->type != LNET_EVENT_PUT)
		return;
	/*
	 * A PUT that failed to land (its connection broke) is no transfer:
	 * its initiator sends it again or reports the failure.
	 */
	if (!ev->status)
		sink_record(bn, ev->hdr_data >> 32, ev->mlength,
			    ev->mlength != ev->rlength ||
			    !pattern_matches(sb->data, (u32)ev->hdr_data, ev->mlength));
	mutex_lock(&bn->lock);
	if (!bn->sink_stopping)
		sink_post(sb);
	mutex_unlock(&bn->lock);
}

static void sink_static_event(const struct lnet_event *ev)
{
	struct lnetmr_bench_node *bn = ev->user_ptr;

	if (ev->type == LNET_EVENT_UNLINK && atomic_dec_and_test(&bn->sink_mds))
		complete(&bn->sink_idle);
}

/* Post a read-only MD over @desc_mem (its memory part filled in). */
static int sink_attach_static(struct lnetmr_bench_node *bn, u64 bits,
			      const struct lnet_md_desc *mem, struct lnet_handle_md *mdh)
{
	struct lnet_md_desc desc = {
		.kvec = mem->kvec,
		.nr = mem->nr,
		.is_kvec = mem->is_kvec,
		.length = mem->length,
		.threshold = LNET_MD_THRESH_INF,
		.options = LNET_MD_OP_GET | LNET_MD_MANAGE_REMOTE | LNET_MD_TRUNCATE,
		.user_ptr = bn,
		.handler = sink_static_event,
	};
	int err;

	atomic_inc(&bn->sink_mds);
	err = lnet_me_attach(bn_net(bn), LNETMR_BENCH_PORTAL, bits, 0, &desc, mdh);
	if (err)
		atomic_dec(&bn->sink_mds);
	return err;
}

/*
 * What the bench sinks of every node hold together, and its bound: a node
 * is a network namespace, which root of a user namespace may make by the
 * thousand, each with an NI and so a sink.  Set at module load: a quarter
 * of RAM, from 128 MiB to 4 GiB.
 */
static atomic64_t sink_mem;
static u64 sink_mem_max;

/* Give back the memory of @sb, if it has any. */
static void sink_buf_free(struct sink_buf *sb)
{
	if (!sb->data)
		return;
	vfree(sb->data);
	sb->data = NULL;
	atomic64_sub(sb->size, &sink_mem);
}

/*
 * Give @sb @size bytes (keeping what it has if that size already).
 * Return: 0; -ENOSPC when the sinks of all nodes would hold more than
 * sink_mem_max; -ENOMEM.
 */
static int sink_buf_alloc(struct lnetmr_bench_node *bn, struct sink_buf *sb, u32 size)
{
	if (sb->data && sb->size != size)
		sink_buf_free(sb);
	if (!sb->data) {
		if (atomic64_add_return(size, &sink_mem) > sink_mem_max) {
			atomic64_sub(size, &sink_mem);
			return -ENOSPC;
		}
		sb->data = __vmalloc(size, GFP_KERNEL_ACCOUNT);
		if (!sb->data) {
			atomic64_sub(size, &sink_mem);
			return -ENOMEM;
		}
	}
	sb->bn = bn;
	sb->size = size;
	sb->kvec.iov_base = sb->data;
	sb->kvec.iov_len = size;
	return 0;
}

/**
 * lnetmr_bench_sink_resize() - make the bench sink take PUTs of up to @max
 * @node: the node, its configuration mutex held (bench-sink-max changes)
 * @max: LNET_MTU (the 1 MiB buffers only) up to LNETMR_MAX_XFER
 *
 * A posted sink is taken down and posted again over the new buffers.
 *
 * Return: 0; or, with the sink as it was, -ENOSPC (the sinks of all nodes
 * would hold more than their bound) or -ENOMEM.
 */
int lnetmr_bench_sink_resize(struct lnetmr_node *node, u32 max)
{
	struct lnetmr_bench_node *bn = node->bench;
	struct sink_buf *big = &bn->bufs[LNETMR_BENCH_SINK_BUFS];
	bool was_on = bn->sink_on;
	u32 old = big->data ? big->size : LNET_MTU;
	int i, err = 0;

	if (was_on && !bn->nbufs && max > LNET_MTU)
		return -ENOSPC;		/* a sink that takes no PUTs takes no big ones */
	if (was_on)
		lnetmr_bench_sink_stop(node);
	for (i = 0; i < LNETMR_BENCH_SINK_BIG_BUFS; i++) {
		if (max > LNET_MTU) {
			err = sink_buf_alloc(bn, &big[i], max);
			if (err)
				break;
		} else {
			sink_buf_free(&big[i]);
		}
	}
	if (err) {
		/* back to what it was (if that memory cannot be had either, no big ones) */
		for (i = 0; i < LNETMR_BENCH_SINK_BIG_BUFS; i++) {
			if (old > LNET_MTU && !sink_buf_alloc(bn, &big[i], old))
				continue;
			sink_buf_free(&big[i]);
		}
	}
	for (i = 1; i < LNETMR_BENCH_SINK_BIG_BUFS; i++)
		if (!big[i].data && big[0].data)
			sink_buf_free(&big[0]);		/* all or none */
	if (was_on && lnetmr_bench_sink_start(node))
		pr_warn("lnetmr: the bench sink could not be posted again\n");
	return err;
}

/**
 * lnetmr_bench_sink_start() - post the bench sink of a node
 * @node: the node, which got its first NI
 *
 * When the sinks of all nodes already hold what they may, the node's sink
 * serves GETs and its statistics but posts no buffer for PUTs (they are
 * dropped, and counted); node show's bench-sink-mem says 0.
 *
 * Return: 0 or a negative errno.
 */
int lnetmr_bench_sink_start(struct lnetmr_node *node)
{
	struct lnetmr_bench_node *bn = node->bench;
	int i, err = 0;

	mutex_lock(&bn->lock);
	if (bn->sink_on)
		goto out;
	for (i = 0; i < LNETMR_BENCH_SINK_BUFS; i++) {
		err = sink_buf_alloc(bn, &bn->bufs[i], LNET_MTU);
		if (err)
			break;
	}
	if (err == -ENOSPC) {
		/* no PUT buffers at all, big or small */
		for (i = 0; i < ARRAY_SIZE(bn->bufs); i++)
			sink_buf_free(&bn->bufs[i]);
		pr_info_ratelimited("lnetmr: the bench sinks of all nodes hold %llu MiB: a new node's sink takes no PUTs\n",
				    sink_mem_max >> 20);
		err = 0;
	}
	if (err)
		goto out;
	/* the big buffers, if bench-sink-max asks for them (allocated then) */
	if (!bn->bufs[0].data)
		bn->nbufs = 0;
	else
		bn->nbufs = LNETMR_BENCH_SINK_BUFS + (bn->bufs[LNETMR_BENCH_SINK_BUFS].data ?
						       LNETMR_BENCH_SINK_BIG_BUFS : 0);
	memset(bn->sessions, 0, sizeof(bn->sessions));
	reinit_completion(&bn->sink_idle);
	atomic_set(&bn->sink_mds, 1);	/* ours, dropped by the stop */
	bn->sink_stopping = false;
	bn->sink_on = true;
	err = sink_attach_static(bn, LNETMR_BENCH_MB_GET, &(struct lnet_md_desc){
					.bvec = bench_get_bvec,
					.nr = bench_get_nr,
					.length = LNETMR_BENCH_GET_SPAN,
				 }, &bn->get_mdh);
	if (!err)
		err = sink_attach_static(bn, LNETMR_BENCH_MB_STATS, &(struct lnet_md_desc){
						.kvec = &bn->sessions_kvec,
						.nr = 1,
						.is_kvec = true,
						.length = sizeof(bn->sessions),
					 }, &bn->stats_mdh);
	for (i = 0; !err && i < bn->nbufs; i++)
		sink_post(&bn->bufs[i]);
out:
	mutex_unlock(&bn->lock);
	if (err && bn->sink_on)
		lnetmr_bench_sink_stop(node);
	return err;
}

/**
 * lnetmr_bench_sink_stop() - take the bench sink down
 * @node: the node, which lost its last NI (or is going away)
 *
 * Waits until every MD of the sink delivered its last event.
 */
void lnetmr_bench_sink_stop(struct lnetmr_node *node)
{
	struct lnetmr_bench_node *bn = node->bench;
	int i;

	mutex_lock(&bn->lock);
	if (!bn->sink_on) {
		mutex_unlock(&bn->lock);
		return;
	}
	bn->sink_stopping = true;
	mutex_unlock(&bn->lock);

	lnet_md_unlink(bn_net(bn), bn->get_mdh);
	lnet_md_unlink(bn_net(bn), bn->stats_mdh);
	for (i = 0; i < bn->nbufs; i++)
		lnet_md_unlink(bn_net(bn), bn->bufs[i].mdh);
	if (!atomic_dec_and_test(&bn->sink_mds))
		wait_for_completion(&bn->sink_idle);

	mutex_lock(&bn->lock);
	bn->sink_on = false;
	mutex_unlock(&bn->lock);
}

/* ---- engine -------------------------------------------------------- */

static void bench_slot_event(const struct lnet_event *ev);

/* Did the first @len bytes of a GET slot's pages receive the pattern? */
static bool slot_matches(const struct bench_slot *slot, u32 len)
{
	u32 done = 0;
	unsigned int i;
	bool ok = true;

	for (i = 0; ok && i < slot->npages && done < len; i++) {
		u32 n = min_t(u32, slot->bvec[i].bv_len, len - done);
		void *p = kmap_local_page(slot->bvec[i].bv_page);

		ok = pattern_matches(p, slot->offset + done, n);
		kunmap_local(p);
		done += n;
	}
	return ok && done == len;
}

static void slot_clear(const struct bench_slot *slot)
{
	unsigned int i;

	for (i = 0; i < slot->npages; i++)
		memzero_page(slot->bvec[i].bv_page, 0, PAGE_SIZE);
}

/*
 * Describe the pattern's window of a PUT slot page by page; returns how
 * many bio_vecs that took.
 */
static unsigned int slot_map_pattern(struct bench_slot *slot, u32 size)
{
	u32 off = slot->offset, done = 0;
	unsigned int n = 0;

	while (done < size) {
		u32 poff = (off + done) & ~PAGE_MASK;
		u32 len = min_t(u32, PAGE_SIZE - poff, size - done);

		bvec_set_page(&slot->bvec[n++],
			      vmalloc_to_page(bench_pattern +
					      (off + done) % LNETMR_BENCH_PATTERN_SIZE),
			      len, poff);
		done += len;
	}
	return n;
}

static int slot_alloc_pages(struct bench_slot *slot, u32 size)
{
	unsigned int i;

	slot->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	slot->bvec = kvcalloc(slot->npages, sizeof(*slot->bvec), GFP_KERNEL_ACCOUNT);
	if (!slot->bvec)
		return -ENOMEM;
	for (i = 0; i < slot->npages; i++) {
		struct page *page = alloc_page(GFP_KERNEL_ACCOUNT);

		if (!page)
			return -ENOMEM;
		bvec_set_page(&slot->bvec[i], page,
			      min_t(u32, PAGE_SIZE, size - i * PAGE_SIZE), 0);
	}
	return 0;
}

static void slot_free_pages(struct bench_slot *slot)
{
	unsigned int i;

	for (i = 0; slot->bvec && i < slot->npages; i++)
		if (slot->bvec[i].bv_page)
			__free_page(slot->bvec[i].bv_page);
	kvfree(slot->bvec);
	slot->bvec = NULL;
	slot->npages = 0;
}

/*
 * Give back what a bench holds beyond its counters: its slots' memory and
 * its place among the running benches.  Called once nothing can touch the
 * slots any more: the bench finished (nothing in flight, nothing issued
 * again), or it is being freed.
 */
static void bench_release(struct lnetmr_bench *b)
{
	u32 i;

	if (b->released)
		return;
	b->released = true;
	for (i = 0; i < b->p.concurrency; i++)
		slot_free_pages(&b->slots[i]);
	atomic64_sub(b->mem, &b->bn->mem);
	atomic_dec(&b->bn->running);
}

static bool bench_pump(struct lnetmr_bench *b);

static void bench_put(struct lnetmr_bench *b)
{
	if (atomic_dec_and_test(&b->users))
		wake_up(&b->idle);
}

static void bench_count(struct lnetmr_bench *b, int status, u32 bytes, bool mismatch)
{
	spin_lock(&b->lock);
	if (status) {
		b->res.errors++;
	} else {
		b->res.msgs++;
		b->res.bytes += bytes;
		if (mismatch)
			b->res.mismatches++;
	}
	spin_unlock(&b->lock);
}

static void bench_slot_event(const struct lnet_event *ev)
{
	struct bench_slot *slot = ev->user_ptr;
	struct lnetmr_bench *b = slot->b;

	switch (ev->type) {
	case LNET_EVENT_ACK:
		slot->ok = !ev->status;
		bench_count(b, ev->status, ev->mlength, false);
		break;
	case LNET_EVENT_REPLY:
		slot->ok = !ev->status;
		bench_count(b, ev->status, ev->mlength,
			    ev->mlength != b->p.size || !slot_matches(slot, ev->mlength));
		break;
	case LNET_EVENT_UNLINK:
		spin_lock(&b->lock);
		b->free_slots[b->nfree++] = slot - b->slots;
		b->inflight--;
		spin_unlock(&b->lock);
		/*
		 * After a success, start the next transfer right here (saves a
		 * wakeup per round trip); after a failure, from the work, so
		 * that failing sends cannot recurse.  Finishing always runs in
		 * the work: it waits for the peer.
		 */
		if (!slot->ok || bench_pump(b))
			queue_work(lnetmr_wq, &b->work);
		bench_put(b);	/* the last touch of @b */
		break;
	default:
		break;
	}
}

/* Start one transfer in @slot.  Returns 0 or a negative errno. */
static int bench_issue(struct lnetmr_bench *b, struct bench_slot *slot, u64 seq)
{
	struct net *net = bn_net(b->bn);
	struct lnet_md_desc desc = {
		.length = b->p.size,
		.threshold = 1,
		.user_ptr = slot,
		.handler = bench_slot_event,
	};
	struct lnet_handle_md mdh;
	int err;

	/*
	 * A different window of the pattern for every transfer; a full 1 MiB
	 * window starts on a page so that it fits LNET_MAX_IOV pages.
	 */
	slot->offset = (u32)((seq * 4099 + b->session) % LNET_MTU);
	if (b->p.size > LNET_MTU - PAGE_SIZE)
		slot->offset &= PAGE_MASK;
	slot->ok = false;
	if (b->p.op == LNET_MSG_PUT) {
		desc.nr = slot_map_pattern(slot, b->p.size);
	} else {
		slot_clear(slot);
		desc.nr = slot->npages;
	}
	desc.bvec = desc.nr ? slot->bvec : NULL;

	err = lnet_md_bind(net, &desc, &mdh);
	if (err)
		return err;	/* no MD: no UNLINK event will free the slot */
	if (b->p.op == LNET_MSG_PUT)
		err = lnet_put(net, mdh, true, b->p.target, LNETMR_BENCH_PORTAL,
			       LNETMR_BENCH_MB_PUT, 0, (u64)b->session << 32 | slot->offset);
	else
		err = lnet_get(net, mdh, b->p.target, LNETMR_BENCH_PORTAL,
			       LNETMR_BENCH_MB_GET, slot->offset);
	if (err) {
		/* the MD is untouched: its UNLINK event frees the slot */
		lnet_md_unlink(net, mdh);
		return -EINPROGRESS;
	}
	return 0;
}

/* The sink's report of our PUTs: how many of them mismatched. */
static s64 bench_sink_mismatches(struct lnetmr_bench *b)
{
	struct lnetmr_bench_node *bn = b->bn;
	struct lnet_get_sync_req req = {
		.target = b->p.target,
		.portal = LNETMR_BENCH_PORTAL,
		.match_bits = LNETMR_BENCH_MB_STATS,
		.len = sizeof(bn->sessions),
		.timeout_ms = 10000,
	};
	const struct sink_session *s;
	s64 mismatches = -1;
	unsigned int i;

	req.buf = kzalloc(req.len, GFP_KERNEL);
	if (!req.buf)
		return -1;
	if (!lnet_get_sync(bn->node->core, &req)) {
		s = req.buf;
		for (i = 0; i < req.mlength / sizeof(*s); i++)
			if (le64_to_cpu(s[i].session) == b->session)
				mismatches = le64_to_cpu(s[i].mismatches);
	}
	kfree(req.buf);
	return mismatches;
}

static bool bench_more(struct lnetmr_bench *b)
{
	if (b->stop)
		return false;
	return !b->p.count || b->issued < b->p.count;
}

/*
 * Start transfers while slots are free and the bench wants more.
 * Returns true when nothing is left in flight and the bench must finish.
 */
static bool bench_pump(struct lnetmr_bench *b)
{
	bool finish;

	spin_lock(&b->lock);
	while (b->state == LNETMR_BENCH_STATE_RUNNING && bench_more(b) && b->nfree) {
		u32 idx = b->free_slots[--b->nfree];
		u64 seq = b->issued++;
		int err;

		b->inflight++;
		atomic_inc(&b->users);
		spin_unlock(&b->lock);
		err = bench_issue(b, &b->slots[idx], seq);
		if (err == -EINPROGRESS) {
			bench_count(b, -EIO, 0, false);
		} else if (err) {
			/* nothing was started: give the slot back here */
			bench_count(b, err, 0, false);
			spin_lock(&b->lock);
			b->free_slots[b->nfree++] = idx;
			b->inflight--;
			spin_unlock(&b->lock);
			bench_put(b);
		}
		spin_lock(&b->lock);
	}
	if (b->state == LNETMR_BENCH_STATE_RUNNING && !bench_more(b))
		b->state = LNETMR_BENCH_STATE_DRAINING;
	finish = b->state == LNETMR_BENCH_STATE_DRAINING && !b->inflight;
	spin_unlock(&b->lock);
	return finish;
}

static void bench_work(struct work_struct *work)
{
	struct lnetmr_bench *b = container_of(work, struct lnetmr_bench, work);
	bool finish = false;
	s64 mismatches;

	if (!bench_pump(b))
		return;
	spin_lock(&b->lock);
	if (b->state == LNETMR_BENCH_STATE_DRAINING && !b->inflight) {
		b->state = LNETMR_BENCH_STATE_DONE;
		b->end = ktime_get();
		finish = true;
	}
	spin_unlock(&b->lock);
	if (!finish)
		return;
	/* DONE and nothing in flight: no handler touches a slot again */
	bench_release(b);

	mismatches = b->res.mismatches;
	if (b->p.op == LNET_MSG_PUT)
		mismatches = b->res.msgs ? bench_sink_mismatches(b) : 0;
	spin_lock(&b->lock);
	b->res.mismatches = mismatches;
	spin_unlock(&b->lock);
	cancel_delayed_work(&b->timer);
	complete_all(&b->done);
}

/* No new transfer: the bench drains and finishes. */
static void bench_request_stop(struct lnetmr_bench *b)
{
	spin_lock(&b->lock);
	b->stop = true;
	spin_unlock(&b->lock);
	queue_work(lnetmr_wq, &b->work);
}

static void bench_timer(struct work_struct *work)
{
	bench_request_stop(container_of(to_delayed_work(work), struct lnetmr_bench, timer));
}

/* Wait until nothing runs on behalf of a finished bench any more. */
static void bench_quiesce(struct lnetmr_bench *b)
{
	wait_for_completion(&b->done);
	wait_event(b->idle, !atomic_read(&b->users));
	cancel_delayed_work_sync(&b->timer);
	flush_work(&b->work);
}

static void bench_free(struct lnetmr_bench *b)
{
	bench_release(b);
	kfree(b->free_slots);
	kfree(b);
}

/* Forget the oldest finished benches beyond the ones kept.  Under bn->lock. */
static void bench_reap(struct lnetmr_bench_node *bn)
{
	struct lnetmr_bench *b, *tmp;
	unsigned int n = 0;

	list_for_each_entry(b, &bn->benches, link)
		n++;
	list_for_each_entry_safe(b, tmp, &bn->benches, link) {
		if (n <= LNETMR_BENCH_KEEP)
			break;
		if (!completion_done(&b->done))
			continue;
		list_del(&b->link);
		bench_quiesce(b);
		bench_free(b);
		n--;
	}
}

/**
 * lnetmr_bench_start() - start a bench
 * @node: the node
 * @p: what to run (validated by the caller)
 * @id: receives the bench's id
 *
 * Its memory is charged to the caller's memory cgroup.
 *
 * Return: 0; -EBUSY when LNETMR_BENCH_MAX_RUNNING benches run already,
 * -ENOBUFS when its pages would take the node's benches above
 * LNETMR_BENCH_MEM_MAX; or another negative errno.
 */
int lnetmr_bench_start(struct lnetmr_node *node, const struct lnetmr_bench_params *p,
		       u32 *id)
{
	struct lnetmr_bench_node *bn = node->bench;
	u64 mem = p->op == LNET_MSG_GET ?
		  (u64)p->concurrency * PAGE_ALIGN(p->size) : 0;
	struct lnetmr_bench *b;
	u32 i;

	if (atomic_inc_return(&bn->running) > LNETMR_BENCH_MAX_RUNNING) {
		atomic_dec(&bn->running);
		return -EBUSY;
	}
	if (atomic64_add_return(mem, &bn->mem) > LNETMR_BENCH_MEM_MAX) {
		atomic64_sub(mem, &bn->mem);
		atomic_dec(&bn->running);
		return -ENOBUFS;
	}
	b = kzalloc(struct_size(b, slots, p->concurrency), GFP_KERNEL_ACCOUNT);
	if (!b) {
		atomic64_sub(mem, &bn->mem);
		atomic_dec(&bn->running);
		return -ENOMEM;
	}
	b->bn = bn;
	b->mem = mem;	/* from here on bench_release() gives it back */
	b->free_slots = kcalloc(p->concurrency, sizeof(*b->free_slots), GFP_KERNEL_ACCOUNT);
	if (!b->free_slots)
		goto err_free;
	b->p = *p;
	b->session = get_random_u32() | 1;
	spin_lock_init(&b->lock);
	INIT_WORK(&b->work, bench_work);
	INIT_DELAYED_WORK(&b->timer, bench_timer);
	init_completion(&b->done);
	init_waitqueue_head(&b->idle);
	for (i = 0; i < p->concurrency; i++) {
		b->slots[i].b = b;
		if (p->op == LNET_MSG_GET && p->size &&
		    slot_alloc_pages(&b->slots[i], p->size))
			goto err_free;
		if (p->op == LNET_MSG_PUT && p->size) {
			/* a window may start inside a page: one entry more */
			b->slots[i].bvec = kvcalloc(DIV_ROUND_UP(p->size, PAGE_SIZE) + 1,
						    sizeof(struct bio_vec),
						    GFP_KERNEL_ACCOUNT);
			if (!b->slots[i].bvec)
				goto err_free;
		}
		b->free_slots[b->nfree++] = i;
	}

	mutex_lock(&bn->lock);
	b->id = ++bn->next_id;
	list_add_tail(&b->link, &bn->benches);
	bench_reap(bn);
	mutex_unlock(&bn->lock);

	*id = b->id;
	b->start = ktime_get();
	if (!p->count)
		queue_delayed_work(lnetmr_wq, &b->timer,
				   msecs_to_jiffies(p->duration_ms));
	queue_work(lnetmr_wq, &b->work);
	return 0;

err_free:
	bench_free(b);
	return -ENOMEM;
}

/**
 * lnetmr_bench_mem() - bytes of landing pages the node's benches hold now
 * @node: the node
 *
 * Return: the bytes.
 */
u64 lnetmr_bench_mem(struct lnetmr_node *node)
{
	return atomic64_read(&node->bench->mem);
}

/**
 * lnetmr_bench_sink_mem() - bytes of PUT buffers the node's bench sink holds
 * @node: the node
 *
 * Return: the bytes; 0 when the sink is down or takes no PUTs.
 */
u64 lnetmr_bench_sink_mem(struct lnetmr_node *node)
{
	struct lnetmr_bench_node *bn = node->bench;
	u64 bytes = 0;
	int i;

	mutex_lock(&bn->lock);
	for (i = 0; bn->sink_on && i < bn->nbufs; i++)
		bytes += bn->bufs[i].size;
	mutex_unlock(&bn->lock);
	return bytes;
}

static struct lnetmr_bench *bench_find(struct lnetmr_bench_node *bn, u32 id)
{
	struct lnetmr_bench *b;

	list_for_each_entry(b, &bn->benches, link)
		if (b->id == id)
			return b;
	return NULL;
}

/**
 * lnetmr_bench_read() - the counters of a bench
 * @node: the node
 * @id: the bench
 * @res: receives the counters
 *
 * Return: 0 or -ENOENT.
 */
int lnetmr_bench_read(struct lnetmr_node *node, u32 id, struct lnetmr_bench_result *res)
{
	struct lnetmr_bench_node *bn = node->bench;
	struct lnetmr_bench *b;
	int err = -ENOENT;

	mutex_lock(&bn->lock);
	b = bench_find(bn, id);
	if (b) {
		bool done = completion_done(&b->done);

		spin_lock(&b->lock);
		*res = b->res;
		/* DONE only once the final report is in */
		res->state = b->state;
		if (!done && res->state == LNETMR_BENCH_STATE_DONE)
			res->state = LNETMR_BENCH_STATE_DRAINING;
		if (!done && b->p.op == LNET_MSG_PUT)
			res->mismatches = -1;
		res->elapsed_ns = ktime_to_ns(ktime_sub(done ? b->end : ktime_get(), b->start));
		spin_unlock(&b->lock);
		err = 0;
	}
	mutex_unlock(&bn->lock);
	return err;
}

/**
 * lnetmr_bench_stop() - stop issuing transfers; the bench then drains
 * @node: the node
 * @id: the bench
 *
 * Return: 0 or -ENOENT.
 */
int lnetmr_bench_stop(struct lnetmr_node *node, u32 id)
{
	struct lnetmr_bench_node *bn = node->bench;
	struct lnetmr_bench *b;
	int err = -ENOENT;

	mutex_lock(&bn->lock);
	b = bench_find(bn, id);
	if (b) {
		bench_request_stop(b);
		err = 0;
	}
	mutex_unlock(&bn->lock);
	return err;
}

int lnetmr_bench_node_init(struct lnetmr_node *node)
{
	struct lnetmr_bench_node *bn;

	bn = kzalloc(sizeof(*bn), GFP_KERNEL);
	if (!bn)
		return -ENOMEM;
	bn->node = node;
	mutex_init(&bn->lock);
	INIT_LIST_HEAD(&bn->benches);
	init_completion(&bn->sink_idle);
	spin_lock_init(&bn->sessions_lock);
	bn->sessions_kvec.iov_base = bn->sessions;
	bn->sessions_kvec.iov_len = sizeof(bn->sessions);
	node->bench = bn;
	return 0;
}

/**
 * lnetmr_bench_stop_all() - a node is going away: stop issuing
 * @node: the node
 */
void lnetmr_bench_stop_all(struct lnetmr_node *node)
{
	struct lnetmr_bench_node *bn = node->bench;
	struct lnetmr_bench *b;

	mutex_lock(&bn->lock);
	list_for_each_entry(b, &bn->benches, link)
		bench_request_stop(b);
	mutex_unlock(&bn->lock);
}

/**
 * lnetmr_bench_node_exit() - free a node's benches and sink
 * @node: the node; its NIs are gone, so every transfer has ended
 */
void lnetmr_bench_node_exit(struct lnetmr_node *node)
{
	struct lnetmr_bench_node *bn = node->bench;
	struct lnetmr_bench *b, *tmp;
	int i;

	if (!bn)
		return;
	lnetmr_bench_stop_all(node);
	list_for_each_entry_safe(b, tmp, &bn->benches, link) {
		bench_quiesce(b);
		list_del(&b->link);
		bench_free(b);
	}
	lnetmr_bench_sink_stop(node);
	for (i = 0; i < ARRAY_SIZE(bn->bufs); i++)
		sink_buf_free(&bn->bufs[i]);
	mutex_destroy(&bn->lock);
	node->bench = NULL;
	kfree(bn);
}

int lnetmr_bench_module_init(void)
{
	u64 x = 0x9e3779b97f4a7c15ULL;
	u32 i;

	sink_mem_max = clamp_t(u64, (u64)totalram_pages() << (PAGE_SHIFT - 2),
			       128ULL << 20, 4ULL << 30);
	bench_pattern = vmalloc(LNETMR_BENCH_PATTERN_SIZE);
	if (!bench_pattern)
		return -ENOMEM;
	/* xorshift64: the same bytes on every node */
	for (i = 0; i < LNETMR_BENCH_PATTERN_SIZE; i += sizeof(u64)) {
		__le64 v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = cpu_to_le64(x);
		memcpy(bench_pattern + i, &v, sizeof(v));
	}
	bench_get_nr = LNETMR_BENCH_GET_SPAN / PAGE_SIZE;
	bench_get_bvec = kvcalloc(bench_get_nr, sizeof(*bench_get_bvec), GFP_KERNEL);
	if (!bench_get_bvec) {
		vfree(bench_pattern);
		return -ENOMEM;
	}
	for (i = 0; i < bench_get_nr; i++)
		bvec_set_page(&bench_get_bvec[i],
			      vmalloc_to_page(bench_pattern + (i * PAGE_SIZE) %
					      LNETMR_BENCH_PATTERN_SIZE), PAGE_SIZE, 0);
	return 0;
}

void lnetmr_bench_module_exit(void)
{
	kvfree(bench_get_bvec);
	vfree(bench_pattern);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr RDMA transport: memory for RDMA.
 *
 * Sinks (memory a peer writes to) are registered with fast registration:
 * a region from the connection's pool maps the window's pages, its key is
 * bumped, and the registration work request goes in front of the message
 * that announces the region (PUT_ACK, GET_REQ).  Once the peer says it is
 * done (PUT_DONE, GET_DONE) the region is invalidated before the memory
 * goes back to lnetmr, so that a late or forged write cannot land in memory
 * that is reused.  A window whose pages cannot be one region (fragments that
 * leave gaps) is received into a bounce buffer and copied.
 *
 * Sources (memory we write from) are DMA-mapped and gathered with the
 * device's local DMA key, at most rail->max_sge entries per RDMA WRITE,
 * one or more WRITEs per fragment of the peer's descriptor.
 */
#define pr_fmt(fmt) "lnetmr: o2ib: " fmt

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "o2ib.h"

/* ---- the regions of a connection ----------------------------------------- */

static void lo2ib_reg_done(struct ib_cq *cq, struct ib_wc *wc)
{
	/* unsignaled: only a failure (or a flush) gets here */
	struct lo2ib_conn *conn = cq->cq_context;

	if (lo2ib_wc_qp_error(conn, wc))
		lo2ib_conn_close(conn, -EIO);
}

/**
 * lo2ib_mrs_alloc() - the fast-registration regions of a connection
 * @conn: the connection
 * @n: how many (it can have this many sinks at once)
 *
 * Return: 0 or a negative errno.
 */
int lo2ib_mrs_alloc(struct lo2ib_conn *conn, unsigned int n)
{
	struct lo2ib_rail *orail = conn->orail;
	unsigned int i;

	conn->reg_cqe.done = lo2ib_reg_done;
	conn->mr_all = kcalloc(n, sizeof(*conn->mr_all), GFP_KERNEL);
	if (!conn->mr_all)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct ib_mr *mr = ib_alloc_mr(orail->pd, IB_MR_TYPE_MEM_REG,
					       orail->max_fr_pages);

		if (IS_ERR(mr))
			return PTR_ERR(mr);
		conn->mr_all[i].mr = mr;
		list_add_tail(&conn->mr_all[i].link, &conn->mrs);
		conn->nmrs++;
	}
	return 0;
}

/**
 * lo2ib_mrs_free() - deregister every region of a connection
 * @conn: the connection, drained: afterwards nobody can write into what
 *	they mapped
 */
void lo2ib_mrs_free(struct lo2ib_conn *conn)
{
	unsigned int i;

	for (i = 0; i < conn->nmrs; i++)
		ib_dereg_mr(conn->mr_all[i].mr);
	kfree(conn->mr_all);
	conn->mr_all = NULL;
	conn->nmrs = 0;
	INIT_LIST_HEAD(&conn->mrs);
}

/* ---- windows as scatterlists --------------------------------------------- */

static struct page *lo2ib_kva_page(const void *p)
{
	return is_vmalloc_addr(p) ? vmalloc_to_page(p) : virt_to_page(p);
}

/* pages (pieces of pages) a window of @len bytes touches */
static unsigned int lo2ib_window_pieces(const struct lnet_iov *win, u32 len)
{
	size_t skip = win->offset, left = len, flen, off;
	unsigned int i, n = 0;

	for (i = 0; i < win->nr && left; i++) {
		if (win->is_kvec) {
			flen = win->kvec[i].iov_len;
			off = offset_in_page(win->kvec[i].iov_base);
		} else {
			flen = win->bvec[i].bv_len;
			off = win->bvec[i].bv_offset;
		}
		if (skip >= flen) {
			skip -= flen;
			continue;
		}
		flen = min(flen - skip, left);
		off = offset_in_page(off + skip);
		n += DIV_ROUND_UP(off + flen, PAGE_SIZE);
		left -= flen;
		skip = 0;
	}
	return n;
}

/*
 * The window as a scatterlist, one entry per piece of a page, each piece
 * within one page.  Return: the entries, or a negative errno.
 */
static int lo2ib_window_sg(const struct lnet_iov *win, u32 len, struct sg_table *sgt)
{
	size_t skip = win->offset, left = len;
	struct scatterlist *sg;
	unsigned int i, n;
	int rc;

	n = lo2ib_window_pieces(win, len);
	if (!n)
		return -EINVAL;
	rc = sg_alloc_table(sgt, n, GFP_KERNEL);
	if (rc)
		return rc;
	sg = sgt->sgl;
	for (i = 0; i < win->nr && left; i++) {
		size_t flen, piece;

		flen = win->is_kvec ? win->kvec[i].iov_len : win->bvec[i].bv_len;
		if (skip >= flen) {
			skip -= flen;
			continue;
		}
		flen = min(flen - skip, left);
		left -= flen;
		while (flen) {
			struct page *page;
			size_t off;

			if (win->is_kvec) {
				const u8 *p = (const u8 *)win->kvec[i].iov_base + skip;

				page = lo2ib_kva_page(p);
				off = offset_in_page(p);
			} else {
				size_t at = win->bvec[i].bv_offset + skip;

				/* a bvec entry is physically contiguous */
				page = win->bvec[i].bv_page + at / PAGE_SIZE;
				off = offset_in_page(at);
			}
			piece = min_t(size_t, flen, PAGE_SIZE - off);
			sg_set_page(sg, page, piece, off);
			sg = sg_next(sg);
			skip += piece;
			flen -= piece;
		}
		skip = 0;
	}
	return n;
}

/* ---- sinks --------------------------------------------------------------- */

static void lo2ib_inv_done(struct ib_cq *cq, struct ib_wc *wc);

/* Map @sink's scatterlist into its region; false when it cannot be one. */
static bool lo2ib_sink_map_mr(struct lo2ib_sink *sink, int nents)
{
	struct ib_mr *mr = sink->mr->mr;
	int n;

	ib_update_fast_reg_key(mr, ib_inc_rkey(mr->rkey));
	n = ib_map_mr_sg(mr, sink->sgt.sgl, nents, NULL, PAGE_SIZE);
	return n == nents;
}

/* DMA-map @sgt for the device; returns the entries or 0 */
static int lo2ib_sink_dma_map(struct lo2ib_sink *sink)
{
	struct ib_device *dev = sink->conn->orail->device;

	return ib_dma_map_sg(dev, sink->sgt.sgl, sink->sgt.orig_nents, DMA_FROM_DEVICE);
}

static void lo2ib_sink_dma_unmap(struct lo2ib_sink *sink)
{
	struct ib_device *dev = sink->conn->orail->device;

	ib_dma_unmap_sg(dev, sink->sgt.sgl, sink->sgt.orig_nents, DMA_FROM_DEVICE);
	sg_free_table(&sink->sgt);
}

/* The window cannot be one region: receive into a bounce buffer instead. */
static int lo2ib_sink_bounce(struct lo2ib_sink *sink)
{
	struct lnet_iov bwin;
	struct kvec kv;
	int nents, rc;

	sink->bounce = vmalloc(sink->len);
	if (!sink->bounce)
		return -ENOMEM;
	kv.iov_base = sink->bounce;
	kv.iov_len = sink->len;
	bwin = (struct lnet_iov){ .kvec = &kv, .nr = 1, .is_kvec = true, .len = sink->len };
	rc = lo2ib_window_sg(&bwin, sink->len, &sink->sgt);
	if (rc < 0)
		goto free;
	nents = lo2ib_sink_dma_map(sink);
	if (!nents) {
		sg_free_table(&sink->sgt);
		rc = -ENOMEM;
		goto free;
	}
	if (!lo2ib_sink_map_mr(sink, nents)) {
		lo2ib_sink_dma_unmap(sink);
		rc = -EINVAL;
		goto free;
	}
	lo2ib_stat(sink->conn->orail, LNETMR_STAT_RDMA_BOUNCE_BYTES, sink->len);
	return 0;
free:
	vfree(sink->bounce);
	sink->bounce = NULL;
	return rc;
}

/**
 * lo2ib_sink_register() - make a window writable by the peer
 * @conn: the connection the peer writes over
 * @sink: the sink to set up
 * @win: the window (of an MD)
 * @len: its bytes
 *
 * Takes a region of the connection, maps the window's pages into it (or a
 * bounce buffer's), and prepares the registration work request
 * (@sink->reg), which the caller posts in front of the message that
 * announces the sink (lo2ib_sink_rd() fills its descriptor).
 *
 * Return: 0 or a negative errno (nothing held).
 */
int lo2ib_sink_register(struct lo2ib_conn *conn, struct lo2ib_sink *sink,
			const struct lnet_iov *win, u32 len)
{
	int nents, rc;

	sink->conn = conn;
	sink->win = *win;
	sink->len = len;
	sink->bounce = NULL;
	sink->inv_cqe.done = lo2ib_inv_done;

	spin_lock(&conn->lock);
	sink->mr = list_first_entry_or_null(&conn->mrs, struct lo2ib_mr, link);
	if (sink->mr)
		list_del_init(&sink->mr->link);
	spin_unlock(&conn->lock);
	if (!sink->mr)
		return -EAGAIN;		/* more sinks than credits allow */

	rc = lo2ib_window_sg(win, len, &sink->sgt);
	if (rc < 0)
		goto put_mr;
	rc = -ENOMEM;
	nents = lo2ib_sink_dma_map(sink);
	if (!nents) {
		sg_free_table(&sink->sgt);
		goto put_mr;
	}
	if (!lo2ib_sink_map_mr(sink, nents)) {
		/* gaps between fragments, or more pages than one region maps */
		lo2ib_sink_dma_unmap(sink);
		rc = lo2ib_sink_bounce(sink);
		if (rc)
			goto put_mr;
	}

	sink->reg = (struct ib_reg_wr){
		.wr = {
			.opcode = IB_WR_REG_MR,
			.wr_cqe = &conn->reg_cqe,
		},
		.mr = sink->mr->mr,
		.key = sink->mr->mr->rkey,
		.access = IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE,
	};
	lo2ib_stat(conn->orail, LNETMR_STAT_RDMA_SINKS, 1);
	return 0;

put_mr:
	spin_lock(&conn->lock);
	list_add(&sink->mr->link, &conn->mrs);
	spin_unlock(&conn->lock);
	sink->mr = NULL;
	return rc;
}

/**
 * lo2ib_sink_rd() - a registered sink as an RDMA descriptor
 * @sink: the sink
 * @rd: receives its one fragment (the region spans the whole sink)
 */
void lo2ib_sink_rd(const struct lo2ib_sink *sink, struct lnet_o2ib_rdma_desc *rd)
{
	rd->key = sink->mr->mr->rkey;
	rd->nfrags = 1;
	rd->nob = sink->len;
	rd->addr = sink->mr->mr->iova;
}

/**
 * lo2ib_sink_invalidate_locked() - the peer is done with a sink: take the
 *	region back
 * @sink: the sink, registered
 *
 * Under conn->lock.  Posts the invalidation; once it completes, the memory
 * is unmapped (a bounce buffer copied out) and @sink->done is called.  On
 * a connection that is closing the sink waits for the regions to go
 * instead (conn->dead_sinks).
 */
void lo2ib_sink_invalidate_locked(struct lo2ib_sink *sink)
{
	struct lo2ib_conn *conn = sink->conn;
	int rc = -ECONNABORTED;

	lockdep_assert_held(&conn->lock);
	if (conn->state == LO2IB_CONN_ESTABLISHED && conn->inv_free > 0) {
		sink->inv = (struct ib_send_wr){
			.opcode = IB_WR_LOCAL_INV,
			.send_flags = IB_SEND_SIGNALED,
			.ex.invalidate_rkey = sink->mr->mr->rkey,
			.wr_cqe = &sink->inv_cqe,
		};
		rc = ib_post_send(conn->qp, &sink->inv, NULL);
		if (!rc) {
			conn->inv_free--;
			return;
		}
		conn->failed = true;
		conn->fail_error = -EIO;
	}
	list_add_tail(&sink->dead_link, &conn->dead_sinks);
}

/* Copy a bounce buffer out into the sink's window. */
static int lo2ib_sink_unbounce(struct lo2ib_sink *sink)
{
	struct iov_iter iter;

	lnet_iov_iter(&sink->win, &iter, ITER_DEST);
	iov_iter_truncate(&iter, sink->len);
	return copy_to_iter(sink->bounce, sink->len, &iter) == sink->len ? 0 : -EFAULT;
}

static void lo2ib_inv_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct lo2ib_sink *sink = container_of(wc->wr_cqe, struct lo2ib_sink, inv_cqe);
	struct lo2ib_conn *conn = sink->conn;
	int rc = 0;

	if (wc->status != IB_WC_SUCCESS) {
		/* the region may still be valid: it goes with the connection */
		spin_lock(&conn->lock);
		conn->inv_free++;
		list_add_tail(&sink->dead_link, &conn->dead_sinks);
		spin_unlock(&conn->lock);
		if (lo2ib_wc_qp_error(conn, wc))
			lo2ib_conn_close(conn, -EIO);
		return;
	}
	lo2ib_sink_dma_unmap(sink);
	if (sink->bounce) {
		rc = lo2ib_sink_unbounce(sink);
		vfree(sink->bounce);
		sink->bounce = NULL;
	}
	spin_lock(&conn->lock);
	conn->inv_free++;
	list_add(&sink->mr->link, &conn->mrs);
	sink->mr = NULL;
	lo2ib_conn_check_sends_locked(conn);
	lo2ib_conn_unlock(conn);
	sink->done(sink, rc);
}

/**
 * lo2ib_sink_unregister() - give back a sink that was never announced
 * @sink: the sink, registered but its registration never posted
 */
void lo2ib_sink_unregister(struct lo2ib_sink *sink)
{
	struct lo2ib_conn *conn = sink->conn;

	lo2ib_sink_dma_unmap(sink);
	vfree(sink->bounce);
	sink->bounce = NULL;
	spin_lock(&conn->lock);
	list_add(&sink->mr->link, &conn->mrs);
	spin_unlock(&conn->lock);
	sink->mr = NULL;
}

/**
 * lo2ib_sink_release() - let a sink go without invalidating it
 * @sink: the sink, registered; its region is deregistered already (or was
 *	never posted)
 * @status: what @sink->done is called with
 */
void lo2ib_sink_release(struct lo2ib_sink *sink, int status)
{
	lo2ib_sink_dma_unmap(sink);
	vfree(sink->bounce);
	sink->bounce = NULL;
	sink->mr = NULL;
	sink->done(sink, status);
}

/* ---- sources ------------------------------------------------------------- */

/**
 * lo2ib_rdesc_new() - copy a peer's RDMA descriptor out of its message
 * @rd: the decoded descriptor, its fragments still in the message
 *
 * Return: the copy (kfree() it), or NULL.
 */
struct lo2ib_rdesc *lo2ib_rdesc_new(const struct lnet_o2ib_rdma_desc *rd)
{
	struct lo2ib_rdesc *d = kmalloc(struct_size(d, frags, rd->nfrags), GFP_KERNEL);
	u32 i;

	if (!d)
		return NULL;
	d->key = rd->key;
	d->nfrags = rd->nfrags;
	d->nob = 0;
	for (i = 0; i < rd->nfrags; i++) {
		lnet_o2ib_rdma_frag(rd, i, &d->frags[i].nob, &d->frags[i].addr);
		d->nob += d->frags[i].nob;
	}
	return d;
}

/**
 * lo2ib_src_map() - RDMA WRITEs of a window into a peer's memory
 * @conn: the connection
 * @src: receives the mapping and the work requests
 * @win: the window to write from
 * @len: bytes to write (at most what @rd holds)
 * @rd: where they go
 * @cqe: the completion of the WRITEs (unsignaled: errors only)
 *
 * The WRITEs are chained: @src->wrs[0] is the first, the last one's next
 * is left for the caller (the completion message).
 *
 * Return: 0 or a negative errno (nothing held).
 */
int lo2ib_src_map(struct lo2ib_conn *conn, struct lo2ib_src *src, const struct lnet_iov *win,
		  u32 len, const struct lo2ib_rdesc *rd, struct ib_cqe *cqe)
{
	struct ib_device *dev = conn->orail->device;
	u32 max_sge = conn->orail->max_sge, lkey = conn->orail->pd->local_dma_lkey;
	unsigned int maxwrs, nsge = 0, nwr = 0, f = 0;
	u32 fleft = 0, sgleft, sgoff;
	struct scatterlist *sg;
	struct ib_rdma_wr *wr = NULL;
	u64 raddr = 0;
	int n, rc, i;

	memset(src, 0, sizeof(*src));
	rc = lo2ib_window_sg(win, len, &src->sgt);
	if (rc < 0)
		return rc;
	n = ib_dma_map_sg(dev, src->sgt.sgl, src->sgt.orig_nents, DMA_TO_DEVICE);
	if (!n) {
		sg_free_table(&src->sgt);
		return -ENOMEM;
	}
	/* a WRITE per fragment, more when its pieces exceed max_sge */
	maxwrs = rd->nfrags + n;
	src->wrs = kcalloc(maxwrs, sizeof(*src->wrs), GFP_KERNEL);
	src->sges = kcalloc(n + rd->nfrags, sizeof(*src->sges), GFP_KERNEL);
	if (!src->wrs || !src->sges) {
		rc = -ENOMEM;
		goto unmap;
	}

	for_each_sg(src->sgt.sgl, sg, n, i) {
		sgleft = sg_dma_len(sg);
		sgoff = 0;
		while (sgleft) {
			u32 piece;

			if (!fleft) {
				if (f == rd->nfrags)
					goto built;	/* the peer's memory is full */
				raddr = rd->frags[f].addr;
				fleft = rd->frags[f].nob;
				f++;
				wr = NULL;
				continue;
			}
			if (!wr || wr->wr.num_sge == max_sge) {
				wr = &src->wrs[nwr];
				if (nwr)
					src->wrs[nwr - 1].wr.next = &wr->wr;
				nwr++;
				wr->wr.opcode = IB_WR_RDMA_WRITE;
				wr->wr.wr_cqe = cqe;
				wr->wr.sg_list = &src->sges[nsge];
				wr->remote_addr = raddr;
				wr->rkey = rd->key;
			}
			piece = min(sgleft, fleft);
			src->sges[nsge].addr = sg_dma_address(sg) + sgoff;
			src->sges[nsge].length = piece;
			src->sges[nsge].lkey = lkey;
			nsge++;
			wr->wr.num_sge++;
			raddr += piece;
			fleft -= piece;
			sgleft -= piece;
			sgoff += piece;
			if (!fleft)
				wr = NULL;
		}
	}
built:
	src->nwrs = nwr;
	return 0;

unmap:
	lo2ib_src_unmap(conn, src);
	return rc;
}

/**
 * lo2ib_src_unmap() - undo lo2ib_src_map()
 * @conn: the connection
 * @src: the source (harmless if empty)
 */
void lo2ib_src_unmap(struct lo2ib_conn *conn, struct lo2ib_src *src)
{
	if (src->sgt.sgl) {
		ib_dma_unmap_sg(conn->orail->device, src->sgt.sgl, src->sgt.orig_nents,
				DMA_TO_DEVICE);
		sg_free_table(&src->sgt);
	}
	kfree(src->wrs);
	kfree(src->sges);
	memset(src, 0, sizeof(*src));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * getsync.c - a GET that waits for its REPLY, for callers that can sleep
 * (ping, the bench engine's final report).
 */
#include <linux/completion.h>
#include <linux/ktime.h>

#include "core.h"

/**
 * struct get_wait - one synchronous GET
 * @answered: the REPLY came, or the GET failed
 * @unlinked: the MD's last event came
 * @status: result
 * @mlength: bytes of the REPLY
 * @replied: when the REPLY came
 */
struct get_wait {
	struct completion answered;
	struct completion unlinked;
	int status;
	u32 mlength;
	ktime_t replied;
};

static void get_wait_event(const struct lnet_event *ev)
{
	struct get_wait *w = ev->user_ptr;

	switch (ev->type) {
	case LNET_EVENT_SEND:
		if (ev->status) {
			w->status = ev->status;
			complete(&w->answered);
		}
		break;
	case LNET_EVENT_REPLY:
		if (!w->status)
			w->status = ev->status;
		w->mlength = ev->mlength;
		w->replied = ktime_get();
		complete(&w->answered);
		break;
	case LNET_EVENT_UNLINK:
		complete(&w->unlinked);
		break;
	default:
		break;
	}
}

/**
 * lnet_get_sync() - GET into a buffer and wait for the answer
 * @core: the core
 * @req: what to GET and where to
 *
 * Return: 0 (req->mlength and req->rtt_ns are set), -ETIMEDOUT after
 * req->timeout_ms, or another negative errno.
 */
int lnet_get_sync(struct lnet_core *core, struct lnet_get_sync_req *req)
{
	struct lnet_handle_md mdh;
	struct lnet_md_desc desc;
	struct get_wait w;
	struct kvec kvec;
	ktime_t start;
	int err;

	init_completion(&w.answered);
	init_completion(&w.unlinked);
	w.status = 0;
	w.mlength = 0;
	kvec.iov_base = req->buf;
	kvec.iov_len = req->len;
	desc = (struct lnet_md_desc){
		.kvec = &kvec,
		.nr = 1,
		.is_kvec = true,
		.length = req->len,
		.threshold = LNET_MD_THRESH_INF,
		.user_ptr = &w,
		.handler = get_wait_event,
	};
	err = lnet_md_new(core, &desc, NULL, &mdh);
	if (err)
		return err;

	start = ktime_get();
	err = lnet_send_request(core, &(struct lnet_request){
					.mdh = mdh,
					.type = LNET_MSG_GET,
					.target = req->target,
					.portal = req->portal,
					.match_bits = req->match_bits,
					.offset = req->offset,
					.pinned = req->pinned,
					.via = req->via,
					.timeout_ms = req->timeout_ms,
				});
	if (!err && !wait_for_completion_timeout(&w.answered,
						 msecs_to_jiffies(req->timeout_ms)))
		err = -ETIMEDOUT;
	/* a GET still waiting is cancelled; the MD's events end with the unlink */
	lnet_md_unlink_handle(core, mdh);
	wait_for_completion(&w.unlinked);
	if (!err)
		err = w.status;
	if (!err) {
		req->mlength = w.mlength;
		req->rtt_ns = ktime_to_ns(ktime_sub(w.replied, start));
	}
	return err;
}

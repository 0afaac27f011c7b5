/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ping.h - pinging a peer.
 */
#ifndef LNET_PING_H
#define LNET_PING_H

#include <linux/uio.h>

#include "wire.h"

struct lnetmr_node;

/* most interfaces of a peer we read from one ping */
#define LNETMR_PING_MAX_ENTRIES	257

/**
 * struct lnetmr_ping_result - what a ping learned
 * @info: the fixed part of the peer's ping buffer
 * @ents: its interfaces, entry 0 being 0@lo
 * @nents: valid entries in @ents
 * @rtt_ns: round trip of the GET, in nanoseconds
 */
struct lnetmr_ping_result {
	struct lnet_ping_info info;
	struct lnet_ping_entry ents[LNETMR_PING_MAX_ENTRIES];
	unsigned int nents;
	u64 rtt_ns;
};

/*
 * lnetmr's own ping feature bit: the node takes striped transfers.  Stock
 * LNet ignores feature bits of a peer's buffer it does not know (it only
 * checks its own), see Documentation/design.rst.
 */
#define LNETMR_PING_FEAT_STRIPING	BIT(16)

/**
 * struct ping_buf - an encoded ping buffer
 * @kvec: describes @data
 * @data: the encoded ping buffer
 */
struct ping_buf {
	struct kvec kvec;
	u8 data[];
};

struct ping_buf *lnetmr_ping_buf_new(struct lnetmr_node *node, u32 seq);
struct lnet_core;
int lnet_ping_portal_attach(struct lnet_core *core, struct kvec *kvec, u32 op, int threshold,
			    lnet_handler_t handler, void *user_ptr, struct lnet_handle_md *mdh);
int lnetmr_ping(struct lnetmr_node *node, lnet_nid_t nid, u32 timeout_ms,
		struct lnetmr_ping_result *res);

#endif /* LNET_PING_H */

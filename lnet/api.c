// SPDX-License-Identifier: GPL-2.0
/*
 * api.c - the exported in-kernel LNet API (see api.h).
 */
#include <linux/module.h>
#include <linux/slab.h>

#include "api.h"
#include "core.h"

/**
 * lnet_md_bind() - create a free-standing MD (source of a PUT, sink of a GET)
 * @net: the node's network namespace
 * @desc: the MD
 * @handle: receives its handle
 *
 * Return: 0 or a negative errno.
 */
int lnet_md_bind(struct net *net, const struct lnet_md_desc *desc,
		 struct lnet_handle_md *handle)
{
	return lnet_md_new(lnet_core_of(net), desc, NULL, handle);
}
EXPORT_SYMBOL_GPL(lnet_md_bind);

/**
 * lnet_me_attach() - put an MD on a portal behind a match entry
 * @net: the node's network namespace
 * @portal: the portal (< LNET_MAX_PORTALS; 0 is reserved for pings)
 * @match_bits: bits incoming operations must carry
 * @ignore_bits: bits that do not take part in matching
 * @desc: the MD
 * @handle: receives the MD's handle (unlinking it removes the ME too)
 *
 * Return: 0 or a negative errno.
 */
int lnet_me_attach(struct net *net, u32 portal, u64 match_bits, u64 ignore_bits,
		   const struct lnet_md_desc *desc, struct lnet_handle_md *handle)
{
	struct lnet_me *me;

	if (portal == LNET_PING_PORTAL || portal >= LNET_MAX_PORTALS)
		return -EINVAL;
	me = kzalloc(sizeof(*me), GFP_KERNEL);
	if (!me)
		return -ENOMEM;
	me->portal = portal;
	me->match_bits = match_bits;
	me->ignore_bits = ignore_bits;
	return lnet_md_new(lnet_core_of(net), desc, me, handle);
}
EXPORT_SYMBOL_GPL(lnet_me_attach);

/**
 * lnet_md_unlink() - unlink an MD
 * @net: the node's network namespace
 * @handle: the MD
 *
 * Operations in flight finish (those waiting for an answer fail with
 * -ECANCELED); the UNLINK event follows.
 *
 * Return: 0 or -ENOENT.
 */
int lnet_md_unlink(struct net *net, struct lnet_handle_md handle)
{
	return lnet_md_unlink_handle(lnet_core_of(net), handle);
}
EXPORT_SYMBOL_GPL(lnet_md_unlink);

/**
 * lnet_put() - send the whole of an MD to a peer's portal
 * @net: the node's network namespace
 * @md: the MD
 * @ack: ask for an ACK (then the ACK event ends the operation)
 * @target: the peer NID
 * @portal: the peer's portal
 * @match_bits: match bits
 * @offset: offset in the peer's MD (if it lets us manage it)
 * @hdr_data: delivered with the peer's PUT event
 *
 * Return: 0 (events follow) or a negative errno (no event).
 */
int lnet_put(struct net *net, struct lnet_handle_md md, bool ack, lnet_nid_t target,
	     u32 portal, u64 match_bits, u32 offset, u64 hdr_data)
{
	return lnet_send_request(lnet_core_of(net), &(struct lnet_request){
					.mdh = md,
					.type = LNET_MSG_PUT,
					.ack = ack,
					.target = target,
					.portal = portal,
					.match_bits = match_bits,
					.offset = offset,
					.hdr_data = hdr_data,
				 });
}
EXPORT_SYMBOL_GPL(lnet_put);

/**
 * lnet_get() - read a peer's MD into ours
 * @net: the node's network namespace
 * @md: our MD, the sink (its length is what we ask for)
 * @target: the peer NID
 * @portal: the peer's portal
 * @match_bits: match bits
 * @offset: offset in the peer's MD (if it lets us manage it)
 *
 * Return: 0 (SEND and REPLY events follow) or a negative errno (no event).
 */
int lnet_get(struct net *net, struct lnet_handle_md md, lnet_nid_t target,
	     u32 portal, u64 match_bits, u32 offset)
{
	return lnet_send_request(lnet_core_of(net), &(struct lnet_request){
					.mdh = md,
					.type = LNET_MSG_GET,
					.target = target,
					.portal = portal,
					.match_bits = match_bits,
					.offset = offset,
				 });
}
EXPORT_SYMBOL_GPL(lnet_get);

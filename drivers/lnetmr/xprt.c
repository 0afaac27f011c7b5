// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: the transport registry, and what transports may call (see
 * lnet/transport.h).
 *
 * Transports are modules of their own that register here.  An NI takes a
 * reference on its transport's module for as long as it exists, so a
 * transport in use cannot be unloaded; one that is not loaded yet is
 * loaded by its module alias when an NI of its type is added.
 */
#define pr_fmt(fmt) "lnetmr: " fmt

#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <net/netlink.h>

#include "core.h"
#include "ni.h"
#include "node.h"
#include "send.h"
#include "xprt.h"

/* the registered transports (&struct lnet_transport.link) */
static LIST_HEAD(lnetmr_transports);
/* protects lnetmr_transports */
static DEFINE_MUTEX(lnetmr_transports_lock);

/* the network types whose transport this package provides */
static const u32 lnetmr_provided[] = { SOCKLND, O2IBLND };

static struct lnet_transport *transport_find_locked(u32 lnd_type)
{
	struct lnet_transport *xport;

	list_for_each_entry(xport, &lnetmr_transports, link)
		if (xport->lnd_type == lnd_type)
			return xport;
	return NULL;
}

/**
 * lnetmr_transport_register() - make a transport available
 * @xport: its operations, valid until it is unregistered
 *
 * Return: 0, or -EEXIST when its network type has a transport already.
 */
int lnetmr_transport_register(struct lnet_transport *xport)
{
	int err = 0;

	mutex_lock(&lnetmr_transports_lock);
	if (transport_find_locked(xport->lnd_type))
		err = -EEXIST;
	else
		list_add_tail(&xport->link, &lnetmr_transports);
	mutex_unlock(&lnetmr_transports_lock);
	if (!err)
		pr_debug("transport %s registered\n", xport->name);
	return err;
}
EXPORT_SYMBOL_GPL(lnetmr_transport_register);

/**
 * lnetmr_transport_unregister() - withdraw a transport
 * @xport: it, registered; no NI uses it (each holds a module reference)
 */
void lnetmr_transport_unregister(struct lnet_transport *xport)
{
	mutex_lock(&lnetmr_transports_lock);
	list_del(&xport->link);
	mutex_unlock(&lnetmr_transports_lock);
}
EXPORT_SYMBOL_GPL(lnetmr_transport_unregister);

static const struct lnet_transport *transport_get(u32 lnd_type)
{
	const struct lnet_transport *xport;

	mutex_lock(&lnetmr_transports_lock);
	xport = transport_find_locked(lnd_type);
	if (xport && !try_module_get(xport->owner))
		xport = NULL;
	mutex_unlock(&lnetmr_transports_lock);
	return xport;
}

/**
 * lnetmr_transport_get() - the transport of a network type, referenced
 * @lnd_type: the type
 * @attr: the attribute that named the network, for the error message
 * @extack: where the error message goes
 *
 * Loads the transport's module if need be.  Not under RTNL: loading may
 * take it.
 *
 * Return: the transport (put it with lnetmr_transport_put()), or an
 * ERR_PTR: -EPROTONOSUPPORT for a type nothing provides, -ENOENT when its
 * module could not be loaded.
 */
const struct lnet_transport *lnetmr_transport_get(u32 lnd_type, const struct nlattr *attr,
						  struct netlink_ext_ack *extack)
{
	const struct lnet_transport *xport = transport_get(lnd_type);
	unsigned int i;

	if (xport)
		return xport;
	for (i = 0; i < ARRAY_SIZE(lnetmr_provided); i++)
		if (lnetmr_provided[i] == lnd_type)
			break;
	if (i == ARRAY_SIZE(lnetmr_provided)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "no transport for this network type (lnetmr has: tcp, o2ib)");
		return ERR_PTR(-EPROTONOSUPPORT);
	}
	request_module("lnetmr-net-%s", lnet_lnd_name(lnd_type));
	xport = transport_get(lnd_type);
	if (xport)
		return xport;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "the transport of this network type could not be loaded (module lnetmr_tcp or lnetmr_o2ib)");
	return ERR_PTR(-ENOENT);
}

void lnetmr_transport_put(const struct lnet_transport *xport)
{
	module_put(xport->owner);
}

/* ---- upcalls ------------------------------------------------------------- */

int lnetmr_rx_begin(struct lnet_xprt_rail *xr, lnet_nid_t from,
		    const struct lnet_hdr *hdr, struct lnet_rx *rx)
{
	return lnet_rx_begin(lnetmr_rail_of(xr), from, hdr, rx);
}
EXPORT_SYMBOL_GPL(lnetmr_rx_begin);

void lnetmr_rx_end(struct lnet_rx *rx, int status)
{
	lnet_rx_end(rx, status);
}
EXPORT_SYMBOL_GPL(lnetmr_rx_end);

void lnetmr_tx_reply_landed(struct lnet_tx *tx, struct lnet_xprt_rail *xr,
			    lnet_nid_t from, u32 mlen)
{
	lnet_tx_reply_landed(tx, lnetmr_rail_of(xr), from, mlen);
}
EXPORT_SYMBOL_GPL(lnetmr_tx_reply_landed);

void lnetmr_peer_incarnation(struct lnet_xprt_rail *xr, lnet_nid_t peer, u64 incarnation)
{
	lnetmr_send_peer_incarnation(lnetmr_rail_of(xr), peer, incarnation);
}
EXPORT_SYMBOL_GPL(lnetmr_peer_incarnation);

/**
 * lnetmr_rail_carrier() - a transport says whether its rail can carry
 * @xr: the rail, started and not stopped
 * @up: it can (an RDMA port went active) or not (the port went down)
 *
 * The rail is usable when its interface is up with carrier and its
 * transport says it can carry.  Any context; the rail's state follows
 * shortly, from a work item.
 */
void lnetmr_rail_carrier(struct lnet_xprt_rail *xr, bool up)
{
	struct lnetmr_rail *rail = lnetmr_rail_of(xr);

	WRITE_ONCE(rail->xprt_carrier, up);
	lnetmr_rail_xprt_event(rail, LNETMR_RAIL_XPRT_CARRIER);
}
EXPORT_SYMBOL_GPL(lnetmr_rail_carrier);

/**
 * lnetmr_rail_lost() - a transport lost what a rail runs on (its RDMA
 *	device went away): the rail is to be removed
 * @xr: the rail, started and not stopped
 *
 * Any context: the rail is removed shortly, from a work item (its
 * transport's rail_stop() is called then).  Meanwhile the transport fails
 * what it is given for the rail.
 */
void lnetmr_rail_lost(struct lnet_xprt_rail *xr)
{
	lnetmr_rail_xprt_event(lnetmr_rail_of(xr), LNETMR_RAIL_XPRT_LOST);
}
EXPORT_SYMBOL_GPL(lnetmr_rail_lost);

u64 lnetmr_xprt_incarnation(const struct lnet_xprt_node *xnode)
{
	return READ_ONCE(lnetmr_node_of_xnode(xnode)->incarnation);
}
EXPORT_SYMBOL_GPL(lnetmr_xprt_incarnation);

u32 lnetmr_xprt_timeout_ms(const struct lnet_xprt_node *xnode)
{
	return lnetmr_node_setting(lnetmr_node_of_xnode(xnode), LNETMR_SET_TIMEOUT);
}
EXPORT_SYMBOL_GPL(lnetmr_xprt_timeout_ms);

bool lnetmr_xprt_accept_any_port(const struct lnet_xprt_node *xnode)
{
	return lnetmr_node_setting(lnetmr_node_of_xnode(xnode), LNETMR_SET_ACCEPT_ANY_PORT);
}
EXPORT_SYMBOL_GPL(lnetmr_xprt_accept_any_port);

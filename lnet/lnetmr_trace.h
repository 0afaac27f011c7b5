/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr_trace.h - the lnetmr trace system: the decisions an admin debugs
 *
 * Events (Documentation/tracing.rst shows them at work):
 *   lnetmr_path          the path chosen for a message, and why
 *   lnetmr_send          a message handed to its rail's transport
 *   lnetmr_send_done     the transport finished with it
 *   lnetmr_resend        a message taken off its path to go again, and why
 *   lnetmr_health        a rail's or a peer NID's health changed
 *   lnetmr_stripe_issue  one stripe of a striped transfer of ours set out
 *   lnetmr_stripe_land   one stripe's data landed in an MD (or failed to)
 *   lnetmr_conn          a transport's connection came up or went down
 *
 * NIDs and interface names are recorded as text, so that every reader
 * (tracefs, perf, trace-cmd) prints them alike and filters on them.  A
 * message is named by its address, which the kernel prints hashed: the
 * same message has the same name in every event of one boot.  Every event
 * carries its node: the inode number of its network namespace, as
 * `ls -L -i /proc/PID/ns/net` or `lsns -t net` print it.
 *
 * The events use only what lnet/ defines, so every layer (the core, the
 * driver, the transports) may fire them; they are defined in lnetmr.ko
 * (lnet/trace.c) and lnetmr_conn is exported to the transports.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM lnetmr

#if !defined(LNETMR_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define LNETMR_TRACE_H

#include <linux/tracepoint.h>

#include "nid.h"

#ifndef LNETMR_TRACE_ONCE
#define LNETMR_TRACE_ONCE
struct net;
struct lnet_core;
struct lnet_msg;
struct lnet_xprt_rail;

/**
 * enum lnetmr_trace_why - what decided the path of a message
 * @LNETMR_WHY_ONLY: it was the only path
 * @LNETMR_WHY_RAIL_HEALTH: a healthier local rail than the next best path's
 * @LNETMR_WHY_PEER_HEALTH: a healthier peer NID
 * @LNETMR_WHY_RAIL_POLICY: a policy prefers the rail
 * @LNETMR_WHY_PEER_POLICY: a policy prefers the peer NID
 * @LNETMR_WHY_NET_SPEED: the faster network
 * @LNETMR_WHY_RDMA: equal speed, but the network moves bulk by RDMA
 * @LNETMR_WHY_NUMA: the rail nearer this CPU's NUMA node
 * @LNETMR_WHY_BUSY: the other paths were congested
 * @LNETMR_WHY_TURN: all paths were equal: its rail's weighted turn
 * @LNETMR_WHY_ROUTED: no rail reaches the peer directly: any usable rail
 *
 * Besides the reason, lnetmr_path tells how many paths tied with the chosen
 * one (they take weighted turns).
 */
enum lnetmr_trace_why {
	LNETMR_WHY_ONLY,
	LNETMR_WHY_RAIL_HEALTH,
	LNETMR_WHY_PEER_HEALTH,
	LNETMR_WHY_RAIL_POLICY,
	LNETMR_WHY_PEER_POLICY,
	LNETMR_WHY_NET_SPEED,
	LNETMR_WHY_RDMA,
	LNETMR_WHY_NUMA,
	LNETMR_WHY_BUSY,
	LNETMR_WHY_TURN,
	LNETMR_WHY_ROUTED,
};

/**
 * enum lnetmr_trace_health_why - what moved a health value
 * @LNETMR_HEALTH_WHY_FAILED: a message failed on the path (with its error)
 * @LNETMR_HEALTH_WHY_SUCCEEDED: a message and its answer went through
 * @LNETMR_HEALTH_WHY_PROBE: a recovery ping was answered
 * @LNETMR_HEALTH_WHY_LINK_UP: the rail's link came back
 */
enum lnetmr_trace_health_why {
	LNETMR_HEALTH_WHY_FAILED,
	LNETMR_HEALTH_WHY_SUCCEEDED,
	LNETMR_HEALTH_WHY_PROBE,
	LNETMR_HEALTH_WHY_LINK_UP,
};

/*
 * What the events record is read only where they are defined (lnet/trace.c
 * with CREATE_TRACE_POINTS): whoever fires one needs no more than the
 * declarations above.
 */
#ifdef CREATE_TRACE_POINTS
#include <linux/netdevice.h>
#include <net/net_namespace.h>

#include "core.h"
#include "lnet_node.h"
#include "transport.h"

static inline unsigned int lnetmr_trace_netns(const struct net *net)
{
	return net ? net->ns.inum : 0;
}

static inline unsigned int lnetmr_trace_core_netns(const struct lnet_core *core)
{
	return lnetmr_trace_netns(lnetmr_node_net(core->node));
}
#endif
#endif /* LNETMR_TRACE_ONCE */

TRACE_DEFINE_ENUM(LNET_MSG_ACK);
TRACE_DEFINE_ENUM(LNET_MSG_PUT);
TRACE_DEFINE_ENUM(LNET_MSG_GET);
TRACE_DEFINE_ENUM(LNET_MSG_REPLY);
TRACE_DEFINE_ENUM(LNETMR_WHY_ONLY);
TRACE_DEFINE_ENUM(LNETMR_WHY_RAIL_HEALTH);
TRACE_DEFINE_ENUM(LNETMR_WHY_PEER_HEALTH);
TRACE_DEFINE_ENUM(LNETMR_WHY_RAIL_POLICY);
TRACE_DEFINE_ENUM(LNETMR_WHY_PEER_POLICY);
TRACE_DEFINE_ENUM(LNETMR_WHY_NET_SPEED);
TRACE_DEFINE_ENUM(LNETMR_WHY_RDMA);
TRACE_DEFINE_ENUM(LNETMR_WHY_NUMA);
TRACE_DEFINE_ENUM(LNETMR_WHY_BUSY);
TRACE_DEFINE_ENUM(LNETMR_WHY_TURN);
TRACE_DEFINE_ENUM(LNETMR_WHY_ROUTED);
TRACE_DEFINE_ENUM(LNETMR_HEALTH_WHY_FAILED);
TRACE_DEFINE_ENUM(LNETMR_HEALTH_WHY_SUCCEEDED);
TRACE_DEFINE_ENUM(LNETMR_HEALTH_WHY_PROBE);
TRACE_DEFINE_ENUM(LNETMR_HEALTH_WHY_LINK_UP);

#define show_lnet_msg_type(t)					\
	__print_symbolic(t,					\
			 { LNET_MSG_ACK, "ACK" },		\
			 { LNET_MSG_PUT, "PUT" },		\
			 { LNET_MSG_GET, "GET" },		\
			 { LNET_MSG_REPLY, "REPLY" })

#define show_lnetmr_why(w)						\
	__print_symbolic(w,						\
			 { LNETMR_WHY_ONLY, "only-path" },		\
			 { LNETMR_WHY_RAIL_HEALTH, "rail-health" },	\
			 { LNETMR_WHY_PEER_HEALTH, "peer-health" },	\
			 { LNETMR_WHY_RAIL_POLICY, "rail-policy" },	\
			 { LNETMR_WHY_PEER_POLICY, "peer-policy" },	\
			 { LNETMR_WHY_NET_SPEED, "net-speed" },	\
			 { LNETMR_WHY_RDMA, "rdma" },			\
			 { LNETMR_WHY_NUMA, "numa" },			\
			 { LNETMR_WHY_BUSY, "congestion" },		\
			 { LNETMR_WHY_TURN, "turn" },			\
			 { LNETMR_WHY_ROUTED, "routed" })

#define show_lnetmr_health_why(w)					\
	__print_symbolic(w,						\
			 { LNETMR_HEALTH_WHY_FAILED, "failed" },	\
			 { LNETMR_HEALTH_WHY_SUCCEEDED, "succeeded" },	\
			 { LNETMR_HEALTH_WHY_PROBE, "probe" },		\
			 { LNETMR_HEALTH_WHY_LINK_UP, "link-up" })

/* a NID as text into an event's char array */
#define lnetmr_trace_nid(field, nid) lnet_nid_format(nid, field, sizeof(field))

/* a rail's node, NID and interface name into an event's fields */
#define lnetmr_trace_rail(entry, xr) do {					\
	typeof(entry) e_ = (entry);						\
	const struct lnet_xprt_rail *xr_ = (xr);				\
										\
	e_->node = lnetmr_trace_netns(xr_->xnode->net);				\
	lnetmr_trace_nid(e_->rail, xr_->nid);					\
	strscpy(e_->dev, xr_->ifname, sizeof(e_->dev));				\
} while (0)

/* a message's name, type and stripe index into an event's fields */
#define lnetmr_trace_msg(entry, m) do {						\
	typeof(entry) e_ = (entry);						\
	const struct lnet_msg *m_ = (m);					\
										\
	e_->msg = m_;								\
	e_->type = m_->hdr.type;						\
	e_->striped = m_->hdr.striped;						\
	e_->stripe = m_->hdr.striped ? m_->hdr.stripe.index : 0;		\
} while (0)

TRACE_EVENT(lnetmr_path,
	TP_PROTO(const struct lnet_msg *msg, const struct lnet_xprt_rail *xr,
		 unsigned int paths, unsigned int tied, int why),
	TP_ARGS(msg, xr, paths, tied, why),
	TP_STRUCT__entry(
		__field(unsigned int, node)
		__field(const void *, msg)
		__field(u32, type)
		__field(u32, bytes)
		__array(char, rail, LNET_NIDSTR_SIZE)
		__array(char, dev, IFNAMSIZ)
		__array(char, peer, LNET_NIDSTR_SIZE)
		__array(char, target, LNET_NIDSTR_SIZE)
		__field(unsigned int, paths)
		__field(unsigned int, tied)
		__field(int, why)
	),
	TP_fast_assign(
		lnetmr_trace_rail(__entry, xr);
		__entry->msg = msg;
		__entry->type = msg->hdr.type;
		__entry->bytes = msg->rlength;
		lnetmr_trace_nid(__entry->peer, msg->hdr.dest_nid);
		lnetmr_trace_nid(__entry->target, msg->target);
		__entry->paths = paths;
		__entry->tied = tied;
		__entry->why = why;
	),
	TP_printk("node=%u msg=%p %s bytes=%u target=%s via rail=%s dev=%s peer=%s why=%s paths=%u tied=%u",
		  __entry->node, __entry->msg, show_lnet_msg_type(__entry->type),
		  __entry->bytes, __entry->target, __entry->rail, __entry->dev,
		  __entry->peer, show_lnetmr_why(__entry->why), __entry->paths,
		  __entry->tied)
);

TRACE_EVENT(lnetmr_send,
	TP_PROTO(const struct lnet_msg *msg, const struct lnet_xprt_rail *xr),
	TP_ARGS(msg, xr),
	TP_STRUCT__entry(
		__field(unsigned int, node)
		__field(const void *, msg)
		__field(u32, type)
		__field(u32, bytes)
		__field(bool, striped)
		__field(u16, stripe)
		__array(char, rail, LNET_NIDSTR_SIZE)
		__array(char, dev, IFNAMSIZ)
		__array(char, peer, LNET_NIDSTR_SIZE)
	),
	TP_fast_assign(
		lnetmr_trace_rail(__entry, xr);
		lnetmr_trace_msg(__entry, msg);
		__entry->bytes = msg->hdr.payload_length;
		lnetmr_trace_nid(__entry->peer, msg->hdr.dest_nid);
	),
	TP_printk("node=%u msg=%p %s bytes=%u stripe=%d rail=%s dev=%s peer=%s",
		  __entry->node, __entry->msg, show_lnet_msg_type(__entry->type),
		  __entry->bytes, __entry->striped ? __entry->stripe : -1,
		  __entry->rail, __entry->dev, __entry->peer)
);

TRACE_EVENT(lnetmr_send_done,
	TP_PROTO(const struct lnet_msg *msg, const struct lnet_xprt_rail *xr, int status),
	TP_ARGS(msg, xr, status),
	TP_STRUCT__entry(
		__field(unsigned int, node)
		__field(const void *, msg)
		__field(u32, type)
		__array(char, rail, LNET_NIDSTR_SIZE)
		__array(char, dev, IFNAMSIZ)
		__field(int, status)
	),
	TP_fast_assign(
		lnetmr_trace_rail(__entry, xr);
		__entry->msg = msg;
		__entry->type = msg->hdr.type;
		__entry->status = status;
	),
	TP_printk("node=%u msg=%p %s rail=%s dev=%s status=%d",
		  __entry->node, __entry->msg, show_lnet_msg_type(__entry->type),
		  __entry->rail, __entry->dev, __entry->status)
);

TRACE_EVENT(lnetmr_resend,
	TP_PROTO(const struct lnet_msg *msg, int cause),
	TP_ARGS(msg, cause),
	TP_STRUCT__entry(
		__field(unsigned int, node)
		__field(const void *, msg)
		__field(u32, type)
		__field(bool, striped)
		__field(u16, stripe)
		__field(u8, retries)
		__field(int, cause)
		__array(char, rail, LNET_NIDSTR_SIZE)
		__array(char, peer, LNET_NIDSTR_SIZE)
		__array(char, target, LNET_NIDSTR_SIZE)
	),
	TP_fast_assign(
		__entry->node = lnetmr_trace_core_netns(msg->core);
		lnetmr_trace_msg(__entry, msg);
		__entry->retries = msg->retries;
		__entry->cause = cause;
		lnetmr_trace_nid(__entry->rail, msg->rail ? msg->hdr.src_nid : 0);
		lnetmr_trace_nid(__entry->peer, msg->rail ? msg->hdr.dest_nid : 0);
		lnetmr_trace_nid(__entry->target, msg->target);
	),
	TP_printk("node=%u msg=%p %s stripe=%d target=%s was rail=%s peer=%s cause=%d retry=%u",
		  __entry->node, __entry->msg, show_lnet_msg_type(__entry->type),
		  __entry->striped ? __entry->stripe : -1, __entry->target,
		  __entry->rail, __entry->peer, __entry->cause, __entry->retries)
);

TRACE_EVENT(lnetmr_health,
	TP_PROTO(const struct net *net, bool rail, lnet_nid_t nid, unsigned int value,
		 int why, int status),
	TP_ARGS(net, rail, nid, value, why, status),
	TP_STRUCT__entry(
		__field(unsigned int, node)
		__field(bool, rail)
		__array(char, nid, LNET_NIDSTR_SIZE)
		__field(unsigned int, value)
		__field(int, why)
		__field(int, status)
	),
	TP_fast_assign(
		__entry->node = lnetmr_trace_netns(net);
		__entry->rail = rail;
		lnetmr_trace_nid(__entry->nid, nid);
		__entry->value = value;
		__entry->why = why;
		__entry->status = status;
	),
	TP_printk("node=%u %s=%s health=%u why=%s status=%d",
		  __entry->node, __entry->rail ? "rail" : "peer", __entry->nid,
		  __entry->value, show_lnetmr_health_why(__entry->why), __entry->status)
);

TRACE_EVENT(lnetmr_stripe_issue,
	TP_PROTO(const struct lnet_msg *parent, const struct lnet_msg *child),
	TP_ARGS(parent, child),
	TP_STRUCT__entry(
		__field(unsigned int, node)
		__field(const void *, parent)
		__field(const void *, msg)
		__field(u32, type)
		__field(u64, cookie)
		__field(u16, index)
		__field(u16, count)
		__field(u32, offset)
		__field(u32, len)
		__field(u32, xfer_length)
	),
	TP_fast_assign(
		__entry->node = lnetmr_trace_core_netns(parent->core);
		__entry->parent = parent;
		__entry->msg = child;
		__entry->type = child->hdr.type;
		__entry->cookie = child->hdr.stripe.cookie;
		__entry->index = child->hdr.stripe.index;
		__entry->count = child->hdr.stripe.count;
		__entry->offset = child->hdr.stripe.offset;
		__entry->len = child->hdr.stripe.len;
		__entry->xfer_length = child->hdr.stripe.xfer_length;
	),
	TP_printk("node=%u parent=%p msg=%p %s xfer=%#llx stripe=%u/%u offset=%u len=%u of %u",
		  __entry->node, __entry->parent, __entry->msg,
		  show_lnet_msg_type(__entry->type), __entry->cookie, __entry->index,
		  __entry->count, __entry->offset, __entry->len, __entry->xfer_length)
);

TRACE_EVENT(lnetmr_stripe_land,
	TP_PROTO(const struct lnet_core *core, u32 type, u64 cookie, u16 index, u32 offset,
		 u32 len, u32 xfer_length, int status),
	TP_ARGS(core, type, cookie, index, offset, len, xfer_length, status),
	TP_STRUCT__entry(
		__field(unsigned int, node)
		__field(u32, type)
		__field(u64, cookie)
		__field(u16, index)
		__field(u32, offset)
		__field(u32, len)
		__field(u32, xfer_length)
		__field(int, status)
	),
	TP_fast_assign(
		__entry->node = lnetmr_trace_core_netns(core);
		__entry->type = type;
		__entry->cookie = cookie;
		__entry->index = index;
		__entry->offset = offset;
		__entry->len = len;
		__entry->xfer_length = xfer_length;
		__entry->status = status;
	),
	TP_printk("node=%u %s xfer=%#llx stripe=%u status=%d offset=%u len=%u of %u",
		  __entry->node, show_lnet_msg_type(__entry->type), __entry->cookie,
		  __entry->index, __entry->status, __entry->offset, __entry->len,
		  __entry->xfer_length)
);

TRACE_EVENT(lnetmr_conn,
	TP_PROTO(const struct lnet_xprt_rail *xr, const char *xport, lnet_nid_t peer,
		 const char *kind, bool up, int status),
	TP_ARGS(xr, xport, peer, kind, up, status),
	TP_STRUCT__entry(
		__field(unsigned int, node)
		__array(char, rail, LNET_NIDSTR_SIZE)
		__array(char, dev, IFNAMSIZ)
		__array(char, xport, 8)
		__array(char, peer, LNET_NIDSTR_SIZE)
		__array(char, kind, 16)
		__field(bool, up)
		__field(int, status)
	),
	TP_fast_assign(
		lnetmr_trace_rail(__entry, xr);
		strscpy(__entry->xport, xport, sizeof(__entry->xport));
		lnetmr_trace_nid(__entry->peer, peer);
		strscpy(__entry->kind, kind, sizeof(__entry->kind));
		__entry->up = up;
		__entry->status = status;
	),
	TP_printk("node=%u %s rail=%s dev=%s peer=%s %s %s status=%d",
		  __entry->node, __entry->xport, __entry->rail, __entry->dev,
		  __entry->peer, __entry->kind, __entry->up ? "up" : "down",
		  __entry->status)
);

#endif /* LNETMR_TRACE_H */

/* out of the kernel tree: define_trace.h finds this file by -I$(src)/lnet */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE lnetmr_trace
#include <trace/define_trace.h>

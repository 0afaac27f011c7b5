// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr TCP transport: the acceptor of one node.
 *
 * One listening socket per node (network namespace) on INADDR_ANY:988 and
 * one kthread accepting on it.  The accept loop only checks the source port
 * and queues a handshake work item on the node's workqueue; the handshake
 * (acceptor request here, socklnd hellos in conn.c) runs there against a
 * deadline, so a slow or silent client ties up only its own work item.
 *
 * A handshake that found its rail holds the rail "busy" (ltcp_rail.busy)
 * until it has registered its connection, so that rail_stop can wait for it
 * instead of racing with it.
 */
#define pr_fmt(fmt) "lnetmr: tcp: " fmt

#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "tcp.h"

/**
 * struct ltcp_handshake - an accepted connection being set up
 * @link: in tnode->handshakes while the handshake may read from @sock
 *	(empty once unlinked)
 * @tnode: the node
 * @trail: the rail the connector asked for, once known (under tnode->lock)
 * @sock: the accepted socket, owned by the handshake until a connection
 *	takes it over
 * @work: runs ltcp_handshake_work() on tnode->wq
 */
struct ltcp_handshake {
	struct list_head link;
	struct ltcp_node *tnode;
	struct ltcp_rail *trail;
	struct socket *sock;
	struct work_struct work;
};

/* after this, node_stop and rail_stop no longer touch hs->sock */
static void ltcp_handshake_unlink(struct ltcp_handshake *hs)
{
	struct ltcp_node *tnode = hs->tnode;

	mutex_lock(&tnode->lock);
	if (!list_empty(&hs->link)) {
		list_del_init(&hs->link);
		tnode->nhandshakes--;
	}
	mutex_unlock(&tnode->lock);
}

/*
 * Find the started rail whose NID is @nid and mark it busy: rail_stop
 * waits for ltcp_rail_exit() before it frees the rail state.
 */
static struct ltcp_rail *ltcp_rail_enter(struct ltcp_handshake *hs, lnet_nid_t nid)
{
	struct ltcp_node *tnode = hs->tnode;
	struct ltcp_rail *trail, *found = NULL;

	mutex_lock(&tnode->lock);
	list_for_each_entry(trail, &tnode->rails, link) {
		if (trail->xr->nid != nid)
			continue;
		spin_lock_bh(&trail->lock);
		if (!trail->stopping) {
			trail->busy++;
			found = trail;
		}
		spin_unlock_bh(&trail->lock);
		break;
	}
	if (found && !list_empty(&hs->link))
		hs->trail = found;
	mutex_unlock(&tnode->lock);
	return found;
}

static void ltcp_rail_exit(struct ltcp_rail *trail)
{
	/* wake under the lock: rail_stop frees @trail once it sees 0 under it */
	spin_lock_bh(&trail->lock);
	if (!--trail->busy)
		wake_up(&trail->idle_wait);
	spin_unlock_bh(&trail->lock);
}

static bool ltcp_rail_idle(struct ltcp_rail *trail)
{
	bool idle;

	spin_lock_bh(&trail->lock);
	idle = !trail->busy;
	spin_unlock_bh(&trail->lock);
	return idle;
}

/**
 * lnetmr_tcp_node_rail_attach() - make a started rail reachable by passive
 *	connections
 * @trail: the rail state
 *
 * Return: 0, or -ENETDOWN if the node's TCP transport is not running.
 */
int lnetmr_tcp_node_rail_attach(struct ltcp_rail *trail)
{
	struct ltcp_node *tnode = READ_ONCE(trail->xr->xnode->priv);
	int rc = 0;

	if (!tnode)
		return -ENETDOWN;
	mutex_lock(&tnode->lock);
	if (tnode->stopping) {
		rc = -ENETDOWN;
	} else {
		list_add_tail(&trail->link, &tnode->rails);
		trail->tnode = tnode;
	}
	mutex_unlock(&tnode->lock);
	return rc;
}

/**
 * lnetmr_tcp_node_rail_detach() - stop passive connections to a rail
 * @trail: the rail state, already marked stopping
 *
 * Unlists the rail, aborts the handshakes that target it and waits until
 * none of them uses it any more.  May sleep.
 */
void lnetmr_tcp_node_rail_detach(struct ltcp_rail *trail)
{
	struct ltcp_node *tnode = trail->tnode;
	struct ltcp_handshake *hs;

	if (tnode) {
		mutex_lock(&tnode->lock);
		list_del_init(&trail->link);
		trail->tnode = NULL;
		list_for_each_entry(hs, &tnode->handshakes, link)
			if (hs->trail == trail)
				kernel_sock_shutdown(hs->sock, SHUT_RDWR);
		mutex_unlock(&tnode->lock);
	}
	wait_event(trail->idle_wait, ltcp_rail_idle(trail));
}

/* the passive side of one connection: acceptor request, then conn.c */
static void ltcp_handshake_work(struct work_struct *work)
{
	struct ltcp_handshake *hs = container_of(work, struct ltcp_handshake, work);
	unsigned long deadline = jiffies + LTCP_HANDSHAKE_TIMEOUT;
	struct lnet_xprt_node *xnode = hs->tnode->xnode;
	u8 buf[LNET_ACCEPTOR_REQ_SIZE];
	struct lnet_acceptor_req req;
	struct ltcp_rail *trail;
	struct ltcp_conn *conn;
	bool swab;
	int rc;

	rc = lnetmr_tcp_recv(hs->sock, buf, sizeof(buf), deadline);
	if (!rc)
		rc = lnet_acceptor_req_decode(buf, &req, &swab);
	if (rc) {
		pr_debug("bad or missing acceptor request: %d\n", rc);
		ltcp_stat(xnode->stats, LNETMR_STAT_PROTO_ERRORS);
		goto free_hs;
	}

	trail = NULL;
	if (lnet_net_type(lnet_nid_net(req.nid)) == SOCKLND)
		trail = ltcp_rail_enter(hs, req.nid);
	if (!trail) {
		pr_debug("connection for unknown NID %#llx refused\n", req.nid);
		ltcp_stat(xnode->stats, LNETMR_STAT_CONNS_REFUSED);
		goto free_hs;
	}

	rc = lnetmr_tcp_conn_accept(trail, hs->sock, deadline, &conn);
	ltcp_handshake_unlink(hs);
	if (!rc) {
		hs->sock = NULL;	/* now the connection's */
		lnetmr_tcp_conn_start(conn);
	}
	ltcp_rail_exit(trail);
free_hs:
	ltcp_handshake_unlink(hs);
	if (hs->sock)
		sock_release(hs->sock);
	kfree(hs);
}

/* a connection was accepted: check it and hand it to a handshake worker */
static void ltcp_acceptor_take(struct ltcp_node *tnode, struct socket *sock)
{
	struct lnet_xprt_node *xnode = tnode->xnode;
	struct sockaddr_in sin = {};
	struct ltcp_handshake *hs;
	int rc;

	lnetmr_tcp_sock_setup(sock);
	rc = kernel_getpeername(sock, (struct sockaddr *)&sin);
	if (rc < 0 || sin.sin_family != AF_INET)
		goto refuse;
	if (ntohs(sin.sin_port) >= LTCP_PORT_SECURE &&
	    !lnetmr_xprt_accept_any_port(xnode)) {
		pr_debug("connection from insecure port %pI4:%u refused\n",
			 &sin.sin_addr, ntohs(sin.sin_port));
		goto refuse;
	}

	hs = kzalloc(sizeof(*hs), GFP_KERNEL);
	if (!hs)
		goto refuse;
	INIT_LIST_HEAD(&hs->link);
	hs->tnode = tnode;
	hs->sock = sock;
	INIT_WORK(&hs->work, ltcp_handshake_work);

	mutex_lock(&tnode->lock);
	if (tnode->stopping || tnode->nhandshakes >= LTCP_MAX_HANDSHAKES) {
		mutex_unlock(&tnode->lock);
		kfree(hs);
		goto refuse;
	}
	list_add_tail(&hs->link, &tnode->handshakes);
	tnode->nhandshakes++;
	queue_work(tnode->wq, &hs->work);
	mutex_unlock(&tnode->lock);
	return;

refuse:
	ltcp_stat(xnode->stats, LNETMR_STAT_CONNS_REFUSED);
	sock_release(sock);
}

static int ltcp_acceptor_thread(void *arg)
{
	struct ltcp_node *tnode = arg;
	struct socket *sock;
	int rc;

	while (!kthread_should_stop()) {
		/* returns -EAGAIN every LTCP_ACCEPT_POLL (the listener's rcvtimeo) */
		rc = kernel_accept(tnode->lsock, &sock, 0);
		if (!rc)
			ltcp_acceptor_take(tnode, sock);
		else if (rc != -EAGAIN && !kthread_should_stop())
			schedule_timeout_interruptible(HZ / 10);	/* no busy loop */
	}
	return 0;
}

/**
 * lnetmr_tcp_node_start() - start the TCP transport of a node
 * @xnode: the node
 *
 * Listens on INADDR_ANY:988 in the node's namespace and starts accepting.
 * On failure nothing is left behind and @xnode->priv stays NULL.
 *
 * Return: 0 or a negative errno (-EADDRINUSE: port 988 is taken).
 */
int lnetmr_tcp_node_start(struct lnet_xprt_node *xnode)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(LNET_ACCEPTOR_PORT),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	struct task_struct *task;
	struct ltcp_node *tnode;
	int rc;

	if (xnode->priv)
		return -EBUSY;
	tnode = kzalloc(sizeof(*tnode), GFP_KERNEL);
	if (!tnode)
		return -ENOMEM;
	tnode->xnode = xnode;
	mutex_init(&tnode->lock);
	INIT_LIST_HEAD(&tnode->handshakes);
	INIT_LIST_HEAD(&tnode->rails);

	tnode->wq = alloc_workqueue("lnetmr_tcp_hs", WQ_UNBOUND, 0);
	if (!tnode->wq) {
		rc = -ENOMEM;
		goto free_tnode;
	}
	rc = sock_create_kern(xnode->net, PF_INET, SOCK_STREAM, IPPROTO_TCP, &tnode->lsock);
	if (rc)
		goto destroy_wq;
	sock_set_reuseaddr(tnode->lsock->sk);
	lnetmr_tcp_sock_timeouts(tnode->lsock, LTCP_ACCEPT_POLL, LTCP_ACCEPT_POLL);
	rc = kernel_bind(tnode->lsock, lnetmr_sockaddr(&sin), sizeof(sin));
	if (rc) {
		pr_warn("cannot bind port %u: %d\n", LNET_ACCEPTOR_PORT, rc);
		goto release_lsock;
	}
	rc = kernel_listen(tnode->lsock, LTCP_BACKLOG);
	if (rc)
		goto release_lsock;

	task = kthread_create(ltcp_acceptor_thread, tnode, "lnetmr_tcp_acc");
	if (IS_ERR(task)) {
		rc = PTR_ERR(task);
		goto release_lsock;
	}
	get_task_struct(task);
	tnode->acceptor = task;
	WRITE_ONCE(xnode->priv, tnode);
	wake_up_process(task);
	return 0;

release_lsock:
	sock_release(tnode->lsock);
destroy_wq:
	destroy_workqueue(tnode->wq);
free_tnode:
	mutex_destroy(&tnode->lock);
	kfree(tnode);
	return rc;
}

/**
 * lnetmr_tcp_node_stop() - stop the TCP transport of a node
 * @xnode: the node
 *
 * Closes the listener, aborts and waits for the handshakes in progress and
 * frees the node state.  Harmless if the node was never (successfully)
 * started.  Rails should have been stopped first; any that were not are
 * detached from the node (rail_stop still works on them).  May sleep.
 */
void lnetmr_tcp_node_stop(struct lnet_xprt_node *xnode)
{
	struct ltcp_node *tnode = xnode->priv;
	struct ltcp_rail *trail, *tmp;
	struct ltcp_handshake *hs;

	if (!tnode)
		return;
	WRITE_ONCE(xnode->priv, NULL);

	mutex_lock(&tnode->lock);
	tnode->stopping = true;
	list_for_each_entry(hs, &tnode->handshakes, link)
		kernel_sock_shutdown(hs->sock, SHUT_RDWR);
	list_for_each_entry_safe(trail, tmp, &tnode->rails, link) {
		pr_warn("node stopping with rail %s still started\n", trail->xr->ifname);
		list_del_init(&trail->link);
		trail->tnode = NULL;
	}
	mutex_unlock(&tnode->lock);

	/* wakes the acceptor out of kernel_accept() at once */
	kernel_sock_shutdown(tnode->lsock, SHUT_RDWR);
	kthread_stop(tnode->acceptor);
	put_task_struct(tnode->acceptor);
	/* no more handshakes can be queued: wait for those still running */
	destroy_workqueue(tnode->wq);
	sock_release(tnode->lsock);
	mutex_destroy(&tnode->lock);
	kfree(tnode);
}

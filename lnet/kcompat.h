/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcompat.h - the differences between the kernels lnetmr builds for
 * (Debian 12's 6.1, Debian 13's 6.12, the newest one of Debian 13's
 * backports), in one place.
 *
 * Each difference is a feature test made at build time: Kbuild looks for
 * the feature in the target kernel's headers and defines LNETMR_HAVE_*
 * (the "feature checks" in Kbuild), so that a distribution kernel with a
 * backported change gets the right variant whatever its version number.
 */
#ifndef LNET_KCOMPAT_H
#define LNET_KCOMPAT_H

#include <linux/mm.h>
#include <linux/net.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

/* 6.12 moved <asm/unaligned.h> to <linux/unaligned.h> */
#ifdef LNETMR_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * 6.2 gave dumps a struct genl_info (genl_info_dump()); before, the parsed
 * attributes hung off struct genl_dumpit_info itself.
 */
static inline struct nlattr **lnetmr_dump_attrs(struct netlink_callback *cb)
{
#ifdef LNETMR_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * After 6.12, kernel_bind() and kernel_connect() came to take a struct
 * sockaddr_unsized * instead of a struct sockaddr *.
 */
#ifdef LNETMR_HAVE_SOCKADDR_UNSIZED
#define lnetmr_sockaddr(sa)	((struct sockaddr_unsized *)(sa))
#else
#define lnetmr_sockaddr(sa)	((struct sockaddr *)(sa))
#endif

/*
 * After 6.12, namespace reference counting was reworked: ns_ref_read()
 * reads what before was the refcount_t ns.count of struct ns_common.
 */
static inline unsigned int lnetmr_net_refs(const struct net *net)
{
#ifdef LNETMR_HAVE_NS_REF_READ
	return ns_ref_read(net);
#else
	return refcount_read(&net->ns.count);
#endif
}

/*
 * Sending pages without copying them: kernel_sendpage() until 6.5, then
 * sendmsg() with MSG_SPLICE_PAGES.  Which one is a feature test on
 * kernel_sendpage(), not on the flag: stable kernels define the flag
 * (Debian's 6.1.192 has it in <linux/socket.h>) while their TCP ignores it
 * and copies.  Either way TCP takes only pages sendpage_ok() accepts.
 */
#ifdef LNETMR_HAVE_KERNEL_SENDPAGE
#define LNETMR_SEND_PAGES_BY_SENDPAGE	1
#endif

/*
 * After 6.12 nth_page() went: the struct pages of one folio are contiguous
 * in every memory model, so page + n is the n-th page of a multi-page
 * bio_vec entry.
 */
#ifndef LNETMR_HAVE_NTH_PAGE
#define nth_page(page, n)	((page) + (n))
#endif

#endif /* LNET_KCOMPAT_H */

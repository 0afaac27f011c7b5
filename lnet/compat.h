/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - let the pure protocol code (nid.c, wire.c) build both inside
 * the kernel and as ordinary userspace C for the host unit tests.
 *
 * Only the handful of kernel names that those files use are provided for
 * userspace: fixed-width integer types, byte order helpers, the
 * little-endian unaligned accessors, __packed, ARRAY_SIZE and BUILD_BUG_ON.
 */
#ifndef LNET_COMPAT_H
#define LNET_COMPAT_H

#ifdef __KERNEL__

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <asm/byteorder.h>
#include <linux/export.h>
#include "kcompat.h"

#else /* !__KERNEL__ */

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <endian.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
/* unsigned long long, as in the kernel, so "%llx" works for u64 everywhere */
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

/* No sparse checking in userspace: the byte order types are plain integers. */
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef unsigned long long __le64;
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef unsigned long long __be64;

#define cpu_to_le16(x)	((__le16)htole16(x))
#define cpu_to_le32(x)	((__le32)htole32(x))
#define cpu_to_le64(x)	((__le64)htole64(x))
#define le16_to_cpu(x)	((u16)le16toh(x))
#define le32_to_cpu(x)	((u32)le32toh(x))
#define le64_to_cpu(x)	((u64)le64toh(x))
#define cpu_to_be16(x)	((__be16)htobe16(x))
#define cpu_to_be32(x)	((__be32)htobe32(x))
#define cpu_to_be64(x)	((__be64)htobe64(x))
#define be16_to_cpu(x)	((u16)be16toh(x))
#define be32_to_cpu(x)	((u32)be32toh(x))
#define be64_to_cpu(x)	((u64)be64toh(x))

#define swab16(x)	((u16)__builtin_bswap16(x))
#define swab32(x)	((u32)__builtin_bswap32(x))
#define swab64(x)	((u64)__builtin_bswap64(x))

/* the kernel's <linux/unaligned.h> little-endian accessors */
#define COMPAT_UNALIGNED_LE(bits)					\
static inline u##bits get_unaligned_le##bits(const void *p)		\
{									\
	__le##bits x;							\
									\
	memcpy(&x, p, sizeof(x));					\
	return le##bits##_to_cpu(x);					\
}									\
static inline void put_unaligned_le##bits(u##bits v, void *p)		\
{									\
	__le##bits x = cpu_to_le##bits(v);				\
									\
	memcpy(p, &x, sizeof(x));					\
}

COMPAT_UNALIGNED_LE(16)
COMPAT_UNALIGNED_LE(32)
COMPAT_UNALIGNED_LE(64)
#undef COMPAT_UNALIGNED_LE

#ifndef __packed
#define __packed	__attribute__((__packed__))
#endif

#ifndef ARRAY_SIZE
#define BIT(nr)		(1UL << (nr))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#ifndef BUILD_BUG_ON
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON(" #cond ")")
#endif

/* the kernel's exports mean nothing here */
#define EXPORT_SYMBOL_GPL(sym)

#endif /* __KERNEL__ */

#endif /* LNET_COMPAT_H */

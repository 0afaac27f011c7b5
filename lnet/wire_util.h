/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wire_util.h - byte access shared by the wire codecs (wire.c,
 * wire_o2ib.c): fields in the sender's byte order.  Private to the codecs.
 */
#ifndef LNET_WIRE_UTIL_H
#define LNET_WIRE_UTIL_H

#include "compat.h"

/* "sender order" fields: we always send in host order */
static inline void put_h16(u8 *p, u16 v)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_h32(u8 *p, u32 v)
{
	memcpy(p, &v, sizeof(v));
}

static inline void put_h64(u8 *p, u64 v)
{
	memcpy(p, &v, sizeof(v));
}

/* ... and read them back swapped if the sender's order differs from ours */
static inline u16 get_s16(const u8 *p, bool swab)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return swab ? swab16(v) : v;
}

static inline u32 get_s32(const u8 *p, bool swab)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return swab ? swab32(v) : v;
}

static inline u64 get_s64(const u8 *p, bool swab)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return swab ? swab64(v) : v;
}

/*
 * Check a sender-order magic: set *swab and return 0 if it is @magic in
 * either byte order, else -EPROTO.
 */
static inline int check_magic(const u8 *p, u32 magic, bool *swab)
{
	u32 v = get_s32(p, false);

	if (v == magic) {
		*swab = false;
		return 0;
	}
	if (v == swab32(magic)) {
		*swab = true;
		return 0;
	}
	return -EPROTO;
}

#endif /* LNET_WIRE_UTIL_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vectors.h - what the codec tests share: byte helpers that do not use the
 * codecs' own, and the loader of the "VEC name nbytes hex" lines of a
 * captured-vectors file (tests/vectors/).
 */
#ifndef LNET_UNIT_VECTORS_H
#define LNET_UNIT_VECTORS_H

#include <stdlib.h>
#include <string.h>

#include "compat.h"

/* ---- independent byte helpers (shifts, not the codec's helpers) ----------- */

static inline u32 rd_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline u64 rd_le64(const u8 *p)
{
	return (u64)rd_le32(p) | (u64)rd_le32(p + 4) << 32;
}

static inline void wr_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static inline void wr_be64(u8 *p, u64 v)
{
	wr_be32(p, (u32)(v >> 32));
	wr_be32(p + 4, (u32)v);
}

static inline void wr_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static inline int host_is_le(void)
{
	const u32 one = 1;

	return *(const u8 *)&one == 1;
}

/* a big-endian buffer reads as "swapped" exactly on a little-endian host */
static inline bool be_swab(void)
{
	return host_is_le();
}

static inline int all_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

/* exact-size heap copy, so ASan flags any read past the end */
static inline u8 *dup_exact(const u8 *p, size_t len)
{
	u8 *b = malloc(len ? len : 1);

	if (!b)
		abort();
	if (len)
		memcpy(b, p, len);
	return b;
}

/* ---- vectors -------------------------------------------------------------- */

struct vec {
	char name[64];
	size_t len;
	u8 *data;
};

static struct vec vecs[64];
static unsigned int nvecs;

static inline int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline int load_vectors(const char *path)
{
	char line[8192];
	FILE *f = fopen(path, "r");
	int bad = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char name[64], hex[4096];
		size_t count, i, hl;
		struct vec *v;

		if (strncmp(line, "VEC ", 4))
			continue;
		if (sscanf(line, "VEC %63s %zu %4095s", name, &count, hex) != 3 ||
		    nvecs == ARRAY_SIZE(vecs)) {
			bad++;
			continue;
		}
		hl = strlen(hex);
		if (hl != 2 * count) {
			bad++;
			continue;
		}
		v = &vecs[nvecs++];
		snprintf(v->name, sizeof(v->name), "%s", name);
		v->len = count;
		v->data = malloc(count ? count : 1);
		if (!v->data)
			abort();
		for (i = 0; i < count; i++) {
			int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

			if (hi < 0 || lo < 0)
				bad++;
			v->data[i] = (u8)(hi << 4 | (lo & 15));
		}
	}
	fclose(f);
	return bad ? -1 : 0;
}

static inline const struct vec *vec_get(const char *name)
{
	static u8 zeros[256];
	static struct vec missing;
	unsigned int i;

	for (i = 0; i < nvecs; i++)
		if (!strcmp(vecs[i].name, name))
			return &vecs[i];
	/* keep going on a missing vector: checks fail, nothing crashes */
	missing.len = sizeof(zeros);
	missing.data = zeros;
	return &missing;
}

#endif /* LNET_UNIT_VECTORS_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: pure argument parsers.
 */
#include <errno.h>
#include <string.h>

#include "parse.h"

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return -ERANGE;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}

int parse_size(const char *s, uint32_t max, uint32_t *out)
{
	char num[16];
	uint64_t mult = 1;
	uint32_t v;
	size_t len;
	int err;

	if (!s)
		return -EINVAL;
	len = strlen(s);
	if (len && (s[len - 1] == 'k' || s[len - 1] == 'K')) {
		mult = 1024;
		len--;
	} else if (len && (s[len - 1] == 'm' || s[len - 1] == 'M')) {
		mult = 1024 * 1024;
		len--;
	}
	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len);
	num[len] = 0;
	err = parse_u32(num, 0, UINT32_MAX, &v);
	if (err)
		return err;
	if ((uint64_t)v * mult > max)
		return -ERANGE;
	*out = (uint32_t)(v * mult);
	return 0;
}

int parse_onoff(const char *s, bool *out)
{
	static const char *const on[] = { "on", "1", "yes" };
	static const char *const off[] = { "off", "0", "no" };
	unsigned int i;

	if (!s)
		return -EINVAL;
	for (i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (!strcmp(s, on[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(s, off[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

bool is_keyword(const char *arg, const char *keyword)
{
	return arg && !strcmp(arg, keyword);
}

int parse_seconds_ms(const char *s, uint32_t min_ms, uint32_t max_ms, uint32_t *out)
{
	uint64_t ms = 0;
	int frac = -1;	/* digits after the point, -1 before it */

	if (!s || !*s || *s == '.')
		return -EINVAL;
	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || frac == 3)
			return -EINVAL;
		if (frac >= 0)
			frac++;
		ms = ms * 10 + (uint64_t)(*s - '0');
		if (ms > (uint64_t)UINT32_MAX * 1000)
			return -ERANGE;
	}
	if (frac == 0)
		return -EINVAL;		/* "1." */
	for (int i = frac < 0 ? 0 : frac; i < 3; i++)
		ms *= 10;
	if (ms < min_ms || ms > max_ms)
		return -ERANGE;
	*out = (uint32_t)ms;
	return 0;
}

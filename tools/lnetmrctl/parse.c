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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmrctl: pure argument parsers (no I/O), unit tested on the host.
 */
#ifndef _LNETMRCTL_PARSE_H
#define _LNETMRCTL_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* Decimal unsigned integer in [min, max], nothing else.  0 or -EINVAL/-ERANGE. */
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);

/*
 * A size in bytes: a decimal number with an optional k/K (KiB) or m/M
 * (MiB) suffix, at most @max.  0 or -EINVAL/-ERANGE.
 */
int parse_size(const char *s, uint32_t max, uint32_t *out);

/*
 * Seconds as a decimal number with at most three digits after the point
 * ("2", "0.5"), in milliseconds within [min_ms, max_ms].  0 or
 * -EINVAL/-ERANGE.
 */
int parse_seconds_ms(const char *s, uint32_t min_ms, uint32_t max_ms, uint32_t *out);

/* "on"/"off" (also "1"/"0", "yes"/"no").  0 or -EINVAL. */
int parse_onoff(const char *s, bool *out);

/* Is @arg exactly @keyword? (iproute2-style exact keywords, no abbreviations) */
bool is_keyword(const char *arg, const char *keyword);

#endif /* _LNETMRCTL_PARSE_H */

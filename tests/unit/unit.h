/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unit.h - minimal TAP helpers for the host unit tests.
 *
 * CHECK(cond, fmt, ...) prints "ok N - desc" or "not ok N - desc"; call
 * unit_done() at the end: it prints the plan "1..N" and returns the exit
 * status (1 if any check failed).
 */
#ifndef LNET_UNIT_H
#define LNET_UNIT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>

static unsigned int unit_count;
static unsigned int unit_failed;

__attribute__((format(printf, 4, 5)))
static int unit_check(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	unit_count++;
	if (!ok)
		unit_failed++;
	printf("%sok %u - ", ok ? "" : "not ", unit_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok)
		printf(" # at %s:%d", file, line);
	printf("\n");
	fflush(stdout);
	return ok;
}

#define CHECK(cond, ...) unit_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* diagnostic line, ignored by TAP consumers */
#define DIAG(...) do { printf("# " __VA_ARGS__); printf("\n"); fflush(stdout); } while (0)

static inline int unit_done(void)
{
	printf("1..%u\n", unit_count);
	if (unit_failed)
		DIAG("%u of %u checks failed", unit_failed, unit_count);
	fflush(stdout);
	return unit_failed ? 1 : 0;
}

/*
 * Printable, C-escaped copy of s[0..len) for check descriptions (a few
 * rotating static buffers, so several can be used in one CHECK).
 */
static inline const char *unit_esc(const char *s, size_t len)
{
	static char bufs[4][160];
	static unsigned int next;
	char *b = bufs[next++ % 4];
	size_t i, o = 0;

	for (i = 0; i < len && o + 5 < sizeof(bufs[0]); i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == '"')
			o += (size_t)snprintf(b + o, 3, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(b + o, 5, "\\x%02x", c);
		else
			b[o++] = (char)c;
	}
	b[o] = 0;
	return b;
}

/* xorshift64*: small, fixed-seed pseudo random numbers for fuzz loops */
static uint64_t unit_rng_state = 0x9e3779b97f4a7c15ULL;

static inline void unit_srand(uint64_t seed)
{
	unit_rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

static inline uint64_t unit_rand64(void)
{
	uint64_t x = unit_rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	unit_rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static inline uint32_t unit_rand_below(uint32_t n)
{
	return n ? (uint32_t)(unit_rand64() % n) : 0;
}

#endif /* LNET_UNIT_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: "bench": run transfers from this node's in-kernel bench
 * engine to a peer's bench sink, show progress per interval and a summary.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nid.h"
#include "nl.h"
#include "output.h"
#include "parse.h"

const char bench_usage[] =
	"lnetmrctl bench NID [op put|get] [size BYTES] [count N | time SECONDS]\n"
	"                    [concurrency N] [interval SECONDS]\n";

#define DEFAULT_SIZE	(1024 * 1024)
/* one message; larger GETs go in stripes to lnetmr peers (the kernel checks) */
#define MAX_SIZE	(64 * 1024 * 1024)

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/**
 * struct bench_status - one reading of a bench
 * @state: LNETMR_BENCH_STATE_*
 * @msgs: transfers done
 * @bytes: bytes moved
 * @errors: failed transfers
 * @mismatches: transfers with wrong data, -1 while unknown
 * @elapsed_ns: run time
 */
struct bench_status {
	uint8_t state;
	uint64_t msgs, bytes, errors;
	int64_t mismatches;
	uint64_t elapsed_ns;
};

static int read_status(const struct ctl_reply *r, void *arg)
{
	struct bench_status *st = arg;
	struct nlattr **tb = r->tb;

	if (!tb[LNETMR_A_BENCH_STATE] || !tb[LNETMR_A_BENCH_MSGS] ||
	    !tb[LNETMR_A_BENCH_BYTES] || !tb[LNETMR_A_BENCH_ERRORS] ||
	    !tb[LNETMR_A_BENCH_MISMATCHES] || !tb[LNETMR_A_BENCH_ELAPSED]) {
		fprintf(stderr, "Error: incomplete bench reply from the kernel\n");
		return -EPROTO;
	}
	st->state = nla_get_u8(tb[LNETMR_A_BENCH_STATE]);
	st->msgs = nla_get_u64(tb[LNETMR_A_BENCH_MSGS]);
	st->bytes = nla_get_u64(tb[LNETMR_A_BENCH_BYTES]);
	st->errors = nla_get_u64(tb[LNETMR_A_BENCH_ERRORS]);
	st->mismatches = (int64_t)nla_get_u64(tb[LNETMR_A_BENCH_MISMATCHES]);
	st->elapsed_ns = nla_get_u64(tb[LNETMR_A_BENCH_ELAPSED]);
	return 0;
}

static int read_id(const struct ctl_reply *r, void *arg)
{
	if (!r->tb[LNETMR_A_BENCH_ID])
		return -EPROTO;
	*(uint32_t *)arg = nla_get_u32(r->tb[LNETMR_A_BENCH_ID]);
	return 0;
}

static int bench_cmd(int cmd, uint32_t id, struct bench_status *st)
{
	struct nl_msg *req = ctl_nl_request(cmd, 0);

	if (!req)
		return -ENOMEM;
	nla_put_u32(req, LNETMR_A_BENCH_ID, id);
	return ctl_nl_transact(req, LNETMR_A_BENCH_MAX, st ? read_status : NULL, st);
}

static double mb_per_s(uint64_t bytes, uint64_t ns)
{
	return ns ? (double)bytes * 1e3 / (double)ns : 0.0;	/* 1e6 B/s */
}

static void print_interval(const struct bench_status *st, const struct bench_status *prev)
{
	uint64_t dns = st->elapsed_ns - prev->elapsed_ns;

	out_open_object(NULL);
	out_double("elapsed-s", st->elapsed_ns / 1e9, 3);
	out_u64("msgs", st->msgs - prev->msgs);
	out_u64("bytes", st->bytes - prev->bytes);
	out_double("MB/s", mb_per_s(st->bytes - prev->bytes, dns), 1);
	out_u64("errors", st->errors - prev->errors);
	out_close_object();
	out_record_end();
}

static void print_summary(const char *target, const struct bench_status *st)
{
	out_open_object(NULL);
	out_str("summary", target);
	out_u64("msgs", st->msgs);
	out_u64("bytes", st->bytes);
	out_double("elapsed-s", st->elapsed_ns / 1e9, 3);
	out_double("MB/s", mb_per_s(st->bytes, st->elapsed_ns), 1);
	out_u64("errors", st->errors);
	out_s64("mismatches", st->mismatches);
	out_close_object();
	out_record_end();
}

int do_bench(int argc, char **argv)
{
	uint32_t size = DEFAULT_SIZE, concurrency = 1, seconds = 0, interval = 1, id = 0, v;
	struct bench_status st = { 0 }, prev = { 0 };
	bool get = false, has_count = false, progress;
	uint64_t count = 0;
	struct timespec ts;
	struct nl_msg *req;
	lnet_nid_t nid;
	int i, err;

	if (argc < 1)
		return usage_error("bench", "NID is missing");
	if (lnet_nid_parse(argv[0], strlen(argv[0]), &nid))
		return usage_error("bench", "\"%s\" is not a NID (e.g. 10.0.0.1@tcp)", argv[0]);
	for (i = 1; i < argc; i += 2) {
		const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return usage_error("bench", "\"%s\" needs a value", key);
		if (is_keyword(key, "op") && (is_keyword(val, "put") || is_keyword(val, "get")))
			get = is_keyword(val, "get");
		else if (is_keyword(key, "op"))
			return usage_error("bench", "op is put or get, not \"%s\"", val);
		else if (is_keyword(key, "size")) {
			if (parse_size(val, MAX_SIZE, &size))
				return usage_error("bench", "size takes 0 to 64M bytes, not \"%s\"", val);
		} else if (is_keyword(key, "count")) {
			if (parse_u32(val, 1, UINT32_MAX, &v))
				return usage_error("bench", "count takes a positive number, not \"%s\"",
						   val);
			count = v;
			has_count = true;
		} else if (is_keyword(key, "time")) {
			if (parse_u32(val, 1, 86400, &seconds))
				return usage_error("bench", "time takes 1 to 86400 seconds, not \"%s\"",
						   val);
		} else if (is_keyword(key, "concurrency")) {
			if (parse_u32(val, 1, 64, &concurrency))
				return usage_error("bench", "concurrency takes 1 to 64, not \"%s\"", val);
		} else if (is_keyword(key, "interval")) {
			if (parse_u32(val, 1, 3600, &interval))
				return usage_error("bench", "interval takes 1 to 3600 seconds, not \"%s\"",
						   val);
		} else {
			return usage_error("bench", "unknown keyword \"%s\"", key);
		}
	}
	if (has_count && seconds)
		return usage_error("bench", "give count or time, not both");
	if (!has_count && !seconds)
		seconds = 10;

	req = ctl_begin(LNETMR_CMD_BENCH_START, 0);
	if (!req)
		return EXIT_ERROR;
	nla_put_u64(req, LNETMR_A_BENCH_TARGET, nid);
	nla_put_u8(req, LNETMR_A_BENCH_OP, get ? LNETMR_BENCH_OP_GET : LNETMR_BENCH_OP_PUT);
	nla_put_u32(req, LNETMR_A_BENCH_SIZE, size);
	nla_put_u32(req, LNETMR_A_BENCH_CONCURRENCY, concurrency);
	if (has_count)
		nla_put_u64(req, LNETMR_A_BENCH_COUNT, count);
	else
		nla_put_u32(req, LNETMR_A_BENCH_DURATION, seconds * 1000);
	if (ctl_nl_transact(req, LNETMR_A_BENCH_MAX, read_id, &id)) {
		ctl_nl_close();
		return EXIT_ERROR;
	}

	signal(SIGINT, on_sigint);
	signal(SIGTERM, on_sigint);	/* a killed CLI stops its bench too */
	progress = out_is_json() || isatty(STDOUT_FILENO);
	ts.tv_sec = interval;
	ts.tv_nsec = 0;
	for (;;) {
		struct timespec left = ts;

		while (nanosleep(&left, &left) && errno == EINTR && !interrupted)
			;
		if (interrupted == 1) {
			bench_cmd(LNETMR_CMD_BENCH_STOP, id, NULL);
			interrupted = 2;
		}
		err = bench_cmd(LNETMR_CMD_BENCH_GET, id, &st);
		if (err)
			break;
		if (st.state == LNETMR_BENCH_STATE_DONE)
			break;
		if (progress)
			print_interval(&st, &prev);
		prev = st;
	}
	ctl_nl_close();
	if (err)
		return EXIT_ERROR;
	print_summary(argv[0], &st);
	return st.errors || st.mismatches ? EXIT_ERROR : EXIT_OK;
}

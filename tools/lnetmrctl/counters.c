// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: sets of counters (a rail's, a peer NID's, the node's).
 *
 * JSON carries a set as one object, each counter under its netlink name.
 * Text lays it out as "ip -s link" does: counters in labelled rows, each
 * row a line of names and, under it, a line of values, so that a reader
 * finds a figure by its row and column:
 *
 *     traffic      tx-msgs   tx-bytes  rx-msgs  rx-bytes
 *                     1024    1048576        2       320
 *
 * The rows are a grouping the tool knows; a counter of a newer kernel that
 * is in none of them still shows, in a row "other".
 */
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nl.h"
#include "output.h"

#define ROW_MAX		8	/* counters in one row */
#define LABEL_WIDTH	13

struct counter_row {
	const char *label;
	const char *names[ROW_MAX];
};

static const struct counter_row counter_rows[] = {
	{ "traffic", { "tx-msgs", "tx-bytes", "rx-msgs", "rx-bytes" } },
	{ "sent", { "tx-put", "tx-get", "tx-ack", "tx-reply", "tx-zerocopy" } },
	{ "received", { "rx-put", "rx-get", "rx-ack", "rx-reply" } },
	{ "bulk", { "tx-bulk-msgs", "tx-bulk-bytes", "rx-bulk-msgs", "rx-bulk-bytes" } },
	{ "small", { "tx-small-msgs", "tx-small-bytes", "rx-small-msgs", "rx-small-bytes" } },
	{ "copy", { "tx-copy-bytes", "rx-copy-bytes" } },
	{ "rdma", { "tx-rdma-bytes", "rx-rdma-bytes", "rdma-sinks", "rdma-bounce-bytes" } },
	{ "stripes", { "tx-stripes", "rx-stripes" } },
	{ "errors", { "tx-errors", "resends", "timeouts", "rx-drops", "rx-aborts" } },
	{ "broken", { "proto-errors", "qp-errors", "peer-restarts" } },
	{ "failures", { "fail-local", "fail-remote", "fail-timeout", "fail-network",
			"recovery-pings" } },
	{ "connections", { "conns-opened", "conns-accepted", "conns-refused",
			   "conn-failures" } },
};

#define NROWS	(sizeof(counter_rows) / sizeof(counter_rows[0]))
#define COUNTERS_MAX	128	/* in one set: what a reply may carry, bounded */

struct counter {
	const char *name;
	uint64_t value;
	bool shown;
};

/* The entries of a stats nest, at most @max; returns how many. */
static int counters_parse(struct nlattr *nest, struct counter *c, int max)
{
	struct nlattr *tb[LNETMR_A_STAT_MAX + 1];
	struct nlattr *e;
	int rem, n = 0;

	nla_for_each_nested(e, nest, rem) {
		if (n == max)
			break;
		if (nla_type(e) != LNETMR_A_STATS_ENTRY ||
		    ctl_nested(tb, LNETMR_A_STAT_MAX, e) ||
		    !tb[LNETMR_A_STAT_NAME] || !tb[LNETMR_A_STAT_VALUE])
			continue;
		c[n].name = nla_get_string(tb[LNETMR_A_STAT_NAME]);
		c[n].value = nla_get_u64(tb[LNETMR_A_STAT_VALUE]);
		c[n].shown = false;
		n++;
	}
	return n;
}

static struct counter *counter_find(struct counter *c, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!c[i].shown && !strcmp(c[i].name, name))
			return &c[i];
	return NULL;
}

/* One row: @label, then the names over their values, right aligned. */
static void text_row(int indent, const char *label, struct counter **row, int n)
{
	char val[ROW_MAX][24];
	int width[ROW_MAX];

	if (!n)
		return;
	for (int i = 0; i < n; i++) {
		int len = strlen(row[i]->name);

		snprintf(val[i], sizeof(val[i]), "%llu", (unsigned long long)row[i]->value);
		width[i] = (int)strlen(val[i]) > len ? (int)strlen(val[i]) : len;
		row[i]->shown = true;
	}
	printf("%*s%-*s", indent, "", LABEL_WIDTH, label);
	for (int i = 0; i < n; i++)
		printf("%s%*s", i ? "  " : "", width[i], row[i]->name);
	printf("\n%*s%-*s", indent, "", LABEL_WIDTH, "");
	for (int i = 0; i < n; i++)
		printf("%s%*s", i ? "  " : "", width[i], val[i]);
	putchar('\n');
}

static void counters_text(struct counter *c, int n)
{
	int indent = out_text_indent() + 4;
	struct counter *row[ROW_MAX];
	int k = 0;

	out_newline();
	for (size_t r = 0; r < NROWS; r++) {
		k = 0;
		for (int i = 0; i < ROW_MAX && counter_rows[r].names[i]; i++) {
			struct counter *e = counter_find(c, n, counter_rows[r].names[i]);

			if (e)
				row[k++] = e;
		}
		text_row(indent, counter_rows[r].label, row, k);
	}
	k = 0;
	for (int i = 0; i < n; i++) {
		if (c[i].shown)
			continue;
		row[k++] = &c[i];
		if (k == 4) {
			text_row(indent, "other", row, k);
			k = 0;
		}
	}
	text_row(indent, "other", row, k);
}

/**
 * out_stats() - print a stats nest (LNETMR_A_STATS_ENTRY entries)
 * @key: its JSON key ("stats", "node")
 * @nest: the nest; nothing is printed without one
 */
void out_stats(const char *key, struct nlattr *nest)
{
	struct counter c[COUNTERS_MAX];
	int n;

	if (!nest)
		return;
	n = counters_parse(nest, c, COUNTERS_MAX);
	if (!out_is_json()) {
		counters_text(c, n);
		return;
	}
	out_open_object(key);
	for (int i = 0; i < n; i++)
		out_u64(c[i].name, c[i].value);
	out_close_object();
}

/**
 * stats_get() - one counter of a stats nest
 * @nest: the nest (may be NULL)
 * @name: the counter's name
 *
 * Return: its value, 0 if the nest lacks it.
 */
uint64_t stats_get(struct nlattr *nest, const char *name)
{
	struct counter c[COUNTERS_MAX];
	int n = nest ? counters_parse(nest, c, COUNTERS_MAX) : 0;
	struct counter *e = counter_find(c, n, name);

	return e ? e->value : 0;
}

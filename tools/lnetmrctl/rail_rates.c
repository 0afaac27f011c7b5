// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: "rail show -s interval SECONDS": every rail's rates, every
 * interval, so that an admin watches traffic move between rails (a
 * failover, a policy) as it happens.
 *
 * Each interval is one dump of the rails; a rate is the difference of a
 * rail's counters between two dumps over the time between them (the
 * monotonic clock's).  A rail that appears shows from its second dump on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nl.h"
#include "output.h"

#define RAILS_MAX	1024	/* rails followed; a node has far fewer */

struct rail_sample {
	char net[16];
	char dev[16];
	const char *state;
	uint32_t health;
	uint64_t tx_bytes, rx_bytes, tx_msgs, rx_msgs, resends;
};

struct rail_samples {
	struct rail_sample rail[RAILS_MAX];
	int n;
	double time;		/* monotonic, seconds */
};

static double monotonic_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int sample_rail(const struct ctl_reply *r, void *arg)
{
	struct rail_samples *s = arg;
	struct nlattr **tb = r->tb;
	struct nlattr *st = tb[LNETMR_A_RAIL_STATS];
	struct rail_sample *rs;

	if (s->n == RAILS_MAX || !tb[LNETMR_A_RAIL_NET] || !tb[LNETMR_A_RAIL_IFNAME])
		return 0;
	rs = &s->rail[s->n++];
	snprintf(rs->net, sizeof(rs->net), "%s", nla_get_string(tb[LNETMR_A_RAIL_NET]));
	snprintf(rs->dev, sizeof(rs->dev), "%s", nla_get_string(tb[LNETMR_A_RAIL_IFNAME]));
	rs->state = tb[LNETMR_A_RAIL_STATE] ?
		rail_state_name(nla_get_u8(tb[LNETMR_A_RAIL_STATE])) : "?";
	rs->health = tb[LNETMR_A_RAIL_HEALTH] ? nla_get_u32(tb[LNETMR_A_RAIL_HEALTH]) : 0;
	rs->tx_bytes = stats_get(st, "tx-bytes");
	rs->rx_bytes = stats_get(st, "rx-bytes");
	rs->tx_msgs = stats_get(st, "tx-msgs");
	rs->rx_msgs = stats_get(st, "rx-msgs");
	rs->resends = stats_get(st, "resends");
	return 0;
}

static int take_samples(const char *net, struct rail_samples *s)
{
	struct nl_msg *req = ctl_begin(LNETMR_CMD_RAIL_GET, 1);

	if (!req)
		return EXIT_ERROR;
	if (net)
		nla_put_string(req, LNETMR_A_RAIL_NET, net);
	s->n = 0;
	s->time = monotonic_now();
	return ctl_finish(req, LNETMR_A_RAIL_MAX, sample_rail, s);
}

static const struct rail_sample *find_rail(const struct rail_samples *s,
					   const struct rail_sample *r)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->rail[i].net, r->net) && !strcmp(s->rail[i].dev, r->dev))
			return &s->rail[i];
	return NULL;
}

/* what a counter moved; a rail made anew under its name started from 0 */
static uint64_t moved(uint64_t cur, uint64_t prev)
{
	return cur >= prev ? cur - prev : cur;
}

static void print_header(void)
{
	printf("%-8s  %-8s %-15s %-8s %6s %10s %10s %10s %10s %8s\n", "time", "net", "dev",
	       "state", "health", "tx-MB/s", "rx-MB/s", "tx-msgs/s", "rx-msgs/s", "resends");
}

static void print_rates(const struct rail_samples *prev, const struct rail_samples *cur)
{
	double dt = cur->time - prev->time;
	struct timespec wall;
	char clock[16];

	clock_gettime(CLOCK_REALTIME, &wall);
	strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&wall.tv_sec));
	if (out_is_json()) {
		out_open_object(NULL);
		out_double("time", (double)wall.tv_sec + (double)wall.tv_nsec / 1e9, 3);
		out_double("interval-s", dt, 3);
		out_open_array("rails");
	}
	for (int i = 0; i < cur->n; i++) {
		const struct rail_sample *c = &cur->rail[i];
		const struct rail_sample *p = find_rail(prev, c);
		double tx_mb, rx_mb, tx_m, rx_m;

		if (!p || dt <= 0)
			continue;
		tx_mb = (double)moved(c->tx_bytes, p->tx_bytes) / dt / 1e6;
		rx_mb = (double)moved(c->rx_bytes, p->rx_bytes) / dt / 1e6;
		tx_m = (double)moved(c->tx_msgs, p->tx_msgs) / dt;
		rx_m = (double)moved(c->rx_msgs, p->rx_msgs) / dt;
		if (!out_is_json()) {
			printf("%-8s  %-8s %-15s %-8s %6u %10.2f %10.2f %10.1f %10.1f %8llu\n",
			       clock, c->net, c->dev, c->state, c->health, tx_mb, rx_mb, tx_m,
			       rx_m, (unsigned long long)moved(c->resends, p->resends));
			continue;
		}
		out_open_object(NULL);
		out_str("net", c->net);
		out_str("dev", c->dev);
		out_str("state", c->state);
		out_u64("health", c->health);
		out_double("tx-MB/s", tx_mb, 3);
		out_double("rx-MB/s", rx_mb, 3);
		out_double("tx-msgs/s", tx_m, 1);
		out_double("rx-msgs/s", rx_m, 1);
		out_u64("resends", moved(c->resends, p->resends));
		out_close_object();
	}
	if (out_is_json()) {
		out_close_array();
		out_close_object();
	}
	out_record_end();
}

static void sleep_until(double t)
{
	struct timespec ts = {
		.tv_sec = (time_t)t,
		.tv_nsec = (long)((t - (double)(time_t)t) * 1e9),
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/**
 * rail_rates() - print every rail's rates every @interval_ms
 * @net: only this network's rails, or NULL
 * @interval_ms: the interval
 * @count: intervals to print, 0 for no end (until interrupted)
 *
 * Return: an exit code.
 */
int rail_rates(const char *net, uint32_t interval_ms, uint32_t count)
{
	struct rail_samples *s = calloc(2, sizeof(*s));
	double next;
	int rc, cur = 0;

	if (!s) {
		fprintf(stderr, "Error: %s\n", strerror(ENOMEM));
		return EXIT_ERROR;
	}
	rc = take_samples(net, &s[cur]);
	next = s[cur].time;
	if (!rc && !out_is_json())
		print_header();
	for (uint32_t i = 0; !rc && (!count || i < count); i++) {
		next += interval_ms / 1000.0;
		if (next < monotonic_now())
			next = monotonic_now();	/* stalled: no catching up in a burst */
		sleep_until(next);
		cur ^= 1;
		rc = take_samples(net, &s[cur]);
		if (rc)
			break;
		print_rates(&s[cur ^ 1], &s[cur]);
	}
	free(s);
	return rc;
}

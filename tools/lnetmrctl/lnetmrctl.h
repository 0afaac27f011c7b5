/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmrctl: shared declarations of the command objects.
 */
#ifndef _LNETMRCTL_H
#define _LNETMRCTL_H

#include <stdbool.h>
#include <stdint.h>

/* exit codes */
#define EXIT_OK		0
#define EXIT_ERROR	1	/* the kernel or the system refused */
#define EXIT_USAGE	2	/* the command line is wrong */

/**
 * struct ctl_object - one OBJECT of "lnetmrctl OBJECT COMMAND ..."
 * @name: the keyword
 * @run: runs it with the words after the keyword; returns an exit code
 * @usage: its usage lines, printed by "lnetmrctl OBJECT help"
 */
struct ctl_object {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

int usage_error(const char *object, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int do_version(int argc, char **argv);
int do_node(int argc, char **argv);
int do_set(int argc, char **argv);
int do_ni(int argc, char **argv);
int do_rail(int argc, char **argv);
int do_peer(int argc, char **argv);
int do_policy(int argc, char **argv);
int do_ping(int argc, char **argv);
int do_stats(int argc, char **argv);
int do_bench(int argc, char **argv);
int do_monitor(int argc, char **argv);
extern const char version_usage[], node_usage[], set_usage[], ni_usage[], rail_usage[],
	peer_usage[], policy_usage[], ping_usage[], stats_usage[], bench_usage[],
	monitor_usage[];

/* -s given: show counters */
bool ctl_stats_wanted(void);

/* shared printers */
struct nlattr;
void out_nid(const char *key, uint64_t nid);
void out_rail_id(struct nlattr **tb, bool with_net);
void out_rail(struct nlattr **tb, bool with_net);
void out_stats(const char *key, struct nlattr *nest);
uint64_t stats_get(struct nlattr *nest, const char *name);
const char *rail_state_name(unsigned int state);
int rail_rates(const char *net, uint32_t interval_ms, uint32_t count);

#endif /* _LNETMRCTL_H */

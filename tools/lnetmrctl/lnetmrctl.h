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
int do_export(int argc, char **argv);
int do_import(int argc, char **argv);
extern const char version_usage[], node_usage[], set_usage[], ni_usage[], rail_usage[],
	peer_usage[], policy_usage[], ping_usage[], stats_usage[], bench_usage[],
	monitor_usage[], export_usage[], import_usage[];

/**
 * struct setting - a node setting as the CLI names it
 * @keyword: word on the command line, key in the output and in a
 *	configuration file
 * @attr: LNETMR_A_NODE_* attribute
 * @is_bool: u8 on/off (else u32)
 * @is_size: a u32 in bytes, given as a size (64K, 1M...)
 */
struct setting {
	const char *keyword;
	int attr;
	bool is_bool;
	bool is_size;
};

/* the node settings, ended by an entry with a NULL keyword */
extern const struct setting node_settings[];
const struct setting *find_setting(const char *word);
/* @word as @s's value (on/off as 1/0): 0 or -EINVAL/-ERANGE */
int setting_parse(const struct setting *s, const char *word, uint32_t *out);
/* what @s takes, for error messages ("on or off", "a number"...) */
const char *setting_wants(const struct setting *s);

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

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: configure and inspect lnetmr, the LNet multi-rail driver,
 * over its generic netlink family.
 *
 *   lnetmrctl [OPTIONS] OBJECT {COMMAND | help}
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lnetmrctl.h"
#include "output.h"
#include "parse.h"

#define LNETMRCTL_VERSION "0.1.0"

static const struct ctl_object objects[] = {
	{ "version",	do_version,	version_usage },
	{ "node",	do_node,	node_usage },
	{ "set",	do_set,		set_usage },
	{ "ni",		do_ni,		ni_usage },
	{ "rail",	do_rail,	rail_usage },
	{ "peer",	do_peer,	peer_usage },
	{ "policy",	do_policy,	policy_usage },
	{ "ping",	do_ping,	ping_usage },
	{ "stats",	do_stats,	stats_usage },
	{ "bench",	do_bench,	bench_usage },
	{ "monitor",	do_monitor,	monitor_usage },
	{ "export",	do_export,	export_usage },
	{ "import",	do_import,	import_usage },
};

static bool stats_wanted;

bool ctl_stats_wanted(void)
{
	return stats_wanted;
}

#define N_OBJECTS (sizeof(objects) / sizeof(objects[0]))

/* "Usage:" then an object's usage lines, indented */
static void print_usage(FILE *f, const char *u)
{
	fprintf(f, "Usage:\n");
	while (*u) {
		const char *nl = strchr(u, '\n');
		int len = nl ? (int)(nl - u) : (int)strlen(u);

		fprintf(f, "  %.*s\n", len, u);
		u += len + (nl ? 1 : 0);
	}
}

static void usage(FILE *f)
{
	unsigned int i;

	fprintf(f,
		"Usage: lnetmrctl [OPTIONS] OBJECT {COMMAND | help}\n"
		"Options:\n"
		"  -j, --json           JSON output\n"
		"  -p, --pretty         indented JSON (with -j)\n"
		"  -n, --netns NAME     act in network namespace NAME (ip netns)\n"
		"  -s, --stats          show counters too\n"
		"  -b, --batch FILE     run the commands of FILE (\"-\": stdin), one per\n"
		"                       line; stop at the first that fails\n"
		"  -V, --version        print lnetmrctl's own version\n"
		"  -h, --help           this help\n"
		"Objects and commands:\n");
	for (i = 0; i < N_OBJECTS; i++) {
		const char *u = objects[i].usage;

		while (*u) {
			const char *nl = strchr(u, '\n');
			int len = nl ? (int)(nl - u) : (int)strlen(u);

			fprintf(f, "  %.*s\n", len, u);
			u += len + (nl ? 1 : 0);
		}
	}
}

static const struct ctl_object *find_object(const char *name)
{
	unsigned int i;

	for (i = 0; i < N_OBJECTS; i++)
		if (is_keyword(name, objects[i].name))
			return &objects[i];
	return NULL;
}

int usage_error(const char *object, const char *fmt, ...)
{
	const struct ctl_object *o = find_object(object);
	va_list ap;

	fprintf(stderr, "Error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (o)
		print_usage(stderr, o->usage);
	return EXIT_USAGE;
}

static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Error: cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "Error: cannot enter network namespace \"%s\": %s\n",
			name, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* One command: OBJECT [COMMAND ARGS...] (the options already taken). */
static int run_command(int argc, char **argv, bool json, bool pretty)
{
	const struct ctl_object *obj;
	int rc;

	if (argc == 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (is_keyword(argv[0], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	obj = find_object(argv[0]);
	if (!obj) {
		fprintf(stderr, "Error: unknown object \"%s\"; try \"lnetmrctl help\"\n",
			argv[0]);
		return EXIT_USAGE;
	}
	if (argc > 1 && is_keyword(argv[argc - 1], "help")) {
		print_usage(stdout, obj->usage);
		return EXIT_OK;
	}
	out_init(json, pretty);
	rc = obj->run(argc - 1, argv + 1);
	out_finish();
	return rc;
}

#define BATCH_MAX_WORDS	256

/*
 * Run the commands of @path ("-": standard input), one per line, words
 * separated by blanks; "#" starts a comment.  Stops at the first command
 * that fails, naming its line, and returns its exit status.
 */
static int run_batch(const char *path, bool json, bool pretty)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *words[BATCH_MAX_WORDS];
	unsigned int lineno = 0;
	size_t cap = 0;
	int rc = EXIT_OK;

	if (!f) {
		fprintf(stderr, "Error: cannot read %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	while (getline(&line, &cap, f) > 0) {
		char *hash = strchr(line, '#'), *w, *save = NULL;
		int n = 0;

		lineno++;
		if (hash)
			*hash = '\0';
		for (w = strtok_r(line, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save)) {
			if (n == BATCH_MAX_WORDS) {
				fprintf(stderr, "Error: %s line %u: more than %d words\n",
					path, lineno, BATCH_MAX_WORDS);
				rc = EXIT_USAGE;
				goto out;
			}
			words[n++] = w;
		}
		if (!n)
			continue;
		rc = run_command(n, words, json, pretty);
		if (rc != EXIT_OK) {
			fprintf(stderr, "Error: %s line %u failed: %s ...\n", path, lineno, words[0]);
			goto out;
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "Error: reading %s: %s\n", path, strerror(errno));
		rc = EXIT_ERROR;
	}
out:
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "pretty",	no_argument,		NULL, 'p' },
		{ "netns",	required_argument,	NULL, 'n' },
		{ "stats",	no_argument,		NULL, 's' },
		{ "batch",	required_argument,	NULL, 'b' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool json = false, pretty = false;
	const char *netns = NULL, *batch = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "+jpn:sb:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'p':
			pretty = true;
			break;
		case 'n':
			netns = optarg;
			break;
		case 's':
			stats_wanted = true;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'V':
			printf("lnetmrctl %s\n", LNETMRCTL_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (batch && argc) {
		fprintf(stderr, "Error: -b takes its commands from %s, not from the command line\n",
			batch);
		return EXIT_USAGE;
	}
	if (!batch && (argc == 0 || is_keyword(argv[0], "help")))
		return run_command(argc, argv, json, pretty);
	if (netns && enter_netns(netns))
		return EXIT_ERROR;
	if (batch)
		return run_batch(batch, json, pretty);
	return run_command(argc, argv, json, pretty);
}

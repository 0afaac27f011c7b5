// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of lnetmrctl's YAML reader (tools/lnetmrctl/yaml_lite.c):
 * the shape "lnetmrctl export" writes, the forms a person writes by hand,
 * and every malformed input answered with its line, without a leak.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "yaml_lite.h"

static struct yl_node *parse(const char *text, char *err, size_t len)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct yl_node *n = yl_parse(f, err, len);

	fclose(f);
	return n;
}

static const struct yl_node *get(const struct yl_node *map, const char *key)
{
	const struct yl_node *e;

	for (e = map ? map->child : NULL; e; e = e->next)
		if (e->key && !strcmp(e->key, key))
			return e;
	return NULL;
}

static unsigned int count(const struct yl_node *n)
{
	unsigned int k = 0;

	for (n = n ? n->child : NULL; n; n = n->next)
		k++;
	return k;
}

static void test_export_shape(void)
{
	static const char text[] =
		"# lnetmr configuration\n"
		"settings:\n"
		"  discovery: on\n"
		"  timeout: 10000   # ms\n"
		"nis:\n"
		"  - net: tcp0\n"
		"    rails:\n"
		"      - dev: eth0\n"
		"        speed: 100\n"
		"      - dev: eth1\n"
		"        speed: 200\n"
		"  - net: o2ib0\n"
		"    rails: []\n"
		"peers:\n"
		"  - primary: 10.1.0.2@tcp\n"
		"    nids:\n"
		"      - 10.1.1.2@tcp\n"
		"policies: []\n";
	const struct yl_node *nis, *ni, *rail, *peer;
	char err[128];
	struct yl_node *root = parse(text, err, sizeof(err));

	CHECK(root && root->kind == YL_MAP, "export's shape parses (%s)", err);
	if (!root)
		return;
	CHECK(count(root) == 4, "four sections");
	CHECK(get(get(root, "settings"), "timeout") &&
	      !strcmp(get(get(root, "settings"), "timeout")->value, "10000"),
	      "a comment after a value is cut");
	nis = get(root, "nis");
	CHECK(nis && nis->kind == YL_SEQ && count(nis) == 2, "two NIs");
	ni = nis ? nis->child : NULL;
	rail = ni ? get(ni, "rails") : NULL;
	CHECK(rail && rail->kind == YL_SEQ && count(rail) == 2, "tcp0 has two rails");
	rail = rail ? rail->child->next : NULL;
	CHECK(rail && !strcmp(get(rail, "dev")->value, "eth1") &&
	      !strcmp(get(rail, "speed")->value, "200") && get(rail, "speed")->line == 11,
	      "the second rail: eth1, 200, on line 11");
	ni = ni ? ni->next : NULL;
	CHECK(ni && get(ni, "rails")->kind == YL_SEQ && count(get(ni, "rails")) == 0,
	      "[] is an empty list");
	peer = get(root, "peers") ? get(root, "peers")->child : NULL;
	CHECK(peer && get(peer, "nids") && count(get(peer, "nids")) == 1 &&
	      !strcmp(get(peer, "nids")->child->value, "10.1.1.2@tcp"), "a peer's NIDs");
	yl_free(root);
}

static void test_hand_written(void)
{
	static const char text[] =
		"---\n"
		"nis:\n"
		"- net: \"tcp1\"\n"
		"  rails: [ eth0, 'eth1' ]\n"
		"\n"
		"policies:\n"
		"-\n"
		"  src: tcp1\n"
		"  priority: 3\n";
	const struct yl_node *ni, *rails, *rule;
	char err[128];
	struct yl_node *root = parse(text, err, sizeof(err));

	CHECK(root != NULL, "items at the key's indentation, quotes, flow lists (%s)", err);
	if (!root)
		return;
	ni = get(root, "nis") ? get(root, "nis")->child : NULL;
	CHECK(ni && !strcmp(get(ni, "net")->value, "tcp1"), "quotes removed");
	rails = ni ? get(ni, "rails") : NULL;
	CHECK(rails && count(rails) == 2 && !strcmp(rails->child->next->value, "eth1"),
	      "[ eth0, 'eth1' ]");
	rule = get(root, "policies") ? get(root, "policies")->child : NULL;
	CHECK(rule && rule->kind == YL_MAP && !strcmp(get(rule, "priority")->value, "3"),
	      "a \"-\" alone opens an item below");
	yl_free(root);
}

static void test_edges(void)
{
	static const char text[] =
		"a: [ ]\r\n"
		"b:\r\n"
		"  - - x\r\n"
		"    - y\r\n"
		"name : don't # a comment\r\n"
		"q: \"x # y\"\r\n"
		"last:\r\n";
	const struct yl_node *b;
	char err[128];
	struct yl_node *root = parse(text, err, sizeof(err));

	CHECK(root != NULL, "CRLF, [ ], - - x, a key on the last line (%s)", err);
	if (!root)
		return;
	CHECK(get(root, "a") && get(root, "a")->kind == YL_SEQ && !count(get(root, "a")),
	      "[ ] is an empty list");
	b = get(root, "b");
	CHECK(b && count(b) == 1 && b->child->kind == YL_SEQ && count(b->child) == 2 &&
	      !strcmp(b->child->child->next->value, "y"), "- - x opens a list in a list");
	CHECK(get(root, "name") && !strcmp(get(root, "name")->value, "don't"),
	      "key : value, and a quote inside a plain value does not hide a comment");
	CHECK(get(root, "q") && !strcmp(get(root, "q")->value, "x # y"), "# inside quotes stays");
	CHECK(get(root, "last") && get(root, "last")->kind == YL_SCALAR &&
	      !get(root, "last")->value[0], "a key on the last line: an empty value");
	yl_free(root);
}

static void test_read_error(void)
{
	FILE *f = fopen("/", "r");
	char err[128] = "";
	struct yl_node *root = f ? yl_parse(f, err, sizeof(err)) : NULL;

	CHECK(f && !root && strstr(err, "cannot read"), "a directory: a read error, not an empty file (%s)",
	      err);
	if (f)
		fclose(f);
}

static void test_bad(const char *text, unsigned int line, const char *why)
{
	char err[128];
	char want[32];
	struct yl_node *root = parse(text, err, sizeof(err));

	snprintf(want, sizeof(want), "line %u: ", line);
	CHECK(!root && !strncmp(err, want, strlen(want)) && strstr(err, why),
	      "refused: %s (%s)", unit_esc(text, strlen(text)), err);
	yl_free(root);
}

int main(void)
{
	char err[16] = "x";

	test_export_shape();
	test_hand_written();
	test_edges();
	test_read_error();
	test_bad("a: - x\n", 1, "not supported");
	CHECK(!parse("# nothing\n\n", err, sizeof(err)) && !err[0], "an empty file: no tree, no error");
	test_bad("a: 1\na: 2\n", 2, "given twice");
	test_bad("a: 1\n  b: 2\n", 2, "indented more");
	test_bad("a:\n  - x\n  y: 1\n", 3, "mapping entry among list items");
	test_bad("- x\ny: 1\n", 2, "mapping entry among list items");
	test_bad("a: 1\nb\n", 2, "is not \"key: value\"");
	test_bad("a:\n\t- x\n", 2, "tab");
	test_bad("a: [x, y\n", 1, "not closed");
	test_bad("a: [x, , y]\n", 1, "empty item");
	test_bad("a: \"x\n", 1, "unterminated");
	test_bad("a: {b: 1}\n", 1, "not supported");
	test_bad("a: &anchor x\n", 1, "not supported");
	test_bad("  a: 1\nb: 2\n", 2, "indented less");
	return unit_done();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: "export" prints the node's configuration (settings, NIs and
 * their rails with speeds, configured peers, selection rules) as YAML;
 * "import FILE" makes the node match one.
 *
 * Import reads and checks the whole file first (nothing is applied when a
 * line is wrong, and the error names it), reads the node's state, and then
 * applies only the differences, one object per netlink request, so that
 * each object is changed whole or not at all: missing NIs, rails, peers
 * and rules are added, a rail whose speed differs is added anew, a rule
 * whose priority differs is replaced, differing settings are set in one
 * request.  With "replace", what the node has and the file lacks goes
 * too, in the sections the file gives (a section it lacks is left alone).  Importing the same file twice changes nothing the second time.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include "lnetmrctl.h"
#include "nid.h"
#include "nl.h"
#include "output.h"
#include "parse.h"
#include "yaml_lite.h"

const char export_usage[] =
	"lnetmrctl export\n";
const char import_usage[] =
	"lnetmrctl import FILE [replace]      (FILE \"-\": standard input; or --replace)\n";

#define CFG_MAX_SETTINGS	16
#define CFG_NET_LEN		32

struct cfg_rail {
	char dev[IF_NAMESIZE];
	uint32_t speed;		/* Mbit/s */
	bool speed_set;		/* given (else the link's own) */
	unsigned int line;
};

struct cfg_ni {
	char net[CFG_NET_LEN];
	uint32_t net_id;
	struct cfg_rail *rails;
	unsigned int nrails;
	unsigned int line;
};

struct cfg_peer {
	lnet_nid_t primary;
	lnet_nid_t *nids;	/* besides the primary */
	unsigned int nnids;
	unsigned int line;
};

struct cfg_rule {
	uint32_t id;		/* the node's rules only */
	bool dst;
	lnet_nid_t nid;		/* 0: a network rule */
	char net[CFG_NET_LEN];
	uint32_t net_id;
	uint32_t priority;
	unsigned int line;
};

/**
 * struct cfg - a configuration: a file's or a node's
 * @has: which of node_settings[] it gives
 * @value: their values (on/off as 1/0)
 * @setting_line: where the file gives them
 * @nis, @nnis: NIs with their rails
 * @peers, @npeers: configured peers
 * @rules, @nrules: selection rules
 * @has_nis, @has_peers, @has_rules: a file gives the section (import's
 *	replace leaves the sections a file lacks alone)
 */
struct cfg {
	bool has[CFG_MAX_SETTINGS];
	uint32_t value[CFG_MAX_SETTINGS];
	unsigned int setting_line[CFG_MAX_SETTINGS];
	struct cfg_ni *nis;
	unsigned int nnis;
	struct cfg_peer *peers;
	unsigned int npeers;
	struct cfg_rule *rules;
	unsigned int nrules;
	bool has_nis, has_peers, has_rules;
};

static void cfg_free(struct cfg *c)
{
	unsigned int i;

	for (i = 0; i < c->nnis; i++)
		free(c->nis[i].rails);
	for (i = 0; i < c->npeers; i++)
		free(c->peers[i].nids);
	free(c->nis);
	free(c->peers);
	free(c->rules);
	memset(c, 0, sizeof(*c));
}

/* one more zeroed element of *@arr (of @size bytes each) */
static void *grow(void *arr_p, unsigned int *n, size_t size)
{
	void **arr = arr_p;
	char *p = realloc(*arr, (*n + 1) * size);

	if (!p) {
		fprintf(stderr, "Error: out of memory\n");
		exit(EXIT_ERROR);
	}
	*arr = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

static unsigned int n_settings(void)
{
	unsigned int n = 0;

	while (node_settings[n].keyword)
		n++;
	return n;
}

/* ---- the node's configuration, read over netlink ---------------------- */

static int got_node(const struct ctl_reply *r, void *arg)
{
	struct cfg *c = arg;
	unsigned int i;

	for (i = 0; i < n_settings(); i++) {
		struct nlattr *a = r->tb[node_settings[i].attr];

		if (!a)
			continue;
		c->has[i] = true;
		c->value[i] = node_settings[i].is_bool ? nla_get_u8(a) : nla_get_u32(a);
	}
	return 0;
}

static int got_ni(const struct ctl_reply *r, void *arg)
{
	struct nlattr *tb[LNETMR_A_RAIL_MAX + 1];
	struct cfg *c = arg;
	struct cfg_ni *ni;
	struct nlattr *a;
	int rem;

	if (!r->tb[LNETMR_A_NI_NET])
		return 0;
	ni = grow(&c->nis, &c->nnis, sizeof(*ni));
	snprintf(ni->net, sizeof(ni->net), "%s", nla_get_string(r->tb[LNETMR_A_NI_NET]));
	lnet_net_parse(ni->net, strlen(ni->net), &ni->net_id);
	ctl_for_each(a, r, rem, LNETMR_A_NI_RAIL) {
		struct cfg_rail *rail;

		if (ctl_nested(tb, LNETMR_A_RAIL_MAX, a) || !tb[LNETMR_A_RAIL_IFNAME])
			continue;
		rail = grow(&ni->rails, &ni->nrails, sizeof(*rail));
		snprintf(rail->dev, sizeof(rail->dev), "%s",
			 nla_get_string(tb[LNETMR_A_RAIL_IFNAME]));
		if (tb[LNETMR_A_RAIL_SPEED])
			rail->speed = nla_get_u32(tb[LNETMR_A_RAIL_SPEED]);
		rail->speed_set = tb[LNETMR_A_RAIL_SPEED_SET];
	}
	return 0;
}

static struct cfg_peer *find_peer(const struct cfg *c, lnet_nid_t primary)
{
	unsigned int i;

	for (i = 0; i < c->npeers; i++)
		if (c->peers[i].primary == primary)
			return &c->peers[i];
	return NULL;
}

static bool nid_in(const lnet_nid_t *nids, unsigned int n, lnet_nid_t nid)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (nids[i] == nid)
			return true;
	return false;
}

static bool peer_has(const struct cfg_peer *p, lnet_nid_t nid)
{
	return nid == p->primary || nid_in(p->nids, p->nnids, nid);
}

/* a peer may come in several messages: its NIDs are gathered */
static int got_peer(const struct ctl_reply *r, void *arg)
{
	struct nlattr *tb[LNETMR_A_PEER_NI_MAX + 1];
	struct cfg *c = arg;
	struct cfg_peer *p;
	lnet_nid_t primary;
	struct nlattr *a;
	int rem;

	if (!r->tb[LNETMR_A_PEER_PRIMARY_NID] || !r->tb[LNETMR_A_PEER_CONFIGURED])
		return 0;
	primary = nla_get_u64(r->tb[LNETMR_A_PEER_PRIMARY_NID]);
	p = find_peer(c, primary);
	if (!p) {
		p = grow(&c->peers, &c->npeers, sizeof(*p));
		p->primary = primary;
	}
	ctl_for_each(a, r, rem, LNETMR_A_PEER_NI) {
		lnet_nid_t nid;

		if (ctl_nested(tb, LNETMR_A_PEER_NI_MAX, a) || !tb[LNETMR_A_PEER_NI_NID])
			continue;
		nid = nla_get_u64(tb[LNETMR_A_PEER_NI_NID]);
		if (!peer_has(p, nid))
			*(lnet_nid_t *)grow(&p->nids, &p->nnids, sizeof(nid)) = nid;
	}
	return 0;
}

static int got_rule(const struct ctl_reply *r, void *arg)
{
	struct nlattr **tb = r->tb;
	struct cfg *c = arg;
	struct cfg_rule *rule;

	if (!tb[LNETMR_A_POLICY_ID] || !tb[LNETMR_A_POLICY_KIND])
		return 0;
	rule = grow(&c->rules, &c->nrules, sizeof(*rule));
	rule->id = nla_get_u32(tb[LNETMR_A_POLICY_ID]);
	rule->dst = nla_get_u8(tb[LNETMR_A_POLICY_KIND]) == LNETMR_POLICY_DST;
	if (tb[LNETMR_A_POLICY_NID])
		rule->nid = nla_get_u64(tb[LNETMR_A_POLICY_NID]);
	if (tb[LNETMR_A_POLICY_NET]) {
		snprintf(rule->net, sizeof(rule->net), "%s",
			 nla_get_string(tb[LNETMR_A_POLICY_NET]));
		lnet_net_parse(rule->net, strlen(rule->net), &rule->net_id);
	}
	if (tb[LNETMR_A_POLICY_PRIORITY])
		rule->priority = nla_get_u32(tb[LNETMR_A_POLICY_PRIORITY]);
	return 0;
}

static int read_node(struct cfg *c)
{
	static const struct { int cmd, dump, maxattr; nl_reply_cb cb; } reads[] = {
		{ LNETMR_CMD_NODE_GET, 0, LNETMR_A_NODE_MAX, got_node },
		{ LNETMR_CMD_NI_GET, 1, LNETMR_A_NI_MAX, got_ni },
		{ LNETMR_CMD_PEER_GET, 1, LNETMR_A_PEER_MAX, got_peer },
		{ LNETMR_CMD_POLICY_GET, 1, LNETMR_A_POLICY_MAX, got_rule },
	};
	unsigned int i;

	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		struct nl_msg *req = ctl_begin(reads[i].cmd, reads[i].dump);

		if (!req || ctl_finish(req, reads[i].maxattr, reads[i].cb, c) != EXIT_OK)
			return EXIT_ERROR;
	}
	return EXIT_OK;
}

/* ---- export ------------------------------------------------------------ */

static void print_nid(FILE *f, lnet_nid_t nid)
{
	char buf[64];

	lnet_nid_format(nid, buf, sizeof(buf));
	fputs(buf, f);
}

static void export_cfg(FILE *f, const struct cfg *c)
{
	unsigned int i, j;

	fprintf(f, "# lnetmr configuration (lnetmrctl export; lnetmrctl import FILE applies it)\n");
	fprintf(f, "settings:\n");
	for (i = 0; i < n_settings(); i++) {
		if (!c->has[i])
			continue;
		if (node_settings[i].is_bool)
			fprintf(f, "  %s: %s\n", node_settings[i].keyword, c->value[i] ? "on" : "off");
		else
			fprintf(f, "  %s: %" PRIu32 "\n", node_settings[i].keyword, c->value[i]);
	}
	fprintf(f, "nis:%s\n", c->nnis ? "" : " []");
	for (i = 0; i < c->nnis; i++) {
		fprintf(f, "  - net: %s\n", c->nis[i].net);
		fprintf(f, "    rails:%s\n", c->nis[i].nrails ? "" : " []");
		for (j = 0; j < c->nis[i].nrails; j++) {
			const struct cfg_rail *rail = &c->nis[i].rails[j];

			/* a speed the link gave is left to the link */
			fprintf(f, "      - dev: %s\n", rail->dev);
			if (rail->speed_set)
				fprintf(f, "        speed: %" PRIu32 "\n", rail->speed);
		}
	}
	fprintf(f, "peers:%s\n", c->npeers ? "" : " []");
	for (i = 0; i < c->npeers; i++) {
		fprintf(f, "  - primary: ");
		print_nid(f, c->peers[i].primary);
		fprintf(f, "\n    nids:%s\n", c->peers[i].nnids ? "" : " []");
		for (j = 0; j < c->peers[i].nnids; j++) {
			fprintf(f, "      - ");
			print_nid(f, c->peers[i].nids[j]);
			fputc('\n', f);
		}
	}
	fprintf(f, "policies:%s\n", c->nrules ? "" : " []");
	for (i = 0; i < c->nrules; i++) {
		const struct cfg_rule *r = &c->rules[i];

		fprintf(f, "  - %s: ", r->dst ? "dst" : "src");
		if (r->nid)
			print_nid(f, r->nid);
		else
			fputs(r->net, f);
		fprintf(f, "\n    priority: %" PRIu32 "\n", r->priority);
	}
}

int do_export(int argc, char **argv)
{
	struct cfg c = { 0 };
	int rc;

	if (argc > 0)
		return usage_error("export", "unexpected argument \"%s\"", argv[0]);
	rc = read_node(&c);
	if (rc == EXIT_OK)
		export_cfg(stdout, &c);
	cfg_free(&c);
	return rc;
}

/* ---- a file's configuration -------------------------------------------- */

struct file_ctx {
	const char *path;
	bool failed;
};

static bool bad(struct file_ctx *fc, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool bad(struct file_ctx *fc, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	if (fc->failed)
		return false;
	fc->failed = true;
	fprintf(stderr, "Error: %s line %u: ", fc->path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; nothing was applied\n");
	return false;
}

/* @n's kind is @kind (an empty scalar stands for an empty list) */
static bool want(struct file_ctx *fc, const struct yl_node *n, enum yl_kind kind,
		 const char *what)
{
	static const char * const names[] = { "a value", "a mapping (key: value)", "a list" };

	if (n->kind == kind)
		return true;
	return bad(fc, n->line, "%s%s%s wants %s", n->key ? "\"" : "", n->key ? n->key : what,
		   n->key ? "\"" : "", names[kind]);
}

static bool is_empty(const struct yl_node *n)
{
	return n->kind == YL_SCALAR && !n->value[0];
}

static bool take_nid(struct file_ctx *fc, const struct yl_node *n, lnet_nid_t *nid)
{
	if (!want(fc, n, YL_SCALAR, "a NID"))
		return false;
	if (lnet_nid_parse(n->value, strlen(n->value), nid))
		return bad(fc, n->line, "\"%s\" is not a NID (e.g. 10.0.0.1@tcp)", n->value);
	return true;
}

static bool take_settings(struct file_ctx *fc, const struct yl_node *m, struct cfg *c)
{
	const struct yl_node *e;

	if (is_empty(m))
		return true;
	if (!want(fc, m, YL_MAP, "settings"))
		return false;
	for (e = m->child; e; e = e->next) {
		const struct setting *s = find_setting(e->key);
		unsigned int i;

		if (!s)
			return bad(fc, e->line, "unknown setting \"%s\"", e->key);
		if (!want(fc, e, YL_SCALAR, e->key))
			return false;
		i = s - node_settings;
		if (setting_parse(s, e->value, &c->value[i]))
			return bad(fc, e->line, "%s takes %s, not \"%s\"", s->keyword,
				   setting_wants(s), e->value);
		c->has[i] = true;
		c->setting_line[i] = e->line;
	}
	return true;
}

static struct cfg_rail *find_rail(const struct cfg_ni *ni, const char *dev);

static bool take_rail(struct file_ctx *fc, const struct yl_node *item, struct cfg *c,
		      struct cfg_ni *ni)
{
	struct cfg_rail *rail;
	const struct yl_node *e;
	unsigned int i;

	if (item->kind != YL_SCALAR && !want(fc, item, YL_MAP, "a rail"))
		return false;
	rail = grow(&ni->rails, &ni->nrails, sizeof(*rail));
	rail->line = item->line;
	if (item->kind == YL_SCALAR) {		/* "- eth0": the interface alone */
		if (!item->value[0] || strlen(item->value) >= IF_NAMESIZE)
			return bad(fc, item->line, "\"%s\" is not an interface name", item->value);
		snprintf(rail->dev, sizeof(rail->dev), "%s", item->value);
	}
	for (e = item->kind == YL_MAP ? item->child : NULL; e; e = e->next) {
		if (!want(fc, e, YL_SCALAR, e->key))
			return false;
		if (!strcmp(e->key, "dev")) {
			if (!e->value[0] || strlen(e->value) >= IF_NAMESIZE)
				return bad(fc, e->line, "\"%s\" is not an interface name", e->value);
			snprintf(rail->dev, sizeof(rail->dev), "%s", e->value);
		} else if (!strcmp(e->key, "speed")) {
			if (parse_u32(e->value, 1, 10000000, &rail->speed))
				return bad(fc, e->line, "speed takes 1 to 10000000 Mbit/s, not \"%s\"",
					   e->value);
			rail->speed_set = true;
		} else {
			return bad(fc, e->line, "unknown key \"%s\" in a rail (dev, speed)", e->key);
		}
	}
	if (!rail->dev[0])
		return bad(fc, item->line, "a rail without dev");
	for (i = 0; i < c->nnis; i++) {	/* an interface is one rail of one NI */
		const struct cfg_rail *other = find_rail(&c->nis[i], rail->dev);

		if (other && other != rail)
			return bad(fc, item->line, "rail %s given twice (line %u first)",
				   rail->dev, other->line);
	}
	return true;
}

static bool take_ni(struct file_ctx *fc, const struct yl_node *item, struct cfg *c)
{
	const struct yl_node *e, *r;
	struct cfg_ni *ni;
	unsigned int i;

	if (!want(fc, item, YL_MAP, "an NI"))
		return false;
	ni = grow(&c->nis, &c->nnis, sizeof(*ni));
	ni->line = item->line;
	for (e = item->child; e; e = e->next) {
		if (!strcmp(e->key, "net")) {
			if (!want(fc, e, YL_SCALAR, "net"))
				return false;
			if (strlen(e->value) >= CFG_NET_LEN ||
			    lnet_net_parse(e->value, strlen(e->value), &ni->net_id))
				return bad(fc, e->line, "\"%s\" is not a network (e.g. tcp0, o2ib1)",
					   e->value);
			snprintf(ni->net, sizeof(ni->net), "%s", e->value);
		} else if (!strcmp(e->key, "rails")) {
			if (is_empty(e))
				continue;
			if (!want(fc, e, YL_SEQ, "rails"))
				return false;
			for (r = e->child; r; r = r->next)
				if (!take_rail(fc, r, c, ni))
					return false;
		} else {
			return bad(fc, e->line, "unknown key \"%s\" in an NI (net, rails)", e->key);
		}
	}
	if (!ni->net[0])
		return bad(fc, item->line, "an NI without net");
	for (i = 0; i + 1 < c->nnis; i++)
		if (c->nis[i].net_id == ni->net_id)
			return bad(fc, item->line, "NI %s given twice (line %u first)", ni->net,
				   c->nis[i].line);
	return true;
}

static bool take_peer(struct file_ctx *fc, const struct yl_node *item, struct cfg *c)
{
	const struct yl_node *e, *n;
	struct cfg_peer *p;
	bool has_primary = false;
	unsigned int i, k;

	if (!want(fc, item, YL_MAP, "a peer"))
		return false;
	p = grow(&c->peers, &c->npeers, sizeof(*p));
	p->line = item->line;
	for (e = item->child; e; e = e->next) {
		if (!strcmp(e->key, "primary")) {
			if (!take_nid(fc, e, &p->primary))
				return false;
			has_primary = true;
		} else if (!strcmp(e->key, "nids")) {
			if (is_empty(e))
				continue;
			if (!want(fc, e, YL_SEQ, "nids"))
				return false;
			for (n = e->child; n; n = n->next) {
				lnet_nid_t nid;

				if (!take_nid(fc, n, &nid))
					return false;
				if (nid == p->primary)
					return bad(fc, n->line, "the primary NID is also in nids");
				if (peer_has(p, nid))
					return bad(fc, n->line, "%s given twice in this peer",
						   n->value);
				*(lnet_nid_t *)grow(&p->nids, &p->nnids, sizeof(nid)) = nid;
			}
		} else {
			return bad(fc, e->line, "unknown key \"%s\" in a peer (primary, nids)",
				   e->key);
		}
	}
	if (!has_primary)
		return bad(fc, item->line, "a peer without primary");
	if (nid_in(p->nids, p->nnids, p->primary))
		return bad(fc, item->line, "the primary NID is also in nids");
	for (i = 0; i + 1 < c->npeers; i++) {	/* a NID is one peer's */
		const struct cfg_peer *other = &c->peers[i];
		char nid[64];

		for (k = 0; k <= p->nnids; k++) {
			lnet_nid_t n = k < p->nnids ? p->nids[k] : p->primary;

			if (!peer_has(other, n))
				continue;
			lnet_nid_format(n, nid, sizeof(nid));
			return bad(fc, item->line, "%s is a NID of the peer of line %u too",
				   nid, other->line);
		}
	}
	return true;
}

static bool same_target(const struct cfg_rule *a, const struct cfg_rule *b)
{
	return a->dst == b->dst && a->nid == b->nid && (a->nid || a->net_id == b->net_id);
}

static bool take_rule(struct file_ctx *fc, const struct yl_node *item, struct cfg *c)
{
	const struct yl_node *e;
	struct cfg_rule *r;
	bool has_target = false, has_prio = false;
	unsigned int i;

	if (!want(fc, item, YL_MAP, "a policy"))
		return false;
	r = grow(&c->rules, &c->nrules, sizeof(*r));
	r->line = item->line;
	for (e = item->child; e; e = e->next) {
		if (!want(fc, e, YL_SCALAR, e->key))
			return false;
		if (!strcmp(e->key, "src") || !strcmp(e->key, "dst")) {
			if (has_target)
				return bad(fc, e->line, "a policy has one of src and dst");
			has_target = true;
			r->dst = !strcmp(e->key, "dst");
			if (strchr(e->value, '@')) {
				if (!take_nid(fc, e, &r->nid))
					return false;
			} else if (strlen(e->value) >= CFG_NET_LEN ||
				   lnet_net_parse(e->value, strlen(e->value), &r->net_id)) {
				return bad(fc, e->line,
					   "\"%s\" is not a NID or a network name (e.g. tcp1)",
					   e->value);
			} else {
				snprintf(r->net, sizeof(r->net), "%s", e->value);
			}
		} else if (!strcmp(e->key, "priority")) {
			if (parse_u32(e->value, 0, 65535, &r->priority))
				return bad(fc, e->line, "priority takes 0 to 65535, not \"%s\"",
					   e->value);
			has_prio = true;
		} else {
			return bad(fc, e->line,
				   "unknown key \"%s\" in a policy (src or dst, priority)", e->key);
		}
	}
	if (!has_target || !has_prio)
		return bad(fc, item->line, "a policy wants src or dst, and priority");
	for (i = 0; i + 1 < c->nrules; i++)
		if (same_target(&c->rules[i], r))
			return bad(fc, item->line, "the same rule given twice (line %u first)",
				   c->rules[i].line);
	return true;
}

static bool take_list(struct file_ctx *fc, const struct yl_node *m, struct cfg *c,
		      bool (*take)(struct file_ctx *, const struct yl_node *, struct cfg *))
{
	const struct yl_node *item;

	if (is_empty(m))
		return true;
	if (!want(fc, m, YL_SEQ, m->key))
		return false;
	for (item = m->child; item; item = item->next)
		if (!take(fc, item, c))
			return false;
	return true;
}

static int read_file(const char *path, struct cfg *c)
{
	struct file_ctx fc = { .path = path };
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	struct yl_node *root, *e;
	char err[256];

	if (!f) {
		fprintf(stderr, "Error: cannot read %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	root = yl_parse(f, err, sizeof(err));
	if (f != stdin)
		fclose(f);
	if (!root) {
		if (err[0]) {
			fprintf(stderr, "Error: %s %s; nothing was applied\n", path, err);
			return EXIT_USAGE;
		}
		return EXIT_OK;		/* an empty file: an empty configuration */
	}
	if (root->kind != YL_MAP)
		bad(&fc, root->line, "the file wants a mapping of settings, nis, peers, policies");
	for (e = root->kind == YL_MAP ? root->child : NULL; e && !fc.failed; e = e->next) {
		if (!strcmp(e->key, "settings"))
			take_settings(&fc, e, c);
		else if (!strcmp(e->key, "nis"))
			c->has_nis = take_list(&fc, e, c, take_ni);
		else if (!strcmp(e->key, "peers"))
			c->has_peers = take_list(&fc, e, c, take_peer);
		else if (!strcmp(e->key, "policies"))
			c->has_rules = take_list(&fc, e, c, take_rule);
		else
			bad(&fc, e->line, "unknown section \"%s\" (settings, nis, peers, policies)",
			    e->key);
	}
	yl_free(root);
	return fc.failed ? EXIT_USAGE : EXIT_OK;
}

/* ---- import: the differences, applied one object at a time ------------- */

struct import_ctx {
	const char *path;
	unsigned int changes;
};

/* run one lnetmrctl command for the object of @line; stop on failure */
static int apply(struct import_ctx *ic, unsigned int line, const char *object,
		 int (*run)(int, char **), int argc, char **argv)
{
	int i, rc;

	printf("import: ");
	if (line)
		printf("%s line %u: ", ic->path, line);
	printf("lnetmrctl %s", object);
	for (i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(stdout);
	rc = run(argc, argv);
	if (rc != EXIT_OK && line)
		fprintf(stderr, "Error: %s line %u: not applied (the objects before it were)\n",
			ic->path, line);
	else if (rc != EXIT_OK)
		fprintf(stderr, "Error: %s: removing what the file lacks failed (the changes before it were applied)\n",
			ic->path);
	else
		ic->changes++;
	return rc;
}

static struct cfg_ni *find_ni(const struct cfg *c, uint32_t net_id)
{
	unsigned int i;

	for (i = 0; i < c->nnis; i++)
		if (c->nis[i].net_id == net_id)
			return &c->nis[i];
	return NULL;
}

static struct cfg_rail *find_rail(const struct cfg_ni *ni, const char *dev)
{
	unsigned int i;

	for (i = 0; ni && i < ni->nrails; i++)
		if (!strcmp(ni->rails[i].dev, dev))
			return &ni->rails[i];
	return NULL;
}

static const struct cfg_rule *find_rule(const struct cfg *c, const struct cfg_rule *r)
{
	unsigned int i;

	for (i = 0; i < c->nrules; i++)
		if (same_target(&c->rules[i], r))
			return &c->rules[i];
	return NULL;
}

static void rule_target(const struct cfg_rule *r, char *buf, size_t len)
{
	if (r->nid)
		lnet_nid_format(r->nid, buf, len);
	else
		snprintf(buf, len, "%s", r->net);
}

static int set_settings(struct import_ctx *ic, const struct cfg *want_c, const struct cfg *have)
{
	char *argv[2 * CFG_MAX_SETTINGS];
	char vals[CFG_MAX_SETTINGS][16];
	unsigned int i, line = 0;
	int argc = 0;

	for (i = 0; i < n_settings(); i++) {
		if (!want_c->has[i] || (have->has[i] && have->value[i] == want_c->value[i]))
			continue;
		argv[argc++] = (char *)node_settings[i].keyword;
		if (node_settings[i].is_bool)
			snprintf(vals[i], sizeof(vals[i]), "%s", want_c->value[i] ? "on" : "off");
		else
			snprintf(vals[i], sizeof(vals[i]), "%" PRIu32, want_c->value[i]);
		argv[argc++] = vals[i];
		if (!line)
			line = want_c->setting_line[i];
	}
	return argc ? apply(ic, line, "set", do_set, argc, argv) : EXIT_OK;
}

static int rail_cmd(struct import_ctx *ic, unsigned int line, const char *op, const char *net,
		    const struct cfg_rail *rail)
{
	char speed[16];
	char *argv[] = { (char *)op, (char *)net, "dev", (char *)rail->dev, "speed", speed };

	snprintf(speed, sizeof(speed), "%" PRIu32, rail->speed);
	return apply(ic, line, "rail", do_rail, strcmp(op, "add") || !rail->speed_set ? 4 : 6,
		     argv);
}

static int remove_extra(struct import_ctx *ic, const struct cfg *want_c, const struct cfg *have)
{
	char target[64], id[16];
	unsigned int i, j;
	int rc = EXIT_OK;

	for (i = 0; want_c->has_rules && i < have->nrules && !rc; i++) {
		if (find_rule(want_c, &have->rules[i]))
			continue;
		snprintf(id, sizeof(id), "%" PRIu32, have->rules[i].id);
		rc = apply(ic, 0, "policy", do_policy, 2, (char *[]){ "del", id });
	}
	for (i = 0; want_c->has_peers && i < have->npeers && !rc; i++) {
		struct cfg_peer *h = &have->peers[i];
		const struct cfg_peer *w = find_peer(want_c, h->primary);
		bool extra = false;

		for (j = 0; w && j < h->nnids; j++)
			extra |= !peer_has(w, h->nids[j]);
		if (w && !extra)
			continue;
		lnet_nid_format(h->primary, target, sizeof(target));
		rc = apply(ic, 0, "peer", do_peer, 2, (char *[]){ "del", target });
		h->primary = 0;	/* gone: added again below with the file's NIDs */
	}
	for (i = 0; want_c->has_nis && i < have->nnis && !rc; i++) {
		const struct cfg_ni *ni = &have->nis[i], *w = find_ni(want_c, ni->net_id);

		if (!w) {
			rc = apply(ic, 0, "ni", do_ni, 2, (char *[]){ "del", (char *)ni->net });
			continue;
		}
		for (j = 0; j < ni->nrails && !rc; j++)
			if (!find_rail(w, ni->rails[j].dev))
				rc = rail_cmd(ic, 0, "del", ni->net, &ni->rails[j]);
	}
	return rc;
}

static int add_peer(struct import_ctx *ic, const struct cfg_peer *p)
{
	struct nl_msg *req;
	char nid[64];
	unsigned int i;
	int rc;

	lnet_nid_format(p->primary, nid, sizeof(nid));
	printf("import: %s line %u: lnetmrctl peer add %s", ic->path, p->line, nid);
	for (i = 0; i < p->nnids; i++) {
		lnet_nid_format(p->nids[i], nid, sizeof(nid));
		printf(" nid %s", nid);
	}
	printf("\n");
	fflush(stdout);
	req = ctl_begin(LNETMR_CMD_PEER_ADD, 0);
	if (!req)
		return EXIT_ERROR;
	nla_put_u64(req, LNETMR_A_PEER_PRIMARY_NID, p->primary);
	for (i = 0; i < p->nnids; i++)
		nla_put_u64(req, LNETMR_A_PEER_NID, p->nids[i]);
	rc = ctl_finish(req, LNETMR_A_PEER_MAX, NULL, NULL);
	if (rc != EXIT_OK)
		fprintf(stderr, "Error: %s line %u: not applied (the objects before it were)\n",
			ic->path, p->line);
	else
		ic->changes++;
	return rc;
}

static int add_missing(struct import_ctx *ic, const struct cfg *want_c, const struct cfg *have)
{
	char target[64], prio[16];
	unsigned int i, j, k;
	int rc = EXIT_OK;

	for (i = 0; i < want_c->nnis && !rc; i++) {
		const struct cfg_ni *w = &want_c->nis[i], *h = find_ni(have, w->net_id);

		if (!h)
			rc = apply(ic, w->line, "ni", do_ni, 2, (char *[]){ "add", (char *)w->net });
		for (j = 0; j < w->nrails && !rc; j++) {
			const struct cfg_rail *wr = &w->rails[j], *hr = find_rail(h, wr->dev);

			if (hr && hr->speed_set == wr->speed_set &&
			    (!wr->speed_set || hr->speed == wr->speed))
				continue;
			if (hr)		/* no rail-set: the rail is added anew */
				rc = rail_cmd(ic, wr->line, "del", h->net, hr);
			if (!rc)
				rc = rail_cmd(ic, wr->line, "add", w->net, wr);
		}
	}
	for (i = 0; i < want_c->npeers && !rc; i++) {
		const struct cfg_peer *w = &want_c->peers[i];
		const struct cfg_peer *h = find_peer(have, w->primary);
		bool missing = !h;

		for (k = 0; h && k < w->nnids; k++)
			missing |= !peer_has(h, w->nids[k]);
		if (missing)
			rc = add_peer(ic, w);
	}
	for (i = 0; i < want_c->nrules && !rc; i++) {
		const struct cfg_rule *w = &want_c->rules[i], *h = find_rule(have, w);
		char id[16];

		if (h && h->priority == w->priority)
			continue;
		rule_target(w, target, sizeof(target));
		snprintf(prio, sizeof(prio), "%" PRIu32, w->priority);
		if (h) {
			snprintf(id, sizeof(id), "%" PRIu32, h->id);
			rc = apply(ic, w->line, "policy", do_policy, 2, (char *[]){ "del", id });
		}
		if (!rc)
			rc = apply(ic, w->line, "policy", do_policy, 5,
				   (char *[]){ "add", w->dst ? "dst" : "src", target, "priority",
					       prio });
	}
	return rc;
}

int do_import(int argc, char **argv)
{
	struct import_ctx ic = { 0 };
	struct cfg file = { 0 }, node = { 0 };
	bool replace = false;
	int rc;

	if (argc < 1)
		return usage_error("import", "which FILE?");
	if (argc > 2 || (argc == 2 && !is_keyword(argv[1], "replace") &&
			  !is_keyword(argv[1], "--replace")))
		return usage_error("import", "unexpected argument \"%s\"", argv[argc - 1]);
	replace = argc == 2;
	ic.path = argv[0];
	rc = read_file(ic.path, &file);
	if (rc == EXIT_OK)
		rc = read_node(&node);
	if (rc == EXIT_OK)
		rc = set_settings(&ic, &file, &node);
	if (rc == EXIT_OK && replace)
		rc = remove_extra(&ic, &file, &node);
	if (rc == EXIT_OK)
		rc = add_missing(&ic, &file, &node);
	if (rc == EXIT_OK)
		printf("import: %s: %u change%s\n", ic.path, ic.changes, ic.changes == 1 ? "" : "s");
	cfg_free(&file);
	cfg_free(&node);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: a small YAML reader for configuration files (see
 * yaml_lite.h for the subset).  Lines are read once; a block is parsed by
 * indentation, and "- key: value" becomes a sequence item whose mapping
 * starts on the same line, as in YAML.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_lite.h"

#define YL_MAX_LINES	20000	/* duplicate keys are found in quadratic time */
#define YL_MAX_DEPTH	32

struct yl_line {
	unsigned int no;	/* 1-based line number */
	int indent;		/* columns before the text */
	char *text;		/* without indentation, comment and trailing blanks */
};

struct yl_parser {
	struct yl_line *lines;
	unsigned int n, pos;
	char *err;
	size_t errlen;
	bool failed;
};

static void yl_error(struct yl_parser *p, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (p->failed)
		return;
	p->failed = true;
	len = snprintf(p->err, p->errlen, "line %u: ", line);
	va_start(ap, fmt);
	if (len >= 0 && (size_t)len < p->errlen)
		vsnprintf(p->err + len, p->errlen - len, fmt, ap);
	va_end(ap);
}

static struct yl_node *yl_new(struct yl_parser *p, enum yl_kind kind, unsigned int line)
{
	struct yl_node *n = calloc(1, sizeof(*n));

	if (!n) {
		yl_error(p, line, "out of memory");
		return NULL;
	}
	n->kind = kind;
	n->line = line;
	return n;
}

/* strdup() that says when memory ran out */
static char *yl_strdup(struct yl_parser *p, unsigned int line, const char *s, size_t len)
{
	char *d = strndup(s, len);

	if (!d)
		yl_error(p, line, "out of memory");
	return d;
}

void yl_free(struct yl_node *n)
{
	while (n) {
		struct yl_node *next = n->next;

		yl_free(n->child);
		free(n->key);
		free(n->value);
		free(n);
		n = next;
	}
}

/*
 * Cut a comment ("#" at the start or after a blank, outside quotes).  A
 * quote opens a quoted value only where a value starts (at the start, or
 * after ":", "-", "[" or ","): the one in "name: don't" is a letter.
 */
static void strip_comment(char *s)
{
	char quote = 0, prev = 0;
	char *c;

	for (c = s; *c; c++) {
		if (quote) {
			if (*c == quote)
				quote = 0;
		} else if ((*c == '"' || *c == '\'') && (!prev || strchr(":-[,", prev))) {
			quote = *c;
		} else if (*c == '#' && (c == s || isblank((unsigned char)c[-1]))) {
			*c = '\0';
			break;
		}
		if (!isblank((unsigned char)*c))
			prev = *c;
	}
	for (c = s + strlen(s); c > s && isspace((unsigned char)c[-1]); c--)
		c[-1] = '\0';
}

static int read_lines(struct yl_parser *p, FILE *f)
{
	char *buf = NULL;
	size_t cap = 0;
	unsigned int no = 0;

	while (getline(&buf, &cap, f) >= 0) {
		char *t = buf;
		struct yl_line *l;
		int indent;

		no++;
		while (*t == ' ')
			t++;
		indent = (int)(t - buf);
		if (*t == '\t') {
			yl_error(p, no, "a tab in the indentation (YAML indents with spaces)");
			break;
		}
		strip_comment(t);
		if (!*t || !strcmp(t, "---"))
			continue;
		if (p->n == YL_MAX_LINES) {
			yl_error(p, no, "more than %d lines", YL_MAX_LINES);
			break;
		}
		l = realloc(p->lines, (p->n + 1) * sizeof(*l));
		if (l)
			p->lines = l;
		if (!l || !(t = strdup(t))) {
			yl_error(p, no, "out of memory");
			break;
		}
		l[p->n].no = no;
		l[p->n].indent = indent;
		l[p->n].text = t;
		p->n++;
	}
	if (!p->failed && ferror(f))
		yl_error(p, no + 1, "cannot read: %s", strerror(errno));
	free(buf);
	return p->failed ? -1 : 0;
}

/* a scalar's text: quotes removed; NULL (and an error) when malformed */
static char *scalar_text(struct yl_parser *p, unsigned int line, const char *s)
{
	size_t len = strlen(s);

	if (len && (s[0] == '"' || s[0] == '\'')) {
		if (len < 2 || s[len - 1] != s[0]) {
			yl_error(p, line, "unterminated quoted value %s", s);
			return NULL;
		}
		return yl_strdup(p, line, s + 1, len - 2);
	}
	if (strchr("{&*!|>%@`", s[0]) || (s[0] == '-' && (!s[1] || s[1] == ' '))) {
		yl_error(p, line, "\"%s\": this YAML form is not supported here", s);
		return NULL;
	}
	return yl_strdup(p, line, s, len);
}

/* "[a, b]": a sequence of scalars */
static struct yl_node *flow_seq(struct yl_parser *p, unsigned int line, const char *s)
{
	struct yl_node *seq = yl_new(p, YL_SEQ, line), **tail;
	char *copy, *item, *save = NULL;
	size_t len = strlen(s);

	if (!seq)
		return NULL;
	tail = &seq->child;
	if (s[len - 1] != ']') {
		yl_error(p, line, "a list opened with [ is not closed on its line");
		return seq;
	}
	copy = yl_strdup(p, line, s + 1, len - 2);
	if (copy && !copy[strspn(copy, " \t")]) {	/* "[ ]" */
		free(copy);
		return seq;
	}
	for (item = copy ? strtok_r(copy, ",", &save) : NULL; item;
	     item = strtok_r(NULL, ",", &save)) {
		struct yl_node *n;

		while (isblank((unsigned char)*item))
			item++;
		strip_comment(item);
		if (!*item) {
			yl_error(p, line, "an empty item in a [ ] list");
			break;
		}
		n = yl_new(p, YL_SCALAR, line);
		if (!n)
			break;
		n->value = scalar_text(p, line, item);
		*tail = n;
		tail = &n->next;
		if (!n->value)
			break;
	}
	free(copy);
	return seq;
}

static struct yl_node *parse_block(struct yl_parser *p, int indent, int depth, bool under_key);

static bool is_item(const char *t)
{
	return t[0] == '-' && (!t[1] || t[1] == ' ');
}

/* does @t start a mapping ("key: value" or "key:")? */
static bool is_entry(const char *t)
{
	size_t len = strlen(t);

	if (!len || strchr("\"'[", t[0]) || is_item(t))
		return false;
	return strstr(t, ": ") || t[len - 1] == ':';
}

/* the value after "key:" or "- ", on its line (@rest) or in the block below */
static struct yl_node *parse_value(struct yl_parser *p, unsigned int line, const char *rest,
				   int indent, int depth, bool seq_same_indent)
{
	struct yl_node *n;

	if (*rest == '[')
		return flow_seq(p, line, rest);
	if (*rest) {
		n = yl_new(p, YL_SCALAR, line);
		if (n)
			n->value = scalar_text(p, line, rest);
		return n;
	}
	/* nothing on the line: a block deeper down, or "key:\n- item" */
	if (p->pos < p->n && p->lines[p->pos].indent > indent)
		return parse_block(p, p->lines[p->pos].indent, depth + 1, false);
	if (p->pos < p->n && seq_same_indent && p->lines[p->pos].indent == indent &&
	    is_item(p->lines[p->pos].text))
		return parse_block(p, indent, depth + 1, true);
	n = yl_new(p, YL_SCALAR, line);	/* an empty value */
	if (n)
		n->value = yl_strdup(p, line, "", 0);
	return n;
}

/*
 * The sequence or mapping whose lines start at column @indent; @under_key:
 * a sequence at the indentation of the key it belongs to ("key:\n- item"),
 * which the next entry of that key's mapping ends.
 */
static struct yl_node *parse_block(struct yl_parser *p, int indent, int depth, bool under_key)
{
	struct yl_line *first = &p->lines[p->pos];
	bool seq = is_item(first->text);
	struct yl_node *block = yl_new(p, seq ? YL_SEQ : YL_MAP, first->no), **tail;

	if (!block)
		return NULL;
	if (depth > YL_MAX_DEPTH) {
		yl_error(p, first->no, "nested deeper than %d levels", YL_MAX_DEPTH);
		return block;
	}
	tail = &block->child;
	while (!p->failed && p->pos < p->n) {
		struct yl_line *l = &p->lines[p->pos];
		struct yl_node *n;
		char *colon, *rest;

		if (l->indent < indent)
			break;
		if (l->indent > indent) {
			yl_error(p, l->no, "indented more than the lines before it");
			break;
		}
		if (seq && under_key && !is_item(l->text))
			break;
		if (seq != is_item(l->text)) {
			yl_error(p, l->no, seq ? "a mapping entry among list items" :
				 "a list item among mapping entries");
			break;
		}
		if (seq) {
			/* "- rest": rest is parsed as if it stood on its own line */
			rest = l->text + 1;
			while (*rest == ' ')
				rest++;
			if (is_entry(rest) || is_item(rest)) {
				l->indent += (int)(rest - l->text);
				memmove(l->text, rest, strlen(rest) + 1);
				n = parse_block(p, l->indent, depth + 1, false);
			} else {
				p->pos++;
				n = parse_value(p, l->no, rest, indent, depth, false);
			}
			if (!n)
				break;
			*tail = n;
			tail = &n->next;
			continue;
		}
		colon = strstr(l->text, ": ");
		if (!colon && l->text[strlen(l->text) - 1] == ':')
			colon = l->text + strlen(l->text) - 1;
		if (!colon || colon == l->text) {
			yl_error(p, l->no, "\"%s\" is not \"key: value\"", l->text);
			break;
		}
		*colon = '\0';
		rest = colon + 1;
		while (*rest == ' ')
			rest++;
		while (colon > l->text && isblank((unsigned char)colon[-1]))
			*--colon = '\0';	/* "key : value" */
		for (n = block->child; n; n = n->next)
			if (!strcmp(n->key, l->text)) {
				yl_error(p, l->no, "\"%s\" given twice (line %u first)",
					 l->text, n->line);
				return block;
			}
		p->pos++;
		n = parse_value(p, l->no, rest, indent, depth, true);
		if (!n)
			break;
		n->key = yl_strdup(p, l->no, l->text, strlen(l->text));
		n->line = l->no;
		*tail = n;
		tail = &n->next;
	}
	return block;
}

struct yl_node *yl_parse(FILE *f, char *err, size_t errlen)
{
	struct yl_parser p = { .err = err, .errlen = errlen };
	struct yl_node *root = NULL;
	unsigned int i;

	if (errlen)
		err[0] = '\0';
	if (!read_lines(&p, f) && p.n) {
		root = parse_block(&p, p.lines[0].indent, 0, false);
		if (!p.failed && p.pos < p.n)
			yl_error(&p, p.lines[p.pos].no, "indented less than the first line");
	}
	for (i = 0; i < p.n; i++)
		free(p.lines[i].text);
	free(p.lines);
	if (p.failed) {
		yl_free(root);
		return NULL;
	}
	return root;
}

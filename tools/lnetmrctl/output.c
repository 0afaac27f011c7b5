// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmrctl: text and JSON output.
 */
#include <stdio.h>
#include <string.h>

#include "output.h"

#define MAX_DEPTH 16

static bool json_mode, pretty_mode;
static int depth;
static bool first[MAX_DEPTH];	/* no member printed yet at this depth */
static bool text_line_open;
static int text_depth;		/* nesting of objects in text mode */
static bool json_open_record;	/* JSON printed since the last record end */

void out_init(bool json, bool pretty)
{
	json_mode = json;
	pretty_mode = pretty;
	depth = 0;
	first[0] = true;
	text_depth = 0;
}

bool out_is_json(void)
{
	return json_mode;
}

static void json_indent(void)
{
	if (pretty_mode) {
		putchar('\n');
		for (int i = 0; i < depth; i++)
			fputs("    ", stdout);
	}
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_member(const char *key)
{
	json_open_record = true;
	if (!first[depth])
		putchar(',');
	first[depth] = false;
	if (depth > 0)
		json_indent();
	if (key) {
		json_string(key);
		fputs(pretty_mode ? ": " : ":", stdout);
	}
}

static void json_open(const char *key, char c)
{
	json_member(key);
	putchar(c);
	if (depth < MAX_DEPTH - 1)
		depth++;
	first[depth] = true;
}

static void json_close(char c)
{
	bool empty = first[depth];

	if (depth > 0)
		depth--;
	if (!empty)
		json_indent();
	putchar(c);
}

int out_text_indent(void)
{
	return text_depth > 1 ? 4 * (text_depth - 1) : 0;
}

static void text_indent(void)
{
	if (!text_line_open)
		printf("%*s", out_text_indent(), "");
}

/* a keyed object in text mode starts its line with the key and a colon */
static void text_label(const char *key)
{
	text_indent();
	printf("%s%s:", text_line_open ? " " : "", key);
	text_line_open = true;
}

/*
 * Text mode: every object starts a new line, indented by four spaces per
 * level of nesting; arrays only nest.
 */
void out_open_object(const char *key)
{
	if (json_mode) {
		json_open(key, '{');
		return;
	}
	out_newline();
	text_depth++;
	if (key)
		text_label(key);
}

void out_close_object(void)
{
	if (json_mode) {
		json_close('}');
		return;
	}
	out_newline();
	if (text_depth > 0)
		text_depth--;
}

void out_open_array(const char *key)
{
	if (json_mode)
		json_open(key, '[');
}

void out_close_array(void)
{
	if (json_mode)
		json_close(']');
}

static void text_key(const char *key)
{
	text_indent();
	printf("%s%s ", text_line_open ? " " : "", key);
	text_line_open = true;
}

/* the key of a member: a JSON member name, or a word in text mode */
static void out_key(const char *key)
{
	if (json_mode)
		json_member(key);
	else
		text_key(key);
}

void out_u64(const char *key, uint64_t val)
{
	out_key(key);
	printf("%llu", (unsigned long long)val);
}

void out_s64(const char *key, int64_t val)
{
	out_key(key);
	printf("%lld", (long long)val);
}

/* a number with @decimals digits after the point (a JSON number) */
void out_double(const char *key, double val, int decimals)
{
	out_key(key);
	printf("%.*f", decimals, val);
}

/* bit flags: a JSON number, "0x..." in text */
void out_hex(const char *key, uint64_t val)
{
	out_key(key);
	printf(json_mode ? "%llu" : "0x%llx", (unsigned long long)val);
}

void out_str(const char *key, const char *val)
{
	out_key(key);
	if (json_mode)
		json_string(val);
	else
		fputs(val, stdout);
}

void out_bool(const char *key, bool val)
{
	out_key(key);
	if (json_mode)
		fputs(val ? "true" : "false", stdout);
	else
		fputs(val ? "on" : "off", stdout);
}

void out_newline(void)
{
	if (!json_mode && text_line_open) {
		putchar('\n');
		text_line_open = false;
	}
}

void out_record_end(void)
{
	if (json_mode) {
		putchar('\n');
		first[0] = true;
		json_open_record = false;
	} else {
		out_newline();
	}
	fflush(stdout);
}

void out_finish(void)
{
	if (json_mode && json_open_record)
		putchar('\n');
	else
		out_newline();
	fflush(stdout);
}

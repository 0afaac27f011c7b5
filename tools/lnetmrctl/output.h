/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmrctl: one print path for text and JSON.  Callers describe a value
 * once; the printer renders it as "key value" text or as JSON.
 */
#ifndef _LNETMRCTL_OUTPUT_H
#define _LNETMRCTL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

void out_init(bool json, bool pretty);
void out_finish(void);
bool out_is_json(void);

void out_open_object(const char *key);	/* key NULL inside arrays / at top */
void out_close_object(void);
void out_open_array(const char *key);
void out_close_array(void);

void out_u64(const char *key, uint64_t val);
void out_s64(const char *key, int64_t val);
void out_str(const char *key, const char *val);
void out_double(const char *key, double val, int decimals);
void out_hex(const char *key, uint64_t val);
void out_bool(const char *key, bool val);
/* text only: the indentation of the current object's lines, in spaces */
int out_text_indent(void);
/* text only: end the current line */
void out_newline(void);
/* end one top-level record (JSON: a line of its own) and flush */
void out_record_end(void);

#endif /* _LNETMRCTL_OUTPUT_H */

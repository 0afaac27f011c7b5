/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmrctl: the subset of YAML a configuration file is written in (block
 * mappings, block sequences, plain or quoted scalars, [a, b] lists of
 * scalars, # comments), parsed into a tree whose every node knows its
 * line.  No I/O but the file read: unit tested on the host.
 */
#ifndef _LNETMRCTL_YAML_LITE_H
#define _LNETMRCTL_YAML_LITE_H

#include <stdio.h>

enum yl_kind { YL_SCALAR, YL_MAP, YL_SEQ };

/**
 * struct yl_node - one node of the tree
 * @kind: YL_SCALAR, YL_MAP or YL_SEQ
 * @line: the line it starts on (1-based)
 * @key: its key, for an entry of a mapping (else NULL)
 * @value: the text of a scalar (else NULL)
 * @child: the first entry of a mapping or item of a sequence
 * @next: the next sibling
 */
struct yl_node {
	enum yl_kind kind;
	unsigned int line;
	char *key;
	char *value;
	struct yl_node *child;
	struct yl_node *next;
};

/*
 * Parse the YAML text of @f.  Returns the root (NULL for an empty file,
 * with *@err empty); on a syntax error NULL, with "line N: why" in @err.
 */
struct yl_node *yl_parse(FILE *f, char *err, size_t errlen);
void yl_free(struct yl_node *n);

#endif /* _LNETMRCTL_YAML_LITE_H */

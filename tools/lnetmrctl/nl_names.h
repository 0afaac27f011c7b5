/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LNETMRCTL_NL_NAMES_H
#define _LNETMRCTL_NL_NAMES_H

/**
 * struct nl_attr_names - names of one command's request attributes
 * @cmd: the command's name in the spec
 * @names: attribute names indexed by attribute type
 * @max: highest valid index of @names
 */
struct nl_attr_names {
	const char *cmd;
	const char *const *names;
	int max;
};

/* generated from the spec, indexed by LNETMR_CMD_* */
extern const struct nl_attr_names lnetmr_cmd_attr_names[];

#endif /* _LNETMRCTL_NL_NAMES_H */

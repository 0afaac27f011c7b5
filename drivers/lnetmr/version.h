/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LNETMR_VERSION_H
#define _LNETMR_VERSION_H

#define LNETMR_MODULE_VERSION "0.1.0"

extern const char lnetmr_build_id[];
extern const char lnetmr_kernel_release[];

#endif /* _LNETMR_VERSION_H */

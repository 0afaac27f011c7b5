// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: build identity, reported by the node-get command.
 * LNETMR_BUILD_ID comes from Kbuild (git describe of the source tree).
 */
#include <generated/utsrelease.h>

#include "version.h"

#ifndef LNETMR_BUILD_ID
#define LNETMR_BUILD_ID "unknown"
#endif

const char lnetmr_build_id[] = LNETMR_BUILD_ID;
const char lnetmr_kernel_release[] = UTS_RELEASE;

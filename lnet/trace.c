// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: the trace events of lnetmr_trace.h, defined here once for every
 * layer; the transports, modules of their own, fire the connection event.
 */
#define CREATE_TRACE_POINTS
#include "lnetmr_trace.h"

EXPORT_TRACEPOINT_SYMBOL_GPL(lnetmr_conn);

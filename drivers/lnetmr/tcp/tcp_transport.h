/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lnetmr TCP transport (socklnd protocol v3): the one symbol the NI code
 * needs.
 */
#ifndef _LNETMR_TCP_TRANSPORT_H
#define _LNETMR_TCP_TRANSPORT_H

#include "transport.h"

extern const struct lnet_transport lnetmr_tcp_transport;

#endif /* _LNETMR_TCP_TRANSPORT_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * lnetmr: counter names.
 */
#include "stats.h"

const char *const lnetmr_stat_names[LNETMR_STAT_COUNT] = {
	[LNETMR_STAT_TX_MSGS] = "tx-msgs",
	[LNETMR_STAT_TX_BYTES] = "tx-bytes",
	[LNETMR_STAT_RX_MSGS] = "rx-msgs",
	[LNETMR_STAT_RX_BYTES] = "rx-bytes",
	[LNETMR_STAT_TX_PUT] = "tx-put",
	[LNETMR_STAT_TX_GET] = "tx-get",
	[LNETMR_STAT_TX_ACK] = "tx-ack",
	[LNETMR_STAT_TX_REPLY] = "tx-reply",
	[LNETMR_STAT_RX_PUT] = "rx-put",
	[LNETMR_STAT_RX_GET] = "rx-get",
	[LNETMR_STAT_RX_ACK] = "rx-ack",
	[LNETMR_STAT_RX_REPLY] = "rx-reply",
	[LNETMR_STAT_TX_ZEROCOPY] = "tx-zerocopy",
	[LNETMR_STAT_TX_ERRORS] = "tx-errors",
	[LNETMR_STAT_RESENDS] = "resends",
	[LNETMR_STAT_RX_DROPS] = "rx-drops",
	[LNETMR_STAT_PROTO_ERRORS] = "proto-errors",
	[LNETMR_STAT_CONNS_ACCEPTED] = "conns-accepted",
	[LNETMR_STAT_CONNS_REFUSED] = "conns-refused",
	[LNETMR_STAT_CONNS_OPENED] = "conns-opened",
	[LNETMR_STAT_CONN_FAILURES] = "conn-failures",
	[LNETMR_STAT_TIMEOUTS] = "timeouts",
	[LNETMR_STAT_PEER_RESTARTS] = "peer-restarts",
};

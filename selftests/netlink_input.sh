#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Raw netlink input the CLI never sends: every bad request gets an error with
# an extack message that points at the bad attribute, and changes nothing.
source "$(dirname "$0")/lib.sh"
require_root
ktap_begin
load_lnetmr
at_exit unload_lnetmr

GET=$(enum_val LNETMR_CMD_NODE_GET)
SET=$(enum_val LNETMR_CMD_NODE_SET)
A_DISC=$(enum_val LNETMR_A_NODE_DISCOVERY)
A_TMO=$(enum_val LNETMR_A_NODE_TRANSACTION_TIMEOUT)
A_INC=$(enum_val LNETMR_A_NODE_INCARNATION)
A_SINK=$(enum_val LNETMR_A_NODE_BENCH_SINK_MAX)
check "UAPI enums found" test -n "$GET" -a -n "$SET" -a -n "$A_DISC" -a -n "$A_TMO" -a -n "$A_SINK"

before=$(lnetmrctl -j node show)
expect_err "u32 attribute sent as u8" 22 "$A_TMO" "$SET" "$A_TMO:u8:7"
expect_err "u8 attribute sent as u32" 22 "$A_DISC" "$SET" "$A_DISC:u32:1"
expect_err "discovery out of range" 34 "$A_DISC" "$SET" "$A_DISC:u8:2"
expect_err "timeout below range" 34 "$A_TMO" "$SET" "$A_TMO:u32:99"
expect_err "timeout above range" 34 "$A_TMO" "$SET" "$A_TMO:u32:3600001"
expect_err "bench-sink-max below 1 MiB" 34 "$A_SINK" "$SET" "$A_SINK:u32:1048575"
expect_err "bench-sink-max above 64 MiB" 34 "$A_SINK" "$SET" "$A_SINK:u32:67108865"
expect_err "read-only attribute in set" 22 "$A_INC" "$SET" "$A_INC:u64:5"
expect_err "unknown attribute type" 22 250 "$SET" "250:u32:1"
expect_err "attribute in a command that takes none" 22 "$A_DISC" "$GET" "$A_DISC:u8:1"
expect_err "good then bad attribute" 34 "$A_TMO" "$SET" "$A_DISC:u8:0" "$A_TMO:u32:1"
out=$("$NLRAW" "$SET")
check_match "empty set is refused with a message" "^error 22 msg=no setting given" "$out"
out=$("$NLRAW" 200)
check_match "unknown command is refused" "^error 95 " "$out"
check_eq "none of that changed the node" "$before" "$(lnetmrctl -j node show)"

out=$("$NLRAW" "$SET" "$A_TMO:u32:100")
check_eq "the smallest valid timeout is taken" ok "$out"
out=$("$NLRAW" "$SET" "$A_TMO:u32:3600000")
check_eq "the largest valid timeout is taken" ok "$out"

ktap_end

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module goes away with NIs configured and transfers running: it
# unloads, everything is torn down (vmrun fails the run on any kernel
# warning), and it loads again fresh.
source "$(dirname "$0")/lib.sh"
require_root
require_cmd jq
ktap_begin
load_lnetmr

setup "two nodes set up" two_nodes
lnetmrctl -j -n "$NS_A" bench "$NID_B" op put size 1048576 time 30 concurrency 8 \
	> /dev/null 2>&1 &
b1=$!
lnetmrctl -j -n "$NS_B" bench "$NID_A" op get size 65536 time 30 concurrency 8 \
	> /dev/null 2>&1 &
b2=$!
sleep 2
unloaded=1
for _ in $(seq 50); do
	modprobe -r lnetmr 2>/dev/null && { unloaded=0; break; }
	sleep 0.1
done
check_eq "the module unloads under traffic" 0 "$unloaded"
wait $b1
rc1=$?
wait $b2
rc2=$?
check_eq "the CLI of a bench reports the failure" "1 1" "$rc1 $rc2"
check "the module loads again" modprobe lnetmr
check_eq "and starts with no NI" 0 "$(lnetmrctl -j -n "$NS_A" ni show | jq length)"
setup "the new module works" two_nodes 2
check "a ping across" lnetmrctl -n "$NS_A" ping "$NID_B"
unload_lnetmr

ktap_end

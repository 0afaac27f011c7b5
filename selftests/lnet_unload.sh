#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The modules under traffic: a transport in use by an NI cannot be
# unloaded (nor the core it uses), and nothing changes for the traffic;
# once the NIs are deleted (under traffic) everything unloads, torn down
# with no kernel warning (vmrun fails the run on any), and loads again
# fresh, the transport loaded by the first NI of its type.
source "$(dirname "$0")/lib.sh"
require_root
require_cmd jq
ktap_begin
load_lnetmr

setup "two nodes set up" two_nodes
check_match "the first tcp NI loaded the tcp transport" "^lnetmr_tcp " "$(cat /proc/modules)"
check_match "which holds a reference per NI" "^lnetmr_tcp [0-9]+ 2 " "$(cat /proc/modules)"
out1=$(mktemp)
out2=$(mktemp)
lnetmrctl -j -n "$NS_A" bench "$NID_B" op put size 1048576 time 4 concurrency 8 \
	> "$out1" 2>&1 &
b1=$!
lnetmrctl -j -n "$NS_B" bench "$NID_A" op get size 65536 time 4 concurrency 8 \
	> "$out2" 2>&1 &
b2=$!
sleep 1
out=$(modprobe -r lnetmr_tcp 2>&1)
check_match "the transport in use refuses to unload" "in use" "$out"
out=$(modprobe -r lnetmr 2>&1)
check_match "so does the core under it" "in use" "$out"
wait $b1
rc1=$?
wait $b2
rc2=$?
check_eq "the traffic did not notice: both benches end well" "0 0" "$rc1 $rc2"
check_eq "with no error" "0 0" \
	"$(tail -n 1 "$out1" | jq -r .errors) $(tail -n 1 "$out2" | jq -r .errors)"
rm -f "$out1" "$out2"

lnetmrctl -j -n "$NS_A" bench "$NID_B" op put size 1048576 time 30 concurrency 8 \
	> /dev/null 2>&1 &
b1=$!
lnetmrctl -j -n "$NS_B" bench "$NID_A" op get size 65536 time 30 concurrency 8 \
	> /dev/null 2>&1 &
b2=$!
sleep 2
lnetmrctl -n "$NS_A" ni del tcp0
lnetmrctl -n "$NS_B" ni del tcp0
check_match "deleting the NIs under traffic drops the references" "^lnetmr_tcp [0-9]+ 0 " \
	"$(cat /proc/modules)"
unloaded=1
for _ in $(seq 50); do
	unload_lnetmr && { unloaded=0; break; }
	sleep 0.1
done
check_eq "then everything unloads" 0 "$unloaded"
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

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A peer restarts (its NI is deleted and added again) while transfers run:
# the other side sees the new incarnation, what was in flight fails with an
# error (never hangs, never reports wrong data), and later transfers work.
source "$(dirname "$0")/lib.sh"
lnet_test_begin

setup "two nodes set up" two_nodes
lnetmrctl -n "$NS_A" set transaction-timeout 3000
check "A reaches B" lnetmrctl -n "$NS_A" ping "$NID_B"
inc0=$(lnetmrctl -j -n "$NS_A" peer show "$NID_B" | jq -r '.[0].nids[0].incarnation')
check "A knows B's incarnation" test "$inc0" != 0

bench_bg "$NS_A" "$NID_B" op get size 1048576 time 4 concurrency 8
sleep 1
# restart B: NI away and back
lnetmrctl -n "$NS_B" ni del tcp0
lnetmrctl -n "$NS_B" ni add tcp0
lnetmrctl -n "$NS_B" rail add tcp0 dev eth0
bench_wait out
check_eq "no transfer returned wrong data across the restart" 0 "$(jq -r .mismatches <<< "$out")"
check "transfers in flight at the restart failed with an error" jq -e '.errors > 0' <<< "$out"

check "A reaches the restarted B" lnetmrctl -n "$NS_A" ping "$NID_B"
inc1=$(lnetmrctl -j -n "$NS_A" peer show "$NID_B" | jq -r '.[0].nids[0].incarnation')
check "A saw B's new incarnation" test "$inc1" != "$inc0" -a "$inc1" != 0
restarts=$(lnetmrctl -j -n "$NS_A" peer show "$NID_B" | jq -r '.[0].nids[0].stats."peer-restarts"')
check "A counted the restart" test "$restarts" -ge 1
out=$(bench_json "$NS_A" "$NID_B" op put size 65536 count 100 concurrency 8)
check_eq "transfers after the restart all succeed" "100 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

# a rail removed under heavy load: queued messages fail, nothing hangs
bench_bg "$NS_A" "$NID_B" op put size 1M time 4 concurrency 64
sleep 1
check "the rail goes while 64 MiB are in flight" lnetmrctl -n "$NS_A" rail del tcp0 dev eth0
ok=1
for _ in $(seq 100); do kill -0 $BENCH_PID 2>/dev/null || { ok=0; break; }; sleep 0.2; done
check_eq "the bench ends on time (its transfers failed, none hung)" 0 "$ok"
bench_wait out
# (mismatches -1: with no rail left the sink could not be asked)
check "and reports the failures, no wrong data ($out)" jq -e ".errors > 0 and .mismatches <= 0" <<< "$out"
check "the rail comes back" lnetmrctl -n "$NS_A" rail add tcp0 dev eth0
out=$(bench_json "$NS_A" "$NID_B" op get size 65536 count 50 concurrency 8)
check_eq "and carries traffic again" "50 0 0" "$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

ktap_end

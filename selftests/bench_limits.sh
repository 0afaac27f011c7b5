#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What benches may hold: whoever may start them (root of a user namespace
# may, in its own network namespaces), a node runs at most 8 at once and
# their GET landing pages take at most 256 MiB together; a finished bench
# gives its pages back at once.  Refusals carry their reason.
source "$(dirname "$0")/lib.sh"
lnet_test_begin

bench_mem() {
	json_get "$(lnetmrctl -j -n "$1" node show)" '."bench-mem"'
}

# bench_mem_is NS BYTES: within 5 s the node's benches hold BYTES
bench_mem_is() {
	for _ in $(seq 50); do
		[ "$(bench_mem "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

setup "two nodes set up" two_nodes
check_eq "an idle node's benches hold nothing" 0 "$(bench_mem "$NS_A")"

# eight GET benches of 8 x 1 MiB each, running at once
pids=()
for _ in $(seq 8); do
	lnetmrctl -j -n "$NS_A" bench "$NID_B" op get size 1M time 30 concurrency 8 \
		> /dev/null 2>&1 &
	pids+=($!)
done
check "eight benches hold 8 x 8 MiB of landing pages" bench_mem_is "$NS_A" $((64 << 20))
out=$(lnetmrctl -n "$NS_A" bench "$NID_B" op put size 4k count 1 2>&1)
check_eq "a ninth bench is refused (exit 1)" 1 $?
check_match "the refusal says why" "runs 8 benches already" "$out"
out=$(lnetmrctl -n "$NS_B" bench "$NID_A" op put size 4k count 1 2>&1)
check_eq "the limit is per node: the peer still runs one" 0 $?

kill -TERM "${pids[@]}"
wait "${pids[@]}"
check "stopped benches give their pages back" bench_mem_is "$NS_A" 0
out=$(lnetmrctl -n "$NS_A" bench "$NID_B" op put size 4k count 1 2>&1)
check_eq "then a bench may start again" 0 $?

# 256 MiB of landing pages at most, over all benches of the node
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null	# known to stripe: GETs above 1 MiB
lnetmrctl -j -n "$NS_A" bench "$NID_B" op get size 64M time 30 concurrency 3 \
	> /dev/null 2>&1 &
big=$!
check "a bench of 3 x 64 MiB holds 192 MiB" bench_mem_is "$NS_A" $((192 << 20))
out=$(lnetmrctl -n "$NS_A" bench "$NID_B" op get size 64M count 1 concurrency 2 2>&1)
check_eq "one taking the node above 256 MiB is refused (exit 1)" 1 $?
check_match "the refusal says why" "more than 256 MiB" "$out"
out=$(lnetmrctl -j -n "$NS_A" bench "$NID_B" op get size 64M count 1 2>&1 | tail -n 1)
check_eq "one that fits runs: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out" 2>/dev/null)"
check "and gives its 64 MiB back when it ends" bench_mem_is "$NS_A" $((192 << 20))
out=$(lnetmrctl -n "$NS_A" bench "$NID_B" op put size 1M count 4 concurrency 4 2>&1)
check_eq "PUT benches hold no landing pages: one still runs" 0 $?
kill -TERM "$big"
wait "$big"
check "all given back" bench_mem_is "$NS_A" 0

# root of a user namespace, in the network namespace it owns, has the same
# limits and nothing more: its benches aim at an address nobody answers, so
# their GETs stay in flight (until the 2 s transaction timeout)
out=$(unshare -Urn bash -c '
	ip link add u0 type veth peer name u1 &&
	ip addr add 10.9.0.1/24 dev u0 && ip link set u0 up && ip link set u1 up &&
	lnetmrctl ni add tcp0 && lnetmrctl rail add tcp0 dev u0 &&
	lnetmrctl set timeout 1000 transaction-timeout 2000 || exit
	for i in $(seq 8); do
		lnetmrctl bench 10.9.0.77@tcp op get size 1M time 20 > /dev/null 2>&1 &
	done
	sleep 1
	lnetmrctl -j node show
	lnetmrctl bench 10.9.0.77@tcp op get size 1M count 1
	kill -TERM $(jobs -p)
	wait
	lnetmrctl ni del tcp0' 2>&1)
check_match "user-namespace root: eight benches hold 8 MiB" \
	"\"bench-mem\": ?$((8 << 20))" "$out"
check_match "user-namespace root: the ninth bench is refused too" \
	"runs 8 benches already" "$out"

ktap_end

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What benches may hold: whoever may start them (root of a user namespace
# may, in its own network namespaces), a node runs at most 8 at once and
# their GET landing pages take at most 256 MiB together; a finished bench
# gives its pages back at once.  The bench sinks of all nodes hold at most
# a quarter of RAM.  Refusals carry their reason.
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

# Each node with an NI has a bench sink of 32 MiB of PUT buffers; the sinks
# of all nodes together hold at most a quarter of RAM (at least 128 MiB).
# Nodes come (a veth each, on B's side a bridge) until one gets a sink that
# takes no PUTs; it still serves GETs.
sink_mem() { json_get "$(lnetmrctl -j -n "$1" node show)" '."bench-sink-mem"'; }
check_eq "a node's sink holds 32 MiB of PUT buffers" $((32 << 20)) "$(sink_mem "$NS_B")"
quarter=$(awk '/^MemTotal:/ { q = $2 * 1024 / 4; m = 128 * 2^20; if (q < m) q = m;
	if (q > 4 * 2^30) q = 4 * 2^30; printf "%.0f", q }' /proc/meminfo)
SW=$(ns_create sinksw)
ip -n "$SW" link add br0 type bridge && ip -n "$SW" link set br0 up
sinks=() full="" total=0
for i in $(seq 1 $((quarter / (32 << 20) + 2))); do
	ns=$(ns_create sink$i)
	ip link add eth0 netns "$ns" type veth peer name s$i netns "$SW"
	ip -n "$SW" link set s$i master br0 up
	ip -n "$ns" addr add 10.8.0.$i/24 dev eth0 && ip -n "$ns" link set eth0 up
	lnet_node "$ns" eth0
	m=$(sink_mem "$ns")
	if [ "$m" = 0 ]; then
		full=$ns full_nid=10.8.0.$i@tcp
		break
	fi
	sinks+=("$ns")
done
for ns in "$NS_A" "$NS_B" "${sinks[@]}"; do
	total=$((total + $(sink_mem "$ns")))
done
# (namespaces of earlier tests may still be going away, sinks and all)
check "the sinks hold $((total >> 20)) MiB: at most a quarter of RAM ($((quarter >> 20)) MiB), at least half that" \
	test "$total" -le "$quarter" -a "$total" -ge $((quarter / 2))
check "beyond it, a node whose sink takes no PUTs (after ${#sinks[@]} more nodes)" test -n "$full"
if [ -n "$full" ]; then
	c=${sinks[0]}
	out=$(bench_json "$c" "$full_nid" op get size 65536 count 20 concurrency 4)
	check_eq "its sink still serves GETs, intact" "20 0 0" \
		"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
	lnetmrctl -n "$c" set timeout 1000 transaction-timeout 2000
	d0=$(rail_stat "$full" eth0 rx-drops)
	out=$(bench_json "$c" "$full_nid" op put size 65536 count 2)
	check_eq "PUTs to it fail" "0 2" "$(jq -r '"\(.msgs) \(.errors)"' <<< "$out")"
	check "and are dropped there, counted" test "$(rail_stat "$full" eth0 rx-drops)" -gt "$d0"
	out=$(lnetmrctl -n "$full" set bench-sink-max 4M 2>&1)
	check_match "it cannot take big buffers either, and says why" \
		"sinks of all nodes hold what they may.*\(attribute bench-sink-max\)" "$out"
	# a namespace that goes gives its sink's memory back (once the
	# kernel has torn it down, which it does in the background)
	ip netns del "${sinks[-1]}"
	ns=$(ns_create sinkagain)
	ip link add eth0 netns "$ns" type veth peer name sa netns "$SW"
	ip -n "$ns" addr add 10.8.0.250/24 dev eth0 && ip -n "$ns" link set eth0 up
	lnet_node "$ns" eth0
	for _ in $(seq 100); do
		[ "$(sink_mem "$ns")" != 0 ] && break
		lnetmrctl -n "$ns" ni del tcp0
		sleep 0.1
		lnet_node "$ns" eth0
	done
	check_eq "a namespace gone gives its sink's memory back: a new node gets 32 MiB" \
		$((32 << 20)) "$(sink_mem "$ns")"
fi

ktap_end

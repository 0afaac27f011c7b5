#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Failover over shaped rails: during a bench over N = 2 and 4 rails of
# 100 Mbit/s, one rail's link goes down and comes back, then another rail
# silently drops everything (netem loss 100%) and comes back.  The bench
# ends with no error and no mismatch, what the failed rails held is sent
# again, throughput is back to (N-1) x R within 2 s of the link going
# down, and the silent rail is back at full health and carries traffic
# once it works again.  Throughput is read off A's per-rail byte counters,
# sampled every quarter second.
source "$(dirname "$0")/lib.sh"
lnet_test_begin tc

R=100
lossy() {	# DEV on|off, both ends
	local ns

	for ns in "$NS_A" "$NS_B"; do
		if [ "$2" = on ]; then
			tc -n "$ns" qdisc replace dev "$1" root netem loss 100%
		else
			shape "$ns" "$1" $R
		fi
	done
}

for n in 2 4; do
	rates=()
	for ((i = 0; i < n; i++)); do rates+=("$R"); done
	setup "two nodes, $n rails of $R Mbit/s" shaped_nodes "f$n" "${rates[@]}"
	for ns in "$NS_A" "$NS_B"; do
		lnetmrctl -n "$ns" set timeout 1000 transaction-timeout 15000
	done
	silent=eth$((n - 1))
	r0=$(($(node_stat "$NS_A" resends) + $(node_stat "$NS_B" resends)))
	for ns in "$NS_A" "$NS_B"; do
		r0=$((r0 + $(rail_counters "$ns" resends | sum)))
	done

	tmp=$(mktemp -d)
	bench_bg "$NS_A" "$NID_B" op put size 1M time 16 concurrency 8
	sample_rail_bytes "$NS_A" tx-bulk-bytes "$tmp/stop" > "$tmp/samples" &
	sampler=$!
	sleep 3
	t_down=$(now)
	ip -n "$NS_A" link set eth0 down
	sleep 3
	ip -n "$NS_A" link set eth0 up
	sleep 2
	lossy "$silent" on
	sleep 3
	lossy "$silent" off
	bench_wait out
	touch "$tmp/stop"
	wait $sampler

	check_eq "$n rails: the bench across both failures has no error, no mismatch" "0 0" \
		"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
	check "$n rails: and moved data" jq -e '.msgs > 50' <<< "$out"
	r1=$(($(node_stat "$NS_A" resends) + $(node_stat "$NS_B" resends)))
	for ns in "$NS_A" "$NS_B"; do
		r1=$((r1 + $(rail_counters "$ns" resends | sum)))
	done
	check "$n rails: what the failed rails held was sent again ($((r1 - r0)))" \
		test "$r1" -gt "$r0"
	want=$((9 * (n - 1) * R / 10))
	took=$(recovered "$tmp/samples" "$t_down" $want)
	check "$n rails: back to 0.9 x $((n - 1)) x $R Mbit/s within 2 s of the link going down (${took} s)" \
		awk -v t="$took" 'BEGIN { exit !(t <= 2) }'
	rm -rf "$tmp"

	full() { [ "$(rail_stat "$NS_A" "$silent" recovery-pings)" -gt 0 ] &&
		 [ "$(lnetmrctl -j -n "$NS_A" rail show |
		      jq -r --arg d "$silent" '.[] | select(.dev == $d) | "\(.state) \(.health)"')" = "up 1000" ]; }
	for _ in $(seq 100); do full && break; sleep 0.2; done
	check "$n rails: $silent is back at full health after recovery pings" full
	b0=$(rail_stat "$NS_A" "$silent" tx-bulk-bytes)
	out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 20 concurrency 8)
	check_eq "$n rails: a bench afterwards is intact" "20 0 0" \
		"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
	check "$n rails: and $silent carries its share again" \
		test $(($(rail_stat "$NS_A" "$silent" tx-bulk-bytes) - b0)) -ge $((20 * 1048576 / n / 2))
done

ktap_end

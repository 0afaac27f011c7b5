#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Aggregation: one NI over N rails (N = 1, 2, 4), each a veth pair shaped
# with tc tbf to the same rate R both ways, moves close to N x R and spreads
# the bytes evenly; rails of R and 2R, given speeds to match, carry 1:2.
#
# For each N, "lnetmrctl bench" PUT and then GET of 1 MiB messages, 8 in
# flight, for AGG_SECS seconds.  Checks, all on figures measured here:
#  - the bench had no error and no mismatch (the driver checks every byte);
#  - aggregate (the bench's own bytes / elapsed) >= 0.85 x N x R (a floor
#    that a slow or busy host still clears: 0.88 was seen once at N = 4,
#    0.95 is usual; make bench reports the ratios themselves);
#  - each rail's share of the payload bytes A's rails sent and received
#    (rail counters read before and after) is within 10% of 1/N, relative:
#    |share - 1/N| <= 0.10 / N (for N = 4: 22.5% to 27.5%).
# Weighted: rails shaped to R and 2R with speeds R and 2R carry bytes in a
# ratio within 15% of 2 (1.70 to 2.30), and together >= 0.85 x 3R.
source "$(dirname "$0")/lib.sh"
lnet_test_begin tc awk
modprobe sch_tbf 2>/dev/null

R=${AGG_RATE:-100}		# Mbit/s per rail
SECS=${AGG_SECS:-5}

# run_bench OP: bench A -> B with rail counters around it; sets $out (the
# summary), $mbit (aggregate) and $deltas (bytes per rail of A)
run_bench() {
	local before
	before=$(rail_bytes "$NS_A")
	out=$(bench_json "$NS_A" "$NID_B" op "$1" size 1M time "$SECS" concurrency 8)
	deltas=$(delta "$before" "$(rail_bytes "$NS_A")")
	mbit=$(bench_mbit "$out")
}

for n in 1 2 4; do
	rates=()
	for ((k = 0; k < n; k++)); do rates+=("$R"); done
	setup "$n rail(s) of $R Mbit/s between two nodes, B's NIDs discovered" \
		shaped_nodes "$n" "${rates[@]}"
	check_eq "N=$n: A knows B's $n NIDs" "$n" \
		"$(lnetmrctl -j -n "$NS_A" peer show "$NID_B" | jq '.[0].nids | length')"
	want=$((n * R))
	for op in put get; do
		run_bench $op
		echo "# N=$n $op: $mbit Mbit/s of $want ($(jq -r '"\(.msgs) msgs, \(.errors) errors, \(.mismatches) mismatches"' <<< "$out")), bytes per rail: $deltas, shares: $(shares "$deltas")"
		check_eq "N=$n $op: no error, no mismatch" "0 0" \
			"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
		check "N=$n $op: aggregate $mbit Mbit/s >= 0.85 x $want" \
			ratio_ok "${mbit:-0}" "$want" 0.85 1000
		k=0
		for s in $(shares "$deltas"); do
			check "N=$n $op: eth$k carried $s of the bytes, 1/$n within 10%" \
				ratio_ok "$s" "$(awk -v n="$n" 'BEGIN { print 1 / n }')" 0.90 1.10
			k=$((k + 1))
		done
	done
	ip netns del "$NS_A"
	ip netns del "$NS_B"
done

# weighted: R and 2R
setup "rails of $R and $((2 * R)) Mbit/s with speeds to match" \
	shaped_nodes w "$R" "$((2 * R))"
for op in put get; do
	run_bench $op
	read -r d0 d1 <<< "$deltas"
	echo "# weighted $op: $mbit Mbit/s of $((3 * R)), bytes per rail: $deltas, ratio eth1/eth0: $(awk -v a="$d1" -v b="$d0" 'BEGIN { printf "%.3f", b ? a / b : 0 }')"
	check_eq "weighted $op: no error, no mismatch" "0 0" \
		"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
	check "weighted $op: the $((2 * R)) Mbit/s rail carried twice the bytes, within 15% ($d1:$d0)" \
		ratio_ok "$d1" "$d0" 1.70 2.30
	check "weighted $op: aggregate $mbit Mbit/s >= 0.85 x $((3 * R))" \
		ratio_ok "${mbit:-0}" "$((3 * R))" 0.85 1000
done

ktap_end

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Trace events over RDMA rails: the RDMA transport's connections come up
# (the connecting side active, the other passive) and go down with their
# reason; a striped PUT and GET over two Soft-RoCE rails set their stripes
# out on both rails and every byte lands once, written by RDMA.  Needs
# rdma_rxe per namespace (skipped before).
source "$(dirname "$0")/lib.sh"
lnet_test_begin rdma rping awk stat
require_rxe_netns
trace_begin

setup "two nodes over two RDMA rails" rdma_nodes t 2
lnetmrctl -n "$NS_B" set bench-sink-max 4M
node_a=$(netns_inode "$NS_A") node_b=$(netns_inode "$NS_B")
tmp=$(mktemp -d)
at_exit "rm -rf $tmp"

trace_start
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
s0=$(node_stat "$NS_A" tx-stripes)
put=$(bench_json "$NS_A" "$NID_B" op put size 4M count 2 concurrency 2)
get=$(bench_json "$NS_A" "$NID_B" op get size 4M count 2 concurrency 2)
stripes=$(($(node_stat "$NS_A" tx-stripes) - s0))
lnetmrctl -n "$NS_A" rail del o2ib0 dev ib1
trace_stop "$tmp/t"
check_eq "2 PUTs and 2 GETs of 4 MiB over RDMA, intact" "2 0 0 2 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$put$get" | tr '\n' ' ' | sed 's/ $//')"

for k in 0 1; do
	check "A's connection on ib$k came up, active, to B's NID there" \
		test "$(trace_count "$tmp/t" lnetmr_conn "$node_a" o2ib "rail=10.2.$k.1@o2ib" \
			"dev=ib$k" "peer=10.2.$k.2@o2ib" active up status=0)" -ge 1
	check "B's came up passive" test "$(trace_count "$tmp/t" lnetmr_conn "$node_b" o2ib \
		"rail=10.2.$k.2@o2ib" "peer=10.2.$k.1@o2ib" passive up)" -ge 1
done
down=$(trace_fields "$tmp/t" lnetmr_conn "$node_a" o2ib dev=ib1 down)
check "removing rail ib1 took its connection down, with a reason ($(trace_field status <<< "$down"))" \
	test -n "$down" -a -z "$(trace_field status <<< "$down" | grep -vx -- '-[0-9]\+')"

check_eq "one lnetmr_stripe_issue per stripe the node counted ($stripes)" "$stripes" \
	"$(trace_count "$tmp/t" lnetmr_stripe_issue "$node_a")"
check_eq "in 4 transfers" 4 "$(stripe_xfers "$tmp/t" lnetmr_stripe_issue "$node_a")"
check_eq "whose issued stripes tile them" 0 "$(stripe_bad_tiles "$tmp/t" lnetmr_stripe_issue "$node_a")"
for k in 0 1; do
	n=$(trace_count "$tmp/t" lnetmr_send "$node_a" PUT bytes=1048576 "dev=ib$k")
	check "PUT stripes went out on ib$k ($n)" test "$n" -ge 2
done
check_eq "B: both PUTs landed, every byte once" "2 0" \
	"$(stripe_xfers "$tmp/t" lnetmr_stripe_land "$node_b" PUT status=0) $(stripe_bad_tiles \
	"$tmp/t" lnetmr_stripe_land "$node_b" PUT status=0)"
check_eq "A: both GETs' answers landed (written by RDMA), every byte once" "2 0" \
	"$(stripe_xfers "$tmp/t" lnetmr_stripe_land "$node_a" GET status=0) $(stripe_bad_tiles \
	"$tmp/t" lnetmr_stripe_land "$node_a" GET status=0)"
for k in 0 1; do
	n=$(trace_count "$tmp/t" lnetmr_send "$node_b" REPLY bytes=1048576 "dev=ib$k")
	check "B answered GET stripes on ib$k, the rail each came by ($n)" test "$n" -ge 2
done

ktap_end

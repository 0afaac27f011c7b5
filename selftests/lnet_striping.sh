#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Striping: between lnetmr nodes (they announce it in their ping buffer) a
# transfer above the stripe threshold travels in stripes over every rail
# at once and lands in place; one transfer may be up to 64 MiB.  A stripe
# whose rail fails goes another way.  Without the announcement (discovery
# off) nothing is striped and transfers stay within 1 MiB.
source "$(dirname "$0")/lib.sh"
lnet_test_begin tc

RAILS=4
# two nodes, $RAILS rails each, one subnet per rail
NID_B=10.1.0.2@tcp

setup "two nodes with $RAILS rails each" rail_nodes 1 $RAILS

out=$(lnetmrctl -j -n "$NS_A" ping $NID_B)
check_eq "B announces NI status, multi-rail, discovery and striping" $((0x1001a)) \
	"$(jq -r '.features' <<< "$out")"
out=$(lnetmrctl -j -n "$NS_A" peer show $NID_B)
check_eq "A learned B's $RAILS NIDs and its features" "$RAILS 65562" \
	"$(jq -r '"\(.[0].nids | length) \(.[0].features)"' <<< "$out")"

# one 64 MiB GET: every rail carries a part of it
r0=$(rail_counters "$NS_A" rx-bytes)
s0=$(node_stat "$NS_A" tx-stripes)
out=$(bench_json "$NS_A" $NID_B op get size 64M count 1)
check_eq "one 64 MiB GET: done, intact" "1 67108864 0 0" \
	"$(jq -r '"\(.msgs) \(.bytes) \(.errors) \(.mismatches)"' <<< "$out")"
read -r -a d <<< "$(delta "$r0" "$(rail_counters "$NS_A" rx-bytes)")"
ok=1
for x in "${d[@]}"; do
	[ "$x" -ge $((67108864 / RAILS * 3 / 4)) ] || ok=0
done
check "it came over all $RAILS rails at once (bytes per rail: ${d[*]})" test $ok = 1
check_eq "as 64 stripes of 1 MiB" 64 $(($(node_stat "$NS_A" tx-stripes) - s0))
check_eq "B answered them as 64 REPLY stripes" 64 \
	"$(lnetmrctl -j -n "$NS_B" rail show -s | jq '[.[] | .stats."rx-stripes"] | add')"

# one 64 MiB PUT, once B's bench sink takes it: every rail carries a part
out=$(lnetmrctl -n "$NS_B" set bench-sink-max 64M 2>&1)
check "B's bench sink takes 64 MiB PUTs" test -z "$out"
r0=$(rail_counters "$NS_A" tx-bytes)
out=$(bench_json "$NS_A" $NID_B op put size 64M count 2 concurrency 1)
check_eq "two 64 MiB PUTs: done, intact (the sink checked every byte)" "2 134217728 0 0" \
	"$(jq -r '"\(.msgs) \(.bytes) \(.errors) \(.mismatches)"' <<< "$out")"
read -r -a d <<< "$(delta "$r0" "$(rail_counters "$NS_A" tx-bytes)")"
ok=1
for x in "${d[@]}"; do
	[ "$x" -ge $((134217728 / RAILS * 3 / 4)) ] || ok=0
done
check "they went over all $RAILS rails at once (bytes per rail: ${d[*]})" test $ok = 1
lnetmrctl -n "$NS_B" set bench-sink-max 1M

# 1 MiB PUTs are striped too (above the 64 KiB threshold), and land in place
r0=$(rail_counters "$NS_A" tx-stripes)
out=$(bench_json "$NS_A" $NID_B op put size 1M count 100 concurrency 8)
check_eq "100 striped PUTs of 1 MiB: intact" "100 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
read -r -a d <<< "$(delta "$r0" "$(rail_counters "$NS_A" tx-stripes)")"
check "every rail sent stripes (${d[*]})" test "${d[0]}" -gt 0 -a "${d[1]}" -gt 0 \
	-a "${d[2]}" -gt 0 -a "${d[3]}" -gt 0
# below the threshold: whole messages
lnetmrctl -n "$NS_A" set stripe-threshold 1048576
s0=$(node_stat "$NS_A" tx-stripes)
out=$(bench_json "$NS_A" $NID_B op put size 1M count 20 concurrency 4)
check_eq "with the threshold at 1 MiB, 1 MiB PUTs go whole" "20 0 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out") $(($(node_stat "$NS_A" tx-stripes) - s0))"

# more striped transfers than the target keeps in progress (16384) within
# one transaction timeout: the completed ones it remembers (to drop late
# copies) do not make it refuse new ones
lnetmrctl -n "$NS_A" set stripe-threshold 4096
s0=$(node_stat "$NS_A" tx-stripes)
drops0=$(rail_counters "$NS_B" rx-drops)
out=$(bench_json "$NS_A" $NID_B op put size 8k count 20000 concurrency 16)
check_eq "20000 striped PUTs of 8 KiB: intact" "20000 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check_eq "as 40000 stripes" 40000 $(($(node_stat "$NS_A" tx-stripes) - s0))
check_eq "B dropped none of them" "0 0 0 0" \
	"$(delta "$drops0" "$(rail_counters "$NS_B" rx-drops)")"
lnetmrctl -n "$NS_A" set stripe-threshold 65536

# a rail goes down in the middle of large GETs: stripes go another way
for ((i = 0; i < RAILS; i++)); do
	shape "$NS_A" "eth$i" 100
	shape "$NS_B" "eth$i" 100
done
ra0=$(node_stat "$NS_A" resends) rb0=$(rail_stat "$NS_B" eth2 resends)
# Two GETs in flight, so that eth2 always holds REPLY stripes when it goes
# down: one at a time, it went down once (7.3, a fresh-root CI run of
# 2026-12-03) between its last stripe of one GET and the next GET, with
# nothing to resend.
out=$(bench_across_flap "$NS_B" eth2 1 "$NS_A" $NID_B op get size 64M count 4 concurrency 2)
check_eq "four 64 MiB GETs, two at a time, across a link down/up: done, intact" "4 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
# What eth2 held when it went down goes again: B's REPLY stripes still
# queued on its connection, or, for those TCP had taken into its buffers
# (they count as sent), A's GETs ask again for what is missing (counted
# on A's node: a striped GET has no rail of its own)
ra=$(($(node_stat "$NS_A" resends) - ra0)) rb=$(($(rail_stat "$NS_B" eth2 resends) - rb0))
check "what eth2 held was sent again (GETs by A: $ra, REPLY stripes by B: $rb)" \
	test $((ra + rb)) -gt 0

# discovery pushes: B gets a fifth rail and tells A
events=$(mktemp)
lnetmrctl -j -n "$NS_A" monitor > "$events" 2>/dev/null &
mon=$!
sleep 0.5
rail_link "$NS_A" "$NS_B" 4
lnetmrctl -n "$NS_B" rail add tcp0 dev eth4
lnetmrctl -n "$NS_A" rail add tcp0 dev eth4
b_nids() {
	lnetmrctl -j -n "$NS_A" peer show $NID_B | jq -r '[.[0].nids[].nid] | sort | join(" ")'
}
for _ in $(seq 50); do [ "$(b_nids | wc -w)" = 5 ] && break; sleep 0.1; done
check_eq "B's fifth rail was pushed to A: five NIDs, one peer" \
	"10.1.0.2@tcp 10.1.1.2@tcp 10.1.2.2@tcp 10.1.3.2@tcp 10.1.4.2@tcp" "$(b_nids)"
kill $mon 2>/dev/null
wait $mon 2>/dev/null
check "the push was a discovery event" \
	jq -se 'any(.[]; .event == "discovery" and (.nids | index("10.1.4.2@tcp")))' "$events"
rm -f "$events"
r0=$(rail_stat "$NS_A" eth4 tx-stripes)
out=$(bench_json "$NS_A" $NID_B op put size 1M count 20 concurrency 4)
check_eq "stripes use the new rail too: intact" "20 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check "and eth4 sent some of them" test "$(rail_stat "$NS_A" eth4 tx-stripes)" -gt "$r0"
lnetmrctl -n "$NS_B" rail del tcp0 dev eth4
for _ in $(seq 50); do [ "$(b_nids | wc -w)" = 4 ] && break; sleep 0.1; done
check_eq "B's removal of it was pushed too: four NIDs again" \
	"10.1.0.2@tcp 10.1.1.2@tcp 10.1.2.2@tcp 10.1.3.2@tcp" "$(b_nids)"
out=$(bench_json "$NS_A" $NID_B op put size 1M count 20 concurrency 4)
check_eq "and stripes go without it: intact" "20 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

# bad requests: a PUT longer than the MD it matches is dropped (as stock
# LNet drops it) and fails at its initiator's transaction timeout; the
# connections it used go on
lnetmrctl -n "$NS_A" set timeout 1000 transaction-timeout 3000
pe0=$(rail_counters "$NS_B" proto-errors | sum) d0=$(rail_counters "$NS_B" rx-drops | sum)
c0=$(rail_counters "$NS_A" conns-opened | sum)
out=$(bench_json "$NS_A" $NID_B op put size 2M count 1)
check_eq "a PUT of 2 MiB to B, whose bench sink takes 1 MiB, fails" "0 1" \
	"$(jq -r '"\(.msgs) \(.errors)"' <<< "$out")"
check "B dropped its stripes (rx-drops +$(($(rail_counters "$NS_B" rx-drops | sum) - d0)))" \
	test "$(rail_counters "$NS_B" rx-drops | sum)" -gt "$d0"
check_eq "as drops, not protocol errors, and A opened no connection again" "$pe0 $c0" \
	"$(rail_counters "$NS_B" proto-errors | sum) $(rail_counters "$NS_A" conns-opened | sum)"
lnetmrctl -n "$NS_A" set timeout 10000 transaction-timeout 50000
out=$(bench_json "$NS_A" $NID_B op put size 1M count 8 concurrency 4)
check_eq "and 1 MiB PUTs right after it: intact" "8 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

# a peer not known to stripe (declared by hand, discovery off) gets whole
# messages of at most 1 MiB
lnetmrctl -n "$NS_A" set discovery off
lnetmrctl -n "$NS_A" peer del $NID_B
check "B declared by hand" lnetmrctl -n "$NS_A" peer add $NID_B nid 10.1.1.2@tcp
check_eq "its features are unknown" 0 \
	"$(lnetmrctl -j -n "$NS_A" peer show $NID_B | jq '.[0].features')"
out=$(lnetmrctl -n "$NS_A" bench $NID_B op get size 2M count 1 2>&1)
check_match "above 1 MiB needs a peer known to stripe" "known to stripe" "$out"
s0=$(node_stat "$NS_A" tx-stripes)
out=$(bench_json "$NS_A" $NID_B op get size 1M count 10 concurrency 2)
check_eq "1 MiB GETs to it go whole" "10 0 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out") $(($(node_stat "$NS_A" tx-stripes) - s0))"

ktap_end

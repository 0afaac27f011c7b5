#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Peers with several NIDs: learned by discovery (a ping reads the peer's
# interface list) or declared with "peer add"; requests to such a peer
# take every (rail, peer NID) path in turn, so two rails carry half the
# bytes each.  Discovery can be switched off; bad peer requests are refused
# with a reason.
source "$(dirname "$0")/lib.sh"
lnet_test_begin tc

# two nodes, two rails each, one subnet per rail
tx_share() {	# bulk bytes A's rails sent: "eth0 eth1" (not discovery's small ones)
	rail_counters "$NS_A" tx-bulk-bytes
}

setup "two nodes with two rails each" rail_nodes 1 2

out=$(lnetmrctl -j -n "$NS_A" ping 10.1.0.2@tcp)
check_eq "the ping lists both of B's NIDs" "10.1.0.2@tcp 10.1.1.2@tcp" \
	"$(jq -r '[.nids[].nid] | join(" ")' <<< "$out")"
out=$(lnetmrctl -j -n "$NS_A" peer show 10.1.0.2@tcp)
check_eq "discovery made them one peer" "1 10.1.0.2@tcp 10.1.0.2@tcp,10.1.1.2@tcp" \
	"$(jq -r '"\(length) \(.[0].primary) \([.[0].nids[].nid] | join(","))"' <<< "$out")"
# a ping is pinned: its REPLY comes from the very NID pinged
replies() {	# REPLYs received from NID $1
	lnetmrctl -j -n "$NS_A" peer show "$1" |
		jq -r --arg n "$1" '.[0].nids[] | select(.nid == $n) | .stats."rx-reply"'
}
r0=$(replies 10.1.0.2@tcp) r1=$(replies 10.1.1.2@tcp)
for _ in 1 2 3 4; do lnetmrctl -n "$NS_A" ping 10.1.1.2@tcp > /dev/null; done
check_eq "four pings of the second NID are answered by it, none by the first" \
	"4 0" "$(($(replies 10.1.1.2@tcp) - r1)) $(($(replies 10.1.0.2@tcp) - r0))"

read -r t0 t1 <<< "$(tx_share)"
out=$(bench_json "$NS_A" 10.1.0.2@tcp op put size 1M count 200 concurrency 8)
check_eq "200 PUTs of 1 MiB to the peer: intact" "200 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
read -r u0 u1 <<< "$(tx_share)"
d0=$((u0 - t0)) d1=$((u1 - t1))
total=$((d0 + d1))
check_eq "every byte went over A's rails" $((200 * 1048576)) "$total"
share=$((100 * d0 / total))
check "each rail carried half the bytes (eth0 ${share}%)" test "$share" -ge 45 -a "$share" -le 55
out=$(bench_json "$NS_A" 10.1.1.2@tcp op get size 256k count 200 concurrency 8)
check_eq "GETs addressed to the other NID: intact" "200 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

# failover: a rail's link goes down under traffic; nothing is lost.  The
# rails are shaped for it (200 Mbit/s): over bare veth a message crosses in
# well under a millisecond, and a link going down while the emulated CPU
# was busy elsewhere found nothing in flight now and then (no resend)
eth1_resends() {	# what A and B resent (requests, stripes, answers, striped transfers)
	local ns n=0

	for ns in "$NS_A" "$NS_B"; do
		n=$((n + $(rail_stat "$ns" eth1 resends) + $(node_stat "$ns" resends)))
	done
	echo $n
}
for k in 0 1; do
	shape "$NS_A" "eth$k" 200 && shape "$NS_B" "eth$k" 200
done
for op in get put; do
	# (a rail back from a flap carries traffic again once at full health)
	check "$op: every rail and peer NID at full health first" wait_for 30 all_healthy "$NS_A"
	r0=$(eth1_resends)
	out=$(bench_across_flap "$NS_A" eth1 1.5 "$NS_A" 10.1.0.2@tcp op $op size 256k time 5 \
		concurrency 8)
	check_eq "$op bench across a link down/up: no error, no mismatch" "0 0" \
		"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
	check "$op bench across a link down/up: transfers done" jq -e '.msgs > 20' <<< "$out"
	r1=$(eth1_resends)
	check "$op: what eth1 carried was sent again another way ($r0 -> $r1)" test "$r1" -gt "$r0"
done
for k in 0 1; do
	tc -n "$NS_A" qdisc del dev "eth$k" root && tc -n "$NS_B" qdisc del dev "eth$k" root
done
for _ in $(seq 50); do
	[ "$(lnetmrctl -j -n "$NS_A" rail show | jq -r '.[1].state')" = up ] && break
	sleep 0.1
done
read -r t0 t1 <<< "$(tx_share)"
bench_json "$NS_A" 10.1.0.2@tcp op put size 1M count 40 concurrency 8 > /dev/null
read -r u0 u1 <<< "$(tx_share)"
check "the rail that came back carries traffic again ($((u1 - t1)) bytes)" test $((u1 - t1)) -gt 0

# rails added and removed under traffic: nothing is lost
bench_bg "$NS_A" 10.1.0.2@tcp op put size 1M time 6 concurrency 8
sleep 1.5
veth_link "$NS_A" eth2 10.1.2.1/24 "$NS_B" eth2 10.1.2.2/24
lnetmrctl -n "$NS_B" rail add tcp0 dev eth2
lnetmrctl -n "$NS_A" rail add tcp0 dev eth2
sleep 1.5
lnetmrctl -n "$NS_A" rail del tcp0 dev eth1
sleep 1
lnetmrctl -n "$NS_B" rail del tcp0 dev eth0
bench_wait out
check_eq "a bench while rails come and go: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
check "and it moved data" jq -e '.msgs > 20' <<< "$out"
check "the rail added under traffic carried some of it" \
	test "$(rail_stat "$NS_A" eth2 tx-bulk-bytes)" -gt 0

# weights: rails of 1000 and 2000 Mbit/s take turns 1:2
tx_msgs() {
	lnetmrctl -j -n "$1" rail show -s | jq -r '[.[] | .stats."tx-msgs"] | map(tostring) | join(" ")'
}
NS_W=$(ns_create w) && NS_V=$(ns_create v)
veth_link "$NS_W" eth0 10.1.0.1/24 "$NS_V" eth0 10.1.0.2/24
veth_link "$NS_W" eth1 10.1.1.1/24 "$NS_V" eth1 10.1.1.2/24
lnetmrctl -n "$NS_W" ni add tcp0
lnetmrctl -n "$NS_W" rail add tcp0 dev eth0 speed 1000
lnetmrctl -n "$NS_W" rail add tcp0 dev eth1 speed 2000
lnet_node "$NS_V" eth0 eth1
check_eq "rail speeds are shown" "1000 2000" \
	"$(lnetmrctl -j -n "$NS_W" rail show | jq -r '[.[].speed] | map(tostring) | join(" ")')"
check_eq "a rail's speed defaults to its link's" "10000 10000" \
	"$(lnetmrctl -j -n "$NS_V" rail show | jq -r '[.[].speed] | map(tostring) | join(" ")')"
lnetmrctl -n "$NS_W" ping 10.1.0.2@tcp > /dev/null
read -r m0 m1 <<< "$(tx_msgs "$NS_W")"
bench_json "$NS_W" 10.1.0.2@tcp op put size 64k count 600 concurrency 8 > /dev/null
read -r n0 n1 <<< "$(tx_msgs "$NS_W")"
d0=$((n0 - m0)) d1=$((n1 - m1))
ratio=$((100 * d1 / (d0 ? d0 : 1)))
check "the 2000 Mbit/s rail took twice the turns ($d0:$d1, ratio ${ratio}%)" \
	test "$ratio" -ge 170 -a "$ratio" -le 230
out=$(lnetmrctl -n "$NS_W" rail add tcp0 dev eth1 speed 0 2>&1)
check_match "speed 0 is refused" "speed takes 1 to 10000000" "$out"

# without discovery a peer stays what was addressed
setup "two more nodes" rail_nodes 2 2
lnetmrctl -n "$NS_A" set discovery off
lnetmrctl -n "$NS_A" ping 10.1.0.2@tcp > /dev/null
check_eq "discovery off: the ping learns no more NIDs" 1 \
	"$(lnetmrctl -j -n "$NS_A" peer show 10.1.0.2@tcp | jq '.[0].nids | length')"
read -r t0 t1 <<< "$(tx_share)"
bench_json "$NS_A" 10.1.0.2@tcp op put size 1M count 50 concurrency 8 > /dev/null
read -r u0 u1 <<< "$(tx_share)"
check_eq "so one rail carries it all" "$((50 * 1048576)) 0" "$((u0 - t0)) $((u1 - t1))"

# declared by hand
check "peer add" lnetmrctl -n "$NS_A" peer add 10.1.0.2@tcp nid 10.1.1.2@tcp
check_eq "the peer has both NIDs" 2 \
	"$(lnetmrctl -j -n "$NS_A" peer show 10.1.0.2@tcp | jq '.[0].nids | length')"
read -r t0 t1 <<< "$(tx_share)"
bench_json "$NS_A" 10.1.0.2@tcp op put size 1M count 50 concurrency 8 > /dev/null
read -r u0 u1 <<< "$(tx_share)"
check "now both rails carry it ($((u0 - t0)) $((u1 - t1)))" test $((u0 - t0)) -gt 0 -a $((u1 - t1)) -gt 0

out=$(lnetmrctl -n "$NS_A" peer add 10.1.0.2@tcp nid 10.1.0.1@tcp 2>&1)
check_match "a local NID is refused" "one of this node's own.*attribute nid" "$out"
out=$(lnetmrctl -n "$NS_A" peer add 10.1.0.2@tcp nid 10.1.1.9@tcp nid 10.1.1.9@tcp 2>&1)
check_match "a NID given twice is refused" "given twice.*attribute nid" "$out"
out=$(lnetmrctl -n "$NS_A" peer add 10.1.0.2@tcp nid 10.1.1.9@o2ib 2>&1)
check_match "a NID on a network without NI is refused" "no NI on the NID's network" "$out"
lnetmrctl -n "$NS_A" peer add 10.1.0.7@tcp nid 10.1.1.7@tcp
out=$(lnetmrctl -n "$NS_A" peer add 10.1.0.2@tcp nid 10.1.1.7@tcp 2>&1)
check_match "a NID of another peer is refused" "belongs to another peer.*attribute nid" "$out"
check_eq "and the refused request changed nothing" 2 \
	"$(lnetmrctl -j -n "$NS_A" peer show 10.1.0.2@tcp | jq '.[0].nids | length')"
out=$(lnetmrctl -n "$NS_A" peer add 10.1.0.2 nid 10.1.1.2@tcp 2>&1)
check_match "a bad NID is refused by the CLI" "is not a NID" "$out"

# a peer of 16 NIDs, each with its counters, is more than one netlink
# message holds: the dump splits it and the CLI joins it again
big=()
for i in $(seq 15); do big+=(nid "10.1.2.$i@tcp"); done
check "a peer of 16 NIDs is added" lnetmrctl -n "$NS_A" peer add 10.1.0.50@tcp "${big[@]}"
out=$(lnetmrctl -j -n "$NS_A" peer show)
check_eq "the dump shows it once, with its 16 NIDs" 16 \
	"$(jq '[.[] | select(.primary == "10.1.0.50@tcp")] | .[0].nids | length' <<< "$out")"
check_eq "every peer once" "$(jq '[.[].primary] | unique | length' <<< "$out")" \
	"$(jq length <<< "$out")"
check_eq "the dump keeps the other peers" 1 \
	"$(jq '[.[] | select(.primary == "10.1.0.7@tcp")] | length' <<< "$out")"
check_eq "peer show of its last NID finds it whole" "10.1.0.50@tcp 16" \
	"$(lnetmrctl -j -n "$NS_A" peer show 10.1.2.15@tcp | jq -r '.[0] | "\(.primary) \(.nids | length)"')"
parts=$(NLRAW_NS=$NS_A nlraw -d "$(enum_val LNETMR_CMD_PEER_GET)" | grep -c "^attr $(enum_val LNETMR_A_PEER_PRIMARY_NID) ")
check "the kernel sent it in several messages ($parts primary-nid attributes)" \
	test "$parts" -gt "$(jq length <<< "$out")"
lnetmrctl -n "$NS_A" peer del 10.1.0.50@tcp
check "peer del" lnetmrctl -n "$NS_A" peer del 10.1.0.2@tcp
check_eq "the peer is gone" 0 "$(lnetmrctl -j -n "$NS_A" peer show 10.1.0.2@tcp | jq length)"
out=$(lnetmrctl -n "$NS_A" peer del 10.1.0.99@tcp 2>&1)
check_match "deleting an unknown peer says so" "no peer has this NID" "$out"
out=$(bench_json "$NS_A" 10.1.0.2@tcp op put size 64k count 20 concurrency 4)
check_eq "traffic to the forgotten peer still works" "20 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

ktap_end

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Three lnetmr nodes on one switch (a bridge in a fourth namespace): every
# node pings every other, transfers run between all pairs at once, NIs of
# one node stay invisible to the others, and deleting a namespace with
# traffic in flight tears it down cleanly while the others carry on.
source "$(dirname "$0")/lib.sh"
lnet_test_begin

SW=$(ns_create sw)
ip -n "$SW" link add br0 type bridge
ip -n "$SW" link set br0 up
declare -A NS NID
for i in 1 2 3; do
	NS[$i]=$(ns_create n$i)
	ip link add eth0 netns "${NS[$i]}" type veth peer name p$i netns "$SW"
	ip -n "$SW" link set p$i master br0 up
	ip -n "${NS[$i]}" addr add 10.2.0.$i/24 dev eth0
	ip -n "${NS[$i]}" link set eth0 up
	lnet_node "${NS[$i]}" eth0
	NID[$i]=10.2.0.$i@tcp
done

for i in 1 2 3; do
	for j in 1 2 3; do
		[ $i = $j ] && continue
		out=$(lnetmrctl -j -n "${NS[$i]}" ping "${NID[$j]}")
		check_eq "node $i pings node $j" "${NID[$j]}" "$(jq -r '.nids[0].nid' <<< "$out" 2>/dev/null)"
	done
done

ns_other=$(ns_create other)
check_eq "an NI is invisible from another namespace" 0 \
	"$(lnetmrctl -j -n "$ns_other" ni show | jq length)"
check_eq "its peers too" 0 "$(lnetmrctl -j -n "$ns_other" peer show | jq length)"

# all pairs at once
tmp=$(mktemp -d)
n=0
for i in 1 2 3; do
	for j in 1 2 3; do
		[ $i = $j ] && continue
		n=$((n + 1))
		op="put"
		[ $((n % 2)) = 0 ] && op="get"
		bench_json "${NS[$i]}" "${NID[$j]}" op $op size 262144 count 40 concurrency 4 \
			> "$tmp/$n" &
	done
done
wait
check_eq "6 pairs x 40 transfers at once: all done" 240 "$(cat "$tmp"/* | jq -s '[.[].msgs] | add')"
check_eq "6 pairs at once: no error, no mismatch" 0 \
	"$(cat "$tmp"/* | jq -s '[.[] | .errors + .mismatches] | add')"

# node 3 vanishes with traffic in flight; nodes 1 and 2 carry on
lnetmrctl -j -n "${NS[1]}" bench "${NID[3]}" op put size 1048576 time 3 concurrency 8 \
	> "$tmp/dying" 2>&1 &
b1=$!
lnetmrctl -j -n "${NS[2]}" bench "${NID[1]}" op get size 65536 time 3 concurrency 8 \
	> "$tmp/alive" 2>&1 &
b2=$!
sleep 1
ip netns del "${NS[3]}"
wait $b1
wait $b2
rc2=$?
out=$(tail -n 1 "$tmp/alive")
check_eq "traffic between the survivors was not disturbed" "0 0 0" \
	"$(jq -r '"\(.errors) \(.mismatches) \(if .msgs > 0 then 0 else 1 end)"' <<< "$out")"
check_eq "the survivors' bench exits 0" 0 "$rc2"
out=$(tail -n 1 "$tmp/dying")
check "the bench to the vanished node ended (and did its accounting)" \
	jq -e '.msgs + .errors > 0' <<< "$out"
check "the survivors still ping each other" lnetmrctl -n "${NS[1]}" ping "${NID[2]}"
rm -rf "$tmp"

ktap_end

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RDMA rails: lnetmr nodes (network namespaces) joined by veth pairs that
# carry a Soft-RoCE device each, with NI o2ib0.  The RDMA transport loads
# on demand; ping both ways; PUT and GET of many sizes with every byte
# checked; the bulk goes by RDMA WRITE, not by copy; 1000 mixed transfers
# 16 at a time; credits exhausted and refilled; three nodes on one
# segment; bad rails refused with their reason; a device removed under
# traffic takes its rail cleanly; 16 rails on one NI, striped over all,
# and a 17th refused; a namespace deleted under traffic goes
# away; the transport cannot be unloaded while in use, everything unloads
# once the NIs are gone.  Needs rdma_rxe per namespace (skipped before).
source "$(dirname "$0")/lib.sh"
lnet_test_begin rdma rping
require_rxe_netns

rdma_counter() {	# NS NAME: a counter of NS's first rail
	lnetmrctl -j -n "$1" rail show -s | jq -r --arg k "$2" '.[0].stats[$k]'
}

setup "two nodes over o2ib0" rdma_nodes "" 1
check_match "the first o2ib NI loaded the RDMA transport" "^lnetmr_o2ib " "$(cat /proc/modules)"
check_eq "lnetmr itself does not need ib_core" "" \
	"$(modinfo -F depends lnetmr | tr ',' '\n' | grep -E '^(ib_core|rdma_cm)$')"
out=$(lnetmrctl -j -n "$NS_A" ni show)
check_eq "ni show lists o2ib0" o2ib "$(jq -r '.[0].net' <<< "$out")"
check_eq "its rail's NID is the interface's address" "$NID_A" "$(jq -r '.[0].rails[0].nid' <<< "$out")"
check_eq "the rail is up" up "$(jq -r '.[0].rails[0].state' <<< "$out")"

# port 1023 of A's address taken (an rping server): A connects from 1022
ip netns exec "$NS_A" rping -s -a 10.2.0.1 -p 1023 > /dev/null 2>&1 &
rping_pid=$!
sleep 0.5
out=$(lnetmrctl -j -n "$NS_A" ping "$NID_B")
kill "$rping_pid" 2>/dev/null
wait "$rping_pid" 2>/dev/null
check_eq "A pings B over RDMA (its port 1023 taken): B's NID" "$NID_B" \
	"$(jq -r '.nids[0].nid' <<< "$out")"
check_eq "A pings B: status up, pid 12345" "up 12345" "$(jq -r '"\(.nids[0].status) \(.pid)"' <<< "$out")"
out=$(lnetmrctl -j -n "$NS_B" ping "$NID_A")
check_eq "B pings A" "$NID_A" "$(jq -r '.nids[0].nid' <<< "$out")"
out=$(lnetmrctl -j -n "$NS_A" peer show "$NID_B")
check_match "discovery learned B as an lnetmr peer (striping feature)" "true" \
	"$(jq -r '.[0].features | tonumber | . / 65536 | floor % 2 == 1' <<< "$out" 2>/dev/null)"

# PUT and GET, sizes from empty to LNET_MTU, every byte checked
check_sizes_intact "$NS_A" "$NID_B" "over RDMA"
out=$(bench_json "$NS_A" "$NID_B" op get size 64M count 2 concurrency 1)
check_eq "GET of 64 MiB x2 over RDMA: intact" "2 0 0 $((2 * 64 * 1048576))" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches) \(.bytes)"' <<< "$out")"
out=$(bench_json "$NS_B" "$NID_A" op put size 65536 count 50 concurrency 8)
check_eq "B to A: 50 PUTs of 64 KiB intact" "50 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

# the bulk goes by RDMA WRITE into registered memory, not by copy
txr0=$(rdma_counter "$NS_A" tx-rdma-bytes) txc0=$(rdma_counter "$NS_A" tx-copy-bytes)
rxr0=$(rdma_counter "$NS_B" rx-rdma-bytes) sinks0=$(rdma_counter "$NS_B" rdma-sinks)
out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 40 concurrency 8)
check_eq "40 PUTs of 1 MiB intact" "40 0 0" "$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
txr=$(($(rdma_counter "$NS_A" tx-rdma-bytes) - txr0))
txc=$(($(rdma_counter "$NS_A" tx-copy-bytes) - txc0))
rxr=$(($(rdma_counter "$NS_B" rx-rdma-bytes) - rxr0))
sinks=$(($(rdma_counter "$NS_B" rdma-sinks) - sinks0))
check_eq "A wrote the 40 MiB by RDMA WRITE" $((40 * 1048576)) "$txr"
check_eq "B's sinks took the 40 MiB" $((40 * 1048576)) "$rxr"
check "and A copied none of it ($txc bytes copied)" test "$txc" -lt 4096
check_eq "B registered one sink per PUT" 40 "$sinks"
rxr0=$(rdma_counter "$NS_A" rx-rdma-bytes) txr0=$(rdma_counter "$NS_B" tx-rdma-bytes)
out=$(bench_json "$NS_A" "$NID_B" op get size 1M count 20 concurrency 4)
check_eq "20 GETs of 1 MiB intact" "20 0 0" "$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check_eq "B wrote the GETs' 20 MiB into A's sinks" $((20 * 1048576)) \
	$(($(rdma_counter "$NS_B" tx-rdma-bytes) - txr0))
check_eq "A's sinks took them" $((20 * 1048576)) $(($(rdma_counter "$NS_A" rx-rdma-bytes) - rxr0))
rxc0=$(rdma_counter "$NS_B" rx-copy-bytes)
out=$(bench_json "$NS_A" "$NID_B" op put size 1000 count 10 concurrency 1)
check_eq "small PUTs go in the message itself (copied, 10 x 1000 bytes)" 10000 \
	$(($(rdma_counter "$NS_B" rx-copy-bytes) - rxc0))

check_api_example "$NS_A" "$NID_B" RDMA

# 1000 mixed transfers, 16 in flight
tmp=$(mktemp -d)
bench_json "$NS_A" "$NID_B" op put size 4095 count 250 concurrency 4 > "$tmp/1" &
bench_json "$NS_A" "$NID_B" op get size 65536 count 250 concurrency 4 > "$tmp/2" &
bench_json "$NS_A" "$NID_B" op put size 1048576 count 250 concurrency 4 > "$tmp/3" &
bench_json "$NS_A" "$NID_B" op get size 1 count 250 concurrency 4 > "$tmp/4" &
wait
check_eq "1000 mixed transfers over RDMA, 16 in flight: all done" 1000 \
	"$(cat "$tmp"/[1-4] | jq -s '[.[].msgs] | add')"
check_eq "1000 mixed transfers: no error, no mismatch" 0 \
	"$(cat "$tmp"/[1-4] | jq -s '[.[] | .errors + .mismatches] | add')"
rm -rf "$tmp"

# credits: 16 in flight to one peer NID with 8 credits
out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 100 concurrency 16)
check_eq "100 PUTs of 1 MiB, 16 at a time: all intact" "100 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
out=$(lnetmrctl -j -n "$NS_A" peer show "$NID_B")
check "peer credits were exhausted" test "$(jq -r '.[0].nids[0]."min-credits"' <<< "$out")" -lt 0
check_eq "peer credits are all back" 8 "$(jq -r '.[0].nids[0].credits' <<< "$out")"
check_eq "no send error, no protocol error on A's rail" "0 0" \
	"$(rdma_counter "$NS_A" tx-errors) $(rdma_counter "$NS_A" proto-errors)"
check_eq "nor on B's" "0 0" "$(rdma_counter "$NS_B" tx-errors) $(rdma_counter "$NS_B" proto-errors)"

# three nodes on one segment (a bridge), all pairs at once
NS_BR=$(ns_create br)
ip -n "$NS_BR" link add br0 type bridge && ip -n "$NS_BR" link set br0 up
three=()
for i in 1 2 3; do
	ns=$(ns_create "n$i")
	three+=("$ns")
	ip link add ib0 netns "$ns" type veth peer name "p$i" netns "$NS_BR"
	ip -n "$NS_BR" link set "p$i" master br0 up
	ip -n "$ns" addr add "10.3.0.$i/24" dev ib0
	ip -n "$ns" link set ib0 up
	rxe_add "$ns" ib0
	lnetmrctl -n "$ns" ni add o2ib0 && lnetmrctl -n "$ns" rail add o2ib0 dev ib0
done
tmp=$(mktemp -d)
for i in 1 2 3; do
	for j in 1 2 3; do
		[ $i = $j ] && continue
		bench_json "${three[$((i - 1))]}" "10.3.0.$j@o2ib" op put size 262144 count 20 \
			concurrency 2 > "$tmp/$i$j" &
	done
done
wait
check_eq "three nodes, all six pairs at once: 120 PUTs" 120 \
	"$(cat "$tmp"/* | jq -s '[.[].msgs] | add')"
check_eq "with no error or mismatch" 0 "$(cat "$tmp"/* | jq -s '[.[] | .errors + .mismatches] | add')"
for ns in "${three[@]}"; do	# what went wrong, if anything did
	echo "# $ns: $(lnetmrctl -j -n "$ns" rail show -s | jq -c '.[0].stats | with_entries(select(.key | test("fail|error|resend|conn|timeout|restart")))')"
done
rm -rf "$tmp"

# rails that cannot be
ip -n "$NS_A" link add dummy0 type dummy
ip -n "$NS_A" addr add 10.9.0.1/24 dev dummy0
ip -n "$NS_A" link set dummy0 up
out=$(lnetmrctl -n "$NS_A" rail add o2ib0 dev dummy0 2>&1)
check_match "a rail on an interface without an RDMA device is refused, saying so" \
	"no RDMA device.*attribute ifname" "$out"
rdma_link "$NS_A" "$NS_B" 5
ip -n "$NS_A" link set ib5 down
out=$(lnetmrctl -n "$NS_A" rail add o2ib0 dev ib5 2>&1)
check_match "a rail whose RDMA port is down is refused, saying so" "not active.*attribute ifname" "$out"
check_eq "neither was added" 1 "$(lnetmrctl -j -n "$NS_A" rail show | jq length)"
out=$(lnetmrctl -n "$NS_A" ni add kfi0 2>&1)
check_match "an NI type lnetmr has no transport for names those it has" "lnetmr has: tcp, o2ib" "$out"
out=$(modprobe -r lnetmr_o2ib 2>&1)
check_match "the RDMA transport in use refuses to unload" "in use" "$out"

# a device removed under traffic takes its rail, cleanly; with a second
# rail, what was in flight on it goes the other way
rdma_link "$NS_A" "$NS_B" 1
lnetmrctl -n "$NS_A" rail add o2ib0 dev ib1 && lnetmrctl -n "$NS_B" rail add o2ib0 dev ib1
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null	# A learns B's second NID
check_eq "a second rail: A knows B's 2 NIDs" 2 \
	"$(lnetmrctl -j -n "$NS_A" peer show "$NID_B" | jq '.[0].nids | length')"
ib1_0=$(rail_stat "$NS_A" ib1 tx-rdma-bytes)
bench_bg "$NS_A" "$NID_B" op put size 1M time 6 concurrency 8
sleep 2
ip netns exec "$NS_A" rdma link delete "$(rxe_name "$NS_A" ib0)"
bench_wait out
check_eq "rdma link delete under traffic removed the rail, ib1 is left" ib1 \
	"$(lnetmrctl -j -n "$NS_A" rail show | jq -r '[.[].dev] | join(" ")')"
check_eq "the bench lost nothing: no error, no wrong byte" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
check "ib1 carried the rest ($(($(rail_stat "$NS_A" ib1 tx-rdma-bytes) - ib1_0)) bytes by RDMA)" \
	test $(($(rail_stat "$NS_A" ib1 tx-rdma-bytes) - ib1_0)) -gt $((8 << 20))
check_eq "the NI stays" o2ib "$(lnetmrctl -j -n "$NS_A" ni show | jq -r '.[0].net')"
rxe_add "$NS_A" ib0
check "the device comes back and the rail with it" lnetmrctl -n "$NS_A" rail add o2ib0 dev ib0
ib0_0=$(rail_stat "$NS_A" ib0 tx-rdma-bytes)
out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 20 concurrency 4)
check_eq "and it carries again" "20 0 0" "$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check "ib0 took its share ($(($(rail_stat "$NS_A" ib0 tx-rdma-bytes) - ib0_0)) bytes)" \
	test $(($(rail_stat "$NS_A" ib0 tx-rdma-bytes) - ib0_0)) -gt $((4 << 20))

# a namespace deleted under traffic goes away, its NI and connections with it
users() { awk '$1 == "lnetmr_o2ib" { print $3 }' /proc/modules; }
before=$(users)
# (the bench runs in another node: a process inside would keep it alive;
# what it sent to the vanished node fails after the transaction timeout)
lnetmrctl -n "${three[1]}" set timeout 2000 transaction-timeout 10000
bench_bg "${three[1]}" 10.3.0.1@o2ib op put size 1M time 8 concurrency 8
sleep 2
ip netns del "${three[0]}"
for _ in $(seq 100); do
	[ "$(users)" = $((before - 1)) ] && break
	sleep 0.1
done
check_eq "the deleted namespace's NI is gone (one reference less on the transport)" \
	$((before - 1)) "$(users)"
bench_wait out
check "the bench to it ended (and did its accounting)" jq -e '.msgs + .errors > 0' <<< "$out"
out=$(bench_json "${three[1]}" 10.3.0.3@o2ib op put size 1M count 10 concurrency 4)
check_eq "the other nodes go on" "10 0 0" "$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

# an NI of 16 RDMA rails, the most one holds: all come up, a striped
# 64 MiB PUT and GET spread over them, a 17th rail is refused, saying why
first_a=$NS_A first_b=$NS_B first_nid_b=$NID_B
setup "two nodes over 16 RDMA rails" rdma_nodes 16 16
wide_a=$NS_A wide_b=$NS_B
NS_A=$first_a NS_B=$first_b NID_B=$first_nid_b
lnetmrctl -n "$wide_b" set bench-sink-max 64M	# B's bench sinks take 64 MiB PUTs
check_eq "16 rails, each up" "16 16" \
	"$(lnetmrctl -j -n "$wide_a" rail show | jq -r '"\(length) \([.[] | select(.state == "up")] | length)"')"
lnetmrctl -n "$wide_a" ping 10.2.0.2@o2ib > /dev/null
check_eq "one ping taught A all 16 of B's NIDs" 16 \
	"$(lnetmrctl -j -n "$wide_a" peer show 10.2.0.2@o2ib | jq '.[0].nids | length')"
# wide_xfer OP NS DESC: a 64 MiB OP from A to B, intact; the rails of NS
# (the side that writes the data) grew their RDMA WRITE bytes, at least 12
# of the 16 (A picks each stripe's rail by health, credits and turn: in
# two runs a PUT's 64 stripes took all 16 rails 4 times each, a GET's all
# 16 once and 15 once, its stripes going around a rail still busy)
wide_xfer() {
	local before d out
	before=$(rail_counters "$2" tx-rdma-bytes)
	out=$(bench_json "$wide_a" 10.2.0.2@o2ib op "$1" size 64M count 1 concurrency 1)
	check_eq "a 64 MiB $1 over 16 rails: intact" "1 0 0" \
		"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
	d=$(delta "$before" "$(rail_counters "$2" tx-rdma-bytes)")
	check "$3 (bytes per rail: $d)" \
		test "$(awk '{ for (i = 1; i <= NF; i++) n += $i > 0; print n + 0 }' <<< "$d")" -ge 12
}
wide_xfer put "$wide_a" "its stripes went by RDMA WRITE on (at least 12 of) the 16 rails"
wide_xfer get "$wide_b" "B answered its stripes by RDMA WRITE on (at least 12 of) the 16 rails"
rdma_link "$wide_a" "$wide_b" 16
out=$(lnetmrctl -n "$wide_a" rail add o2ib0 dev ib16 2>&1)
check_match "a 17th RDMA rail is refused, saying why" "at most 16 rails" "$out"
check_eq "the NI still has 16" 16 "$(lnetmrctl -j -n "$wide_a" rail show | jq length)"
check "and deleting it takes all 16 rails down cleanly" lnetmrctl -n "$wide_a" ni del o2ib0
lnetmrctl -n "$wide_b" ni del o2ib0

# everything unloads once the NIs are gone, under traffic
bench_bg "$NS_A" "$NID_B" op put size 1M time 20 concurrency 8
sleep 1
for ns in "$NS_A" "$NS_B" "${three[1]}" "${three[2]}"; do
	lnetmrctl -n "$ns" ni del o2ib0
done
unloaded=1
for _ in $(seq 50); do
	unload_lnetmr && { unloaded=0; break; }
	sleep 0.1
done
check_eq "with the NIs deleted under traffic, every module unloads" 0 "$unloaded"
bench_wait out
check "and loads again" modprobe lnetmr

ktap_end

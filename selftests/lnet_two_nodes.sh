#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two lnetmr nodes (network namespaces) joined by a veth pair: NIs and
# rails, ping both ways, PUT and GET of many sizes with every byte checked,
# 1000 mixed transfers 16 at a time, credits exhausted and refilled without
# loss, per-rail and per-peer counters that add up.
source "$(dirname "$0")/lib.sh"
lnet_test_begin

setup "two nodes set up" two_nodes

out=$(lnetmrctl -j -n "$NS_A" ni show)
check_eq "ni show lists tcp0" tcp "$(jq -r '.[0].net' <<< "$out")"
check_eq "ni show lists the rail's NID" "$NID_A" "$(jq -r '.[0].rails[0].nid' <<< "$out")"
check_eq "the rail is up" up "$(jq -r '.[0].rails[0].state' <<< "$out")"

# ping both ways
out=$(lnetmrctl -j -n "$NS_A" ping "$NID_B")
check_eq "A pings B: B's NID" "$NID_B" "$(jq -r '.nids[0].nid' <<< "$out")"
check_eq "A pings B: status up" up "$(jq -r '.nids[0].status' <<< "$out")"
check_eq "A pings B: pid 12345" 12345 "$(jq -r '.pid' <<< "$out")"
check "A pings B: a round trip is measured" test "$(jq -r '."rtt-us"' <<< "$out")" -gt 0
out=$(lnetmrctl -j -n "$NS_B" ping "$NID_A")
check_eq "B pings A: A's NID" "$NID_A" "$(jq -r '.nids[0].nid' <<< "$out")"
out=$(lnetmrctl -n "$NS_A" ping 10.1.0.9@tcp timeout 1000 2>&1)
check_match "ping of a missing node fails with a message" "^Error: " "$out"
out=$(lnetmrctl -n "$NS_A" ping 10.1.0.2@o2ib 2>&1)
check_match "ping on a network without NI is refused" "no NI on the NID's network" "$out"

# PUT and GET, sizes from empty to LNET_MTU, every byte checked
check_sizes_intact "$NS_A" "$NID_B"

# the other direction too
out=$(bench_json "$NS_B" "$NID_A" op put size 65536 count 50 concurrency 8)
check_eq "B to A: 50 PUTs intact" "50 0 0" "$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check "the JSON summary carries its rate and time as numbers" \
	jq -e '(."MB/s" | type) == "number" and (."elapsed-s" | type) == "number"' <<< "$out"
check_api_example "$NS_A" "$NID_B" TCP

# the three kinds of MD memory: whole pages go without copying (TCP holds
# them until the peer's zero-copy ACK), slab memory (which the network
# stack may not hold) is copied; both arrive intact
api_example_put() {	# MEMORY: a 1 MiB PUT and GET, from MEMORY
	local out
	out=$(ip netns exec "$NS_A" modprobe lnetmr_api_example target="$NID_B" \
		size=1048576 memory="$1" 2>&1)
	rmmod lnetmr_api_example 2>/dev/null
	echo "$([ -z "$out" ] && echo loaded || echo "$out"), $(dmesg | grep -F \
		"lnetmr_api_example: PUT and GET of 1048576 bytes to $NID_B:" | tail -n 1 |
		sed 's/.*: //')"
}
zc_is() {	# N: A's rail counts N zero-copy sends within 2 s
	for _ in $(seq 20); do
		[ "$(rail_stat "$NS_A" eth0 tx-zerocopy)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
for mem in pages slab; do
	zc0=$(rail_stat "$NS_A" eth0 tx-zerocopy)
	cp0=$(rail_stat "$NS_A" eth0 tx-copy-bytes)
	check_eq "the kernel-API example: 1 MiB PUT from $mem memory, GET back" \
		"loaded, intact" "$(api_example_put $mem)"
	if [ $mem = pages ]; then
		check "the PUT from pages went without copying (tx-zerocopy +1)" \
			zc_is $((zc0 + 1))
		check_eq "and copied none of its bytes" 0 \
			$(($(rail_stat "$NS_A" eth0 tx-copy-bytes) - cp0))
	else
		sleep 0.5
		check_eq "the PUT from slab memory was not sent as zero-copy" "$zc0" \
			"$(rail_stat "$NS_A" eth0 tx-zerocopy)"
		check_eq "its 1 MiB was copied (tx-copy-bytes)" 1048576 \
			$(($(rail_stat "$NS_A" eth0 tx-copy-bytes) - cp0))
	fi
done

# 1000 mixed transfers, 16 in flight
peer_stat_b() {	# NAME: a counter of A's peer NID B
	lnetmrctl -j -n "$NS_A" peer show "$NID_B" |
		jq -r --arg k "$1" '.[0].nids[0].stats[$k]'
}
err0=$(peer_stat_b tx-errors)
tx0=$(rail_stat "$NS_A" eth0 tx-bytes)
rx0=$(rail_stat "$NS_B" eth0 rx-bytes)
tmp=$(mktemp -d)
bench_json "$NS_A" "$NID_B" op put size 4095 count 250 concurrency 4 > "$tmp/1" &
bench_json "$NS_A" "$NID_B" op get size 65536 count 250 concurrency 4 > "$tmp/2" &
bench_json "$NS_A" "$NID_B" op put size 1048576 count 250 concurrency 4 > "$tmp/3" &
bench_json "$NS_A" "$NID_B" op get size 1 count 250 concurrency 4 > "$tmp/4" &
wait
total=$(cat "$tmp"/[1-4] | jq -s '[.[].msgs] | add')
bad=$(cat "$tmp"/[1-4] | jq -s '[.[] | .errors + .mismatches] | add')
check_eq "1000 mixed transfers, 16 in flight: all done" 1000 "$total"
check_eq "1000 mixed transfers: no error, no mismatch" 0 "$bad"
rm -rf "$tmp"
put_bytes=$((250 * 4095 + 250 * 1048576))
tx1=$(rail_stat "$NS_A" eth0 tx-bytes)
rx1=$(rail_stat "$NS_B" eth0 rx-bytes)
check_eq "A's rail counted the PUT payload it sent" "$put_bytes" $((tx1 - tx0))
zc=$(rail_stat "$NS_A" eth0 tx-zerocopy)
check "1 MiB PUTs went out without copying, acknowledged by the peer ($zc)" test "$zc" -ge 250
check_eq "B's rail counted the PUT payload it received" "$put_bytes" $((rx1 - rx0))

# credits: 16 MiB in flight to one peer NID with 8 credits: sends queue
# in the transport, credits run out, messages wait for them, all arrive
out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 200 concurrency 16)
check_eq "200 PUTs of 1 MiB, 16 at a time: all intact" "200 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
out=$(lnetmrctl -j -n "$NS_A" peer show "$NID_B")
min=$(jq -r '.[0].nids[0]."min-credits"' <<< "$out")
cur=$(jq -r '.[0].nids[0].credits' <<< "$out")
check "peer credits were exhausted (min-credits $min < 0)" test "$min" -lt 0
check_eq "peer credits are all back" 8 "$cur"
# (recovery pings of the NID pinged in vain above may hold one for a while)
rail_credits() { lnetmrctl -j -n "$NS_A" rail show | jq -r '.[0].credits'; }
for _ in $(seq 50); do [ "$(rail_credits)" = 256 ] && break; sleep 0.2; done
check_eq "rail credits are all back" 256 "$(rail_credits)"
check_eq "no send error to B during the transfers" "$err0" "$(peer_stat_b tx-errors)"

# rails, NIs and their errors
out=$(lnetmrctl -n "$NS_A" rail add tcp0 dev eth0 2>&1)
check_match "a rail cannot be added twice" "already is a rail.*attribute ifname" "$out"
out=$(lnetmrctl -n "$NS_A" rail add tcp0 dev nosuch0 2>&1)
check_match "unknown interface is named" "no such interface.*attribute ifname" "$out"
out=$(lnetmrctl -n "$NS_A" rail add tcp1 dev eth0 2>&1)
check_match "rail on a missing NI" "no such NI.*attribute net" "$out"
out=$(lnetmrctl -n "$NS_A" ni add tcp0 2>&1)
check_match "an NI cannot be added twice" "exists already" "$out"
out=$(lnetmrctl -n "$NS_A" ni add kfi0 2>&1)
check_match "NI of a type lnetmr has no transport for: the types it has are named" \
	"no transport for this network type \\(lnetmr has: tcp, o2ib\\).*attribute net" "$out"
out=$(lnetmrctl -n "$NS_A" ni add bogus 2>&1)
check_match "bad network name (CLI)" "not a network name" "$out"
ip -n "$NS_A" link add dummy0 type dummy
ip -n "$NS_A" link set dummy0 up
out=$(lnetmrctl -n "$NS_A" rail add tcp0 dev dummy0 2>&1)
check_match "interface without IPv4 address" "no IPv4 address" "$out"

# an interface that goes away takes its rail with it
ip -n "$NS_A" addr add 10.9.0.1/24 dev dummy0
check "rail on dummy0" lnetmrctl -n "$NS_A" rail add tcp0 dev dummy0
check_eq "two rails now" 2 "$(lnetmrctl -j -n "$NS_A" rail show | jq length)"
ip -n "$NS_A" link del dummy0
check_eq "deleting the interface removed its rail" 1 "$(lnetmrctl -j -n "$NS_A" rail show | jq length)"
check "rail del" lnetmrctl -n "$NS_B" rail del tcp0 dev eth0
check_eq "B has no rail" 0 "$(lnetmrctl -j -n "$NS_B" rail show | jq length)"
out=$(lnetmrctl -n "$NS_A" ping "$NID_B" timeout 1000 2>&1)
check_match "a node without rails does not answer" "^Error:" "$out"
check "ni del" lnetmrctl -n "$NS_B" ni del tcp0
check_eq "B has no NI" 0 "$(lnetmrctl -j -n "$NS_B" ni show | jq length)"

ktap_end

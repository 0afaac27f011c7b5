#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad bytes on port 988 and bad netlink requests: the node hangs up on
# (or refuses) a bad client and counts it, nothing crashes, and the traffic
# of good peers continues undisturbed; a peer that floods striped transfers
# it never finishes holds its share, not the node's.
source "$(dirname "$0")/lib.sh"
lnet_test_begin python3

RAW=$LIB_DIR/rawpeer.py
setup "two nodes set up" two_nodes
NS_X=$(ns_create x)
ip link add eth1 netns "$NS_B" type veth peer name eth0 netns "$NS_X"
ip -n "$NS_B" addr add 10.3.0.2/24 dev eth1
ip -n "$NS_X" addr add 10.3.0.9/24 dev eth0
ip -n "$NS_B" link set eth1 up
ip -n "$NS_X" link set eth0 up

# good traffic A -> B all along
bench_bg "$NS_A" "$NID_B" op put size 65536 time 20 concurrency 4

attack() {
	ip netns exec "$NS_X" python3 "$RAW" attack "$1" 10.3.0.2 10.3.0.9@tcp "$NID_B" "${@:2}"
}

# protocol errors are counted on the rail once the request named one
proto_errors() {
	echo $(($(node_stat "$NS_B" proto-errors) + $(rail_stat "$NS_B" eth0 proto-errors)))
}
p0=$(proto_errors)
r0=$(node_stat "$NS_B" conns-refused)
for kind in garbage bad-magic truncated-hello hello-bad-version hello-many-ips; do
	check_eq "$kind: the node hangs up" closed "$(attack $kind)"
done
check_eq "a NID that is not ours: refused" closed "$(attack bad-target)"
r_addr0=$(rail_stat "$NS_B" eth0 conns-refused)
out=$(ip netns exec "$NS_X" python3 "$RAW" attack hello-not-our-address 10.3.0.2 \
	10.3.0.77@tcp "$NID_B")
check_eq "a hello claiming another address's NID: the node hangs up" closed "$out"
check_eq "and counts it refused on the rail" $((r_addr0 + 1)) \
	"$(rail_stat "$NS_B" eth0 conns-refused)"
check_eq "and created no peer for that NID" 0 \
	"$(lnetmrctl -j -n "$NS_B" peer show 10.3.0.77@tcp | jq length)"
p1=$(proto_errors)
r1=$(node_stat "$NS_B" conns-refused)
check "protocol errors counted ($p0 -> $p1)" test $((p1 - p0)) -ge 4
check "refused connections counted ($r0 -> $r1)" test $((r1 - r0)) -ge 1

# well-formed handshake, bad messages: the connection is dropped
pe0=$(rail_stat "$NS_B" eth0 proto-errors)
for kind in oversize bad-type bad-sock-type forged-src outside-md; do
	check_eq "$kind: the node hangs up" closed "$(attack $kind)"
done
pe1=$(rail_stat "$NS_B" eth0 proto-errors)
check "message errors counted on the rail ($pe0 -> $pe1)" test $((pe1 - pe0)) -ge 5

# a PUT longer than the MD it matches is dropped, as stock LNet drops it:
# the connection goes on
d0=$(rail_stat "$NS_B" eth0 rx-drops)
check_eq "a PUT running past the end of its MD: dropped, and a ping after it answered" \
	served "$(attack too-long)"
check "the drop is counted ($d0 -> $(rail_stat "$NS_B" eth0 rx-drops))" \
	test "$(rail_stat "$NS_B" eth0 rx-drops)" -gt "$d0"
check_eq "and is no protocol error" "$pe1" "$(rail_stat "$NS_B" eth0 proto-errors)"

# an unprivileged source port is refused unless allowed
check_eq "unprivileged source port refused" closed "$(attack oversize --port 40000)"
lnetmrctl -n "$NS_B" set accept-any-port on
out=$(ip netns exec "$NS_X" python3 "$RAW" ping 10.3.0.2 10.3.0.9@tcp "$NID_B" 2>&1)
check_match "with accept-any-port on, a privileged client still works" "$NID_B up" "$out"
lnetmrctl -n "$NS_B" set accept-any-port off

bench_wait out
check_eq "good traffic went on: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
check "good traffic went on: transfers done" jq -e '.msgs > 0' <<< "$out"

# a peer that starts striped transfers and finishes none holds its share of
# the table of transfers in progress (256), not the node's (16384): the
# rest is dropped and counted, and another peer's striped GETs go on
drops() { rail_counters "$NS_B" rx-drops | sum; }
n=$((16384 + 256)) d0=$(drops)
got=$(ip netns exec "$NS_X" python3 "$RAW" stripe-flood 10.3.0.2 10.3.0.9@tcp "$NID_B" $n)
check_eq "$n striped GETs started by one peer, none finished: the node took its share" \
	256 "$got"
check "the rest dropped and counted (rx-drops +$(($(drops) - d0)))" \
	test $(($(drops) - d0)) -ge $((n - 256))
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
lnetmrctl -n "$NS_A" set timeout 2000 transaction-timeout 8000
s0=$(rail_stat "$NS_B" eth0 rx-stripes)
out=$(bench_json "$NS_A" "$NID_B" op get size 4M count 6 concurrency 2)
check_eq "meanwhile another peer's striped GETs of 4 MiB: intact" "6 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check "and striped, 4 stripes each (B answered $(($(rail_stat "$NS_B" eth0 rx-stripes) - s0)) stripes)" \
	test $(($(rail_stat "$NS_B" eth0 rx-stripes) - s0)) -ge 24

# netlink: missing, wrong-typed and out-of-range attributes
export NLRAW_NS=$NS_A
NI_ADD=$(enum_val LNETMR_CMD_NI_ADD)
RAIL_ADD=$(enum_val LNETMR_CMD_RAIL_ADD)
PING=$(enum_val LNETMR_CMD_PING)
BSTART=$(enum_val LNETMR_CMD_BENCH_START)
BGET=$(enum_val LNETMR_CMD_BENCH_GET)
A_NI_NET=$(enum_val LNETMR_A_NI_NET)
A_RAIL_NET=$(enum_val LNETMR_A_RAIL_NET)
A_RAIL_IF=$(enum_val LNETMR_A_RAIL_IFNAME)
A_PING_NID=$(enum_val LNETMR_A_PING_NID)
A_PING_TMO=$(enum_val LNETMR_A_PING_TIMEOUT)
A_B_TARGET=$(enum_val LNETMR_A_BENCH_TARGET)
A_B_CONC=$(enum_val LNETMR_A_BENCH_CONCURRENCY)
A_B_SIZE=$(enum_val LNETMR_A_BENCH_SIZE)
A_B_ID=$(enum_val LNETMR_A_BENCH_ID)
nidB=$(printf '%d' 0x000200000a010002)

expect_missing "ni-add without net" "$A_NI_NET" "$NI_ADD"
expect_err "ni-add with a bad network name" 22 "$A_NI_NET" "$NI_ADD" "$A_NI_NET:str:tcpX"
expect_err "ni-add with net as u32" 22 "$A_NI_NET" "$NI_ADD" "$A_NI_NET:u32:5"
expect_err "ni-add with an overlong name" 22 "$A_NI_NET" "$NI_ADD" "$A_NI_NET:str:tcp00000000000000000"
expect_missing "rail-add without ifname" "$A_RAIL_IF" "$RAIL_ADD" "$A_RAIL_NET:str:tcp0"
expect_err "rail-add of a missing interface" 19 "$A_RAIL_IF" "$RAIL_ADD" \
	"$A_RAIL_NET:str:tcp0" "$A_RAIL_IF:str:nosuch"
expect_missing "ping without nid" "$A_PING_NID" "$PING"
expect_err "ping with nid as u32" 22 "$A_PING_NID" "$PING" "$A_PING_NID:u32:1"
expect_err "ping with timeout 0" 34 "$A_PING_TMO" "$PING" "$A_PING_NID:u64:$nidB" "$A_PING_TMO:u32:0"
expect_missing "bench-start without target" "$A_B_TARGET" "$BSTART"
expect_err "bench-start with concurrency 65" 34 "$A_B_CONC" "$BSTART" \
	"$A_B_TARGET:u64:$nidB" "$A_B_CONC:u32:65"
expect_err "bench-start with size over 64 MiB" 34 "$A_B_SIZE" "$BSTART" \
	"$A_B_TARGET:u64:$nidB" "$A_B_SIZE:u32:67108865"
expect_err "bench-start to a network without NI" 101 "$A_B_TARGET" "$BSTART" \
	"$A_B_TARGET:u64:$(printf '%d' 0x000500000a010002)"
expect_err "bench-get of an unknown id" 2 "$A_B_ID" "$BGET" "$A_B_ID:u32:999999"
out=$(lnetmrctl -n "$NS_A" bench "$NID_B" concurrency 100 2>&1)
check_match "CLI refuses a bad concurrency" "concurrency takes 1 to 64" "$out"
out=$(lnetmrctl -n "$NS_A" bench 10.1.0 2>&1)
check_match "CLI refuses a bad NID" "is not a NID" "$out"

ktap_end

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Wire compatibility with stock Lustre ko2iblnd, over Soft-RoCE: o2ibpeer
# (a scripted stock peer sending the bytes captured between two stock
# 2.16.1 nodes, tests/vectors/, and checking every field lnetmr sends with
# offsets of its own) connects to an lnetmr node and is connected to by it.
# Both ways: the queue-depth reject and the retry, ping, PUT and GET by
# RDMA with the data checked, NOOPs and credits; private data that lies is
# rejected with the reason o2iblnd uses; a peer that vanishes in the middle
# of an RDMA, or writes with a wrong key, costs one message and no leak.
source "$(dirname "$0")/lib.sh"
lnet_test_begin rdma rping
require_rxe_netns

PEER=$LIB_DIR/o2ibpeer
VEC=$LIB_DIR/stock-lustre-2.16.1-o2iblnd.txt	# where kselftest installs it
[ -f "$VEC" ] || VEC=$LIB_DIR/../tests/vectors/stock-lustre-2.16.1-o2iblnd.txt
[ -x "$PEER" ] || { echo "# SKIP: $PEER not built (make -C selftests)"; exit $KSFT_SKIP; }
ME=10.10.0.1@o2ib STOCK=10.10.0.2@o2ib

setup "an lnetmr node and a stock o2iblnd peer on Soft-RoCE" eval '
	NS_A=$(ns_create a) && NS_S=$(ns_create stock) &&
	veth_link "$NS_A" ib0 10.10.0.1/24 "$NS_S" ib0 10.10.0.2/24 &&
	rxe_add "$NS_A" ib0 && rxe_add "$NS_S" ib0 &&
	lnetmrctl -n "$NS_A" ni add o2ib0 && lnetmrctl -n "$NS_A" rail add o2ib0 dev ib0'

# ---- the stock peer connects to us ---------------------------------------
out=$(ip netns exec "$NS_S" timeout 60 "$PEER" connect "$VEC" 10.10.0.1 "$STOCK" "$ME" 2>&1)
st=$?
line() { grep -m1 "^$1" <<< "$out"; }
check_eq "a CONNREQ asking queue depth 16 is rejected as o2iblnd does: why 7 (queue size), v2, depth 8, 257 frags, 4 KiB messages, our incarnation" \
	"reject why 7 version 0x12 queue-depth 8 frags 257 msg-size 4096 incarnation set" \
	"$(line reject)"
check_eq "the retry with depth 8 and our incarnation connects" "connected queue-depth 8" \
	"$(line connected)"
check_eq "a ping (IMMEDIATE GET, portal 0) gets our ping buffer: 2 NIs, NI status|multi-rail|discovery|striping, our NID up" \
	"ping reply nnis 2 features 0x1001a nid1 0x500000a0a0001 status1 0x15aac0de" \
	"$(line "ping reply")"
check_eq "a 4 KiB PUT by RDMA into our sink: PUT_ACK, PUT_DONE, ACK" "put 4096 ok: ack mlength 4096" \
	"$(line "put 4096" | sed 's/, key.*//')"
check_eq "a 1 MiB PUT by RDMA: acknowledged whole" "put 1048576 ok: ack mlength 1048576" \
	"$(line "put 1048576" | sed 's/, key.*//')"
keys=$(grep -o 'key 0x[0-9a-f]*' <<< "$out" | sort -u | wc -l)
check_eq "each PUT_ACK offered a fresh rkey" 2 "$keys"
check_eq "our sink checked the 4 KiB PUT's bytes: intact" \
	"sink saw session 7: msgs 1 bytes 4096 mismatches 0" "$(line "sink saw session 7")"
check_eq "and the 1 MiB PUT's" "sink saw session 8: msgs 1 bytes 1048576 mismatches 0" \
	"$(line "sink saw session 8")"
check_eq "a 4 KiB GET_REQ: we RDMA-write the pattern and send GET_DONE" \
	"get 4096: status 4096, data is the pattern" "$(line "get 4096")"
check_eq "a 1 MiB GET_REQ likewise" "get 1048576: status 1048576, data is the pattern" \
	"$(line "get 1048576")"
check_eq "a NOOP is taken and not answered" "noop ok" "$(line noop)"
got=$(sed -n 's/^credits returned \([0-9]*\) of 7/\1/p' <<< "$out")
check "the credits the peer spent came back (${got:-none} of 7; at least 4, the NOOP threshold)" \
	test "${got:-0}" -ge 4
check_eq "the peer found nothing malformed in what we sent" "" "$(grep '^bad' <<< "$out")"
check_eq "o2ibpeer connect exit status" 0 "$st"

# ---- we connect to the stock peer ----------------------------------------
ip netns exec "$NS_S" timeout 90 "$PEER" serve "$VEC" 10.10.0.2 "$STOCK" 40 \
	> /tmp/o2ibstock.$$ 2>&1 &
srv=$!
for _ in $(seq 50); do grep -q listening /tmp/o2ibstock.$$ && break; sleep 0.1; done
out=$(lnetmrctl -j -n "$NS_A" ping "$STOCK" timeout 10000 2>&1)
check_eq "we ping the stock peer: its NID, up" "$STOCK up" \
	"$(jq -r '.nids[0] | "\(.nid) \(.status)"' <<< "$out" 2>/dev/null)"
grep -q '"up"' <<< "$out" || echo "# the ping said: $out"
check_eq "its features as the capture has them (a JSON number)" $((0x1e)) "$(jq -r .features <<< "$out" 2>/dev/null)"
for op in put get; do
	for size in 1000 1048576; do
		out=$(bench_json "$NS_A" "$STOCK" op $op size $size count 10 concurrency 4)
		check_eq "$op of $size bytes x10 to the stock peer: all done, intact" \
			"10 0 0 $((10 * size))" \
			"$(jq -r '"\(.msgs) \(.errors) \(.mismatches) \(.bytes)"' <<< "$out" 2>/dev/null)"
	done
done
check "the bulk went by RDMA (tx-rdma-bytes > 20 MiB)" test \
	"$(lnetmrctl -j -n "$NS_A" rail show -s | jq '.[0].stats["tx-rdma-bytes"] + .[0].stats["rx-rdma-bytes"]')" \
	-ge $((20 << 20))
kill -INT $srv 2>/dev/null; wait $srv
sed 's/^/# o2ibpeer serve: /' /tmp/o2ibstock.$$
port=$(sed -n 's/^connreq ok from port \([0-9]*\)$/\1/p' /tmp/o2ibstock.$$ | head -n 1)
check "the stock peer got a well-formed CONNREQ from a privileged port (${port:-none})" \
	test "${port:-9999}" -lt 1024
check_eq "and found nothing malformed" "" "$(grep '^bad' /tmp/o2ibstock.$$)"
# the peer that connected before had another incarnation: to the serving
# one, our first CONNREQ names a stale instance, as for a restarted node
check_eq "a restarted peer rejects our first CONNREQ as stale; we connect again" \
	"connreq ok|rejected a stale connreq|connreq ok" \
	"$(grep -E '^(connreq ok|rejected a stale)' /tmp/o2ibstock.$$ | sed 's/ from port.*//' | paste -sd '|')"
check "and counted the peer's restart" test "$(rail_stat "$NS_A" ib0 peer-restarts)" -ge 1
rm -f /tmp/o2ibstock.$$

# ---- private data that lies -----------------------------------------------
# o2iblnd's reject reasons: 3 fatal, 6 RDMA frags, 7 queue size
for kind in empty short magic version nob dstnid srcnid msgsize port; do
	out=$(ip netns exec "$NS_S" timeout 20 "$PEER" badconnect "$VEC" 10.10.0.1 "$STOCK" "$ME" $kind 2>&1)
	case $kind in
	empty|port)	want="rejected" ;;
	*)		want="rejected why 3" ;;
	esac
	check_match "a CONNREQ with bad $kind is refused" "^$want" "$out"
done
out=$(ip netns exec "$NS_S" timeout 20 "$PEER" badconnect "$VEC" 10.10.0.1 "$STOCK" "$ME" queue 2>&1)
check_eq "a queue depth over ours is refused with why 7, to retry" "rejected why 7" "$out"
out=$(ip netns exec "$NS_S" timeout 20 "$PEER" badconnect "$VEC" 10.10.0.1 "$STOCK" "$ME" frags 2>&1)
check_eq "more fragments than ours: why 6, to retry" "rejected why 6" "$out"
check_eq "the node's rail is still up" "up 1000" \
	"$(lnetmrctl -j -n "$NS_A" rail show | jq -r '.[0] | "\(.state) \(.health)"')"

# ---- a peer that vanishes mid-RDMA, or writes with a wrong key -----------
# what lnetmr holds on the device: QPs and MRs, as rdma(8) lists them
qps() { ip netns exec "$NS_A" rdma -j res show qp link "$(rxe_name "$NS_A" ib0)/1" | jq length; }
mrs() { ip netns exec "$NS_A" rdma -j res show mr dev "$(rxe_name "$NS_A" ib0)" | jq length; }
qp0=$(qps) mr0=$(mrs) ab0=$(rail_stat "$NS_A" ib0 rx-aborts)
out=$(ip netns exec "$NS_S" timeout 20 "$PEER" vanish "$VEC" 10.10.0.1 "$STOCK" "$ME" exit 2>&1)
check_eq "a peer takes our PUT_ACK for 1 MiB and vanishes" "done" "$out"
out=$(ip netns exec "$NS_S" timeout 20 "$PEER" vanish "$VEC" 10.10.0.1 "$STOCK" "$ME" badkey 2>&1)
check_eq "a peer RDMA-writes 1 MiB with a key we did not give: our device refuses it" \
	"completion 1002: remote access error|done" "$(paste -sd '|' <<< "$out")"
for _ in $(seq 60); do [ "$(qps)" = "$qp0" ] && break; sleep 1; done
check_eq "both connections are torn down: the QPs are gone" "$qp0" "$(qps)"
check_eq "and the sinks' memory registrations with them" "$mr0" "$(mrs)"
check_eq "the two PUTs whose data never landed are counted (rx-aborts)" $((ab0 + 2)) \
	"$(rail_stat "$NS_A" ib0 rx-aborts)"
out=$(ip netns exec "$NS_S" timeout 60 "$PEER" connect "$VEC" 10.10.0.1 "$STOCK" "$ME" 2>&1)
check_match "the peer reconnects afterwards and all its checks pass" "^noop ok" \
	"$(grep -E '^(noop ok|bad)' <<< "$out" | sort | head -1)"
check_eq "with nothing malformed" "" "$(grep '^bad' <<< "$out")"

ktap_end

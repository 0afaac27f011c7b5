#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Wire compatibility with stock Lustre LNet, using the exchanges captured
# from a stock 2.16.1 node (tests/vectors/): a scripted peer that speaks
# exactly as the stock node did pings lnetmr and is pinged by it.
source "$(dirname "$0")/lib.sh"
lnet_test_begin python3

RAW=$LIB_DIR/rawpeer.py
NS_A=$(ns_create a)
NS_S=$(ns_create stock)
veth_link "$NS_A" eth0 10.80.0.2/24 "$NS_S" eth0 10.80.0.1/24
check "lnetmr node 10.80.0.2@tcp" lnet_node "$NS_A" eth0

# a stock node pings us: acceptor request, hello v3, GET portal 0
out=$(ip netns exec "$NS_S" python3 "$RAW" ping 10.80.0.2 10.80.0.1@tcp 10.80.0.2@tcp 2>&1)
check_match "stock-shaped ping gets a ping buffer" "^features 0x[0-9a-f]+ pid 12345 nnis 2" "$out"
check_match "it lists 0@lo first" "^0@lo " "$(sed -n 2p <<< "$out")"
check_match "then our NID, up" "^10.80.0.2@tcp up" "$(sed -n 3p <<< "$out")"
feat=$(sed -n 's/^features \(0x[0-9a-f]*\).*/\1/p' <<< "$out")
check_eq "features: NI_STATUS|MULTI_RAIL|DISCOVERY as stock sets them, and lnetmr's STRIPING" \
	0x1001a "$feat"

# we ping a stock node
ip netns exec "$NS_S" python3 "$RAW" serve 10.80.0.1 10.80.0.1@tcp > /tmp/stock.$$ 2>&1 &
srv=$!
for _ in $(seq 50); do grep -q listening /tmp/stock.$$ && break; sleep 0.1; done
out=$(lnetmrctl -j -n "$NS_A" ping 10.80.0.1@tcp timeout 10000 2>&1)
wait $srv
check_eq "stock node answers our ping" "10.80.0.1@tcp up" \
	"$(jq -r '.nids[0] | "\(.nid) \(.status)"' <<< "$out" 2>/dev/null)"
check_eq "its features as captured (a JSON number)" $((0x1e)) "$(jq -r .features <<< "$out" 2>/dev/null)"
check_match "the stock node saw a well-formed exchange from us" "answered ping from 10.80.0.2@tcp" \
	"$(cat /tmp/stock.$$)"
rm -f /tmp/stock.$$

ktap_end

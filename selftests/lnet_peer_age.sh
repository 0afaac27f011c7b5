#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Peer aging: a peer learned from traffic is forgotten once idle for the
# node's peer-age setting (no message to or from it, none in flight, full
# health) and learned anew when it talks again; traffic keeps it, peers
# added with "peer add" are kept, peer-age 0 keeps everything, and a value
# out of range is refused, naming the attribute.
source "$(dirname "$0")/lib.sh"
lnet_test_begin

AGE=3
STATIC=10.1.0.77@tcp

setup "two nodes set up" two_nodes

# known NS NID: NID is one of NS's peers (primary or not)
known() {
	lnetmrctl -j -n "$1" peer show |
		jq -e --arg n "$2" 'any(.[]; .primary == $n or any(.nids[]; .nid == $n))' > /dev/null
}
forgotten() { ! known "$@"; }

check_eq "peer-age defaults to an hour" 3600 \
	"$(lnetmrctl -j -n "$NS_A" node show | jq -r '."peer-age"')"
out=$(lnetmrctl -n "$NS_A" set peer-age 604801 2>&1)
check_match "peer-age above a week is refused, naming the attribute" "\(attribute peer-age\)" "$out"

check "a configured peer (peer add)" lnetmrctl -n "$NS_A" peer add "$STATIC" nid 10.1.0.78@tcp
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
check "A knows B after a ping" known "$NS_A" "$NID_B"

check "peer-age $AGE" lnetmrctl -n "$NS_A" set peer-age $AGE
# traffic for twice the age keeps B
bench_bg "$NS_A" "$NID_B" op put size 64K time $((2 * AGE + 1)) concurrency 4
sleep $((2 * AGE))
check "B is kept while traffic flows, past the age" known "$NS_A" "$NID_B"
bench_wait out
check_eq "the bench meanwhile: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
t0=$SECONDS
check "B is still known right after its last message" known "$NS_A" "$NID_B"
check "and forgotten once idle for the age" wait_for $((4 * AGE)) forgotten "$NS_A" "$NID_B"
check "not before the age ($((SECONDS - t0)) s)" test $((SECONDS - t0)) -ge $((AGE - 1))
check "the configured peer is kept" known "$NS_A" "$STATIC"
check "with its second NID" known "$NS_A" 10.1.0.78@tcp

# learned anew
out=$(lnetmrctl -j -n "$NS_A" ping "$NID_B")
check_eq "A pings B again" "$NID_B" "$(jq -r '.nids[0].nid' <<< "$out")"
check "and knows B again" known "$NS_A" "$NID_B"
out=$(bench_json "$NS_A" "$NID_B" op get size 1M count 10 concurrency 2)
check_eq "GETs from the peer learned anew: intact" "10 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

# 0: kept for ever
check "peer-age 0" lnetmrctl -n "$NS_A" set peer-age 0
sleep $((2 * AGE))
check "with peer-age 0 an idle peer is kept" known "$NS_A" "$NID_B"
check "back to an hour" lnetmrctl -n "$NS_A" set peer-age 3600

ktap_end

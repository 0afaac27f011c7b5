#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Events: "lnetmrctl monitor" sees NIs and rails come and go and rails
# follow their interface's link, in order, in its own namespace only.
source "$(dirname "$0")/lib.sh"
lnet_test_begin

NS_A=$(ns_create a)
NS_B=$(ns_create b)
veth_link "$NS_A" eth0 10.1.0.1/24 "$NS_B" eth0 10.1.0.2/24
out=$(mktemp)
err=$(mktemp)
other=$(mktemp)
lnetmrctl -j -n "$NS_A" monitor count 7 > "$out" 2> "$err" &
mon=$!
lnetmrctl -j -n "$NS_B" monitor > "$other" 2>/dev/null &
mon_b=$!
for _ in $(seq 100); do grep -q monitoring "$err" && break; sleep 0.1; done
check "the monitor is listening" grep -q monitoring "$err"

lnetmrctl -n "$NS_A" ni add tcp0
lnetmrctl -n "$NS_A" rail add tcp0 dev eth0
# the peer end goes down: A's carrier goes (link changes land asynchronously)
rail_state() {
	lnetmrctl -j -n "$NS_A" rail show | jq -r '.[0].state'
}
wait_state() {
	for _ in $(seq 50); do [ "$(rail_state)" = "$1" ] && return 0; sleep 0.1; done
	return 1
}
ip -n "$NS_B" link set eth0 down
check "the rail follows its link down" wait_state down
ip -n "$NS_B" link set eth0 up
check "and up again" wait_state up
lnetmrctl -n "$NS_A" rail del tcp0 dev eth0
lnetmrctl -n "$NS_A" ni del tcp0
ip -n "$NS_A" link add dummy0 type dummy
lnetmrctl -n "$NS_A" ni add tcp0 >/dev/null
timeout 20 tail --pid=$mon -f /dev/null
check_eq "the monitor exits after 7 events" "" "$(jobs -p | grep -x "$mon")"

events=$(jq -r '"\(.event) \(.state // "-")"' < "$out" | paste -sd, -)
check_eq "events in order" \
	"ni-new -,rail-new up,rail-state down,rail-state up,rail-del up,ni-del -,ni-new -" \
	"$events"
check_eq "a rail event names its NID" 10.1.0.1@tcp \
	"$(jq -r 'select(.event == "rail-new") | .nid' < "$out")"
kill "$mon_b" 2>/dev/null
wait "$mon_b" 2>/dev/null
check_eq "another namespace sees none of them" 0 "$(wc -l < "$other")"
rm -f "$out" "$err" "$other"

ktap_end

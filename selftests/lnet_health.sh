#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Health and failover: a rail that silently drops every packet (netem loss
# 100%) is noticed within the timeout setting, loses health, and what it
# held goes another way: the bench ends with no error and no mismatch.
# Recovery pings bring it back to full health once it carries packets
# again, and it carries traffic again.  When every rail to the peer is
# lost, transfers fail after the transaction timeout with a clear error,
# and traffic resumes by itself when a rail returns.  Health changes are
# events.
source "$(dirname "$0")/lib.sh"
lnet_test_begin tc

health_nodes() {
	rail_nodes "$1" 2 &&
	lnetmrctl -n "$NS_A" set timeout 1000 transaction-timeout 8000 &&
	lnetmrctl -n "$NS_B" set timeout 1000 transaction-timeout 8000
}
NID_B=10.1.0.2@tcp
rail() {	# NS DEV FIELD: a field of a rail (health, state...)
	lnetmrctl -j -n "$1" rail show -s | jq -r --arg d "$2" --arg f "$3" \
		'.[] | select(.dev == $d) | .[$f]'
}
lossy() {	# DEV on|off: drop every packet of DEV, both ends
	local ns

	for ns in "$NS_A" "$NS_B"; do
		if [ "$2" = on ]; then
			tc -n "$ns" qdisc add dev "$1" root netem loss 100%
		else
			tc -n "$ns" qdisc del dev "$1" root
		fi
	done
}

setup "two nodes with two rails, timeout 1 s" health_nodes 1
check_eq "rails start healthy and up" "1000 up 1000 up" \
	"$(rail "$NS_A" eth0 health) $(rail "$NS_A" eth0 state) $(rail "$NS_A" eth1 health) $(rail "$NS_A" eth1 state)"
events=$(mktemp)
lnetmrctl -j -n "$NS_A" monitor > "$events" 2>/dev/null &
mon=$!
sleep 0.5
lnetmrctl -n "$NS_A" ping $NID_B > /dev/null	# discovery: both NIDs
eth1_health_is() {	# OP VALUE: eth1's health compared to VALUE
	test "$(rail "$NS_A" eth1 health)" "$1" "$2"
}

# silent loss on eth1 during a bench
t0=$(rail_stat "$NS_A" eth1 fail-timeout)
r0=$(lnetmrctl -j -n "$NS_A" rail show -s | jq '[.[] | .stats.resends] | add')
bench_bg "$NS_A" $NID_B op put size 256k time 8 concurrency 8
sleep 1.5
lossy eth1 on
check "eth1 loses health within 3 s of going silent" wait_for 3 eth1_health_is -lt 1000
check_eq "and shows as degraded" degraded "$(rail "$NS_A" eth1 state)"
sleep 2
lossy eth1 off
bench_wait out
check_eq "bench across the silent loss: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
check "bench across the silent loss: transfers done" jq -e '.msgs > 20' <<< "$out"
check "the loss counted as timeouts on eth1" test "$(rail_stat "$NS_A" eth1 fail-timeout)" -gt "$t0"
check "what eth1 held was sent again" \
	test "$(lnetmrctl -j -n "$NS_A" rail show -s | jq '[.[] | .stats.resends] | add')" -gt "$r0"
check "recovery pings bring eth1 back to full health" wait_for 20 eth1_health_is -eq 1000
check "recovery pings were sent" test "$(rail_stat "$NS_A" eth1 recovery-pings)" -gt 0
check_eq "eth1 is up again" up "$(rail "$NS_A" eth1 state)"
b0=$(rail_stat "$NS_A" eth1 tx-bytes)
out=$(bench_json "$NS_A" $NID_B op put size 256k count 100 concurrency 8)
check_eq "after recovery a bench is intact" "100 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check "and eth1 carries its share again" \
	test $(($(rail_stat "$NS_A" eth1 tx-bytes) - b0)) -ge $((100 * 262144 / 4))
out=$(lnetmrctl -j -n "$NS_A" peer show $NID_B)
check_eq "B's NIDs are back to full health" "1000 1000" \
	"$(jq -r '[.[0].nids[].health] | map(tostring) | join(" ")' <<< "$out")"

# every rail lost: a clear failure after the transaction timeout, then resume
lossy eth0 on
lossy eth1 on
start=$SECONDS
out=$(bench_json "$NS_A" $NID_B op get size 64k count 2 concurrency 2)
took=$((SECONDS - start))
check_eq "with every rail silent, transfers fail" "0 2" \
	"$(jq -r '"\(.msgs) \(.errors)"' <<< "$out")"
check "after the transaction timeout, not before (${took} s)" test $took -ge 8
lossy eth0 off
lossy eth1 off
check "traffic resumes by itself" wait_for 30 eval \
	"[ \"\$(bench_json \"$NS_A\" $NID_B op get size 64k count 4 concurrency 2 | jq -r '\"\\(.msgs) \\(.errors)\"')\" = '4 0' ]"

kill "$mon" 2>/dev/null
wait "$mon" 2>/dev/null
check "a rail-health event reported eth1 degraded" \
	jq -se 'any(.[]; .event == "rail-health" and .dev == "eth1" and .health < 1000)' "$events"
check "and one its return to full health" \
	jq -se 'any(.[]; .event == "rail-health" and .dev == "eth1" and .health == 1000)' "$events"
check "peer NID health changes are events too" \
	jq -se 'any(.[]; .event == "peer-health")' "$events"
check "discovery results are events" \
	jq -se 'any(.[]; .event == "discovery")' "$events"
rm -f "$events"

ktap_end

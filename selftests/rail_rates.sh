#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Watching rails: "rail show -s" lays counters out in labelled rows (names
# over values, as "ip -s link" does) that say what JSON says, and
# "rail show -s interval SECONDS" prints every rail's rates each interval,
# so a rail going down under a bench shows as its traffic moving to the
# other.  Bad intervals are refused by the CLI.
source "$(dirname "$0")/lib.sh"
lnet_test_begin tc awk

R=100	# Mbit/s per rail: about 11.9 MB/s of payload each

setup "two nodes, two rails of $R Mbit/s" shaped_nodes r $R $R
out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 20 concurrency 4)
check_eq "a bench of 20 PUTs first: intact" "20 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"

# ---- labelled rows ----------------------------------------------------------
text=$(lnetmrctl -n "$NS_A" rail show -s)
json=$(lnetmrctl -j -n "$NS_A" rail show -s)
text_counter() { text_counter_of "$2" "$1" <<< "$text"; }	# DEV NAME
for row in traffic sent received bulk small copy errors broken failures connections; do
	check "the text has a row \"$row\" for each rail" \
		test "$(grep -c "^    $row  " <<< "$text")" = 2
done
bad=""
for dev in eth0 eth1; do
	for k in $(jq -r --arg d "$dev" '.[] | select(.dev == $d) | .stats | keys[]' <<< "$json"); do
		v=$(jq -r --arg d "$dev" --arg k "$k" '.[] | select(.dev == $d) | .stats[$k]' <<< "$json")
		[ "$(text_counter "$dev" "$k")" = "$v" ] || bad+=" $dev:$k"
	done
done
check "the JSON has every counter ($(jq '.[0].stats | length' <<< "$json"))" \
	jq -e 'all(.[]; .stats | length > 40)' <<< "$json"
check_eq "every counter of the JSON sits in the text, its value under its name" "" "$bad"
check "tx-bytes of eth0 reads as in JSON ($(text_counter eth0 tx-bytes))" \
	test "$(text_counter eth0 tx-bytes)" -gt $((5 << 20))
text=$(lnetmrctl -n "$NS_A" stats show)
check_match "stats show: the node's counters under a heading" "^    node:" "$text"
check_match "and in rows" "^        traffic  " "$text"

# ---- rates every interval, across a rail going down ------------------------
tmp=$(mktemp -d)
bench_bg "$NS_A" "$NID_B" op put size 1M time 12 concurrency 8
sleep 1
lnetmrctl -j -n "$NS_A" rail show -s interval 1 count 8 > "$tmp/rates" &
watcher=$!
sleep 3.5
ip -n "$NS_A" link set eth1 down
sleep 3
ip -n "$NS_A" link set eth1 up
wait $watcher
rc=$?
bench_wait out
check_eq "the watch printed 8 records and exited 0" "0 8" "$rc $(wc -l < "$tmp/rates")"
check "each is JSON: a time, an interval near 1 s, both rails" \
	jq -se 'all(.[]; (.time | type) == "number" and .["interval-s"] > 0.9 and .["interval-s"] < 1.5
		and (.rails | map(.dev) | sort) == ["eth0", "eth1"])' "$tmp/rates"
rate() {	# RECORD DEV KEY
	jq -sr --argjson r "$1" --arg d "$2" --arg k "$3" \
		'.[$r].rails[] | select(.dev == $d) | .[$k]' "$tmp/rates"
}
e0=$(rate 1 eth0 tx-MB/s) e1=$(rate 1 eth1 tx-MB/s)
check "before: both rails carry the bench (eth0 $e0, eth1 $e1 MB/s)" \
	awk -v a="$e0" -v b="$e1" 'BEGIN { exit !(a > 7 && b > 7) }'
sum=$(awk -v a="$e0" -v b="$e1" 'BEGIN { print a + b }')
check "and add up to the bench's rate ($sum vs $(jq -r '."MB/s"' <<< "$out") MB/s)" \
	ratio_ok "$sum" "$(jq -r '."MB/s"' <<< "$out")" 0.75 1.35
down=$(jq -sr 'map(select(any(.rails[]; .dev == "eth1" and .state == "down"))) | length' "$tmp/rates")
check "the records saw eth1 down ($down of them)" test "$down" -ge 2
r=$(jq -sr '[.[] | select(any(.rails[]; .dev == "eth1" and .state == "down"))][-1] | .rails |
	"\(.[] | select(.dev == "eth0") | ."tx-MB/s") \(.[] | select(.dev == "eth1") | ."tx-MB/s")"' "$tmp/rates")
check "while it was down eth0 carried it all (eth0, eth1 MB/s: $r)" \
	awk -v r="$r" 'BEGIN { split(r, x, " "); exit !(x[1] > 9 && x[2] < 0.5) }'
check_eq "the bench under the watch: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
rm -rf "$tmp"

wait_for 20 all_healthy "$NS_A"
out=$(lnetmrctl -n "$NS_A" rail show tcp0 -s interval 0.5 count 2)
check_eq "text: a header and 2 x 2 rows" 5 "$(wc -l <<< "$out")"
check_match "the header names the rates" "^time +net +dev +state +health +tx-MB/s +rx-MB/s +tx-msgs/s +rx-msgs/s +resends" "$out"
check_match "a row per rail" "^[0-9:]{8} +tcp +eth1 +up +1000 " "$out"

# ---- refused ----------------------------------------------------------------
for bad in 0.05 abc 1.2345 "" 3601; do
	out=$(lnetmrctl -n "$NS_A" rail show -s interval "$bad" 2>&1)
	check_eq "interval \"$bad\": exit 2" 2 $?
	check_match "with a reason" "interval wants SECONDS from 0.1 to 3600" "$out"
done
out=$(lnetmrctl -n "$NS_A" rail show interval 1 2>&1)
check_match "interval without -s: refused with a reason" "interval goes with -s" "$out"
out=$(lnetmrctl -n "$NS_A" rail show -s count 2 2>&1)
check_match "count without interval: refused" "count goes with interval" "$out"

ktap_end

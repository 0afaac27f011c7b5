#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# socklnd's wire under a fuzzer (rawpeer.py fuzz): WIRE_FUZZ_CASES
# connections (default 300) to node B's port 988 from a namespace of their
# own, each a stream built from the captured stock layouts (acceptor
# request, hello, PUT/GET/ACK/REPLY headers, lnetmr's stripe extension)
# with fields at their limits, bytes flipped, lengths huge or cut short,
# sent in pieces, while A runs a good bench against B:
#  - the bench has no error and no mismatch, and B still answers pings
#    (from A, and a stock-shaped one from the fuzzer's address);
#  - B counted what it refused or dropped (conns-refused, proto-errors,
#    rx-drops), and holds no connection of the fuzzer's once it is done;
#  - no kernel report (the VM log is checked after the run).
# WIRE_FUZZ_SEED repeats a run (the seed is printed).
source "$(dirname "$0")/lib.sh"
lnet_test_begin python3

CASES=${WIRE_FUZZ_CASES:-300}
SEED=${WIRE_FUZZ_SEED:-$(date +%s)}
echo "# seed $SEED (WIRE_FUZZ_SEED=$SEED repeats this run)"

# rejected NS: what NS counted as refused or dropped, in all
rejected() {
	lnetmrctl -j -n "$1" -s node show |
		jq '.stats as $s | ["conns-refused", "proto-errors", "rx-drops"] |
			map($s[.] // 0) | add'
}

fuzzed_nodes() {
	two_nodes || return 1
	E=$(ns_create fz) || return 1
	veth_link "$NS_B" eth1 10.6.0.1/24 "$E" eth0 10.6.0.2/24 || return 1
	lnetmrctl -n "$NS_B" rail add tcp0 dev eth1
}
setup "A and B, and a fuzzer's namespace on a second rail of B" fuzzed_nodes
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
r0=$(rejected "$NS_B")

bench_bg "$NS_A" "$NID_B" op put size 1M time 150 concurrency 4
out=$(ip netns exec "$E" timeout 400 python3 "$LIB_DIR/rawpeer.py" fuzz 10.6.0.1 \
	10.6.0.2@tcp 10.6.0.1@tcp "$CASES" "$SEED" 2>&1)
rc=$?
kill -TERM "$BENCH_PID" 2>/dev/null	# the CLI stops its bench and prints the summary
echo "# $out" | tail -n 3
check_eq "the fuzzer ran its $CASES cases" 0 "$rc"
closed=$(sed -n 's/.*cases, \([0-9]*\) closed by the node.*/\1/p' <<< "$out")
check "and B closed most of them (${closed:-none} of $CASES)" test "${closed:-0}" -gt $((CASES / 2))
res=""
bench_wait res
check_eq "A's bench meanwhile: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$res" 2>/dev/null)"
check "and it moved data ($(jq -r .msgs <<< "$res" 2>/dev/null) MiB)" jq -e '.msgs > 0' <<< "$res"
r1=$(rejected "$NS_B")
check "B counted what it refused or dropped ($r0 -> $r1)" test "$r1" -gt "$r0"
check "B still answers A" lnetmrctl -n "$NS_A" ping "$NID_B"
out=$(ip netns exec "$E" python3 "$LIB_DIR/rawpeer.py" ping 10.6.0.1 10.6.0.2@tcp 10.6.0.1@tcp 2>&1)
check_match "and a stock-shaped ping from the fuzzer's address" "10.6.0.1@tcp up" "$out"
# nothing of the fuzzer's left open on B (its ports are 512..1023)
held() { ip netns exec "$NS_B" ss -Htn state established "( sport = :988 )" | grep -c '10.6.0.2:'; }
none_held() { [ "$(held)" = 0 ]; }
check "B holds no connection of the fuzzer's once it is done" wait_for 20 none_held

ktap_end

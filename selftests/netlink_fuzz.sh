#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The netlink family under a fuzzer (nlfuzz: every op, done and dumped,
# with valid requests mutated and attributes drawn at random), from root of
# a node that has a rail and a peer, from root of a user namespace, and
# from an unprivileged user, while two other nodes run a good bench:
#  - every request is answered, and every error says what was wrong (an
#    extack message or the offending attribute), but for the genetlink
#    core's own refusals (permission, no such op);
#  - the good bench has no error and no mismatch, the fuzzed node still
#    answers, and once the fuzzed namespaces are gone the transports hold
#    no more references than before (nothing left behind).
# NLFUZZ_CASES requests per identity (default 2000); NLFUZZ_SEED repeats a
# run (the seed is printed); NLFUZZ_SECONDS fuzzes for a time instead
# (make fuzz).
source "$(dirname "$0")/lib.sh"
lnet_test_begin setpriv unshare

NLFUZZ=$LIB_DIR/nlfuzz
CASES=${NLFUZZ_CASES:-2000}
SEED=${NLFUZZ_SEED:-$(date +%s)}
if [ -n "${NLFUZZ_SECONDS:-}" ]; then
	limit=(-t "$NLFUZZ_SECONDS")
else
	limit=(-n "$CASES")
fi
echo "# seed $SEED (NLFUZZ_SEED=$SEED repeats this run)"

# refs: the references held on the modules, one line: on each transport
# (one per NI), and on lnetmr beyond those its dependent modules hold (a
# fuzzed ni-add o2ib0 loads lnetmr_o2ib, which is no leak)
refs() {
	local m n
	n=$(cat /sys/module/lnetmr/refcnt)
	n=$((n - $(find /sys/module/lnetmr/holders -mindepth 1 -maxdepth 1 | wc -l)))
	printf 'lnetmr=%s ' "$n"
	for m in lnetmr_tcp lnetmr_o2ib; do
		printf '%s=%s ' "$m" "$(cat /sys/module/$m/refcnt 2>/dev/null || echo 0)"
	done
}

setup "two nodes for a good bench" two_nodes
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
refs0=$(refs)

# the fuzzed node F has eth0 (a name the fuzzer tries) to a node G whose
# NID 10.30.0.2@tcp the fuzzer pings and benches
F=$(ns_create fz) G=$(ns_create fzpeer)
veth_link "$F" eth0 10.30.0.1/24 "$G" eth0 10.30.0.2/24
lnet_node "$G" eth0

# the good bench lasts as long as the fuzzing (a fixed number of cases
# takes about N s)
bench_bg "$NS_A" "$NID_B" op put size 1M time $((3 * ${NLFUZZ_SECONDS:-7} + 5)) concurrency 4

# fuzz NAME SEED COMMAND...: run nlfuzz through COMMAND; its counts shown
fuzz() {
	local name=$1 seed=$2 out rc
	shift 2
	out=$("$@" "$NLFUZZ" -s "$seed" "${limit[@]}" 2>&1)
	rc=$?
	sed 's/^/# /' <<< "$out" | grep -v '^# #' | head -40
	grep '^#   \|^# case' <<< "$out" | head -20
	check_eq "$name: every request answered, every error said why (nlfuzz exit)" 0 "$rc"
	check_match "$name: requests were answered with success" "answered with success: [1-9]" "$out"
	check_match "$name: and refused, saying why" "refused, saying why: [1-9]" "$out"
}

fuzz "root of a node with a rail and a peer" "$SEED" ip netns exec "$F"
fuzz "root of a user namespace" $((SEED + 1)) unshare -Urn
fuzz "an unprivileged user" $((SEED + 2)) ip netns exec "$F" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --

bench_wait out
check_eq "the good bench meanwhile: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out" 2>/dev/null)"
check "and it moved data ($(jq -r .msgs <<< "$out" 2>/dev/null) MiB)" \
	jq -e '.msgs > 0' <<< "$out"
check "the fuzzed node still answers" lnetmrctl -n "$F" node show
check "and A still reaches B" lnetmrctl -n "$NS_A" ping "$NID_B"

ip netns del "$F"
ip netns del "$G"
# namespaces go away from a work item: wait for their nodes to be gone
refs_back() { [ "$(refs)" = "$refs0" ]; }
check "the fuzzed nodes gone, the modules hold what they held before ($refs0)" \
	wait_for 30 refs_back
[ "$(refs)" = "$refs0" ] || echo "# now: $(refs)"

ktap_end

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the lnetmr selftests: KTAP results, unique namespaces
# removed on exit, and requirements.  Source it, call ktap_begin, record
# checks with check/pass/fail/skip, end with ktap_end.
#
# In CI (CI=true) a skipped check counts as a failure unless
# LNETMR_ALLOW_SKIP=1, so that a missing dependency cannot hide a test.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TOP_DIR NLRAW
TOP_DIR=$(cd "$LIB_DIR/.." && pwd)
NLRAW=$LIB_DIR/nlraw
NS_PREFIX="lnmr-$$-"

ktap_count=0
ktap_failed=0
ktap_skipped=0
lib_cleanups=()

ktap_begin() {
	echo "KTAP version 1"
	trap lib_cleanup EXIT
}

# pass DESC / fail DESC [DETAIL...] / skip DESC REASON
pass() {
	ktap_count=$((ktap_count + 1))
	echo "ok $ktap_count $1"
}

fail() {
	local desc=$1
	shift
	ktap_count=$((ktap_count + 1))
	ktap_failed=$((ktap_failed + 1))
	echo "not ok $ktap_count $desc"
	local line
	for line in "$@"; do
		echo "# $line"
	done
}

skip() {
	if [ "${CI:-}" = true ] && [ "${LNETMR_ALLOW_SKIP:-0}" != 1 ]; then
		fail "$1" "skipped in CI: $2"
		return
	fi
	ktap_count=$((ktap_count + 1))
	ktap_skipped=$((ktap_skipped + 1))
	echo "ok $ktap_count $1 # SKIP $2"
}

# check DESC COMMAND...: passes when COMMAND succeeds
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$desc"
	else
		fail "$desc" "command: $*" "$(printf '%s' "$out" | tail -n 5)"
	fi
}

# setup DESC COMMAND...: like check, but COMMAND runs in this shell (so
# the variables it sets stay) and a failure ends the test
setup() {
	local desc=$1
	shift
	if "$@"; then
		pass "$desc"
	else
		fail "$desc" "command: $*"
		ktap_end
	fi
}

# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected: '$2'" "actual:   '$3'"
	fi
}

# check_match DESC REGEX TEXT
check_match() {
	if printf '%s' "$3" | grep -Eq -- "$2"; then
		pass "$1"
	else
		fail "$1" "expected to match: $2" "actual: $(printf '%s' "$3" | head -n 3)"
	fi
}

ktap_end() {
	echo "1..$ktap_count"
	if [ "$ktap_failed" -gt 0 ]; then
		exit $KSFT_FAIL
	fi
	if [ "$ktap_count" -gt 0 ] && [ "$ktap_skipped" -eq "$ktap_count" ]; then
		exit $KSFT_SKIP
	fi
	exit $KSFT_PASS
}

# Skip the whole test (exit 4) when a command or module is missing.
require_cmd() {
	local c
	for c in "$@"; do
		if ! command -v "$c" >/dev/null; then
			echo "# SKIP: $c not found"
			exit $KSFT_SKIP
		fi
	done
}

require_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "# SKIP: needs root"
		exit $KSFT_SKIP
	fi
}

# Load lnetmr (this tree's build, installed by vmrun); fail hard if absent.
load_lnetmr() {
	if ! modprobe lnetmr; then
		echo "# lnetmr module cannot be loaded"
		exit $KSFT_FAIL
	fi
}

# lnetmr's modules, the transports first (they use the core)
LNETMR_MODULES="lnetmr_o2ib lnetmr_tcp lnetmr"

# Unload every lnetmr module that is loaded; fails if one stays.
unload_lnetmr() {
	local m rc=0
	for m in $LNETMR_MODULES; do
		grep -q "^$m " /proc/modules || continue
		modprobe -r "$m" 2>/dev/null || rc=1
	done
	return $rc
}

# ns_create TAG: make the network namespace "lnmr-PID-TAG" with lo up and
# print its name; every such namespace is deleted when the test exits.
ns_create() {
	local name=$NS_PREFIX$1 try
	# once in a CI run on 7.3 (2026-12-03), right after lnet_rdma.sh had
	# deleted namespaces with Soft-RoCE devices, "ip netns add" failed
	# with ENODEV: a moment later it works
	for try in 1 2 3 4 5; do
		if [ $try = 5 ]; then
			ip netns add "$name" || return 1	# the last try says why
			break
		fi
		ip netns add "$name" 2>/dev/null && break
		sleep 1
	done
	ip -n "$name" link set lo up
	echo "$name"
}

# at_exit COMMAND: run COMMAND (a string) when the test ends
at_exit() {
	lib_cleanups+=("$1")
}

lib_cleanup() {
	local i ns
	for ((i = ${#lib_cleanups[@]} - 1; i >= 0; i--)); do
		eval "${lib_cleanups[$i]}" >/dev/null 2>&1
	done
	for ns in $(ip netns list | awk -v p="$NS_PREFIX" 'index($1, p) == 1 { print $1 }'); do
		ip netns del "$ns" 2>/dev/null
	done
}

# json_get JSON EXPR: one value out of JSON (jq syntax); fails on bad JSON
json_get() {
	printf '%s' "$1" | jq -er "$2"
}

# lnet_test_begin [CMD...]: the start of a test that uses the module: root,
# jq and CMDs required (or skip), KTAP begun, lnetmr loaded for the test
lnet_test_begin() {
	require_root
	require_cmd jq "$@"
	ktap_begin
	load_lnetmr
	at_exit unload_lnetmr
}

# ---- LNet topologies -------------------------------------------------

# lnet_node NS IFNAME...: an lnetmr node in NS with NI tcp0 over IFNAMEs
lnet_node() {
	local ns=$1 dev
	shift
	lnetmrctl -n "$ns" ni add tcp0 || return 1
	for dev in "$@"; do
		lnetmrctl -n "$ns" rail add tcp0 dev "$dev" || return 1
	done
}

# veth_link NS1 IF1 ADDR1 NS2 IF2 ADDR2: a veth pair between two
# namespaces, addresses given with their prefix (10.1.0.1/24)
veth_link() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" || return 1
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$4" addr add "$6" dev "$5"
	ip -n "$1" link set "$2" up
	ip -n "$4" link set "$5" up
}

# two_nodes [TAG]: namespaces $NS_A and $NS_B joined by one veth pair, each
# an lnetmr node; NIDs $NID_A and $NID_B
two_nodes() {
	NS_A=$(ns_create "a${1:-}") && NS_B=$(ns_create "b${1:-}") || return 1
	veth_link "$NS_A" eth0 10.1.0.1/24 "$NS_B" eth0 10.1.0.2/24 || return 1
	export NID_A=10.1.0.1@tcp NID_B=10.1.0.2@tcp
	lnet_node "$NS_A" eth0 && lnet_node "$NS_B" eth0
}

# ---- RDMA rails (Soft-RoCE) ---------------------------------------------

# rxe_add NS DEV: a Soft-RoCE device (rdma_rxe) on DEV of NS, named after
# the test and DEV; RDMA device names are global.
#
# DEV's receive is steered to one CPU (RPS).  veth queues each packet on
# the backlog of the CPU that sent it, and netem's dequeue runs on either
# CPU, so a stream sent from two CPUs arrived out of order.  RC reads
# reordering as loss: a sequence NAK, go-back-N, a retransmission timeout
# of its own, and after enough of them a QP in error.  Measured over 4
# rails of 40 Mbit/s, 6 PUT and 6 GET benches of 5 s each: 2074 out-of-
# sequence packets and GETs at 118-146 Mbit/s without, 0 and 148-151
# with.  A real link keeps a flow's order; this makes veth keep it too.
rxe_add() {
	ip netns exec "$1" sh -c "echo 1 > /sys/class/net/$2/queues/rx-0/rps_cpus" ||
		echo "# rxe_add: cannot steer $2's receive to one CPU: RoCE will see reordering"
	ip netns exec "$1" rdma link add "rxe$$-${1##*-}-$2" type rxe netdev "$2"
}

# rxe_name NS DEV: the name rxe_add gave
rxe_name() {
	echo "rxe$$-${1##*-}-$2"
}

# require_rxe_netns: skip the whole test (exit 4) unless rdma_rxe gives
# each network namespace a Soft-RoCE of its own (kernels after 6.12 keep
# its UDP socket per namespace; before, RoCE works in the initial namespace
# only).  Probed, not guessed from the version: rping across two namespaces.
require_rxe_netns() {
	local a b ok=0
	require_cmd rdma rping
	if ! modprobe rdma_rxe 2>/dev/null || ! modprobe rdma_cm 2>/dev/null; then
		echo "# SKIP: no rdma_rxe or rdma_cm module"
		exit $KSFT_SKIP
	fi
	if ! a=$(ns_create rxeprobe-a) || ! b=$(ns_create rxeprobe-b); then
		echo "# the probe's namespaces could not be made"
		exit $KSFT_FAIL
	fi
	veth_link "$a" rp0 10.250.0.1/24 "$b" rp0 10.250.0.2/24 &&
		rxe_add "$a" rp0 2>/dev/null && rxe_add "$b" rp0 2>/dev/null && ok=1
	if [ $ok = 1 ]; then
		ip netns exec "$b" timeout 10 rping -s -a 10.250.0.2 -C 1 > /dev/null 2>&1 &
		sleep 0.5
		ip netns exec "$a" timeout 8 rping -c -a 10.250.0.2 -C 1 > /dev/null 2>&1 || ok=0
		wait
	fi
	ip netns exec "$a" rdma link delete "$(rxe_name "$a" rp0)" 2>/dev/null
	ip netns exec "$b" rdma link delete "$(rxe_name "$b" rp0)" 2>/dev/null
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
	if [ $ok = 0 ] && [ -n "${LNETMR_EXPECT_RXE_NETNS:-}" ]; then
		# make check runs the RDMA tests on a kernel where this works:
		# a skip there would hide them
		echo "# rdma_rxe between two namespaces failed on $(uname -r), where it is expected to work"
		exit $KSFT_FAIL
	fi
	if [ $ok = 0 ]; then
		echo "# SKIP: rdma_rxe does not work per network namespace on this kernel ($(uname -r))"
		exit $KSFT_SKIP
	fi
}

# rdma_ns_del NS...: delete namespaces and wait (up to 30 s) until their
# Soft-RoCE devices are gone: the teardown (device unregistration, the
# nodes' own) is heavy enough to disturb a measurement that starts meanwhile
rdma_ns_del() {
	local ns left
	for ns in "$@"; do
		ip netns del "$ns"
	done
	for _ in $(seq 300); do
		left=0
		for ns in "$@"; do
			compgen -G "/sys/class/infiniband/rxe$$-${ns##*-}-*" > /dev/null && left=1
		done
		[ $left = 0 ] && return 0
		sleep 0.1
	done
	echo "# rdma_ns_del: devices of $* still there after 30 s"
}

# rdma_link NS_A NS_B K [MBIT]: RDMA rail K, a veth pair ibK between
# 10.2.K.1/24 in NS_A and 10.2.K.2/24 in NS_B with a Soft-RoCE device on
# each end, shaped both ways to MBIT (netem rate: tbf's drops cripple
# RoCE's go-back-N retransmission)
rdma_link() {
	veth_link "$1" "ib$3" "10.2.$3.1/24" "$2" "ib$3" "10.2.$3.2/24" || return 1
	rxe_add "$1" "ib$3" && rxe_add "$2" "ib$3" || return 1
	[ -n "${4:-}" ] || return 0
	rdma_shape "$1" "ib$3" "$4" && rdma_shape "$2" "ib$3" "$4"
}

# rdma_shape NS DEV MBIT: what DEV sends limited to MBIT Mbit/s (netem)
rdma_shape() {
	tc -n "$1" qdisc replace dev "$2" root netem rate "$3mbit" limit 100000
}

# rdma_rate_for PUT GET: the rate in Mbit/s to shape each of up to 4 RDMA
# rails to, from what 4 unshaped rails carried (PUT and GET, Mbit/s), so
# that the links, not the emulated CPU, are the limit: a tenth of the
# lower figure, in steps of 5, from 15 to 20.  Shaping costs CPU too, and
# more than the unshaped ceiling tells: 4 rails that carried 222 Mbit/s
# unshaped carried 119 of 4 x 40 shaped; 4 that carried 287 carried 77.6
# of 4 x 25, while 4 that carried 177 carried 74.8 of 4 x 20.
rdma_rate_for() {
	awk -v p="${1:-0}" -v g="${2:-0}" 'BEGIN {
		c = p < g ? p : g; r = int(c / 10 / 5) * 5
		print (r < 15 ? 15 : (r > 20 ? 20 : r)) }'
}

# rdma_nodes TAG N [MBIT]: namespaces $NS_A and $NS_B joined by N RDMA
# rails (ib0 10.2.0.x, ib1 10.2.1.x...), each an lnetmr node with NI o2ib0
# over all of them (rail speeds MBIT when given); $NID_A and $NID_B are
# ib0's
rdma_nodes() {
	local k ns

	NS_A=$(ns_create "a$1") && NS_B=$(ns_create "b$1") || return 1
	export NID_A=10.2.0.1@o2ib NID_B=10.2.0.2@o2ib
	for ((k = 0; k < $2; k++)); do
		rdma_link "$NS_A" "$NS_B" $k "${3:-}" || return 1
	done
	for ns in "$NS_A" "$NS_B"; do
		lnetmrctl -n "$ns" ni add o2ib0 || return 1
		for ((k = 0; k < $2; k++)); do
			lnetmrctl -n "$ns" rail add o2ib0 dev "ib$k" ${3:+speed "$3"} || return 1
		done
	done
}

# shape NS DEV MBIT: limit what DEV sends to MBIT Mbit/s with tc tbf (a
# burst of 128 KiB per 100 Mbit/s: smaller bursts make tbf split GSO
# packets and cost the emulated CPU more than the shaping saves)
shape() {
	tc -n "$1" qdisc replace dev "$2" root tbf rate "$3mbit" \
		burst "$((128 * ($3 + 99) / 100))kb" latency 20ms
}

# rail_link NS_A NS_B K [MBIT]: rail K, a veth pair ethK between
# 10.1.K.1/24 in NS_A and 10.1.K.2/24 in NS_B, shaped both ways to MBIT
rail_link() {
	veth_link "$1" "eth$3" "10.1.$3.1/24" "$2" "eth$3" "10.1.$3.2/24" || return 1
	[ -n "${4:-}" ] || return 0
	shape "$1" "eth$3" "$4" && shape "$2" "eth$3" "$4"
}

# rail_nodes TAG N: namespaces $NS_A and $NS_B joined by N unshaped rails
# (eth0 10.1.0.x, eth1 10.1.1.x...), each an lnetmr node with NI tcp0 over
# all of them
rail_nodes() {
	local k devs=()

	NS_A=$(ns_create "a$1") && NS_B=$(ns_create "b$1") || return 1
	for ((k = 0; k < $2; k++)); do
		rail_link "$NS_A" "$NS_B" $k || return 1
		devs+=("eth$k")
	done
	lnet_node "$NS_A" "${devs[@]}" && lnet_node "$NS_B" "${devs[@]}"
}

# shaped_nodes TAG MBIT...: namespaces $NS_A and $NS_B joined by one rail
# per MBIT given (eth0 shaped to the first, eth1 to the second...), each an
# lnetmr node with NI tcp0 over all of them, rail speeds set to the shaped
# rates; A has learned B's NIDs by discovery.  $NID_A and $NID_B are eth0's.
shaped_nodes() {
	local tag=$1 k=0 mbit ns
	shift
	NS_A=$(ns_create "a$tag") && NS_B=$(ns_create "b$tag") || return 1
	export NID_A=10.1.0.1@tcp NID_B=10.1.0.2@tcp
	for mbit in "$@"; do
		rail_link "$NS_A" "$NS_B" "$k" "$mbit" || return 1
		k=$((k + 1))
	done
	for ns in "$NS_A" "$NS_B"; do
		lnetmrctl -n "$ns" ni add tcp0 || return 1
		k=0
		for mbit in "$@"; do
			lnetmrctl -n "$ns" rail add tcp0 dev "eth$k" speed "$mbit" || return 1
			k=$((k + 1))
		done
	done
	lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
}

# rail_bytes NS: payload bytes each rail of NS sent plus received, in rail
# order, space separated
rail_bytes() {
	lnetmrctl -j -n "$1" rail show -s |
		jq -r '[sort_by(.dev)[] | .stats."tx-bytes" + .stats."rx-bytes"] | map(tostring) | join(" ")'
}

# rail_bytes_of NS DEV: payload bytes DEV's rail of NS sent plus received
rail_bytes_of() {
	lnetmrctl -j -n "$1" rail show -s | jq -r --arg d "$2" \
		'.[] | select(.dev == $d) | .stats."tx-bytes" + .stats."rx-bytes"'
}

# rail_counters NS NAME: one counter of each rail of NS, in rail order,
# space separated
rail_counters() {
	lnetmrctl -j -n "$1" rail show -s |
		jq -r --arg k "$2" '[sort_by(.dev)[] | .stats[$k]] | map(tostring) | join(" ")'
}

# check_sizes_intact NS NID [WHAT]: 20 PUTs and 20 GETs of each size from
# empty to LNET_MTU, 4 in flight, from NS to NID (over WHAT), every byte
# checked: one check per operation and size
check_sizes_intact() {
	local op size out what=${3:+ $3}

	for op in put get; do
		for size in 0 1 4095 4096 65536 1048576; do
			out=$(bench_json "$1" "$2" op $op size $size count 20 concurrency 4)
			check_eq "$op of $size bytes x20$what: all arrived intact" "20 0 0 $((20 * size))" \
				"$(jq -r '"\(.msgs) \(.errors) \(.mismatches) \(.bytes)"' <<< "$out")"
		done
	done
}

# ratio_ok A B LO HI: LO <= A / B <= HI (floating point)
ratio_ok() {
	awk -v a="$1" -v b="$2" -v lo="$3" -v hi="$4" \
		'BEGIN { exit !(b > 0 && a / b >= lo && a / b <= hi) }'
}

# delta BEFORE AFTER: the differences of two lists of per-rail counters;
# shares DELTAS: each one's share of their sum, as fractions
delta() {
	awk -v b="$1" -v a="$2" 'BEGIN { n = split(b, x); split(a, y)
		for (i = 1; i <= n; i++) printf "%s%.0f", (i > 1 ? " " : ""), y[i] - x[i] }'
}
shares() {
	awk -v d="$1" 'BEGIN { n = split(d, x); for (i = 1; i <= n; i++) t += x[i]
		for (i = 1; i <= n; i++) printf "%s%.4f", (i > 1 ? " " : ""), t ? x[i] / t : 0 }'
}

# mbit_of BITS_PER_S: as Mbit/s; bench_mbit SUMMARY: the Mbit/s of a bench's
# JSON summary
mbit_of() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
bench_mbit() {
	jq -r '.bytes * 8 / (."elapsed-s" | tonumber) / 1e6 | . * 10 | round / 10' <<< "$1" 2>/dev/null
}

# lnet_mbit_of NS NID OP SECONDS: bench of 1 MiB, 8 in flight, from NS to
# NID; prints Mbit/s, or 0 after errors or mismatches (reported on stderr)
lnet_mbit_of() {
	local out
	out=$(bench_json "$1" "$2" op "$3" size 1M time "$4" concurrency 8)
	if ! jq -e '.errors == 0 and .mismatches == 0' <<< "$out" > /dev/null 2>&1; then
		echo "  lnetmr $3: FAILED TRANSFERS: $out" >&2
		echo 0
		return
	fi
	bench_mbit "$out"
}

# check_api_example NS NID WHAT: the in-kernel API example module
# (samples/lnet_api_example.c), loaded in NS, PUTs 1 MiB and 4097 bytes to
# NID and GETs them back, every byte compared; then a NID on a network NS
# has no NI on: the load fails with ENETUNREACH, and nothing stays loaded
check_api_example() {
	local size out

	for size in 1048576 4097; do
		out=$(ip netns exec "$1" modprobe lnetmr_api_example target="$2" size=$size 2>&1)
		check_eq "the kernel-API example module: PUT and GET of $size bytes over $3" \
			"loaded, intact" \
			"$([ -z "$out" ] && echo loaded || echo "$out"), $(dmesg | grep -F \
			  "lnetmr_api_example: PUT and GET of $size bytes to $2:" | tail -n 1 |
			  sed 's/.*: //')"
		rmmod lnetmr_api_example 2>/dev/null
	done
	out=$(ip netns exec "$1" modprobe lnetmr_api_example target=10.99.0.1@tcp99 2>&1)
	check_match "its PUT to a network without NI fails its load, saying why" \
		"Network is unreachable" "$out"
	check "and leaves nothing loaded" test ! -d /sys/module/lnetmr_api_example
}

# now: seconds since the epoch, fractional; sum: the numbers of each line
# added (%.0f: mawk's %d and print stop being exact above 2^31)
now() { date +%s.%N; }
sum() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.0f\n", s }'; }

# sample_rail_bytes NS COUNTER STOPFILE: a line "TIME BYTES" every 0.2 s,
# BYTES the COUNTER of NS's rails summed, until STOPFILE exists.  Read from
# the text output by awk alone (a counter's value is under its name, on the
# line after its row's names), in the shell's own clock ($EPOCHREALTIME):
# with jq and date in the loop, a sample took about 1 s on a VM whose CPUs
# carry the traffic, too coarse for a recovery timed in seconds.
sample_rail_bytes() {
	while [ ! -e "$3" ]; do
		echo "$EPOCHREALTIME $(lnetmrctl -n "$1" rail show -s | text_counter_of "$2" |
			awk '{ s += $1 } END { printf "%.0f", s }')"
		sleep 0.2
	done
}

# text_counter_of NAME [DEV] < the text of "rail show -s": the value of
# counter NAME of each rail (of DEV's only, when given), a line each: the
# value sits under its name, on the line after its row's names
text_counter_of() {
	awk -v k="$1" -v dev="${2:-}" '
		$0 !~ /^ / {	# a rail line: "net N dev D nid ..."
			mine = dev == ""; col = 0
			for (i = 1; i < NF; i++) if ($i == "dev" && $(i + 1) == dev) mine = 1
			next
		}
		col { print $(col - 1); col = 0; next }
		mine { for (i = 2; i <= NF; i++) if ($i == k) col = i }'
}

# recovered SAMPLES T0 MBIT: seconds from T0 until the throughput over the
# following second (from sample_rail_bytes' lines) is at least MBIT, or 99
recovered() {
	awk -v t0="$2" -v want="$3" '
		{ t[NR] = $1; b[NR] = $2 }
		END {
			for (i = 1; i <= NR; i++) {
				if (t[i] < t0) continue
				for (j = i; j <= NR && t[j] < t[i] + 1; j++) ;
				if (j > NR) break
				if ((b[j] - b[i]) * 8 / (t[j] - t[i]) / 1e6 >= want) {
					printf "%.2f\n", t[i] - t0; exit
				}
			}
			print 99
		}' "$1"
}

# wait_for SECONDS CMD...: until CMD succeeds (1 if it did not in time)
wait_for() {
	local end=$((SECONDS + $1))

	shift
	while ! "$@"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

# all_healthy NS: every rail and every peer NID of NS is at full health
all_healthy() {
	[ "$(lnetmrctl -j -n "$1" rail show | jq '[.[] | select(.health != 1000)] | length')" = 0 ] &&
	[ "$(lnetmrctl -j -n "$1" peer show |
	     jq '[.[].nids[] | select(.health != 1000)] | length')" = 0 ]
}

# rail_stat NS DEV NAME: a counter of a rail; node_stat NS NAME: of the node
rail_stat() {
	lnetmrctl -j -n "$1" rail show -s | jq -r --arg dev "$2" --arg k "$3" \
		'.[] | select(.dev == $dev) | .stats[$k]'
}

node_stat() {
	lnetmrctl -j -n "$1" stats show | jq -r --arg k "$2" '.node[$k]'
}

# policy_matches NS ID: the matches counter of selection rule ID (paths
# chosen while it decided)
policy_matches() {
	lnetmrctl -j -n "$1" policy show | jq -r --argjson id "$2" '.[] | select(.id == $id) | .matches'
}

# bench_bg NS ARGS...: start a bench from NS (ARGS as for lnetmrctl bench)
# in the background; $BENCH_PID is its process.  bench_wait VAR waits for
# it to end and sets VAR to its JSON summary line.  One at a time.
bench_bg() {
	local ns=$1
	shift
	BENCH_OUT=$(mktemp)
	lnetmrctl -j -n "$ns" bench "$@" > "$BENCH_OUT" 2>&1 &
	BENCH_PID=$!
}

bench_wait() {
	local -n summary=$1	# the caller's VAR

	wait "$BENCH_PID"
	# shellcheck disable=SC2034 # read by the caller, through the nameref
	summary=$(tail -n 1 "$BENCH_OUT")
	rm -f "$BENCH_OUT"
}

# bench_across_flap NS DEV SECONDS NS_BENCH ARGS...: run a bench from
# NS_BENCH (ARGS as for lnetmrctl bench), set DEV of NS down after SECONDS
# and up again SECONDS later; print the bench's JSON summary line.  DEV
# goes down only once the bench's traffic moves on it (for up to 5 s
# more), so that it has something in flight to lose: a rail that had just
# come back may not carry at once.
bench_across_flap() {
	local ns=$1 dev=$2 pause=$3 nsb=$4 out b0

	shift 4
	b0=$(rail_bytes_of "$ns" "$dev")
	bench_bg "$nsb" "$@"
	sleep "$pause"
	for _ in $(seq 25); do
		[ $(($(rail_bytes_of "$ns" "$dev") - b0)) -ge 262144 ] && break
		sleep 0.2
	done
	ip -n "$ns" link set "$dev" down
	sleep "$pause"
	ip -n "$ns" link set "$dev" up
	bench_wait out
	echo "$out"
}

# bench_json NS ARGS...: run a bench, print its JSON summary line
bench_json() {
	local ns=$1
	shift
	lnetmrctl -j -n "$ns" bench "$@" | tail -n 1
}

# ---- raw netlink (selftests/nlraw) -----------------------------------

# enum_val NAME: the value of a UAPI enum constant
enum_val() {
	awk -v want="$1" '
		/^enum/ { n = -1 }
		/^\t[A-Z_0-9]+,/ || /^\t[A-Z_0-9]+ =/ {
			name = $1; sub(",", "", name)
			if ($2 == "=") n = $3 + 0; else n++
			if (name == want) { print n; exit }
		}' "$TOP_DIR/uapi/linux/lnetmr.h"
}

# nlraw ARGS...: selftests/nlraw, in $NLRAW_NS when that is set
nlraw() {
	if [ -n "${NLRAW_NS:-}" ]; then
		ip netns exec "$NLRAW_NS" "$NLRAW" "$@"
	else
		"$NLRAW" "$@"
	fi
}

# expect_err DESC ERRNO ATTR_TYPE NLRAW_ARGS...: the kernel refuses with
# ERRNO and an extack message pointing at attribute ATTR_TYPE ($NLRAW_NS,
# if set, names the namespace to run in)
expect_err() {
	local desc=$1 errno=$2 attr=$3 out
	shift 3
	out=$(nlraw "$@")
	if [[ "$out" =~ ^error\ $errno\ msg=(.+)\ offs_type=$attr\ miss_type= ]]; then
		pass "$desc"
	else
		fail "$desc" "expected: error $errno with a message at attribute $attr" "got: $out"
	fi
}

# expect_missing DESC ATTR_TYPE NLRAW_ARGS...: refused for a missing attribute
expect_missing() {
	local desc=$1 attr=$2 out
	shift 2
	out=$(nlraw "$@")
	if [[ "$out" =~ ^error\ 22\ .*miss_type=$attr$ ]]; then
		pass "$desc"
	else
		fail "$desc" "expected: missing attribute $attr" "got: $out"
	fi
}

# ---- trace events (lnet/lnetmr_trace.h) --------------------------------

TRACEFS=/sys/kernel/tracing

# trace_begin: tracefs mounted, lnetmr's events off again when the test ends.
# Task names are not recorded: recording them hooks the scheduler's
# tracepoints, whose code patching (int3 breakpoints, text_poke) raced
# with another vCPU under TCG once and oopsed in ttwu_do_activate (a
# CI run on 7.3.4, 2026-12-04); lnetmr's events need no task names.
trace_begin() {
	[ -d $TRACEFS/events ] || mount -t tracefs nodev $TRACEFS 2> /dev/null
	echo 0 > $TRACEFS/options/record-cmd 2> /dev/null
	echo 0 > $TRACEFS/options/record-tgid 2> /dev/null
	at_exit "echo 0 > $TRACEFS/events/lnetmr/enable"
}

# trace_start: record lnetmr's events from now, into an empty buffer;
# trace_stop FILE: stop and write what was recorded to FILE
trace_start() {
	echo 0 > $TRACEFS/tracing_on
	echo > $TRACEFS/trace
	echo 4096 > $TRACEFS/buffer_size_kb
	echo 1 > $TRACEFS/events/lnetmr/enable
	echo 1 > $TRACEFS/tracing_on
}

trace_stop() {
	echo 0 > $TRACEFS/tracing_on
	echo 0 > $TRACEFS/events/lnetmr/enable
	cat $TRACEFS/trace > "$1"
}

# netns_inode NS: the inode number of namespace NS, the "node" of events
netns_inode() { stat -L -c %i "/run/netns/$1"; }

# trace_fields FILE EVENT NODE [WORD...]: the events EVENT of NODE (an
# inode number) in FILE that hold every WORD ("key=value", or a bare word
# such as PUT), one per line as the event's text
trace_fields() {
	local file=$1 ev=$2 node=$3
	shift 3
	awk -v ev="$ev:" -v node="node=$node" -v want="$*" '
		$0 ~ " " ev " " {
			sub(/^.* [a-z_]+: /, "")
			if ($1 != node)
				next
			n = split(want, w, " ")
			for (i = 1; i <= n; i++)
				if (index(" " $0 " ", " " w[i] " ") == 0)
					next
			print
		}' "$file"
}

# trace_count FILE EVENT NODE [WORD...]: how many trace_fields prints
trace_count() { trace_fields "$@" | wc -l; }

# trace_field KEY: the value of KEY in each event of stdin
trace_field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

# stripe_bad_tiles FILE EVENT NODE [WORD...]: of the stripe events
# (lnetmr_stripe_issue or _land) that trace_fields selects, the transfers
# whose stripes do not tile them exactly once (offsets from 0, each where
# the last ended, up to the transfer's length): 0 when all do.  Cookies
# compare as text: awk may read hex as a number, and a double tells no two
# cookies of one node apart.
stripe_bad_tiles() {
	trace_fields "$@" | awk '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		print f["xfer"], f["offset"], f["len"], $NF }' |
	sort -k1,1 -k2,2n | awk '
		$1 "" != x { if (x != "" && end != total) bad++; x = $1 ""; end = 0; total = $4 }
		{ if ($2 != end) bad++; end = $2 + $3 }
		END { if (x != "" && end != total) bad++; print bad + 0 }'
}

# stripe_xfers FILE EVENT NODE [WORD...]: how many transfers those are
stripe_xfers() { trace_fields "$@" | trace_field xfer | sort -u | wc -l; }

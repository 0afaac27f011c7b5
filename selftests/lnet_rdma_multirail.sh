#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multi-rail over RDMA: one o2ib NI over N Soft-RoCE rails, through the
# same selection, health, resend and striping code as TCP rails.
#
#  - The ceiling: what 4 unshaped rails carry on this machine sets R, the
#    rate each rail is shaped to (a tenth of it, 15 to 20 Mbit/s), so
#    that the links, not the emulated CPU, are the limit.
#  - Aggregation: N = 1, 2, 4 rails shaped to R Mbit/s each (netem rate:
#    tbf's drops cripple RoCE's go-back-N), PUT and GET of 1 MiB, 8 in
#    flight: at least 0.85 x N x R, each rail's share of the RDMA bytes
#    within 10% of 1/N, every byte checked; rails of R and 2R carry 1:2.
#  - Striping: one 64 MiB GET and 1 MiB PUTs striped over 4 rails travel
#    as RDMA WRITEs on every rail at once, each stripe's sink registered
#    on the device of its own rail.
#  - Failover during a bench over 2 and 4 rails: a port going down, its
#    device deleted (rdma link delete), its link dropping everything
#    (netem loss 100%), then each back: no error, no mismatch, throughput
#    back to 0.8 x (N-1) x R within 2 s of the port going down (steady
#    state over RDMA rails is about 0.9 x N x R, read off counters that
#    move in MiB steps), the lost rails back at full health and carrying
#    traffic again.
#  - A queue pair going to error under a bench (silence longer than RC's
#    retransmissions, the port up): counted (qp-errors, and rxe's own
#    retry_exceeded_err), what was in flight resent on the other rail, no
#    error, the rail back at full health and carrying its share.
#  - Two networks to one peer: o2ib and tcp; RDMA carries everything while
#    an RDMA rail works, TCP when none does, RDMA again once it is back,
#    and nothing is lost.
source "$(dirname "$0")/lib.sh"
lnet_test_begin rdma rping tc awk
require_rxe_netns
modprobe sch_netem 2>/dev/null

SECS=${RDMA_SECS:-5}

# rdma_bytes NS: RDMA payload bytes each rail of NS wrote plus took, in
# rail order
rdma_bytes() {
	lnetmrctl -j -n "$1" rail show -s |
		jq -r '[sort_by(.dev)[] | .stats."tx-rdma-bytes" + .stats."rx-rdma-bytes"] |
			map(tostring) | join(" ")'
}
# run_bench OP SIZE: bench A -> B; sets $out, $mbit and $deltas (RDMA
# bytes per rail of A)
run_bench() {
	local before
	before=$(rdma_bytes "$NS_A")
	out=$(bench_json "$NS_A" "$NID_B" op "$1" size "${2:-1M}" time "$SECS" concurrency 8)
	deltas=$(delta "$before" "$(rdma_bytes "$NS_A")")
	mbit=$(bench_mbit "$out")
}
intact() {	# DESC: the last bench had no error and no mismatch
	check_eq "$1: no error, no mismatch" "0 0" \
		"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out" 2>/dev/null)"
}
drop_nodes() { rdma_ns_del "$NS_A" "$NS_B"; }

# ---- the unshaped ceiling, and striping over 4 rails ----------------------
# R, the rate each rail is shaped to, must leave the links, not the
# emulated CPU, as the limit at N = 4: rdma_rate_for picks it from what 4
# unshaped rails carry on this machine (RDMA_RATE overrides it).
setup "4 unshaped RDMA rails" rdma_nodes s 4
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
out=$(bench_json "$NS_A" "$NID_B" op put size 1M time 3 concurrency 8)
c_put=$(bench_mbit "$out")
out=$(bench_json "$NS_A" "$NID_B" op get size 1M time 3 concurrency 8)
c_get=$(bench_mbit "$out")
R=${RDMA_RATE:-$(rdma_rate_for "$c_put" "$c_get")}
echo "# 4 unshaped RDMA rails carry PUT $c_put and GET $c_get Mbit/s: R = $R Mbit/s per rail"
check "4 unshaped RDMA rails carry at least 4 x 20 Mbit/s (PUT $c_put, GET $c_get)" \
	ratio_ok "$(awk -v p="${c_put:-0}" -v g="${c_get:-0}" 'BEGIN { print p < g ? p : g }')" 80 1 100000
sinks() { lnetmrctl -j -n "$1" rail show -s | jq -r '[sort_by(.dev)[] | .stats."rdma-sinks"] | map(tostring) | join(" ")'; }
# spread TOTAL BYTES SINKS: every rail carried at least 3/4 of its share,
# and as many 1 MiB sinks as MiB it carried (each stripe registered on the
# device of the rail it came by)
spread() {
	awk -v t="$1" -v b="$2" -v s="$3" 'BEGIN { n = split(b, x); split(s, y)
		for (i = 1; i <= n; i++)
			if (x[i] < t / n * 3 / 4 || x[i] != y[i] * 1048576) exit 1 }'
}
before=$(rdma_bytes "$NS_A") sa=$(sinks "$NS_A")
out=$(bench_json "$NS_A" "$NID_B" op get size 64M count 1 concurrency 1)
check_eq "one 64 MiB GET over 4 RDMA rails: intact" "1 0 0 67108864" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches) \(.bytes)"' <<< "$out")"
d=$(delta "$before" "$(rdma_bytes "$NS_A")") ds=$(delta "$sa" "$(sinks "$NS_A")")
check "its stripes landed by RDMA on every rail at once, each in a sink of its rail (bytes $d, sinks $ds)" \
	spread 67108864 "$d" "$ds"
lnetmrctl -n "$NS_B" set bench-sink-max 64M
before=$(rdma_bytes "$NS_B") sb=$(sinks "$NS_B")
out=$(bench_json "$NS_A" "$NID_B" op put size 64M count 1 concurrency 1)
check_eq "one 64 MiB PUT over 4 RDMA rails: intact (B's sink checked it)" "1 0 0 67108864" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches) \(.bytes)"' <<< "$out")"
d=$(delta "$before" "$(rdma_bytes "$NS_B")") ds=$(delta "$sb" "$(sinks "$NS_B")")
check "its stripes were RDMA-written on every rail, each into a sink of its rail (bytes $d, sinks $ds)" \
	spread 67108864 "$d" "$ds"
lnetmrctl -n "$NS_A" set stripe-threshold 262144
before=$(rdma_bytes "$NS_B")
out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 40 concurrency 4)
check_eq "40 PUTs of 1 MiB, striped in 4 with the threshold at 256 KiB: intact" "40 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
d=$(delta "$before" "$(rdma_bytes "$NS_B")")
check "B's sinks took them on every rail ($d)" \
	awk -v b="$d" 'BEGIN { n = split(b, x); for (i = 1; i <= n; i++) if (x[i] < 40 * 1048576 / n * 3 / 4) exit 1 }'
drop_nodes

# ---- aggregation --------------------------------------------------------
for n in 1 2 4; do
	setup "$n RDMA rail(s) of $R Mbit/s between two nodes" rdma_nodes "$n" "$n" "$R"
	lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
	check_eq "N=$n: A knows B's $n NIDs" "$n" \
		"$(lnetmrctl -j -n "$NS_A" peer show "$NID_B" | jq '.[0].nids | length')"
	for op in put get; do
		run_bench $op
		echo "# N=$n $op: $mbit Mbit/s of $((n * R)), RDMA bytes per rail: $deltas, shares: $(shares "$deltas")"
		intact "N=$n $op"
		check "N=$n $op: aggregate $mbit Mbit/s >= 0.85 x $((n * R))" \
			ratio_ok "${mbit:-0}" $((n * R)) 0.85 1000
		k=0
		for s in $(shares "$deltas"); do
			check "N=$n $op: ib$k moved $s of the RDMA bytes, 1/$n within 10%" \
				ratio_ok "$s" "$(awk -v n="$n" 'BEGIN { print 1 / n }')" 0.90 1.10
			k=$((k + 1))
		done
	done
	drop_nodes
done

# ---- weighted: R and 2R ---------------------------------------------------
weighted_nodes() {
	local ns
	NS_A=$(ns_create aw) && NS_B=$(ns_create bw) || return 1
	rdma_link "$NS_A" "$NS_B" 0 "$R" && rdma_link "$NS_A" "$NS_B" 1 $((2 * R)) || return 1
	for ns in "$NS_A" "$NS_B"; do
		lnetmrctl -n "$ns" ni add o2ib0 &&
			lnetmrctl -n "$ns" rail add o2ib0 dev ib0 speed "$R" &&
			lnetmrctl -n "$ns" rail add o2ib0 dev ib1 speed $((2 * R)) || return 1
	done
	lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
}
setup "RDMA rails of $R and $((2 * R)) Mbit/s, speeds to match" weighted_nodes
for op in put get; do
	run_bench $op
	read -r d0 d1 <<< "$deltas"
	echo "# weighted $op: $mbit Mbit/s of $((3 * R)), RDMA bytes per rail: $deltas"
	intact "weighted $op"
	check "weighted $op: the $((2 * R)) Mbit/s rail carried twice the bytes, within 15% ($d1:$d0)" \
		ratio_ok "$d1" "$d0" 1.70 2.30
done
drop_nodes

# ---- failover ---------------------------------------------------------------
lossy() {	# DEV on|off, both ends
	local ns
	for ns in "$NS_A" "$NS_B"; do
		if [ "$2" = on ]; then
			tc -n "$ns" qdisc replace dev "$1" root netem loss 100%
		else
			rdma_shape "$ns" "$1" "$R"
		fi
	done
}
# rail_recreate DEV: A's Soft-RoCE device on DEV made anew (the old one
# went away with its rail) and the rail added again
rail_recreate() {
	ip netns exec "$NS_A" rdma link delete "$(rxe_name "$NS_A" "$1")"
	for _ in $(seq 50); do
		lnetmrctl -j -n "$NS_A" rail show | jq -e --arg d "$1" 'any(.[]; .dev == $d)' \
			> /dev/null || break
		sleep 0.1
	done
	rxe_add "$NS_A" "$1" && lnetmrctl -n "$NS_A" rail add o2ib0 dev "$1" speed "$R"
}
full() {	# NS DEV: the rail is up at health 1000
	[ "$(lnetmrctl -j -n "$1" rail show |
	     jq -r --arg d "$2" '.[] | select(.dev == $d) | "\(.state) \(.health)"')" = "up 1000" ]
}

for n in 2 4; do
	setup "failover: two nodes, $n RDMA rails of $R Mbit/s" rdma_nodes "f$n" "$n" "$R"
	for ns in "$NS_A" "$NS_B"; do
		lnetmrctl -n "$ns" set timeout 1000 transaction-timeout 20000
	done
	lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
	last=ib$((n - 1)) mid=ib$((n / 2))
	tmp=$(mktemp -d)
	bench_bg "$NS_A" "$NID_B" op put size 1M time 40 concurrency 8
	sample_rail_bytes "$NS_A" tx-rdma-bytes "$tmp/stop" > "$tmp/samples" &
	sampler=$!
	sleep 3
	t_down=$(now)
	ip -n "$NS_A" link set ib0 down		# the port goes down with it
	sleep 3
	# back up; Soft-RoCE (7.3) does not carry again after a link down
	# under load (rping fails too until the device is made anew): a new
	# device, and the rail with it
	ip -n "$NS_A" link set ib0 up
	rail_recreate ib0
	sleep 2
	ip netns exec "$NS_A" rdma link delete "$(rxe_name "$NS_A" "$mid")"
	sleep 3
	rxe_add "$NS_A" "$mid"
	lnetmrctl -n "$NS_A" rail add o2ib0 dev "$mid" speed "$R"
	sleep 2
	lossy "$last" on
	sleep 4
	lossy "$last" off
	bench_wait out
	touch "$tmp/stop"
	wait $sampler
	intact "$n rails: the bench across port down, device deletion and silent loss"
	check "$n rails: and moved data ($(jq -r .msgs <<< "$out") MiB)" jq -e '.msgs > 40' <<< "$out"
	want=$((8 * (n - 1) * R / 10))
	took=$(recovered "$tmp/samples" "$t_down" $want)
	check "$n rails: back to 0.8 x $((n - 1)) x $R Mbit/s within 2 s of the port going down (${took} s)" \
		awk -v t="$took" 'BEGIN { exit !(t <= 2) }'
	rm -rf "$tmp"
	for dev in ib0 "$mid" "$last"; do
		for _ in $(seq 150); do full "$NS_A" "$dev" && break; sleep 0.2; done
		check "$n rails: $dev is back up at full health" full "$NS_A" "$dev"
	done
	before=$(rdma_bytes "$NS_A")
	out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 40 concurrency 8)
	check_eq "$n rails: a bench afterwards is intact" "40 0 0" \
		"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
	k=0
	for b in $(delta "$before" "$(rdma_bytes "$NS_A")"); do
		check "$n rails: ib$k carries its share again ($b bytes)" \
			test "$b" -ge $((40 * 1048576 / n / 2))
		k=$((k + 1))
	done
	drop_nodes
done

# ---- a queue pair going to error under traffic -------------------------------
# Silence on one rail longer than RC's retransmissions (Soft-RoCE: 6 tries
# of about 0.54 s) and shorter than the node's timeout (10 s): the queue
# pair itself fails (retry count exceeded) while the port stays up, and
# what was in flight on it goes again on the other rail.
retry_exceeded() {	# NS DEV: the rxe device's retry_exceeded_err counter
	ip netns exec "$1" rdma statistic show link "$(rxe_name "$1" "$2")/1" |
		awk '{ for (i = 1; i < NF; i++) if ($i == "retry_exceeded_err") print $(i + 1) }'
}
setup "a queue pair in error: two nodes, 2 RDMA rails of $R Mbit/s" rdma_nodes q 2 "$R"
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
qe0=$(rail_stat "$NS_A" ib1 qp-errors) rs0=$(rail_stat "$NS_A" ib1 resends)
re0=$(retry_exceeded "$NS_A" ib1)
bench_bg "$NS_A" "$NID_B" op put size 1M time 24 concurrency 8
sleep 3
lossy ib1 on
sleep 7
st=$(lnetmrctl -j -n "$NS_A" rail show | jq -r '.[] | select(.dev == "ib1") | .state')
lossy ib1 off
bench_wait out
intact "a queue pair in error under a bench"
qe=$(($(rail_stat "$NS_A" ib1 qp-errors) - qe0)) re=$(($(retry_exceeded "$NS_A" ib1) - re0))
rs=$(($(rail_stat "$NS_A" ib1 resends) - rs0))
check "ib1's queue pair went to error (qp-errors +$qe, rxe retry_exceeded_err +$re) while its port stayed up ($st)" \
	test $qe -ge 1 -a $re -ge 1 -a "$st" != down
check "what was in flight on it went again on ib0 (ib1 resends +$rs)" test $rs -ge 1
check "the bench moved data meanwhile ($(jq -r .msgs <<< "$out") MiB)" jq -e '.msgs > 40' <<< "$out"
for _ in $(seq 150); do full "$NS_A" ib1 && break; sleep 0.2; done
check "ib1 is back up at full health" full "$NS_A" ib1
before=$(rdma_bytes "$NS_A")
out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 40 concurrency 8)
read -r d0 d1 <<< "$(delta "$before" "$(rdma_bytes "$NS_A")")"
check_eq "a bench afterwards is intact" "40 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check "and ib1 carries its share again ($d1 bytes)" test "$d1" -ge $((40 * 1048576 / 4))
drop_nodes

# ---- two networks to one peer -----------------------------------------------
two_networks() {
	local ns
	rdma_nodes x 2 "$R" && rail_link "$NS_A" "$NS_B" 0 "$R" || return 1
	for ns in "$NS_A" "$NS_B"; do
		lnetmrctl -n "$ns" ni add tcp0 && lnetmrctl -n "$ns" rail add tcp0 dev eth0 speed "$R" ||
			return 1
	done
	lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
}
setup "o2ib over 2 RDMA rails and tcp over one, to one peer" two_networks
for ns in "$NS_A" "$NS_B"; do
	lnetmrctl -n "$ns" set timeout 1000 transaction-timeout 20000
done
check_eq "A knows B's 3 NIDs on both networks" "10.1.0.2@tcp 10.2.0.2@o2ib 10.2.1.2@o2ib" \
	"$(lnetmrctl -j -n "$NS_A" peer show "$NID_B" | jq -r '[.[0].nids[].nid] | sort | join(" ")')"
tcp_bytes() { rail_stat "$NS_A" eth0 tx-bytes; }
o2ib_bytes() { rail_counters "$NS_A" tx-rdma-bytes | sum; }
t0=$(tcp_bytes) o0=$(o2ib_bytes)
out=$(bench_json "$NS_A" 10.1.0.2@tcp op put size 1M count 20 concurrency 8)
check_eq "20 PUTs addressed to B's tcp NID: intact" "20 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check "they went by RDMA, the faster network ($(($(o2ib_bytes) - o0)) bytes)" \
	test $(($(o2ib_bytes) - o0)) -ge $((20 << 20))
check "and TCP carried none of the bulk ($(($(tcp_bytes) - t0)) bytes)" \
	test $(($(tcp_bytes) - t0)) -lt $((1 << 20))

tmp=$(mktemp -d)
bench_bg "$NS_A" "$NID_B" op put size 1M time 40 concurrency 8
sleep 3
t0=$(tcp_bytes)
for dev in ib0 ib1; do ip -n "$NS_A" link set "$dev" down; done
sleep 5
t1=$(tcp_bytes)
o1=$(o2ib_bytes)
sleep 3
check "every RDMA rail down: TCP carries the traffic ($(((t1 - t0) >> 20)) MiB in 5 s, a quarter of $R Mbit/s wanted)" \
	test $((t1 - t0)) -gt $((5 * R * 1000000 / 8 / 4))
check_eq "and RDMA nothing" "$o1" "$(o2ib_bytes)"
for dev in ib0 ib1; do ip -n "$NS_A" link set "$dev" up; rail_recreate "$dev"; done
for _ in $(seq 100); do full "$NS_A" ib0 && full "$NS_A" ib1 && break; sleep 0.2; done
# the traffic moves back once the new paths answer (connections to B made
# anew, B's NIDs pinged back to full health): 2 s windows until one has
# the bulk on RDMA and none on TCP, for at most 20 s
t_up=$(now) back=""
for _ in $(seq 10); do
	t2=$(tcp_bytes) o2=$(o2ib_bytes)
	sleep 2
	dt=$(($(tcp_bytes) - t2)) do=$(($(o2ib_bytes) - o2))
	if [ $do -gt $((2 << 20)) ] && [ $dt -lt $((1 << 20)) ]; then
		back=$(awk -v a="$(now)" -v b="$t_up" 'BEGIN { printf "%.1f", a - b }')
		break
	fi
done
check "RDMA back: it carries the traffic again, TCP no bulk (a 2 s window of $((do >> 20)) MiB by RDMA, $dt bytes by TCP, ${back:-never} s after)" \
	test -n "$back"
[ -n "$back" ] || lnetmrctl -j -n "$NS_A" peer show "$NID_B" >&2
bench_wait out
intact "across the move to TCP and back"
rm -rf "$tmp"

# a rule makes TCP the preferred network, whatever the default, among
# paths of equal health (health decides first): once A's are all back to
# full health after the move.  Striped PUTs, 8 in flight: 8 MiB queued on
# one TCP rail of R Mbit/s is seconds of socket buffer, and until
# 2026-12-03 the TCP transport timed a zero-copy ACK from the send, not
# from the peer's last progress, so those stripes failed the timeout of
# 1 s set above, the TCP path lost health and 1.5 to 6 of 10 MiB went by
# RDMA after all (the trace events showed it: lnetmr_health status=-110
# on eth0, then the resends)
check "A's rails and peer NIDs are all at full health again" wait_for 30 all_healthy "$NS_A"
id=$(lnetmrctl -n "$NS_A" policy add src tcp0 priority 1 | awk '{ print $2 }')
t0=$(tcp_bytes) o0=$(o2ib_bytes)
out=$(bench_json "$NS_A" "$NID_B" op put size 1M count 10 concurrency 8)
moved=$(($(tcp_bytes) - t0))
check_eq "10 striped PUTs of 1 MiB under the rule: intact" "10 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
check "a src rule preferring tcp0 moves the bulk to TCP ($moved bytes)" test $moved -ge $((10 << 20))
check_eq "and none of it by RDMA" "$o0" "$(o2ib_bytes)"
[ $moved -ge $((10 << 20)) ] || lnetmrctl -j -n "$NS_A" peer show "$NID_B" >&2	# the paths' health
lnetmrctl -n "$NS_A" policy del "$id"
drop_nodes

ktap_end

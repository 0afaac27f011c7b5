#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks, run inside the VM by scripts/bench.sh, over one unshaped
# veth pair between two namespaces:
#  1. bandwidth: lnetmr bench PUT of 1 MiB messages vs one iperf3 TCP stream
#  2. latency: 8-byte PUT + ACK round trip vs a TCP ping-pong of 8 bytes
# then over N = 1, 2, 4 rails shaped to R each (see "multi-rail" below):
#  3. lnetmr, MPTCP, bonding balance-rr and N pinned TCP flows
#  4. lnetmr's failover: a rail's link down and up under a PUT bench
set -u
source "$(dirname "$0")/../selftests/lib.sh"
SECS=${BENCH_SECS:-10}
ROUNDS=${BENCH_ROUNDS:-5000}

modprobe lnetmr
trap 'lib_cleanup; unload_lnetmr' EXIT
if [ "${BENCH_SKIP_UNSHAPED:-0}" != 1 ]; then
two_nodes >/dev/null || { echo "bench: setup failed"; exit 1; }
lnetmrctl -n "$NS_A" ping "$NID_B" >/dev/null

echo "== bandwidth, ${SECS}s each, one unshaped veth pair"
ip netns exec "$NS_B" iperf3 -s -D -1 >/dev/null
sleep 0.5
tcp_bps=$(ip netns exec "$NS_A" iperf3 -c 10.1.0.2 -t "$SECS" -J |
	jq '.end.sum_received.bits_per_second')
lnet=$(lnetmrctl -j -n "$NS_A" bench "$NID_B" op put size 1M time "$SECS" concurrency 8 |
	tail -n 1)
lnet_bps=$(jq '.bytes * 8 / (."elapsed-s" | tonumber)' <<< "$lnet")
printf '%-40s %10.2f Gbit/s\n' "iperf3, one TCP stream" "$(jq -n "$tcp_bps / 1e9")"
printf '%-40s %10.2f Gbit/s  (errors %s, mismatches %s)\n' \
	"lnetmr bench PUT 1 MiB, concurrency 8" "$(jq -n "$lnet_bps / 1e9")" \
	"$(jq .errors <<< "$lnet")" "$(jq .mismatches <<< "$lnet")"
printf '%-40s %10.3f\n' "ratio lnetmr / iperf3" "$(jq -n "$lnet_bps / $tcp_bps")"

echo "== round trip of 8 bytes, $ROUNDS rounds"
ip netns exec "$NS_B" "$LIB_DIR/tcp_pingpong" server 5001 &
tcp_us=$(ip netns exec "$NS_A" "$LIB_DIR/tcp_pingpong" client 10.1.0.2 5001 8 "$ROUNDS")
lnet=$(lnetmrctl -j -n "$NS_A" bench "$NID_B" op put size 8 count "$ROUNDS" concurrency 1 |
	tail -n 1)
lnet_us=$(jq '(."elapsed-s" | tonumber) * 1e6 / .msgs' <<< "$lnet")
printf '%-40s %10.1f us\n' "TCP ping-pong, 8 bytes" "$tcp_us"
printf '%-40s %10.1f us\n' "lnetmr PUT 8 bytes + ACK" "$lnet_us"
printf '%-40s %10.3f\n' "ratio lnetmr / TCP" "$(jq -n "$lnet_us / $tcp_us")"
ip netns del "$NS_A"
ip netns del "$NS_B"
fi

# ---- multi-rail: N = 1, 2, 4 rails, each shaped to R both ways ---------
#
# Every figure is measured in this run over the same kind of rails: veth
# pairs shaped with tc tbf on both ends (selftests/lib.sh: shape).
#   lnetmr  one NI over the N rails, bench PUT and GET of 1 MiB, 8 in flight
#   mptcp   one iperf3 stream made MPTCP by mptcpize, one subflow per rail
#           (a "subflow" endpoint on the client for each rail but the first)
#   bond    the bonding driver, balance-rr over the N veths on both ends;
#           one iperf3 stream, and N streams (-P N)
#   pinned  N iperf3 streams, each bound to one rail's addresses: the ideal
# Lines "csv,..." carry the data that scripts/bench.sh writes to
# bench-results/ and plots.
R=${BENCH_RATE:-100}
MR_SECS=${BENCH_MR_SECS:-8}
FO_SECS=${BENCH_FO_SECS:-14}
FO_N=${BENCH_FO_RAILS:-4}
modprobe sch_tbf
modprobe bonding max_bonds=0
FO_SUMMARY=$(mktemp)
at_exit "rm -f $FO_SUMMARY"

# frac MBIT N: as a fraction of N x R
frac() { awk -v m="$1" -v n="$2" -v r="$R" 'BEGIN { printf "%.3f", m / (n * r) }'; }

# iperf_run CLIENT_NS SERVER_NS ADDR PORT [ARGS...]: one iperf3 test of
# MR_SECS (MPTCP with IPERF_MPTCP=1), prints the bits/s received
iperf_run() {
	local cns=$1 sns=$2 addr=$3 port=$4 wrap=()
	shift 4
	[ "${IPERF_MPTCP:-0}" = 1 ] && wrap=(mptcpize run)
	ip netns exec "$sns" "${wrap[@]}" iperf3 -s -D -1 -p "$port" -B "$addr" > /dev/null
	sleep 0.5
	ip netns exec "$cns" "${wrap[@]}" iperf3 -c "$addr" -p "$port" -t "$MR_SECS" -J "$@" |
		jq '.end.sum_received.bits_per_second // 0'
}

# veth_bytes NS N: bytes sent by eth0..eth(N-1) of NS
veth_bytes() {
	local k out=()
	for ((k = 0; k < $2; k++)); do
		out+=("$(ip netns exec "$1" cat "/sys/class/net/eth$k/statistics/tx_bytes")")
	done
	echo "${out[*]}"
}

# bond_nodes TAG N: namespaces $BS_A and $BS_B joined by N veths, shaped
# like the rails, enslaved to a balance-rr bond0 on both ends
bond_nodes() {
	local k ns
	BS_A=$(ns_create "ba$1") && BS_B=$(ns_create "bb$1") || return 1
	for ns in "$BS_A" "$BS_B"; do
		ip -n "$ns" link add bond0 type bond mode balance-rr || return 1
	done
	for ((k = 0; k < $2; k++)); do
		ip link add "eth$k" netns "$BS_A" type veth peer name "eth$k" netns "$BS_B" ||
			return 1
		for ns in "$BS_A" "$BS_B"; do
			ip -n "$ns" link set "eth$k" master bond0 && ip -n "$ns" link set "eth$k" up &&
				shape "$ns" "eth$k" "$R" || return 1
		done
	done
	ip -n "$BS_A" addr add 10.2.0.1/24 dev bond0 && ip -n "$BS_A" link set bond0 up &&
		ip -n "$BS_B" addr add 10.2.0.2/24 dev bond0 && ip -n "$BS_B" link set bond0 up
}

# failover N: PUT bench for FO_SECS over the current N rails; the last
# rail's link goes down on A at 4 s and up at 10 s.  Every ~0.25 s A's
# rails are read twice: lnetmr's tx-bytes (payload of completed messages:
# goodput, in steps of 1 MiB) and the veths' tx_bytes (what went on the
# wire, to the byte, headers and resent messages included).  Prints
# "csv,failover,START,END,GOODPUT_MBIT,WIRE_MBIT" per interval (goodput
# over the interval and the one before it, ~0.5 s, as single intervals hold
# only a few messages), "csv,failover_events,DOWN,UP" and a summary.
failover() {
	local n=$1 fo t0 t_down t_up bpid spid last=eth$(($1 - 1)) r0 r1 devs=()
	for ((k = 0; k < n; k++)); do devs+=("/sys/class/net/eth$k/statistics/tx_bytes"); done
	fo=$(mktemp)
	r0=$(rail_stat "$NS_A" "$last" resends)
	lnetmrctl -j -n "$NS_A" bench "$NID_B" op put size 1M time "$FO_SECS" \
		concurrency 8 > "$fo.bench" &
	bpid=$!
	t0=$EPOCHREALTIME
	(
		while kill -0 $bpid 2>/dev/null; do
			s=$(lnetmrctl -j -n "$NS_A" rail show -s)
			w=$(ip netns exec "$NS_A" cat "${devs[@]}")
			echo "$EPOCHREALTIME ${w//$'\n'/ } ${s//$'\n'/}"
			sleep 0.15
		done
	) > "$fo" &
	spid=$!
	sleep 4
	t_down=$EPOCHREALTIME
	ip -n "$NS_A" link set "$last" down
	sleep 6
	t_up=$EPOCHREALTIME
	ip -n "$NS_A" link set "$last" up
	wait $bpid
	wait $spid
	r1=$(rail_stat "$NS_A" "$last" resends)
	t_down=$(awk -v a="$t_down" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
	t_up=$(awk -v a="$t_up" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
	echo "csv,failover_events,$t_down,$t_up"
	# each sample: time, wire bytes summed, goodput bytes summed
	cut -d ' ' -f $((n + 2))- "$fo" | jq -c '[.[] | .stats."tx-bytes"] | add' > "$fo.good"
	cut -d ' ' -f 1-$((n + 1)) "$fo" | paste -d ' ' - "$fo.good" | awk -v t0="$t0" '
		{ w = 0; for (i = 2; i < NF; i++) w += $i
		  t[NR] = $1 - t0; W[NR] = w; G[NR] = $NF }
		END { for (i = 2; i <= NR; i++) { j = i > 2 ? i - 2 : i - 1
			printf "csv,failover,%.3f,%.3f,%.1f,%.1f\n", t[i - 1], t[i],
				(G[i] - G[j]) * 8 / (t[i] - t[j]) / 1e6,
				(W[i] - W[i - 1]) * 8 / (t[i] - t[i - 1]) / 1e6 } }' > "$fo.rates"
	cat "$fo.rates"
	echo "  failover over $n rails: bench $(tail -n 1 "$fo.bench" | jq -c '{msgs, errors, mismatches}'), $last resent $((r1 - r0)) messages"
	# per series (goodput, wire): before = mean from 1 s to the down; dip =
	# lowest while down; back = from the down, time until two intervals in
	# a row reach 0.9 x (N-1) x R; up = the same after the up, to 0.9 x N x R
	sed 's/^csv,failover,//' "$fo.rates" | awk -F, -v d="$t_down" -v u="$t_up" -v n="$n" -v r="$R" '
		{ s[NR] = $1; e[NR] = $2; m[1, NR] = $3; m[2, NR] = $4 }
		END {
			out = "csv,failover_summary," n
			for (c = 1; c <= 2; c++) {
				sum = dt = 0; dip = -1; back = up = -1
				for (i = 1; i <= NR; i++) {
					if (s[i] >= 1 && e[i] <= d) { sum += m[c, i] * (e[i] - s[i]); dt += e[i] - s[i] }
					if (e[i] > d && s[i] < u && (dip < 0 || m[c, i] < dip)) dip = m[c, i]
				}
				for (i = 1; i < NR; i++) {
					if (back < 0 && e[i] > d && s[i] < u && m[c, i] >= 0.9 * (n - 1) * r &&
					    m[c, i + 1] >= 0.9 * (n - 1) * r)
						back = s[i] > d ? s[i] - d : 0
					if (up < 0 && e[i] > u && m[c, i] >= 0.9 * n * r && m[c, i + 1] >= 0.9 * n * r)
						up = s[i] > u ? s[i] - u : 0
				}
				out = out sprintf(",%.1f,%.1f,%.2f,%.2f", dt ? sum / dt : 0, dip, back, up)
			}
			print out
		}' | tee "$FO_SUMMARY"
	rm -f "$fo" "$fo.bench" "$fo.rates" "$fo.good"
}

methods=(lnetmr_put lnetmr_get mptcp bond_rr_1 bond_rr_n pinned)
echo "csv,multirail,n,rate_mbit,${methods[*]}" | tr ' ' ','
declare -A res
for n in 1 2 4; do
	rates=()
	for ((k = 0; k < n; k++)); do rates+=("$R"); done
	shaped_nodes "m$n" "${rates[@]}" || { echo "bench: setup of $n rails failed"; exit 1; }
	echo "== $n rail(s) of $R Mbit/s (tc tbf both ways), ${MR_SECS}s each"

	b0=$(rail_bytes "$NS_A")
	res[$n,lnetmr_put]=$(lnet_mbit_of "$NS_A" "$NID_B" put "$MR_SECS")
	echo "  lnetmr put: shares per rail $(shares "$(delta "$b0" "$(rail_bytes "$NS_A")")")"
	b0=$(rail_bytes "$NS_A")
	res[$n,lnetmr_get]=$(lnet_mbit_of "$NS_A" "$NID_B" get "$MR_SECS")
	echo "  lnetmr get: shares per rail $(shares "$(delta "$b0" "$(rail_bytes "$NS_A")")")"

	[ "$n" = "$FO_N" ] && failover "$n"

	for ns in "$NS_A" "$NS_B"; do
		ip netns exec "$ns" sysctl -qw net.mptcp.enabled=1
		ip -n "$ns" mptcp limits set subflow $((n - 1)) add_addr_accepted $((n - 1))
	done
	for ((k = 1; k < n; k++)); do
		ip -n "$NS_A" mptcp endpoint add "10.1.$k.1" dev "eth$k" subflow
	done
	b0=$(veth_bytes "$NS_A" "$n")
	res[$n,mptcp]=$(mbit_of "$(IPERF_MPTCP=1 iperf_run "$NS_A" "$NS_B" 10.1.0.2 5201)")
	echo "  mptcp: shares per veth $(shares "$(delta "$b0" "$(veth_bytes "$NS_A" "$n")")")"

	tmps=() pids=()
	for ((k = 0; k < n; k++)); do
		tmps+=("$(mktemp)")
		ip netns exec "$NS_B" iperf3 -s -D -1 -p $((5300 + k)) -B "10.1.$k.2" > /dev/null
	done
	sleep 0.5
	for ((k = 0; k < n; k++)); do
		ip netns exec "$NS_A" iperf3 -c "10.1.$k.2" -B "10.1.$k.1" -p $((5300 + k)) \
			-t "$MR_SECS" -J > "${tmps[$k]}" &
		pids+=($!)
	done
	wait "${pids[@]}"
	res[$n,pinned]=$(mbit_of "$(jq -s 'map(.end.sum_received.bits_per_second // 0) | add' "${tmps[@]}")")
	echo "  pinned: Mbit/s per stream $(jq -r '.end.sum_received.bits_per_second // 0 | . / 1e6 | . * 10 | round / 10' "${tmps[@]}" | tr '\n' ' ')"
	rm -f "${tmps[@]}"
	ip netns del "$NS_A"
	ip netns del "$NS_B"

	bond_nodes "$n" "$n" || { echo "bench: bond of $n veths failed"; exit 1; }
	b0=$(veth_bytes "$BS_A" "$n")
	res[$n,bond_rr_1]=$(mbit_of "$(iperf_run "$BS_A" "$BS_B" 10.2.0.2 5201)")
	echo "  bond, 1 stream: shares per veth $(shares "$(delta "$b0" "$(veth_bytes "$BS_A" "$n")")")"
	res[$n,bond_rr_n]=$(mbit_of "$(iperf_run "$BS_A" "$BS_B" 10.2.0.2 5202 -P "$n")")
	ip netns del "$BS_A"
	ip netns del "$BS_B"
	line="csv,multirail,$n,$R"
	for m in "${methods[@]}"; do line+=",${res[$n,$m]}"; done
	echo "$line"
done

echo "== multi-rail aggregate, Mbit/s (fraction of N x $R Mbit/s)"
printf '%-26s' "method"
for n in 1 2 4; do printf '%18s' "N=$n"; done
echo
for m in "${methods[@]}"; do
	printf '%-26s' "$m"
	for n in 1 2 4; do
		printf '%18s' "${res[$n,$m]} ($(frac "${res[$n,$m]}" "$n"))"
	done
	echo
done
for n in 1 2 4; do
	best=0 who=""
	for m in mptcp bond_rr_1 bond_rr_n; do
		if awk -v a="${res[$n,$m]}" -v b="$best" 'BEGIN { exit !(a > b) }'; then
			best=${res[$n,$m]} who=$m
		fi
	done
	awk -v n="$n" -v l="${res[$n,lnetmr_put]}" -v p="${res[$n,pinned]}" -v b="$best" -v w="$who" '
		BEGIN { printf "N=%d: lnetmr put / pinned ideal %.3f (within 3%%: %s); best peer %s %.1f: lnetmr %s it\n",
			n, l / p, (l >= 0.97 * p ? "yes" : "NO"), w, b, (l >= b ? "at or above" : "BELOW") }'
done
echo "== lnetmr failover over $FO_N rails (one link down at 4 s, up at 10 s)"
echo "   series: goodput (lnetmr tx-bytes, ~0.5 s windows) and wire (veth tx_bytes, ~0.25 s)"
IFS=, read -r _ _ _ gb gd gback gup wb wd wback wup < "$FO_SUMMARY" || true
printf '%-34s %10s %10s\n' "" goodput wire
printf '%-34s %10s %10s\n' "before the down, Mbit/s" "${gb:-?}" "${wb:-?}"
printf '%-34s %10s %10s\n' "lowest while down, Mbit/s" "${gd:-?}" "${wd:-?}"
printf '%-34s %10s %10s\n' "back to 0.9 x (N-1) x R after, s" "${gback:-?}" "${wback:-?}"
printf '%-34s %10s %10s\n' "back to 0.9 x N x R after up, s" "${gup:-?}" "${wup:-?}"
echo "   (0 means at the first sample; -1 never)"

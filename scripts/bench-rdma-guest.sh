#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RDMA benchmarks, run by scripts/bench.sh inside a VM of the newest kernel
# of the matrix (rdma_rxe per network namespace), between two namespaces
# joined by veth pairs that each carry a Soft-RoCE device:
#  1. one unshaped rail: lnetmr bench PUT and GET of 1 MiB, 8 in flight, vs
#     ib_write_bw (perftest) of 1 MiB on the same rail; the 8-byte PUT + ACK
#     round trip vs ib_send_lat's of 8 bytes (which reports half a round
#     trip: doubled here)
#  2. N = 1, 2, 4 rails shaped to R both ways, R picked from what 4
#     unshaped rails carry (as lnet_rdma_multirail.sh does; netem rate: tbf's drops
#     cripple RoCE's go-back-N): lnetmr over the N rails vs N ib_write_bw
#     at once, one pinned to each rail (the ideal), as Mbit/s and as a
#     fraction of N x R
#  3. lnetmr's failover over FO_N rails: one rail's port down at 4 s and
#     up at 10 s (with its Soft-RoCE device made anew) under a PUT bench:
#     the dip and the time back
# Lines "csv,..." carry the data scripts/bench-plot.sh plots.
set -u
source "$(dirname "$0")/../selftests/lib.sh"
SECS=${BENCH_SECS:-10}
ROUNDS=${BENCH_ROUNDS:-2000}
R=${BENCH_RDMA_RATE:-}
MR_SECS=${BENCH_MR_SECS:-8}
FO_SECS=${BENCH_FO_SECS:-14}
FO_N=${BENCH_FO_RAILS:-4}

modprobe lnetmr
trap 'lib_cleanup; unload_lnetmr' EXIT
( require_rxe_netns ) || { echo "bench-rdma: rdma_rxe is not per namespace on $(uname -r): no RDMA figures"; exit 0; }
modprobe sch_netem

frac() { awk -v m="$1" -v n="$2" -v r="$R" 'BEGIN { printf "%.3f", m / (n * r) }'; }
# (awk takes a ">" in printf's arguments for a redirection: parenthesised)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

# write_bw K SECONDS [FILE]: ib_write_bw of 1 MiB messages over rail K for
# SECONDS (connected with rdma_cm); prints Gbit/s
write_bw() {
	local k=$1 port=$((18515 + $1))
	ip netns exec "$NS_B" ib_write_bw -R -d "$(rxe_name "$NS_B" "ib$k")" -p "$port" \
		-s 1048576 -D "$2" --report_gbits > /dev/null 2>&1 &
	sleep 1
	ip netns exec "$NS_A" ib_write_bw -R -d "$(rxe_name "$NS_A" "ib$k")" -p "$port" \
		-s 1048576 -D "$2" --report_gbits "10.2.$k.2" 2>&1 |
		awk '$1 == 1048576 && NF >= 5 { print $4 }'
	wait
}

# ---- 1. one unshaped rail ----------------------------------------------------
rdma_nodes u 1 || { echo "bench-rdma: setup failed"; exit 1; }
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
echo "== one unshaped Soft-RoCE rail, ${SECS}s each"
ib_gbit=$(write_bw 0 "$SECS")
ib_mbit=$(awk -v g="${ib_gbit:-0}" 'BEGIN { printf "%.1f", g * 1000 }')
put=$(lnet_mbit_of "$NS_A" "$NID_B" put "$SECS")
get=$(lnet_mbit_of "$NS_A" "$NID_B" get "$SECS")
printf '%-44s %10s Mbit/s\n' "ib_write_bw, 1 MiB" "$ib_mbit"
printf '%-44s %10s Mbit/s  ratio %s\n' "lnetmr bench PUT 1 MiB, concurrency 8" "$put" "$(ratio "$put" "$ib_mbit")"
printf '%-44s %10s Mbit/s  ratio %s\n' "lnetmr bench GET 1 MiB, concurrency 8" "$get" "$(ratio "$get" "$ib_mbit")"
echo "csv,rdma_single,$ib_mbit,$put,$get"

echo "== round trip of 8 bytes, $ROUNDS rounds"
port=18600
ip netns exec "$NS_B" ib_send_lat -R -d "$(rxe_name "$NS_B" ib0)" -p $port -s 8 -n "$ROUNDS" \
	> /dev/null 2>&1 &
sleep 1
half=$(ip netns exec "$NS_A" ib_send_lat -R -d "$(rxe_name "$NS_A" ib0)" -p $port -s 8 \
	-n "$ROUNDS" 10.2.0.2 2>&1 | awk '$1 == 8 && NF >= 6 { print $6 }')
wait
ib_us=$(awk -v h="${half:-0}" 'BEGIN { printf "%.1f", 2 * h }')
lnet=$(bench_json "$NS_A" "$NID_B" op put size 8 count "$ROUNDS" concurrency 1)
lnet_us=$(jq -r '(."elapsed-s" | tonumber) * 1e6 / .msgs | . * 10 | round / 10' <<< "$lnet")
printf '%-44s %10s us\n' "ib_send_lat 8 bytes, round trip (2 x t_avg)" "$ib_us"
printf '%-44s %10s us  ratio %s\n' "lnetmr PUT 8 bytes + ACK" "$lnet_us" "$(ratio "$lnet_us" "$ib_us")"
echo "csv,rdma_latency,$ib_us,$lnet_us"
rdma_ns_del "$NS_A" "$NS_B"

# ---- 3. failover (inside 2, over FO_N rails) -------------------------------------
# PUT bench for FO_SECS; rail ib(N-1)'s link goes down on A at 4 s (its
# RoCE port with it) and up at 10 s; A's RDMA bytes are sampled every
# ~0.2 s.  Prints "csv,rdma_failover,START,END,MBIT" per ~0.4 s window,
# the events, and "csv,rdma_failover_summary,N,BEFORE,DIP,BACK,UP".
failover() {
	local n=$1 fo t0 t_down t_up bpid spid last=ib$(($1 - 1))
	fo=$(mktemp)
	lnetmrctl -j -n "$NS_A" bench "$NID_B" op put size 1M time "$FO_SECS" \
		concurrency 8 > "$fo.bench" &
	bpid=$!
	t0=$EPOCHREALTIME
	(
		while kill -0 $bpid 2>/dev/null; do
			echo "$EPOCHREALTIME $(lnetmrctl -j -n "$NS_A" rail show -s |
				jq '[.[].stats."tx-rdma-bytes"] | add')"
			sleep 0.15
		done
	) > "$fo" &
	spid=$!
	sleep 4
	t_down=$EPOCHREALTIME
	ip -n "$NS_A" link set "$last" down
	sleep 6
	t_up=$EPOCHREALTIME
	# Soft-RoCE (7.3) does not carry again after a link down under load
	# until its device is made anew: the rail comes back with a new one
	ip -n "$NS_A" link set "$last" up
	ip netns exec "$NS_A" rdma link delete "$(rxe_name "$NS_A" "$last")"
	for _ in $(seq 50); do
		lnetmrctl -j -n "$NS_A" rail show | jq -e --arg d "$last" 'any(.[]; .dev == $d)' \
			> /dev/null || break
		sleep 0.1
	done
	rxe_add "$NS_A" "$last" && lnetmrctl -n "$NS_A" rail add o2ib0 dev "$last" speed "$R"
	wait $bpid
	wait $spid
	t_down=$(awk -v a="$t_down" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
	t_up=$(awk -v a="$t_up" -v b="$t0" 'BEGIN { printf "%.3f", a - b }')
	echo "csv,rdma_failover_events,$t_down,$t_up"
	awk -v t0="$t0" '{ t[NR] = $1 - t0; b[NR] = $2 }
		END { for (i = 3; i <= NR; i++)
			# the sum drops when the re-created rail replaces the old one
			# (its counters go with it): no rate across that
			if (b[i] >= b[i - 2])
				printf "csv,rdma_failover,%.3f,%.3f,%.1f\n", t[i - 1], t[i],
					(b[i] - b[i - 2]) * 8 / (t[i] - t[i - 2]) / 1e6 }' "$fo" > "$fo.rates"
	cat "$fo.rates"
	echo "  failover over $n rails: bench $(tail -n 1 "$fo.bench" | jq -c '{msgs, errors, mismatches}')"
	sed 's/^csv,rdma_failover,//' "$fo.rates" | awk -F, -v d="$t_down" -v u="$t_up" -v n="$n" -v r="$R" '
		{ s[NR] = $1; e[NR] = $2; m[NR] = $3 }
		END {
			sum = dt = 0; dip = -1; back = up = -1
			for (i = 1; i <= NR; i++) {
				if (s[i] >= 1 && e[i] <= d) { sum += m[i] * (e[i] - s[i]); dt += e[i] - s[i] }
				if (e[i] > d && s[i] < u && (dip < 0 || m[i] < dip)) dip = m[i]
			}
			for (i = 1; i < NR; i++) {
				if (back < 0 && e[i] > d && s[i] < u && m[i] >= 0.9 * (n - 1) * r &&
				    m[i + 1] >= 0.9 * (n - 1) * r)
					back = s[i] > d ? s[i] - d : 0
				if (up < 0 && e[i] > u && m[i] >= 0.9 * n * r && m[i + 1] >= 0.9 * n * r)
					up = s[i] > u ? s[i] - u : 0
			}
			printf "csv,rdma_failover_summary,%d,%.1f,%.1f,%.2f,%.2f\n", n,
				dt ? sum / dt : 0, dip, back, up
		}' | tee "$fo.summary"
	FO_LINE=$(cat "$fo.summary")
	rm -f "$fo" "$fo.bench" "$fo.rates" "$fo.summary"
}

# ---- the rate R of the shaped rails -----------------------------------------
# Picked as lnet_rdma_multirail.sh picks it, from what 4 unshaped rails
# carry here (rdma_rate_for), so that the links, not the emulated CPU,
# limit N = 4; BENCH_RDMA_RATE sets it instead.
if [ -z "$R" ]; then
	rdma_nodes c 4 || { echo "bench-rdma: setup of 4 unshaped rails failed"; exit 1; }
	lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
	c_put=$(lnet_mbit_of "$NS_A" "$NID_B" put 3)
	c_get=$(lnet_mbit_of "$NS_A" "$NID_B" get 3)
	R=$(rdma_rate_for "$c_put" "$c_get")
	echo "== 4 unshaped Soft-RoCE rails carry PUT $c_put and GET $c_get Mbit/s: R = $R Mbit/s"
	echo "csv,rdma_ceiling,$c_put,$c_get,$R"
	rdma_ns_del "$NS_A" "$NS_B"
fi

# ---- 2. N shaped rails ------------------------------------------------------
methods=(lnetmr_put lnetmr_get ib_write_bw_pinned)
echo "csv,rdma_multirail,n,rate_mbit,${methods[*]}" | tr ' ' ','
declare -A res
FO_LINE=""
for n in 1 2 4; do
	rdma_nodes "m$n" "$n" "$R" || { echo "bench-rdma: setup of $n rails failed"; exit 1; }
	lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
	echo "== $n Soft-RoCE rail(s) of $R Mbit/s (netem rate both ways), ${MR_SECS}s each"
	res[$n,lnetmr_put]=$(lnet_mbit_of "$NS_A" "$NID_B" put "$MR_SECS")
	res[$n,lnetmr_get]=$(lnet_mbit_of "$NS_A" "$NID_B" get "$MR_SECS")
	tmps=()
	for ((k = 0; k < n; k++)); do
		tmps+=("$(mktemp)")
		write_bw "$k" "$MR_SECS" > "${tmps[$k]}" &
	done
	wait
	res[$n,ib_write_bw_pinned]=$(cat "${tmps[@]}" | awk '{ s += $1 } END { printf "%.1f", s * 1000 }')
	echo "  ib_write_bw pinned: Gbit/s per rail $(cat "${tmps[@]}" | tr '\n' ' ')"
	rm -f "${tmps[@]}"
	[ "$n" = "$FO_N" ] && failover "$n"
	line="csv,rdma_multirail,$n,$R"
	for m in "${methods[@]}"; do line+=",${res[$n,$m]}"; done
	echo "$line"
	rdma_ns_del "$NS_A" "$NS_B"
done

echo "== RDMA multi-rail aggregate, Mbit/s (fraction of N x $R Mbit/s)"
printf '%-26s' "method"
for n in 1 2 4; do printf '%18s' "N=$n"; done
echo
for m in "${methods[@]}"; do
	printf '%-26s' "$m"
	for n in 1 2 4; do printf '%18s' "${res[$n,$m]} ($(frac "${res[$n,$m]}" "$n"))"; done
	echo
done
for n in 1 2 4; do
	for op in put get; do
		awk -v n="$n" -v op="$op" -v l="${res[$n,lnetmr_$op]}" -v p="${res[$n,ib_write_bw_pinned]}" '
			BEGIN { printf "N=%d: lnetmr %s / pinned ib_write_bw %.3f (within 3%%: %s)\n",
				n, op, (p > 0 ? l / p : 0), (l >= 0.97 * p ? "yes" : "NO") }'
	done
done
IFS=, read -r _ _ _ fb fd fback fup <<< "$FO_LINE" || true
echo "== lnetmr failover over $FO_N RDMA rails (one port down at 4 s, up at 10 s)"
printf '%-34s %10s\n' "before the down, Mbit/s" "${fb:-?}"
printf '%-34s %10s\n' "lowest while down, Mbit/s" "${fd:-?}"
printf '%-34s %10s\n' "back to 0.9 x (N-1) x R after, s" "${fback:-?}"
printf '%-34s %10s\n' "back to 0.9 x N x R after up, s" "${fup:-?}"
echo "   (0 means at the first sample; -1 never)"

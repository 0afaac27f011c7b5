#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks, run inside the VM by scripts/bench.sh, over one unshaped
# veth pair between two namespaces:
#  1. bandwidth: lnetmr bench PUT of 1 MiB messages vs one iperf3 TCP stream
#  2. latency: 8-byte PUT + ACK round trip vs a TCP ping-pong of 8 bytes
set -u
source "$(dirname "$0")/../selftests/lib.sh"
SECS=${BENCH_SECS:-10}
ROUNDS=${BENCH_ROUNDS:-5000}

modprobe lnetmr
trap 'lib_cleanup; modprobe -r lnetmr' EXIT
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

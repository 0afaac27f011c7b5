#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside the VM by scripts/demo.sh: two LNet nodes (network
# namespaces) joined by three rails, configured and watched with lnetmrctl
# over netlink.  It shows multi-rail at work: discovery, traffic spread over
# the rails, one transfer striped over all of them, a rail pulled under
# traffic without a lost message, a policy moving traffic, RDMA rails where
# the kernel gives each namespace its own Soft-RoCE, and the permission
# check.  Lines "csv,demo,..." carry per-rail throughput over time for the
# plot scripts/demo.sh draws; the last lines are a one-screen summary.
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../selftests/lib.sh"
NS_PREFIX=demo-
R=100			# Mbit/s per TCP rail
A=demo-a B=demo-b
NID_B=10.1.0.2@tcp

say() { printf '\n\033[1m== %s\033[0m\n' "$1"; shift; printf '   %s\n' "$@"; }
run() { printf '$ %s\n' "$*"; "$@"; }
die() { echo "demo: $*" >&2; exit 1; }
summary=()
note() { summary+=("$1"); }
t_start=$(now)
since() { awk -v a="$(now)" -v b="$t_start" 'BEGIN { printf "%.1f", a - b }'; }
event() { echo "csv,demo_event,$(since),$1"; }
result() { echo "csv,demo_result,$1,$2"; }	# KEY VALUE, for selftests/demo.sh

trap 'kill ${sampler:-} 2>/dev/null; lib_cleanup; modprobe -r lnetmr_o2ib lnetmr_tcp lnetmr 2>/dev/null' EXIT

say "load the driver" "One module for the multi-rail core, one per transport (loaded on demand)."
run modprobe lnetmr || die "cannot load lnetmr"
run lnetmrctl version

say "two LNet nodes joined by three rails" \
	"Each network namespace is an LNet node.  Three veth pairs, each shaped" \
	"to $R Mbit/s with tc, stand for three NICs; one NI tcp0 holds all three."
ns_create a > /dev/null && ns_create b > /dev/null || die "cannot make namespaces"
for k in 0 1 2; do
	rail_link "$A" "$B" $k $R || die "cannot link rail $k"
done
for ns in $A $B; do
	run lnetmrctl -n $ns ni add tcp0
	for k in 0 1 2; do run lnetmrctl -n $ns rail add tcp0 dev eth$k speed $R; done
done
run lnetmrctl -n $A rail show

# per-rail throughput of A every half second, for the plot
sampler_loop() {
	local t0 b0 t b
	while :; do
		t=$(now) b=$(rail_bytes $A)
		[ -n "${t0:-}" ] && awk -v t="$t" -v t0="$t0" -v s="$t_start" -v b="$b" -v b0="$b0" 'BEGIN {
			n = split(b, x); split(b0, y); printf "csv,demo,%.1f", t - s
			for (i = 1; i <= n; i++) printf ",%.1f", (x[i] - y[i]) * 8 / (t - t0) / 1e6
			print "" }'
		t0=$t b0=$b
		sleep 0.5
	done
}
sampler_loop &
sampler=$!

say "discovery" "One ping of one NID; the peer's answer lists all its NIDs, and A now" \
	"knows three paths to B."
run lnetmrctl -n $A ping $NID_B
run lnetmrctl -n $A peer show $NID_B
nids=$(lnetmrctl -j -n $A peer show $NID_B | jq '.[0].nids | length')
note "discovery: A learned $nids NIDs of B from one ping"
result nids "$nids"

say "traffic spread over the rails" "An in-kernel bench (1 MiB PUTs, 8 in flight, every byte checked)" \
	"while 'rail show -s interval 1' prints each rail's rates."
event "bench"
before=$(rail_bytes $A)
bench_bg $A $NID_B op put size 1M time 7 concurrency 8
run lnetmrctl -n $A rail show -s interval 1 count 6
bench_wait out
d=$(delta "$before" "$(rail_bytes $A)")
echo "$out" | jq -c -M '{msgs, errors, mismatches, "MB/s"}'
echo "bytes per rail: $d"
spread_mbit=$(bench_mbit "$out")
result spread "$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out") $d"
note "spread: $spread_mbit Mbit/s over 3 rails of $R ($(awk -v m="$spread_mbit" -v r=$R 'BEGIN { printf "%.2f", m / 3 / r }') of 3 x R), errors $(jq .errors <<< "$out"), mismatches $(jq .mismatches <<< "$out")"

say "one large transfer striped over every rail" \
	"A 64 MiB PUT is cut into stripes that travel on all rails at once and" \
	"land at their offsets in B's buffer: one message, one completion."
run lnetmrctl -n $B set bench-sink-max 64M
before=$(rail_bytes $A)
event "striped"
out=$(bench_json $A $NID_B op put size 64M count 1 concurrency 1)
echo "$out" | jq -c -M '{msgs, errors, mismatches, bytes}'
d=$(delta "$before" "$(rail_bytes $A)")
echo "bytes per rail: $d"
note "striping: one 64 MiB PUT, bytes per rail $d, mismatches $(jq .mismatches <<< "$out")"
result striped "$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out") $d"

say "a rail pulled under traffic" \
	"eth1 goes down in the middle of a bench and comes back 4 s later." \
	"What was in flight on it is sent again on the others; its health falls" \
	"and recovers.  'lnetmrctl monitor' prints the events."
mon=$(mktemp)
lnetmrctl -n $A monitor > "$mon" 2>&1 &
monitor=$!
bench_bg $A $NID_B op put size 1M time 12 concurrency 8
sleep 3
event "eth1 down"
run ip -n $A link set eth1 down
sleep 1
run lnetmrctl -n $A rail show
sleep 3
event "eth1 up"
run ip -n $A link set eth1 up
t_up=$(now)
for _ in $(seq 100); do
	[ "$(lnetmrctl -j -n $A rail show | jq -r '.[] | select(.dev == "eth1") | "\(.state) \(.health)"')" = "up 1000" ] && break
	sleep 0.2
done
recover=$(awk -v a="$(now)" -v b="$t_up" 'BEGIN { printf "%.1f", a - b }')
bench_wait out
kill $monitor 2>/dev/null
wait $monitor 2>/dev/null
echo "$out" | jq -c -M '{msgs, errors, mismatches, "MB/s"}'
echo "events seen by 'lnetmrctl monitor':"
grep -E "eth1|10\.1\.1\." "$mon" | head -n 12
run lnetmrctl -n $A rail show
note "failover: eth1 down 4 s under a bench: errors $(jq .errors <<< "$out"), mismatches $(jq .mismatches <<< "$out"), resends on eth1 $(rail_stat $A eth1 resends); health back to 1000 ${recover} s after the link came up"
result failover "$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out") $(rail_stat $A eth1 resends) $recover $(grep -c health "$mon")"
rm -f "$mon"

say "a policy moves traffic" \
	"A rule giving A's eth0 (10.1.0.1@tcp) the best priority keeps traffic on" \
	"it while it is healthy; deleting the rule spreads it again."
id=$(lnetmrctl -n $A policy add src 10.1.0.1@tcp priority 1 | awk '{ print $2 }')
echo "\$ lnetmrctl -n $A policy add src 10.1.0.1@tcp priority 1    (rule $id)"
run lnetmrctl -n $A policy show
event "policy"
before=$(rail_bytes $A)
out=$(bench_json $A $NID_B op put size 1M time 3 concurrency 8)
d=$(delta "$before" "$(rail_bytes $A)")
echo "bytes per rail with the rule: $d"
run lnetmrctl -n $A policy del "$id"
result policy "$d"
note "policy: with 'src 10.1.0.1@tcp priority 1' the rails carried $d bytes"
event "end"
kill $sampler 2>/dev/null
wait $sampler 2>/dev/null

say "RDMA rails" "Soft-RoCE (rdma_rxe) over veth gives real ib_core/rdma_cm devices; an" \
	"o2ib NI over two of them moves bulk data by RDMA WRITE."
if (require_rxe_netns) > /dev/null 2>&1; then
	rdma_nodes r 2 || die "cannot make the RDMA nodes"
	run lnetmrctl -n "$NS_A" rail show
	run lnetmrctl -n "$NS_A" ping 10.2.0.2@o2ib
	out=$(bench_json "$NS_A" 10.2.0.2@o2ib op put size 1M time 3 concurrency 8)
	echo "$out" | jq -c -M '{msgs, errors, mismatches, "MB/s"}'
	rd=$(rail_counters "$NS_A" tx-rdma-bytes)
	echo "bytes moved by RDMA per rail: $rd"
	result rdma "$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out") $rd"
	note "RDMA: 2 Soft-RoCE rails, $(bench_mbit "$out") Mbit/s, by RDMA WRITE per rail: $rd"
else
	echo "This kernel ($(uname -r)) keeps rdma_rxe in the initial namespace only:"
	echo "no RDMA rails here (make demo DEMO_KERNEL=latest shows them)."
	note "RDMA: not on this kernel ($(uname -r)); DEMO_KERNEL=latest shows it"
fi

say "writes need CAP_NET_ADMIN" "Anyone may read the configuration; an unprivileged user's write is" \
	"refused by the netlink permission check."
run ip netns exec $A setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	lnetmrctl ni show
refused=$(ip netns exec $A setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	lnetmrctl ni del tcp0 2>&1)
echo "\$ ip netns exec $A setpriv --reuid=65534 ... lnetmrctl ni del tcp0"
echo "$refused"
note "permission: an unprivileged 'ni del' got: $refused"
result refused "$(lnetmrctl -j -n $A ni show | jq length) $refused"

printf '\n\033[1m== summary\033[0m\n'
printf '   %s\n' "${summary[@]}"

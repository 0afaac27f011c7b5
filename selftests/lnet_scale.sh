#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One server and many clients on one switch (a bridge): at 1, 16 and 64
# clients (SCALE_PEERS="1 16 64 256" goes on to 256: 15 minutes more on
# 7.3 under TCG, past the suite's budget), every client pings the
# server, then all of them bench it at once (GETs of 64 KiB, two in flight
# each: the server's sink serves them from one static MD, where PUTs would
# need a buffer each in flight) with every byte checked; no
# client is starved (the slowest one's bytes within 2x of the mean).
# Prints, per step, the lnetmr connection threads, the server's
# connections, the kernel memory per client and the aggregate throughput
# (Documentation/performance.rst has the table).
source "$(dirname "$0")/lib.sh"
lnet_test_begin

read -r -a steps <<< "${SCALE_PEERS:-1 16 64}"
secs=${SCALE_BENCH_SECS:-6}
SW=$(ns_create sw)
ip -n "$SW" link add br0 type bridge
ip -n "$SW" link set br0 up
SRV=$(ns_create srv)
ip link add eth0 netns "$SRV" type veth peer name s0 netns "$SW"
ip -n "$SW" link set s0 master br0 up
ip -n "$SRV" addr add 10.4.0.1/16 dev eth0
ip -n "$SRV" link set eth0 up
lnet_node "$SRV" eth0
SRV_NID=10.4.0.1@tcp

declare -a CLI
have=0
# add_clients N: clients 1..N exist (client i is 10.4.(i/200).(i%200+10))
add_clients() {
	local i ns
	for ((i = have + 1; i <= $1; i++)); do
		ns=$(ns_create c$i) || return 1
		ip link add eth0 netns "$ns" type veth peer name p$i netns "$SW" || return 1
		ip -n "$SW" link set p$i master br0 up
		ip -n "$ns" addr add 10.4.$((i / 200)).$((i % 200 + 10))/16 dev eth0
		ip -n "$ns" link set eth0 up
		lnet_node "$ns" eth0 || return 1
		CLI[i]=$ns
	done
	have=$1
}

# kernel memory in use, in KiB: slab and kernel stacks
kmem_kib() { awk '/^(Slab|KernelStack):/ { s += $2 } END { print s }' /proc/meminfo; }
# lnetmr's connection threads (rx and tx), every node's
conn_threads() { ps -e -o comm= | grep -c '^lnetmr_tcp_[rt]x$'; }
# "NID BYTES" per peer of the server: what it sent to each
peer_tx_bytes() {
	lnetmrctl -j -n "$SRV" peer show |
		jq -r '.[] | "\(.primary) \([.nids[].stats."tx-bytes"] | add)"'
}

tmp=$(mktemp -d)
at_exit "rm -rf $tmp"
mem0=$(kmem_kib)
rows=()
for p in "${steps[@]}"; do
	ts=$(date +%s)
	if ! add_clients "$p"; then
		fail "$p clients set up"
		break
	fi
	tp=$(date +%s)
	rm -f "$tmp"/*
	# (no process substitution: the VM's /dev has no /dev/fd)
	for ((i = 1; i <= p; i++)); do
		lnetmrctl -j -n "${CLI[i]}" ping "$SRV_NID" > "$tmp/ping.$i" 2>&1 &
	done
	wait
	ok=0
	for ((i = 1; i <= p; i++)); do
		[ "$(jq -r '.nids[0].nid' "$tmp/ping.$i" 2>/dev/null)" = "$SRV_NID" ] && ok=$((ok + 1))
	done
	check_eq "$p clients: every one pings the server" "$p" "$ok"
	tb=$(date +%s)

	# each client's connections made first (a bench's time counts from its start)
	for ((i = 1; i <= p; i++)); do
		bench_json "${CLI[i]}" "$SRV_NID" op get size 65536 count 4 concurrency 2 \
			> /dev/null 2>&1 &
	done
	wait
	# then all at once, until stopped: a common window of $secs s once all
	# run, sampled on the server (bytes sent to each peer)
	pids=()
	for ((i = 1; i <= p; i++)); do
		lnetmrctl -j -n "${CLI[i]}" bench "$SRV_NID" op get size 65536 time 600 \
			concurrency 2 > "$tmp/bench.$i" 2>&1 &
		pids+=($!)
	done
	sleep 3
	threads=$(conn_threads)
	peer_tx_bytes | sort > "$tmp/s1"
	t1=$(now)
	sleep "$secs"
	peer_tx_bytes | sort > "$tmp/s2"
	t2=$(now)
	kill -TERM "${pids[@]}"
	wait
	res=$(for f in "$tmp"/bench.*; do tail -n 1 "$f"; done | jq -s -r '
		[length, ([.[].errors] | add), ([.[].mismatches] | add)] |
		map(tostring) | join(" ")' 2>/dev/null)
	read -r nres errs mism <<< "$res"
	check_eq "$p clients bench the server at once: $p results, no error, no mismatch" \
		"$p 0 0" "${nres:-0} ${errs:-?} ${mism:-?}"
	# bytes the server sent each client in the window, lowest first
	read -r -a win <<< "$(join -j 1 "$tmp/s1" "$tmp/s2" |
		awk '{ print $3 - $2 }' | sort -n | tr '\n' ' ')"
	echo "# $p clients: MB/s of each in the common window, lowest to highest:" \
		"$(printf '%s\n' "${win[@]}" | awk -v t="$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')" \
			'{ printf "%.1f ", $1 / t / 1e6 }')"
	read -r _ minb meanb mbit <<< "$(printf '%s\n' "${win[@]}" | awk -v n="$p" -v a="$t1" -v b="$t2" '
		NR == 1 { min = $1 } { s += $1 } END { printf "%d %d %d %.1f\n", s, min, s / n, s * 8 / (b - a) / 1e6 }')"
	check_eq "the server sent to all $p clients in the window" "$p" "${#win[@]}"
	check "no client starved: the slowest got $minb bytes in the window, the mean $meanb" \
		awk -v a="${minb:-0}" -v b="${meanb:-1}" 'BEGIN { exit !(b > 0 && a * 2 >= b) }'
	echo "# $p clients: set up in $((tp - ts)) s, pinged in $((tb - tp)) s, benched in $(($(date +%s) - tb)) s"
	conns=$(lnetmrctl -j -n "$SRV" rail show -s | jq '[.[] | .stats."conns-accepted"] | add')
	mem=$(kmem_kib)
	rows+=("$(awk -v p="$p" -v th="$threads" -v c="$conns" -v m=$((mem - mem0)) \
		-v r="${mbit:-0}" 'BEGIN {
		printf "%7d %16d %21d %15.0f %7.1f", p, th / 2, c, m / p, r }')")
done

# threads: half of all nodes' (each connection has a client end and a
# server end, two threads each); memory: slab and kernel stacks of both
# ends; Mbit/s: what the server sent in the window
echo "# clients  server's threads  connections accepted  KiB per client  Mbit/s"
for r in "${rows[@]}"; do
	echo "# $r"
done
ktap_end

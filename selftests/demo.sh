#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo shows what it says: scripts/demo-guest.sh run as the demo runs
# it, and its results read back: B's three NIDs learned from one ping; a
# bench spread over the three rails; one 64 MiB PUT striped over all of
# them; eth1 pulled under a bench with no error, resends on it, health
# events and full health again; a policy rule keeping the traffic on eth0;
# RDMA rails moving bulk by RDMA WRITE (where rdma_rxe works per
# namespace); an unprivileged write refused with the NI left in place; and
# the per-rail throughput samples, drawn to a PNG.
source "$(dirname "$0")/lib.sh"
lnet_test_begin tc setpriv gnuplot

out=$("$TOP_DIR/scripts/demo-guest.sh" 2>&1)
rc=$?
check_eq "the demo ran to its end" 0 $rc
[ $rc = 0 ] || echo "$out" | tail -n 20 | sed 's/^/# /'
res() { sed -n "s/^csv,demo_result,$1,//p" <<< "$out"; }
# each of the three numbers at least a sixth of their sum
even3() { awk -v b="$1" 'BEGIN { n = split(b, x); s = x[1] + x[2] + x[3]
	exit !(n == 3 && s > 0 && x[1] >= s / 6 && x[2] >= s / 6 && x[3] >= s / 6) }'; }

check_eq "discovery: A learned B's 3 NIDs from one ping" 3 "$(res nids)"
read -r e m d0 d1 d2 <<< "$(res spread)"
check_eq "the bench: no error, no mismatch" "0 0" "$e $m"
check "and its bytes spread over the three rails ($d0 $d1 $d2)" even3 "$d0 $d1 $d2"
read -r n e m d0 d1 d2 <<< "$(res striped)"
check_eq "the 64 MiB PUT: one message, intact" "1 0 0" "$n $e $m"
check "and striped over every rail ($d0 $d1 $d2)" even3 "$d0 $d1 $d2"
read -r e m rs rec hev <<< "$(res failover)"
check_eq "eth1 pulled under a bench: no error, no mismatch" "0 0" "$e $m"
check "what was in flight on eth1 was sent again (resends $rs)" test "${rs:-0}" -ge 1
check "lnetmrctl monitor printed health events ($hev)" test "${hev:-0}" -ge 1
check "eth1 back at full health ($rec s after its link came up)" \
	awk -v t="${rec:-99}" 'BEGIN { exit !(t < 20) }'
read -r d0 d1 d2 <<< "$(res policy)"
check "the policy rule kept the traffic on eth0 ($d0 $d1 $d2)" \
	awk -v a="${d0:-0}" -v b="${d1:-0}" -v c="${d2:-0}" 'BEGIN { exit !(a > 0 && b + c < a / 20) }'
if [ -n "$(res rdma)" ]; then
	read -r e m r0 r1 <<< "$(res rdma)"
	check_eq "RDMA rails: no error, no mismatch" "0 0" "$e $m"
	check "and each moved bulk by RDMA WRITE ($r0 $r1)" test "${r0:-0}" -gt 0 -a "${r1:-0}" -gt 0
else
	skip "RDMA rails in the demo" "rdma_rxe is not per namespace on $(uname -r)"
fi
read -r kept msg <<< "$(res refused)"
check_match "an unprivileged write is refused by the permission check ($msg)" \
	"Operation not permitted" "$msg"
check_eq "and the NI is still there" 1 "$kept"
samples=$(grep -c '^csv,demo,' <<< "$out")
check "per-rail throughput sampled for the plot ($samples samples)" test "$samples" -ge 20
plot=$(mktemp -d)
at_exit "rm -rf $plot"
printf '%s\n' "$out" > "$plot/demo.txt"
check "demo-plot.sh draws them to a PNG" sh -c \
	"'$TOP_DIR/scripts/demo-plot.sh' '$plot' && head -c 4 '$plot/demo.png' | grep -q PNG"
check_match "the demo ends with its summary" "== summary" "$out"
ktap_end

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-plot.sh DIR: from DIR/latest.txt (the output of
# scripts/bench-guest.sh) write DIR/multirail.csv and DIR/failover.csv and
# plot them to DIR/multirail.png with gnuplot (png terminal, headless).
set -eu
dir=${1:-bench-results}
in=$dir/latest.txt
tr -d '\r' < "$in" | sed -n 's/^csv,multirail,//p' > "$dir/multirail.csv"
{
	echo "start_s,end_s,goodput_mbit,wire_mbit"
	tr -d '\r' < "$in" | sed -n 's/^csv,failover,//p'
} > "$dir/failover.csv"
if [ "$(wc -l < "$dir/multirail.csv")" -lt 2 ]; then
	echo "bench-plot: no multi-rail figures in $in" >&2
	exit 1
fi
ev=$(tr -d '\r' < "$in" | sed -n 's/^csv,failover_events,//p' | tail -n 1)
down=${ev%,*} up=${ev#*,}
rate=$(sed -n 2p "$dir/multirail.csv" | cut -d, -f2)
fo_n=$(tr -d '\r' < "$in" | sed -n 's/^csv,failover_summary,//p' | cut -d, -f1)

gnuplot <<GP
set terminal png size 1400,560 font ",10" noenhanced
set output "$dir/multirail.png"
set datafile separator ","
set multiplot layout 1,2
set title "aggregate over N rails of $rate Mbit/s (fraction of N x R)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1.1]
set ytics 0.1
set grid ytics
set key top left horizontal font ",9"
plot "$dir/multirail.csv" every ::1 using (\$3/(\$1*\$2)):xtic("N=".stringcolumn(1)) title "lnetmr put", \
     "" every ::1 using (\$4/(\$1*\$2)) title "lnetmr get", \
     "" every ::1 using (\$5/(\$1*\$2)) title "mptcp", \
     "" every ::1 using (\$6/(\$1*\$2)) title "bond rr, 1 stream", \
     "" every ::1 using (\$7/(\$1*\$2)) title "bond rr, N streams", \
     "" every ::1 using (\$8/(\$1*\$2)) title "pinned flows (ideal)"
set title "lnetmr PUT over ${fo_n:-?} rails: one rail down at ${down:-?} s, up at ${up:-?} s"
set style data lines
unset xtics
set xtics auto
set yrange [0:$(( ${fo_n:-1} * rate * 115 / 100 ))]
set ytics auto
set xlabel "s"
set ylabel "Mbit/s"
set key bottom right
$( [ -n "$down" ] && echo "set arrow from $down, graph 0 to $down, graph 1 nohead dt 2" )
$( [ -n "$up" ] && echo "set arrow from $up, graph 0 to $up, graph 1 nohead dt 2" )
plot "$dir/failover.csv" every ::1 using ((\$1+\$2)/2):3 with linespoints title "goodput (lnetmr tx-bytes, ~0.5 s)", \
     "" every ::1 using ((\$1+\$2)/2):4 with linespoints title "wire (veth tx_bytes, ~0.25 s)", \
     $(( ${fo_n:-1} - 1 )) * $rate title "(N-1) x R" dt 3, $(( ${fo_n:-1} )) * $rate title "N x R" dt 3
unset multiplot
GP
echo "bench-plot: wrote $dir/multirail.csv, $dir/failover.csv, $dir/multirail.png"

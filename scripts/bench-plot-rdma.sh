#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-plot-rdma.sh DIR: from DIR/rdma.txt (the output of
# scripts/bench-rdma-guest.sh) write DIR/rdma-multirail.csv and
# DIR/rdma-failover.csv and plot them to DIR/rdma.png with gnuplot.
set -eu
dir=${1:-bench-results}
in=$dir/rdma.txt
tr -d '\r' < "$in" | sed -n 's/^csv,rdma_multirail,//p' > "$dir/rdma-multirail.csv"
{
	echo "start_s,end_s,mbit"
	tr -d '\r' < "$in" | sed -n 's/^csv,rdma_failover,//p'
} > "$dir/rdma-failover.csv"
if [ "$(wc -l < "$dir/rdma-multirail.csv")" -lt 2 ]; then
	echo "bench-plot-rdma: no RDMA multi-rail figures in $in" >&2
	exit 0
fi
ev=$(tr -d '\r' < "$in" | sed -n 's/^csv,rdma_failover_events,//p' | tail -n 1)
down=${ev%,*} up=${ev#*,}
rate=$(sed -n 2p "$dir/rdma-multirail.csv" | cut -d, -f2)
fo_n=$(tr -d '\r' < "$in" | sed -n 's/^csv,rdma_failover_summary,//p' | cut -d, -f1)

gnuplot <<GP
set terminal png size 1400,560 font ",10" noenhanced
set output "$dir/rdma.png"
set datafile separator ","
set multiplot layout 1,2
set title "RDMA: aggregate over N Soft-RoCE rails of $rate Mbit/s (fraction of N x R)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1.1]
set ytics 0.1
set grid ytics
set key top left horizontal font ",9"
plot "$dir/rdma-multirail.csv" every ::1 using (\$3/(\$1*\$2)):xtic("N=".stringcolumn(1)) title "lnetmr put", \
     "" every ::1 using (\$4/(\$1*\$2)) title "lnetmr get", \
     "" every ::1 using (\$5/(\$1*\$2)) title "ib_write_bw, one per rail (ideal)"
set title "lnetmr PUT over ${fo_n:-?} RDMA rails: one port down at ${down:-?} s, up at ${up:-?} s"
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
plot "$dir/rdma-failover.csv" every ::1 using ((\$1+\$2)/2):3 with linespoints title "RDMA bytes written (~0.4 s)", \
     $(( ${fo_n:-1} - 1 )) * $rate title "(N-1) x R" dt 3, $(( ${fo_n:-1} )) * $rate title "N x R" dt 3
unset multiplot
GP
echo "bench-plot-rdma: wrote $dir/rdma-multirail.csv, $dir/rdma-failover.csv, $dir/rdma.png"

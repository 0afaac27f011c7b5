#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-plot.sh DIR: from DIR/demo.txt (the output of scripts/demo-guest.sh)
# write DIR/demo.csv (time, Mbit/s of each rail of node A) and plot it, with
# the demo's steps marked, to DIR/demo.png (gnuplot, headless).
set -eu
dir=${1:-demo-results}
in=$dir/demo.txt
{
	echo "t_s,eth0_mbit,eth1_mbit,eth2_mbit"
	tr -d '\r' < "$in" | sed -n 's/^csv,demo,//p'
} > "$dir/demo.csv"
if [ "$(wc -l < "$dir/demo.csv")" -lt 3 ]; then
	echo "demo-plot: no throughput samples in $in" >&2
	exit 1
fi
marks=$(tr -d '\r' < "$in" | sed -n 's/^csv,demo_event,//p' |
	awk -F, '{ printf "set arrow from %s, graph 0 to %s, graph 1 nohead dt 2 lc rgb \"gray40\"\n", $1, $1
		   printf "set label \"%s\" at %s, graph 0.97 left offset 0.3,0 font \",9\"\n", $2, $1 }')
gnuplot <<GP
set terminal png size 1200,500 font ",10" noenhanced
set output "$dir/demo.png"
set datafile separator ","
set title "lnetmr demo: node A's throughput per rail (3 TCP rails of 100 Mbit/s)"
set xlabel "seconds"
set ylabel "Mbit/s"
set yrange [0:*]
set grid
set key outside right top
$marks
plot "$dir/demo.csv" every ::1 using 1:2 with lines lw 2 title "eth0", \
     "" every ::1 using 1:3 with lines lw 2 title "eth1", \
     "" every ::1 using 1:4 with lines lw 2 title "eth2"
GP

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: benchmarks in the VM, figures printed as ratios against
# baselines measured in the same run.  Results land in bench-results/:
# latest.txt (the whole output), multirail.csv (aggregate Mbit/s per
# method and number of rails), failover.csv (lnetmr's throughput around a
# rail's link down and up) and multirail.png (both plotted, by gnuplot on
# the host from the CSV files).
set -eu
cd "$(dirname "$0")/.."
make -s all
mkdir -p bench-results
set -o pipefail
selftests/vmrun -t 1200 scripts/bench-guest.sh | tee bench-results/latest.txt
scripts/bench-plot.sh bench-results

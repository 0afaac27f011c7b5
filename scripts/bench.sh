#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: benchmarks in the VM, figures printed as ratios against
# baselines measured in the same run.  Results land in bench-results/:
# latest.txt (TCP rails, the host's kernel: the whole output),
# multirail.csv (aggregate Mbit/s per method and number of rails),
# failover.csv (lnetmr's throughput around a rail's link down and up) and
# multirail.png (both plotted, by gnuplot on the host from the CSV files);
# rdma.txt (Soft-RoCE rails, the newest kernel, whose rdma_rxe works per
# namespace), rdma-multirail.csv, rdma-failover.csv and rdma.png.
# BENCH_ONLY=tcp or BENCH_ONLY=rdma runs one of the two.
set -eu
cd "$(dirname "$0")/.."
make -s all
mkdir -p bench-results
set -o pipefail
only=${BENCH_ONLY:-}
if [ "$only" != rdma ]; then
	selftests/vmrun -t 1200 scripts/bench-guest.sh | tee bench-results/latest.txt
	scripts/bench-plot.sh bench-results
fi
if [ "$only" != tcp ]; then
	make -s modules KVER=latest
	selftests/vmrun -k latest -t 1200 scripts/bench-rdma-guest.sh | tee bench-results/rdma.txt
	scripts/bench-plot-rdma.sh bench-results
fi

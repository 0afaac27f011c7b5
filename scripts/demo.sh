#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: build, boot the VM and show lnetmr at work (scripts/demo-guest.sh).
# The newest kernel of the matrix by default, whose rdma_rxe works per
# network namespace, so that the demo shows RDMA rails too; DEMO_KERNEL=host
# (or 6.12) boots another.  The output lands in demo-results/demo.txt and
# per-rail throughput over time in demo-results/demo.csv and demo.png.
set -eu
cd "$(dirname "$0")/.."
make -s all
kernel=${DEMO_KERNEL:-latest}
make -s modules KVER="$kernel"
mkdir -p demo-results
set -o pipefail
selftests/vmrun -k "$kernel" -t 900 scripts/demo-guest.sh | tee demo-results/demo.txt | grep --line-buffered -v "^csv,"
scripts/demo-plot.sh demo-results
echo "   per-rail throughput over time: $PWD/demo-results/demo.png"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: benchmarks in the VM, figures printed as ratios against
# baselines measured in the same run.  Results also land in bench-results/.
set -eu
cd "$(dirname "$0")/.."
make -s all
mkdir -p bench-results
selftests/vmrun -t 1200 scripts/bench-guest.sh | tee bench-results/latest.txt

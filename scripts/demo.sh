#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: build, boot the VM and show lnetmr at work.
set -eu
cd "$(dirname "$0")/.."
make -s all
exec selftests/vmrun -t 600 scripts/demo-guest.sh

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make fuzz DURATION=SECONDS: the netlink fuzzer (selftests/netlink_fuzz.sh)
# for a time rather than a fixed number of cases, on the newest kernel of
# the matrix (UBSAN, KFENCE): DURATION seconds in all (default 600), a
# third each from root of a node, root of a user namespace and an
# unprivileged user.  NLFUZZ_SEED=N repeats a run.  Any unanswered request,
# error that says nothing or kernel log report fails it.
set -eu
cd "$(dirname "$0")/.."
duration=${DURATION:-600}
case $duration in
''|*[!0-9]*) echo "fuzz: DURATION must be a number of seconds, not '$duration'" >&2; exit 2 ;;
esac
each=$(((duration + 2) / 3))
make -s all
make -s modules KVER=latest
exec selftests/vmrun -k latest -t $((duration + 900)) \
	env NLFUZZ_SECONDS=$each ${NLFUZZ_SEED:+NLFUZZ_SEED=$NLFUZZ_SEED} \
	SELFTEST_TIMEOUT=$((duration + 600)) selftests/run_tests.sh netlink_fuzz.sh
